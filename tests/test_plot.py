"""Tests of dealflow._plot: the timeline plot and its time axis."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import Deal, InputError, load_case
from dealflow._plot import STATE_COLOURS, plot_deal, time_axis

ROOT = Path(__file__).resolve().parent.parent
DEAL = load_case(ROOT / "examples" / "tiktok" / "tiktok.yaml").replay()


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_plot_writes_png_and_svg(tmp_path: Path, suffix: str) -> None:
    """The TikTok replay plots to a PNG or an SVG file."""
    pytest.importorskip("matplotlib")
    out = tmp_path / f"tiktok.{suffix}"
    plot_deal(DEAL, out)
    data = out.read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG")
    else:
        assert b"<svg" in data[:2000]
        for machine in ("Washington's gate", "Beijing's gate", "the Act"):
            assert machine.replace("'", "&#39;").encode() in data or machine.encode() in data


def test_plot_draws_a_lane_per_machine() -> None:
    """The figure has one labelled lane per machine of the deal, plus the events lane."""
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    fig = plot_deal(DEAL)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    machines = {c.machine for c in DEAL.history}
    assert len(labels) == len(machines) + 1
    assert "events" in labels
    plt.close(fig)


def test_every_state_has_a_colour() -> None:
    """Every state of every machine has a colour of its own in the plot."""
    from dealflow import MACHINES

    for spec in MACHINES.values():
        assert set(spec.states) <= set(STATE_COLOURS)


def test_plot_refuses_unknown_formats_and_empty_deals(tmp_path: Path) -> None:
    """A file name that is not .png/.svg, and a deal with no events, are refused with InputError."""
    with pytest.raises(InputError, match="png"):
        plot_deal(DEAL, tmp_path / "x.gif")
    with pytest.raises(InputError):
        plot_deal(Deal(), tmp_path / "x.png")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)), min_size=1, max_size=30))
def test_time_axis_is_increasing_and_keeps_busy_gaps(dates: list[dt.date]) -> None:
    """The axis keeps date order, keeps short gaps at full width and never widens a gap."""
    knots = time_axis(dates, busy_days=40, squeeze=0.05)
    for (d0, x0), (d1, x1) in itertools.pairwise(knots):
        assert d1 > d0 and x1 > x0
        assert x1 - x0 <= d1 - d0 + 1e-6
        if d1 - d0 <= 40:
            assert x1 - x0 == pytest.approx(d1 - d0)


def test_import_dealflow_does_not_import_matplotlib() -> None:
    """Importing dealflow and its plot module does not load matplotlib (only plotting does)."""
    code = "import sys, dealflow, dealflow._plot, dealflow._report; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_lanes_are_named_after_their_machine() -> None:
    """Each lane is labelled with its machine: a remedy's lane is not taken for the deal's."""
    from dealflow._plot import _lane_label

    assert _lane_label("deal") == "deal"
    assert _lane_label("remedy Project Texas") == "remedy Project Texas"
    assert _lane_label("gate Beijing") == "Beijing's gate"
