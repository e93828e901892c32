"""The small flat machines a deal composes: specs as data, built once and shared.

Each concept module (``_lifecycle``, ``_bids``, ``_gates``, ``_mandates``...)
defines its :class:`MachineSpec` and registers it in :data:`MACHINES`.

Each machine is a ``transitions.Machine`` built without models
(``model=None``) and with ``auto_transitions=False`` (its ``to_<state>()``
methods would skip guards).  Deals, bids, gates and mandates are plain slotted
objects carrying a ``state`` attribute.  Nothing is attached to a machine, so
creating a deal costs no machine and no ``add_model``, whose membership check
makes attaching n models O(n²).

Guarded transitions (signing and closing: invariant 1) run through transitions'
own :class:`transitions.core.Event` against the model.  Unguarded transitions,
which carry no condition and no callback, take the destination from a table
compiled from the same ``transitions.Machine`` (its ``events``), after the
deal's own check of the move: transitions' full trigger costs about 8 µs a
move in logging and callback dispatch that do nothing here, and a restructuring
moves several machines at once.  ``tests/test_machines.py`` checks that the
table and transitions' triggers agree on every move.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ._errors import MachineDefinitionError, RefusedEvent

__all__ = ["MACHINES", "MachineSpec", "fire", "machine", "many", "register_machine"]


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise MachineDefinitionError(
            f"expected a list of state names, got {value!r}", field="states", fix="list the states"
        )
    return tuple(value)


def _finals(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise MachineDefinitionError(
            f"expected a set of state names, got {value!r}", field="finals", fix="list the final states"
        )
    return frozenset(value)


def _transitions(value: object) -> tuple[tuple[str, str, str], ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise MachineDefinitionError(
            f"expected (trigger, source, dest) triples, got {value!r}", field="transitions", fix="list the transitions"
        )
    out = []
    for item in value:
        if (
            not isinstance(item, (tuple, list))
            or len(item) != 3
            or not all(isinstance(part, str) and part for part in item)
        ):
            raise MachineDefinitionError(
                f"transition {item!r} is not a (trigger, source, dest) triple of names",
                field="transitions",
                fix="write each transition as (trigger, source, dest)",
            )
        out.append((item[0], item[1], item[2]))
    return tuple(out)


@attrs.frozen
class MachineSpec:
    """A flat machine as data: states, the initial state, final states and
    ``(trigger, source, dest)`` transitions, plus optional guard names.

    A spec is checked when it is built, so every machine dealflow or a user
    defines is sound: the initial state and every state a transition names are
    defined, every state is reachable from the initial state, and every non-final
    state has a path to a final state.  A defect raises :class:`MachineDefinitionError`
    naming the states.  Extend a machine with :meth:`extend`, which returns a
    new, checked spec.
    """

    name: str
    states: tuple[str, ...] = attrs.field(converter=_names)
    initial: str
    finals: frozenset[str] = attrs.field(converter=_finals)
    transitions: tuple[tuple[str, str, str], ...] = attrs.field(converter=_transitions)
    guards: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = self.defects()
        if problems:
            raise MachineDefinitionError(
                f"machine {self.name!r} is broken: " + "; ".join(problems),
                field="machine",
                fix="define every state a transition names, and connect each state so that it is reachable "
                "from the initial state and can reach a final state",
            )

    def defects(self) -> list[str]:
        """What is wrong with this machine, one sentence a defect (empty when sound).

        Pure Python breadth-first searches: it runs at import for the built-in machines.
        """
        problems: list[str] = []
        defined = set(self.states)
        if not all(isinstance(s, str) and s for s in self.states):
            problems.append("state names must be non-empty text")
            return problems
        twice = sorted({s for s in self.states if self.states.count(s) > 1})
        if twice:
            problems.append("states defined twice: " + ", ".join(twice))
        if self.initial not in defined:
            problems.append(f"the initial state {self.initial!r} is not defined")
        undefined_finals = sorted(self.finals - defined)
        if undefined_finals:
            problems.append("final states not defined: " + ", ".join(undefined_finals))
        bad = [
            f"{trigger} {source} -> {dest}"
            for trigger, source, dest in self.transitions
            if source not in defined or dest not in defined
        ]
        if bad:
            missing = sorted({s for _t, src, dst in self.transitions for s in (src, dst)} - defined)
            problems.append(
                "transitions to or from undefined states " + ", ".join(missing) + " (" + "; ".join(bad) + ")"
            )
        unknown_guards = sorted(set(self.guards) - {t for t, _s, _d in self.transitions})
        if unknown_guards:
            problems.append("guards on triggers with no transition: " + ", ".join(unknown_guards))
        if self.initial in defined:
            reach = _reachable({self.initial}, self.transitions, forward=True)
            unreachable = [s for s in self.states if s not in reach]
            if unreachable:
                problems.append(f"states unreachable from {self.initial!r}: " + ", ".join(unreachable))
        if not self.finals & defined:
            problems.append("no final state is defined")
        else:
            ending = _reachable(self.finals & defined, self.transitions, forward=False)
            stuck = [s for s in self.states if s not in ending]
            if stuck:
                problems.append("non-final states with no path to a final state: " + ", ".join(stuck))
        return problems

    def extend(
        self,
        *,
        name: str | None = None,
        states: Iterable[str] = (),
        transitions: Iterable[tuple[str, str, str]] = (),
        finals: Iterable[str] = (),
        guards: Mapping[str, tuple[str, ...]] | None = None,
    ) -> MachineSpec:
        """A new spec with more states, transitions, final states and guards,
        checked like any other (``MachineDefinitionError`` if the result is broken).

        >>> from dealflow import MACHINES
        >>> bid = MACHINES["bid"].extend(name="bid_with_expiry", states=["expired"],
        ...                              transitions=[("expire", "submitted", "expired")], finals=["expired"])
        >>> bid.triggers_from("submitted")
        ['revise', 'reject', 'withdraw', 'accept', 'expire']
        """
        return MachineSpec(
            self.name if name is None else name,
            self.states + tuple(s for s in _names(states) if s not in self.states),
            self.initial,
            self.finals | _finals(finals),
            self.transitions + _transitions(transitions),
            guards={**self.guards, **(guards or {})},
        )

    def triggers_from(self, state: str) -> list[str]:
        """Triggers allowed from ``state``, in definition order."""
        out: list[str] = []
        for trigger, source, _dest in self.transitions:
            if source == state and trigger not in out:
                out.append(trigger)
        return out

    def dest(self, trigger: str, state: str) -> str | None:
        """The state ``trigger`` leads to from ``state``, or None when it is not allowed there."""
        for t, source, dest in self.transitions:
            if t == trigger and source == state:
                return dest
        return None


def _reachable(start: Iterable[str], transitions: Iterable[tuple[str, str, str]], *, forward: bool) -> set[str]:
    """States reachable from ``start`` along transitions (or against them when not ``forward``)."""
    step: dict[str, list[str]] = {}
    for _trigger, source, dest in transitions:
        a, b = (source, dest) if forward else (dest, source)
        step.setdefault(a, []).append(b)
    seen = set(start)
    todo = list(start)
    while todo:
        for nxt in step.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def many(trigger: str, sources: str, dest: str | None = None) -> list[tuple[str, str, str]]:
    """``(trigger, source, dest)`` from each of the space-separated ``sources``;
    ``dest`` None makes a reflexive transition from each source."""
    return [(trigger, s, dest or s) for s in sources.split()]


#: The machines a deal composes, by name (``deal``, ``bid``, ``gate``, ``mandate``...); each concept
#: module registers its own with :func:`register_machine`.
MACHINES: dict[str, MachineSpec] = {}


def register_machine(spec: MachineSpec) -> MachineSpec:
    """Make ``spec`` (checked when it was built) one of the deal's machines, under its name."""
    if spec.name in MACHINES and MACHINES[spec.name] is not spec:
        raise MachineDefinitionError(
            f"a machine {spec.name!r} is registered already", field="machine", fix="name it differently"
        )
    MACHINES[spec.name] = spec
    return spec


_GUARDS: dict[str, Callable[[Any], bool]] = {}
_BUILT: dict[str, Any] = {}
_EVENTS: dict[str, dict[str, Any]] = {}
_DIRECT: dict[str, dict[tuple[str, str], str]] = {}


def guard(name: str) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Register a guard that transitions evaluates on the model before a transition."""

    def deco(func: Callable[[Any], bool]) -> Callable[[Any], bool]:
        _GUARDS[name] = func
        return func

    return deco


def machine(name: str) -> Any:
    """The shared ``transitions.Machine`` for ``name``, built on first use."""
    built = _BUILT.get(name)
    if built is None:
        from transitions import Machine

        spec = MACHINES[name]
        transitions = []
        for trigger, source, dest in spec.transitions:
            t: dict[str, Any] = {"trigger": trigger, "source": source, "dest": dest}
            names = spec.guards.get(trigger)
            if names:
                t["conditions"] = [_condition(n) for n in names]
            transitions.append(t)
        states = [{"name": s, "final": s in spec.finals} for s in spec.states]
        built = Machine(
            model=None,
            states=states,
            transitions=transitions,
            initial=spec.initial,
            auto_transitions=False,
            send_event=True,
            name=name,
        )
        _BUILT[name] = built
        _EVENTS[name] = built.events
        _DIRECT[name] = direct_moves(built)
    return built


def direct_moves(built: Any) -> dict[tuple[str, str], str]:
    """``(trigger, source) -> dest`` for the transitions of a built machine that
    have no condition and no callback (on the transition, its states or the machine)."""
    machine_callbacks = (
        built.before_state_change or built.after_state_change or built.prepare_event or built.finalize_event
    )
    table: dict[tuple[str, str], str] = {}
    if machine_callbacks:
        return table
    for trigger, event in built.events.items():
        for source, options in event.transitions.items():
            if len(options) != 1:
                continue
            t = options[0]
            if t.conditions or t.prepare or t.before or t.after or t.dest is None:
                continue
            if built.states[source].on_exit or built.states[t.dest].on_enter:
                continue
            table[(trigger, source)] = t.dest
    return table


def _condition(name: str) -> Callable[[Any], bool]:
    def check(event_data: Any) -> bool:
        return _GUARDS[name](event_data.model)

    check.__name__ = name
    return check


def fire(kind: str, trigger: str, model: Any) -> None:
    """Move ``model`` by ``trigger``: from the compiled table when the transition
    is unguarded, else through transitions' own trigger.  Callers check the move
    first, so a refusal here means a guard and dealflow's own checks disagree."""
    direct = _DIRECT.get(kind)
    if direct is None:
        machine(kind)
        direct = _DIRECT[kind]
    dest = direct.get((trigger, model.state))
    if dest is not None:
        model.state = dest
        return
    if not _EVENTS[kind][trigger].trigger(model):
        msg = f"the {kind} machine's guard refused {trigger!r} from {model.state!r}"
        raise RefusedEvent(msg, fix="meet the guard's condition first")
