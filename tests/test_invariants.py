"""Every invariant of DESIGN.md as a hypothesis property, built on dealflow.testing.

This file departs from the one-test-file-per-module rule on purpose: the invariants
span the deal, its machines, events, serialisation and rules, so they are stated
here once, numbered as in DESIGN.md, rather than scattered across module tests.
"""

from __future__ import annotations

import copy
import datetime as _dt
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dealflow import (
    ApprovalRequired,
    Approved,
    BidAccepted,
    BidRejected,
    BidRevised,
    BidWithdrawn,
    Condition,
    ConditionWaived,
    Contract,
    DeadlineExtended,
    Deal,
    DealClosed,
    DealflowError,
    DealSigned,
    DealTerminated,
    ForeignAdversaryControl,
    GateRequired,
    GateScoped,
    MandateIssued,
    Money,
    Outcome,
    Precedent,
    RefusedEvent,
    Statement,
    TermsAgreed,
    TermsProposed,
    VoteHeld,
    events_from_json,
    events_to_json,
    replay,
)
from dealflow._concepts import touched
from dealflow._events import REVIEWS
from dealflow.testing import (
    DealMachine,
    approval_problems,
    assert_monotone_in_holding,
    bids,
    closing_problems,
    contexts,
    deal_terms,
    deals,
    event_sequences,
    invalid_events,
    lower_holding,
    rules,
    shares,
    terms,
    tweaked_terms,
    valid_events,
)

TestDealMachine = DealMachine.TestCase


def _before(deal: Deal, states: tuple[str, ...]) -> Deal:
    """The deal as it stood just before it first entered one of ``states`` (itself when it never did)."""
    again = Deal()
    for event in deal.journal:
        trial = copy.deepcopy(again)
        trial.apply(event)
        if trial.state in states:
            break
        again = trial
    return again


def _apply(deal: Deal, event: object) -> bool:
    """Apply ``event``; True when the deal accepted it."""
    try:
        deal.apply(event)  # type: ignore[arg-type]
    except DealflowError:
        return False
    return True


# 1. Signing needs the parties' agreement on terms only; a deal is closed only when every required gate cleared
#    the terms being closed, every condition precedent is met or waived by a party entitled to, and nothing bars it.


@given(deals())
def test_1_closing_stands_on_every_clearance_and_condition_precedent(deal: Deal) -> None:
    """Replaying any deal, each accepted close met every clearance, party approval, condition and upfront remedy."""
    again = Deal()
    for event in deal.journal:
        if isinstance(event, DealClosed):
            assert closing_problems(again.status()) == []
        again.apply(event)


@given(deals(final=False), st.data())
def test_1_signing_needs_only_agreed_terms(deal: Deal, data: st.DataObject) -> None:
    """Agreed terms are signed whatever the gates, votes and remedies say; unagreed ones are not."""
    assume(deal.state in ("open", "negotiating", "agreed"))
    new = data.draw(deal_terms(deal, sale=None).filter(lambda t: t != deal.terms))
    if deal.state != "agreed":
        with pytest.raises(RefusedEvent):
            copy.deepcopy(deal).apply(DealSigned(date=deal.clock, actor=deal.seller))
    deal.apply(TermsAgreed(date=deal.clock, actor=deal.seller, terms=new))
    deal.apply(DealSigned(date=deal.clock, actor=deal.seller))
    assert deal.state == "signed"


@given(deals(final=False), st.data())
def test_1_closing_with_a_gate_missing_is_refused(deal: Deal, data: st.DataObject) -> None:
    """Closing signed terms that a required gate has not cleared is refused."""
    assume(deal.state in ("open", "negotiating", "agreed"))
    new = data.draw(deal_terms(deal, sale=None).filter(lambda t: t != deal.terms))
    deal.apply(DealSigned(date=deal.clock, actor=deal.seller, terms=new))
    if not approval_problems(deal.status()):
        idle = [g.regulator for g in deal.status().gates if g.state == "not_required"]
        deal.apply(GateRequired(date=deal.clock, actor=idle[0], regulator=idle[0]))
    assert approval_problems(deal.status())
    with pytest.raises(RefusedEvent, match="every required gate must clear"):
        deal.apply(DealClosed(date=deal.clock, actor=deal.seller))


@given(deals(final=False), st.data())
def test_1_closing_waits_for_votes_and_conditions_waived_only_by_the_entitled(deal: Deal, data: st.DataObject) -> None:
    """A pending vote or condition precedent bars the close; a waiver by anyone not entitled is refused."""
    assume(deal.state in ("open", "negotiating", "agreed"))
    new = data.draw(deal_terms(deal, sale=None).filter(lambda t: t != deal.terms))
    holder = next((b for b in new.buyers if b in deal.parties), deal.seller)
    cond = Condition("financing")
    contract = Contract(conditions=(Precedent(cond, waivable_by=(holder,)),))
    deal.apply(DealSigned(date=deal.clock, actor=deal.seller, terms=new, contract=contract))
    deal.apply(
        ApprovalRequired(
            date=deal.clock, actor=deal.seller, approval="cp vote", body="target_shareholders", party=deal.seller
        )
    )
    assert len(closing_problems(deal.status())) >= 2
    with pytest.raises(RefusedEvent):
        deal.apply(DealClosed(date=deal.clock, actor=deal.seller))
    stranger = data.draw(st.sampled_from(sorted(p for p in deal.parties if p != holder)))
    with pytest.raises(RefusedEvent, match="not entitled to waive"):
        deal.apply(ConditionWaived(date=deal.clock, actor=stranger, condition=cond))
    deal.apply(ConditionWaived(date=deal.clock, actor=holder, condition=cond))
    deal.apply(VoteHeld(date=deal.clock, actor=deal.seller, approval="cp vote", passed=True))
    assert not [p for p in closing_problems(deal.status()) if "cp vote" in p or "financing" in p]


# 2. Changing the terms withdraws exactly the approvals whose scope the change touches, and the history says why.


@given(deals(final=False), st.data())
def test_2_new_terms_withdraw_exactly_the_approvals_in_scope(deal: Deal, data: st.DataObject) -> None:
    """After new terms, a decided gate lapses exactly when the change touches one of its (drawn) scopes."""
    deal = _before(deal, ("signed", "withdrawn"))
    old = deal.terms
    assume(old is not None and deal.state in ("open", "negotiating", "agreed"))
    for gate in deal.status().gates:
        review = data.draw(st.sampled_from(sorted(REVIEWS)), label=f"review of {gate.regulator}")
        deal.apply(GateScoped(date=deal.clock, actor=gate.regulator, regulator=gate.regulator, review=review))
    tweak = data.draw(st.booleans(), label="change one aspect only")
    new = data.draw(tweaked_terms(old) if tweak else deal_terms(deal, sale=None).filter(lambda t: t != old))
    before = {g.regulator: g for g in deal.status().gates}
    changes = deal.apply(TermsProposed(date=deal.clock, actor=deal.seller, terms=new))
    said = {c.machine: c.reason for c in changes}
    for gate in deal.status().gates:
        was = before[gate.regulator]
        if was.state not in ("under_review", "approved", "conditionally_approved", "blocked") or was.bid:
            continue
        hit = [s for s in touched(was.terms, new) if s in was.scopes] if was.terms is not None else []
        if was.terms is not None and hit:
            assert gate.state == "pending"
            assert all(s in said[f"gate {gate.regulator}"] for s in hit)
        else:
            assert gate.state == was.state and gate.terms == new


@given(deals(final=False), st.data())
def test_2_a_price_change_keeps_clearances_and_resets_the_shareholders(deal: Deal, data: st.DataObject) -> None:
    """A change of price alone keeps every competition, investment and export clearance and resets shareholder votes."""
    deal = _before(deal, ("signed", "withdrawn"))
    assume(deal.terms is not None and deal.state in ("open", "negotiating", "agreed"))
    regulators = [g.regulator for g in deal.status().gates]
    for reg in regulators:
        review = data.draw(st.sampled_from(("competition", "investment", "export")))
        deal.apply(GateScoped(date=deal.clock, actor=reg, regulator=reg, review=review))
        if deal.gate(reg).state in ("pending", "under_review"):
            deal.apply(Approved(date=deal.clock, actor=reg, regulator=reg))
    deal.apply(
        ApprovalRequired(
            date=deal.clock, actor=deal.seller, approval="vote", body="target_shareholders", party=deal.seller
        )
    )
    deal.apply(VoteHeld(date=deal.clock, actor=deal.seller, approval="vote", passed=True))
    before = {g.regulator: g.state for g in deal.status().gates}
    price = data.draw(st.integers(1, 10**6)).__mul__(1000)
    assume(deal.terms is not None and deal.terms.price != Money(price))
    changes = deal.apply(TermsProposed(date=deal.clock, actor=deal.seller, terms=deal.terms.with_(price=Money(price))))
    assert {g.regulator: g.state for g in deal.status().gates} == before
    assert deal.approval("vote").state == "required"
    reason = next(c.reason for c in changes if c.machine == "approval vote")
    assert reason.startswith("terms changed in its scope: price")


# 3. Closed and terminated deals accept no further state change.


@given(deals(), st.data())
def test_3_final_deals_refuse_every_state_change(deal: Deal, data: st.DataObject) -> None:
    """Once closed or terminated, every event that changes state is refused; statements are recorded."""
    before_end = replay(deal.journal)
    if not deal.is_final:
        assume(_apply(deal, DealTerminated(date=deal.clock, actor=deal.seller)))
    else:
        before_end = replay(deal.journal[:-1])
    event = data.draw(valid_events(before_end) | invalid_events(deal))
    status = deal.status()
    accepted = _apply(deal, event)
    surviving = event.survives_close and status.state == "closed"
    if not surviving:
        assert accepted == (not event.changes_state and event.date >= status.on)
    assert deal.status().state == status.state
    assert deal.status().gates == status.gates and deal.status().bids == status.bids
    assert deal.status().approvals == status.approvals and deal.status().contract == status.contract


# 4. Replaying a deal's journal rebuilds an equal deal; writing and reading events loses nothing.


@given(event_sequences())
def test_4_journals_replay_and_survive_json(events: list) -> None:
    """A journal replays to an equal deal, and reads back from JSON equal and replaying the same."""
    deal = replay(events)
    assert deal.journal == events
    assert replay(deal.journal) == deal
    read = events_from_json(events_to_json(events))
    assert read == events
    assert replay(read) == deal


@given(deals(), st.data())
def test_4_forks_are_prefixes_of_the_journal(deal: Deal, data: st.DataObject) -> None:
    """Forking on a date rebuilds the deal from exactly the events up to that date."""
    day = data.draw(st.sampled_from([e.date for e in deal.journal]))
    fork = deal.fork(day)
    assert fork.journal == [e for e in deal.journal if e.date <= day]


# 5. Time never runs backwards; a deadline moves only by a recorded extension; a one-time extension is usable once.


@given(deals(), st.integers(1, 1000))
def test_5_events_dated_before_the_clock_are_refused(deal: Deal, days: int) -> None:
    """Any event dated before the deal's clock is refused, with the date named as the field."""
    assert deal.clock is not None
    event = Statement(date=deal.clock - _dt.timedelta(days=days), actor=deal.seller, text="late")
    with pytest.raises(RefusedEvent) as info:
        deal.apply(event)
    assert info.value.field == "date"
    assert [e.date for e in deal.journal] == sorted(e.date for e in deal.journal)


@given(deals())
def test_5_deadlines_are_their_last_recorded_extension(deal: Deal) -> None:
    """Each mandate's deadline is its original one or the target of its last recorded extension."""
    for m in deal.status().mandates:
        extensions = [e for e in deal.journal if isinstance(e, DeadlineExtended) and e.mandate == m.mandate]
        assert m.extensions == len(extensions)
        assert m.deadline == (extensions[-1].to if extensions else m.original_deadline)
        assert m.extension_days_used <= m.extension_cap_days
        if m.one_time_extension:
            assert len(extensions) <= 1


@given(deals(final=False), st.data())
def test_5_a_one_time_extension_is_usable_once(deal: Deal, data: st.DataObject) -> None:
    """A second extension of a one-time-extension mandate is refused, whatever its date."""
    regulator = next(p.name for p in deal.parties.values() if p.role == "regulator")
    day = deal.clock
    deal.apply(
        MandateIssued(
            date=day,
            actor=regulator,
            mandate="act",
            deadline=day + _dt.timedelta(270),
            extension_cap_days=90,
            one_time_extension=True,
        )
    )
    first = data.draw(st.integers(1, 90))
    deal.apply(DeadlineExtended(date=day, actor=regulator, mandate="act", to=day + _dt.timedelta(270 + first)))
    m = deal.mandate("act")
    more = data.draw(st.integers(1, 89))
    later = data.draw(st.integers(0, 400))
    again = DeadlineExtended(
        date=day + _dt.timedelta(later), actor=regulator, mandate="act", to=m.deadline + _dt.timedelta(more)
    )
    with pytest.raises(RefusedEvent, match="one extension"):
        deal.apply(again)
    assert deal.mandate("act").deadline == m.deadline


# 6. A rejected or withdrawn bid is never accepted; at most one bid is accepted at a time.


@given(deals(final=False), st.data())
def test_6_rejected_and_withdrawn_bids_are_never_accepted(deal: Deal, data: st.DataObject) -> None:
    """Accepting a rejected or withdrawn bid is refused; a rejected offer returns only as a new round."""
    assume(deal.state in ("open", "negotiating", "agreed"))
    bid = data.draw(bids(deal))
    deal.apply(bid)
    end = data.draw(st.sampled_from([BidRejected, BidWithdrawn]))
    deal.apply(end(date=deal.clock, actor=deal.seller, bid=bid.bid))
    with pytest.raises(RefusedEvent):
        deal.apply(BidAccepted(date=deal.clock, actor=deal.seller, bid=bid.bid))
    assert deal.bid(bid.bid).state in ("rejected", "withdrawn")
    if end is BidRejected:
        raised = data.draw(deal_terms(deal, sale=None).filter(lambda t: t != bid.terms))
        deal.apply(BidRevised(date=deal.clock, actor=bid.bidders[0], bid=bid.bid, terms=raised))
        assert (deal.bid(bid.bid).state, deal.bid(bid.bid).round) == ("revised", 2)
    else:
        with pytest.raises(RefusedEvent):
            deal.apply(BidRevised(date=deal.clock, actor=bid.bidders[0], bid=bid.bid, bidders=bid.bidders))


@given(deals())
def test_6_at_most_one_bid_is_accepted(deal: Deal) -> None:
    """At every point of a deal's life at most one bid is accepted."""
    again = Deal()
    for event in deal.journal:
        again.apply(event)
        assert sum(b.state == "accepted" for b in again.status().bids) <= 1


# 7. A refused event leaves the deal exactly as it was, and the error says which event, which rule, what instead.


@given(deals(final=False), st.data())
def test_7_refused_events_leave_the_deal_as_it_was(deal: Deal, data: st.DataObject) -> None:
    """Events the deal must refuse are refused, change nothing and are named in the error with a fix."""
    for _ in range(8):  # several refusals per deal: each kind of refusal gets tried
        event = data.draw(invalid_events(deal))
        snapshot = copy.deepcopy(deal)
        with pytest.raises(DealflowError) as info:
            deal.apply(event)
        assert deal == snapshot
        assert deal.status() == snapshot.status() and deal.clock == snapshot.clock
        err = info.value
        assert err.index == len(deal.journal) and err.kind == event.kind
        assert err.rule and err.fix


@given(deals(), st.data())
def test_7_any_refusal_of_a_valid_looking_event_changes_nothing(deal: Deal, data: st.DataObject) -> None:
    """Events the machines allow but the deal refuses (guards, caps) also leave it as it was."""
    event = data.draw(valid_events(deal))
    snapshot = copy.deepcopy(deal)
    if not _apply(deal, event):
        assert deal == snapshot


# 8. Rules behave as their algebra says (boolean laws: tests/test_rules.py); lowering a foreign holding never hurts.


_LOWER_TO = (
    st.sampled_from((Fraction(0), Fraction(1, 100), Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))) | shares()
)


@given(rules(negation=False), terms(), contexts(), st.data())
def test_8_lowering_a_holding_never_turns_an_approval_into_a_block(rule, t, ctx, data: st.DataObject) -> None:
    """For every composition of registered rules without Not, lowering any holding never worsens the verdict."""
    holder = data.draw(st.sampled_from(sorted({s.holder for s in t.cap_table} | {h.owner for h in t.holdings})))
    to = data.draw(_LOWER_TO)
    was, now = rule.evaluate(t, ctx), rule.evaluate(lower_holding(t, holder, to), ctx)
    if was.outcome is Outcome.APPROVE:
        assert now.outcome is not Outcome.BLOCK
    assert now.outcome >= was.outcome


_CONTROL = st.builds(
    ForeignAdversaryControl,
    st.just(frozenset({"CN"})),
    st.sampled_from((Fraction(1, 5), Fraction(1, 10), Fraction(1, 2))) | shares(),
)


@settings(max_examples=max(400, settings.default.max_examples))  # cheap: rule evaluations only
@given(st.tuples(_CONTROL, rules(negation=False, max_leaves=3)).map(lambda rs: rs[0] & rs[1]) | _CONTROL, st.data())
def test_8_lowering_a_foreign_holding_never_hurts(rule, data: st.DataObject) -> None:
    """Lowering a Chinese holder's stake, direct or through a holding company, never worsens a control verdict."""
    t = data.draw(terms(("ByteDance", "Oracle", "MGX")))
    ctx = data.draw(contexts(names_=("ByteDance", "Oracle", "MGX", "Fund"), jurisdictions=("CN", "US")))
    owners = sorted({s.holder for s in t.cap_table} | {h.owner for h in t.holdings})
    foreign = [o for o in owners if ctx.jurisdiction(o) == "CN"] or owners
    assert_monotone_in_holding(rule, t, ctx, data.draw(st.sampled_from(foreign)), data.draw(_LOWER_TO))
