"""Pop-up panels over the kiosk: the base :class:`Panel`, the Display settings panel, the
glossary word panel and the short message panel. All are built after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core import theme
from kiosk.core.content import Term
from kiosk.ui import a11y
from kiosk.ui.widgets import is_language_change, make_button


class Panel(QDialog):
    """A large, frameless, modal panel centred on the window, closed with one big button.

    Screen readers meet it as a modal dialog named by :meth:`title` (its window title too);
    :meth:`description` is what they read out when it opens.

    Signals:
        shown(QWidget): the panel (and so its native window) is on screen; the kiosk watches
            its input from then on (taps count for the idle timer and the repeat-tap filter).
    """

    shown = Signal(QWidget)

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setModal(True)
        self.close_button = make_button("", role="primary", name=f"{name}Close")
        self.close_button.clicked.connect(self.accept)
        Panel.retranslate(self)

    def retranslate(self) -> None:
        """Set the texts again in the interface language (subclasses add theirs)."""
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.close_button.text())
        self.name_for_readers()

    def title(self) -> str:
        """What the panel is, for screen readers (subclasses say)."""
        return ""

    def description(self) -> str:
        """What a screen reader reads when the panel opens (subclasses say)."""
        return ""

    def name_for_readers(self) -> None:
        """Name the dialog after what it shows (not the application's name)."""
        title = self.title()
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        a11y.set_role(self, "dialog")  # a modal dialog (Qt does not say modal by itself)
        self.setAccessibleDescription(self.description())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.shown.emit(self)

    def open_centred(self, width: int) -> None:
        self.setFixedWidth(width)
        self.adjustSize()
        self.open()
        parent = self.parentWidget()
        if parent is not None:
            centre = parent.mapToGlobal(parent.rect().center())
            self.move(centre.x() - self.width() // 2, centre.y() - self.height() // 2)

    def spoken_text(self) -> str:
        return "\n".join(label.text() for label in self.findChildren(QLabel) if label.text())

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Space between the panel's targets (at least 2 mm, T4) and around its edge."""
        layout = self.layout()
        if layout is None:
            return
        gap = metrics.gap_px
        layout.setSpacing(gap)
        layout.setContentsMargins(gap * 2, gap * 2, gap * 2, gap * 2)
        for index in range(layout.count()):
            item = layout.itemAt(index)
            inner = item.layout() if item is not None else None
            if inner is not None:
                inner.setSpacing(gap)


class MessagePanel(Panel):
    """A short message in large text with one Close button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "messagePanel")
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.close_button)

    def show_message(self, text: str, width: int) -> None:
        self.message.setText(text)
        self.name_for_readers()
        self.open_centred(width)

    def title(self) -> str:
        return self.tr("Message")

    def description(self) -> str:
        return self.message.text() if hasattr(self, "message") else ""


class TermDialog(Panel):
    """One glossary word and its meaning."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "termDialog")
        self.term_label = QLabel()
        self.term_label.setProperty("kind", "heading")
        self.definition = QLabel()
        layout = QVBoxLayout(self)
        for label in (self.term_label, self.definition):
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.close_button)

    def show_term(self, term: Term, width: int) -> None:
        self.term_label.setText(term.term)
        self.definition.setText(term.definition)
        self.name_for_readers()
        self.open_centred(width)

    def title(self) -> str:
        word = self.term_label.text() if hasattr(self, "term_label") else ""
        return self.tr("Meaning of: {0}").format(word) if word else self.tr("Meaning")

    def description(self) -> str:
        return self.definition.text() if hasattr(self, "definition") else ""


class DisplayPanel(Panel):
    """Text size, light or dark screen, bigger buttons and reading speed, all big buttons.

    Signals:
        text_step_requested(int): -1 smaller, +1 bigger.
        theme_requested(str): "light" or "dark".
        bigger_buttons_requested(bool)
        rate_step_requested(int): -1 slower, +1 faster reading aloud.
    """

    text_step_requested = Signal(int)
    theme_requested = Signal(str)
    bigger_buttons_requested = Signal(bool)
    rate_step_requested = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "displayPanel")
        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        self.text_label = QLabel()
        self.smaller = make_button("", role="primary", name="textSmaller")
        self.bigger = make_button("", role="primary", name="textBigger")
        self.theme_label = QLabel()
        self.light = make_button("", role="primary", name="themeLight")
        self.dark = make_button("", role="primary", name="themeDark")
        self.buttons_label = QLabel()
        self.normal_buttons = make_button("", role="primary", name="buttonsNormal")
        self.big_buttons = make_button("", role="primary", name="buttonsBigger")
        self.rate_label = QLabel()
        self.slower = make_button("", role="primary", name="rateSlower")
        self.faster = make_button("", role="primary", name="rateFaster")
        self._state: tuple[int, bool, bool, str, bool, str, bool, bool] | None = None
        # Asked for the reading speed's name in the interface language on a language change.
        self.rate_name: Callable[[], str] | None = None
        for button in (self.light, self.dark, self.normal_buttons, self.big_buttons):
            button.setCheckable(True)
            a11y.set_role(button, "radio")  # one choice of two, with a name that never changes
        self.smaller.clicked.connect(lambda: self.text_step_requested.emit(-1))
        self.bigger.clicked.connect(lambda: self.text_step_requested.emit(+1))
        self.light.clicked.connect(lambda: self.theme_requested.emit("light"))
        self.dark.clicked.connect(lambda: self.theme_requested.emit("dark"))
        self.normal_buttons.clicked.connect(lambda: self.bigger_buttons_requested.emit(False))
        self.big_buttons.clicked.connect(lambda: self.bigger_buttons_requested.emit(True))
        self.slower.clicked.connect(lambda: self.rate_step_requested.emit(-1))
        self.faster.clicked.connect(lambda: self.rate_step_requested.emit(+1))
        grid = QGridLayout()
        rows = ((self.text_label, self.smaller, self.bigger),
                (self.theme_label, self.light, self.dark),
                (self.buttons_label, self.normal_buttons, self.big_buttons),
                (self.rate_label, self.slower, self.faster))
        for row, (label, first, second) in enumerate(rows):
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            grid.addWidget(first, row, 1)
            grid.addWidget(second, row, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.close_button)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Text and screen")

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(self.tr("Display and reading"))
        self.theme_label.setText(self.tr("Screen"))
        self.buttons_label.setText(self.tr("Buttons"))
        for button, text in ((self.smaller, self.tr("Smaller text")),
                             (self.bigger, self.tr("Bigger text")),
                             (self.slower, self.tr("Slower")), (self.faster, self.tr("Faster")),
                             (self.light, self.tr("Light")),
                             (self.dark, self.tr("Dark, less glare")),
                             (self.normal_buttons, self.tr("Normal")),
                             (self.big_buttons, self.tr("Bigger"))):
            button.setText(text)
            button.setAccessibleName(text)
        if self._state is not None:
            state = list(self._state)
            if self.rate_name is not None:
                state[5] = self.rate_name()
            self.show_state(*state)  # type: ignore[arg-type]

    def show_state(self, text_percent: int, can_smaller: bool, can_bigger: bool, theme: str,
                   bigger_buttons: bool, rate_name: str, can_slower: bool,
                   can_faster: bool) -> None:
        """Show the current choices; the chosen option says so in words, not only colour.

        Screen readers hear a radio button with a fixed name and its checked state (not the
        visible "(chosen)"), and a new text size or reading speed is announced.
        """
        before = self._state
        self._state = (text_percent, can_smaller, can_bigger, theme, bigger_buttons, rate_name,
                       can_slower, can_faster)
        self.text_label.setText(self.tr("Text size: {0} percent").format(text_percent))
        self.smaller.setEnabled(can_smaller)
        self.bigger.setEnabled(can_bigger)
        chosen = self.tr("{0} (chosen)")
        light = self.tr("Light")
        self.light.setText(chosen.format(light) if theme == "light" else light)
        self.dark.setText(chosen.format(self.tr("Dark, less glare")) if theme == "dark"
                          else self.tr("Dark, less glare"))
        self.light.setChecked(theme == "light")
        self.dark.setChecked(theme == "dark")
        self.normal_buttons.setText(chosen.format(self.tr("Normal")) if not bigger_buttons
                                    else self.tr("Normal"))
        self.big_buttons.setText(chosen.format(self.tr("Bigger")) if bigger_buttons
                                 else self.tr("Bigger"))
        self.normal_buttons.setChecked(not bigger_buttons)
        self.big_buttons.setChecked(bigger_buttons)
        self.rate_label.setText(self.tr("Reading speed: {0}").format(rate_name))
        self.slower.setEnabled(can_slower)
        self.faster.setEnabled(can_faster)
        for button, name in ((self.light, self.tr("Light")),
                             (self.dark, self.tr("Dark, less glare")),
                             (self.normal_buttons, self.tr("Normal")),
                             (self.big_buttons, self.tr("Bigger"))):
            button.setAccessibleName(name)
        # The steppers carry the value they change: a reader says it with the button.
        for button in (self.smaller, self.bigger):
            button.setAccessibleDescription(self.text_label.text())
        for button in (self.slower, self.faster):
            button.setAccessibleDescription(self.rate_label.text())
        if self.isVisible():
            self.adjustSize()
            if before is not None and before[0] != text_percent:
                a11y.announce(self, self.text_label.text())
            if before is not None and before[5] != rate_name:
                a11y.announce(self, self.rate_label.text())
