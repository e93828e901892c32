"""Tests of dealflow.regimes: statutory review clocks pinned against real, cited decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import DealflowError, InputError, MachineDefinitionError
from dealflow import regimes as R
from dealflow.regimes import _registry

D = dt.date


@pytest.fixture
def registry() -> Iterator[None]:
    """Restore the registries after a test registers its own regimes or calendars."""
    R.regimes()
    saved = (dict(_registry._REGIMES), dict(_registry._CALENDARS), dict(_registry._DATES))
    yield
    for table, old in zip((_registry._REGIMES, _registry._CALENDARS, _registry._DATES), saved, strict=True):
        table.clear()
        table.update(old)  # type: ignore[attr-defined]


def due(regime: str, phase: str, start: dt.date, **kw: object) -> dt.date:
    return R.deadline(regime, phase, start, **kw).last_day  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- UK CMA


def test_cma_phase1_from_1_december_2025_counts_england_bank_holidays() -> None:
    """Issue 11: CMA Phase 1 of 40 working days from 2025-12-01 ends 2026-01-29, not 2026-01-26
    (25 and 26 December 2025 and 1 January 2026 are bank holidays in England and Wales)."""
    assert due("uk-cma", "phase1", D(2025, 12, 1)) == D(2026, 1, 29)


def test_cma_phase1_microsoft_activision() -> None:
    """CMA, Microsoft / Activision Blizzard merger inquiry: formal Phase 1 launched 6 July 2022;
    Phase 1 decision deadline 1 September 2022 (the summer bank holiday of 29 August counts as
    a day off).  CMA case page, gov.uk/cma-cases/microsoft-slash-activision-blizzard-merger-inquiry."""
    assert due("uk-cma", "phase1", D(2022, 7, 6)) == D(2022, 9, 1)


def test_cma_phase2_microsoft_activision_and_its_extension() -> None:
    """CMA, Microsoft / Activision Blizzard: reference 15 September 2022, statutory deadline
    1 March 2023; extended by 8 weeks under s.39(3) to 26 April 2023 (CMA notice of extension of
    the inquiry period, January 2023; reported by gamesindustry.biz and vgchartz.com)."""
    assert due("uk-cma", "phase2", D(2022, 9, 15)) == D(2023, 3, 1)
    assert due("uk-cma", "phase2", D(2022, 9, 15), extensions=[("special_reasons", 8)]) == D(2023, 4, 26)


def test_cma_phase2_extension_is_capped_at_8_weeks() -> None:
    """s.39(3) allows at most 8 weeks: 9 is refused, naming the cap and its source."""
    with pytest.raises(InputError, match=r"at most 8 weeks \[Enterprise Act 2002 s.39\(3\)\]"):
        R.deadline("uk-cma", "phase2", D(2022, 9, 15), extensions=[("special_reasons", 9)])


# ----------------------------------------------------------------------------- EU


@pytest.mark.parametrize(
    ("case", "notified", "deadline"),
    [
        # M.10646 Microsoft / Activision Blizzard: notified 30.9.2022; Phase 2 opened on the Phase 1
        # deadline, 8.11.2022 (Commission press release of 8.11.2022; Politico, 31.10.2022: "deadline of
        # November 8").  Crosses the Commission's 1-2 November holidays.
        ("M.10646", D(2022, 9, 30), D(2022, 11, 8)),
        # M.10806 Broadcom / VMware: notified 15.11.2022 (Commission press release of 20.12.2022), initial
        # decision due 20.12.2022 (computing.co.uk, 16.11.2022, from the Commission's case page).
        ("M.10806", D(2022, 11, 15), D(2022, 12, 20)),
        # M.11033 Adobe / Figma: notified 30.6.2023; Phase 2 opened on the deadline, 7.8.2023 (Commission
        # press release of 7.8.2023).  Crosses 21 July, the Belgian national day the Commission observes.
        ("M.11033", D(2023, 6, 30), D(2023, 8, 7)),
    ],
)
def test_eu_phase1_deadlines_published_by_the_commission(case: str, notified: dt.date, deadline: dt.date) -> None:
    """EU Phase 1 deadlines of real cases: 25 working days from the working day after notification."""
    assert due("eu", "phase1", notified) == deadline, case


@pytest.mark.parametrize(
    ("case", "opened", "deadline"),
    [
        # M.10646: "It has until 23 March 2023 to issue a ruling" (mobileworldlive, windowscentral, 8.11.2022).
        ("M.10646", D(2022, 11, 8), D(2023, 3, 23)),
        # M.10806: "The Commission now has 90 working days, until 11 May 2023" (Commission press release
        # of 20.12.2022, quoted by RTTNews).
        ("M.10806", D(2022, 12, 20), D(2023, 5, 11)),
    ],
)
def test_eu_phase2_deadlines_published_by_the_commission(case: str, opened: dt.date, deadline: dt.date) -> None:
    """EU Phase 2 deadlines of real cases (90 working days).  These two also fixed the sixth end-of-year
    holiday of 2022 in the shipped calendar (see calendars.yaml), so they pin it rather than prove it."""
    assert due("eu", "phase2", opened) == deadline, case


def test_eu_phase1_commitments_extend_to_35_working_days_and_no_further() -> None:
    """Art. 10(1): commitments or a referral request make Phase 1 35 working days; both together still 35."""
    assert due("eu", "phase1", D(2023, 6, 30), extensions=["commitments"]) == R.last_day(
        R.regime("eu").phase("phase1"), D(2023, 6, 30), extra=10
    )
    with pytest.raises(InputError, match="at most 35 working days"):
        R.deadline("eu", "phase1", D(2023, 6, 30), extensions=["commitments", "referral_request"])


def test_eu_stop_the_clock_moves_the_deadline_by_the_working_days_stopped() -> None:
    """Art. 10(4) / 802/2004 Art. 9: days after the stop up to the restart do not count."""
    start = D(2023, 3, 1)
    plain = due("eu", "phase2", start)
    stopped = due("eu", "phase2", start, stops=[R.ClockStop(D(2023, 3, 10), D(2023, 3, 17))])
    # stopped Friday 10 March, restarted Friday 17 March: 13-17 March (5 working days) do not count
    assert stopped == R.last_day(R.regime("eu").phase("phase2"), start, extra=5)
    assert stopped > plain


def test_eu_date_outside_the_commissions_published_years_is_refused() -> None:
    """The Commission's holidays are shipped for 2022-2025 only: a count reaching 2026 says so."""
    with pytest.raises(InputError, match="outside the years 2022-2025 that calendar 'eu-commission'") as err:
        R.deadline("eu", "phase1", D(2025, 12, 10))
    assert err.value.field == "start"
    assert "load_calendar" in (err.value.fix or "")


def test_a_user_calendar_file_extends_the_commissions_years(registry: None, tmp_path: Path) -> None:
    """load_calendar adds a year to the shipped eu-commission calendar; the count then goes through."""
    path = tmp_path / "eu-2026.yaml"
    path.write_text(
        "name: eu-commission\ntitle: European Commission working days\nsource: my reading of the OJ\n"
        "provider: dates\nyears:\n  2026:\n    source: Commission decision on public holidays in 2026\n"
        "    days: [2026-01-01, 2026-01-02]\n",
        encoding="utf-8",
    )
    R.load_calendar(path)
    # 25 working days after 2025-12-10: 9 in 11-23 December, 24-31 December and 1-2 January off,
    # then 5-23 January (15) and Monday 26 January (the 25th)
    assert due("eu", "phase1", D(2025, 12, 10)) == D(2026, 1, 26)


# ----------------------------------------------------------------------------- US


def test_hsr_waiting_period_ends_30_days_after_filing() -> None:
    """16 CFR 803.10(b)(1): 11:59 p.m. on the 30th calendar day following receipt (a weekday here)."""
    assert due("us-hsr", "initial_waiting", D(2022, 5, 3)) == D(2022, 6, 2)


def test_hsr_cash_tender_offer_filed_30_august_2024_expired_monday_16_september() -> None:
    """A 2024 cash tender offer: "Parent and the Company filed their respective HSR Notification Forms ... on
    August 30, 2024 ... an initial waiting period that will expire at 11:59 p.m., Eastern time, on September
    16, 2024" (the Offer to Purchase's HSR section, quoted at lawinsider.com/clause/compliance-with-the-hsr-act).
    The 15th day, Saturday 14 September, runs to Monday 16 September (16 CFR 803.10(b)(3))."""
    assert due("us-hsr", "initial_waiting_cash_tender", D(2024, 8, 30)) == D(2024, 9, 16)


def test_hsr_waiting_period_ending_on_a_weekend_or_holiday_runs_to_the_next_business_day() -> None:
    """16 CFR 803.10(b)(3): a period ending on Saturday 2 March 2024 runs to Monday 4 March; one ending on
    Thursday 4 July 2024 (Independence Day) runs to Friday 5 July; cash tender offers get 15 days."""
    assert due("us-hsr", "initial_waiting", D(2024, 2, 1)) == D(2024, 3, 4)
    assert due("us-hsr", "initial_waiting", D(2024, 6, 4)) == D(2024, 7, 5)
    assert due("us-hsr", "initial_waiting_cash_tender", D(2024, 6, 19)) == D(2024, 7, 5)
    assert R.regime("us-hsr").phase("initial_waiting").on_expiry == "clearance"


def test_cfius_review_investigation_and_president() -> None:
    """50 U.S.C. 4565 / 31 CFR 800.503(b): 45 days beginning on acceptance, to the next business day;
    investigation 45 (+15 in extraordinary circumstances); the President 15 days after referral."""
    assert due("us-cfius", "review", D(2024, 3, 4)) == D(2024, 4, 17)
    assert due("us-cfius", "review", D(2024, 3, 1)) == D(2024, 4, 15)  # 45th day is Sunday 14 April
    assert due("us-cfius", "investigation", D(2024, 4, 18), extensions=["extraordinary_circumstances"]) == D(
        2024, 6, 17
    )
    assert due("us-cfius", "president", D(2024, 6, 1)) == D(2024, 6, 16)


def test_cfius_regimes_follow_each_other_by_date() -> None:
    """A notice accepted before the 2020 regulations is refused by us-cfius with the regime to use;
    us-cfius-2018 (FIRRMA's 45 days under the 2008 regulations) and us-cfius-2007 (FINSA, 30 days) count theirs."""
    with pytest.raises(InputError, match="applies from 2020-02-13") as err:
        R.deadline("us-cfius", "review", D(2019, 11, 1))
    assert "us-cfius-2018" in (err.value.fix or "")
    with pytest.raises(InputError, match="applies from 2018-08-13") as err:
        R.deadline("us-cfius-2018", "review", D(2017, 3, 1))
    assert "us-cfius-2007" in (err.value.fix or "")
    with pytest.raises(InputError, match="applies until 2018-08-12") as err:
        R.deadline("us-cfius-2007", "review", D(2019, 3, 1))
    assert "us-cfius-2018" in (err.value.fix or "")
    assert due("us-cfius-2007", "review", D(2017, 3, 1)) == D(2017, 3, 30)


def test_tiktok_cfius_review_due_dates() -> None:
    """The TikTok case's CFIUS review, reported opened on 2019-11-01 (FIRRMA's 45-day review; acceptance is
    day 1, The CFIUS Book s.3.1.1): its 45th day, Sunday 15 December 2019, runs to Monday 16 December
    (31 CFR 800.502(b), 2008); an investigation opened then was due 29 January 2020, the President's
    decision 15 days after, 13 February 2020."""
    assert due("us-cfius-2018", "review", D(2019, 11, 1)) == D(2019, 12, 16)
    assert due("us-cfius-2018", "investigation", D(2019, 12, 16)) == D(2020, 1, 29)
    assert due("us-cfius-2018", "president", D(2020, 1, 29)) == D(2020, 2, 13)


# ----------------------------------------------------------------------------- UK NSIA, China


def test_nsia_review_begins_with_the_acceptance_day_and_counts_any_uk_bank_holiday() -> None:
    """NSI Act s.14(9): 30 working days beginning with the day of acceptance; 17 March (St Patrick's Day,
    a Northern Ireland bank holiday) is not a working day, unlike for the CMA's England and Wales clock."""
    assert due("uk-nsia", "review", D(2025, 3, 3)) == D(2025, 4, 14)
    england = R.calendar("england-wales")
    assert england.is_working_day(D(2025, 3, 17))
    assert not R.calendar("uk-any-part").is_working_day(D(2025, 3, 17))


def test_samr_phases_count_calendar_days_with_deemed_clearance() -> None:
    """AML (2022) Art. 30-31: 30 days, then 90 extendable by 60; expiry lets the parties implement."""
    assert due("cn-samr", "phase1", D(2024, 1, 1)) == D(2024, 1, 31)
    assert due("cn-samr", "phase2", D(2024, 1, 31), extensions=[("extended_review", 60)]) == D(2024, 6, 29)
    assert R.regime("cn-samr").phase("phase2").on_expiry == "clearance"
    assert R.regime("cn-samr").refile is not None


def test_china_technology_export_licence_counts_adjusted_working_days() -> None:
    """Technology import and export regulations Art. 32: 30 working days of the PRC calendar; National Day
    2020 (1-8 October) is off and Sunday 27 September and Saturday 10 October 2020 are adjusted working days."""
    cn = R.calendar("cn")
    assert cn.is_working_day(D(2020, 9, 27))
    assert not cn.is_working_day(D(2020, 10, 5))
    # day 1 is Sunday 27 September; 28-30 September (4); 9 and 10 October (6); 12 October-6 November (26);
    # 9-12 November (30)
    assert due("cn-tech-export", "application", D(2020, 9, 25)) == D(2020, 11, 12)


# ----------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("args", "field", "text"),
    [
        (("uk-cmaa", "phase1", D(2025, 12, 1)), "regime", "did you mean 'uk-cma'"),
        (("uk-cma", "phase_1", D(2025, 12, 1)), "phase", "did you mean 'phase1'"),
        (("eu", "phase2", D(2023, 3, 1), {"extensions": ["late_comitments"]}), "extensions[0]", "did you mean"),
        (("eu", "phase1", D(2023, 3, 1), {"stops": [R.ClockStop(D(2023, 3, 10))]}), "stops[0].restarted", "no restart"),
        (
            ("us-hsr", "initial_waiting", D(2023, 3, 1), {"stops": [R.ClockStop(D(2023, 3, 2), D(2023, 3, 3))]}),
            "stops[0]",
            "cannot be stopped",
        ),
        (("uk-cma", "phase2", D(2023, 3, 1), {"extensions": ["special_reasons"]}), "extensions[0]", "say how long"),
        (
            ("us-cfius", "investigation", D(2024, 3, 1), {"extensions": [("extraordinary_circumstances", 20)]}),
            "extensions[0]",
            "15 calendar days by law",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_and_fix(args: tuple[object, ...], field: str, text: str) -> None:
    """Unknown names, a stop without restart, a stop where the law has none, a wrong extension: InputError."""
    *pos, kw = args if isinstance(args[-1], dict) else (*args, {})
    with pytest.raises(InputError, match=text) as err:
        R.deadline(*pos, **kw)  # type: ignore[arg-type]
    assert err.value.field == field
    assert err.value.fix


# ----------------------------------------------------------------------------- users' own regimes

OWN = """\
name: xx-fdi
title: Ruritania foreign investment screening
authority: Ruritanian Investment Board
jurisdiction: Ruritania
source: Ruritanian FDI Act 2024 s.5
entry: [screening]
phases:
  - name: screening
    title: Screening
    starts: acceptance of the filing
    clock: {length: 20, unit: working_days, calendar: england-wales, day_one: next_day, source: FDI Act s.5(1)}
    on_expiry: clearance
    expiry_source: FDI Act s.5(3)
    next: [in_depth]
  - name: in_depth
    title: In-depth review
    starts: the Board's decision to review in depth
    clock: {length: 60, unit: calendar_days, source: FDI Act s.6(1)}
    on_expiry: decision_due
    expiry_source: FDI Act s.6(2)
    can_block: true
"""


def test_a_user_declares_a_regime_in_yaml(registry: None, tmp_path: Path) -> None:
    """load_regime reads a YAML file (safe_load), checks it, registers it; its clocks then count."""
    path = tmp_path / "xx.yaml"
    path.write_text(OWN, encoding="utf-8")
    reg = R.load_regime(path)
    assert R.regime("xx-fdi") is reg
    assert due("xx-fdi", "screening", D(2025, 12, 1)) == D(2025, 12, 31)
    assert due("xx-fdi", "in_depth", D(2026, 1, 1)) == D(2026, 3, 2)
    assert "blocked" in reg.machine.states


@pytest.mark.parametrize(
    ("edit", "field", "text"),
    [
        (("source: FDI Act s.5(1)", "sauce: FDI Act s.5(1)"), "phases[0].clock.sauce", "did you mean 'source'"),
        ((", source: FDI Act s.6(1)", ""), "phases[1].clock.source", "missing"),
        (("calendar: england-wales", "calendar: england"), "phases[0].clock.calendar", "unknown calendar"),
        (("next: [in_depth]", "next: [indepth]"), "phases[0].next[0]", "did you mean 'in_depth'"),
        (("length: 20", "length: -3"), "phases[0].clock.length", "positive whole number"),
        (("unit: working_days", "unit: business_days"), "phases[0].clock.unit", "not one of"),
        (("next: [in_depth]", "next: []"), "phases", "unreachable"),
    ],
)
def test_a_broken_user_regime_names_the_file_and_field(
    registry: None, tmp_path: Path, edit: tuple[str, str], field: str, text: str
) -> None:
    """A user's regime file with a typo, a missing source or a broken machine is refused, nothing registered."""
    path = tmp_path / "bad.yaml"
    path.write_text(OWN.replace(*edit), encoding="utf-8")
    with pytest.raises(InputError, match=text) as err:
        R.load_regime(path)
    assert err.value.field == field
    assert err.value.file == str(path)
    assert "xx-fdi" not in R.regimes()


def test_a_regime_file_never_executes_code(registry: None, tmp_path: Path) -> None:
    """YAML tags that would build Python objects are refused by safe_load as an InputError."""
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        R.load_regime(path)


def test_registering_a_name_twice_is_refused(registry: None, tmp_path: Path) -> None:
    """register_regime refuses a second regime of the same name unless replace=True."""
    with pytest.raises(InputError, match="already registered"):
        R.register_regime(R.regime("eu"))
    assert R.register_regime(R.regime("eu"), replace=True) is R.regime("eu")


def test_every_shipped_regime_is_a_sound_machine_with_sources() -> None:
    """Each shipped regime's machine is checked, and every clock, extension and expiry rule has a source."""
    names = set(R.regimes())
    assert {
        "us-hsr",
        "us-cfius",
        "us-cfius-2018",
        "us-cfius-2007",
        "eu",
        "uk-cma",
        "uk-nsia",
        "cn-samr",
        "cn-tech-export",
    } <= names
    for reg in R.regimes().values():
        assert reg.machine.defects() == []
        for phase in reg.phases:
            assert phase.clock.source and phase.expiry_source
            assert all(e.source for e in phase.extensions)


def test_a_machine_error_is_a_dealflow_error() -> None:
    """Regime machines reuse MachineSpec: its errors stay under the root error."""
    assert issubclass(MachineDefinitionError, DealflowError)


# ----------------------------------------------------------------------------- properties

WORKING = [
    ("uk-cma", "phase1"),
    ("eu", "phase1"),
    ("uk-nsia", "review"),
    ("cn-tech-export", "application"),
    ("us-hsr", "initial_waiting"),
    ("cn-samr", "phase1"),
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(WORKING), st.dates(D(2022, 8, 1), D(2025, 6, 30)), st.integers(0, 40))
def test_a_later_start_never_gives_an_earlier_last_day(which: tuple[str, str], start: dt.date, gap: int) -> None:
    """Deadlines are monotone in the start date."""
    later = start + dt.timedelta(days=gap)
    assert due(*which, start) <= due(*which, later)


@settings(max_examples=60, deadline=None)
@given(st.dates(D(2022, 1, 1), D(2025, 6, 30)), st.integers(0, 30), st.integers(0, 20))
def test_a_clock_stop_never_brings_the_deadline_forward(start: dt.date, offset: int, length: int) -> None:
    """Stopping the EU Phase 2 clock delays its last day by exactly the working days stopped, never less."""
    stop = R.ClockStop(start + dt.timedelta(days=offset), start + dt.timedelta(days=offset + length))
    phase = R.regime("eu").phase("phase2")
    plain = R.last_day(phase, start)
    stopped = R.last_day(phase, start, stops=[stop])
    cal = R.calendar("eu-commission")
    lost = sum(
        1
        for i in range(1, length + 1)
        if (day := stop.stopped + dt.timedelta(days=i)) <= plain and cal.is_working_day(day)
    )
    assert stopped >= plain
    assert (stopped == plain) == (lost == 0)


def test_one_off_bank_holidays_count() -> None:
    """England and Wales's one-off bank holiday for the State Funeral (19 September 2022) is not a working day."""
    assert not R.calendar("england-wales").is_working_day(D(2022, 9, 19))
    assert due("uk-cma", "phase1", D(2022, 9, 14)) == D(2022, 11, 10)


def test_import_dealflow_loads_neither_regimes_nor_holidays() -> None:
    """`import dealflow` stays light: the regimes package, yaml and holidays load on first use."""
    import subprocess
    import sys

    code = (
        "import dealflow, sys; print(sorted(m for m in ('dealflow.regimes', 'holidays', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_regime_file_with_a_duplicate_key_is_refused_naming_the_line(tmp_path: Path) -> None:
    """User regime files are read like case files: a key given twice is refused with its line, not overwritten."""
    shipped = (Path(R.__file__).parent / "data" / "regimes" / "eu.yaml").read_text(encoding="utf-8")
    lines = shipped.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines.insert(first + 1, "name: eu-again")
    bad = tmp_path / "twice.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="given twice") as info:
        R.load_regime(bad, replace=True)
    assert info.value.line == first + 2
    assert "eu-again" not in R.regimes()
