"""The bundled TikTok case: its replayed end, key states, settlement, and the fidelity table of its README."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest

from dealflow import case_path, load_case

CASE = load_case(case_path("tiktok"))
DEAL = CASE.replay()
README = case_path("tiktok").parent / "README.md"
ROOT = pathlib.Path(__file__).resolve().parent.parent
VERDICTS = ("faithful", "approximated", "text only")


def _table() -> list[list[str]]:
    """The fidelity table's rows: date, timeline kind, event(s) used, verdict."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and re.fullmatch(r"~?\d{4}-\d\d-\d\d", cells[0]):
            rows.append(cells)
    return rows


def _verdict(cell: str) -> str:
    """The verdict a table cell gives (an approximation or text-only row must say how or why)."""
    for verdict in VERDICTS:
        if cell == verdict == "faithful" or (cell.startswith(f"{verdict}: ") and len(cell) > len(verdict) + 10):
            return verdict
    raise AssertionError(f"not a verdict (faithful / approximated: how / text only: why): {cell!r}")


def test_the_case_closes_on_2026_01_22() -> None:
    """The replay ends closed on 2026-01-22, with the Act satisfied and nothing owed (no price is recorded)."""
    assert DEAL.state == "closed" and DEAL.clock == dt.date(2026, 1, 22)
    assert DEAL.mandate("the Act").state == "satisfied"
    assert DEAL.settlement() == ()


@pytest.mark.parametrize(
    ("on", "machine", "name", "state"),
    [
        ("2020-09-19", "gate", "Washington", "conditionally_approved"),
        ("2020-09-26", "order", "app-store ban", "in_force"),
        ("2020-09-27", "order", "app-store ban", "enjoined"),
        ("2020-12-04", "mandate", "CFIUS order", "lapsed"),
        ("2022-06-17", "remedy", "Project Texas", "offered"),
        ("2025-04-03", "gate", "Beijing", "blocked"),
        ("2025-12-18", "deal", "", "signed"),
    ],
)
def test_key_states(on: str, machine: str, name: str, state: str) -> None:
    """Where the deal stood on key dates of the timeline."""
    status = DEAL.status_on(on)
    got = status.state if machine == "deal" else getattr(status, machine)(name).state
    assert got == state


def test_inexact_dates_say_so() -> None:
    """The "~" rows are dated about; suits and an appeal that the record implies are dated by their ruling's day."""
    qualified = {(str(e.date), e.kind, e.date_qualifier) for e in CASE.events if e.date_qualifier}
    assert qualified == {
        ("2020-09-21", "statement", "about"),
        ("2024-05-07", "suit_filed", "about"),
        ("2020-09-27", "suit_filed", "by"),
        ("2020-10-30", "suit_filed", "by"),
        ("2025-01-17", "suit_appealed", "by"),
    }
    unverified = {str(e.date) for e in CASE.events if not e.verified}
    assert {"2020-09-21", "2024-05-07"} <= unverified


def test_the_app_store_ban_takes_effect_on_the_deferred_day() -> None:
    """Commerce's app-store ban, effective 09-20, is delayed to 09-27 the day after it is issued."""
    assert DEAL.status_on("2020-09-18").order("app-store ban").effective == dt.date(2020, 9, 20)
    assert DEAL.status_on("2020-09-19").order("app-store ban").effective == dt.date(2020, 9, 27)


def test_every_event_belongs_to_a_row() -> None:
    """Each event of the case is dated on a row of the table (none invented), and each row has an event."""
    table_dates = {dt.date.fromisoformat(r[0].lstrip("~")) for r in _table()}
    event_dates = {e.date for e in CASE.events[1:]}
    assert event_dates == table_dates


def test_the_table_follows_the_timeline() -> None:
    """The table lists the timeline's rows in order: same dates, same kinds."""
    timeline = case_path("tiktok").parent / "timeline.md"  # the sourced timeline, shipped beside the case
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in timeline.read_text(encoding="utf-8").split("## Timeline", 1)[1].split("\n## ", 1)[0].splitlines()
        if re.match(r"\| ~?\d{4}-", line)
    ]
    expected = [(re.match(r"~?\d{4}-\d\d-\d\d", r[0]).group(0), r[2]) for r in rows]  # type: ignore[union-attr]
    assert [(r[0], r[1]) for r in _table()] == expected
