"""The navigation bar on its own: its buttons ask for actions, and it shows what speech does."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from kiosk.core.theme import Metrics
from kiosk.ui.navbar import NavBar
from kiosk.ui.speech_state import SpeechState
from tests.ui.helpers import tap, wait_exposed


@pytest.fixture
def icons() -> list[tuple[str, int]]:
    return []


@pytest.fixture
def bar(qtbot: QtBot, icons: list[tuple[str, int]]) -> NavBar:
    def icon(name: str, size: int) -> QIcon:
        icons.append((name, size))
        return QIcon()

    widget = NavBar(icon)
    qtbot.add_widget(widget)
    widget.show()
    wait_exposed(qtbot, widget)
    return widget


def test_each_button_asks_for_its_action(qtbot: QtBot, bar: NavBar) -> None:
    """Tapping Back, Home, Listen and Text and screen emits the matching request."""
    for button, signal in ((bar.back_button, bar.back_requested),
                           (bar.home_button, bar.home_requested),
                           (bar.listen_button, bar.listen_requested),
                           (bar.display_button, bar.display_requested)):
        with qtbot.waitSignal(signal, timeout=1000):
            tap(qtbot, button)


def test_stop_and_repeat_show_only_while_reading(qtbot: QtBot, bar: NavBar) -> None:
    """Listen reads Pause while speaking and Resume while paused; Stop and Repeat appear then."""
    assert bar.listen_button.text() == "Listen"
    assert not bar.stop_button.isVisible() and not bar.repeat_button.isVisible()
    bar.show_speech_state(SpeechState.SPEAKING)
    assert bar.listen_button.text() == "Pause"
    assert bar.stop_button.isVisible() and bar.repeat_button.isVisible()
    with qtbot.waitSignal(bar.stop_requested, timeout=1000):
        tap(qtbot, bar.stop_button)
    with qtbot.waitSignal(bar.repeat_requested, timeout=1000):
        tap(qtbot, bar.repeat_button)
    bar.show_speech_state("paused")  # as Speech.state_changed sends it
    assert bar.listen_button.text() == "Resume"
    assert bar.listen_button.accessibleName() == "Resume"
    bar.reset()
    assert bar.listen_button.text() == "Listen"
    assert not bar.stop_button.isVisible() and not bar.repeat_button.isVisible()


def test_back_and_home_follow_the_place(bar: NavBar) -> None:
    """At home with no history, Back and Home are disabled; elsewhere both act."""
    bar.show_place(can_go_back=False, at_home=True)
    assert not bar.back_button.isEnabled() and not bar.home_button.isEnabled()
    bar.show_place(can_go_back=True, at_home=False)
    assert bar.back_button.isEnabled() and bar.home_button.isEnabled()


def test_metrics_set_spacing_and_icons(bar: NavBar, icons: list[tuple[str, int]]) -> None:
    """New sizes give every button an icon a little larger than the bar's text."""
    metrics = Metrics(body_px=20, nav_px=20, small_px=16, h1_px=30, h2_px=26, h3_px=22,
                      tile_title_px=24, target_px=44, primary_px=76, gap_px=9, padding_px=8,
                      radius_px=6, border_px=2, focus_px=3)
    bar.show_speech_state(SpeechState.SPEAKING)
    icons.clear()
    bar.apply_metrics(metrics)
    assert {name for name, _size in icons} == {"back", "home", "pause", "stop", "repeat",
                                                "text-bigger"}
    assert {size for _name, size in icons} == {22}
    layout = bar.bar.layout()
    assert layout is not None and layout.spacing() == 9
    assert [b.objectName() for b in bar.buttons()] == ["back", "home", "listen", "repeat",
                                                       "stopListening", "display"]


def test_the_bar_is_painted_in_its_colour(window) -> None:  # type: ignore[no-untyped-def]
    """In the kiosk window the bar shows its own colour from the style sheet (a QWidget subclass
    must paint its style-sheet background itself)."""
    bar = window.nav_bar
    corner = bar.mapTo(window, bar.rect().topLeft())
    pixel = window.grab().toImage().pixelColor(corner.x() + 2, corner.y() + 2)
    assert pixel.name().lower() == window.styler.colours(window.display.look).bar.lower()


def test_the_title_row_is_painted_in_the_bar_colour_around_the_language_button(
        window) -> None:  # type: ignore[no-untyped-def]
    """At 200 percent text the corner beside the language button is the bar's colour, not the
    page's (the row is a plain QWidget, so Qt paints its style-sheet background)."""
    window.display.set_look(replace(window.display.look, text_scale=2.0))
    window.resize(800, 800)
    button = window.title_row.language_button
    assert button.isVisible()
    below = button.mapTo(window, button.rect().bottomLeft())
    pixel = window.grab().toImage().pixelColor(below.x() + 2, below.y() + 3)
    assert pixel.name().lower() == window.styler.colours(window.display.look).bar.lower()
