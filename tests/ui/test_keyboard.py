"""Keyboard and switch users (issue 17): Tab and Shift+Tab in reading order, Space or Enter to
act, a visible focus ring, focus that never falls on a control that switched itself off, and
keys that always count as someone being there.

Keys go to the native window (``QTest.keyClick(window.windowHandle(), ...)``), as a real
keyboard's do, so the kiosk's filters see them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.core.navigation import Route
from kiosk.core.theme import THEMES, contrast_ratio


class Clock:
    """A clock a test moves on by hand (the repeat-key window)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kb(qtbot, window) -> Iterator:  # type: ignore[no-untyped-def]
    """The window after its warm-up (its key filters are on), active, with a hand clock that
    moves one second between keys unless a test holds it."""
    with qtbot.waitSignal(window.warm_up.finished, timeout=30_000):
        pass
    clock = Clock()
    window.keys.clock = clock
    window.keys.window_ms = 400  # the default (the test config turns the tap window off)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.clock = clock
    yield window


def press(qtbot, key: Qt.Key, *, clock: Clock | None = None, step: float = 1.0) -> None:  # type: ignore[no-untyped-def]
    """One key press and release on the active native window, ``step`` seconds after the last."""
    if clock is not None:
        clock.now += step
    target = QApplication.activeWindow()
    assert target is not None, "no active window: keys would go nowhere"
    handle = target.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key)


def focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def tab_tour(qtbot, window, start: QWidget, count: int) -> list[QWidget]:  # type: ignore[no-untyped-def]
    focus(qtbot, start)
    seen = [start]
    for _ in range(count):
        press(qtbot, Qt.Key.Key_Tab, clock=window.clock)
        seen.append(QApplication.focusWidget())
    return seen


# -- acting --------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_and_space_open_a_tile(qtbot, kb, key) -> None:  # type: ignore[no-untyped-def]
    """Return, the keypad's Enter (what many switch interfaces send) and Space open a tile."""
    tile = next(t for t in kb.home_screen.tiles.cards if t.objectName() == "tile-forms")
    focus(qtbot, tile)
    press(qtbot, key, clock=kb.clock)
    assert kb.navigator.current == Route("section", "forms")


def test_enter_acts_on_a_popup_button(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Enter works in pop-ups too: Text and screen opens and closes from the keyboard, then the
    kiosk window is active again with the focus back on the button that opened it."""
    display = kb.nav_bar.display_button
    focus(qtbot, display)
    press(qtbot, Qt.Key.Key_Return, clock=kb.clock)
    panel = kb.display.panel
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    focus(qtbot, panel.close_button)
    press(qtbot, Qt.Key.Key_Return, clock=kb.clock)
    qtbot.waitUntil(lambda: not panel.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is kb)
    assert QApplication.focusWidget() is display


def test_a_bounced_key_acts_once(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """A second Enter within the repeat-tap time (a bounced switch, a tremor) does nothing; one
    after it acts."""
    kb.navigator.go(Route("section", "forms"))
    items = [b for b in kb.stack.current_screen().findChildren(QAbstractButton)
             if b.property("kind") == "item" and b.isVisible()]
    focus(qtbot, items[0])
    press(qtbot, Qt.Key.Key_Return, clock=kb.clock)
    opened = kb.navigator.current
    assert opened.kind == "page"
    kb.nav_bar.back_button.setFocus()
    press(qtbot, Qt.Key.Key_Return, clock=kb.clock, step=0.1)  # 100 ms later: ignored
    assert kb.navigator.current == opened
    press(qtbot, Qt.Key.Key_Return, clock=kb.clock, step=1.0)
    assert kb.navigator.current == Route("section", "forms")


def test_a_held_enter_acts_once(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Holding Enter down (auto-repeat) opens one tile, not the screens after it."""
    tile = next(t for t in kb.home_screen.tiles.cards if t.objectName() == "tile-forms")
    focus(qtbot, tile)
    handle = kb.windowHandle()
    QTest.keyPress(handle, Qt.Key.Key_Return)
    for _ in range(5):
        kb.clock.now += 1
        QCoreApplication.sendEvent(handle, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                     Qt.KeyboardModifier.NoModifier, "\r", True))
    QTest.keyRelease(handle, Qt.Key.Key_Return)
    assert kb.navigator.current == Route("section", "forms")
    assert len(kb.navigator.history) == 2


# -- the idle timer --------------------------------------------------------------------------

def test_keys_count_as_activity_even_when_not_spontaneous(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """With a screen reader, Qt's AT-SPI bridge sends each key again itself (not spontaneous):
    it still counts, so the kiosk does not reset under a keyboard user."""
    idle = kb.idle
    idle.idle_timer.stop()
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    QCoreApplication.sendEvent(kb.windowHandle(), key)
    assert not key.spontaneous()
    assert idle.idle_timer.isActive()
    idle.idle_timer.stop()
    with qtbot.waitSignal(idle.warning_shown):
        idle.idle_timer.setInterval(1)
        idle.idle_timer.start()
    idle.idle_timer.setInterval(60_000)
    with qtbot.waitSignal(idle.continued):
        QCoreApplication.sendEvent(kb.windowHandle(), QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier))
    assert not kb.idle_overlay.isVisible()


def ask_still_there(qtbot, kb) -> QWidget:  # type: ignore[no-untyped-def]
    """Let the idle time run out now: "Are you still there?" shows; its button."""
    idle = kb.idle
    idle.idle_timer.setInterval(1)
    with qtbot.waitSignal(idle.warning_shown):
        idle.restart()
    idle.idle_timer.setInterval(60_000)
    still_here = kb.idle_overlay.still_here
    qtbot.waitUntil(still_here.hasFocus)
    return still_here


@pytest.mark.parametrize("key", [Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return,
                                 Qt.Key.Key_Space, Qt.Key.Key_Down])
def test_any_key_answers_the_idle_question(qtbot, kb, key) -> None:  # type: ignore[no-untyped-def]
    """On "Are you still there?" any key only answers it (as a tap does): a Tab does not move
    on to the buttons covered underneath, and the focus goes back where it was."""
    tile = kb.home_screen.tiles.cards[2]
    focus(qtbot, tile)
    ask_still_there(qtbot, kb)
    press(qtbot, key, clock=kb.clock)
    assert not kb.idle_overlay.isVisible()
    assert tile.hasFocus()
    assert kb.navigator.current == Route("home")


def test_tab_cannot_leave_the_idle_question(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Even a Tab that reaches the question's button itself stays on it."""
    still_here = ask_still_there(qtbot, kb)
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        qtbot.keyClick(still_here, key)  # straight to the button, past the window's filters
        assert still_here.hasFocus()


# -- where the focus goes --------------------------------------------------------------------

def test_down_at_the_end_of_a_page_keeps_the_focus(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Pressing Down to the end of a page leaves the focus on the scroll buttons; a held or
    repeated Space never leaves the page (it walked through ten pages)."""
    page = Route("page", "forms/cervical-dystonia")
    kb.navigator.go(page)
    pane = kb.stack.current_screen().scroll_pane()
    qtbot.waitUntil(lambda: pane.down_button.isVisible())
    focus(qtbot, pane.down_button)
    for _ in range(40):
        press(qtbot, Qt.Key.Key_Space, clock=kb.clock)
        if not pane.down_button.isEnabled():
            break
    assert kb.navigator.current == page
    assert not pane.down_button.isEnabled()
    assert QApplication.focusWidget() is pane.up_button


def test_bigger_text_at_its_limit_keeps_the_focus_on_text_size(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """At the largest text "Bigger" turns off and the focus goes to "Smaller": the next Space
    does not change the theme."""
    kb.display.open_panel()
    panel = kb.display.panel
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    focus(qtbot, panel.bigger)
    for _ in range(12):
        if not panel.bigger.isEnabled():
            break
        press(qtbot, Qt.Key.Key_Space, clock=kb.clock)
    assert not panel.bigger.isEnabled()
    assert panel.smaller.hasFocus()
    theme = kb.display.look.theme
    press(qtbot, Qt.Key.Key_Space, clock=kb.clock)
    assert kb.display.look.theme == theme
    assert panel.bigger.isEnabled()  # one step smaller again


def test_stop_gives_the_focus_back_to_listen(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Stop hides itself when reading ends; the focus goes to Listen, not "Text and screen"."""
    bar = kb.nav_bar
    bar.show_speech_state("speaking")
    focus(qtbot, bar.stop_button)
    bar.show_speech_state("idle")
    assert not bar.stop_button.isVisible()
    assert bar.listen_button.hasFocus()


def test_tab_follows_reading_order_on_a_staff_laptop(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Tab goes through every home tile in order, "Guided sessions" included, then the bar;
    on a list, through its items before the Up and Down buttons."""
    tiles = list(kb.home_screen.tiles.cards)
    assert kb.sessions_tile is not None and kb.sessions_tile in tiles
    tour = tab_tour(qtbot, kb, tiles[0], len(tiles) + 2)
    assert tour[:len(tiles)] == tiles
    home_pane = kb.home_screen.scroll_pane()
    assert tour[len(tiles)] in (home_pane.up_button, home_pane.down_button,
                                *kb.nav_bar.buttons())

    kb.navigator.go(Route("section", "forms"))
    screen = kb.stack.current_screen()
    pane = screen.scroll_pane()
    items = [b for b in screen.findChildren(QAbstractButton)
             if b.property("kind") == "item" and b.isVisible()]
    qtbot.waitUntil(lambda: pane.down_button.isVisible())
    tour = tab_tour(qtbot, kb, items[0], len(items) + 1)
    assert tour[:len(items)] == sorted(items, key=lambda b: b.mapTo(screen, b.rect().topLeft()).y())
    assert tour[len(items)] in (pane.up_button, pane.down_button)
    assert tour[len(items) + 1] in (pane.down_button, *kb.nav_bar.buttons())


def test_shift_tab_goes_back_the_same_way(qtbot, kb) -> None:  # type: ignore[no-untyped-def]
    """Shift+Tab visits the same controls as Tab, in the reverse order."""
    tiles = list(kb.home_screen.tiles.cards)
    forward = tab_tour(qtbot, kb, tiles[0], 6)
    back = [QApplication.focusWidget()]
    for _ in range(6):
        press(qtbot, Qt.Key.Key_Backtab, clock=kb.clock)
        back.append(QApplication.focusWidget())
    assert back == list(reversed(forward))


# -- seeing the focus ------------------------------------------------------------------------

def _ring(qtbot, window, button: QWidget) -> tuple[str, str, str, str, str]:  # type: ignore[no-untyped-def]
    """Colours at the middle of the left edge: (ring, fill) unfocused, (ring, fill) focused,
    and just outside the button."""
    border = window.styler.metrics(window.display.look).focus_px
    y = button.height() // 2
    outside = window.grab().toImage().pixelColor(button.mapTo(window, QPoint(-2, y)))
    if button.hasFocus():
        window.setFocus()
    before = button.grab().toImage()
    focus(qtbot, button)
    after = button.grab().toImage()
    return (before.pixelColor(1, y).name(), before.pixelColor(border + 2, y).name(),
            after.pixelColor(1, y).name(), after.pixelColor(border + 2, y).name(), outside.name())


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_focus_ring_stands_out_on_every_control(qtbot, kb, theme) -> None:  # type: ignore[no-untyped-def]
    """Every control shows focus at 3:1 or more against what is around it: a ring against the
    button's fill and the background, or (on the bars) a fill against the bar and the
    unfocused fill. The bottom bar's ring was hidden by the bar's own border rule."""
    kb.display.set_theme(theme)
    kb.navigator.go(Route("section", "forms"))
    kb.navigator.go(Route("page", "forms/cervical-dystonia"))
    screen = kb.stack.current_screen()
    pane = screen.scroll_pane()
    qtbot.waitUntil(lambda: pane.down_button.isVisible())
    controls = [b for b in (*kb.nav_bar.buttons(), pane.down_button, screen.next_button,
                            screen.previous_button)
                if b.isVisible() and b.isEnabled()]
    for control in controls:
        ring_u, fill_u, ring_f, fill_f, outside = _ring(qtbot, kb, control)
        by_ring = (contrast_ratio(ring_f, outside) >= 3 and contrast_ratio(ring_f, fill_f) >= 3
                   and ring_f != ring_u)
        by_fill = contrast_ratio(fill_f, outside) >= 3 and contrast_ratio(fill_f, fill_u) >= 3
        assert by_ring or by_fill, (theme, control.objectName(), ring_u, fill_u, ring_f,
                                    fill_f, outside)
    kb.navigator.home()
    for tile in kb.home_screen.tiles.cards:
        ring_u, _fill_u, ring_f, fill_f, outside = _ring(qtbot, kb, tile)
        assert ring_f != ring_u, tile.objectName()
        assert contrast_ratio(ring_f, outside) >= 3, (theme, tile.objectName(), ring_f, outside)
        assert contrast_ratio(ring_f, fill_f) >= 3, (theme, tile.objectName(), ring_f, fill_f)
