"""The cyclic garbage collector during bulk work.

Replaying a long journal, creating many deals or exploring a process allocates
millions of objects that live on and form no garbage cycles; CPython's
generational collector would walk them again and again as they pile up (two
thirds of the time of creating a million deals).  Bulk paths run with the
collector paused and restore it after, even on error.  Reference counting still
frees everything that is not in a cycle.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["bulk", "paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (a no-op when it is off
    already, so blocks nest), and restore it after, even on error."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def bulk() -> contextlib.AbstractContextManager[None]:
    """A block of bulk work, such as creating many deals: Python's cyclic garbage
    collector is paused inside it and restored after, even on error::

        with dealflow.bulk():
            deals = [Deal.open(...) for _ in range(1_000_000)]
    """
    return paused_gc()
