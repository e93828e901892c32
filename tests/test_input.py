"""Tests of dealflow._input: limits, strict parsers, duplicate keys, lines and short
messages (issue 15's findings 3, 5, 6, 7, 8, 9 and 10; issue 13's line numbers
and did-you-mean suggestions)."""

from __future__ import annotations

from pathlib import Path

import pytest

import dealflow as df
from dealflow import InputError, LimitError
from dealflow._case import load_case, load_case_text
from dealflow._input import LIMITS, abbrev, article, did_you_mean, one_of

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = ROOT / "examples" / "tiktok" / "tiktok.yaml"
TEXT = TIKTOK.read_text(encoding="utf-8")
FIRST_BID = "  - type: bid_submitted\n"


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ---------------------------------------------------------------------- finding 3: duplicate keys


def test_finding_3_a_duplicated_event_key_is_refused_naming_both_lines() -> None:
    """Finding 3: a duplicated `date:` in an event is refused, naming the line of each."""
    assert FIRST_BID in TEXT
    text = TEXT.replace(FIRST_BID, FIRST_BID + "    date: 2001-01-01\n", 1)
    first = _line_of(text, FIRST_BID) + 1
    with pytest.raises(InputError, match=rf"given twice \(first at line {first}\)") as info:
        load_case_text(text, file="c.yaml")
    assert info.value.field == "date" and info.value.line is not None and info.value.line > first


def test_finding_3_a_duplicated_header_key_is_refused() -> None:
    """Finding 3: a duplicated header key is refused rather than the last one winning."""
    with pytest.raises(InputError, match="'name' is given twice") as info:
        load_case_text("name: First\nname: Second\n" + TEXT, file="c.yaml")
    assert info.value.line == 2


def test_finding_3_duplicate_keys_in_json_are_refused() -> None:
    """Finding 3: JSON case files and event arrays refuse duplicate keys too."""
    with pytest.raises(InputError, match="'name' is given twice"):
        load_case_text('{"name": "a", "name": "b"}', file="c.json")
    with pytest.raises(InputError, match="'date' is given twice"):
        df.events_from_json('[{"type": "statement", "date": "2020-01-01", "date": "2020-01-02"}]')


def test_yaml_merge_keys_still_override() -> None:
    """A key written next to a YAML merge (<<) overrides the merged one: that is not a duplicate."""
    from dealflow._input import parse_yaml

    assert parse_yaml("base: &b {a: 1, c: 2}\nx:\n  <<: *b\n  a: 3\n", "m.yaml") == {
        "base": {"a": 1, "c": 2},
        "x": {"a": 3, "c": 2},
    }


# ---------------------------------------------------------------------- finding 5: terms fields


@pytest.mark.parametrize("custodian", [7, "", "  ", ["Oracle"], {"name": "Oracle"}])
def test_finding_5_a_bad_data_custodian_is_refused(custodian: object) -> None:
    """Finding 5: data_custodian must be a name; 7, '' or [Oracle] are refused in the API and in files."""
    with pytest.raises(InputError) as api:
        df.Terms.sale("Oracle", entity="X", data_custodian=custodian)  # type: ignore[arg-type]
    assert api.value.field == "data_custodian"
    event = {
        "type": "terms_proposed",
        "date": "2020-01-01",
        "actor": "A",
        "terms": {"structure": "sale", "entity": "X", "cap_table": {"O": 1}, "data_custodian": custodian},
    }
    with pytest.raises(InputError) as data:
        df.event_from_dict(event)
    assert data.value.field == "terms.data_custodian"


@pytest.mark.parametrize(
    ("field", "value"), [("jurisdiction", 5), ("jurisdiction", ""), ("price", "14e9"), ("board", [5, 4])]
)
def test_other_terms_fields_are_checked(field: str, value: object) -> None:
    """Terms refuse a jurisdiction that is not a name and a price or board that is not one."""
    with pytest.raises(InputError) as info:
        df.Terms.sale("Oracle", entity="X", **{field: value})
    assert info.value.field == field


# ---------------------------------------------------------------------- finding 6: tiny inputs that hang


@pytest.mark.parametrize("text", ["1e-999999999", "1e-5000000", "1e999999999", "0." + "1" * 60, "1" * 51])
def test_finding_6_numbers_past_the_limits_are_refused_at_once(text: str) -> None:
    """Finding 6: a stake or price of huge magnitude or precision is refused as a LimitError,
    before any arithmetic (these used to hang)."""
    with pytest.raises(LimitError) as stake:
        df.Stake("A", text)
    assert stake.value.field == "stake"
    with pytest.raises(LimitError) as price:
        df.Money(text)
    assert price.value.field == "price"


def test_finding_6_a_huge_stake_in_a_case_file_is_refused_with_its_line() -> None:
    """Finding 6: in a case file, the refusal names the event and the line of its terms."""
    assert "Oracle: 12.5%" in TEXT
    text = TEXT.replace("Oracle: 12.5%", "Oracle: 1e-999999999%", 1)
    with pytest.raises(LimitError) as info:
        load_case_text(text, file="c.yaml")
    assert info.value.line is not None and info.value.index is not None


# ---------------------------------------------------------------------- finding 7: exploding messages


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_finding_7_an_alias_bomb_is_refused_small_and_fast() -> None:
    """Finding 7: a 1 KB file of nested aliases is refused (too many values once expanded) with a short message."""
    text = _bomb(9)
    assert len(text) < 1200
    with pytest.raises(LimitError, match="aliases are expanded") as info:
        load_case_text(text, file="bomb.yaml")
    assert len(str(info.value)) < 300


def test_a_self_referring_alias_is_refused() -> None:
    """A YAML alias inside the list it names (a cycle) is refused, not recursed into."""
    with pytest.raises(LimitError, match="contains it"):
        load_case_text("name: &a [*a]\n", file="c.yaml")


def test_messages_cut_long_values() -> None:
    """A huge offending value appears in a message cut short."""
    with pytest.raises(InputError) as info:
        load_case_text(
            "name: x\n" + "target: [" + ", ".join(["1"] * 5000) + "]\n" + TEXT.split("\n", 1)[1], file="c.yaml"
        )
    assert len(str(info.value)) < 500
    assert abbrev("x" * 10_000).count("x") < 100
    assert one_of(range(100), limit=3) == "0, 1, 2 and 97 more"


def test_every_message_is_cut_at_the_message_limit() -> None:
    """Whatever builds it, a rule or fix longer than the limit is cut, saying how much."""
    err = InputError("r" * 10_000, fix="f" * 10_000)
    assert len(str(err)) < 4_200 and "more characters cut" in str(err)


# ---------------------------------------------------------------------- finding 8: other exceptions


def test_finding_8_a_json_integer_over_the_limit_is_refused() -> None:
    """Finding 8: a JSON integer of 5,000 digits is a LimitError, not Python's ValueError."""
    with pytest.raises(LimitError, match="5000 digits"):
        load_case_text('{"name": ' + "9" * 5000 + "}", file="c.json")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_finding_8_nesting_100000_deep_is_refused(suffix: str) -> None:
    """Finding 8: data nested 100,000 deep is refused as a DealflowError, not a RecursionError."""
    with pytest.raises(InputError):
        load_case_text("[" * 100_000 + "]" * 100_000, file="c" + suffix)
    with pytest.raises(LimitError, match="nested over"):
        load_case_text("[" * (LIMITS["depth"] + 1) + "]" * (LIMITS["depth"] + 1), file="c" + suffix)


def test_nan_and_infinity_in_json_are_refused() -> None:
    """JSON's NaN and Infinity extensions are refused."""
    for text in ('{"name": NaN}', '{"name": Infinity}', '{"name": 1e999}'):
        with pytest.raises(InputError, match=r"finite|not a number"):
            load_case_text(text, file="c.json")


# ---------------------------------------------------------------------- finding 9: silent acceptance


def test_finding_9_a_null_cap_table_key_is_refused() -> None:
    """Finding 9: a `null` cap-table key no longer becomes a holder named 'None'."""
    event = {
        "type": "terms_proposed",
        "date": "2020-01-01",
        "actor": "A",
        "terms": {"structure": "joint_venture", "entity": "X", "cap_table": {None: "0.5"}},
    }
    with pytest.raises(InputError, match="holder's name, got None") as info:
        df.event_from_dict(event)
    assert info.value.field == "terms.cap_table"
    with pytest.raises(InputError):
        df.Terms("joint_venture", "X", {None: "0.5"})  # type: ignore[dict-item]


@pytest.mark.parametrize("text", ["\u0661\u0660%", "1_0%", "1_0", "\u0663/\u0664", "0x10", "\uff11\uff10"])
def test_finding_9_only_ascii_digits_read_as_numbers(text: str) -> None:
    """Finding 9: Arabic-Indic or full-width digits and underscores are not read as numbers."""
    with pytest.raises(InputError, match="ASCII digits"):
        df.Stake("A", text)
    with pytest.raises(InputError):
        df.Money(text)


def test_plain_numbers_still_read() -> None:
    """The forms case files use are still read exactly."""
    from fractions import Fraction

    assert [df.Stake("A", t).share for t in ("0.199", "19.9%", "1/5", " 20 % ", "1e-2")] == [
        Fraction(199, 1000),
        Fraction(199, 1000),
        Fraction(1, 5),
        Fraction(1, 5),
        Fraction(1, 100),
    ]
    assert df.Money("14e9").amount == 14_000_000_000


# ---------------------------------------------------------------------- finding 10: unbounded reads


def test_finding_10_a_device_or_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """Finding 10: /dev/zero, or a file over the size limit, is refused after reading just past the limit."""
    if Path("/dev/zero").exists():
        with pytest.raises(LimitError, match="over the limit") as info:
            load_case("/dev/zero")
        assert info.value.file == "/dev/zero"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (LIMITS["file_bytes"] + 1))
    with pytest.raises(LimitError):
        load_case(big)


def test_limits_of_strings_and_whole_numbers_in_yaml_name_the_line() -> None:
    """A string or a whole number over the limits is refused, naming its line."""
    with pytest.raises(LimitError, match="string of") as long:
        load_case_text("name: x\ntarget: " + "y" * (LIMITS["string_chars"] + 1) + "\n", file="c.yaml")
    assert long.value.line == 2
    with pytest.raises(LimitError, match="whole number") as big:
        load_case_text("name: x\n\nseller: " + "9" * 40 + "\n", file="c.yaml")
    assert big.value.line == 3


# ---------------------------------------------------------------------- issue 13: lines and did-you-mean


def test_errors_in_yaml_name_the_line_of_the_field() -> None:
    """An error in an event names the line of the offending field, its event index and the field."""
    start = TEXT.index(FIRST_BID) + len(FIRST_BID)
    old = TEXT[start : TEXT.index("\n", start)]
    assert old.startswith("    date: ")
    text = TEXT[:start] + "    date: 2020-02-31" + TEXT[start + len(old) :]
    line = _line_of(text, "    date: 2020-02-31")
    with pytest.raises(InputError) as info:
        load_case_text(text, file="c.yaml")
    err = info.value
    assert (err.line, err.field) == (line, "date") and err.index is not None
    assert str(err).startswith(f"c.yaml:{line} event #{err.index} (bid_submitted) field 'date'")


def test_a_refusal_on_replay_names_the_line_of_its_event() -> None:
    """A well-formed event the deal refuses on replay (an unknown actor) names its event's line too."""
    start = TEXT.index(FIRST_BID) + len(FIRST_BID)
    date = TEXT[start : TEXT.index("\n", start)].split(":", 1)[1].strip()
    extra = f"  - type: statement\n    date: {date}\n    actor: Nobody\n    text: hi\n"
    text = TEXT.replace(FIRST_BID, extra + FIRST_BID, 1)
    with pytest.raises(df.UnknownParty) as info:
        load_case_text(text, file="c.yaml")
    assert info.value.line == _line_of(text, extra)
    assert info.value.field == "actor" and info.value.kind == "statement"


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        ("type: bid_submitted", "type: bid_submited", "bid_submitted"),
        ("    bidders:", "    bidder:", "bidders"),
    ],
)
def test_unknown_kinds_and_fields_get_a_suggestion(old: str, new: str, suggestion: str) -> None:
    """A misspelled event kind or field is refused with a did-you-mean suggestion."""
    with pytest.raises(InputError, match=rf"did you mean '{suggestion}'\?"):
        load_case_text(TEXT.replace(old, new, 1), file="c.yaml")


def test_unknown_header_fields_rules_and_parties_get_a_suggestion() -> None:
    """Header fields, rules and parties get suggestions as well."""
    with pytest.raises(InputError, match="did you mean 'description'"):
        load_case_text("descriptio: x\n" + TEXT, file="c.yaml")
    with pytest.raises(df.RuleError, match="did you mean 'foreign_adversary_control'"):
        df.rule_from_spec({"rule": "foreign_adversary_controll"})
    assert did_you_mean("Oracel", ["Oracle", "Walmart"]) == " (did you mean 'Oracle'?)"
    assert did_you_mean("zzz", ["Oracle"]) == ""


def test_event_data_given_directly_is_held_to_the_same_limits() -> None:
    """event_from_dict refuses data nested too deep (a rule of 10,000 nots) or a string too
    long, as a LimitError, not a RecursionError."""
    spec: object = {"rule": "approve"}
    for _ in range(10_000):
        spec = {"not": spec}
    event = {"type": "rule_enacted", "date": "2020-01-01", "actor": "A", "regulator": "A", "name": "n", "rule": spec}
    with pytest.raises(LimitError, match="nested over"):
        df.event_from_dict(event)
    text = {"type": "statement", "date": "2020-01-01", "actor": "A", "text": "x" * (LIMITS["string_chars"] + 1)}
    with pytest.raises(LimitError, match="string of"):
        df.event_from_dict(text)


_BIG = "9" * 31


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ('"text": "b", "note": {"a": ' + _BIG + "}", "note.a"),  # a whole number over the limit, in a mapping
        ('"text": NaN', "text"),  # not a number JSON allows
        ('"text": "b", "text": "c"', "text"),  # a key given twice
    ],
)
def test_json_refused_at_parse_time_still_names_the_event_and_field(fields: str, field: str) -> None:
    """What JSON's parser refuses (a long number, NaN, a repeated key) is located: the event's index and field."""
    from dealflow._case import load_case_text

    text = (
        '{"name": "x", "target": "T", "seller": "S", "parties": [{"name": "S", "role": "seller",'
        ' "jurisdiction": "US"}], "events": [{"type": "statement", "date": "2020-01-02", "actor": "S",'
        ' "text": "a"}, {"type": "statement", "date": "2020-01-03", "actor": "S", ' + fields + "}]}"
    )
    with pytest.raises(df.InputError) as err:
        load_case_text(text, file="c.json")
    assert (err.value.file, err.value.index, err.value.field) == ("c.json", 1, field)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("bidder", "a bidder"), ("investor", "an investor"), ("other", "an other"), ("Interim", "an Interim"), ("", "a ")],
)
def test_article_goes_by_the_first_letter(word: str, expected: str) -> None:
    """Messages say "an investor", "an other", "an interim order", but "a bidder"."""
    assert article(word) == expected


def test_article_reads_a_role_by_its_value() -> None:
    """A role reads as its value: "an other", "a regulator"."""
    from dealflow import Role

    assert (article(Role.OTHER), article(Role.REGULATOR)) == ("an other", "a regulator")
