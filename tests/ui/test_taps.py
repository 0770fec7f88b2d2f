"""A tremor's double tap acts once; a slide off a button cancels it (T5, T6, T7)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.core.navigation import HOME, Route
from kiosk.core.theme import TEXT_SCALES
from kiosk.ui.taps import TapFilter
from tests.ui.helpers import button, wait_exposed


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    return FakeClock()


@pytest.fixture
def taps(qapp, clock):  # type: ignore[no-untyped-def]
    tap_filter = TapFilter(400, clock=clock)
    qapp.installEventFilter(tap_filter)
    yield tap_filter
    qapp.removeEventFilter(tap_filter)


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


@pytest.mark.parametrize(("gap_s", "where"), [(0.1, Route("section", "forms")), (0.6, HOME)],
                         ids=["100ms-counts-once", "600ms-counts-twice"])
def test_double_tap_on_back(qtbot, window, taps, clock, gap_s, where) -> None:  # type: ignore[no-untyped-def]
    """Two taps on Back 100 ms apart go back one screen; 600 ms apart they go back two (T6)."""
    window.navigator.go(Route("section", "forms"))
    window.navigator.go(Route("page", "forms/blepharospasm"))
    back = button(window, "back")
    _click(qtbot, back)
    clock.now += gap_s
    _click(qtbot, back)
    assert window.navigator.current == where


def test_double_tap_on_tile_opens_once_across_screens(qtbot, window, taps, clock) -> None:
    """A double tap on a tile opens the section; the second tap does not hit the new screen."""
    tile = button(window, "tile-forms")
    _click(qtbot, tile)
    clock.now += 0.1
    first_item = window.stack.section_screen("forms").items.cards[0]
    with qtbot.assertNotEmitted(window.navigator.page_changed):
        _click(qtbot, first_item)
    assert window.navigator.current == Route("section", "forms")


def test_release_outside_cancels(qtbot, window) -> None:
    """Pressing a button does nothing; sliding off before release cancels the tap (T5)."""
    tile = button(window, "tile-forms")
    with qtbot.assertNotEmitted(tile.clicked):
        qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
        assert window.navigator.current == HOME
        qtbot.mouseMove(tile, QPoint(-50, -50))
        qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(-50, -50))
    assert window.navigator.current == HOME


def test_no_button_auto_repeats(window) -> None:
    """No button repeats while held (T7)."""
    buttons = window.findChildren(QAbstractButton)
    assert buttons
    assert not [b.objectName() for b in buttons if b.autoRepeat()]


def test_keyboard_is_not_suppressed(qtbot, window, taps, clock) -> None:
    """Staff using a keyboard are not slowed down by tap suppression."""
    window.navigator.go(Route("section", "forms"))
    window.navigator.go(Route("page", "forms/blepharospasm"))
    back = button(window, "back")
    back.setFocus()
    qtbot.keyClick(back, Qt.Key.Key_Space)
    qtbot.keyClick(back, Qt.Key.Key_Space)
    assert window.navigator.current == HOME
    assert QApplication.instance() is not None


def _tap_through_native_window(widget) -> None:  # type: ignore[no-untyped-def]
    """Tap as a touch screen does: the event reaches the native window before the widget."""
    from PySide6.QtTest import QTest

    top = widget.window()
    QTest.mouseClick(top.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(top, widget.rect().center()))


def test_the_kiosk_window_filters_repeated_taps(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    """As wired by the kiosk: the filter watches the window's input (installed after the first
    paint), so a tremor's double tap on Back goes back once."""
    window.watch_input(TapFilter(400, clock=clock))
    qtbot.wait_until(lambda: window.watching_input, timeout=5000)
    window.navigator.go(Route("section", "forms"))
    window.navigator.go(Route("page", "forms/blepharospasm"))
    back = button(window, "back")
    _tap_through_native_window(back)
    clock.now += 0.1
    _tap_through_native_window(back)
    assert window.navigator.current == Route("section", "forms")
    clock.now += 0.6
    _tap_through_native_window(button(window, "back"))
    assert window.navigator.current == HOME


def test_pop_up_panels_are_watched_too(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    """A double tap on a panel's button acts once, and using a panel keeps the idle reset away."""
    window.watch_input(TapFilter(400, clock=clock))
    qtbot.wait_until(lambda: window.watching_input, timeout=5000)
    seen: list[int] = []
    window.idle.activity = lambda: seen.append(1)  # the watcher's reaction to any input
    window.display.open_panel()
    panel = window.display.panel
    wait_exposed(qtbot, panel)
    bigger = panel.findChild(QAbstractButton, "textBigger")
    assert bigger is not None
    assert window.display.look.text_scale == TEXT_SCALES[0]
    _tap_through_native_window(bigger)
    assert seen  # the tap on the panel counted as the visitor being there
    clock.now += 0.1
    _tap_through_native_window(bigger)
    assert window.display.look.text_scale == TEXT_SCALES[1]  # one step, not two
    clock.now += 0.6
    _tap_through_native_window(panel.findChild(QAbstractButton, "textBigger"))
    assert window.display.look.text_scale == TEXT_SCALES[2]


def test_the_presenter_is_watched_too(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    """In a guided session a double tap on Next moves one step, not two."""
    window.watch_input(TapFilter(400, clock=clock))
    qtbot.wait_until(lambda: window.watching_input, timeout=5000)
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    wait_exposed(qtbot, presenter)
    assert "Step 1 of" in presenter.step_label.text()
    _tap_through_native_window(presenter.next_button)
    clock.now += 0.1
    _tap_through_native_window(presenter.next_button)
    assert "Step 2 of" in presenter.step_label.text()
    with qtbot.waitSignal(presenter.ended):
        presenter.end_session()
