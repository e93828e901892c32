"""The fuzz harness (issue 15): hypothesis-driven mutations of every example case
file (of its data, and of its raw text) and of event dicts applied to a deal.

It fails on any exception that is not a :class:`~dealflow.DealflowError`, on any
run over 2 s (hypothesis' deadline, with an alarm as a guard against hangs that
never return), and on any refused event that changed the deal.

The budget is small by default (CI); set ``DEALFLOW_FUZZ=N`` for N inputs per
test and run with ``-s`` to see the counts (inputs tried, refused, accepted)::

    DEALFLOW_FUZZ=5000 .venv/bin/pytest tests/test_fuzz.py -s -p no:cacheprovider
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow._case import _yaml_loader, load_case, load_case_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
BUDGET = int(os.environ.get("DEALFLOW_FUZZ", "20"))
LIMIT = dt.timedelta(seconds=2)
FUZZ = settings(
    max_examples=BUDGET,
    deadline=LIMIT,
    database=None,
    derandomize=BUDGET <= 20,  # CI runs the same small sample every time; large runs explore
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
COUNTS: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)

HOSTILE_TEXT = [
    "",
    " ",
    "1e-999999999",
    "1e999999999",
    "1e-5000000",
    "\u0661\u0660%",
    "1_0%",
    "101%",
    "-5%",
    "1/0",
    "nan",
    "inf",
    "9999-12-31",
    "9999-12-30",
    "0001-01-01",
    "2020-02-30",
    "2020-13-01",
    "Oracle",
    "ByteDance",
    "Washington",
    "Beijing",
    "Nobody",
    "bid_submitted",
    "approved",
    "deal_closed",
    "statement",
    "sale",
    "joint_venture",
    "foreign_adversary_control",
    "x" * 200_001,
]
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**3),
    st.integers(-(10**40), 10**40),
    st.sampled_from([10**9, 10**6, -1, 0, 2**63, 10**5000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(HOSTILE_TEXT),
    st.dates().map(str),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
    st.just({"rule": "foreign_adversary_control", "threshold": "1e-999999999"}),
    st.just({None: "50%"}),
)


@contextlib.contextmanager
def _alarm(seconds: int = 20) -> Iterator[None]:
    """Raise in the test if one input runs for ``seconds`` (hypothesis' deadline only
    fires after a run returns, and a hang never returns)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def ring(signum: int, frame: object) -> None:
        msg = f"one input ran over {seconds} s"
        raise TimeoutError(msg)

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _report(name: str) -> None:
    counts = COUNTS[name]
    line = f"fuzz {name}: {counts['tried']} tried, {counts['refused']} refused, {counts['accepted']} accepted"
    if "DEALFLOW_FUZZ" in os.environ:
        print(line, file=sys.stderr)  # the on-demand run reports its counts


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


def _mutate(draw: st.DrawFn, data: Any) -> Any:
    """``data`` (a deep copy) with one to three mutations at random places."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return copy.deepcopy(draw(HOSTILE))
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        op = draw(st.sampled_from(("replace", "replace", "replace", "delete", "duplicate", "rename", "shift")))
        if op == "replace":
            parent[last] = copy.deepcopy(draw(HOSTILE))  # never a value hypothesis shares between inputs
        elif op == "delete":
            del parent[last]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif op == "rename" and isinstance(parent, dict):
            value = parent.pop(last)
            parent[draw(st.sampled_from([f"{last}_", str(last)[:-1], str(last).upper(), "type", "date", "x"]))] = value
        elif op == "shift" and isinstance(parent[last], str) and parent[last][:2] in ("19", "20"):
            with contextlib.suppress(ValueError):
                day = dt.date.fromisoformat(parent[last]) + dt.timedelta(days=draw(st.integers(-4000, 4000)))
                parent[last] = day.isoformat()
    return data


def _data(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return _plain(json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_yaml_loader()))


def _plain(data: Any) -> Any:
    """Plain dicts and lists (the loader's mappings also know their lines)."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_mutated_case_files_are_refused_cleanly_or_load(path: Path) -> None:
    """Any mutation of an example case file (its data, written back as YAML or JSON) is
    either loaded or refused with a DealflowError, within the time limit."""
    base = _data(path)
    name = f"{path.name} (data)"

    @FUZZ
    @given(st.composite(lambda draw: _mutate(draw, base))(), st.booleans())
    def run(mutated: Any, as_json: bool) -> None:
        COUNTS[name]["tried"] += 1
        if as_json:
            try:
                text = json.dumps(mutated)
            except (TypeError, ValueError):  # a None key... is not JSON: write the YAML instead
                as_json = False
        if not as_json:
            try:
                text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False)
            except ValueError:  # an int over Python's 4,300 digits cannot be written (the loader's limit is tested)
                assume(False)
        with _alarm():
            try:
                load_case_text(text, file=path.stem + (".json" if as_json else ".yaml"))
            except df.DealflowError as err:
                assert len(str(err)) < 10_000, "a refusal's message is too long"
                COUNTS[name]["refused"] += 1
            else:
                COUNTS[name]["accepted"] += 1

    run()
    _report(name)
    assert COUNTS[name]["tried"] >= 1


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_mutated_case_texts_are_refused_cleanly_or_load(path: Path) -> None:
    """Any edit of an example case file's raw text (characters cut, inserted or replaced)
    is either loaded or refused with a DealflowError, within the time limit."""
    text = path.read_text(encoding="utf-8")
    name = f"{path.name} (text)"
    junk = st.sampled_from(["", ":", "-", " ", "\n", "&a ", "*a", "[", "{", "'", '"', "!!python/object ", "<<: ", "\t"])

    @FUZZ
    @given(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 40), junk), min_size=1, max_size=4))
    def run(edits: list[tuple[int, int, str]]) -> None:
        out = text
        for at, cut, insert in edits:
            out = out[:at] + insert + out[at + cut :]
        COUNTS[name]["tried"] += 1
        with _alarm():
            try:
                load_case_text(out, file=path.name)
            except df.DealflowError:
                COUNTS[name]["refused"] += 1
            else:
                COUNTS[name]["accepted"] += 1

    run()
    _report(name)
    assert COUNTS[name]["tried"] >= 1


TIKTOK_CASE = load_case(ROOT / "examples" / "tiktok" / "tiktok.yaml")
EVENT_DICTS = [df.event_to_dict(e) for e in TIKTOK_CASE.events]


def test_mutated_events_are_refused_without_changing_the_deal() -> None:
    """A mutated event dict, applied to the TikTok deal at a random point of its history,
    is read and applied, or refused with a DealflowError that leaves the deal exactly as
    it was (and its journal still replays)."""
    name = "tiktok events"

    @FUZZ
    @given(st.integers(1, len(EVENT_DICTS) - 1), st.data())
    def run(k: int, data: st.DataObject) -> None:
        mutated = data.draw(st.composite(lambda draw: _mutate(draw, EVENT_DICTS[k]))())
        COUNTS[name]["tried"] += 1
        with _alarm():
            deal = df.replay(TIKTOK_CASE.events[:k])
            try:
                event = df.event_from_dict(mutated, index=k)
            except df.DealflowError:
                COUNTS[name]["refused"] += 1
                return
            before = copy.deepcopy(deal)
            try:
                deal.apply(event)
            except df.DealflowError as err:
                COUNTS[name]["refused"] += 1
                assert deal == before, f"refused {event!r} changed the deal ({err})"
                assert df.replay(deal.journal) == deal, "the journal no longer replays"
            else:
                COUNTS[name]["accepted"] += 1
                assert df.replay(deal.journal) == deal, "the journal no longer replays"

    run()
    _report(name)
    assert COUNTS[name]["tried"] >= 1
