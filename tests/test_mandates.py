"""Tests of dealflow._mandates: issuing, extending, pausing, lapsing, enforcing and qualifying a
mandate, each boundary and refusal with its field and fix (issue 16)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import pytest

from dealflow import Change, Deal, DealflowError, InputError, MandateStatus, RefusedEvent, UnknownParty

from .helpers import JV, SALE, opened


def _err(call: object) -> DealflowError:
    """The error a call raises (it must raise one)."""
    with pytest.raises(DealflowError) as info:
        call()  # type: ignore[operator]
    return info.value


def issued(cap: int = 0, one_time: bool = False) -> Deal:
    """Mandate m, issued 2020-08-14 by Washington, due 2020-11-12."""
    deal = opened()
    deal.issue_mandate(
        "m",
        issuer="Washington",
        deadline="2020-11-12",
        extension_cap_days=cap,
        one_time_extension=one_time,
        on="2020-08-14",
    )
    return deal


def test_a_mandate_is_issued_once_with_a_deadline_not_before_the_order() -> None:
    """A taken name (field mandate) and a deadline before the order (field deadline) are refused."""
    deal = issued()
    assert (deal.mandate("m").state, deal.mandate("m").issuer) == ("in_force", "Washington")
    err = _err(lambda: deal.issue_mandate("m", issuer="Washington", deadline="2020-12-01", on="2020-08-15"))
    assert (type(err), err.field) == (RefusedEvent, "mandate")
    assert "name the new mandate differently" in (err.fix or "")
    err = _err(lambda: deal.issue_mandate("n", issuer="Washington", deadline="2020-08-14", on="2020-08-15"))
    assert (type(err), err.field) == (InputError, "deadline")
    assert "give a later deadline" in (err.fix or "")
    deal.issue_mandate("same day", issuer="Washington", deadline="2020-08-15", on="2020-08-15")


def test_a_mandate_cannot_take_the_name_of_an_order() -> None:
    """A mandate named like an order is refused (field mandate): a suit names an order or a mandate by it."""
    deal = issued()
    deal.issue_order("ban", "ban", issuer="Washington", on="2020-08-15")
    before = deal.status()
    err = _err(lambda: deal.issue_mandate("ban", issuer="Washington", deadline="2020-12-01", on="2020-08-16"))
    assert (type(err), err.field, err.rule, err.fix) == (
        RefusedEvent,
        "mandate",
        "'ban' is the name of an order already; suits name orders and mandates alike",
        "name the new mandate differently",
    )
    assert deal.status() == before


def test_an_extension_may_reach_exactly_the_cap_and_no_further() -> None:
    """With a 30-day cap, extending to the original deadline + 30 days is allowed, + 31 refused with the latest date."""
    deal = issued(cap=30)
    err = _err(lambda: deal.extend_deadline("m", to="2020-12-13", on="2020-09-01"))
    assert err.field == "to"
    assert "extend to 2020-12-12 at the latest" in (err.fix or "")
    assert "would add 31 days to 2020-11-12; at most 30" in str(err)
    deal.extend_deadline("m", to="2020-11-20", on="2020-09-01")
    deal.extend_deadline("m", to="2020-12-12", on="2020-09-02")
    m = deal.mandate("m")
    assert (m.deadline, m.original_deadline, m.extensions) == (_dt.date(2020, 12, 12), _dt.date(2020, 11, 12), 2)


def test_an_extension_must_move_the_deadline_later() -> None:
    """Extending to the deadline itself or earlier is refused (field to, fix: a date after the deadline)."""
    deal = issued(cap=30)
    for to in ("2020-11-12", "2020-11-01"):
        err = _err(lambda to=to: deal.extend_deadline("m", to=to, on="2020-09-01"))
        assert err.field == "to"
        assert "extend to a date after 2020-11-12" in (err.fix or "")


def test_a_mandate_without_a_cap_allows_no_extension_and_a_one_time_extension_is_used_once() -> None:
    """No cap: any extension refused, the fix says so; one-time: the second is refused, the fix offers a pause."""
    err = _err(lambda: issued().extend_deadline("m", to="2020-11-13", on="2020-09-01"))
    assert (err.field, err.fix) == ("to", "this mandate allows no extension")
    deal = issued(cap=90, one_time=True)
    deal.extend_deadline("m", to="2020-11-20", on="2020-09-01")
    err = _err(lambda: deal.extend_deadline("m", to="2020-11-27", on="2020-09-02"))
    assert err.field == "to"
    assert "allows one extension and it was used" in str(err)
    assert "pause enforcement" in (err.fix or "")


def test_a_pause_must_end_after_it_starts() -> None:
    """A pause until its own day or earlier is refused (InputError, field until); a later one suspends the mandate."""
    deal = issued()
    for until in ("2020-09-01", "2020-08-31"):
        err = _err(lambda until=until: deal.pause_enforcement("m", until=until, on="2020-09-01"))
        assert (type(err), err.field) == (InputError, "until")
        assert "give a date after 2020-09-01" in (err.fix or "")
    deal.pause_enforcement("m", until="2020-12-01", on="2020-09-01")
    assert (deal.mandate("m").state, deal.mandate("m").paused_until) == ("suspended", _dt.date(2020, 12, 1))


def test_a_mandate_lapses_or_is_enforced_from_its_deadline_day_on() -> None:
    """Before the deadline: refused (field date, fix: date it on the deadline); on the deadline day: allowed."""
    for act, state in (("lapse", "lapsed"), ("enforce", "enforced")):
        deal = issued()
        err = _err(lambda deal=deal, act=act: getattr(deal, act)("m", on="2020-11-11"))
        assert err.field == "date"
        assert "date it 2020-11-12 or later" in (err.fix or "")
        assert "the deadline 2020-11-12 has not passed" in str(err)
        getattr(deal, act)("m", on="2020-11-12")
        assert deal.mandate("m").state == state


def test_a_paused_mandate_is_enforced_from_the_day_the_pause_ends() -> None:
    """Paused until after the deadline: enforcing before the pause ends is refused (field date), on its day allowed."""
    deal = issued()
    deal.pause_enforcement("m", until="2020-12-01", on="2020-09-01")
    err = _err(lambda: deal.enforce("m", on="2020-11-30"))
    assert err.field == "date"
    assert "date it 2020-12-01 or later" in (err.fix or "")
    assert "enforcement is paused until 2020-12-01" in str(err)
    deal.enforce("m", on="2020-12-01")
    assert deal.mandate("m").state == "enforced"


def test_a_revocation_needs_no_deadline() -> None:
    """A mandate is revoked any day."""
    deal = issued()
    deal.revoke("m", on="2020-08-15")
    assert deal.mandate("m").state == "revoked"


def test_a_qualified_divestiture_needs_terms_and_a_mandate_in_force_and_only_its_terms_satisfy_it() -> None:
    """Qualifying with no terms (field terms) or an ended mandate (field mandate) is refused; closing on
    other terms than those qualified leaves the mandate in force."""
    deal = issued()
    err = _err(lambda: deal.qualify("m", on="2020-08-15"))
    assert (err.field, err.fix) == ("terms", "propose the terms first")
    deal.agree(JV, on="2020-08-15")
    deal.qualify("m", on="2020-08-16")
    assert deal.mandate("m").qualified_terms == JV
    deal.agree(SALE, on="2020-08-17")
    deal.waive_gate("Washington", on="2020-08-17")
    deal.sign(on="2020-08-18")
    deal.close(on="2020-08-19")
    assert deal.mandate("m").state == "in_force"
    ended = issued()
    ended.revoke("m", on="2020-08-15")
    ended.agree(JV, on="2020-08-15")
    err = _err(lambda: ended.qualify("m", on="2020-08-16"))
    assert (err.field, err.fix) == ("mandate", "name a mandate in force")
    assert "mandate 'm' is revoked" in str(err)


def _revoked() -> Deal:
    """Mandate m issued with a 30-day cap, then revoked on 2020-08-20."""
    deal = issued(cap=30)
    deal.revoke("m", on="2020-08-20")
    return deal


def _extended_once() -> Deal:
    """Mandate m with a one-time extension, used: due 2020-11-20."""
    deal = issued(cap=90, one_time=True)
    deal.extend_deadline("m", to="2020-11-20", on="2020-09-01")
    return deal


def _paused() -> Deal:
    """Mandate m's enforcement paused until 2020-12-01."""
    deal = issued()
    deal.pause_enforcement("m", until="2020-12-01", on="2020-09-01")
    return deal


FINAL = "from revoked the mandate allows: nothing (it is final)"


@pytest.mark.parametrize(
    ("build", "act", "error", "field", "rule", "fix"),
    [
        (
            issued,
            lambda d: d.lapse("x", on="2020-11-20"),
            UnknownParty,
            "mandate",
            "unknown mandate 'x'",
            "use one of: m",
        ),
        (
            issued,
            lambda d: d.issue_mandate("m", issuer="Washington", deadline="2020-12-01", on="2020-08-15"),
            RefusedEvent,
            "mandate",
            "mandate 'm' exists already",
            "name the new mandate differently",
        ),
        (
            issued,
            lambda d: d.issue_mandate("n", issuer="Washington", deadline="2020-08-14", on="2020-08-15"),
            InputError,
            "deadline",
            "deadline 2020-08-14 is before the order of 2020-08-15",
            "give a later deadline",
        ),
        (
            _revoked,
            lambda d: d.extend_deadline("m", to="2020-11-20", on="2020-08-21"),
            RefusedEvent,
            None,
            "mandate 'm' is revoked: cannot be extended",
            FINAL,
        ),
        (
            issued,
            lambda d: d.extend_deadline("m", to="2020-11-12", on="2020-08-21"),
            RefusedEvent,
            "to",
            "2020-11-12 is not after the deadline 2020-11-12",
            "extend to a date after 2020-11-12",
        ),
        (
            _extended_once,
            lambda d: d.extend_deadline("m", to="2020-11-27", on="2020-09-02"),
            RefusedEvent,
            "to",
            "mandate 'm' allows one extension and it was used (deadline 2020-11-20)",
            "pause enforcement (enforcement_paused) or let the mandate lapse",
        ),
        (
            lambda: issued(cap=30),
            lambda d: d.extend_deadline("m", to="2020-12-13", on="2020-09-01"),
            RefusedEvent,
            "to",
            "extensions would add 31 days to 2020-11-12; at most 30 are allowed in all",
            "extend to 2020-12-12 at the latest",
        ),
        (
            issued,
            lambda d: d.extend_deadline("m", to="2020-11-13", on="2020-09-01"),
            RefusedEvent,
            "to",
            "extensions would add 1 days to 2020-11-12; at most 0 are allowed in all",
            "this mandate allows no extension",
        ),
        (
            _revoked,
            lambda d: d.pause_enforcement("m", until="2020-12-01", on="2020-08-21"),
            RefusedEvent,
            None,
            "mandate 'm' is revoked: cannot have its enforcement paused",
            FINAL,
        ),
        (
            issued,
            lambda d: d.pause_enforcement("m", until="2020-09-01", on="2020-09-01"),
            InputError,
            "until",
            "pause until 2020-09-01 ends before it starts",
            "give a date after 2020-09-01",
        ),
        (
            _revoked,
            lambda d: d.lapse("m", on="2020-11-20"),
            RefusedEvent,
            None,
            "mandate 'm' is revoked: cannot lapse",
            FINAL,
        ),
        (
            _revoked,
            lambda d: d.enforce("m", on="2020-11-20"),
            RefusedEvent,
            None,
            "mandate 'm' is revoked: cannot be enforced",
            FINAL,
        ),
        (
            _revoked,
            lambda d: d.revoke("m", on="2020-11-20"),
            RefusedEvent,
            None,
            "mandate 'm' is revoked: cannot be revoked",
            FINAL,
        ),
        (
            issued,
            lambda d: d.lapse("m", on="2020-11-11"),
            RefusedEvent,
            "date",
            "the deadline 2020-11-12 has not passed",
            "date it 2020-11-12 or later",
        ),
        (
            _paused,
            lambda d: d.enforce("m", on="2020-11-30"),
            RefusedEvent,
            "date",
            "enforcement is paused until 2020-12-01",
            "date it 2020-12-01 or later",
        ),
        (
            _revoked,
            lambda d: (d.agree(JV, on="2020-08-21"), d.qualify("m", on="2020-08-22")),
            RefusedEvent,
            "mandate",
            "mandate 'm' is revoked",
            "name a mandate in force",
        ),
        (
            issued,
            lambda d: d.qualify("m", on="2020-08-22"),
            RefusedEvent,
            "terms",
            "no terms are proposed",
            "propose the terms first",
        ),
    ],
)
def test_each_mandate_refusal_names_its_field_rule_and_fix(
    build: Callable[[], Deal],
    act: Callable[[Deal], object],
    error: type[DealflowError],
    field: str | None,
    rule: str,
    fix: str,
) -> None:
    """Every refusal of a mandate event: its error type, field, rule and fix exactly, and the mandate unchanged."""
    deal = build()
    before = [deal.mandate(name) for name in ("m",)]
    with pytest.raises(error) as info:
        act(deal)
    assert (info.value.field, info.value.rule, info.value.fix) == (field, rule, fix)
    assert [deal.mandate(name) for name in ("m",)] == before


def test_an_unknown_mandate_is_refused_with_none_known_yet() -> None:
    """Naming a mandate on a deal without any: field mandate, the fix says there is none yet."""
    err = _err(lambda: opened().mandate("m"))
    assert (type(err), err.field, err.rule, err.fix) == (
        UnknownParty,
        "mandate",
        "unknown mandate 'm'",
        "use one of: none yet",
    )


def test_an_issued_mandate_reports_every_field_and_each_step_is_recorded() -> None:
    """A new mandate's status (issuer, deadlines, cap, extensions, no pause, no qualified terms, description);
    each event returns its change dated and placed at it; the days used by extensions are counted."""
    deal = opened()
    changes = deal.issue_mandate(
        "m",
        issuer="Washington",
        deadline="2020-11-12",
        extension_cap_days=30,
        one_time_extension=True,
        description="sell TikTok US",
        on="2020-08-14",
    )
    assert changes == [Change(_dt.date(2020, 8, 14), 1, "mandate m", None, "in_force")]
    day = _dt.date(2020, 11, 12)
    assert deal.mandate("m") == MandateStatus(
        "m", "Washington", "in_force", day, day, 30, True, 0, None, None, "sell TikTok US"
    )
    assert deal.mandate("m").extension_days_used == 0
    changes = deal.extend_deadline("m", to="2020-11-27", on="2020-08-20")
    assert changes == []  # a deadline moved, no state changed
    assert (deal.mandate("m").extension_days_used, deal.mandate("m").extensions) == (15, 1)
    changes = deal.pause_enforcement("m", until="2020-12-15", on="2020-08-21")
    assert changes == [Change(_dt.date(2020, 8, 21), 3, "mandate m", "in_force", "suspended")]
    assert deal.enforce("m", on="2020-12-15") == [
        Change(_dt.date(2020, 12, 15), 4, "mandate m", "suspended", "enforced")
    ]
    assert deal.revoke("m", on="2020-12-16") == [Change(_dt.date(2020, 12, 16), 5, "mandate m", "enforced", "revoked")]


def test_a_paused_mandate_past_its_pause_is_enforced_only_from_its_deadline() -> None:
    """A pause ending before the deadline: enforcing between the two is refused for the deadline, not the pause."""
    deal = issued()
    deal.pause_enforcement("m", until="2020-10-01", on="2020-09-01")
    err = _err(lambda: deal.enforce("m", on="2020-10-15"))
    assert (err.field, err.rule) == ("date", "the deadline 2020-11-12 has not passed")
    deal.enforce("m", on="2020-11-12")
    assert deal.mandate("m").state == "enforced"


def test_a_lapsed_mandate_is_revived_by_an_extension_and_revoked_any_day() -> None:
    """Lapsing on the deadline day, an extension brings it back in force; revoking needs no deadline."""
    deal = issued(cap=60)
    deal.lapse("m", on="2020-11-12")
    changes = deal.extend_deadline("m", to="2020-12-01", on="2020-11-13")
    assert changes == [Change(_dt.date(2020, 11, 13), 3, "mandate m", "lapsed", "in_force")]
    assert (deal.mandate("m").state, deal.mandate("m").deadline) == ("in_force", _dt.date(2020, 12, 1))
    deal.revoke("m", on="2020-11-14")
    assert deal.mandate("m").state == "revoked"


def test_a_qualified_mandate_revoked_before_closing_stays_revoked() -> None:
    """Closing on the qualified terms satisfies only a mandate not ended: a revoked one is left as it is."""
    deal = issued()
    deal.agree(JV, on="2020-08-15")
    deal.qualify("m", on="2020-08-16")
    deal.revoke("m", on="2020-08-17")
    deal.waive_gate("Washington", on="2020-08-17")
    deal.sign(on="2020-08-18")
    changes = deal.close(on="2020-08-19")
    assert [c.machine for c in changes] == ["deal"]
    assert (deal.state, deal.mandate("m").state, deal.mandate("m").qualified_terms) == ("closed", "revoked", JV)


def test_closing_on_the_qualified_terms_satisfies_the_mandate() -> None:
    """Qualified terms then closing on them: the mandate ends satisfied, dated the closing."""
    deal = issued()
    deal.agree(JV, on="2020-08-15")
    deal.qualify("m", on="2020-08-16")
    deal.waive_gate("Washington", on="2020-08-17")
    deal.sign(on="2020-08-18")
    changes = deal.close(on="2020-08-19")
    assert changes[1] == Change(_dt.date(2020, 8, 19), 6, "mandate m", "in_force", "satisfied")


def test_the_mandate_sugar_methods_default_to_the_issuer_and_pass_the_metadata_on() -> None:
    """Each mandate method records the issuer (or the actor given, or the court) and the note."""
    deal = issued(cap=30)
    deal.extend_deadline("m", to="2020-11-20", actor="Court", note="n1", on="2020-09-01")
    deal.enjoin("m", court="Court", note="n2", on="2020-09-02")
    deal.lift_injunction("m", court="Court", note="n3", on="2020-09-03")
    deal.pause_enforcement("m", until="2020-10-01", actor="Court", note="n4", on="2020-09-04")
    deal.agree(JV, on="2020-09-05")
    deal.qualify("m", actor="Court", note="n5", on="2020-09-06")
    deal.enforce("m", actor="Court", note="n6", on="2020-11-20")
    other = issued()
    other.lapse("m", actor="Court", note="n7", on="2020-11-12")
    other.revoke("m", actor="Court", note="n8", on="2020-11-13")
    third = opened()
    third.issue_mandate("m", issuer="Washington", deadline="2020-11-12", note="n9", on="2020-08-14")
    third.revoke("m", note="n10", on="2020-08-15")
    got = [(e.kind, e.actor, e.note) for e in deal.journal[2:] + other.journal[2:] + third.journal[1:]]
    assert got == [
        ("deadline_extended", "Court", "n1"),
        ("enjoined", "Court", "n2"),
        ("injunction_lifted", "Court", "n3"),
        ("enforcement_paused", "Court", "n4"),
        ("terms_agreed", "ByteDance", ""),
        ("divestiture_qualified", "Court", "n5"),
        ("mandate_enforced", "Court", "n6"),
        ("mandate_lapsed", "Court", "n7"),
        ("mandate_revoked", "Court", "n8"),
        ("mandate_issued", "Washington", "n9"),
        ("mandate_revoked", "Washington", "n10"),
    ]


def test_a_mandate_issued_without_options_allows_no_extension_and_says_nothing_more() -> None:
    """issue_mandate's defaults: no extension days, not one-time, no description."""
    deal = opened()
    deal.issue_mandate("m", issuer="Washington", deadline="2020-11-12", on="2020-08-14")
    m = deal.mandate("m")
    assert (m.extension_cap_days, m.one_time_extension, m.description, m.extensions) == (0, False, "", 0)
    event = deal.journal[-1]
    assert (event.extension_cap_days, event.one_time_extension, event.description) == (0, False, "")  # type: ignore[attr-defined]


@pytest.fixture
def fresh_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lapse, enforce and revoke handlers built afresh by _mandate_step (as at import), so that the
    factory's own code runs in the test (mutation testing forks after import: see docs/mutation.md)."""
    from dealflow import _events as ev
    from dealflow._concepts import HANDLERS
    from dealflow._mandates import _mandate_step

    monkeypatch.setitem(HANDLERS, ev.MandateLapsed, _mandate_step("lapse", "lapse", due=True))
    monkeypatch.setitem(HANDLERS, ev.MandateEnforced, _mandate_step("enforce", "be enforced", due=True))
    monkeypatch.setitem(HANDLERS, ev.MandateRevoked, _mandate_step("revoke", "be revoked"))


@pytest.mark.usefixtures("fresh_steps")
def test_the_step_handlers_built_by_the_factory_check_state_deadline_and_pause() -> None:
    """Lapsing and enforcing wait for the deadline (enforcing also for a pause); revoking any day;
    each refuses a mandate that has ended, naming it; an unknown mandate is named by field."""
    deal = issued()
    err = _err(lambda: deal.lapse("m", on="2020-11-11"))
    assert (err.field, err.rule, err.fix) == (
        "date",
        "the deadline 2020-11-12 has not passed",
        "date it 2020-11-12 or later",
    )
    err = _err(lambda: deal.enforce("x", actor="Washington", on="2020-11-11"))
    assert (type(err), err.field, err.rule) == (UnknownParty, "mandate", "unknown mandate 'x'")
    assert deal.lapse("m", on="2020-11-12") == [Change(_dt.date(2020, 11, 12), 2, "mandate m", "in_force", "lapsed")]
    deal.pause_enforcement("m", until="2020-12-01", on="2020-11-13")
    err = _err(lambda: deal.enforce("m", on="2020-11-30"))
    assert (err.field, err.rule, err.fix) == (
        "date",
        "enforcement is paused until 2020-12-01",
        "date it 2020-12-01 or later",
    )
    assert deal.enforce("m", on="2020-12-01") == [
        Change(_dt.date(2020, 12, 1), 4, "mandate m", "suspended", "enforced")
    ]
    other = issued()
    assert other.revoke("m", on="2020-08-15") == [Change(_dt.date(2020, 8, 15), 2, "mandate m", "in_force", "revoked")]
    for act, says in (("lapse", "lapse"), ("enforce", "be enforced"), ("revoke", "be revoked")):
        err = _err(lambda act=act: getattr(other, act)("m", on="2020-11-20"))
        assert (err.field, err.rule, err.fix) == (None, f"mandate 'm' is revoked: cannot {says}", FINAL)


def test_a_deal_holds_several_mandates_and_an_unknown_one_lists_them() -> None:
    """A second mandate is added beside the first; naming an unknown one lists both in order."""
    deal = issued()
    deal.issue_mandate("n", issuer="Beijing", deadline="2020-12-01", on="2020-08-15")
    assert [(m.mandate, m.issuer) for m in deal.status().mandates] == [("m", "Washington"), ("n", "Beijing")]
    err = _err(lambda: deal.mandate("x"))
    assert (err.field, err.fix) == ("mandate", "use one of: m, n")
