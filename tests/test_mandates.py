"""Tests of dealflow._mandates: issuing, extending, pausing, lapsing, enforcing and qualifying a
mandate, each boundary and refusal with its field and fix (issue 16)."""

from __future__ import annotations

import datetime as _dt

import pytest

from dealflow import Deal, DealflowError, InputError, RefusedEvent

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
