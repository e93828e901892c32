"""The store (dealflow.store): appends per second, single and batched, and the time
to load a deal of 100k events, on SQLite and PostgreSQL, against JSON files written
by hand; and ``store due`` over 10,000 deals (target: under 100 ms).

The peer is what a user does without a store: a JSON Lines file per deal, each
append written and ``fsync``-ed (no validation, no concurrency control), loaded
with ``json.loads`` + ``event_from_dict`` per line and replayed.  The store's
appends validate each event against the deal, update the tables of states, gates
and deadlines, and commit durably (SQLite: WAL, ``synchronous=FULL``).  The
long journal is a TikTok opening followed by statements.  PostgreSQL runs in a
throw-away server of its own (tests/postgres.py: fsync off, as a test server);
without PostgreSQL installed its rows say it was skipped.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _harness import Row, Stats, fmt_count

from dealflow import Deal, Party, Statement, Terms, replay
from dealflow._serde import event_from_dict, event_to_dict

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PARTIES = (
    Party("Seller", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("FTC", "regulator", "US"),
    Party("EC", "regulator", "EU"),
)
DAY = _dt.date(2026, 1, 5)


def _opening(on: _dt.date = DAY) -> Deal:
    return Deal.open("Target", seller="Seller", parties=PARTIES, regulators=("FTC", "EC"), on=on)


def _notes(n: int, start: int = 0) -> list[Statement]:
    return [Statement(date=DAY, actor="Seller", text=f"note {start + i}") for i in range(n)]


def _runs(fn: Callable[[], float], repeat: int) -> Stats:
    return Stats.of([fn() for _ in range(repeat)])


# ------------------------------------------------------------------ the peer: JSON Lines files


class JsonFiles:
    """A folder of JSON Lines journals, appended and fsync-ed by hand."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def append(self, deal: str, events: list[Statement] | list[object]) -> None:
        lines = "".join(json.dumps(event_to_dict(e), separators=(",", ":")) + "\n" for e in events)  # type: ignore[arg-type]
        with open(os.path.join(self.folder, f"{deal}.jsonl"), "a", encoding="utf-8") as fh:
            fh.write(lines)
            fh.flush()
            os.fsync(fh.fileno())

    def load(self, deal: str) -> Deal:
        with open(os.path.join(self.folder, f"{deal}.jsonl"), encoding="utf-8") as fh:
            return replay(event_from_dict(json.loads(line)) for line in fh)


# ------------------------------------------------------------------ databases


@contextmanager
def _databases(folder: str) -> Iterator[list[tuple[str, str | None, str]]]:
    """(label, url or None, why skipped) for SQLite and PostgreSQL."""
    from tests.postgres import Cluster, missing_reason

    dbs: list[tuple[str, str | None, str]] = [("SQLite", os.path.join(folder, "bench.db"), "")]
    reason = missing_reason()
    cluster = None
    if reason is None:
        try:
            cluster = Cluster().start()
        except (RuntimeError, OSError) as err:
            reason = f"could not start: {err}"
    if cluster is not None:
        dbs.append(("PostgreSQL", cluster.new_schema(), ""))
    else:
        print(f"bench_store: PostgreSQL skipped for the benchmarks only: {reason}", file=sys.stderr)
        dbs.append(("PostgreSQL", None, reason or ""))
    try:
        yield dbs
    finally:
        if cluster is not None:
            cluster.stop()


def _fresh(url: str, tag: str) -> str:
    """A URL to an empty store: a new file, or a new schema."""
    if url.startswith("postgresql://"):
        import psycopg

        from tests.postgres import Cluster  # noqa: F401 - same server, another schema

        base, _, _ = url.partition("&options=")
        name = f"b{os.getpid()}_{tag}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            conn.execute(f"CREATE SCHEMA {name}")
        from urllib.parse import quote

        return base + "&options=" + quote(f"-c search_path={name}")
    return os.path.join(os.path.dirname(url), f"{tag}.db")


def _quiet(store: object) -> None:
    """Setup only (not timed): commit without waiting for the disk."""
    db = store._db  # type: ignore[attr-defined]
    if db.url.startswith("sqlite"):
        db.execute("PRAGMA synchronous = OFF")
    else:
        db.execute("SET synchronous_commit = off")


# ------------------------------------------------------------------ measurements


def measure(tiny: bool) -> list[Row]:
    from dealflow.store import open_store

    singles = 30 if tiny else 500
    batch, batches = (200, 3) if tiny else (1000, 20)
    long = 2_000 if tiny else 100_000
    deals = 300 if tiny else 10_000
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder, _databases(folder) as dbs:
        files = JsonFiles(folder)
        files.append("single", _opening().journal)
        t0 = time.perf_counter()
        for i in range(singles):
            files.append("single", [_notes(1, i)[0]])
        json_single = Stats.of([(time.perf_counter() - t0) / singles])
        files.append("batched", _opening().journal)
        json_batch = []
        for b in range(batches):
            events = _notes(batch, b * batch)
            t0 = time.perf_counter()
            files.append("batched", events)
            json_batch.append((time.perf_counter() - t0) / batch)
        files.append("long", _opening().journal)
        for start in range(0, long, 10_000):
            files.append("long", _notes(min(10_000, long - start), start))
        json_load = _runs(lambda: _timed(lambda: files.load("long")), 3)

        for label, url, skipped in dbs:
            if url is None:
                rows.append(Row(f"{label}: skipped", None, note=skipped))
                continue
            with open_store(_fresh(url, "single")) as store:
                store.append("d", _opening().journal, expected_version=0)
                t0 = time.perf_counter()
                for i in range(singles):
                    store.append("d", [_notes(1, i)[0]])
                ours = Stats.of([(time.perf_counter() - t0) / singles])
            rows.append(
                Row(
                    f"{label}: append 1 event ({singles} appends, each committed)",
                    ours,
                    "JSON Lines + fsync",
                    json_single,
                    value=f"{1 / ours.median:,.0f}/s vs {1 / json_single.median:,.0f}/s",
                )
            )
            with open_store(_fresh(url, "batched")) as store:
                store.append("d", _opening().journal, expected_version=0)
                runs = []
                for b in range(batches):
                    events = _notes(batch, b * batch)
                    t0 = time.perf_counter()
                    store.append("d", events)
                    runs.append((time.perf_counter() - t0) / batch)
                ours = Stats.of(runs)
            peer = Stats.of(json_batch)
            rows.append(
                Row(
                    f"{label}: append in batches of {fmt_count(batch)} (per event)",
                    ours,
                    "JSON Lines + fsync",
                    peer,
                    value=f"{1 / ours.median:,.0f}/s vs {1 / peer.median:,.0f}/s",
                )
            )
            long_url = _fresh(url, "long")
            with open_store(long_url) as store:
                _quiet(store)
                store.append("d", _opening().journal, expected_version=0)
                for start in range(0, long, 10_000):
                    store.append("d", _notes(min(10_000, long - start), start))
                warm = _runs(lambda store=store: _timed(lambda: store.load("d")), 3)  # type: ignore[misc]

            def cold(u: str = long_url) -> float:
                with open_store(u) as fresh:
                    return _timed(lambda: fresh.load("d"))

            ours = _runs(cold, 3)
            rows.append(
                Row(
                    f"{label}: load a deal of {fmt_count(long)} events (new store object)",
                    ours,
                    "JSON Lines file",
                    json_load,
                    note="decoding every event through event_from_dict is most of it; replaying is ~1 µs an event",
                )
            )
            rows.append(
                Row(
                    f"{label}: load it again (same store object: events in memory)",
                    warm,
                    value=f"{warm.median / ours.median:.2f}x the first load",
                    note="a copy of the deal, replayed from the decoded journal",
                )
            )
            rows.append(_due(label, _fresh(url, "due"), deals))
    return rows


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _due(label: str, url: str, deals: int) -> Row:
    """`dealflow store due --within 7` over ``deals`` live deals, in-process."""
    import contextlib
    import io
    from argparse import Namespace

    from dealflow import _cli_store
    from dealflow.store import open_store

    sale = Terms.sale("Buyer", entity="Target")
    with open_store(url) as store:
        _quiet(store)
        for i in range(deals):
            on = DAY + _dt.timedelta(days=i % 300)
            deal = _opening(on)
            deal.submit_bid("b", ["Buyer"], sale, on=on)
            deal.open_review("FTC", days=30 + i % 60, on=on)
            deal.issue_mandate("order", issuer="FTC", deadline=on + _dt.timedelta(days=200 + i % 90), on=on)
            store.append(f"deal-{i:05d}", deal.journal, expected_version=0)
    args = Namespace(db=url, within=7, on="2026-06-01", run=None)
    runs = []
    lines = 0
    for _ in range(7):
        out = io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(out):
            _cli_store._due(args)
        runs.append(time.perf_counter() - t0)
        lines = out.getvalue().count("\n") - 2
    stats = Stats(statistics.median(runs), min(runs), max(runs))
    return Row(
        f"{label}: store due --within 7 over {fmt_count(deals)} deals",
        stats,
        target="< 100 ms at 10k deals",
        met=stats.median < 0.1 if deals >= 10_000 else None,
        note=f"opening the store, the indexed query and printing {lines} deadlines",
    )
