"""Diagrams of dealflow's machines, of a deal's path through them and of explored
processes: Mermaid through transitions' own diagram engine
(``transitions.extensions.diagrams.GraphMachine`` with ``graph_engine="mermaid"``)
and Graphviz DOT written here as plain text (no graphviz binary is needed).

A path is highlighted the way transitions styles its own diagrams: states visited
get the ``previous`` style, the current state the ``active`` style.  Mermaid state
diagrams cannot style an edge, so a transition taken is labelled ``(taken)``; in
DOT it is drawn blue and thick.

This module is imported only when a diagram is asked for (it loads transitions'
diagram extension); ``import dealflow`` does not import it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from transitions import State
from transitions.extensions.diagrams import GraphMachine

from ._errors import InputError
from ._machines import MACHINES, MachineSpec

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["EVENT_TRIGGERS", "FORMATS", "deal_diagram", "graph_diagram", "machine_diagram", "taken_by"]

FORMATS = ("mermaid", "dot")

# which machine triggers each event kind can fire (in any of the four machines);
# used to tell which of several transitions between the same two states was taken
EVENT_TRIGGERS: Mapping[str, frozenset[str]] = {
    "bid_submitted": frozenset({"bid"}),
    "bid_revised": frozenset({"revise"}),
    "bid_rejected": frozenset({"reject"}),
    "bid_withdrawn": frozenset({"withdraw", "reopen"}),
    "bid_accepted": frozenset({"accept", "agree", "reset"}),
    "terms_proposed": frozenset({"propose", "reset"}),
    "terms_agreed": frozenset({"agree", "reset"}),
    "deal_signed": frozenset({"sign"}),
    "deal_closed": frozenset({"close", "satisfy"}),
    "deal_terminated": frozenset({"terminate"}),
    "gate_required": frozenset({"require"}),
    "gate_waived": frozenset({"waive"}),
    "review_opened": frozenset({"open_review"}),
    "review_extended": frozenset({"extend_review"}),
    "approved": frozenset({"approve"}),
    "conditionally_approved": frozenset({"approve_with_conditions"}),
    "blocked": frozenset({"block"}),
    "rule_enacted": frozenset({"require"}),
    "deadline_extended": frozenset({"extend"}),
    "enforcement_paused": frozenset({"suspend"}),
    "enjoined": frozenset({"enjoin"}),
    "injunction_lifted": frozenset({"lift"}),
    "mandate_lapsed": frozenset({"lapse"}),
    "mandate_enforced": frozenset({"enforce"}),
    "mandate_revoked": frozenset({"revoke"}),
}

Edge = tuple[str, str, str]  # (label or trigger, source, dest)

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _check_fmt(fmt: str) -> None:
    if fmt not in FORMATS:
        msg = f"unknown diagram format {fmt!r}"
        raise InputError(msg, field="fmt", fix=f"use one of: {', '.join(FORMATS)}")


# --------------------------------------------------------------------- mermaid


class _LabelledState(State):
    """A state whose diagram label may differ from its (identifier-safe) name."""

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label or self.name


class _DiagramMachine(GraphMachine):
    state_cls = _LabelledState


class _Holder:
    """The model a diagram machine needs; never triggered."""


def _mermaid(
    title: str,
    nodes: Mapping[str, str],
    initial: str,
    finals: Collection[str],
    edges: Iterable[Edge],
    *,
    ids: Mapping[str, str],
    guards: Mapping[str, tuple[str, ...]] | None = None,
    visited: Collection[str] = (),
    taken: Collection[Edge] = (),
    current: str | None = None,
) -> str:
    """One mermaid ``stateDiagram-v2`` drawn by transitions' mermaid engine:
    ``nodes`` maps each node to its label, ``ids`` to its mermaid identifier."""
    guards = guards or {}
    transitions = []
    for trigger, source, dest in edges:
        t: dict[str, Any] = {"trigger": trigger, "source": ids[source], "dest": ids[dest]}
        if (trigger, source, dest) in taken:
            t["label"] = f"{trigger} (taken)"
        if guards.get(trigger):
            t["conditions"] = list(guards[trigger])
        transitions.append(t)
    machine = _DiagramMachine(
        model=_Holder(),
        states=[{"name": ids[n], "label": label, "final": n in finals} for n, label in nodes.items()],
        transitions=transitions,
        initial=ids[initial],
        auto_transitions=False,
        show_conditions=True,
        graph_engine="mermaid",
    )
    graph = next(iter(machine.model_graphs.values()))
    graph.reset_styling()
    for node in visited:
        if node in ids:
            graph.set_node_style(ids[node], "previous")
    if current is not None and current in ids:
        graph.set_node_style(ids[current], "active")
    # transitions writes its title as the front matter's only line: make that YAML
    text = graph.get_graph(title=f"title: {json.dumps(title)}").draw(None) or ""
    ends = [f"  {ids[n]} --> [*]" for n in nodes if n in finals]  # the flat engine omits final markers
    return "\n".join([text.rstrip("\n"), *ends])


def _spec_mermaid(spec: MachineSpec, title: str, initial: str | None = None, **highlight: Any) -> str:
    ids = {name: name if _ID.match(name) else f"s{i}" for i, name in enumerate(spec.states)}
    nodes = {name: name for name in spec.states}
    start = initial or spec.initial
    return _mermaid(title, nodes, start, spec.finals, spec.transitions, ids=ids, guards=spec.guards, **highlight)


# ------------------------------------------------------------------------- dot


def _q(text: str) -> str:
    """A DOT quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_body(
    prefix: str,
    states: Iterable[str],
    initial: str,
    finals: Collection[str],
    edges: Iterable[Edge],
    *,
    guards: Mapping[str, tuple[str, ...]] | None = None,
    visited: Collection[str] = (),
    taken: Collection[Edge] = (),
    current: str | None = None,
    labels: Mapping[str, str] | None = None,
    indent: str = "  ",
) -> list[str]:
    guards = guards or {}
    labels = labels or {}
    out = [f'{indent}{_q(prefix + "__start")} [shape=point, label=""];']
    for name in states:
        attrs = [f"label={_q(labels.get(name, name))}"]
        if name in finals:
            attrs.append("peripheries=2")
        if name == current:
            attrs += ["color=red", "fillcolor=darksalmon"]
        elif name in visited:
            attrs += ["color=blue", "fillcolor=azure"]
        out.append(f"{indent}{_q(prefix + name)} [{', '.join(attrs)}];")
    out.append(f"{indent}{_q(prefix + '__start')} -> {_q(prefix + initial)};")
    for trigger, source, dest in edges:
        label = trigger + (f" [{' & '.join(guards[trigger])}]" if guards.get(trigger) else "")
        attrs = [f"label={_q(label)}"]
        if (trigger, source, dest) in taken:
            attrs += ["color=blue", "fontcolor=blue", "penwidth=2"]
        out.append(f"{indent}{_q(prefix + source)} -> {_q(prefix + dest)} [{', '.join(attrs)}];")
    return out


_DOT_HEAD = [
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
]


# ------------------------------------------------------------------ machines


def _spec(machine: MachineSpec | str) -> MachineSpec:
    if isinstance(machine, MachineSpec):
        return machine
    spec = MACHINES.get(machine) if isinstance(machine, str) else None
    if spec is None:
        msg = f"no machine named {machine!r}"
        raise InputError(msg, field="machine", fix=f"use a MachineSpec or one of: {', '.join(MACHINES)}")
    return spec


def machine_diagram(
    machine: MachineSpec | str,
    *,
    fmt: str = "mermaid",
    visited: Collection[str] = (),
    taken: Collection[Edge] = (),
    current: str | None = None,
    title: str | None = None,
) -> str:
    """A diagram of one machine (a :class:`MachineSpec` or the name of a built-in
    one), with ``visited`` states, ``taken`` ``(trigger, source, dest)``
    transitions and the ``current`` state highlighted."""
    _check_fmt(fmt)
    spec = _spec(machine)
    title = title or spec.name
    if fmt == "mermaid":
        return _spec_mermaid(spec, title, visited=visited, taken=taken, current=current)
    body = _dot_body(
        "",
        spec.states,
        spec.initial,
        spec.finals,
        spec.transitions,
        guards=spec.guards,
        visited=visited,
        taken=taken,
        current=current,
    )
    return "\n".join([f"digraph {_q(title)} {{", f"  label={_q(title)};", *_DOT_HEAD, *body, "}"])


def taken_by(spec: MachineSpec, before: str, after: str, event_kind: str | None) -> list[Edge]:
    """The transitions of ``spec`` from ``before`` to ``after`` that an event of
    ``event_kind`` can have taken (all of them when the kind does not tell)."""
    candidates = [t for t in spec.transitions if t[1] == before and t[2] == after]
    fired = EVENT_TRIGGERS.get(event_kind or "", frozenset())
    narrowed = [t for t in candidates if t[0] in fired]
    return narrowed or candidates


class _Path:
    """What one machine instance of a deal did: where it started, the states it
    visited, the transitions it took and where it is now."""

    __slots__ = ("kind", "now", "start", "taken", "visited")

    def __init__(self, kind: str, start: str | None) -> None:
        self.kind = kind
        self.start = start
        self.visited: set[str] = set() if start is None else {start}
        self.taken: set[Edge] = set()
        self.now = start


def _paths(deal: Deal) -> dict[str, _Path]:
    """Per machine instance (``deal``, ``bid NAME``, ``gate NAME``, ``mandate NAME``), in order of creation."""
    out: dict[str, _Path] = {"deal": _Path("deal", None)}
    for change in deal.history:
        kind = change.machine.partition(" ")[0]
        spec = MACHINES.get(kind)
        if spec is None:
            continue
        path = out.get(change.machine)
        if path is None or (change.before is None and path.start is None):
            path = out[change.machine] = _Path(kind, change.after)
        if change.before is not None:
            path.visited.add(change.before)
            event = deal.journal[change.position] if change.position < len(deal.journal) else None
            path.taken.update(taken_by(spec, change.before, change.after, event.kind if event is not None else None))
        path.visited.add(change.after)
        path.now = change.after
    return out


def deal_diagram(deal: Deal, *, fmt: str = "mermaid") -> str:
    """One text with a diagram per machine instance the deal used (the deal, each
    bid, gate and mandate), the path its ``history`` took highlighted: visited
    states styled ``previous``, current states ``active``, transitions taken
    labelled ``(taken)`` (mermaid) or drawn blue (DOT).  Each instance starts
    where it was created (a gate not required at first starts at
    ``not_required``).

    ``fmt="mermaid"`` gives Markdown: one fenced ``mermaid`` block per machine,
    which GitHub renders.  ``fmt="dot"`` gives one Graphviz digraph with a
    cluster per machine.
    """
    _check_fmt(fmt)
    paths = _paths(deal)
    target = deal.target or "(not open)"
    if fmt == "mermaid":
        blocks = []
        for label, path in paths.items():
            spec = MACHINES[path.kind]
            text = _spec_mermaid(
                spec, f"{target}: {label}", path.start, visited=path.visited, taken=path.taken, current=path.now
            )
            blocks.append(f"```mermaid\n{text}\n```")
        return "\n\n".join(blocks) + "\n"
    lines = [f"digraph {_q(target)} {{", f"  label={_q(target)};", *_DOT_HEAD]
    for i, (label, path) in enumerate(paths.items()):
        spec = MACHINES[path.kind]
        lines.append(f"  subgraph {_q(f'cluster_{i}')} {{")
        lines.append(f"    label={_q(label)};")
        lines += _dot_body(
            f"{i}:",
            spec.states,
            path.start or spec.initial,
            spec.finals,
            spec.transitions,
            guards=spec.guards,
            visited=path.visited,
            taken=path.taken,
            current=path.now,
            indent="    ",
        )
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graph_diagram(
    title: str,
    nodes: Mapping[str, str],
    initial: str,
    finals: Collection[str],
    edges: Iterable[Edge],
    *,
    fmt: str = "mermaid",
    visited: Collection[str] = (),
    taken: Collection[Edge] = (),
    current: str | None = None,
) -> str:
    """A diagram of any labelled state graph: ``nodes`` maps a node's id to its
    label, ``edges`` are ``(label, source, dest)``.  :mod:`dealflow.graph` draws
    explored processes with it."""
    _check_fmt(fmt)
    if fmt == "mermaid":
        ids = {node: f"c{i}" for i, node in enumerate(nodes)}
        return _mermaid(title, nodes, initial, finals, edges, ids=ids, visited=visited, taken=taken, current=current)
    body = _dot_body(
        "",
        list(nodes),
        initial,
        finals,
        edges,
        visited=visited,
        taken=taken,
        current=current,
        labels=nodes,
    )
    return "\n".join([f"digraph {_q(title)} {{", f"  label={_q(title)};", *_DOT_HEAD, *body, "}"])
