"""Gates under review regimes: the events that move a review through its
regime's phases, their handlers, and the questions a deal answers with them
(each gate's latest decision date, the deal's earliest possible close).

A gate opens under a regime with :class:`ReviewFiled`; its phase's clock is the
regime's (:mod:`dealflow.regimes`), counted on the authority's calendar.  Dated
events move it: :class:`NoticeAccepted` (the clock restarts from acceptance),
:class:`PhaseOpened` (Phase 2, a second request, an investigation),
:class:`ClockStopped` / :class:`ClockRestarted`, :class:`RemediesOffered` and
:class:`PhaseExtended` (extensions the regime allows), :class:`ReviewRefiled`
(pull-and-refile) and :class:`ReviewExpired` (deemed clearance when a waiting
period runs out).  Decisions are the gate's own ``approved``,
``conditionally_approved`` and ``blocked`` events.

Each handler checks everything (the regime, the phase, the calendar's covered
years) before it moves anything, so a refused event leaves the deal as it was.
The regimes package (and ``holidays``) load when a review first needs them.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from ._concepts import Change, DealMethods, check, on, terms_changed
from ._errors import RefusedEvent
from ._events import Event, _flag, _kind, _maybe_date, _name, _one_of, _opt_date
from ._gates import gate_of

if TYPE_CHECKING:
    from ._deal import Deal
    from ._gates import _Gate
    from ._values import Terms
    from .regimes import ClockStop, Phase, Regime

__all__ = [
    "FINDINGS",
    "ClockRestarted",
    "ClockStopped",
    "CloseProjection",
    "Finding",
    "GateReview",
    "NoticeAccepted",
    "PhaseExtended",
    "PhaseOpened",
    "RemediesOffered",
    "ReviewClock",
    "ReviewExpired",
    "ReviewFiled",
    "ReviewFinding",
    "ReviewMethods",
    "ReviewRefiled",
    "latest_decision",
    "project_close",
    "review_status",
    "reviews_status",
]


def _optional_name(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _name(inst, attr, value)


def _optional_days(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    from ._errors import InputError

    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InputError(f"expected a positive whole number, got {value!r}", field=attr.name, fix="e.g. days: 8")


# ----------------------------------------------------------------------------- events


@_kind("review_filed")
@attrs.frozen(kw_only=True, repr=False)
class ReviewFiled(Event):
    """A filing opens ``regulator``'s review under ``regime`` (a name from
    :func:`dealflow.regimes.regimes`) in ``phase``, one of the regime's entry
    phases (its first by default); the phase's clock starts on ``date``.

    The gate moves from ``pending`` to ``under_review`` and reviews the current
    terms; refused for a phase that is not an entry phase, or a date before the
    regime is in force.

    Attributes:
        regulator: the regulator whose gate the filing opens.
        regime: the review regime, by name (e.g. ``us-hsr``, ``eu``, ``us-cfius``).
        phase: the entry phase filed in (default: the regime's first entry phase).
        clock_pending: true when the phase's clock does not start with the filing but
            with a later act (SAMR's acceptance of the notification, the CMA's formal
            Phase 1 start): it starts with ``notice_accepted``; until then the review has no due date.
    """

    regulator: str = attrs.field(validator=_name)
    regime: str = attrs.field(validator=_name)
    phase: str | None = attrs.field(default=None, validator=_optional_name)
    clock_pending: bool = attrs.field(default=False, validator=_flag)

    def describe(self) -> str:
        wait = ", clock not started" if self.clock_pending else ""
        return f"filed with {self.regulator} under {self.regime}" + (f" ({self.phase}{wait})" if self.phase else wait)


@_kind("notice_accepted")
@attrs.frozen(kw_only=True, repr=False)
class NoticeAccepted(Event):
    """``regulator`` accepts the filing (CFIUS acceptance, the CMA's formal
    Phase 1 start, SAMR's acceptance), or the act a phase's clock waits for
    happens (substantial compliance with a second request): the current phase's
    clock starts (again) on ``date``.

    Attributes:
        regulator: the regulator accepting; its gate must be under review under a regime.
    """

    regulator: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.regulator} accepts the notice: the clock starts"


@_kind("phase_opened")
@attrs.frozen(kw_only=True, repr=False)
class PhaseOpened(Event):
    """``regulator`` opens ``phase`` of its regime (Phase 2, a second request,
    an investigation...); its clock starts on ``date``.

    Refused when the regime does not let ``phase`` follow the current phase.

    With ``clock_pending`` (an HSR second request's clock runs from the parties'
    substantial compliance), the phase opens without a running clock and has no
    due date until that step is recorded (``notice_accepted`` starts the clock).

    Attributes:
        regulator: the regulator whose review moves on; its gate must be under review under a regime.
        phase: the regime's phase opened, one that follows the current phase.
        clock_pending: true when the phase's clock starts with a later act, not on
            ``date`` (a second request's period runs from substantial compliance):
            ``notice_accepted`` starts it; until then the review has no due date.
        started: the day the phase's clock started when the record dates the phase
            only by a later act (e.g. SAMR's extension of a further review whose
            start is not reported); on or before ``date``, not before the current
            phase began.  Default: ``date``.
    """

    regulator: str = attrs.field(validator=_name)
    phase: str = attrs.field(validator=_name)
    clock_pending: bool = attrs.field(default=False, validator=_flag)
    started: _dt.date | None = attrs.field(default=None, converter=_opt_date, validator=_maybe_date)

    def __attrs_post_init__(self) -> None:
        from ._errors import InputError

        if self.clock_pending and self.started is not None:
            raise InputError(
                "a phase whose clock has not started has no start day",
                field="started",
                fix="drop started, or clock_pending",
            )

    def describe(self) -> str:
        since = f" (running since {self.started})" if self.started is not None else ""
        wait = " (clock not started)" if self.clock_pending else ""
        return f"{self.regulator} opens {self.phase.replace('_', ' ')}{since}{wait}"


@_kind("clock_stopped")
@attrs.frozen(kw_only=True, repr=False)
class ClockStopped(Event):
    """``regulator`` stops the clock of the current phase (stop-the-clock).

    The review has no due date until the clock restarts; refused when the phase's
    clock cannot be stopped, or is stopped already.

    Attributes:
        regulator: the regulator stopping its clock; its gate must be under review under a regime.
    """

    regulator: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.regulator} stops the clock"


@_kind("clock_restarted")
@attrs.frozen(kw_only=True, repr=False)
class ClockRestarted(Event):
    """The stopped clock runs again: the days after the stop up to ``date`` do not count.

    When the record gives only how long the clock stood still (the deadline moved
    by that much) and not the day it stopped, ``days_stopped`` records the stop
    as that many calendar days ending on ``date``, on a running clock.

    Refused when the clock is running (without ``days_stopped``), when it is
    stopped (with ``days_stopped``), or for a stop that begins before the phase.

    Attributes:
        regulator: the regulator whose stopped clock restarts.
        days_stopped: the calendar days the clock stood still, ending on ``date``,
            when the day it stopped is not recorded; none when a ``clock_stopped`` was.
    """

    regulator: str = attrs.field(validator=_name)
    days_stopped: int | None = attrs.field(default=None, validator=_optional_days)

    def describe(self) -> str:
        stood = f" after {self.days_stopped} days stopped" if self.days_stopped else ""
        return f"{self.regulator}'s clock restarts{stood}"


@_kind("remedies_offered")
@attrs.frozen(kw_only=True, repr=False)
class RemediesOffered(Event):
    """The parties offer remedies to ``regulator``; ``extension`` names the
    regime's extension this triggers (the EU's ``commitments``), if any.

    Refused when the gate is not under review under a regime, or when the regime
    does not allow the extension.

    Attributes:
        regulator: the regulator the remedies are offered to.
        extension: the name of the regime's extension the offer triggers; none when it extends nothing.
    """

    regulator: str = attrs.field(validator=_name)
    extension: str | None = attrs.field(default=None, validator=_optional_name)

    def describe(self) -> str:
        return f"remedies offered to {self.regulator}" + (f" ({self.extension})" if self.extension else "")


@_kind("phase_extended")
@attrs.frozen(kw_only=True, repr=False)
class PhaseExtended(Event):
    """The current phase is extended by the regime's ``extension``; ``days``
    (in the clock's unit) for an extension whose length is agreed.

    The review's due date moves; refused when the regime does not allow the
    extension (unknown, used up, or of another length).

    Attributes:
        regulator: the regulator whose current phase is extended.
        extension: the name of the regime's extension.
        days: the length of an extension whose length is agreed, in the clock's unit;
            none for one of fixed length.
    """

    regulator: str = attrs.field(validator=_name)
    extension: str = attrs.field(validator=_name)
    days: int | None = attrs.field(default=None, validator=_optional_days)

    def describe(self) -> str:
        return f"{self.regulator} extends the phase: {self.extension}" + (f" +{self.days}" if self.days else "")


@_kind("review_expired")
@attrs.frozen(kw_only=True, repr=False)
class ReviewExpired(Event):
    """The current phase ran out without a decision and the regime deems that
    clearance (an HSR waiting period, EUMR Art. 10(6), AML Art. 30-31).

    The gate moves to ``approved`` for the current terms, decided on the phase's
    last day; refused when the phase does not clear by expiry, while the clock is
    stopped, before the last day, or with no terms.

    When the phase's last day is not known (its clock waited for an act the record
    does not date, such as substantial compliance with a second request), a
    party's announcement on ``date`` that the period has run out is recorded with
    ``announced``: the gate clears as of ``date``.

    Attributes:
        regulator: the regulator whose review expired.
        announced: true when a party announced on ``date`` that the period had
            expired, its last day not being known (the clock's start was never recorded).
    """

    regulator: str = attrs.field(validator=_name)
    announced: bool = attrs.field(default=False, validator=_flag)

    def describe(self) -> str:
        if self.announced:
            return f"{self.actor} announces that {self.regulator}'s waiting period has expired: deemed clearance"
        return f"{self.regulator}'s waiting period expires: deemed clearance"


@_kind("review_refiled")
@attrs.frozen(kw_only=True, repr=False)
class ReviewRefiled(Event):
    """Pull-and-refile: the filing is withdrawn and refiled; the regime's refile
    phase starts afresh on ``date``.

    Refused when the regime has no pull-and-refile.

    Attributes:
        regulator: the regulator with whom the filing is pulled and refiled.
    """

    regulator: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"filing with {self.regulator} pulled and refiled"


#: the steps inside a review that decide nothing yet (``review_finding``'s ``finding``)
FINDINGS = (
    "invitation_to_comment",
    "phase1_concerns",
    "issues_letter",
    "statement_of_objections",
    "supplementary_statement_of_objections",
    "provisional_findings",
    "remedies_notice",
    "final_report",
)


def _markets(value: object) -> object:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return value


def _market_list(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    from ._errors import InputError

    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(
            f"expected a list of markets, got {value!r}", field=attr.name, fix="e.g. markets: [interactive design]"
        )


@_kind("review_finding")
@attrs.frozen(kw_only=True, repr=False)
class ReviewFinding(Event):
    """``regulator`` takes a step inside its review that decides nothing yet: an
    invitation to comment, a Phase 1 decision finding concerns (the CMA's "offer
    undertakings or go to Phase 2"), an issues letter, a statement of objections,
    provisional findings, a remedies notice, a final report before the decision.

    The gate keeps its state (the decision is a later ``approved``,
    ``conditionally_approved`` or ``blocked``); the finding is recorded on the
    gate (:meth:`Deal.findings`, :attr:`GateReview.findings`, the status report).
    Refused when the actor is not the regulator, or once the gate is decided,
    waived or not required.

    Attributes:
        regulator: the regulator whose review it is (the actor).
        finding: what step it is: one of :data:`FINDINGS`.
        outcome: ``concerns`` (the default) or ``no_concerns`` (e.g. provisional clearance).
        markets: the markets or products the finding is about (may be empty).
        response_due: the day the parties' response is due, if the record gives one.
        decision_due: the day the decision is due, as the finding states it, if given.
    """

    regulator: str = attrs.field(validator=_name)
    finding: str = attrs.field(validator=_one_of(FINDINGS))
    outcome: str = attrs.field(default="concerns", validator=_one_of(("concerns", "no_concerns")))
    markets: tuple[str, ...] = attrs.field(default=(), converter=_markets, validator=_market_list)
    response_due: _dt.date | None = attrs.field(default=None, converter=_opt_date, validator=_maybe_date)
    decision_due: _dt.date | None = attrs.field(default=None, converter=_opt_date, validator=_maybe_date)

    def describe(self) -> str:
        text = f"{self.regulator}: {self.finding.replace('_', ' ')}"
        text += " (no concerns)" if self.outcome == "no_concerns" else ""
        if self.markets:
            text += f" on {', '.join(self.markets)}"
        if self.response_due is not None:
            text += f"; response due {self.response_due}"
        if self.decision_due is not None:
            text += f"; decision due {self.decision_due}"
        return text


@attrs.frozen
class Finding:
    """A step recorded inside a regulator's review (a ``review_finding`` event).

    Attributes:
        regulator: the regulator.
        finding: what step it was: one of :data:`FINDINGS`.
        outcome: ``concerns`` or ``no_concerns``.
        on: the day of the finding.
        markets: the markets it is about.
        response_due: the day the parties' response was due, if given.
        decision_due: the day the decision was due, as the finding stated it, if given.
    """

    regulator: str
    finding: str
    outcome: str
    on: _dt.date
    markets: tuple[str, ...] = ()
    response_due: _dt.date | None = None
    decision_due: _dt.date | None = None

    def __str__(self) -> str:
        text = f"{self.finding.replace('_', ' ')} on {self.on}"
        text += " (no concerns)" if self.outcome == "no_concerns" else ""
        if self.decision_due is not None:
            text += f", decision due {self.decision_due}"
        return text


# ----------------------------------------------------------------------------- the clock a gate carries


@attrs.frozen
class ReviewClock:
    """Where a gate's regime review stands: the phase, when its clock started,
    the extensions granted, the clock stops, and the day a stop began (while
    stopped)."""

    regime: str
    phase: str
    start: _dt.date
    entry: str  # the phase the review was filed in
    extensions: tuple[tuple[str, int], ...] = ()
    stops: tuple[ClockStop, ...] = ()
    stopped: _dt.date | None = None
    pending: bool = False  # the clock waits for a later act (notice_accepted starts it)

    def regime_value(self) -> Regime:
        from .regimes import regime

        return regime(self.regime)

    def phase_value(self) -> Phase:
        return self.regime_value().phase(self.phase)

    def due(self) -> _dt.date | None:
        """The phase's last day; ``None`` while the clock is stopped or has not started."""
        if self.stopped is not None or self.pending:
            return None
        from .regimes import last_day

        return last_day(self.phase_value(), self.start, extra=sum(d for _, d in self.extensions), stops=self.stops)


def _due(clock: ReviewClock) -> _dt.date | None:
    from ._errors import DealflowError

    try:
        return clock.due()
    except DealflowError as err:  # a calendar's covered years: the event's date is the field to fix
        raise type(err)(err.rule, field="date", fix=err.fix) from None


# ----------------------------------------------------------------------------- handlers


def _under_review(deal: Deal, regulator: str) -> tuple[_Gate, ReviewClock]:
    gate = gate_of(deal._gates, regulator)
    clock = deal._reviews.get(regulator)
    if gate.state != "under_review" or clock is None:
        raise RefusedEvent(
            f"{regulator}'s gate is {gate.state}, not under review under a regime",
            field="regulator",
            fix="file first (review_filed with a regime)",
        )
    return gate, clock


def _store(deal: Deal, regulator: str, clock: ReviewClock) -> None:
    if type(deal._reviews) is not dict:
        deal._reviews = {}
    deal._reviews[regulator] = clock


def _set(deal: Deal, gate: _Gate, clock: ReviewClock, due: _dt.date | None, date: _dt.date, i: int) -> None:
    """Record the new clock; the gate's machine sees a review extension when the due date moves."""
    if gate.review_due != due:
        deal._move("gate", gate, "extend_review", f"gate {gate.regulator}", date, i)
    _store(deal, gate.regulator, clock)
    gate.review_due = due


@on(ReviewFiled)
def _filed(deal: Deal, e: ReviewFiled, i: int) -> None:
    from .regimes import regime

    gate = gate_of(deal._gates, e.regulator)
    check("gate", "open_review", gate.state, f"{e.regulator}'s gate", "open a review")
    reg = regime(e.regime)
    phase = e.phase or reg.entry[0]
    reg.phase(phase)
    if phase not in reg.entry:
        raise RefusedEvent(
            f"a review under {reg.name} cannot open in {phase!r}",
            field="phase",
            fix=f"file in one of: {', '.join(reg.entry)}, then open later phases with phase_opened",
        )
    reg.check_in_force(e.date, field="date")
    clock = ReviewClock(reg.name, phase, e.date, phase, pending=e.clock_pending)
    due = _due(clock)
    deal._move("gate", gate, "open_review", f"gate {e.regulator}", e.date, i)
    _store(deal, e.regulator, clock)
    gate.review_due = due
    gate.business = False
    gate.terms = deal.terms


@on(NoticeAccepted)
def _accepted(deal: Deal, e: NoticeAccepted, i: int) -> None:
    gate, clock = _under_review(deal, e.regulator)
    new = ReviewClock(clock.regime, clock.phase, e.date, clock.entry)
    _set(deal, gate, new, _due(new), e.date, i)


@on(PhaseOpened)
def _phase(deal: Deal, e: PhaseOpened, i: int) -> None:
    gate, clock = _under_review(deal, e.regulator)
    reg = clock.regime_value()
    reg.phase(e.phase)
    if reg.machine.dest("open_" + e.phase, clock.phase) is None:
        nexts = reg.phase(clock.phase).next
        raise RefusedEvent(
            f"under {reg.name}, {e.phase!r} does not follow {clock.phase!r}",
            field="phase",
            fix=f"from {clock.phase} open one of: {', '.join(nexts)}" if nexts else f"{clock.phase} is the last phase",
        )
    start = e.date if e.started is None else e.started
    if start > e.date or start < clock.start:
        raise RefusedEvent(
            f"{e.phase} cannot have started on {start}",
            field="started",
            fix=f"give a day from {clock.start} (the current phase's start) to {e.date}",
        )
    new = ReviewClock(reg.name, e.phase, start, clock.entry, pending=e.clock_pending)
    _set(deal, gate, new, _due(new), e.date, i)


@on(ClockStopped)
def _stopped(deal: Deal, e: ClockStopped, i: int) -> None:
    gate, clock = _under_review(deal, e.regulator)
    phase = clock.phase_value()
    if not phase.stoppable:
        raise RefusedEvent(
            f"the clock of {clock.regime} {phase.name} cannot be stopped",
            field="regulator",
            fix="record an extension the regime allows (phase_extended), or a statement",
        )
    if clock.stopped is not None:
        raise RefusedEvent(
            f"{e.regulator}'s clock is stopped since {clock.stopped}", field="regulator", fix="restart it first"
        )
    if clock.pending:
        raise RefusedEvent(
            f"{e.regulator}'s clock has not started", field="regulator", fix="start it first (notice_accepted)"
        )
    _set(deal, gate, attrs.evolve(clock, stopped=e.date), None, e.date, i)


@on(ClockRestarted)
def _restarted(deal: Deal, e: ClockRestarted, i: int) -> None:
    from .regimes import ClockStop

    gate, clock = _under_review(deal, e.regulator)
    if e.days_stopped is not None:
        if clock.stopped is not None:
            raise RefusedEvent(
                f"{e.regulator}'s clock is stopped since {clock.stopped}: the stop's length is known",
                field="days_stopped",
                fix="leave days_stopped out",
            )
        began = e.date - _dt.timedelta(days=e.days_stopped)
        if began < clock.start or (clock.stops and clock.stops[-1].restarted and began < clock.stops[-1].restarted):
            raise RefusedEvent(
                f"a stop of {e.days_stopped} days ending on {e.date} begins before the phase or the last restart",
                field="days_stopped",
                fix=f"the stop can begin no earlier than {max([clock.start, *(s.restarted for s in clock.stops if s.restarted)])}",
            )
        if not clock.phase_value().stoppable:
            raise RefusedEvent(
                f"the clock of {clock.regime} {clock.phase} cannot be stopped",
                field="regulator",
                fix="record an extension the regime allows (phase_extended)",
            )
        clock = attrs.evolve(clock, stopped=began)
    elif clock.stopped is None:
        raise RefusedEvent(f"{e.regulator}'s clock is running", field="regulator", fix="stop it first (clock_stopped)")
    assert clock.stopped is not None
    new = attrs.evolve(clock, stops=(*clock.stops, ClockStop(clock.stopped, e.date)), stopped=None)
    _set(deal, gate, new, _due(new), e.date, i)


def _extend(deal: Deal, regulator: str, name: str, days: int | None, date: _dt.date, i: int) -> None:
    from ._errors import DealflowError
    from .regimes._deadline import _extensions

    gate, clock = _under_review(deal, regulator)
    try:
        granted = _extensions(clock.phase_value(), [*clock.extensions, (name, days)])
    except DealflowError as err:
        raise RefusedEvent(err.rule, field="extension", fix=err.fix) from None
    new = attrs.evolve(clock, extensions=granted)
    _set(deal, gate, new, _due(new), date, i)


@on(RemediesOffered)
def _remedies(deal: Deal, e: RemediesOffered, i: int) -> None:
    if e.extension is None:
        _under_review(deal, e.regulator)
        return
    _extend(deal, e.regulator, e.extension, None, e.date, i)


@on(PhaseExtended)
def _extended(deal: Deal, e: PhaseExtended, i: int) -> None:
    _extend(deal, e.regulator, e.extension, e.days, e.date, i)


@on(ReviewExpired)
def _expired(deal: Deal, e: ReviewExpired, i: int) -> None:
    gate, clock = _under_review(deal, e.regulator)
    phase = clock.phase_value()
    if phase.on_expiry != "clearance":
        raise RefusedEvent(
            f"{clock.regime} {phase.name} does not clear by expiry: its end is the date a decision is due "
            f"[{phase.expiry_source}]",
            field="regulator",
            fix="record the decision (approved, conditionally_approved or blocked)",
        )
    due = gate.review_due
    if due is None and clock.pending and e.announced:
        due = e.date  # the last day is not known: the announcement dates the clearance
    elif due is None and clock.pending:
        raise RefusedEvent(
            f"{e.regulator}'s clock has not started: its last day is not known",
            field="date",
            fix="start it (notice_accepted), or set announced: true if a party announced the expiry",
        )
    elif due is None:
        raise RefusedEvent(f"{e.regulator}'s clock is stopped", field="date", fix="restart the clock first")
    if e.date < due:
        raise RefusedEvent(
            f"{clock.regime} {phase.name} runs until {due}: it has not expired on {e.date}",
            field="date",
            fix=f"date it {due} or later",
        )
    if deal.terms is None:
        raise RefusedEvent("a clearance is of specific terms and none are proposed", fix="propose terms first")
    check("gate", "approve", gate.state, f"{e.regulator}'s gate", "clear")
    deal._move("gate", gate, "approve", f"gate {e.regulator}", e.date, i)
    gate.terms = deal.terms
    gate.conditions = frozenset()
    gate.decided_on = due


@on(ReviewRefiled)
def _refiled(deal: Deal, e: ReviewRefiled, i: int) -> None:
    gate, clock = _under_review(deal, e.regulator)
    reg = clock.regime_value()
    if reg.refile is None:
        raise RefusedEvent(f"{reg.name} has no pull-and-refile", field="regulator", fix="file a new review instead")
    target = reg.refile.phase or clock.entry
    new = ReviewClock(reg.name, target, e.date, target)
    _set(deal, gate, new, _due(new), e.date, i)


@on(ReviewFinding)
def _finding(deal: Deal, e: ReviewFinding, i: int) -> None:
    gate = gate_of(deal._gates, e.regulator)
    if e.actor != e.regulator:
        raise RefusedEvent(
            f"{e.actor} cannot record {e.regulator}'s finding", field="actor", fix=f"the actor is {e.regulator}"
        )
    if gate.state == "not_required":
        raise RefusedEvent(
            f"{e.regulator}'s approval is not required", field="regulator", fix="require it first (gate_required)"
        )
    if gate.state not in ("pending", "under_review"):
        raise RefusedEvent(
            f"{e.regulator}'s gate is {gate.state}: its review has no further steps",
            field="regulator",
            fix="record findings before the decision (or a statement)",
        )
    found = Finding(e.regulator, e.finding, e.outcome, e.date, e.markets, e.response_due, e.decision_due)
    if type(deal._findings) is not dict:
        deal._findings = {}
    deal._findings[e.regulator] = (*deal._findings.get(e.regulator, ()), found)


def findings(deal: Deal, regulator: str | None = None) -> tuple[Finding, ...]:
    """The findings recorded in ``regulator``'s review (every regulator's, in order, if None)."""
    if regulator is not None:
        gate_of(deal._gates, regulator)
        return deal._findings.get(regulator, ())
    return tuple(sorted((f for fs in deal._findings.values() for f in fs), key=lambda f: f.on))


# ----------------------------------------------------------------------------- questions

_CLEARED = ("approved", "conditionally_approved")


@attrs.frozen
class GateReview:
    """A gate's review as its regime sees it: the phase, its start, its last day
    (``due``, ``None`` while the clock is stopped or has not started: ``pending``),
    what expiry means, the extensions granted and clock stops, and the gate's state."""

    regulator: str
    regime: str
    phase: str
    phase_title: str
    started: _dt.date
    due: _dt.date | None
    on_expiry: str
    state: str
    stopped_since: _dt.date | None
    extensions: tuple[tuple[str, int], ...]
    stops: tuple[ClockStop, ...]
    findings: tuple[Finding, ...] = ()  # the steps recorded in the review (review_finding)
    pending: bool = False  # the phase's clock waits for a later act (notice_accepted)


@terms_changed
def _lapse(deal: Deal, old: Terms | None, terms: Terms, date: _dt.date, i: int) -> None:
    """A review of other terms lapses with its gate (the gates concept sent the gate back to pending)."""
    if not deal._reviews:  # (every change of terms asks: most deals have no regime review)
        return
    for regulator in [r for r in deal._reviews if deal._gates[r].state == "pending"]:
        del deal._reviews[regulator]


def review_status(deal: Deal, regulator: str) -> GateReview | None:
    """The regime review of ``regulator``'s gate, or ``None`` if it has none."""
    gate = gate_of(deal._gates, regulator)
    clock = deal._reviews.get(regulator)
    if clock is None:
        return None
    phase = clock.phase_value()
    return GateReview(
        regulator=regulator,
        regime=clock.regime,
        phase=clock.phase,
        phase_title=phase.title,
        started=clock.start,
        due=gate.review_due,
        on_expiry=phase.on_expiry,
        state=gate.state,
        stopped_since=clock.stopped,
        extensions=clock.extensions,
        stops=clock.stops,
        findings=deal._findings.get(regulator, ()),
        pending=clock.pending,
    )


def reviews_status(deal: Deal) -> tuple[GateReview, ...]:
    """Every gate's regime review (for :class:`~dealflow.Status`)."""
    out = []
    for regulator in deal._reviews:
        review = review_status(deal, regulator)
        assert review is not None
        out.append(review)
    return tuple(out)


def latest_decision(deal: Deal, regulator: str) -> _dt.date | None:
    """The latest date ``regulator``'s gate is decided: the decision's date once
    decided; under review, the last day of its current phase (its regime's
    clock, or a plain review's due date); ``None`` when unknown (no review yet,
    a stopped clock, a gate not required)."""
    gate = gate_of(deal._gates, regulator)
    if gate.state in (*_CLEARED, "blocked"):
        due: _dt.date | None = gate.decided_on
        return due
    if gate.state == "under_review":
        due = gate.review_due
        return due
    return None


@attrs.frozen
class CloseProjection:
    """The earliest close the review clocks allow.

    ``earliest`` is the first day on which every required gate is cleared if
    each open review is decided favourably (or deemed cleared) at the end of its
    current phase; ``None`` when a gate blocks or its date is unknown (listed in
    ``blocked`` and ``unknown``).  ``gates`` gives each required gate's date.
    ``beyond_outside_date`` compares ``earliest`` with ``outside_date``.
    """

    earliest: _dt.date | None
    gates: tuple[tuple[str, _dt.date | None], ...]
    unknown: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    outside_date: _dt.date | None = None

    @property
    def beyond_outside_date(self) -> bool | None:
        """Whether the earliest close falls after the outside date (``None`` if either is unknown)."""
        if self.earliest is None or self.outside_date is None:
            return None
        return self.earliest > self.outside_date


def project_close(deal: Deal, outside_date: _dt.date | None = None) -> CloseProjection:
    """Project the deal's earliest possible close from its gates' clocks, against
    ``outside_date`` (the contract's, when there is one)."""
    gates: list[tuple[str, _dt.date | None]] = []
    unknown: list[str] = []
    blocked: list[str] = []
    for name, gate in deal._gates.items():
        if gate.state == "not_required":
            continue
        day = latest_decision(deal, name)
        gates.append((name, day))
        if gate.state == "blocked":
            blocked.append(name)
        elif day is None:
            unknown.append(name)
    earliest = None
    if not unknown and not blocked and deal.clock is not None:
        earliest = max([deal.clock, *(d for _, d in gates if d is not None)])
    return CloseProjection(earliest, tuple(gates), tuple(unknown), tuple(blocked), outside_date)


class ReviewMethods(DealMethods):
    """Sugar for regime reviews: each method builds one event and applies it; and
    the questions: a gate's review, its latest decision date, the deal's earliest close."""

    __slots__ = ()

    if TYPE_CHECKING:
        _gates: dict[str, _Gate]
        _reviews: dict[str, ReviewClock]
        _findings: dict[str, tuple[Finding, ...]]
        clock: _dt.date | None

    def file_review(
        self,
        regulator: str,
        regime: str,
        *,
        on: _dt.date | str,
        phase: str | None = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Open ``regulator``'s review under ``regime`` (in ``phase``, its first entry phase by default)."""
        who = self._actor(actor, regulator)
        return self.apply(ReviewFiled(date=on, actor=who, regulator=regulator, regime=regime, phase=phase, **meta))

    def accept_notice(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """The regulator accepts the filing: the phase's clock starts on ``on``."""
        return self.apply(NoticeAccepted(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def open_phase(
        self, regulator: str, phase: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Open the regime's next ``phase`` (Phase 2, a second request, an investigation)."""
        who = self._actor(actor, regulator)
        return self.apply(PhaseOpened(date=on, actor=who, regulator=regulator, phase=phase, **meta))

    def stop_clock(self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Stop the current phase's clock."""
        return self.apply(ClockStopped(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def restart_clock(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Restart the stopped clock."""
        return self.apply(ClockRestarted(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def offer_remedies(
        self,
        regulator: str,
        *,
        on: _dt.date | str,
        extension: str | None = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Offer remedies; ``extension`` names the regime's extension they trigger, if any."""
        who = self._actor(actor, self.seller)
        return self.apply(RemediesOffered(date=on, actor=who, regulator=regulator, extension=extension, **meta))

    def extend_phase(
        self,
        regulator: str,
        extension: str,
        *,
        on: _dt.date | str,
        days: int | None = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Extend the current phase by the regime's ``extension`` (``days`` for an agreed one)."""
        who = self._actor(actor, regulator)
        return self.apply(
            PhaseExtended(date=on, actor=who, regulator=regulator, extension=extension, days=days, **meta)
        )

    def expire_review(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record that the current phase ran out: deemed clearance where the regime says so."""
        return self.apply(ReviewExpired(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def refile_review(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Pull and refile: the regime's refile phase starts afresh on ``on``."""
        who = self._actor(actor, self.seller)
        return self.apply(ReviewRefiled(date=on, actor=who, regulator=regulator, **meta))

    def record_finding(
        self,
        regulator: str,
        finding: str,
        *,
        on: _dt.date | str,
        outcome: str = "concerns",
        markets: tuple[str, ...] = (),
        response_due: _dt.date | str | None = None,
        decision_due: _dt.date | str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Record ``review_finding``: a step of ``regulator``'s review (one of :data:`FINDINGS`)."""
        return self.apply(
            ReviewFinding(
                date=on,
                actor=regulator,
                regulator=regulator,
                finding=finding,
                outcome=outcome,
                markets=markets,
                response_due=response_due,
                decision_due=decision_due,
                **meta,
            )
        )

    def findings(self, regulator: str | None = None) -> tuple[Finding, ...]:
        """The findings recorded in ``regulator``'s review, or every regulator's by date."""
        return findings(self, regulator)  # type: ignore[arg-type]

    def review(self, regulator: str) -> GateReview | None:
        """``regulator``'s regime review, or ``None`` if its gate has none."""
        return review_status(self, regulator)  # type: ignore[arg-type]

    def latest_decision(self, regulator: str) -> _dt.date | None:
        """The latest date ``regulator``'s gate is decided (see :func:`latest_decision`)."""
        return latest_decision(self, regulator)  # type: ignore[arg-type]

    def project_close(self, outside_date: _dt.date | str | None = None) -> CloseProjection:
        """The deal's earliest possible close from its gates' clocks, against ``outside_date``."""
        from ._values import as_date

        return project_close(self, as_date(outside_date) if outside_date is not None else None)  # type: ignore[arg-type]
