"""Tests of dealflow._machines: machine specs are checked when they are defined."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import MACHINES, DealflowError, InputError, MachineDefinitionError, MachineSpec
from dealflow._machines import direct_moves, fire, machine


def spec(
    states: tuple[str, ...] = ("a", "b", "c"),
    initial: str = "a",
    finals: frozenset[str] = frozenset({"c"}),
    transitions: tuple[tuple[str, str, str], ...] = (("go", "a", "b"), ("end", "b", "c")),
) -> MachineSpec:
    return MachineSpec("toy", states, initial, finals, transitions)


def refusal(**kwargs: object) -> str:
    with pytest.raises(MachineDefinitionError) as info:
        spec(**kwargs)  # type: ignore[arg-type]
    return str(info.value)


def test_builtin_machines_are_sound() -> None:
    """The built-in machines pass their own definition-time checks."""
    assert set(MACHINES) == {"deal", "bid", "gate", "mandate", "approval", "remedy", "suit", "order", "agreement"}
    for m in MACHINES.values():
        assert m.defects() == []


def test_sound_toy_machine_is_accepted() -> None:
    """A connected machine with a final state is built without complaint."""
    assert spec().triggers_from("a") == ["go"]


def test_unreachable_state_is_named() -> None:
    """A state no transition leads to is refused, by name."""
    msg = refusal(
        states=("a", "b", "c", "island"), transitions=(("go", "a", "b"), ("end", "b", "c"), ("x", "island", "c"))
    )
    assert "states unreachable from 'a': island" in msg


def test_trap_state_is_named() -> None:
    """A non-final state with no way to a final state is refused, by name."""
    msg = refusal(
        states=("a", "b", "c", "trap"), transitions=(("go", "a", "b"), ("end", "b", "c"), ("fall", "a", "trap"))
    )
    assert "no path to a final state: trap" in msg
    assert "unreachable" not in msg


def test_cycle_without_exit_is_a_trap() -> None:
    """States that only loop among themselves have no path to a final state."""
    msg = refusal(
        states=("a", "b", "c", "p", "q"),
        transitions=(("go", "a", "b"), ("end", "b", "c"), ("in", "a", "p"), ("pq", "p", "q"), ("qp", "q", "p")),
    )
    assert "no path to a final state: p, q" in msg


def test_transition_to_undefined_state_is_named() -> None:
    """A transition whose destination is not a state is refused, naming the state and the transition."""
    msg = refusal(transitions=(("go", "a", "b"), ("end", "b", "c"), ("jump", "b", "nowhere")))
    assert "undefined states nowhere" in msg
    assert "jump b -> nowhere" in msg


def test_transition_from_undefined_state_is_named() -> None:
    """A transition whose source is not a state is refused."""
    msg = refusal(transitions=(("go", "a", "b"), ("end", "b", "c"), ("back", "ghost", "a")))
    assert "undefined states ghost" in msg


def test_undefined_initial_state_is_named() -> None:
    """An initial state that is not among the states is refused."""
    msg = refusal(initial="start")
    assert "the initial state 'start' is not defined" in msg


def test_undefined_final_and_no_final() -> None:
    """Final states must be defined, and there must be at least one."""
    assert "final states not defined: z" in refusal(finals=frozenset({"c", "z"}))
    assert "no final state is defined" in refusal(finals=frozenset())


def test_duplicate_states_and_stray_guards() -> None:
    """A state listed twice, or a guard on a trigger with no transition, is refused."""
    assert "states defined twice: b" in refusal(states=("a", "b", "b", "c"))
    with pytest.raises(MachineDefinitionError, match="guards on triggers with no transition: fly"):
        MachineSpec("toy", ("a", "c"), "a", frozenset({"c"}), (("go", "a", "c"),), guards={"fly": ("ok",)})


def test_malformed_transitions_raise_machine_error() -> None:
    """Transitions that are not (trigger, source, dest) triples raise MachineDefinitionError, not TypeError."""
    for bad in ("go a b", [("go", "a")], [("go", "a", 3)], 7):
        with pytest.raises(MachineDefinitionError):
            MachineSpec("toy", ("a",), "a", frozenset({"a"}), bad)  # type: ignore[arg-type]
    with pytest.raises(MachineDefinitionError):
        MachineSpec("toy", "ab", "a", frozenset({"a"}), ())


def test_machine_error_is_an_input_error() -> None:
    """MachineDefinitionError sits under the one root error, as an InputError."""
    assert issubclass(MachineDefinitionError, InputError)
    assert issubclass(MachineDefinitionError, DealflowError)
    with pytest.raises(DealflowError, match=r"Fix: "):
        spec(initial="start")


def test_extend_adds_checked_states_and_transitions() -> None:
    """extend returns a new spec with the additions; the original is unchanged."""
    bid = MACHINES["bid"]
    longer = bid.extend(
        name="bid_expiring", states=["expired"], transitions=[("expire", "submitted", "expired")], finals=["expired"]
    )
    assert longer.name == "bid_expiring"
    assert longer.dest("expire", "submitted") == "expired"
    assert "expired" in longer.finals
    assert "expired" not in bid.states
    assert longer.transitions[: len(bid.transitions)] == bid.transitions


def test_extend_refuses_a_broken_result() -> None:
    """Extending with a state that cannot end is refused, naming it."""
    with pytest.raises(MachineDefinitionError, match="no path to a final state: limbo"):
        MACHINES["deal"].extend(states=["limbo"], transitions=[("stall", "open", "limbo")])


def test_fire_still_runs_through_transitions() -> None:
    """The shared machines built from the specs still fire their transitions."""

    class Model:
        state = "submitted"

    model = Model()
    fire("bid", "revise", model)
    assert model.state == "revised"
    assert machine("bid") is machine("bid")


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_compiled_moves_agree_with_transitions_triggers(kind: str) -> None:
    """Every move the fast table makes is the move transitions' own trigger makes."""
    spec = MACHINES[kind]
    built = machine(kind)
    table = direct_moves(built)

    class Model:
        state = ""

    for trigger, source, dest in spec.transitions:
        model = Model()
        model.state = source
        if trigger in spec.guards:
            assert (trigger, source) not in table  # guarded moves always run through transitions
            continue
        assert table[(trigger, source)] == dest
        assert built.events[trigger].trigger(model) is True
        assert model.state == dest


def test_guarded_moves_run_through_transitions_conditions() -> None:
    """Closing runs transitions' condition, which refuses when the clearances do not hold."""
    from tests.helpers import agreed_jv

    deal = agreed_jv()
    deal.sign(on="2020-08-12")  # signing needs the agreement only (invariant 1)
    with pytest.raises(DealflowError, match="guard refused 'close'"):
        fire("deal", "close", deal)  # bypassing Deal.apply's own check: transitions' guard still bites
    assert deal.state == "signed"


def brute_reachable(start: str, edges: list[tuple[str, str, str]]) -> set[str]:
    """Fixpoint: add destinations until nothing changes."""
    seen = {start}
    changed = True
    while changed:
        changed = False
        for _t, s, d in edges:
            if s in seen and d not in seen:
                seen.add(d)
                changed = True
    return seen


NAMES = ["s0", "s1", "s2", "s3", "s4"]


@given(
    edges=st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=10),
    finals=st.sets(st.sampled_from(NAMES), min_size=1),
)
def test_check_agrees_with_brute_force(edges: list[tuple[str, str]], finals: set[str]) -> None:
    """A random machine is accepted exactly when brute force finds every state reachable and able to end."""
    transitions = [(f"t{i}", s, d) for i, (s, d) in enumerate(edges)]
    reach = brute_reachable("s0", transitions)
    can_end = {s for s in NAMES if brute_reachable(s, transitions) & finals}
    sound = reach == set(NAMES) and can_end == set(NAMES)
    try:
        MachineSpec("random", tuple(NAMES), "s0", frozenset(finals), tuple(transitions))
    except MachineDefinitionError as err:
        assert not sound
        for state in sorted(set(NAMES) - reach):
            assert state in str(err)
    else:
        assert sound


def test_every_builtin_trigger_pair_is_deterministic() -> None:
    """No built-in machine has two transitions with the same trigger and source (fire would be ambiguous)."""
    for m in MACHINES.values():
        pairs = [(t, s) for t, s, _d in m.transitions]
        assert len(pairs) == len(set(pairs)), m.name


def _pairs(kind: str) -> list[tuple[str, str]]:
    spec = MACHINES[kind]
    return [(trigger, state) for trigger in dict.fromkeys(t for t, _s, _d in spec.transitions) for state in spec.states]


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_every_machines_check_allows_exactly_its_transitions(kind: str) -> None:
    """The deal's check of a move (every machine, every trigger from every state) allows exactly
    the spec's transitions, and a refusal's fix lists what the state allows, in order."""
    from dealflow._concepts import check

    spec = MACHINES[kind]
    for trigger, state in _pairs(kind):
        if spec.dest(trigger, state) is not None:
            check(kind, trigger, state, "it", "move")
            continue
        with pytest.raises(DealflowError) as info:
            check(kind, trigger, state, "it", "move")
        allowed = spec.triggers_from(state)
        assert info.value.field is None
        assert (info.value.fix or "").startswith(f"from {state} the {kind} allows: ")
        assert (info.value.fix or "").endswith(", ".join(allowed) if allowed else "nothing (it is final)")
        assert f"it is {state}: cannot move" in str(info.value)


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_every_machine_fires_each_transition_to_its_destination(kind: str) -> None:
    """fire moves a model along every unguarded transition of every machine to the spec's destination."""
    spec = MACHINES[kind]

    class Model:
        state = ""

    for trigger, source, dest in spec.transitions:
        if trigger in spec.guards:
            continue
        model = Model()
        model.state = source
        fire(kind, trigger, model)
        assert model.state == dest


# the only ways out of a final state: an accepted bid withdrawn before signing, a decision or
# a vote reset by new terms, a gate waived then required again
_LEAVING_FINALS = {
    "approval": {"approved": ["reset"]},
    "bid": {"accepted": ["withdraw"]},
    "gate": {
        "approved": ["reset"],
        "blocked": ["reset"],
        "conditionally_approved": ["reset"],
        "not_required": ["require"],
    },
}


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_final_states_are_left_only_where_the_design_says(kind: str) -> None:
    """A final state of any machine has no transition out, but for the few listed here."""
    spec = MACHINES[kind]
    leaving = {state: spec.triggers_from(state) for state in sorted(spec.finals) if spec.triggers_from(state)}
    assert leaving == _LEAVING_FINALS.get(kind, {})


class _GuardModel:
    """A stand-in for a deal: the two guards read only its terms and its blockers."""

    def __init__(self, state: str, terms: object, blockers: list[str]) -> None:
        self.state = state
        self.terms = terms
        self._blockers = blockers

    def blockers(self) -> list[str]:
        return self._blockers


@pytest.mark.parametrize(
    ("terms", "blockers", "signs", "closes"),
    [
        (None, [], False, True),
        ("terms", [], True, True),
        ("terms", ["a gate is pending"], True, False),
        (None, ["a gate is pending", "a vote is due"], False, False),
    ],
)
def test_the_deal_machines_guards_sign_on_terms_and_close_without_blockers(
    terms: object, blockers: list[str], signs: bool, closes: bool
) -> None:
    """Guard by guard: sign needs terms (and nothing else); close needs no blocker (and nothing else)."""
    from dealflow._machines import _GUARDS

    assert MACHINES["deal"].guards == {"sign": ("terms_agreed",), "close": ("approvals_hold",)}
    assert _GUARDS["terms_agreed"](_GuardModel("agreed", terms, blockers)) is signs
    assert _GUARDS["approvals_hold"](_GuardModel("signed", terms, blockers)) is closes
    for trigger, source, dest, allowed in (("sign", "agreed", "signed", signs), ("close", "signed", "closed", closes)):
        model = _GuardModel(source, terms, blockers)
        if allowed:
            fire("deal", trigger, model)
            assert model.state == dest
        else:
            with pytest.raises(DealflowError) as info:
                fire("deal", trigger, model)
            assert f"guard refused {trigger!r} from {source!r}" in str(info.value)
            assert info.value.fix == "meet the guard's condition first"
            assert model.state == source


@pytest.mark.parametrize(
    ("kwargs", "field", "fix"),
    [
        ({"states": "ab"}, "states", "list the states"),
        ({"states": 3}, "states", "list the states"),
        ({"finals": "c"}, "finals", "list the final states"),
        ({"finals": None}, "finals", "list the final states"),
        ({"transitions": "go a b"}, "transitions", "list the transitions"),
        ({"transitions": [("go", "a")]}, "transitions", "write each transition as (trigger, source, dest)"),
        ({"transitions": [("go", "a", "")]}, "transitions", "write each transition as (trigger, source, dest)"),
        ({"transitions": ["gab"]}, "transitions", "write each transition as (trigger, source, dest)"),
        ({"initial": "start"}, "machine", "define every state a transition names, and connect each state"),
    ],
)
def test_definition_errors_name_the_field_and_the_fix(kwargs: dict[str, object], field: str, fix: str) -> None:
    """Each defect of a spec's definition names the argument at fault and says how to fix it."""
    with pytest.raises(MachineDefinitionError) as info:
        spec(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert (info.value.fix or "").startswith(fix)


def test_a_machine_with_no_final_state_is_refused_with_the_whole_fix() -> None:
    """With no final state the one defect is said exactly, and the fix says how to connect every state."""
    with pytest.raises(MachineDefinitionError) as info:
        spec(finals=frozenset())
    assert str(info.value).startswith("field 'machine': machine 'toy' is broken: no final state is defined. Fix: ")
    assert info.value.fix == (
        "define every state a transition names, and connect each state so that it is reachable "
        "from the initial state and can reach a final state"
    )


def test_a_state_name_must_be_text_and_the_defects_stop_there() -> None:
    """Empty or non-text state names are the one defect reported (nothing else is checked on them)."""
    for states in (("a", ""), ("a", 3)):
        with pytest.raises(MachineDefinitionError) as info:
            spec(states=states)  # type: ignore[arg-type]
        assert "is broken: state names must be non-empty text. Fix" in str(info.value)
        assert "undefined" not in str(info.value)
        assert "unreachable" not in str(info.value)


def test_every_defect_is_reported_at_once() -> None:
    """Twice-defined states, an undefined initial state and undefined finals are all listed in one error."""
    msg = refusal(states=("a", "a", "b", "c"), initial="z", finals=frozenset({"c", "y", "x"}))
    assert "states defined twice: a;" in msg
    assert "the initial state 'z' is not defined" in msg
    assert "final states not defined: x, y" in msg
    assert "unreachable" not in msg  # nothing is reachable from an undefined start: not reported as such


def test_a_machine_name_is_registered_once() -> None:
    """Registering another spec under a taken name is refused (field machine); the same spec again is fine."""
    from dealflow._machines import register_machine

    assert register_machine(MACHINES["bid"]) is MACHINES["bid"]
    with pytest.raises(MachineDefinitionError) as info:
        register_machine(MACHINES["bid"].extend())
    assert info.value.field == "machine"
    assert info.value.fix == "name it differently"
    assert "'bid' is registered already" in str(info.value)


def test_extend_keeps_the_name_and_merges_without_duplicates() -> None:
    """extend without a name keeps it; a state already there is not added twice; finals and guards are merged."""
    toy = MachineSpec("toy", ("a", "b", "c"), "a", frozenset({"c"}), (("go", "a", "b"), ("end", "b", "c")))
    more = toy.extend(
        states=["b", "d"], transitions=[("skip", "a", "d")], finals=["d"], guards={"skip": ("ok",), "go": ("fine",)}
    )
    assert more.name == "toy"
    assert more.states == ("a", "b", "c", "d")
    assert more.finals == frozenset({"c", "d"})
    assert dict(more.guards) == {"skip": ("ok",), "go": ("fine",)}
    assert dict(more.extend(guards={"go": ("other",)}).guards) == {"skip": ("ok",), "go": ("other",)}


def test_triggers_from_lists_each_trigger_once_and_dest_says_none_when_not_allowed() -> None:
    """A trigger with two transitions from a state is listed once; dest is None for a move not defined."""
    toy = MachineSpec(
        "toy", ("a", "b", "c"), "a", frozenset({"c"}), (("go", "a", "b"), ("go", "a", "c"), ("end", "b", "c"))
    )
    assert toy.triggers_from("a") == ["go"]
    assert toy.dest("go", "a") == "b"  # the first one defined
    assert toy.dest("end", "a") is None
    assert toy.dest("go", "b") is None
    assert toy.triggers_from("c") == []


def test_many_makes_one_transition_per_source_and_reflexive_ones_without_a_destination() -> None:
    """many splits the sources on spaces; without a destination each source loops to itself."""
    from dealflow._machines import many

    assert many("go", "a b", "c") == [("go", "a", "c"), ("go", "b", "c")]
    assert many("stay", "a  b") == [("stay", "a", "a"), ("stay", "b", "b")]


def test_built_machines_have_no_auto_transitions_and_mark_final_states(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each spec built afresh as a transitions.Machine (no cache): no to_<state> triggers, its initial
    state, its finals marked, its guards as named conditions, and the compiled table of its plain moves."""
    from dealflow import _machines

    for cache in ("_BUILT", "_EVENTS", "_DIRECT"):
        monkeypatch.setattr(_machines, cache, {})
    for kind, spec_ in MACHINES.items():
        built = machine(kind)
        assert machine(kind) is built
        assert _machines._EVENTS[kind] is built.events
        assert _machines._DIRECT[kind] == direct_moves(built)
        assert built.name.startswith(kind)
        assert built.models == []  # nothing is attached to a shared machine
        assert not [t for t in built.events if t.startswith("to_")], kind
        assert set(built.events) == {t for t, _s, _d in spec_.transitions}, kind
        assert built.initial == spec_.initial
        assert list(built.states) == list(spec_.states)
        assert {s for s in spec_.states if built.states[s].final} == set(spec_.finals), kind
        for trigger, source, dest in spec_.transitions:
            (t,) = built.events[trigger].transitions[source]
            assert t.dest == dest
            assert [c.func.__name__ for c in t.conditions] == list(spec_.guards.get(trigger, ())), (kind, trigger)
    # the fresh deal machine's guards run on the model itself
    unsigned, signed = _GuardModel("agreed", None, []), _GuardModel("agreed", "terms", ["a gate is pending"])
    with pytest.raises(DealflowError, match="guard refused 'sign'"):
        fire("deal", "sign", unsigned)
    fire("deal", "sign", signed)
    assert (unsigned.state, signed.state) == ("agreed", "signed")
    with pytest.raises(DealflowError, match="guard refused 'close'"):
        fire("deal", "close", signed)


def test_direct_moves_leave_out_transitions_with_conditions_or_callbacks() -> None:
    """Only plain moves are compiled: a condition, a callback on the transition or on a state, internal
    transitions and machine-wide callbacks each keep a move out of the table."""
    from transitions import Machine

    def plain(**extra: object) -> Machine:
        return Machine(
            model=None,
            states=["a", {"name": "b", "on_enter": "noted"}, "c", "d"],
            transitions=[
                {"trigger": "go", "source": "a", "dest": "c"},
                {"trigger": "guarded", "source": "a", "dest": "c", "conditions": "ok"},
                {"trigger": "before", "source": "a", "dest": "c", "before": "x"},
                {"trigger": "after", "source": "a", "dest": "c", "after": "x"},
                {"trigger": "prepare", "source": "a", "dest": "c", "prepare": "x"},
                {"trigger": "enter", "source": "a", "dest": "b"},
                {"trigger": "inside", "source": "a", "dest": None},
                {"trigger": "two", "source": "a", "dest": "c", "conditions": "ok"},
                {"trigger": "two", "source": "a", "dest": "d"},
                {"trigger": "go", "source": "c", "dest": "d"},
                # a trigger left out from one source is still compiled from the next one
                {"trigger": "mixed", "source": "a", "dest": "c", "conditions": "ok"},
                {"trigger": "mixed", "source": "c", "dest": "d"},
                {"trigger": "pair", "source": "a", "dest": "c", "conditions": "ok"},
                {"trigger": "pair", "source": "a", "dest": "d"},
                {"trigger": "pair", "source": "c", "dest": "d"},
                {"trigger": "into", "source": "a", "dest": "b"},
                {"trigger": "into", "source": "c", "dest": "d"},
            ],
            initial="a",
            auto_transitions=False,
            **extra,
        )

    assert direct_moves(plain()) == {
        ("go", "a"): "c",
        ("go", "c"): "d",
        ("mixed", "c"): "d",
        ("pair", "c"): "d",
        ("into", "c"): "d",
    }
    exits = Machine(model=None, states=[{"name": "a", "on_exit": "x"}, "b"], initial="a", auto_transitions=False)
    exits.add_transition("go", "a", "b")
    exits.add_transition("back", "b", "a")
    assert direct_moves(exits) == {("back", "b"): "a"}  # leaving a runs its on_exit: not compiled
    for callbacks in ("before_state_change", "after_state_change", "prepare_event", "finalize_event"):
        assert direct_moves(plain(**{callbacks: "x"})) == {}, callbacks


def test_guard_registers_the_function_under_its_name_and_returns_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """guard(name) records the function as the condition of that name, unchanged."""
    from dealflow import _machines

    monkeypatch.setattr(_machines, "_GUARDS", dict(_machines._GUARDS))

    def ready(model: object) -> bool:
        return True

    assert _machines.guard("ready")(ready) is ready
    assert _machines._GUARDS["ready"] is ready
    assert _machines._condition("ready").__name__ == "ready"


def test_defects_list_every_name_in_order_and_the_transitions_at_fault() -> None:
    """Names are joined with commas, the faulty transitions with semicolons, in parentheses."""
    assert "is broken: states defined twice: a, b. Fix" in refusal(states=("a", "a", "b", "b", "c"))
    msg = refusal(transitions=(("go", "a", "b"), ("end", "b", "c"), ("back", "ghost", "a"), ("jump", "b", "nowhere")))
    assert "transitions to or from undefined states ghost, nowhere (back ghost -> a; jump b -> nowhere). Fix" in msg
    msg = refusal(states=("a", "b", "c", "p", "q"), transitions=(("go", "a", "b"), ("end", "b", "c"), ("x", "p", "q")))
    assert "states unreachable from 'a': p, q;" in msg
    with pytest.raises(MachineDefinitionError, match=r"guards on triggers with no transition: fly, swim\. Fix"):
        MachineSpec(
            "toy", ("a", "c"), "a", frozenset({"c"}), (("go", "a", "c"),), guards={"swim": ("ok",), "fly": ("ok",)}
        )


def test_fire_builds_the_machine_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no machine built yet, fire builds it, then moves by the compiled table or by transitions' guard."""
    from dealflow import _machines

    for cache in ("_BUILT", "_EVENTS", "_DIRECT"):
        monkeypatch.setattr(_machines, cache, {})

    class Model:
        state = "submitted"

    model = Model()
    fire("bid", "revise", model)
    assert model.state == "revised"
    assert ("revise", "submitted") in _machines._DIRECT["bid"]
    signed = _GuardModel("agreed", "terms", [])
    fire("deal", "sign", signed)
    assert signed.state == "signed"


def test_plain_moves_skip_transitions_trigger_and_guarded_ones_use_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speed the module promises: an unguarded move is taken from the compiled table without
    calling transitions' Event.trigger; a guarded move (signing) still calls it."""
    from transitions.core import Event

    calls: list[str] = []
    real = Event.trigger

    def counted(self: Event, model: object, *args: object, **kwargs: object) -> bool:
        calls.append(self.name)
        return bool(real(self, model, *args, **kwargs))

    monkeypatch.setattr(Event, "trigger", counted)

    class Model:
        state = "submitted"

    model = Model()
    fire("bid", "revise", model)
    assert (model.state, calls) == ("revised", [])
    signed = _GuardModel("agreed", "terms", [])
    fire("deal", "sign", signed)
    assert (signed.state, calls) == ("signed", ["sign"])
