"""dealflow's version, read from the installed package's metadata."""

from __future__ import annotations

import functools

__all__ = ["version"]


@functools.cache
def version() -> str:
    """The installed distribution's version (``0+unknown`` when dealflow runs from
    a source tree that was never installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version("dealflow")
    except PackageNotFoundError:
        return "0+unknown"
