"""Tests of dealflow/_checkpoints.py: status and forks on any date from snapshots.

Each is compared with the definition it replaces: replaying the events dated on or
before the date from the start.  The spacing of snapshots is lowered so that short
journals have many.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import Deal, Party, replay
from dealflow import _checkpoints as cp
from dealflow.testing import deals


@pytest.fixture(autouse=True)
def _small_spacing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Snapshots every 2 events, so that every test crosses several."""
    monkeypatch.setattr(cp, "SPACING", 2)
    yield


def _replayed(deal: Deal, day: _dt.date) -> Deal:
    return replay(e for e in deal.journal if e.date <= day)


def _days(deal: Deal) -> list[_dt.date]:
    dates = sorted({e.date for e in deal.journal})
    return [dates[0] - _dt.timedelta(days=1), *dates, dates[-1] + _dt.timedelta(days=1)]


@given(deals())
def test_status_on_every_date_is_the_replay_of_its_prefix(deal: Deal) -> None:
    """status_on from snapshots equals the status of the replayed prefix, on every date, in any order."""
    days = _days(deal)
    for day in [*days, *reversed(days)]:
        past = _replayed(deal, day)
        expected = attrs.evolve(past.status(), on=day) if past.state is not None else past.status()
        assert cp.status_on(deal, day) == expected


@given(deals())
def test_forks_are_equal_to_replays_and_independent(deal: Deal) -> None:
    """A fork equals the replay of its prefix (journal, history, status); writing to it changes neither the deal nor later forks."""
    before = deal.status()
    for day in _days(deal):
        forked = cp.fork(deal, day)
        assert forked == _replayed(deal, day)
        if forked.state is not None and not forked.is_final:
            forked.say("a what-if", actor=forked.seller, on=forked.clock or day)
        assert deal.status() == before
    for day in _days(deal):
        assert cp.fork(deal, day) == _replayed(deal, day)


def test_snapshots_follow_a_growing_journal() -> None:
    """Events applied after a first question are seen by the next; forks of forks stay right."""
    deal = Deal.open(
        "T",
        seller="S",
        parties=[Party("S", "seller", "CN"), Party("B", "bidder", "US"), Party("R", "regulator", "US")],
        regulators=["R"],
        on="2020-01-01",
    )
    start = _dt.date(2020, 1, 1)
    for k in range(1, 30):
        deal.say(f"note {k}", actor="B", on=start + _dt.timedelta(days=k))
        if k % 7 == 0:
            day = start + _dt.timedelta(days=k // 2)
            assert cp.status_on(deal, day) == attrs.evolve(_replayed(deal, day).status(), on=day)
    child = cp.fork(deal, start + _dt.timedelta(days=20))
    child.say("only in the fork", actor="B", on=start + _dt.timedelta(days=21))
    grandchild = cp.fork(child, start + _dt.timedelta(days=21))
    assert grandchild == replay(child.journal)
    assert cp.status_on(child, start + _dt.timedelta(days=10)) == cp.status_on(deal, start + _dt.timedelta(days=10))


def test_copy_deal_is_equal_and_independent() -> None:
    """copy_deal gives an equal deal whose later events leave the original alone."""
    deal = Deal.open("T", seller="S", parties=[Party("S", "seller", "CN"), Party("B", "bidder", "US")], on="2020-01-01")
    copy = cp.copy_deal(deal)
    assert copy == deal
    copy.say("hello", actor="B", on="2020-01-02")
    assert len(deal.journal) == 1 and len(copy.journal) == 2


@given(st.integers(0, 3))
def test_an_unopened_deal_has_an_empty_status(days: int) -> None:
    """Before any event there is nothing: the status of an empty deal."""
    assert cp.status_on(Deal(), _dt.date(2020, 1, 1) + _dt.timedelta(days=days)) == Deal().status()
