"""The kiosk's input watchers (the idle watcher, the repeat-tap filter) on its native windows.

They filter the input of the window and of each pop-up panel's own native window, where input
arrives before Qt hands it to a widget; on the application they would see every paint and layout
event too (10 ms more for a tap that opens a long list). Nothing needs them before the first
paint, so they are installed by :meth:`InputWatch.start`, the warm-up's first step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget


class InputWatch(QObject):
    """Installs input filters on the native windows of the kiosk window and its pop-ups.

    Args:
        window: the main window; its input is watched from :meth:`start` on.

    Signals:
        started(): the filters are installed (after the first paint).
    """

    started = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._filters: list[QObject] = []
        self._windows: list[QWidget] = [window]
        self._watching = False

    @property
    def watching(self) -> bool:
        """True once the filters are installed."""
        return self._watching

    def add_filter(self, watcher: QObject) -> None:
        """Let ``watcher`` filter the input of every watched window, from the first paint."""
        self._filters.append(watcher)
        if self._watching:
            for widget in self._windows:
                _install(widget, [watcher])

    @Slot(QWidget)
    def watch_window(self, widget: QWidget) -> None:
        """A pop-up's native window exists: its input counts too (taps, idle)."""
        if widget in self._windows:
            return
        self._windows.append(widget)
        widget.destroyed.connect(lambda: self._forget(widget))
        if self._watching:
            _install(widget, self._filters)

    def start(self) -> None:
        """Install the filters on every window known so far (and on later ones as they come)."""
        if self._watching:
            return
        self._watching = True
        for widget in self._windows:
            _install(widget, self._filters)
        self.started.emit()

    def _forget(self, widget: QWidget) -> None:
        if widget in self._windows:
            self._windows.remove(widget)


def _install(widget: QWidget, watchers: list[QObject]) -> None:
    handle = widget.windowHandle()
    if handle is not None:
        for watcher in watchers:
            handle.installEventFilter(watcher)
