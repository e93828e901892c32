"""Tests of dealflow._version and ``dealflow --version``: the version comes from the installed metadata."""

from __future__ import annotations

from importlib.metadata import version

import pytest

import dealflow
from dealflow.cli import main


def test_version_is_the_installed_distributions() -> None:
    """dealflow.__version__ is the version pip installed, not a second hard-coded copy."""
    assert dealflow.__version__ == version("dealflow")


def test_cli_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow --version` prints the program and the installed version and exits 0."""
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"dealflow {version('dealflow')}"


def test_commands_other_than_version_do_not_read_the_metadata() -> None:
    """Building the command line reads no package metadata (importlib.metadata is slow to import)."""
    import subprocess
    import sys

    code = "import sys, dealflow.cli as c; c.build_parser(); print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
