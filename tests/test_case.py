"""Tests of dealflow._case: loading case files and replaying the TikTok case."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import DealflowError, InputError, RefusedEvent, UnknownParty
from dealflow._case import _yaml_loader, load_case, load_case_text

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = ROOT / "examples" / "tiktok" / "tiktok.yaml"
TEXT = TIKTOK.read_text(encoding="utf-8")
DATA: dict[str, Any] = yaml.load(TEXT, Loader=_yaml_loader())
CASE = load_case(TIKTOK)
DEAL = CASE.replay()
D = dt.date


def _as_json(data: object) -> str:
    return json.dumps(data)


def _load(data: object) -> df.Case:
    return load_case_text(_as_json(data), file="copy.json")


def _index(kind: str, date: str | None = None, **fields: object) -> int:
    """The index in the file's events: list of the first event of ``kind`` (on ``date``)."""
    for i, e in enumerate(DATA["events"]):
        if e["type"] == kind and (date is None or e["date"] == date) and all(e.get(k) == v for k, v in fields.items()):
            return i
    raise AssertionError(f"no {kind} event on {date}")


# ---------------------------------------------------------------------- the history


# Each row: a date, then (machine, state) pairs that held at the end of that day,
# as the timeline (../shared/cases/tiktok-timeline.md) tells it.
KEY_DATES = [
    ("2019-11-01", [("gate", "Washington", "under_review"), ("deal", "", "open")]),
    ("2020-09-13", [("bid", "microsoft", "rejected"), ("deal", "", "negotiating")]),
    ("2020-09-19", [("gate", "Washington", "conditionally_approved"), ("gate", "Beijing", "pending")]),
    ("2020-09-18", [("order", "app-store ban", "in_force"), ("mandate", "EO 13942", "in_force")]),
    ("2020-09-27", [("order", "app-store ban", "enjoined"), ("order", "hosting ban", "in_force")]),
    ("2020-10-30", [("order", "hosting ban", "enjoined"), ("suit", "TikTok v. Trump (C.D. Cal.)", "pending")]),
    ("2020-12-04", [("mandate", "CFIUS order", "lapsed"), ("order", "app-store ban", "enjoined")]),
    ("2021-06-09", [("mandate", "EO 13942", "revoked"), ("order", "hosting ban", "revoked")]),
    ("2022-06-17", [("remedy", "Project Texas", "offered")]),
    ("2024-04-24", [("mandate", "the Act", "in_force")]),
    ("2025-01-18", [("mandate", "the Act", "in_force")]),
    ("2025-01-19", [("mandate", "the Act", "enforced")]),
    ("2025-01-20", [("mandate", "the Act", "suspended")]),
    ("2025-04-03", [("gate", "Beijing", "blocked"), ("deal", "", "agreed")]),
    ("2025-09-25", [("gate", "Washington", "approved"), ("mandate", "the Act", "suspended")]),
    ("2025-10-30", [("gate", "Beijing", "approved"), ("deal", "", "negotiating")]),
    ("2025-12-18", [("deal", "", "signed")]),
    ("2026-01-22", [("deal", "", "closed"), ("mandate", "the Act", "satisfied"), ("mandate", "EO 13942", "revoked")]),
]


@pytest.mark.parametrize(("on", "expected"), KEY_DATES, ids=[d for d, _ in KEY_DATES])
def test_states_at_key_dates_match_the_history(on: str, expected: list[tuple[str, str, str]]) -> None:
    """The replayed states at each key date of the case are the ones the timeline records."""
    status = DEAL.status_on(on)
    for kind, name, state in expected:
        got = {
            "deal": lambda _n: status.state,
            "bid": lambda n: status.bid(n).state,
            "gate": lambda n: status.gate(n).state,
            "mandate": lambda n: status.mandate(n).state,
            "order": lambda n: status.order(n).state,
            "suit": lambda n: status.suit(n).state,
            "remedy": lambda n: status.remedy(n).state,
        }[kind](name)
        assert got == state, f"{kind} {name} on {on}: {got}, history says {state}"


def test_deadlines_move_only_as_the_history_says() -> None:
    """The CFIUS order's deadline moves +15 then +7 days; the Act's never moves (pauses are not extensions)."""
    assert DEAL.status_on("2020-11-12").mandate("CFIUS order").deadline == D(2020, 11, 12)
    assert DEAL.status_on("2020-11-13").mandate("CFIUS order").deadline == D(2020, 11, 27)
    assert DEAL.status_on("2020-11-25").mandate("CFIUS order").deadline == D(2020, 12, 4)
    act = DEAL.status_on("2025-12-31").mandate("the Act")
    assert act.deadline == act.original_deadline == D(2025, 1, 19)
    assert act.extensions == 0
    assert act.paused_until == D(2026, 1, 23)


def test_the_close_satisfies_the_act_on_the_qualified_terms() -> None:
    """The terms determined a qualified divestiture on 2025-09-25 are the terms the deal closes on."""
    status = DEAL.status()
    assert status.mandate("the Act").qualified_terms == status.terms
    assert status.terms is not None
    assert status.terms.stake_of("ByteDance") < status.terms.stake_of("ByteDance investors' affiliates")
    assert DEAL.verdict("Washington").outcome is df.Outcome.APPROVE


def test_beijing_rules_ask_for_a_licence_in_april_2025() -> None:
    """Beijing's rules in force on the April 2025 terms ask for a licence for the algorithm, not a block."""
    april = CASE.replay_until("2025-04-02")
    verdict = april.verdict("Beijing")
    assert verdict.outcome is df.Outcome.CONDITIONAL
    assert {c.kind for c in verdict.conditions} == {"export_licence"}


def test_every_unverified_row_is_marked() -> None:
    """Rows the timeline marks UNVERIFIED (about 2020-09-21, about 2024-05-07) keep verified: false."""
    unverified = {e.date for e in CASE.events if not e.verified}
    assert {D(2020, 9, 21), D(2024, 5, 7)} <= unverified


def test_sources_are_filled_from_the_header() -> None:
    """An event's source number gets its address from the header's sources list."""
    for e in CASE.events[1:]:
        assert e.source is not None and e.source.number is not None
        assert e.source.url == CASE.sources[e.source.number]


def test_replaying_twice_gives_equal_deals() -> None:
    """Replaying the same case twice gives equal deals."""
    assert CASE.replay() == CASE.replay()
    assert load_case(TIKTOK).replay() == DEAL


def test_json_export_reloads_to_an_equal_deal() -> None:
    """The journal written with events_to_json and read back replays to an equal deal."""
    text = df.events_to_json(DEAL.journal)
    assert df.replay(df.events_from_json(text)) == DEAL


def test_case_file_as_json_loads_the_same_events() -> None:
    """The same case written as JSON loads to the same events."""
    assert _load(DATA).events == CASE.events


@settings(max_examples=30, deadline=None)
@given(st.dates(min_value=D(2019, 10, 1), max_value=D(2026, 3, 1)))
def test_replay_until_is_the_status_on_that_date(day: dt.date) -> None:
    """Replaying up to a date gives the status that status_on reports for that date."""
    partial = CASE.replay_until(day)
    if partial.state is None:
        assert day < CASE.events[0].date
    else:
        assert partial.status() == attrs.evolve(DEAL.status_on(day), on=partial.clock)


# ---------------------------------------------------------------------- defects


def _with(index: int, **changes: object) -> dict[str, Any]:
    data = copy.deepcopy(DATA)
    event = data["events"][index]
    for key, value in changes.items():
        if value is _DROP:
            del event[key]
        else:
            event[key] = value
    return data


_DROP = object()


def _defects() -> list[tuple[str, dict[str, Any], int, str, type[DealflowError]]]:
    rejected = _index("bid_rejected")
    injunction = _index("preliminary_injunction_granted", "2020-10-30")
    act = _index("rule_enacted", "2024-04-24")
    lapse = _index("mandate_lapsed")
    framework = _index("terms_proposed", "2025-09-15")
    jv = copy.deepcopy(DATA["events"][framework]["terms"])
    jv["cap_table"]["ByteDance"] = "29.9%"
    out_of_order = copy.deepcopy(DATA)
    out_of_order["events"][injunction]["date"] = "2020-09-01"
    return [
        ("missing field", _with(rejected, bid=_DROP), rejected, "bid", InputError),
        ("unknown party", _with(injunction, actor="E.D. Penn."), injunction, "actor", UnknownParty),
        ("unknown rule", _with(act, rule={"rule": "foreign_control"}), act, "rule.rule", InputError),
        ("bad date", _with(injunction, date="2020-13-30"), injunction, "date", InputError),
        ("out-of-order date", out_of_order, injunction, "date", InputError),
        ("stakes over 100%", _with(framework, terms=jv), framework, "terms.cap_table", InputError),
        ("impossible in its state", _with(lapse, date="2020-12-03"), lapse, "date", RefusedEvent),
        ("unknown bid", _with(rejected, bid="oracle"), rejected, "bid", UnknownParty),
        ("unknown source", _with(rejected, source=99), rejected, "source", InputError),
    ]


@pytest.mark.parametrize(("name", "data", "index", "field", "error"), _defects(), ids=[d[0] for d in _defects()])
def test_each_defect_is_refused_naming_the_event_and_field(
    name: str, data: dict[str, Any], index: int, field: str, error: type[DealflowError]
) -> None:
    """A copy of the case with one defect is refused with an error naming the file, the event's index and the field."""
    with pytest.raises(error) as info:
        _load(data)
    err = info.value
    assert (err.file, err.index, err.field) == ("copy.json", index, field)
    assert f"copy.json event #{index}" in str(err)
    assert f"field {field!r}" in str(err)
    assert err.fix


def test_yaml_defects_name_the_event_too() -> None:
    """Defects in the YAML text itself (a bad date the parser would choke on) still name the event."""
    index = _index("suit_filed", "2020-10-30")  # the first event of that date
    with pytest.raises(InputError) as info:
        load_case_text(TEXT.replace("date: 2020-10-30", "date: 2020-13-30"), file="t.yaml")
    assert (info.value.index, info.value.field) == (index, "date")


def test_yaml_never_runs_code() -> None:
    """A python tag in a case file is refused: the loader is YAML's safe one."""
    text = "name: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(InputError, match="not valid YAML"):
        load_case_text(text, file="evil.yaml")


def test_broken_yaml_names_the_line() -> None:
    """A syntax error names the file and the line."""
    with pytest.raises(InputError, match=r"bad\.yaml:2: not valid YAML: ") as info:
        load_case_text("name: x\n  - y: [\n", file="bad.yaml")
    assert info.value.line == 2


@pytest.mark.parametrize("key", ["name", "target", "seller", "parties", "events"])
def test_missing_header_field_is_refused(key: str) -> None:
    """A header without one of its required fields is refused, naming the field."""
    data = copy.deepcopy(DATA)
    del data[key]
    with pytest.raises(InputError) as info:
        _load(data)
    assert info.value.field == key and info.value.index is None


def test_unknown_header_field_and_bad_party_are_refused() -> None:
    """An unknown header key, and a party with an unknown role, are refused naming the field."""
    data = copy.deepcopy(DATA)
    data["regulator"] = ["Washington"]
    with pytest.raises(InputError, match="unknown header field 'regulator'"):
        _load(data)
    data = copy.deepcopy(DATA)
    data["parties"][1]["role"] = "suitor"
    with pytest.raises(InputError) as info:
        _load(data)
    assert info.value.field == "parties[1].role"


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """A path that does not exist is refused with an InputError naming it."""
    with pytest.raises(InputError, match="cannot read"):
        load_case(tmp_path / "nope.yaml")


def test_load_case_reads_json_files(tmp_path: Path) -> None:
    """A .json case file loads like the YAML one."""
    path = tmp_path / "tiktok.json"
    path.write_text(_as_json(DATA), encoding="utf-8")
    case = load_case(path)
    assert case.file == str(path)
    assert case.replay() == DEAL


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.text(max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_fuzzed_events_raise_only_dealflow_errors(data: st.DataObject) -> None:
    """Dropping or garbling any field of any event either loads or raises a DealflowError at that event or later."""
    events = DATA["events"]
    index = data.draw(st.integers(0, len(events) - 1), label="index")
    key = data.draw(st.sampled_from(sorted(events[index])), label="key")
    value = data.draw(st.one_of(st.just(_DROP), _JUNK), label="value")
    try:
        _load(_with(index, **{key: value}))
    except DealflowError as err:
        assert err.file == "copy.json"
        assert err.index is not None and err.index >= index


def test_load_without_check_leaves_the_replay_to_the_caller() -> None:
    """check=False reads and builds the case without replaying it; the caller's replay refuses the defect."""
    text = TEXT.replace("events:\n", "events:\n  - {type: deal_closed, date: 2019-11-01, actor: ByteDance}\n", 1)
    with pytest.raises(DealflowError):
        load_case_text(text, file="case.yaml")
    case = load_case_text(text, file="case.yaml", check=False)
    with pytest.raises(DealflowError) as info:
        case.replay()
    assert info.value.file == "case.yaml"


def test_replay_calls_before_with_the_deal_as_each_event_finds_it() -> None:
    """before(deal, position, event) sees every event in order, before it is applied."""
    seen: list[tuple[int, int]] = []
    CASE.replay_until(None, before=lambda deal, position, event: seen.append((position, len(deal.journal))))
    assert seen == [(i, i) for i in range(len(CASE.events))]


def test_the_shared_fields_are_the_event_fields_written_as_mappings() -> None:
    """SHARED_FIELDS names every event field whose value a case file writes as a mapping (terms, rules, money, sources)."""
    import attrs

    from dealflow._case import SHARED_FIELDS
    from dealflow._events import EVENT_TYPES

    mapped = {
        f.name
        for cls in EVENT_TYPES.values()
        for f in attrs.fields(cls)
        if any(name in str(f.type) for name in ("Terms", "Rule", "Money", "Source", "Mapping", "dict["))
    }
    assert set(SHARED_FIELDS) == mapped


def _rounds_case(rounds: int) -> str:
    """A case whose rounds repeat, written alike, all but their bids: as a big generated case does."""
    sale = "{structure: sale, entity: T, cap_table: {B: '1'}, price: {amount: '100', currency: USD}}"
    head = (
        "name: Rounds\ntarget: T\nseller: S\nregulators: [W, D]\nparties:\n"
        "  - {name: S, role: seller, jurisdiction: US}\n  - {name: B, role: bidder, jurisdiction: US}\n"
        "  - {name: W, role: regulator, jurisdiction: US}\n  - {name: D, role: regulator, jurisdiction: CN}\n"
        "sources:\n  1: https://example.org/1\nevents:\n"
        f"  - type: terms_proposed\n    date: 2020-01-01\n    actor: S\n    terms: {sale}\n"
    )
    body = ""
    for k in range(rounds):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=k // 4)
        body += (
            f"  - type: bid_submitted\n    date: {day}\n    actor: B\n    bid: b{k}\n    bidders: [B]\n    terms: {sale}\n"
            f"  - type: review_opened\n    date: {day}\n    actor: W\n    regulator: W\n    days: 45\n    source: 1\n"
            f"  - type: approved\n    date: {day}\n    actor: W\n    regulator: W\n    source: 1\n"
            f"  - type: blocked\n    date: {day}\n    actor: D\n    regulator: D\n    reason: export licence\n"
            f"  - type: terms_proposed\n    date: {day}\n    actor: S\n    terms: {{structure: joint_venture, entity: J}}\n"
            f"  - type: terms_proposed\n    date: {day}\n    actor: S\n    terms: {sale}\n"
            f"  - type: bid_withdrawn\n    date: {day}\n    actor: B\n    bid: b{k}\n"
        )
    return head + body


def test_events_written_alike_in_a_big_file_are_one_event_at_each_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """A big file's events written alike are built once and shared: the case equals, and replays as, the checked read."""
    from dealflow import _fastyaml
    from dealflow._report import format_status, format_timeline

    text = _rounds_case(24)
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 2000)  # chunks of a few rounds each
    fast = load_case_text(text, file="r.yaml")
    checked = load_case_text(text + "# read by the checking loader:\t\n", file="r.yaml")
    assert fast.lines == () and checked.lines != ()  # the fast path, and the checking loader
    assert fast.events == checked.events
    review = [e for e in fast.events if isinstance(e, df.ReviewOpened)]
    assert review[0] is review[1] and review[0] is not review[4]  # the same day's, then the next day's
    assert len({id(e) for e in checked.events}) == len(checked.events)  # the checking loader shares none
    fast_deal, checked_deal = fast.replay(), checked.replay()
    assert fast_deal.history == checked_deal.history
    assert format_timeline(fast_deal, width=90) == format_timeline(checked_deal, width=90)
    day = fast_deal.clock
    assert day is not None and format_status(fast_deal, day) == format_status(checked_deal, day)
    assert fast.replay_until(dt.date(2020, 1, 3)).history == checked.replay_until(dt.date(2020, 1, 3)).history
