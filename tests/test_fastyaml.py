"""Tests of dealflow._fastyaml: the fast YAML path reads what the checking loader reads, or leaves the file to it."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import InputError
from dealflow._case import SHARED_FIELDS, load_case_text


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ---------------------------------------------------------------------- the fast parser (issue 14)

FAST_CASE = """name: A plain case
target: T
seller: S
parties:
  - {name: S, role: seller, jurisdiction: US}
  - {name: B, role: bidder, jurisdiction: US}
sources:
  1: https://example.org/1
events:
  - type: statement
    date: 2020-01-01
    actor: B
    text: "yes: quoted, 0.199 and 1.5 stay text"
    source: 1
  - type: statement
    date: 2020-01-02
    actor: S
    text: no comment
"""

# characters on which YAML 1.1 and 1.2 (and the two parsers) differ, to build texts from
_YAML_BITS = [
    *"ab10 :-?,[]{}#@`|>'\"!&*%\\.~_eExXoO+\t\n",
    ": ",
    "- ",
    "\n  ",
    "\n- ",
    "x: ",
    "\n  k: ",
    "yes",
    "0.5",
    "1e3",
    "017",
    "<<",
    "12:30",
    "\u2028",
]


def _typed(data: object) -> object:
    """``data`` with each scalar's type beside it (1 and True, 1 and 1.0 told apart)."""
    if isinstance(data, dict):
        return [(_typed(k), _typed(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [_typed(x) for x in data]
    if isinstance(data, float) and math.isnan(data):
        return ("nan", float)
    return (data, type(data))


def _same_as_the_checking_loader(text: str) -> bool:
    """Whether the fast read, when there is one, is what the checking loader reads."""
    from dealflow._fastyaml import parse_yaml_fast
    from dealflow._input import parse_yaml

    fast = parse_yaml_fast(text, "f.yaml")
    if fast is None:
        return True
    try:
        slow = parse_yaml(text, "f.yaml")
    except InputError:
        return False  # the fast parser accepted what the checking loader refuses
    return _typed(slow) == _typed(fast)


def test_the_fast_parser_reads_plain_case_files_as_the_checking_loader_does() -> None:
    """A plain case file (no tags, anchors, block scalars) is read by the fast parser, to the same data."""
    from dealflow._fastyaml import parse_yaml_fast
    from dealflow._input import parse_yaml

    fast = parse_yaml_fast(FAST_CASE, "f.yaml")
    assert fast is not None and _typed(fast) == _typed(parse_yaml(FAST_CASE, "f.yaml"))
    assert fast["events"][0]["text"] == "yes: quoted, 0.199 and 1.5 stay text"


@pytest.mark.parametrize(
    "value",
    [
        *("yes", "No", "on", "OFF", "017", "08", "0o17", "0X1F", "_1", "__9", "1_000", "+.5", ".5", "1e3", "1.5e3"),
        *("1E+3", "12:30", "190:20:30", "<<", "=", "~", "null", "True", "0x1F", "-0x1F", "0b101", "+.nan", ".inf"),
        *("0.199", "20000000000", "2020-09-01", "1/2", "20%", "[a:, b]", "{? a}", "|", ">-\n  x", "!!str 1"),
        *("&a x", "@x", "`x", "a\tb", "\ufeffx", "x\x85y", "x\u2028y", "'yes'", '"017"', '"1e3"', "'12:30'"),
    ],
)
def test_the_fast_parser_leaves_to_the_checking_loader_what_yaml_1_1_reads_otherwise(value: str) -> None:
    """Numbers, booleans and syntax that YAML 1.1 reads otherwise are read alike or left to the checking loader."""
    assert _same_as_the_checking_loader(f"k: {value}\n")
    assert _same_as_the_checking_loader(f"{value}: k\n")
    assert _same_as_the_checking_loader(f"k: [{value}, x]\n")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_YAML_BITS), min_size=1, max_size=14))
def test_whatever_the_fast_parser_reads_the_checking_loader_reads_alike(bits: list[str]) -> None:
    """On any text (of YAML's indicators, numbers and booleans), the fast read is the checking loader's or none."""
    assert _same_as_the_checking_loader("k: " + "".join(bits) + "\n")
    assert _same_as_the_checking_loader("".join(bits))


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
        max_leaves=12,
    ),
    st.sampled_from([False, True, None]),
)
def test_data_written_by_yaml_and_json_dumpers_is_read_alike(data: object, flow: bool | None) -> None:
    """Data dumped by PyYAML (block or flow style) or as JSON is read alike by both parsers (or left to one)."""
    import json

    import yaml

    assert _same_as_the_checking_loader(yaml.safe_dump({"k": data}, default_flow_style=flow, allow_unicode=True))
    assert _same_as_the_checking_loader(json.dumps({"k": data}))


def test_a_case_read_fast_still_names_lines() -> None:
    """Read by the fast parser, a case still names the line of a duplicate key, a bad field and a refused event."""
    with pytest.raises(InputError, match="given twice") as dup:
        load_case_text(FAST_CASE.replace("    actor: S\n", "    actor: S\n    actor: S\n"), file="c.yaml")
    assert dup.value.line == _line_of(FAST_CASE, "    actor: S\n") + 1
    bad = FAST_CASE.replace("    date: 2020-01-02", "    date: 2020-02-31")
    with pytest.raises(InputError) as info:
        load_case_text(bad, file="c.yaml")
    assert (info.value.line, info.value.field) == (_line_of(bad, "2020-02-31"), "date")
    refused = FAST_CASE.replace("    actor: S\n", "    actor: Nobody\n")
    for check in (True, False):
        with pytest.raises(df.UnknownParty) as info2:
            case = load_case_text(refused, file="c.yaml", check=check)
            case.replay()
        assert info2.value.line == _line_of(refused, "  - type: statement\n    date: 2020-01-02")


# ---------------------------------------------------------------------- a big file's events in chunks


def _events_text(n: int, indent: str = "  ") -> str:
    """``n`` statements, each a few lines, listed at ``indent``."""
    return "".join(
        f"{indent}- type: statement\n{indent}  date: {date(2020, 1, 1) + timedelta(k)}\n{indent}  actor: B\n"
        f"{indent}  text: said {k}\n"
        for k in range(n)
    )


def _header(events: str) -> str:
    return FAST_CASE.split("events:\n", maxsplit=1)[0] + "events:\n" + events


def _chunked(text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    """What the fast path reads of ``text`` when its events come in chunks of about 64 characters."""
    from dealflow import _fastyaml

    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 64)
    return _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)


def test_a_big_files_events_read_in_chunks_are_the_events_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events read chunk by chunk on the background thread are the events of the whole file, in order."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    for indent in ("  ", "", "    "):
        text = _header(_events_text(40, indent)) + "summary: S sells to B\n"
        monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 64)
        split = _fastyaml._split(text)
        assert split is not None and len(split[1]) > 10  # really read in chunks
        assert sum(count for _, count in split[1]) == 40
        assert "events: []\nsummary: S sells to B\n" in split[0]
        fast = _chunked(text, monkeypatch)
        assert fast is not None and _typed(fast) == _typed(parse_yaml(text, "f.yaml"))
        assert [e["text"] for e in fast["events"]] == [f"said {k}" for k in range(40)]  # type: ignore[index]


_LIST_LINES = [
    "  - type: statement\n",
    "  -\n",
    "    actor: B\n",
    "    text: a\n",
    "  # a comment\n",
    "# a comment at the margin\n",
    "\n",
    "   \n",
    "    bidders:\n",
    "    - A\n",
    "  - A\n",
    "  - [a, b]\n",
    "    note: 'it\n",
    '    note: "x\n',
    "  - done'\n",
    "    more\n",
    " - odd\n",
    "events:\n",
    "summary: x\n",
    "  x: y\n",
    "- type: statement\n",
    "  - note: events:\n",
    "    terms: {structure: sale, entity: T}\n",  # one-line mappings of a field: read once (see _Shared)
    "    terms: {structure: sale, entity: T}   \n",
    "    terms: {a: 1, a: 2}\n",  # refused alone: left in place
    "    rule: {x: '1', y: [1, 2]}\n",
    "    terms: {a: b} # a comment\n",
    "      terms: {deep: 1}\n",
    "  - terms: {a: b}\n",
    "    note: 'swallow\n",  # a text over several lines that takes the next mapping line in
]


_GOOD_LINES = [
    "  - type: statement\n",
    "    actor: B\n",
    "    text: a\n",
    "  # a comment\n",
    "\n",
    "  - A\n",
    "    - A\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LIST_LINES + 6 * _GOOD_LINES), min_size=1, max_size=30))
def test_events_read_in_chunks_are_read_as_a_whole_file_is(lines: list[str]) -> None:
    """Whatever lines the events list holds, reading it in chunks gives what reading it whole gives, or none."""
    _assert_chunks_read_as_whole("name: x\nevents:\n  - type: statement\n" + "".join(lines) + "opened: 2020-01-01\n", 8)


def _assert_chunks_read_as_whole(text: str, chunk_chars: int) -> None:
    """Reading ``text`` in chunks of about ``chunk_chars`` gives what reading it whole gives, or
    none; and the fast read, if any, is the checking loader's."""
    from dealflow import _fastyaml

    whole = _fastyaml.parse_yaml_fast(text, "f.yaml")
    old = _fastyaml.CHUNK_CHARS
    _fastyaml.CHUNK_CHARS = chunk_chars  # (hypothesis does not mix with function fixtures)
    try:
        chunked = _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
    finally:
        _fastyaml.CHUNK_CHARS = old
    assert chunked is None or (whole is not None and _typed(chunked) == _typed(whole))
    assert _same_as_the_checking_loader(text)


def test_a_later_chunk_that_yaml_1_1_reads_otherwise_leaves_the_file_to_the_checking_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value YAML 1.1 reads otherwise in the last chunk sends the whole file to the checking loader."""
    text = _header(_events_text(30) + "  - type: statement\n    date: 2020-02-01\n    actor: B\n    text: 0o17\n")
    assert _chunked(text, monkeypatch) is None
    text = _header(_events_text(30) + "  - type: statement\n    date: 2020-02-01\n    actor: B\n    text: {a: 1\n")
    assert _chunked(text, monkeypatch) is None  # a chunk the fast parser refuses


def test_a_case_read_in_chunks_names_the_line_of_a_bad_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad event in a later chunk is named with its line, and a good big case loads in chunks."""
    from dealflow import _fastyaml

    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 64)
    good = _header(_events_text(30))
    case = load_case_text(good, file="c.yaml")
    assert len(case.events) == 31 and case.events[-1].describe().endswith("said 29")
    bad = good.replace("    text: said 27\n", "    text: said 27\n    colour: red\n")
    with pytest.raises(InputError, match="unknown field 'colour'") as info:
        load_case_text(bad, file="c.yaml")
    assert (info.value.line, info.value.field, info.value.index) == (_line_of(bad, "colour"), "colour", 27)


def test_chunks_not_taken_stop_the_background_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing the chunks early cancels the reading not yet started, and the reading thread ends."""
    import threading

    from dealflow import _fastyaml

    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 64)
    read = _fastyaml.read_yaml_fast(_header(_events_text(200)), "f.yaml")
    assert read is not None and read[0]["events"] == [] and read[1] is not None
    first = next(read[1])
    assert first[0]["text"] == "said 0"
    read[1].close()
    for thread in threading.enumerate():
        if thread.name.startswith("dealflow-yaml"):
            thread.join(10)
            assert not thread.is_alive()


def test_chunks_closed_before_any_is_taken_cancel_the_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller that stops before taking a chunk (a bad header, say) cancels the reading not yet started."""
    import threading

    from dealflow import _fastyaml

    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 64)
    # the reading thread waits inside the first chunk until the chunks are closed, so that the
    # test does not depend on how fast that thread is (it once read a third of them first)
    started, release = threading.Event(), threading.Event()
    loads = _fastyaml._loads

    def held(text: str) -> Any:
        if threading.current_thread().name.startswith("dealflow-yaml"):  # not the header's read
            started.set()
            release.wait(10)
        return loads(text)

    monkeypatch.setattr(_fastyaml, "_loads", held)
    read = _fastyaml.read_yaml_fast(_header(_events_text(500)), "f.yaml")
    assert read is not None and read[1] is not None
    chunks = read[1]
    assert started.wait(10)
    chunks.close()
    release.set()
    assert [f.cancelled() for f in chunks.futures] == [False] + [True] * (len(chunks.futures) - 1)
    assert len(chunks.futures) > 1
    for thread in threading.enumerate():
        if thread.name.startswith("dealflow-yaml"):
            thread.join(10)
            assert not thread.is_alive()


_AVOIDED_ONE_BY_ONE = re.compile(  # the avoided text as first written, one prefix per rule: the reference
    r"(?:^|[\s\[{,])[!&]"
    r"|^(?:%|---|\.\.\.)"
    r"|(?:^|[\s\[{,:])[-+]?(?:0[0-9a-zA-Z_]|[._][0-9a-zA-Z])"
    r"|[0-9.][eE][-+]?[0-9]"
    r"|:[,\]}]"
    r"|(?:^|[\s\[{,:])[|>][-+0-9]* *(?:#.*)?$"
    r"|\t"
    r"|\\u[dD][89a-fA-F]"
    r"|[\[{,]\s*[?:|>@`%]|(?:^|[\s\[{,:])(?:[@`]|\?(?:[\s,\]}]|$))"
    r"|(?:^|[\s\[{,:])[-+]?[0-9._]*_"
    r"|[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010ffff]",
    re.MULTILINE,
)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \n\t:,[]{}!&-+0._xXe5|>#@`?%\\ud8\x85"), max_size=12))
def test_the_avoided_text_is_found_wherever_each_rule_alone_finds_it(text: str) -> None:
    """The one-prefix search finds avoided text wherever the rules written one by one do, and differs only on a colon's tag or anchor."""
    from dealflow._fastyaml import _FAST_AVOIDED

    found, reference = _FAST_AVOIDED.search(text) is not None, _AVOIDED_ONE_BY_ONE.search(text) is not None
    assert found or not reference
    if found and not reference:
        assert re.search(r":[!&]", text)


@pytest.mark.parametrize(
    "text",
    [
        "k: -100000000000000000000000000000\n",  # 30 digits and a sign: 31 characters, over the limit
        '{"k": {"": -130818961868453531882929258496}}',
        "k: 1000000000000000000000000000000\n",  # 31 digits
        "k: +100000000000000000000000000000\n",  # 30 digits and a plus sign
        "k: 100000000000000000000000000000\n",  # 30 digits: at the limit, read
        "k: -10000000000000000000000000000\n",  # 29 digits and a sign: read
        "{100000000000000000000000000000: a}\n",  # a key at the limit
        "{-100000000000000000000000000000: a}\n",  # a key over it
    ],
)
def test_whole_numbers_near_the_digit_limit_are_read_as_the_checking_loader_reads_them(text: str) -> None:
    """A whole number at or over the limit (its sign counted, as the checking loader counts it) is refused or read alike."""
    assert _same_as_the_checking_loader(text)


# ---------------------------------------------------------------------- one-line mappings read once


def _terms_events(n: int) -> str:
    """``n`` proposals of terms that alternate between two one-line mappings."""
    kinds = ("{structure: sale, entity: T, cap_table: {B: '1'}}", "{structure: joint_venture, entity: J}")
    return "".join(
        f"  - type: terms_proposed\n    date: {date(2020, 1, 1) + timedelta(k)}\n    actor: S\n"
        f"    note: said {k}\n    terms: {kinds[k % 2]}\n"
        for k in range(n)
    )


def test_repeated_one_line_mappings_are_read_once_as_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field's one-line mapping repeated across events is read once, shared, and equal to the whole read."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    text = _header(_terms_events(40))
    fast = _chunked(text, monkeypatch)
    assert fast is not None and _typed(fast) == _typed(parse_yaml(text, "f.yaml"))
    events = fast["events"]  # type: ignore[index]
    assert events[0]["terms"] is events[2]["terms"] is events[38]["terms"]
    assert events[1]["terms"] is events[39]["terms"] and events[0]["terms"] is not events[1]["terms"]
    read = _fastyaml.read_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
    assert read is not None and read[1] is not None
    chunks = read[1]
    assert [e["note"] for chunk in chunks for e in chunk] == [f"said {k}" for k in range(40)]
    assert chunks.shared is not None and chunks.shared.keys == {"terms"} and len(chunks.shared.values) == 2
    # the shared mappings are walked once, and counted each time they recur: the count of the unshared read
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 1 << 30)
    whole = _fastyaml.parse_yaml_fast(text, "f.yaml")  # read whole: nothing shared
    assert whole is not None and not any(e["terms"] is whole["events"][0]["terms"] for e in whole["events"][1:])
    unshared = _fastyaml._Agreement()
    unshared.add(whole["events"], 2, part=True)
    header = _fastyaml._Agreement()
    header.add(read[0], 1)  # the header, its events list empty
    assert chunks.agreement.count == header.count + unshared.count


def test_shared_mappings_count_toward_the_node_limit_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The node limit counts a shared mapping at each of its events: over it, the checking loader reads the file."""
    from dealflow import _fastyaml, _input

    text = _header(_terms_events(40))
    whole = _fastyaml.parse_yaml_fast(text, "f.yaml")  # small, read whole: nothing shared
    assert whole is not None
    unshared = _fastyaml._Agreement()
    unshared.add(whole["events"], 2, part=True)
    once = unshared.count - 38 * 6  # what a count that walked each of the two mappings only once would find
    monkeypatch.setitem(_input.LIMITS, "nodes", (once + unshared.count) // 2)
    assert _chunked(text, monkeypatch) is None
    with pytest.raises(df.LimitError):
        load_case_text(text, file="f.yaml")


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_mapping_line_inside_a_text_over_several_lines_stays_text(
    quote: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line like a field's mapping inside a quoted text over several lines: the checking loader reads it, as text."""
    from dealflow._input import parse_yaml

    swallowed = f"    text: {quote}starts\n    terms: {{a: b}}\n    ends{quote}\n"
    text = _header(_terms_events(20) + "  - type: statement\n    date: 2020-03-01\n    actor: B\n" + swallowed)
    assert _chunked(text, monkeypatch) is None  # yaml-rs refuses the text's line at the fields' indent
    case = load_case_text(text, file="f.yaml")
    assert case.events[-1].describe().endswith("starts terms: {a: b} ends")
    assert parse_yaml(text, "f.yaml")["events"][-1]["text"] == "starts terms: {a: b} ends"  # type: ignore[index]


def test_a_mapping_refused_alone_is_refused_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-line mapping with a repeated key stays in the chunk, which the fast parser refuses, as the whole file."""
    text = _header(
        _terms_events(20) + "  - type: statement\n    date: 2020-03-01\n    actor: B\n    terms: {a: 1, a: 2}\n"
    )
    assert _chunked(text, monkeypatch) is None
    with pytest.raises(InputError, match="given twice") as info:
        load_case_text(text, file="f.yaml")
    assert info.value.line == _line_of(text, "{a: 1, a: 2}")


def test_a_text_holding_the_markers_nonce_leaves_the_file_to_the_checking_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file whose text holds a marker (with a nonce known in advance) is read by the checking loader, as is."""
    import os

    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    monkeypatch.setattr(os, "urandom", bytes)  # bytes(8): the nonce: "\\x01" and sixteen zeros
    marker = '"\\x01' + "0" * 16 + '0"'  # the first mapping's marker, as the reading thread writes it
    for field in ("terms", "note"):
        odd = f"  - type: statement\n    date: 2020-03-01\n    actor: B\n    {field}: {marker}\n"
        text = _header(_terms_events(20) + odd)
        assert _chunked(text, monkeypatch) is None, field
        assert parse_yaml(text, "f.yaml")["events"][-1][field] == "\x01" + "0" * 17  # type: ignore[index]
    assert _fastyaml._Shared("  ", SHARED_FIELDS).nonce == "\x01" + "0" * 16


def test_a_case_whose_events_share_mappings_loads_as_the_checking_loader_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Events built from shared mappings (terms, rules), read in chunks, equal those the checking loader's reading gives."""
    from dealflow import _fastyaml

    rule = "{rule: export_licence_required, licensor: B, listed: [recommendation_algorithm]}"
    events = "".join(
        f"  - type: rule_enacted\n    date: {date(2020, 1, 1) + timedelta(k)}\n    actor: B\n    regulator: B\n"
        f"    name: rule {k}\n    rule: {rule}\n"
        for k in range(15)
    )
    header = FAST_CASE.split("events:\n", maxsplit=1)[0].replace(
        "  - {name: B, role: bidder, jurisdiction: US}\n",
        "  - {name: B, role: regulator, jurisdiction: US}\n  - {name: C, role: bidder, jurisdiction: US}\n",
    )
    text = (
        header
        + "events:\n"
        + events
        + _terms_events(28).replace("date: 2020-01-", "date: 2020-02-").replace("{B: '1'}", "{C: '1'}")
    )
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 64)
    fast = load_case_text(text, file="f.yaml")
    assert fast.lines == ()  # read by the fast path, in chunks
    checked = load_case_text(text + "# read by the checking loader:\t\n", file="f.yaml")
    assert checked.lines != ()
    assert fast.events == checked.events
    assert fast.events[1].rule == fast.events[15].rule and fast.events[16].terms is fast.events[18].terms


def test_only_the_most_frequent_lines_of_a_chunk_are_marked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MARKED_LINES distinct lines in a chunk, the rarer ones are read in place: the same data, not shared."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    text = _header(_terms_events(40))
    checked = _typed(parse_yaml(text, "f.yaml"))

    def equal_but_apart(limit: int) -> bool:
        monkeypatch.setattr(_fastyaml, "MARKED_LINES", limit)
        monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 2000)  # chunks of a dozen events, both mappings in each
        fast = _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
        assert fast is not None and _typed(fast) == checked
        terms = [e["terms"] for e in fast["events"]]
        return any(a == b and a is not b for a in terms for b in terms)

    assert not equal_but_apart(16)  # every line marked: one object for each mapping
    assert equal_but_apart(1)  # one line a chunk: the other mapping read in place, a new object each time


def _repeated_events(n: int) -> str:
    """``n`` events in which each of three distinct statements recurs, written alike."""
    kinds = [
        "  - type: statement\n    date: 2020-01-01\n    actor: B\n    text: one\n",
        "  - type: statement\n    date: 2020-01-01\n    actor: S\n    text: two\n    source: 1\n",
        "  - type: terms_proposed\n    date: 2020-01-02\n    actor: S\n    terms: {structure: sale, entity: T}\n",
    ]
    return "".join(kinds[k % 3] for k in range(n))


def test_events_written_alike_are_read_once_as_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    """An event written alike at several places of a chunk is read once and shared, equal to the whole read."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    text = _header(_repeated_events(30))
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 400)  # a few chunks of several events each
    read = _fastyaml.read_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
    assert read is not None and read[1] is not None and len(read[1].futures) > 1
    items, distinct, times, written = read[1].futures[0].result()
    assert len(distinct) == 3 and len(items) > 3 and written == 1  # the terms line is marked in the distinct text
    assert sum(times) == len(items) and times[0] == items.count(distinct[0])
    assert items[0] is items[3] and items[1] is items[4] and items[0] is not items[1]
    read[1].close()
    fast = _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
    assert fast is not None and _typed(fast) == _typed(parse_yaml(text, "f.yaml"))
    events = fast["events"]
    assert events[2] is events[5] and events[2]["terms"] == {"structure": "sale", "entity": "T"}
    # each shared event walked once, counted at each place: the count of the unshared read
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 1 << 30)
    whole = _fastyaml.parse_yaml_fast(text, "f.yaml")
    assert whole is not None and whole["events"][0] is not whole["events"][3]
    unshared = _fastyaml._Agreement()
    unshared.add(whole["events"], 2, part=True)
    header = _fastyaml._Agreement()
    header.add({k: v for k, v in whole.items() if k != "events"} | {"events": []}, 1)
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 400)
    read = _fastyaml.read_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
    assert read is not None and read[1] is not None
    assert sum(len(chunk) for chunk in read[1]) == 30
    assert read[1].agreement.count == header.count + unshared.count
    assert read[1].agreement.walked.keys() <= {id(m) for m in read[1].shared.values.values()}  # none kept by id


def test_shared_events_count_toward_the_node_limit_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The node limit counts a shared event at each of its places: over it, the checking loader reads the file."""
    from dealflow import _fastyaml, _input

    text = _header(_repeated_events(30))
    whole = _fastyaml.parse_yaml_fast(text, "f.yaml")
    assert whole is not None
    unshared = _fastyaml._Agreement()
    unshared.add(whole["events"], 2, part=True)
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 1000)
    monkeypatch.setitem(_input.LIMITS, "nodes", unshared.count - 1)  # the events alone are one over
    assert _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS) is None
    monkeypatch.setitem(_input.LIMITS, "nodes", unshared.count + 40)
    assert _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS) is not None
    monkeypatch.setitem(_input.LIMITS, "nodes", unshared.count - 1)
    with pytest.raises(df.LimitError):
        load_case_text(text, file="f.yaml")


@pytest.mark.parametrize(
    "odd",
    [
        "  - type: statement\n    text: 'starts\n  - ends'\n",  # a quoted text that takes an item line in
        '  - type: statement\n    text: "starts\n  - ends"\n',
        "  - type: statement\n    text: [a,\n  - b]\n",  # a flow collection over an item line
        "  - type: statement\n    text: {a: b,\n  - c: d}\n",
        "  - type: statement\n    text: plain\n  - more\n- type: statement\n",  # an item at the margin
        "  -\n    type: statement\n",  # a bare item line
    ],
)
def test_an_item_line_inside_an_event_is_not_a_place_to_share(odd: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item lines inside another event's text or collection: the fast read, if any, is the checking loader's."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    text = _header(_repeated_events(9) + odd + _repeated_events(9) + odd + _repeated_events(6))
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 1 << 12)  # one chunk, with every repeat in it
    fast = _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS)
    if fast is None:
        return
    try:
        slow = parse_yaml(text, "f.yaml")
    except InputError:
        pytest.fail("the fast path read what the checking loader refuses")
    assert _typed(fast) == _typed(slow)


_GOOD_ITEMS = [
    "  - type: statement\n    actor: B\n    text: a\n",
    "  - type: statement\n    actor: B\n    text: a\n  # a comment\n",
    "  - type: statement\n    actor: B\n    text: a\n\n",
    "  - type: statement\n    terms: {structure: sale, entity: T}\n",
    "  - type: statement\n    terms: {structure: sale, entity: T}\n    note: b\n",
    "  - A\n",
    "  - [a, b]\n",
]
_ODD_ITEMS = [
    "  -\n    type: x\n",
    "  - note: 'it\n  - goes on'\n",
    "  - note: [x,\n  - y]\n",
    "  - type: statement\n    bidders:\n    - A\n  - A\n",
    "  - type: statement\n    note: a\n- type: statement\n",
    "  - note: a\n     b\n",
    "  - {type: statement}\n",
    "  - type: statement\n    text: a\n    text: b\n",  # a key given twice: both loaders refuse it
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_ODD_ITEMS + 12 * _GOOD_ITEMS), min_size=1, max_size=40), st.sampled_from([16, 120, 600])
)
def test_events_shared_in_chunks_are_read_as_a_whole_file_is(items: list[str], chunk: int) -> None:
    """Whatever events recur in a chunk, reading them once each gives what reading the file whole gives, or none."""
    _assert_chunks_read_as_whole("name: x\nevents:\n" + "".join(items) + "opened: 2020-01-01\n", chunk)


def test_distinct_events_read_as_another_number_of_items_refuse_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the distinct events read as more or fewer items than were cut, the chunk is refused, not misplaced."""
    from dealflow import _fastyaml

    text = _repeated_events(12)
    reader = _fastyaml._Items("  ", None)
    items, distinct, times, written = reader.read(text)
    assert len(items) == 12 and len(distinct) == 3 and times == [4, 4, 4] and written == 0
    loads = _fastyaml._loads
    for changed in (lambda read: read[:-1], lambda read: [*read, {}]):
        monkeypatch.setattr(_fastyaml, "_loads", lambda t, c=changed: c(loads(t)))
        assert reader.read(text) == (_fastyaml._REFUSED, None, [], 0)
    monkeypatch.setattr(_fastyaml, "_loads", loads)
    assert reader.read(text.replace("text: one", "text: once", 1))[1] is not None  # two of the four still shared
    assert reader.read(_events_text(5))[1] is None  # nothing written twice: read as it is


@pytest.mark.parametrize("where", ["header", "repeated", "once"])
@pytest.mark.parametrize("odd", ["1e3", "0o17", "017", "'a'\t", "&a x"])
def test_text_the_two_yaml_versions_read_otherwise_is_refused_in_any_part_of_a_big_file(
    where: str, odd: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header's lines, and a chunk's, repeated events or not, are checked: what 1.2 reads otherwise is refused."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    line = f"    text: {odd}\n"
    events = _repeated_events(12)
    if where == "repeated":
        events = events.replace("    text: one\n", line)  # in each of four events written alike
    elif where == "once":
        events += "  - type: statement\n    date: 2020-01-03\n    actor: B\n" + line
    text = _header(events) + (f"summary: {odd}\n" if where == "header" else "")
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 400)
    assert _fastyaml._split(text) is not None
    assert _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS) is None
    plain = text.replace(odd, "plain")
    assert _fastyaml.parse_yaml_fast(plain, "f.yaml", shared=SHARED_FIELDS) == parse_yaml(plain, "f.yaml")


@pytest.mark.parametrize("lead", ["events:\n  # a bell \x07\n", "events:  # a bell \x07\n", "events:\n\n  # \x07\n"])
def test_the_lines_between_events_and_its_first_item_are_checked_too(
    lead: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A character the checking loader refuses in the comments before a big file's first event: no fast read."""
    from dealflow import _fastyaml
    from dealflow._input import parse_yaml

    text = _header(_repeated_events(12)).replace("events:\n", lead)
    monkeypatch.setattr(_fastyaml, "CHUNK_CHARS", 400)
    assert _fastyaml._split(text) is not None  # read in chunks: those lines are in none of them
    assert _fastyaml.parse_yaml_fast(text, "f.yaml", shared=SHARED_FIELDS) is None
    with pytest.raises(InputError):
        parse_yaml(text, "f.yaml")
    fine = text.replace("\x07", "ding")  # the same comments, readable: read fast, as the checking loader does
    assert _fastyaml.parse_yaml_fast(fine, "f.yaml", shared=SHARED_FIELDS) == parse_yaml(fine, "f.yaml")
