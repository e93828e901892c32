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
    assert "defect" not in out.replace(str(TIKTOK), "the case file")  # its path may say anything


def test_check_an_open_case_says_what_can_still_happen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On an open case, check prints the shortest way to closed, what it needs and who can stop it."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case)]) == 0
    out = capsys.readouterr().out
    assert "outlook at the end (2021-01-03): the deal is agreed" in out
    # signing needs no clearance; Washington's review is opened, then decided; it is never waived
    assert "can it close? yes; shortest way (4 events, replayed on the deal before printing):\n" in out
    assert "    2021-01-03 deal_signed by Widget: deal signed\n" in out
    assert "    2021-01-03 review_opened by Washington: Washington opens a review (30 days)\n" in out
    assert "    2021-01-03 approved by Washington: Washington approves\n" in out
    assert "gate_waived" not in out
    assert "    - Washington clears the terms" in out
    assert "who can still stop it (every way needs their act): Washington\n" in out


def test_check_on_a_date_explores_from_then(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--on explores from where the case stood on that date: the live offer is accepted first."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case), "--on", "2021-01-02"]) == 0
    out = capsys.readouterr().out
    assert "outlook on 2021-01-02: the deal is negotiating" in out
    assert "    2021-01-02 bid_accepted by Widget: " in out


def test_check_reports_a_limit_as_unanswered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A search that reaches --max-states leaves its question unanswered, says why and what to do."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case), "--max-states", "1"]) == 0
    out = capsys.readouterr().out
    assert "  can it close? not answered:\n" in out
    assert (
        "can gate Washington clear (on the agreed terms): not answered (its search reached the limit of 1 states)"
        in out
    )
    assert "allow more states (--max-states)" in out
    assert "shortest way" not in out and "every way to close needs" not in out


def test_check_refuses_a_bad_time_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--max-seconds must be above 0: refused input, exit code 3."""
    case = tmp_path / "open.yaml"
    case.write_text(OPEN_CASE)
    assert main(["check", str(case), "--max-seconds", "0"]) == 3
    assert "--max-seconds" in capsys.readouterr().err


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
