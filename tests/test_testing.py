"""Tests of dealflow/testing.py: the strategies draw what they promise, the stateful
machine reaches every stage of a deal, and the rule helpers catch bad rules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import TypeVar

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant

from dealflow import (
    MACHINES,
    AllOf,
    DealflowError,
    ForeignAdversaryControl,
    MajorityDomesticBoard,
    Not,
    Party,
    RuleContext,
    Structure,
    Terms,
    registered_rules,
    replay,
)
from dealflow.testing import (
    CapTable,
    DealMachine,
    assert_monotone_in_holding,
    assert_never_approves_what_blocks,
    assert_unchanged_by,
    cap_tables,
    contexts,
    deals,
    event_sequences,
    lower_holding,
    monotone_in_holding,
    never_approves_what_blocks,
    restructurings,
    rules,
    shares,
    terms,
    unchanged_by_restructuring,
    valid_events,
)

T = TypeVar("T")
HOLDERS = ("Oracle", "ByteDance", "MGX")
CTX_CN = RuleContext(
    __import__("datetime").date(2025, 1, 1),
    {"ByteDance": Party("ByteDance", "seller", "CN"), "Oracle": Party("Oracle", "bidder", "US")},
)


def test_import_dealflow_does_not_load_hypothesis() -> None:
    """`import dealflow` leaves hypothesis (and the kit) unloaded."""
    code = "import sys, dealflow; assert 'hypothesis' not in sys.modules and 'dealflow.testing' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@given(shares())
def test_shares_are_exact_and_in_range(share: Fraction) -> None:
    """A share is a Fraction in (0, 1]."""
    assert isinstance(share, Fraction) and 0 < share <= 1


@given(st.data(), st.sampled_from([None, Fraction(1), Fraction(1, 2), Fraction(3, 7)]))
def test_cap_tables_add_up_as_asked(data: st.DataObject, total: Fraction | None) -> None:
    """Stakes add up to the total asked for (or at most 100%); every holding company is owned at most 100%."""
    table: CapTable = data.draw(cap_tables(HOLDERS, total=total, outside_owners=("Fund",)))
    added = sum((s.share for s in table.stakes), Fraction(0))
    assert added == total if total is not None else 0 < added <= 1
    assert len({s.holder for s in table.stakes}) == len(table.stakes)
    owned = {h.owned for h in table.holdings}
    for s in table.stakes:
        assert s.holder in HOLDERS or s.holder in owned
    for company in owned:
        assert sum((h.share for h in table.holdings if h.owned == company), Fraction(0)) <= 1


# coverage checks search for each case rather than expect it in one fixed sample, which differs by Python version
_SEARCH = settings(max_examples=3000, database=None, derandomize=True, phases=[Phase.generate])


def _drawn(strategy: st.SearchStrategy[T], n: int) -> list[T]:
    """``n`` examples of ``strategy``, generated without shrinking (for coverage checks)."""
    out: list[T] = []

    @settings(max_examples=n, phases=[Phase.generate], database=None, derandomize=True)  # coverage checks: no flakes
    @given(strategy)
    def collect(value: T) -> None:
        out.append(value)

    collect()
    return out


def test_cap_tables_draw_chains_and_cross_holdings() -> None:
    """Holding chains and cross-holdings (a cycle of two companies) are both drawn."""
    tables = _drawn(cap_tables(HOLDERS), 200)
    assert any(s.holder.startswith("HoldCo") for t in tables for s in t.stakes)
    assert any(a.owner == b.owned and b.owner == a.owned for t in tables for a in t.holdings for b in t.holdings)


@given(terms())
def test_terms_respect_their_structure(t: Terms) -> None:
    """A sale's stakes add up to 100%, a partnership's to at most 50%, a joint venture's to at most 100%."""
    total = sum((s.share for s in t.cap_table), Fraction(0))
    limit = {Structure.SALE: Fraction(1), Structure.PARTNERSHIP: Fraction(1, 2), Structure.JOINT_VENTURE: Fraction(1)}
    assert total == 1 if t.structure is Structure.SALE else 0 < total <= limit[t.structure]


def test_terms_of_every_structure() -> None:
    """terms() draws every structure, with a price and holdings among them."""
    for structure in Structure:
        found = find(
            terms(),
            lambda t, s=structure: t.structure is s and t.price is not None and bool(t.holdings),
            settings=_SEARCH,
        )
        assert found.structure is structure


@given(rules(negation=False, include={"foreign_adversary_control", "approve"}))
def test_rules_respect_include_and_negation(rule: object) -> None:
    """rules(include=..., negation=False) draws only those rules, with no Not."""
    spec = str(rule.to_spec())  # type: ignore[attr-defined]
    assert "'not'" not in spec
    names = set(registered_rules())
    used = {n for n in names if f"'rule': '{n}'" in spec}
    assert used <= {"foreign_adversary_control", "approve"}


def test_deals_reach_every_state() -> None:
    """deals() draws deals in every state of the deal machine."""
    for state in MACHINES["deal"].states:  # searched for, so that rare ends (withdrawn, abandoned) are found
        found = find(deals(), lambda d, state=state: d.state == state, settings=_SEARCH)
        assert found.state == state


@given(event_sequences())
def test_event_sequences_replay_cleanly(events: list) -> None:
    """A drawn journal replays without a refusal."""
    assert replay(events).journal == events


@given(event_sequences(invalid=True, min_size=3))
def test_mixed_sequences_skip_cleanly(events: list) -> None:
    """Applying a mixed journal and skipping refusals leaves the deal equal to a replay of the accepted events."""
    deal = replay(events[:1])
    accepted = events[:1]
    for event in events[1:]:
        try:
            deal.apply(event)
        except DealflowError:
            continue
        accepted.append(event)
    assert deal == replay(accepted)


@given(deals(), st.data())
def test_valid_events_are_allowed_by_the_machines(deal: object, data: st.DataObject) -> None:
    """Every drawn valid event is accepted or refused only by a guard, cap or date rule, never as unknown."""
    from dealflow import UnknownParty

    event = data.draw(valid_events(deal))  # type: ignore[arg-type]
    try:
        deal.apply(event)  # type: ignore[attr-defined]
    except UnknownParty as err:  # the kit names only what the deal knows
        pytest.fail(f"{event!r}: {err}")
    except DealflowError:
        pass


def test_lower_holding() -> None:
    """lower_holding lowers a direct stake, removes it at 0, and lowers a holding."""
    from dealflow import Holding

    t = Terms("joint_venture", "JV", {"ByteDance": "30%", "HoldCo": "10%"}, holdings=[Holding("MGX", "HoldCo", "1")])
    assert lower_holding(t, "ByteDance", Fraction(1, 10)).stake_of("ByteDance") == Fraction(1, 10)
    assert lower_holding(t, "ByteDance", Fraction(0)).stake_of("ByteDance") == 0
    assert lower_holding(t, "MGX", Fraction(1, 2)).holdings == (Holding("MGX", "HoldCo", "1/2"),)


def _quick(test: Callable[[], None]) -> Callable[[], None]:
    """A property set to look hard for a counterexample and report it without shrinking."""
    return settings(max_examples=500, phases=[Phase.generate], database=None, report_multiple_bugs=False)(test)


def test_monotone_assertion_catches_a_negated_control_test() -> None:
    """assert_monotone_in_holding fails for Not(control test) when an adversary drops under 20%."""
    t = Terms("joint_venture", "JV", {"ByteDance": "30%", "Oracle": "15%"})
    assert_monotone_in_holding(ForeignAdversaryControl(), t, CTX_CN, "ByteDance", Fraction(1, 10))
    with pytest.raises(AssertionError, match="turned"):
        assert_monotone_in_holding(Not(ForeignAdversaryControl()), t, CTX_CN, "ByteDance", Fraction(1, 10))


def test_monotone_property_passes_and_fails() -> None:
    """monotone_in_holding passes for the control test and finds the counterexample for its negation."""
    monotone_in_holding(ForeignAdversaryControl(), max_examples=30)()
    with pytest.raises(AssertionError):
        _quick(monotone_in_holding(Not(ForeignAdversaryControl())))()


def test_never_approves_what_blocks() -> None:
    """A 10% control test never approves what the 20% one blocks; the converse fails."""
    strict, lax = ForeignAdversaryControl(threshold="10%"), ForeignAdversaryControl()
    never_approves_what_blocks(strict, lax, max_examples=30)()
    never_approves_what_blocks(AllOf((lax, MajorityDomesticBoard())), lax, max_examples=30)()
    with pytest.raises(AssertionError):
        _quick(never_approves_what_blocks(lax, strict))()
    t = Terms("joint_venture", "JV", {"ByteDance": "15%"})
    with pytest.raises(AssertionError, match="blocks"):
        assert_never_approves_what_blocks(lax, strict, t, CTX_CN)


def test_unchanged_by_restructuring() -> None:
    """The control test ignores boards and prices; the board rule does not."""
    unchanged_by_restructuring(ForeignAdversaryControl(), reads={"cap_table", "holdings", "entity"}, max_examples=30)()
    with pytest.raises(AssertionError):
        _quick(unchanged_by_restructuring(MajorityDomesticBoard(), reads={"cap_table"}))()


@given(terms(), contexts(), st.data())
def test_restructurings_keep_what_they_are_told(t: Terms, ctx: RuleContext, data: st.DataObject) -> None:
    """restructurings(keep=...) change no kept field."""
    keep = {"cap_table", "holdings", "structure", "entity"}
    changed = data.draw(restructurings(t, keep=keep))
    for name in keep:
        assert getattr(changed, name) == getattr(t, name)
    assert_unchanged_by(ForeignAdversaryControl(), t, changed, ctx)


class _NeverCloses(DealMachine):
    """A user's machine with a false invariant: the kit must find a deal that closes."""

    skip_replay_check = True

    @invariant()
    def never_closed(self) -> None:
        assert self.deal.state != "closed", "closed"


def test_a_users_false_invariant_is_found() -> None:
    """A subclass adding an invariant that a deal never closes fails: the machine reaches closing."""
    case = _NeverCloses.TestCase
    case.settings = settings(max_examples=300, stateful_step_count=40, database=None, phases=[Phase.generate])
    with pytest.raises(AssertionError, match="closed"):
        case("runTest").runTest()


def test_missing_hypothesis_names_the_testing_extra() -> None:
    """Without hypothesis, `import dealflow.testing` says which extra to install."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import dealflow.testing\n"
        "except ModuleNotFoundError as err:\n    print(err.name, '|', err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    name, message = out.stdout.strip().split(" | ")
    assert name == "hypothesis"
    assert "pip install 'dealflow[testing]'" in message


def test_deals_exercise_the_new_concepts() -> None:
    """Drawn journals use scopes, party approvals, votes and remedies (abandonment: test_deals_reach_every_state)."""
    for kind in ("gate_scoped", "approval_required", "vote_held", "remedy_offered"):
        found = find(
            deals(),
            lambda d, kind=kind: any(e.kind == kind for e in d.journal),
            settings=_SEARCH,
        )
        assert any(e.kind == kind for e in found.journal)
