"""Tests of dealflow._gates: scoped approvals (invariant 2 amended) and reviews of offers."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import (
    Board,
    Change,
    Condition,
    Deal,
    DealflowError,
    GateScoped,
    GateStatus,
    InputError,
    Money,
    Party,
    Rule,
    Terms,
)
from dealflow._concepts import touched
from dealflow._events import REVIEWS, SCOPES
from dealflow.testing import conditions, terms, tweaked_terms

from .helpers import refusal

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("Fund", "investor", "AE"),
    Party("Brussels", "regulator", "EU"),
    Party("Washington", "regulator", "US"),
    Party("Beijing", "regulator", "CN"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"), assets=["widgets"])


@pytest.fixture(autouse=True)
def fresh_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here decides gates through handlers built afresh by _gates._decide (as at
    import), so that the factory's own code runs in the tests (mutation testing forks after
    import: see docs/mutation.md)."""
    from dealflow import _events as ev
    from dealflow._concepts import HANDLERS
    from dealflow._gates import _decide

    monkeypatch.setitem(HANDLERS, ev.Approved, _decide("approve", "approve"))
    monkeypatch.setitem(
        HANDLERS, ev.ConditionallyApproved, _decide("approve_with_conditions", "approve with conditions")
    )
    monkeypatch.setitem(HANDLERS, ev.Blocked, _decide("block", "block"))


def cleared() -> Deal:
    """Agreed terms cleared by a competition authority, an investment screen and an export control."""
    deal = Deal.open(
        "Target", seller="Target", parties=PARTIES, regulators=["Brussels", "Washington", "Beijing"], on="2024-01-02"
    )
    deal.scope_gate("Brussels", "competition", on="2024-01-02")
    deal.scope_gate("Washington", "investment", on="2024-01-02")
    deal.scope_gate("Beijing", "export", on="2024-01-02")
    deal.agree(MERGER, on="2024-01-03")
    for regulator in ("Brussels", "Washington", "Beijing"):
        deal.approve(regulator, on="2024-02-01")
    return deal


def states(deal: Deal) -> dict[str, str]:
    """Each gate's state."""
    return {g.regulator: g.state for g in deal.status().gates}


def test_a_price_change_withdraws_no_regulatory_clearance() -> None:
    """Price is outside competition, investment and export scopes: every clearance carries over to the new terms."""
    deal = cleared()
    changes = deal.agree(MERGER.with_(price=Money("1.2e9")), on="2024-02-02")
    assert not [c for c in changes if c.machine.startswith("gate")]
    assert set(states(deal).values()) == {"approved"}
    assert deal.gate("Brussels").terms == deal.terms
    assert deal.blockers() == []


def test_a_board_change_withdraws_only_the_investment_screen_and_says_why() -> None:
    """A new board touches control only: the investment screen lapses, with the scope named in the history."""
    deal = cleared()
    changes = deal.agree(MERGER.with_(board=Board(9, 5)), on="2024-02-02")
    assert states(deal) == {"Brussels": "approved", "Washington": "pending", "Beijing": "approved"}
    (reset,) = [c for c in changes if c.machine == "gate Washington"]
    assert reset.reason.startswith("terms changed in its scope: control (who controls what")


def test_selling_an_asset_to_a_remedy_buyer_touches_businesses_and_exports() -> None:
    """Dropping an asset from the terms touches competition's businesses and the export scope, not control."""
    deal = cleared()
    deal.agree(MERGER.with_(assets=frozenset()), on="2024-02-02")
    assert states(deal) == {"Brussels": "pending", "Washington": "approved", "Beijing": "pending"}


def test_a_new_buyer_touches_every_regulatory_scope_but_exports() -> None:
    """Another buyer changes who combines with whom and who controls what."""
    deal = cleared()
    deal.agree(MERGER.with_(cap_table={"Fund": 1}), on="2024-02-02")
    assert states(deal) == {"Brussels": "pending", "Washington": "pending", "Beijing": "approved"}


def test_an_undeclared_gate_reviews_everything() -> None:
    """A gate with no declared scope keeps the old rule: any change of terms withdraws its decision."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    deal.agree(MERGER, on="2024-01-03")
    deal.approve("Brussels", on="2024-01-04")
    assert deal.gate("Brussels").review == "all"
    deal.agree(MERGER.with_(price=Money("2e9")), on="2024-01-05")
    assert deal.gate("Brussels").state == "pending"


def test_scopes_are_checked_when_declared() -> None:
    """An unknown scope or review kind, or a declaration of nothing, is refused."""
    with pytest.raises(InputError, match="unknown scope 'weather'"):
        GateScoped(date="2024-01-01", actor="Brussels", regulator="Brussels", scopes=["weather"])
    with pytest.raises(InputError, match="is not allowed"):
        GateScoped(date="2024-01-01", actor="Brussels", regulator="Brussels", review="astrology")
    with pytest.raises(InputError, match="declares nothing"):
        GateScoped(date="2024-01-01", actor="Brussels", regulator="Brussels")


@given(terms(), terms(), terms())
def test_scopes_untouched_step_by_step_are_untouched_overall(a: Terms, b: Terms, c: Terms) -> None:
    """A scope no step of a chain of changes touches is not touched by the chain as a whole."""
    overall = set(touched(a, c))
    assert overall <= set(touched(a, b)) | set(touched(b, c))


@given(terms(), st.data())
def test_a_change_touches_no_scope_only_when_nothing_changed(t: Terms, data: st.DataObject) -> None:
    """Equal terms touch nothing; terms differing in any field touch some scope."""
    other = data.draw(terms())
    assert (touched(t, other) == {}) == (t == other)


def _with_president(on: str) -> Deal:
    """A deal before Washington alone, with a government body of its jurisdiction (the President) as a party."""
    return Deal.open(
        "Target",
        seller="Target",
        parties=(*PARTIES, Party("President", "other", "US")),
        regulators=["Washington"],
        on=on,
    )


def test_a_gate_is_decided_by_its_regulator_or_its_own_government() -> None:
    """A bidder or a foreign regulator cannot decide a gate; a body of the regulator's jurisdiction can."""
    from dealflow import RefusedEvent

    deal = _with_president("2024-01-02")
    deal.agree(MERGER, on="2024-01-03")
    for actor in ("Buyer", "Beijing"):
        with pytest.raises(RefusedEvent, match=f"{actor} .* cannot decide Washington's gate"):
            deal.approve("Washington", on="2024-01-04", actor=actor)
        with pytest.raises(RefusedEvent, match="cannot decide"):
            deal.waive_gate("Washington", on="2024-01-04", actor=actor)
    assert states(deal)["Washington"] == "pending"
    deal.approve("Washington", on="2024-01-04", actor="President")
    assert states(deal)["Washington"] == "approved"


@settings(max_examples=50)  # the ci profile's budget; every draw is a conditional approval meeting new terms
@given(
    scopes=st.lists(st.sampled_from(SCOPES), min_size=1, max_size=len(SCOPES), unique=True),
    conds=st.frozensets(conditions(("Buyer", "Fund")), min_size=1, max_size=2),
    new=tweaked_terms(MERGER.with_(board=Board(7, 4), data_custodian="Buyer")),
)
def test_a_conditional_approval_lapses_exactly_when_new_terms_touch_its_scopes(
    scopes: list[str], conds: frozenset[Condition], new: Terms
) -> None:
    """Conditional approval, then terms changed in one aspect: it goes back to pending, its
    conditions and terms cleared, exactly when the change touches one of its scopes; else it
    carries over to the new terms with the same conditions."""
    base = MERGER.with_(board=Board(7, 4), data_custodian="Buyer")
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    deal.scope_gate("Brussels", scopes=scopes, on="2024-01-02")
    deal.agree(base, on="2024-01-03")
    deal.approve("Brussels", conditions=conds, on="2024-02-01")
    assert deal.gate("Brussels").state == "conditionally_approved"
    deal.agree(new, on="2024-02-02")
    gate = deal.gate("Brussels")
    if set(touched(base, new)) & set(scopes):
        assert (gate.state, gate.terms, gate.conditions, gate.decided_on) == ("pending", None, frozenset(), None)
        assert "Brussels has not approved (its gate is pending)" in deal.blockers()
    else:
        assert (gate.state, gate.terms, gate.conditions) == ("conditionally_approved", new, conds)


def _err(call: object) -> DealflowError:
    """The error a call raises (it must raise one)."""
    with pytest.raises(DealflowError) as info:
        call()  # type: ignore[operator]
    return info.value


def fresh() -> Deal:
    """Brussels required, nothing agreed yet."""
    return Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-05")


def test_a_review_counts_calendar_or_business_days_and_its_extension_counts_the_same_way() -> None:
    """Opened on a Friday for 5 business days it is due the next Friday; extended by 2 business days,
    the Tuesday after (weekends skipped); in calendar days, the plain sums."""
    deal = fresh()
    deal.agree(MERGER, on="2024-01-05")
    deal.open_review("Brussels", days=5, business_days=True, on="2024-01-05")  # a Friday
    gate = deal.gate("Brussels")
    assert (gate.state, gate.review_due, gate.business_days, gate.terms) == (
        "under_review",
        _dt.date(2024, 1, 12),
        True,
        MERGER,
    )
    deal.extend_review("Brussels", days=2, on="2024-01-08")
    assert deal.gate("Brussels").review_due == _dt.date(2024, 1, 16)
    other = fresh()
    other.agree(MERGER, on="2024-01-05")
    other.open_review("Brussels", days=5, on="2024-01-05")
    other.extend_review("Brussels", days=2, on="2024-01-08")
    assert (other.gate("Brussels").review_due, other.gate("Brussels").business_days) == (_dt.date(2024, 1, 12), False)


def test_a_decision_records_its_day_terms_and_conditions() -> None:
    """Approval, conditional approval and a block each record the day and the terms decided on."""
    cond = Condition("data_hosted_by", "Buyer")
    for decide, state, conds in (
        (lambda d: d.approve("Brussels", on="2024-02-01"), "approved", frozenset()),
        (lambda d: d.approve("Brussels", conditions=[cond], on="2024-02-01"), "conditionally_approved", {cond}),
        (lambda d: d.block("Brussels", on="2024-02-01"), "blocked", frozenset()),
    ):
        deal = fresh()
        deal.agree(MERGER, on="2024-01-06")
        decide(deal)
        gate = deal.gate("Brussels")
        assert (gate.state, gate.terms, gate.conditions, gate.decided_on, gate.bid) == (
            state,
            MERGER,
            conds,
            _dt.date(2024, 2, 1),
            "",
        )


def test_a_decision_needs_terms_and_a_live_offer() -> None:
    """Deciding with no terms proposed, or on a withdrawn offer, is refused with the fix; an unknown offer names bid."""
    deal = fresh()
    err = _err(lambda: deal.approve("Brussels", on="2024-01-06"))
    assert "an approval is of specific terms and none are proposed" in str(err)
    assert "propose terms" in (err.fix or "")
    deal.submit_bid("b", "Buyer", MERGER, on="2024-01-06")
    deal.open_review("Brussels", days=30, bid="b", on="2024-01-07")
    assert (deal.gate("Brussels").terms, deal.gate("Brussels").bid) == (MERGER, "b")
    err = _err(lambda: deal.approve("Brussels", bid="nope", on="2024-01-08"))
    assert (err.field, err.fix) == ("bid", "use one of: b")
    deal.withdraw_bid("b", on="2024-01-08")
    err = _err(lambda: deal.approve("Brussels", bid="b", on="2024-01-09"))
    assert err.field == "bid"
    assert "bid 'b' is withdrawn: Brussels cannot approve it as an offer" in str(err)
    assert "review the deal's terms" in (err.fix or "")


def test_blockers_name_gates_not_approved_other_terms_and_unmet_conditions() -> None:
    """A gate blocks closing while undecided, while its approval is of other terms, or while a condition
    is unmet (met by an event or by the terms themselves)."""
    deal = fresh()
    deal.agree(MERGER, on="2024-01-06")
    assert deal.blockers() == ["Brussels has not approved (its gate is pending)"]
    cond, own = Condition("escrow", "Buyer"), Condition("data_hosted_by", "Buyer")
    deal.approve("Brussels", conditions=[cond, own], on="2024-02-01")
    assert deal.blockers() == [f"Brussels's condition {c} is not met" for c in sorted((cond, own))]
    deal.meet_condition(cond, on="2024-02-02")
    assert deal.blockers() == [f"Brussels's condition {own} is not met"]
    deal.agree(MERGER.with_(data_custodian="Buyer"), on="2024-02-03")  # a control change: the approval lapses
    assert deal.blockers() == ["Brussels has not approved (its gate is pending)"]
    deal.approve("Brussels", conditions=[own], on="2024-02-04")
    assert deal.blockers() == []  # the terms themselves meet it


def test_a_rule_is_enacted_once_under_a_name_and_repealed_by_it() -> None:
    """Enacting a taken name is refused (field name); enacting requires a gate not required; repealing an
    unknown name lists the rules in force; repealing the last one leaves the regulator with none."""
    from dealflow import ApproveAlways, BlockAlways

    deal = fresh()
    assert deal.gate("Washington").state == "not_required"
    deal.enact("Washington", "a", ApproveAlways(), on="2024-01-06")
    assert deal.gate("Washington").state == "pending"
    deal.enact("Washington", "b", BlockAlways(), on="2024-01-06")
    err = _err(lambda: deal.enact("Washington", "a", BlockAlways(), on="2024-01-07"))
    assert err.field == "name"
    assert "repeal it first or choose another name" in (err.fix or "")
    assert "Washington has a rule 'a' in force already" in str(err)
    err = _err(lambda: deal.repeal("Washington", "c", on="2024-01-07"))
    assert (err.field, err.fix) == ("name", "rules in force: a, b")
    assert "Washington has no rule 'c' in force" in str(err)
    deal.repeal("Washington", "a", on="2024-01-07")
    deal.repeal("Washington", "b", on="2024-01-07")
    assert deal.status().rules_of("Washington") == ()
    err = _err(lambda: deal.repeal("Washington", "b", on="2024-01-08"))
    assert err.fix == "rules in force: none"
    deal.enact("Washington", "a", BlockAlways(), on="2024-01-08")  # the name is free again
    assert [r.name for r in deal.status().rules_of("Washington")] == ["a"]


def test_a_gate_scoped_without_a_review_kind_is_custom_and_a_kind_brings_its_scopes() -> None:
    """Explicit scopes make a custom review; a review kind alone brings its scopes."""
    deal = fresh()
    deal.scope_gate("Brussels", scopes=["price"], on="2024-01-06")
    assert (deal.gate("Brussels").review, deal.gate("Brussels").scopes) == ("custom", ("price",))
    deal.scope_gate("Brussels", "export", on="2024-01-06")
    assert (deal.gate("Brussels").review, deal.gate("Brussels").scopes) == ("export", REVIEWS["export"])


def _agreed_and_approved() -> Deal:
    """fresh, MERGER agreed and Brussels's approval of it."""
    deal = fresh()
    deal.agree(MERGER, on="2024-01-06")
    deal.approve("Brussels", on="2024-01-06")
    return deal


def _unknown_jurisdiction() -> Deal:
    """A regulator of no stated jurisdiction (Anon) required, MERGER agreed."""
    parties = (*PARTIES, Party("Anon", "regulator", ""), Party("Clerk", "other", ""))
    deal = Deal.open("Target", seller="Target", parties=parties, regulators=["Anon", "Brussels"], on="2024-01-05")
    deal.agree(MERGER, on="2024-01-06")
    return deal


def _offers() -> Deal:
    """fresh, with offer a withdrawn and offer b accepted."""
    deal = fresh()
    deal.submit_bid("a", "Buyer", MERGER, on="2024-01-06")
    deal.submit_bid("b", "Buyer", MERGER.with_(price=Money("2e9")), on="2024-01-06")
    deal.withdraw_bid("a", on="2024-01-07")
    deal.accept_bid("b", on="2024-01-07")
    return deal


def _two_rules() -> Deal:
    """fresh, with Washington's rules a and b in force."""
    from dealflow import ApproveAlways, BlockAlways

    deal = fresh()
    deal.enact("Washington", "a", ApproveAlways(), on="2024-01-06")
    deal.enact("Washington", "b", BlockAlways(), on="2024-01-06")
    return deal


def _approve_always() -> Rule:
    """A rule that approves everything."""
    from dealflow import ApproveAlways

    return ApproveAlways()


AFTER_APPROVAL = "from approved the gate allows: reset"
WHILE_PENDING = "from pending the gate allows: waive, open_review, approve, approve_with_conditions, block"
LIVE_OFFER = "review the deal's terms (leave bid empty), or a live offer"
NO_TERMS = "propose terms (terms_proposed or a bid) first, or name the offer (bid) decided on"


@pytest.mark.parametrize(
    ("build", "act", "error", "field", "rule", "fix"),
    [
        (
            fresh,
            lambda d: d.waive_gate("Buyer", actor="Target", on="2024-01-06"),
            "UnknownParty",
            "regulator",
            "no gate for 'Buyer'",
            "use one of: Brussels, Washington, Beijing",
        ),
        (
            lambda: Deal.open("Target", seller="Target", parties=PARTIES[:2], on="2024-01-05"),
            lambda d: d.waive_gate("Brussels", actor="Target", on="2024-01-06"),
            "UnknownParty",
            "regulator",
            "no gate for 'Brussels'",
            "use one of: none",
        ),
        (
            fresh,
            lambda d: d.scope_gate("Buyer", "export", actor="Brussels", on="2024-01-06"),
            "InputError",
            "regulator",
            "Buyer is a bidder, not a regulator",
            "name a regulator",
        ),
        (
            fresh,
            lambda d: d.require_gate("Buyer", actor="Brussels", on="2024-01-06"),
            "InputError",
            "regulator",
            "Buyer is a bidder, not a regulator",
            "name a regulator",
        ),
        (
            fresh,
            lambda d: d.require_gate("Brussels", on="2024-01-06"),
            "RefusedEvent",
            None,
            "Brussels's gate is pending: cannot be required",
            WHILE_PENDING,
        ),
        (
            fresh,
            lambda d: d.extend_review("Brussels", days=3, on="2024-01-06"),
            "RefusedEvent",
            None,
            "Brussels's gate is pending: cannot extend a review",
            WHILE_PENDING,
        ),
        (
            fresh,
            lambda d: d.approve("Brussels", on="2024-01-06"),
            "RefusedEvent",
            None,
            "Brussels cannot approve: an approval is of specific terms and none are proposed",
            NO_TERMS,
        ),
        (
            fresh,
            lambda d: d.approve("Brussels", conditions=[Condition("escrow")], on="2024-01-06"),
            "RefusedEvent",
            None,
            "Brussels cannot approve with conditions: an approval is of specific terms and none are proposed",
            NO_TERMS,
        ),
        (
            fresh,
            lambda d: d.block("Brussels", on="2024-01-06"),
            "RefusedEvent",
            None,
            "Brussels cannot block: an approval is of specific terms and none are proposed",
            NO_TERMS,
        ),
        (
            fresh,
            lambda d: d.approve("Brussels", actor="Washington", on="2024-01-06"),
            "RefusedEvent",
            "actor",
            "Washington (a regulator of US) cannot decide Brussels's gate",
            "record it by Brussels, or by a government body of EU",
        ),
        (
            _unknown_jurisdiction,
            lambda d: d.approve("Brussels", actor="Clerk", on="2024-01-06"),
            "RefusedEvent",
            "actor",
            "Clerk (a other) cannot decide Brussels's gate",
            "record it by Brussels, or by a government body of EU",
        ),
        (
            _unknown_jurisdiction,
            lambda d: d.waive_gate("Anon", actor="Washington", on="2024-01-06"),
            "RefusedEvent",
            "actor",
            "Washington (a regulator of US) cannot decide Anon's gate",
            "record it by Anon, or by a government body of its jurisdiction",
        ),
        (
            fresh,
            lambda d: d.enact("Buyer", "a", _approve_always(), actor="Brussels", on="2024-01-06"),
            "InputError",
            "regulator",
            "Buyer is a bidder, not a regulator",
            "name a regulator",
        ),
        (
            _two_rules,
            lambda d: d.enact("Washington", "a", _approve_always(), on="2024-01-07"),
            "RefusedEvent",
            "name",
            "Washington has a rule 'a' in force already",
            "repeal it first or choose another name",
        ),
        (
            _two_rules,
            lambda d: d.repeal("Washington", "c", on="2024-01-07"),
            "RefusedEvent",
            "name",
            "Washington has no rule 'c' in force",
            "rules in force: a, b",
        ),
        (
            fresh,
            lambda d: d.repeal("Brussels", "a", on="2024-01-07"),
            "RefusedEvent",
            "name",
            "Brussels has no rule 'a' in force",
            "rules in force: none",
        ),
        (
            _offers,
            lambda d: d.open_review("Brussels", days=3, bid="zz", on="2024-01-08"),
            "UnknownParty",
            "bid",
            "unknown bid 'zz'",
            "use one of: a, b",
        ),
        (
            _offers,
            lambda d: d.open_review("Brussels", days=3, bid="a", on="2024-01-08"),
            "RefusedEvent",
            "bid",
            "bid 'a' is withdrawn: Brussels cannot review it as an offer",
            LIVE_OFFER,
        ),
        (
            _offers,
            lambda d: d.approve("Brussels", conditions=[Condition("escrow")], bid="b", on="2024-01-08"),
            "RefusedEvent",
            "bid",
            "bid 'b' is accepted: Brussels cannot approve with conditions it as an offer",
            LIVE_OFFER,
        ),
        (
            _offers,
            lambda d: d.block("Brussels", bid="a", on="2024-01-08"),
            "RefusedEvent",
            "bid",
            "bid 'a' is withdrawn: Brussels cannot block it as an offer",
            LIVE_OFFER,
        ),
        (
            fresh,
            lambda d: d.open_review("Brussels", days=3, bid="zz", on="2024-01-06"),
            "UnknownParty",
            "bid",
            "unknown bid 'zz'",
            "use one of: none yet",
        ),
        (
            _agreed_and_approved,
            lambda d: d.waive_gate("Brussels", on="2024-01-07"),
            "RefusedEvent",
            None,
            "Brussels's gate is approved: cannot be waived",
            AFTER_APPROVAL,
        ),
        (
            _agreed_and_approved,
            lambda d: d.open_review("Brussels", days=3, on="2024-01-07"),
            "RefusedEvent",
            None,
            "Brussels's gate is approved: cannot open a review",
            AFTER_APPROVAL,
        ),
        (
            _agreed_and_approved,
            lambda d: d.approve("Brussels", on="2024-01-07"),
            "RefusedEvent",
            None,
            "Brussels's gate is approved: cannot approve",
            AFTER_APPROVAL,
        ),
        (
            _agreed_and_approved,
            lambda d: d.approve("Brussels", conditions=[Condition("escrow")], on="2024-01-07"),
            "RefusedEvent",
            None,
            "Brussels's gate is approved: cannot approve with conditions",
            AFTER_APPROVAL,
        ),
        (
            _agreed_and_approved,
            lambda d: d.block("Brussels", on="2024-01-07"),
            "RefusedEvent",
            None,
            "Brussels's gate is approved: cannot block",
            AFTER_APPROVAL,
        ),
    ],
)
def test_each_gate_refusal_names_its_field_rule_and_fix(
    build: Callable[[], Deal], act: Callable[[Deal], object], error: str, field: str | None, rule: str, fix: str
) -> None:
    """Every refusal of a gate event: its error type, field, rule and fix exactly, and the deal left as it was."""
    assert refusal(build(), act) == (error, field, rule, fix)


def test_each_gate_event_returns_its_changes_dated_and_placed_at_the_event() -> None:
    """Requiring, waiving, enacting (a rule makes a gate required), reviewing and deciding each return the
    gate's move labelled ``gate REGULATOR``, dated and placed at the event; a lapse names its scope."""
    deal = fresh()
    day = _dt.date(2024, 1, 6)
    assert deal.require_gate("Washington", on=day) == [Change(day, 1, "gate Washington", "not_required", "pending")]
    assert deal.waive_gate("Washington", on=day) == [Change(day, 2, "gate Washington", "pending", "not_required")]
    from dealflow import ApproveAlways

    assert deal.enact("Washington", "a", ApproveAlways(), on=day) == [
        Change(day, 3, "gate Washington", "not_required", "pending")
    ]
    assert deal.enact("Washington", "b", ApproveAlways(), on=day) == []  # required already
    deal.agree(MERGER, on="2024-01-07")
    assert deal.open_review("Brussels", days=30, on="2024-01-08") == [
        Change(_dt.date(2024, 1, 8), 6, "gate Brussels", "pending", "under_review")
    ]
    assert deal.extend_review("Brussels", days=3, on="2024-01-09") == []  # the clock moves, not the state
    assert deal.approve("Brussels", conditions=[Condition("escrow")], on="2024-01-10") == [
        Change(_dt.date(2024, 1, 10), 8, "gate Brussels", "under_review", "conditionally_approved")
    ]
    assert [c for c in deal.agree(MERGER.with_(price=Money("2e9")), on="2024-01-11") if c.machine != "deal"] == [
        Change(
            _dt.date(2024, 1, 11),
            9,
            "gate Brussels",
            "conditionally_approved",
            "pending",
            "terms changed in its scope: price (price and consideration)",
        )
    ]
    assert deal.block("Brussels", on="2024-01-12") == [
        Change(_dt.date(2024, 1, 12), 10, "gate Brussels", "pending", "blocked")
    ]
    assert deal.approve("Washington", on="2024-01-12") == [
        Change(_dt.date(2024, 1, 12), 11, "gate Washington", "pending", "approved")
    ]


def test_the_gate_sugar_methods_default_to_the_regulator_and_pass_every_field_on() -> None:
    """Each gate method records the regulator as actor unless told, its own fields and the note."""
    from dealflow import ApproveAlways

    deal = fresh()
    deal.scope_gate("Brussels", "competition", note="n1", on="2024-01-06")
    deal.scope_gate("Brussels", scopes=["price"], actor="Target", on="2024-01-06")
    deal.require_gate("Washington", note="n2", on="2024-01-06")
    deal.waive_gate("Washington", note="n3", on="2024-01-06")
    deal.enact("Washington", "a", ApproveAlways(), note="n4", on="2024-01-06")
    deal.repeal("Washington", "a", note="n5", on="2024-01-06")
    deal.agree(MERGER, on="2024-01-07")
    deal.open_review("Brussels", days=5, business_days=True, note="n6", on="2024-01-08")
    deal.extend_review("Brussels", days=2, note="n7", on="2024-01-09")
    deal.block("Brussels", reason="too big", note="n8", on="2024-01-10")
    deal.approve("Washington", note="n9", on="2024-01-11")
    got = [(e.kind, e.actor, e.note) for e in deal.journal[1:] if e.kind != "terms_agreed"]
    assert got == [
        ("gate_scoped", "Brussels", "n1"),
        ("gate_scoped", "Target", ""),
        ("gate_required", "Washington", "n2"),
        ("gate_waived", "Washington", "n3"),
        ("rule_enacted", "Washington", "n4"),
        ("rule_repealed", "Washington", "n5"),
        ("review_opened", "Brussels", "n6"),
        ("review_extended", "Brussels", "n7"),
        ("blocked", "Brussels", "n8"),
        ("approved", "Washington", "n9"),
    ]
    scoped, custom = deal.journal[1], deal.journal[2]
    assert (scoped.review, custom.scopes) == ("competition", ("price",))  # type: ignore[attr-defined]
    review = deal.journal[8]
    assert (review.days, review.business_days, review.bid) == (5, True, "")  # type: ignore[attr-defined]
    assert (deal.journal[9].days, deal.journal[10].reason) == (2, "too big")  # type: ignore[attr-defined]
    conditional = fresh()
    conditional.submit_bid("b", "Buyer", MERGER, on="2024-01-06")
    conditional.approve(
        "Brussels", conditions=[Condition("escrow")], bid="b", actor="Brussels", note="c", on="2024-01-07"
    )
    conditional.require_gate("Washington", on="2024-01-07")
    conditional.block("Washington", bid="b", on="2024-01-07")
    last, blocked = conditional.journal[-3], conditional.journal[-1]
    assert (last.kind, last.conditions, last.bid, last.note) == (  # type: ignore[attr-defined]
        "conditionally_approved",
        frozenset({Condition("escrow")}),
        "b",
        "c",
    )
    assert (blocked.kind, blocked.actor, blocked.bid) == ("blocked", "Washington", "b")  # type: ignore[attr-defined]


def test_a_review_opened_before_any_terms_reviews_the_first_terms_proposed() -> None:
    """A review opened with nothing proposed takes the first terms as its subject, staying under review."""
    deal = fresh()
    deal.open_review("Brussels", days=30, on="2024-01-06")
    assert deal.gate("Brussels").terms is None
    changes = deal.agree(MERGER, on="2024-01-07")
    assert [c.machine for c in changes] == ["deal"]
    gate = deal.gate("Brussels")
    assert (gate.state, gate.terms, gate.review_due) == ("under_review", MERGER, _dt.date(2024, 2, 5))


def test_a_review_of_an_offer_follows_the_offer_not_the_deals_terms() -> None:
    """A gate reviewing offer b ignores the deal's own new terms; a new buyer in b's next round resets it
    entirely (no terms, no clock, no offer); the offer accepted, the gate reviews the deal's terms."""
    deal = fresh()
    deal.submit_bid("b", "Buyer", MERGER, on="2024-01-06")
    deal.open_review("Brussels", days=30, bid="b", on="2024-01-07")
    deal.agree(MERGER.with_(price=Money("3e9")), on="2024-01-08")
    gate = deal.gate("Brussels")
    assert (gate.state, gate.terms, gate.bid) == ("under_review", MERGER, "b")
    deal.revise_bid("b", terms=MERGER.with_(price=Money("2e9")), on="2024-01-09")  # price: not reviewed apart
    assert (deal.gate("Brussels").state, deal.gate("Brussels").bid) == ("pending", "")
    deal.open_review("Brussels", days=30, bid="b", on="2024-01-10")
    deal.scope_gate("Brussels", "competition", on="2024-01-10")
    deal.revise_bid("b", terms=MERGER.with_(price=Money("2.5e9")), on="2024-01-11")  # out of scope: carries over
    gate = deal.gate("Brussels")
    assert (gate.state, gate.terms, gate.bid) == ("under_review", MERGER.with_(price=Money("2.5e9")), "b")
    deal.revise_bid("b", terms=MERGER.with_(cap_table={"Fund": 1}), on="2024-01-12")  # a new buyer
    gate = deal.gate("Brussels")
    assert (gate.state, gate.terms, gate.review_due, gate.bid, gate.decided_on) == ("pending", None, None, "", None)
    deal.approve("Brussels", bid="b", on="2024-01-13")
    assert (deal.gate("Brussels").bid, deal.gate("Brussels").decided_on) == ("b", _dt.date(2024, 1, 13))
    deal.accept_bid("b", on="2024-01-14")
    gate = deal.gate("Brussels")
    assert (gate.state, gate.terms, gate.bid) == ("approved", MERGER.with_(cap_table={"Fund": 1}), "")


def test_a_new_gate_starts_blank_pending_when_required_else_not_required() -> None:
    """A regulator's gate starts with no terms, conditions, clock, decision or offer, reviewing every scope."""
    deal = fresh()
    blank = {
        "terms": None,
        "conditions": frozenset(),
        "review_due": None,
        "decided_on": None,
        "business_days": False,
        "review": "all",
        "scopes": SCOPES,
        "bid": "",
    }
    assert deal.gate("Brussels") == GateStatus("Brussels", "pending", **blank)
    assert deal.gate("Washington") == GateStatus("Washington", "not_required", **blank)
    assert deal.status().gates == (
        GateStatus("Brussels", "pending", **blank),
        GateStatus("Washington", "not_required", **blank),
        GateStatus("Beijing", "not_required", **blank),
    )


def test_a_change_of_terms_reaches_gates_past_undecided_ones_and_reviews_of_offers() -> None:
    """A gate still pending, or one reviewing an offer, is passed over: a later gate's approval still lapses."""
    deal = fresh()  # gates in order: Brussels (pending), Washington, Beijing
    deal.submit_bid("b", "Buyer", MERGER, on="2024-01-06")
    deal.agree(MERGER, on="2024-01-06")
    deal.require_gate("Washington", on="2024-01-06")
    deal.open_review("Washington", days=30, bid="b", on="2024-01-07")
    deal.require_gate("Beijing", on="2024-01-07")
    deal.approve("Beijing", on="2024-01-08")
    changes = deal.agree(MERGER.with_(price=Money("2e9")), on="2024-01-09")
    assert [c.machine for c in changes if c.machine.startswith("gate")] == ["gate Beijing"]
    assert states(deal) == {"Brussels": "pending", "Washington": "under_review", "Beijing": "pending"}
    assert (deal.gate("Washington").terms, deal.gate("Washington").bid) == (MERGER, "b")


def test_every_gate_method_records_the_actor_it_is_given() -> None:
    """An explicit actor (a government body of the regulator's jurisdiction) is the event's actor for each method."""
    from dealflow import ApproveAlways

    deal = _with_president("2024-01-05")
    deal.agree(MERGER, on="2024-01-05")
    by = {"actor": "President", "on": "2024-01-06"}
    deal.scope_gate("Washington", "investment", **by)
    deal.enact("Washington", "a", ApproveAlways(), **by)
    deal.repeal("Washington", "a", **by)
    deal.waive_gate("Washington", **by)
    deal.require_gate("Washington", **by)
    deal.open_review("Washington", days=5, **by)
    deal.extend_review("Washington", days=5, **by)
    deal.block("Washington", **by)
    assert [(e.kind, e.actor) for e in deal.journal[2:]] == [
        ("gate_scoped", "President"),
        ("rule_enacted", "President"),
        ("rule_repealed", "President"),
        ("gate_waived", "President"),
        ("gate_required", "President"),
        ("review_opened", "President"),
        ("review_extended", "President"),
        ("blocked", "President"),
    ]
    blocked = deal.journal[-1]
    assert (blocked.reason, blocked.bid) == ("", "")  # type: ignore[attr-defined]


def test_a_review_records_its_clock_and_the_deals_terms_and_no_offer() -> None:
    """A review of the deal's terms: under review until the due day, counting calendar days, of no offer."""
    deal = fresh()
    deal.agree(MERGER, on="2024-01-05")
    deal.scope_gate("Brussels", "competition", on="2024-01-05")
    deal.open_review("Brussels", days=10, on="2024-01-06")
    assert deal.gate("Brussels") == GateStatus(
        "Brussels",
        "under_review",
        MERGER,
        frozenset(),
        _dt.date(2024, 1, 16),
        None,
        business_days=False,
        review="competition",
        scopes=REVIEWS["competition"],
        bid="",
    )
    deal.extend_review("Brussels", days=3, on="2024-01-07")
    assert deal.gate("Brussels").review_due == _dt.date(2024, 1, 19)


def test_a_new_round_of_an_offer_leaves_decisions_of_the_deals_terms_and_other_offers_alone() -> None:
    """Revising offer b to a new buyer resets only the gate reviewing b, not one that approved the deal's
    terms, nor one reviewing offer c."""
    deal = fresh()
    deal.require_gate("Washington", on="2024-01-06")
    deal.require_gate("Beijing", on="2024-01-06")
    deal.submit_bid("b", "Buyer", MERGER, on="2024-01-06")
    deal.submit_bid("c", "Buyer", MERGER, on="2024-01-06")
    deal.agree(MERGER, on="2024-01-06")
    deal.approve("Brussels", on="2024-01-07")
    deal.open_review("Washington", days=30, bid="c", on="2024-01-07")
    deal.open_review("Beijing", days=30, bid="b", on="2024-01-07")
    changes = deal.revise_bid("b", terms=MERGER.with_(cap_table={"Fund": 1}), on="2024-01-08")
    assert [c.machine for c in changes if c.machine.startswith("gate")] == ["gate Beijing"]
    assert states(deal) == {"Brussels": "approved", "Washington": "under_review", "Beijing": "pending"}
    assert (deal.gate("Brussels").terms, deal.gate("Washington").terms) == (MERGER, MERGER)


def test_blockers_pass_over_gates_not_required_and_name_an_approval_of_other_terms() -> None:
    """A gate not required blocks nothing (those after it still do); an approval of an offer that is not the
    deal's terms is an approval of other terms."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Washington"], on="2024-01-05")
    deal.submit_bid("b", "Buyer", MERGER.with_(price=Money("2e9")), on="2024-01-05")
    deal.agree(MERGER, on="2024-01-06")
    assert deal.blockers() == ["Washington has not approved (its gate is pending)"]  # Brussels comes first
    deal.approve("Washington", bid="b", on="2024-01-07")
    assert deal.blockers() == ["Washington approved other terms"]


def test_each_regulator_gets_a_gate_in_the_history_and_other_parties_none() -> None:
    """Opening records each regulator's gate (pending when required); a regulator joining later gets a gate
    not required, at its event; an investor joining gets none."""
    from dealflow import PartyJoined

    deal = fresh()
    day = _dt.date(2024, 1, 5)
    assert deal.history == [
        Change(day, 0, "deal", None, "open"),
        Change(day, 0, "gate Brussels", None, "pending"),
        Change(day, 0, "gate Washington", None, "not_required"),
        Change(day, 0, "gate Beijing", None, "not_required"),
    ]
    joined = deal.apply(PartyJoined(date="2024-01-06", actor="Target", party=Party("Tokyo", "regulator", "JP")))
    assert joined == [Change(_dt.date(2024, 1, 6), 1, "gate Tokyo", None, "not_required")]
    assert (deal.gate("Tokyo").regulator, deal.gate("Tokyo").state) == ("Tokyo", "not_required")
    assert deal.apply(PartyJoined(date="2024-01-06", actor="Target", party=Party("Bank", "investor", "JP"))) == []
    assert [g.regulator for g in deal.status().gates] == ["Brussels", "Washington", "Beijing", "Tokyo"]
