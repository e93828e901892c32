"""Tests of dealflow._bids: offers, hostile rounds, tender offers and withdrawal as its own end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dealflow import Change, Deal, DealflowError, InputError, Money, Party, RefusedEvent, Terms, UnknownParty

from .helpers import refusal

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Raider", "bidder", "US"),
    Party("Knight", "bidder", "US"),
    Party("Washington", "regulator", "US"),
)


def offer(price: str, buyer: str = "Raider") -> Terms:
    """A sale of Target to ``buyer`` at ``price``."""
    return Terms.sale(buyer, entity="Target", price=Money(price))


def opened() -> Deal:
    """A target with no regulator required yet."""
    return Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")


def test_a_rejected_offer_comes_back_as_a_new_round_of_the_same_bid() -> None:
    """Raising a rejected offer is a new round of the same bid, never an acceptance of the rejected round."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), unsolicited=True, form="tender", on="2024-01-03")
    deal.reject_bid("raid", on="2024-01-10")
    with pytest.raises(RefusedEvent, match="bid 'raid' is rejected: cannot be accepted"):
        deal.accept_bid("raid", on="2024-01-11")
    deal.revise_bid("raid", terms=offer("75e9"), on="2024-01-12")
    bid = deal.bid("raid")
    assert (bid.state, bid.round, bid.unsolicited, bid.form) == ("revised", 2, True, "tender")
    deal.revise_bid("raid", terms=offer("72e9"), on="2024-01-13")  # lowered: a round too
    assert deal.bid("raid").round == 3
    deal.accept_bid("raid", on="2024-01-14")
    assert deal.state == "agreed" and deal.terms == offer("72e9")


def test_withdrawing_the_only_offer_ends_the_pursuit_as_withdrawn() -> None:
    """With ends_deal the deal ends withdrawn, which is not a termination; not while another offer is live."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), unsolicited=True, on="2024-01-03")
    deal.submit_bid("white knight", "Knight", offer("71e9", "Knight"), on="2024-01-04")
    with pytest.raises(RefusedEvent, match="white knight are still live"):
        deal.withdraw_bid("raid", ends_deal=True, on="2024-01-05")
    deal.withdraw_bid("white knight", on="2024-01-05")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-06")
    assert deal.state == "withdrawn"
    assert deal.contract is None and deal.settlement() == ()
    with pytest.raises(RefusedEvent, match="withdrawn: it accepts no further state change"):
        deal.terminate(on="2024-01-07")


def test_a_regulator_blocks_an_offer_never_accepted() -> None:
    """A regulator reviews and blocks an offer that nobody accepted; raising the price keeps its review."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), unsolicited=True, on="2024-01-03")
    deal.require_gate("Washington", on="2024-01-04")
    deal.scope_gate("Washington", "investment", on="2024-01-04")
    deal.open_review("Washington", days=30, bid="raid", on="2024-01-05")
    assert deal.gate("Washington").terms == offer("70e9")
    deal.revise_bid("raid", terms=offer("80e9"), on="2024-01-06")
    gate = deal.gate("Washington")
    assert (gate.state, gate.terms, gate.bid) == ("under_review", offer("80e9"), "raid")
    deal.block("Washington", bid="raid", on="2024-01-20")
    assert deal.gate("Washington").state == "blocked" and deal.terms is None
    other = deal.fork("2024-01-20")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-21")
    assert deal.state == "withdrawn"
    other.withdraw_bid("raid", on="2024-01-21")  # the pursuit goes on without an offer
    with pytest.raises(RefusedEvent, match="bid 'raid' is withdrawn"):
        other.approve("Washington", bid="raid", on="2024-01-22")


def test_an_agreed_deal_is_abandoned_not_terminated() -> None:
    """Abandonment is its own end of an agreed deal."""
    deal = opened()
    deal.agree(offer("70e9"), on="2024-01-03")
    deal.abandon(reason="under review too long", on="2024-06-01")
    assert deal.state == "abandoned"


def _refused(call: object) -> DealflowError:
    """The error a call raises (it must raise one)."""
    with pytest.raises(DealflowError) as info:
        call()  # type: ignore[operator]
    return info.value


def test_submitting_a_bid_names_what_is_wrong_and_the_fix() -> None:
    """A taken name (field bid), a selling bidder (field bidders), an actor not among the bidders
    (field actor) and an undeclared bidder (field bidders) are each refused with their fix."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    err = _refused(lambda: deal.submit_bid("raid", "Knight", offer("71e9", "Knight"), on="2024-01-04"))
    assert (type(err), err.field) == (RefusedEvent, "bid")
    assert "revise it, or name the new bid differently" in (err.fix or "")
    assert "bid 'raid' exists already" in str(err)
    err = _refused(lambda: deal.submit_bid("own", ["Target", "Knight"], offer("1e9", "Knight"), on="2024-01-04"))
    assert (type(err), err.field) == (InputError, "bidders")
    assert "name the buyers" in (err.fix or "")
    assert "seller cannot bid" in str(err)
    err = _refused(lambda: deal.submit_bid("k", "Knight", offer("1e9", "Knight"), actor="Raider", on="2024-01-04"))
    assert (type(err), err.field) == (RefusedEvent, "actor")
    assert "one of the bidders: Knight" in (err.fix or "")
    assert "Raider submits a bid it is not part of" in str(err)
    err = _refused(lambda: deal.submit_bid("x", ["Knight", "Ghost"], offer("1e9", "Knight"), on="2024-01-04"))
    assert err.field == "bidders"
    assert [b.bid for b in deal.status().bids] == ["raid"]


def test_only_the_seller_and_the_bids_own_bidders_act_on_it() -> None:
    """Another bidder revising, rejecting, withdrawing or accepting someone else's bid: field actor, fix lists who may."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    for act in (
        lambda: deal.revise_bid("raid", terms=offer("80e9"), actor="Knight", on="2024-01-04"),
        lambda: deal.reject_bid("raid", actor="Knight", on="2024-01-04"),
        lambda: deal.withdraw_bid("raid", actor="Knight", on="2024-01-04"),
        lambda: deal.accept_bid("raid", actor="Knight", on="2024-01-04"),
    ):
        err = _refused(act)
        assert err.field == "actor"
        assert (err.fix or "").endswith("one of: Target, Raider")
        assert "Knight is neither the seller nor a bidder of this bid" in str(err)
    deal.revise_bid("raid", terms=offer("80e9"), actor="Target", on="2024-01-04")  # the seller may
    deal.revise_bid("raid", bidders=["Raider", "Knight"], on="2024-01-05")
    deal.revise_bid("raid", terms=offer("81e9"), actor="Knight", on="2024-01-06")  # now a bidder of it
    assert deal.bid("raid").bidders == ("Raider", "Knight")


def test_a_revision_is_a_new_round_only_when_the_terms_change() -> None:
    """Revising with the same terms or only new bidders keeps the round; new terms add one and reach the gates."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.revise_bid("raid", terms=offer("70e9"), on="2024-01-04")
    deal.revise_bid("raid", bidders=["Raider", "Knight"], on="2024-01-05")
    assert (deal.bid("raid").round, deal.bid("raid").state) == (1, "revised")
    deal.revise_bid("raid", terms=offer("71e9"), on="2024-01-06")
    assert (deal.bid("raid").round, deal.bid("raid").terms) == (2, offer("71e9"))


def test_withdrawing_the_accepted_bid_reopens_negotiation_until_signing() -> None:
    """The accepted bid withdrawn before signing: the deal goes back to negotiating; after signing it is refused."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    deal.withdraw_bid("raid", on="2024-01-05")
    assert (deal.state, deal.bid("raid").state) == ("negotiating", "withdrawn")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-06")
    deal.accept_bid("knight", on="2024-01-07")
    deal.sign(on="2024-01-08")
    err = _refused(lambda: deal.withdraw_bid("knight", on="2024-01-09"))
    assert "the deal is signed on this bid" in str(err)
    assert "terminate the deal instead" in (err.fix or "")
    assert (deal.state, deal.bid("knight").state) == ("signed", "accepted")


def test_withdrawing_the_accepted_bid_with_ends_deal_ends_the_deal_agreed_on_it() -> None:
    """The accepted bid withdrawn with ends_deal before signing: the agreement on it is undone and the deal ends withdrawn."""
    deal = _accepted_raid()
    day = deal.clock.replace(day=5)
    assert deal.withdraw_bid("raid", ends_deal=True, on="2024-01-05") == [
        Change(day, 3, "bid raid", "accepted", "withdrawn"),
        Change(day, 3, "deal", "agreed", "negotiating"),
        Change(day, 3, "deal", "negotiating", "withdrawn"),
    ]
    assert (deal.state, deal.bid("raid").state, deal.is_final) == ("withdrawn", "withdrawn", True)
    assert deal.contract is None and deal.settlement() == ()
    with pytest.raises(RefusedEvent, match="withdrawn: it accepts no further state change"):
        deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-06")


def test_withdrawing_an_accepted_bid_whose_terms_were_renegotiated_leaves_the_deal_agreed() -> None:
    """Once the agreed terms differ from the accepted bid's, withdrawing the bid does not reopen the deal."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    deal.agree(offer("69e9"), on="2024-01-05")
    deal.withdraw_bid("raid", on="2024-01-06")
    assert (deal.state, deal.terms) == ("agreed", offer("69e9"))


def test_a_withdrawal_ends_the_pursuit_only_when_no_other_bid_is_live() -> None:
    """ends_deal with another live bid: refused (field ends_deal); with none, the deal ends withdrawn."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    err = _refused(lambda: deal.withdraw_bid("raid", ends_deal=True, on="2024-01-04"))
    assert err.field == "ends_deal"
    assert "withdraw the other bids first" in (err.fix or "")
    assert "bids knight are still live" in str(err)
    deal.reject_bid("knight", on="2024-01-05")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-06")
    assert (deal.state, deal.bid("raid").state) == ("withdrawn", "withdrawn")


def test_one_bid_is_accepted_at_a_time() -> None:
    """Accepting a second bid while one is accepted: refused, the fix names the accepted bid to withdraw."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    err = _refused(lambda: deal.accept_bid("knight", on="2024-01-05"))
    assert "withdraw bid 'raid' first" in (err.fix or "")
    assert "bid 'raid' is accepted already" in str(err)
    assert (deal.terms, deal.bid("knight").state) == (offer("70e9"), "submitted")


def test_an_unknown_bid_lists_the_known_ones() -> None:
    """A bid name the deal does not know: field bid, the fix lists the bids (or says there is none yet)."""
    deal = opened()
    err = _refused(lambda: deal.reject_bid("ghost", on="2024-01-03"))
    assert (err.field, err.fix) == ("bid", "use one of: none yet")
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    err = _refused(lambda: deal.reject_bid("ghost", on="2024-01-03"))
    assert (err.field, err.fix) == ("bid", "use one of: raid, knight")
    assert "unknown bid 'ghost'" in str(err)


def _signed_on_other_terms() -> Deal:
    """Bid raid submitted, then the deal agreed and signed on other terms (so raid was never accepted)."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.agree(offer("60e9"), on="2024-01-04")
    deal.sign(on="2024-01-05")
    return deal


def _accepted_raid() -> Deal:
    """Bid raid accepted: the deal is agreed on its terms."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    return deal


def _signed_raid() -> Deal:
    """Bid raid accepted and the deal signed on it."""
    deal = _accepted_raid()
    deal.sign(on="2024-01-05")
    return deal


def _renegotiated_raid() -> Deal:
    """Bid raid accepted, then the deal agreed on other terms (not raid's)."""
    deal = _accepted_raid()
    deal.agree(offer("69e9"), on="2024-01-05")
    return deal


def _withdrawn_raid() -> Deal:
    """Bid raid submitted then withdrawn."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.withdraw_bid("raid", on="2024-01-04")
    return deal


def _knight_accepted() -> Deal:
    """Two bids, knight (revised) accepted."""
    deal = _two_bids()
    deal.accept_bid("knight", on="2024-01-05")
    return deal


def _two_bids() -> Deal:
    """Bids raid (Raider) and knight (Knight), both submitted; knight revised once."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    deal.revise_bid("knight", terms=offer("72e9", "Knight"), on="2024-01-04")
    return deal


@pytest.mark.parametrize(
    ("build", "act", "error", "field", "rule", "fix"),
    [
        (
            opened,
            lambda d: d.reject_bid("ghost", on="2024-01-09"),
            UnknownParty,
            "bid",
            "unknown bid 'ghost'",
            "use one of: none yet",
        ),
        (
            _two_bids,
            lambda d: d.submit_bid("raid", "Knight", offer("1e9", "Knight"), on="2024-01-09"),
            RefusedEvent,
            "bid",
            "bid 'raid' exists already",
            "revise it, or name the new bid differently",
        ),
        (
            opened,
            lambda d: d.submit_bid("own", ["Knight", "Target"], offer("1e9", "Knight"), on="2024-01-09"),
            InputError,
            "bidders",
            "the seller cannot bid for its own business",
            "name the buyers",
        ),
        (
            opened,
            lambda d: d.submit_bid(
                "k", ["Knight", "Raider"], offer("1e9", "Knight"), actor="Washington", on="2024-01-09"
            ),
            RefusedEvent,
            "actor",
            "Washington submits a bid it is not part of",
            "the actor must be one of the bidders: Knight, Raider",
        ),
        (
            _signed_on_other_terms,
            lambda d: d.submit_bid("k", "Knight", offer("1e9", "Knight"), on="2024-01-09"),
            RefusedEvent,
            None,
            "the deal is signed: cannot receive a bid",
            "from signed the deal allows: close, terminate, abandon",
        ),
        (
            _two_bids,
            lambda d: d.revise_bid("raid", terms=offer("80e9"), actor="Knight", on="2024-01-09"),
            RefusedEvent,
            "actor",
            "Knight is neither the seller nor a bidder of this bid",
            "the actor must be one of: Target, Raider",
        ),
        (
            _two_bids,
            lambda d: d.revise_bid("raid", bidders=["Raider", "Ghost"], on="2024-01-09"),
            UnknownParty,
            "bidders",
            "unknown party 'Ghost'",
            "use one of: Target, Raider, Knight, Washington",
        ),
        (
            _accepted_raid,
            lambda d: d.revise_bid("raid", terms=offer("80e9"), on="2024-01-09"),
            RefusedEvent,
            None,
            "bid 'raid' is accepted: cannot be revised",
            "from accepted the bid allows: withdraw",
        ),
        (
            _accepted_raid,
            lambda d: d.reject_bid("raid", on="2024-01-09"),
            RefusedEvent,
            None,
            "bid 'raid' is accepted: cannot be rejected",
            "from accepted the bid allows: withdraw",
        ),
        (
            _signed_on_other_terms,
            lambda d: d.accept_bid("raid", on="2024-01-09"),
            RefusedEvent,
            None,
            "the deal is signed: cannot agree on a bid",
            "from signed the deal allows: close, terminate, abandon",
        ),
        (
            _accepted_raid,
            lambda d: d.accept_bid("raid", on="2024-01-09"),
            RefusedEvent,
            None,
            "bid 'raid' is accepted: cannot be accepted",
            "from accepted the bid allows: withdraw",
        ),
        (
            _knight_accepted,
            lambda d: d.accept_bid("raid", on="2024-01-09"),
            RefusedEvent,
            None,
            "bid 'knight' is accepted already: at most one bid is accepted at a time",
            "withdraw bid 'knight' first",
        ),
        (
            _two_bids,
            lambda d: d.withdraw_bid("raid", ends_deal=True, on="2024-01-09"),
            RefusedEvent,
            "ends_deal",
            "bids knight are still live: the pursuit does not end with this one",
            "withdraw the other bids first, or leave ends_deal false",
        ),
        (
            _signed_on_other_terms,
            lambda d: d.withdraw_bid("raid", ends_deal=True, on="2024-01-09"),
            RefusedEvent,
            None,
            "the deal is signed: cannot end by a withdrawal",
            "from signed the deal allows: close, terminate, abandon",
        ),
        (
            _knight_accepted,
            lambda d: d.withdraw_bid("knight", ends_deal=True, on="2024-01-09"),
            RefusedEvent,
            "ends_deal",
            "bids raid are still live: the pursuit does not end with this one",
            "withdraw the other bids first, or leave ends_deal false",
        ),
        (
            _renegotiated_raid,
            lambda d: d.withdraw_bid("raid", ends_deal=True, on="2024-01-09"),
            RefusedEvent,
            None,
            "the deal is agreed: cannot end by a withdrawal",
            "from agreed the deal allows: bid, propose, agree, reopen, sign, terminate, abandon",
        ),
        (
            _signed_raid,
            lambda d: d.withdraw_bid("raid", ends_deal=True, on="2024-01-09"),
            RefusedEvent,
            None,
            "the deal is signed on this bid",
            "terminate the deal instead",
        ),
        (
            _withdrawn_raid,
            lambda d: d.withdraw_bid("raid", on="2024-01-09"),
            RefusedEvent,
            None,
            "bid 'raid' is withdrawn: cannot be withdrawn",
            "from withdrawn the bid allows: nothing (it is final)",
        ),
        (
            _signed_raid,
            lambda d: d.withdraw_bid("raid", on="2024-01-09"),
            RefusedEvent,
            None,
            "the deal is signed on this bid",
            "terminate the deal instead",
        ),
    ],
)
def test_each_bid_refusal_names_its_field_rule_and_fix(
    build: Callable[[], Deal],
    act: Callable[[Deal], object],
    error: type[DealflowError],
    field: str | None,
    rule: str,
    fix: str,
) -> None:
    """Every refusal of a bid event: its error type, field, rule and fix exactly, and nothing half-applied."""
    assert refusal(build(), act, error)[1:] == (field, rule, fix)


def test_each_bid_event_returns_its_changes_dated_and_placed_at_the_event() -> None:
    """Submitting, revising (with a review of the offer meeting a new buyer), rejecting, accepting and
    withdrawing each return their moves, labelled ``bid NAME``, with the event's date and position."""
    deal = opened()
    day = deal.clock
    assert deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03") == [
        Change(day.replace(day=3), 1, "bid raid", None, "submitted"),
        Change(day.replace(day=3), 1, "deal", "open", "negotiating"),
    ]
    deal.require_gate("Washington", on="2024-01-04")
    deal.open_review("Washington", days=30, bid="raid", on="2024-01-05")
    changes = deal.revise_bid("raid", terms=offer("70e9", "Knight"), bidders=["Raider", "Knight"], on="2024-01-06")
    assert [(c.date, c.position, c.machine, c.before, c.after) for c in changes] == [
        (day.replace(day=6), 4, "gate Washington", "under_review", "pending"),
        (day.replace(day=6), 4, "bid raid", "submitted", "revised"),
    ]
    assert deal.reject_bid("raid", on="2024-01-07") == [
        Change(day.replace(day=7), 5, "bid raid", "revised", "rejected")
    ]
    deal.revise_bid("raid", terms=offer("71e9", "Knight"), on="2024-01-08")
    changes = deal.accept_bid("raid", on="2024-01-09")
    assert [(c.date, c.position, c.machine, c.before, c.after) for c in changes] == [
        (day.replace(day=9), 7, "bid raid", "revised", "accepted"),
        (day.replace(day=9), 7, "deal", "negotiating", "agreed"),
    ]
    assert deal.terms == offer("71e9", "Knight")
    assert deal.withdraw_bid("raid", on="2024-01-10") == [
        Change(day.replace(day=10), 8, "bid raid", "accepted", "withdrawn"),
        Change(day.replace(day=10), 8, "deal", "agreed", "negotiating"),
    ]
    deal.submit_bid("solo", "Raider", offer("50e9"), on="2024-01-11")
    assert deal.withdraw_bid("solo", ends_deal=True, on="2024-01-12") == [
        Change(day.replace(day=12), 10, "bid solo", "submitted", "withdrawn"),
        Change(day.replace(day=12), 10, "deal", "negotiating", "withdrawn"),
    ]


def test_a_revision_may_add_its_own_actor_as_a_bidder_and_names_only_declared_parties() -> None:
    """A party joining a consortium may revise the bid itself; a revised offer's new terms are checked."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.revise_bid("raid", bidders=["Raider", "Knight"], actor="Knight", on="2024-01-04")
    assert deal.bid("raid").bidders == ("Raider", "Knight")
    ghost_holder = Terms("joint_venture", "Target", {"Ghost": "30%"})
    with pytest.raises(UnknownParty) as info:
        deal.revise_bid("raid", terms=ghost_holder, on="2024-01-05")
    assert info.value.field == "terms.cap_table"
    assert (deal.bid("raid").terms, deal.bid("raid").round) == (offer("70e9"), 1)


def test_withdrawing_a_bid_the_deal_was_not_signed_on_is_allowed_after_signing() -> None:
    """Only the bid the deal is signed on is held; another bid is withdrawn freely and the deal stays signed."""
    deal = _signed_on_other_terms()
    deal.withdraw_bid("raid", on="2024-01-06")
    assert (deal.state, deal.bid("raid").state) == ("signed", "withdrawn")


def test_a_withdrawal_ends_the_pursuit_while_a_revised_bid_is_live_only_after_it_goes() -> None:
    """A revised bid is live: ends_deal is refused until it is rejected."""
    deal = _two_bids()
    with pytest.raises(RefusedEvent) as info:
        deal.withdraw_bid("raid", ends_deal=True, on="2024-01-05")
    assert info.value.field == "ends_deal"
    deal.reject_bid("knight", on="2024-01-05")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-06")
    assert deal.state == "withdrawn"


def test_the_bid_sugar_methods_pass_the_actor_reason_and_metadata_on() -> None:
    """submit, revise, reject, withdraw and accept record the default or given actor, the reason and the note."""
    deal = opened()
    deal.submit_bid(
        "raid", ["Raider", "Knight"], offer("70e9"), unsolicited=True, form="tender", note="n1", on="2024-01-03"
    )
    deal.revise_bid("raid", terms=offer("71e9"), note="n2", on="2024-01-04")
    deal.revise_bid("raid", terms=offer("72e9"), actor="Knight", on="2024-01-04")
    deal.reject_bid("raid", reason="too low", note="n3", on="2024-01-05")
    deal.revise_bid("raid", terms=offer("73e9"), on="2024-01-06")
    deal.accept_bid("raid", note="n4", on="2024-01-07")
    deal.withdraw_bid("raid", reason="financing", note="n5", on="2024-01-08")
    deal.submit_bid("k", "Knight", offer("1e9", "Knight"), actor="Knight", on="2024-01-09")
    deal.reject_bid("k", on="2024-01-09")
    deal.withdraw_bid("k", actor="Target", on="2024-01-09")
    got = [(e.kind, e.actor, e.note, getattr(e, "reason", None)) for e in deal.journal[1:]]
    assert got == [
        ("bid_submitted", "Raider", "n1", None),
        ("bid_revised", "Raider", "n2", None),
        ("bid_revised", "Knight", "", None),
        ("bid_rejected", "Target", "n3", "too low"),
        ("bid_revised", "Raider", "", None),
        ("bid_accepted", "Target", "n4", None),
        ("bid_withdrawn", "Raider", "n5", "financing"),
        ("bid_submitted", "Knight", "", None),
        ("bid_rejected", "Target", "", ""),
        ("bid_withdrawn", "Target", "", ""),
    ]
    first = deal.journal[1]
    assert (first.bidders, first.unsolicited, first.form) == (("Raider", "Knight"), True, "tender")  # type: ignore[attr-defined]
    bid = deal.bid("raid")
    assert (bid.unsolicited, bid.form, bid.bidders, bid.state) == (True, "tender", ("Raider", "Knight"), "withdrawn")


def test_a_bid_with_no_bidders_is_refused_before_it_is_recorded() -> None:
    """submit_bid with an empty list of bidders: refused (no actor can be drawn from it), nothing recorded."""
    deal = opened()
    with pytest.raises(InputError) as info:
        deal.submit_bid("none", [], offer("1e9"), on="2024-01-03")
    assert info.value.field == "actor"
    assert deal.status().bids == ()


def test_a_bid_is_solicited_and_negotiated_unless_told_and_a_single_name_is_one_bidder() -> None:
    """submit_bid's defaults (solicited, negotiated) and single names given as text for submit and revise."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    bid = deal.bid("raid")
    assert (bid.bidders, bid.unsolicited, bid.form, bid.round) == (("Raider",), False, "negotiated", 1)
    deal.revise_bid("raid", bidders="Knight", actor="Raider", on="2024-01-04")
    assert deal.bid("raid").bidders == ("Knight",)


def test_a_withdrawal_ending_the_pursuit_lists_every_other_live_bid() -> None:
    """Two other live bids: the refusal names both, in the order they were submitted."""
    deal = _two_bids()
    deal.submit_bid("third", "Knight", offer("73e9", "Knight"), on="2024-01-05")
    with pytest.raises(RefusedEvent) as info:
        deal.withdraw_bid("raid", ends_deal=True, on="2024-01-06")
    assert info.value.rule == "bids knight, third are still live: the pursuit does not end with this one"


def test_accepting_a_bid_lapses_an_approval_of_other_terms_at_the_acceptance() -> None:
    """A deal agreed and cleared on other terms, then a bid accepted: the approval lapses, dated and placed
    at the acceptance."""
    deal = opened()
    deal.require_gate("Washington", on="2024-01-03")
    deal.agree(offer("60e9"), on="2024-01-03")
    deal.approve("Washington", on="2024-01-04")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-05")
    changes = deal.accept_bid("knight", on="2024-01-06")
    assert [(c.date, c.position, c.machine, c.after) for c in changes] == [
        (deal.clock, 5, "bid knight", "accepted"),
        (deal.clock, 5, "gate Washington", "pending"),
    ]
    assert (deal.state, deal.terms) == ("agreed", offer("71e9", "Knight"))
