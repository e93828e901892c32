"""How the store's persistence layer was chosen: the same event rows appended through
stdlib sqlite3, the eventsourcing library's SQLite recorder and SQLAlchemy Core, on
SQLite with WAL and synchronous=FULL, plus each layer's import time.

A one-off, not part of run.py: ``pip install eventsourcing sqlalchemy`` first, then
``python benchmarks/store_layers.py``.  docs/store.md records its figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

Rows = list[tuple[str, int, str, bytes]]
N1, NB, B = 200, 20, 1000
DATA = b'{"type":"statement","date":"2026-01-05","actor":"Seller","text":"note"}'


def _row(v: int) -> tuple[str, int, str, bytes]:
    return ("deal-1", v, "statement", DATA)


def import_seconds(module: str) -> float:
    """Median of 5 fresh interpreters timing ``import module``."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(runs)


def stdlib(path: str) -> Callable[[Rows], None]:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE e (deal TEXT, version INTEGER, kind TEXT, data BLOB, PRIMARY KEY (deal, version))")

    def append(rows: Rows) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO e VALUES (?,?,?,?)", rows)
        conn.execute("COMMIT")

    return append


def eventsourcing(path: str) -> Callable[[Rows], None]:
    from eventsourcing.persistence import StoredEvent
    from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteDatastore

    datastore = SQLiteDatastore(path, originator_id_type="text")  # WAL; SQLite's default synchronous=FULL
    recorder = SQLiteAggregateRecorder(datastore)
    recorder.create_table()

    def append(rows: Rows) -> None:
        recorder.insert_events([StoredEvent(d, v, k, s) for d, v, k, s in rows])

    return append


def sqlalchemy(path: str) -> Callable[[Rows], None]:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{path}")

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi: Any, _record: Any) -> None:
        dbapi.execute("PRAGMA journal_mode=WAL")
        dbapi.execute("PRAGMA synchronous=FULL")

    meta = sa.MetaData()
    table = sa.Table(
        "e",
        meta,
        sa.Column("deal", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("kind", sa.Text),
        sa.Column("data", sa.LargeBinary),
    )
    meta.create_all(engine)
    insert = table.insert()

    def append(rows: Rows) -> None:
        with engine.begin() as conn:
            conn.execute(insert, [{"deal": d, "version": v, "kind": k, "data": s} for d, v, k, s in rows])

    return append


def main() -> None:
    layers = (
        ("stdlib sqlite3", stdlib, "sqlite3"),
        ("eventsourcing SQLiteAggregateRecorder", eventsourcing, "eventsourcing.sqlite"),
        ("SQLAlchemy Core", sqlalchemy, "sqlalchemy"),
    )
    for name, make, module in layers:
        append = make(os.path.join(tempfile.mkdtemp(), "layers.db"))
        v = 0
        t0 = time.perf_counter()
        for _ in range(N1):
            v += 1
            append([_row(v)])
        single = (time.perf_counter() - t0) / N1
        t0 = time.perf_counter()
        for _ in range(NB):
            append([_row(v + i + 1) for i in range(B)])
            v += B
        batch = (time.perf_counter() - t0) / (NB * B)
        print(
            f"{name}: import {import_seconds(module) * 1e3:.0f} ms; 1-event append {single * 1e3:.2f} ms"
            f" ({1 / single:,.0f}/s); batches of {B}: {batch * 1e6:.1f} µs an event ({1 / batch:,.0f}/s)"
        )


if __name__ == "__main__":
    main()
