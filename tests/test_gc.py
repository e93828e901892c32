"""Tests of dealflow/_gc.py: the cyclic garbage collector around bulk work."""

from __future__ import annotations

import gc

import pytest

import dealflow
from dealflow._gc import paused_gc


def test_bulk_pauses_the_collector_and_restores_it_even_on_error() -> None:
    """Inside bulk() the collector is off; after it (also after an exception) it is on again."""
    assert gc.isenabled()
    with dealflow.bulk():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), dealflow.bulk():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_nested_pauses_leave_a_disabled_collector_disabled() -> None:
    """A pause inside a pause, or with the collector off already, leaves it as it was."""
    gc.disable()
    try:
        with paused_gc(), paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_replay_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    """replay() applies events with the collector off and turns it back on after."""
    seen: list[bool] = []
    deal = dealflow.Deal.open(
        "T",
        seller="S",
        parties=[dealflow.Party("S", "seller", "CN"), dealflow.Party("B", "bidder", "US")],
        on="2020-01-01",
    )
    deal.say("hello", actor="B", on="2020-01-02")
    original = dealflow.Deal._apply  # what a replay runs for each event (no lock to take)

    def spy(self: dealflow.Deal, event: dealflow.Event) -> object:
        seen.append(gc.isenabled())
        return original(self, event)

    monkeypatch.setattr(dealflow.Deal, "_apply", spy)
    assert dealflow.replay(deal.journal) == deal
    assert seen == [False, False]
    assert gc.isenabled()
