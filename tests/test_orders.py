"""Tests of dealflow._orders: prohibitions, interim orders, divestiture orders (call-ins)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import DealflowError, InputError, Money, RefusedEvent, Terms
from dealflow._report import format_status

from .helpers import JV, SALE, closed_jv, in_court


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
