"""Tests of dealflow/__init__.py: the public namespace and a light import."""

from __future__ import annotations

import subprocess
import sys

import dealflow


def test_all_is_unique_and_resolves() -> None:
    """__all__ lists each name once (ruff's RUF022 keeps it sorted) and every name resolves."""
    assert len(set(dealflow.__all__)) == len(dealflow.__all__)
    for name in dealflow.__all__:
        assert getattr(dealflow, name) is not None


def test_import_stays_light() -> None:
    """`import dealflow` loads neither networkx, hypothesis, matplotlib, rich nor transitions' diagrams."""
    code = (
        "import sys, dealflow; heavy = ['networkx', 'hypothesis', 'matplotlib', 'rich', 'transitions.extensions.diagrams'];"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_unknown_attribute_is_an_attribute_error() -> None:
    """Asking for a name dealflow does not have raises AttributeError."""
    try:
        dealflow.nope  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as err:
        assert "nope" in str(err)
    else:
        raise AssertionError("no AttributeError")
