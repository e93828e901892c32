"""Tests of dealflow._cli_graph: ``dealflow check`` and ``dealflow diagram``."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealflow.cli import main

TIKTOK = Path(__file__).resolve().parents[1] / "examples" / "tiktok" / "tiktok.yaml"

OPEN_CASE = """\
name: A small open case
target: Widget US
seller: Widget
opened: 2021-01-01
regulators: [Washington]
parties:
  - {name: Widget, role: seller, jurisdiction: CN}
  - {name: Acme, role: bidder, jurisdiction: US}
  - {name: Washington, role: regulator, jurisdiction: US}
  - {name: Beijing, role: regulator, jurisdiction: CN}
events:
  - {type: bid_submitted, date: 2021-01-02, actor: Acme, bid: acme,
     bidders: [Acme], terms: {structure: sale, entity: Widget US, cap_table: {Acme: 1}}}
  - {type: bid_accepted, date: 2021-01-03, actor: Widget, bid: acme}
"""


def test_check_tiktok_reports_a_sound_closed_case(capsys: pytest.CaptureFixture[str]) -> None:
    """check replays the TikTok case, finds no defect and says it is closed."""
    assert main(["check", str(TIKTOK)]) == 0
    out = capsys.readouterr().out
    assert "replayed without refusal" in out
    assert "machines: deal, bid, gate, mandate, approval, remedy, suit, agreement, order are sound" in out
    assert "each a transition of its machine" in out
    assert "the deal is closed" in out
    assert "defect" not in out


def test_check_an_open_case_says_what_can_still_happen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On an open case, check prints the shortest path to closed and who can block it."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case)]) == 0
    out = capsys.readouterr().out
    assert "process at the end: deal agreed, bid acme accepted, Washington pending, Beijing not_required" in out
    # signing needs no clearance, so it comes first; approving and waiving Washington's gate tie next
    assert "shortest path to closed (3 steps): deal_signed, " in out
    assert " Washington, deal_closed\n" in out
    assert "every path to closed takes: deal_closed, deal_signed\n" in out
    assert "regulators that can still block it: Washington\n" in out


def test_check_on_a_date_explores_from_then(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--on explores from where the case stood on that date."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case), "--on", "2021-01-02"]) == 0
    assert "process on 2021-01-02: deal negotiating, bid acme submitted" in capsys.readouterr().out


def test_check_reports_when_exploration_is_too_big(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A process larger than --max-configurations is reported, not explored."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case), "--max-configurations", "3"]) == 0
    assert "process: not explored (the process has more than 3 configurations)" in capsys.readouterr().out


def test_check_a_broken_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case file that does not load is refused input: exit code 3 and the message on stderr."""
    case = tmp_path / "bad.yaml"
    case.write_text(OPEN_CASE.replace("bid_accepted", "bid_exploded"))
    assert main(["check", str(case)]) == 3
    assert "bid_exploded" in capsys.readouterr().err


def test_diagram_prints_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    """diagram prints Markdown with a mermaid block per machine the case used."""
    assert main(["diagram", str(TIKTOK)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("```mermaid\n---\ntitle: ")
    assert out.count("```mermaid") >= 4
    assert "(taken)" in out


def test_diagram_writes_dot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """diagram -o OUT --format dot writes one Graphviz digraph."""
    out_file = tmp_path / "tiktok.dot"
    assert main(["diagram", str(TIKTOK), "--format", "dot", "-o", str(out_file)]) == 0
    assert f"wrote {out_file}" in capsys.readouterr().out
    text = out_file.read_text()
    assert text.startswith('digraph "TikTok US operations" {')
    assert "penwidth=2" in text
