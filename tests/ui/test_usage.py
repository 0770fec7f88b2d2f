"""Anonymous usage counts in the running kiosk: what a visitor did is what is counted, nothing
private reaches the file, the minute write, the nightly purge, a damaged file, and the staff
report "What visitors read"."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.config import KioskConfig
from kiosk.core.paths import state_dir
from kiosk.core.pin import hash_pin
from kiosk.ui.charts import BarChartWidget
from kiosk.ui.presenter import PresenterWindow
from tests.ui.helpers import tap, tap_name

PIN = "97538642"
WRONG_PIN = "86420975"


def _db() -> Path:
    return state_dir() / "usage.sqlite3"


def _counts(window) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    """Every ``(event, key)`` written so far, with its count (hours added up)."""
    window.usage.flush()
    db = sqlite3.connect(_db())
    try:
        rows = db.execute("SELECT event, key, SUM(n) FROM counts GROUP BY event, key")
        return {(event, key): n for event, key, n in rows}
    finally:
        db.close()


def _build(qtbot, library, **settings):  # type: ignore[no-untyped-def]
    from kiosk.ui.window import build_window

    config = KioskConfig(repeat_tap_ms=0, speech_engine="mock", **settings)
    window = build_window(config, library)
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    return window


def test_counts_after_a_visit_match_what_the_visitor_did(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Tile, list item, bigger text, dark screen, another language, Back, then the reset:
    one visit, each screen once, each choice once, and the time on the screens left."""
    tap_name(qtbot, window, "tile-forms")
    tap_name(qtbot, window, "item-forms/blepharospasm")
    tap_name(qtbot, window, "display")
    panel = window.display.panel
    qtbot.waitUntil(panel.isVisible)
    tap(qtbot, panel.bigger)
    tap(qtbot, panel.dark)
    tap(qtbot, panel.close_button)
    tap_name(qtbot, window, "language")
    tap_name(qtbot, window, "back")
    window.reset_for_next_visitor()  # the idle time-out: not a choice, not a screen
    window.reset_for_next_visitor()  # a second reset with nobody there: no visit
    assert _counts(window) == {
        ("visit", ""): 1,
        ("screen", "section/forms"): 2,  # opened, and again with Back
        ("time:under-10s", "section/forms"): 1,
        ("screen", "page/forms/blepharospasm"): 1,
        ("time:under-10s", "page/forms/blepharospasm"): 1,
        ("text-size", "125"): 1,
        ("theme", "dark"): 1,
        ("language", "es"): 1,
    }


# Qt Multimedia looks for PipeWire the first time a speech engine loads in the process.
@pytest.mark.qt_log_ignore("pipewire")
def test_listen_is_counted_with_the_screen_it_read(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("PySide6.QtTextToSpeech", reason="needs PySide6-Addons and libpulse0")
    tap_name(qtbot, window, "tile-get-help-now")
    with qtbot.waitSignal(window.reader.reading_started, timeout=5000):
        tap_name(qtbot, window, "listen")
    counts = _counts(window)
    assert counts[("listen", "page/get-help-now/get-help-now")] == 1
    assert counts[("visit", "")] == 1


def test_nothing_typed_and_no_time_finer_than_the_hour_is_stored(qtbot, library, _fonts
                                                                 ) -> None:  # type: ignore[no-untyped-def]
    """Staff type a wrong PIN and the right one on the keypad; visitors tap about: the file
    (and its WAL) holds neither PIN, no hh:mm time, and only hour-long timestamps."""
    window = _build(qtbot, library, staff_pin_hash=hash_pin(PIN, n=2**4))
    tap_name(qtbot, window, "tile-treatments")
    window.title_bar.hold_timer.setInterval(30)
    with qtbot.waitSignal(window.title_bar.held, timeout=2000):
        qtbot.mousePress(window.title_bar, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(window.title_bar, Qt.MouseButton.LeftButton)
    keypad = window.staff.pin_panel
    qtbot.waitUntil(keypad.isVisible)
    for pin in (WRONG_PIN, PIN):
        for digit in pin:
            tap(qtbot, keypad.keys.get(digit) or keypad.findChild(type(keypad.close_button),
                                                                  "pin0"))
        tap(qtbot, keypad.findChild(type(keypad.close_button), "pinEnter"))
    qtbot.waitUntil(window.staff.staff_panel.isVisible)
    tap(qtbot, window.staff.staff_panel.close_button)
    tap_name(qtbot, window, "home")
    window.reset_for_next_visitor()
    assert _counts(window)[("visit", "")] == 1
    window.allow_close()
    window.close()
    files = sorted(state_dir().glob("usage.sqlite3*"))
    assert files
    for path in files:
        data = path.read_bytes()
        for secret in (PIN, WRONG_PIN, PIN[:4], WRONG_PIN[:4]):
            assert secret.encode() not in data, path
        assert not re.search(rb"\d\d:\d\d", data), path
    db = sqlite3.connect(_db())
    hours = {hour for (hour,) in db.execute("SELECT hour FROM counts")}
    events = {event for (event,) in db.execute("SELECT DISTINCT event FROM counts")}
    db.close()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d", hour) for hour in hours)
    assert events <= {"visit", "screen", "time:under-10s"}


def test_counts_are_written_a_minute_after_the_first(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """An untouched kiosk runs no write timer; the first count starts it, and it writes."""
    timer = window.usage.timer
    assert timer.objectName() == "usage_flush_timer" and timer.interval() == 60_000
    assert not timer.isActive()
    timer.setInterval(50)
    with qtbot.waitSignal(window.usage.flushed, timeout=5000) as written:
        tap_name(qtbot, window, "tile-forms")
        assert timer.isActive()
    assert written.args == [2]  # the visit and the screen
    assert not timer.isActive()
    assert _counts(window) == {("visit", ""): 1, ("screen", "section/forms"): 1}


def test_the_nightly_reset_deletes_rows_older_than_kept(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    window = _build(qtbot, library, usage_keep_days=30)
    window.usage.open_store()
    old = (dt.date.today() - dt.timedelta(days=31)).isoformat() + "T10"
    recent = (dt.date.today() - dt.timedelta(days=29)).isoformat() + "T10"
    window.usage.store.write({(old, "visit", ""): 5, (recent, "visit", ""): 2})
    tap_name(qtbot, window, "tile-forms")
    window.daily_reset.due.emit()
    assert window.navigator.history.can_go_back is False  # the reset happened too
    db = sqlite3.connect(_db())
    rows = sorted(db.execute("SELECT hour, n FROM counts WHERE event = 'visit'"))
    db.close()
    assert rows[:1] == [(recent, 2)] and all(hour > old for hour, _n in rows)


def test_a_damaged_file_is_set_aside_and_the_kiosk_goes_on(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    _db().parent.mkdir(parents=True, exist_ok=True)
    _db().write_bytes(b"garbage" * 1000)
    window = _build(qtbot, library)
    tap_name(qtbot, window, "tile-forms")
    window.reset_for_next_visitor()
    assert (_db().parent / "usage.sqlite3.corrupt-1").read_bytes().startswith(b"garbage")
    assert _counts(window)[("visit", "")] == 1
    tap_name(qtbot, window, "tile-treatments")  # the kiosk carries on


def test_counting_off_writes_nothing(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    window = _build(qtbot, library, usage_counts=False)
    with qtbot.waitSignal(window.warm_up.finished, timeout=20000):
        pass
    tap_name(qtbot, window, "tile-forms")
    window.reset_for_next_visitor()
    window.allow_close()
    window.close()
    assert not _db().exists()


def test_guided_sessions_and_handouts_are_counted(qtbot, window, tmp_path, monkeypatch  # type: ignore[no-untyped-def]
                                                  ) -> None:
    target = tmp_path / "handout.pdf"
    monkeypatch.setattr(PresenterWindow, "ask_save_path",
                        classmethod(lambda cls, parent, suggested: target))
    session = window.staff.sessions[0]
    window.staff.start_session(session)
    presenter = window.staff.presenter
    qtbot.add_widget(presenter)
    tap(qtbot, presenter.save_button)
    assert target.exists()
    counts = _counts(window)
    presenter.end_session()
    assert counts == {("session", session.id): 1, ("handout", "pdf"): 1}  # staff: no visit


def test_the_staff_report_shows_the_counts_in_charts(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """Staff panel: counting is on; "What visitors read" opens big charts with numbers, and
    says what is and is not stored."""
    window = _build(qtbot, library)
    tap_name(qtbot, window, "tile-forms")
    tap_name(qtbot, window, "item-forms/blepharospasm")
    window.reset_for_next_visitor()
    window.staff.open_staff_panel()
    staff_panel = window.staff.staff_panel
    qtbot.waitUntil(staff_panel.isVisible)
    assert "counting is on" in staff_panel.status.text()
    tap(qtbot, staff_panel.usage_button)
    panel = window.popups.built("usage")
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    assert "Counting is on" in panel.status.text() and "1 visits" in panel.status.text()
    charts = {c.chart.name: c for c in panel.findChildren(BarChartWidget)}
    assert {"visits-by-day", "visits-by-hour", "most-read", "left-quickly", "choices",
            "staff"} <= set(charts)
    assert "Blepharospasm: 1" in charts["most-read"].accessibleDescription()
    today = str(dt.date.today().day)
    assert f"{today}: 1" in charts["visits-by-day"].accessibleDescription()
    texts = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert "Never stored" in texts and "PIN" in texts
    qtbot.waitUntil(lambda: all(chart.height() >= chart.heightForWidth(chart.width())
                                for chart in charts.values()))  # nothing cut off
    image = charts["most-read"].grab().toImage()
    assert image.width() > 300  # drawn, not an empty widget
    tap(qtbot, panel.close_button)


def test_the_staff_panel_says_when_counting_is_off(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    window = _build(qtbot, library, usage_counts=False)
    window.staff.open_staff_panel()
    assert "counting is off" in window.staff.staff_panel.status.text()
    window.staff.open_usage_panel()
    panel = window.popups.built("usage")
    assert panel is not None and "Counting is off" in panel.status.text()
    assert not panel.findChildren(BarChartWidget)
