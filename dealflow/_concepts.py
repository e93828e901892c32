"""What every concept module shares: the handler registry, the closing-blocker
and after-close hooks, the state-change record and the move check.

A *concept* (bids, gates, mandates, the deal's own lifecycle...) lives in one
module ``dealflow/_<concept>.py`` holding

- its machine, as :class:`~dealflow.MachineSpec` data registered with
  :func:`dealflow._machines.register_machine` (checked when defined);
- the handlers of its events, registered with :func:`on` (an event class has
  exactly one handler; the deal routes each event to it);
- its runtime objects (plain slotted classes carrying ``state``) and its status
  value (a frozen attrs class);
- optionally, reasons that bar closing (:func:`closing_blocker`), work to do once
  the deal closes (:func:`after_close`), reactions to a new party (:func:`party_added`)
  and to a change of terms (:func:`terms_changed`), so that adding a concept never edits another's handlers;
- optionally, checks that may refuse another concept's events (:func:`precheck`: a
  prohibition order refuses a re-offer by the prohibited bidder), and event kinds
  that a closed deal still accepts (:func:`post_closing`: orders, rights and
  obligations that survive closing);
- optionally, a mixin of sugar methods (``class XMethods(DealMethods)``) that
  :class:`~dealflow.Deal` inherits.

Per-concept state on the deal: add the slot name to ``Deal.__slots__`` and its
start value to ``Deal.__init__`` (``EMPTY`` / ``EMPTY_SET`` until the first
write, so that idle deals stay small), then declare it under ``TYPE_CHECKING``
in :class:`DealMethods` for typed access from the concept module.  Per-concept
status: add a field with a default to :class:`~dealflow.Status`, filled in by
``Deal.status()``.  Finally import the module in ``dealflow/_deal.py``'s concept
list.  See ``dealflow/_mandates.py`` for a complete small example.

Handlers check everything first, then change state: nothing may fail after the
first change (the deal also rolls back its history on a refusal).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from ._errors import RefusedEvent, UnknownParty
from ._machines import MACHINES

if TYPE_CHECKING:
    from ._deal import Deal
    from ._events import Event
    from ._values import Condition, Party, Terms

__all__ = [
    "AFTER_CLOSE",
    "BID_REVISED",
    "CLOSING_BLOCKERS",
    "CONDITION_CHECKS",
    "EMPTY",
    "EMPTY_SET",
    "HANDLERS",
    "PARTY_ADDED",
    "POST_CLOSING",
    "PRECHECKS",
    "TERMS_CHANGED",
    "Change",
    "DealMethods",
    "Handler",
    "after_close",
    "bid_revised",
    "check",
    "closing_blocker",
    "condition_check",
    "find",
    "on",
    "party_added",
    "post_closing",
    "precheck",
    "terms_changed",
    "touched",
    "withdrawal_reason",
]


class Change(NamedTuple):
    """One state change: the date, the position in the journal of the event that caused it, the
    machine (``deal``, ``bid NAME``, ``gate NAME``, ``mandate NAME``...), the
    states before and after (``None`` before a machine exists) and, when the
    event alone does not say it, why (an approval withdrawn by a change of terms
    names the scopes the change touched)."""

    date: _dt.date
    position: int
    machine: str
    before: str | None
    after: str
    reason: str = ""

    def __repr__(self) -> str:
        why = f", reason={self.reason!r}" if self.reason else ""
        return (
            f"Change(date={self.date!r}, position={self.position!r}, machine={self.machine!r}, "
            f"before={self.before!r}, after={self.after!r}{why})"
        )


Handler = Callable[["Deal", Any, int], None]
HANDLERS: dict[type[Event], Handler] = {}

E = TypeVar("E")


def on(cls: type[Event]) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of events of class ``cls``:
    ``handler(deal, event, index)``; it raises a :class:`DealflowError` to refuse."""

    def deco(func: Handler) -> Handler:
        if cls in HANDLERS:
            msg = f"{cls.__name__} has a handler already"
            raise TypeError(msg)
        HANDLERS[cls] = func
        return func

    return deco


Blocker = Callable[["Deal"], list[str]]
CLOSING_BLOCKERS: list[Blocker] = []
AFTER_CLOSE: list[Callable[[Deal, _dt.date, int], None]] = []
PARTY_ADDED: list[Callable[[Deal, Party, bool, _dt.date, int], None]] = []
BID_REVISED: list[Callable[[Deal, str, Terms, _dt.date, int], None]] = []
TERMS_CHANGED: list[Callable[[Deal, Terms | None, Terms, _dt.date, int], None]] = []


def closing_blocker(func: Blocker) -> Blocker:
    """Register ``func(deal) -> list[str]``: the reasons, one sentence each, that
    bar closing the deal now (empty when the concept does not bar it)."""
    CLOSING_BLOCKERS.append(func)
    return func


CONDITION_CHECKS: list[Callable[[Deal, Condition], bool]] = []


def condition_check(func: Callable[[Deal, Condition], bool]) -> Callable[[Deal, Condition], bool]:
    """Register ``func(deal, condition) -> bool``: whether the deal's state meets a
    regulator's ``condition`` (e.g. a remedy the approval is conditional on is
    binding), besides ``condition_met`` events and the terms themselves."""
    CONDITION_CHECKS.append(func)
    return func


def after_close(func: Callable[[Deal, _dt.date, int], None]) -> Callable[[Deal, _dt.date, int], None]:
    """Register ``func(deal, date, index)``, run once the deal has closed (it must not fail)."""
    AFTER_CLOSE.append(func)
    return func


def party_added(
    func: Callable[[Deal, Party, bool, _dt.date, int], None],
) -> Callable[[Deal, Party, bool, _dt.date, int], None]:
    """Register ``func(deal, party, required, date, index)``, run when a party is
    declared (at opening, ``required`` says whether a regulator's gate is required
    from the start; a party joining later is never required).  It must not fail."""
    PARTY_ADDED.append(func)
    return func


def bid_revised(
    func: Callable[[Deal, str, Terms, _dt.date, int], None],
) -> Callable[[Deal, str, Terms, _dt.date, int], None]:
    """Register ``func(deal, bid, terms, date, index)``, run when an offer not (yet)
    the deal's terms gets new terms in a new round (it must not fail)."""
    BID_REVISED.append(func)
    return func


def terms_changed(
    func: Callable[[Deal, Terms | None, Terms, _dt.date, int], None],
) -> Callable[[Deal, Terms | None, Terms, _dt.date, int], None]:
    """Register ``func(deal, old, new, date, index)``, run when the deal's terms
    change from ``old`` to ``new`` (it must not fail)."""
    TERMS_CHANGED.append(func)
    return func


PRECHECKS: list[tuple[str, Handler]] = []
POST_CLOSING: set[type[Event]] = set()


def precheck(func: Handler, *, needs: str) -> Handler:
    """Register ``func(deal, event, index)``, run before every event's own handler:
    it raises a :class:`DealflowError` to refuse the event (it must change nothing).
    ``needs`` names the deal's slot whose contents it refuses by (``"_orders"``): the
    deal runs it only while that slot is not empty (the check runs for every event of
    every deal: a deal with no orders has nothing for it to check)."""
    PRECHECKS.append((needs, func))
    return func


def post_closing(*classes: type[Event]) -> None:
    """Declare event kinds that a closed deal still accepts (invariant 3 is about
    the deal's own terms and machines: orders, rights and obligations that survive
    closing go on changing after it)."""
    POST_CLOSING.update(classes)


class _EmptyDict(dict[Any, Any]):
    """The one empty container idle deals share: writing to it raises rather than
    leak across deals; copies and pickles of it are itself."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "EMPTY"

    def _refuse(self, *args: object, **kwargs: object) -> None:
        msg = "the shared empty container is read-only"
        raise TypeError(msg)

    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = _refuse  # type: ignore[assignment]


EMPTY: Any = _EmptyDict()
EMPTY_SET: Any = frozenset()

_ALLOWED: dict[str, dict[tuple[str, str], str]] = {}


def check(kind: str, trigger: str, state: str, label: str, what: str, *names: str) -> None:
    """Refuse unless machine ``kind`` allows ``trigger`` from ``state``; ``label`` names the
    machine in the refusal: with ``names``, a template they fill (``"bid {!r}"``), filled
    only when it refuses (the check runs on every event)."""
    table = _ALLOWED.get(kind)
    if table is None:
        table = _ALLOWED[kind] = {(t, s): d for t, s, d in MACHINES[kind].transitions}
    if (trigger, state) not in table:
        if names:
            label = label.format(*names)
        options = MACHINES[kind].triggers_from(state)
        allowed = ", ".join(options) if options else "nothing (it is final)"
        msg = f"{label} is {state}: cannot {what}"
        raise RefusedEvent(msg, fix=f"from {state} the {kind} allows: {allowed}")


def _aspects(t: Terms) -> dict[str, object]:
    holders = frozenset(s.holder for s in t.cap_table)
    return {
        "combination": (t.structure, holders, t.entity),
        "businesses": (t.entity, t.assets),
        "control": (t.structure, t.cap_table, t.holdings, t.board, t.data_custodian, t.jurisdiction),
        "exports": (t.assets, t.jurisdiction),
        "price": t.price,
        "conditions": t.conditions,
    }


_SAYS = {
    "combination": "who combines with whom",
    "businesses": "which businesses and assets",
    "control": "who controls what (cap table, holdings, board, data custody)",
    "exports": "which assets leave which country",
    "price": "price and consideration",
    "conditions": "the conditions offered",
}


def touched(old: Terms | None, new: Terms | None) -> dict[str, str]:
    """The scopes (``combination``, ``businesses``, ``control``, ``exports``, ``price``,
    ``conditions``) in which ``new`` differs from ``old``, each with what it covers.
    Each scope is a projection of the terms, so a scope untouched by each of several
    changes is untouched by all of them together."""
    if old is None or new is None:
        return dict(_SAYS) if old is not new else {}
    # a change of terms asks this for every gate (the event step's path), and deals go
    # back and forth between the same terms (a case file's repeated terms are one value,
    # agents propose from a few): the answers for the last pairs of values are kept,
    # with the values themselves (terms are frozen), and copied out
    kept = _TOUCHED.get((id(old), id(new)))
    if kept is not None and kept[0] is old and kept[1] is new:
        return dict(kept[2])
    out = _touched(old, new)
    if len(_TOUCHED) >= _TOUCHED_KEPT:
        _TOUCHED.clear()
    _TOUCHED[id(old), id(new)] = (old, new, out)
    return dict(out)


_TOUCHED: dict[tuple[int, int], tuple[Terms, Terms, dict[str, str]]] = {}
_TOUCHED_KEPT = 256


def _touched(old: Terms, new: Terms) -> dict[str, str]:
    # _aspects(old) against _aspects(new), scope by scope, each field compared once
    structure = old.structure == new.structure
    entity = old.entity == new.entity
    assets = old.assets == new.assets
    where = old.jurisdiction == new.jurisdiction
    cap = structure and old.cap_table == new.cap_table  # read below only where the structure is the same
    out: dict[str, str] = {}
    if not (structure and entity and (cap or _holders(old) == _holders(new))):
        out["combination"] = _SAYS["combination"]
    if not (entity and assets):
        out["businesses"] = _SAYS["businesses"]
    if not (
        structure
        and cap
        and old.holdings == new.holdings
        and old.board == new.board
        and old.data_custodian == new.data_custodian
        and where
    ):
        out["control"] = _SAYS["control"]
    if not (assets and where):
        out["exports"] = _SAYS["exports"]
    if old.price != new.price:
        out["price"] = _SAYS["price"]
    if old.conditions != new.conditions:
        out["conditions"] = _SAYS["conditions"]
    return out


def _holders(t: Terms) -> frozenset[str]:
    return frozenset(s.holder for s in t.cap_table)


def withdrawal_reason(scopes: Iterable[str], hit: dict[str, str]) -> str:
    """Why a change of terms withdraws an approval of ``scopes``: the scopes hit
    (empty when the change touches none of them: the approval stands)."""
    if not hit:
        return ""
    # a change of terms asks this for every gate (the event step's path): the few
    # distinct answers are kept, by the scopes and what was hit (the cache is bounded)
    key = (scopes, tuple(hit.items())) if type(scopes) is tuple else None
    if key is not None:
        reason = _REASONS.get(key)
        if reason is not None:
            return reason
    names = [s for s in scopes if s in hit]
    reason = "terms changed in its scope: " + "; ".join(f"{s} ({hit[s]})" for s in names) if names else ""
    if key is not None and len(_REASONS) < _REASONS_KEPT:
        _REASONS[key] = reason
    return reason


_REASONS: dict[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], str] = {}
_REASONS_KEPT = 4096


T = TypeVar("T")


def find(items: Iterable[T], attr: str, name: str, what: str) -> T:
    """The item whose ``attr`` is ``name``, else :class:`UnknownParty` listing the known ones."""
    for item in items:
        if getattr(item, attr) == name:
            return item
    known = ", ".join(getattr(i, attr) for i in items) or "none"
    raise UnknownParty(f"no {what} {name!r}", field=what, fix=f"use one of: {known}")


class DealMethods:
    """Base of the concept mixins :class:`~dealflow.Deal` inherits: it declares, for
    the type checker only, what their sugar methods use of the deal."""

    __slots__ = ()

    if TYPE_CHECKING:
        seller: str

        def apply(self, event: Event) -> list[Change]: ...

    def _actor(self, actor: str | None, default: str) -> str:
        return actor if actor is not None else default
