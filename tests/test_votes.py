"""Tests of dealflow._votes: shareholder and board approvals, proxy contests, waivers and scoped re-votes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from fractions import Fraction

import pytest

from dealflow import (
    ApprovalRequired,
    ApprovalStatus,
    ApprovalWaived,
    Change,
    Deal,
    DealflowError,
    Money,
    Party,
    RefusedEvent,
    Terms,
    VoteHeld,
)

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("Brussels", "regulator", "EU"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"), assets=["widgets"])


def signed_with_vote(**kwargs: object) -> Deal:
    """A signed merger whose closing needs the target's shareholders."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    deal.require_approval(
        "vote",
        body="target_shareholders",
        party="Target",
        due="2024-04-30",
        on="2024-01-10",
        **kwargs,  # type: ignore[arg-type]
    )
    return deal


def test_a_vote_is_a_condition_precedent_with_its_own_date() -> None:
    """Closing waits for the shareholders' vote, which has its own due date, distinct from any gate."""
    deal = signed_with_vote()
    assert deal.approval("vote").due is not None and deal.approval("vote").due.isoformat() == "2024-04-30"
    assert [g.regulator for g in deal.status().gates] == ["Brussels"]  # no fake regulator
    with pytest.raises(RefusedEvent, match="target shareholders have not approved"):
        deal.close(on="2024-02-01")
    deal.vote("vote", passed=True, support="0.91", on="2024-04-20")
    assert deal.approval("vote").state == "approved"
    deal.close(on="2024-04-21")
    assert deal.state == "closed"


def test_a_failed_vote_bars_the_close_until_waived_by_an_entitled_party() -> None:
    """A rejected vote bars closing; only a party entitled to waive it can."""
    deal = signed_with_vote(waivable_by=["Buyer"])
    deal.vote("vote", passed=False, support="0.40", on="2024-04-20")
    with pytest.raises(RefusedEvent, match="vote is rejected"):
        deal.close(on="2024-04-21")
    with pytest.raises(RefusedEvent, match="Target is not entitled to waive"):
        deal.apply(ApprovalWaived(date="2024-04-22", actor="Target", approval="vote"))
    deal.apply(ApprovalWaived(date="2024-04-22", actor="Buyer", approval="vote"))
    deal.close(on="2024-04-23")
    assert deal.state == "closed"


def test_a_price_change_sends_the_shareholders_back_to_vote_and_says_why() -> None:
    """New terms touching the price reset the shareholders' approval with a reason; other changes keep it."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    deal.agree(MERGER, on="2024-01-05")
    deal.require_approval("vote", body="target_shareholders", party="Target", on="2024-01-05")
    deal.vote("vote", passed=True, on="2024-02-01")
    deal.agree(MERGER.with_(assets=frozenset({"widgets", "gadgets"})), on="2024-02-02")
    assert deal.approval("vote").state == "approved"  # assets are outside the shareholders' scope
    changes = deal.agree(MERGER.with_(price=Money("1.1e9")), on="2024-02-03")
    reset = [c for c in changes if c.machine == "approval vote"]
    assert reset and reset[0].after == "required"
    assert "price (price and consideration)" in reset[0].reason


def test_a_proxy_contest_is_not_a_condition_of_closing() -> None:
    """Nominees put to the shareholders make a proxy contest, which bars nothing when not a precedent."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    deal.require_approval(
        "proxy", body="target_shareholders", party="Target", nominees=["A. Nominee"], precedent=False, on="2024-01-03"
    )
    deal.vote("proxy", passed=True, on="2024-03-01")  # nominees elected, with no terms agreed
    assert deal.approval("proxy").nominees == ("A. Nominee",)
    assert deal.approval("proxy").state == "approved"


def opened() -> Deal:
    """An open merger with no terms yet."""
    return Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")


def refusal(call: Callable[[], object]) -> tuple[str, str | None, str | None]:
    """The (reason, field, fix) of the refusal ``call`` raises."""
    with pytest.raises(DealflowError) as info:
        call()
    return info.value.rule, info.value.field, info.value.fix


def test_a_required_approval_records_what_was_asked_and_nothing_voted_yet() -> None:
    """Every field of the requirement shows in the approval's status, with no terms, support or day of vote."""
    deal = opened()
    changes = deal.require_approval(
        "vote",
        body="acquirer_shareholders",
        party="Buyer",
        due="2024-03-01",
        scopes=["price", "control"],
        precedent=False,
        waivable_by=["Target", "Buyer"],
        actor="Target",
        on="2024-01-03",
    )
    assert deal.approval("vote") == ApprovalStatus(
        "vote",
        "acquirer_shareholders",
        "Buyer",
        "required",
        _dt.date(2024, 3, 1),
        ("price", "control"),
        False,
        (),
        ("Target", "Buyer"),
        None,
        None,
        None,
    )
    assert changes == [Change(_dt.date(2024, 1, 3), 1, "approval vote", None, "required")]
    assert deal.journal[-1] == ApprovalRequired(
        date="2024-01-03",
        actor="Target",
        approval="vote",
        body="acquirer_shareholders",
        party="Buyer",
        due="2024-03-01",
        scopes=("price", "control"),
        precedent=False,
        waivable_by=("Target", "Buyer"),
    )


@pytest.mark.parametrize(
    ("body", "nominees", "scopes"),
    [
        ("target_shareholders", (), ("price",)),
        ("acquirer_shareholders", (), ("price",)),
        ("target_board", (), ("price", "combination")),
        ("acquirer_board", (), ("price", "combination")),
        ("other", (), ("price",)),
        ("target_shareholders", ("A. Nominee",), ()),
    ],
)
def test_default_scopes_follow_the_body_and_a_proxy_contest_has_none(
    body: str, nominees: tuple[str, ...], scopes: tuple[str, ...]
) -> None:
    """Shareholders approve the price, boards also the combination; a proxy contest approves no terms."""
    deal = opened()
    deal.require_approval("a", body=body, party="Target", nominees=nominees, on="2024-01-03")
    status = deal.approval("a")
    assert status.scopes == scopes
    assert status.nominees == nominees
    assert (status.state, status.precedent, status.waivable_by, status.due) == ("required", True, (), None)
    assert deal.journal[-1].actor == "Target"  # the voting party's own event by default


def test_requiring_a_second_approval_keeps_the_first() -> None:
    """Approvals accumulate: each is found by its name, in the order required."""
    deal = opened()
    deal.require_approval("a", body="target_shareholders", party="Target", on="2024-01-03")
    deal.require_approval("b", body="acquirer_board", party="Buyer", on="2024-01-03")
    assert [a.approval for a in deal.status().approvals] == ["a", "b"]
    assert deal.approval("a").body == "target_shareholders" and deal.approval("b").party == "Buyer"


def test_refusals_of_approval_events_name_the_field_reason_and_fix() -> None:
    """Each refusal of a requirement, a vote or a waiver says which field, which rule and what to do."""
    deal = opened()
    assert refusal(lambda: deal.approval("x")) == ("unknown approval 'x'", "approval", "use one of: none yet")
    assert refusal(lambda: deal.vote("x", passed=True, on="2024-01-03")) == (
        "unknown approval 'x'",
        "approval",
        "use one of: none yet",
    )
    deal.require_approval("v", body="target_board", party="Target", on="2024-01-03")
    deal.require_approval(
        "w", body="target_shareholders", party="Target", waivable_by=["Buyer", "Target"], on="2024-01-03"
    )
    known = "use one of: v, w"
    assert refusal(lambda: deal.approval("x")) == ("unknown approval 'x'", "approval", known)
    assert refusal(lambda: deal.apply(ApprovalWaived(date="2024-01-04", actor="Buyer", approval="x"))) == (
        "unknown approval 'x'",
        "approval",
        known,
    )
    assert refusal(lambda: deal.vote("v", passed=True, on="2024-01-03")) == (
        "there are no terms to vote on",
        "approval",
        "agree or sign terms before the vote",
    )
    assert refusal(lambda: deal.require_approval("v", body="other", party="Target", on="2024-01-03")) == (
        "approval 'v' exists already",
        "approval",
        "name the new approval differently",
    )
    everyone = "use one of: Target, Buyer, Brussels"
    assert refusal(
        lambda: deal.require_approval("x", body="other", party="Nobody", actor="Target", on="2024-01-03")
    ) == ("unknown party 'Nobody'", "party", everyone)
    assert refusal(
        lambda: deal.require_approval(
            "x", body="other", party="Target", waivable_by=["Buyer", "Nobody"], on="2024-01-03"
        )
    ) == ("unknown party 'Nobody'", "waivable_by", everyone)
    assert refusal(lambda: deal.apply(ApprovalWaived(date="2024-01-04", actor="Buyer", approval="v"))) == (
        "Buyer is not entitled to waive 'v'",
        "actor",
        "it may be waived by: nobody (it must pass)",
    )
    assert refusal(lambda: deal.apply(ApprovalWaived(date="2024-01-04", actor="Brussels", approval="w"))) == (
        "Brussels is not entitled to waive 'w'",
        "actor",
        "it may be waived by: Buyer, Target",
    )
    deal.sign(MERGER, on="2024-01-10")
    deal.vote("v", passed=True, on="2024-01-11")
    assert refusal(lambda: deal.vote("v", passed=False, on="2024-01-12")) == (
        "approval 'v' is approved: cannot be voted on",
        None,
        "from approved the approval allows: reset",
    )
    deal.apply(ApprovalWaived(date="2024-01-12", actor="Buyer", approval="w"))
    assert refusal(lambda: deal.apply(ApprovalWaived(date="2024-01-13", actor="Target", approval="w"))) == (
        "approval 'w' is waived: cannot be waived",
        None,
        "from waived the approval allows: nothing (it is final)",
    )
    assert [a.state for a in deal.status().approvals] == ["approved", "waived"]  # the refusals changed nothing


def test_a_vote_records_its_terms_support_day_and_change() -> None:
    """A vote moves the approval, keeps the terms voted on, the support and the day, and says so in the history."""
    deal = signed_with_vote()
    changes = deal.vote("vote", passed=False, support="0.4", on="2024-04-20")
    status = deal.approval("vote")
    assert (status.state, status.terms, status.support, status.decided_on) == (
        "rejected",
        MERGER,
        Fraction(2, 5),
        _dt.date(2024, 4, 20),
    )
    assert changes == [Change(_dt.date(2024, 4, 20), 3, "approval vote", "required", "rejected")]
    assert deal.journal[-1] == VoteHeld(date="2024-04-20", actor="Target", approval="vote", passed=False, support="0.4")


def test_a_vote_by_another_actor_is_recorded_as_theirs() -> None:
    """The vote's actor defaults to the voting party, and can be given."""
    deal = signed_with_vote()
    deal.vote("vote", passed=True, actor="Buyer", on="2024-04-20")
    assert deal.journal[-1].actor == "Buyer"


def test_a_proxy_contest_with_terms_agreed_is_voted_like_any_other() -> None:
    """Nominees can be elected with or without terms; an approval of terms needs them."""
    deal = signed_with_vote()
    deal.require_approval("proxy", body="target_shareholders", party="Target", nominees=["A"], on="2024-01-11")
    deal.vote("proxy", passed=True, on="2024-01-12")
    assert deal.approval("proxy").terms == MERGER


def test_only_pending_precedents_block_closing_each_with_its_reason() -> None:
    """Waived, approved and non-precedent approvals bar nothing; each pending precedent is named with its state."""
    deal = opened()
    deal.agree(MERGER, on="2024-01-03")
    deal.require_approval("free", body="target_board", party="Target", precedent=False, on="2024-01-03")
    deal.require_approval("waived", body="other", party="Target", waivable_by=["Buyer"], on="2024-01-03")
    deal.require_approval("passed", body="target_board", party="Target", on="2024-01-03")
    deal.require_approval("failed", body="acquirer_board", party="Buyer", on="2024-01-03")
    deal.require_approval("open", body="acquirer_shareholders", party="Buyer", on="2024-01-03")
    deal.apply(ApprovalWaived(date="2024-01-04", actor="Buyer", approval="waived"))
    deal.vote("passed", passed=True, on="2024-01-04")
    deal.vote("failed", passed=False, on="2024-01-04")
    assert deal.blockers() == [
        "Buyer's acquirer board have not approved (failed is rejected)",
        "Buyer's acquirer shareholders have not approved (open is required)",
    ]
    history = deal.history[-3:]
    assert history == [
        Change(_dt.date(2024, 1, 4), 7, "approval waived", "required", "waived"),
        Change(_dt.date(2024, 1, 4), 8, "approval passed", "required", "approved"),
        Change(_dt.date(2024, 1, 4), 9, "approval failed", "required", "rejected"),
    ]


def test_a_price_change_resets_every_vote_in_its_scope_and_forgets_the_result() -> None:
    """Approved and rejected votes of the price go back to required, without terms, support or day, each with a Change."""
    deal = opened()
    deal.agree(MERGER, on="2024-01-03")
    deal.require_approval("pending", body="target_shareholders", party="Target", on="2024-01-03")
    deal.require_approval("yes", body="target_shareholders", party="Target", on="2024-01-03")
    deal.require_approval("no", body="acquirer_board", party="Buyer", waivable_by=["Buyer"], on="2024-01-03")
    deal.vote("yes", passed=True, support="0.9", on="2024-01-04")
    deal.vote("no", passed=False, support="0.1", on="2024-01-04")
    changes = deal.agree(MERGER.with_(price=Money("1.2e9")), on="2024-01-05")
    assert [c for c in changes if c.machine.startswith("approval")] == [
        Change(
            _dt.date(2024, 1, 5),
            7,
            "approval yes",
            "approved",
            "required",
            "terms changed in its scope: price (price and consideration)",
        ),
        Change(
            _dt.date(2024, 1, 5),
            7,
            "approval no",
            "rejected",
            "required",
            "terms changed in its scope: price (price and consideration)",
        ),
    ]
    for name in ("pending", "yes", "no"):
        status = deal.approval(name)
        assert (status.state, status.terms, status.support, status.decided_on) == ("required", None, None, None)


def test_a_change_outside_the_scope_keeps_the_vote_for_the_new_terms() -> None:
    """A vote untouched by a change of terms stands, and is now of the new terms (a later change is measured from them)."""
    deal = opened()
    deal.agree(MERGER, on="2024-01-03")
    deal.require_approval("vote", body="target_shareholders", party="Target", on="2024-01-03")
    deal.vote("vote", passed=True, support="0.7", on="2024-01-04")
    wider = MERGER.with_(assets=frozenset({"widgets", "gadgets"}))
    assert not [c for c in deal.agree(wider, on="2024-01-05") if c.machine == "approval vote"]
    status = deal.approval("vote")
    assert (status.state, status.terms, status.support, status.decided_on) == (
        "approved",
        wider,
        Fraction(7, 10),
        _dt.date(2024, 1, 4),
    )


def test_a_proxy_vote_held_before_any_terms_is_of_no_terms_and_survives_them() -> None:
    """Nominees elected with no terms on the table stay elected when terms come, even with a price scope."""
    deal = opened()
    deal.require_approval(
        "proxy", body="target_shareholders", party="Target", nominees=["A"], scopes=["price"], on="2024-01-03"
    )
    deal.vote("proxy", passed=True, on="2024-01-04")
    deal.agree(MERGER, on="2024-01-05")
    deal.agree(MERGER.with_(price=Money("2e9")), on="2024-01-06")
    status = deal.approval("proxy")
    assert (status.state, status.terms, status.decided_on) == ("approved", None, _dt.date(2024, 1, 4))


def test_the_sugar_passes_the_event_metadata_on() -> None:
    """require_approval and vote record the metadata given (here: not verified)."""
    deal = opened()
    deal.agree(MERGER, on="2024-01-03")
    deal.require_approval("vote", body="other", party="Target", on="2024-01-03", verified=False)
    deal.vote("vote", passed=True, on="2024-01-04", verified=False)
    deal.require_approval("next", body="other", party="Target", on="2024-01-04")
    assert [e.verified for e in deal.journal[-3:]] == [False, False, True]
