"""The four small flat machines a deal composes, defined once and shared.

Each machine is a ``transitions.Machine`` built without models
(``model=None``) and with ``auto_transitions=False`` (its ``to_<state>()``
methods would skip guards).  Deals, bids, gates and mandates are plain slotted
objects carrying a ``state`` attribute; a trigger runs through transitions'
own :class:`transitions.core.Event` against that object.  Nothing is attached to
a machine, so creating a deal costs no machine and no ``add_model``, whose
membership check makes attaching n models O(n²).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._errors import RefusedEvent

__all__ = ["MACHINES", "MachineSpec", "fire", "machine"]


@attrs.frozen
class MachineSpec:
    """A flat machine as data: states, the initial state, final states and
    ``(trigger, source, dest)`` transitions, plus optional guard names."""

    name: str
    states: tuple[str, ...]
    initial: str
    finals: frozenset[str]
    transitions: tuple[tuple[str, str, str], ...]
    guards: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False, hash=False)

    def triggers_from(self, state: str) -> list[str]:
        """Triggers allowed from ``state``, in definition order."""
        out: list[str] = []
        for trigger, source, _dest in self.transitions:
            if source == state and trigger not in out:
                out.append(trigger)
        return out

    def dest(self, trigger: str, state: str) -> str | None:
        for t, source, dest in self.transitions:
            if t == trigger and source == state:
                return dest
        return None


def _many(trigger: str, sources: str, dest: str | None = None) -> list[tuple[str, str, str]]:
    """``dest`` None makes a reflexive transition from each source."""
    return [(trigger, s, dest or s) for s in sources.split()]


DEAL = MachineSpec(
    "deal",
    ("open", "negotiating", "agreed", "signed", "closed", "terminated"),
    "open",
    frozenset({"closed", "terminated"}),
    tuple(
        _many("bid", "open", "negotiating")
        + _many("bid", "negotiating agreed")
        + _many("propose", "open negotiating agreed", "negotiating")
        + _many("agree", "open negotiating", "agreed")
        + _many("agree", "agreed")
        + _many("reopen", "agreed", "negotiating")
        + _many("sign", "agreed", "signed")
        + _many("close", "signed", "closed")
        + _many("terminate", "open negotiating agreed signed", "terminated")
    ),
    guards={"sign": ("approvals_hold",), "close": ("approvals_hold",)},
)

BID = MachineSpec(
    "bid",
    ("submitted", "revised", "rejected", "withdrawn", "accepted"),
    "submitted",
    frozenset({"rejected", "withdrawn", "accepted"}),
    tuple(
        _many("revise", "submitted revised", "revised")
        + _many("reject", "submitted revised", "rejected")
        + _many("withdraw", "submitted revised accepted", "withdrawn")
        + _many("accept", "submitted revised", "accepted")
    ),
)

GATE = MachineSpec(
    "gate",
    ("not_required", "pending", "under_review", "approved", "conditionally_approved", "blocked"),
    "pending",
    frozenset({"not_required", "approved", "conditionally_approved", "blocked"}),
    tuple(
        _many("require", "not_required", "pending")
        + _many("waive", "pending under_review", "not_required")
        + _many("open_review", "pending", "under_review")
        + _many("extend_review", "under_review")
        + _many("approve", "pending under_review", "approved")
        + _many("approve_with_conditions", "pending under_review", "conditionally_approved")
        + _many("block", "pending under_review", "blocked")
        + _many("reset", "under_review approved conditionally_approved blocked", "pending")
    ),
)

MANDATE = MachineSpec(
    "mandate",
    ("in_force", "enjoined", "suspended", "lapsed", "enforced", "revoked", "satisfied"),
    "in_force",
    frozenset({"revoked", "satisfied"}),
    tuple(
        _many("extend", "in_force suspended enjoined")
        + _many("extend", "lapsed", "in_force")
        + _many("suspend", "in_force suspended enforced lapsed", "suspended")
        + _many("enjoin", "in_force suspended enjoined", "enjoined")
        + _many("lift", "enjoined", "in_force")
        + _many("lapse", "in_force", "lapsed")
        + _many("enforce", "in_force lapsed suspended", "enforced")
        + _many("revoke", "in_force enjoined suspended lapsed enforced", "revoked")
        + _many("satisfy", "in_force enjoined suspended lapsed enforced", "satisfied")
    ),
)

MACHINES: dict[str, MachineSpec] = {m.name: m for m in (DEAL, BID, GATE, MANDATE)}

_GUARDS: dict[str, Callable[[Any], bool]] = {}
_BUILT: dict[str, Any] = {}
_EVENTS: dict[str, dict[str, Any]] = {}


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
    return built


def _condition(name: str) -> Callable[[Any], bool]:
    def check(event_data: Any) -> bool:
        return _GUARDS[name](event_data.model)

    check.__name__ = name
    return check


def fire(kind: str, trigger: str, model: Any) -> None:
    """Run ``trigger`` on ``model`` through transitions; callers check first, so a
    refusal here means a guard and dealflow's own checks disagree."""
    events = _EVENTS.get(kind)
    if events is None:
        machine(kind)
        events = _EVENTS[kind]
    if not events[trigger].trigger(model):
        msg = f"the {kind} machine's guard refused {trigger!r} from {model.state!r}"
        raise RefusedEvent(msg, fix="meet the guard's condition first")
