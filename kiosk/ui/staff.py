"""Staff panels: the PIN keypad, the staff panel and the list of guided sessions.

A patient will not open them by accident: the way in is a 3-second hold on the title bar
(:class:`kiosk.ui.titlebar.TitleBar`) and a PIN typed on a big keypad; five wrong PINs lock it
for five minutes (kiosk.core.pin.PinGate). Built after the first paint, when staff first ask
(:mod:`kiosk.ui.staffmode` decides when).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

import kiosk
from kiosk.core import theme
from kiosk.core.content import Library
from kiosk.core.pin import PinGate, PinState
from kiosk.core.sessions import Session
from kiosk.ui.buttons import make_wrap_button
from kiosk.ui.contentactions import ContentActions
from kiosk.ui.panels import Panel
from kiosk.ui.usage import UsageRecorder
from kiosk.ui.widgets import CardButton


class PinPanel(Panel):
    """A big on-screen keypad for the staff PIN (digits are shown as dots).

    Signals:
        pin_accepted(): the right PIN was entered.
    """

    pin_accepted = Signal()

    def __init__(self, parent: QWidget, gate: PinGate) -> None:
        super().__init__(parent, "pinPanel")
        self.gate = gate
        self.digits = ""
        self.heading = QLabel(self.tr("Staff only"))
        self.heading.setProperty("kind", "heading")
        self.heading.setWordWrap(True)
        self.display = QLabel()
        self.display.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789"):
            button = make_wrap_button(key, role="primary", name=f"pin{key}")
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        clear = make_wrap_button(self.tr("Clear"), role="primary", name="pinClear")
        zero = make_wrap_button("0", role="primary", name="pin0")
        enter = make_wrap_button(self.tr("Enter"), role="primary", name="pinEnter")
        clear.clicked.connect(self.clear)
        zero.clicked.connect(lambda: self.press("0"))
        enter.clicked.connect(self.submit)
        for column, button in enumerate((clear, zero, enter)):
            grid.addWidget(button, 3, column)
        self.close_button.setText(self.tr("Cancel"))
        layout = QVBoxLayout(self.body)
        for widget in (self.heading, self.display, self.message):
            layout.addWidget(widget)
        layout.addLayout(grid)
        self.finished.connect(lambda _r: self.clear())

    def start(self, width: int) -> None:
        self.clear()
        status = self.gate.status()
        self.message.setText(self._describe(status.state, status.attempts_left,
                                            status.seconds_left, status.message))
        self.open_centred(width)

    def press(self, key: str) -> None:
        if len(self.digits) < 8:
            self.digits += key
        self.display.setText("\u25cf " * len(self.digits))

    @Slot()
    def clear(self) -> None:
        """Forget the digits typed so far (no undo, nothing kept)."""
        self.digits = ""
        self.display.setText("")

    @Slot()
    def submit(self) -> None:
        result = self.gate.attempt(self.digits)
        self.clear()
        if result.ok:
            self.accept()
            self.pin_accepted.emit()
            return
        self.message.setText(self._describe(result.state, result.attempts_left,
                                            result.seconds_left, result.message))

    def _describe(self, state: PinState, attempts: int | None, seconds: int | None,
                  fallback: str) -> str:
        if state is PinState.NO_PIN:
            return self.tr("No staff PIN is set. On the kiosk computer run: "
                           "python main.py set-pin")
        if state is PinState.LOCKED:
            minutes = max(1, round((seconds or 0) / 60))
            return self.tr("Too many wrong PINs. Try again in {0} minutes.").format(minutes)
        if state is PinState.WRONG:
            return self.tr("Wrong PIN. {0} tries left.").format(attempts)
        if state is PinState.READY:
            return self.tr("Enter the staff PIN, then Enter.")
        return fallback


class StaffPanel(Panel):
    """What staff can do: exit, pause the idle reset, reload content, see problems and status.

    Signals:
        exit_requested()
        idle_pause_toggled(bool): True to pause the idle reset.
        reload_requested()
        rollback_requested(): staff want the previous content back (only offered when the
            window has :class:`ContentActions` and a previous version exists).
        sessions_requested(): staff want to start a guided session.
        end_session_requested(): staff want to end the guided session that is open (its
            presenter may be hidden on a second screen, or behind a window manager's windows).
        usage_requested(): staff want the usage report (offered when the window counts).
    """

    exit_requested = Signal()
    idle_pause_toggled = Signal(bool)
    reload_requested = Signal()
    rollback_requested = Signal()
    sessions_requested = Signal()
    end_session_requested = Signal()
    usage_requested = Signal()

    def __init__(self, parent: QWidget, version: Callable[[], str]) -> None:
        super().__init__(parent, "staffPanel")
        self.version = version  # called when shown: reading package metadata is slow
        self.started = kiosk.STARTED  # the application's start, not the panel's
        self.heading = QLabel(self.tr("Staff panel"))
        self.heading.setProperty("kind", "heading")
        self.heading.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.problems_area = QScrollArea()
        self.problems_area.setWidgetResizable(True)
        self.problems_area.setWidget(self.problems)
        self.problems_area.setMinimumHeight(120)
        self.exit_button = make_wrap_button(self.tr("Exit the kiosk"), role="primary",
                                            name="staffExit")
        self.pause_button = make_wrap_button(self.tr("Pause the idle reset"), role="primary",
                                             name="staffPause")
        self.reload_button = make_wrap_button(self.tr("Reload content"), role="primary",
                                              name="staffReload")
        self.sessions_button = make_wrap_button(self.tr("Guided sessions"), role="primary",
                                                name="staffSessions")
        self.rollback_button = make_wrap_button(self.tr("Roll back to the previous content"),
                                                role="primary", name="staffRollback")
        self.end_session_button = make_wrap_button(self.tr("End the guided session"),
                                                   role="primary", name="staffEndSession")
        self.end_session_button.clicked.connect(self._end_session)
        self.end_session_button.hide()
        self.rollback_button.clicked.connect(self.rollback_requested)
        self.usage_button = make_wrap_button(self.tr("What visitors read"), role="primary",
                                             name="staffUsage")
        self.usage_button.clicked.connect(self.usage_requested)
        self.usage = parent.findChild(UsageRecorder)  # the window's anonymous counts
        self.usage_button.setVisible(self.usage is not None)
        self.content_actions = parent.findChild(ContentActions)
        if self.content_actions is not None:
            self.rollback_requested.connect(self.content_actions.rollback_requested)
        self.sessions_button.clicked.connect(self.sessions_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.pause_button.clicked.connect(self._toggle_pause)
        self.reload_button.clicked.connect(self.reload_requested)
        self.paused = False
        grid = QGridLayout()
        grid.addWidget(self.pause_button, 0, 0)
        grid.addWidget(self.reload_button, 0, 1)
        grid.addWidget(self.sessions_button, 1, 0)
        grid.addWidget(self.exit_button, 1, 1)
        grid.addWidget(self.end_session_button, 2, 0, 1, 2)
        grid.addWidget(self.rollback_button, 3, 0, 1, 2)
        grid.addWidget(self.usage_button, 4, 0, 1, 2)
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.problems_area, 1)
        layout.addLayout(grid)

    def show_library(self, library: Library, note: str = "") -> None:
        """Version, content date, uptime, and the problems found when content was loaded."""
        reviewed = [p.reviewed for p in library.pages if p.reviewed is not None]
        content_date = max(reviewed).isoformat() if reviewed else self.tr("unknown")
        uptime = dt.timedelta(seconds=int(time.monotonic() - self.started))
        counting = ""
        if self.usage is not None:
            counting = " " + (self.tr("Anonymous usage counting is on.") if self.usage.enabled
                              else self.tr("Anonymous usage counting is off."))
        self.status.setText(self.tr(
            "Version {0}. Content reviewed up to {1}; {2} pages. Running for {3}.").format(
            self.version(), content_date, len(library.pages), uptime) + counting)
        findings = [str(f) for f in library.findings]
        text = "\n".join(findings) if findings else self.tr("No content problems were found.")
        notes = [note] if note else []
        if self.content_actions is not None and self.content_actions.recovered:
            notes.append(self.tr("At start-up, after a power cut or crash: {0}").format(
                self.content_actions.recovered))
        self.problems.setText("".join(n + "\n\n" for n in notes) + text)
        actions = self.content_actions
        self.rollback_button.setVisible(actions is not None and actions.has_previous())

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self.pause_button.setText(self.tr("Resume the idle reset") if paused
                                  else self.tr("Pause the idle reset"))

    def set_session_open(self, session_open: bool) -> None:
        """Offer "End the guided session" only while one is open."""
        self.end_session_button.setVisible(session_open)

    @Slot()
    def _end_session(self) -> None:
        self.set_session_open(False)
        self.end_session_requested.emit()

    @Slot()
    def _toggle_pause(self) -> None:
        self.set_paused(not self.paused)
        self.idle_pause_toggled.emit(self.paused)


class SessionsPanel(Panel):
    """The list of guided sessions (title, who it is for, about how long) to start one.

    Signals:
        session_chosen(object): a :class:`kiosk.core.sessions.Session` to present.
    """

    session_chosen = Signal(object)

    def __init__(self, parent: QWidget, sessions: Sequence[Session]) -> None:
        super().__init__(parent, "sessionsPanel")
        self.heading = QLabel(self.tr("Guided sessions"))
        self.heading.setProperty("kind", "heading")
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.heading)
        self.cards: list[CardButton] = []
        for session in sessions:
            detail = self.tr("For: {0}. About {1} minutes, {2} steps.").format(
                session.audience, session.minutes, len(session.steps))
            card = CardButton(session.title, detail, kind="item")
            card.setObjectName(f"session-{session.id}")
            card.clicked.connect(lambda _=False, s=session: self._choose(s))
            layout.addWidget(card)
            self.cards.append(card)
        if not sessions:
            empty = QLabel(self.tr("No guided sessions are in the content folder."))
            empty.setWordWrap(True)
            layout.addWidget(empty)

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Spacing as every panel, and each session card at least a primary target tall."""
        super().apply_metrics(metrics)
        for card in self.cards:
            card.set_floor(metrics.card_px)

    def _choose(self, session: Session) -> None:
        self.accept()
        self.session_chosen.emit(session)
