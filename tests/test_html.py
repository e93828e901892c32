"""Tests of dealflow._html: the replay as one self-contained web page.

The first tests read the page and its data in Python; the rest load the TikTok
page from disk in headless Chromium (one browser for the module) and use it as a
reader would: no console errors, every event, a click on a date, the keyboard,
a phone's width.  Locally they skip when Chromium or chromedriver is missing;
in CI (``CI=true``) a missing browser fails them.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import Change, Deal, InputError, deal_html, load_case
from dealflow import _html as html_mod
from dealflow._report import format_status
from dealflow.cli import main

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = str(ROOT / "examples" / "tiktok" / "tiktok.yaml")
CASE = load_case(TIKTOK)
DEAL = CASE.replay()
DATA = html_mod._page_data(DEAL, CASE.name, False)
START, END = _dt.date.fromisoformat(DATA["start"]), _dt.date.fromisoformat(DATA["end"])
PAGE = deal_html(DEAL, title=CASE.name)


def _embedded(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="dealflow-data">(.*?)</script>', page, re.DOTALL)
    assert m is not None
    data: dict[str, Any] = json.loads(m[1])
    return data


# ---------------------------------------------------------------------- the page, read in Python


def test_page_is_one_self_contained_file() -> None:
    """Scripts, styles and data are inline; nothing is loaded from elsewhere, and the policy forbids it."""
    assert "<script src" not in PAGE and "<link" not in PAGE and "@import" not in PAGE
    assert not re.search(r"url\((?!#)", PAGE)  # only references inside the page
    assert "default-src 'none'" in PAGE
    assert _embedded(PAGE) == json.loads(json.dumps(DATA))


def test_tiktok_page_weighs_under_two_megabytes() -> None:
    """The TikTok page stays well under the 2 MB the issue allows."""
    size = len(PAGE.encode("utf-8"))
    print(f"TikTok page: {size / 1024:.0f} KiB")
    assert size < 2_000_000


def test_every_event_is_in_the_page_data() -> None:
    """Every event of the journal is in the data, with its actor, source and verification."""
    events = DATA["events"]
    assert len(events) == len(DEAL.journal)
    for e, got in zip(DEAL.journal, events, strict=True):
        assert (got["date"], got["shown"], got["actor"], got["verified"], got["note"]) == (
            e.date.isoformat(),
            e.dated(),
            e.actor,
            e.verified,
            e.note,
        )
        if e.source is not None and e.source.url.startswith("http"):
            assert got["source"]["url"] == e.source.url
    assert any(not e["verified"] for e in events)


def test_lanes_are_every_machine_of_the_history() -> None:
    """A lane per machine of the history: the deal, bids, gates and mandates in that order, other kinds after."""
    ids = [lane["id"] for lane in DATA["lanes"]]
    assert set(ids) == {c.machine for c in DEAL.history}
    kinds = [i.split(" ", 1)[0] for i in ids]
    first = ["deal", "bid", "gate", "mandate"]
    rank = [first.index(k) if k in first else len(first) for k in kinds]
    assert rank == sorted(rank)
    assert {"suit", "order"} <= set(kinds)  # the TikTok case's suits and orders have lanes of their own


def test_lanes_of_a_new_machine_kind_come_after_the_known_ones() -> None:
    """Machine kinds dealflow adds later (suits, orders) get lanes of their own, after the known kinds."""
    day = _dt.date(2020, 1, 1)
    history = [
        Change(day, 0, "deal", None, "open"),
        Change(day, 1, "suit TikTok v. Trump", None, "filed"),
        Change(day, 2, "gate Washington", None, "pending"),
        Change(day, 3, "order TRO", None, "granted"),
        Change(day, 4, "bid a", None, "submitted"),
    ]

    class Stub:
        pass

    stub = Stub()
    stub.history = history  # type: ignore[attr-defined]
    assert html_mod._lanes(stub) == ["deal", "bid a", "gate Washington", "suit TikTok v. Trump", "order TRO"]  # type: ignore[arg-type]
    assert html_mod._state_colour("filed")["fill"].startswith("#")


def test_tiktok_status_is_templated_without_fallback() -> None:
    """Each stretch between events is one checked template: no day needed its own text."""
    assert all("parts" in block for block in DATA["status"])
    assert len(DATA["status"]) == len({e.date for e in DEAL.journal})


@given(st.dates(min_value=START, max_value=END))
def test_the_page_status_is_the_cli_status_on_every_day(day: _dt.date) -> None:
    """On any day of the page's range its status text is format_status's, the text of `replay --on`."""
    assert html_mod.page_status(DATA["status"], day) == format_status(DEAL, day)


def test_ascii_pages_show_the_ascii_status() -> None:
    """With ascii_only (`replay --ascii --html`) the page's status is the ASCII text of `--ascii --on`."""
    data = _embedded(deal_html(DEAL, ascii_only=True))
    for day in (_dt.date(2020, 9, 20), _dt.date(2025, 4, 3), END):
        assert html_mod.page_status(data["status"], day) == format_status(DEAL, day, ascii_only=True)
    assert all("→" not in c["text"] for e in data["events"] for c in e["changes"])


def test_a_status_that_depends_on_the_day_falls_back_to_a_text_per_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a template cannot say the status (text changing by the day), each day gets its own text."""
    real = html_mod.format_status

    def weekday_status(deal: Deal, on: Any, *, ascii_only: bool = False) -> str:
        day = on if isinstance(on, _dt.date) else _dt.date.fromisoformat(on)
        return real(deal, day, ascii_only=ascii_only) + f"\nweekday {day.weekday()}"

    monkeypatch.setattr(html_mod, "format_status", weekday_status)
    start = _dt.date(2020, 9, 20)
    block = html_mod.status_template(DEAL, start, start + _dt.timedelta(days=9))
    assert "texts" in block and len(block["texts"]) == 10
    for k in range(10):
        day = start + _dt.timedelta(days=k)
        assert html_mod.page_status([block], day) == weekday_status(DEAL, day)


def test_state_labels_and_chart_colours_have_enough_contrast() -> None:
    """Band labels reach WCAG AA (4.5:1) on their band; the cap table's bars reach 3:1 on white."""
    for state, colour in DATA["colours"].items():
        assert html_mod.contrast(colour["ink"], colour["fill"]) >= 4.5, state
    for fill in html_mod._HOLDER_COLOURS:
        assert html_mod.contrast(fill, "#ffffff") >= 3
    assert html_mod.contrast("#4a4a4a", "#ededed") >= 4.5  # muted text on a compressed stretch


def test_checks_and_the_end_are_in_the_page() -> None:
    """The decision check (each decision, the count) and the end with the cap table chart."""
    assert "6 decisions, 4 agree with the rules, 2 disagree" in PAGE  # orders and rulings are checked too
    assert "The end: TikTok US operations closed on 2026-01-22" in PAGE
    assert 'class="captable"' in PAGE and "ByteDance investors&#x27; affiliates" in PAGE
    assert PAGE.count('class="bar"') == 6  # five holders and the part not reported


def test_text_from_the_case_is_escaped() -> None:
    """A case's text cannot inject markup or end the data's script element."""
    deal = CASE.replay_until(_dt.date(2020, 8, 2))
    page = deal_html(deal, title="</script><script>alert(1)</script>")
    assert "</script><script>alert(1)" not in page
    assert "&lt;/script&gt;" in page


def test_a_deal_without_events_is_refused() -> None:
    """An empty deal has nothing to show: an InputError says so."""
    with pytest.raises(InputError, match="no events"):
        deal_html(Deal())


def test_an_unfinished_replay_shows_where_everything_stood() -> None:
    """A replay cut short (--until) ends the page with the status on its last event, not the end."""
    deal = CASE.replay_until(_dt.date(2020, 9, 14))
    page = deal_html(deal)
    assert "Where everything stood at the last event (2020-09-14)" in page
    assert "The end:" not in page


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow replay FILE --html OUT` writes the page and says so."""
    out = tmp_path / "tiktok.html"
    assert main(["replay", TIKTOK, "--html", str(out)]) == 0
    assert f"wrote --html to {out}" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and CASE.name in page


def test_import_dealflow_does_not_load_the_page_module() -> None:
    """`import dealflow` stays light: the page's module loads only for --html."""
    code = "import sys, dealflow; print('dealflow._html' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------------- in a real browser

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module; skipped locally without one, a failure in CI."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        webdriver = None
    if chromium is None or driver_path is None or webdriver is None:
        why = "the browser tests need chromium, chromium-driver (apt) and selenium (the dev extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}; .ci/run installs them")
        pytest.skip(why)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in _FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="dealflow-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_window_size(1366, 900)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The TikTok page written by the CLI, as a file:// URL."""
    out = tmp_path_factory.mktemp("html") / "tiktok.html"
    subprocess.run(
        [sys.executable, "-m", "dealflow", "replay", TIKTOK, "--html", str(out)],
        check=True,
        capture_output=True,
    )
    return out.as_uri()


@pytest.fixture
def page(browser: Any, page_url: str) -> Any:
    """The TikTok page freshly loaded at laptop size."""
    browser.set_window_size(1366, 900)
    browser.get(page_url)
    return browser


def _cli_on(day: str) -> str:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run(
        [sys.executable, "-m", "dealflow", "replay", TIKTOK, "--on", day],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )
    return run.stdout.rstrip("\n")


def test_browser_loads_the_page_without_console_errors(page: Any) -> None:
    """The page loads from disk with nothing in the console worse than info."""
    assert page.execute_script("return document.readyState") == "complete"
    assert page.execute_script("return document.querySelectorAll('#svg rect').length") > 0
    bad = [entry for entry in page.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert bad == []


def test_browser_shows_every_event(page: Any) -> None:
    """A focusable mark per event of the journal, labelled with its date and actor."""
    marks = page.execute_script(
        "return Array.from(document.querySelectorAll('.ev')).map(e => [e.dataset.date, e.getAttribute('aria-label'), e.tabIndex])"
    )
    assert len(marks) == len(DEAL.journal)
    for (date, label, tabindex), e in zip(marks, DEAL.journal, strict=True):
        assert date == e.date.isoformat() and label.startswith(f"{date}, {e.actor}: ") and tabindex == 0


def test_browser_click_on_a_date_shows_the_cli_status(page: Any) -> None:
    """A click on 2020-09-20 in the chart shows the very text of `replay --on 2020-09-20`."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    page.find_element(By.CSS_SELECTOR, "button[aria-label='Zoom to 2020']").click()
    svg = page.find_element(By.ID, "svg")
    x = page.execute_script("return window.dealflowX('2020-09-20')")
    rect = page.execute_script("return document.getElementById('svg').getBoundingClientRect().toJSON()")
    dx = round(x - (rect["left"] + rect["width"] / 2))
    dy = round(rect["height"] / 2 - 12)  # on the lowest lane, clear of the event marks
    ActionChains(page).move_to_element_with_offset(svg, dx, dy).click().perform()
    shown = page.execute_script("return document.getElementById('status-text').textContent")
    assert page.find_element(By.ID, "status-h").text == "Where everything stood on 2020-09-20"
    assert shown == _cli_on("2020-09-20")


def test_browser_status_script_matches_format_status_across_the_case(page: Any) -> None:
    """The page's own status text, asked for every fifth day of the case, is format_status's."""
    days = [START + _dt.timedelta(days=k) for k in range(0, (END - START).days + 1, 5)]
    shown = page.execute_script("return arguments[0].map(d => window.dealflowStatus(d))", [d.isoformat() for d in days])
    for day, text in zip(days, shown, strict=True):
        assert text == format_status(DEAL, day), day


def test_browser_date_field_shows_the_status(page: Any) -> None:
    """Typing a date in the date field and pressing Enter shows that day's status."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = page.find_element(By.ID, "day")
    page.execute_script("arguments[0].value = '2020-11-12'", field)
    field.send_keys(Keys.ENTER)
    assert page.execute_script("return document.getElementById('status-text').textContent") == _cli_on("2020-11-12")


def test_browser_keyboard_reaches_and_opens_events(page: Any) -> None:
    """Tab reaches the events, Enter opens one's details, arrows move along, Space opens the next."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page.find_element(By.TAG_NAME, "h1").click()

    def active() -> Any:
        return page.execute_script("return document.activeElement")

    for _ in range(40):
        ActionChains(page).send_keys(Keys.TAB).perform()
        if "ev" in (active().get_attribute("class") or "").split():
            break
    first = active()
    assert first.get_attribute("data-pos") == "0"
    assert page.find_element(By.ID, "tip").is_displayed()
    ActionChains(page).send_keys(Keys.ENTER).perform()
    details = page.find_element(By.ID, "details-body").text
    e0 = DEAL.journal[0]
    assert e0.date.isoformat() in details and e0.actor in details and e0.describe() in details
    assert active().get_attribute("id") == "details-h"
    back = page.find_element(By.XPATH, "//section[@id='details']//button[.='Back to the timeline']")
    back.send_keys(Keys.ENTER)
    assert active().get_attribute("data-pos") == "0"
    ActionChains(page).send_keys(Keys.ARROW_RIGHT).perform()
    assert active().get_attribute("data-pos") == "1"
    ActionChains(page).send_keys(Keys.SPACE).perform()
    details = page.find_element(By.ID, "details-body").text
    e1 = DEAL.journal[1]
    assert e1.describe() in details and ("yes" if e1.verified else "no") in details


def test_browser_event_details_link_the_source(page: Any) -> None:
    """A click on an event shows its note, its source as a link and whether it is verified."""
    from selenium.webdriver.common.by import By

    i, e = next((i, e) for i, e in enumerate(DEAL.journal) if not e.verified and e.source is not None)
    page.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
        page.find_element(By.CSS_SELECTOR, f".ev[data-pos='{i}']"),
    )
    body = page.find_element(By.ID, "details-body")
    assert body.find_element(By.TAG_NAME, "a").get_attribute("href") == e.source.url  # type: ignore[union-attr]
    assert "no: the sources leave it unverified" in body.text
    assert e.note[:40] in body.text


def test_browser_hover_shows_an_event(page: Any) -> None:
    """Hovering an event shows a tooltip and its details, source link included."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    page.find_element(By.CSS_SELECTOR, "button[aria-label='Zoom to 2020']").click()
    i, e = next((i, e) for i, e in enumerate(DEAL.journal) if e.source is not None and e.date.year == 2020)
    ActionChains(page).move_to_element(page.find_element(By.CSS_SELECTOR, f".ev[data-pos='{i}']")).perform()
    tip = page.find_element(By.ID, "tip")
    assert tip.is_displayed() and f"{e.date} · {e.actor}" in tip.text
    body = page.find_element(By.ID, "details-body")
    assert e.describe() in body.text
    assert body.find_element(By.TAG_NAME, "a").get_attribute("href") == e.source.url  # type: ignore[union-attr]


def test_browser_zoom_and_pan_move_the_marks(page: Any) -> None:
    """Zooming in spreads the marks; the arrow keys on the chart pan them."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def x_of(i: int) -> float:
        x: float = page.execute_script(
            f"return document.querySelector(\".ev[data-pos='{i}']\").getBoundingClientRect().x"
        )
        return x

    a, b = x_of(3), x_of(10)
    page.find_element(By.ID, "zoom-in").click()
    assert x_of(10) - x_of(3) > (b - a) * 1.3
    before = x_of(10)
    page.find_element(By.ID, "chart").send_keys(Keys.ARROW_LEFT)
    assert x_of(10) > before


def test_browser_pinch_zooms(page: Any) -> None:
    """Two pointers moving apart (a pinch on a touch screen) zoom in; a lone tap stays a date click."""

    def x_of(i: int) -> float:
        x: float = page.execute_script(
            f"return document.querySelector(\".ev[data-pos='{i}']\").getBoundingClientRect().x"
        )
        return x

    gap = x_of(10) - x_of(3)
    page.execute_script(
        """const svg = document.getElementById('svg'), r = svg.getBoundingClientRect(), y = r.bottom - 12;
        const fire = (type, id, x) => svg.dispatchEvent(new PointerEvent(type, {pointerId: id, clientX: x, clientY: y,
            bubbles: true, pointerType: 'touch', isPrimary: id === 1}));
        const mid = r.left + r.width / 2;
        fire('pointerdown', 1, mid - 40); fire('pointerdown', 2, mid + 40);
        fire('pointermove', 2, mid + 120); fire('pointermove', 1, mid - 120);
        fire('pointerup', 2, mid + 120); fire('pointerup', 1, mid - 120);"""
    )
    assert x_of(10) - x_of(3) > gap * 2
    assert page.find_element("id", "status-h").text == f"Where everything stood on {DEAL.clock}"


def test_browser_phone_width_has_no_horizontal_overflow(page: Any) -> None:
    """At a phone's width (390 px) nothing sticks out sideways and the chart fits."""
    page.set_window_size(390, 844)
    page.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    widths = page.execute_script(
        "const d = document.documentElement, s = document.getElementById('svg').getBoundingClientRect();"
        "return [d.scrollWidth, d.clientWidth, s.right]"
    )
    assert widths[0] <= widths[1]
    assert widths[2] <= widths[1]
