"""Staff mode on its own: the PIN keypad, the staff panel's requests and a session's lifetime."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.config import KioskConfig
from kiosk.core.content import Library
from kiosk.core.theme import Metrics
from kiosk.ui.popups import Popups
from kiosk.ui.staffmode import StaffMode
from kiosk.ui.style import Look, Styler
from tests.ui.helpers import tap, wait_exposed


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.add_widget(widget)
    widget.resize(1280, 800)
    widget.show()
    wait_exposed(qtbot, widget)
    return widget


@pytest.fixture
def staff(host: QWidget, config: KioskConfig, library: Library, _fonts: object) -> StaffMode:
    styler = Styler(config)
    popups = Popups(lambda: styler.metrics(Look()), host)
    return StaffMode(host, config, library, styler, popups, Look, lambda: False)


def test_without_a_pin_the_keypad_explains(qtbot: QtBot, staff: StaffMode) -> None:
    """Holding the title on a kiosk with no PIN set opens the keypad, which says how to set one."""
    staff.ask_for_pin()
    qtbot.waitUntil(staff.pin_panel.isVisible)
    assert "set-pin" in staff.pin_panel.message.text()
    staff.pin_panel.press("4")
    staff.reset()
    assert staff.pin_panel.digits == ""


def test_the_staff_panel_asks_for_exit_reload_and_a_pause(qtbot: QtBot,
                                                          staff: StaffMode) -> None:
    """The staff panel's buttons become staff mode's requests; the window acts on them."""
    staff.open_staff_panel("A note")
    panel = staff.staff_panel
    qtbot.waitUntil(panel.isVisible)
    assert "A note" in panel.problems.text()
    with qtbot.waitSignal(staff.idle_pause_requested, timeout=1000) as paused:
        tap(qtbot, panel.pause_button)
    assert paused.args == [True]
    with qtbot.waitSignal(staff.reload_requested, timeout=1000):
        tap(qtbot, panel.reload_button)
    with qtbot.waitSignal(staff.exit_requested, timeout=1000):
        tap(qtbot, panel.exit_button)


def test_a_session_pauses_the_idle_reset_until_it_ends(qtbot: QtBot, staff: StaffMode) -> None:
    """Starting a session asks for a pause and shows the presenter; ending it asks to resume."""
    pauses: list[bool] = []
    staff.idle_pause_requested.connect(pauses.append)
    with qtbot.waitSignal(staff.presenter_shown, timeout=2000):
        staff.start_session(staff.sessions[0])
    presenter = staff.presenter
    assert presenter is not None and pauses == [True]
    with qtbot.waitSignal(presenter.ended, timeout=2000):
        presenter.end_session()
    assert staff.presenter is None and pauses == [True, False]


def test_panels_take_the_current_sizes(staff: StaffMode) -> None:
    """A panel built after a change of sizes gets them (spacing of at least 2 mm, T4)."""
    panel = staff.sessions_panel
    layout = panel.layout()
    metrics: Metrics = staff.styler.metrics(Look())
    assert layout is not None and layout.spacing() == metrics.gap_px
    assert all(card.minimumHeight() == metrics.card_px for card in panel.cards)
