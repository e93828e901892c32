"""Reports on a replayed deal: the timeline, the status on a date, a check of the
recorded regulator decisions against the rules in force, and the end.

Each report is a frozen value (for tests and programs) with a ``format_*``
function that writes it as aligned plain text; nothing here needs rich.
"""

from __future__ import annotations

import datetime as _dt
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction

import attrs

from . import _events as ev
from ._deal import Change, Deal, Status
from ._gc import paused_gc
from ._litigation import RulingIssued
from ._orders import OrderIssued
from ._rules import (
    AllOf,
    AnyOf,
    ForeignAdversaryControl,
    Not,
    Outcome,
    Rule,
    RuleContext,
    Verdict,
    adversary_share,
    condition_met_by,
)
from ._text import wrap
from ._values import Condition, Role, Terms, as_date, format_fraction

__all__ = [
    "DecisionCheck",
    "TimelineEntry",
    "check_decisions",
    "control_tests",
    "decision_checker",
    "format_checks",
    "format_end",
    "format_status",
    "format_timeline",
    "timeline",
]


class _Glyphs:
    def __init__(self, ascii_only: bool) -> None:
        self.arrow = "->" if ascii_only else "→"
        self.hook = "  " if ascii_only else "↳ "
        self.dot = ";" if ascii_only else " ·"
        self.ellipsis = "..." if ascii_only else "…"
        self.ok = "ok" if ascii_only else "✓"
        self.bad = "!!" if ascii_only else "✗"


def _width(width: int | None) -> int:
    if width is not None:
        return max(60, width)
    return max(80, min(140, shutil.get_terminal_size((110, 24)).columns))


def _state(state: str | None) -> str:
    return "-" if state is None else state.replace("_", " ")


def _pct(share: Fraction) -> str:
    return f"{format_fraction(share * 100)}%"


def _clip(text: str, width: int, g: _Glyphs) -> str:
    return text if len(text) <= width else text[: width - len(g.ellipsis)] + g.ellipsis


# ---------------------------------------------------------------------- timeline


@attrs.frozen
class TimelineEntry:
    """One event of the journal (at ``position``) and the state changes it caused."""

    position: int
    event: ev.Event
    changes: tuple[Change, ...]


def timeline(deal: Deal) -> tuple[TimelineEntry, ...]:
    """Every event of ``deal``'s journal with the state changes it caused."""
    by_position = _changes_by_position(deal.history)
    return tuple(TimelineEntry(i, e, tuple(by_position.get(i, ()))) for i, e in enumerate(deal.journal))


def _changes_by_position(history: Iterable[Change]) -> dict[int, list[Change]]:
    """The state changes of ``history``, grouped by the journal position of their event."""
    out: dict[int, list[Change]] = {}
    for change in history:
        out.setdefault(change.position, []).append(change)
    return out


def _change_text(change: Change, g: _Glyphs) -> str:
    if change.before is None:
        return f"{change.machine}: {g.arrow} {_state(change.after)}"
    return f"{change.machine}: {_state(change.before)} {g.arrow} {_state(change.after)}"


def _source_tag(event: ev.Event) -> str:
    number = event.source.number if event.source is not None and event.source.number is not None else None
    tag = "" if number is None else str(number)
    return tag + ("?" if not event.verified else "")


def format_timeline(deal: Deal, *, width: int | None = None, ascii_only: bool = False, title: str | None = None) -> str:
    """The timeline as aligned text: a line per event (date, source, actor, what
    happened) and under it every state change it caused."""
    g = _Glyphs(ascii_only)
    events = deal.journal
    tags = _source_tags(events)
    total = _width(width)
    actor_w = min(22, max(map(len, {e.actor for e in events}), default=5))
    src_w = max(3, max(map(len, set(tags)), default=3))
    lead = 10 + 2 + src_w + 2 + actor_w + 2
    text_w = max(30, total - lead)
    pad = " " * lead
    lines = []
    if title:
        lines += [title, ""]
    lines.append(f"{'date':<10}  {'src':<{src_w}}  {'actor':<{actor_w}}  what happened")
    lines.append(f"{'-' * 10}  {'-' * src_w}  {'-' * actor_w}  {'-' * min(text_w, 40)}")
    # a case repeats its dates, actors and moves: each line head, and the lines of the moves
    # under an event, are made once; an event's lines are one text with newlines
    heads: dict[tuple[_dt.date, str, str], str] = {}
    said: dict[object, str] = {}  # by (machine, before, after) of one change, or a tuple of them
    changes_at = _changes_by_position(deal.history)
    append = lines.append
    follow = "\n" + pad
    told: dict[int, str] = {}  # an event's own lines, by the event (a case's reader shares an event written alike)
    for position, e in enumerate(events):
        line = told.get(id(e))  # (the journal keeps its events, and so their ids)
        if line is None:
            tag = tags[position]
            key = (e.date, tag, e.actor)
            head = heads.get(key)
            if head is None:
                head = heads[key] = (
                    f"{e.date.isoformat():<10}  {tag:<{src_w}}  {_clip(e.actor, actor_w, g):<{actor_w}}  "
                )
            exact = e.date_precision == "day" and not e.date_qualifier  # (Event.exactly_dated, inlined)
            what = e.describe() if exact else f"({e.dated()}) {e.describe()}"
            line = told[id(e)] = head + follow.join(wrap(what, text_w))
        append(line)
        changes = changes_at.get(position)
        if changes:
            moves = changes[0][2:5] if len(changes) == 1 else tuple(c[2:5] for c in changes)
            text = said.get(moves)
            if text is None:
                text = said[moves] = _moves_text(changes, pad, text_w, g)
            append(text)
    lines.append("")
    lines.append(f"src: the number in the case's sources list; {_source_tag_legend()}")
    return "\n".join(lines)


def _moves_text(changes: Sequence[Change], pad: str, text_w: int, g: _Glyphs) -> str:
    """The lines of ``changes`` (an event's), wrapped, as one text."""
    text = f"{g.dot} ".join(_change_text(c, g) for c in changes)
    return pad + g.hook + ("\n" + pad + " " * len(g.hook)).join(wrap(text, text_w - len(g.hook)))


def _source_tags(events: Sequence[ev.Event]) -> list[str]:
    """Each event's source tag (events share their sources: each tag is made once)."""
    tags: dict[tuple[int, bool], str] = {}
    out = []
    for e in events:
        key = (id(e.source), e.verified)  # (the events keep their sources, and so their ids)
        tag = tags.get(key)
        if tag is None:
            tag = tags[key] = _source_tag(e)
        out.append(tag)
    return out


def _source_tag_legend() -> str:
    return "? marks an event the sources leave unverified"


# ---------------------------------------------------------------------- status


def _last_changes(history: Sequence[Change], on: _dt.date) -> dict[str, _dt.date]:
    """The date of each machine's last change on or before ``on``, in one pass over
    the history (a report asks for every bid, gate and mandate)."""
    last: dict[str, _dt.date] = {}
    for change in history:
        if change.date > on:
            break
        last[change.machine] = change.date
    return last


def _terms_lines(terms: Terms, parties: dict[str, str]) -> list[str]:
    out = [f"{terms.structure.value.replace('_', ' ')} of {terms.entity}"]
    if terms.cap_table:
        name_w = max(len("(not reported)"), *(len(s.holder) for s in terms.cap_table))
        for stake in sorted(terms.cap_table, key=lambda s: (-s.share, s.holder)):
            where = parties.get(stake.holder, "")
            out.append(f"  {stake.holder:<{name_w}}  {_pct(stake.share):>6}  {where}".rstrip())
        rest = 1 - sum((s.share for s in terms.cap_table), Fraction(0))
        if rest:
            out.append(f"  {'(not reported)':<{name_w}}  {_pct(rest):>6}")
    extras = []
    if terms.assets:
        extras.append("assets: " + ", ".join(a.replace("_", " ") for a in sorted(terms.assets)))
    if terms.data_custodian:
        extras.append(f"US data held by {terms.data_custodian}")
    if terms.board is not None:
        b = terms.board
        extras.append(f"board: {b.domestic} of {b.seats} from {b.jurisdiction}")
    if terms.conditions:
        extras.append("conditions: " + ", ".join(str(c) for c in sorted(terms.conditions)))
    if terms.price is not None:
        extras.append(f"price: {terms.price}")
    out += [f"  {x}" for x in extras]
    return out


def _deadline_note(deadline: _dt.date, on: _dt.date) -> str:
    days = (deadline - on).days
    if days > 0:
        return f"in {days} days"
    if days == 0:
        return "today"
    return "passed"


def format_status(deal: Deal, on: _dt.date | str, *, ascii_only: bool = False) -> str:
    """Where everything stood at the end of ``on``: the deal, its terms, each bid,
    gate and mandate, the rules in force and what they say of the terms."""
    g = _Glyphs(ascii_only)
    day = as_date(on)
    # a report only reads: at or after the last event the deal itself is the past
    past = deal if deal.clock is not None and day >= deal.clock else deal.fork(day)
    if past.state is None:
        return f"Nothing had happened by {day}: the case opens on {deal.journal[0].date}."
    st: Status = past.status()
    history = past.history
    jurisdictions = {p.name: p.jurisdiction for p in st.parties}
    lines = [f"{st.target} on {day} (sold by {st.seller}; last event {past.clock})", ""]

    last = _last_changes(history, day)

    def since(machine: str) -> str:
        date = last.get(machine)
        return f"since {date}" if date is not None else ""

    lines.append(f"  {'deal':<12} {_state(st.state):<24} {since('deal')}".rstrip())
    if st.terms is not None:
        lines.append("  terms")
        lines += [f"    {x}" for x in _terms_lines(st.terms, jurisdictions)]
    if st.bids:
        lines.append("  bids")
        w = max(len(b.bid) for b in st.bids)
        for b in st.bids:
            who = " + ".join(b.bidders)
            lines.append(f"    {b.bid:<{w}}  {_state(b.state):<12} {since('bid ' + b.bid):<17} by {who}")
    lines.append("  approval gates")
    w = max((len(gs.regulator) for gs in st.gates), default=8)
    for gs in st.gates:
        detail = []
        if gs.state == "under_review" and gs.review_due is not None:
            detail.append(f"review due {gs.review_due} ({_deadline_note(gs.review_due, day)})")
        review = next((r for r in st.reviews if r.regulator == gs.regulator), None)
        if gs.state == "under_review" and gs.review_due is None and review is not None:
            clock = "not started" if review.pending else f"stopped since {review.stopped_since}"
            detail.append(f"{review.phase_title}: clock {clock}")
        if gs.conditions:
            detail.append("on conditions " + ", ".join(str(c) for c in sorted(gs.conditions)))
        if gs.terms is not None and st.terms is not None and gs.terms != st.terms:
            detail.append(f"of other terms ({gs.terms.entity})")
        referral = past.referral(gs.regulator)
        if referral is not None:
            detail.append(str(referral))
        found = past.findings(gs.regulator)
        if found:
            detail.append(f"last step: {found[-1]}")
        lines.append(
            f"    {gs.regulator:<{w}}  {_state(gs.state):<22} {since('gate ' + gs.regulator):<17} {'; '.join(detail)}".rstrip()
        )
    lines += _agreement_status_lines(st)
    if st.mandates:
        lines.append("  mandates")
        w = max(len(m.mandate) for m in st.mandates)
        for m in st.mandates:
            parts = [f"deadline {m.deadline} ({_deadline_note(m.deadline, day)})"]
            if m.deadline != m.original_deadline:
                parts.append(f"extended from {m.original_deadline}")
            if m.state == "suspended" and m.paused_until is not None:
                parts.append(f"not enforced until {m.paused_until}")
            if m.qualified_terms is not None:
                parts.append("a qualified divestiture is determined")
            lines.append(
                f"    {m.mandate:<{w}}  {_state(m.state):<10} {since('mandate ' + m.mandate):<17} {'; '.join(parts)}"
            )
            if m.description:
                lines.append(f"    {'':<{w}}  {m.description}")
    lines += court_and_order_lines(st, history, day)
    lines.append("  rules in force")
    if not st.rules:
        lines.append("    none")
    w = max((len(r.regulator) for r in st.rules), default=0)
    for r in st.rules:
        lines.append(f"    {r.regulator:<{w}}  {r.name} (since {r.enacted_on}): {_rule_text(r.rule)}")
    if st.terms is not None:
        lines.append("  what each regulator's rules say of these terms")
        w = max((len(gs.regulator) for gs in st.gates), default=8)
        for gs in st.gates:
            if gs.state == "not_required":
                continue
            lines.append(f"    {gs.regulator:<{w}}  {_verdict_text(past.verdict(gs.regulator, on=day))}")
    return "\n".join(lines).replace(" ·", g.dot)


def _rule_text(rule: Rule) -> str:
    spec = rule.to_spec()
    name = spec.pop("rule", None)
    if name is None:
        return str(spec)
    params = ", ".join(f"{k}={'/'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in spec.items())
    return f"{name}({params})"


def _verdict_text(verdict: Verdict) -> str:
    text = str(verdict.outcome)
    if verdict.conditions:
        text += " (" + ", ".join(str(c) for c in sorted(verdict.conditions)) + ")"
    if verdict.reasons:
        text += ": " + "; ".join(verdict.reasons)
    return text


# ---------------------------------------------------------------------- decisions


@attrs.frozen
class DecisionCheck:
    """A recorded regulator decision against what the rules in force said.

    ``finding`` is ``"agrees"``, ``"stricter"`` (the regulator decided worse for
    the deal than its rules asked: blocked, or imposed conditions no rule asked
    for) or ``"more lenient"`` (it let pass what its rules made conditional or
    blocked).
    """

    position: int
    date: _dt.date
    regulator: str
    decided: Outcome
    conditions: frozenset[Condition]
    rules: tuple[str, ...]
    expected: Verdict
    finding: str
    explanation: str

    @property
    def agrees(self) -> bool:
        return self.finding == "agrees"


_DECISIONS = (ev.Approved, ev.ConditionallyApproved, ev.Blocked)


def check_decisions(events: Iterable[ev.Event]) -> tuple[DecisionCheck, ...]:
    """Check each recorded decision (approved, conditionally approved, blocked)
    against the rules its regulator had in force on its date, on the terms then
    under consideration.  ``events`` is a journal (``deal.journal``)."""
    deal = Deal()
    out: list[DecisionCheck] = []
    check = decision_checker(out)
    with paused_gc():
        for position, event in enumerate(events):
            check(deal, position, event)
            deal.apply(event)
    return tuple(out)


def decision_checker(out: list[DecisionCheck]) -> Callable[[Deal, int, ev.Event], None]:
    """A hook for a replay (``Case.replay_until(..., before=...)``): called with
    the deal as each event finds it, it appends the check of each decision to
    ``out``, so that the check costs no replay of its own."""

    known: dict[tuple[object, ...], tuple[Terms, Outcome, str, str]] = {}  # a case repeats its decisions
    checked: dict[type, int] = {}  # by event class: 0 no check, 1 a decision, 2 an order or a ruling

    def check(deal: Deal, position: int, event: ev.Event) -> None:
        cls = type(event)
        what = checked.get(cls)
        if what is None:  # (once per class: most events are neither, and are passed over at one lookup)
            what = checked[cls] = 1 if issubclass(cls, _DECISIONS) else 2 if cls in _COURT_AND_ORDER else 0
        if what == 1:
            if deal.terms is not None:
                out.append(_check_one(deal, position, event, known))  # type: ignore[arg-type]  # a decision
        elif what == 2:  # orders and court rulings (courts and orders)
            found = _check_court_or_order(deal, position, event)
            if found is not None:
                out.append(found)

    return check


def _check_one(
    deal: Deal,
    position: int,
    event: ev.Approved | ev.ConditionallyApproved | ev.Blocked,
    known: dict[tuple[object, ...], tuple[Terms, Outcome, str, str]],
) -> DecisionCheck:
    """The check of one decision.  ``known`` keeps the findings already made, by
    everything a finding depends on: the decision (its kind, regulator,
    conditions, reason and note), the rules in force and their verdict, and the
    terms (the same object: a case's reader shares equal terms)."""
    reg = event.regulator
    terms = deal.terms
    assert terms is not None
    # Deal.verdict without its checks for a known regulator (the event's date is a date); an
    # unknown one is refused by Deal.verdict, naming it
    expected = deal._verdict(reg, terms, event.date) if reg in deal._parties else deal.verdict(reg, on=event.date)
    rules = _rule_names(deal, reg)
    conds: frozenset[Condition] = getattr(event, "conditions", frozenset())
    key = (type(event), reg, conds, getattr(event, "reason", ""), event.note, rules, expected, id(terms))
    found = known.get(key)
    if found is None:  # (the terms kept in ``known`` keep their id from being reused)
        found = known[key] = (terms, *_finding(event, reg, terms, expected, rules, conds))
    _, decided, finding, explanation = found
    return DecisionCheck(position, event.date, reg, decided, conds, rules, expected, finding, explanation)


def _finding(
    event: ev.Approved | ev.ConditionallyApproved | ev.Blocked,
    reg: str,
    terms: Terms,
    expected: Verdict,
    rules: tuple[str, ...],
    conds: frozenset[Condition],
) -> tuple[Outcome, str, str]:
    """What was decided, how it compares with ``expected`` and the explanation."""
    decided = (
        Outcome.BLOCK
        if isinstance(event, ev.Blocked)
        else Outcome.CONDITIONAL
        if isinstance(event, ev.ConditionallyApproved)
        else Outcome.APPROVE
    )
    met = {c for c in conds | expected.conditions if condition_met_by(terms, c)}
    asked = expected.conditions - met  # what the rules ask that the terms do not give already
    imposed = conds - met  # what the regulator asked that the terms do not give already
    wanted = Outcome.APPROVE if expected.outcome is Outcome.CONDITIONAL and not asked else expected.outcome
    effective = Outcome.APPROVE if decided is Outcome.CONDITIONAL and not imposed else decided
    missing, extra = asked - conds, imposed - asked
    if effective < wanted:
        finding = "stricter"
    elif effective > wanted or (effective is Outcome.CONDITIONAL and missing):
        finding = "more lenient"
    elif effective is Outcome.CONDITIONAL and extra:
        finding = "stricter"
    else:
        finding = "agrees"
    said = f"its rules in force ({', '.join(rules)})" if rules else f"no rule of {reg}'s was in force, which"
    rule_view = f"{said} said: {_verdict_text(expected)}"
    recorded = _decision_text(event)
    if finding == "agrees":
        explanation = f"{recorded}; {rule_view}"
        if conds and not imposed:
            explanation += "; its conditions are met by the terms themselves"
    elif finding == "stricter":
        beyond = (
            "a block"
            if effective is Outcome.BLOCK
            else f"conditions no rule asked for ({', '.join(str(c) for c in sorted(extra))})"
        )
        explanation = f"{recorded}, but {rule_view}. A decision beyond the rules: {beyond}"
    else:
        absent = ", ".join(str(c) for c in sorted(missing)) or str(expected.outcome)
        explanation = f"{recorded}, but {rule_view}. Not imposed: {absent}"
    why = ". ".join(x.rstrip(".") for x in (getattr(event, "reason", ""), event.note) if x)
    if finding != "agrees" and why:
        explanation += f". Recorded: {why}."
    return decided, finding, explanation


def _rule_names(deal: Deal, regulator: str) -> tuple[str, ...]:
    """The names of ``regulator``'s rules in force, in the order enacted, without
    building the whole status (which lists every bid: quadratic over a journal)."""
    return tuple(deal._rules.get(regulator, {}))


def _decision_text(event: ev.Event) -> str:
    if isinstance(event, ev.Blocked):
        return f"{event.regulator} blocked"
    if isinstance(event, ev.ConditionallyApproved):
        return f"{event.regulator} approved on conditions ({', '.join(str(c) for c in sorted(event.conditions))})"
    assert isinstance(event, ev.Approved)
    return f"{event.regulator} approved"


def format_checks(checks: Sequence[DecisionCheck], *, width: int | None = None, ascii_only: bool = False) -> str:
    """The decision check as text, disagreements counted at the end."""
    g = _Glyphs(ascii_only)
    total = _width(width)
    lines = ["Recorded regulator decisions against the rules in force", ""]
    if not checks:
        lines.append("  no decisions recorded")
    wrapped: dict[str, list[str]] = {}  # a case repeats its explanations: each is wrapped once
    for c in checks:
        mark = g.ok if c.agrees else g.bad
        head = f"  {mark} {c.date}  {c.regulator:<10}  {c.finding}"
        lines.append(head)
        body = wrapped.get(c.explanation)
        if body is None:
            body = wrapped[c.explanation] = wrap(c.explanation, total - 6, "      ")
        lines += body
    bad = [c for c in checks if not c.agrees]
    lines.append("")
    lines.append(
        f"  {len(checks)} decisions, {len(checks) - len(bad)} agree with the rules, {len(bad)} disagree"
        + (": " + ", ".join(f"{c.regulator} {c.date} ({c.finding})" for c in bad) if bad else "")
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------- the end


def _walk(rule: Rule) -> Iterator[Rule]:
    yield rule
    if isinstance(rule, (AllOf, AnyOf)):
        for r in rule.rules:
            yield from _walk(r)
    elif isinstance(rule, Not):
        yield from _walk(rule.rule)


def control_tests(deal: Deal) -> tuple[tuple[str, str, Fraction, Verdict], ...]:
    """Each foreign-adversary control rule in force, evaluated on the deal's
    terms over the ownership graph (cap table and holding chains): the
    regulator, the rule's name, the adversaries' effective share and the verdict."""
    terms = deal.terms
    if terms is None or deal.clock is None:
        return ()
    ctx = RuleContext(deal.clock, deal.parties)
    out = []
    for enacted in deal.status().rules:
        for rule in _walk(enacted.rule):
            if isinstance(rule, ForeignAdversaryControl):
                share = adversary_share(terms, ctx, rule.adversaries)
                out.append((enacted.regulator, enacted.name, share, rule.evaluate(terms, ctx)))
    return tuple(out)


def _agreement_end_lines(st: Status, *, settlement: bool = True) -> list[str]:
    """How the signed agreement ended, when it ended otherwise than the deal did, and who owes what."""
    out = []
    c = st.contract
    if c is not None and c.ended and c.ended != st.state:
        how = {"mutual": "by mutual consent"}.get(c.trigger, f"({c.trigger.replace('_', ' ')})" if c.trigger else "")
        under = f", section {c.section}" if c.section else ""
        out += ["", f"  the agreement: {c.ended} on {c.ended_on} {how}{under}".rstrip()]
    if settlement and st.settlement:
        out += ["", "  settlement"] + [f"    {p}" for p in st.settlement]
    return out


def format_end(deal: Deal, *, ascii_only: bool = False) -> str:
    """How the case ended: the deal's final state and date, the terms it closed
    on with their cap table, each control test and each mandate."""
    g = _Glyphs(ascii_only)
    st = deal.status()
    closed = next((c.date for c in reversed(deal.history) if c.machine == "deal" and c.after == st.state), None)
    lines = [f"The end: {st.target} {_state(st.state)} on {closed or deal.clock}", ""]
    jurisdictions = {p.name: p.jurisdiction for p in st.parties}
    if st.terms is not None:
        lines += [f"  {x}" for x in _terms_lines(st.terms, jurisdictions)]
    lines += _agreement_end_lines(st, settlement=False)  # the settlement closes the end, below
    for regulator, name, _share, verdict in control_tests(deal):
        mark = g.ok if verdict.outcome is Outcome.APPROVE else g.bad
        result = "passes" if verdict.outcome is Outcome.APPROVE else "fails"
        lines.append("")
        lines.append(f"  {mark} {regulator}: {name} {result} on the ownership graph")
        lines += [f"      {r}" for r in verdict.reasons]
    if st.mandates:
        lines.append("")
        lines.append("  mandates")
        w = max(len(m.mandate) for m in st.mandates)
        last = _last_changes(deal.history, deal.clock or _dt.date.max)
        for m in st.mandates:
            since = last.get(f"mandate {m.mandate}")
            lines.append(f"    {m.mandate:<{w}}  {_state(m.state):<10} since {since}")
    more = court_and_order_lines(st, deal.history, deal.clock or _dt.date.max)
    if more:
        lines += ["", *more]
    lines += _settlement_and_obligation_lines(deal)
    return "\n".join(lines)


def _agreement_status_lines(st: Status) -> list[str]:
    """The status report's lines for the signed agreement (outside date, its option, the
    go-shop) and the party approvals (votes)."""
    lines: list[str] = []
    c = st.contract
    if c is not None:
        parts = [f"signed {c.signed_on}"]
        if c.outside_date is not None:
            times = f", extended {c.extensions} time{'s' if c.extensions != 1 else ''}" if c.extensions else ""
            parts.append(f"outside date {c.outside_date}{times}")
        if c.option is not None:
            parts.append(f"extendable by notice to {c.option.to}")
        if c.contract.go_shop_ends is not None:
            ended = ""
            if c.go_shop_ended is not None:
                drew = f"{c.go_shop_proposals} rival proposal(s)" if c.go_shop_proposals else "no rival proposal"
                ended = f" (ended: {drew})"
            parts.append(f"go-shop to {c.contract.go_shop_ends}{ended}")
        if c.ended:
            how = {"mutual": " by mutual consent"}.get(
                c.trigger, f" ({c.trigger.replace('_', ' ')})" if c.trigger else ""
            )
            under = f", section {c.section}" if c.section else ""
            parts.append(f"{c.ended} on {c.ended_on}{how}{under}")
        lines += ["  agreement", "    " + "; ".join(parts)]
    if st.settlement:
        lines += ["  settlement", *(f"    {p}" for p in st.settlement)]
    if st.approvals:
        lines.append("  party approvals")
        w = max(len(a.approval) for a in st.approvals)
        for a in st.approvals:
            support = f" ({format_fraction(a.support * 100)}% in favour)" if a.support is not None else ""
            when = f" on {a.decided_on}" if a.decided_on is not None else ""
            lines.append(f"    {a.approval:<{w}}  {_state(a.state)}{when}{support}")
    return lines


def _settlement_and_obligation_lines(deal: Deal) -> list[str]:
    """What the end leaves owing (the settlement) and the remedies that still bind (obligations)."""
    lines: list[str] = []
    payments = deal.settlement()
    if payments:
        lines += ["", "  settlement", *(f"    {p}" for p in payments)]
    obligations = deal.obligations()
    if obligations:
        lines += ["", "  obligations that survive the close" if deal.state == "closed" else "  obligations"]
        for o in obligations:
            term = f", {o.years} years" if o.years else ""
            lines.append(f"    {o.remedy} ({o.nature}{term}, to {o.regulator})")
    return lines


# ---------------------------------------------------------------------- orders and rulings

_COURT_AND_ORDER = (OrderIssued, RulingIssued)


def _regulator_for(deal: Deal, party: str, explicit: str | None = None) -> str | None:
    """Whose rules an order or a ruling is held against: the one named, the party
    itself when it is a regulator, else the regulator of its jurisdiction."""
    parties = deal.parties
    if explicit is not None:
        return explicit
    p = parties.get(party)
    if p is None:
        return None
    if p.role is Role.REGULATOR:
        return p.name
    return next(
        (q.name for q in parties.values() if q.role is Role.REGULATOR and q.jurisdiction == p.jurisdiction), None
    )


def _terms_of(deal: Deal, acquirers: tuple[str, ...]) -> Terms | None:
    """The terms a prohibition is about: the latest bid by the acquirers, else the deal's."""
    bids = [b for b in deal.status().bids if set(b.bidders) & set(acquirers)]
    return bids[-1].terms if bids else deal.terms


def _check_court_or_order(deal: Deal, position: int, event: ev.Event) -> DecisionCheck | None:
    """A prohibition or divestiture order (a block of the terms), or a court's ruling,
    against the rules in force of the regulator it answers to.  A ruling in a suit
    against the deal or a bid is a block (for the plaintiff) or an approval of the
    terms; a ruling on an order asks whether the order stands on rules in force."""
    if isinstance(event, OrderIssued):
        if event.category not in ("prohibition", "divestiture"):
            return None
        reg = _regulator_for(deal, event.actor, event.regulator)
        terms = _terms_of(deal, event.acquirers) if event.category == "prohibition" else deal.terms
        recorded = f"{event.actor}'s {event.category} order {event.order!r}"
        decided = Outcome.BLOCK
    else:
        assert isinstance(event, RulingIssued)
        suit = deal._suits.get(event.suit)
        if suit is None:
            return None
        terms = deal.terms
        if suit.against == "order":
            target = deal._orders.get(suit.target)
            issuer = target.e.actor if target is not None else deal._mandates[suit.target].issuer
            reg = _regulator_for(deal, issuer, target.e.regulator if target is not None else None)
            if reg is None:
                return None
            rules = tuple(r.name for r in deal.status().rules_of(reg))
            stands = not event.for_plaintiff
            finding = "agrees" if stands == bool(rules) else ("stricter" if stands else "more lenient")
            said = f"{reg}'s rules in force ({', '.join(rules)})" if rules else f"no rule of {reg}'s was in force"
            verb = "upholds" if stands else "sets aside"
            explanation = f"{event.actor} {verb} order {suit.target!r} (suit {suit.suit!r}); {said}"
            if finding != "agrees":
                explanation += ": an order " + (
                    "upheld without a rule behind it" if stands else "set aside though rules back it"
                )
            expected = Verdict(Outcome.BLOCK if rules else Outcome.APPROVE, reasons=rules)
            decided = Outcome.BLOCK if stands else Outcome.APPROVE
            return DecisionCheck(position, event.date, reg, decided, frozenset(), rules, expected, finding, explanation)
        reg = _regulator_for(deal, suit.plaintiff) or _regulator_for(deal, event.actor)
        decided = Outcome.BLOCK if event.for_plaintiff else Outcome.APPROVE
        what = "the deal" if suit.against == "deal" else f"bid {suit.target!r}"
        recorded = f"{event.actor} ruled {'for' if event.for_plaintiff else 'against'} {suit.plaintiff} on {what}"
    if reg is None or terms is None:
        return None
    expected = deal.verdict(reg, terms, on=event.date)
    rules = tuple(r.name for r in deal.status().rules_of(reg))
    wanted = Outcome.APPROVE if expected.outcome is Outcome.CONDITIONAL else expected.outcome
    if decided < wanted:
        finding = "stricter"
    elif decided > wanted:
        finding = "more lenient"
    else:
        finding = "agrees"
    said = f"its rules in force ({', '.join(rules)})" if rules else f"no rule of {reg}'s was in force, which"
    explanation = f"{recorded}; {said} said: {_verdict_text(expected)}"
    return DecisionCheck(position, event.date, reg, decided, frozenset(), rules, expected, finding, explanation)


def court_and_order_lines(st: Status, history: Sequence[Change], day: _dt.date) -> list[str]:
    """The status report's lines for suits, orders, agreements and special rights
    (none when the deal has none)."""
    lines: list[str] = []
    last = _last_changes(history, day) if st.suits or st.orders else {}
    if st.suits:
        lines.append("  suits")
        w = max(len(s.suit) for s in st.suits)
        for s in st.suits:
            since = last.get(f"suit {s.suit}")
            what = "the deal" if s.against == "deal" else f"{s.against} {s.target}"
            relief = f"; {s.relief} in force" if s.relief else ""
            lines.append(
                f"    {s.suit:<{w}}  {_state(s.state):<10} since {since}  {s.plaintiff} v. {what} in {s.court}{relief}"
            )
    if st.orders:
        lines.append("  orders")
        w = max(len(o.order) for o in st.orders)
        for o in st.orders:
            since = last.get(f"order {o.order}")
            what = o.category
            if o.acquirers:
                what += " of " + ", ".join(o.acquirers) + " and substantial equivalents"
            if o.forbids:
                what += ": forbids " + ", ".join(f.replace("_", " ") for f in o.forbids)
            if o.assets:
                what += ": " + ", ".join(o.assets)
            if o.deadline is not None:
                what += f", by {o.deadline}"
            if o.effective is not None and o.effective > o.issued_on:
                what += f", effective {o.effective}"
            lines.append(f"    {o.order:<{w}}  {_state(o.state):<10} since {since}  {what} (by {o.issuer})")
    if st.agreements:
        lines.append("  agreements")
        for a in st.agreements:
            breaches = f"; breached: {', '.join(a.breaches)}" if a.breaches else ""
            lines.append(
                f"    {a.agreement}  {_state(a.state)}  {a.kind.replace('_', ' ')} with {a.government}: "
                + "; ".join(a.obligations)
                + breaches
            )
    if st.rights:
        lines.append("  special rights")
        for r in st.rights:
            parts = []
            if r.consent_over:
                parts.append("consent over " + ", ".join(sorted(a.replace("_", " ") for a in r.consent_over)))
            if r.listed_assets:
                parts.append("listed: " + ", ".join(sorted(r.listed_assets)))
            if r.appoints_directors:
                parts.append(f"appoints {r.appoints_directors} director(s)")
            if r.director_nationality:
                parts.append(f"directors of {r.director_nationality}")
            if r.officer_nationality:
                parts.append(f"officers of {r.officer_nationality}")
            lines.append(f"    {r.rights} of {r.holder}: " + "; ".join(parts))
    return lines
