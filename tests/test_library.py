"""Tests of dealflow._library and ``dealflow cases``: the cases shipped in the package."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
import sysconfig
import zipfile

import pytest

import dealflow
from dealflow import InputError, bundled_cases, case_path, load_case
from dealflow._case import load_case_text
from dealflow._cli_cases import case_line
from dealflow._library import SCHEMA_FILE, cases_dir, resolve_case
from dealflow.cli import main

from .helpers import VERDICTS, fidelity_rows, fidelity_totals

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_the_tiktok_case_is_bundled_and_replays() -> None:
    """The TikTok case ships inside the package and replays to its recorded end."""
    assert "tiktok" in bundled_cases()
    path = case_path("tiktok")
    assert path.is_relative_to(pathlib.Path(dealflow.__file__).parent)
    deal = load_case(path).replay()
    assert deal.state == "closed" and str(deal.clock) == "2026-01-22"


def test_the_examples_copy_is_the_bundled_case() -> None:
    """examples/tiktok/tiktok.yaml equals the bundled case but for its schema line (the package copy is the source)."""
    bundled = case_path("tiktok").read_text(encoding="utf-8").splitlines()
    example = (ROOT / "examples" / "tiktok" / "tiktok.yaml").read_text(encoding="utf-8").splitlines()
    assert bundled[0].startswith("# yaml-language-server: $schema=")
    assert example[0].startswith("# yaml-language-server: $schema=")
    assert example[1:] == bundled[1:], "copy dealflow/cases/tiktok/tiktok.yaml over examples/tiktok/ (keep line 1)"


def test_unknown_bundled_names_suggest_the_closest() -> None:
    """A misspelt case name is refused with a did-you-mean and the list of bundled cases."""
    with pytest.raises(InputError) as info:
        case_path("tiktk")
    assert "did you mean 'tiktok'" in (info.value.fix or "")


def test_paths_stay_paths() -> None:
    """An argument that looks like a path is left to load_case; a bare name becomes the bundled file."""
    assert resolve_case("examples/tiktok/tiktok.yaml") == "examples/tiktok/tiktok.yaml"
    assert resolve_case("missing.yaml") == "missing.yaml"
    assert resolve_case("tiktok") == str(case_path("tiktok"))


def test_cases_lists_one_line_per_bundled_case(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow cases` prints one line per bundled case: name, title, summary, period and the replayed end."""
    assert main(["cases"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == bundled_cases()
    (tiktok,) = (line for line in lines if line.startswith("tiktok "))
    case = load_case(case_path("tiktok"))
    assert tiktok.split(None, 1)[1].split(" | ") == [
        "TikTok US: the forced sale, 2019-2026",
        case.summary,
        "2019-11-01 to 2026-01-22",
        "closed on 2026-01-22",
    ]


def test_a_case_line_names_what_is_owed_at_the_end() -> None:
    """A case's line ends with its settlement: the consideration and fees its replay leaves owed."""
    line = case_line(load_case(ROOT / "examples" / "cases" / "merger.yaml"))
    title, summary, period, end = line.split(" | ")
    assert title.startswith("Globex acquires Acme")
    assert (summary, period) == ("Acme and Globex", "2024-01-10 to 2024-12-05")  # the default summary
    assert end.startswith("closed on 2024-12-05; Globex owes Acme 12,000,000,000 USD (consideration)")
    assert "ticking fee" in end


def test_the_summary_is_one_short_line() -> None:
    """A header summary over 100 characters, or on two lines, is refused naming the field and its line."""
    text = (ROOT / "examples" / "cases" / "merger.yaml").read_text(encoding="utf-8")
    assert (
        load_case_text(text.replace("\nseller:", "\nsummary: Globex buys Acme\nseller:")).summary == "Globex buys Acme"
    )
    for bad in ("x" * 101, "|-\n  two\n  lines"):
        with pytest.raises(InputError, match="one line of at most 100") as info:
            load_case_text(text.replace("\nseller:", f"\nsummary: {bad}\nseller:"), file="m.yaml")
        assert info.value.field == "summary" and info.value.line is not None


def test_replay_takes_a_bundled_name(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow replay tiktok` replays the bundled case like its path does."""
    assert main(["replay", "tiktok", "--ascii"]) == 0
    by_name = capsys.readouterr().out
    assert main(["replay", str(case_path("tiktok")), "--ascii"]) == 0
    assert capsys.readouterr().out == by_name
    assert main(["replay", "tiktk"]) == 3  # refused input: no such case
    assert "did you mean 'tiktok'" in capsys.readouterr().err


def test_the_wheel_ships_every_case_and_replays_one_by_name(tmp_path: pathlib.Path) -> None:
    """The built wheel holds each bundled case and the schema; installed where the source tree is not importable,
    `dealflow replay tiktok` and `dealflow cases` run from it."""
    pytest.importorskip("hatchling", reason="the build backend comes with the dev extra")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = [sys.executable, "-m", "pip", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("dealflow-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert zf.read(f"dealflow/cases/{SCHEMA_FILE}") == (cases_dir() / SCHEMA_FILE).read_bytes()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "dealflow = dealflow.cli:entry" in zf.read(entry_points).decode()
    for name in bundled_cases():
        shipped = {f"dealflow/cases/{name}/{p.name}" for p in (cases_dir() / name).iterdir() if p.is_file()}
        assert f"dealflow/cases/{name}/{name}.yaml" in shipped and shipped <= names, name
    site = tmp_path / "site"
    installed = subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    # -S: no site-packages .pth files, so the editable install's path to the source tree is not added;
    # the current venv's packages (dealflow's dependencies) come after the installed wheel on PYTHONPATH
    deps = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    run_env = {**env, "PYTHONPATH": os.pathsep.join([str(site), *deps])}
    where = tmp_path / "elsewhere"
    where.mkdir()

    def dealflow(*args: str) -> str:
        code = (
            "import os, sys, dealflow, dealflow.cli; "
            f"assert dealflow.__file__.startswith({str(site)!r}), dealflow.__file__; "
            f"assert {str(ROOT)!r} not in [os.path.realpath(p or '.') for p in sys.path], sys.path; "
            "sys.exit(dealflow.cli.main(sys.argv[1:]))"
        )
        done = subprocess.run(
            [sys.executable, "-S", "-c", code, *args],
            cwd=where,
            env=run_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    replay = dealflow("replay", "tiktok", "--ascii")
    assert "The end: TikTok US operations closed on 2026-01-22" in replay
    listing = dealflow("cases").splitlines()
    assert [line.split()[0] for line in listing] == bundled_cases()


def test_the_readme_table_of_cases_agrees_with_each_cases_fidelity_totals() -> None:
    """The project README lists every bundled case with the row counts its own README's totals give."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]*?(\d+ rows, \d+ faithful) \|", readme, flags=re.M))
    assert sorted(listed) == bundled_cases()
    for name, counts in listed.items():
        own = (case_path(name).parent / "README.md").read_text(encoding="utf-8")
        totals = re.search(r"^Totals: (\d+ rows, \d+ faithful)", own, flags=re.M)
        assert totals is not None and totals[1] == counts, name


@pytest.mark.parametrize("name", bundled_cases())
def test_each_case_ships_its_sourced_timeline_and_its_table_counts_every_row(name: str) -> None:
    """Every bundled case carries the timeline it was built from; its fidelity totals count that timeline's rows."""
    timeline = (case_path(name).parent / "timeline.md").read_text(encoding="utf-8")
    section = timeline.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| date")]
    own = (case_path(name).parent / "README.md").read_text(encoding="utf-8")
    totals = re.search(r"^Totals: (\d+) rows", own, flags=re.M)
    assert rows and totals is not None
    assert int(totals[1]) == len(rows)


@pytest.mark.parametrize("name", bundled_cases())
def test_each_cases_fidelity_totals_count_its_table_and_nine_rows_in_ten_are_faithful(name: str) -> None:
    """A case README's totals line counts its table's rows by verdict; every verdict is known, an
    approximation says how and a text-only row why; at least 90% of the rows are faithful."""
    readme = (case_path(name).parent / "README.md").read_text(encoding="utf-8")
    rows = fidelity_rows(readme)
    verdicts = [row[3].split(":", 1)[0] for row in rows]
    assert set(verdicts) <= set(VERDICTS), name
    for row, verdict in zip(rows, verdicts, strict=True):
        assert verdict == "faithful" or len(row[3]) > len(verdict) + 10, f"{name}: {row[3]!r} says no how or why"
    counted = (len(rows), *(verdicts.count(v) for v in VERDICTS))
    assert fidelity_totals(readme) == counted
    assert counted[1] >= 0.9 * counted[0]
