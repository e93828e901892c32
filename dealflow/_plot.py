"""A timeline plot of a replayed deal (matplotlib, imported only when plotting).

One lane per machine (the deal, each bid, gate and mandate) shows its states as
coloured bands; events are marks (filled where they changed a state, hollow where
the sources leave them unverified); deadlines, extensions and enforcement pauses
are lines on the mandates' lanes.  Long quiet stretches are compressed on the time
axis (and marked so), which keeps busy months readable.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import os
from collections.abc import Callable, Sequence
from typing import Any

from ._deal import Deal
from ._errors import InputError

__all__ = ["STATE_COLOURS", "plot_deal", "time_axis"]

# one colour per state, by what it means for the deal: blue under way, amber
# waiting or conditional, green done, red refused or enforced, grey out of play
STATE_COLOURS = {
    "open": "#c6dbef",
    "negotiating": "#6baed6",
    "agreed": "#9ecae1",
    "signed": "#74c476",
    "closed": "#238b45",
    "terminated": "#bdbdbd",
    "submitted": "#6baed6",
    "revised": "#4292c6",
    "rejected": "#de2d26",
    "withdrawn": "#bdbdbd",
    "accepted": "#238b45",
    "not_required": "#eeeeee",
    "pending": "#fdd49e",
    "under_review": "#6baed6",
    "approved": "#238b45",
    "conditionally_approved": "#a1d99b",
    "blocked": "#de2d26",
    "in_force": "#fc9272",
    "enjoined": "#9e9ac8",
    "suspended": "#fdae6b",
    "lapsed": "#d9d9d9",
    "enforced": "#a50f15",
    "revoked": "#bdbdbd",
    "satisfied": "#238b45",
    "abandoned": "#969696",
    "required": "#fdd49e",
    "waived": "#eeeeee",
    "offered": "#fdae6b",
    "completed": "#238b45",
    "discharged": "#bdbdbd",
    # suits, orders and agreements (courts and orders)
    "restrained": "#bcbddc",
    "upheld": "#54278f",
    "appealed": "#dadaeb",
    "dismissed": "#d9d9d9",
    "complied": "#31a354",
    "breached": "#e6550d",
    "ended": "#cccccc",
}
_DARK = frozenset({"closed", "rejected", "approved", "blocked", "enforced", "satisfied", "accepted", "revised"})


def time_axis(dates: Sequence[_dt.date], *, busy_days: int = 40, squeeze: float = 0.05) -> list[tuple[float, float]]:
    """Knots ``(day number, x)`` of a piecewise-linear time axis: gaps between
    consecutive ``dates`` longer than ``busy_days`` keep ``busy_days`` at full
    width and the rest at ``squeeze`` of it."""
    days = sorted({d.toordinal() for d in dates})
    if not days:
        return [(0.0, 0.0), (1.0, 1.0)]
    knots = [(float(days[0]), 0.0)]
    for prev, day in itertools.pairwise(days):
        gap = day - prev
        width = gap if gap <= busy_days else busy_days + (gap - busy_days) * squeeze
        knots.append((float(day), knots[-1][1] + width))
    return knots


def _lanes(deal: Deal) -> list[str]:
    order: list[str] = []
    for change in deal.history:
        if change.machine not in order:
            order.append(change.machine)
    rank = {"deal": 0, "bid": 1, "gate": 2, "mandate": 3, "order": 3, "suit": 4, "agreement": 5}
    return sorted(order, key=lambda m: (rank.get(m.split(" ", 1)[0], 4), order.index(m)))


def plot_deal(deal: Deal, out: str | os.PathLike[str] | None = None, *, title: str | None = None) -> Any:
    """Draw ``deal``'s timeline; save it to ``out`` (``.png`` or ``.svg``) when
    given.  Returns the matplotlib figure."""
    path = None if out is None else os.fspath(out)
    if path is not None and not path.lower().endswith((".png", ".svg", ".pdf")):
        raise InputError(f"cannot plot to {path}", field="--plot", fix="give a file name ending in .png or .svg")
    if deal.state is None or deal.clock is None:
        raise InputError("the deal has no events to plot", fix="replay a case first")
    try:
        import matplotlib

        matplotlib.use("Agg", force=False) if path is not None else None
        import matplotlib.pyplot as plt
        import numpy as np
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
    except ImportError:
        raise InputError(
            "plotting needs matplotlib", fix="install dealflow's plot extra: pip install 'dealflow[plot]'"
        ) from None

    status = deal.status()
    start = deal.journal[0].date
    end = deal.clock + _dt.timedelta(days=20)
    marks = [e.date for e in deal.journal]
    for m in status.mandates:
        marks += [m.original_deadline, m.deadline] + ([m.paused_until] if m.paused_until else [])
    knots = time_axis([*marks, end])
    kd = np.array([k[0] for k in knots])
    kx = np.array([k[1] for k in knots])

    def x(date: _dt.date) -> float:
        return float(np.interp(date.toordinal(), kd, kx))

    lanes = _lanes(deal)
    event_lane = len(lanes)
    fig_h = 3.2 + 0.5 * (len(lanes) + 1)
    fig: Any
    ax: Any  # matplotlib's own annotations are stricter than its documented arguments
    fig, ax = plt.subplots(figsize=(18, fig_h), dpi=110)
    y_of = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}

    # states as bands
    spans: dict[str, list[tuple[_dt.date, str]]] = {}
    for change in deal.history:
        spans.setdefault(change.machine, []).append((change.date, change.after))
    for lane, steps in spans.items():
        y = y_of[lane]
        for i, (since, state) in enumerate(steps):
            until = steps[i + 1][0] if i + 1 < len(steps) else end
            x0, x1 = x(since), x(until)
            if x1 <= x0:
                continue
            colour = STATE_COLOURS.get(state, "#cccccc")
            ax.broken_barh([(x0, x1 - x0)], (y - 0.32, 0.64), facecolors=colour, edgecolor="white", linewidth=0.8)
            label = state.replace("_", " ")
            if x1 - x0 > 6.5 * len(label) * (kx[-1] / 1400):
                ax.text(
                    (x0 + x1) / 2,
                    y,
                    label,
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if state in _DARK else "#222222",
                )

    # deadlines, extensions and pauses on the mandates' lanes
    for m in status.mandates:
        lane = f"mandate {m.mandate}"
        if lane not in y_of:
            continue
        y = y_of[lane]
        kw = {"ymin": y - 0.45, "ymax": y + 0.45}
        ax.vlines(x(m.original_deadline), color="#a50f15", linewidth=1.6, **kw)
        if m.deadline != m.original_deadline:
            ax.vlines(x(m.deadline), color="#a50f15", linewidth=1.2, linestyles="dashed", **kw)
        if m.paused_until is not None:
            ax.vlines(x(m.paused_until), color="#e6550d", linewidth=1.2, linestyles="dotted", **kw)
    # pauses and extensions as they came: every dated order leaves its line
    for e in deal.journal:
        target = getattr(e, "until", None) or getattr(e, "to", None)
        lane = f"mandate {getattr(e, 'mandate', '')}"
        if isinstance(target, _dt.date) and lane in y_of:
            y = y_of[lane]
            style = "dotted" if hasattr(e, "until") else "dashed"
            colour = "#e6550d" if hasattr(e, "until") else "#a50f15"
            ax.vlines(x(target), y - 0.45, y + 0.45, color=colour, linewidth=1.0, linestyles=style, alpha=0.8)

    # events as marks: on the lanes they changed, and all of them on the top lane
    changed: dict[int, list[str]] = {}
    for change in deal.history:
        changed.setdefault(change.position, []).append(change.machine)
    for i, e in enumerate(deal.journal):
        face = "#222222" if e.verified else "white"
        ax.plot(
            x(e.date),
            event_lane,
            marker="o" if e.changes_state else "s",
            markersize=5.5 if e.changes_state else 4,
            markerfacecolor=face if e.changes_state else ("#969696" if e.verified else "white"),
            markeredgecolor="#222222" if e.changes_state else "#636363",
            linestyle="none",
            zorder=3,
        )
        for lane in changed.get(i, []):
            if i == 0:
                continue
            ax.plot(x(e.date), y_of[lane] + 0.36, marker="v", markersize=4.5, color="#222222", zorder=3)
    by_date: dict[_dt.date, list[str]] = {}
    for i, e in enumerate(deal.journal):
        text = _short(e) if i in changed and i else ""
        if text and text not in by_date.setdefault(e.date, []):
            by_date[e.date].append(text)
    last_x = -1e9
    gap = kx[-1] / 95
    for date, texts in sorted(by_date.items()):
        if not texts:
            continue
        xe = x(date)
        xl = max(xe, last_x + gap)
        if xl != xe:
            ax.plot([xe, xl], [event_lane + 0.12, event_lane + 0.42], color="#999999", linewidth=0.5)
        ax.text(
            xl,
            event_lane + 0.45,
            " + ".join(texts),
            rotation=45,
            ha="left",
            va="bottom",
            fontsize=6.8,
            color="#333333",
            rotation_mode="anchor",
        )
        last_x = xl

    # compressed stretches
    for (d0, x0), (d1, x1) in itertools.pairwise(knots):
        if d1 - d0 > 90:
            ax.axvspan(x0 + 15, x1 - 15, color="#ececec", zorder=0)
            ax.text(
                (x0 + x1) / 2,
                -0.75,
                f"{round((d1 - d0) / 30.4)} mo",
                ha="center",
                va="center",
                fontsize=6.5,
                color="#777777",
            )

    # the axis: ticks at month starts that fit, labelled by month
    ticks: list[float] = []
    labels: list[str] = []
    month = _dt.date(start.year, start.month, 1)
    spacing = kx[-1] / 22
    while month <= end:
        xm = x(month)
        if month >= start and (not ticks or xm - ticks[-1] >= spacing):
            ticks.append(xm)
            labels.append(month.strftime("%b\n%Y") if month.month == 1 or not labels else month.strftime("%b"))
        month = _dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    for i in range(1, len(labels)):
        if "\n" not in labels[i]:
            # name the year at the first tick of each year shown
            prev_year = None
            for j in range(i - 1, -1, -1):
                if "\n" in labels[j]:
                    prev_year = labels[j].split("\n")[1]
                    break
            year = _year_at(ticks[i], kd, kx)
            if prev_year != str(year):
                labels[i] = f"{labels[i]}\n{year}"
    ax.set_xticks(ticks, labels, fontsize=8)
    ax.set_yticks(
        [*[y_of[lane] for lane in lanes], event_lane],
        [*[_lane_label(lane) for lane in lanes], "events"],
        fontsize=9,
    )
    ax.set_ylim(-1.2, event_lane + 0.6)
    ax.set_xlim(x(start) - 8, x(end))
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    states_used = sorted({s for steps in spans.values() for _d, s in steps}, key=list(STATE_COLOURS).index)
    handles: list[Any] = [Patch(facecolor=STATE_COLOURS[s], label=s.replace("_", " ")) for s in states_used]
    handles += [
        Line2D([], [], marker="o", color="#222222", linestyle="none", markersize=5, label="event changing state"),
        Line2D([], [], marker="s", color="#969696", linestyle="none", markersize=4, label="statement or signal"),
        Line2D(
            [], [], marker="o", markerfacecolor="white", markeredgecolor="#222222", linestyle="none", label="unverified"
        ),
        Line2D([], [], color="#a50f15", linewidth=1.6, label="deadline"),
        Line2D([], [], color="#a50f15", linewidth=1.0, linestyle="dashed", label="deadline extended to"),
        Line2D([], [], color="#e6550d", linewidth=1.0, linestyle="dotted", label="not enforced until"),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.5 / fig_h),
        ncol=min(8, (len(handles) + 1) // 2),
        fontsize=7.5,
        frameon=False,
    )
    ax.set_title(title or f"{deal.target}: {deal.journal[0].date} to {deal.clock}", fontsize=13, loc="left", pad=95)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, bbox_inches="tight")
        plt.close(fig)
    return fig


def _year_at(xv: float, kd: Any, kx: Any) -> int:
    import numpy as np

    return _dt.date.fromordinal(round(float(np.interp(xv, kx, kd)))).year


def _lane_label(lane: str) -> str:
    kind, _, name = lane.partition(" ")
    if kind == "gate":
        return f"{name}'s gate"
    if kind == "bid":
        return f"bid {name}"
    if kind == "mandate":
        return name
    if kind in ("suit", "order", "agreement", "remedy"):
        return f"{kind} {name}"
    return "deal" if kind == "deal" else lane


def _short(e: Any) -> str:
    """A few words for an event, for the plot's event lane."""
    kind = e.kind
    if kind == "statement":
        return "" if e.label == "statement" else str(e.label).replace("_", " ")
    words: dict[str, Callable[[], str]] = {
        "bid_submitted": lambda: f"{' + '.join(e.bidders)} bid",
        "bid_revised": lambda: "+".join(e.bidders or ()) + " bid" if e.bidders else "bid revised",
        "bid_rejected": lambda: f"{e.bid} rejected",
        "terms_proposed": lambda: f"{e.terms.entity}",
        "terms_agreed": lambda: "terms agreed",
        "approved": lambda: f"{e.regulator} approves",
        "conditionally_approved": lambda: f"{e.regulator} approves on conditions",
        "blocked": lambda: f"{e.regulator} blocks",
        "rule_enacted": lambda: f"{e.regulator}: {e.name}",
        "mandate_issued": lambda: f"{e.mandate} issued",
        "deadline_extended": lambda: "extended",
        "enforcement_paused": lambda: "not enforced",
        "enjoined": lambda: "enjoined",
        "mandate_lapsed": lambda: f"{e.mandate} lapses",
        "mandate_enforced": lambda: f"{e.mandate} in effect",
        "mandate_revoked": lambda: f"{e.mandate} revoked",
        "divestiture_qualified": lambda: "qualified divestiture",
        "deal_signed": lambda: "signed",
        "deal_closed": lambda: "closed",
        "review_opened": lambda: f"{e.actor} review",
        "suit_filed": lambda: f"{e.actor} sues",
        "restraining_order_granted": lambda: "TRO",
        "restraining_order_denied": lambda: "TRO denied",
        "preliminary_injunction_granted": lambda: "injunction",
        "preliminary_injunction_denied": lambda: "injunction denied",
        "ruling_issued": lambda: f"{e.actor} rules",
        "suit_appealed": lambda: "appeal",
        "order_issued": lambda: f"{e.order}",
        "order_revoked": lambda: f"{e.order} revoked",
        "order_deferred": lambda: f"{e.order} deferred",
    }
    make = words.get(kind)
    return make() if make is not None else kind.replace("_", " ")
