"""What the reset clears beyond the screens, and kiosk-mode guards no single screen owns.

- No menu of any kind: in kiosk mode a right click (or a touch driver's long press sent as one)
  never reaches a widget, and scroll bars have no context menu; the reset closes any menu left
  open all the same.
- No text left to paste: the reset empties the clipboard and the X PRIMARY selection.
- The keyboard focus goes back to the first home tile, not the tile or item the last visitor
  opened.

Made with the window (a start-up module), so the ``Qt`` namespace is imported only when first
needed, after the first paint.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QScrollBar, QWidget

log = logging.getLogger(__name__)

_MOUSE_BUTTON_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                        QEvent.Type.MouseButtonDblClick}


class Lockdown(QObject):
    """Kiosk-mode guards and the reset's last clean-up, for ``window`` and its own windows.

    In kiosk mode it is one of the window's input filters (:meth:`KioskWindow.watch_input`), on
    the native windows, where input arrives before any widget sees it.
    """

    def __init__(self, window: QWidget, kiosk_mode: bool) -> None:
        super().__init__(window)
        self._window = window
        self.kiosk_mode = kiosk_mode

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Kiosk mode: right and middle clicks are dropped (no context menu, no paste)."""
        if event.type() in _MOUSE_BUTTON_EVENTS and isinstance(event, QMouseEvent):
            from PySide6.QtCore import Qt

            if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton):
                return True
        return event.type() == QEvent.Type.ContextMenu

    def secure_scroll_bars(self) -> None:
        """Kiosk mode: no scroll bar of the window or its panels offers Qt's scroll menu."""
        if not self.kiosk_mode:
            return
        from PySide6.QtCore import Qt

        for bar in self._window.findChildren(QScrollBar):
            if bar.contextMenuPolicy() != Qt.ContextMenuPolicy.NoContextMenu:
                bar.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def reset(self, first_tile: QWidget | None) -> None:
        """For the next visitor: no menu open, nothing to paste, focus on the first tile."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMenu) and widget.isVisible():
                widget.close()
                log.info("a menu left open was closed")
        clear_clipboards()
        self.secure_scroll_bars()
        if first_tile is not None and first_tile.isVisible():
            from PySide6.QtCore import Qt

            first_tile.setFocus(Qt.FocusReason.OtherFocusReason)


def clear_clipboards() -> None:
    """Empty the clipboard and, where there is one (X11), the PRIMARY selection."""
    clipboard = QApplication.clipboard()
    if clipboard is None:
        return
    from PySide6.QtGui import QClipboard

    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
