"""Durable deals: an event store, SQLite embedded by default, PostgreSQL at scale.

A store keeps each deal as its journal of events, one row per event with a
unique ``(deal, version)``, and answers questions across deals from tables it
keeps up to date in the same transaction (the deal's state, its gates, its
deadlines)::

    >>> import tempfile, os
    >>> from dealflow.store import open_store
    >>> folder = tempfile.mkdtemp()
    >>> with open_store(os.path.join(folder, "deals.db")) as store:
    ...     summary = store.import_case("examples/tiktok/tiktok.yaml")
    ...     deal = store.load("tiktok")
    ...     (summary.version, deal.state) == (len(deal.journal), "closed")
    True

Appends name the version they expect (optimistic concurrency): a writer that
lost the race gets :class:`ConcurrencyError` and can reload and retry; a batch
is one transaction, so either every event of it is stored or none is.  Events
are checked by applying them to the deal before they are stored: a refused
event leaves the store as it was.

Open a store with :func:`open_store` and a URL: a path or ``sqlite:///PATH``
for SQLite (a file, WAL, synchronous commits), ``postgresql://...`` for
PostgreSQL (needs ``pip install 'dealflow[postgres]'``, which brings psycopg 3).
Events are stored as the plain data of :func:`dealflow.event_to_dict` with a
schema version, and read back through :func:`dealflow.event_from_dict`; rows of
an older schema are upcast first.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import attrs

from ._deal import Deal, Status
from ._errors import DealflowError
from ._events import Event
from ._values import as_date

__all__ = [
    "EVENT_SCHEMA",
    "ConcurrencyError",
    "Deadline",
    "DealSummary",
    "PendingGate",
    "Store",
    "StoreError",
    "UnknownDeal",
    "deadlines_of",
    "default_url",
    "open_store",
]

EVENT_SCHEMA = 1
"""The schema version written with every stored event (see ``_UPCASTS``)."""

STORE_SCHEMA = 1
"""The layout of the store's tables; a store written by a newer layout is refused."""

PROJECTIONS = 1
"""The version of the tables derived from the journals (state, gates, deadlines);
a store opened with older ones has them rebuilt from the journals."""

APPLICATION = "dealflow-store"

# Upcasters: _UPCASTS[n] turns an event stored with schema n into schema n + 1.
# When an event's stored form changes, bump EVENT_SCHEMA and add the step here.
_UPCASTS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class StoreError(DealflowError):
    """The store cannot do what was asked: the database is not a dealflow store,
    is damaged or unreachable, or a deal is unknown."""


class UnknownDeal(StoreError, LookupError):
    """No deal of that id is in the store."""


class ConcurrencyError(StoreError):
    """An append expected a version of the deal that is no longer its latest:
    another writer appended first.  Reload the deal and retry."""


for _cls in (StoreError, UnknownDeal, ConcurrencyError):
    _cls.__module__ = "dealflow.store"


@attrs.frozen
class DealSummary:
    """One deal as the store lists it."""

    deal: str
    version: int
    state: str | None
    target: str
    seller: str
    clock: _dt.date | None
    name: str = ""


@attrs.frozen
class PendingGate:
    """A regulator's gate that has not decided yet (pending or under review)."""

    deal: str
    regulator: str
    state: str
    review_due: _dt.date | None


@attrs.frozen(order=True)
class Deadline:
    """A date by which something must happen in a deal: ``kind`` says what
    (``review`` for a gate's review clock, ``mandate`` for a forced sale's
    deadline, ``pause`` for the end of a non-enforcement order, ``outside_date``
    for a contract's outside date) and ``subject`` of what (the regulator, the
    mandate...)."""

    due: _dt.date
    deal: str
    kind: str
    subject: str


# ------------------------------------------------------------------ deadlines

DeadlineRule = Callable[[Status], Iterable[tuple[str, str, _dt.date]]]
_DEADLINE_RULES: list[DeadlineRule] = []


def _deadline_rule(fn: DeadlineRule) -> DeadlineRule:
    """Register a way to find deadlines in a deal's status: it yields
    ``(kind, subject, date)``.  Adding a kind of deadline is adding a function."""
    _DEADLINE_RULES.append(fn)
    return fn


_OPEN_GATES = frozenset({"pending", "under_review"})
_LIVE_MANDATES = frozenset({"in_force", "enjoined", "suspended"})


@_deadline_rule
def _review_clocks(status: Status) -> Iterator[tuple[str, str, _dt.date]]:
    for gate in status.gates:
        if gate.state in _OPEN_GATES and gate.review_due is not None:
            yield "review", gate.regulator, gate.review_due


@_deadline_rule
def _mandates(status: Status) -> Iterator[tuple[str, str, _dt.date]]:
    for mandate in status.mandates:
        if mandate.state in _LIVE_MANDATES:
            yield "mandate", mandate.mandate, mandate.deadline
        if mandate.paused_until is not None and mandate.state == "suspended":
            yield "pause", mandate.mandate, mandate.paused_until


@_deadline_rule
def _outside_dates(status: Status) -> Iterator[tuple[str, str, _dt.date]]:
    # contracts and their outside dates are read by name, tolerant of the status's shape:
    # a status with ``contracts`` (or one ``contract``) whose items carry ``outside_date``
    contracts = getattr(status, "contracts", None)
    if contracts is None:
        one = getattr(status, "contract", None)
        contracts = () if one is None else (one,)
    for i, contract in enumerate(contracts if isinstance(contracts, (tuple, list)) else ()):
        due = getattr(contract, "outside_date", None)
        state = getattr(contract, "state", None)
        if isinstance(due, _dt.date) and state not in {"terminated", "closed", "completed"}:
            name = getattr(contract, "name", None) or getattr(contract, "contract", None) or f"contract {i + 1}"
            yield "outside_date", str(name), due
    due = getattr(status, "outside_date", None)
    if isinstance(due, _dt.date) and not contracts:
        yield "outside_date", "contract", due


_FINAL_DEALS = frozenset({"closed", "terminated"})


def deadlines_of(deal_id: str, status: Status) -> list[Deadline]:
    """Every deadline still running in a deal's status (none once the deal is
    closed or terminated), sorted by date."""
    if status.state in _FINAL_DEALS:
        return []
    found = {Deadline(due, deal_id, kind, subject) for rule in _DEADLINE_RULES for kind, subject, due in rule(status)}
    return sorted(found)


# ------------------------------------------------------------------ backends


@attrs.frozen
class _Projection:
    gates: tuple[tuple[Any, ...], ...]
    deadlines: tuple[tuple[Any, ...], ...]
    version: int = -1  # the deal's version they were committed at


class _Backend(Protocol):
    url: str
    integrity_errors: tuple[type[BaseException], ...]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...
    def transaction(self) -> Any: ...
    def lock_version(self, deal: str) -> int | None: ...
    def insert_events(self, rows: list[tuple[Any, ...]]) -> None: ...
    def lock_layout(self) -> None: ...
    def close(self) -> None: ...


_TABLES = (
    "CREATE TABLE IF NOT EXISTS dealflow_deals ("
    " deal TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT, target TEXT NOT NULL,"
    " seller TEXT NOT NULL, clock TEXT, name TEXT NOT NULL, case_header TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dealflow_events ("
    " deal TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL,"
    " schema INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (deal, version))",
    "CREATE TABLE IF NOT EXISTS dealflow_gates ("
    " deal TEXT NOT NULL, regulator TEXT NOT NULL, state TEXT NOT NULL, review_due TEXT,"
    " PRIMARY KEY (deal, regulator))",
    "CREATE TABLE IF NOT EXISTS dealflow_deadlines ("
    " deal TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, due TEXT NOT NULL,"
    " PRIMARY KEY (deal, kind, subject))",
    "CREATE INDEX IF NOT EXISTS dealflow_deadlines_due ON dealflow_deadlines (due)",
    "CREATE INDEX IF NOT EXISTS dealflow_gates_regulator ON dealflow_gates (regulator, state)",
    "CREATE INDEX IF NOT EXISTS dealflow_deals_state ON dealflow_deals (state)",
)
_INSERT_EVENTS = "INSERT INTO dealflow_events (deal, version, kind, date, schema, data) VALUES (?, ?, ?, ?, ?, ?)"
_COPY_EVENTS = "COPY dealflow_events (deal, version, kind, date, schema, data) FROM STDIN"
_META = "CREATE TABLE IF NOT EXISTS dealflow_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_OURS = frozenset({"dealflow_meta", "dealflow_deals", "dealflow_events", "dealflow_gates", "dealflow_deadlines"})


class _SQLite:
    """SQLite through the standard library: one file, WAL, synchronous commits."""

    def __init__(self, path: str) -> None:
        import sqlite3

        self.url = f"sqlite:///{path}"
        self.path = path
        self.integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
        self._sqlite3 = sqlite3
        _check_sqlite_file(path)
        try:
            # autocommit mode: transactions are begun and ended explicitly below
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=60.0, check_same_thread=False)
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as err:
            raise _bad_sqlite(path, err) from None
        foreign = sorted(tables - _OURS)
        if tables and "dealflow_meta" not in tables:
            self.conn.close()
            listed = ", ".join(foreign[:5]) or ", ".join(sorted(tables))
            msg = f"{path} is a SQLite database but not a dealflow store (it has tables: {listed})"
            raise StoreError(msg, fix="give a new file name, or the path of a dealflow store") from None
        try:
            self.conn.execute("PRAGMA busy_timeout = 60000")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self.conn.execute("PRAGMA synchronous = FULL")  # a commit is on disk when append returns
        except sqlite3.DatabaseError as err:
            self.conn.close()
            raise _bad_sqlite(path, err) from None
        self.journal_mode = str(mode[0]) if mode else ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except self._sqlite3.IntegrityError:
            raise
        except self._sqlite3.DatabaseError as err:
            raise _bad_sqlite(self.path, err) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except self._sqlite3.IntegrityError:
            raise
        except self._sqlite3.DatabaseError as err:
            raise _bad_sqlite(self.path, err) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.execute("BEGIN IMMEDIATE")  # takes the write lock now: writers queue, none deadlocks
        try:
            yield
            self.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def lock_version(self, deal: str) -> int | None:
        rows = self.execute("SELECT version FROM dealflow_deals WHERE deal = ?", (deal,))
        return int(rows[0][0]) if rows else None

    def insert_events(self, rows: list[tuple[Any, ...]]) -> None:
        self.executemany(_INSERT_EVENTS, rows)

    def lock_layout(self) -> None:
        pass  # BEGIN IMMEDIATE already serialises whoever creates the tables

    def close(self) -> None:
        self.conn.close()


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_sqlite_file(path: str) -> None:
    """Refuse, before anything is written, a file that is not a SQLite database."""
    if os.path.isdir(path):
        raise StoreError(f"{path} is a directory", fix="give the path of a store file, e.g. deals.db")
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise StoreError(f"no folder {folder} for the store {path}", fix="create the folder first") from None
        return
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror}", fix="check the path and its permissions") from None
    if head and not head.startswith(_SQLITE_MAGIC):
        msg = f"{path} is not a SQLite database (it starts with {head[:16]!r})"
        raise StoreError(msg, fix="give a new file name, or the path of a dealflow store; the file was left as it is")
    if head and len(head) < 100:
        msg = f"{path} is a truncated SQLite database ({len(head)} bytes)"
        raise StoreError(msg, fix="restore it from a backup; the file was left as it is")


def _bad_sqlite(path: str, err: BaseException) -> StoreError:
    text = str(err)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} stayed locked by another writer: {text}", fix="retry when the other writer is done")
    return StoreError(
        f"{path} is damaged or not a dealflow store: {text}",
        fix="restore it from a backup, or give another file; nothing was written to it",
    )


class _Postgres:
    """PostgreSQL through psycopg 3."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ModuleNotFoundError:
            msg = "PostgreSQL stores need psycopg 3"
            raise StoreError(msg, fix="pip install 'dealflow[postgres]'") from None
        self.url = url
        self._psycopg = psycopg
        self.integrity_errors: tuple[type[BaseException], ...] = (psycopg.errors.IntegrityError,)
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            msg = f"cannot connect to {_redact(url)}: {str(err).strip()}"
            raise StoreError(msg, fix="check the URL, and that the server is running") from None
        self._tx = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            cur = self.conn.execute(sql.replace("?", "%s"), params)
            return cur.fetchall() if cur.description is not None else []
        except self.integrity_errors:
            raise
        except self._psycopg.Error as err:
            raise StoreError(f"{_redact(self.url)}: {str(err).strip()}", fix="check the database") from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            with self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), list(rows))
        except self.integrity_errors:
            raise
        except self._psycopg.Error as err:
            raise StoreError(f"{_redact(self.url)}: {str(err).strip()}", fix="check the database") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def lock_version(self, deal: str) -> int | None:
        rows = self.execute("SELECT version FROM dealflow_deals WHERE deal = ? FOR UPDATE", (deal,))
        return int(rows[0][0]) if rows else None

    def lock_layout(self) -> None:
        # two processes creating the tables at once would collide in PostgreSQL's catalogue
        self.execute("SELECT pg_advisory_xact_lock(hashtext('dealflow_store_layout'))")

    def insert_events(self, rows: list[tuple[Any, ...]]) -> None:
        if len(rows) < 8:
            self.executemany(_INSERT_EVENTS, rows)
            return
        try:  # COPY: one round trip for the whole batch
            with self.conn.cursor() as cur, cur.copy(_COPY_EVENTS) as copy:
                for row in rows:
                    copy.write_row(row)
        except self.integrity_errors:
            raise
        except self._psycopg.Error as err:
            raise StoreError(f"{_redact(self.url)}: {str(err).strip()}", fix="check the database") from None

    def close(self) -> None:
        self.conn.close()


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


# ------------------------------------------------------------------ the store


def default_url() -> str:
    """The store used when none is named: ``$DEALFLOW_DB``, else ``dealflow.db``
    in the working directory."""
    return os.environ.get("DEALFLOW_DB") or "dealflow.db"


def open_store(url: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating if needed) the store at ``url``: a file path or
    ``sqlite:///PATH`` for SQLite, ``postgresql://...`` for PostgreSQL; ``None``
    for :func:`default_url`."""
    text = os.fspath(url) if url is not None else default_url()
    backend: _Backend
    if text.startswith(("postgresql://", "postgres://")):
        backend = _Postgres(text)
    elif text.startswith("sqlite://"):
        path = text[len("sqlite://") :]
        path = path[1:] if path.startswith("/") and not path.startswith("//") else path
        if not path:
            raise StoreError(f"no file in {text!r}", fix="write sqlite:///PATH, e.g. sqlite:///deals.db")
        backend = _SQLite(path)
    elif "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"unknown database {scheme!r} in {text!r}", fix="use a file path, sqlite:///PATH or postgresql://..."
        )
    else:
        backend = _SQLite(text)
    return Store(backend)


class Store:
    """An event store of deals; make one with :func:`open_store`.

    One store object is used by one thread; processes and threads each open
    their own.  It keeps the deals it loaded in memory, so that the next append
    or load reads only the events written since.
    """

    def __init__(self, backend: _Backend) -> None:
        self._db = backend
        self._cache: dict[str, Deal] = {}
        self._projected: dict[str, _Projection] = {}  # the derived rows this store last committed
        try:
            self._prepare()
        except BaseException:
            backend.close()
            raise

    @property
    def url(self) -> str:
        """The database's URL."""
        return self._db.url

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {_redact(self.url)}>"

    # -------------------------------------------------------------- layout

    def _prepare(self) -> None:
        db = self._db
        with db.transaction():
            db.lock_layout()
            db.execute(_META)
            meta = {str(k): str(v) for k, v in db.execute("SELECT key, value FROM dealflow_meta")}
            if meta:
                self._check_meta(meta)
            else:
                for ddl in _TABLES:
                    db.execute(ddl)
                db.executemany(
                    "INSERT INTO dealflow_meta (key, value) VALUES (?, ?)",
                    [
                        ("application", APPLICATION),
                        ("store_schema", str(STORE_SCHEMA)),
                        ("projections", str(PROJECTIONS)),
                    ],
                )
                meta = {"projections": str(PROJECTIONS)}
        if meta.get("projections") != str(PROJECTIONS):
            self.rebuild_projections()

    def _check_meta(self, meta: Mapping[str, str]) -> None:
        if meta.get("application") != APPLICATION:
            msg = f"{_redact(self.url)} has a dealflow_meta table that is not a dealflow store's"
            raise StoreError(msg, fix="give another database; nothing was written to this one")
        schema = meta.get("store_schema", "")
        if not schema.isdigit() or int(schema) > STORE_SCHEMA:
            msg = f"the store's layout is version {schema}, newer than this dealflow's ({STORE_SCHEMA})"
            raise StoreError(msg, fix="upgrade dealflow to open it; nothing was written to it")

    def rebuild_projections(self) -> None:
        """Recompute the tables of state, gates and deadlines from the journals
        (after an upgrade that adds a kind of deadline, for instance)."""
        deals = [r[0] for r in self._db.execute("SELECT deal FROM dealflow_deals ORDER BY deal")]
        for deal_id in deals:
            with self._db.transaction():
                deal = self._deal_at(deal_id, self._db.lock_version(deal_id) or 0)
                projection = self._project(deal_id, deal, None, None)  # under the deal's lock
            self._projected[deal_id] = attrs.evolve(projection, version=len(deal.journal))
        with self._db.transaction():
            self._db.execute("UPDATE dealflow_meta SET value = ? WHERE key = 'projections'", (str(PROJECTIONS),))

    # -------------------------------------------------------------- writing

    def append(
        self,
        deal_id: str,
        events: Iterable[Event],
        *,
        expected_version: int | None = None,
        case_header: Mapping[str, Any] | None = None,
    ) -> int:
        """Append ``events`` to deal ``deal_id`` in one transaction and return
        the deal's new version (its number of events).

        ``expected_version`` is the version the caller last saw: 0 to create
        the deal, ``None`` to append after whatever is stored.  If another
        writer appended first, :class:`ConcurrencyError` is raised and nothing
        is written.  An event the deal refuses raises its error, naming its
        index in ``events``; nothing is written either.
        """
        batch = list(events)
        if not isinstance(deal_id, str) or not deal_id.strip() or deal_id != deal_id.strip():
            raise StoreError(f"bad deal id {deal_id!r}", field="deal", fix="name the deal, e.g. tiktok")
        if expected_version is not None and (
            isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 0
        ):
            msg = f"expected version {expected_version!r} is not a count of events"
            raise StoreError(msg, field="expected_version", fix="give 0 for a new deal, or the version last read")
        if not batch:
            raise StoreError("nothing to append", fix="give at least one event")
        db = self._db
        stored = 0
        try:
            with db.transaction():
                current = db.lock_version(deal_id)
                stored = current or 0
                if expected_version is not None and stored != expected_version:
                    raise self._conflict(deal_id, expected_version, stored)
                deal = self._deal_at(deal_id, stored)
                # until this commits, neither the deal in memory nor the derived rows are the stored ones
                self._cache.pop(deal_id, None)
                projected = self._projected.pop(deal_id, None)
                if projected is not None and projected.version != stored:
                    projected = None  # another writer changed the deal since
                for i, event in enumerate(batch):
                    try:
                        deal.apply(event)
                    except DealflowError as err:
                        # the batch's index (event #i of what was appended); nothing is stored
                        raise type(err)(err.rule, fix=err.fix, field=err.field, index=i, kind=event.kind) from None
                new = stored + len(batch)
                if current is None:
                    db.execute(
                        "INSERT INTO dealflow_deals (deal, version, state, target, seller, clock, name, case_header)"
                        " VALUES (?, 0, NULL, '', '', NULL, '', '{}')",
                        (deal_id,),
                    )
                from ._serde import event_to_dict

                db.insert_events(
                    [
                        (
                            deal_id,
                            stored + 1 + i,
                            e.kind,
                            e.date.isoformat(),
                            EVENT_SCHEMA,
                            json.dumps(event_to_dict(e), ensure_ascii=False, separators=(",", ":")),
                        )
                        for i, e in enumerate(batch)
                    ],
                )
                projection = self._project(deal_id, deal, case_header, projected)
        except db.integrity_errors:
            # another writer stored this deal or these versions first (the unique keys refused ours)
            raise self._conflict(deal_id, stored if expected_version is None else expected_version, None) from None
        self._cache[deal_id] = deal
        self._projected[deal_id] = attrs.evolve(projection, version=new)
        return new

    def _conflict(self, deal_id: str, expected: int, stored: int | None) -> ConcurrencyError:
        if expected == 0:
            msg = f"deal {deal_id!r} already exists" + (f" (version {stored})" if stored else "")
            return ConcurrencyError(msg, field="deal", fix="choose another id, or append to it at its version")
        now = f"is at version {stored}" if stored else "was changed by another writer"
        msg = f"deal {deal_id!r} {now}, not the expected version {expected}: another writer appended first"
        return ConcurrencyError(msg, field="expected_version", fix="reload the deal and retry at its new version")

    def _project(
        self, deal_id: str, deal: Deal, case_header: Mapping[str, Any] | None, before: _Projection | None
    ) -> _Projection:
        """Bring the tables derived from the deal up to date; rows that did not change
        since this store last wrote them are not written again."""
        db = self._db
        status = deal.status()
        clock = status.on.isoformat() if status.on else None
        db.execute(
            "UPDATE dealflow_deals SET version = ?, state = ?, target = ?, seller = ?, clock = ? WHERE deal = ?",
            (len(deal.journal), status.state, status.target, status.seller, clock, deal_id),
        )
        if case_header is not None:
            name = str(case_header.get("name", ""))
            db.execute(
                "UPDATE dealflow_deals SET name = ?, case_header = ? WHERE deal = ?",
                (name, json.dumps(dict(case_header), ensure_ascii=False), deal_id),
            )
        gates = tuple(
            (deal_id, g.regulator, g.state, g.review_due.isoformat() if g.review_due else None) for g in status.gates
        )
        deadlines = tuple((deal_id, d.kind, d.subject, d.due.isoformat()) for d in deadlines_of(deal_id, status))
        if before is None or before.gates != gates:
            db.execute("DELETE FROM dealflow_gates WHERE deal = ?", (deal_id,))
            db.executemany("INSERT INTO dealflow_gates (deal, regulator, state, review_due) VALUES (?, ?, ?, ?)", gates)
        if before is None or before.deadlines != deadlines:
            db.execute("DELETE FROM dealflow_deadlines WHERE deal = ?", (deal_id,))
            db.executemany("INSERT INTO dealflow_deadlines (deal, kind, subject, due) VALUES (?, ?, ?, ?)", deadlines)
        return _Projection(gates, deadlines)

    # -------------------------------------------------------------- reading

    def version(self, deal_id: str) -> int:
        """The number of events stored for the deal (0 if it is unknown)."""
        rows = self._db.execute("SELECT version FROM dealflow_deals WHERE deal = ?", (deal_id,))
        return int(rows[0][0]) if rows else 0

    def events(self, deal_id: str, *, after: int = 0, upto: int | None = None) -> list[Event]:
        """The deal's events with versions ``after + 1`` to ``upto`` (all by default)."""
        sql = "SELECT version, schema, data FROM dealflow_events WHERE deal = ? AND version > ?"
        params: list[Any] = [deal_id, after]
        if upto is not None:
            sql += " AND version <= ?"
            params.append(upto)
        rows = self._db.execute(sql + " ORDER BY version", params)
        from ._serde import event_from_dict

        return [_decode(event_from_dict, deal_id, version, schema, data) for version, schema, data in rows]

    def _deal_at(self, deal_id: str, version: int) -> Deal:
        """The deal at ``version`` (its latest stored), from memory plus the events since."""
        deal = self._cache.get(deal_id)
        if deal is None or len(deal.journal) > version:
            deal = Deal()
        have = len(deal.journal)
        if have < version:
            for offset, event in enumerate(self.events(deal_id, after=have, upto=version)):
                try:
                    deal.apply(event)
                except DealflowError as err:
                    self._cache.pop(deal_id, None)
                    msg = f"the stored journal of {deal_id!r} does not replay at version {have + offset + 1}: {err}"
                    raise StoreError(msg, fix="restore the store from a backup") from None
        if len(deal.journal) != version:
            msg = f"deal {deal_id!r} has {len(deal.journal)} events stored, its version says {version}"
            raise StoreError(msg, fix="restore the store from a backup")
        self._cache[deal_id] = deal
        return deal

    def load(self, deal_id: str, *, version: int | None = None) -> Deal:
        """The deal rebuilt from its journal (up to ``version`` events when given).

        The returned deal is the caller's own: applying events to it changes
        nothing in the store (use :meth:`append`)."""
        latest = self.version(deal_id)
        if latest == 0:
            raise self._unknown(deal_id)
        want = latest if version is None else version
        if not 0 < want <= latest:
            raise StoreError(f"deal {deal_id!r} has no version {version}", fix=f"give a version from 1 to {latest}")
        if want < latest:
            from ._deal import replay

            return replay(self.events(deal_id, upto=want))
        deal = self._deal_at(deal_id, latest)  # committed events never change: no lock needed
        from ._deal import replay

        return replay(deal.journal)  # 1 µs an event: a copy the caller may change

    def _unknown(self, deal_id: str) -> UnknownDeal:
        known = [r[0] for r in self._db.execute("SELECT deal FROM dealflow_deals ORDER BY deal LIMIT 6")]
        listed = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
        fix = f"use one of: {listed}" if known else "import a case first: dealflow store import FILE"
        return UnknownDeal(f"no deal {deal_id!r} in the store", field="deal", fix=fix)

    def deals(self, *, state: str | None = None) -> list[DealSummary]:
        """Every deal (or those in ``state``), by id."""
        sql = "SELECT deal, version, state, target, seller, clock, name FROM dealflow_deals WHERE version > 0"
        params: tuple[Any, ...] = ()
        if state is not None:
            sql += " AND state = ?"
            params = (state,)
        rows = self._db.execute(sql + " ORDER BY deal", params)
        return [
            DealSummary(d, int(v), s, t, sel, _dt.date.fromisoformat(c) if c else None, n or "")
            for d, v, s, t, sel, c, n in rows
        ]

    def summary(self, deal_id: str) -> DealSummary:
        """One deal's summary."""
        rows = self._db.execute(
            "SELECT deal, version, state, target, seller, clock, name FROM dealflow_deals WHERE deal = ?", (deal_id,)
        )
        if not rows or not rows[0][1]:
            raise self._unknown(deal_id)
        d, v, s, t, sel, c, n = rows[0]
        return DealSummary(d, int(v), s, t, sel, _dt.date.fromisoformat(c) if c else None, n or "")

    def pending_gates(self, regulator: str | None = None) -> list[PendingGate]:
        """Gates waiting for a decision (pending or under review) in deals not yet
        closed or terminated, by regulator then deal."""
        sql = (
            "SELECT g.deal, g.regulator, g.state, g.review_due FROM dealflow_gates g"
            " JOIN dealflow_deals d ON d.deal = g.deal"
            " WHERE g.state IN ('pending', 'under_review') AND (d.state IS NULL OR d.state NOT IN ('closed', 'terminated'))"
        )
        params: tuple[Any, ...] = ()
        if regulator is not None:
            sql += " AND g.regulator = ?"
            params = (regulator,)
        rows = self._db.execute(sql + " ORDER BY g.regulator, g.deal", params)
        return [PendingGate(d, r, s, _dt.date.fromisoformat(due) if due else None) for d, r, s, due in rows]

    def deadlines(self, start: _dt.date | str, end: _dt.date | str) -> list[Deadline]:
        """Every running deadline dated from ``start`` to ``end`` (both included),
        by date."""
        first, last = as_date(start, "start"), as_date(end, "end")
        rows = self._db.execute(
            "SELECT due, deal, kind, subject FROM dealflow_deadlines WHERE due >= ? AND due <= ?"
            " ORDER BY due, deal, kind, subject",
            (first.isoformat(), last.isoformat()),
        )
        return [Deadline(_dt.date.fromisoformat(due), d, k, s) for due, d, k, s in rows]

    # -------------------------------------------------------------- case files

    def import_case(self, path: str | os.PathLike[str], deal_id: str | None = None) -> DealSummary:
        """Store a case file (see :func:`dealflow.load_case`) as a new deal, named
        ``deal_id`` or after the file (``tiktok.yaml`` becomes ``tiktok``)."""
        from ._case import load_case

        case = load_case(path)
        name = deal_id if deal_id is not None else _slug(os.path.splitext(os.path.basename(os.fspath(path)))[0])
        header: dict[str, Any] = {"name": case.name}
        if case.description:
            header["description"] = case.description
        if case.sources:
            header["sources"] = {str(k): v for k, v in sorted(case.sources.items())}
        self.append(name, case.events, expected_version=0, case_header=header)
        return self.summary(name)

    def case_data(self, deal_id: str) -> dict[str, Any]:
        """The deal as the plain data of a case file (header and events)."""
        from ._events import DealOpened
        from ._serde import event_to_dict

        deal = self.load(deal_id)
        rows = self._db.execute("SELECT case_header FROM dealflow_deals WHERE deal = ?", (deal_id,))
        header: dict[str, Any] = json.loads(rows[0][0]) if rows and rows[0][0] else {}
        opening = deal.journal[0]
        assert isinstance(opening, DealOpened)
        first = event_to_dict(opening)
        out: dict[str, Any] = {"name": header.get("name") or deal_id}
        out["target"] = first["target"]
        out["seller"] = first["seller"]
        out["parties"] = first.get("parties", [])
        if first.get("regulators"):
            out["regulators"] = first["regulators"]
        out["opened"] = first["date"]
        out["actor"] = first["actor"]
        if header.get("description"):
            out["description"] = header["description"]
        if header.get("sources"):
            out["sources"] = {int(k): v for k, v in header["sources"].items()}
        out["events"] = [event_to_dict(e) for e in deal.journal[1:]]
        if not out["events"]:
            raise StoreError(
                f"deal {deal_id!r} has only its opening event",
                fix="append at least one event; a case file lists one or more events",
            )
        return out

    def export_case(self, deal_id: str, path: str | os.PathLike[str]) -> None:
        """Write the deal as a case file: JSON if ``path`` ends in ``.json``, else
        YAML.  Loading it back with :func:`dealflow.load_case` replays the same
        events."""
        data = json.loads(json.dumps(self.case_data(deal_id)))  # plain types only (str enums become text)
        name = os.fspath(path)
        if name.lower().endswith(".json"):
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            import yaml

            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        try:
            with open(name, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as err:
            raise StoreError(f"cannot write {name}: {err.strerror}", fix="give a writable path") from None


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_.-]+", "-", text.lower()).strip("-")
    return slug or "deal"


def _decode(event_from_dict: Callable[..., Event], deal_id: str, version: int, schema: int, data: str) -> Event:
    try:
        body = json.loads(data)
    except ValueError:
        msg = f"the stored event {version} of {deal_id!r} is not JSON"
        raise StoreError(msg, index=version - 1, fix="restore the store from a backup") from None
    if schema != EVENT_SCHEMA:
        body = _upcast(body, int(schema), deal_id, version)
    try:
        return event_from_dict(body, index=version - 1)
    except DealflowError as err:
        msg = f"the stored event {version} of {deal_id!r} cannot be read: {err}"
        raise StoreError(msg, index=version - 1, fix="restore the store from a backup") from None


def _upcast(body: dict[str, Any], schema: int, deal_id: str, version: int) -> dict[str, Any]:
    if schema > EVENT_SCHEMA:
        msg = f"event {version} of {deal_id!r} has schema {schema}, newer than this dealflow's ({EVENT_SCHEMA})"
        raise StoreError(msg, index=version - 1, fix="upgrade dealflow to read this store")
    while schema < EVENT_SCHEMA:
        step = _UPCASTS.get(schema)
        if step is None:
            msg = f"event {version} of {deal_id!r} has schema {schema}, which this dealflow cannot upcast"
            raise StoreError(msg, index=version - 1, fix="read it with the dealflow release that wrote it")
        body = step(body)
        schema += 1
    return body
