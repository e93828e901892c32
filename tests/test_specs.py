"""Tests of dealflow._specs: rule specs written and read through cattrs by the fields' type hints."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from dealflow import Condition, Rule, RuleContext, Terms, Verdict, register_rule, registered_rules, rule_from_spec
from dealflow.converters import names, share, text
from dealflow.testing import register_rule_strategy, rules


@register_rule("test_specs_everything")
@attrs.frozen
class Everything(Rule):
    """A user rule with a parameter of every kind a spec must carry."""

    countries: frozenset[str] = attrs.field(converter=names)
    limit: Fraction = attrs.field(converter=share)
    steps: tuple[int, ...] = ()
    demands: frozenset[Condition] = frozenset()
    fallback: Rule | None = None
    since: dt.date | None = None
    label: str = attrs.field(default="", converter=text)
    plain_ratio: Fraction = Fraction(1, 3)  # no converter: only the type hint says it is a fraction

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        """Approve anything (only the spec is under test)."""
        return Verdict.approve()


_conditions = st.builds(
    Condition, st.sampled_from(["export_licence", "data_hosted_by"]), st.sampled_from(["", "Oracle"]), st.just("")
)
_everything = st.builds(
    Everything,
    countries=st.frozensets(st.sampled_from(["CN", "RU", "IR"]), min_size=1),
    limit=st.fractions(Fraction(1, 100), Fraction(1), max_denominator=1000),
    steps=st.lists(st.integers(0, 90), max_size=3).map(tuple),
    demands=st.frozensets(_conditions, max_size=2),
    fallback=st.none() | rules(max_leaves=2),
    since=st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2030, 1, 1)),
    label=st.text(max_size=5),
    plain_ratio=st.fractions(0, 1, max_denominator=50),
)


@given(_everything)
def test_a_user_rule_with_sets_fractions_tuples_conditions_and_rules_round_trips(rule: Everything) -> None:
    """A rule of sets, fractions, tuples, Conditions, a nested rule and a date comes back equal from its spec."""
    spec = rule.to_spec()
    assert isinstance(spec["countries"], list) and isinstance(spec["limit"], str)
    back = rule_from_spec(spec)
    assert back == rule
    assert isinstance(back, Everything) and isinstance(back.plain_ratio, Fraction) and isinstance(back.steps, tuple)


register_rule_strategy("test_specs_everything", _everything)


def _drawable() -> list[str]:
    """Every registered rule that rules() can draw (all of dealflow's, this module's, and users' with a strategy)."""
    out = []
    for name in sorted(registered_rules()):
        try:
            rules(include={name}, max_leaves=1)
        except ValueError:
            continue
        out.append(name)
    return out


@given(st.data())
def test_every_registered_rule_round_trips(data: st.DataObject) -> None:
    """Every drawable registered rule, alone and in random compositions, comes back equal from its spec."""
    for name in _drawable():
        rule = data.draw(rules(include={name}, max_leaves=3), label=name)
        assert rule_from_spec(rule.to_spec()) == rule


def test_every_built_in_rule_is_drawable() -> None:
    """The round-trip property covers every rule dealflow registers and this module's, not a subset."""
    own = {name for name, cls in registered_rules().items() if cls.__module__.startswith("dealflow.")}
    assert own | {"test_specs_everything"} <= set(_drawable())


def test_a_bad_parameter_is_a_rule_error_naming_it() -> None:
    """A value the type hint cannot read is refused naming the rule's parameter."""
    import pytest

    from dealflow import RuleError

    with pytest.raises(RuleError) as info:
        rule_from_spec({"rule": "test_specs_everything", "countries": ["CN"], "limit": "1/5", "plain_ratio": "lots"})
    assert info.value.field == "rule.plain_ratio"
