"""The navigator owns the current screen and the visitor's history."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.core.navigation import HOME, History, Route


class Navigator(QObject):
    """Moves between routes; every screen change goes through here.

    Signals:
        page_changed(object): the current :class:`Route` changed (also after Back and reset).
    """

    page_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = History()

    @property
    def current(self) -> Route:
        return self.history.current

    @Slot(object)
    def go(self, route: Route) -> None:
        """Open ``route`` (nothing happens if it is already showing)."""
        if self.history.push(route):
            self.page_changed.emit(route)

    @Slot()
    def back(self) -> None:
        """One screen back."""
        if self.history.back():
            self.page_changed.emit(self.history.current)

    @Slot()
    def home(self) -> None:
        self.go(HOME)

    def reset(self) -> None:
        """Back to home with an empty history."""
        self.history.reset()
        self.page_changed.emit(HOME)
