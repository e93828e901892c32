"""Status and forks on any date without replaying the journal from its start.

A deal's journal is in date order (time never runs backwards), so the events up
to the end of a date are a prefix, found by bisection: O(log n).  Snapshots of
the deal's state (everything but the journal and the history) are taken every
``SPACING`` events, or every ``k`` events when the state holds ``k`` objects, so
that taking them costs O(1) an event; a date's status is then the nearest snapshot
at or before its prefix plus at most that many events replayed.  The snapshots
are built the first time a deal is asked (one replay, which is what a single
``status_on`` used to cost), extended as the journal grows, checked against the
journal before use, and shared with forks.

The state is copied by walking the deal's slots: dicts, lists and sets are
copied, and so are objects of dealflow's own mutable classes (the bid, gate and
mandate models); everything else (frozen attrs values, tuples, dates,
Fractions, enums) is immutable and shared.  Handlers use an event's index only
for the history and for errors, so the status of a date is rebuilt on a deal
that keeps neither.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import enum
from typing import TYPE_CHECKING, Any

import attrs

from ._gc import paused_gc

if TYPE_CHECKING:
    from ._deal import Deal, Status

__all__ = ["SPACING", "copy_deal", "fork", "status_on"]

SPACING = 256
_SKIP = frozenset({"journal", "history", "_checkpoints", "_lock", "_listeners"})
_SHARE, _DICT, _LIST, _SET, _OBJECT = range(5)
_KINDS: dict[type, int] = {}


def _kind(cls: type) -> int:
    kind = _KINDS.get(cls)
    if kind is None:
        if cls is dict:
            kind = _DICT
        elif cls is list:
            kind = _LIST
        elif cls is set:
            kind = _SET
        elif (
            cls.__module__.startswith("dealflow")
            and not issubclass(cls, (dict, list, set, frozenset, tuple, str, enum.Enum, BaseException))
            and not (attrs.has(cls) and getattr(cls.__setattr__, "__name__", "") == "_frozen_setattrs")
        ):
            kind = _OBJECT
        else:
            kind = _SHARE  # immutable (or a read-only shared sentinel such as the deal's empty dict)
        _KINDS[cls] = kind
    return kind


def _fields(cls: type) -> tuple[str, ...]:
    names: list[str] = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names += [slots] if isinstance(slots, str) else list(slots)
    return tuple(n for n in dict.fromkeys(names) if n not in ("__weakref__", "__dict__"))


class _Copier:
    """Copies mutable state, sharing what is immutable; counts what it copied."""

    def __init__(self) -> None:
        self.memo: dict[int, Any] = {}
        self.count = 0

    def copy(self, value: Any) -> Any:
        kind = _kind(type(value))
        if kind == _SHARE:
            return value
        done = self.memo.get(id(value))
        if done is not None:
            return done
        self.count += 1
        out: Any
        if kind == _DICT:
            out = self.memo[id(value)] = {}
            for k, v in value.items():
                out[k] = self.copy(v)
        elif kind == _LIST:
            out = self.memo[id(value)] = []
            out.extend(self.copy(v) for v in value)
        elif kind == _SET:
            out = self.memo[id(value)] = {self.copy(v) for v in value}
        else:
            cls: Any = type(value)
            out = self.memo[id(value)] = cls.__new__(cls)
            for name in _fields(cls):
                if hasattr(value, name):
                    object.__setattr__(out, name, self.copy(getattr(value, name)))
            for name, v in getattr(value, "__dict__", {}).items():
                out.__dict__[name] = self.copy(v)
        return out


def _state_names(deal: Deal) -> tuple[str, ...]:
    names = _fields(type(deal)) + tuple(getattr(deal, "__dict__", {}))
    return tuple(n for n in names if n not in _SKIP)


def _snapshot(deal: Deal) -> tuple[dict[str, Any], int]:
    copier = _Copier()
    state = {name: copier.copy(getattr(deal, name)) for name in _state_names(deal) if hasattr(deal, name)}
    return state, copier.count


def _restore(state: dict[str, Any]) -> Deal:
    from ._deal import Deal

    deal = Deal()
    copier = _Copier()
    for name, value in state.items():
        setattr(deal, name, copier.copy(value))
    return deal


def copy_deal(deal: Deal) -> Deal:
    """An independent deal equal to ``deal`` (its journal and history copied, the
    events and changes in them shared: they are immutable)."""
    state, _ = _snapshot(deal)
    out = _restore(state)
    out.journal = list(deal.journal)
    out.history = list(deal.history)
    return out


@attrs.define
class _Index:
    """Snapshots of one journal: after ``marks[j]`` events the state was
    ``states[j]``; ``anchors[j]`` is the event at ``marks[j] - 1`` (checked before
    use).  ``builder`` is a deal at ``covered`` events, from which the index grows."""

    marks: list[int] = attrs.Factory(list)
    states: list[dict[str, Any]] = attrs.Factory(list)
    anchors: list[Any] = attrs.Factory(list)
    builder: Any = None
    covered: int = 0
    last: Any = None
    gap: int = attrs.Factory(lambda: SPACING)

    def valid_for(self, journal: list[Any]) -> bool:
        if self.covered > len(journal):
            return False
        if self.covered and journal[self.covered - 1] is not self.last:
            return False
        return not self.marks or journal[self.marks[-1] - 1] is self.anchors[-1]

    def extend(self, journal: list[Any], upto: int) -> None:
        """Take snapshots up to ``upto`` events of ``journal``."""
        if self.builder is None:
            from ._deal import Deal

            self.builder = _restore(self.states[-1]) if self.marks else Deal()
            self.covered = self.marks[-1] if self.marks else 0
        builder = self.builder
        last = self.marks[-1] if self.marks else 0
        with paused_gc():
            self._grow(journal, upto, builder, last)

    def _grow(self, journal: list[Any], upto: int, builder: Any, last: int) -> None:
        while self.covered < upto:
            self.last = journal[self.covered]
            builder.apply(self.last)
            self.covered += 1
            if self.covered - last >= self.gap:
                state, objects = _snapshot(builder)
                self.marks.append(self.covered)
                self.states.append(state)
                self.anchors.append(journal[self.covered - 1])
                self.gap = max(SPACING, objects)
                last = self.covered
                # the builder needs neither: handlers use the index only for the history
                builder.journal.clear()
                builder.history.clear()

    def shared(self, upto: int) -> _Index:
        """The snapshots at or before ``upto`` events, for a fork (they are never
        written, so forks share them)."""
        k = bisect.bisect_right(self.marks, upto)
        covered = self.marks[k - 1] if k else 0
        return _Index(
            self.marks[:k], self.states[:k], self.anchors[:k], None, covered, self.anchors[k - 1] if k else None
        )


def _index(deal: Deal) -> _Index:
    index = getattr(deal, "_checkpoints", None)
    if not isinstance(index, _Index) or not index.valid_for(deal.journal):
        index = _Index()
        with contextlib.suppress(AttributeError):  # a deal without the slot: the index lives for this call
            deal._checkpoints = index  # type: ignore[attr-defined]
    return index


def _count(deal: Deal, day: _dt.date) -> int:
    """How many events of the journal are dated ``day`` or earlier."""
    return bisect.bisect_right(deal.journal, day, key=lambda e: e.date)


def _at(deal: Deal, index: _Index, count: int, *, keep: bool) -> Deal:
    """A deal at ``count`` events: the nearest snapshot, then the events after it
    (with the journal and history when ``keep``, for a fork)."""
    from ._deal import Deal

    if index.covered < count:
        index.extend(deal.journal, count)
    k = bisect.bisect_right(index.marks, count)
    mark = index.marks[k - 1] if k else 0
    out = _restore(index.states[k - 1]) if k else Deal()
    if keep:
        out.journal = deal.journal[:mark]
        out.history = deal.history[: bisect.bisect_left(deal.history, mark, key=lambda c: c.position)]
    for event in deal.journal[mark:count]:
        out.apply(event)
    return out


def status_on(deal: Deal, date: _dt.date) -> Status:
    """Where everything stood at the end of ``date``."""
    count = _count(deal, date)
    if count == len(deal.journal):
        past = deal
    elif count == 0:
        from ._deal import Deal

        past = Deal()
    else:
        past = _at(deal, _index(deal), count, keep=False)
    snap = past.status()
    return attrs.evolve(snap, on=date) if past.state is not None else snap


def fork(deal: Deal, date: _dt.date) -> Deal:
    """A new deal equal to the replay of the events dated ``date`` or earlier."""
    count = _count(deal, date)
    if count == len(deal.journal):
        return copy_deal(deal)
    index = _index(deal)
    out = _at(deal, index, count, keep=True)
    with contextlib.suppress(AttributeError):
        out._checkpoints = index.shared(count)  # type: ignore[attr-defined]
    return out
