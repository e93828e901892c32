"""Tests of dealflow._hypothesis: hypothesis's entry point registers strategies for dealflow's value types."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

from hypothesis import given
from hypothesis import strategies as st

from dealflow import Board, Condition, Holding, Money, Party, Rule, RuleContext, Stake, Terms


def test_the_entry_point_is_installed() -> None:
    """pyproject declares dealflow's setup hook under hypothesis's entry-point group."""
    hooks = [e.value for e in entry_points(group="hypothesis")]
    assert "dealflow._hypothesis:_hypothesis_setup_hook" in hooks


@given(
    st.from_type(Terms),
    st.from_type(Party),
    st.from_type(Rule),
    st.from_type(RuleContext),
    st.tuples(*(st.from_type(t) for t in (Money, Board, Condition, Stake, Holding))),
)
def test_from_type_draws_valid_values(
    terms: Terms, party: Party, rule: Rule, ctx: RuleContext, values: tuple[object, ...]
) -> None:
    """st.from_type draws each value type, and a drawn rule evaluates drawn terms."""
    assert isinstance(terms, Terms) and isinstance(party, Party) and isinstance(ctx, RuleContext)
    assert [type(v) for v in values] == [Money, Board, Condition, Stake, Holding]
    rule.evaluate(terms, ctx)


def test_importing_hypothesis_does_not_load_the_testing_kit() -> None:
    """The hook registers strategies lazily: importing hypothesis loads dealflow.testing only when one is drawn."""
    code = (
        "import sys, hypothesis; from hypothesis import strategies as st; from dealflow import Terms;"
        "before = 'dealflow.testing' in sys.modules; st.from_type(Terms).example();"
        "print(before, 'dealflow.testing' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
