"""Tests of dealflow._observe: listeners, logging of applied events, and records for pandas."""

from __future__ import annotations

import logging
import pickle

import pytest
from hypothesis import given

from dealflow import Deal, Event, RefusedEvent, bundled_cases, case_path, load_case, replay
from dealflow.simulate import example
from dealflow.testing import deals


def _tiktok() -> list[Event]:
    """The bundled TikTok case's journal."""
    assert "tiktok" in bundled_cases()
    return list(load_case(case_path("tiktok")).events)


def test_a_listener_sees_every_applied_event_and_its_changes() -> None:
    """A subscriber is called once per applied event with exactly the changes apply returned."""
    seen: list[tuple[Event, list[object]]] = []
    deal = Deal()
    deal.subscribe(lambda d, e, changes: seen.append((e, changes)))
    returned = [deal.apply(e) for e in _tiktok()]
    assert [e for e, _ in seen] == deal.journal
    assert [c for _, c in seen] == returned
    assert sum(len(c) for _, c in seen) == len(deal.history)


def test_refused_events_are_not_reported_and_unsubscribe_stops_the_calls() -> None:
    """A refused event reaches no listener; after unsubscribing, nothing does."""
    events = _tiktok()
    deal = replay(events[:5])
    calls: list[str] = []
    stop = deal.subscribe(lambda d, e, c: calls.append(e.kind))
    with pytest.raises(RefusedEvent):
        deal.apply(events[0])  # a second opening is refused
    assert calls == []
    deal.apply(events[5])
    stop()
    deal.apply(events[6])
    assert calls == [events[5].kind]


def test_applied_events_are_logged_with_structured_fields(caplog: pytest.LogCaptureFixture) -> None:
    """At INFO on dealflow.deal, each applied event is one record carrying its position, kind and changes."""
    events = _tiktok()
    with caplog.at_level(logging.INFO, logger="dealflow.deal"):
        replay(events)
    records = [r for r in caplog.records if r.name == "dealflow.deal"]
    assert len(records) == len(events)
    last = records[-1]
    assert last.kind == "deal_closed" and last.position == len(events) - 1  # type: ignore[attr-defined]
    assert {"machine": "deal", "before": "signed", "after": "closed"}.items() <= last.changes[0].items()  # type: ignore[attr-defined]
    assert "deal: signed -> closed" in last.getMessage()


def test_logging_is_silent_by_default(caplog: pytest.LogCaptureFixture) -> None:
    """Without logging configured for INFO, replaying logs nothing, and dealflow's logger has only a NullHandler."""
    with caplog.at_level(logging.WARNING):
        replay(_tiktok())
    assert [r for r in caplog.records if r.name.startswith("dealflow")] == []
    assert all(isinstance(h, logging.NullHandler) for h in logging.getLogger("dealflow").handlers)


def test_a_deal_logs_once_logging_is_turned_on_after_silent_applies(caplog: pytest.LogCaptureFixture) -> None:
    """A deal that applied events while its logger was silent logs the next ones once the level is set
    (the deal reads the logger's own answers, which logging forgets on every change of level)."""
    events = _tiktok()
    with caplog.at_level(logging.WARNING, logger="dealflow.deal"):
        deal = replay(events[:5])
        deal.apply(events[5])
    assert [r for r in caplog.records if r.name == "dealflow.deal"] == []
    with caplog.at_level(logging.INFO, logger="dealflow.deal"):
        deal.apply(events[6])
    assert [r.position for r in caplog.records if r.name == "dealflow.deal"] == [6]  # type: ignore[attr-defined]
    with caplog.at_level(logging.WARNING, logger="dealflow.deal"):
        deal.apply(events[7])
    assert [r.position for r in caplog.records if r.name == "dealflow.deal"] == [6]  # type: ignore[attr-defined]


@given(deals())
def test_records_have_a_row_per_event_and_per_change(deal: Deal) -> None:
    """records() has one row per journal event, records('changes') one per state change, in order."""
    rows = deal.records()
    assert [r["kind"] for r in rows] == [e.kind for e in deal.journal]
    changes = deal.records("changes")
    assert [(r["machine"], r["before"], r["after"]) for r in changes] == [
        (c.machine, c.before, c.after) for c in deal.history
    ]


def test_records_make_pandas_tables() -> None:
    """pandas.DataFrame takes a deal's records and a sweep's outcomes as they are."""
    pd = pytest.importorskip("pandas")  # the dev extra has it; CI's extra Pythons may not
    deal = replay(_tiktok())
    table = pd.DataFrame(deal.records())
    assert len(table) == len(deal.journal)
    assert table.iloc[-1]["kind"] == "deal_closed" and table.iloc[-1]["changes"].startswith(
        "deal: signed -> closed; mandate"
    )
    changes = pd.DataFrame(deal.records("changes"))
    assert list(changes.columns) == ["date", "position", "kind", "actor", "machine", "before", "after"]
    outcomes = pd.DataFrame(example({"rounds": 30}).runs(range(3)).records())
    assert len(outcomes) == 3 and {"state", "seed", "price"} <= set(outcomes.columns)


def test_a_deal_with_no_listener_pickles() -> None:
    """The listener slot does not stop a deal crossing processes."""
    deal = replay(_tiktok()[:10])
    assert pickle.loads(pickle.dumps(deal)) == deal
