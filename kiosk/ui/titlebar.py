"""The title row: the current screen's title (holding it is the hidden way into staff mode) and
the button that offers another language (start-up path).

Built before the first paint: no ``Qt`` namespace here (see :mod:`kiosk.ui.widgets`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets import make_button

HOLD_MS = 3000
#: The title's sizes, largest first (``fit`` in the style sheet): a title that would take more
#: than a sixth of the window's height is set smaller, down to the bar's text size.
FIT_STEPS = ("", "smaller", "smallest")


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
        self.setProperty("fit", "")

    def fit(self) -> None:
        """The largest title size whose lines take at most a sixth of the window's height
        (at 200 percent text on a small screen the screen's contents need the rest)."""
        window = self.window()
        if window is self or self.width() <= 0:
            return
        limit = window.height() // 6
        for step in FIT_STEPS:
            if self.property("fit") != step:
                self.setProperty("fit", step)
                self.style().unpolish(self)
                self.style().polish(self)
            if self.heightForWidth(self.width()) <= limit:
                break

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.hold_timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.hold_timer.stop()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.rect().contains(event.position().toPoint()):
            self.hold_timer.stop()


class TitleRow(QObject):
    """The title bar and, at the top right, the button that offers another language.

    The button keeps its place, a fixed distance from the corner, at every text size: the title
    grows, the button does not move. It is a primary target (as tall as the bar's buttons)
    unless that would make the row take more than a sixth of the window's height (an 800x480
    panel with bigger buttons): then it is an ordinary target, still at least the target size
    (T1), and the screen under it keeps the room its Up and Down buttons need.

    The row is a plain ``QWidget`` (:attr:`widget`, named ``titleRow``): Qt paints a
    style-sheet background by itself only for plain widgets.

    Signals:
        language_requested(str): the visitor tapped the button (the code it offers).
    """

    language_requested = Signal(str)

    def __init__(self, title_bar: TitleBar, corner_margin: int) -> None:
        super().__init__()
        self.widget = QWidget()
        self.widget.setObjectName("titleRow")
        self.title_bar = title_bar
        # The same size as the navigation bar's buttons.
        self.language_button = make_button("", role="primary", name="language")
        self.language_button.clicked.connect(self._tapped)
        self.corner_margin = corner_margin
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title_bar, 1)
        corner = QVBoxLayout()
        corner.setContentsMargins(0, corner_margin, corner_margin, corner_margin)
        corner.addWidget(self.language_button)
        corner.addStretch(1)
        layout.addLayout(corner)

    def _set_role(self, role: str) -> None:
        button = self.language_button
        if button.property("role") != role:
            button.setProperty("role", role)
            button.style().unpolish(button)
            button.style().polish(button)

    def fit(self) -> None:
        """After a change of window size or style: the language button's size (see the class),
        then the title's (:meth:`TitleBar.fit`)."""
        window = self.widget.window()
        if window is not self.widget and window.height() > 0:
            self._set_role("primary")
            room = window.height() // 6 - 2 * self.corner_margin
            if self.language_button.sizeHint().height() > room:
                self._set_role("")
        self.title_bar.fit()

    def offer_language(self, code: str | None, name: str = "") -> None:
        """Show the button for the language ``code`` (its name in itself), or hide it."""
        button = self.language_button
        button.setVisible(code is not None)
        if code is not None:
            button.setText(name)
            button.setAccessibleName(name)
            button.setProperty("language", code)

    def _tapped(self) -> None:
        code = self.language_button.property("language")
        if code:
            self.language_requested.emit(str(code))
