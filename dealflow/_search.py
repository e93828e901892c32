"""What can still happen to a deal, answered through the deal's own rules.

``dealflow check`` asks three questions of a deal on a date: can it close (and
what is the shortest way), what must happen before it closes, and who can still
stop it.  The answers come from trying events on copies of the deal
(:func:`dealflow._checkpoints.copy_deal`): an event the deal refuses is no move,
so every way printed replays on the deal, and it is replayed, whole, before it
is printed.

Moves follow the real-deal model, not everything the deal would accept:

* a required review is cleared only by its regulator's decision (approved,
  conditionally approved, its conditions then met) or, where the regime's phase
  clears by expiry, by the expiry of that phase on its last day; a review is
  opened (under the regulator's regime when the deal has filed under one) before
  it is decided; a required review is never waived;
* a party approval passes by a vote, or is waived by a party entitled to waive it;
* an upfront remedy is accepted by its regulator, its buyer cleared, then completed;
* relief in a suit ends by a ruling for the defendants, a denial, a dismissal
  or a withdrawal by the plaintiff; an order is revoked by its issuer;
* a condition precedent is met, or waived by a party entitled to waive it;
* each event is made by the party who makes it in a real deal (the regulator,
  the court, the plaintiff, the issuer, the voting party, the seller), never by
  whichever party the deal would accept.

Exploration scales by structure.  Given the terms, the parts that bar closing
(each gate, party approval, upfront remedy, suit with relief, order and
condition precedent) move independently: each part is searched on its own,
breadth first, for its shortest way to clear, and the ways are merged in date
order.  The terms explored are those on the table and those of each live offer
(offers alike in everything but their bidders' names are explored once).
Mandates bar nothing and are not explored.  Exploration never invents terms.

Limits are reported, never hidden: a part whose search reaches ``max_states``
states, or a search that runs past ``max_seconds``, leaves its question
unanswered, with the reason and what to do (:class:`Unanswered`).
"""

from __future__ import annotations

import datetime as _dt
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._checkpoints import copy_deal
from ._errors import DealflowError, InputError
from ._rules import condition_met_by
from ._values import as_date

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["Claim", "Outlook", "Unanswered", "outlook"]

MAX_STATES = 5_000
MAX_SECONDS = 30.0


@attrs.frozen
class Claim:
    """Something every way to close needs: ``what`` (a sentence), the ``part`` it
    is about (``gate Brussels``, ``approval Acme vote``...), the ``party`` whose
    act it is (who can still stop the deal by withholding it), and ``kind``, one
    of ``agreement``, ``signing``, ``closing``, ``clearance``, ``approval``,
    ``remedy``, ``relief``, ``order``, ``precedent``."""

    kind: str
    part: str
    what: str
    party: str = ""


@attrs.frozen
class Unanswered:
    """A question left unanswered: which one, why, and what the user can do."""

    question: str
    why: str
    fix: str

    def __str__(self) -> str:
        return f"{self.question}: not answered ({self.why}); {self.fix}"


@attrs.frozen
class Outlook:
    """What can still happen to a deal from ``on``.

    Attributes:
        on: the date explored from.
        state: the deal's state then.
        can_close: True (``path`` closes it), False (no way on the terms explored),
            None (not answered: see ``unanswered``).
        path: the shortest way found to close, as events that replay on the deal
            (checked by replaying them, whole, on a copy); empty when already closed.
        must: what every way to close needs (valid only when ``must_known``).
        must_known: whether ``must`` is the whole answer (every part was searched to the end).
        why_not: when it cannot close, why (one line per part that cannot clear).
        terms_explored: how many sets of terms were explored (the table's and live offers').
        terms_can_change: whether new terms could still be proposed (the deal is not signed):
            a "no" then holds for the terms explored only.
        alike: offers explored once for others alike (offer -> the one explored).
        states: how many part states were explored.
        unanswered: the questions not answered, with why and what to do.
    """

    on: _dt.date
    state: str
    can_close: bool | None
    path: tuple[ev.Event, ...] = ()
    must: tuple[Claim, ...] = ()
    must_known: bool = True
    why_not: tuple[str, ...] = ()
    terms_explored: int = 0
    alike: tuple[tuple[str, str], ...] = ()
    states: int = 0
    unanswered: tuple[Unanswered, ...] = ()
    terms_can_change: bool = False

    @property
    def vetoes(self) -> tuple[str, ...]:
        """The parties whose act every way to close needs: each can still stop it."""
        return tuple(dict.fromkeys(c.party for c in self.must if c.party))


# ------------------------------------------------------------------ parts


@attrs.frozen
class _Part:
    """One thing that bars closing now: its kind, name, and how to read it."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


def _gate_clear(deal: Deal, name: str) -> bool:
    g = deal._gates[name]
    if g.state == "not_required":
        return True
    if g.state not in ("approved", "conditionally_approved") or g.terms != deal.terms or deal.terms is None:
        return False
    terms = deal.terms
    return all(c in deal._met or condition_met_by(terms, c) for c in g.conditions)


def _approval_clear(deal: Deal, name: str) -> bool:
    a = deal._approvals[name]
    return not a.precedent or a.state in ("approved", "waived")


def _remedy_clear(deal: Deal, name: str) -> bool:
    r = deal._remedies[name]
    return not r.e.upfront or r.state in ("completed", "discharged")


def _suit_clear(deal: Deal, name: str) -> bool:
    s = deal._suits[name]
    if s.relief is None:
        return True
    if s.against == "deal":
        return False
    if s.against == "bid":
        bid = deal._bids.get(s.target)
        return bid is None or bid.state != "accepted"
    return True


def _order_clear(deal: Deal, name: str) -> bool:
    from ._orders import _held_by

    o = deal._orders[name]
    if o.state != "in_force":
        return True
    if o.e.category == "prohibition" and _held_by(deal) & set(o.e.acquirers):
        return False
    return not (o.e.category == "interim" and ({"closing", "status_quo"} & set(o.e.forbids)))


def _precedent_of(deal: Deal, name: str) -> Any:
    c = deal._contract
    assert c is not None
    return next(p for p in c.contract.conditions if str(p.condition) == name)


def _precedent_clear(deal: Deal, name: str) -> bool:
    c = deal._contract
    if c is None or deal.terms is None:
        return True
    cond = _precedent_of(deal, name).condition
    return cond in c.waived or cond in deal._met or condition_met_by(deal.terms, cond)


_CLEAR: dict[str, Callable[[Deal, str], bool]] = {
    "gate": _gate_clear,
    "approval": _approval_clear,
    "remedy": _remedy_clear,
    "suit": _suit_clear,
    "order": _order_clear,
    "precedent": _precedent_clear,
}


def parts(deal: Deal) -> list[_Part]:
    """Every part of ``deal`` that could bar closing (clear or not)."""
    out = [_Part("gate", r) for r in deal._gates]
    out += [_Part("approval", a) for a in deal._approvals]
    out += [_Part("remedy", r) for r in deal._remedies]
    out += [_Part("suit", s) for s in deal._suits]
    out += [_Part("order", o) for o in deal._orders]
    if deal._contract is not None:
        out += [_Part("precedent", str(p.condition)) for p in deal._contract.contract.conditions]
    return out


def blocking(deal: Deal) -> list[_Part]:
    """The parts that bar closing now (empty exactly when :meth:`Deal.blockers` is, given terms)."""
    return [p for p in parts(deal) if not _CLEAR[p.kind](deal, p.name)]


def _key(deal: Deal, part: _Part) -> Any:
    """Where ``part`` stands in ``deal`` (what a search of the part tells apart): its status."""
    met = frozenset(deal._met)
    if part.kind == "gate":
        return (deal._gates[part.name].status(), deal._reviews.get(part.name), met)
    if part.kind == "precedent":
        c = deal._contract
        return (frozenset(c.waived) if c is not None else None, met)
    table: Any = {"approval": deal._approvals, "remedy": deal._remedies, "suit": deal._suits, "order": deal._orders}
    return table[part.kind][part.name].status()


# ------------------------------------------------------------------ moves


def _government(deal: Deal, regulator: str) -> list[str]:
    """Who decides for ``regulator``: itself, then the regulators and officials of its jurisdiction
    who decided for it before (e.g. the President for Washington)."""
    out = [regulator]
    for e in deal.journal:
        if getattr(e, "regulator", None) == regulator and type(e) in (ev.Approved, ev.ConditionallyApproved):
            out.append(e.actor)
    return list(dict.fromkeys(out))


def _moves(deal: Deal, part: _Part, day: _dt.date) -> Iterator[ev.Event]:
    """The moves that can help ``part`` clear, each by the party who makes it in a real deal."""
    name = part.name
    if part.kind == "gate":
        yield from _gate_moves(deal, name, day)
    elif part.kind == "approval":
        a = deal._approvals[name]
        yield ev.VoteHeld(date=day, actor=a.party, approval=name, passed=True)
        for who in a.waivable_by:
            yield ev.ApprovalWaived(date=day, actor=who, approval=name)
    elif part.kind == "remedy":
        r = deal._remedies[name]
        yield ev.RemedyAccepted(date=day, actor=r.e.regulator, remedy=name)
        for reg in r.e.buyer_clearance or (r.e.regulator,):
            yield ev.RemedyBuyerCleared(date=day, actor=reg, remedy=name)
        yield ev.RemedyCompleted(date=day, actor=deal.seller, remedy=name)
    elif part.kind == "suit":
        from ._litigation import (
            PreliminaryInjunctionDenied,
            RestrainingOrderDenied,
            RulingIssued,
            SuitDismissed,
            SuitWithdrawn,
        )

        s = deal._suits[name]
        yield RulingIssued(date=day, actor=s.court, suit=name, for_plaintiff=False)
        yield PreliminaryInjunctionDenied(date=day, actor=s.court, suit=name)
        yield RestrainingOrderDenied(date=day, actor=s.court, suit=name)
        yield SuitDismissed(date=day, actor=s.court, suit=name)
        if s.plaintiff in deal._parties:
            yield SuitWithdrawn(date=day, actor=s.plaintiff, suit=name)
    elif part.kind == "order":
        from ._orders import OrderRevoked

        yield OrderRevoked(date=day, actor=deal._orders[name].e.actor, order=name)
    elif part.kind == "precedent":
        p = _precedent_of(deal, name)
        yield ev.ConditionMet(date=day, actor=deal.seller, condition=p.condition)
        for who in p.waivable_by:
            yield ev.ConditionWaived(date=day, actor=who, condition=p.condition)


def _gate_moves(deal: Deal, name: str, day: _dt.date) -> Iterator[ev.Event]:
    from ._review import PhaseOpened, ReviewExpired, ReviewFiled

    g = deal._gates[name]
    deciders = _government(deal, name)
    if g.state == "pending":
        clock = deal._reviews.get(name)
        if clock is not None:  # the parties filed under a regime before: they file again under it
            yield ReviewFiled(date=day, actor=deal.seller, regulator=name, regime=clock.regime)
        else:
            yield ev.ReviewOpened(date=day, actor=name, regulator=name, days=30)
        return
    if g.state == "under_review":
        clock = deal._reviews.get(name)
        if clock is not None and clock.stopped is None:
            phase = clock.phase_value()
            due = g.review_due
            if phase.on_expiry == "clearance" and due is not None:
                yield ReviewExpired(date=max(day, due), actor=name, regulator=name)
            for nxt in phase.next:
                yield PhaseOpened(date=day, actor=name, regulator=name, phase=nxt)
        for who in deciders:
            yield ev.Approved(date=day, actor=who, regulator=name)
        return
    if g.state == "conditionally_approved" and deal.terms is not None:
        terms = deal.terms
        for cond in sorted(g.conditions, key=str):
            if cond not in deal._met and not condition_met_by(terms, cond):
                yield ev.ConditionMet(date=day, actor=deal.seller, condition=cond)


# ------------------------------------------------------------------ searching one part


@attrs.define
class _Found:
    """A part's search: its shortest way to clear (None: none), the states seen,
    and whether the search ran to its end."""

    way: list[ev.Event] | None
    states: int
    complete: bool
    why: str = ""


def _search(base: Deal, part: _Part, day: _dt.date, max_states: int, deadline: float) -> _Found:
    """Breadth first over the part's own states: the fewest moves that clear it."""
    clear = _CLEAR[part.kind]
    if clear(base, part.name):
        return _Found([], 1, True)
    seen = {_key(base, part)}
    queue: deque[tuple[Deal, list[ev.Event]]] = deque([(base, [])])
    while queue:
        deal, way = queue.popleft()
        now = deal.clock or day
        for move in _moves(deal, part, max(day, now)):
            trial = copy_deal(deal)
            try:
                trial.apply(move)
            except DealflowError:
                continue
            key = _key(trial, part)
            if key in seen:
                continue
            seen.add(key)
            if clear(trial, part.name):
                return _Found([*way, move], len(seen), True)
            if len(seen) >= max_states:
                return _Found(None, len(seen), False, f"its search reached the limit of {max_states} states")
            if time.perf_counter() > deadline:
                return _Found(None, len(seen), False, "the time allowed ran out")
            queue.append((trial, [*way, move]))
    return _Found(None, len(seen), True, _stuck(base, part))


def _stuck(deal: Deal, part: _Part) -> str:
    """Why ``part`` cannot clear on these terms, in words."""
    name = part.name
    if part.kind == "gate":
        g = deal._gates[name]
        if g.state == "blocked":
            return f"{name} blocked these terms (a block is lifted only by new terms in its scope)"
        if g.state in ("approved", "conditionally_approved") and g.terms != deal.terms:
            return f"{name} decided on other terms, and a decision is not taken twice on a gate"
        return f"{name}'s gate is {g.state} and no move of its review clears it"
    if part.kind == "approval":
        return f"{name} is {deal._approvals[name].state} and cannot pass again on these terms"
    if part.kind == "order":
        return f"order {name!r} of {deal._orders[name].e.actor} bars closing and cannot be revoked"
    if part.kind == "suit":
        return f"relief in suit {name!r} bars closing and nothing ends it"
    if part.kind == "remedy":
        return f"upfront remedy {name!r} is {deal._remedies[name].state} and cannot complete"
    return f"condition precedent {name} can be neither met nor waived"


# ------------------------------------------------------------------ claims


def _claim(deal: Deal, part: _Part) -> Claim:
    name = part.name
    if part.kind == "gate":
        clock = deal._reviews.get(name)
        expiry = clock is not None and any(p.on_expiry == "clearance" for p in clock.regime_value().phases)
        how = "approves them, on conditions then met" + (", or lets its waiting period expire" if expiry else "")
        return Claim("clearance", part.label, f"{name} clears the terms ({how})", name)
    if part.kind == "approval":
        a = deal._approvals[name]
        waive = f", or {' or '.join(a.waivable_by)} waives it" if a.waivable_by else ""
        return Claim("approval", part.label, f"{a.party}'s {a.body.replace('_', ' ')} approve ({name}){waive}", a.party)
    if part.kind == "remedy":
        r = deal._remedies[name]
        return Claim("remedy", part.label, f"upfront remedy {name!r} completes", r.e.regulator)
    if part.kind == "suit":
        s = deal._suits[name]
        return Claim("relief", part.label, f"the relief in suit {name!r} ends", s.court)
    if part.kind == "order":
        o = deal._orders[name]
        return Claim("order", part.label, f"order {name!r} no longer bars the terms", o.e.actor)
    p = _precedent_of(deal, name)
    waive = f", or {' or '.join(p.waivable_by)} waives it" if p.waivable_by else ""
    return Claim("precedent", part.label, f"condition precedent {name} is met{waive}")


# ------------------------------------------------------------------ terms to explore


def _live_bids(deal: Deal) -> list[str]:
    return [name for name, b in deal._bids.items() if b.state in ("submitted", "revised")]


def _shape(deal: Deal, bid: str) -> Any:
    """What exploring ``bid`` depends on, its bidders' names aside: offers of equal shape are explored once."""
    b = deal._bids[bid]
    who = tuple(sorted((str(deal._parties[n].role), deal._parties[n].jurisdiction) for n in b.bidders))
    named = any(bid == s.target for s in deal._suits.values()) or any(
        set(b.bidders) & set(o.e.acquirers) for o in deal._orders.values()
    )
    t = b.terms
    terms = (str(t.structure), t.entity, len(t.cap_table), t.assets, t.price, t.jurisdiction, t.conditions)
    return (b.state, who, terms, bid if named else "")


def _bases(deal: Deal, day: _dt.date) -> tuple[list[tuple[str, list[ev.Event]]], list[tuple[str, str]], str]:
    """The ways to terms agreed (and signed when the deal allows it now), one per set of
    terms explored: ``(what, events)``; the offers explored once for others alike; and,
    when there are none, why."""
    seller = deal.seller
    state = deal.state
    out: list[tuple[str, list[ev.Event]]] = []
    alike: list[tuple[str, str]] = []
    if state == "signed":
        return [("the signed terms", [])], alike, ""
    if state == "agreed":
        out.append(("the agreed terms", []))
    elif state in ("open", "negotiating") and deal.terms is not None:
        out.append(("the terms on the table", [ev.TermsAgreed(date=day, actor=seller)]))
    if state in ("open", "negotiating", "agreed") and not any(b.state == "accepted" for b in deal._bids.values()):
        shapes: dict[Any, str] = {}
        for bid in _live_bids(deal):
            shape = _shape(deal, bid)
            if shape in shapes:
                alike.append((bid, shapes[shape]))
                continue
            shapes[shape] = bid
            out.append((f"bid {bid!r}", [ev.BidAccepted(date=day, actor=seller, bid=bid)]))
    why = ""
    if not out:
        why = (
            "the deal has no terms and no live offer, and exploration does not invent terms"
            if deal.terms is None
            else f"the deal is {state}"
        )
    return out, alike, why


# ------------------------------------------------------------------ the outlook


def outlook(
    deal: Deal,
    *,
    on: _dt.date | str | None = None,
    max_states: int = MAX_STATES,
    max_seconds: float = MAX_SECONDS,
) -> Outlook:
    """Can ``deal`` close from where it stood at the end of ``on`` (its clock by
    default), by which shortest way, what must happen first, and who can still stop
    it (see the module docstring for the moves explored and the limits)."""
    if deal.state is None:
        raise InputError("the deal is not open", field="deal", fix="open it (Deal.open or a deal_opened event) first")
    if not isinstance(max_states, int) or isinstance(max_states, bool) or max_states < 1:
        raise InputError(f"max_states is {max_states!r}", field="max_states", fix="give a whole number, 1 or more")
    start = deal.fork(as_date(on)) if on is not None else copy_deal(deal)
    day = as_date(on) if on is not None else start.clock
    if start.state is None or day is None:
        opened = deal.journal[0].date
        raise InputError(f"the deal was not open yet on {on}", field="on", fix=f"give {opened} or a later date")
    deadline = time.perf_counter() + max_seconds
    if start.state == "closed":
        return Outlook(day, "closed", True)
    if start.state in ("terminated", "abandoned", "withdrawn"):
        return Outlook(day, start.state, False, why_not=(f"the deal is {start.state}: it accepts no further change",))
    bases, alike, why = _bases(start, day)
    if not bases:
        q = Unanswered("can it close", why, "record the terms under negotiation (terms_proposed) or an offer (bid)")
        return Outlook(
            day, start.state, None, must_known=False, unanswered=(q,), alike=tuple(alike), terms_can_change=True
        )
    best: list[ev.Event] | None = None
    states = 0
    musts: list[set[Claim]] = []
    why_not: list[str] = []
    unanswered: list[Unanswered] = []
    complete = True
    for what, lead in bases:
        found = _explore_terms(start, day, what, lead, max_states, deadline)
        states += found.states
        if found.unanswered:
            unanswered.extend(found.unanswered)
            complete = False
        if found.path is not None and (best is None or len(found.path) < len(best)):
            best = found.path
        if found.why_not:
            why_not.extend(found.why_not)
        if found.path is not None:  # every way to close lies within terms that can close
            musts.append(found.must)
    # a claim holds when every set of terms explored needs it (keyed by its part: the wording may differ)
    keys = set.intersection(*({(c.kind, c.part) for c in m} for m in musts)) if musts else set()
    must = {c for c in musts[0] if (c.kind, c.part) in keys} if musts else set()
    base_claims = _lifecycle_claims(start)
    claims = tuple(base_claims) + tuple(sorted(must, key=lambda c: (c.kind, c.part)))
    if best is not None:
        can: bool | None = True
        why_not = []
    elif unanswered:
        can = None
    else:
        can = False
    if can is False:
        claims = ()
    return Outlook(
        day,
        start.state,
        can,
        tuple(best or ()),
        claims,
        complete,
        tuple(why_not),
        len(bases),
        tuple(alike),
        states,
        tuple(unanswered),
        start.state in ("open", "negotiating", "agreed"),
    )


def _lifecycle_claims(deal: Deal) -> list[Claim]:
    out = []
    if deal.state in ("open", "negotiating"):
        out.append(Claim("agreement", "deal", "the parties agree terms (terms agreed, or the seller accepts an offer)"))
    if deal.state != "signed":
        out.append(Claim("signing", "deal", "the deal is signed"))
    out.append(Claim("closing", "deal", "the deal closes"))
    return out


@attrs.define
class _TermsResult:
    path: list[ev.Event] | None
    must: set[Claim]
    why_not: list[str]
    unanswered: list[Unanswered]
    states: int


def _explore_terms(
    start: Deal, day: _dt.date, what: str, lead: Sequence[ev.Event], max_states: int, deadline: float
) -> _TermsResult:
    """Search each part that bars closing on one set of terms, then merge and replay the ways found."""
    base = copy_deal(start)
    try:
        for e in lead:
            base.apply(e)
    except DealflowError as err:
        # an order in force may refuse the terms outright: its issuer revoking it comes first
        cleared, revoked, claims = _revoke_orders(start, day)
        try:
            for e in lead:
                cleared.apply(e)
        except DealflowError:
            return _TermsResult(None, set(), [f"on {what}: {err.rule}"], [], 0)
        base, lead = cleared, [*revoked, *lead]
        found = _explore_terms_on(start, base, day, what, lead, max_states, deadline)
        found.must |= claims
        return found
    return _explore_terms_on(start, base, day, what, lead, max_states, deadline)


def _revoke_orders(start: Deal, day: _dt.date) -> tuple[Deal, list[ev.Event], set[Claim]]:
    """``start`` with every order in force revoked by its issuer (where the deal accepts it)."""
    from ._orders import OrderRevoked

    deal = copy_deal(start)
    done: list[ev.Event] = []
    claims: set[Claim] = set()
    for name, o in start._orders.items():
        if o.state != "in_force":
            continue
        move = OrderRevoked(date=day, actor=o.e.actor, order=name)
        try:
            deal.apply(move)
        except DealflowError:
            continue
        done.append(move)
        claims.add(_claim(start, _Part("order", name)))
    return deal, done, claims


def _explore_terms_on(
    start: Deal, base: Deal, day: _dt.date, what: str, lead: Sequence[ev.Event], max_states: int, deadline: float
) -> _TermsResult:
    signing: list[ev.Event] = []
    if base.state == "agreed":
        sign = ev.DealSigned(date=day, actor=base.seller)
        trial = copy_deal(base)
        try:
            trial.apply(sign)
        except DealflowError:
            signing = [sign]  # signed once what bars it clears (an order may bar signing too)
        else:
            base = trial
            lead = [*lead, sign]
    todo = blocking(base)
    ways: list[list[ev.Event]] = []
    must = {_claim(base, p) for p in todo}
    why_not: list[str] = []
    unanswered: list[Unanswered] = []
    states = 0
    for part in todo:
        if time.perf_counter() > deadline:
            unanswered.append(
                Unanswered(
                    f"can {part.label} clear (on {what})",
                    "the time allowed ran out before its search began",
                    "allow more time (--max-seconds)",
                )
            )
            continue
        found = _search(base, part, day, max_states, deadline)
        states += found.states
        if found.way is not None:
            ways.append(found.way)
        elif found.complete:
            why_not.append(f"on {what}: {found.why}")
        else:
            unanswered.append(
                Unanswered(
                    f"can {part.label} clear (on {what})",
                    found.why,
                    "allow more states (--max-states) or time (--max-seconds)",
                )
            )
    if why_not or unanswered:
        return _TermsResult(None, must, why_not, unanswered, states)
    merged = sorted((e for way in ways for e in way), key=lambda e: e.date)  # stable: each way keeps its order
    last = max([day, *(e.date for e in merged)])
    tail = [attrs.evolve(e, date=last) for e in signing] + [ev.DealClosed(date=last, actor=start.seller)]
    path = [*lead, *merged, *tail]
    check = copy_deal(start)
    try:
        for e in path:
            check.apply(e)
    except DealflowError as err:
        q = Unanswered(
            f"can it close on {what}",
            f"the ways found for each part do not combine: {err}",
            "report it: the parts of this deal are not independent as exploration assumes",
        )
        return _TermsResult(None, must, [], [q], states)
    if check.state != "closed":
        q = Unanswered(f"can it close on {what}", "the ways found did not close it", "report it")
        return _TermsResult(None, must, [], [q], states)
    return _TermsResult(path, must, [], [], states)


def replays(deal: Deal, path: Sequence[ev.Event], *, on: _dt.date | str | None = None) -> bool:
    """Whether ``path`` applies, whole, to ``deal`` as it stood on ``on`` and closes it."""
    trial = deal.fork(as_date(on)) if on is not None else copy_deal(deal)
    try:
        for e in path:
            trial.apply(e)
    except DealflowError:
        return False
    return trial.state == "closed"
