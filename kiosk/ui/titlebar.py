"""The title bar: the current screen's title, and the hidden way into staff mode (start-up path).

Built before the first paint: no ``Qt`` namespace here (see :mod:`kiosk.ui.widgets`).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

HOLD_MS = 3000


class TitleBar(QLabel):
    """The title of the current screen; holding it for 3 seconds asks for the staff PIN.

    Signals:
        held(): pressed and held for ``hold_ms`` without sliding off.
    """

    held = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hold_timer = QTimer(self)
        self.hold_timer.setObjectName("staff_hold_timer")
        self.hold_timer.setSingleShot(True)
        self.hold_timer.setInterval(HOLD_MS)
        self.hold_timer.timeout.connect(self.held)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.hold_timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.hold_timer.stop()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.rect().contains(event.position().toPoint()):
            self.hold_timer.stop()
