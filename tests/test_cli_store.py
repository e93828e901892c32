"""``dealflow store``: import, list, show, append with an expected version, due,
pending and export, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealflow import load_case
from dealflow.cli import main
from dealflow.store import open_store

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = str(ROOT / "examples" / "tiktok" / "tiktok.yaml")
LIVE = str(ROOT / "tests" / "data" / "live.yaml")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_and_show(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Imported cases are listed with state and events; show prints where a deal
    stood on a date."""
    assert _run(capsys, "store", "import", TIKTOK, "--db", store_url)[0] == 0
    code, out, _ = _run(capsys, "store", "--db", store_url, "import", LIVE, "--as", "globex")
    assert code == 0 and "as globex: 4 events, negotiating" in out
    code, out, _ = _run(capsys, "store", "list", "--db", store_url)
    lines = out.splitlines()
    assert lines[0].split() == ["DEAL", "STATE", "EVENTS", "CLOCK", "TARGET"]
    assert lines[1].split()[:4] == ["globex", "negotiating", "4", "2026-03-09"]
    assert lines[2].split()[:3] == ["tiktok", "closed", str(len(load_case(TIKTOK).events))]
    code, out, _ = _run(capsys, "store", "show", "tiktok", "--on", "2020-09-20", "--db", store_url)
    assert code == 0
    assert "TikTok US operations on 2020-09-20" in out
    assert "conditionally approved" in out
    code, out, _ = _run(capsys, "store", "list", "--state", "signed", "--db", store_url)
    assert out.startswith("no deals in state signed")


def test_append_with_a_stale_version_is_refused(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """append --expect-version N stores the events once; the same command again is
    refused with exit code 2 and a message saying the deal moved on."""
    _run(capsys, "store", "import", TIKTOK, "--db", store_url)
    version = len(load_case(TIKTOK).events)
    events = tmp_path / "news.yaml"
    events.write_text(
        "- {type: statement, date: 2026-02-01, actor: ByteDance, text: first note}\n"
        "- {type: statement, date: 2026-02-02, actor: ByteDance, text: second note}\n"
    )
    argv = ("store", "append", "tiktok", str(events), "--expect-version", str(version), "--db", store_url)
    code, out, _ = _run(capsys, *argv)
    assert code == 0 and f"appended 2 events to tiktok: now version {version + 2}" in out
    code, _, err = _run(capsys, *argv)
    assert code == 3  # refused input (exit codes: see the README)
    assert f"at version {version + 2}, not the expected version {version}" in err
    with open_store(store_url) as store:
        assert store.version("tiktok") == version + 2


def test_append_reads_json_and_names_a_bad_event(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON list of events is appended; a bad event is refused naming the file and
    its index, and nothing is stored."""
    _run(capsys, "store", "import", LIVE, "--db", store_url)
    good = tmp_path / "good.json"
    good.write_text('[{"type": "statement", "date": "2026-03-10", "actor": "Acme", "text": "we are confident"}]')
    assert _run(capsys, "store", "append", "live", str(good), "--db", store_url)[0] == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- {type: statement, date: 2026-03-11, actor: Acme, text: fine}\n- {type: statement, date: 2026-03-11}\n"
    )
    code, _, err = _run(capsys, "store", "append", "live", str(bad), "--db", store_url)
    assert code == 3
    assert "bad.yaml" in err and "event #1" in err
    with open_store(store_url) as store:
        assert store.version("live") == 5


def test_due_lists_deadlines_in_the_window(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """due --within DAYS --on DATE lists the review clocks falling in the window, by
    date, with the days left; pending lists the gates waiting."""
    _run(capsys, "store", "import", LIVE, "--db", store_url)
    _run(capsys, "store", "import", TIKTOK, "--db", store_url)
    code, out, _ = _run(capsys, "store", "due", "--within", "7", "--on", "2026-03-30", "--db", store_url)
    assert code == 0
    assert out.splitlines()[0] == "deadlines from 2026-03-30 to 2026-04-06:"
    assert out.splitlines()[2].split() == ["2026-04-01", "2d", "live", "review", "FTC"]
    assert "EC" not in out
    code, out, _ = _run(capsys, "store", "due", "--within", "30", "--on", "2026-03-30", "--db", store_url)
    assert [line.split()[-1] for line in out.splitlines()[2:]] == ["FTC", "EC"]
    code, out, _ = _run(capsys, "store", "due", "--within", "3", "--on", "2027-01-01", "--db", store_url)
    assert out.strip() == "no deadlines from 2027-01-01 to 2027-01-04"
    code, out, _ = _run(capsys, "store", "pending", "EC", "--db", store_url)
    assert out.splitlines()[1].split() == ["EC", "live", "under", "review", "2026-04-13"]


def test_export_writes_a_case_file(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export writes a case file that load_case reads back to the stored events."""
    _run(capsys, "store", "import", LIVE, "--db", store_url)
    out = tmp_path / "back.yaml"
    assert _run(capsys, "store", "export", "live", str(out), "--db", store_url)[0] == 0
    assert load_case(out).events == load_case(LIVE).events


def test_the_database_comes_from_dealflow_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --db the store is $DEALFLOW_DB, else dealflow.db in the working folder;
    an unknown deal is an error naming the fix."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DEALFLOW_DB", raising=False)
    _run(capsys, "store", "import", LIVE)
    assert (tmp_path / "dealflow.db").exists()
    monkeypatch.setenv("DEALFLOW_DB", str(tmp_path / "other.db"))
    code, out, _ = _run(capsys, "store", "list")
    assert out.startswith("no deals in")
    code, _, err = _run(capsys, "store", "show", "nope")
    assert code == 3 and "no deal 'nope'" in err and "import a case first" in err
