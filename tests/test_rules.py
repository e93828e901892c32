"""Tests of dealflow/_rules.py: boolean laws, built-in rules, registry and specs."""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from typing import NewType

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import (
    AllOf,
    AnyOf,
    ApproveAlways,
    Asset,
    BlockAlways,
    Board,
    Condition,
    ExportLicenceRequired,
    ForeignAdversaryControl,
    MajorityDomesticBoard,
    Not,
    Outcome,
    Party,
    RequireCondition,
    Rule,
    RuleContext,
    RuleError,
    Terms,
    TrustedPartnerCustody,
    Verdict,
    register_rule,
    registered_rules,
    rule_from_spec,
)
from dealflow._rules import condition_met_by
from dealflow.testing import contexts, rules, terms

CTX = RuleContext(
    _dt.date(2025, 1, 1),
    {"ByteDance": Party("ByteDance", "seller", "CN"), "Oracle": Party("Oracle", "bidder", "US")},
)


def _same(a: Rule, b: Rule, t: Terms, ctx: RuleContext) -> None:
    va, vb = a.evaluate(t, ctx), b.evaluate(t, ctx)
    assert va.same(vb), f"{va} != {vb}"


@given(rules(), rules(), terms(), contexts())
def test_and_or_are_commutative(a: Rule, b: Rule, t: Terms, ctx: RuleContext) -> None:
    """a & b is b & a and a | b is b | a, on outcome and conditions."""
    _same(a & b, b & a, t, ctx)
    _same(a | b, b | a, t, ctx)


@given(rules(max_leaves=3), rules(max_leaves=3), rules(max_leaves=3), terms(), contexts())
def test_and_or_are_associative(a: Rule, b: Rule, c: Rule, t: Terms, ctx: RuleContext) -> None:
    """(a & b) & c is a & (b & c), likewise for |."""
    _same((a & b) & c, a & (b & c), t, ctx)
    _same((a | b) | c, a | (b | c), t, ctx)


@given(rules(), rules(), terms(), contexts())
def test_de_morgan(a: Rule, b: Rule, t: Terms, ctx: RuleContext) -> None:
    """~(a & b) is ~a | ~b and ~(a | b) is ~a & ~b."""
    _same(~(a & b), ~a | ~b, t, ctx)
    _same(~(a | b), ~a & ~b, t, ctx)


@given(rules(), terms(), contexts())
def test_double_negation(a: Rule, t: Terms, ctx: RuleContext) -> None:
    """~~a is a."""
    _same(~~a, a, t, ctx)


@given(rules(), terms(), contexts())
def test_identities_and_annihilators(a: Rule, t: Terms, ctx: RuleContext) -> None:
    """approve is the identity of &, block of |; block annihilates &, approve annihilates |."""
    _same(a & ApproveAlways(), a, t, ctx)
    _same(a | BlockAlways(), a, t, ctx)
    assert (a & BlockAlways()).evaluate(t, ctx).outcome is Outcome.BLOCK
    assert (a | ApproveAlways()).evaluate(t, ctx).outcome is Outcome.APPROVE


@given(rules(), rules(), terms(), contexts())
def test_and_is_no_better_than_either_part(a: Rule, b: Rule, t: Terms, ctx: RuleContext) -> None:
    """a & b is never better than a or b, a | b never worse."""
    va, vb = a.evaluate(t, ctx).outcome, b.evaluate(t, ctx).outcome
    assert (a & b).evaluate(t, ctx).outcome == min(va, vb)
    assert (a | b).evaluate(t, ctx).outcome == max(va, vb)


def test_empty_combinators() -> None:
    """An empty AllOf approves and an empty AnyOf blocks."""
    t = Terms.sale("Oracle", entity="TikTok US")
    assert AllOf(()).evaluate(t, CTX).outcome is Outcome.APPROVE
    assert AnyOf(()).evaluate(t, CTX).outcome is Outcome.BLOCK


def test_verdict_conditions_only_when_conditional() -> None:
    """A verdict carries conditions exactly when it approves on conditions."""
    with pytest.raises(RuleError, match="conditions"):
        Verdict(Outcome.APPROVE, frozenset({Condition("audit")}))
    with pytest.raises(RuleError):
        Verdict(Outcome.CONDITIONAL)


@pytest.mark.parametrize(
    ("stake", "outcome"),
    [("19.9%", Outcome.APPROVE), ("20%", Outcome.BLOCK), ("0.2001", Outcome.BLOCK), ("1/6", Outcome.APPROVE)],
)
def test_foreign_adversary_control_threshold(stake: str, outcome: Outcome) -> None:
    """20% or more held by a foreign adversary is control; just under is not."""
    t = Terms("joint_venture", "JV", {"ByteDance": stake, "Oracle": "15%"})
    assert ForeignAdversaryControl().evaluate(t, CTX).outcome is outcome


def test_foreign_adversary_control_through_a_holding_company() -> None:
    """An adversary's indirect holding through a holding company counts."""
    from dealflow import Holding

    t = Terms(
        "joint_venture", "JV", {"HoldCo": "40%", "Oracle": "15%"}, holdings=[Holding("ByteDance", "HoldCo", "1/2")]
    )
    assert ForeignAdversaryControl().evaluate(t, CTX).outcome is Outcome.BLOCK
    assert ForeignAdversaryControl(threshold="21%").evaluate(t, CTX).outcome is Outcome.APPROVE


def test_export_licence_required() -> None:
    """Exporting the algorithm from China needs a licence; keeping it there or not selling it does not."""
    rule = ExportLicenceRequired("Beijing")
    algo = Terms.sale("Oracle", entity="TikTok US", assets=[Asset.ALGORITHM])
    verdict = rule.evaluate(algo, CTX)
    assert verdict.outcome is Outcome.CONDITIONAL
    assert verdict.conditions == {Condition("export_licence", "Beijing", Asset.ALGORITHM)}
    assert rule.evaluate(algo.with_(jurisdiction="CN"), CTX).outcome is Outcome.APPROVE
    assert rule.evaluate(algo.with_(assets=[Asset.US_OPERATIONS]), CTX).outcome is Outcome.APPROVE


def test_trusted_partner_custody() -> None:
    """Data held by a trusted partner approves; unnamed custody is conditional; another custodian blocks."""
    rule = TrustedPartnerCustody(["Oracle"])
    t = Terms.sale("Oracle", entity="TikTok US")
    assert rule.evaluate(t.with_(data_custodian="Oracle"), CTX).outcome is Outcome.APPROVE
    assert rule.evaluate(t, CTX).conditions == {Condition("data_hosted_by", "Oracle")}
    assert rule.evaluate(t.with_(data_custodian="Alibaba"), CTX).outcome is Outcome.BLOCK


@given(st.integers(1, 15).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_majority_domestic_board(seats_domestic: tuple[int, int]) -> None:
    """A board approves exactly when more than half its seats are domestic."""
    seats, domestic = seats_domestic
    t = Terms.sale("Oracle", entity="TikTok US", board=Board(seats, domestic))
    outcome = MajorityDomesticBoard().evaluate(t, CTX).outcome
    assert outcome is (Outcome.APPROVE if 2 * domestic > seats else Outcome.BLOCK)


def test_require_condition() -> None:
    """A required condition is met by terms promising it, else asked for."""
    rule = RequireCondition("ipo_within_months", value="12")
    t = Terms.sale("Oracle", entity="TikTok US")
    assert rule.evaluate(t, CTX).conditions == {Condition("ipo_within_months", "", "12")}
    assert rule.evaluate(t.with_(conditions=[Condition("ipo_within_months", "", "12")]), CTX).outcome is Outcome.APPROVE


@given(rules())
def test_specs_round_trip(rule: Rule) -> None:
    """Every drawn rule survives to_spec and rule_from_spec unchanged."""
    assert rule_from_spec(rule.to_spec()) == rule


def test_registry_lists_the_built_in_rules() -> None:
    """The built-in rules are registered under their spec names."""
    names = registered_rules()
    assert names["foreign_adversary_control"] is ForeignAdversaryControl
    assert names["export_licence_required"] is ExportLicenceRequired
    assert rule_from_spec("approve") == ApproveAlways()


def test_register_refuses_a_second_class_under_a_name() -> None:
    """Registering another class under a taken name raises RuleError naming the fix."""

    @attrs.frozen
    class Other(Rule):
        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve()

    with pytest.raises(RuleError, match="registered already"):
        register_rule("approve")(Other)
    with pytest.raises(RuleError, match="not a Rule"):
        register_rule("nonsense")(int)  # type: ignore[type-var]


def test_unregistered_rules_have_no_spec() -> None:
    """A rule class that was never registered cannot be written as data."""

    @attrs.frozen
    class Local(Rule):
        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve()

    with pytest.raises(RuleError, match="not registered"):
        Local().to_spec()


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"rule": "no_such_rule"}, "rule.rule"),
        ({"rule": 3}, "rule.rule"),
        ({"rule": "foreign_adversary_control", "limit": "20%"}, "rule.limit"),
        ({"rule": "foreign_adversary_control", "threshold": "150%"}, "rule.threshold"),
        ({"rule": "foreign_adversary_control", "threshold": "lots"}, "rule.threshold"),
        ({"all": {"rule": "approve"}}, "rule"),
        ({"all": [{"rule": "approve"}], "any": []}, "rule"),
        ({"not": {"rule": "nope"}}, "rule.not.rule"),
        ({"any": [{"rule": "approve"}, {"rule": "nope"}]}, "rule.any[1].rule"),
        ({"rule": "trusted_partner_custody", "partners": []}, "rule.partners"),
        (42, "rule"),
    ],
)
def test_bad_specs_name_the_field(spec: object, field: str) -> None:
    """A bad rule spec raises RuleError naming the offending field and a fix."""
    with pytest.raises(RuleError) as info:
        rule_from_spec(spec)
    assert info.value.field == field
    assert info.value.fix


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(["approve", "block", "all"]),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(["rule", "all", "any", "not", "threshold", "x"]), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_fuzzed_specs_raise_only_rule_errors(spec: object) -> None:
    """Random plain data either builds a rule or raises RuleError, nothing else."""
    try:
        rule = rule_from_spec(spec)
    except RuleError:
        return
    assert isinstance(rule, Rule)


def test_threshold_is_exact() -> None:
    """Thresholds read from text are exact fractions."""
    assert ForeignAdversaryControl(threshold="0.2").threshold == Fraction(1, 5)


# ---------------------------------------------------------------- tests that bite (issue 16)
# Each test below pins a behaviour that mutation testing showed no test noticed.

_CONDS = st.frozensets(st.builds(Condition, st.sampled_from(["a", "b", "c"])), max_size=2)


@given(st.sampled_from(list(Outcome)), st.sampled_from(list(Outcome)), _CONDS, _CONDS, st.text(max_size=3))
def test_same_is_equal_outcome_and_conditions(
    oa: Outcome, ob: Outcome, ca: frozenset[Condition], cb: frozenset[Condition], reason: str
) -> None:
    """Verdict.same holds exactly when outcome and conditions are equal, whatever the reasons."""
    ca = ca if oa is Outcome.CONDITIONAL else frozenset()
    cb = cb if ob is Outcome.CONDITIONAL else frozenset()
    if (oa is Outcome.CONDITIONAL and not ca) or (ob is Outcome.CONDITIONAL and not cb):
        return
    a = Verdict(oa, ca, ("first",))
    b = Verdict(ob, cb, (reason,) if reason else ())
    assert a.same(b) is (oa is ob and ca == cb)
    assert a.same(a)


def test_same_tells_conditions_apart() -> None:
    """Two conditional verdicts with other conditions are not the same; other outcomes neither."""
    x, y = Condition("x"), Condition("y")
    assert not Verdict.conditional([x]).same(Verdict.conditional([y]))
    assert not Verdict.approve("a").same(Verdict.block("a"))
    assert Verdict.conditional([x], "one").same(Verdict.conditional([x], "two"))


def test_verdict_constructors_and_text() -> None:
    """approve/conditional/block set the outcome, keep a reason only when given, and print it."""
    assert Verdict.approve().reasons == ()
    assert Verdict.block("no").reasons == ("no",)
    v = Verdict.conditional([Condition("b"), Condition("a")], "why")
    assert v.outcome is Outcome.CONDITIONAL
    assert str(v) == "approve with conditions (a, b): why"
    assert str(Verdict.block()) == "block"


@pytest.mark.parametrize("jurisdiction", ["US", "GB"])
def test_majority_board_without_a_board_asks_for_one(jurisdiction: str) -> None:
    """With no board, the rule asks for exactly a majority-domestic board of its jurisdiction."""
    t = Terms.sale("Oracle", entity="TikTok US")
    verdict = MajorityDomesticBoard(jurisdiction).evaluate(t, CTX)
    assert verdict.outcome is Outcome.CONDITIONAL
    assert verdict.conditions == {Condition("majority_domestic_board", "", jurisdiction)}


def test_majority_board_must_be_of_the_rules_jurisdiction() -> None:
    """A board whose majority comes from elsewhere blocks, however large that majority."""
    t = Terms.sale("Oracle", entity="TikTok US", board=Board(7, 7, "CN"))
    assert MajorityDomesticBoard("US").evaluate(t, CTX).outcome is Outcome.BLOCK
    assert MajorityDomesticBoard("CN").evaluate(t, CTX).outcome is Outcome.APPROVE


@pytest.mark.parametrize(
    ("board", "value", "met"),
    [
        (Board(7, 4), "US", True),
        (Board(8, 4), "US", False),  # exactly half is no majority
        (Board(7, 4, "GB"), "US", False),
        (Board(7, 4, "GB"), "GB", True),
        (Board(7, 4), "", True),  # an unnamed jurisdiction means the US
        (None, "US", False),
    ],
)
def test_condition_met_by_a_majority_domestic_board(board: Board | None, value: str, met: bool) -> None:
    """A majority-domestic-board condition is met exactly by a strict domestic majority of its jurisdiction."""
    t = Terms.sale("Oracle", entity="TikTok US", board=board)
    assert condition_met_by(t, Condition("majority_domestic_board", value=value)) is met


def test_custody_asks_for_the_first_partner_by_name() -> None:
    """With no custodian named, the condition names the first trusted partner in name order."""
    rule = TrustedPartnerCustody(["Oracle", "Microsoft", "Walmart"])
    t = Terms.sale("Oracle", entity="TikTok US")
    assert rule.evaluate(t, CTX).conditions == {Condition("data_hosted_by", "Microsoft")}
    for partner in ("Oracle", "Microsoft", "Walmart"):
        assert rule.evaluate(t.with_(data_custodian=partner), CTX).outcome is Outcome.APPROVE


def test_custody_condition_is_met_only_by_that_custodian() -> None:
    """data_hosted_by:P is met by terms whose custodian is P, and by no other custodian."""
    t = Terms.sale("Oracle", entity="TikTok US")
    cond = Condition("data_hosted_by", "Oracle")
    assert condition_met_by(t.with_(data_custodian="Oracle"), cond)
    assert not condition_met_by(t.with_(data_custodian="Microsoft"), cond)
    assert not condition_met_by(t, cond)
    assert condition_met_by(t.with_(conditions=[cond]), cond)
    assert not condition_met_by(t, Condition("unknown_kind", "Oracle"))


@pytest.mark.parametrize("threshold", [0, "0%", "-1/5", "101%", 2])
def test_thresholds_outside_zero_to_one_are_refused(threshold: object) -> None:
    """A control threshold must lie in (0, 1]: 0 and anything past 100% are refused."""
    with pytest.raises(RuleError, match="outside"):
        ForeignAdversaryControl(threshold=threshold)
    assert ForeignAdversaryControl(threshold=1).threshold == 1


@pytest.mark.parametrize("names", ["", [""], [3], ["CN", None], 7])
def test_names_must_be_non_empty_text(names: object) -> None:
    """Lists of names refuse empty and non-text names."""
    with pytest.raises(RuleError, match="names"):
        ForeignAdversaryControl(adversaries=names)


def test_a_single_name_is_one_name() -> None:
    """A single string where a list is expected is read as one name, not as its characters."""
    assert ForeignAdversaryControl(adversaries="CN").adversaries == frozenset({"CN"})
    assert TrustedPartnerCustody("Oracle").partners == frozenset({"Oracle"})


@pytest.mark.parametrize("value", [3, None, ["a"]])
def test_text_parameters_must_be_text(value: object) -> None:
    """Text parameters of rules refuse other types."""
    with pytest.raises(RuleError, match="text"):
        RequireCondition(value)  # type: ignore[arg-type]


def test_specs_of_user_rules_are_plain_data() -> None:
    """A user rule's tuple, set, fraction and Condition fields become plain YAML-safe data."""
    import yaml

    @attrs.frozen
    class Fielded(Rule):
        markets: tuple[str, ...] = ("b", "a")
        owners: frozenset[str] = frozenset({"y", "x"})
        share: Fraction = Fraction(1, 4)
        cond: Condition = attrs.field(factory=lambda: Condition("audit", "Oracle"))

        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve()

    Fielded.name = "fielded_for_spec_test"
    spec = Fielded().to_spec()
    assert spec["markets"] == ["b", "a"]
    assert spec["owners"] == ["x", "y"]
    assert spec["share"] == "0.25"
    assert spec["cond"] == {"kind": "audit", "party": "Oracle"}
    assert yaml.safe_load(yaml.safe_dump(spec)) == spec


def test_export_licence_names_every_listed_asset_exported() -> None:
    """The licence condition names the listed assets that leave, in order, and approves when none do."""
    rule = ExportLicenceRequired("Beijing", listed=[Asset.ALGORITHM, Asset.US_USER_DATA])
    t = Terms.sale("Oracle", entity="TikTok US", assets=[Asset.US_USER_DATA, Asset.ALGORITHM])
    value = ", ".join(sorted([Asset.ALGORITHM, Asset.US_USER_DATA]))
    assert rule.evaluate(t, CTX).conditions == {Condition("export_licence", "Beijing", value)}
    assert rule.evaluate(t.with_(assets=[Asset.US_OPERATIONS]), CTX).outcome is Outcome.APPROVE


@pytest.mark.parametrize(
    ("spec", "field", "fix", "says"),
    [
        (3, "rule", "write {rule: NAME, ...params}", "expected a rule, got 3"),
        ({"all": [], "x": 1}, "rule", "write {all: [rules]}", "'all' takes no other keys"),
        ({"any": "abc"}, "rule", "write {any: [rules]}", "'any' needs a list"),
        ({"not": {"rule": "approve"}, "x": 1}, "rule", "write {not: rule}", "'not' takes no other keys"),
        ({"rule": 3}, "rule.rule", "write {rule: NAME, ...params}", "a rule needs a registered name"),
        (
            {"rule": "aprove"},
            "rule.rule",
            "use a registered rule: approve, block, ",
            "unknown rule 'aprove' (did you mean 'approve'?)",
        ),
        (
            {"all": [{"rule": "approve"}, {"rule": "nope"}]},
            "rule.all[1].rule",
            "use a registered rule:",
            "unknown rule 'nope'",
        ),
        (
            {"rule": "approve", "bogus": 1, "more": 2},
            "rule.bogus",
            "use only: reason",
            "rule 'approve' takes no parameter bogus, more",
        ),
        (
            {"rule": "trusted_partner_custody", "partners": []},
            "rule.partners",
            "name at least one partner",
            "no trusted partner named",
        ),
    ],
)
def test_rule_spec_errors_name_the_field_and_the_fix(spec: object, field: str, fix: str, says: str) -> None:
    """Each defect of a rule written as data names where it is (field) and what to write instead (fix)."""
    with pytest.raises(RuleError) as info:
        rule_from_spec(spec)
    assert info.value.field == field
    assert (info.value.fix or "").startswith(fix)
    assert f"field {field!r}: {says}" in str(info.value)


def test_a_rule_with_no_parameters_says_so_in_the_fix() -> None:
    """A parameter given to a rule that takes none: the fix says it takes no parameters."""
    from dealflow import register_rule
    from dealflow._rules import _REGISTRY

    @attrs.frozen
    class Bare(Rule):
        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve("bare")

    try:
        register_rule("bare_for_test")(Bare)
        with pytest.raises(RuleError) as info:
            rule_from_spec({"rule": "bare_for_test", "x": 1})
        assert info.value.fix == "use only: no parameters"
    finally:
        _REGISTRY.pop("bare_for_test", None)


def test_register_rule_names_the_class_and_refuses_non_rules_and_taken_names() -> None:
    """Registering sets the class's name and makes it readable; a non-Rule or a taken name is refused with a fix."""
    from dealflow import register_rule, registered_rules
    from dealflow._rules import _REGISTRY

    @attrs.frozen
    class Mine(Rule):
        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.block("mine")

    try:
        assert register_rule("mine_for_test")(Mine) is Mine
        assert Mine.name == "mine_for_test"
        assert registered_rules()["mine_for_test"] is Mine
        assert register_rule("mine_for_test")(Mine) is Mine  # the same class again is fine
        assert rule_from_spec({"rule": "mine_for_test"}) == Mine()
        assert Mine().to_spec() == {"rule": "mine_for_test"}
        with pytest.raises(RuleError) as info:
            register_rule("approve")(Mine)
        assert info.value.fix == "choose another name"
        assert "a rule named 'approve' is registered already" in str(info.value)
        with pytest.raises(RuleError) as info:
            register_rule("not_a_rule")(int)  # type: ignore[type-var]
        assert info.value.fix == "subclass dealflow.Rule"
        assert "is not a Rule subclass" in str(info.value)
        assert "not_a_rule" not in registered_rules()
    finally:
        _REGISTRY.pop("mine_for_test", None)


def test_an_unregistered_rule_cannot_be_written_as_data() -> None:
    """to_spec of a rule class never registered: refused, the fix says to register it."""

    @attrs.frozen
    class Unnamed(Rule):
        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve("x")

    with pytest.raises(RuleError) as info:
        Unnamed().to_spec()
    assert (info.value.fix or "").endswith("register_rule('name')")
    assert "Unnamed is not registered" in str(info.value)


def test_a_parameter_the_converter_cannot_read_names_its_field() -> None:
    """A value the spec converter fails on (TypeError or ValueError) is a RuleError naming the parameter."""
    from dealflow._rules import _structure

    class Failing:
        def structure(self, value: object, hint: object) -> object:
            raise ValueError("no way")

    class Echo:
        def structure(self, value: object, hint: object) -> object:
            return (value, hint)

    with pytest.raises(RuleError) as info:
        _structure(Failing(), 3, int, "rule.threshold")
    assert (info.value.field, info.value.fix) == ("rule.threshold", "check the rule's parameters")
    assert "cannot read 3: no way" in str(info.value)
    assert _structure(Echo(), 3, int, "f") == (3, int)


def test_outcomes_and_verdicts_read_as_text() -> None:
    """Each outcome has its word; a verdict lists its conditions in order and all its reasons."""
    assert [str(o) for o in Outcome] == ["block", "approve with conditions", "approve"]
    both = Verdict(Outcome.BLOCK, frozenset(), ("a", "b"))
    assert str(both) == "block: a; b"
    cond = Verdict.conditional((Condition("z"), Condition("a", "P")), "needs")
    assert str(cond) == "approve with conditions (a:P, z): needs"


def test_each_leaf_rule_gives_its_reason_for_each_outcome() -> None:
    """The leaf rules' verdicts say why, in words naming the party, the share or the board."""
    sale = Terms.sale("Oracle", entity="TikTok US")
    custody = TrustedPartnerCustody(["Oracle", "Walmart"])
    assert custody.evaluate(sale.with_(data_custodian="Oracle"), CTX).reasons == (
        "user data held by trusted partner Oracle",
    )
    assert custody.evaluate(sale, CTX).reasons == ("user data must be hosted by Oracle",)
    assert custody.evaluate(sale.with_(data_custodian="ByteDance"), CTX).reasons == (
        "user data held by ByteDance, not a trusted partner",
    )
    board = MajorityDomesticBoard()
    assert board.evaluate(sale, CTX).reasons == ("the board must be majority US",)
    assert board.evaluate(sale.with_(board=Board(7, 4)), CTX).reasons == ("4 of 7 directors from US",)
    assert board.evaluate(sale.with_(board=Board(7, 3)), CTX).reasons == ("3 of 7 directors from US: no US majority",)
    assert ApproveAlways().evaluate(sale, CTX).reasons == ("approved",)
    assert BlockAlways().evaluate(sale, CTX).reasons == ("blocked",)
    cond = Condition("escrow", "Oracle")
    assert RequireCondition("escrow", "Oracle").evaluate(sale, CTX).reasons == (f"requires {cond}",)
    assert RequireCondition("escrow", "Oracle").evaluate(sale.with_(conditions=[cond]), CTX).reasons == (
        f"the terms promise {cond}",
    )


def test_a_context_gives_no_jurisdiction_for_a_party_it_does_not_know() -> None:
    """RuleContext.jurisdiction: the party's jurisdiction, or the empty string for an unknown name."""
    assert (CTX.jurisdiction("ByteDance"), CTX.jurisdiction("Oracle"), CTX.jurisdiction("Nobody")) == ("CN", "US", "")


@pytest.mark.parametrize(
    ("seats", "domestic", "jurisdiction", "outcome"),
    [
        (8, 4, "US", Outcome.BLOCK),
        (8, 5, "US", Outcome.APPROVE),
        (7, 3, "US", Outcome.BLOCK),
        (7, 4, "GB", Outcome.BLOCK),
    ],
)
def test_a_domestic_board_needs_a_strict_majority_from_the_jurisdiction(
    seats: int, domestic: int, jurisdiction: str, outcome: Outcome
) -> None:
    """Exactly half the seats is no majority; a majority from another jurisdiction is none either."""
    sale = Terms.sale("Oracle", entity="TikTok US", board=Board(seats, domestic, jurisdiction))
    assert MajorityDomesticBoard().evaluate(sale, CTX).outcome is outcome
    assert condition_met_by(sale, Condition("majority_domestic_board", value="US")) is (outcome is Outcome.APPROVE)


def test_the_adversary_rule_says_the_share_and_the_limit_in_percent() -> None:
    """Under the threshold it approves saying both percentages; at it, it blocks saying so."""
    under = Terms("joint_venture", "TikTok Global", {"ByteDance": "15%", "Oracle": "85%"})
    at = Terms("joint_venture", "TikTok Global", {"ByteDance": "20%", "Oracle": "80%"})
    rule = ForeignAdversaryControl()
    assert rule.evaluate(under, CTX).reasons == ("foreign adversaries hold 15% of TikTok Global, under 20%",)
    assert rule.evaluate(at, CTX).reasons == ("foreign adversaries hold 20% of TikTok Global, at or over 20%: control",)
    assert ForeignAdversaryControl(threshold="12.5%").evaluate(under, CTX).reasons == (
        "foreign adversaries hold 15% of TikTok Global, at or over 12.5%: control",
    )


def test_a_user_rules_parameters_are_read_by_their_type_hints() -> None:
    """A user rule with a Condition and a tuple parameter: read from plain data into those types, and back."""
    from dealflow._rules import _REGISTRY

    @attrs.frozen
    class Promise(Rule):
        cond: Condition
        names: tuple[str, ...] = ()

        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve("x")

    try:
        register_rule("promise_for_test")(Promise)
        spec = {"rule": "promise_for_test", "cond": {"kind": "escrow", "party": "Oracle"}, "names": ["a", "b"]}
        rule = rule_from_spec(spec)
        assert rule == Promise(Condition("escrow", "Oracle"), ("a", "b"))
        assert rule_from_spec(rule.to_spec()) == rule
    finally:
        _REGISTRY.pop("promise_for_test", None)


def test_verdicts_keep_a_reason_only_when_given_and_conditions_only_when_conditional() -> None:
    """approve/conditional/block keep a non-empty reason; conditions on another outcome, or none on a
    conditional one, are refused (field conditions, with the fix)."""
    cond = Condition("escrow")
    assert (Verdict.approve().reasons, Verdict.approve("ok").reasons) == ((), ("ok",))
    assert (Verdict.block().reasons, Verdict.block("no").reasons) == ((), ("no",))
    assert (Verdict.conditional([cond]).reasons, Verdict.conditional([cond], "if").reasons) == ((), ("if",))
    for outcome, conds in ((Outcome.APPROVE, {cond}), (Outcome.BLOCK, {cond}), (Outcome.CONDITIONAL, set())):
        with pytest.raises(RuleError) as info:
            Verdict(outcome, frozenset(conds))
        assert info.value.field == "conditions"
        assert info.value.fix == "give conditions only to a conditional approval"
        assert info.value.rule == "a verdict has conditions exactly when it approves with conditions"


def test_combinations_say_why_when_empty_and_refuse_what_is_not_a_rule() -> None:
    """An empty all-of approves as no rule applies, an empty any-of blocks for want of an alternative;
    a non-rule among the parts is refused (field rules)."""
    sale = Terms.sale("Oracle", entity="TikTok US")
    assert AllOf(()).evaluate(sale, CTX).reasons == ("no rule applies",)
    assert AnyOf(()).evaluate(sale, CTX).reasons == ("no alternative",)
    with pytest.raises(RuleError) as info:
        AllOf((ApproveAlways(), "approve"))  # type: ignore[arg-type]
    assert (info.value.field, info.value.fix) == ("rules", "combine Rule values")
    assert "'approve' is not a rule" in str(info.value)


def test_not_keeps_the_reasons_marked_as_negated() -> None:
    """Not swaps approve and block and keeps each reason, prefixed "not: "; a conditional keeps its conditions."""
    sale = Terms.sale("Oracle", entity="TikTok US")
    assert Not(ApproveAlways("fine")).evaluate(sale, CTX).reasons == ("not: fine",)
    assert Not(BlockAlways("bad")).evaluate(sale, CTX).reasons == ("not: bad",)
    v = Not(RequireCondition("escrow")).evaluate(sale, CTX)
    assert (v.outcome, v.conditions, v.reasons) == (
        Outcome.CONDITIONAL,
        {Condition("escrow")},
        ("not: requires escrow",),
    )
    assert ApproveAlways("custom").evaluate(sale, CTX).reasons == ("custom",)
    assert BlockAlways("custom").evaluate(sale, CTX).reasons == ("custom",)


def test_the_export_rule_says_what_leaves_and_whose_licence_it_needs() -> None:
    """No listed asset leaving: approved saying so; the algorithm leaving China: the licence condition, with why."""
    rule = ExportLicenceRequired("Beijing")
    stays = Terms.sale("Oracle", entity="TikTok US", assets=[Asset.US_OPERATIONS])
    leaves = Terms.sale("Oracle", entity="TikTok US", assets=[Asset.ALGORITHM], jurisdiction="US")
    assert rule.evaluate(stays, CTX).reasons == ("no listed technology leaves CN",)
    assert rule.evaluate(leaves, CTX).reasons == (f"exporting {Asset.ALGORITHM} from CN needs a licence from Beijing",)


def test_a_rule_missing_a_parameter_or_given_one_of_another_rule_says_what_it_takes() -> None:
    """A required parameter missing: RuleError on the rule's field with the fix to check the parameters;
    an unknown one: the fix lists every parameter the rule takes."""
    with pytest.raises(RuleError) as info:
        rule_from_spec({"rule": "trusted_partner_custody"}, "gates.rules[0]")
    assert (info.value.field, info.value.fix) == ("gates.rules[0]", "check the rule's parameters")
    assert "field 'gates.rules[0]': rule 'trusted_partner_custody': " in str(info.value)
    with pytest.raises(RuleError) as info:
        rule_from_spec({"rule": "foreign_adversary_control", "limit": 1})
    assert info.value.fix == "use only: adversaries, threshold"


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"rule": "block", "reason": 3}, "rule.reason"),
        ({"rule": "foreign_adversary_control", "countries": 7}, "rule.countries"),
        ({"any": [{"rule": "approve"}, {"rule": "block", "reason": ["x"]}]}, "rule.any[1].reason"),
        # the refused parameter comes after one given and read fine, and one left to its default
        ({"rule": "export_licence_required", "licensor": "Beijing", "listed": 7}, "rule.listed"),
        (
            {"rule": "export_licence_required", "licensor": "Beijing", "jurisdiction": "CN", "listed": [""]},
            "rule.listed",
        ),
    ],
)
def test_a_parameter_its_converter_refuses_is_named_as_the_field(spec: dict[str, object], field: str) -> None:
    """A converter sees only the value; the spec reader names the parameter it refused, not the rule."""
    from dealflow import RuleError, rule_from_spec

    with pytest.raises(RuleError) as err:
        rule_from_spec(spec)
    assert err.value.field == field
    assert err.value.fix


def test_a_user_rules_typed_parameter_without_a_converter_is_named_when_unreadable() -> None:
    """A user rule's Fraction parameter (no converter of its own) that cannot be read as a number: RuleError on
    that parameter, with the reading's reason and fix, not on the rule's name."""
    from dealflow._rules import _REGISTRY

    @attrs.frozen
    class Cap(Rule):
        limit: Fraction = Fraction(1, 10)

        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve("x")

    try:
        register_rule("cap_for_test")(Cap)
        assert rule_from_spec({"rule": "cap_for_test", "limit": "1/4"}) == Cap(Fraction(1, 4))
        with pytest.raises(RuleError) as info:
            rule_from_spec({"rule": "cap_for_test", "limit": "lots"}, "gates.rules[2]")
        assert info.value.field == "gates.rules[2].limit"
        assert info.value.rule == "'lots' is not a number"
        assert (info.value.fix or "").startswith("write it with ASCII digits")
    finally:
        _REGISTRY.pop("cap_for_test", None)


Percent = NewType("Percent", Fraction)  # at module level: type hints are resolved in the module's namespace
FIFTH = Percent(Fraction(1, 5))


def test_a_user_rules_parameter_is_written_by_its_type_hint() -> None:
    """to_spec writes each parameter by the field's type hint, so a hook registered on spec_converter for a type of
    the user's own (here a NewType of Fraction written as a percentage) is used, and reads back."""
    from dealflow import spec_converter
    from dealflow._rules import _REGISTRY

    spec_converter.register_unstructure_hook(Percent, lambda f: f"{f * 100}%")

    @attrs.frozen
    class PercentCap(Rule):
        limit: Percent = FIFTH

        def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
            return Verdict.approve("x")

    try:
        register_rule("percent_cap_for_test")(PercentCap)
        assert PercentCap().to_spec() == {"rule": "percent_cap_for_test", "limit": "20%"}
        assert rule_from_spec(PercentCap().to_spec()) == PercentCap()
    finally:
        _REGISTRY.pop("percent_cap_for_test", None)
