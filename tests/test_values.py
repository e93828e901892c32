"""Tests of dealflow._values: parties, money, stakes, conditions, boards and terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import Board, Condition, Holding, InputError, LimitError, Money, Party, Role, Stake, Structure, Terms
from dealflow._values import Source, as_date, as_fraction, format_fraction


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1/5", Fraction(1, 5)),
        ("0.199", Fraction(199, 1000)),
        ("19.9%", Fraction(199, 1000)),
        (0.125, Fraction(1, 8)),
        (1, Fraction(1)),
        (Decimal("0.3"), Fraction(3, 10)),
    ],
)
def test_as_fraction_reads_exact_numbers(text: object, value: Fraction) -> None:
    """Stakes are read exactly from strings, percentages, ints, decimals and decimal floats."""
    assert as_fraction(text) == value


@pytest.mark.parametrize("bad", ["abc", "1/0", True, None, float("nan"), "inf"])
def test_as_fraction_refuses_non_numbers(bad: object) -> None:
    """Anything but an exact finite number is refused with the field named."""
    with pytest.raises(InputError) as info:
        as_fraction(bad, "stake")
    assert info.value.field == "stake"


@given(st.fractions(min_value=0, max_value=10))
def test_format_fraction_round_trips(value: Fraction) -> None:
    """Writing a fraction and reading it back gives the same fraction."""
    assert as_fraction(format_fraction(value)) == value


def test_stakes_never_exceed_one_hundred_percent() -> None:
    """A cap table adding up to over 100% is refused, naming the total."""
    with pytest.raises(InputError, match="add up to 120%, over 100%") as info:
        Terms("joint_venture", "JV", {"A": "60%", "B": "60%"})
    assert info.value.field == "cap_table"


@pytest.mark.parametrize("share", ["0", "-0.1", "1.5"])
def test_a_stake_is_within_zero_and_one(share: str) -> None:
    """Each stake lies in (0, 1]."""
    with pytest.raises(InputError, match="outside"):
        Stake("A", share)


def test_negative_price_is_refused() -> None:
    """Money is never negative."""
    with pytest.raises(InputError, match="negative"):
        Money("-1")
    assert Money("14e9").amount == Decimal("14e9")


def test_a_sale_has_a_buyer_and_holdings_are_bounded() -> None:
    """A sale needs a cap table; holdings in one entity add up to at most 100%."""
    with pytest.raises(InputError, match="needs a buyer"):
        Terms("sale", "X", {})
    with pytest.raises(InputError, match="holdings in H add up"):
        Terms("joint_venture", "X", {"H": "0.5"}, holdings=[Holding("A", "H", "0.6"), Holding("B", "H", "0.6")])


def test_terms_are_frozen_values_with_sorted_cap_tables() -> None:
    """Terms compare equal whatever the order their stakes were given in."""
    a = Terms("joint_venture", "JV", {"A": "0.1", "B": "0.2"})
    b = Terms("joint_venture", "JV", [Stake("B", "0.2"), Stake("A", "0.1")])
    assert a == b
    assert hash(a) == hash(b)
    assert a.buyers == ("B", "A")
    assert a.stake_of("C") == 0


def test_bad_enums_and_boards_are_refused() -> None:
    """Unknown roles and structures, and impossible boards, name the allowed values."""
    with pytest.raises(InputError, match="use one of: seller, bidder"):
        Party("X", "boss")
    with pytest.raises(InputError, match="use one of: sale, partnership, joint_venture"):
        Terms("merger", "X", {"A": 1})
    with pytest.raises(InputError, match="impossible"):
        Board(5, 6)


def test_dates_are_iso() -> None:
    """Dates are read from ISO strings and refused otherwise."""
    assert str(as_date("2020-09-13")) == "2020-09-13"
    with pytest.raises(InputError, match="not a date"):
        as_date("13/09/2020")


def test_condition_text() -> None:
    """A condition prints as kind:party:value."""
    assert str(Condition("data_hosted_by", "Oracle")) == "data_hosted_by:Oracle"


def test_a_holder_is_listed_once() -> None:
    """A cap table naming a holder twice is refused, naming the holder."""
    with pytest.raises(InputError, match="A listed twice") as info:
        Terms("joint_venture", "JV", [Stake("A", "10%"), Stake("A", "5%"), Stake("B", "5%")])
    assert info.value.field == "cap_table"


@pytest.mark.parametrize(("seats", "domestic"), [(0, 0), (-1, 0), (3, -1), (3, 4)])
def test_impossible_boards_are_refused(seats: int, domestic: int) -> None:
    """A board needs at least one seat and 0 <= domestic <= seats."""
    with pytest.raises(InputError, match="impossible"):
        Board(seats, domestic)
    assert Board(1, 0).seats == 1
    assert Board(1, 1).domestic == 1


@pytest.mark.parametrize(
    ("value", "exact"), [(0.1, Fraction(1, 10)), (0.199, Fraction(199, 1000)), (1e-3, Fraction(1, 1000))]
)
def test_floats_are_read_as_the_decimal_typed(value: float, exact: Fraction) -> None:
    """A float is read as the decimal a person typed, never as its binary approximation."""
    assert as_fraction(value) == exact
    assert as_fraction(value) != Fraction(value)


GIVE_A_NAME = "give a name"
AMOUNT_FIX = "write an amount such as 14e9"
ISO_FIX = "write an ISO date such as 2020-09-13"
BOARD_FIX = "give at least one seat and 0 <= domestic <= seats"
STAKE_FIX = "give a stake above 0% and at most 100%"


def _sale(**changes: object) -> Terms:
    return Terms("sale", "E", {"A": 1}, **changes)  # type: ignore[arg-type]


REFUSALS: list[tuple[str, object, str, str, str]] = [
    (
        "bool stake",
        lambda: as_fraction(True),
        "True is not a number",
        "stake",
        "write a fraction like 0.2, '1/5' or '20%'",
    ),
    (
        "infinite stake",
        lambda: as_fraction(float("-inf"), "share"),
        "-inf is not finite",
        "share",
        "write a finite number",
    ),
    (
        "zero denominator",
        lambda: as_fraction(" 1/0 "),
        "' 1/0 ' divides by zero",
        "stake",
        "write it like 0.2 or '1/5'",
    ),
    (
        "no stake",
        lambda: as_fraction(None),
        "expected a number, got NoneType",
        "stake",
        "write it like 0.2, '1/5' or '20%'",
    ),
    ("bad date", lambda: as_date("13/09/2020"), "'13/09/2020' is not a date", "date", ISO_FIX),
    ("date of a number", lambda: as_date(3, "on"), "expected a date, got int", "on", ISO_FIX),
    (
        "role",
        lambda: Party("X", "boss"),
        "'boss' is not a role",
        "role",
        "use one of: seller, bidder, regulator, partner, investor, court, other",
    ),
    (
        "structure",
        lambda: Terms("merger", "X", {"A": 1}),
        "'merger' is not a structure",
        "structure",
        "use one of: sale, partnership, joint_venture",
    ),
    ("blank name", lambda: Party("  ", "seller"), "expected a non-empty name, got '  '", "name", GIVE_A_NAME),
    ("number as name", lambda: Party(3, "seller"), "expected a non-empty name, got 3", "name", GIVE_A_NAME),  # type: ignore[arg-type]
    ("url", lambda: Source(url=3), "expected text, got 3", "url", "give url as text"),  # type: ignore[arg-type]
    ("title", lambda: Source(title=None), "expected text, got None", "title", "give title as text"),  # type: ignore[arg-type]
    (
        "party jurisdiction",
        lambda: Party("X", "seller", None),
        "expected text, got None",
        "jurisdiction",  # type: ignore[arg-type]
        "give jurisdiction as text",
    ),
    ("custodian", lambda: _sale(data_custodian=""), "expected a non-empty name, got ''", "data_custodian", GIVE_A_NAME),
    ("bool price", lambda: Money(True), "True is not an amount", "price", AMOUNT_FIX),
    ("no price", lambda: Money(None), "expected an amount, got NoneType", "price", AMOUNT_FIX),
    ("infinite price", lambda: Money(float("inf")), "inf is not finite", "price", "write a finite amount"),
    ("negative price", lambda: Money("-1"), "price -1 is negative", "price", "give a price of 0 or more"),
    ("negative float price", lambda: Money(-2.5), "price -2.5 is negative", "price", "give a price of 0 or more"),
    ("currency", lambda: Money(1, ""), "expected a non-empty name, got ''", "currency", GIVE_A_NAME),
    ("stake over one", lambda: Stake("A", "1.5"), "stake 1.5 is outside (0, 1]", "stake", STAKE_FIX),
    ("zero stake", lambda: Stake("A", 0), "stake 0 is outside (0, 1]", "stake", STAKE_FIX),
    ("holder", lambda: Stake("", 1), "expected a non-empty name, got ''", "holder", GIVE_A_NAME),
    ("owner", lambda: Holding("", "B", 1), "expected a non-empty name, got ''", "owner", GIVE_A_NAME),
    ("owned", lambda: Holding("A", "", 1), "expected a non-empty name, got ''", "owned", GIVE_A_NAME),
    ("condition kind", lambda: Condition(""), "expected a non-empty name, got ''", "kind", GIVE_A_NAME),
    ("condition party", lambda: Condition("k", 1), "expected text, got 1", "party", "give party as text"),  # type: ignore[arg-type]
    ("condition value", lambda: Condition("k", "", 1), "expected text, got 1", "value", "give value as text"),  # type: ignore[arg-type]
    (
        "bool seats",
        lambda: Board(True, 1),
        "board seats must be whole numbers",
        "board",
        "e.g. {seats: 5, domestic: 4}",
    ),
    (
        "float domestic",
        lambda: Board(5, 1.0),
        "board seats must be whole numbers",
        "board",  # type: ignore[arg-type]
        "e.g. {seats: 5, domestic: 4}",
    ),
    (
        "float seats",
        lambda: Board(5.0, 1),
        "board seats must be whole numbers",
        "board",  # type: ignore[arg-type]
        "e.g. {seats: 5, domestic: 4}",
    ),
    ("too many domestic", lambda: Board(5, 6), "6 domestic of 5 seats is impossible", "board", BOARD_FIX),
    ("no seat", lambda: Board(0, 0), "0 domestic of 0 seats is impossible", "board", BOARD_FIX),
    ("price not Money", lambda: _sale(price="1"), "expected a Money, got '1'", "price", "give a Money"),
    ("board not Board", lambda: _sale(board=3), "expected a Board, got 3", "board", "give a Board"),
    (
        "numeric holder",
        lambda: Terms("joint_venture", "E", {1: 0.5}),
        "expected a holder's name, got 1",
        "cap_table",
        "name each holder",
    ),
    (
        "no cap table",
        lambda: Terms("joint_venture", "E", 3),
        "expected a cap table",
        "cap_table",
        "map each holder to a stake",
    ),
    (
        "text cap table",
        lambda: Terms("joint_venture", "E", "A"),
        "expected a cap table",
        "cap_table",
        "map each holder to a stake",
    ),
    (
        "stake text",
        lambda: Stake("A", "abc"),
        "'abc' is not a number",
        "stake",
        "write it with ASCII digits, like 0.2, '1/5' or '20%'",
    ),
    (
        "holding share",
        lambda: Holding("A", "B", None),
        "expected a number, got NoneType",
        "stake",
        "write it like 0.2, '1/5' or '20%'",
    ),
    ("bytes price", lambda: Money(b"1"), "expected an amount, got bytes", "price", "write an amount such as 14e9"),
    (
        "bytes stake",
        lambda: as_fraction(b"1"),
        "expected a number, got bytes",
        "stake",
        "write it like 0.2, '1/5' or '20%'",
    ),
    ("list date", lambda: as_date([2020]), "expected a date, got list", "date", "write an ISO date such as 2020-09-13"),
    (
        "bytes cap table",
        lambda: Terms("joint_venture", "E", b"A"),
        "expected a cap table",
        "cap_table",
        "map each holder to a stake",
    ),
    (
        "price text",
        lambda: Money("abc"),
        "'abc' is not a number",
        "price",
        "write it with ASCII digits, like 14e9 or 1000000",
    ),
    (
        "not a stake",
        lambda: Terms("joint_venture", "E", [3]),
        "expected a Stake, got 3",
        "cap_table",
        "map each holder to a stake",
    ),
    ("text assets", lambda: _sale(assets="abc"), "expected a list of names, got 'abc'", "assets", "give a list"),
    ("number assets", lambda: _sale(assets=3), "expected a list of names, got 3", "assets", "give a list"),
    ("empty asset", lambda: _sale(assets=[""]), "expected names, got ''", "assets", "give a list of non-empty names"),
    ("numeric asset", lambda: _sale(assets=[3]), "expected names, got 3", "assets", "give a list of non-empty names"),
    (
        "text conditions",
        lambda: _sale(conditions="abc"),
        "expected a list of conditions, got 'abc'",
        "conditions",
        "give a list",
    ),
    (
        "number conditions",
        lambda: _sale(conditions=3),
        "expected a list of conditions, got 3",
        "conditions",
        "give a list",
    ),
    (
        "not a condition",
        lambda: _sale(conditions=["x"]),
        "expected a Condition, got 'x'",
        "conditions",
        "give conditions",
    ),
    ("text holdings", lambda: _sale(holdings="x"), "expected a list of holdings, got 'x'", "holdings", "give a list"),
    ("number holdings", lambda: _sale(holdings=3), "expected a list of holdings, got 3", "holdings", "give a list"),
    ("not a holding", lambda: _sale(holdings=[1]), "expected a Holding, got 1", "holdings", "give holdings"),
    (
        "over 100%",
        lambda: Terms("joint_venture", "E", {"A": "0.6", "B": "0.6"}),
        "stakes add up to 120%, over 100%",
        "cap_table",
        "lower the stakes so that they add up to at most 100%",
    ),
    (
        "over 100% by a third",
        lambda: Terms("joint_venture", "E", {"A": "2/3", "B": "2/3"}),
        "stakes add up to 400/3%, over 100%",
        "cap_table",
        "lower the stakes so that they add up to at most 100%",
    ),
    (
        "sale without buyer",
        lambda: Terms("sale", "E", {}),
        "a sale needs a buyer",
        "cap_table",
        "give the buyer a stake of 100%",
    ),
    (
        "holdings over 100%",
        lambda: Terms("partnership", "E", {}, holdings=[Holding("A", "H", "0.5"), Holding("B", "H", "0.6")]),
        "holdings in H add up to over 100%",
        "holdings",
        "lower the holdings in H to at most 100% in all",
    ),
    (
        "holder twice",
        lambda: Terms(
            "joint_venture",
            "E",
            [Stake("B", "1%"), Stake("A", "1%"), Stake("B", "2%"), Stake("A", "3%"), Stake("C", "1%")],
        ),
        "A, B listed twice",
        "cap_table",
        "give each holder one stake",
    ),
    ("entity", lambda: Terms("joint_venture", "", {}), "expected a non-empty name, got ''", "entity", GIVE_A_NAME),
    (
        "terms jurisdiction",
        lambda: _sale(jurisdiction=""),
        "expected a non-empty name, got ''",
        "jurisdiction",
        GIVE_A_NAME,
    ),
]


@pytest.mark.parametrize(("make", "reason", "field", "fix"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_its_reason_field_and_fix(make: object, reason: str, field: str, fix: str) -> None:
    """Every refusal of a value says what is wrong, in which field, and how to fix it (exact texts)."""
    with pytest.raises(InputError) as info:
        make()  # type: ignore[operator]
    assert (info.value.rule, info.value.field, info.value.fix) == (reason, field, fix)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(1, 8), "0.125"),
        (Fraction(-1, 8), "-0.125"),
        (Fraction(5, 2), "2.5"),
        (Fraction(-3, 20), "-0.15"),
        (Fraction(7, 1000), "0.007"),
        (Fraction(1, 16), "0.0625"),
        (Fraction(3), "3"),
        (Fraction(0), "0"),
        (Fraction(1, 3), "1/3"),
        (Fraction(-2, 7), "-2/7"),
        (Fraction(1, 25), "0.04"),
        (Fraction(3, 2 * 5**30), "0.000000000000000000001610612736"),  # past a float's 53 bits: integer division only
        (Fraction(1, 5**31), "0.0000000000000000000002147483648"),
    ],
)
def test_format_fraction_writes_exact_decimals(value: Fraction, text: str) -> None:
    """A fraction with a finite decimal expansion is written as that decimal, any other as n/d."""
    assert format_fraction(value) == text


def test_values_print_as_users_write_them() -> None:
    """Money, conditions, roles and structures print in the form a case file uses."""
    assert str(Money("1234.5")) == "1,234.5 USD"
    assert str(Money(14e9, "EUR")) == "14,000,000,000.0 EUR"
    assert str(Condition("ipo_within_months", "", "12")) == "ipo_within_months:12"
    assert str(Condition("data_hosted_by", "Oracle", "US")) == "data_hosted_by:Oracle:US"
    assert str(Condition("export_licence")) == "export_licence"
    assert str(Role.SELLER) == "seller"
    assert str(Structure.JOINT_VENTURE) == "joint_venture"


def test_dates_and_amounts_of_every_accepted_type() -> None:
    """A datetime is read as its date, a date as itself; amounts from ints, floats, text and Decimals; stakes from '20%'."""
    assert as_date(dt.datetime(2020, 9, 13, 23, 59)) == dt.date(2020, 9, 13)
    assert as_date(dt.date(2020, 9, 13)) == dt.date(2020, 9, 13)
    assert as_date(" 2020-09-13 ") == dt.date(2020, 9, 13)
    assert Money(14).amount == Decimal(14)
    assert Money(0.1).amount == Decimal("0.1")
    assert Money(" 2.50 ").amount == Decimal("2.50")
    assert Money(Decimal("3")).amount == Decimal(3)
    assert Money(0).amount == 0
    assert as_fraction(" 20% ") == Fraction(1, 5)
    assert as_fraction("1/1") == 1
    assert Stake("A", 1).share == 1


def test_sale_terms_and_edits() -> None:
    """Terms.sale gives the buyer 100% with every term passed on; with_ edits and validates again."""
    board = Board(5, 4, "US")
    price = Money(10)
    cond = Condition("export_licence")
    t = Terms.sale(
        "Oracle",
        entity="TikTok US",
        price=price,
        assets=["us_user_data"],
        jurisdiction="CN",
        conditions=[cond],
        data_custodian="Oracle",
        board=board,
    )
    assert (t.structure, t.entity, t.cap_table) == (Structure.SALE, "TikTok US", (Stake("Oracle", 1),))
    assert (t.price, t.assets, t.jurisdiction, t.conditions) == (
        price,
        frozenset({"us_user_data"}),
        "CN",
        frozenset({cond}),
    )
    assert (t.data_custodian, t.board, t.holdings) == ("Oracle", board, ())
    plain = Terms.sale("Oracle", entity="X")
    assert (plain.price, plain.assets, plain.jurisdiction, plain.conditions) == (None, frozenset(), "US", frozenset())
    assert (plain.data_custodian, plain.board) == (None, None)
    assert plain.with_(entity="Y").entity == "Y"
    with pytest.raises(InputError):
        plain.with_(entity="")


def test_sale_refuses_a_single_name_where_a_list_is_expected() -> None:
    """Terms.sale(assets='abc') is refused, as Terms(...) is, instead of being read as the assets 'a', 'b' and 'c'."""
    with pytest.raises(InputError) as info:
        Terms.sale("A", entity="E", assets="us_user_data")
    assert info.value.field == "assets"
    with pytest.raises(InputError) as info:
        Terms.sale("A", entity="E", conditions="export_licence")  # type: ignore[arg-type]
    assert info.value.field == "conditions"


def test_buyers_are_largest_first_and_stake_of_reads_the_table() -> None:
    """buyers orders holders by stake, ties by name; stake_of gives each holder's direct stake."""
    t = Terms("joint_venture", "JV", {"C": "0.2", "B": "0.2", "A": "0.1", "D": "0.5"})
    assert t.buyers == ("D", "B", "C", "A")
    assert [t.stake_of(h) for h in ("A", "B", "C", "D", "E")] == [
        Fraction(1, 10),
        Fraction(1, 5),
        Fraction(1, 5),
        Fraction(1, 2),
        0,
    ]
    assert Terms("joint_venture", "JV", {"A": "0.5", "B": "0.5"}).stake_of("A") == Fraction(1, 2)


def test_limits_and_edges_that_are_accepted() -> None:
    """Exactly 100% in the cap table or in one company's holdings is accepted; holdings sort by owner then owned."""
    t = Terms(
        "partnership",
        "E",
        {"A": "0.5", "B": "0.5"},
        holdings=[Holding("Z", "H", "0.5"), Holding("Y", "H", "0.5"), Holding("Y", "G", 1)],
    )
    assert [(h.owner, h.owned) for h in t.holdings] == [("Y", "G"), ("Y", "H"), ("Z", "H")]
    assert Terms("partnership", "E", {}).cap_table == ()
    assert Board(3, 0).domestic == 0
    assert Board(3, 3, "CN").jurisdiction == "CN"
    assert Board(3, 3).jurisdiction == "US"
    assert Source().url == "" and Source(1, "u", "t").number == 1


def test_a_board_with_a_boolean_domestic_count_is_refused() -> None:
    """Board(5, True) is refused like Board(True, 1): a count of directors is a whole number, not a truth value."""
    with pytest.raises(InputError, match="whole numbers"):
        Board(5, True)


def _refusal(check: object, value: object) -> tuple[str, str | None, str | None]:
    with pytest.raises(InputError) as info:
        check(None, None, value)  # type: ignore[operator]
    return info.value.rule, info.value.field, info.value.fix


def test_the_field_validators_refuse_under_the_field_they_are_made_for() -> None:
    """The validators the value classes are built with (made afresh here) accept good values and refuse bad ones,
    naming the field they were made for, the reason and the fix."""
    from dealflow._values import _instance, _name, _optional_name, _text

    name = _name("owner")
    name(None, None, "Oracle")
    assert _refusal(name, "  ") == ("expected a non-empty name, got '  '", "owner", GIVE_A_NAME)
    assert _refusal(name, "") == ("expected a non-empty name, got ''", "owner", GIVE_A_NAME)
    assert _refusal(name, 3) == ("expected a non-empty name, got 3", "owner", GIVE_A_NAME)
    assert _refusal(name, None) == ("expected a non-empty name, got None", "owner", GIVE_A_NAME)
    text = _text("url")
    text(None, None, "")
    assert _refusal(text, 3) == ("expected text, got 3", "url", "give url as text")
    optional = _optional_name("custodian")
    optional(None, None, None)
    optional(None, None, "Oracle")
    assert _refusal(optional, "") == ("expected a non-empty name, got ''", "custodian", GIVE_A_NAME)
    assert _refusal(optional, 3) == ("expected a non-empty name, got 3", "custodian", GIVE_A_NAME)
    instance = _instance(Money, "price")
    instance(None, None, Money(1))
    assert _refusal(instance, "1") == ("expected a Money, got '1'", "price", "give a Money")
    assert _refusal(_instance(Board, "board"), None) == ("expected a Board, got None", "board", "give a Board")


ORDINARY = "write a number of ordinary size and precision"
HUGE = 10**60


@pytest.mark.parametrize(
    ("make", "error", "field", "fix"),
    [
        (lambda: as_fraction(HUGE, "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction(Fraction(HUGE, 3), "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction(Decimal("1e999"), "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction(1e300, "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction("1e51", "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction("1e51%", "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction("1/" + "9" * 60, "share"), LimitError, "share", ORDINARY),
        (lambda: as_fraction("x" * 201, "share"), LimitError, "share", "write the number with fewer digits"),
        (
            lambda: as_fraction("½", "share"),
            InputError,
            "share",
            "write it with ASCII digits, like 0.2, '1/5' or '20%'",
        ),
        (lambda: as_fraction("1/5%", "share"), InputError, "share", "write it with ASCII digits, like 14e9 or 1000000"),
        (lambda: as_fraction(Decimal("NaN"), "share"), InputError, "share", "write a finite number"),
        (lambda: Money(HUGE), LimitError, "price", ORDINARY),
        (lambda: Money(Decimal("1e999")), LimitError, "price", ORDINARY),
        (lambda: Money("1e51"), LimitError, "price", ORDINARY),
        (lambda: Money("1/5"), InputError, "price", "write it with ASCII digits, like 14e9 or 1000000"),
        (lambda: Money(Decimal("-Infinity")), InputError, "price", "write a finite amount"),
        (lambda: Money(b"1"), InputError, "price", AMOUNT_FIX),
    ],
)
def test_numbers_past_the_limits_are_refused_under_the_field(make: object, error: type, field: str, fix: str) -> None:
    """Huge, over-precise and non-ASCII numbers are refused (a LimitError for size) naming the field they were read for."""
    with pytest.raises(InputError) as info:
        make()  # type: ignore[operator]
    assert (type(info.value), info.value.field, info.value.fix) == (error, field, fix)


@pytest.mark.parametrize("text", ["1e9999999999999999999", "5e9999999999999999999%"])
def test_an_exponent_past_what_decimal_holds_is_refused_not_crashed(text: str) -> None:
    """A stake or a price like 1e9999999999999999999 is an InputError, not decimal.InvalidOperation."""
    with pytest.raises(InputError) as info:
        as_fraction(text, "share")
    assert (info.value.rule, info.value.field, info.value.fix) == (
        f"{text!r} is not a number of ordinary size",
        "share",
        "write it like 0.2, '1/5' or '20%'",
    )
    with pytest.raises(InputError) as info:
        Money("1e9999999999999999999")
    assert (info.value.rule, info.value.field, info.value.fix) == (
        "'1e9999999999999999999' is not an amount",
        "price",
        AMOUNT_FIX,
    )
