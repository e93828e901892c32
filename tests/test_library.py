"""Tests of dealflow._library and ``dealflow cases``: the cases shipped in the package."""

from __future__ import annotations

import pathlib

import pytest

import dealflow
from dealflow import InputError, bundled_cases, case_path, load_case
from dealflow._library import resolve_case
from dealflow.cli import main

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
    """`dealflow cases` prints one line per bundled case: name, title, dates and events."""
    assert main(["cases"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(bundled_cases())
    tiktok = next(line for line in lines if line.startswith("tiktok "))
    assert tiktok.split(None, 1)[1].startswith("TikTok US") and "2019-11-01 .. 2026-01-22" in tiktok


def test_replay_takes_a_bundled_name(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow replay tiktok` replays the bundled case like its path does."""
    assert main(["replay", "tiktok", "--ascii"]) == 0
    by_name = capsys.readouterr().out
    assert main(["replay", str(case_path("tiktok")), "--ascii"]) == 0
    assert capsys.readouterr().out == by_name
    assert main(["replay", "tiktk"]) == 3  # refused input: no such case
    assert "did you mean 'tiktok'" in capsys.readouterr().err
