"""Staff mode: the PIN gate, the staff and sessions panels, and a guided session's lifetime.

Made with the window (its title bar's hold opens the PIN keypad); everything it shows is built
when staff first ask, after the first paint, so this module imports the panels only then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from kiosk.core.config import KioskConfig
from kiosk.core.content import Library
from kiosk.ui.popups import Popups
from kiosk.ui.style import Look, Styler

if TYPE_CHECKING:
    from kiosk.core.pin import PinGate
    from kiosk.core.sessions import Session
    from kiosk.ui.presenter import PresenterWindow
    from kiosk.ui.staff import PinPanel, SessionsPanel, StaffPanel

log = logging.getLogger(__name__)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("dystonia-kiosk")
    except Exception:  # noqa: BLE001 (not installed as a package: a checkout)
        return "development"


class StaffMode(QObject):
    """What staff can open on the kiosk, and the guided session they may be presenting.

    Args:
        host: the kiosk window (the panels' parent; in kiosk mode also the presenter's).
        popups: where the panels are kept (closed for the next visitor, input watched).
        look: the visitor's current look (a guided session starts from it).
        idle_paused: whether the idle reset is paused now (shown on the staff panel).

    Signals:
        exit_requested(), reload_requested()
        idle_pause_requested(bool): pause (True) or resume the idle reset.
        presenter_shown(QWidget): a guided session's presenter window is on screen.
    """

    exit_requested = Signal()
    reload_requested = Signal()
    idle_pause_requested = Signal(bool)
    presenter_shown = Signal(QWidget)

    def __init__(self, host: QWidget, config: KioskConfig, library: Library, styler: Styler,
                 popups: Popups, look: Callable[[], Look], idle_paused: Callable[[], bool], *,
                 kiosk_mode: bool = False,
                 shown_library: Callable[[], Library] | None = None) -> None:
        super().__init__(host)
        self.host = host
        self.config = config
        self.library = library
        self.styler = styler
        self.popups = popups
        self._look = look
        self._idle_paused = idle_paused
        self.kiosk_mode = kiosk_mode
        self._pin_gate: PinGate | None = None
        # The library of the language shown: guided sessions, the presenter and its handouts
        # are in that language (content/es/sessions/ in Spanish).
        self._shown_library = shown_library or (lambda: library)
        self._sessions: dict[str, tuple[Session, ...]] = {}  # by language, when staff first ask
        self.presenter: PresenterWindow | None = None
        #: Warnings for staff found at start-up (a config file others can read), shown on the
        #: staff panel every time it opens.
        self.warnings: list[str] = []

    def _width(self, mm: float) -> int:
        return min(self.host.width() - 40, self.styler.mm(mm))

    @property
    def pin_gate(self) -> PinGate:
        """Checks staff PINs and counts wrong ones (made on the first hold of the title)."""
        if self._pin_gate is None:
            from kiosk.core.paths import state_dir
            from kiosk.core.pin import PinGate, pin_state_file

            self._pin_gate = PinGate(self.config.staff_pin_hash,
                                     state_file=pin_state_file(state_dir()))
        return self._pin_gate

    @property
    def pin_panel(self) -> PinPanel:
        def make() -> PinPanel:
            from kiosk.ui.staff import PinPanel

            panel = PinPanel(self.host, self.pin_gate)
            panel.pin_accepted.connect(self._staff_entered)
            return panel

        return self.popups.get("pin", make)

    @property
    def staff_panel(self) -> StaffPanel:
        def make() -> StaffPanel:
            from kiosk.ui.staff import StaffPanel

            panel = StaffPanel(self.host, _version)
            panel.exit_requested.connect(self.exit_requested)
            panel.reload_requested.connect(self.reload_requested)
            panel.idle_pause_toggled.connect(self.idle_pause_requested)
            panel.sessions_requested.connect(self.open_sessions_panel)
            panel.end_session_requested.connect(self.end_session)
            panel.usage_requested.connect(self.open_usage_panel)
            return panel

        return self.popups.get("staff", make)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """The guided sessions in the content folder of the language shown (read on first
        use)."""
        library = self._shown_library()
        sessions = self._sessions.get(library.language)
        if sessions is None:
            from kiosk.core.sessions import load_sessions

            sessions, findings = load_sessions(library.root, library)
            self._sessions[library.language] = sessions
            for finding in findings:
                log.warning("content: %s", finding)
        return sessions

    @property
    def sessions_panel(self) -> SessionsPanel:
        def make() -> SessionsPanel:
            from kiosk.ui.staff import SessionsPanel

            panel = SessionsPanel(self.host, self.sessions)
            panel.session_chosen.connect(self.start_session)
            return panel

        language = self._shown_library().language
        name = "sessions" if language == self.library.language else f"sessions-{language}"
        return self.popups.get(name, make)

    @Slot()
    def ask_for_pin(self) -> None:
        self.pin_panel.start(self._width(220))  # Clear, 0, Enter in a row at 200 percent

    @Slot()
    def _staff_entered(self) -> None:
        log.info("staff mode entered")
        self.open_staff_panel()

    @Slot()
    def open_staff_panel(self, note: str = "") -> None:
        panel = self.staff_panel
        panel.show_library(self.library, "\n\n".join(filter(None, [*self.warnings, note])))
        panel.set_paused(self._idle_paused())
        panel.set_session_open(self.presenter is not None)
        panel.open_centred(self._width(300))

    @Slot(bool)
    def show_paused(self, paused: bool) -> None:
        """The pause began or ended (also by itself, at its limit): the panel's button says
        what a tap will do."""
        if self.popups.built("staff") is not None:
            self.staff_panel.set_paused(paused)

    @Slot()
    def open_sessions_panel(self) -> None:
        self.staff_panel.close()
        self.sessions_panel.open_centred(self._width(300))

    @Slot()
    def open_usage_panel(self) -> None:
        """The anonymous usage report ("What visitors read"), read afresh each time."""
        from kiosk.ui.usage import UsageRecorder
        from kiosk.ui.usagepanel import UsagePanel

        recorder = self.host.findChild(UsageRecorder)
        if recorder is None:
            return

        def title(page_id: str) -> str:
            page = self.library.page(page_id)  # staff panels are in the base language
            return page.title if page is not None else page_id

        panel = self.popups.get("usage", lambda: UsagePanel(
            self.host, recorder, title, lambda: self.styler.colours(self._look())))
        self.staff_panel.close()
        panel.show_report()
        panel.open_over(self.host, self._width(300))

    @Slot(object)
    def start_session(self, session: Session) -> None:
        """Present a guided session; the idle reset is paused until it ends."""
        from kiosk.ui.presenter import PresenterWindow

        if self.presenter is not None:
            self.presenter.end_session()
        self.idle_pause_requested.emit(True)
        library = self._shown_library()
        if session not in self._sessions.get(library.language, ()):
            library = self.library  # a session of the base language, chosen before a switch
        self.presenter = PresenterWindow(self.config, library, session, self._look(),
                                         parent=self.host if self.kiosk_mode else None,
                                         kiosk_mode=self.kiosk_mode)
        self.presenter.ended.connect(self._session_ended)
        self.presenter.start()
        self.presenter_shown.emit(self.presenter)  # a tremor's double tap on Next moves one step
        log.info("guided session started")

    @Slot()
    def _session_ended(self) -> None:
        if self.presenter is not None:
            self.presenter.deleteLater()
            self.presenter = None
        self.idle_pause_requested.emit(False)

    @Slot()
    def end_session(self) -> None:
        """End the guided session, if one is open (the staff panel, the reset)."""
        if self.presenter is not None:
            self.presenter.end_session()

    def reset(self) -> None:
        """For the next visitor: no PIN digits left on the keypad, and no guided session left
        open (the reset only comes when nobody has touched the kiosk or the presenter for the
        idle time after the pause's limit, or at the nightly reset); the panels close with the
        other pop-ups."""
        pin = self.popups.built("pin")
        if pin is not None:
            self.pin_panel.clear()
        if self.presenter is not None:
            log.info("guided session ended by the reset")
            self.end_session()
