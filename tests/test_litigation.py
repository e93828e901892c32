"""Tests of dealflow._litigation: suits, TROs, injunctions, rulings and appeals."""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import Change, DealflowError, RefusedEvent, UnknownParty
from dealflow._litigation import SuitEvent, _step

from .helpers import closed_jv, in_court


def test_tro_bars_closing_until_the_injunction_is_denied() -> None:
    """A TRO against the deal is a closing blocker; denying the injunction lifts it."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Washington", court="D.D.C.", on="2020-08-20")
    deal.grant_tro("s", on="2020-08-21")
    assert any("temporary restraining order" in b for b in deal.blockers())
    deal.deny_injunction("s", on="2020-08-25")
    assert deal.suit("s").relief is None
    assert not any("suit" in b for b in deal.blockers())


def test_ruling_in_a_suit_never_filed_is_refused() -> None:
    """A ruling names a filed suit; otherwise the error says to file it first."""
    deal = in_court()
    with pytest.raises(UnknownParty, match="no suit 'ghost' was filed") as info:
        deal.rule("ghost", for_plaintiff=True, court="D.D.C.", on="2020-08-20")
    assert info.value.field == "suit"
    assert "suit_filed" in info.value.fix


def test_only_the_court_hearing_the_suit_acts_and_appeal_moves_it() -> None:
    """Another court is refused; after an appeal the court of appeal rules."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Microsoft", court="D.D.C.", on="2020-08-20")
    with pytest.raises(RefusedEvent, match="not the court hearing"):
        deal.grant_injunction("s", court="D.C. Circuit", on="2020-08-21")
    deal.rule("s", for_plaintiff=True, on="2020-08-22")
    assert deal.suit("s").relief == "permanent injunction"
    deal.appeal("s", by="ByteDance", to="D.C. Circuit", on="2020-08-23")
    assert deal.suit("s").relief == "permanent injunction"  # relief stays pending the appeal
    deal.rule("s", for_plaintiff=False, on="2020-09-01")
    assert deal.suit("s").state == "rejected" and deal.suit("s").relief is None
    assert deal.suit("s").court == "D.C. Circuit"


def test_an_injunction_against_a_mandate_suspends_it_until_the_suit_ends() -> None:
    """A court enjoining an order moves the mandate to enjoined, and back when relief ends."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.file_suit("s", plaintiff="ByteDance", court="D.D.C.", against="order", target="EO", on="2020-08-21")
    deal.grant_injunction("s", on="2020-08-22")
    assert deal.mandate("EO").state == "enjoined"
    deal.dismiss("s", on="2020-09-01")
    assert deal.mandate("EO").state == "in_force"


def test_two_suits_hold_an_order_enjoined_until_both_end() -> None:
    """The order is lifted only once no suit holds relief against it."""
    deal = in_court()
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    for s in ("a", "b"):
        deal.file_suit(s, plaintiff="Microsoft", court="D.D.C.", against="order", target="ban", on="2020-08-21")
        deal.grant_tro(s, on="2020-08-21")
    deal.withdraw_suit("a", on="2020-08-22")
    assert deal.order("ban").state == "enjoined"
    deal.deny_tro("b", on="2020-08-23")
    assert deal.order("ban").state == "in_force"


def test_tro_after_closing_is_refused_but_suits_against_orders_go_on() -> None:
    """A closed deal cannot be restrained; a suit against a later divestiture order is heard."""
    deal = closed_jv()
    with pytest.raises(RefusedEvent, match="no deal left to restrain"):
        deal.grant_tro("ftc", on="2020-09-02")
    deal.issue_order("call-in", "divestiture", issuer="Washington", assets="TikTok US", on="2023-01-01")
    deal.file_suit("appeal", plaintiff="Oracle", court="D.D.C.", against="order", target="call-in", on="2023-01-02")
    deal.grant_injunction("appeal", on="2023-01-03")
    assert deal.order("call-in").state == "enjoined"


def test_an_injunction_against_a_bid_refuses_its_acceptance() -> None:
    """A bid under an injunction cannot be accepted."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="bid", target="msft", on="2020-08-20")
    deal.grant_injunction("s", on="2020-08-21")
    with pytest.raises(RefusedEvent, match="in force against bid 'msft'"):
        deal.accept_bid("msft", on="2020-08-22")


def test_a_suit_against_a_court_that_is_no_court_is_refused() -> None:
    """The court named must be a party with the role court."""
    deal = in_court()
    with pytest.raises(df.InputError, match="not a court"):
        deal.file_suit("s", plaintiff="Microsoft", court="Washington", on="2020-08-20")


_STEPS = ("tro", "deny_tro", "pi", "deny_pi", "rule_for", "rule_against", "appeal", "dismiss", "withdraw")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_STEPS), max_size=8))
def test_an_injunction_in_force_bars_closing(steps: list[str]) -> None:
    """Whatever the court does, the deal closes only when no relief against it is in force."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Washington", court="D.D.C.", on="2020-08-20")
    courts = ["D.D.C.", "D.C. Circuit"]
    for step in steps:
        before = copy.deepcopy(deal)
        try:
            if step == "tro":
                deal.grant_tro("s", on="2020-09-01")
            elif step == "deny_tro":
                deal.deny_tro("s", on="2020-09-01")
            elif step == "pi":
                deal.grant_injunction("s", on="2020-09-01")
            elif step == "deny_pi":
                deal.deny_injunction("s", on="2020-09-01")
            elif step in ("rule_for", "rule_against"):
                deal.rule("s", for_plaintiff=step == "rule_for", on="2020-09-01")
            elif step == "appeal":
                deal.appeal("s", by="ByteDance", to=courts[deal.suit("s").court == "D.D.C."], on="2020-09-01")
            elif step == "dismiss":
                deal.dismiss("s", on="2020-09-01")
            else:
                deal.withdraw_suit("s", on="2020-09-01")
        except DealflowError:
            assert deal == before  # a refusal leaves the deal as it was
    relief = deal.suit("s").relief
    assert any("suit 's'" in b for b in deal.blockers()) is (relief is not None)
    deal.approve("Washington", on="2020-09-02")
    deal.sign(on="2020-09-03")  # signing needs only the parties' agreement; relief bars the close
    if relief is not None:
        with pytest.raises(RefusedEvent, match="in force against the deal"):
            deal.close(on="2020-09-04")
        assert deal.state == "signed"
    else:
        deal.close(on="2020-09-04")
        assert deal.state == "closed"


def test_legacy_injunctions_are_suits_and_lift_only_when_none_remains() -> None:
    """enjoined makes a suit with a preliminary injunction; the mandate is lifted when no relief remains."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    deal.enjoin("EO", court="Court", on="2020-08-22")
    assert deal.suit("D.D.C. v. EO").relief == "preliminary injunction"
    deal.lift_injunction("EO", court="D.D.C.", on="2020-08-23")
    assert deal.suit("D.D.C. v. EO").state == "dismissed"
    assert deal.mandate("EO").state == "enjoined"  # Court's injunction stands
    deal.lift_injunction("EO", court="Court", on="2020-08-24")
    assert deal.mandate("EO").state == "in_force"
    with pytest.raises(RefusedEvent):
        deal.lift_injunction("EO", court="Court", on="2020-08-25")


def test_a_mandate_is_enjoined_by_a_court_not_by_a_government() -> None:
    """The mandate's issuer or another regulator cannot enjoin it, nor lift an injunction: a court does."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    for actor in ("Washington", "Beijing"):
        with pytest.raises(RefusedEvent, match=f"{actor} cannot enjoin mandate 'EO'"):
            deal.enjoin("EO", court=actor, on="2020-08-21")
    assert deal.mandate("EO").state == "in_force"
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    with pytest.raises(RefusedEvent, match="a court does"):
        deal.lift_injunction("EO", court="Washington", on="2020-08-22")
    assert deal.mandate("EO").state == "enjoined"


def refusal(call: Callable[[], object]) -> tuple[str, str | None, str | None]:
    """The (reason, field, fix) of the refusal ``call`` raises."""
    with pytest.raises(DealflowError) as info:
        call()
    return info.value.rule, info.value.field, info.value.fix


COURTS = "declare it with role court; courts: D.D.C., D.C. Circuit"


def with_order_and_mandate() -> df.Deal:
    """in_court with Washington's prohibition order 'ban' and mandate 'EO'."""
    deal = in_court()
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    return deal


def test_a_filed_suit_records_who_sued_what_where_and_when() -> None:
    """Filing makes a pending suit with no relief, its plaintiff, court, target, day and claim, and a history line."""
    deal = with_order_and_mandate()
    changes = deal.file_suit(
        "s", plaintiff="Walmart", court="D.D.C.", against="order", target="EO", claim="set it aside", on="2020-08-21"
    )
    assert changes == [Change(_dt.date(2020, 8, 21), 9, "suit s", None, "pending")]
    status = deal.suit("s")
    assert status == df.SuitStatus(
        "s", "Walmart", "D.D.C.", "order", "EO", "pending", None, _dt.date(2020, 8, 21), "set it aside"
    )
    assert not status.in_force
    assert deal.journal[-1] == df.SuitFiled(
        date="2020-08-21", actor="Walmart", suit="s", court="D.D.C.", against="order", target="EO", claim="set it aside"
    )
    deal.file_suit("t", plaintiff="Oracle", court="D.C. Circuit", on="2020-08-22")
    assert [s.suit for s in deal.status().suits] == ["s", "t"]  # a second suit keeps the first
    assert deal.suit("t") == df.SuitStatus(
        "t", "Oracle", "D.C. Circuit", "deal", "", "pending", None, _dt.date(2020, 8, 22)
    )


def test_filing_refusals_name_the_field_reason_and_fix() -> None:
    """A duplicate name, an unknown court, a party that is no court, an unknown bid or order: each says what to do."""
    deal = in_court()

    def file(**kw: str) -> Callable[[], object]:
        return lambda: deal.file_suit("s", plaintiff="Walmart", on="2020-08-20", **{"court": "D.D.C.", **kw})

    assert refusal(file(against="order", target="x")) == ("no order or mandate 'x'", "target", "use one of: none yet")
    assert refusal(file(court="Nowhere")) == ("unknown court 'Nowhere'", "court", COURTS)
    assert refusal(file(court="Washington")) == (
        "Washington is a regulator, not a court",
        "court",
        "declare the court with role court",
    )
    assert refusal(file(against="bid", target="x")) == ("no bid 'x'", "target", "use one of: msft")
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    assert refusal(file(against="order", target="x")) == ("no order or mandate 'x'", "target", "use one of: ban, EO")
    file()()
    assert refusal(file()) == ("suit 's' was filed already", "suit", "name the new suit differently")
    assert deal.suit("s").against == "deal"  # the refusals changed nothing
    no_courts = df.Deal.open("T", seller="S", parties=[df.Party("S", "seller", "US")], on="2020-01-01")
    no_courts.agree(df.Terms.sale("S", entity="T", price=df.Money(1)), on="2020-01-02")
    assert refusal(lambda: no_courts.file_suit("s", plaintiff="S", court="X", on="2020-01-03")) == (
        "unknown court 'X'",
        "court",
        "declare it with role court; courts: none declared",
    )


def test_a_suits_bid_must_exist_but_no_bid_is_needed_for_the_deal() -> None:
    """A suit against a bid names a bid the deal has; none is looked up for a suit against the deal."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="bid", target="msft", on="2020-08-20")
    assert deal.suit("s").target == "msft"
    fresh = in_court()
    fresh.apply(df.SuitFiled(date="2020-08-20", actor="Walmart", suit="d", court="D.D.C.", target="msft"))
    assert fresh.suit("d").against == "deal"


def test_bad_suit_events_are_refused_on_reading() -> None:
    """A suit against something else, a bid or order left unnamed, a ruling that is not a boolean: input errors."""

    def error(call: Callable[[], object]) -> tuple[str, str | None, str | None]:
        with pytest.raises(df.InputError) as info:
            call()
        return info.value.rule, info.value.field, info.value.fix

    d = "2020-08-20"
    assert error(lambda: df.SuitFiled(date=d, actor="A", suit="s", court="C", against="person")) == (
        "a suit is against one of deal, bid, order, not 'person'",
        "against",
        "write against: deal, bid or order (and name the bid or order in target)",
    )
    assert error(lambda: df.SuitFiled(date=d, actor="A", suit="s", court="C", against="bid", target=" ")) == (
        "a suit against a bid names it",
        "target",
        "name the bid in target",
    )
    assert error(lambda: df.SuitFiled(date=d, actor="A", suit="s", court="C", against="order")) == (
        "a suit against a order names it",
        "target",
        "name the order in target",
    )
    assert error(lambda: df.RulingIssued(date=d, actor="C", suit="s", for_plaintiff=1)) == (  # type: ignore[arg-type]
        "expected true or false, got 1",
        "for_plaintiff",
        "write true or false",
    )


def test_suit_events_describe_themselves() -> None:
    """Each litigation event says in a line who did what in which suit."""
    d = "2020-08-20"
    said = [
        (df.SuitFiled(date=d, actor="A", suit="s", court="C"), "A sues the deal in C ('s')"),
        (
            df.SuitFiled(date=d, actor="A", suit="s", court="C", against="bid", target="b", claim="no"),
            "A sues bid 'b' in C ('s'): no",
        ),
        (df.RestrainingOrderGranted(date=d, actor="C", suit="s"), "C grants a temporary restraining order in 's'"),
        (df.RestrainingOrderDenied(date=d, actor="C", suit="s"), "C denies a temporary restraining order in 's'"),
        (df.PreliminaryInjunctionGranted(date=d, actor="C", suit="s"), "C grants a preliminary injunction in 's'"),
        (df.PreliminaryInjunctionDenied(date=d, actor="C", suit="s"), "C denies a preliminary injunction in 's'"),
        (df.SuitDismissed(date=d, actor="C", suit="s"), "C dismisses 's'"),
        (df.SuitDismissed(date=d, actor="C", suit="s", reason="moot"), "C dismisses 's': moot"),
        (df.SuitWithdrawn(date=d, actor="A", suit="s"), "A withdraws 's'"),
        (df.RulingIssued(date=d, actor="C", suit="s", for_plaintiff=True), "C rules for the plaintiff in 's'"),
        (
            df.RulingIssued(date=d, actor="C", suit="s", for_plaintiff=False, text="no case"),
            "C rules against the plaintiff in 's': no case",
        ),
        (df.SuitAppealed(date=d, actor="A", suit="s", court="D"), "A appeals 's' to D"),
    ]
    assert [e.describe() for e, _ in said] == [text for _, text in said]


def test_a_court_s_steps_are_refused_in_a_final_suit_each_saying_what_it_tried() -> None:
    """Every step in a dismissed suit is refused with what it tried to do and that nothing is allowed."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")
    deal.dismiss("s", on="2020-08-21")
    final = "from dismissed the suit allows: nothing (it is final)"
    steps: list[tuple[Callable[[], object], str]] = [
        (lambda: deal.grant_tro("s", on="2020-08-22"), "have a temporary restraining order granted"),
        (lambda: deal.deny_tro("s", on="2020-08-22"), "have a temporary restraining order denied"),
        (lambda: deal.grant_injunction("s", on="2020-08-22"), "have a preliminary injunction granted"),
        (lambda: deal.deny_injunction("s", on="2020-08-22"), "have a preliminary injunction denied"),
        (lambda: deal.dismiss("s", on="2020-08-22"), "be dismissed"),
        (lambda: deal.rule("s", for_plaintiff=True, on="2020-08-22"), "be ruled on"),
        (lambda: deal.rule("s", for_plaintiff=False, on="2020-08-22"), "be ruled on"),
        (lambda: deal.withdraw_suit("s", on="2020-08-22"), "be withdrawn"),
        (lambda: deal.appeal("s", by="Walmart", to="D.C. Circuit", on="2020-08-22"), "be appealed"),
    ]
    for call, what in steps:
        assert refusal(call) == (f"suit 's' is dismissed: cannot {what}", None, final)
    assert deal.suit("s").state == "dismissed"


def test_who_may_act_in_a_suit_is_checked_with_a_fix() -> None:
    """Another court, another plaintiff, the same court on appeal, an unknown suit: each refusal names field and fix."""
    deal = in_court()
    assert refusal(lambda: deal.suit("x")) == ("no suit 'x'", "suit", "use one of: none filed yet")
    assert refusal(lambda: deal.grant_tro("x", court="D.D.C.", on="2020-08-20")) == (
        "no suit 'x' was filed",
        "suit",
        "record suit_filed first, or use one of: none filed yet",
    )
    assert refusal(lambda: deal.withdraw_suit("x", by="Walmart", on="2020-08-20")) == (
        "no suit 'x' was filed",
        "suit",
        "record suit_filed first, or use one of: none filed yet",
    )
    everyone = "use one of: ByteDance, Microsoft, Walmart, Oracle, Washington, Beijing, Court, D.D.C., D.C. Circuit"
    assert refusal(lambda: deal.grant_tro("x", on="2020-08-20")) == ("unknown actor '(no court)'", "actor", everyone)
    assert refusal(lambda: deal.withdraw_suit("x", on="2020-08-20")) == (
        "unknown actor '(no plaintiff)'",
        "actor",
        everyone,
    )
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")
    deal.file_suit("t", plaintiff="Oracle", court="D.D.C.", on="2020-08-20")
    assert refusal(lambda: deal.suit("x")) == ("no suit 'x'", "suit", "use one of: s, t")
    assert refusal(lambda: deal.dismiss("x", court="D.D.C.", on="2020-08-20")) == (
        "no suit 'x' was filed",
        "suit",
        "record suit_filed first, or use one of: s, t",
    )
    assert refusal(lambda: deal.grant_tro("s", court="D.C. Circuit", on="2020-08-20")) == (
        "D.C. Circuit is not the court hearing suit 's' (D.D.C.)",
        "actor",
        "record it as D.D.C.'s, or appeal the suit to D.C. Circuit first",
    )
    assert refusal(lambda: deal.withdraw_suit("s", by="Microsoft", on="2020-08-20")) == (
        "only the plaintiff (Walmart) withdraws suit 's'",
        "actor",
        "record it as Walmart's",
    )
    assert refusal(lambda: deal.appeal("s", by="Walmart", to="D.D.C.", on="2020-08-20")) == (
        "suit 's' is heard by D.D.C. already",
        "court",
        "name the court of appeal",
    )
    assert refusal(lambda: deal.appeal("s", by="Walmart", to="Nowhere", on="2020-08-20")) == (
        "unknown court 'Nowhere'",
        "court",
        COURTS,
    )
    assert refusal(lambda: deal.appeal("s", by="Walmart", to="Court", on="2020-08-20")) == (
        "Court is an other, not a court",
        "court",
        "declare the court with role court",
    )
    assert refusal(lambda: deal.appeal("s", by="Walmart", to="D.C. Circuit", on="2020-08-20")) == (
        "suit 's' is pending: cannot be appealed",
        None,
        "from pending the suit allows: restrain, deny_restraint, enjoin, deny_injunction, rule_for, rule_against,"
        " dismiss, withdraw",
    )
    assert deal.suit("s") == df.SuitStatus("s", "Walmart", "D.D.C.", "deal", "", "pending", None, _dt.date(2020, 8, 20))


def test_each_step_moves_the_suit_sets_its_relief_and_says_so() -> None:
    """TRO, injunction, denial, ruling, appeal, withdrawal: the suit's state, relief, court and history line follow."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")

    def step(call: Callable[[str], list[Change]], day: int, before: str, after: str, relief: str | None) -> None:
        on, index = _dt.date(2020, 9, day), len(deal.journal)
        assert call(on.isoformat()) == [Change(on, index, "suit s", before, after)]
        assert (deal.suit("s").state, deal.suit("s").relief) == (after, relief)
        assert deal.suit("s").in_force is (relief is not None)

    tro = "temporary restraining order"
    step(lambda on: deal.grant_tro("s", on=on), 1, "pending", "restrained", tro)
    step(lambda on: deal.deny_tro("s", on=on), 2, "restrained", "pending", None)
    step(lambda on: deal.grant_tro("s", on=on), 3, "pending", "restrained", tro)
    step(lambda on: deal.deny_injunction("s", on=on), 4, "restrained", "pending", None)
    step(lambda on: deal.grant_injunction("s", on=on), 5, "pending", "enjoined", "preliminary injunction")
    step(lambda on: deal.rule("s", for_plaintiff=False, on=on), 6, "enjoined", "rejected", None)
    step(lambda on: deal.appeal("s", by="Walmart", to="D.C. Circuit", on=on), 7, "rejected", "appealed", None)
    assert deal.suit("s").court == "D.C. Circuit"
    step(lambda on: deal.rule("s", for_plaintiff=True, on=on), 8, "appealed", "upheld", "permanent injunction")
    step(lambda on: deal.withdraw_suit("s", on=on), 9, "upheld", "withdrawn", None)
    assert [e.actor for e in deal.journal[-9:]] == ["D.D.C."] * 6 + ["Walmart", "D.C. Circuit", "Walmart"]


def test_the_sugar_records_the_court_or_plaintiff_given() -> None:
    """A court or plaintiff named to the sugar is the event's actor (and is checked like any other)."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")
    for call in (deal.grant_tro, deal.deny_tro, deal.grant_injunction, deal.deny_injunction, deal.dismiss):
        with pytest.raises(RefusedEvent, match=r"D\.C\. Circuit is not the court hearing"):
            call("s", court="D.C. Circuit", on="2020-08-21")
    with pytest.raises(RefusedEvent, match=r"D\.C\. Circuit is not the court hearing"):
        deal.rule("s", for_plaintiff=True, court="D.C. Circuit", on="2020-08-21")
    deal.grant_injunction("s", court="D.D.C.", on="2020-08-21")
    deal.dismiss("s", reason="settled", on="2020-08-22")
    assert deal.journal[-1] == df.SuitDismissed(date="2020-08-22", actor="D.D.C.", suit="s", reason="settled")
    deal.file_suit("t", plaintiff="Walmart", court="D.D.C.", on="2020-08-22")
    deal.rule("t", for_plaintiff=False, text="no standing", on="2020-08-23")
    assert deal.journal[-1] == df.RulingIssued(
        date="2020-08-23", actor="D.D.C.", suit="t", for_plaintiff=False, text="no standing"
    )
    deal.withdraw_suit("t", by="Walmart", on="2020-08-24")
    assert deal.journal[-1] == df.SuitWithdrawn(date="2020-08-24", actor="Walmart", suit="t")


def test_relief_against_the_deal_is_refused_once_it_is_over_but_its_suit_can_end() -> None:
    """No TRO, injunction or ruling for the plaintiff against a closed or terminated deal; a dismissal still is recorded."""
    closed = closed_jv()
    for call in (
        lambda: closed.grant_tro("ftc", on="2020-09-02"),
        lambda: closed.grant_injunction("ftc", on="2020-09-02"),
        lambda: closed.rule("ftc", for_plaintiff=True, on="2020-09-02"),
    ):
        assert refusal(call) == (
            "the deal is closed: there is no deal left to restrain or enjoin",
            "suit",
            "sue for a divestiture order instead, or record the ruling as a statement",
        )
    closed.rule("ftc", for_plaintiff=False, on="2020-09-02")
    assert closed.suit("ftc").state == "rejected"
    ended = in_court()
    ended.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")
    ended.terminate(on="2020-08-21")
    assert ended.state == "terminated"
    assert refusal(lambda: ended.grant_tro("s", on="2020-08-22"))[0] == (
        "the deal is terminated: it accepts no further state change"  # litigation does not survive termination
    )


def test_relief_against_a_bid_after_closing_is_not_relief_against_the_deal() -> None:
    """Only suits against the deal itself lose their object at closing."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="bid", target="msft", on="2020-08-20")
    deal.approve("Washington", on="2020-08-21")
    deal.sign(on="2020-08-22")
    deal.close(on="2020-08-23")
    deal.grant_injunction("s", on="2020-08-24")
    assert deal.suit("s").relief == "preliminary injunction"


def test_a_ruling_for_the_plaintiff_sets_an_order_aside_and_enjoins_a_deal_or_bid() -> None:
    """The relief of a ruling for the plaintiff depends on what was sued, and an order sued is enjoined with a history line."""
    deal = with_order_and_mandate()
    deal.file_suit("o", plaintiff="Walmart", court="D.D.C.", against="order", target="ban", on="2020-08-21")
    deal.file_suit("m", plaintiff="Walmart", court="D.D.C.", against="order", target="EO", on="2020-08-21")
    deal.file_suit("b", plaintiff="Walmart", court="D.D.C.", against="bid", target="msft", on="2020-08-21")
    assert deal.rule("o", for_plaintiff=True, on="2020-08-22") == [
        Change(_dt.date(2020, 8, 22), 12, "suit o", "pending", "upheld"),
        Change(_dt.date(2020, 8, 22), 12, "order ban", "in_force", "enjoined"),
    ]
    assert deal.rule("m", for_plaintiff=True, on="2020-08-22") == [
        Change(_dt.date(2020, 8, 22), 13, "suit m", "pending", "upheld"),
        Change(_dt.date(2020, 8, 22), 13, "mandate EO", "in_force", "enjoined"),
    ]
    deal.rule("b", for_plaintiff=True, on="2020-08-22")
    assert [deal.suit(s).relief for s in "omb"] == ["order set aside", "order set aside", "permanent injunction"]
    assert deal.withdraw_suit("o", on="2020-08-23") == [
        Change(_dt.date(2020, 8, 23), 15, "suit o", "upheld", "withdrawn"),
        Change(_dt.date(2020, 8, 23), 15, "order ban", "enjoined", "in_force"),
    ]
    assert deal.order("ban").state == "in_force" and deal.mandate("EO").state == "enjoined"


def test_relief_against_an_order_keeps_it_enjoined_through_further_steps() -> None:
    """A TRO then an injunction then an appeal hold the order enjoined without new history lines for it."""
    deal = with_order_and_mandate()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="order", target="ban", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-22")
    assert deal.grant_injunction("s", on="2020-08-23") == [
        Change(_dt.date(2020, 8, 23), 11, "suit s", "restrained", "enjoined")
    ]
    assert deal.order("ban").state == "enjoined"
    deal.rule("s", for_plaintiff=False, on="2020-08-24")
    assert deal.order("ban").state == "in_force"
    assert deal.appeal("s", by="Walmart", to="D.C. Circuit", on="2020-08-25") == [
        Change(_dt.date(2020, 8, 25), 13, "suit s", "rejected", "appealed")
    ]
    assert deal.order("ban").state == "in_force"  # an appeal with no relief leaves the order in force


def test_an_order_that_cannot_be_enjoined_refuses_the_relief_and_the_suit_stays() -> None:
    """Relief against a revoked order or a lapsed mandate is refused with the machine's reason, nothing changed."""
    deal = with_order_and_mandate()
    deal.file_suit("o", plaintiff="Walmart", court="D.D.C.", against="order", target="ban", on="2020-08-21")
    deal.file_suit("m", plaintiff="Walmart", court="D.D.C.", against="order", target="EO", on="2020-08-21")
    deal.revoke_order("ban", on="2020-08-22")
    assert refusal(lambda: deal.grant_tro("o", on="2020-08-23")) == (
        "order 'ban' is revoked: cannot be enjoined",
        None,
        "from revoked the order allows: nothing (it is final)",
    )
    deal.lapse("EO", on="2020-12-02")
    assert refusal(lambda: deal.grant_injunction("m", on="2020-12-03")) == (
        "mandate 'EO' is lapsed: cannot be enjoined",
        None,
        "from lapsed the mandate allows: extend, suspend, enforce, revoke, satisfy",
    )
    assert [(s.state, s.relief) for s in deal.status().suits] == [("pending", None), ("pending", None)]
    deal.dismiss("o", on="2020-12-03")  # ending a suit without relief leaves the order as it is
    assert deal.order("ban").state == "revoked"


def test_a_suit_against_an_order_names_one_target_an_order_or_a_mandate() -> None:
    """An order and a mandate never share a name, so relief in a suit against 'X' reaches the order named X only."""
    deal = in_court()
    deal.issue_order("X", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    with pytest.raises(RefusedEvent, match="'X' is the name of an order already"):
        deal.issue_mandate("X", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.issue_mandate("Y", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="order", target="X", on="2020-08-21")
    deal.grant_tro("s", on="2020-08-22")
    assert (deal.order("X").state, deal.mandate("Y").state) == ("enjoined", "in_force")


def test_relief_against_the_accepted_bid_bars_closing_and_acceptance_is_refused() -> None:
    """Relief against a bid bars its acceptance, and the close on it once accepted; relief against another bid bars nothing."""
    deal = in_court()
    deal.submit_bid("wmt", ["Walmart"], deal.terms, on="2020-08-12")
    deal.file_suit("w", plaintiff="Oracle", court="D.D.C.", against="bid", target="wmt", on="2020-08-13")
    deal.grant_tro("w", on="2020-08-14")
    assert refusal(lambda: deal.accept_bid("wmt", on="2020-08-15")) == (
        "a temporary restraining order of D.D.C. in suit 'w' is in force against bid 'wmt'",
        "bid",
        "wait for the relief to end (a denial, a ruling, a dismissal or a withdrawal)",
    )
    deal.accept_bid("msft", on="2020-08-15")  # another bid is free
    deal.approve("Washington", on="2020-08-15")
    deal.file_suit("p", plaintiff="Oracle", court="D.D.C.", against="bid", target="msft", on="2020-08-15")
    assert deal.blockers() == []  # a suit with no relief in force bars nothing
    deal.file_suit("m", plaintiff="Oracle", court="D.D.C.", against="bid", target="msft", on="2020-08-16")
    deal.file_suit("d", plaintiff="Oracle", court="D.D.C.", on="2020-08-16")
    deal.grant_injunction("m", on="2020-08-17")
    deal.grant_tro("d", on="2020-08-17")
    assert deal.blockers() == [
        "a temporary restraining order of D.D.C. in suit 'd' is in force against the deal",
        "a preliminary injunction of D.D.C. in suit 'm' is in force against bid 'msft'",
    ]


def test_a_legacy_injunction_is_a_suit_with_no_recorded_plaintiff_and_a_new_one_after_it_ends() -> None:
    """enjoined files '<court> v. <mandate>' and enjoins it; repeating it changes nothing; once lifted, the next is '(2)'."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    day = _dt.date(2020, 8, 21)
    assert deal.enjoin("EO", court="D.D.C.", on="2020-08-21") == [
        Change(day, 8, "suit D.D.C. v. EO", None, "pending"),
        Change(day, 8, "suit D.D.C. v. EO", "pending", "enjoined"),
        Change(day, 8, "mandate EO", "in_force", "enjoined"),
    ]
    assert deal.suit("D.D.C. v. EO") == df.SuitStatus(
        "D.D.C. v. EO", "(not recorded)", "D.D.C.", "order", "EO", "enjoined", "preliminary injunction", day
    )
    assert deal.enjoin("EO", court="D.D.C.", on="2020-08-21") == []
    assert len(deal.status().suits) == 1
    lifted = _dt.date(2020, 8, 22)
    assert deal.lift_injunction("EO", court="Court", on="2020-08-22") == [  # a court with none lifts them all
        Change(lifted, 10, "suit D.D.C. v. EO", "enjoined", "dismissed"),
        Change(lifted, 10, "mandate EO", "enjoined", "in_force"),
    ]
    assert deal.suit("D.D.C. v. EO").relief is None
    deal.enjoin("EO", court="D.D.C.", on="2020-08-23")
    assert [(s.suit, s.state) for s in deal.status().suits] == [
        ("D.D.C. v. EO", "dismissed"),
        ("D.D.C. v. EO (2)", "enjoined"),
    ]
    assert deal.mandate("EO").state == "enjoined"


@pytest.mark.parametrize("tro", [False, True])
def test_a_legacy_injunction_joins_the_open_suit_of_that_name(tro: bool) -> None:
    """A pending or restrained suit named '<court> v. <mandate>' is the one enjoined, its plaintiff kept."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.file_suit("D.D.C. v. EO", plaintiff="Walmart", court="D.D.C.", against="order", target="EO", on="2020-08-20")
    if tro:
        deal.grant_tro("D.D.C. v. EO", on="2020-08-20")
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    assert [(s.suit, s.plaintiff, s.state) for s in deal.status().suits] == [("D.D.C. v. EO", "Walmart", "enjoined")]


def test_legacy_injunction_refusals_say_why_and_change_nothing() -> None:
    """Lifting what is not enjoined, enjoining a lapsed mandate, dismissing a ruling by lifting: refused with the reason."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    assert refusal(lambda: deal.lift_injunction("EO", court="D.D.C.", on="2020-08-21")) == (
        "no injunction against mandate 'EO' is recorded",
        "mandate",
        "record the injunction first (enjoined, or relief granted in a suit against the mandate)",
    )
    assert refusal(lambda: deal.enjoin("EO", court="Washington", on="2020-08-21")) == (
        "Washington cannot enjoin mandate 'EO' or lift an injunction against it: a court does",
        "actor",
        "record it by the court (a party with role court or other)",
    )
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="order", target="EO", on="2020-08-21")
    deal.rule("s", for_plaintiff=True, on="2020-08-22")
    assert refusal(lambda: deal.lift_injunction("EO", court="D.D.C.", on="2020-08-23")) == (
        "suit 's' is upheld: cannot be dismissed",
        None,
        "from upheld the suit allows: appeal, withdraw",
    )
    assert (deal.suit("s").state, deal.mandate("EO").state) == ("upheld", "enjoined")
    lapsed = in_court()
    lapsed.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    lapsed.lapse("EO", on="2020-12-02")
    assert refusal(lambda: lapsed.enjoin("EO", court="D.D.C.", on="2020-12-03")) == (
        "mandate 'EO' is lapsed: cannot be enjoined",
        None,
        "from lapsed the mandate allows: extend, suspend, enforce, revoke, satisfy",
    )
    assert lapsed.status().suits == ()


@pytest.mark.parametrize("paused", [False, True])
def test_lifting_an_injunction_never_recorded_is_refused_naming_the_mandate(paused: bool) -> None:
    """injunction_lifted with no relief against the mandate (in force, or paused) says none is recorded; nothing changes."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    if paused:
        deal.pause_enforcement("EO", until="2021-03-01", on="2020-08-20")
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="order", target="EO", on="2020-08-20")
    before = deal.status()
    assert refusal(lambda: deal.lift_injunction("EO", court="D.D.C.", on="2020-08-21")) == (
        "no injunction against mandate 'EO' is recorded",
        "mandate",
        "record the injunction first (enjoined, or relief granted in a suit against the mandate)",
    )
    assert deal.status() == before
    assert deal.suit("s").state == "pending"  # a suit without relief is not dismissed by a lifting


@pytest.mark.parametrize("enjoined", [False, True])
def test_lifting_an_injunction_against_a_revoked_mandate_says_it_is_final(enjoined: bool) -> None:
    """A revoked mandate, enjoined before or never, refuses injunction_lifted as final, whatever relief is recorded."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    if enjoined:
        deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    deal.revoke("EO", on="2020-08-22")
    assert refusal(lambda: deal.lift_injunction("EO", court="D.D.C.", on="2020-08-23")) == (
        "mandate 'EO' is revoked: cannot have an injunction lifted",
        None,
        "from revoked the mandate allows: nothing (it is final)",
    )


def test_an_enjoined_mandate_keeps_its_name_so_lifting_the_injunction_frees_it() -> None:
    """An order cannot take the name of an enjoined mandate, so injunction_lifted still reaches the mandate."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    with pytest.raises(RefusedEvent, match="'EO' is the name of a mandate already"):
        deal.issue_order("EO", "ban", issuer="Washington", on="2020-08-22")
    assert deal.lift_injunction("EO", court="D.D.C.", on="2020-08-23") == [
        Change(_dt.date(2020, 8, 23), 9, "suit D.D.C. v. EO", "enjoined", "dismissed"),
        Change(_dt.date(2020, 8, 23), 9, "mandate EO", "enjoined", "in_force"),
    ]
    assert (deal.mandate("EO").state, deal.status().orders) == ("in_force", ())


def test_lifting_one_court_s_injunction_keeps_the_other_court_s() -> None:
    """injunction_lifted by a court that enjoined dismisses only its own suit; the mandate stays enjoined."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    deal.enjoin("EO", court="D.C. Circuit", on="2020-08-21")
    assert deal.lift_injunction("EO", court="D.C. Circuit", on="2020-08-22") == [
        Change(_dt.date(2020, 8, 22), 10, "suit D.C. Circuit v. EO", "enjoined", "dismissed")
    ]
    assert [(s.suit, s.relief) for s in deal.status().suits] == [
        ("D.D.C. v. EO", "preliminary injunction"),
        ("D.C. Circuit v. EO", None),
    ]


def test_a_suit_against_a_bid_lists_the_deal_s_bids_or_none() -> None:
    """An unknown bid sued is refused with the bids the deal has, or 'none yet'."""
    deal = in_court()
    deal.submit_bid("wmt", ["Walmart"], deal.terms, on="2020-08-12")
    assert refusal(
        lambda: deal.file_suit("s", plaintiff="Oracle", court="D.D.C.", against="bid", target="x", on="2020-08-13")
    ) == ("no bid 'x'", "target", "use one of: msft, wmt")
    closed = closed_jv()  # no bid was ever made
    assert refusal(
        lambda: closed.file_suit("s", plaintiff="Oracle", court="D.D.C.", against="bid", target="x", on="2020-09-02")
    ) == ("no bid 'x'", "target", "use one of: none yet")


def test_a_ruling_by_another_court_is_refused_with_field_and_fix() -> None:
    """Only the court hearing the suit rules; the refusal names the actor and says how to record it."""
    deal = in_court()
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")
    assert refusal(lambda: deal.rule("s", for_plaintiff=False, court="D.C. Circuit", on="2020-08-21")) == (
        "D.C. Circuit is not the court hearing suit 's' (D.D.C.)",
        "actor",
        "record it as D.D.C.'s, or appeal the suit to D.C. Circuit first",
    )


_COURT_STEPS = [
    (df.RestrainingOrderGranted, "restrain", "temporary restraining order", "restrained"),
    (df.RestrainingOrderDenied, "deny_restraint", None, "pending"),
    (df.PreliminaryInjunctionGranted, "enjoin", "preliminary injunction", "enjoined"),
    (df.PreliminaryInjunctionDenied, "deny_injunction", None, "pending"),
    (df.SuitDismissed, "dismiss", None, "dismissed"),
]


@pytest.mark.parametrize(("event", "trigger", "relief", "state"), _COURT_STEPS)
def test_a_court_step_handler_built_afresh_gives_its_relief_and_checks_the_court(
    event: type[SuitEvent], trigger: str, relief: str | None, state: str
) -> None:
    """The handler _step builds (as registered at import) moves the suit, sets its relief and refuses another court."""
    handler = _step(trigger, relief, "act")
    deal = in_court()
    deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", against="order", target="ban", on="2020-08-20")
    if trigger != "restrain":
        deal.grant_tro("s", on="2020-08-20")
    other = event(date="2020-08-21", actor="D.C. Circuit", suit="s")
    assert refusal(lambda: handler(deal, other, len(deal.journal))) == (
        "D.C. Circuit is not the court hearing suit 's' (D.D.C.)",
        "actor",
        "record it as D.D.C.'s, or appeal the suit to D.C. Circuit first",
    )
    handler(deal, event(date="2020-08-21", actor="D.D.C.", suit="s"), len(deal.journal))
    assert (deal.suit("s").state, deal.suit("s").relief) == (state, relief)
    assert deal.order("ban").state == ("enjoined" if relief else "in_force")
    closed = closed_jv()
    if relief is not None:
        assert refusal(lambda: handler(closed, event(date="2020-09-02", actor="D.D.C.", suit="ftc"), 9)) == (
            "the deal is closed: there is no deal left to restrain or enjoin",
            "suit",
            "sue for a divestiture order instead, or record the ruling as a statement",
        )


def test_the_sugar_passes_the_source_and_defaults_on() -> None:
    """Every litigation sugar method records the metadata given, and an empty reason or ruling text by default."""
    deal = in_court()
    src = {"verified": False}
    deal.file_suit("s", plaintiff="Walmart", court="D.D.C.", on="2020-08-20", **src)
    deal.grant_tro("s", on="2020-08-20", **src)
    deal.deny_tro("s", on="2020-08-20", **src)
    deal.deny_injunction("s", on="2020-08-20", **src)
    deal.grant_injunction("s", on="2020-08-20", **src)
    deal.rule("s", for_plaintiff=False, on="2020-08-20", **src)
    deal.appeal("s", by="Walmart", to="D.C. Circuit", on="2020-08-20", **src)
    deal.dismiss("s", on="2020-08-20", **src)
    deal.file_suit("t", plaintiff="Walmart", court="D.D.C.", on="2020-08-20")
    deal.withdraw_suit("t", on="2020-08-20", **src)
    recorded = deal.journal[-10:]
    assert [e.verified for e in recorded] == [False] * 8 + [True, False]
    assert [e.describe() for e in recorded if isinstance(e, (df.SuitDismissed, df.RulingIssued))] == [
        "D.D.C. rules against the plaintiff in 's'",
        "D.C. Circuit dismisses 's'",
    ]


def test_a_mandate_s_issuer_that_is_no_regulator_still_cannot_enjoin_it_or_lift_an_injunction() -> None:
    """The issuer of a mandate never enjoins it nor lifts an injunction against it, whatever its role."""
    deal = in_court()
    deal.issue_mandate("EO", issuer="Court", deadline="2020-12-01", on="2020-08-20")
    assert refusal(lambda: deal.enjoin("EO", court="Court", on="2020-08-21")) == (
        "Court cannot enjoin mandate 'EO' or lift an injunction against it: a court does",
        "actor",
        "record it by the court (a party with role court or other)",
    )
    deal.enjoin("EO", court="D.D.C.", on="2020-08-21")
    assert refusal(lambda: deal.lift_injunction("EO", court="Court", on="2020-08-22")) == (
        "Court cannot enjoin mandate 'EO' or lift an injunction against it: a court does",
        "actor",
        "record it by the court (a party with role court or other)",
    )
    assert deal.mandate("EO").state == "enjoined"
