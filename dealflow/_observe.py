"""Watching a deal: listeners, structured logging and records for tables.

:meth:`Deal.subscribe` registers a listener called after every event the deal
applies, with the event and the state changes it caused.  Every applied event is
also logged through the standard :mod:`logging` module, on the ``dealflow.deal``
logger at INFO, with the event's fields in the record's ``extra`` (``deal``,
``position``, ``date``, ``kind``, ``actor``, ``changes``); dealflow adds no
handler but a :class:`logging.NullHandler`, so it is silent until the application
configures logging.  :func:`deal_records` turns a deal's journal or history into
rows for ``pandas.DataFrame``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ._concepts import Change
    from ._deal import Deal
    from ._events import Event

__all__ = ["LOGGER", "Listener", "deal_records", "log_applied"]

#: Called after each applied event with the deal, the event and the state changes it caused.
Listener = Callable[["Deal", "Event", "list[Change]"], None]

LOGGER = logging.getLogger("dealflow.deal")
logging.getLogger("dealflow").addHandler(logging.NullHandler())  # silent until the application configures logging


def log_applied(deal: Deal, event: Event, changes: list[Change]) -> None:
    """Log one applied event (called only when the logger is enabled for INFO)."""
    moved = [f"{c.machine}: {c.before} -> {c.after}" for c in changes]
    LOGGER.info(
        "%s %s #%d %s: %s%s",
        deal.target,
        event.date,
        len(deal.journal) - 1,
        event.kind,
        event.describe(),
        f" [{'; '.join(moved)}]" if moved else "",
        extra={
            "deal": deal.target,
            "position": len(deal.journal) - 1,
            "date": event.date,
            "kind": event.kind,
            "actor": event.actor,
            "changes": [c._asdict() for c in changes],
        },
    )


def deal_records(deal: Deal, of: Literal["events", "changes"] = "events") -> list[dict[str, Any]]:
    """Rows for a table: one per event of the journal, or one per state change of the history."""
    if of == "changes":
        journal = deal.journal
        return [
            {
                "date": c.date,
                "position": c.position,
                "kind": journal[c.position].kind,
                "actor": journal[c.position].actor,
                "machine": c.machine,
                "before": c.before,
                "after": c.after,
            }
            for c in deal.history
        ]
    if of != "events":
        from ._errors import InputError

        raise InputError(f"no records of {of!r}", field="of", fix="ask for 'events' or 'changes'")
    moved: dict[int, list[str]] = {}
    for c in deal.history:
        moved.setdefault(c.position, []).append(f"{c.machine}: {c.before} -> {c.after}")
    return [
        {
            "position": i,
            "date": e.date,
            "kind": e.kind,
            "actor": e.actor,
            "description": e.describe(),
            "changes": "; ".join(moved.get(i, ())),
            "verified": e.verified,
            "source": e.source.url if e.source is not None else "",
            "note": e.note,
        }
        for i, e in enumerate(deal.journal)
    ]
