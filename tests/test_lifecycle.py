"""Tests of dealflow._lifecycle: opening, parties, terms proposed and agreed, closing, conditions
met and statements, each refusal with its field and fix (issue 16)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

import dealflow as df
from dealflow import Condition, Deal, DealOpened, Party, PartyJoined, RefusedEvent, UnknownParty

from .helpers import JV, PARTIES, SALE, agreed_jv, opened, refusal


def _opening(**fields: object) -> DealOpened:
    base: dict[str, object] = {
        "date": "2020-08-01",
        "actor": "ByteDance",
        "target": "TikTok US",
        "seller": "ByteDance",
        "parties": PARTIES,
        "regulators": ("Washington",),
    }
    return DealOpened(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "field", "fix", "says"),
    [
        ({"actor": "Court"}, None, None, None),  # any declared party may open it
        ({"actor": "Nobody"}, "actor", "declare the actor among the parties", "unknown actor 'Nobody'"),
        ({"seller": "Nobody"}, "seller", "declare the seller", "seller 'Nobody' is not among the parties"),
        ({"regulators": ("Nobody",)}, "regulators", "role regulator", "'Nobody' is not a declared regulator"),
        ({"regulators": ("Oracle",)}, "regulators", "role regulator", "'Oracle' is not a declared regulator"),
    ],
)
def test_an_opening_names_its_actor_seller_and_regulators_among_the_parties(
    fields: dict[str, object], field: str | None, fix: str | None, says: str | None
) -> None:
    """The opening's actor and seller must be parties, and each regulator a party of role regulator."""
    deal = Deal()
    if field is None:
        deal.apply(_opening(**fields))
        assert deal.state == "open"
        return
    with pytest.raises(UnknownParty) as info:
        deal.apply(_opening(**fields))
    assert (info.value.field, info.value.index, info.value.kind) == (field, 0, "deal_opened")
    assert (info.value.fix or "").startswith(fix) or (info.value.fix or "").endswith(fix)
    assert says in str(info.value)
    assert deal.state is None
    assert deal.journal == []


def test_an_opening_records_the_parties_and_requires_exactly_the_named_regulators_gates() -> None:
    """Opening sets target, seller and parties, starts open, and makes only the named regulators' gates pending."""
    deal = Deal()
    changes = deal.apply(_opening())
    assert (deal.state, deal.target, deal.seller) == ("open", "TikTok US", "ByteDance")
    assert set(deal.parties) == {p.name for p in PARTIES}
    assert changes[0] == df.Change(deal.clock, 0, "deal", None, "open")  # type: ignore[arg-type]
    assert {g.regulator: g.state for g in deal.status().gates} == {"Washington": "pending", "Beijing": "not_required"}


def test_a_party_joins_once_and_a_joining_regulator_is_not_required() -> None:
    """A party joins once (field party, fix: declare each party once); a regulator joining later is not required."""
    deal = opened()
    deal.apply(PartyJoined(date="2020-08-02", actor="ByteDance", party=Party("Brussels", "regulator", "EU")))
    assert deal.gate("Brussels").state == "not_required"
    assert "Brussels" in deal.parties
    with pytest.raises(RefusedEvent) as info:
        deal.apply(PartyJoined(date="2020-08-03", actor="ByteDance", party=Party("Brussels", "regulator", "EU")))
    assert info.value.field == "party"
    assert (info.value.fix or "").startswith("declare each party once")
    assert "Brussels is a party already" in str(info.value)


def test_agreeing_needs_terms_given_or_proposed() -> None:
    """Agreeing with no terms given and none proposed is refused (field terms); with proposed ones it agrees on them."""
    deal = opened()
    with pytest.raises(RefusedEvent) as info:
        deal.agree(on="2020-08-02")
    assert info.value.field == "terms"
    assert (info.value.fix or "").startswith("give the terms agreed")
    assert "no terms to agree on" in str(info.value)
    assert deal.state == "open"
    deal.restructure(JV, on="2020-08-03")
    assert (deal.state, deal.terms) == ("negotiating", JV)
    deal.agree(on="2020-08-04")
    assert (deal.state, deal.terms) == ("agreed", JV)
    deal.agree(SALE, on="2020-08-05")  # agreed again on other terms: they replace the agreed ones
    assert (deal.state, deal.terms) == ("agreed", SALE)


def test_closing_is_refused_with_every_blocker_and_the_fix_to_clear_them() -> None:
    """Closing a signed deal with a gate pending: refused, the reason lists the blocker, the fix says how to clear it."""
    deal = agreed_jv()
    deal.sign(on="2020-08-12")
    with pytest.raises(RefusedEvent) as info:
        deal.close(on="2020-08-13")
    err = info.value
    assert err.field is None
    assert "cannot close: Washington has not approved (its gate is pending)" in str(err)
    assert "every required gate must clear the exact terms" in str(err)
    assert (err.fix or "").startswith("obtain the clearances")
    assert (err.fix or "").endswith("waive gates no longer required")
    assert deal.state == "signed"


def test_closing_runs_the_after_close_hooks_once_closed() -> None:
    """A cleared, signed deal closes; the deal's own move comes first in the changes."""
    deal = agreed_jv()
    deal.approve("Washington", on="2020-08-12")
    deal.sign(on="2020-08-13")
    changes = deal.close(on="2020-08-14")
    assert deal.state == "closed"
    assert (changes[0].machine, changes[0].before, changes[0].after) == ("deal", "signed", "closed")


def test_a_condition_is_met_once() -> None:
    """Meeting a condition records it; meeting it again is refused (field condition, fix: record it once)."""
    deal = opened()
    cond = Condition("data_hosted_by", "Oracle")
    deal.meet_condition(cond, on="2020-08-02")
    deal.meet_condition(Condition("other", "Oracle"), on="2020-08-02")
    assert deal.status().conditions_met == {cond, Condition("other", "Oracle")}
    with pytest.raises(RefusedEvent) as info:
        deal.meet_condition(cond, on="2020-08-03")
    assert info.value.field == "condition"
    assert (info.value.fix or "").startswith("record it once")
    assert "is met already" in str(info.value)


def test_a_statement_changes_nothing_but_the_journal() -> None:
    """A statement is journaled and moves no machine."""
    deal = opened()
    before = deal.status()
    assert deal.say("we will sell", actor="ByteDance", on="2020-08-02") == []
    assert deal.status() == attrs.evolve(before, on=deal.clock)
    assert len(deal.journal) == 2


def test_closing_an_unsigned_deal_says_what_its_state_allows() -> None:
    """Closing an agreed deal: refused by the machine's check, naming the state and what it allows."""
    deal = agreed_jv()
    with pytest.raises(RefusedEvent) as info:
        deal.close(on="2020-08-12")
    assert "the deal is agreed: cannot be closed" in str(info.value)
    assert (info.value.fix or "").startswith("from agreed the deal allows: ")


def test_the_changes_of_joining_and_closing_carry_the_events_date_and_position() -> None:
    """A regulator joining opens its gate, and closing moves the deal and satisfies a qualified mandate,
    each change dated and placed at the event."""
    deal = opened(regulators=())
    changes = deal.apply(PartyJoined(date="2020-08-02", actor="ByteDance", party=Party("Brussels", "regulator", "EU")))
    assert changes == [df.Change(deal.clock, 1, "gate Brussels", None, "not_required")]  # type: ignore[arg-type]
    deal.issue_mandate("m", issuer="Washington", deadline="2020-12-01", on="2020-08-03")
    deal.agree(JV, on="2020-08-04")
    deal.qualify("m", on="2020-08-05")
    deal.sign(on="2020-08-06")
    changes = deal.close(on="2020-08-07")
    index = len(deal.journal) - 1
    assert [(c.date, c.position, c.machine, c.after) for c in changes] == [
        (deal.clock, index, "deal", "closed"),
        (deal.clock, index, "mandate m", "satisfied"),
    ]


def test_the_sugar_methods_pass_the_actor_and_the_metadata_on() -> None:
    """restructure, agree, meet_condition, close and say record the actor given and the note (and a statement's label)."""
    deal = opened(regulators=())
    deal.restructure(JV, actor="Oracle", note="n1", on="2020-08-02")
    deal.agree(actor="Oracle", note="n2", on="2020-08-03")
    deal.meet_condition(Condition("escrow"), actor="Oracle", note="n3", on="2020-08-04")
    deal.sign(on="2020-08-05")
    deal.close(actor="Oracle", note="n4", on="2020-08-06")
    deal.say("done", actor="Oracle", label="press", note="n5", on="2020-08-07")
    assert [(e.kind, e.actor, e.note) for e in deal.journal[1:]] == [
        ("terms_proposed", "Oracle", "n1"),
        ("terms_agreed", "Oracle", "n2"),
        ("condition_met", "Oracle", "n3"),
        ("deal_signed", "ByteDance", ""),
        ("deal_closed", "Oracle", "n4"),
        ("statement", "Oracle", "n5"),
    ]
    assert deal.journal[-1].label == "press"  # type: ignore[attr-defined]


def _signed() -> Deal:
    """agreed_jv, signed on 2020-08-12 (Washington's gate still pending)."""
    deal = agreed_jv()
    deal.sign(on="2020-08-12")
    return deal


AFTER_SIGNING = "from signed the deal allows: close, terminate, abandon"
CLOSE_RULE = (
    " (every required gate must clear the exact terms, every condition precedent be met or waived,"
    " and nothing bar the close)"
)
CLOSE_FIX = (
    "obtain the clearances of these terms, meet or waive the conditions precedent and lift what bars "
    "the close first, or waive gates no longer required"
)


def _met_once() -> Deal:
    """An opened deal with data hosting by Oracle met."""
    deal = opened()
    deal.meet_condition(Condition("data_hosted_by", "Oracle"), on="2020-08-02")
    return deal


def _two_gates_pending() -> Deal:
    """Joint-venture terms agreed and signed with Washington's and Beijing's gates both pending."""
    deal = opened()
    deal.agree(JV, on="2020-08-02")
    deal.require_gate("Beijing", on="2020-08-02")
    deal.sign(on="2020-08-03")
    return deal


@pytest.mark.parametrize(
    ("build", "act", "field", "rule", "fix"),
    [
        (
            opened,
            lambda d: d.apply(_opening(date="2020-08-02")),
            None,
            "the deal is open already",
            "open a new Deal",
        ),
        (
            _signed,
            lambda d: d.restructure(SALE, on="2020-08-13"),
            None,
            "the deal is signed: cannot take new terms",
            AFTER_SIGNING,
        ),
        (_signed, lambda d: d.agree(SALE, on="2020-08-13"), None, "the deal is signed: cannot agree", AFTER_SIGNING),
        (
            opened,
            lambda d: d.agree(on="2020-08-13"),
            "terms",
            "there are no terms to agree on",
            "give the terms agreed",
        ),
        (
            agreed_jv,
            lambda d: d.close(on="2020-08-13"),
            None,
            "the deal is agreed: cannot be closed",
            "from agreed the deal allows: bid, propose, agree, reopen, sign, terminate, abandon",
        ),
        (
            _signed,
            lambda d: d.close(on="2020-08-13"),
            None,
            "cannot close: Washington has not approved (its gate is pending)" + CLOSE_RULE,
            CLOSE_FIX,
        ),
        (
            _two_gates_pending,
            lambda d: d.close(on="2020-08-13"),
            None,
            "cannot close: Washington has not approved (its gate is pending); "
            "Beijing has not approved (its gate is pending)" + CLOSE_RULE,
            CLOSE_FIX,
        ),
        (
            opened,
            lambda d: d.apply(PartyJoined(date="2020-08-03", actor="ByteDance", party=Party("Oracle", "bidder", "US"))),
            "party",
            "Oracle is a party already",
            "declare each party once",
        ),
        (
            _met_once,
            lambda d: d.meet_condition(Condition("data_hosted_by", "Oracle"), on="2020-08-03"),
            "condition",
            "condition data_hosted_by:Oracle is met already",
            "record it once",
        ),
    ],
)
def test_each_lifecycle_refusal_names_its_field_rule_and_fix(
    build: Callable[[], Deal], act: Callable[[Deal], object], field: str | None, rule: str, fix: str
) -> None:
    """Every refusal of the lifecycle's events: field, rule and fix exactly, and the deal left as it was."""
    assert refusal(build(), act, RefusedEvent)[1:] == (field, rule, fix)


@pytest.mark.parametrize(
    ("fields", "field", "rule", "fix"),
    [
        ({"actor": "Nobody"}, "actor", "unknown actor 'Nobody'", "declare the actor among the parties"),
        ({"seller": "Nobody"}, "seller", "seller 'Nobody' is not among the parties", "declare the seller"),
        (
            {"regulators": ("Nobody",)},
            "regulators",
            "'Nobody' is not a declared regulator",
            "declare it with role regulator",
        ),
        (
            {"regulators": ("Oracle",)},
            "regulators",
            "'Oracle' is not a declared regulator",
            "declare it with role regulator",
        ),
    ],
)
def test_each_opening_refusal_names_its_field_rule_and_fix(
    fields: dict[str, object], field: str, rule: str, fix: str
) -> None:
    """An opening naming an undeclared actor, seller or regulator: field, rule and fix exactly."""
    with pytest.raises(UnknownParty) as info:
        Deal().apply(_opening(**fields))
    assert (info.value.field, info.value.rule, info.value.fix) == (field, rule, fix)


def test_a_statement_is_labelled_statement_unless_told_otherwise() -> None:
    """say records the label "statement" by default."""
    deal = opened()
    deal.say("no comment", actor="ByteDance", on="2020-08-02")
    assert deal.journal[-1].label == "statement"  # type: ignore[attr-defined]


def test_proposing_and_agreeing_return_their_changes_at_the_event() -> None:
    """restructure and agree return the deal's move dated and placed at their event; agreeing again on the
    same terms moves nothing."""
    deal = opened(regulators=())
    day = deal.clock
    assert deal.restructure(JV, on="2020-08-02") == [df.Change(day.replace(day=2), 1, "deal", "open", "negotiating")]
    assert deal.agree(on="2020-08-03") == [df.Change(day.replace(day=3), 2, "deal", "negotiating", "agreed")]
    assert deal.agree(JV, on="2020-08-04") == []
    assert deal.restructure(SALE, on="2020-08-05") == [
        df.Change(day.replace(day=5), 4, "deal", "agreed", "negotiating")
    ]


def test_new_terms_proposed_or_agreed_lapse_approvals_at_their_event() -> None:
    """An approval of other terms lapses at the restructuring or agreement that changes them: the gate's
    change carries that event's date and position."""
    deal = opened()
    deal.agree(JV, on="2020-08-02")
    deal.approve("Washington", on="2020-08-03")
    changes = deal.restructure(SALE, on="2020-08-04")
    assert [(c.date, c.position, c.machine, c.after) for c in changes] == [
        (deal.clock, 3, "gate Washington", "pending"),
        (deal.clock, 3, "deal", "negotiating"),
    ]
    deal.approve("Washington", on="2020-08-05")
    changes = deal.agree(JV, on="2020-08-06")
    assert [(c.date, c.position, c.machine, c.after) for c in changes] == [
        (deal.clock, 5, "gate Washington", "pending"),
        (deal.clock, 5, "deal", "agreed"),
    ]
