"""Left alone, the kiosk warns, waits and comes back clean; visitors cannot leave; staff can."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from kiosk.core.config import KioskConfig
from kiosk.core.navigation import HOME, Route
from kiosk.core.pin import hash_pin
from kiosk.ui.style import Look
from tests.ui.helpers import tap, wait_exposed


def shrink(window, idle_ms: int = 50, warning_s: int = 2, tick_ms: int = 20) -> None:  # type: ignore[no-untyped-def]
    window.idle.set_intervals(idle_ms, warning_s, tick_ms)


def test_warning_appears_after_idle_time(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """After the idle time a big "Are you still there?" overlay appears (T18)."""
    shrink(window)
    with qtbot.waitSignal(window.idle.warning_shown, timeout=2000):
        pass
    assert window.idle_overlay.isVisible()
    assert "still there" in window.idle_overlay.question.text()
    assert window.idle_overlay.still_here.height() >= 70


def test_any_tap_continues_exactly_where_the_visitor_was(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Ten times: warning, a tap anywhere; page, scroll and settings are unchanged (T19)."""
    window.navigator.go(Route("page", "about/myths-and-facts"))
    window.display.set_look(Look("dark", 1.5))
    pane = window.stack.page_screen.pane
    qtbot.waitUntil(lambda: pane.scroll_bar.maximum() > 0)
    pane.page_down()
    position = pane.scroll_bar.value()
    shrink(window, warning_s=50)
    for _ in range(10):
        with qtbot.waitSignal(window.idle.warning_shown, timeout=2000):
            pass
        with qtbot.assertNotEmitted(window.visit_reset), \
                qtbot.waitSignal(window.idle.continued, timeout=2000):
            qtbot.mouseClick(window.idle_overlay, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
        assert not window.idle_overlay.isVisible()
        assert window.navigator.current == Route("page", "about/myths-and-facts")
        assert pane.scroll_bar.value() == position
        assert window.display.look == Look("dark", 1.5)


def test_no_answer_resets_everything(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Nobody answers: home, no history, scroll at top, pop-ups closed, defaults back,
    clipboard empty (T21)."""
    window.navigator.go(Route("section", "forms"))
    window.navigator.go(Route("page", "about/myths-and-facts"))
    pane = window.stack.page_screen.pane
    qtbot.waitUntil(lambda: pane.scroll_bar.maximum() > 0)
    pane.page_down()
    window.display.set_look(Look("dark", 2.0, True))
    window.display.step_speech_rate(-1)
    window.display.open_panel()
    window.staff.pin_panel.press("1")
    QApplication.clipboard().setText("private")
    shrink(window)
    with qtbot.waitSignal(window.visit_reset, timeout=3000):
        pass
    assert window.navigator.current == HOME and not window.navigator.history.can_go_back
    assert not window.back_button.isEnabled()
    assert pane.scroll_bar.value() == 0
    assert window.display.look == window.display.default_look
    assert window.display.speech_rate == window.config.speech_rate
    assert not any(panel.isVisible() for panel in window.popups.all())
    assert not window.idle_overlay.isVisible()
    assert window.staff.pin_panel.digits == "" and window.staff.pin_panel.display.text() == ""
    assert QApplication.clipboard().text() == ""
    assert window.reader.state in ("idle", "unavailable")


def test_reading_aloud_counts_as_activity(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """While Listen is reading, no warning appears and nothing resets."""
    window.idle.busy = lambda: True
    shrink(window, idle_ms=20)
    with qtbot.assertNotEmitted(window.idle.warning_shown, wait=300):
        pass


def test_staff_pause_stops_the_reset(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """With the idle reset paused by staff, nothing happens however long it is left (T20)."""
    shrink(window, idle_ms=20)
    window.idle.set_paused(True)
    with qtbot.assertNotEmitted(window.idle.warning_shown, wait=300):
        pass
    window.idle.set_paused(False)
    with qtbot.waitSignal(window.idle.warning_shown, timeout=2000):
        pass


def test_close_refused_in_kiosk_mode(qtbot, config, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """In kiosk mode a close request (Alt+F4, window manager) is refused; staff exit allows it."""
    from kiosk.ui.window import build_window

    window = build_window(config, library, kiosk_mode=True)
    qtbot.add_widget(window)
    window.show()
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted()
    native = window.windowHandle().flags()  # what the window system is told
    assert native & Qt.WindowType.FramelessWindowHint
    assert native & Qt.WindowType.WindowStaysOnTopHint
    qtbot.wait_until(lambda: window.watching_input, timeout=5000)  # after the first paint
    assert window.windowFlags() == native  # the widget's own record agrees
    for key, modifier in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
        qtbot.keyClick(window, key, modifier)
        assert window.isVisible()
    window.allow_close()
    assert window.close()


def test_close_allowed_in_a_normal_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Without --kiosk the window closes normally (laptops)."""
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted()


def test_no_context_menu_selection_or_drops(window) -> None:  # type: ignore[no-untyped-def]
    """Nothing in the content can be selected, dragged or opened with a context menu."""
    view = window.stack.page_screen.view
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not view.acceptDrops() and not window.acceptDrops()


@pytest.fixture
def staff_window(qtbot, library, _fonts):  # type: ignore[no-untyped-def]
    from kiosk.ui.window import build_window

    config = KioskConfig(repeat_tap_ms=0, staff_pin_hash=hash_pin("2468", n=2**4))
    window = build_window(config, library)
    qtbot.add_widget(window)
    window.show()
    wait_exposed(qtbot, window)
    window.title_bar.hold_timer.setInterval(30)
    return window


def _hold_title(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.title_bar.held, timeout=2000):
        qtbot.mousePress(window.title_bar, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(window.title_bar, Qt.MouseButton.LeftButton)


def _type_pin(qtbot, panel, pin: str) -> None:  # type: ignore[no-untyped-def]
    for digit in pin:
        tap(qtbot, panel.findChild(type(panel.close_button), f"pin{digit}"))
    tap(qtbot, panel.findChild(type(panel.close_button), "pinEnter"))


def test_a_short_tap_on_the_title_does_nothing(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    """A patient's tap on the title never opens staff mode (it needs a 3-second hold)."""
    staff_window.title_bar.hold_timer.setInterval(3000)
    with qtbot.assertNotEmitted(staff_window.title_bar.held, wait=100):
        qtbot.mouseClick(staff_window.title_bar, Qt.MouseButton.LeftButton)
    assert not staff_window.staff.pin_panel.isVisible()


def test_staff_enter_with_pin(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    """Hold the title, type the PIN on the keypad: the staff panel opens."""
    _hold_title(qtbot, staff_window)
    panel = staff_window.staff.pin_panel
    qtbot.waitUntil(panel.isVisible)
    _type_pin(qtbot, panel, "2468")
    qtbot.waitUntil(staff_window.staff.staff_panel.isVisible)
    assert "pages" in staff_window.staff.staff_panel.status.text()


def test_five_wrong_pins_lock_staff_mode(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    """Five wrong PINs lock staff mode; even the right PIN is then refused."""
    _hold_title(qtbot, staff_window)
    panel = staff_window.staff.pin_panel
    qtbot.waitUntil(panel.isVisible)
    for _ in range(5):
        _type_pin(qtbot, panel, "1111")
    assert "Try again in 5 minutes" in panel.message.text()
    _type_pin(qtbot, panel, "2468")
    assert not staff_window.staff.staff_panel.isVisible()


def test_without_a_pin_staff_mode_explains(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """With no PIN set, the keypad explains how to set one."""
    window.staff.ask_for_pin()
    assert "set-pin" in window.staff.pin_panel.message.text()


def test_staff_panel_actions(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    """Pause and resume the idle reset, reload content and exit are all one tap."""
    staff_window.staff.open_staff_panel()
    panel = staff_window.staff.staff_panel
    qtbot.waitUntil(panel.isVisible)
    tap(qtbot, panel.pause_button)
    assert staff_window.idle.paused and "Resume" in panel.pause_button.text()
    tap(qtbot, panel.pause_button)
    assert not staff_window.idle.paused
    with qtbot.waitSignal(staff_window.reload_requested):
        tap(qtbot, panel.reload_button)
    with qtbot.waitSignal(staff_window.exit_requested):
        tap(qtbot, panel.exit_button)


def test_logs_hold_no_visitor_data(qtbot, window, caplog) -> None:  # type: ignore[no-untyped-def]
    """Logs never say which pages a visitor read (T22)."""
    caplog.set_level(logging.DEBUG)
    page = window.library.page("forms/blepharospasm")
    window.navigator.go(Route("page", page.id))
    window.reset_for_next_visitor()
    text = caplog.text
    assert "blepharospasm" not in text.lower() and page.title not in text
    assert "reset for the next visitor" in text


def test_guided_sessions_only_on_the_laptop(qtbot, window, config, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """The windowed app offers Guided sessions on home; the public kiosk does not."""
    from kiosk.ui.window import build_window

    assert window.findChild(type(window.home_screen.tiles.cards[0]), "tile-sessions")
    kiosk = build_window(config, library, kiosk_mode=True)
    qtbot.add_widget(kiosk)
    assert kiosk.findChild(type(window.home_screen.tiles.cards[0]), "tile-sessions") is None


def test_session_pauses_idle_until_it_ends(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Starting a guided session pauses the idle reset; ending it resumes."""
    session = window.staff.sessions[0]
    window.staff.start_session(session)
    assert window.idle.paused and window.staff.presenter is not None
    with qtbot.waitSignal(window.staff.presenter.ended):
        window.staff.presenter.end_session()
    assert not window.idle.paused and window.staff.presenter is None
