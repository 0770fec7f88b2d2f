"""In ``--kiosk`` mode the window keeps itself on screen, whatever the desktop around it does.

A window manager's shortcuts (another workspace, show desktop, iconify) and other programs on
the display (``xdotool``, ``wmctrl``) can hide, move, shrink or destroy the kiosk's window.
:class:`WindowKeeper` notices each of these from the events Qt delivers to the window (no
polling): the native window stops being exposed, its state becomes minimised, it is moved or
resized, it loses the focus to another program, or the screen changes size. A moment later it
checks the window and puts it back: full screen on the primary screen, raised and active, on
every workspace. If the native window was destroyed it exits with :data:`WINDOW_LOST_STATUS`,
so the service (or the session, ``deploy/kiosk-session.sh``) starts a new kiosk.

Built after the first paint (:meth:`kiosk.ui.window.KioskWindow._after_first_paint`).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QScreen, QWindow
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

#: Exit status when the kiosk's native window was destroyed under it (not 0 or staff's 10).
WINDOW_LOST_STATUS = 3

#: Events on the native window after which the keeper looks at it again.
_WINDOW_EVENTS = (QEvent.Type.Expose, QEvent.Type.WindowStateChange, QEvent.Type.Move,
                  QEvent.Type.Resize, QEvent.Type.Hide, QEvent.Type.FocusOut)


class WindowKeeper(QObject):
    """Keeps ``window`` full screen, visible and on top (see the module docstring).

    Args:
        window: the kiosk window, already shown.
        delay_ms: how long after an event the window is checked (the window manager's own
            changes settle first); a second try follows if the first did not bring it back.
    """

    def __init__(self, window: QWidget, delay_ms: int = 150) -> None:
        super().__init__(window)
        self.window = window
        self.active = True
        self.restores = 0  # how many times the window had to be put back (tests, log)
        self._tries = 0
        self._x11 = QGuiApplication.platformName() == "xcb"
        self.timer = QTimer(self)
        self.timer.setObjectName("windowKeeperTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.check)
        handle = window.windowHandle()
        assert handle is not None, "the keeper needs the window's native window"
        self.handle: QWindow = handle
        handle.installEventFilter(self)
        handle.activeChanged.connect(self.soon)
        handle.screenChanged.connect(self.soon)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.primaryScreenChanged.connect(self._watch_screen)
        app.screenAdded.connect(self.soon)
        app.screenRemoved.connect(self.soon)
        self._screen: QScreen | None = None
        self._watch_screen(QGuiApplication.primaryScreen())
        self._stick()
        # Again a little later (bounded, not a polling loop): a window manager still taking the
        # window on, or one started after the kiosk (the desktop fallback), ignores a request
        # that comes too early.
        for delay_s in (1, 3, 8):
            QTimer.singleShot(delay_s * 1000, self, self._stick)

    @staticmethod
    def wanted() -> bool:
        """False where nothing else shares the screen (Qt's offscreen and minimal platforms,
        the tests): no window manager or other program can hide the window there, and those
        platforms cannot raise a window at all."""
        return QGuiApplication.platformName() not in ("offscreen", "minimal")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _WINDOW_EVENTS:
            self.soon()
        return False

    @Slot()
    def soon(self, *_args: object) -> None:
        """Check the window once things have settled (events come in bursts)."""
        if self.active and not self.timer.isActive():
            self._tries = 0
            self.timer.start()

    def stop(self) -> None:
        """Let the window go (staff exit, or a reload replacing it)."""
        self.active = False
        self.timer.stop()

    @Slot(QScreen)
    def _watch_screen(self, screen: QScreen | None) -> None:
        if self._screen is not None:
            self._screen.geometryChanged.disconnect(self.soon)
        self._screen = screen
        if screen is not None:
            screen.geometryChanged.connect(self.soon)
        self.soon()

    # -- the check -------------------------------------------------------------------------

    def target(self) -> QRect | None:
        """Where the window belongs: the whole primary screen."""
        screen = QGuiApplication.primaryScreen()
        return None if screen is None else screen.geometry()

    def problem(self) -> str:
        """What is wrong with the window now ("" when it is as it should be)."""
        target = self.target()
        if not self.window.isVisible() or self.handle.visibility() == QWindow.Visibility.Hidden:
            return "hidden"
        if self.handle.windowState() & Qt.WindowState.WindowMinimized:
            return "minimised"
        if not self.handle.isExposed():
            return "not shown"
        if target is not None and self.window.geometry() != target:
            return "not covering the screen"
        if self._focus_elsewhere():
            return "covered by another program"
        return ""

    def _focus_elsewhere(self) -> bool:
        """True when another program has the focus (none of the kiosk's windows is active)."""
        if QGuiApplication.focusWindow() is not None:
            return False
        return QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None

    @Slot()
    def check(self) -> None:
        """Put the window back if something moved, hid, shrank, covered or destroyed it."""
        if not self.active:
            return
        if self._x11 and not self._native_window_exists():
            log.error("the kiosk window %x was destroyed by another program; exiting so that "
                      "the kiosk is started again", int(self.handle.winId()))
            self.active = False
            QApplication.exit(WINDOW_LOST_STATUS)
            return
        problem = self.problem()
        if not problem:
            self._stick()
            return
        if self._tries == 0:
            log.warning("kiosk window %s; putting it back", problem)
        self._tries += 1
        self.restores += 1
        self._restore(problem)
        if self._tries < 5:
            self.timer.start()  # look again: the window manager may have had its own ideas
        else:
            log.warning("the kiosk window could not be put back (%s)", problem)

    def _restore(self, problem: str) -> None:
        window, handle = self.window, self.handle
        target = self.target()
        if target is not None and handle.screen() is not QGuiApplication.primaryScreen():
            handle.setScreen(QGuiApplication.primaryScreen())
        if problem == "not shown" and self._tries > 1:
            # Unmapped behind Qt's back (xdotool windowunmap): only a new map shows it again.
            window.hide()
        state = window.windowState() & ~Qt.WindowState.WindowMinimized
        window.setWindowState(state | Qt.WindowState.WindowFullScreen)
        if target is not None and window.geometry() != target:
            window.setGeometry(target)  # with no window manager, full screen alone does nothing
        window.show()
        window.raise_()
        window.activateWindow()
        for other in QApplication.topLevelWidgets():  # its own pop-ups and presenter stay above
            if other is not window and other.isVisible():
                other.raise_()
        self._stick()

    def _native_window_exists(self) -> bool:
        from kiosk.ui import x11

        return x11.window_exists(int(self.handle.winId()), _display()) is not False

    def _stick(self) -> None:
        """On X11, ask the window manager to show the kiosk on every workspace."""
        if self._x11 and self.window.isVisible():
            from kiosk.ui import x11

            x11.show_on_every_desktop(int(self.handle.winId()), _display())


def _display() -> str | None:
    """The X display Qt uses (``-display`` is not used by the kiosk: ``$DISPLAY``)."""
    return os.environ.get("DISPLAY") or None
