"""The deal: the aggregate that composes the concepts' machines, owns the clock
and the journal, and routes each event to its concept's handler.

Every change is an event (:mod:`dealflow._events`); the methods on :class:`Deal`
are sugar that build one and :meth:`Deal.apply` it.  An event is checked in full
before anything moves, so a refused event leaves the deal exactly as it was.

Each concept lives in its own module (see :mod:`dealflow._concepts` for how to
add one): :mod:`~dealflow._lifecycle` (the deal's own machine: opening, terms,
signing, closing, termination), :mod:`~dealflow._bids`, :mod:`~dealflow._gates`
(approval gates, their scopes and rules), :mod:`~dealflow._mandates`,
:mod:`~dealflow._contract` (signing, outside date, conditions precedent,
termination and settlement), :mod:`~dealflow._votes` (party approvals) and
:mod:`~dealflow._remedies`.  The concept modules
are imported below, in the order their machines are listed in ``MACHINES``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from . import _checkpoints
from . import _events as ev

# the concept modules, imported for their machines and handlers (the order is MACHINES' order)
from ._lifecycle import DEAL, LifecycleMethods  # isort: skip
from ._bids import BidMethods, BidStatus, _Bid  # isort: skip
from ._gates import EnactedRule, GateMethods, GateStatus, _Gate  # isort: skip
from ._mandates import MandateMethods, MandateStatus, _Mandate  # isort: skip
from ._review import Finding, GateReview, ReviewClock, ReviewMethods, reviews_status  # isort: skip
from ._contract import ContractMethods, ContractStatus, _Contract, kept, settlement  # isort: skip
from ._votes import ApprovalStatus, VoteMethods, _Approval  # isort: skip
from ._remedies import RemedyMethods, RemedyStatus, _Remedy  # isort: skip
from ._agreement import Payment

from ._litigation import LitigationMethods, SuitStatus, _Suit  # isort: skip
from ._referrals import Referral, ReferralMethods  # isort: skip
from ._orders import OrderMethods, OrderStatus, _Order  # isort: skip
from ._rights import AgreementStatus, RightsMethods, RightsStatus, _Agreement, _Rights  # isort: skip
from ._lapses import LapseMethods  # isort: skip
from ._advocacy import AdvocacyMethods  # isort: skip
from . import _go_shop  # noqa: F401  # isort: skip
from ._concepts import (
    CLOSING_BLOCKERS,
    EMPTY,
    EMPTY_SET,
    HANDLERS,
    POST_CLOSING,
    PRECHECKS,
    TERMS_CHANGED,
    Change,
    find,
)
from ._errors import DealflowError, InputError, RefusedEvent, UnknownParty
from ._gc import paused_gc
from ._input import abbrev, article, did_you_mean, one_of
from ._machines import _DIRECT, fire
from ._observe import LOGGER, Listener, deal_records, log_applied
from ._rules import AllOf, Rule, RuleContext, Verdict
from ._values import Condition, Party, Role, Terms, as_date

if TYPE_CHECKING:
    from ._now import Possibility

__all__ = [
    "ApprovalStatus",
    "BidStatus",
    "Change",
    "ContractStatus",
    "Deal",
    "EnactedRule",
    "GateStatus",
    "MandateStatus",
    "RemedyStatus",
    "Status",
    "replay",
]


@attrs.frozen
class Status:
    """Where everything stood on ``on`` (the date of the last event applied).

    A concept adds its status as a field with a default at the end, filled in by
    :meth:`Deal.status`."""

    on: _dt.date | None
    state: str | None
    target: str
    seller: str
    terms: Terms | None
    parties: tuple[Party, ...]
    bids: tuple[BidStatus, ...]
    gates: tuple[GateStatus, ...]
    mandates: tuple[MandateStatus, ...]
    rules: tuple[EnactedRule, ...]
    conditions_met: frozenset[Condition]
    reviews: tuple[GateReview, ...] = ()  # gates' regime reviews (dealflow._review)
    contract: ContractStatus | None = None
    approvals: tuple[ApprovalStatus, ...] = ()
    remedies: tuple[RemedyStatus, ...] = ()
    settlement: tuple[Payment, ...] = ()

    def approval(self, name: str) -> ApprovalStatus:
        """The status of party approval ``name``."""
        return find(self.approvals, "approval", name, "approval")

    def remedy(self, name: str) -> RemedyStatus:
        """The status of remedy ``name``."""
        return find(self.remedies, "remedy", name, "remedy")

    suits: tuple[SuitStatus, ...] = ()
    orders: tuple[OrderStatus, ...] = ()
    agreements: tuple[AgreementStatus, ...] = ()
    rights: tuple[RightsStatus, ...] = ()

    def bid(self, name: str) -> BidStatus:
        """The status of bid ``name``."""
        return find(self.bids, "bid", name, "bid")

    def gate(self, regulator: str) -> GateStatus:
        """The status of ``regulator``'s gate."""
        return find(self.gates, "regulator", regulator, "gate")

    def mandate(self, name: str) -> MandateStatus:
        """The status of mandate ``name``."""
        return find(self.mandates, "mandate", name, "mandate")

    def suit(self, name: str) -> SuitStatus:
        """The status of suit ``name``."""
        return find(self.suits, "suit", name, "suit")

    def order(self, name: str) -> OrderStatus:
        """The status of government order ``name``."""
        return find(self.orders, "order", name, "order")

    def rules_of(self, regulator: str) -> tuple[EnactedRule, ...]:
        """``regulator``'s rules in force."""
        return tuple(r for r in self.rules if r.regulator == regulator)


_FINAL = DEAL.finals
_LOG_ENABLED = LOGGER.isEnabledFor  # the logging module caches the answer: cheap when nobody listens
# ... in the logger's own dict, which logging clears in place whenever a level changes: read
# directly, it spares every apply a call (no answer yet, or no such dict: ask isEnabledFor)
_LOG_CACHE: dict[int, bool] = getattr(LOGGER, "_cache", None)  # type: ignore[assignment]
if type(_LOG_CACHE) is not dict:  # pragma: no cover - another logging implementation
    _LOG_CACHE = {}
_INFO = 20  # logging.INFO
_LOCKS = threading.Lock()  # makes each deal's own lock, once
_OPENED = ev.DealOpened
_NEW_TUPLE = tuple.__new__  # Change(...) without NamedTuple's generated Python-level __new__

#: the verdict of a regulator with no rule in force (the empty AllOf's), made once
_NO_RULE: Verdict = AllOf(()).evaluate(None, None)  # type: ignore[arg-type]  # the empty AllOf reads neither


class Deal(
    LifecycleMethods,
    BidMethods,
    GateMethods,
    MandateMethods,
    ReviewMethods,
    ContractMethods,
    VoteMethods,
    RemedyMethods,
    LitigationMethods,
    OrderMethods,
    RightsMethods,
    LapseMethods,
    AdvocacyMethods,
    ReferralMethods,
):
    """A regulated deal: bids, approval gates, mandates, rules in force, a clock
    and a journal of every event applied.

    Open one with :meth:`Deal.open` (or apply a :class:`DealOpened` event to
    ``Deal()``) and drive it with the event methods or :meth:`apply`.

    A regulator's decision is recorded as made: the deal does not overrule an
    approval its rules in force would block (history has such decisions, which
    the replay's decision check lists); :meth:`verdict` says what the rules say,
    and agents such as :class:`RegulatorPolicy` decide by it.  What the deal
    enforces is that decisions are of the exact current terms and that nothing is
    signed or closed without them.
    """

    # per-concept state: one slot each, starting as a shared empty value (EMPTY)
    # and given its own container on first write, so that idle deals stay small
    # (a mapping: help(Deal) shows the public slots' descriptions)
    __slots__ = {
        "_agreements": "",
        "_approvals": "",
        "_bids": "",
        "_checkpoints": "",
        "_contract": "",
        "_findings": "",
        "_gates": "",
        "_listeners": "",
        "_lock": "",
        "_mandates": "",
        "_met": "",
        "_orders": "",
        "_parties": "",
        "_referrals": "",
        "_remedies": "",
        "_reviews": "",
        "_rights": "",
        "_rules": "",
        "_suits": "",
        "clock": "The date of the last event applied (None before the deal opens).",
        "history": "Every state change, in order (Change values).",
        "journal": "Every event applied, in order: replaying it rebuilds an equal deal.",
        "seller": "The seller's name.",
        "state": "The deal's own state: open, negotiating, agreed, signed, closed or terminated (None before it opens).",
        "target": "What is for sale.",
        "terms": "The terms under negotiation or agreed (None before any).",
    }

    def __init__(self) -> None:
        """An empty deal, not open yet: apply a ``deal_opened`` event, or use :meth:`Deal.open`."""
        self.state: str | None = None
        self.target = ""
        self.seller = ""
        self.terms: Terms | None = None
        self.clock: _dt.date | None = None
        self.journal: list[ev.Event] = []
        self.history: list[Change] = []
        self._parties: dict[str, Party] = {}
        # bids, mandates, rules and met conditions start as one shared empty value and
        # get their own container on first write: an idle deal holds fewer objects for
        # the garbage collector to walk (creating a million deals stays linear)
        self._bids: dict[str, _Bid] = EMPTY
        self._gates: dict[str, _Gate] = {}
        self._mandates: dict[str, _Mandate] = EMPTY
        self._rules: dict[str, dict[str, tuple[Rule, _dt.date]]] = EMPTY
        self._met: set[Condition] = EMPTY_SET
        self._suits: dict[str, _Suit] = EMPTY
        self._orders: dict[str, _Order] = EMPTY
        self._agreements: dict[str, _Agreement] = EMPTY
        self._rights: dict[str, _Rights] = EMPTY
        self._contract: _Contract | None = None
        self._approvals: dict[str, _Approval] = EMPTY
        self._remedies: dict[str, _Remedy] = EMPTY
        self._reviews: dict[str, ReviewClock] = EMPTY
        self._referrals: dict[str, Referral] = EMPTY
        self._findings: dict[str, tuple[Finding, ...]] = EMPTY
        self._listeners: tuple[Listener, ...] = ()
        # each apply is atomic (see apply): the lock is made on the first apply after
        # the opening, so that a deal nobody touches yet holds none
        self._lock: threading.RLock | None = None

    def __getstate__(self) -> dict[str, Any]:  # copies and pickles: everything but the lock
        return {name: getattr(self, name) for name in _STATE}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._listeners = ()
        self._lock = None

    # ------------------------------------------------------------------ applying

    def apply(self, event: ev.Event) -> list[Change]:
        """Apply one event and return the state changes it caused.

        Raises a :class:`DealflowError` subclass, naming the event's index and
        kind, the rule broken and what would be allowed instead; the deal is then
        exactly as it was, whatever the exception (a handler that fails for any
        reason is rolled back in full, rebuilding the deal from its journal).

        Safe to call from several threads: each apply holds the deal's lock, so
        that it is atomic; events from two threads are applied one after the other.
        """
        lock = self._lock or self._new_lock()
        lock.acquire()  # (a with statement costs twice as much as the two calls: this is every event's path)
        try:
            return self._apply(event)
        finally:
            lock.release()

    def _new_lock(self) -> threading.RLock:
        with _LOCKS:  # two threads' first applies get the same lock
            if self._lock is None:
                self._lock = threading.RLock()
            return self._lock

    def _apply(self, event: ev.Event) -> list[Change]:
        """:meth:`apply` without the lock (the apply benchmark measures the lock's cost against it)."""
        handler = HANDLERS.get(type(event))
        journal = self.journal
        index = len(journal)
        if handler is None:
            if isinstance(event, ev.Event):
                msg = f"{type(event).__name__} has no handler"
                raise InputError(msg, index=index, fix="register event kinds through dealflow's event types")
            msg = f"expected a dealflow event, got {type(event).__name__}"
            raise InputError(msg, index=index, fix="pass an Event such as BidSubmitted(...)")
        history = self.history  # (handlers append to it; none replaces it, nor the journal)
        mark = len(history)
        date = event.date
        try:
            if type(date) is not _dt.date:  # a datetime does not compare with a date: refuse it first
                msg = f"expected a date, got {type(date).__name__}"
                raise InputError(msg, field="date", fix="give a date such as 2020-09-13 (not a datetime)")
            state = self.state
            if state is None:
                if type(event) is not _OPENED:
                    msg = "the deal is not open yet"
                    raise RefusedEvent(msg, fix="start the journal with a deal_opened event")
            else:
                clock = self.clock
                if clock is not None and date < clock:
                    msg = f"date {date} is before the deal's clock {clock}: time never runs backwards"
                    raise RefusedEvent(msg, field="date", fix=f"date it {clock} or later")
                if event.actor not in self._parties:
                    msg = f"unknown actor {abbrev(event.actor)}{did_you_mean(event.actor, self._parties)}"
                    raise UnknownParty(msg, field="actor", fix=f"use one of: {one_of(self._parties)}")
                if (
                    state in _FINAL
                    and event.changes_state
                    and not event.survives_end
                    and not (state == "closed" and (event.survives_close or type(event) in POST_CLOSING))
                ):
                    msg = f"the deal is {state}: it accepts no further state change"
                    raise RefusedEvent(
                        msg, fix="record a statement (on a closed deal, also the obligations that survive it)"
                    )
                for needs, pre in PRECHECKS:
                    if getattr(self, needs):
                        pre(self, event, index)
        except DealflowError as err:
            raise err.located(index=index, kind=event.kind) from None  # nothing has changed yet
        try:
            handler(self, event, index)
        except BaseException as exc:  # whatever happened, the deal goes back as it was
            self._roll_back()
            if isinstance(exc, DealflowError):
                raise exc.located(index=index, kind=event.kind) from None
            if isinstance(exc, OverflowError):  # a date past 9999-12-31
                past = InputError(f"the event moves a date past the calendar: {exc}", fix="give earlier dates")
                raise past.located(index=index, kind=event.kind) from None
            raise
        journal.append(event)
        self.clock = date
        changes = history[mark:]
        if self._listeners or _LOG_CACHE.get(_INFO, True):
            self._notify(event, changes)  # (which asks isEnabledFor itself)
        return changes

    def _roll_back(self) -> None:
        """Make the deal again what its journal makes it: the total rollback of an
        event that failed inside its handler (it costs a replay, on failure only)."""
        fresh = Deal()
        for event in self.journal:
            fresh._apply(event)
        for name in _STATE:
            setattr(self, name, getattr(fresh, name))

    def _notify(self, event: ev.Event, changes: list[Change]) -> None:
        if _LOG_ENABLED(_INFO):
            log_applied(self, event, changes)
        for listener in self._listeners:
            listener(self, event, list(changes))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(deal, event, changes)`` after every event this deal applies
        (not for refused ones); returns a function that unsubscribes it.

        ``changes`` are the state changes the event caused (empty for a statement).
        A listener that raises does so after the event was applied: the deal stays
        consistent.  Listeners are not copied by :meth:`fork` or :func:`replay`.
        """
        self._listeners = (*self._listeners, listener)

        def unsubscribe() -> None:
            self._listeners = tuple(x for x in self._listeners if x is not listener)

        return unsubscribe

    def records(self, of: Literal["events", "changes"] = "events") -> list[dict[str, Any]]:
        """The journal as rows, one per event (position, date, kind, actor, description,
        the state changes it caused, verified, source, note), or with ``of="changes"``
        the history, one row per state change; ``pandas.DataFrame(deal.records())``
        makes a table of it (``pip install 'dealflow[pandas]'``)."""
        return deal_records(self, of)

    def extend(self, events: Iterable[ev.Event]) -> None:
        """Apply events in order."""
        for event in events:
            self.apply(event)

    def _move(
        self, kind: str, model: Any, trigger: str, label: str, date: _dt.date, index: int, reason: str = ""
    ) -> None:
        before = model.state
        table = _DIRECT.get(kind)  # the unguarded moves, as machines.fire takes them (built on first use)
        after = table.get((trigger, before)) if table is not None else None
        if after is None:
            fire(kind, trigger, model)
            after = model.state
        else:
            model.state = after
        if after != before:
            self.history.append(_NEW_TUPLE(Change, (date, index, label, before, after, reason)))

    def _party(self, name: str, field: str, role: Role | None = None) -> Party:
        party = self._parties.get(name)
        if party is None:
            msg = f"unknown party {abbrev(name)}{did_you_mean(name, self._parties)}"
            raise UnknownParty(msg, field=field, fix=f"use one of: {one_of(self._parties)}")
        if role is not None and party.role is not role:
            msg = f"{name} is {article(party.role)}, not {article(role)}"
            raise InputError(msg, field=field, fix=f"name {article(role)}")
        return party

    def _check_terms(self, terms: Terms) -> None:
        owned = None  # the companies the holdings own, gathered once if needed (not once per stake)
        for s in terms.cap_table:
            if s.holder in self._parties:
                continue
            if owned is None:
                owned = {h.owned for h in terms.holdings}
            if s.holder not in owned:
                msg = f"unknown holder {abbrev(s.holder)}{did_you_mean(s.holder, self._parties)}"
                raise UnknownParty(msg, field="terms.cap_table", fix=f"use one of: {one_of(self._parties)}")

    def _set_terms(self, terms: Terms, date: _dt.date, index: int) -> None:
        """Make ``terms`` current; each concept reacts (approvals of other terms lapse)."""
        if terms is self.terms or terms == self.terms:  # (a case's reader shares equal terms)
            return
        old = self.terms
        self.terms = terms
        for hook in TERMS_CHANGED:
            hook(self, old, terms, date, index)

    # ------------------------------------------------------------------ questions

    def blockers(self) -> list[str]:
        """Why the current terms cannot be signed or closed now (empty when they can):
        each concept's closing blockers, in turn."""
        if self.terms is None:
            return ["no terms are agreed"]
        out: list[str] = []
        for blocker in CLOSING_BLOCKERS:
            out.extend(blocker(self))
        return out

    def possible_events(self, *, on: _dt.date | str | None = None, actor: str | None = None) -> tuple[Possibility, ...]:
        """What can happen now: the events this deal would accept on ``on`` (its
        clock by default), by ``actor`` if given, and for those it refuses the reason,
        from the deal's own checks (see :mod:`dealflow._now`).  The deal is not changed."""
        from ._now import possible_events

        with self._lock or self._new_lock():
            return possible_events(self, on=on, actor=actor)

    def rules_in_force(self, regulator: str) -> Rule:
        """The conjunction of ``regulator``'s rules in force, by name."""
        rules = self._rules.get(regulator, {})
        return AllOf(tuple(rules[name][0] for name in sorted(rules)))

    def verdict(self, regulator: str, terms: Terms | None = None, on: _dt.date | str | None = None) -> Verdict:
        """What ``regulator``'s rules in force say of ``terms`` (the current terms by default)."""
        if regulator not in self._parties:
            self._party(regulator, "regulator")
        terms = terms if terms is not None else self.terms
        if terms is None:
            raise InputError("there are no terms to evaluate", field="terms", fix="propose terms first")
        return self._verdict(regulator, terms, as_date(on) if on is not None else (self.clock or _dt.date.today()))

    def _verdict(self, regulator: str, terms: Terms, date: _dt.date) -> Verdict:
        """:meth:`verdict` of a known regulator, on terms and a date given as such
        (without its checks: the replay report's decision check asks it of each decision)."""
        if not self._rules.get(regulator):
            return _NO_RULE  # what no rule says, whatever the terms, date and parties
        return self.rules_in_force(regulator).evaluate(terms, RuleContext(date, self._parties))

    @property
    def parties(self) -> Mapping[str, Party]:
        """The deal's parties by name (a copy)."""
        return dict(self._parties)

    def status(self) -> Status:
        """A frozen snapshot of where everything stands now (consistent while
        other threads apply events: it holds the deal's lock)."""
        with self._lock or self._new_lock():
            return self._status()

    def _status(self) -> Status:
        return Status(
            on=self.clock,
            state=self.state,
            target=self.target,
            seller=self.seller,
            terms=self.terms,
            parties=tuple(self._parties.values()),
            bids=tuple(b.status() for b in self._bids.values()),
            gates=tuple(g.status() for g in self._gates.values()),
            mandates=tuple(m.status() for m in self._mandates.values()),
            rules=tuple(
                EnactedRule(reg, name, rule, date)
                for reg, rules in self._rules.items()
                for name, (rule, date) in rules.items()
            ),
            conditions_met=frozenset(self._met),
            reviews=reviews_status(self) if self._reviews else (),
            contract=self._contract.status() if self._contract is not None else None,
            approvals=tuple(a.status() for a in self._approvals.values()),
            remedies=tuple(r.status() for r in self._remedies.values()),
            settlement=self.settlement(),
            suits=tuple(s.status() for s in self._suits.values()),
            orders=tuple(o.status() for o in self._orders.values()),
            agreements=tuple(a.status() for a in self._agreements.values()),
            rights=tuple(r.status() for r in self._rights.values()),
        )

    def settlement(self) -> tuple[Payment, ...]:
        """Once the deal has ended: who owes whom what, and why (the consideration and
        ticking fees on a close; the fees whose trigger was used and refunded
        prepayments on a termination; refunds on an abandonment).  Empty while the
        deal runs.  :meth:`kept` lists prepayments the payee keeps."""
        return settlement(self)

    def kept(self) -> tuple[Payment, ...]:
        """Prepayments the payee keeps after a termination or abandonment."""
        return kept(self)

    def status_on(self, date: _dt.date | str) -> Status:
        """Where everything stood at the end of ``date``: from the nearest snapshot
        of the journal (:mod:`dealflow._checkpoints`), not a replay from the start."""
        day = as_date(date)
        with self._lock or self._new_lock():
            return _checkpoints.status_on(self, day)

    def fork(self, date: _dt.date | str) -> Deal:
        """A new deal equal to the replay of the events up to and including ``date``
        (rebuilt from the nearest snapshot of the journal)."""
        day = as_date(date)
        with self._lock or self._new_lock():
            return _checkpoints.fork(self, day)

    @property
    def is_final(self) -> bool:
        """Whether the deal is closed or terminated (it then accepts no further state change)."""
        return self.state in _FINAL

    def __eq__(self, other: object) -> bool:
        """Deals are equal when their journals, histories and statuses are."""
        if not isinstance(other, Deal):
            return NotImplemented
        return self.journal == other.journal and self.history == other.history and self.status() == other.status()

    __hash__ = None  # type: ignore[assignment]  # a deal is mutable

    def __repr__(self) -> str:
        """``<Deal TARGET: STATE, N events, clock DATE>``."""
        return f"<Deal {self.target or '(not open)'}: {self.state}, {len(self.journal)} events, clock {self.clock}>"

    @classmethod
    def open(
        cls,
        target: str,
        *,
        seller: str,
        parties: Iterable[Party],
        regulators: Iterable[str] = (),
        on: _dt.date | str,
        actor: str | None = None,
        **meta: Any,
    ) -> Deal:
        """Open a deal for ``target``: ``regulators`` are the gates required from the start."""
        deal = cls()
        deal._apply(  # no other thread can see the deal yet: no lock to take
            ev.DealOpened(
                date=on,
                actor=actor or seller,
                target=target,
                seller=seller,
                parties=tuple(parties),
                regulators=tuple(regulators),
                **meta,
            )
        )
        return deal


def replay(events: Iterable[ev.Event]) -> Deal:
    """Rebuild a deal from its events (the cyclic garbage collector paused: bulk work)."""
    deal = Deal()
    apply = deal._apply  # no other thread sees the deal before it is returned: no lock to take
    with paused_gc():
        for event in events:
            apply(event)
    return deal


# what a rollback restores and a pickle keeps: not the lock, the listeners or the snapshot index (built lazily)
_STATE = tuple(name for name in Deal.__slots__ if name not in ("_lock", "_listeners", "_checkpoints"))


def _keywords(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with a misspelled keyword (one its event does not take either)
    refused as an :class:`InputError` naming it, instead of a ``TypeError``."""

    @functools.wraps(method)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except TypeError as err:
            found = re.search(r"unexpected keyword argument '(\w+)'", str(err))
            if found is None or found.group(1) not in kwargs:
                raise
            name = found.group(1)
            known = [p for p in inspect.signature(method).parameters if p not in ("self", "cls", "meta")]
            known += ["source", "verified", "note"]
            msg = f"{method.__name__}() takes no keyword {name!r}{did_you_mean(name, known)}"
            raise InputError(msg, field=name, fix=f"use: {', '.join(known)}") from None

    return checked


for _cls in (Deal, LifecycleMethods, BidMethods, GateMethods, MandateMethods):
    for _name, _method in list(vars(_cls).items()):
        _func = _method.__func__ if isinstance(_method, classmethod) else _method
        if _name.startswith("_") or not inspect.isfunction(_func):
            continue
        if any(p.kind is p.VAR_KEYWORD for p in inspect.signature(_func).parameters.values()):
            _wrapped = _keywords(_func)
            setattr(_cls, _name, classmethod(_wrapped) if isinstance(_method, classmethod) else _wrapped)

_UNHANDLED = set(ev.EVENT_TYPES.values()) - set(HANDLERS)
assert not _UNHANDLED, _UNHANDLED
