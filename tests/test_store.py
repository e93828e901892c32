"""dealflow.store: appends, concurrency, loads, queries across deals, case files and
schema upcasting; the tests taking ``store_url`` run on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as _dt
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealflow import Deal, RefusedEvent, Statement, load_case, replay
from dealflow import store as store_module
from dealflow.store import (
    ConcurrencyError,
    Deadline,
    PendingGate,
    Store,
    StoreError,
    UnknownDeal,
    deadlines_of,
    open_store,
)

from .helpers import PARTIES, SALE

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = ROOT / "examples" / "tiktok" / "tiktok.yaml"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store on each backend."""
    with open_store(store_url) as s:
        yield s


def _live(on: str = "2025-03-01") -> Deal:
    """A live deal: Washington's review under way, Beijing's pending, a mandate in force."""
    deal = Deal.open("Acme", seller="ByteDance", parties=PARTIES, regulators=("Washington", "Beijing"), on=on)
    deal.submit_bid("msft", ["Microsoft"], SALE, on=on)
    deal.open_review("Washington", days=45, on=on)
    deal.issue_mandate("order", issuer="Washington", deadline="2025-06-30", on=on)
    return deal


def _say(text: str, on: str = "2026-01-22", actor: str = "ByteDance") -> Statement:
    return Statement(date=on, actor=actor, text=text)


def test_an_imported_case_loads_as_it_replays(store: Store) -> None:
    """Importing the TikTok case stores its journal; loading rebuilds a deal equal to
    the case's replay, and the deal is listed with its state."""
    summary = store.import_case(TIKTOK)
    case = load_case(TIKTOK)
    assert summary.deal == "tiktok"
    assert summary.version == len(case.events)
    assert summary.state == "closed"
    assert summary.name == case.name
    assert store.load("tiktok") == case.replay()
    assert [d.deal for d in store.deals()] == ["tiktok"]


def test_importing_the_same_deal_twice_is_refused(store: Store) -> None:
    """A second import under the same id is a conflict that names the deal; the
    first is untouched."""
    store.import_case(TIKTOK)
    with pytest.raises(ConcurrencyError, match="'tiktok' already exists"):
        store.import_case(TIKTOK)
    assert store.version("tiktok") == len(load_case(TIKTOK).events)
    assert store.import_case(TIKTOK, "tiktok-2").deal == "tiktok-2"


def test_append_at_a_stale_version_is_refused_and_stores_nothing(store: Store) -> None:
    """Appending at the expected version succeeds and returns the new version; at a
    stale one it raises ConcurrencyError naming both versions, and nothing is written."""
    store.import_case(TIKTOK)
    v = store.version("tiktok")
    assert store.append("tiktok", [_say("one")], expected_version=v) == v + 1
    with pytest.raises(ConcurrencyError, match=f"at version {v + 1}, not the expected version {v}") as info:
        store.append("tiktok", [_say("two")], expected_version=v)
    assert "reload" in str(info.value)
    assert store.version("tiktok") == v + 1
    assert [e.text for e in store.events("tiktok", after=v)] == ["one"]  # type: ignore[attr-defined]


def test_a_refused_event_in_a_batch_stores_none_of_the_batch(store: Store) -> None:
    """A batch whose third event the deal refuses (it runs time backwards) is refused
    whole, naming the batch's index; the store is as it was."""
    store.import_case(TIKTOK)
    v = store.version("tiktok")
    batch = [_say("a"), _say("b"), _say("c", on="2019-01-01"), _say("d")]
    with pytest.raises(RefusedEvent) as info:
        store.append("tiktok", batch, expected_version=v)
    assert info.value.index == 2
    assert store.version("tiktok") == v
    assert store.load("tiktok") == load_case(TIKTOK).replay()
    assert store.append("tiktok", batch[:2]) == v + 2  # the deal in memory was not left half-applied


def test_a_new_deal_must_start_with_its_opening(store: Store) -> None:
    """A first event that does not open the deal is refused; no deal is created."""
    with pytest.raises(RefusedEvent, match="not open yet"):
        store.append("x", [_say("hello")], expected_version=0)
    assert store.deals() == []
    with pytest.raises(UnknownDeal, match="import a case first"):
        store.load("x")


def test_bad_appends_are_refused(store: Store) -> None:
    """An empty batch, a blank deal id or a negative version are refused with a fix."""
    with pytest.raises(StoreError, match="nothing to append"):
        store.append("x", [])
    with pytest.raises(StoreError, match="bad deal id"):
        store.append(" ", _live().journal)
    with pytest.raises(StoreError, match="not a count of events"):
        store.append("x", _live().journal, expected_version=-1)


def test_another_store_sees_appends_and_loads_are_copies(store_url: str) -> None:
    """A second store object on the same database reads the first one's appends;
    changing a loaded deal changes nothing stored."""
    with open_store(store_url) as a, open_store(store_url) as b:
        a.append("acme", _live().journal, expected_version=0)
        first = b.load("acme")
        first.say("only in memory", actor="ByteDance", on="2025-03-02")
        v = a.append("acme", [_say("stored", on="2025-03-03")])
        assert b.version("acme") == v
        loaded = b.load("acme")
        assert [getattr(e, "text", None) for e in loaded.journal][-1] == "stored"
        assert len(loaded.journal) == v
        with pytest.raises(ConcurrencyError):  # b's cached deal is stale: the version check is in the database
            b.append("acme", [_say("late", on="2025-03-04")], expected_version=v - 1)
        assert b.append("acme", [_say("fresh", on="2025-03-04")], expected_version=v) == v + 1


def test_load_at_a_version_is_the_prefix(store: Store) -> None:
    """load(version=n) is the deal after its first n events."""
    store.import_case(TIKTOK)
    events = load_case(TIKTOK).events
    assert store.load("tiktok", version=10) == replay(events[:10])
    with pytest.raises(StoreError, match="no version 0"):
        store.load("tiktok", version=0)


def test_queries_across_deals(store: Store) -> None:
    """Deals by state, gates pending by regulator and deadlines between two dates
    come from every deal in the store, and follow appends."""
    store.import_case(TIKTOK)
    live = _live()
    store.append("acme", live.journal, expected_version=0)
    other = _live("2025-04-01")
    store.append("beta", other.journal, expected_version=0)
    assert [d.deal for d in store.deals(state="closed")] == ["tiktok"]
    assert [d.deal for d in store.deals(state="negotiating")] == ["acme", "beta"]
    assert store.pending_gates("Beijing") == [
        PendingGate("acme", "Beijing", "pending", None),
        PendingGate("beta", "Beijing", "pending", None),
    ]
    assert [(g.deal, g.state) for g in store.pending_gates("Washington")] == [
        ("acme", "under_review"),
        ("beta", "under_review"),
    ]
    due = live.gate("Washington").review_due
    assert due == _dt.date(2025, 4, 15)
    assert store.deadlines("2025-04-01", "2025-04-30") == [
        Deadline(due, "acme", "review", "Washington"),
    ]
    assert store.deadlines("2025-06-30", "2025-06-30") == [
        Deadline(_dt.date(2025, 6, 30), "acme", "mandate", "order"),
        Deadline(_dt.date(2025, 6, 30), "beta", "mandate", "order"),
    ]
    live.waive_gate("Washington", on="2025-03-10")
    store.append("acme", live.journal[-1:])
    assert store.deadlines("2025-04-01", "2025-04-30") == []
    assert [g.deal for g in store.pending_gates("Washington")] == ["beta"]


def test_deadlines_of_a_status() -> None:
    """Review clocks of open gates, deadlines of live mandates and the end of a
    non-enforcement pause are deadlines; a closed deal has none."""
    deal = _live()
    deal.pause_enforcement("order", until="2025-09-01", on="2025-03-05")
    found = deadlines_of("acme", deal.status())
    assert [(d.kind, d.subject, d.due.isoformat()) for d in found] == [
        ("review", "Washington", "2025-04-15"),
        ("mandate", "order", "2025-06-30"),
        ("pause", "order", "2025-09-01"),
    ]
    assert deadlines_of("tiktok", load_case(TIKTOK).replay().status()) == []


def test_a_new_kind_of_deadline_is_one_function(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registering a deadline rule and rebuilding the projections makes its deadlines
    queryable; an outside date on the status is read when the status has one."""
    store.append("acme", _live().journal, expected_version=0)

    def anniversary(status: Any) -> Iterator[tuple[str, str, _dt.date]]:
        yield "anniversary", status.target, status.on.replace(year=status.on.year + 1)

    monkeypatch.setattr(store_module, "_DEADLINE_RULES", [*store_module._DEADLINE_RULES, anniversary])
    assert store.deadlines("2026-03-01", "2026-03-01") == []
    store.rebuild_projections()
    assert store.deadlines("2026-03-01", "2026-03-01") == [
        Deadline(_dt.date(2026, 3, 1), "acme", "anniversary", "Acme")
    ]


def test_outside_dates_are_read_from_contracts_on_the_status() -> None:
    """A status carrying contracts with outside dates (as the contract concept adds)
    yields them; a terminated contract's does not count."""

    class Contract:
        def __init__(self, name: str, outside_date: _dt.date, state: str) -> None:
            self.name, self.outside_date, self.state = name, outside_date, state

    class WithContracts:
        def __init__(self, status: Any) -> None:
            self._status = status
            self.contracts = (
                Contract("merger agreement", _dt.date(2025, 12, 31), "signed"),
                Contract("old", _dt.date(2025, 7, 1), "terminated"),
            )

        def __getattr__(self, name: str) -> Any:
            return getattr(self._status, name)

    found = deadlines_of("acme", WithContracts(_live().status()))  # type: ignore[arg-type]
    assert Deadline(_dt.date(2025, 12, 31), "acme", "outside_date", "merger agreement") in found
    assert all(d.subject != "old" for d in found)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_export_then_load_case_replays_the_same_events(store: Store, tmp_path: Path, suffix: str) -> None:
    """A deal exported to a case file (YAML or JSON) loads back with load_case to
    the same events, and imports again as an equal deal."""
    store.import_case(TIKTOK)
    store.append("tiktok", [_say("after the close")])
    out = tmp_path / f"copy{suffix}"
    store.export_case("tiktok", out)
    case = load_case(out)
    assert case.events == tuple(store.load("tiktok").journal)
    assert case.name == load_case(TIKTOK).name
    assert store.import_case(out).deal == "copy"
    assert store.load("copy") == store.load("tiktok")


def test_events_are_stored_with_their_schema(store: Store) -> None:
    """Each row holds the event's kind, date, schema version and its plain data."""
    store.append("acme", _live().journal, expected_version=0)
    rows = store._db.execute("SELECT version, kind, date, schema, data FROM dealflow_events WHERE deal = ?", ("acme",))
    assert [r[1] for r in rows] == ["deal_opened", "bid_submitted", "review_opened", "mandate_issued"]
    assert {r[3] for r in rows} == {store_module.EVENT_SCHEMA}
    assert json.loads(rows[2][4])["regulator"] == "Washington"
    assert rows[2][2] == "2025-03-01"


def _legacy_statement(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 to 2 in the test's made-up history: a statement's ``said`` became ``text``."""
    if body.get("type") == "statement" and "said" in body:
        body = {**body, "text": body["said"]}
        del body["said"]
    return body


def test_an_event_of_an_older_schema_is_upcast(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the current schema at 2 and an upcaster from 1, a row stored with schema 1
    in the old shape is read as today's event; a row of a schema with no upcaster, or
    of a newer schema, is refused naming the event."""
    store.append("acme", _live().journal, expected_version=0)
    monkeypatch.setattr(store_module, "EVENT_SCHEMA", 2)
    monkeypatch.setitem(store_module._UPCASTS, 1, _legacy_statement)
    old = {"type": "statement", "date": "2025-03-02", "actor": "ByteDance", "said": "from the old days"}
    with store._db.transaction():
        store._db.execute(
            "INSERT INTO dealflow_events (deal, version, kind, date, schema, data) VALUES (?, 5, 'statement', ?, 1, ?)",
            ("acme", "2025-03-02", json.dumps(old)),
        )
        store._db.execute("UPDATE dealflow_deals SET version = 5 WHERE deal = ?", ("acme",))
    last = store.load("acme").journal[-1]
    assert last == Statement(date="2025-03-02", actor="ByteDance", text="from the old days")
    with store._db.transaction():
        store._db.execute("UPDATE dealflow_events SET schema = 0 WHERE deal = ? AND version = 5", ("acme",))
    with pytest.raises(StoreError, match="schema 0, which this dealflow cannot upcast"):
        store.events("acme")
    with store._db.transaction():
        store._db.execute("UPDATE dealflow_events SET schema = 3 WHERE deal = ? AND version = 5", ("acme",))
    with pytest.raises(StoreError, match="newer than this dealflow"):
        store.events("acme")


def test_sqlite_writes_through_wal_and_synchronous_commits(tmp_path: Path) -> None:
    """A SQLite store uses WAL and full synchronous commits."""
    with open_store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        assert store._db.execute("PRAGMA journal_mode") == [("wal",)]
        assert store._db.execute("PRAGMA synchronous") == [(2,)]  # FULL


def test_urls_name_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A path, sqlite:/// and DEALFLOW_DB open SQLite files; an unknown scheme or a
    missing folder is refused with a fix."""
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.url == "sqlite:///dealflow.db"
    monkeypatch.setenv("DEALFLOW_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        assert store.url.endswith("env.db")
    with pytest.raises(StoreError, match="unknown database 'mysql'"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match="no folder"):
        open_store(tmp_path / "missing" / "x.db")
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_an_unreachable_postgres_server_is_a_store_error(tmp_path: Path) -> None:
    """A PostgreSQL URL with no server behind it gives a StoreError naming the URL
    without its password."""
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match=r"cannot connect to postgresql://u:\*\*\*@") as info:
        open_store(f"postgresql://u:secret@/db?host={tmp_path}&port=1&connect_timeout=2")
    assert "secret" not in str(info.value)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=1, max_value=55), max_size=8))
def test_any_split_into_batches_stores_the_same_journal(tmp_path: Path, cuts: list[int]) -> None:
    """However the TikTok journal is cut into batches, appending them one by one
    stores the same journal, and the deal loads equal to the case's replay."""
    events = load_case(TIKTOK).events
    bounds = sorted({0, *cuts, len(events)})
    name = f"t{len(list(tmp_path.iterdir()))}.db"
    with open_store(tmp_path / name) as store:
        for start, end in itertools.pairwise(bounds):
            assert store.append("tiktok", events[start:end], expected_version=start) == end
        assert tuple(store.events("tiktok")) == events
        assert store.load("tiktok") == replay(events)


def test_import_dealflow_loads_no_store_or_driver() -> None:
    """`import dealflow` (and building the CLI's parser) loads neither the store nor
    sqlite3 nor psycopg: they load when a store is opened."""
    import subprocess
    import sys

    code = (
        "import sys, dealflow, dealflow.cli; dealflow.cli.build_parser(); "
        "print(sorted(m for m in ('dealflow.store', 'sqlite3', 'psycopg') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_postgres_tests_fail_in_ci_and_skip_elsewhere_when_it_is_missing() -> None:
    """Without PostgreSQL, the fixture fails under CI=true and skips otherwise,
    giving the reason; with it, it does neither."""
    from .store_fixtures import require_postgres

    with pytest.raises(pytest.fail.Exception, match="CI must run the PostgreSQL tests: not installed"):
        require_postgres("not installed", ci=True)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_postgres("not installed", ci=False)
    require_postgres(None, ci=True)
