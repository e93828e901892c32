"""Tests of dealflow._litigation: suits, TROs, injunctions, rulings and appeals."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import DealflowError, RefusedEvent, UnknownParty

from .helpers import closed_jv, in_court


def test_tro_bars_closing_until_the_injunction_is_denied() -> None:
    """A TRO against the deal is a closing blocker; denying the injunction lifts it."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Washington", court="D.D.C.", on="2020-08-20")
    deal.grant_tro("s", on="2020-08-21")
    assert any("temporary restraining order" in b for b in deal.blockers())
    deal.deny_injunction("s", on="2020-08-25")
    assert deal.suit("s").relief is None
    assert not any("suit" in b for b in deal.blockers())


def test_ruling_in_a_suit_never_filed_is_refused() -> None:
    """A ruling names a filed suit; otherwise the error says to file it first."""
    deal = in_court()
    with pytest.raises(UnknownParty, match="no suit 'ghost' was filed") as info:
        deal.rule("ghost", for_plaintiff=True, court="D.D.C.", on="2020-08-20")
    assert info.value.field == "suit"
    assert "suit_filed" in info.value.fix


def test_only_the_court_hearing_the_suit_acts_and_appeal_moves_it() -> None:
    """Another court is refused; after an appeal the court of appeal rules."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Microsoft", court="D.D.C.", on="2020-08-20")
    with pytest.raises(RefusedEvent, match="not the court hearing"):
        deal.grant_injunction("s", court="D.C. Circuit", on="2020-08-21")
    deal.rule("s", for_plaintiff=True, on="2020-08-22")
    assert deal.suit("s").relief == "permanent injunction"
    deal.appeal("s", by="ByteDance", to="D.C. Circuit", on="2020-08-23")
    assert deal.suit("s").relief == "permanent injunction"  # relief stays pending the appeal
    deal.rule("s", for_plaintiff=False, on="2020-09-01")
    assert deal.suit("s").state == "rejected" and deal.suit("s").relief is None
    assert deal.suit("s").court == "D.C. Circuit"


def test_an_injunction_against_a_mandate_suspends_it_until_the_suit_ends() -> None:
    """A court enjoining an order moves the mandate to enjoined, and back when relief ends."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="EO", on="2020-08-21")
    deal.grant_injunction("s", on="2020-08-22")
    assert deal.mandate("EO").state == "enjoined"
    deal.dismiss("s", on="2020-09-01")
    assert deal.mandate("EO").state == "in_force"


def test_two_suits_hold_an_order_enjoined_until_both_end() -> None:
    """The order is lifted only once no suit holds relief against it."""
    deal = in_court()
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    for s in ("a", "b"):
        deal.file_suit(s, plaintiff="Microsoft", court="D.D.C.", against="order", target="ban", on="2020-08-21")
        deal.grant_tro(s, on="2020-08-21")
    deal.withdraw_suit("a", on="2020-08-22")
    assert deal.order("ban").state == "enjoined"
    deal.deny_tro("b", on="2020-08-23")
    assert deal.order("ban").state == "in_force"


def test_tro_after_closing_is_refused_but_suits_against_orders_go_on() -> None:
    """A closed deal cannot be restrained; a suit against a later divestiture order is heard."""
    deal = closed_jv()
    with pytest.raises(RefusedEvent, match="no deal left to restrain"):
        deal.grant_tro("ftc", on="2020-09-02")
    deal.issue_order("call-in", "divestiture", issuer="Washington", assets="TikTok US", on="2023-01-01")
    deal.file_suit("appeal", plaintiff="Oracle", court="D.D.C.", against="order", target="call-in", on="2023-01-02")
    deal.grant_injunction("appeal", on="2023-01-03")
    assert deal.order("call-in").state == "enjoined"


def test_an_injunction_against_a_bid_refuses_its_acceptance() -> None:
    """A bid under an injunction cannot be accepted."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="bid", target="msft", on="2020-08-20")
    deal.grant_injunction("s", on="2020-08-21")
    with pytest.raises(RefusedEvent, match="in force against bid 'msft'"):
        deal.accept_bid("msft", on="2020-08-22")


def test_a_suit_against_a_court_that_is_no_court_is_refused() -> None:
    """The court named must be a party with the role court."""
    deal = in_court()
    with pytest.raises(df.InputError, match="not a court"):
        deal.file_suit("s", plaintiff="Microsoft", court="Washington", on="2020-08-20")


_STEPS = ("tro", "deny_tro", "pi", "deny_pi", "rule_for", "rule_against", "appeal", "dismiss", "withdraw")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_STEPS), max_size=8))
def test_an_injunction_in_force_bars_closing(steps: list[str]) -> None:
    """Whatever the court does, the deal closes only when no relief against it is in force."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Washington", court="D.D.C.", on="2020-08-20")
    courts = ["D.D.C.", "D.C. Circuit"]
    for step in steps:
        before = copy.deepcopy(deal)
        try:
            if step == "tro":
                deal.grant_tro("s", on="2020-09-01")
            elif step == "deny_tro":
                deal.deny_tro("s", on="2020-09-01")
            elif step == "pi":
                deal.grant_injunction("s", on="2020-09-01")
            elif step == "deny_pi":
                deal.deny_injunction("s", on="2020-09-01")
            elif step in ("rule_for", "rule_against"):
                deal.rule("s", for_plaintiff=step == "rule_for", on="2020-09-01")
            elif step == "appeal":
                deal.appeal("s", by="ByteDance", to=courts[deal.suit("s").court == "D.D.C."], on="2020-09-01")
            elif step == "dismiss":
                deal.dismiss("s", on="2020-09-01")
            else:
                deal.withdraw_suit("s", on="2020-09-01")
        except DealflowError:
            assert deal == before  # a refusal leaves the deal as it was
    relief = deal.suit("s").relief
    assert any("suit 's'" in b for b in deal.blockers()) is (relief is not None)
    deal.approve("Washington", on="2020-09-02")
    deal.sign(on="2020-09-03")  # signing needs only the parties' agreement; relief bars the close
    if relief is not None:
        with pytest.raises(RefusedEvent, match="in force against the deal"):
            deal.close(on="2020-09-04")
        assert deal.state == "signed"
    else:
        deal.close(on="2020-09-04")
        assert deal.state == "closed"


def test_legacy_injunctions_are_suits_and_lift_only_when_none_remains() -> None:
    """enjoined makes a suit with a preliminary injunction; the mandate is lifted when no relief remains."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    deal.enjoin("EO", court="Court", on="2020-08-22")
    assert deal.suit("D.D.C. v. EO").relief == "preliminary injunction"
    deal.lift_injunction("EO", court="D.D.C.", on="2020-08-23")
    assert deal.suit("D.D.C. v. EO").state == "dismissed"
    assert deal.mandate("EO").state == "enjoined"  # Court's injunction stands
    deal.lift_injunction("EO", court="Court", on="2020-08-24")
    assert deal.mandate("EO").state == "in_force"
    with pytest.raises(RefusedEvent):
        deal.lift_injunction("EO", court="Court", on="2020-08-25")


def test_a_mandate_is_enjoined_by_a_court_not_by_a_government() -> None:
    """The mandate's issuer or another regulator cannot enjoin it, nor lift an injunction: a court does."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    for actor in ("Washington", "Beijing"):
        with pytest.raises(RefusedEvent, match=f"{actor} cannot enjoin mandate 'EO'"):
            deal.enjoin("EO", court=actor, on="2020-08-21")
    assert deal.mandate("EO").state == "in_force"
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    with pytest.raises(RefusedEvent, match="a court does"):
        deal.lift_injunction("EO", court="Washington", on="2020-08-22")
    assert deal.mandate("EO").state == "enjoined"
