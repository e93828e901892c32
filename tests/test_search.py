"""Tests of dealflow._search: what can still happen to a deal, through the deal's own rules."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from dealflow import Deal, Money, Party, Role, Terms, replay
from dealflow import _events as ev
from dealflow import testing as dt
from dealflow._case import load_case
from dealflow._errors import InputError
from dealflow._library import bundled_cases, case_path
from dealflow._review import ReviewFiled
from dealflow._search import Outlook, blocking, outlook, replays

ROOT = Path(__file__).resolve().parents[1]


def _case_files() -> list[Path]:
    """Every example case: examples/cases/*.yaml, examples/tiktok, and every bundled case."""
    files = [*sorted((ROOT / "examples" / "cases").glob("*.yaml")), ROOT / "examples" / "tiktok" / "tiktok.yaml"]
    files += [case_path(name) for name in bundled_cases()]
    return files


def _dates(deal: Deal) -> list[_dt.date]:
    """Several dates across the case's life: its opening, a quarter, half and three quarters in, and its eve."""
    days = sorted({e.date for e in deal.journal})
    picks = {days[0], days[len(days) // 4], days[len(days) // 2], days[3 * len(days) // 4], days[-1]}
    eve = days[-1] - _dt.timedelta(days=1)
    if eve >= days[0]:
        picks.add(eve)
    return sorted(picks)


CASES = [(path, day) for path in _case_files() for day in _dates(load_case(path).replay())]


def _holds(claim_kind: str, part: str, final: Deal) -> bool:
    """Whether a claim of ``claim_kind`` about ``part`` holds on the deal as the case recorded its close."""
    kind, _, name = part.partition(" ")
    st = final.status()
    if claim_kind in ("agreement", "signing", "closing"):
        return final.state == "closed"
    if kind == "gate":
        return st.gate(name).state in ("approved", "conditionally_approved")
    if kind == "approval":
        return st.approval(name).state in ("approved", "waived")
    if kind == "remedy":
        return st.remedy(name).state in ("completed", "discharged")
    if kind == "suit":
        return st.suit(name).relief is None
    if kind == "order":
        return not blocking(final)
    return not blocking(final)


@pytest.mark.parametrize(("path", "day"), CASES, ids=[f"{p.parent.name}/{p.stem}@{d}" for p, d in CASES])
def test_every_case_answer_is_sound_on_its_own_history(path: Path, day: _dt.date) -> None:
    """On every example case at several dates: a printed way replays and closes the deal, every
    'must' claim holds on the recorded close, and a 'cannot close' is never contradicted by the record."""
    deal = load_case(path).replay()
    o = outlook(deal, on=day)
    if o.can_close and o.state != "closed":
        assert replays(deal, o.path, on=day)
    closing = next((e for e in deal.journal if isinstance(e, ev.DealClosed)), None)
    if closing is None:
        return
    if o.can_close and o.must_known:
        for claim in o.must:
            assert _holds(claim.kind, claim.part, deal), claim
    if o.can_close is False:
        # the record closed: only on terms exploration did not see, while terms could still change
        assert o.terms_can_change
        then = deal.fork(day)
        seen = {then.terms} | {b.terms for b in then.status().bids}
        assert deal.terms not in seen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dt.deals(max_events=20), st.floats(0, 1))
def test_every_way_printed_replays_on_generated_deals(deal: Deal, when: float) -> None:
    """Over generated deals, at the end and on a date of their history: a way to close replays, whole, and closes it."""
    days = sorted({e.date for e in deal.journal})
    for on in (None, days[int(when * (len(days) - 1))]):
        o = outlook(deal, on=on, max_seconds=60)
        assert isinstance(o, Outlook)
        if o.can_close and o.state != "closed":
            assert replays(deal, o.path, on=on)
            assert o.path[-1].kind == "deal_closed"
        if o.can_close is None:
            assert o.unanswered


def test_generated_deals_include_ways_of_several_events() -> None:
    """The replay property is exercised: generated deals include deals a way of three events or more closes."""

    def long_way(deal: Deal) -> bool:
        o = outlook(deal)
        return bool(o.can_close) and len(o.path) >= 3

    deal = find(dt.deals(max_events=20), long_way, settings=settings(max_examples=500, deadline=None))
    assert replays(deal, outlook(deal).path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dt.deals(max_events=20, final=False))
def test_parts_that_bar_closing_are_the_deals_blockers(deal: Deal) -> None:
    """The parts exploration clears are exactly what the deal's own closing check says bars closing."""
    if deal.terms is None:
        return
    assert (not blocking(deal)) == (not deal.blockers())


def _deal(*, regime: str | None = None, bidders: int = 1) -> Deal:
    parties = [Party("Acme", Role.SELLER, "US"), Party("Washington", Role.REGULATOR, "US")]
    parties += [Party(f"Buyer{i}", Role.BIDDER, "US") for i in range(bidders)]
    deal = Deal.open("Acme", seller="Acme", parties=parties, regulators=["Washington"], on="2024-01-02")
    for i in range(bidders):
        deal.apply(
            ev.BidSubmitted(
                date="2024-01-03",
                actor=f"Buyer{i}",
                bid=f"b{i}",
                bidders=(f"Buyer{i}",),
                terms=Terms.sale(f"Buyer{i}", entity="Acme", price=Money(100)),
            )
        )
    if regime is not None:
        deal.accept_bid("b0", on="2024-01-04")
        deal.sign(on="2024-01-05")
        deal.apply(ReviewFiled(date="2024-01-06", actor="Acme", regulator="Washington", regime=regime))
    return deal


def test_a_required_review_is_never_waived() -> None:
    """The way to close clears a required review by a decision, never by waiving it."""
    o = outlook(_deal())
    assert o.can_close
    kinds = [e.kind for e in o.path]
    assert "gate_waived" not in kinds
    assert "approved" in kinds
    assert [c.party for c in o.must if c.kind == "clearance"] == ["Washington"]
    assert o.vetoes == ("Washington",)


def test_clearance_by_expiry_only_on_the_last_day() -> None:
    """Under a regime whose waiting period clears on expiry, the expiry is dated on the period's last day."""
    deal = _deal(regime="us-hsr")
    o = outlook(deal)
    assert o.can_close
    expiry = [e for e in o.path if e.kind == "review_expired"]
    if expiry:  # expiry is one shortest way; a decision is the other
        assert expiry[0].date == deal.status().gate("Washington").review_due
    assert replays(deal, o.path)


def test_alike_offers_are_explored_once() -> None:
    """Three offers alike but for their bidders' names are explored once."""
    o = outlook(_deal(bidders=3))
    assert o.terms_explored == 1
    assert o.alike == (("b1", "b0"), ("b2", "b0"))
    assert o.can_close


def test_a_blocked_signed_deal_cannot_close() -> None:
    """A signed deal whose required review blocked its terms cannot close, and says why."""
    deal = _deal()
    deal.accept_bid("b0", on="2024-01-04")
    deal.sign(on="2024-01-05")
    deal.block("Washington", on="2024-01-06")
    o = outlook(deal)
    assert o.can_close is False
    assert not o.terms_can_change
    assert "Washington blocked these terms" in o.why_not[0]


def test_a_limit_leaves_the_question_unanswered() -> None:
    """A part whose search reaches max_states is reported unanswered, never as a 'no'."""
    o = outlook(_deal(), max_states=1)
    assert o.can_close is None
    assert o.unanswered and "reached the limit of 1 states" in o.unanswered[0].why
    assert "--max-states" in o.unanswered[0].fix


def test_no_terms_no_offer_is_unanswered() -> None:
    """A deal with no terms and no live offer is not answered: exploration does not invent terms."""
    deal = Deal.open("Acme", seller="Acme", parties=[Party("Acme", Role.SELLER)], on="2024-01-02")
    o = outlook(deal)
    assert o.can_close is None
    assert "does not invent terms" in o.unanswered[0].why


def test_a_closed_deal_is_closed() -> None:
    """A closed deal needs nothing more."""
    deal = _deal()
    deal.accept_bid("b0", on="2024-01-04")
    deal.sign(on="2024-01-05")
    deal.approve("Washington", on="2024-01-06")
    deal.close(on="2024-01-07")
    o = outlook(replay(deal.journal))
    assert o.can_close and o.path == () and o.state == "closed"


def test_bad_limits_are_refused() -> None:
    """max_states must be a whole number of 1 or more."""
    with pytest.raises(InputError, match="max_states"):
        outlook(_deal(), max_states=0)


def test_an_offer_prohibited_by_an_order_closes_only_once_its_issuer_revokes_it() -> None:
    """A hostile offer prohibited by an order: the way to close starts with the issuer revoking it; no gate is waived."""
    parties = [
        Party("Qualcomm", Role.SELLER, "US"),
        Party("Broadcom", Role.BIDDER, "SG"),
        Party("CFIUS", Role.REGULATOR, "US"),
        Party("President", Role.OTHER, "US"),
    ]
    deal = Deal.open("Qualcomm", seller="Qualcomm", parties=parties, regulators=["CFIUS"], on="2018-02-01")
    offer = Terms.sale("Broadcom", entity="Qualcomm", price=Money("121e9"))
    deal.submit_bid("hostile", ["Broadcom"], offer, on="2018-02-05")
    deal.issue_order(
        "EO", "prohibition", issuer="President", acquirers=["Broadcom"], regulator="CFIUS", on="2018-03-12"
    )
    o = outlook(deal)
    assert o.can_close
    assert [(e.kind, e.actor) for e in o.path[:2]] == [("order_revoked", "President"), ("bid_accepted", "Qualcomm")]
    assert "gate_waived" not in [e.kind for e in o.path]
    assert replays(deal, o.path)
    assert set(o.vetoes) == {"CFIUS", "President"}


def test_relief_in_a_suit_ends_by_the_courts_act() -> None:
    """A restraining order against the deal bars closing; the way to close has the court (not a party) end it."""
    deal = _deal()
    deal.apply(ev.PartyJoined(date="2024-01-04", actor="Acme", party=Party("D.D.C.", Role.COURT, "US")))
    deal.accept_bid("b0", on="2024-01-04")
    deal.file_suit("s", plaintiff="Washington", court="D.D.C.", on="2024-01-05")
    deal.grant_tro("s", on="2024-01-06")
    o = outlook(deal)
    assert o.can_close and replays(deal, o.path)
    ends = [e for e in o.path if getattr(e, "suit", None) == "s"]
    assert ends and all(e.actor in ("D.D.C.", "Washington") for e in ends)
    assert ("relief", "suit s") in {(c.kind, c.part) for c in o.must}
    assert "D.D.C." in o.vetoes


def test_a_date_before_the_opening_is_refused() -> None:
    """Asking about a date before the deal opened is refused input, naming the first date allowed."""
    with pytest.raises(InputError, match=r"not open yet on 2023-12-31.*give 2024-01-02 or a later date"):
        outlook(_deal(), on="2023-12-31")
