"""Sessions and pauses end by themselves; the reset leaves nothing; the PIN withstands patience
(issue 18). Taps go through the native windows, as a touch screen sends them."""

from __future__ import annotations

import logging
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QClipboard, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QScrollBar

import kiosk
from kiosk.core.config import ConfigError, from_mapping
from kiosk.core.navigation import HOME, Route
from kiosk.ui.style import Look
from tests.ui.kioskhelpers import (
    PIN,
    build_kiosk,
    enter_staff_mode,
    hold_title,
    kiosk_config,
    tap_native,
    type_pin,
)


@pytest.fixture
def kiosk_window(qtbot, library, _fonts):  # type: ignore[no-untyped-def]
    return build_kiosk(qtbot, kiosk_config(), library)


def _shrink(window, idle_ms: int = 50, warning_s: int = 2, tick_ms: int = 20) -> None:  # type: ignore[no-untyped-def]
    window.idle.set_intervals(idle_ms, warning_s, tick_ms)


# --- pauses and sessions end by themselves --------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_staff_pause_shows_a_marker_and_ends_by_itself(qtbot, kiosk_window, theme) -> None:  # type: ignore[no-untyped-def]
    """"Pause the idle reset" puts a big "Paused by staff" band on the kiosk screen, in both
    themes, and the pause ends by itself at its limit (the band goes, the reset is back)."""
    window = kiosk_window
    window.display.set_look(Look(theme, 1.0))
    window.idle.pause_timer.setInterval(300)  # staff_pause_max_minutes, shrunk
    enter_staff_mode(qtbot, window)
    tap_native(window.staff.staff_panel.pause_button)
    marker = window.pause_marker
    assert window.idle.paused and marker.isVisible()
    assert "Paused by staff" in marker.text()
    assert marker.height() >= window.styler.mm(8)  # a band, not a footnote
    assert marker.font().pixelSize() >= window.styler.metrics(window.display.look).body_px
    tap_native(window.staff.staff_panel.close_button)
    with qtbot.waitSignal(window.idle.pause_changed, timeout=5000) as ended:
        pass
    assert ended.args == [False]
    assert not window.idle.paused and not marker.isVisible()
    assert window.staff.staff_panel.pause_button.text() == "Pause the idle reset"
    _shrink(window)
    tap_native(window.home_screen.tiles.cards[0])  # someone is here: the reset counts again
    with qtbot.waitSignal(window.idle.warning_shown, timeout=5000):
        pass


def test_the_pause_limit_is_a_checked_setting() -> None:
    """staff_pause_max_minutes: 60 by default, 1 to 480, a clear message otherwise."""
    assert kiosk_config().staff_pause_max_minutes == 60
    assert from_mapping({"staff_pause_max_minutes": 15}).staff_pause_max_minutes == 15
    for bad in (0, 1000, "long"):
        with pytest.raises(ConfigError, match="staff_pause_max_minutes"):
            from_mapping({"staff_pause_max_minutes": bad}, "kiosk.toml")


def test_a_window_takes_the_pause_limit_from_the_config(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    window = build_kiosk(qtbot, kiosk_config(staff_pause_max_minutes=5), library)
    assert window.idle.pause_timer.interval() == 5 * 60 * 1000


def test_a_guided_session_does_not_pause_the_reset_for_ever(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """A session left open pauses the reset only up to the same limit."""
    window = kiosk_window
    window.idle.pause_timer.setInterval(200)
    window.staff.start_session(window.staff.sessions[0])
    assert window.idle.paused and window.pause_marker.isVisible()
    with qtbot.waitSignal(window.idle.pause_changed, timeout=5000):
        pass
    assert not window.idle.paused and not window.pause_marker.isVisible()
    window.staff.end_session()


def test_the_nightly_reset_ends_a_session_and_a_pause(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """At the daily reset time an open guided session and a staff pause both end."""
    window = kiosk_window
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    assert presenter is not None and window.idle.paused
    with qtbot.waitSignal(window.visit_reset, timeout=5000), \
            qtbot.waitSignal(presenter.ended, timeout=5000):
        window.daily_reset.timer.timeout.emit()
    assert window.staff.presenter is None
    assert not window.idle.paused and not window.pause_marker.isVisible()


def test_staff_can_end_a_session_from_the_kiosk_screen(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """The presenter may be on another screen or hidden: the staff panel on the kiosk screen
    offers "End the guided session" while one is open."""
    window = kiosk_window
    enter_staff_mode(qtbot, window)
    panel = window.staff.staff_panel
    assert not panel.end_session_button.isVisible()
    tap_native(panel.close_button)
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    window.activateWindow()
    enter_staff_mode(qtbot, window)
    assert panel.end_session_button.isVisible()
    with qtbot.waitSignal(presenter.ended, timeout=5000):
        tap_native(panel.end_session_button)
    assert window.staff.presenter is None and not window.idle.paused


# --- the reset leaves nothing ---------------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: a menu's raise and grab
def test_no_scroll_bar_menu_and_the_reset_closes_any_menu(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """A right click (or a long press sent as one) on a scroll bar opens no menu; a menu left
    open anyhow is closed by the reset."""
    window = kiosk_window
    with qtbot.waitSignal(window.warm_up.finished, timeout=20000):
        pass
    window.navigator.go(Route("page", "about/myths-and-facts"))
    bar = window.stack.page_screen.pane.scroll_bar
    qtbot.wait_until(lambda: bar.maximum() > 0)
    assert all(b.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
               for b in window.findChildren(QScrollBar))
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)  # the window's filter too
    tap_native(bar, Qt.MouseButton.RightButton)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
    menu = QMenu(window)
    menu.addAction("Scroll here")
    menu.popup(window.mapToGlobal(QPoint(100, 100)))
    qtbot.wait_exposed(menu)
    window.reset_for_next_visitor()
    assert not menu.isVisible()
    assert bar.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_the_reset_focuses_the_first_tile_and_empties_the_selection(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """The tile and item the last visitor opened keep no focus ring; the first tile has the
    focus; the clipboard and the X selection are empty."""
    window = kiosk_window
    tiles = window.home_screen.tiles.cards
    tiles[2].setFocus(Qt.FocusReason.TabFocusReason)  # a keyboard visitor's last tile
    tap_native(tiles[2])
    clipboard = QApplication.clipboard()
    clipboard.setText("last visitor's text", QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.setText("last visitor's page", QClipboard.Mode.Selection)
    window.reset_for_next_visitor()
    assert window.navigator.current == HOME
    assert QApplication.focusWidget() is tiles[0]
    assert not tiles[2].hasFocus()
    assert clipboard.text(QClipboard.Mode.Clipboard) == ""
    assert clipboard.text(QClipboard.Mode.Selection) == ""


def _first_link_point(view) -> QPoint:  # type: ignore[no-untyped-def]
    """The viewport position of the middle of the page's first link to another page."""
    document = view.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if fragment.charFormat().isAnchor() and href.startswith("kiosk:") \
                    and not href.startswith("kiosk:term/"):
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                view.setTextCursor(cursor)
                view.ensureCursorVisible()
                return view.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError("no internal link on the page")


def test_no_keyboard_selection_and_links_work_after_any_key(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+A, Shift+arrows and Ctrl+Shift+End select nothing; a link still opens its page."""
    window = kiosk_window
    window.navigator.go(Route("page", "about/how-dystonia-is-grouped"))
    view = window.stack.page_screen.view
    assert not view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    view.setFocus()
    modifiers = Qt.KeyboardModifier
    for key, modifier in ((Qt.Key.Key_A, modifiers.ControlModifier),
                          (Qt.Key.Key_Down, modifiers.ShiftModifier),
                          (Qt.Key.Key_End, modifiers.ShiftModifier | modifiers.ControlModifier),
                          (Qt.Key.Key_A, modifiers.ControlModifier)):
        QTest.keyClick(view, key, modifier)
        assert not view.textCursor().hasSelection()
    point = view.viewport().mapTo(window, _first_link_point(view))
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)
    qtbot.wait_until(lambda: window.navigator.current != Route("page",
                                                               "about/how-dystonia-is-grouped"))


def test_an_untouched_kiosk_stays_quiet_after_a_reset(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """After a reset nothing is counted until someone touches the kiosk: no warning and no
    reset every few minutes in an empty room. The first tap starts the count again."""
    window = kiosk_window
    _shrink(window, idle_ms=30)
    with qtbot.waitSignal(window.visit_reset, timeout=5000):
        pass
    with qtbot.assertNotEmitted(window.idle.warning_shown, wait=300):
        pass
    assert not window.idle_overlay.isVisible()
    tap_native(window.home_screen.tiles.cards[0])
    with qtbot.waitSignal(window.idle.warning_shown, timeout=5000):
        pass


def test_running_for_counts_from_the_application_start(qtbot, kiosk_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The staff panel's "Running for" is the time since the application started, not since
    the panel was first opened."""
    monkeypatch.setattr(kiosk, "STARTED", time.monotonic() - 3 * 3600)
    enter_staff_mode(qtbot, kiosk_window)
    assert "Running for 3:00:" in kiosk_window.staff.staff_panel.status.text()


# --- the PIN withstands patience ------------------------------------------------------------


def test_the_lockout_survives_a_restart(qtbot, library, _fonts, caplog) -> None:  # type: ignore[no-untyped-def]
    """Five wrong PINs on the keypad, then a new kiosk (a restart): still locked, even for the
    right PIN. Each wrong PIN, the lockout and the refusal are logged, never the digits."""
    caplog.set_level(logging.INFO)
    first = build_kiosk(qtbot, kiosk_config(), library)
    hold_title(qtbot, first)
    for _ in range(5):
        type_pin(qtbot, first.staff.pin_panel, "246813")
    assert "Try again in 5 minutes" in first.staff.pin_panel.message.text()
    first.allow_close()
    first.close()
    second = build_kiosk(qtbot, kiosk_config(), library)
    hold_title(qtbot, second)
    panel = second.staff.pin_panel
    assert "Try again in 5 minutes" in panel.message.text()
    type_pin(qtbot, panel, PIN)
    assert not second.staff.staff_panel.isVisible()
    text = caplog.text
    assert "wrong staff PIN (5 of 5)" in text and "locked for 5 minutes" in text
    assert "not checked" in text
    assert "246813" not in text and PIN not in text


def test_staff_entry_is_logged(qtbot, kiosk_window, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    enter_staff_mode(qtbot, kiosk_window)
    assert "staff mode entered" in caplog.text and PIN not in caplog.text


def test_a_readable_config_file_is_a_warning_on_the_staff_panel(qtbot, library, _fonts,  # type: ignore[no-untyped-def]
                                                                tmp_path, caplog) -> None:
    """A config file holding the PIN hash that others can read: a log warning, and a line on
    the staff panel each time it opens (also after a content reload builds a new window)."""
    from kiosk.app import Kiosk, config_file_warning

    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'light'\n", encoding="utf-8")
    path.chmod(0o644)
    config = kiosk_config()
    warning = config_file_warning(config, path)
    assert "chmod 600" in warning and "chmod 600" in caplog.text
    assert config_file_warning(kiosk_config().__class__(), path) == ""  # no PIN: nothing to say
    app = Kiosk(QApplication.instance(), config, library, library.root, kiosk_mode=False,
                staff_warning=warning)
    qtbot.add_widget(app.window)
    app.window.staff.open_staff_panel()
    assert "chmod 600" in app.window.staff.staff_panel.problems.text()
