"""Tests of dealflow/_now.py: what can happen now, from the deal's own checks."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings

from dealflow import Deal, DealflowError, load_case
from dealflow.testing import deals

TIKTOK = load_case("examples/tiktok/tiktok.yaml").replay()


def _agrees_with_the_deal(deal: Deal) -> int:
    """Apply each listed event to its own copy: allowed ones are accepted, refused ones refused."""
    before = copy.deepcopy(deal)
    possible = deal.possible_events()
    assert deal == before  # asking changes nothing
    for p in possible:
        trial = copy.deepcopy(deal)
        try:
            trial.apply(p.event)
        except DealflowError as err:
            assert not p.allowed, f"{p.event} was listed as allowed but refused: {err}"
            assert p.reason == str(err)
        else:
            assert p.allowed, f"{p.event} was listed as refused ({p.reason}) but the deal accepts it"
    return len(possible)


def test_tiktok_on_2020_09_20() -> None:
    """On 2020-09-20 Beijing may still decide, Microsoft's rejected bid cannot be accepted, and the list is the deal's."""
    then = TIKTOK.fork("2020-09-20")
    possible = then.possible_events()
    allowed = {(p.event.kind, p.event.actor) for p in possible if p.allowed}
    assert ("approved", "Beijing") in allowed and ("blocked", "Beijing") in allowed
    refused = {p.event.kind: p.reason for p in possible if not p.allowed and getattr(p.event, "bid", "") == "microsoft"}
    assert "is rejected: cannot be accepted" in refused["bid_accepted"]
    assert _agrees_with_the_deal(then) > 10


def test_a_party_asks_for_its_own_moves() -> None:
    """With an actor, every event listed is that party's, and Beijing's are among the allowed on 2020-09-20."""
    then = TIKTOK.fork("2020-09-20")
    mine = then.possible_events(actor="Beijing")
    assert mine and all(p.event.actor == "Beijing" for p in mine)
    assert any(p.allowed and p.event.kind == "approved" for p in mine)


def test_the_closed_deal_accepts_only_what_survives_the_close() -> None:
    """After the close, signing or terminating is refused and nothing listed as allowed changes the deal's own state."""
    possible = TIKTOK.possible_events()
    kinds = {p.event.kind for p in possible if p.allowed}
    assert not kinds & {"deal_signed", "deal_closed", "deal_terminated", "terms_agreed"}
    _agrees_with_the_deal(TIKTOK)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals())
def test_every_listed_event_is_what_the_deal_does(deal: Deal) -> None:
    """On any generated deal, each event listed as allowed is accepted and each refused one is refused."""
    _agrees_with_the_deal(deal)
