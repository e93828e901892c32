"""Tests of dealflow._cli_replay: the `dealflow replay FILE` subcommand."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealflow import events_from_json, load_case, replay
from dealflow.cli import main

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = str(ROOT / "examples" / "tiktok" / "tiktok.yaml")
CASE = load_case(TIKTOK)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["replay", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_replay_prints_timeline_check_and_end(capsys: pytest.CaptureFixture[str]) -> None:
    """By default the command prints the timeline, the decision check and the close."""
    code, out, _ = _run(capsys, TIKTOK)
    assert code == 0
    assert out.startswith(CASE.name)
    assert sum(1 for line in out.splitlines() if line[:4].isdigit()) == len(CASE.events)
    assert "Recorded regulator decisions against the rules in force" in out
    assert "closed on 2026-01-22" in out
    assert "20% control test passes" in out


def test_on_prints_the_status_on_that_date(capsys: pytest.CaptureFixture[str]) -> None:
    """--on DATE prints where everything stood on that date, not the timeline."""
    code, out, _ = _run(capsys, TIKTOK, "--on", "2020-09-20")
    assert code == 0
    assert out.startswith("TikTok US operations on 2020-09-20")
    assert "conditionally approved" in out
    assert "deadline 2020-09-20 (today)" in out
    assert "what happened" not in out


def test_until_gives_the_2020_view(capsys: pytest.CaptureFixture[str]) -> None:
    """--until 2020-09-14 stops with the seed events: Microsoft (with Walmart) rejected, Oracle chosen."""
    code, out, _ = _run(capsys, TIKTOK, "--until", "2020-09-14")
    assert code == 0
    dated = [line[:10] for line in out.splitlines() if line[:4].isdigit() and line[4] == "-" and line[10:12] == "  "]
    assert max(dated) == "2020-09-14"
    assert "bid 'microsoft' rejected" in out
    assert "by Microsoft + Walmart" in out
    assert "US data held by Oracle" in out
    assert "Where everything stood" in out and "closed on" not in out


def test_json_export_reloads_to_an_equal_deal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json OUT writes the journal; reading it back replays to the same deal."""
    out = tmp_path / "journal.json"
    code, text, _ = _run(capsys, TIKTOK, "--json", str(out))
    assert code == 0 and f"wrote --json to {out}" in text
    assert replay(events_from_json(out.read_text(encoding="utf-8"))) == CASE.replay()


def test_diagram_and_plot_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--diagram writes mermaid diagrams of the path taken; --plot writes a PNG."""
    pytest.importorskip("matplotlib")
    diagram, plot = tmp_path / "d.md", tmp_path / "p.png"
    code, _, _ = _run(capsys, TIKTOK, "--diagram", str(diagram), "--plot", str(plot))
    assert code == 0
    assert "```mermaid" in diagram.read_text(encoding="utf-8")
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_ascii_flag_gives_ascii_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--ascii prints nothing outside ASCII."""
    _code, out, _ = _run(capsys, TIKTOK, "--ascii")
    out.encode("ascii")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--on", "2020-13-01"], "field '--on'"),
        (["--until", "soon"], "field '--until'"),
        (["missing.yaml"], "cannot read the case file"),
    ],
)
def test_bad_input_exits_2_or_3_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A bad option value exits with status 2 (usage), a missing file with 3 (refused
    input), and either says what is wrong on stderr."""
    args = argv if argv[0].endswith(".yaml") else [TIKTOK, *argv]
    code, out, err = _run(capsys, *args)
    assert code == (3 if argv[0].endswith(".yaml") else 2) and out == ""
    assert message in err and err.startswith("dealflow: ")


def test_before_the_case_opens(capsys: pytest.CaptureFixture[str]) -> None:
    """--until a date before the first event says nothing had happened."""
    code, out, _ = _run(capsys, TIKTOK, "--until", "2019-01-01")
    assert code == 0 and "Nothing had happened by 2019-01-01" in out


@pytest.mark.parametrize(
    "extra", [[], ["--on", "2020-09-20"], ["--until", "2020-09-14"], ["--until", "2024-06-01", "--on", "2021-01-01"]]
)
def test_each_command_replays_the_case_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    """One replay serves the check of the case, the timeline, the decision check and the status (one apply per event)."""
    from dealflow import Deal

    calls = []
    apply = Deal._apply  # what Deal.apply runs under its lock, and a replay runs directly

    def counted(self: Deal, event: object) -> object:
        calls.append(event)
        return apply(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Deal, "_apply", counted)
    code, out, _ = _run(capsys, TIKTOK, *extra)
    assert code == 0 and out
    assert len(calls) == len(CASE.events)


def test_the_decision_check_and_status_agree_with_separate_replays(capsys: pytest.CaptureFixture[str]) -> None:
    """What the single replay prints is what check_decisions and format_status say on their own replays."""
    from dealflow._report import check_decisions, format_checks, format_status

    _, out, _ = _run(capsys, TIKTOK, "--ascii", "--width", "100")
    assert format_checks(check_decisions(CASE.events), width=100, ascii_only=True) in out
    _, out, _ = _run(capsys, TIKTOK, "--ascii", "--on", "2020-09-20")
    assert out.strip() == format_status(CASE.replay(), "2020-09-20", ascii_only=True).strip()
