"""Tests of dealflow._orders: prohibitions, interim orders, divestiture orders (call-ins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import Change, DealflowError, InputError, Money, RefusedEvent, Terms
from dealflow._report import format_status

from .helpers import JV, SALE, closed_jv, in_court, opened


def prohibited() -> df.Deal:
    deal = in_court()
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    return deal


def test_a_re_offer_on_new_terms_is_refused_naming_the_order() -> None:
    """A revised bid, a new bid and terms giving the prohibited party a stake are refused."""
    deal = prohibited()
    with pytest.raises(RefusedEvent, match="order 'ban' of Washington") as info:
        deal.revise_bid("msft", terms=SALE.with_(price=Money("40e9")), on="2020-08-21")
    assert info.value.field == "bid"
    assert "order_revoked" in info.value.fix
    with pytest.raises(RefusedEvent, match="substantially equivalent"):
        deal.submit_bid("again", ["Microsoft"], SALE, on="2020-08-21")
    with pytest.raises(RefusedEvent, match="order 'ban'"):
        deal.restructure(JV.with_(cap_table={"Microsoft": "0.3"}), on="2020-08-21")
    deal.withdraw_bid("msft", on="2020-08-22")  # walking away stays allowed


def test_revoking_or_enjoining_the_order_lets_the_bidder_back() -> None:
    """While a court enjoins the order, or once it is revoked, a re-offer is accepted."""
    deal = prohibited()
    deal.file_suit("s", plaintiff="Microsoft", court="D.D.C.", against="order", target="ban", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-21")
    deal.submit_bid("again", ["Microsoft"], SALE, on="2020-08-22")
    deal.deny_injunction("s", on="2020-08-23")
    with pytest.raises(RefusedEvent):
        deal.submit_bid("third", ["Microsoft"], SALE, on="2020-08-24")
    deal.revoke_order("ban", on="2020-08-25")
    deal.submit_bid("third", ["Microsoft"], SALE, on="2020-08-26")


def test_a_prohibition_bars_closing_terms_agreed_before_it() -> None:
    """Terms that include the prohibited party, agreed and signed before the order, cannot close."""
    deal = in_court()
    deal.agree(SALE, on="2020-08-20")
    deal.approve("Washington", on="2020-08-21")
    deal.sign(on="2020-08-21")
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-22")
    assert "order 'ban' prohibits the transaction by Microsoft" in deal.blockers()
    with pytest.raises(RefusedEvent, match="order 'ban'"):
        deal.close(on="2020-08-23")
    assert deal.state == "signed"


def test_an_interim_order_forbids_meetings_and_closing_until_lifted() -> None:
    """An interim order refuses the actions it forbids and bars closing if it forbids it."""
    deal = in_court()
    deal.issue_order(
        "hold", "interim", issuer="Washington", forbids=["shareholder_meeting", "closing"], on="2020-08-20"
    )
    with pytest.raises(RefusedEvent, match="interim order 'hold'"):
        deal.act("shareholder_meeting", on="2020-08-21")
    assert "interim order 'hold' forbids closing" in deal.blockers()
    deal.revoke_order("hold", on="2020-08-22")
    deal.act("shareholder_meeting", on="2020-08-23")
    assert deal.blockers() == [b for b in deal.blockers() if "hold" not in b]


def test_a_closed_deal_accepts_a_call_in_divestiture_years_later() -> None:
    """A divestiture order and its completion are accepted after closing; other orders are not."""
    deal = closed_jv()
    deal.issue_order(
        "call-in", "divestiture", issuer="Washington", assets="TikTok US", deadline="2024-01-01", on="2023-01-01"
    )
    with pytest.raises(RefusedEvent, match="comes too late"):
        deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Oracle", on="2023-01-02")
    deal.complete_divestiture("call-in", buyer="Walmart", on="2023-12-01")
    assert deal.order("call-in").state == "complied"
    assert deal.state == "closed"
    with pytest.raises(RefusedEvent, match="accepts no further state change"):
        deal.restructure(JV, on="2023-12-02")  # the deal's own terms stay closed


def test_bad_orders_are_refused_at_construction() -> None:
    """A prohibition with no acquirers, an interim order forbidding nothing or an unknown action is refused."""
    with pytest.raises(InputError, match="names the parties") as info:
        df.OrderIssued(date="2020-01-01", actor="W", order="o", category="prohibition")
    assert info.value.field == "acquirers"
    with pytest.raises(InputError, match="unknown action 'naps'"):
        df.OrderIssued(date="2020-01-01", actor="W", order="o", category="interim", forbids=["naps"])
    with pytest.raises(InputError, match="unknown kind of order"):
        df.OrderIssued(date="2020-01-01", actor="W", order="o", category="veto")


def test_a_case_file_error_names_the_event_and_field() -> None:
    """Read from data, an order with an unknown action names the index and field."""
    from dealflow import event_from_dict

    with pytest.raises(InputError) as info:
        event_from_dict(
            {
                "type": "order_issued",
                "date": "2020-01-01",
                "actor": "W",
                "order": "o",
                "category": "interim",
                "forbids": ["naps"],
            },
            index=3,
        )
    assert info.value.index == 3 and info.value.field == "forbids"


_ACQUIRERS = ("Microsoft", "Walmart", "Oracle")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("bid", "terms", "agree", "approve", "sign", "close", "revoke")),
            st.sampled_from(_ACQUIRERS),
        ),
        max_size=8,
    )
)
def test_a_prohibited_transaction_never_closes_while_the_order_stands(steps: list[tuple[str, str]]) -> None:
    """Whatever bids and terms follow, a deal whose terms include Microsoft closes only once the order is revoked."""
    deal = prohibited()
    for n, (step, party) in enumerate(steps):
        terms = Terms.sale(party, entity="TikTok US")
        try:
            if step == "bid":
                deal.submit_bid(f"b{n}", [party], terms, on="2020-09-01")
            elif step == "terms":
                deal.restructure(terms, on="2020-09-01")
            elif step == "agree":
                deal.agree(terms, on="2020-09-01")
            elif step == "approve":
                deal.approve("Washington", on="2020-09-01")
            elif step == "sign":
                deal.sign(on="2020-09-01")
            elif step == "close":
                deal.close(on="2020-09-01")
            else:
                deal.revoke_order("ban", on="2020-09-01")
        except DealflowError:
            pass
        holders = {s.holder for s in deal.terms.cap_table} if deal.terms else set()
        if deal.state in ("signed", "closed") and "Microsoft" in holders:
            assert deal.order("ban").state == "revoked"


def test_an_order_bars_nothing_before_it_takes_effect() -> None:
    """A prohibition effective later lets the prohibited party bid until that day, then refuses it."""
    deal = in_court()
    deal.issue_order(
        "ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20", effective="2020-08-25"
    )
    assert deal.order("ban").effective == dt.date(2020, 8, 25)
    deal.submit_bid("early", ["Microsoft"], SALE, on="2020-08-24")
    with pytest.raises(RefusedEvent, match="order 'ban'"):
        deal.submit_bid("late", ["Microsoft"], SALE, on="2020-08-25")


def test_deferring_an_order_moves_the_day_it_takes_effect() -> None:
    """order_deferred by the issuer moves the effective day; the state stays, and the bar waits for the new day."""
    deal = in_court()
    deal.issue_order(
        "ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20", effective="2020-08-22"
    )
    assert deal.defer_order("ban", to="2020-08-27", on="2020-08-21") == []
    assert (deal.order("ban").state, str(deal.order("ban").effective)) == ("in_force", "2020-08-27")
    deal.submit_bid("between", ["Microsoft"], SALE, on="2020-08-26")
    with pytest.raises(RefusedEvent, match="order 'ban'"):
        deal.submit_bid("after", ["Microsoft"], SALE, on="2020-08-27")


def test_a_deferral_is_refused_when_it_cannot_hold() -> None:
    """Only the issuer defers, only to a later day, only before the order takes effect, and not once revoked."""
    deal = in_court()
    deal.issue_order("ban", "ban", issuer="Washington", on="2020-08-20", effective="2020-08-25")
    before = deal.order("ban")
    cases = [
        (dict(actor="Microsoft", to="2020-08-30", on="2020-08-21"), "only its issuer", "actor"),
        (dict(to="2020-08-24", on="2020-08-21"), "is not after 2020-08-25", "to"),
        (dict(to="2020-08-30", on="2020-08-25"), "took effect on 2020-08-25", "date"),
    ]
    for kw, message, field in cases:
        with pytest.raises(RefusedEvent, match=message) as info:
            deal.defer_order("ban", **kw)  # type: ignore[arg-type]
        assert info.value.field == field
        assert deal.order("ban") == before  # nothing half-applied
    deal.revoke_order("ban", on="2020-08-22")
    with pytest.raises(RefusedEvent, match="is revoked: cannot be deferred"):
        deal.defer_order("ban", to="2020-08-30", on="2020-08-23")
    with pytest.raises(InputError, match="effective 2020-08-19 is before the order"):
        df.OrderIssued(date="2020-08-20", actor="W", order="o", category="ban", effective="2020-08-19")


def test_the_report_shows_a_later_effective_day() -> None:
    """The status report names an order's effective day when it is later than its issue."""
    deal = in_court()
    deal.issue_order("ban", "ban", issuer="Washington", on="2020-08-20", effective="2020-08-25")
    deal.defer_order("ban", to="2020-08-30", on="2020-08-21")
    assert "ban, effective 2020-08-30 (by Washington)" in format_status(deal, "2020-08-21")


def refusal(action: Callable[[], object]) -> tuple[str, str | None, str, str | None]:
    """The class, field, rule and fix of the error ``action`` raises (it must raise one)."""
    with pytest.raises(DealflowError) as info:
        action()
    err = info.value
    return type(err).__name__, err.field, err.rule, err.fix


def order_issued(**kw: Any) -> df.OrderIssued:
    """An order_issued event by Washington on 2020-08-20, with ``kw`` for its other fields."""
    return df.OrderIssued(**{"date": "2020-08-20", "actor": "Washington", "order": "o", **kw})


_ACTIONS = (
    "appoint_director, appoint_officer, asset_sale, change_of_control, closing, data_transfer, dissolution, "
    "integration, relocation, resume_service, shareholder_meeting, status_quo, suspend_service"
)
_LIST = "write {} as a list"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            dict(category="veto"),
            ("category", "unknown kind of order 'veto'", "use one of: prohibition, interim, divestiture, ban"),
        ),
        (
            dict(category="ban", acquirers=5),
            ("acquirers", "expected a list of names, got 5", "write acquirers as a list"),
        ),
        (
            dict(category="ban", acquirers=["x", " "]),
            ("acquirers", "expected a list of names, got ('x', ' ')", "write acquirers as a list"),
        ),
        (dict(category="ban", assets=[3]), ("assets", "expected a list of names, got (3,)", "write assets as a list")),
        (
            dict(category="interim", forbids=["naps", "closing", "dozing"]),
            ("forbids", "unknown action 'dozing'", f"use one of: {_ACTIONS}"),
        ),
        (dict(category="ban", deadline=5), ("deadline", "5 is not a date", "write an ISO date such as 2020-09-13")),
        (
            dict(category="ban", effective="soon"),
            ("effective", "'soon' is not a date", "write an ISO date such as 2020-09-13"),
        ),
        (dict(category="ban", regulator=3), ("regulator", "expected a name, got 3", "give regulator, or omit it")),
        (dict(category="ban", regulator=" "), ("regulator", "expected a name, got ' '", "give regulator, or omit it")),
        (
            dict(category="ban", effective="2020-08-19"),
            (
                "effective",
                "effective 2020-08-19 is before the order of 2020-08-20",
                "give the day it takes effect, on or after its issue, or omit effective",
            ),
        ),
        (
            dict(category="prohibition"),
            (
                "acquirers",
                "a prohibition names the parties whose transaction it prohibits",
                "list the acquirers it prohibits in acquirers",
            ),
        ),
        (
            dict(category="interim"),
            ("forbids", "an interim order forbids something", "list what it forbids, e.g. [closing]"),
        ),
        (
            dict(category="ban", forbids=["closing"]),
            ("forbids", "a ban order forbids by its kind", "give forbids only to interim orders"),
        ),
        (
            dict(category="divestiture", deadline="2020-08-19"),
            ("deadline", "deadline 2020-08-19 is before the order of 2020-08-20", "give a later deadline"),
        ),
    ],
)
def test_a_malformed_order_is_refused_naming_its_field_rule_and_fix(
    fields: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    """Each field of order_issued checks its value, and the fields check each other, at construction."""
    assert refusal(lambda: order_issued(**fields)) == ("InputError", *expected)


def test_an_order_may_take_effect_and_fall_due_on_its_own_day() -> None:
    """effective and deadline on the day of issue are accepted; the order then stands from that day."""
    e = order_issued(
        category="divestiture", deadline="2020-08-20", effective="2020-08-20", assets=["a"], acquirers=["x"]
    )
    assert (e.deadline, e.effective, e.assets, e.acquirers) == (
        dt.date(2020, 8, 20),
        dt.date(2020, 8, 20),
        ("a",),
        ("x",),
    )
    assert e.describe() == "order 'o' orders the divestiture of a by 2020-08-20"
    assert order_issued(category="interim", forbids="closing").forbids == ("closing",)
    assert order_issued(category="ban", regulator="Beijing").regulator == "Beijing"


@pytest.mark.parametrize(
    ("event", "text"),
    [
        (order_issued(category="ban"), "order 'o' bans transactions with the business"),
        (order_issued(category="ban", effective="2020-08-20"), "order 'o' bans transactions with the business"),
        (
            order_issued(category="interim", forbids=["shareholder_meeting", "closing"], effective="2020-08-21"),
            "order 'o' forbids shareholder meeting, closing for now (effective 2020-08-21)",
        ),
        (
            order_issued(category="prohibition", acquirers=["Microsoft", "Walmart"]),
            "order 'o' prohibits the transaction by Microsoft, Walmart and any substantially equivalent one",
        ),
        (order_issued(category="divestiture"), "order 'o' orders the divestiture of the acquisition"),
        (order_issued(category="divestiture", assets=["a", "b"]), "order 'o' orders the divestiture of a, b"),
        (
            order_issued(category="divestiture", description="sell it", effective="2020-08-22"),
            "divestiture order 'o' (effective 2020-08-22): sell it",
        ),
        (order_issued(category="ban", description="no app stores"), "ban order 'o': no app stores"),
        (
            df.OrderDeferred(date="2020-08-20", actor="W", order="o", to="2020-09-01"),
            "order 'o' deferred: takes effect on 2020-09-01",
        ),
        (df.OrderRevoked(date="2020-08-20", actor="W", order="o"), "order 'o' revoked"),
        (df.OrderRevoked(date="2020-08-20", actor="W", order="o", reason="court"), "order 'o' revoked: court"),
        (df.DivestitureCompleted(date="2020-08-20", actor="W", order="o"), "divestiture under 'o' completed"),
        (
            df.DivestitureCompleted(date="2020-08-20", actor="W", order="o", buyer="B"),
            "divestiture under 'o' completed, to B",
        ),
    ],
)
def test_order_events_describe_themselves(event: df.Event, text: str) -> None:
    """The timeline's line for each order event says what the order does, its effective day and its own words."""
    assert event.describe() == text


def test_an_order_status_reports_what_was_issued_and_where_it_stands() -> None:
    """Issuer, category, parties, assets, deadline, issue and effective days are in the status; stands tracks in_force."""
    deal = in_court()
    changes = deal.issue_order(
        "sell",
        "divestiture",
        issuer="Washington",
        assets=["TikTok US"],
        deadline="2020-11-12",
        description="sell TikTok US",
        effective="2020-08-22",
        regulator="Beijing",
        on="2020-08-20",
    )
    assert changes == [Change(dt.date(2020, 8, 20), 7, "order sell", None, "in_force")]
    expected = df.OrderStatus(
        order="sell",
        issuer="Washington",
        category="divestiture",
        state="in_force",
        acquirers=(),
        forbids=(),
        assets=("TikTok US",),
        deadline=dt.date(2020, 11, 12),
        issued_on=dt.date(2020, 8, 20),
        description="sell TikTok US",
        effective=dt.date(2020, 8, 22),
    )
    assert deal.order("sell") == expected and deal.order("sell").stands
    assert deal.status().orders == (expected,)
    assert deal.journal[-1].regulator == "Beijing"
    deal.issue_order("ban", "prohibition", issuer="Beijing", acquirers="Microsoft", on="2020-08-21")
    ban = deal.order("ban")
    assert (ban.issuer, ban.category, ban.acquirers, ban.effective, ban.deadline, ban.description) == (
        "Beijing",
        "prohibition",
        ("Microsoft",),
        dt.date(2020, 8, 21),
        None,
        "",
    )
    assert (ban.forbids, ban.assets, deal.journal[-1].regulator) == ((), (), None)
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="sell", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-21")
    assert deal.order("sell").state == "enjoined" and not deal.order("sell").stands
    assert deal.order("ban").stands  # the first order is kept beside the second


def test_an_order_is_refused_when_its_name_or_parties_do_not_fit() -> None:
    """A name in use (by an order or a mandate), an unknown acquirer, and a regulator that is unknown or not a regulator are refused; nothing is kept."""
    deal = in_court()
    deal.issue_order("o", "ban", issuer="Washington", on="2020-08-20")
    everyone = "use one of: ByteDance, Microsoft, Walmart, Oracle, Washington, Beijing, Court, D.D.C., D.C. Circuit"

    def issue(**kw: Any) -> Callable[[], object]:
        return lambda: deal.issue_order(
            on="2020-08-20", issuer="Washington", **{"order": "new", "category": "ban", **kw}
        )

    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    cases = [
        (issue(order="o"), ("RefusedEvent", "order", "order 'o' exists already", "name the new order differently")),
        (
            issue(order="EO"),
            (
                "RefusedEvent",
                "order",
                "'EO' is the name of a mandate already; suits name orders and mandates alike",
                "name the new order differently",
            ),
        ),
        (
            issue(category="prohibition", acquirers=["Microsoft", "Nobody"]),
            ("UnknownParty", "acquirers", "unknown party 'Nobody'", everyone),
        ),
        (
            issue(regulator="Microsoft"),
            ("InputError", "regulator", "Microsoft is a bidder, not a regulator", "name a regulator"),
        ),
        (issue(regulator="Nobody"), ("UnknownParty", "regulator", "unknown party 'Nobody'", everyone)),
    ]
    for action, expected in cases:
        assert refusal(action) == expected
        assert [o.order for o in deal.status().orders] == ["o"]


@pytest.mark.parametrize("category", ["prohibition", "interim", "ban"])
def test_a_closed_deal_takes_only_a_divestiture_order(category: str) -> None:
    """After the close a prohibition, an interim order or a ban comes too late, naming the category and the fix."""
    deal = closed_jv()
    extra = {"prohibition": dict(acquirers="Oracle"), "interim": dict(forbids="integration"), "ban": {}}[category]
    assert refusal(lambda: deal.issue_order("late", category, issuer="Washington", on="2023-01-02", **extra)) == (
        "RefusedEvent",
        "category",
        f"the deal is closed: a {category} order comes too late",
        "issue a divestiture order (a call-in) against the closed deal",
    )


def test_unknown_orders_are_refused_listing_the_issued_ones() -> None:
    """An order event or question naming no issued order names the field 'order' and lists the orders issued."""
    deal = in_court()
    assert refusal(lambda: deal.order("x")) == ("UnknownParty", "order", "no order 'x'", "use one of: none issued yet")
    ghost = df.OrderRevoked(date="2020-08-20", actor="Washington", order="x")
    assert refusal(lambda: deal.apply(ghost)) == (
        "UnknownParty",
        "order",
        "no order 'x'",
        "use one of: none issued yet",
    )
    deal.issue_order("a", "ban", issuer="Washington", on="2020-08-20")
    deal.issue_order("b", "ban", issuer="Washington", on="2020-08-20")
    expected = ("UnknownParty", "order", "no order 'x'", "use one of: a, b")
    assert refusal(lambda: deal.order("x")) == expected
    assert refusal(lambda: deal.apply(ghost)) == expected
    for event in (
        df.OrderDeferred(date="2020-08-20", actor="Washington", order="x", to="2020-09-01"),
        df.DivestitureCompleted(date="2020-08-20", actor="ByteDance", order="x"),
    ):
        assert refusal(lambda: deal.apply(event)) == expected  # noqa: B023


def test_revoking_an_order_moves_it_once_and_records_why() -> None:
    """order_revoked moves an order in force or enjoined to revoked, by the issuer unless told, keeping the reason."""
    deal = in_court()
    deal.issue_order("a", "ban", issuer="Washington", on="2020-08-20")
    deal.issue_order("b", "ban", issuer="Beijing", on="2020-08-20")
    assert deal.revoke_order("a", reason="settled", on="2020-08-21") == [
        Change(dt.date(2020, 8, 21), 9, "order a", "in_force", "revoked")
    ]
    assert (deal.journal[-1].actor, deal.journal[-1].reason) == ("Washington", "settled")
    assert refusal(lambda: deal.revoke_order("a", on="2020-08-21")) == (
        "RefusedEvent",
        None,
        "order 'a' is revoked: cannot be revoked",
        "from revoked the order allows: nothing (it is final)",
    )
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="b", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-21")
    deal.revoke_order("b", actor="Washington", on="2020-08-22")
    assert deal.journal[-1].actor == "Washington" and deal.order("b").state == "revoked"
    assert deal.journal[-1].reason == ""  # none given, none recorded


def test_a_divestiture_order_is_complied_with_only_while_in_force() -> None:
    """divestiture_completed needs a divestiture order in force; the seller acts unless told, and the buyer is kept."""
    deal = in_court()
    deal.issue_order("sell", "divestiture", issuer="Washington", on="2020-08-20")
    deal.issue_order("sell2", "divestiture", issuer="Washington", on="2020-08-20")
    deal.issue_order("ban", "ban", issuer="Washington", on="2020-08-20")
    assert refusal(lambda: deal.complete_divestiture("ban", on="2020-08-21")) == (
        "RefusedEvent",
        "order",
        "order 'ban' is a ban order, not a divestiture",
        "name a divestiture order",
    )
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="sell", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-21")
    assert refusal(lambda: deal.complete_divestiture("sell", on="2020-08-21")) == (
        "RefusedEvent",
        None,
        "order 'sell' is enjoined: cannot be complied with",
        "from enjoined the order allows: enjoin, lift, revoke",
    )
    assert deal.complete_divestiture("sell2", buyer="Oracle", on="2020-08-22") == [
        Change(dt.date(2020, 8, 22), 12, "order sell2", "in_force", "complied")
    ]
    assert (deal.journal[-1].actor, deal.journal[-1].buyer) == ("ByteDance", "Oracle")
    deal.deny_injunction("s", on="2020-08-23")
    deal.complete_divestiture("sell", actor="Oracle", on="2020-08-24")
    assert deal.journal[-1].actor == "Oracle" and deal.order("sell").state == "complied"
    assert deal.journal[-1].buyer == ""  # none given, none recorded
    deal.issue_order("hold", "interim", issuer="Washington", forbids="integration", on="2020-08-25")
    assert refusal(lambda: deal.complete_divestiture("hold", on="2020-08-25"))[2] == (
        "order 'hold' is an interim order, not a divestiture"  # an, before a vowel
    )


def test_a_deferral_moves_the_day_forward_only_by_a_later_day() -> None:
    """A deferral to the day after the effective day is accepted, also for an enjoined order; the same day is refused."""
    deal = in_court()
    deal.issue_order("ban", "ban", issuer="Washington", on="2020-08-20", effective="2020-08-25")
    assert refusal(lambda: deal.defer_order("ban", to="2020-08-25", on="2020-08-21")) == (
        "RefusedEvent",
        "to",
        "2020-08-25 is not after 2020-08-25, the day order 'ban' takes effect",
        "defer it to a day after 2020-08-25",
    )
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="ban", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-21")
    deal.defer_order("ban", to="2020-08-26", on="2020-08-21")
    assert deal.journal[-1].actor == "Washington"
    assert (deal.order("ban").state, deal.order("ban").effective) == ("enjoined", dt.date(2020, 8, 26))
    deal.defer_order("ban", to="2020-08-27", on="2020-08-25")  # the day before it takes effect
    assert deal.order("ban").effective == dt.date(2020, 8, 27)
    assert refusal(lambda: deal.defer_order("ban", to="2020-08-30", on="2020-08-27"))[1:] == (
        "date",
        "order 'ban' took effect on 2020-08-27: too late to defer",
        "revoke it (order_revoked), or record a court's relief against it",
    )


def test_a_refused_deferral_names_the_issuer_and_the_state() -> None:
    """Another party's deferral names the issuer in the fix; a complied order cannot be deferred."""
    deal = in_court()
    deal.issue_order("sell", "divestiture", issuer="Washington", on="2020-08-20", effective="2020-09-01")
    assert refusal(lambda: deal.defer_order("sell", to="2020-09-02", actor="Beijing", on="2020-08-21")) == (
        "RefusedEvent",
        "actor",
        "order 'sell' was issued by Washington: only its issuer defers it",
        "record the deferral by Washington",
    )
    deal.complete_divestiture("sell", on="2020-08-22")
    assert refusal(lambda: deal.defer_order("sell", to="2020-09-02", on="2020-08-23")) == (
        "RefusedEvent",
        "order",
        "order 'sell' is complied: cannot be deferred",
        "defer an order still in force",
    )


def _bar(order: str, issuer: str, acquirers: str, hit: str) -> str:
    return (
        f"order {order!r} of {issuer} (2020-08-20) prohibits the transaction by {acquirers} and any substantially "
        f"equivalent one; this event makes {hit} an acquirer again"
    )


def test_a_prohibition_refusal_names_the_order_the_parties_hit_and_the_field() -> None:
    """Every standing prohibition is checked in turn; the refusal names the order that hits, who, the field and the fix."""
    deal = in_court()
    deal.issue_order("w", "prohibition", issuer="Washington", acquirers=["Walmart"], on="2020-08-20")
    deal.issue_order("ban", "prohibition", issuer="Beijing", acquirers=["Walmart", "Microsoft"], on="2020-08-20")
    fix = "revoke order 'ban' (order_revoked) or have a court enjoin it first"
    msft = _bar("ban", "Beijing", "Walmart, Microsoft", "Microsoft")
    cases = [
        (
            lambda: deal.submit_bid("x", ["Oracle"], Terms.sale("Microsoft", entity="TikTok US"), on="2020-08-21"),
            "bidders",
            msft,
            fix,
        ),
        (
            lambda: deal.submit_bid("x", ["Microsoft", "Walmart"], SALE, on="2020-08-21"),
            "bidders",
            _bar("w", "Washington", "Walmart", "Walmart"),
            "revoke order 'w' (order_revoked) or have a court enjoin it first",
        ),
        (lambda: deal.accept_bid("msft", on="2020-08-21"), "bid", msft, fix),
        (lambda: deal.revise_bid("msft", terms=JV, on="2020-08-21"), "bid", msft, fix),
        (lambda: deal.restructure(JV.with_(cap_table={"Microsoft": "0.3"}), on="2020-08-21"), "terms", msft, fix),
    ]
    for action, field, rule, fix_ in cases:
        assert refusal(action) == ("RefusedEvent", field, rule, fix_)
    deal.revoke_order("w", on="2020-08-21")
    assert refusal(lambda: deal.submit_bid("x", ["Walmart", "Microsoft"], SALE, on="2020-08-21"))[2] == _bar(
        "ban", "Beijing", "Walmart, Microsoft", "Microsoft, Walmart"
    )
    deal.submit_bid("oracle", ["Oracle"], JV, on="2020-08-21")  # nobody prohibited: accepted
    deal.accept_bid("oracle", on="2020-08-22")
    deal.withdraw_bid("msft", on="2020-08-22")  # walking away stays allowed


def test_orders_other_than_a_standing_prohibition_let_the_party_bid() -> None:
    """A ban, a divestiture order, an interim order, or a prohibition not yet in effect bar no bid."""
    deal = in_court()
    deal.issue_order("ban", "ban", issuer="Washington", on="2020-08-20")
    deal.issue_order("sell", "divestiture", issuer="Washington", on="2020-08-20")
    deal.issue_order("hold", "interim", issuer="Washington", forbids="integration", on="2020-08-20")
    deal.issue_order(
        "later", "prohibition", issuer="Washington", acquirers="Walmart", effective="2020-08-30", on="2020-08-20"
    )
    deal.submit_bid("wmt", ["Walmart"], Terms.sale("Walmart", entity="TikTok US"), on="2020-08-21")
    assert deal.bid("wmt").state == "submitted"


def test_an_interim_order_forbids_exactly_what_it_lists() -> None:
    """An action it lists is refused naming the order and the fix; others are allowed, and closing is barred only if listed."""
    deal = in_court()
    deal.issue_order("hold", "interim", issuer="Washington", forbids="integration", on="2020-08-20")
    assert refusal(lambda: deal.act("integration", on="2020-08-21")) == (
        "RefusedEvent",
        "action",
        "interim order 'hold' of Washington (2020-08-20) forbids integration",
        "wait until the order is revoked, or a court enjoins it",
    )
    deal.act("shareholder_meeting", on="2020-08-21")
    assert not any("hold" in b for b in deal.blockers())
    deal.issue_order(
        "later", "interim", issuer="Beijing", forbids="data_transfer", effective="2020-08-25", on="2020-08-21"
    )
    deal.act("data_transfer", on="2020-08-24")
    assert refusal(lambda: deal.act("data_transfer", on="2020-08-25"))[2] == (
        "interim order 'later' of Beijing (2020-08-21) forbids data transfer"
    )


def test_a_status_quo_order_forbids_every_action_and_closing_until_enjoined() -> None:
    """status_quo forbids any action and bars closing; once a court enjoins the order, both are free again."""
    deal = in_court()
    deal.issue_order("hold", "interim", issuer="Washington", forbids="status_quo", on="2020-08-20")
    assert refusal(lambda: deal.act("shareholder_meeting", on="2020-08-21"))[2] == (
        "interim order 'hold' of Washington (2020-08-20) forbids shareholder meeting"
    )
    assert "interim order 'hold' forbids closing" in deal.blockers()
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="hold", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-21")
    deal.act("shareholder_meeting", on="2020-08-21")
    assert not any("hold" in b for b in deal.blockers())


def test_an_order_bars_closing_only_once_in_effect() -> None:
    """A prohibition of a party to the terms, or an interim order forbidding closing, bars nothing before its effective day."""
    deal = in_court()
    deal.approve("Washington", on="2020-08-20")
    deal.issue_order("gone", "interim", issuer="Washington", forbids="closing", on="2020-08-20")
    deal.revoke_order("gone", on="2020-08-20")  # a revoked order bars nothing, and the later ones are still checked
    deal.issue_order(
        "ban",
        "prohibition",
        issuer="Washington",
        acquirers=["Walmart", "Oracle"],
        effective="2020-08-25",
        on="2020-08-20",
    )
    deal.issue_order("hold", "interim", issuer="Washington", forbids="closing", effective="2020-08-25", on="2020-08-20")
    assert deal.blockers() == []
    deal.act("shareholder_meeting", on="2020-08-25")
    assert deal.blockers() == [
        "order 'ban' prohibits the transaction by Walmart, Oracle",
        "interim order 'hold' forbids closing",
    ]


def test_a_prohibition_of_the_accepted_bidder_bars_the_close() -> None:
    """A consortium bid accepted before a prohibition of a member outside the cap table still bars closing."""
    deal = opened()
    deal.submit_bid("pair", ["Microsoft", "Walmart"], SALE, on="2020-08-03")
    deal.accept_bid("pair", on="2020-08-04")
    deal.issue_order("other", "prohibition", issuer="Washington", acquirers="Oracle", on="2020-08-05")
    assert not any("order" in b for b in deal.blockers())
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Walmart", on="2020-08-05")
    assert "order 'ban' prohibits the transaction by Walmart" in deal.blockers()


def test_revoking_or_deferring_an_unknown_order_names_the_order() -> None:
    """The sugar refuses an order never issued by its name, listing the issued ones, not as an unknown actor."""
    deal = in_court()
    deal.issue_order("a", "ban", issuer="Washington", on="2020-08-20")
    expected = ("UnknownParty", "order", "no order 'x'", "use one of: a")
    assert refusal(lambda: deal.revoke_order("x", on="2020-08-21")) == expected
    assert refusal(lambda: deal.defer_order("x", to="2020-09-01", on="2020-08-21")) == expected
    assert len(deal.journal) == 8  # nothing recorded


def test_the_sugar_passes_extra_event_fields_on() -> None:
    """A note (or any other event field) given to an order method is recorded on the event it applies."""
    deal = in_court()
    deal.issue_order("a", "ban", issuer="Washington", effective="2020-08-25", on="2020-08-20", note="n1")
    deal.defer_order("a", to="2020-08-26", on="2020-08-20", note="n2")
    deal.revoke_order("a", on="2020-08-20", note="n3")
    deal.issue_order("sell", "divestiture", issuer="Washington", on="2020-08-20")
    deal.complete_divestiture("sell", on="2020-08-20", note="n4")
    assert [e.note for e in deal.journal if e.note] == ["n1", "n2", "n3", "n4"]


def test_who_the_deal_makes_an_acquirer() -> None:
    """The current terms' holders and the accepted bid's bidders are acquirers; a deal without terms makes none."""
    from dealflow._orders import _held_by

    deal = opened()
    assert _held_by(deal) == set()
    deal.submit_bid("pair", ["Microsoft", "Walmart"], SALE, on="2020-08-03")
    deal.submit_bid("oracle", ["Oracle"], JV, on="2020-08-03")
    assert _held_by(deal) == set()  # offers alone make no acquirer
    deal.restructure(JV, on="2020-08-04")
    assert _held_by(deal) == {"ByteDance", "Oracle"}
    deal.accept_bid("pair", on="2020-08-05")
    assert _held_by(deal) == {"Microsoft", "Walmart"}  # the accepted bid's terms and its bidders


def test_a_deferral_needs_the_new_day() -> None:
    """order_deferred without a day to defer to is refused when it is made, naming the field."""
    with pytest.raises(InputError) as info:
        df.OrderDeferred(date=dt.date(2020, 9, 18), actor="Commerce", order="ban", to=None)  # type: ignore[arg-type]
    assert info.value.field == "to" and "not a date" in info.value.rule
    with pytest.raises(InputError) as read:
        df.event_from_dict({"type": "order_deferred", "date": "2020-09-18", "actor": "Commerce", "order": "ban"})
    assert read.value.field == "to"
