"""Pop-up panels over the kiosk: the base :class:`Panel`, the Display settings panel, the
glossary word panel and the short message panel. All are built after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.core import theme
from kiosk.core.content import Term
from kiosk.core.hyphenate import breakable, plain
from kiosk.ui import a11y
from kiosk.ui.buttons import make_wrap_button
from kiosk.ui.widgets import ScrollPane, is_language_change, make_scroll_area, pass_focus


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
        self._opener: QWidget | None = None  # had the keyboard focus when the panel opened
        self.close_button = make_wrap_button("", role="primary", name=f"{name}Close")
        self.close_button.clicked.connect(self.accept)
        # Subclasses lay out their contents in ``body``; it scrolls (with the big Up and Down
        # buttons) when it is taller than the screen, and Close stays in view under it.
        self.body = QWidget()
        self.body.setObjectName(f"{name}Body")
        self.pane = ScrollPane(make_scroll_area(self.body, horizontal=False))
        frame = self._frame = QVBoxLayout(self)
        frame.addWidget(self.pane, 1)
        frame.addWidget(self.close_button)
        self._open_width = 0
        self._margin = 0
        Panel.retranslate(self)

    def retranslate(self) -> None:
        """Set the texts again in the interface language (subclasses add theirs)."""
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.close_button.text())
        self.name_for_readers()

    def title(self) -> str:
        """What the panel is, for screen readers: its heading (subclasses may say more)."""
        heading = getattr(self, "heading", None)
        return heading.text() if isinstance(heading, QLabel) else ""

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
        self.name_for_readers()  # the staff panels' headings are set after Panel.__init__
        self.shown.emit(self)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """The kiosk window is active again and the keyboard focus goes back to what opened
        the panel. Without a window manager (``--kiosk``) no window would be active at all, and
        keys would do nothing until someone tapped."""
        super().hideEvent(event)
        parent = self.parentWidget()
        host = parent.window() if parent is not None else None
        if host is not None and host.isVisible() and not _other_window_shown(self, host):
            host.activateWindow()  # not over a window that opened as this one closed
        opener, self._opener = self._opener, None
        if opener is not None and isValid(opener) and opener.isVisible() and opener.isEnabled():
            opener.setFocus(Qt.FocusReason.PopupFocusReason)

    def open_centred(self, width: int) -> None:
        opener = QApplication.focusWidget()
        if opener is not None and not self.isAncestorOf(opener) and opener is not self:
            self._opener = opener
        self._open_width = width
        self.fit()
        self.open()

    def fit(self) -> None:
        """As tall as the contents need at the panel's width, up to the window's height (the
        body scrolls beyond that), and centred on the window."""
        if not self._open_width:
            return
        self.ensurePolished()  # the style sheet's fonts and sizes, before measuring
        width = self._open_width
        self.setFixedWidth(width)
        frame = self._frame
        margins = frame.contentsMargins()
        inner = width - margins.left() - margins.right()
        body = self.body.layout()
        need = margins.top() + margins.bottom() + frame.spacing()
        if body is not None:
            body_height = body.totalHeightForWidth(inner) if body.hasHeightForWidth() else -1
            need += body_height if body_height >= 0 else body.totalSizeHint().height()
        need += self.close_button.heightForWidth(inner)
        parent = self.parentWidget()
        host = parent.window() if parent is not None else None
        if host is not None:
            need = min(need, host.height() - 2 * self._margin)
        self.setFixedHeight(need)
        if host is not None:
            centre = host.mapToGlobal(host.rect().center())
            self.move(centre.x() - self.width() // 2, centre.y() - self.height() // 2)

    def spoken_text(self) -> str:
        return "\n".join(plain(label.text()) for label in self.findChildren(QLabel)
                         if label.text())

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Space between the panel's targets (at least 2 mm, T4) and around its edge."""
        gap = self._margin = metrics.gap_px
        self._frame.setSpacing(gap)
        self._frame.setContentsMargins(gap * 2, gap * 2, gap * 2, gap * 2)
        self.pane.apply_metrics(metrics)
        layout = self.body.layout()
        if layout is not None:
            layout.setSpacing(gap)
            layout.setContentsMargins(0, 0, 0, 0)
            for index in range(layout.count()):
                item = layout.itemAt(index)
                inner = item.layout() if item is not None else None
                if inner is not None:
                    inner.setSpacing(gap)
        if self.isVisible():
            self.fit()


def _other_window_shown(panel: QWidget, host: QWidget) -> bool:
    """Another of the kiosk's windows is on screen (a panel opened as ``panel`` closed, or the
    presenter): it keeps the keyboard, the kiosk window is not activated over it."""
    return any(window.isVisible() and window.isWindow() and window not in (panel, host)
               and window.windowType() != Qt.WindowType.ToolTip
               for window in QApplication.topLevelWidgets())


class MessagePanel(Panel):
    """A short message in large text with one Close button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "messagePanel")
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.message)

    def show_message(self, text: str, width: int) -> None:
        self.message.setText(text)
        self.name_for_readers()
        self.open_centred(width)

    def title(self) -> str:
        return self.tr("Message")

    def description(self) -> str:
        return self.message.text() if hasattr(self, "message") else ""


class TermDialog(Panel):
    """One glossary word and its meaning.

    A word too long for the pop-up at 200 percent text on a small screen ("Temporomandibular"
    at heading size is wider than an 800-pixel screen) breaks where its language allows, with a
    hyphen (:func:`kiosk.core.hyphenate.breakable`); the accessible name stays the plain word.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "termDialog")
        self.term_label = QLabel()
        self.term_label.setProperty("kind", "heading")
        self.definition = QLabel()
        layout = QVBoxLayout(self.body)
        for label in (self.term_label, self.definition):
            label.setWordWrap(True)
            layout.addWidget(label)

    def show_term(self, term: Term, width: int, language: str = "en") -> None:
        self.term_label.setText(breakable(term.term, language))  # long words may break
        self.term_label.setAccessibleName(term.term)
        self.definition.setText(breakable(term.definition, language))
        self.definition.setAccessibleName(term.definition)
        self.name_for_readers()
        self.open_centred(width)

    def title(self) -> str:
        word = plain(self.term_label.text()) if hasattr(self, "term_label") else ""
        return self.tr("Meaning of: {0}").format(word) if word else self.tr("Meaning")

    def description(self) -> str:
        return plain(self.definition.text()) if hasattr(self, "definition") else ""


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
        self.heading.setWordWrap(True)
        self.text_label = QLabel()
        self.smaller = make_wrap_button("", role="primary", name="textSmaller")
        self.bigger = make_wrap_button("", role="primary", name="textBigger")
        self.theme_label = QLabel()
        self.light = make_wrap_button("", role="primary", name="themeLight")
        self.dark = make_wrap_button("", role="primary", name="themeDark")
        self.buttons_label = QLabel()
        self.normal_buttons = make_wrap_button("", role="primary", name="buttonsNormal")
        self.big_buttons = make_wrap_button("", role="primary", name="buttonsBigger")
        self.rate_label = QLabel()
        self.slower = make_wrap_button("", role="primary", name="rateSlower")
        self.faster = make_wrap_button("", role="primary", name="rateFaster")
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
        # Each setting's name on a line of its own and its two choices side by side under it:
        # at 200 percent text on a small screen the names and choices wrap instead of being cut.
        grid = QGridLayout()
        rows = ((self.text_label, self.smaller, self.bigger),
                (self.theme_label, self.light, self.dark),
                (self.buttons_label, self.normal_buttons, self.big_buttons),
                (self.rate_label, self.slower, self.faster))
        for row, (label, first, second) in enumerate(rows):
            label.setWordWrap(True)
            grid.addWidget(label, 2 * row, 0, 1, 2)
            grid.addWidget(first, 2 * row + 1, 0)
            grid.addWidget(second, 2 * row + 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
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

    @staticmethod
    def _limit(button: QWidget, can: bool, other: QWidget) -> None:
        """A step button at its limit turns off; its keyboard focus goes to the other way."""
        if not can:
            pass_focus(button, other)
        button.setEnabled(can)

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
        self._limit(self.smaller, can_smaller, self.bigger)
        self._limit(self.bigger, can_bigger, self.smaller)
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
        self._limit(self.slower, can_slower, self.faster)
        self._limit(self.faster, can_faster, self.slower)
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
            self.fit()
            if before is not None and before[0] != text_percent:
                a11y.announce(self, self.text_label.text())
            if before is not None and before[5] != rate_name:
                a11y.announce(self, self.rate_label.text())
