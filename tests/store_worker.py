"""A writer process for the store's reliability tests: ``python -m tests.store_worker MODE ...``.

Modes (each prints one line per acknowledged write, flushed, so that the test
knows what the store has promised):

- ``race URL DEAL TAG N``: open the store, load the deal, print ``ready``, wait
  for a line on stdin, then append N statements tagged TAG at the version it
  loaded; print ``won V`` or ``lost``, and after a loss reload and retry until
  the batch is in (``retried V``).
- ``writer URL WORKER N SHARED``: append N statements one by one, even ones to
  the worker's own deal ``own-WORKER``, odd ones to the shared deals
  ``shared-0`` ... ``shared-(SHARED-1)`` in turn, each at the version it last
  saw, reloading and retrying on a conflict; print ``done CONFLICTS``.
- ``batches URL DEAL SIZE``: append batches of SIZE statements forever,
  printing ``acked V`` after each commit (the test kills it).
"""

from __future__ import annotations

import datetime as _dt
import sys

from dealflow import Statement
from dealflow.store import ConcurrencyError, open_store

DAY = _dt.date(2026, 1, 22)
ACTOR = "ByteDance"


def statement(text: str) -> Statement:
    """A statement by the seller, dated at the end of the opened deal's clock."""
    return Statement(date=DAY, actor=ACTOR, text=text)


def race(url: str, deal: str, tag: str, n: int) -> None:
    store = open_store(url)
    version = store.version(deal)
    store.load(deal)
    print("ready", flush=True)
    sys.stdin.readline()
    batch = [statement(f"{tag} {i}") for i in range(n)]
    try:
        print("won", store.append(deal, batch, expected_version=version), flush=True)
        return
    except ConcurrencyError:
        print("lost", flush=True)
    while True:
        version = store.version(deal)
        try:
            print("retried", store.append(deal, batch, expected_version=version), flush=True)
            return
        except ConcurrencyError:
            continue


def writer(url: str, worker: str, n: int, shared: int) -> None:
    store = open_store(url)
    seen: dict[str, int] = {}
    conflicts = 0
    for i in range(n):
        deal = f"own-{worker}" if i % 2 == 0 or shared == 0 else f"shared-{(i // 2) % shared}"
        event = statement(f"{worker} {i}")
        while True:
            expected = seen.get(deal)
            if expected is None:
                expected = seen[deal] = store.version(deal)
            try:
                seen[deal] = store.append(deal, [event], expected_version=expected)
                break
            except ConcurrencyError:
                conflicts += 1
                seen[deal] = store.version(deal)
    print("done", conflicts, flush=True)


def batches(url: str, deal: str, size: int) -> None:
    store = open_store(url)
    n = 0
    while True:
        version = store.append(deal, [statement(f"batch {n} event {i}") for i in range(size)])
        print("acked", version, flush=True)
        n += 1


def main(argv: list[str]) -> None:
    mode, url, *rest = argv
    if mode == "race":
        race(url, rest[0], rest[1], int(rest[2]))
    elif mode == "writer":
        writer(url, rest[0], int(rest[1]), int(rest[2]))
    elif mode == "batches":
        batches(url, rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
