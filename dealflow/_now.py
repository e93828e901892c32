"""What can happen now: the events a deal would accept on a date, and why it
refuses the others.

Candidates are the state-changing event kinds whose fields a deal can fill in
itself: kinds with no field beyond the common ones (sign, close, terminate...)
and kinds whose fields name something the deal has (a bid, a gate's regulator,
a mandate, a condition, a party approval, a remedy, a suit, an order, an
agreement, special rights), plus yes/no fields tried both ways.  Kinds that need
data only the user has (new terms, a number of days, a rule) are not proposed.
Each candidate, with each party who could plausibly act, is tried on a copy of
the deal: the answer comes from the deal's own checks, so an event listed as
allowed is accepted and one listed as refused is refused, with the deal's reason.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import DealflowError
from ._events import EVENT_TYPES, Event

if TYPE_CHECKING:
    from ._deal import Deal, Status

__all__ = ["Possibility", "possible_events"]


@attrs.frozen
class Possibility:
    """One event a deal was asked about (see :meth:`Deal.possible_events`).

    Attributes:
        event: the event tried, dated and with its actor.
        allowed: whether the deal accepts it now.
        reason: why the deal refuses it (the refusal's message, with the fix), empty when allowed.
    """

    event: Event
    allowed: bool
    reason: str = ""

    def __str__(self) -> str:
        head = f"{self.event.kind} by {self.event.actor}: {self.event.describe()}"
        return head if self.allowed else f"{head} -- refused: {self.reason}"


_COMMON = frozenset(f.name for f in attrs.fields(Event))
_SKIP = frozenset({"deal_opened", "statement"})


def _subjects(st: Status) -> dict[str, tuple[str, ...]]:
    """The values the deal can give each subject field."""
    return {
        "bid": tuple(b.bid for b in st.bids),
        "regulator": tuple(g.regulator for g in st.gates),
        "mandate": tuple(m.mandate for m in st.mandates),
        "approval": tuple(a.approval for a in st.approvals),
        "remedy": tuple(r.remedy for r in st.remedies),
        "suit": tuple(s.suit for s in st.suits),
        "order": tuple(o.order for o in st.orders),
        "agreement": tuple(a.agreement for a in st.agreements),
        "rights": tuple(r.rights for r in st.rights),
    }


def _conditions(st: Status) -> tuple[Any, ...]:
    out = {c for g in st.gates for c in g.conditions} - set(st.conditions_met)
    return tuple(sorted(out, key=str))


def _candidates(st: Status) -> Iterator[tuple[type[Event], dict[str, Any]]]:
    subjects = _subjects(st)
    subjects_any: dict[str, tuple[Any, ...]] = {**subjects, "condition": _conditions(st)}
    for kind in sorted(EVENT_TYPES):
        cls = EVENT_TYPES[kind]
        if kind in _SKIP or not cls.changes_state:
            continue
        required = [f for f in attrs.fields(cls) if f.name not in _COMMON and f.default is attrs.NOTHING]
        choices: list[tuple[str, tuple[Any, ...]]] = []
        for f in required:
            if f.name in subjects_any:
                choices.append((f.name, subjects_any[f.name]))
            elif f.type in (bool, "bool"):
                choices.append((f.name, (True, False)))
            else:
                break
        else:
            names = [name for name, _ in choices]
            for values in itertools.product(*(vals for _, vals in choices)):
                yield cls, dict(zip(names, values, strict=True))


def _actors(st: Status, fields: dict[str, Any]) -> list[str]:
    """Who could plausibly make the event: the party it names first, then the seller and the buyers."""
    out: list[str] = []
    if "regulator" in fields:
        out.append(fields["regulator"])
    if "bid" in fields:
        out.extend(b for bid in st.bids if bid.bid == fields["bid"] for b in bid.bidders)
    if "mandate" in fields:
        out.extend(m.issuer for m in st.mandates if m.mandate == fields["mandate"])
    if "suit" in fields:
        out.extend(x for s in st.suits if s.suit == fields["suit"] for x in (s.court, s.plaintiff))
    if "order" in fields:
        out.extend(o.issuer for o in st.orders if o.order == fields["order"])
    if "agreement" in fields:
        out.extend(a.government for a in st.agreements if a.agreement == fields["agreement"])
    if "rights" in fields:
        out.extend(r.holder for r in st.rights if r.rights == fields["rights"])
    if "remedy" in fields:
        out.extend(r.regulator for r in st.remedies if r.remedy == fields["remedy"])
    out.append(st.seller)
    if st.terms is not None:
        out.extend(st.terms.buyers)
    known = {p.name for p in st.parties}
    return [a for a in dict.fromkeys(out) if a in known]


def possible_events(
    deal: Deal, *, on: _dt.date | str | None = None, actor: str | None = None
) -> tuple[Possibility, ...]:
    """Every candidate event on ``on`` (the deal's clock by default), by ``actor``
    if given, with whether the deal accepts it and, if not, why (see the module
    docstring for which events are candidates).  An allowed event is listed once,
    with the first party who may make it; a refused one with the reason given to
    the most plausible actor.  The deal itself is not changed."""
    from ._checkpoints import copy_deal
    from ._values import as_date

    if deal.state is None:
        return ()
    day = as_date(on) if on is not None else deal.clock
    assert day is not None
    st = deal.status()
    out: list[Possibility] = []
    trial = copy_deal(deal)
    for cls, fields in _candidates(st):
        actors = [actor] if actor is not None else _actors(st, fields)
        first: Possibility | None = None
        for who in actors:
            try:
                event = cls(date=day, actor=who, **fields)
            except DealflowError:
                continue
            try:
                trial.apply(event)
            except DealflowError as err:
                if first is None:
                    first = Possibility(event, False, str(err))
                continue
            out.append(Possibility(event, True))
            trial = copy_deal(deal)
            first = None
            break
        if first is not None:
            out.append(first)
    return tuple(out)
