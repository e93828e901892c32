"""Tests of dealflow._remedies: behavioural and structural remedies, remedy buyers' clearance, upfront sales and obligations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from dealflow import (
    Change,
    Condition,
    Deal,
    DealflowError,
    Money,
    Party,
    RefusedEvent,
    RemedyAccepted,
    RemedyDischarged,
    RemedyStatus,
    Terms,
)

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("Brussels", "regulator", "EU"),
    Party("London", "regulator", "GB"),
    Party("RemedyCo", "other", "DE"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"), assets=["widgets", "gadgets"])


def signed() -> Deal:
    """A signed merger cleared by both authorities."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels", "London"], on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    deal.approve("Brussels", on="2024-02-01")
    deal.approve("London", on="2024-02-01")
    return deal


def test_an_upfront_sale_bars_the_close_until_its_buyer_is_cleared_and_it_completes() -> None:
    """An upfront remedy must complete before closing, and it completes only once its buyer is cleared."""
    deal = signed()
    deal.offer_remedy(
        "gadgets",
        regulator="Brussels",
        nature="structural",
        assets=["gadgets"],
        buyer="RemedyCo",
        buyer_clearance=["Brussels", "London"],
        upfront=True,
        on="2024-02-05",
    )
    assert deal.blockers() == ["upfront remedy 'gadgets' (sale to RemedyCo) has not completed (it is offered)"]
    with pytest.raises(RefusedEvent, match="London did not receive remedy"):
        deal.apply(RemedyAccepted(date="2024-02-06", actor="London", remedy="gadgets"))
    deal.accept_remedy("gadgets", on="2024-02-06")
    deal.clear_remedy_buyer("gadgets", by="Brussels", on="2024-02-07")
    with pytest.raises(RefusedEvent, match="lacks the clearance of London"):
        deal.complete_remedy("gadgets", on="2024-02-08")
    with pytest.raises(RefusedEvent, match="Target is not a regulator whose clearance"):
        deal.clear_remedy_buyer("gadgets", by="Target", on="2024-02-08")
    deal.clear_remedy_buyer("gadgets", by="London", on="2024-02-08")
    deal.complete_remedy("gadgets", on="2024-02-09")
    deal.close(on="2024-02-10")
    assert deal.state == "closed" and deal.remedy("gadgets").state == "completed"


def test_behavioural_commitments_survive_the_close_as_obligations() -> None:
    """Commitments accepted before closing stay binding after it, and can still be discharged on the closed deal."""
    deal = signed()
    deal.offer_remedy("licences", regulator="London", nature="behavioural", years=10, on="2024-02-05")
    deal.accept_remedy("licences", on="2024-02-06")
    assert deal.blockers() == []  # not upfront: it does not bar the close
    deal.close(on="2024-02-10")
    assert [o.remedy for o in deal.obligations()] == ["licences"]
    deal.discharge_remedy("licences", on="2034-02-06")
    assert deal.obligations() == () and deal.state == "closed"
    with pytest.raises(RefusedEvent, match="it accepts no further state change"):
        deal.approve("Brussels", on="2034-02-07")


def test_a_post_closing_sale_completes_after_the_close() -> None:
    """A structural remedy that is not upfront may complete after the close, on the closed deal."""
    deal = signed()
    deal.offer_remedy("widgets", regulator="Brussels", nature="structural", buyer="RemedyCo", on="2024-02-05")
    deal.accept_remedy("widgets", on="2024-02-06")
    deal.close(on="2024-02-10")
    deal.complete_remedy("widgets", on="2024-08-01")
    assert deal.remedy("widgets").state == "completed" and deal.state == "closed"


def test_remedies_on_a_terminated_deal_are_refused() -> None:
    """A terminated deal accepts no remedy move: only a closed deal carries obligations."""
    deal = signed()
    deal.offer_remedy("licences", regulator="London", nature="behavioural", on="2024-02-05")
    deal.accept_remedy("licences", on="2024-02-06")
    deal.terminate(on="2024-02-07")
    with pytest.raises(RefusedEvent, match="terminated"):
        deal.discharge_remedy("licences", on="2024-02-08")


def test_an_approval_conditional_on_commitments_is_met_once_they_bind() -> None:
    """A condition {kind: remedy, party, value} bars the close until that regulator's remedy is accepted."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    deal.offer_remedy("interop", regulator="Brussels", nature="behavioural", years=10, on="2024-02-05")
    deal.offer_remedy("other", regulator="London", nature="behavioural", on="2024-02-05")
    wanted = Condition("remedy", "Brussels", "interop")
    deal.approve("Brussels", conditions=[wanted, Condition("remedy", "Brussels", "other")], on="2024-02-06")
    assert deal.blockers() == [
        "Brussels's condition remedy:Brussels:interop is not met",
        "Brussels's condition remedy:Brussels:other is not met",
    ]
    deal.accept_remedy("interop", on="2024-02-06")
    deal.accept_remedy("other", on="2024-02-06")  # accepted, but offered to London: not Brussels' condition
    assert deal.blockers() == ["Brussels's condition remedy:Brussels:other is not met"]


def refusal(action: Callable[[], object]) -> tuple[str, str | None, str, str | None]:
    """The class, field, rule and fix of the error ``action`` raises (it must raise one)."""
    with pytest.raises(DealflowError) as info:
        action()
    err = info.value
    return type(err).__name__, err.field, err.rule, err.fix


def offered_sale(
    deal: Deal, name: str = "sale", *, clearance: tuple[str, ...] = ("Brussels", "London"), on: str = "2024-02-05"
) -> Deal:
    """``deal`` with an upfront sale of gadgets to RemedyCo offered to Brussels, needing ``clearance``."""
    deal.offer_remedy(
        name,
        regulator="Brussels",
        nature="structural",
        buyer="RemedyCo",
        assets=["gadgets"],
        buyer_clearance=clearance,
        upfront=True,
        on=on,
    )
    return deal


def test_a_remedy_status_reports_what_was_offered_and_where_it_stands() -> None:
    """Every field of the offer, the state and the buyer's clearances so far are in the status; obligation tracks accepted."""
    deal = offered_sale(signed())
    expected = RemedyStatus(
        remedy="sale",
        regulator="Brussels",
        nature="structural",
        state="offered",
        description="",
        buyer="RemedyCo",
        assets=("gadgets",),
        upfront=True,
        years=0,
        buyer_clearance=("Brussels", "London"),
        buyer_cleared=(),
    )
    assert deal.remedy("sale") == expected and not deal.remedy("sale").obligation
    deal.accept_remedy("sale", on="2024-02-06")
    deal.clear_remedy_buyer("sale", by="London", on="2024-02-07")
    deal.clear_remedy_buyer("sale", by="Brussels", on="2024-02-07")
    accepted = deal.remedy("sale")
    assert accepted == attrs.evolve(expected, state="accepted", buyer_cleared=("London", "Brussels"))
    assert accepted.obligation
    deal.complete_remedy("sale", on="2024-02-08")
    assert deal.remedy("sale").state == "completed" and not deal.remedy("sale").obligation
    assert deal.status().remedies == (deal.remedy("sale"),)


def test_a_behavioural_remedy_keeps_its_description_and_years() -> None:
    """offer_remedy passes the description and the years of commitments on to the remedy."""
    deal = signed()
    deal.offer_remedy(
        "interop", regulator="London", nature="behavioural", description="open APIs", years=10, on="2024-02-05"
    )
    status = deal.remedy("interop")
    assert (status.nature, status.description, status.years, status.buyer, status.assets) == (
        "behavioural",
        "open APIs",
        10,
        "",
        (),
    )
    assert (status.upfront, status.buyer_clearance) == (False, ())


def test_each_remedy_move_is_recorded_in_the_history() -> None:
    """Offering, accepting and discharging each return and record one change of machine 'remedy NAME'."""
    deal = signed()
    first = deal.offer_remedy("interop", regulator="London", nature="behavioural", on="2024-02-05")
    assert first == [Change(dt.date(2024, 2, 5), 4, "remedy interop", None, "offered")]
    second = deal.accept_remedy("interop", on="2024-02-06")
    assert second == [Change(dt.date(2024, 2, 6), 5, "remedy interop", "offered", "accepted")]
    third = deal.discharge_remedy("interop", on="2024-02-07")
    assert third == [Change(dt.date(2024, 2, 7), 6, "remedy interop", "accepted", "discharged")]
    assert deal.history[-3:] == first + second + third
    offered_sale(deal, clearance=(), on="2024-02-08")
    assert deal.history[-1] == Change(dt.date(2024, 2, 8), 7, "remedy sale", None, "offered")
    deal.accept_remedy("sale", on="2024-02-08")
    assert deal.complete_remedy("sale", on="2024-02-09") == [
        Change(dt.date(2024, 2, 9), 9, "remedy sale", "accepted", "completed")
    ]


def test_several_remedies_are_tracked_side_by_side() -> None:
    """A second remedy offered keeps the first; obligations lists only the accepted ones, in offer order."""
    deal = signed()
    for name in ("a", "b", "c"):
        deal.offer_remedy(name, regulator="London", nature="behavioural", on="2024-02-05")
    deal.accept_remedy("c", on="2024-02-06")
    deal.accept_remedy("a", on="2024-02-06")
    assert [deal.remedy(n).state for n in ("a", "b", "c")] == ["accepted", "offered", "accepted"]
    assert [o.remedy for o in deal.obligations()] == ["a", "c"]
    deal.discharge_remedy("b", on="2024-02-07")
    assert [o.remedy for o in deal.obligations()] == ["a", "c"]


def test_the_sugar_names_the_acting_party() -> None:
    """offer_remedy and complete_remedy act for the seller unless told; accept and discharge act for the regulator."""
    deal = signed()
    deal.offer_remedy("interop", regulator="London", nature="behavioural", on="2024-02-05")
    assert deal.journal[-1].actor == "Target"
    deal.offer_remedy("other", regulator="London", nature="behavioural", actor="Buyer", on="2024-02-05")
    assert deal.journal[-1].actor == "Buyer"
    deal.accept_remedy("interop", on="2024-02-06")
    assert deal.journal[-1].actor == "London"
    deal.discharge_remedy("other", on="2024-02-06")
    assert deal.journal[-1].actor == "London"
    offered_sale(deal, clearance=(), on="2024-02-06")
    deal.accept_remedy("sale", on="2024-02-06")
    assert deal.journal[-1].actor == "Brussels"
    deal.complete_remedy("sale", on="2024-02-07")
    assert deal.journal[-1].actor == "Target"
    offered_sale(deal, "sale2", clearance=("London",), on="2024-02-07")
    deal.accept_remedy("sale2", on="2024-02-07")
    deal.clear_remedy_buyer("sale2", by="London", on="2024-02-07")
    assert deal.journal[-1].actor == "London"
    deal.complete_remedy("sale2", actor="Buyer", on="2024-02-08")
    assert deal.journal[-1].actor == "Buyer"


def test_an_upfront_remedy_bars_the_close_only_until_it_completes_or_is_discharged() -> None:
    """The blocker names the remedy, its buyer and its state; a remedy not upfront, completed or discharged bars nothing."""
    deal = signed()
    deal.offer_remedy("later", regulator="Brussels", nature="structural", buyer="RemedyCo", on="2024-02-05")
    assert deal.blockers() == []
    offered_sale(deal, "dropped")
    offered_sale(deal, "done", clearance=())
    deal.accept_remedy("done", on="2024-02-06")
    assert deal.blockers() == [
        "upfront remedy 'dropped' (sale to RemedyCo) has not completed (it is offered)",
        "upfront remedy 'done' (sale to RemedyCo) has not completed (it is accepted)",
    ]
    deal.discharge_remedy("dropped", on="2024-02-07")
    assert deal.blockers() == ["upfront remedy 'done' (sale to RemedyCo) has not completed (it is accepted)"]
    deal.complete_remedy("done", on="2024-02-08")
    assert deal.blockers() == []
    deal.close(on="2024-02-09")
    assert deal.state == "closed"


def test_a_remedy_condition_is_met_exactly_while_the_remedy_binds() -> None:
    """remedy:REG:NAME is met when NAME, offered to REG, is accepted or completed; not when offered, discharged or unknown."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    offered_sale(deal, clearance=())
    deal.offer_remedy("interop", regulator="Brussels", nature="behavioural", on="2024-02-05")
    conditions = [
        Condition("remedy", "Brussels", "sale"),
        Condition("remedy", value="interop"),  # no party: the regulator it was offered to
        Condition("remedy", "Brussels", "ghost"),
        Condition("interop_kept", "Brussels", "interop"),  # another kind, named like the remedy
    ]
    deal.approve("Brussels", conditions=conditions, on="2024-02-06")

    def unmet(*which: int) -> list[str]:
        return [f"Brussels's condition {c} is not met" for c in sorted(conditions[n] for n in which)]

    sale = "upfront remedy 'sale' (sale to RemedyCo) has not completed (it is {})"
    assert deal.blockers() == [*unmet(0, 1, 2, 3), sale.format("offered")]
    deal.accept_remedy("interop", on="2024-02-06")
    deal.accept_remedy("sale", on="2024-02-06")
    assert deal.blockers() == [*unmet(2, 3), sale.format("accepted")]
    deal.complete_remedy("sale", on="2024-02-07")
    assert deal.blockers() == unmet(2, 3)
    deal.discharge_remedy("interop", on="2024-02-07")
    assert deal.blockers() == unmet(1, 2, 3)


def test_unknown_remedies_are_refused_listing_the_known_ones() -> None:
    """A remedy event or question naming no offered remedy names the field and lists the remedies offered."""
    deal = signed()
    ghost = RemedyAccepted(date="2024-02-06", actor="Brussels", remedy="ghost")
    assert refusal(lambda: deal.apply(ghost)) == (
        "UnknownParty",
        "remedy",
        "unknown remedy 'ghost'",
        "use one of: none yet",
    )
    assert refusal(lambda: deal.remedy("ghost"))[3] == "use one of: none yet"
    deal.offer_remedy("a", regulator="London", nature="behavioural", on="2024-02-05")
    deal.offer_remedy("b", regulator="London", nature="behavioural", on="2024-02-05")
    expected = ("UnknownParty", "remedy", "unknown remedy 'ghost'", "use one of: a, b")
    assert refusal(lambda: deal.apply(ghost)) == expected
    assert refusal(lambda: deal.accept_remedy("ghost", on="2024-02-06")) == expected
    assert refusal(lambda: deal.discharge_remedy("ghost", on="2024-02-06")) == expected
    assert refusal(lambda: deal.clear_remedy_buyer("ghost", by="London", on="2024-02-06")) == expected
    assert refusal(lambda: deal.complete_remedy("ghost", on="2024-02-06")) == expected
    assert refusal(lambda: deal.remedy("ghost")) == expected


def test_a_remedy_offer_names_known_parties_in_their_roles() -> None:
    """The regulator and the buyer's clearers must be declared regulators, the buyer a declared party; names are unique."""
    deal = offered_sale(signed())
    everyone = "use one of: Target, Buyer, Brussels, London, RemedyCo"

    def offer(**kw: Any) -> Callable[[], object]:
        return lambda: deal.offer_remedy("new", nature="structural", on="2024-02-05", **kw)

    cases = [
        (
            offer(regulator="RemedyCo"),
            ("InputError", "regulator", "RemedyCo is an other, not a regulator", "name a regulator"),
        ),
        (offer(regulator="Nobody"), ("UnknownParty", "regulator", "unknown party 'Nobody'", everyone)),
        (offer(regulator="London", buyer="Nobody"), ("UnknownParty", "buyer", "unknown party 'Nobody'", everyone)),
        (
            offer(regulator="London", buyer="RemedyCo", buyer_clearance=["London", "Buyer"]),
            ("InputError", "buyer_clearance", "Buyer is a bidder, not a regulator", "name a regulator"),
        ),
        (
            offer(regulator="London", buyer="RemedyCo", buyer_clearance=["Nobody"]),
            ("UnknownParty", "buyer_clearance", "unknown party 'Nobody'", everyone),
        ),
        (
            lambda: deal.offer_remedy("sale", regulator="London", nature="behavioural", on="2024-02-05"),
            ("RefusedEvent", "remedy", "remedy 'sale' exists already", "name it differently"),
        ),
    ]
    for action, expected in cases:
        assert refusal(action) == expected
        assert [r.remedy for r in deal.status().remedies] == ["sale"]  # nothing half-applied
    assert deal.remedy("sale").regulator == "Brussels"


def test_remedy_moves_are_refused_naming_the_rule_and_the_fix() -> None:
    """Wrong actors, wrong states, a behavioural completion and missing clearances each name the field, rule and fix."""
    deal = offered_sale(signed())
    deal.offer_remedy("interop", regulator="London", nature="behavioural", on="2024-02-05")
    offered_sale(deal, "plain", clearance=())
    cases: list[tuple[Callable[[], object], tuple[str, str | None, str, str | None]]] = [
        (
            lambda: deal.apply(RemedyAccepted(date="2024-02-06", actor="London", remedy="sale")),
            ("RefusedEvent", "actor", "London did not receive remedy 'sale'", "the actor must be Brussels"),
        ),
        (
            lambda: deal.apply(RemedyDischarged(date="2024-02-06", actor="Brussels", remedy="interop")),
            ("RefusedEvent", "actor", "Brussels did not receive remedy 'interop'", "the actor must be London"),
        ),
        (
            lambda: deal.complete_remedy("sale", on="2024-02-06"),
            (
                "RefusedEvent",
                None,
                "remedy 'sale' is offered: cannot be completed",
                "from offered the remedy allows: accept, discharge",
            ),
        ),
        (
            lambda: deal.complete_remedy("interop", on="2024-02-06"),
            ("RefusedEvent", "remedy", "remedy 'interop' is behavioural: nothing to complete", "discharge it instead"),
        ),
        (
            lambda: deal.clear_remedy_buyer("sale", by="Target", on="2024-02-06"),
            (
                "RefusedEvent",
                "actor",
                "Target is not a regulator whose clearance the remedy buyer needs",
                "clearances needed from: Brussels, London",
            ),
        ),
        (
            lambda: deal.clear_remedy_buyer("plain", by="Brussels", on="2024-02-06"),
            (
                "RefusedEvent",
                "actor",
                "Brussels is not a regulator whose clearance the remedy buyer needs",
                "clearances needed from: none (the buyer needs no clearance)",
            ),
        ),
    ]
    for action, expected in cases:
        assert refusal(action) == expected
    before = deal.status()
    deal.accept_remedy("sale", on="2024-02-06")
    deal.clear_remedy_buyer("sale", by="Brussels", on="2024-02-06")
    assert refusal(lambda: deal.accept_remedy("sale", on="2024-02-06")) == (
        "RefusedEvent",
        None,
        "remedy 'sale' is accepted: cannot be accepted",
        "from accepted the remedy allows: complete, discharge",
    )
    assert refusal(lambda: deal.clear_remedy_buyer("sale", by="Brussels", on="2024-02-06")) == (
        "RefusedEvent",
        "actor",
        "Brussels cleared the remedy buyer already",
        "record it once",
    )
    assert refusal(lambda: deal.complete_remedy("sale", on="2024-02-07")) == (
        "RefusedEvent",
        "remedy",
        "the remedy buyer RemedyCo lacks the clearance of London",
        "record remedy_buyer_cleared by each of them first",
    )
    assert deal.status() != before and deal.remedy("sale").buyer_cleared == ("Brussels",)
    deal.accept_remedy("plain", on="2024-02-07")
    deal.complete_remedy("plain", on="2024-02-07")
    final = "from completed the remedy allows: nothing (it is final)"
    assert refusal(lambda: deal.discharge_remedy("plain", on="2024-02-08"))[2:] == (
        "remedy 'plain' is completed: cannot be discharged",
        final,
    )
    assert refusal(lambda: deal.accept_remedy("plain", on="2024-02-08"))[2:] == (
        "remedy 'plain' is completed: cannot be accepted",
        final,
    )


def test_a_sale_lacking_several_clearances_names_them_all() -> None:
    """Completion before any clearance lists every regulator still to clear the buyer, in order."""
    deal = offered_sale(signed())
    deal.accept_remedy("sale", on="2024-02-06")
    assert refusal(lambda: deal.complete_remedy("sale", on="2024-02-07"))[2] == (
        "the remedy buyer RemedyCo lacks the clearance of Brussels, London"
    )


def test_a_discharged_remedy_takes_no_clearance_of_its_buyer() -> None:
    """Clearing the buyer of a discharged remedy is refused: clearances come before completion."""
    deal = offered_sale(signed())
    deal.discharge_remedy("sale", on="2024-02-06")
    assert refusal(lambda: deal.clear_remedy_buyer("sale", by="London", on="2024-02-07")) == (
        "RefusedEvent",
        "remedy",
        "remedy 'sale' is discharged",
        "clear the buyer before completion",
    )
    assert deal.remedy("sale").buyer_cleared == ()


def test_the_sugar_passes_extra_event_fields_on() -> None:
    """A note (or any other event field) given to a remedy method is recorded on the event it applies."""
    deal = signed()
    deal.offer_remedy("interop", regulator="London", nature="behavioural", on="2024-02-05", note="n1")
    deal.accept_remedy("interop", on="2024-02-05", note="n2")
    deal.discharge_remedy("interop", on="2024-02-05", note="n3")
    offered_sale(deal, clearance=("London",))
    deal.accept_remedy("sale", on="2024-02-05")
    deal.clear_remedy_buyer("sale", by="London", on="2024-02-05", note="n4")
    deal.complete_remedy("sale", on="2024-02-05", note="n5")
    assert [e.note for e in deal.journal if e.note] == ["n1", "n2", "n3", "n4", "n5"]
