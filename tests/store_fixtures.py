"""Fixtures for the store's tests: ``store_url`` runs a test once on SQLite and
once on PostgreSQL.

The PostgreSQL server is started once per session (``pg_cluster``) and stopped
at the end.  Where PostgreSQL is not installed, its tests are skipped, except
in CI (``CI=true``), where they must run: the fixture then fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .postgres import Cluster, missing_reason

BACKENDS = ("sqlite", "postgresql")


def require_postgres(reason: str | None, ci: bool) -> None:
    """Skip (locally) or fail (in CI) when PostgreSQL cannot run, saying why."""
    if reason is None:
        return
    if ci:
        pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server of the session's own, stopped at the end."""
    require_postgres(missing_reason(), os.environ.get("CI", "").lower() == "true")
    cluster = Cluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "deals.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_schema()
