"""hypothesis's entry point: strategies for dealflow's value types.

hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (the
``hypothesis`` entry point in ``pyproject.toml``), so that ``st.from_type(Terms)``
and ``st.builds`` of your own classes with dealflow fields work without further
setup.  The strategies are registered as functions of the type: nothing of
:mod:`dealflow.testing` loads until one of them is drawn.
"""

from __future__ import annotations

from typing import Any

__all__ = ["register_strategies"]


def _testing() -> Any:
    from . import testing

    return testing


def register_strategies() -> None:
    """Register a strategy for each of dealflow's value types with hypothesis."""
    from hypothesis import strategies as st

    from ._rules import Rule, RuleContext
    from ._values import Board, Condition, Holding, Money, Party, Stake, Terms

    def lazily(name: str, *args: Any) -> Any:
        return lambda _type: getattr(_testing(), name)(*args)

    st.register_type_strategy(Party, lazily("parties"))
    st.register_type_strategy(Terms, lazily("terms"))
    st.register_type_strategy(Money, lazily("money"))
    st.register_type_strategy(Board, lazily("boards"))
    st.register_type_strategy(Condition, lazily("conditions"))
    st.register_type_strategy(Rule, lazily("rules"))
    st.register_type_strategy(RuleContext, lazily("contexts"))
    st.register_type_strategy(Stake, lambda _t: st.builds(Stake, _testing().names("H"), _testing().shares()))
    st.register_type_strategy(
        Holding, lambda _t: st.builds(Holding, _testing().names("O"), _testing().names("E"), _testing().shares())
    )


def _hypothesis_setup_hook() -> None:
    register_strategies()
