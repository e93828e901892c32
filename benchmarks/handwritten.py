"""Hand-written pure Python that does what ``Deal.apply`` checks and records for the
event mix of ``bench_core.py``: the peer of "apply: event mix vs hand-written".

No state machine library and no generic machinery: one class, a dict from event
type to a method, plain dicts and tuples.  For every event it checks what dealflow
checks before it changes anything (the date is a date and not before the clock,
the actor is a party, the deal accepts changes, the bid or gate exists and its
state allows the move, the actor may make it, the terms name known parties) and
records what dealflow records (the journal, one change per state change, the
decisions with the terms they are of, and the gates a change of terms withdraws,
by scope).  Each apply holds the deal's lock, as ``Deal.apply`` does.
"""

from __future__ import annotations

import datetime as _dt
import threading
from typing import Any

import dealflow as df

_DECIDABLE = frozenset({"pending", "under_review"})
_FINAL = frozenset({"closed", "terminated"})


class Refused(Exception):
    """An event the deal refuses."""


class HandDeal:
    """The deal of the mix (gates pending, the sale proposed), by hand."""

    def __init__(self, parties: tuple[df.Party, ...], regulators: tuple[str, ...], terms: df.Terms) -> None:
        self.roles = {p.name: p.role for p in parties}
        self.seller = next(p.name for p in parties if p.role == "seller")
        self.state = "negotiating"
        self.terms = terms
        self.clock: _dt.date | None = None
        self.bids: dict[str, list[Any]] = {}  # id -> [state, bidders, terms]
        self.gates = {r: ["pending", None, None] for r in regulators}  # name -> [state, decided terms, deadline]
        self.journal: list[df.Event] = []
        self.history: list[tuple[Any, ...]] = []
        self.lock = threading.RLock()
        self.handlers = {
            df.BidSubmitted: self._submitted,
            df.BidRevised: self._revised,
            df.BidWithdrawn: self._withdrawn,
            df.ReviewOpened: self._review,
            df.Approved: self._decided,
            df.Blocked: self._decided,
            df.ConditionallyApproved: self._decided,
            df.TermsProposed: self._proposed,
        }

    def apply(self, event: Any) -> None:
        with self.lock:
            if type(event.date) is not _dt.date:
                raise Refused("date")
            if self.clock is not None and event.date < self.clock:
                raise Refused("time runs backwards")
            if event.actor not in self.roles:
                raise Refused("unknown actor")
            if self.state in _FINAL:
                raise Refused("final")
            self.handlers[type(event)](event)
            self.journal.append(event)
            self.clock = event.date

    def _check_terms(self, terms: df.Terms) -> None:
        for stake in terms.cap_table:
            if stake.holder not in self.roles:
                raise Refused("unknown holder")

    def _submitted(self, e: Any) -> None:
        if e.bid in self.bids:
            raise Refused("bid exists")
        if e.actor not in e.bidders or any(self.roles.get(b) != "bidder" for b in e.bidders):
            raise Refused("bidders")
        self._check_terms(e.terms)
        self.bids[e.bid] = ["submitted", e.bidders, e.terms]
        self.history.append(("bid", e.bid, None, "submitted", e.date))

    def _bid(self, e: Any) -> list[Any]:
        bid = self.bids.get(e.bid)
        if bid is None:
            raise Refused("no such bid")
        if bid[0] not in ("submitted", "revised"):
            raise Refused("bid closed")
        if e.actor not in bid[1]:
            raise Refused("not a bidder of it")
        return bid

    def _revised(self, e: Any) -> None:
        bid = self._bid(e)
        self._check_terms(e.terms)
        self.history.append(("bid", e.bid, bid[0], "revised", e.date))
        bid[0], bid[2] = "revised", e.terms

    def _withdrawn(self, e: Any) -> None:
        bid = self._bid(e)
        self.history.append(("bid", e.bid, bid[0], "withdrawn", e.date))
        bid[0] = "withdrawn"

    def _gate(self, e: Any) -> list[Any]:
        gate = self.gates.get(e.regulator)
        if gate is None or e.actor != e.regulator or self.roles[e.actor] != "regulator":
            raise Refused("not this regulator's gate")
        if gate[0] not in _DECIDABLE:
            raise Refused("already decided")
        return gate

    def _review(self, e: Any) -> None:
        gate = self._gate(e)
        if gate[0] != "pending":
            raise Refused("under review")
        self.history.append(("gate", e.regulator, gate[0], "under_review", e.date))
        gate[0], gate[1], gate[2] = "under_review", self.terms, e.date + _dt.timedelta(days=e.days)

    def _decided(self, e: Any) -> None:
        gate = self._gate(e)
        to = e.kind
        self.history.append(("gate", e.regulator, gate[0], to, e.date))
        gate[0], gate[1] = to, self.terms

    def _proposed(self, e: Any) -> None:
        if e.actor != self.seller:
            raise Refused("only the seller proposes terms")
        new = e.terms
        self._check_terms(new)
        self.history.append(("terms", "deal", None, None, e.date))
        self.terms = new
        for name, gate in self.gates.items():
            if gate[0] == "pending" or gate[1] is None or gate[1] == new:
                continue
            # what the change touches, scope by scope; the gate lapses if one of its own is hit
            a, b = _aspects(gate[1]), _aspects(new)
            hit = [scope for scope in a if a[scope] != b[scope]]
            if any(scope in hit for scope in _SCOPES):
                reason = "terms changed in its scope: " + "; ".join(s for s in _SCOPES if s in hit)
                self.history.append(("gate", name, gate[0], "pending", e.date, reason))
                gate[0], gate[1], gate[2] = "pending", None, None
            else:
                gate[1] = new


_SCOPES = ("combination", "businesses", "control")  # a gate's scopes (a competition and investment review)


def _aspects(t: df.Terms) -> dict[str, object]:
    """The terms seen from each scope a review can be of."""
    return {
        "combination": (t.structure, frozenset(s.holder for s in t.cap_table), t.entity),
        "businesses": (t.entity, t.assets),
        "control": (t.structure, t.cap_table, t.holdings, t.board, t.data_custodian, t.jurisdiction),
        "exports": (t.assets, t.jurisdiction),
        "price": t.price,
        "conditions": t.conditions,
    }
