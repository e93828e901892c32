"""Tests of dealflow._orders: prohibitions, interim orders, divestiture orders (call-ins)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import DealflowError, InputError, Money, RefusedEvent, Terms

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
