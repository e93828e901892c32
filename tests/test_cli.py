"""Tests of dealflow.cli: exit codes that tell a usage error, refused input and an
internal error apart, and output files that are never half-written nor written over
an input (issue 15's findings 4, 8 and 9)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from dealflow import cli
from dealflow.cli import EXIT_INTERNAL, EXIT_REFUSED, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = ROOT / "examples" / "tiktok" / "tiktok.yaml"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A copy of the TikTok case in a scratch folder."""
    path = tmp_path / "case.yaml"
    shutil.copy(TIKTOK, path)
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_finding_4_an_output_over_the_input_is_refused_and_the_input_kept(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 4: `replay case.yaml --json case.yaml` is a usage error and the case file is untouched."""
    before = _files(case.parent)
    assert main(["replay", str(case), "--json", str(case)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "field '--json'" in err and "the input file" in err
    assert _files(case.parent) == before


def test_finding_4_a_failing_command_writes_nothing(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding 4: `--json existing.json --plot x.xyz` fails and leaves existing.json as it was."""
    existing = case.parent / "existing.json"
    existing.write_text("keep me")
    before = _files(case.parent)
    code = main(["replay", str(case), "--json", str(existing), "--plot", str(case.parent / "x.xyz")])
    assert code == EXIT_USAGE
    assert "field '--plot'" in capsys.readouterr().err
    assert _files(case.parent) == before


def test_finding_4_one_failing_output_leaves_no_partial_outputs(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 4: when producing the last output fails, the earlier ones are not written either
    and no temporary file is left behind."""
    from dealflow import _diagram

    def broken(*args: object, **kwargs: object) -> str:
        raise MemoryError

    monkeypatch.setattr(_diagram, "deal_diagram", broken)
    before = _files(case.parent)
    code = main(["replay", str(case), "--json", str(case.parent / "j.json"), "--diagram", str(case.parent / "d.md")])
    assert code == EXIT_INTERNAL
    assert "internal error (MemoryError" in capsys.readouterr().err
    assert _files(case.parent) == before


def test_outputs_are_written_whole(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A successful command writes every output in full and only those files."""
    code = main(["replay", str(case), "--json", str(case.parent / "j.json"), "--diagram", str(case.parent / "d.md")])
    assert code == 0
    assert sorted(_files(case.parent)) == ["case.yaml", "d.md", "j.json"]
    assert (case.parent / "j.json").read_text().endswith("]\n")
    assert "wrote --json to" in capsys.readouterr().out


def test_two_outputs_to_one_file_are_refused(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json and --diagram naming the same file is a usage error."""
    out = str(case.parent / "same.txt")
    assert main(["replay", str(case), "--json", out, "--diagram", out]) == EXIT_USAGE
    assert "both name" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["missing/p.png", "."])
def test_finding_8_outputs_into_a_missing_folder_or_onto_a_folder_are_usage_errors(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """Finding 8: `--plot missing/p.png` and `diagram -o` into a missing folder or onto a folder
    are usage errors naming the option, not FileNotFoundError or IsADirectoryError."""
    monkeypatch.chdir(case.parent)
    assert main(["replay", str(case), "--plot", target]) == EXIT_USAGE
    assert "field '--plot'" in capsys.readouterr().err
    assert main(["diagram", str(case), "-o", target]) == EXIT_USAGE
    assert "field '--output'" in capsys.readouterr().err
    assert main(["diagram", str(case), "-o", str(case)]) == EXIT_USAGE
    assert "the input file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["replay", "{case}", "--width", "-5"], "--width"),
        (["replay", "{case}", "--on", "2021-01-01", "--until", "2020-09-14"], "--on"),
        (["check", "{case}", "--max-states", "-1"], "--max-states"),
        (["check", "{case}", "--on", "2020-02-30"], "--on"),
        (["simulate", "--runs", "1", "--rounds", "-3", "--plain"], "--rounds"),
    ],
)
def test_finding_9_impossible_option_values_are_usage_errors(
    case: Path, capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    """Finding 9: --width -5, --max-states -1 and --on later than --until are refused
    with exit code 2, naming the option and the fix."""
    assert main([a.format(case=case) for a in argv]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"field '{option}'" in err and "Fix:" in err


def test_refused_input_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case file dealflow refuses exits with 3 and the message on stderr."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nname: y\n")
    assert main(["replay", str(bad)]) == EXIT_REFUSED
    assert capsys.readouterr().err.startswith(f"dealflow: {bad}:2 field 'name': ")


def test_a_bad_command_line_exits_2() -> None:
    """An unknown option is argparse's usage error: exit code 2."""
    with pytest.raises(SystemExit) as info:
        main(["replay", "--no-such-option"])
    assert info.value.code == EXIT_USAGE


def test_an_internal_error_exits_4_and_says_it_is_a_bug(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception that is not a DealflowError is reported as a bug with exit code 4; the
    traceback is printed only when DEALFLOW_TRACEBACK is set."""
    from dealflow import _case

    def broken(path: object, **options: object) -> object:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(_case, "load_case", broken)
    assert main(["replay", str(case)]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError: 'oops')" in err and "Traceback" not in err
    monkeypatch.setenv("DEALFLOW_TRACEBACK", "1")
    assert main(["replay", str(case)]) == EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_exit_codes_are_distinct() -> None:
    """The documented exit codes are all different."""
    codes = [
        cli.EXIT_OK,
        cli.EXIT_DEFECTS,
        EXIT_USAGE,
        EXIT_REFUSED,
        EXIT_INTERNAL,
        cli.EXIT_INTERRUPTED,
        cli.EXIT_BROKEN_PIPE,
    ]
    assert len(set(codes)) == len(codes)


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`dealflow replay CASE | head -1`: the command stops quietly with 141 when its reader goes away."""
    import subprocess

    # a timeline of some 400 KB: far more than a pipe holds, so the command is still writing
    lines = ["name: Long", "target: T", "seller: S", "parties:", "  - {name: S, role: seller}", "events:"]
    for i in range(3000):
        lines += [
            "  - type: statement",
            "    date: 2020-01-01",
            "    actor: S",
            "    text: " + f"statement number {i}, " * 4 + "the end",
        ]
    case = tmp_path / "long.yaml"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dealflow.cli", "replay", str(case), "--width", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(20)
    proc.stdout.close()  # the reader goes away, as head does after its lines
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == cli.EXIT_BROKEN_PIPE
    assert first.startswith(b"Long")
    assert err == ""


def test_broken_pipe_is_its_own_exit_code(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken pipe inside a command exits 141 and prints nothing, where other errors are bugs (4)."""
    from dealflow import _case

    def broken(path: object, **options: object) -> object:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(_case, "load_case", broken)
    assert main(["replay", str(case)]) == cli.EXIT_BROKEN_PIPE == 141
    assert capsys.readouterr().err == ""


def test_the_command_ends_at_once_with_all_its_output_written(tmp_path: Path) -> None:
    """`dealflow replay` run as a command ends without freeing the case, and its output, buffered for a file, is all written first."""
    import os
    import subprocess

    out = tmp_path / "out.txt"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # a file is then block-buffered
    with out.open("wb") as sink:
        code = subprocess.call(
            [sys.executable, "-m", "dealflow", "replay", str(TIKTOK), "--width", "80", "--ascii"],
            stdout=sink,
            stderr=subprocess.PIPE,
            timeout=120,
            env=env,
        )
    assert code == cli.EXIT_OK
    with pytest.MonkeyPatch.context() as patch:
        import io

        mine = io.StringIO()
        patch.setattr(sys, "stdout", mine)
        assert main(["replay", str(TIKTOK), "--width", "80", "--ascii"]) == cli.EXIT_OK
    assert out.read_bytes() == mine.getvalue().encode("utf-8")


def test_a_reader_gone_before_the_last_flush_gets_no_traceback() -> None:
    """A short output still in the buffer when the command ends, its reader gone: 141 and nothing on stderr."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # the output waits in the buffer
    proc = subprocess.Popen(
        [sys.executable, "-m", "dealflow", "replay", str(TIKTOK), "--on", "2020-09-20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command has written anything: its one write, at the end, fails
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == cli.EXIT_BROKEN_PIPE
    assert err == ""


def test_park_keeps_nothing_outside_the_command() -> None:
    """park() called from main() in a script or a test keeps nothing: what it was given is freed as usual."""
    import weakref

    class Big:
        pass

    big = Big()
    gone = weakref.ref(big)
    cli.park(big)
    del big
    assert gone() is None
    assert cli._PARKED == []
