"""A throw-away PostgreSQL server for the store's tests and benchmarks.

:class:`Cluster` runs Debian's PostgreSQL binaries (``/usr/lib/postgresql/*/bin``):
``initdb`` in a temporary folder, ``pg_ctl start`` listening on a Unix socket only,
and ``pg_ctl stop`` at the end.  PostgreSQL refuses to run as root, so when the
tests run as root (CI does) the server runs as the ``postgres`` user through
``runuser``.  Each test gets its own schema (through the URL's ``options``), so
tests never see each other's tables.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

__all__ = ["Cluster", "find_binaries", "missing_reason"]


def find_binaries() -> Path | None:
    """The folder of the newest PostgreSQL server binaries installed, if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def missing_reason() -> str | None:
    """Why a PostgreSQL server cannot be started here (``None`` if it can)."""
    if find_binaries() is None:
        return "PostgreSQL is not installed (apt-get install -y postgresql)"
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        return "psycopg is not installed (pip install 'dealflow[postgres]')"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A PostgreSQL server of its own in a temporary folder."""

    def __init__(self) -> None:
        binaries = find_binaries()
        if binaries is None:
            msg = "PostgreSQL binaries not found"
            raise RuntimeError(msg)
        self.bin = binaries
        # as root, the server's user must reach the folder: /tmp, not a private $TMPDIR
        where = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix="dealflow-pg-", dir=where))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        self._schemas = itertools.count(1)
        self.started = False

    def _run(self, *args: str) -> None:
        proc = subprocess.run([*self._as, *args], capture_output=True, text=True, check=False, timeout=120)
        if proc.returncode != 0:
            msg = f"{' '.join(args[:2])} failed ({proc.returncode}): {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            raise RuntimeError(msg)

    def start(self) -> Cluster:
        """initdb and start the server; returns self."""
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-N", "-E", "UTF8")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses='' -c max_connections=60"
            " -c fsync=off -c full_page_writes=off"  # a test server: a killed process still loses nothing
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start"
        )
        self.started = True
        return self

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        if self.started:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, schema: str | None = None) -> str:
        """A connection URL to the server (using ``schema`` for every table when given)."""
        url = f"postgresql://postgres@/postgres?host={quote(str(self.root))}&port={self.port}"
        if schema is not None:
            url += "&options=" + quote(f"-c search_path={schema}")
        return url

    def new_schema(self) -> str:
        """A URL to a new, empty schema."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._schemas)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return self.url(name)
