"""A replay as one self-contained web page (``dealflow replay FILE --html OUT``).

The page holds its styles, script and data inline and loads nothing from the
network (its content security policy forbids it), so it opens from disk and can
be sent as one file.  It draws the timeline as plain SVG with a small script of
its own: a lane per machine of the deal's history (the deal, each bid, gate and
mandate, and any machine kind added later, read from the ``Change.machine``
labels), states as bands, events as marks; zoom and pan over a time axis whose
quiet stretches are compressed.  An event's details (date, actor, what it
changed, note, source, whether it is verified) open on hover, focus, click,
Enter or Space.  Clicking a date shows where everything stood that day: the text
of :func:`dealflow._report.format_status`, the same as ``replay --on DATE``,
precomputed here as one template per stretch between events (only the date and
the "in N days" of deadlines change inside a stretch) and checked against
``format_status`` while the page is built.  Below: the decision check and the
end, with the cap table as a chart.

No charting library: Vega-Lite's bundle (with Vega) weighs about 0.8 MB and
plotly's 3.5 MB or more, and both draw marks that a keyboard cannot reach; the
TikTok page weighs about 140 KB.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from fractions import Fraction
from typing import Any

from ._deal import Deal
from ._errors import InputError
from ._plot import STATE_COLOURS, time_axis
from ._report import check_decisions, format_end, format_status, timeline
from ._values import format_fraction

__all__ = ["contrast", "deal_html", "fill_template", "page_status", "status_template"]

_EPOCH = _dt.date(1970, 1, 1).toordinal()
_KIND_RANK = {"deal": 0, "bid": 1, "gate": 2, "mandate": 3}
# colours for states outside STATE_COLOURS (machine kinds added later), picked by name
_SPARE = ("#c7b8e6", "#f4b6c2", "#b9e3d5", "#f7d08a", "#a6cee3", "#d9c2a7", "#cfd8dc", "#e0bbe4")
# a colour per jurisdiction in the cap table chart, all at least 3:1 against white
_HOLDER_COLOURS = ("#1f5fa8", "#b3471d", "#2e7d32", "#7b3fa0", "#8a6d00", "#00737a", "#a8326a", "#4e5b6e")
_NOTE = re.compile(r"(\d{4}-\d{2}-\d{2}) \((in \d+ days|today|passed)\)")

Template = list[Any]  # literal strings and tokens: ["day"] or ["due", "YYYY-MM-DD"]


# ---------------------------------------------------------------------- status


def _note(deadline: _dt.date, day: _dt.date) -> str:
    """How far a deadline is from ``day``: the page's script says the same."""
    days = (deadline - day).days
    return f"in {days} days" if days > 0 else "today" if days == 0 else "passed"


def _to_template(text: str, day: _dt.date) -> Template:
    """``text`` (the status on ``day``) with the day and the deadlines' distances as tokens."""
    tokens: list[tuple[int, int, list[str]]] = []
    first_line = text.find("\n") if "\n" in text else len(text)
    at = text.find(day.isoformat(), 0, first_line)
    if at >= 0:
        tokens.append((at, at + 10, ["day"]))
    for m in _NOTE.finditer(text):
        deadline = _dt.date.fromisoformat(m[1])
        if m[2] == _note(deadline, day):
            tokens.append((m.start(2), m.end(2), ["due", m[1]]))
    parts: Template = []
    pos = 0
    for start, end, token in sorted(tokens):
        if start < pos:
            continue
        parts += [text[pos:start], token]
        pos = end
    parts.append(text[pos:])
    return [p for p in parts if p != ""]


def fill_template(parts: Template, day: _dt.date) -> str:
    """The status text on ``day`` from a template (what the page's script does)."""
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif p[0] == "day":
            out.append(day.isoformat())
        else:
            out.append(_note(_dt.date.fromisoformat(p[1]), day))
    return "".join(out)


def page_status(blocks: list[dict[str, Any]], day: _dt.date) -> str | None:
    """The status text the page shows on ``day`` from its blocks (what its script does)."""
    block = None
    for b in blocks:
        if _dt.date.fromisoformat(b["from"]) <= day:
            block = b
    if block is None:
        return None
    if "texts" in block:
        text: str | None = block["texts"].get(day.isoformat())
        return text
    return fill_template(block["parts"], day)


def status_template(deal: Deal, start: _dt.date, end: _dt.date, *, ascii_only: bool = False) -> dict[str, Any]:
    """The status on every day from ``start`` to ``end`` (no event between them
    but on ``start``) as one template, checked against ``format_status`` on the
    first and last day and on each deadline between; where the check fails, the
    text of each day instead."""
    text = format_status(deal, start, ascii_only=ascii_only)
    parts = _to_template(text, start)
    checks = {end} | {
        _dt.date.fromisoformat(p[1]) + _dt.timedelta(days=k)
        for p in parts
        if isinstance(p, list) and p[0] == "due"
        for k in (-1, 0, 1)
    }
    if all(
        fill_template(parts, day) == format_status(deal, day, ascii_only=ascii_only)
        for day in sorted(checks)
        if start < day <= end
    ):
        return {"from": start.isoformat(), "parts": parts}
    days = (end - start).days
    texts = {
        (start + _dt.timedelta(days=k)).isoformat(): format_status(
            deal, start + _dt.timedelta(days=k), ascii_only=ascii_only
        )
        for k in range(days + 1)
    }
    return {"from": start.isoformat(), "texts": texts}


# ---------------------------------------------------------------------- data


def _lanes(deal: Deal) -> list[str]:
    order: list[str] = []
    for change in deal.history:
        if change.machine not in order:
            order.append(change.machine)
    kinds: list[str] = []
    for machine in order:
        kind = machine.split(" ", 1)[0]
        if kind not in kinds:
            kinds.append(kind)
    rank = {k: (_KIND_RANK.get(k, len(_KIND_RANK)), i) for i, k in enumerate(kinds)}
    return sorted(order, key=lambda m: (rank[m.split(" ", 1)[0]], order.index(m)))


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _state_colour(state: str) -> dict[str, str]:
    """A band's fill (the plot's colour, darkened where neither black nor white
    text on it would reach WCAG AA's 4.5:1) and the ink of its label."""
    fill = STATE_COLOURS.get(state) or _SPARE[sum(map(ord, state)) % len(_SPARE)]
    while max(contrast(fill, "#111111"), contrast(fill, "#ffffff")) < 4.5:
        fill = "#" + "".join(f"{int(int(fill[i : i + 2], 16) * 0.94):02x}" for i in (1, 3, 5))
    ink = "#111111" if contrast(fill, "#111111") >= contrast(fill, "#ffffff") else "#ffffff"
    return {"fill": fill, "ink": ink}


def _state(state: str | None) -> str:
    return "-" if state is None else state.replace("_", " ")


def _source(event: Any) -> dict[str, Any] | None:
    src = event.source
    if src is None:
        return None
    url = src.url if re.match(r"https?://", src.url or "", re.IGNORECASE) else ""
    return {"number": src.number, "url": url, "title": src.title or src.url}


def _page_data(deal: Deal, title: str, ascii_only: bool) -> dict[str, Any]:
    assert deal.clock is not None
    arrow = "->" if ascii_only else "→"
    entries = timeline(deal)
    status = deal.status()
    start = deal.journal[0].date
    lanes = _lanes(deal)

    lines: list[dict[str, Any]] = []
    for m in status.mandates:
        lane = f"mandate {m.mandate}"
        lines.append({"lane": lane, "date": m.original_deadline.isoformat(), "kind": "deadline"})
        if m.deadline != m.original_deadline:
            lines.append({"lane": lane, "date": m.deadline.isoformat(), "kind": "extended"})
        if m.paused_until is not None:
            lines.append({"lane": lane, "date": m.paused_until.isoformat(), "kind": "paused"})
    for e in deal.journal:
        target = getattr(e, "until", None) or getattr(e, "to", None)
        lane = f"mandate {getattr(e, 'mandate', '')}"
        if isinstance(target, _dt.date) and lane in lanes:
            kind = "paused" if getattr(e, "until", None) else "extended"
            line = {"lane": lane, "date": target.isoformat(), "kind": kind}
            if line not in lines:
                lines.append(line)
    lines = [x for x in lines if x["lane"] in lanes]

    marks = [e.date for e in deal.journal] + [_dt.date.fromisoformat(x["date"]) for x in lines]
    last = max([*marks, deal.clock]) + _dt.timedelta(days=20)
    knots = time_axis([*marks, last])

    spans: dict[str, list[tuple[_dt.date, str]]] = {}
    for change in deal.history:
        spans.setdefault(change.machine, []).append((change.date, change.after))
    bands = []
    for lane, steps in spans.items():
        for i, (since, state) in enumerate(steps):
            until = steps[i + 1][0] if i + 1 < len(steps) else last
            if until > since:
                bands.append({"lane": lane, "from": since.isoformat(), "to": until.isoformat(), "state": state})
    used = sorted(
        {b["state"] for b in bands}, key=lambda s: (list(STATE_COLOURS).index(s) if s in STATE_COLOURS else 99, s)
    )

    events = []
    for entry in entries:
        e = entry.event
        changed = []
        for c in entry.changes:
            before = "" if c.before is None else _state(c.before) + " "
            changed.append({"lane": c.machine, "text": f"{c.machine}: {before}{arrow} {_state(c.after)}"})
        events.append(
            {
                "date": e.date.isoformat(),
                "shown": e.dated(),
                "actor": e.actor,
                "kind": e.kind,
                "what": e.describe(),
                "changes": changed,
                "state": bool(e.changes_state),
                "note": e.note,
                "source": _source(e),
                "verified": bool(e.verified),
            }
        )

    dates = sorted({e.date for e in deal.journal})
    statuses = []
    for i, day in enumerate(dates):
        end = dates[i + 1] - _dt.timedelta(days=1) if i + 1 < len(dates) else last
        statuses.append(status_template(deal, day, end, ascii_only=ascii_only))

    return {
        "title": title,
        "start": start.isoformat(),
        "end": last.isoformat(),
        "clock": deal.clock.isoformat(),
        "knots": [[d - _EPOCH, x] for d, x in knots],
        "lanes": [{"id": lane, "kind": lane.split(" ", 1)[0], "name": lane.partition(" ")[2]} for lane in lanes],
        "bands": bands,
        "lines": lines,
        "events": events,
        "colours": {s: _state_colour(s) for s in used},
        "states": used,
        "status": statuses,
    }


# ---------------------------------------------------------------------- sections


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _checks_html(deal: Deal, ascii_only: bool) -> str:
    checks = check_decisions(deal.journal)
    ok, bad = ("ok", "!!") if ascii_only else ("✓", "✗")
    items = []
    for c in checks:
        mark = ok if c.agrees else bad
        cls = "agrees" if c.agrees else "disagrees"
        items.append(
            f'<li class="{cls}"><span class="mark" aria-hidden="true">{mark}</span> '
            f'<strong><button type="button" class="linkish" data-goto="{c.position}">{_e(c.date)}</button> '
            f'{_e(c.regulator)}</strong> <span class="finding">{_e(c.finding)}</span>'
            f"<p>{_e(c.explanation)}</p></li>"
        )
    disagree = [c for c in checks if not c.agrees]
    summary = f"{len(checks)} decisions, {len(checks) - len(disagree)} agree with the rules, {len(disagree)} disagree"
    if disagree:
        summary += ": " + ", ".join(f"{c.regulator} {c.date} ({c.finding})" for c in disagree)
    body = "".join(items) if items else "<li>no decisions recorded</li>"
    return f'<ul class="checks">{body}</ul><p class="summary">{_e(summary)}</p>'


def _cap_table_html(deal: Deal) -> str:
    terms = deal.terms
    if terms is None or not terms.cap_table:
        return ""
    jurisdictions = {p.name: p.jurisdiction for p in deal.status().parties}
    stakes = sorted(terms.cap_table, key=lambda s: (-s.share, s.holder))
    rows: list[tuple[str, Fraction, str]] = [(s.holder, s.share, jurisdictions.get(s.holder, "")) for s in stakes]
    rest = 1 - sum((s.share for s in stakes), Fraction(0))
    if rest:
        rows.append(("(not reported)", rest, ""))
    places = sorted({j for _h, _s, j in rows if j})
    colour = {j: _HOLDER_COLOURS[i % len(_HOLDER_COLOURS)] for i, j in enumerate(places)}
    out = []
    for holder, share, where in rows:
        pct = format_fraction(share * 100)
        fill = colour.get(where, "#8c8c8c")
        out.append(
            f'<tr><th scope="row">{_e(holder)}</th><td class="pct">{_e(pct)}%</td><td>{_e(where)}</td>'
            f'<td class="barcell"><span class="bar" style="width:{float(share) * 100:.2f}%;background:{fill}"></span></td></tr>'
        )
    caption = f"Cap table of {_e(terms.entity)} ({_e(str(terms.structure).replace('_', ' '))})"
    return (
        f'<table class="captable"><caption>{caption}</caption>'
        '<thead><tr><th scope="col">holder</th><th scope="col">stake</th><th scope="col">from</th>'
        '<th scope="col"><span class="sr">bar</span></th></tr></thead>'
        f"<tbody>{''.join(out)}</tbody></table>"
    )


def _end_html(deal: Deal, ascii_only: bool) -> str:
    chart = _cap_table_html(deal)
    if deal.is_final:
        head = "The end"
        text = format_end(deal, ascii_only=ascii_only)
    else:
        head = f"Where everything stood at the last event ({deal.clock})"
        assert deal.clock is not None
        text = format_status(deal, deal.clock, ascii_only=ascii_only)
    return f'<h2 id="end-h">{_e(head)}</h2>{chart}<pre class="text" tabindex="0">{_e(text)}</pre>'


# ---------------------------------------------------------------------- the page


def deal_html(deal: Deal, *, title: str | None = None, ascii_only: bool = False) -> str:
    """``deal``'s replay as one self-contained HTML page (styles, script and
    data inline, no network): the timeline with zoom and pan, each event's
    details, the status on any date (the text of ``replay --on DATE``), the
    decision check and the end with its cap table."""
    if deal.state is None or deal.clock is None:
        raise InputError("the deal has no events to show", field="--html", fix="replay a case first")
    name = title or f"{deal.target}: {deal.journal[0].date} to {deal.clock}"
    data = _page_data(deal, name, ascii_only)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    n_events = len(deal.journal)
    sub = (
        f"{deal.journal[0].date} to {deal.clock}: {n_events} events on {len(data['lanes'])} machines. "
        f"Made by dealflow from the case's sourced events; it loads nothing from the network."
    )
    return (
        _PAGE.replace("@TITLE@", _e(name))
        .replace("@SUB@", _e(sub))
        .replace("@CSS@", _CSS)
        .replace("@CHECKS@", _checks_html(deal, ascii_only))
        .replace("@END@", _end_html(deal, ascii_only))
        .replace("@DATA@", blob)
        .replace("@JS@", _JS)
    )


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>@TITLE@</title>
<style>@CSS@</style>
</head>
<body>
<header><h1>@TITLE@</h1><p class="sub">@SUB@</p></header>
<main>
<section id="timeline" aria-labelledby="tl-h">
<h2 id="tl-h">Timeline</h2>
<div class="toolbar" role="toolbar" aria-label="Zoom and pan the timeline">
<button type="button" id="zoom-out" aria-label="Zoom out">&minus;</button>
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="fit">Whole case</button>
<span id="years" class="years" aria-label="Zoom to a year"></span>
</div>
<p class="hint">Drag, or the arrow keys on the chart, to pan; pinch, Ctrl + wheel or the + and &minus; keys to zoom.
Click a date to see where everything stood that day. Tab to an event; Enter or Space opens it.</p>
<div id="chart" tabindex="0" role="group" aria-label="Timeline chart: a lane per machine, states as bands, events as marks. Arrow keys pan, + and - zoom, 0 shows the whole case.">
<svg id="svg" xmlns="http://www.w3.org/2000/svg"></svg>
<div id="tip" role="tooltip" hidden></div>
</div>
<div id="legend" aria-label="Legend"></div>
</section>
<div class="panels">
<section id="details" aria-labelledby="details-h">
<h2 id="details-h" tabindex="-1">Event</h2>
<div id="details-body"><p class="muted">Hover, focus or click an event to see its details here.</p></div>
</section>
<section id="status" aria-labelledby="status-h">
<h2 id="status-h">Where everything stood</h2>
<form id="day-form" class="dayform"><label for="day">Date</label> <input type="date" id="day" required> <button type="submit">Show</button></form>
<p id="status-said" class="muted" aria-live="polite"></p>
<pre id="status-text" class="text" tabindex="0"></pre>
</section>
</div>
<section id="checks" aria-labelledby="checks-h">
<h2 id="checks-h">Recorded regulator decisions against the rules in force</h2>
@CHECKS@
</section>
<section id="end" aria-labelledby="end-h">
@END@
</section>
</main>
<script type="application/json" id="dealflow-data">@DATA@</script>
<script>@JS@</script>
</body>
</html>
"""

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;overflow-wrap:break-word;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
header,main{max-width:1280px;margin:0 auto;padding:0 16px}
h1{font-size:1.45rem;margin:18px 0 4px}
h2{font-size:1.1rem;margin:22px 0 8px}
.sub,.muted,.hint{color:#4a4a4a}
.hint{font-size:.85rem;margin:4px 0 8px}
a{color:#0b57d0}
button{font:inherit;color:#1b1b1b;background:#f1f3f4;border:1px solid #6b6b6b;border-radius:4px;padding:3px 10px;min-height:30px;cursor:pointer}
button:hover{background:#e2e5e8}
:focus-visible{outline:3px solid #1a4fd6;outline-offset:2px}
.toolbar{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.years{display:flex;flex-wrap:wrap;gap:4px}
.years button{padding:3px 7px}
#chart{position:relative;border:1px solid #c4c4c4;border-radius:4px;overflow:hidden;touch-action:pan-y;user-select:none;-webkit-user-select:none}
#svg{display:block;width:100%;cursor:grab}
#svg.dragging{cursor:grabbing}
#svg text{font-size:12px;fill:#1b1b1b}
#svg .lane-kind{fill:#4a4a4a;font-size:11px}
#svg .tick{fill:#333;font-size:11px}
#svg .gap-label{fill:#4a4a4a;font-size:11px}
#svg .band-label{font-size:11px;pointer-events:none}
.ev{cursor:pointer}
.ev:focus{outline:none}
.ev .ring{fill:none;stroke:#1a4fd6;stroke-width:3;visibility:hidden}
.ev:focus .ring,.ev.sel .ring{visibility:visible}
.ev:hover .dot{stroke-width:2.5}
#tip{position:absolute;z-index:2;max-width:min(360px,90%);background:#1b1b1b;color:#fff;font-size:.85rem;padding:6px 8px;border-radius:4px;pointer-events:none}
#tip b{color:#fff}
#legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem;margin:8px 0}
#legend span{display:inline-flex;align-items:center;gap:5px}
#legend .sw{width:18px;height:12px;border:1px solid #6b6b6b;display:inline-block}
#legend svg{overflow:visible}
.panels{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:20px}
@media (max-width:800px){.panels{grid-template-columns:minmax(0,1fr)}}
#details dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 12px;margin:8px 0}
#details dt{font-weight:600}
#details dd{margin:0;overflow-wrap:anywhere}
#details ul{margin:0;padding-left:18px}
#details .what{font-size:1.05rem;margin:4px 0}
.unverified{color:#8a4b00;font-weight:600}
pre.text{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f7f8;border:1px solid #d0d0d0;border-radius:4px;padding:10px;overflow-x:auto;white-space:pre;max-width:100%}
.dayform{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.dayform input{font:inherit;padding:2px 6px;min-height:30px;border:1px solid #6b6b6b;border-radius:4px}
ul.checks{list-style:none;padding:0;margin:0}
ul.checks li{border-left:4px solid #2e7d32;padding:4px 10px;margin:8px 0;background:#f4f9f4}
ul.checks li.disagrees{border-left-color:#b00020;background:#fdf3f4}
ul.checks .mark{font-weight:700}
ul.checks li.agrees .mark{color:#1b6e2e}
ul.checks li.disagrees .mark{color:#b00020}
ul.checks .finding{font-style:italic}
ul.checks p{margin:2px 0 0}
.linkish{background:none;border:none;padding:0;min-height:0;color:#0b57d0;text-decoration:underline;font-weight:600}
.summary{font-weight:600}
table.captable{border-collapse:collapse;width:100%;max-width:760px;margin:8px 0 12px}
table.captable caption{text-align:left;font-weight:600;padding-bottom:6px}
table.captable th,table.captable td{padding:3px 8px 3px 0;text-align:left;vertical-align:middle}
table.captable th[scope=row]{font-weight:400;overflow-wrap:anywhere}
table.captable td.pct{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.captable td.barcell{width:45%}
table.captable .bar{display:block;height:14px;min-width:2px;border-radius:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (min-width:801px){pre.text{white-space:pre-wrap}}
@media (max-width:600px){body{font-size:14px}header,main{padding:0 10px}table.captable td.barcell{width:35%}}
"""

_JS = r"""
(function () {
"use strict";
var D = JSON.parse(document.getElementById("dealflow-data").textContent);
var NS = "http://www.w3.org/2000/svg";
var svg = document.getElementById("svg"), chart = document.getElementById("chart"), tip = document.getElementById("tip");
function dayNum(iso) { var p = iso.split("-"); return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / 864e5); }
function isoOf(n) { return new Date(n * 864e5).toISOString().slice(0, 10); }
function el(name, attrs, parent) {
  var e = document.createElementNS(NS, name);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function h(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
var KD = D.knots.map(function (k) { return k[0]; }), KX = D.knots.map(function (k) { return k[1]; });
function interp(v, xs, ys) {
  var n = xs.length;
  if (v <= xs[0]) return ys[0] + (v - xs[0]) * (n > 1 ? (ys[1] - ys[0]) / ((xs[1] - xs[0]) || 1) : 1);
  if (v >= xs[n - 1]) return ys[n - 1] + (v - xs[n - 1]) * (n > 1 ? (ys[n - 1] - ys[n - 2]) / ((xs[n - 1] - xs[n - 2]) || 1) : 1);
  var lo = 0, hi = n - 1;
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (xs[mid] <= v) lo = mid; else hi = mid; }
  return ys[lo] + (v - xs[lo]) * (ys[hi] - ys[lo]) / ((xs[hi] - xs[lo]) || 1);
}
function ax(dayN) { return interp(dayN, KD, KX); }           // day number -> axis units
function dayAt(a) { return interp(a, KX, KD); }              // axis units -> day number
var START = dayNum(D.start), END = dayNum(D.end), CLOCK = dayNum(D.clock);
var A0 = ax(START) - 6, A1 = ax(END);
var view = [A0, A1];

// ---- status on a date: the same text as `dealflow replay FILE --on DATE`
function note(deadline, day) {
  var n = dayNum(deadline) - dayNum(day);
  return n > 0 ? "in " + n + " days" : n === 0 ? "today" : "passed";
}
function statusText(iso) {
  var d = dayNum(iso), block = null;
  for (var i = 0; i < D.status.length; i++) if (dayNum(D.status[i].from) <= d) block = D.status[i];
  if (!block) return null;
  if (block.texts) return block.texts[iso] || null;
  return block.parts.map(function (p) {
    return typeof p === "string" ? p : p[0] === "day" ? iso : note(p[1], iso);
  }).join("");
}
window.dealflowStatus = statusText;

// ---- layout
var LANE_H = 24, LANE_GAP = 5, ROW_H = 14, AXIS_H = 30, MAX_ROWS = 6;
var lanes = D.lanes, laneIndex = {};
lanes.forEach(function (l, i) { laneIndex[l.id] = i; });
var labelW = 150, width = 800, rows = 1, selected = null, selectedEvent = null;
function kindOf(lane) { return lane.kind === "deal" ? "" : lane.kind; }

var defs = el("defs", {}, svg);
var clip = el("clipPath", { id: "plot-clip" }, defs);
var clipRect = el("rect", { x: 0, y: 0, width: 10, height: 10 }, clip);
var gLabels = el("g", {}, svg);
var plot = el("g", { "clip-path": "url(#plot-clip)" }, svg);
var gGaps = el("g", {}, plot), gGrid = el("g", {}, plot), gBands = el("g", {}, plot), gLines = el("g", {}, plot);
var gLaneMarks = el("g", { "aria-hidden": "true" }, plot), gCursor = el("g", { "aria-hidden": "true" }, plot), gEvents = el("g", {}, plot);
var gAxis = el("g", { "aria-hidden": "true" }, svg);

var eventsLabel = el("text", { x: 6 }, gLabels); eventsLabel.textContent = "events";
var laneLabels = lanes.map(function (l) {
  var t = el("text", { x: 6 }, gLabels);
  var k = kindOf(l), kind = null;
  if (k) { kind = el("tspan", { "class": "lane-kind" }, t); kind.textContent = k + " "; }
  var n = el("tspan", {}, t); n.textContent = l.kind === "deal" ? "deal" : l.name;
  el("title", {}, t).textContent = l.id;
  return { t: t, kind: kind, name: n, k: k, full: n.textContent };
});

var bands = D.bands.map(function (b) {
  var g = el("g", {}, gBands), c = D.colours[b.state];
  var r = el("rect", { fill: c.fill, stroke: "#fff", "stroke-width": 1 }, g);
  var t = el("text", { "class": "band-label", fill: c.ink, "text-anchor": "middle", "dominant-baseline": "central" }, g);
  t.textContent = b.state.replace(/_/g, " ");
  el("title", {}, g).textContent = b.lane + ": " + b.state.replace(/_/g, " ") + ", " + b.from + " to " + (b.to === D.end ? "the end" : b.to);
  return { b: b, g: g, r: r, t: t, d0: dayNum(b.from), d1: dayNum(b.to), lane: laneIndex[b.lane] };
});
var LINE_STYLE = { deadline: ["#b00020", 2, ""], extended: ["#b00020", 1.5, "5 3"], paused: ["#a04a00", 1.5, "2 2"] };
var lines = D.lines.map(function (x) {
  var s = LINE_STYLE[x.kind];
  var l = el("line", { stroke: s[0], "stroke-width": s[1], "stroke-dasharray": s[2] }, gLines);
  el("title", {}, l).textContent = x.lane + ": " + { deadline: "deadline", extended: "deadline extended to", paused: "not enforced until" }[x.kind] + " " + x.date;
  return { x: x, l: l, d: dayNum(x.date), lane: laneIndex[x.lane] };
});
var cursor = el("line", { stroke: "#1a4fd6", "stroke-width": 2 }, gCursor);

var laneMarks = [], evs = D.events.map(function (e, i) {
  var g = el("g", { "class": "ev", tabindex: 0, role: "button", "data-pos": i, "data-date": e.date }, gEvents);
  var fill = e.verified ? (e.state ? "#1b1b1b" : "#6b6b6b") : "#fff";
  var shape = e.state
    ? el("circle", { r: 5, "class": "dot", fill: fill, stroke: "#1b1b1b", "stroke-width": 1.5 }, g)
    : el("rect", { width: 9, height: 9, "class": "dot", fill: fill, stroke: "#1b1b1b", "stroke-width": 1.5 }, g);
  var ring = el("circle", { r: 8.5, "class": "ring" }, g);
  g.setAttribute("aria-label", e.date + ", " + e.actor + ": " + e.what + (e.verified ? "" : " (unverified)"));
  e.changes.forEach(function (c) {
    if (i === 0 || laneIndex[c.lane] === undefined) return;
    var m = el("path", { d: "M-4,-4 L4,-4 L0,2 Z", fill: "#1b1b1b", "data-pos": i, "class": "lane-mark" }, gLaneMarks);
    laneMarks.push({ m: m, i: i, lane: laneIndex[c.lane] });
  });
  return { e: e, i: i, g: g, shape: shape, ring: ring, d: dayNum(e.date), row: 0, x: 0, y: 0 };
});

function scale() { return (width - labelW) / (view[1] - view[0]); }
function px(dayN) { return labelW + (ax(dayN) - view[0]) * scale(); }
function laneY(i) { return AXIS_H + rows * ROW_H + 10 + i * (LANE_H + LANE_GAP); }

var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function render() {
  width = Math.max(280, chart.clientWidth);
  labelW = width < 600 ? 92 : 160;
  var s = scale();
  // events: pack marks into rows so that close ones do not overlap
  var lastX = [];
  evs.forEach(function (v) {
    v.x = px(v.d + 0.5);
    var row = -1;
    for (var r = 0; r < lastX.length; r++) if (v.x - lastX[r] >= 13) { row = r; break; }
    if (row < 0) {
      if (lastX.length < MAX_ROWS) { row = lastX.length; lastX.push(-1e9); }
      else { row = 0; for (var q = 1; q < lastX.length; q++) if (lastX[q] < lastX[row]) row = q; }
    }
    lastX[row] = v.x; v.row = row;
  });
  rows = Math.max(1, lastX.length);
  var height = laneY(lanes.length) + 6;
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  clipRect.setAttribute("x", labelW); clipRect.setAttribute("width", width - labelW); clipRect.setAttribute("height", height);
  evs.forEach(function (v) {
    v.y = AXIS_H + 8 + v.row * ROW_H;
    v.g.setAttribute("transform", "translate(" + v.x.toFixed(1) + "," + v.y + ")");
    if (v.e.state) { v.shape.setAttribute("cx", 0); v.shape.setAttribute("cy", 0); }
    else { v.shape.setAttribute("x", -4.5); v.shape.setAttribute("y", -4.5); }
  });
  eventsLabel.setAttribute("y", AXIS_H + 8 + (rows - 1) * ROW_H / 2 + 4);
  var maxChars = Math.floor((labelW - 10) / 6.6);
  laneLabels.forEach(function (L, i) {
    L.t.setAttribute("y", laneY(i) + LANE_H / 2 + 4);
    var room = maxChars - (L.k ? L.k.length + 1 : 0);
    if (L.kind) L.kind.textContent = room < 6 ? "" : L.k + " ";
    if (room < 6) room = maxChars;
    L.name.textContent = L.full.length > room ? L.full.slice(0, room - 1) + "\u2026" : L.full;
  });
  bands.forEach(function (b) {
    var x0 = px(b.d0), x1 = px(b.d1), y = laneY(b.lane);
    b.r.setAttribute("x", x0); b.r.setAttribute("width", Math.max(0, x1 - x0));
    b.r.setAttribute("y", y); b.r.setAttribute("height", LANE_H);
    var label = b.t.textContent, vis0 = Math.max(x0, labelW), vis1 = Math.min(x1, width);
    var fits = vis1 - vis0 > label.length * 6.3 + 8;
    b.t.setAttribute("visibility", fits ? "visible" : "hidden");
    b.t.setAttribute("x", (vis0 + vis1) / 2); b.t.setAttribute("y", y + LANE_H / 2 + 1);
  });
  lines.forEach(function (l) {
    var x = px(l.d), y = laneY(l.lane);
    l.l.setAttribute("x1", x); l.l.setAttribute("x2", x); l.l.setAttribute("y1", y - 3); l.l.setAttribute("y2", y + LANE_H + 3);
  });
  laneMarks.forEach(function (m) {
    m.m.setAttribute("transform", "translate(" + evs[m.i].x.toFixed(1) + "," + (laneY(m.lane) + 3) + ")");
  });
  // compressed stretches
  while (gGaps.firstChild) gGaps.removeChild(gGaps.firstChild);
  for (var k = 1; k < KD.length; k++) {
    var gap = KD[k] - KD[k - 1];
    if (gap <= 90) continue;
    var gx0 = labelW + (KX[k - 1] + 15 - view[0]) * s, gx1 = labelW + (KX[k] - 15 - view[0]) * s;
    if (gx1 < labelW || gx0 > width) continue;
    el("rect", { x: gx0, y: AXIS_H, width: Math.max(0, gx1 - gx0), height: height - AXIS_H, fill: "#ededed" }, gGaps);
    if (gx1 - gx0 > 50) {
      var gt = el("text", { x: (gx0 + gx1) / 2, y: height - 3, "text-anchor": "middle", "class": "gap-label" }, gGaps);
      gt.textContent = "\u2248" + Math.round(gap / 30.4) + " mo, compressed";
      if (gx1 - gx0 < 130) gt.textContent = "\u2248" + Math.round(gap / 30.4) + " mo";
    }
  }
  // axis: month ticks that fit, days when zoomed in
  while (gAxis.firstChild) gAxis.removeChild(gAxis.firstChild);
  while (gGrid.firstChild) gGrid.removeChild(gGrid.firstChild);
  var dFrom = Math.floor(dayAt(view[0])), dTo = Math.ceil(dayAt(view[1]));
  var a = new Date(dFrom * 864e5), cands = [];
  var m = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1));
  while (m.getTime() / 864e5 <= dTo) {
    var base = Math.round(m.getTime() / 864e5);
    cands.push([base, m.getUTCMonth() === 0 ? 2 : 1, m.getUTCFullYear(), m.getUTCMonth(), 1]);
    [8, 15, 22].forEach(function (dd) { cands.push([base + dd - 1, 0, m.getUTCFullYear(), m.getUTCMonth(), dd]); });
    m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1));
  }
  var placed = [], lastYear = null;
  function wide(c) { return ((c[4] === 1 ? 3 : 6) + 5) * 6.6 + 10; }
  [2, 1, 0].forEach(function (level) {
    cands.forEach(function (c) {
      if (c[1] !== level) return;
      var x = px(c[0]);
      if (x < labelW + 2 || x > width - wide(c) + 6) return;
      if (level === 0 && px(c[0] + 7) - x < wide(c)) return;
      for (var j = 0; j < placed.length; j++) {
        var o = placed[j];
        if (x < o[0] + wide(o[1]) && o[0] < x + wide(c)) return;
      }
      placed.push([x, c]);
    });
  });
  placed.sort(function (p, q) { return p[0] - q[0]; });
  placed.forEach(function (p) {
    var c = p[1], x = p[0];
    var label = c[4] === 1 ? MONTHS[c[3]] : MONTHS[c[3]] + " " + c[4];
    if (c[2] !== lastYear) { label += " " + c[2]; lastYear = c[2]; }
    el("line", { x1: x, x2: x, y1: AXIS_H - 6, y2: height, stroke: c[1] === 2 ? "#9a9a9a" : "#dcdcdc", "stroke-width": 1 }, gGrid);
    var t = el("text", { x: x + 3, y: AXIS_H - 10, "class": "tick" }, gAxis);
    t.textContent = label;
  });
  el("line", { x1: labelW, x2: width, y1: AXIS_H - 4, y2: AXIS_H - 4, stroke: "#6b6b6b" }, gAxis);
  el("line", { x1: labelW, x2: labelW, y1: 0, y2: height, stroke: "#c4c4c4" }, gAxis);
  if (selected !== null) {
    var cx = px(selected + 0.5);
    cursor.setAttribute("x1", cx); cursor.setAttribute("x2", cx); cursor.setAttribute("y1", AXIS_H - 4); cursor.setAttribute("y2", height);
    cursor.setAttribute("visibility", "visible");
  } else cursor.setAttribute("visibility", "hidden");
}

// ---- zoom and pan
function clampView(v0, v1) {
  var span = Math.min(Math.max(v1 - v0, 12), A1 - A0);
  if (v0 < A0) v0 = A0;
  if (v0 + span > A1) v0 = A1 - span;
  return [v0, v0 + span];
}
function zoom(factor, atPx) {
  var s = scale(), at = atPx == null ? view[0] + (view[1] - view[0]) / 2 : view[0] + (atPx - labelW) / s;
  view = clampView(at - (at - view[0]) / factor, at + (view[1] - at) / factor);
  render();
}
function pan(dxPx) { var s = scale(); view = clampView(view[0] - dxPx / s, view[1] - dxPx / s); render(); }
function showDays(d0, d1) { view = clampView(ax(d0), ax(d1)); render(); }
document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.6); });
document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 1.6); });
document.getElementById("fit").addEventListener("click", function () { view = [A0, A1]; render(); });
var years = document.getElementById("years");
for (var y = new Date(START * 864e5).getUTCFullYear(); y <= new Date(END * 864e5).getUTCFullYear(); y++) (function (y) {
  var b = h("button", String(y)); b.type = "button"; b.setAttribute("aria-label", "Zoom to " + y);
  b.addEventListener("click", function () { showDays(Math.max(START, dayNum(y + "-01-01")), Math.min(END, dayNum((y + 1) + "-01-01"))); });
  years.appendChild(b);
})(y);
svg.addEventListener("wheel", function (ev) {
  if (ev.ctrlKey || ev.metaKey) { ev.preventDefault(); zoom(ev.deltaY < 0 ? 1.25 : 0.8, ev.clientX - svg.getBoundingClientRect().left); }
  else if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) { ev.preventDefault(); pan(-(ev.deltaX || ev.deltaY)); }
}, { passive: false });
var drag = null, touches = {}, pinch = null;
function pinchState() {
  var ids = Object.keys(touches);
  if (ids.length !== 2) return null;
  var a = touches[ids[0]], b = touches[ids[1]];
  return { d: Math.abs(a - b), mid: (a + b) / 2 - svg.getBoundingClientRect().left };
}
svg.addEventListener("pointerdown", function (ev) {
  if (ev.target.closest && ev.target.closest(".ev")) return;
  touches[ev.pointerId] = ev.clientX;
  try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* a pointer the browser no longer tracks */ }
  if (Object.keys(touches).length === 2) { pinch = pinchState(); if (drag) drag.moved = 99; return; }
  drag = { x: ev.clientX, moved: 0, id: ev.pointerId };
});
svg.addEventListener("pointermove", function (ev) {
  if (ev.pointerId in touches) touches[ev.pointerId] = ev.clientX;
  if (pinch) {  // two fingers: zoom around their middle
    var now = pinchState();
    if (now && pinch.d > 20 && now.d > 20) zoom(now.d / pinch.d, now.mid);
    pinch = now;
    if (drag) drag.x = touches[drag.id];
    return;
  }
  if (!drag || ev.pointerId !== drag.id) return;
  var dx = ev.clientX - drag.x;
  drag.moved += Math.abs(dx);
  if (drag.moved > 4) { svg.classList.add("dragging"); pan(dx); }
  drag.x = ev.clientX;
});
function endDrag(ev) {
  delete touches[ev.pointerId];
  if (Object.keys(touches).length < 2) pinch = null;
  if (!drag || ev.pointerId !== drag.id) return;
  var moved = drag.moved; drag = null; svg.classList.remove("dragging");
  if (moved <= 4 && ev.type === "pointerup") {
    var x = ev.clientX - svg.getBoundingClientRect().left;
    if (x >= labelW) selectDay(Math.floor(dayAt(view[0] + (x - labelW) / scale())));
  }
}
svg.addEventListener("pointerup", endDrag);
svg.addEventListener("pointercancel", endDrag);
chart.addEventListener("keydown", function (ev) {
  var onEvent = ev.target.classList && ev.target.classList.contains("ev");
  if (ev.key === "+" || ev.key === "=") { zoom(1.6, onEvent ? evs[+ev.target.getAttribute("data-pos")].x : null); ev.preventDefault(); }
  else if (ev.key === "-" || ev.key === "_") { zoom(1 / 1.6); ev.preventDefault(); }
  else if (ev.key === "0") { view = [A0, A1]; render(); ev.preventDefault(); }
  else if (!onEvent && ev.key === "ArrowLeft") { pan(80); ev.preventDefault(); }
  else if (!onEvent && ev.key === "ArrowRight") { pan(-80); ev.preventDefault(); }
});
if (window.ResizeObserver) { var lastW = 0; new ResizeObserver(function () { if (chart.clientWidth !== lastW) { lastW = chart.clientWidth; render(); } }).observe(chart); }
else window.addEventListener("resize", render);

// ---- events: tooltip, details, keyboard
function showTip(v) {
  var e = v.e;
  tip.textContent = "";
  var b = h("b", e.shown + " \u00b7 " + e.actor); tip.appendChild(b);
  tip.appendChild(h("div", e.what));
  if (e.changes.length) tip.appendChild(h("div", e.changes.map(function (c) { return c.text; }).join("; ")));
  tip.appendChild(h("div", e.verified ? "verified" : "unverified"));
  tip.hidden = false;
  var left = Math.min(Math.max(4, v.x - 20), chart.clientWidth - tip.offsetWidth - 4);
  tip.style.left = Math.max(4, left) + "px";
  tip.style.top = (v.y + 14) + "px";
}
function hideTip() { tip.hidden = true; }
var detailsBody = document.getElementById("details-body");
function openEvent(i, moveFocus) {
  var v = evs[i], e = v.e;
  if (selectedEvent !== null) evs[selectedEvent].g.classList.remove("sel");
  selectedEvent = i; v.g.classList.add("sel");
  detailsBody.textContent = "";
  detailsBody.appendChild(h("p", e.what, "what"));
  var dl = h("dl");
  function row(name, value) { dl.appendChild(h("dt", name)); var dd = h("dd"); if (typeof value === "string") dd.textContent = value; else dd.appendChild(value); dl.appendChild(dd); }
  row("Date", e.shown);
  row("Actor", e.actor);
  if (e.changes.length) { var ul = h("ul"); e.changes.forEach(function (c) { ul.appendChild(h("li", c.text)); }); row("Changed", ul); }
  else row("Changed", e.state ? "no state" : "no state: a statement or signal");
  row("Note", e.note || "\u2014");
  if (e.source) {
    var label = (e.source.number != null ? "[" + e.source.number + "] " : "") + (e.source.title || e.source.url || "");
    if (e.source.url) { var a = h("a", label); a.href = e.source.url; a.rel = "noopener noreferrer"; a.target = "_blank"; row("Source", a); }
    else row("Source", label || "\u2014");
  } else row("Source", "none given");
  var ver = h("span", e.verified ? "yes" : "no: the sources leave it unverified", e.verified ? "" : "unverified");
  row("Verified", ver);
  detailsBody.appendChild(dl);
  var go = h("button", "Where everything stood on " + e.date); go.type = "button";
  go.addEventListener("click", function () { selectDay(v.d, true); });
  var back = h("button", "Back to the timeline"); back.type = "button";
  back.addEventListener("click", function () { v.g.focus(); });
  var bar = h("p"); bar.className = "toolbar"; bar.appendChild(go); bar.appendChild(back);
  detailsBody.appendChild(bar);
  if (moveFocus) document.getElementById("details-h").focus({ preventScroll: false });
}
function ensureVisible(v) {
  var a = ax(v.d + 0.5);
  if (a < view[0] || a > view[1]) { var span = view[1] - view[0]; view = clampView(a - span / 2, a + span / 2); render(); }
}
evs.forEach(function (v) {
  v.g.addEventListener("mouseenter", function () { showTip(v); openEvent(v.i, false); });
  v.g.addEventListener("mouseleave", hideTip);
  v.g.addEventListener("focus", function () { ensureVisible(v); showTip(v); openEvent(v.i, false); });
  v.g.addEventListener("blur", hideTip);
  v.g.addEventListener("click", function () { openEvent(v.i, false); });
  v.g.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openEvent(v.i, true); }
    else if (ev.key === "ArrowRight" || ev.key === "ArrowDown") { ev.preventDefault(); if (v.i + 1 < evs.length) evs[v.i + 1].g.focus(); }
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") { ev.preventDefault(); if (v.i > 0) evs[v.i - 1].g.focus(); }
    else if (ev.key === "Home") { ev.preventDefault(); evs[0].g.focus(); }
    else if (ev.key === "End") { ev.preventDefault(); evs[evs.length - 1].g.focus(); }
    else if (ev.key === "Escape") hideTip();
  });
});
laneMarks.forEach(function (m) { m.m.addEventListener("click", function (ev) { ev.stopPropagation(); openEvent(m.i, false); }); });
laneMarks.forEach(function (m) { m.m.addEventListener("pointerdown", function (ev) { ev.stopPropagation(); }); });
Array.prototype.forEach.call(document.querySelectorAll("[data-goto]"), function (b) {
  b.addEventListener("click", function () { var v = evs[+b.getAttribute("data-goto")]; ensureVisible(v); openEvent(v.i, true); });
});

// ---- where everything stood on a date
var dayInput = document.getElementById("day"), statusPre = document.getElementById("status-text");
dayInput.min = D.start; dayInput.max = D.end;
function selectDay(d, scrollTo) {
  d = Math.min(Math.max(d, START), END);
  selected = d;
  var iso = isoOf(d);
  dayInput.value = iso;
  statusPre.textContent = statusText(iso) || "";
  document.getElementById("status-h").textContent = "Where everything stood on " + iso;
  document.getElementById("status-said").textContent = "The same as: dealflow replay FILE --on " + iso;
  render();
  if (scrollTo) document.getElementById("status").scrollIntoView({ block: "start" });
}
window.dealflowSelect = function (iso) { selectDay(dayNum(iso)); };
window.dealflowX = function (iso) { return svg.getBoundingClientRect().left + px(dayNum(iso) + 0.5); };
document.getElementById("day-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  if (dayInput.value) selectDay(dayNum(dayInput.value));
});

// ---- legend
var legend = document.getElementById("legend");
var byFill = {}, fills = [];
D.states.forEach(function (s) {
  var f = D.colours[s].fill;
  if (!byFill[f]) { byFill[f] = []; fills.push(f); }
  byFill[f].push(s.replace(/_/g, " "));
});
fills.forEach(function (f) {
  var item = h("span"), sw = h("i", null, "sw"); sw.style.background = f;
  item.appendChild(sw); item.appendChild(document.createTextNode(byFill[f].join(", "))); legend.appendChild(item);
});
function symbol(label, draw) {
  var item = h("span"), s = document.createElementNS(NS, "svg");
  s.setAttribute("width", 18); s.setAttribute("height", 14); s.setAttribute("aria-hidden", "true");
  draw(s); item.appendChild(s); item.appendChild(document.createTextNode(label)); legend.appendChild(item);
}
symbol("event that changed a state", function (s) { el("circle", { cx: 9, cy: 7, r: 5, fill: "#1b1b1b" }, s); });
symbol("statement or signal", function (s) { el("rect", { x: 4.5, y: 2.5, width: 9, height: 9, fill: "#6b6b6b", stroke: "#1b1b1b", "stroke-width": 1.5 }, s); });
symbol("unverified (hollow)", function (s) { el("circle", { cx: 9, cy: 7, r: 5, fill: "#fff", stroke: "#1b1b1b", "stroke-width": 1.5 }, s); });
symbol("lane the event changed", function (s) { el("path", { d: "M5,3 L13,3 L9,9 Z", fill: "#1b1b1b" }, s); });
if (D.lines.length) {
  symbol("deadline", function (s) { el("line", { x1: 9, x2: 9, y1: 0, y2: 14, stroke: "#b00020", "stroke-width": 2 }, s); });
  symbol("deadline extended to", function (s) { el("line", { x1: 9, x2: 9, y1: 0, y2: 14, stroke: "#b00020", "stroke-width": 1.5, "stroke-dasharray": "5 3" }, s); });
  symbol("not enforced until", function (s) { el("line", { x1: 9, x2: 9, y1: 0, y2: 14, stroke: "#a04a00", "stroke-width": 1.5, "stroke-dasharray": "2 2" }, s); });
}
symbol("selected date", function (s) { el("line", { x1: 9, x2: 9, y1: 0, y2: 14, stroke: "#1a4fd6", "stroke-width": 2 }, s); });
symbol("quiet stretch, compressed", function (s) { el("rect", { x: 1, y: 2, width: 16, height: 10, fill: "#ededed", stroke: "#9a9a9a" }, s); });

render();
selectDay(CLOCK);
})();
"""
