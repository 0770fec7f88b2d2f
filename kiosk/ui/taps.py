"""Application-wide repeat-tap suppression: a tremor's second tap must not act twice."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal


class TapFilter(QObject):
    """Swallows a press (and its release) that comes within ``window_ms`` of the last tap.

    Watches the kiosk's native windows (``KioskWindow.watch_input``), so it works across
    screens and pop-ups: a double tap on Back goes back one screen; a double tap on a tile
    opens it once. Keyboard input is not affected.

    Signals:
        tap_suppressed(): a repeated tap was ignored.
        tapped(): a tap (press and release) was let through; used as activity by the idle timer.
    """

    tap_suppressed = Signal()
    tapped = Signal()

    _PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                QEvent.Type.TouchBegin)
    _RELEASES = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd)

    def __init__(self, window_ms: int, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.window_ms = window_ms
        self._clock = clock
        self._last_release = float("-inf")
        self._swallowing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in self._PRESSES:
            if self._swallowing:
                return True
            now = self._clock()
            if (now - self._last_release) * 1000 < self.window_ms:
                self._swallowing = True
                self.tap_suppressed.emit()
                return True
            return False
        if kind in self._RELEASES:
            if self._swallowing:
                self._swallowing = False
                return True
            self._last_release = self._clock()
            self.tapped.emit()
        return False

    def reset(self) -> None:
        """Forget the last tap (used when the kiosk resets)."""
        self._last_release = float("-inf")
        self._swallowing = False
