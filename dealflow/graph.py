"""Deal processes and ownership as graphs (networkx): verify before running.

Exploring a process
    :func:`explore` composes the deal, bid, gate and mandate machines for given
    bids, regulators and mandates into a :class:`Process`: a networkx ``DiGraph``
    whose nodes are abstract :class:`Configuration` values (states only) and whose
    edges are labelled by the :class:`Step` (event kind and subject) that moves
    one configuration to the next.  :func:`explore_deal` starts from where a real
    :class:`~dealflow.Deal` stands (or stood when it opened).  A process answers:
    can the deal close without a regulator's approval, which configurations and
    which events lie on every path to closed, the shortest path from here to
    closed, and which regulators can still block it.

Generating tests
    As XState's graph package does: :meth:`Process.shortest_paths` and
    :meth:`Process.simple_paths` give step sequences, and :meth:`Process.test_cases`
    turns them into concrete dealflow events, dated in increasing order, that
    apply to a :class:`~dealflow.Deal` and reach the configuration they claim.

Ownership and control
    :func:`ownership_graph` builds the holding graph of cap tables and holding
    chains with exact :class:`~fractions.Fraction` weights;
    :func:`effective_ownership`, :func:`controllers` and :func:`cross_holdings`
    read it (the definition lives in :mod:`dealflow._ownership`).

The abstraction: only states are tracked, plus what the sign and close guards
need (signing: whether terms exist; closing: also whether each conditional
approval's conditions are met) and what closing needs to satisfy a mandate
(whether the current terms were determined a qualified divestiture).  Gates
review every scope (the default of an undeclared gate) and every change of terms
is to new terms, so it withdraws every review and decision (invariant 2).  Party
approvals, remedies, contracts and a withdrawal that ends the pursuit are not
explored; abandonment and new rounds of a rejected bid are.  Dates and deadlines are
abstracted away: a lapse or an enforcement is possible once time has passed.
Steps that change no configuration (a second revision, a review extension) are
left out, so the graph has no self-loops.  Reviews are opened on proposed terms.

This process is an abstraction, for diagrams and generated tests.  What a real
deal can still do is answered by :func:`outlook` (from :mod:`dealflow._search`,
which ``dealflow check`` prints): moves tried through the deal's own checks,
following the real-deal model, searched part by part; every way it returns replays.

``import dealflow`` does not import this module; it imports networkx.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import networkx as nx

from . import _events as ev
from ._deal import Deal, replay
from ._diagram import deal_diagram, graph_diagram, machine_diagram
from ._errors import InputError
from ._gc import paused_gc
from ._machines import MACHINES
from ._ownership import edges_of, owners_from_preds
from ._ownership import effective_ownership as _effective
from ._rules import condition_met_by
from ._search import Claim, Outlook, Unanswered, outlook
from ._values import Condition, Money, Party, Role, Terms, as_date, as_fraction, format_fraction

__all__ = [
    "Claim",
    "Configuration",
    "CrossHolding",
    "Outlook",
    "Process",
    "Step",
    "TestCase",
    "Unanswered",
    "configuration_of",
    "controllers",
    "cross_holdings",
    "deal_diagram",
    "effective_ownership",
    "explore",
    "explore_deal",
    "machine_diagram",
    "must_pass",
    "must_use",
    "outlook",
    "ownership_graph",
]

ABSENT = "absent"  # a bid not yet submitted, a mandate not yet issued

_DEAL = {(t, s): d for t, s, d in MACHINES["deal"].transitions}
_BID = {(t, s): d for t, s, d in MACHINES["bid"].transitions}
_GATE = {(t, s): d for t, s, d in MACHINES["gate"].transitions}
_MANDATE = {(t, s): d for t, s, d in MACHINES["mandate"].transitions}
_DEAL_FINAL = MACHINES["deal"].finals
_MANDATE_FINAL = MACHINES["mandate"].finals
_RESETTABLE = frozenset({"under_review", "approved", "conditionally_approved", "blocked"})
_APPROVED = frozenset({"approved", "conditionally_approved"})

# gate event kind -> gate trigger; mandate event kind -> mandate trigger
_GATE_KINDS = (
    ("gate_required", "require"),
    ("gate_waived", "waive"),
    ("review_opened", "open_review"),
    ("approved", "approve"),
    ("conditionally_approved", "approve_with_conditions"),
    ("blocked", "block"),
)
_MANDATE_KINDS = (
    ("deadline_extended", "extend"),
    ("enforcement_paused", "suspend"),
    ("enjoined", "enjoin"),
    ("injunction_lifted", "lift"),
    ("mandate_lapsed", "lapse"),
    ("mandate_enforced", "enforce"),
    ("mandate_revoked", "revoke"),
)
_NEEDS_TERMS = frozenset({"review_opened", "approved", "conditionally_approved", "blocked"})
_FAVOURABLE = ("approved", "conditionally_approved", "gate_waived")


# ------------------------------------------------------------------ values


@attrs.frozen
class Step:
    """One edge of a process: an event ``kind`` (``approved``, ``bid_accepted``...)
    and its ``subject`` (the bid, regulator or mandate; empty for deal events)."""

    kind: str
    subject: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind} {self.subject}" if self.subject else self.kind

    def __str__(self) -> str:
        return self.label


@attrs.frozen(cache_hash=True)
class Configuration:
    """Where every machine of a deal stands, abstractly.

    ``bids``, ``gates`` and ``mandates`` are states in the order of the process's
    ``bids``, ``regulators`` and ``mandates`` (``absent`` before a bid is
    submitted or a mandate issued).  ``unmet[i]`` says the conditions of gate
    ``i``'s conditional approval are not all met; ``qualified[k]`` that the
    current terms are a qualified divestiture under mandate ``k``; ``has_terms``
    that terms are on the table; ``on_accepted`` that they are the accepted bid's.
    """

    deal: str
    bids: tuple[str, ...]
    gates: tuple[str, ...]
    mandates: tuple[str, ...] = ()
    unmet: tuple[bool, ...] = ()
    qualified: tuple[bool, ...] = ()
    has_terms: bool = False
    on_accepted: bool = False

    @property
    def approvals_hold(self) -> bool:
        """The close guard: terms exist and every gate is not required or approves them, conditions met."""
        if not self.has_terms:
            return False
        for state, unmet in zip(self.gates, self.unmet, strict=True):
            if state in ("not_required", "approved") or (state == "conditionally_approved" and not unmet):
                continue
            return False
        return True


@attrs.frozen
class TestCase:
    """A generated test: the ``steps`` from the process's initial configuration,
    the concrete ``events`` (opening events first when the process starts from
    scratch) and the configuration they reach."""

    __test__ = False  # not a pytest test class

    steps: tuple[Step, ...]
    events: tuple[ev.Event, ...]
    target: Configuration


@attrs.frozen
class CrossHolding:
    """A cycle of holdings, the stake along each link and why it is harmless."""

    cycle: tuple[str, ...]
    shares: tuple[Fraction, ...]

    @property
    def explanation(self) -> str:
        links = (
            " -> ".join(f"{a} ({format_fraction(s * 100)}%)" for a, s in zip(self.cycle, self.shares, strict=True))
            + f" -> {self.cycle[0]}"
        )
        return (
            f"cross-holding {links}: effective ownership looks through it (each turn around the cycle "
            "multiplies by the product of its stakes, a geometric series) and never counts an owner's "
            "or the entity's stake in itself"
        )


# ------------------------------------------------------------ the process


_STEPS: dict[tuple[str, str], Step] = {}


def _step(kind: str, subject: str = "") -> Step:
    """Steps are shared: exploration makes millions of edges and a handful of distinct steps."""
    step = _STEPS.get((kind, subject))
    if step is None:
        step = _STEPS[kind, subject] = Step(kind, subject)
    return step


def _moved(c: Configuration, **changes: Any) -> Configuration:
    """``c`` with ``changes``: built directly, as exploration makes millions of them."""
    return Configuration(
        changes.get("deal", c.deal),
        changes.get("bids", c.bids),
        changes.get("gates", c.gates),
        changes.get("mandates", c.mandates),
        changes.get("unmet", c.unmet),
        changes.get("qualified", c.qualified),
        changes.get("has_terms", c.has_terms),
        changes.get("on_accepted", c.on_accepted),
    )


def _successors(
    c: Configuration, bids: Sequence[str], regulators: Sequence[str], mandates: Sequence[str]
) -> Iterator[tuple[Step, Configuration]]:
    """Every step allowed from ``c`` and the configuration it leads to (self-loops omitted)."""
    deal = c.deal
    if deal in _DEAL_FINAL:
        return

    def new_terms(deal_to: str, bid_states: tuple[str, ...], on_accepted: bool) -> Configuration:
        gates = tuple("pending" if g in _RESETTABLE else g for g in c.gates)
        unmet = tuple(u and g not in _RESETTABLE for g, u in zip(c.gates, c.unmet, strict=True))
        return Configuration(
            deal_to, bid_states, gates, c.mandates, unmet, (False,) * len(c.qualified), True, on_accepted
        )

    accepted = "accepted" in c.bids
    for i, name in enumerate(bids):
        state = c.bids[i]
        if state == ABSENT:
            to = _DEAL.get(("bid", deal))
            if to is not None:
                yield (
                    _step("bid_submitted", name),
                    _moved(c, deal=to, bids=_put(c.bids, i, "submitted")),
                )
            continue
        if state in ("submitted", "revised"):
            if state == "submitted":
                yield (
                    _step("bid_revised", name),
                    _moved(c, bids=_put(c.bids, i, "revised")),
                )
            yield (
                _step("bid_rejected", name),
                _moved(c, bids=_put(c.bids, i, "rejected")),
            )
            yield (
                _step("bid_withdrawn", name),
                _moved(c, bids=_put(c.bids, i, "withdrawn")),
            )
            to = _DEAL.get(("agree", deal))
            if not accepted and to is not None:
                yield _step("bid_accepted", name), new_terms(to, _put(c.bids, i, "accepted"), True)
        elif state == "rejected":  # a new round of the same offer, or its withdrawal
            yield (
                _step("bid_revised", name),
                _moved(c, bids=_put(c.bids, i, "revised")),
            )
            yield (
                _step("bid_withdrawn", name),
                _moved(c, bids=_put(c.bids, i, "withdrawn")),
            )
        elif state == "accepted" and deal != "signed":
            reopen = deal == "agreed" and c.on_accepted
            yield (
                _step("bid_withdrawn", name),
                _moved(c, deal="negotiating" if reopen else deal, bids=_put(c.bids, i, "withdrawn"), on_accepted=False),
            )
    to = _DEAL.get(("propose", deal))
    if to is not None:
        yield _step("terms_proposed"), new_terms(to, c.bids, False)
    to = _DEAL.get(("agree", deal))
    if to is not None and to != deal and c.has_terms:
        yield (
            _step("terms_agreed"),
            _moved(c, deal=to),
        )
    if deal == "agreed" and c.has_terms:  # invariant 1: signing needs the agreement only
        yield (
            _step("deal_signed"),
            _moved(c, deal="signed"),
        )
    if deal == "signed" and c.approvals_hold:
        satisfied = tuple(
            "satisfied" if q and m != ABSENT and m not in _MANDATE_FINAL else m
            for m, q in zip(c.mandates, c.qualified, strict=True)
        )
        yield (
            _step("deal_closed"),
            _moved(c, deal="closed", mandates=satisfied),
        )
    yield (
        _step("deal_terminated"),
        _moved(c, deal="terminated"),
    )
    if _DEAL.get(("abandon", deal)) is not None:
        yield (
            _step("deal_abandoned"),
            _moved(c, deal="abandoned"),
        )
    for j, regulator in enumerate(regulators):
        state = c.gates[j]
        for kind, trigger in _GATE_KINDS:
            to = _GATE.get((trigger, state))
            if to is None or to == state or (kind in _NEEDS_TERMS and not c.has_terms):
                continue
            unmet = _put(c.unmet, j, kind == "conditionally_approved")
            yield (
                _step(kind, regulator),
                _moved(c, gates=_put(c.gates, j, to), unmet=unmet),
            )
        if state == "conditionally_approved" and c.unmet[j]:
            yield (
                _step("condition_met", regulator),
                _moved(c, unmet=_put(c.unmet, j, False)),
            )
    for k, mandate in enumerate(mandates):
        state = c.mandates[k]
        if state == ABSENT:
            yield (
                _step("mandate_issued", mandate),
                _moved(c, mandates=_put(c.mandates, k, "in_force")),
            )
            continue
        for kind, trigger in _MANDATE_KINDS:
            to = _MANDATE.get((trigger, state))
            if to is not None and to != state:
                yield (
                    _step(kind, mandate),
                    _moved(c, mandates=_put(c.mandates, k, to)),
                )
        if state not in _MANDATE_FINAL and c.has_terms and not c.qualified[k]:
            yield (
                _step("divestiture_qualified", mandate),
                _moved(c, qualified=_put(c.qualified, k, True)),
            )


def _put(values: tuple[Any, ...], i: int, value: Any) -> tuple[Any, ...]:
    return (*values[:i], value, *values[i + 1 :])


class Process:
    """An explored deal process: ``graph`` (a networkx ``DiGraph`` of
    :class:`Configuration` nodes, each edge carrying its :class:`Step` as
    ``step``), the ``initial`` configuration, and the ``bids``,
    ``regulators`` and ``mandates`` it composes.  Build one with
    :func:`explore` or :func:`explore_deal`."""

    def __init__(
        self,
        graph: nx.DiGraph,
        initial: Configuration,
        *,
        bids: Sequence[str],
        regulators: Sequence[str],
        mandates: Sequence[str],
        start: Callable[[], tuple[list[ev.Event], Deal]],
        bidders: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.graph = graph
        self.initial = initial
        self.bids = tuple(bids)
        self.regulators = tuple(regulators)
        self.mandates = tuple(mandates)
        self._start = start
        self._bidders = dict(bidders)

    def __repr__(self) -> str:
        return (
            f"<Process: {self.graph.number_of_nodes()} configurations, {self.graph.number_of_edges()} steps, "
            f"bids {list(self.bids)}, regulators {list(self.regulators)}, mandates {list(self.mandates)}>"
        )

    @property
    def size(self) -> tuple[int, int]:
        """(configurations, steps)."""
        return self.graph.number_of_nodes(), self.graph.number_of_edges()

    def finals(self, state: str | None = None) -> list[Configuration]:
        """Configurations where the deal is final (or in ``state``, e.g. ``"closed"``)."""
        wanted = _DEAL_FINAL if state is None else {state}
        return [c for c in self.graph if c.deal in wanted]

    def _index(self, regulator: str) -> int:
        if regulator not in self.regulators:
            raise InputError(
                f"no regulator {regulator!r} in this process",
                field="regulator",
                fix=f"use one of: {', '.join(self.regulators) or 'none'}",
            )
        return self.regulators.index(regulator)

    def _from(self, start: Configuration | Deal | None) -> Configuration:
        if start is None:
            return self.initial
        config = configuration_of(start, self) if isinstance(start, Deal) else start
        if config not in self.graph:
            raise InputError(
                f"configuration {describe(config, self)} is not in this process",
                field="start",
                fix="explore the process from that deal (explore_deal) or from a configuration it reaches",
            )
        return config

    def shortest_path(
        self,
        to: str | Callable[[Configuration], bool] = "closed",
        *,
        start: Configuration | Deal | None = None,
        avoiding: Collection[Step] = (),
    ) -> list[Step] | None:
        """The fewest steps from ``start`` (the initial configuration, a
        configuration, or a deal's current one) to a configuration where the deal
        is ``to`` (or that satisfies ``to``), using no step in ``avoiding``;
        ``None`` when there is no such path."""
        is_target = _target(to)
        found = _bfs(self.graph, self._from(start), is_target, frozenset(avoiding))
        return None if found is None else found[0]

    def closes_without(
        self, regulator: str, *, allow_waiver: bool = True, start: Configuration | Deal | None = None
    ) -> list[Step] | None:
        """A shortest path to closed on which ``regulator`` never approves (and,
        unless ``allow_waiver``, never waives its gate); ``None`` if none exists,
        that is, if the deal cannot close without that approval."""
        self._index(regulator)
        avoid = {_step("approved", regulator), _step("conditionally_approved", regulator)}
        if not allow_waiver:
            avoid.add(_step("gate_waived", regulator))
        return self.shortest_path("closed", start=start, avoiding=avoid)

    def can_block(self, start: Configuration | Deal | None = None) -> list[str]:
        """Regulators that can still block closing from ``start``: every path to
        closed needs a favourable act of theirs (approving, approving on
        conditions, or waiving their gate)."""
        config = self._from(start)
        out = []
        for regulator in self.regulators:
            avoid = frozenset(Step(kind, regulator) for kind in _FAVOURABLE)
            if _bfs(self.graph, config, _target("closed"), avoid) is None:
                out.append(regulator)
        return out

    def dominators(
        self, to: str | Callable[[Configuration], bool] = "closed", *, start: Configuration | Deal | None = None
    ) -> list[Configuration]:
        """Configurations on every path from ``start`` to ``to``, in path order
        (from ``networkx.immediate_dominators``); empty when ``to`` is unreachable."""
        return must_pass(self.graph, self._from(start), [c for c in self.graph if _target(to)(c)])

    def necessary_events(
        self, to: str | Callable[[Configuration], bool] = "closed", *, start: Configuration | Deal | None = None
    ) -> list[Step]:
        """Steps (event kind and subject) that every path from ``start`` to ``to`` takes."""
        targets = [c for c in self.graph if _target(to)(c)]
        return sorted(must_use(self.graph, self._from(start), targets), key=lambda s: (s.kind, s.subject))

    def shortest_paths(self) -> dict[Configuration, list[Step]]:
        """The shortest step sequence from the initial configuration to each configuration."""
        paths = nx.single_source_shortest_path(self.graph, self.initial)
        return {node: self._steps(nodes) for node, nodes in paths.items()}

    def simple_paths(self, max_steps: int, *, limit: int | None = None) -> Iterator[tuple[list[Step], Configuration]]:
        """Every path from the initial configuration that visits no configuration
        twice, of 1 to ``max_steps`` steps (at most ``limit`` of them), depth first."""
        if max_steps < 0:
            raise InputError(f"max_steps is {max_steps}", field="max_steps", fix="give 0 or more")
        count = 0
        succ = self.graph.succ
        stack: list[tuple[Configuration, list[Step], frozenset[Configuration]]] = [
            (self.initial, [], frozenset({self.initial}))
        ]
        while stack:
            node, steps, seen = stack.pop()
            if steps:
                yield steps, node
                count += 1
                if limit is not None and count >= limit:
                    return
            if len(steps) >= max_steps:
                continue
            for nxt, data in reversed(list(succ[node].items())):
                if nxt not in seen:
                    stack.append((nxt, [*steps, data["step"]], seen | {nxt}))

    def _steps(self, nodes: Sequence[Configuration]) -> list[Step]:
        return [self.graph.edges[a, b]["step"] for a, b in itertools.pairwise(nodes)]

    def events(self, steps: Iterable[Step], *, start: _dt.date | str | None = None) -> list[ev.Event]:
        """Concrete events for ``steps`` from the initial configuration, one a day
        after the start (or after ``start``), checked by applying them to a deal.

        For a process explored from scratch the opening event comes first; for one
        explored from a deal, only the new events are returned.
        """
        opening, deal = self._start()
        day = as_date(start) if start is not None else (deal.clock or _dt.date(2020, 1, 1)) + _dt.timedelta(days=1)
        maker = _EventMaker(deal, self._bidders)
        out = list(opening)
        for step in steps:
            for event in maker.events(step, day):
                deal.apply(event)
                out.append(event)
                day = event.date
            day += _dt.timedelta(days=1)
        return out

    def test_cases(self, *, max_steps: int | None = None, limit: int | None = None) -> list[TestCase]:
        """Generated tests: the shortest path to each configuration, or, with
        ``max_steps``, every simple path up to that many steps (at most ``limit``)."""
        if max_steps is None:
            pairs: Iterable[tuple[list[Step], Configuration]] = (
                (steps, node) for node, steps in self.shortest_paths().items()
            )
        else:
            pairs = self.simple_paths(max_steps, limit=limit)
        return [TestCase(tuple(steps), tuple(self.events(steps)), node) for steps, node in pairs]

    def path_of(self, deal: Deal) -> list[Configuration]:
        """The configurations a deal went through, event by event (repeats dropped)."""
        out: list[Configuration] = []
        past = Deal()
        for event in deal.journal:
            past.apply(event)
            config = configuration_of(past, self)
            if not out or out[-1] != config:
                out.append(config)
        return out

    def diagram(self, *, fmt: str = "mermaid", deal: Deal | None = None, title: str = "process") -> str:
        """A diagram of the explored process (mermaid through transitions, or DOT),
        with ``deal``'s path through it highlighted."""
        ids = {node: f"c{i}" for i, node in enumerate(self.graph)}
        visited: list[str] = []
        taken: set[tuple[str, str, str]] = set()
        if deal is not None:
            path = [c for c in self.path_of(deal) if c in ids]
            visited = [ids[c] for c in path]
            for a, b in itertools.pairwise(path):
                if self.graph.has_edge(a, b):
                    taken.add((self.graph.edges[a, b]["step"].label, ids[a], ids[b]))
        return graph_diagram(
            title,
            {ids[c]: describe(c, self) for c in self.graph},
            ids[self.initial],
            [ids[c] for c in self.finals()],
            [(data["step"].label, ids[a], ids[b]) for a, b, data in self.graph.edges(data=True)],
            fmt=fmt,
            visited=visited,
            taken=taken,
            current=visited[-1] if visited else None,
        )


def describe(config: Configuration, process: Process) -> str:
    """One line naming every machine's state in ``config``."""
    parts = [f"deal {config.deal}"]
    parts += [f"bid {b} {s}" for b, s in zip(process.bids, config.bids, strict=True)]
    for r, s, u in zip(process.regulators, config.gates, config.unmet, strict=True):
        parts.append(f"{r} {s}" + (" (conditions unmet)" if u else ""))
    for m, s, q in zip(process.mandates, config.mandates, config.qualified, strict=True):
        parts.append(f"mandate {m} {s}" + (" (qualified)" if q else ""))
    return ", ".join(parts)


def _target(to: str | Callable[[Configuration], bool]) -> Callable[[Configuration], bool]:
    if callable(to):
        return to
    if to not in MACHINES["deal"].states:
        raise InputError(
            f"{to!r} is not a deal state", field="to", fix=f"use one of: {', '.join(MACHINES['deal'].states)}"
        )
    return lambda c: c.deal == to


def _bfs(
    graph: nx.DiGraph, start: Configuration, is_target: Callable[[Configuration], bool], avoid: frozenset[Step]
) -> tuple[list[Step], Configuration] | None:
    """Breadth-first search for the nearest target, skipping edges whose step is in ``avoid``."""
    if is_target(start):
        return [], start
    parent: dict[Configuration, tuple[Configuration, Step] | None] = {start: None}
    queue = deque([start])
    succ = graph.succ
    while queue:
        node = queue.popleft()
        for nxt, data in succ[node].items():
            step = data["step"]
            if nxt in parent or step in avoid:
                continue
            parent[nxt] = (node, step)
            if is_target(nxt):
                steps = []
                cur: Configuration = nxt
                while (back := parent[cur]) is not None:
                    cur, step = back
                    steps.append(step)
                return steps[::-1], nxt
            queue.append(nxt)
    return None


def explore(
    bidders: Iterable[str],
    regulators: Iterable[str],
    *,
    required: Iterable[str] | None = None,
    mandates: Iterable[str] = (),
    seller: str = "Seller",
    target: str = "Target",
    max_configurations: int = 2_000_000,
) -> Process:
    """Explore every configuration a deal can reach with one bid per bidder (the
    bid is named after the bidder), a gate per regulator (``required`` ones
    pending from the start, all of them by default, the others not required) and
    the ``mandates`` (issued at some point, or never)."""
    bids = _unique(bidders, "bidders")
    regs = _unique(regulators, "regulators")
    mands = _unique(mandates, "mandates")
    needed = set(regs) if required is None else set(required)
    if not needed <= set(regs):
        raise InputError(
            f"required regulators {', '.join(sorted(needed - set(regs)))} are not among the regulators",
            field="required",
            fix="list them in regulators too",
        )
    clash = {seller, target, _COURT} & set(bids + regs)
    if clash:
        raise InputError(f"{', '.join(sorted(clash))} named twice", field="bidders", fix="give each party its own name")
    initial = Configuration(
        "open",
        (ABSENT,) * len(bids),
        tuple("pending" if r in needed else "not_required" for r in regs),
        (ABSENT,) * len(mands),
        (False,) * len(regs),
        (False,) * len(mands),
    )
    parties = (
        Party(seller, Role.SELLER),
        *(Party(b, Role.BIDDER) for b in bids),
        *(Party(r, Role.REGULATOR) for r in regs),
        Party(_COURT, Role.OTHER),
    )
    required_in_order = tuple(r for r in regs if r in needed)

    def start() -> tuple[list[ev.Event], Deal]:
        opened = ev.DealOpened(
            date=_dt.date(2020, 1, 1),
            actor=seller,
            target=target,
            seller=seller,
            parties=parties,
            regulators=required_in_order,
        )
        return [opened], replay([opened])

    graph = _explore(initial, bids, regs, mands, max_configurations)
    return Process(
        graph,
        initial,
        bids=bids,
        regulators=regs,
        mandates=mands,
        start=start,
        bidders={b: (b,) for b in bids},
    )


_COURT = "Court"


def _unique(names: Iterable[str], field: str) -> tuple[str, ...]:
    if isinstance(names, str):
        names = (names,)
    out = tuple(names)
    if not all(isinstance(n, str) and n.strip() for n in out):
        raise InputError(f"expected names, got {out!r}", field=field, fix="give a list of non-empty names")
    if len(set(out)) != len(out):
        raise InputError(f"{field} lists a name twice", field=field, fix="list each name once")
    return out


def _explore(
    initial: Configuration,
    bids: Sequence[str],
    regulators: Sequence[str],
    mandates: Sequence[str],
    max_configurations: int,
) -> nx.DiGraph:
    """Breadth-first exploration; adjacency is collected in plain dicts, then handed to networkx once."""
    adjacency: dict[Configuration, dict[Configuration, dict[str, Step]]] = {initial: {}}
    queue = deque([initial])
    with paused_gc():  # bulk work: millions of configurations that form no garbage cycles
        _bfs_into(adjacency, queue, bids, regulators, mandates, max_configurations)
        graph = nx.DiGraph(adjacency)
    graph.graph["initial"] = initial
    return graph


def _bfs_into(
    adjacency: dict[Configuration, dict[Configuration, dict[str, Step]]],
    queue: deque[Configuration],
    bids: Sequence[str],
    regulators: Sequence[str],
    mandates: Sequence[str],
    max_configurations: int,
) -> None:
    while queue:
        node = queue.popleft()
        out = adjacency[node]
        for step, nxt in _successors(node, bids, regulators, mandates):
            if nxt == node or nxt in out:
                continue
            out[nxt] = {"step": step}
            if nxt not in adjacency:
                if len(adjacency) >= max_configurations:
                    raise InputError(
                        f"the process has more than {max_configurations} configurations",
                        field="max_configurations",
                        fix="explore fewer bids, regulators or mandates, or raise max_configurations",
                    )
                adjacency[nxt] = {}
                queue.append(nxt)


def explore_deal(deal: Deal, *, from_start: bool = False, max_configurations: int = 2_000_000) -> Process:
    """Explore a real deal's process: its bids, regulators and mandates, from where
    it stands now (or, with ``from_start``, from where it stood when it opened, so
    that :meth:`Process.path_of` and :meth:`Process.diagram` can trace its history)."""
    if deal.state is None:
        raise InputError("the deal is not open", field="deal", fix="open it (Deal.open or a deal_opened event) first")
    status = deal.status()
    bids = tuple(b.bid for b in status.bids)
    regs = tuple(g.regulator for g in status.gates)
    mands = tuple(m.mandate for m in status.mandates)
    base = replay(deal.journal[:1]) if from_start else replay(deal.journal)
    graph_holder = Process(
        nx.DiGraph(),
        Configuration("open", (), ()),
        bids=bids,
        regulators=regs,
        mandates=mands,
        start=lambda: ([], replay(base.journal)),
        bidders={b.bid: b.bidders for b in status.bids},
    )
    initial = configuration_of(base, graph_holder)
    graph_holder.graph = _explore(initial, bids, regs, mands, max_configurations)
    graph_holder.initial = initial
    return graph_holder


def configuration_of(deal: Deal, process: Process) -> Configuration:
    """Where ``deal`` stands, as a configuration of ``process`` (whose bids,
    regulators and mandates must include the deal's)."""
    status = deal.status()
    bids = {b.bid: b for b in status.bids}
    gates = {g.regulator: g for g in status.gates}
    mandates = {m.mandate: m for m in status.mandates}
    for what, names, known in (
        ("bid", bids, process.bids),
        ("regulator", gates, process.regulators),
        ("mandate", mandates, process.mandates),
    ):
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise InputError(
                f"the deal has {what}s this process does not: {', '.join(unknown)}",
                field=what,
                fix="explore the process from this deal (explore_deal)",
            )
    terms = deal.terms
    met = status.conditions_met
    accepted = [b for b in status.bids if b.state == "accepted"]
    return Configuration(
        deal.state or "open",
        tuple(bids[b].state if b in bids else ABSENT for b in process.bids),
        tuple(gates[r].state if r in gates else "not_required" for r in process.regulators),
        tuple(mandates[m].state if m in mandates else ABSENT for m in process.mandates),
        tuple(
            r in gates
            and gates[r].state == "conditionally_approved"
            and terms is not None
            and not all(c in met or condition_met_by(terms, c) for c in gates[r].conditions)
            for r in process.regulators
        ),
        tuple(m in mandates and terms is not None and mandates[m].qualified_terms == terms for m in process.mandates),
        terms is not None,
        bool(accepted) and terms == accepted[0].terms,
    )


class _EventMaker:
    """Builds the concrete event(s) for a step against a live deal: fresh terms
    for every bid, revision and proposal, fresh conditions for every conditional
    approval, deadlines and pauses that have passed by the next step."""

    def __init__(self, deal: Deal, bidders: Mapping[str, tuple[str, ...]]) -> None:
        self.deal = deal
        self.bidders = bidders
        self.count = 0

    def _terms(self, holder: str) -> Terms:
        self.count += 1
        target = self.deal.target
        return Terms.sale(holder, entity=target, price=Money(1_000_000 * self.count + len(self.deal.journal)))

    def _issuer(self) -> str:
        regs = [p.name for p in self.deal.parties.values() if p.role is Role.REGULATOR]
        return regs[0] if regs else self.deal.seller

    def _other(self) -> str:
        others = [p.name for p in self.deal.parties.values() if p.role is Role.OTHER]
        return others[0] if others else self.deal.seller

    def events(self, step: Step, day: _dt.date) -> list[ev.Event]:
        deal, s, kind = self.deal, step.subject, step.kind
        seller = deal.seller
        nxt = day + _dt.timedelta(days=1)
        if kind == "bid_submitted":
            bidders = self.bidders[s]
            return [ev.BidSubmitted(date=day, actor=bidders[0], bid=s, bidders=bidders, terms=self._terms(bidders[0]))]
        if kind == "bid_revised":
            lead = deal.bid(s).bidders[0]
            return [ev.BidRevised(date=day, actor=lead, bid=s, terms=self._terms(lead))]
        if kind == "bid_withdrawn":
            return [ev.BidWithdrawn(date=day, actor=deal.bid(s).bidders[0], bid=s)]
        if kind == "bid_rejected":
            return [ev.BidRejected(date=day, actor=seller, bid=s)]
        if kind == "bid_accepted":
            return [ev.BidAccepted(date=day, actor=seller, bid=s)]
        if kind == "terms_proposed":
            return [ev.TermsProposed(date=day, actor=seller, terms=self._terms(seller))]
        if kind in ("terms_agreed", "deal_signed", "deal_closed", "deal_terminated", "deal_abandoned"):
            return [ev.EVENT_TYPES[kind](date=day, actor=seller)]
        if kind == "review_opened":
            return [ev.ReviewOpened(date=day, actor=s, regulator=s, days=30)]
        if kind == "conditionally_approved":
            self.count += 1
            cond = Condition("generated", s, str(self.count))
            return [ev.ConditionallyApproved(date=day, actor=s, regulator=s, conditions=[cond])]
        if kind == "condition_met":
            met = deal.status().conditions_met
            return [
                ev.ConditionMet(date=day, actor=s, condition=c) for c in sorted(deal.gate(s).conditions) if c not in met
            ]
        gate_events: dict[str, type[ev.GateRequired | ev.GateWaived | ev.Approved | ev.Blocked]] = {
            "gate_required": ev.GateRequired,
            "gate_waived": ev.GateWaived,
            "approved": ev.Approved,
            "blocked": ev.Blocked,
        }
        if kind in gate_events:
            return [gate_events[kind](date=day, actor=s, regulator=s)]
        if kind == "mandate_issued":
            return [
                ev.MandateIssued(date=day, actor=self._issuer(), mandate=s, deadline=day, extension_cap_days=36_500)
            ]
        issuer = deal.mandate(s).issuer
        if kind == "deadline_extended":
            return [ev.DeadlineExtended(date=day, actor=issuer, mandate=s, to=nxt)]
        if kind == "enforcement_paused":
            return [ev.EnforcementPaused(date=day, actor=issuer, mandate=s, until=nxt)]
        if kind == "enjoined":
            return [ev.Enjoined(date=day, actor=self._other(), mandate=s)]
        if kind == "injunction_lifted":
            return [ev.InjunctionLifted(date=day, actor=self._other(), mandate=s)]
        mandate_events: dict[
            str, type[ev.MandateLapsed | ev.MandateEnforced | ev.MandateRevoked | ev.DivestitureQualified]
        ] = {
            "mandate_lapsed": ev.MandateLapsed,
            "mandate_enforced": ev.MandateEnforced,
            "mandate_revoked": ev.MandateRevoked,
            "divestiture_qualified": ev.DivestitureQualified,
        }
        if kind in mandate_events:
            return [mandate_events[kind](date=day, actor=issuer, mandate=s)]
        raise InputError(f"no event for step {step}", field="step", fix="use steps taken from the process graph")


# ------------------------------------------------------------ graph questions


def must_pass(graph: nx.DiGraph, source: Any, targets: Iterable[Any]) -> list[Any]:
    """Nodes on every path from ``source`` to any of ``targets``, in path order
    (``source`` first); empty when no target is reachable.  Uses
    ``networkx.immediate_dominators`` on the graph with a virtual sink after the targets."""
    sink = _Sink()
    view = nx.DiGraph()
    view.add_nodes_from(graph)
    view.add_edges_from(graph.edges)
    view.add_edges_from((t, sink) for t in targets if t in view)
    if sink not in view:
        return []
    idom = nx.immediate_dominators(view, source)
    if sink not in idom:
        return []
    chain = []
    node = idom[sink]
    while True:
        chain.append(node)
        if node == source:
            break
        node = idom[node]
    return chain[::-1]


def must_use(graph: nx.DiGraph, source: Any, targets: Iterable[Any], *, attr: str = "step") -> set[Any]:
    """Edge labels (the ``attr`` of edges) that every path from ``source`` to a
    target uses: removing every edge with that label disconnects them.  Only the
    labels of one path are candidates, so a search is run per label on it."""
    wanted = set(targets)
    succ = graph.succ

    def path(skip: object) -> list[Any] | None:
        """The labels along a shortest path avoiding label ``skip``, or None."""
        parent: dict[Any, tuple[Any, Any] | None] = {source: None}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            if node in wanted:
                labels = []
                while (back := parent[node]) is not None:
                    node, label = back
                    labels.append(label)
                return labels
            for nxt, data in succ[node].items():
                if nxt not in parent and data[attr] != skip:
                    parent[nxt] = (node, data[attr])
                    queue.append(nxt)
        return None

    first = path(_Sink())
    if first is None:
        return set()
    return {label for label in set(first) if path(label) is None}


class _Sink:
    """A node no graph already has."""

    def __repr__(self) -> str:
        return "<sink>"


# ------------------------------------------------------------- ownership


def ownership_graph(*sources: Terms | Iterable[Terms]) -> nx.DiGraph:
    """Who owns how much of whom: an edge ``owner -> owned`` with an exact
    ``share`` (Fraction) for every cap table stake and holding of the terms given
    (repeated links add up)."""
    links: list[tuple[str, str, Fraction]] = []
    for source in sources:
        for terms in (source,) if isinstance(source, Terms) else source:
            if not isinstance(terms, Terms):
                raise InputError(f"expected Terms, got {terms!r}", field="terms", fix="pass Terms values")
            links += [(s.holder, terms.entity, s.share) for s in terms.cap_table]
            links += [(h.owner, h.owned, h.share) for h in terms.holdings]
    graph = nx.DiGraph()
    for owner, row in edges_of(links).items():
        for owned, share in row.items():
            graph.add_edge(owner, owned, share=share)
    return graph


def _edges(graph: nx.DiGraph) -> dict[str, dict[str, Fraction]]:
    return {
        owner: {owned: _share(owner, owned, data) for owned, data in row.items()} for owner, row in graph.succ.items()
    }


def _share(owner: str, owned: str, data: dict[str, Any]) -> Any:
    """The ``share`` of an edge of a graph a caller built: an exact number (a
    ``Fraction`` or a whole number), never negative; floats are refused, sums are exact."""
    share: Any = data.get("share")
    kind = type(share)
    if (kind is not Fraction and kind is not int) or share.numerator < 0:
        raise InputError(
            f"{owner!r} holds {share!r} of {owned!r}: a share is an exact number, never negative",
            field="share",
            fix="give each edge a share such as Fraction(1, 5) (ownership_graph builds them from terms)",
        )
    return share


def effective_ownership(graph: nx.DiGraph, owner: str, entity: str) -> Fraction:
    """The sum, over walks of holdings from ``owner`` to ``entity`` that meet each
    of them only at their ends, of the product of stakes: on acyclic graphs the sum
    over paths; a cross-holding among intermediate companies counts as a geometric
    series (dealflow's one definition, :mod:`dealflow._ownership`).  Linear in the
    graph's size when it is acyclic."""
    for name in (owner, entity):
        if name not in graph:
            raise InputError(
                f"{name!r} holds and is held by nothing here", field="party", fix="name a node of the graph"
            )
    return _effective(_edges(graph), owner, entity)


def controllers(
    graph: nx.DiGraph, entity: str, threshold: Fraction | str | float = Fraction(1, 2)
) -> dict[str, Fraction]:
    """Parties whose effective ownership of ``entity`` is at least ``threshold``
    (an exact fraction such as ``"20%"`` or ``Fraction(1, 2)``), largest first."""
    level = as_fraction(threshold, "threshold")
    if not 0 < level <= 1:
        raise InputError(f"threshold {level} is outside (0, 1]", field="threshold", fix="e.g. '20%' or '1/2'")
    if entity not in graph:
        raise InputError(f"nobody holds {entity!r} here", field="entity", fix="name a node of the graph")
    # the holders of each party, read from the graph's own adjacency (no copy of the whole graph)
    pred: dict[str, dict[str, dict[str, Any]]] = graph._pred  # networkx's own dict of dicts: no views
    with paused_gc():
        preds = {}
        for owned, row in pred.items():
            if row:
                links = []
                for o, data in row.items():
                    share = data["share"]
                    kind = type(share)
                    if kind is not Fraction and kind is not int:
                        _share(o, owned, data)  # refused, naming the edge (its sign: _ownership._sums_of)
                    if share and o != entity:
                        links.append((o, share))
                preds[owned] = links
        return owners_from_preds(preds, entity, at_least=level, largest_first=True)


def cross_holdings(graph: nx.DiGraph) -> list[CrossHolding]:
    """Every cycle of holdings, with the stake along each link and an explanation."""
    out = []
    for cycle in nx.simple_cycles(graph):
        nodes = tuple(cycle)
        shares = tuple(graph.edges[a, b]["share"] for a, b in zip(nodes, nodes[1:] + nodes[:1], strict=True))
        out.append(CrossHolding(nodes, shares))
    return sorted(out, key=lambda h: h.cycle)
