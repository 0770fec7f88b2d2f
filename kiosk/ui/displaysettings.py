"""The visitor's display choices for one visit: text size, light or dark screen, bigger buttons
and reading speed, and the panel that changes them (the steps come from :mod:`kiosk.core.visit`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from kiosk.core import theme, visit
from kiosk.ui.popups import Popups
from kiosk.ui.style import Look

if TYPE_CHECKING:
    from kiosk.ui.panels import DisplayPanel


class DisplaySettings(QObject):
    """What the visitor chose this visit; back to the configured defaults on :meth:`reset`.

    Args:
        look: the configured look.
        rate: the configured reading speed.
        popups: where the display panel is kept once built.
        host: the panel's parent (the kiosk window).
        width: how wide the panel opens.

    Signals:
        look_changed(object): the :class:`Look` to show from now on.
        rate_changed(float): the reading speed to use from now on.
    """

    look_changed = Signal(object)
    rate_changed = Signal(float)

    def __init__(self, look: Look, rate: float, popups: Popups, host: QWidget,
                 width: Callable[[], int]) -> None:
        super().__init__(host)
        self.default_look = self.look = look
        self.default_rate = self.speech_rate = rate
        self.popups = popups
        self.host = host
        self._width = width

    @property
    def panel(self) -> DisplayPanel:
        def make() -> DisplayPanel:
            from kiosk.ui.panels import DisplayPanel  # pop-ups are built after the first paint

            panel = DisplayPanel(self.host)
            panel.rate_name = self.rate_name  # named again in a new interface language
            panel.text_step_requested.connect(self.step_text_size)
            panel.theme_requested.connect(self.set_theme)
            panel.bigger_buttons_requested.connect(self.set_bigger_buttons)
            panel.rate_step_requested.connect(self.step_speech_rate)
            return panel

        return self.popups.get("display", make)

    @Slot()
    def open_panel(self) -> None:
        panel = self.panel
        self.show_on_panel()
        panel.open_centred(self._width())

    def show_on_panel(self) -> None:
        """Show the current choices on the panel, if it has been built (else it shows them when
        first opened)."""
        if self.popups.built("display") is None:
            return
        scale, rate = self.look.text_scale, self.speech_rate
        self.panel.show_state(
            round(scale * 100), visit.can_step(theme.TEXT_SCALES, scale, -1),
            visit.can_step(theme.TEXT_SCALES, scale, +1), self.look.theme,
            self.look.bigger_buttons, self.rate_name(), visit.can_step(visit.RATES, rate, -1),
            visit.can_step(visit.RATES, rate, +1))

    def set_look(self, look: Look) -> None:
        self.look = look
        self.look_changed.emit(look)

    @Slot(int)
    def step_text_size(self, direction: int) -> None:
        """One step bigger (+1) or smaller (-1) text, within the offered steps."""
        scale = visit.step_text_scale(self.look.text_scale, direction)
        self.set_look(replace(self.look, text_scale=scale))

    @Slot(str)
    def set_theme(self, name: str) -> None:
        self.set_look(replace(self.look, theme=name))

    @Slot(bool)
    def set_bigger_buttons(self, on: bool) -> None:
        self.set_look(replace(self.look, bigger_buttons=on))

    @Slot(int)
    def step_speech_rate(self, direction: int) -> None:
        """One step faster (+1) or slower (-1) reading aloud."""
        self.speech_rate = visit.step_rate(self.speech_rate, direction)
        self.rate_changed.emit(self.speech_rate)
        self.show_on_panel()

    def rate_name(self) -> str:
        names = (self.tr("very slow"), self.tr("slow"), self.tr("a little slow"),
                 self.tr("normal"), self.tr("a little fast"))
        return names[visit.nearest(visit.RATES, self.speech_rate)]

    def reset(self) -> None:
        """Text size, theme, bigger buttons and reading speed back to the configured defaults:
        the visitor's choices last for their visit only."""
        self.speech_rate = self.default_rate
        self.rate_changed.emit(self.speech_rate)
        self.set_look(self.default_look)
