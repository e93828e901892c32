"""Tests of dealflow._report: timeline, status on a date, decision check and the end."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import Condition, Deal, ExportLicenceRequired, ForeignAdversaryControl, Outcome, Terms, load_case, testing
from dealflow._events import Approved, Blocked, ConditionallyApproved, Event
from dealflow._report import (
    _DECISIONS,
    _check_one,
    check_decisions,
    control_tests,
    format_checks,
    format_end,
    format_status,
    format_timeline,
    timeline,
)

from .helpers import JV, PARTIES, closed_jv, opened

ROOT = Path(__file__).resolve().parent.parent
DEAL = load_case(ROOT / "examples" / "tiktok" / "tiktok.yaml").replay()


def test_timeline_groups_every_change_under_its_event() -> None:
    """The timeline has one entry per journal event, and its changes, in order, are the deal's history."""
    entries = timeline(DEAL)
    assert [e.event for e in entries] == DEAL.journal
    assert [c for e in entries for c in e.changes] == DEAL.history
    assert all(c.position == e.position for e in entries for c in e.changes)


def test_timeline_text_has_a_line_per_event_in_order() -> None:
    """Each event's date, actor and description start a line of the text, in journal order."""
    lines = format_timeline(DEAL, width=200).splitlines()
    heads = [line for line in lines if line[:4].isdigit()]
    assert len(heads) == len(DEAL.journal)
    for line, event in zip(heads, DEAL.journal, strict=True):
        assert line.startswith(event.date.isoformat())
        assert event.actor in line
        assert event.describe() in line


def test_timeline_marks_unverified_events() -> None:
    """An unverified event's source tag carries a question mark."""
    lines = format_timeline(DEAL, width=200).splitlines()
    for event in DEAL.journal:
        if not event.verified and event.source is not None:
            assert any(line.startswith(f"{event.date}  {event.source.number}?") for line in lines)


def test_timeline_gives_an_inexact_date_as_the_record_does() -> None:
    """An event dated only to a month, or about a day, says so before what happened; exact dates add nothing."""
    deal = opened()
    deal.say("a report", on="2020-09-01", actor="Beijing", date_precision="month", date_qualifier="by")
    deal.say("another", on="2020-09-02", actor="Beijing")
    text = format_timeline(deal, width=200)
    assert "(by 2020-09) a report" in text.replace("statement: ", "")
    assert "(" not in next(line for line in text.splitlines() if "another" in line)


def test_ascii_output_is_ascii() -> None:
    """With ascii_only every report encodes as ASCII."""
    for text in (
        format_timeline(DEAL, ascii_only=True),
        format_checks(check_decisions(DEAL.journal), ascii_only=True),
        format_status(DEAL, "2020-09-20", ascii_only=True),
    ):
        text.encode("ascii")


def test_status_on_a_date_lists_every_machine() -> None:
    """The status on 2020-09-20 names the deal state, each bid, gate and mandate with its deadline, and the rules."""
    text = format_status(DEAL, "2020-09-20")
    status = DEAL.status_on("2020-09-20")
    assert f"deal         {status.state}" in text
    for gate in status.gates:
        assert gate.regulator in text
        assert gate.state.replace("_", " ") in text
    for m in status.mandates:
        assert f"deadline {m.deadline}" in text
    for r in status.rules:
        assert r.name in text
    assert "Nothing had happened" in format_status(DEAL, "2019-01-01")


def test_decision_check_finds_beijing_april_2025_beyond_its_rules() -> None:
    """Beijing's block of April 2025 is stricter than its rules (a licence), its 2025-10-30 approval more lenient."""
    checks = {(c.regulator, c.date.isoformat()): c for c in check_decisions(DEAL.journal)}
    april = checks["Beijing", "2025-04-03"]
    assert april.finding == "stricter"
    assert april.expected.outcome is Outcome.CONDITIONAL
    assert "licence" in april.explanation and "tariffs" in april.explanation
    assert checks["Beijing", "2025-10-30"].finding == "more lenient"
    assert checks["Washington", "2025-09-25"].agrees
    text = format_checks(list(checks.values()))
    assert f"{len(checks)} decisions" in text and "2 disagree" in text


def test_decision_check_classifies_each_kind_of_disagreement() -> None:
    """Approving what the rules make conditional is lenient; blocking what they approve is strict."""
    deal = opened()
    deal.enact("Beijing", "catalogue", ExportLicenceRequired("Beijing"), on="2020-08-02")
    deal.enact("Washington", "act", ForeignAdversaryControl(), on="2020-08-02")
    sale = JV.with_(assets=frozenset({"recommendation_algorithm"}))
    deal.restructure(sale, on="2020-08-03")
    deal.approve("Beijing", on="2020-08-04")
    deal.block("Washington", on="2020-08-04", reason="politics")
    deal.restructure(JV, on="2020-08-05")
    deal.approve("Washington", conditions=[Condition("data_hosted_by", "Oracle")], on="2020-08-06")
    found = [(c.regulator, c.finding) for c in check_decisions(deal.journal)]
    assert found == [("Beijing", "more lenient"), ("Washington", "stricter"), ("Washington", "agrees")]


def test_a_repeated_decision_is_checked_on_the_terms_of_its_day() -> None:
    """The same approval on conditions, once on terms that promise them and once not, gets two findings."""
    deal = opened()
    hosted = Condition("data_hosted_by", "Oracle")
    deal.restructure(JV, on="2020-08-02")  # Oracle keeps the data: the condition is met by the terms
    deal.approve("Washington", conditions=[hosted], on="2020-08-03")
    deal.restructure(JV.with_(data_custodian=None), on="2020-08-04")
    deal.approve("Washington", conditions=[hosted], on="2020-08-05")
    deal.restructure(JV, on="2020-08-06")
    deal.approve("Washington", conditions=[hosted], on="2020-08-07")
    first, second, third = check_decisions(deal.journal)
    assert "met by the terms themselves" in first.explanation and first.finding == "agrees"
    assert second.finding == "stricter" and "met by the terms" not in second.explanation
    assert (third.finding, third.explanation) == (first.finding, first.explanation)


def _checked_one_by_one(journal: list[Event]) -> list[tuple[object, ...]]:
    """Each decision of ``journal`` checked on its own, with nothing kept from the others."""
    deal, out = Deal(), []
    for position, event in enumerate(journal):
        if isinstance(event, (Approved, ConditionallyApproved, Blocked)) and deal.terms is not None:
            c = _check_one(deal, position, event, {})
            # what the rules said, asked of the deal itself (the check skips Deal.verdict when no rule is in force)
            assert c.expected == deal.verdict(event.regulator, on=event.date)
            assert c.rules == tuple(deal._rules.get(event.regulator, {}))
            out.append((c.position, c.decided, c.conditions, c.rules, c.expected, c.finding, c.explanation))
        deal.apply(event)
    return out


@settings(max_examples=60, deadline=None)
@given(testing.event_sequences(max_size=40))
def test_decision_checks_kept_for_repeats_equal_checks_made_one_by_one(journal: list[Event]) -> None:
    """The decision check, which keeps the findings of repeated decisions, finds what checking each afresh finds."""
    checks = [c for c in check_decisions(journal) if isinstance(journal[c.position], _DECISIONS)]
    kept = [(c.position, c.decided, c.conditions, c.rules, c.expected, c.finding, c.explanation) for c in checks]
    assert kept == _checked_one_by_one(journal)


def test_decision_checks_of_the_bundled_cases_equal_checks_made_one_by_one() -> None:
    """Every bundled case's decisions, checked with repeats kept, equal the checks made one by one."""
    paths = sorted((ROOT / "dealflow" / "cases").rglob("*.yaml"))
    assert len(paths) >= 4
    compared = 0
    for path in paths:
        journal = list(load_case(path).events)
        checks = [c for c in check_decisions(journal) if isinstance(journal[c.position], _DECISIONS)]
        kept = [(c.position, c.decided, c.conditions, c.rules, c.expected, c.finding, c.explanation) for c in checks]
        assert kept == _checked_one_by_one(journal), path
        compared += len(kept)
    assert compared >= 8


def test_the_end_shows_the_close_cap_table_and_control_test() -> None:
    """The end says closed on 2026-01-22, lists the joint venture's cap table and passes the 20% test."""
    text = format_end(DEAL)
    assert "closed on 2026-01-22" in text
    terms = DEAL.terms
    assert terms is not None
    for stake in terms.cap_table:
        assert stake.holder in text
    assert "20% control test passes" in text
    [(regulator, _name, share, verdict)] = control_tests(DEAL)
    assert regulator == "Washington"
    assert share == terms.stake_of("ByteDance")
    assert verdict.outcome is Outcome.APPROVE


@settings(max_examples=50, deadline=None)
@given(st.fractions(min_value=Fraction(1, 100), max_value=Fraction(1, 2)))
def test_control_test_fails_exactly_at_twenty_percent_or_more(share: Fraction) -> None:
    """On any ByteDance stake, the Act's test fails exactly when the adversary share is 20% or more."""
    deal = Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, regulators=["Washington"], on="2024-04-24")
    deal.enact("Washington", "act", ForeignAdversaryControl(), on="2024-04-24")
    deal.restructure(Terms("joint_venture", "JV", {"ByteDance": share, "Oracle": "0.5"}), on="2024-04-25")
    [(_reg, _name, got, verdict)] = control_tests(deal)
    assert got == share
    assert (verdict.outcome is Outcome.BLOCK) == (share >= Fraction(1, 5))


def test_tiktok_decision_check_holds_rulings_against_the_rules() -> None:
    """The courts' rulings upholding the Act are checked against Washington's rules in force."""
    checks = [c for c in check_decisions(DEAL.journal) if "TikTok v. Garland" in c.explanation]
    assert [(str(c.date), c.regulator, c.finding) for c in checks] == [
        ("2024-12-06", "Washington", "agrees"),
        ("2025-01-17", "Washington", "agrees"),
    ]


def test_a_prohibition_order_is_checked_like_a_block() -> None:
    """A prohibition of terms the regulator's rules approve is stricter than the rules."""
    from dealflow import Party

    parties = [Party("T", "seller", "US"), Party("R", "bidder", "SG"), Party("CFIUS", "regulator", "US")]
    deal = Deal.open("T", seller="T", parties=parties, regulators=["CFIUS"], on="2018-01-01")
    deal.submit_bid("r", ["R"], Terms.sale("R", entity="T"), on="2018-01-02")
    deal.issue_order("EO", "prohibition", issuer="CFIUS", acquirers=["R"], on="2018-03-12")
    (check,) = check_decisions(deal.journal)
    assert (check.regulator, check.decided, check.finding) == ("CFIUS", Outcome.BLOCK, "stricter")
    assert "prohibition order 'EO'" in check.explanation


def test_status_and_end_show_suits_orders_and_rights() -> None:
    """The status report lists suits and orders; the end report lists them with rights and agreements."""
    text = format_status(DEAL, "2020-12-31")
    assert "  suits" in text and "TikTok v. Trump" in text and "preliminary injunction in force" in text
    assert "app-store ban  enjoined" in text and "hosting ban    enjoined" in text  # by the D.D.C. and E.D. Pa.

    end = format_end(closed_jv())
    assert "  special rights" in end and "golden share of Washington" in end
    assert "nsa  in force  national security with Washington" in end


def test_the_end_says_how_the_agreement_ended_and_who_owes_what() -> None:
    """An agreement terminated by consent before the abandonment is named in the end, with the fee owed."""
    from dealflow import Contract, Fee, Party

    parties = (Party("Target", "seller", "US"), Party("Buyer", "bidder", "US"))
    deal = Deal.open("Target", seller="Target", parties=parties, on="2024-01-02")
    fee = Fee("Buyer", "Target", "1e9", ("regulatory_failure",), kind="reverse_termination")
    deal.sign(Terms.sale("Buyer", entity="Target"), contract=Contract(fees=(fee,)), on="2024-01-10")
    deal.agree_termination(on="2024-05-01", section="8.1(a)", fees=("reverse_termination",))
    deal.abandon(on="2024-05-02")
    end = format_end(deal)
    assert "The end: Target abandoned on 2024-05-02" in end
    assert "the agreement: terminated on 2024-05-01 by mutual consent, section 8.1(a)" in end
    assert "Buyer owes Target 1,000,000,000 USD: reverse termination fee" in end


def test_the_status_names_an_agreement_ended_before_the_deal() -> None:
    """On the day of a termination agreement, the status shows the deal signed, the agreement ended and the fee owed."""
    from dealflow import Contract, Fee, Party
    from dealflow._report import format_status

    parties = (Party("Target", "seller", "US"), Party("Buyer", "bidder", "US"))
    deal = Deal.open("Target", seller="Target", parties=parties, on="2024-01-02")
    fee = Fee("Buyer", "Target", "1e9", ("regulatory_failure",), kind="reverse_termination")
    deal.sign(Terms.sale("Buyer", entity="Target"), contract=Contract(fees=(fee,)), on="2024-01-10")
    deal.agree_termination(on="2024-05-01", fees=("reverse_termination",))
    text = format_status(deal, "2024-05-01")
    assert "signed 2024-01-10; terminated on 2024-05-01 by mutual consent" in text
    assert "Buyer owes Target 1,000,000,000 USD" in text
    assert "terminated" not in format_status(deal, "2024-04-30")


def test_the_status_names_a_gates_referral() -> None:
    """A gate opened by a referral says who referred the deal, and whether the referral was accepted."""
    from dealflow import Party
    from dealflow._report import format_status

    parties = (
        Party("Target", "seller", "US"),
        Party("Buyer", "bidder", "US"),
        Party("EC", "regulator", "EU"),
        Party("BWB", "other", "AT"),
    )
    deal = Deal.open("Target", seller="Target", parties=parties, on="2023-01-02")
    deal.sign(Terms.sale("Buyer", entity="Target"), on="2023-01-02")
    deal.request_referral("EC", "eu", "art22_join", actor="BWB", on="2023-01-09", basis="EUMR Art. 22(1)")
    assert "referred by BWB under EUMR Art. 22(1) on 2023-01-09, pending" in format_status(deal, "2023-01-09")
    deal.accept_referral("EC", on="2023-02-14")
    assert "accepted on 2023-02-14" in format_status(deal, "2023-02-14")
