"""The navigation bar: big Back, Home, Listen (Pause, Resume), Repeat, Stop and Display buttons.

It never moves and never changes its size with the text (start-up path: no ``Qt`` namespace).
It only shows state (whether Back and Home can act, what speech is doing) and asks for actions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.core import theme
from kiosk.ui.speech_state import SpeechState
from kiosk.ui.widgets import is_language_change, make_button, pass_focus

IconSource = Callable[[str, int], QIcon]
"""Draws the named icon (``resources/icons``) at a size in logical pixels, in the bar's colour."""


class NavBar(QWidget):
    """The bottom bar of the kiosk window.

    Args:
        icon: draws the buttons' icons (the window's styler, in the current look's bar colour).

    Signals:
        back_requested(), home_requested(), display_requested()
        listen_requested(): Listen, Pause or Resume, whichever the button shows.
        stop_requested(), repeat_requested(): shown only while reading aloud.
    """

    back_requested = Signal()
    home_requested = Signal()
    listen_requested = Signal()
    stop_requested = Signal()
    repeat_requested = Signal()
    display_requested = Signal()

    _ICONS = {SpeechState.SPEAKING: "pause"}

    def __init__(self, icon: IconSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The buttons sit on a plain QWidget named "navBar": Qt paints a style-sheet background
        # by itself only for plain QWidgets (a subclass would need a paintEvent in Python, and
        # the types it uses cost start-up time).
        self.bar = QWidget()
        self.bar.setObjectName("navBar")
        frame = QHBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.addWidget(self.bar)
        self._icon = icon
        self._speech_state = SpeechState.IDLE
        self.back_button = make_button("", role="primary", name="back")
        self.home_button = make_button("", role="primary", name="home")
        self.listen_button = make_button("", role="primary", name="listen")
        self.stop_button = make_button("", role="primary", name="stopListening")
        self.repeat_button = make_button("", role="primary", name="repeat")
        self.display_button = make_button("", role="primary", name="display")
        self._set_texts()
        self.back_button.clicked.connect(self.back_requested)
        self.home_button.clicked.connect(self.home_requested)
        self.listen_button.clicked.connect(self.listen_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.repeat_button.clicked.connect(self.repeat_requested)
        self.display_button.clicked.connect(self.display_requested)
        self.stop_button.hide()
        self.repeat_button.hide()
        self._layout = QHBoxLayout(self.bar)
        self._layout.addStretch(1)
        for button in self.buttons():
            self._layout.addWidget(button)
        self._layout.addStretch(1)

    def _set_texts(self) -> None:
        texts = ((self.back_button, self.tr("Back")), (self.home_button, self.tr("Home")),
                 (self.stop_button, self.tr("Stop")), (self.repeat_button, self.tr("Repeat")),
                 (self.display_button, self.tr("Text and screen")))
        for button, text in texts:
            button.setText(text)
            button.setAccessibleName(text)
        self.listen_button.setText(self._listen_text())
        self.listen_button.setAccessibleName(self.listen_button.text())

    def _listen_text(self) -> str:
        texts = {SpeechState.SPEAKING: self.tr("Pause"), SpeechState.PAUSED: self.tr("Resume")}
        return texts.get(self._speech_state, self.tr("Listen"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def buttons(self) -> list[QPushButton]:
        """The buttons in reading (and Tab) order."""
        return [self.back_button, self.home_button, self.listen_button, self.repeat_button,
                self.stop_button, self.display_button]

    def show_place(self, can_go_back: bool, at_home: bool) -> None:
        """Back acts when there is somewhere to go back to; Home everywhere but home."""
        back, home = self.back_button, self.home_button
        if not can_go_back:
            pass_focus(back, home if not at_home else self.listen_button)
        if at_home:
            pass_focus(home, back if can_go_back else self.listen_button)
        back.setEnabled(can_go_back)
        home.setEnabled(not at_home)

    def show_speech_state(self, state: str) -> None:
        """Listen says Pause while reading and Resume while paused; Stop and Repeat show then."""
        state = self._speech_state = SpeechState(state)
        reading = state.is_active
        listen = self.listen_button
        listen.setText(self._listen_text())
        listen.setAccessibleName(listen.text())
        listen.setIcon(self._icon(self._ICONS.get(state, "listen"), listen.iconSize().width()))
        if not reading:
            pass_focus(self.stop_button, listen)  # Stop hides itself: focus back on Listen
            pass_focus(self.repeat_button, listen)
        self.stop_button.setVisible(reading)
        self.repeat_button.setVisible(reading)

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Spacing, and icons a little larger than the bar's (unscaled) text."""
        gap = metrics.gap_px
        self._layout.setSpacing(gap)
        self._layout.setContentsMargins(gap, gap, gap, gap)
        icon_px = round(metrics.nav_px * 1.1)
        names = {self.back_button: "back", self.home_button: "home",
                 self.listen_button: self._ICONS.get(self._speech_state, "listen"),
                 self.stop_button: "stop", self.repeat_button: "repeat",
                 self.display_button: "text-bigger"}
        for button, name in names.items():
            button.setIcon(self._icon(name, icon_px))
            button.setIconSize(QSize(icon_px, icon_px))

    def reset(self) -> None:
        """For the next visitor: speech shown as idle (Back and Home follow the navigator)."""
        self.show_speech_state(SpeechState.IDLE)
