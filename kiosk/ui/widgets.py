"""Reusable touch widgets: big card buttons and scroll panes with Up/Down buttons."""

from __future__ import annotations

from typing import TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QSize, Signal, Slot
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import theme

# -- before the first paint ---------------------------------------------------------------------
# The first use of PySide6's ``Qt`` namespace (``Qt.AlignmentFlag`` and the like) costs about
# 13 ms: PySide6 then builds a Python enum for each of Qt's hundred or so enums. The home screen is
# built before the first paint without it (make bench, docs/performance.md): enum properties are
# set by name, and widget attributes wait for ``finish_after_first_paint``.


def is_language_change(event: QEvent) -> bool:
    """True for the event Qt sends every widget when the interface language changes (a
    translator was installed or removed): the widget then sets its texts again."""
    return event.type() == QEvent.Type.LanguageChange


def set_enum(obj: QObject, name: str, value: str) -> None:
    """Set the Qt enum property ``name`` by the enum value's name (``"AlignCenter"``).

    Raises:
        ValueError: ``obj`` has no such property, or the value is not one of its names.
    """
    if not obj.setProperty(name, value):
        raise ValueError(f"{type(obj).__name__}.{name} cannot be set to {value!r}")


_waiting_for_first_paint: list[QWidget] | None = []


def _qt_namespace_built() -> bool:
    return "Qt" in QtCore.__dict__


#: Break points put into long words for the screen (:func:`kiosk.core.hyphenate.breakable`).
SOFT_HYPHEN, ZERO_WIDTH_SPACE = "\u00ad", "\u200b"


def without_breaks(text: str) -> str:
    """``text`` without soft hyphens and zero-width spaces (what is read aloud)."""
    return text.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, "")


def ignore_taps(widget: QWidget) -> None:
    """Let taps on ``widget`` go to the widget under it (its parent card)."""
    if _waiting_for_first_paint is not None and not _qt_namespace_built():
        _waiting_for_first_paint.append(widget)
        return
    from PySide6.QtCore import Qt

    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


def finish_after_first_paint() -> None:
    """Give the widgets built before the first paint what needed the ``Qt`` namespace.

    Until then the window's tap filter is not installed either, so a tap on a card's label
    (which Qt passes on to the card) still counts once.
    """
    global _waiting_for_first_paint  # noqa: PLW0603 (one switch for the whole process)
    waiting, _waiting_for_first_paint = _waiting_for_first_paint or [], None
    from shiboken6 import isValid

    for widget in waiting:
        if isValid(widget):
            ignore_taps(widget)


def pass_focus(widget: QWidget, to: QWidget | None) -> None:
    """Before ``widget`` is disabled or hidden: if it has the keyboard focus, give it to ``to``
    on purpose. Qt would move it on to the next control in the Tab chain, where the next Space
    would act (Down at the end of a page gave the focus to "Previous page")."""
    if widget.hasFocus() and to is not None and to.isEnabled() and to.isVisibleTo(to.window()):
        to.setFocus()


def make_button(text: str, *, role: str = "", name: str = "") -> QPushButton:
    """A kiosk button: no auto-repeat, acts on release, big (sizes come from the style sheet)."""
    return kiosk_button(QPushButton(text), role=role, name=name)


P = TypeVar("P", bound=QPushButton)


def kiosk_button(button: P, *, role: str = "", name: str = "") -> P:
    """Make ``button`` a kiosk button (see :func:`make_button`) and return it."""
    button.setAutoRepeat(False)
    button.setAutoDefault(False)
    set_enum(button, "focusPolicy", "StrongFocus")
    button.setAccessibleName(button.text().replace("&", ""))
    if role:
        button.setProperty("role", role)
    if name:
        button.setObjectName(name)
    return button


def make_scroll_area(widget: QWidget, *, horizontal: bool = True) -> QScrollArea:
    """A frameless scroll area whose ``widget`` follows its width (card lists, notes, steps).

    Args:
        widget: what scrolls.
        horizontal: False to never show a horizontal scroll bar (text that wraps instead).
    """
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if not horizontal:
        set_enum(area, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
    area.setWidget(widget)
    return area


class CardButton(QPushButton):
    """A large button with a bold title and a wrapped one-line description under it.

    Used for home tiles, section list items and resource cards. The labels ignore the mouse, so
    the whole card is one target and keeps QPushButton's release-only activation.
    """

    def __init__(self, title: str, description: str = "", *, kind: str = "tile",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", kind)
        self.setProperty("role", "primary")
        self.setAutoRepeat(False)
        self.setAutoDefault(False)
        set_enum(self, "focusPolicy", "StrongFocus")
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.floor = 0
        outer = self._outer = QHBoxLayout(self)
        layout = QVBoxLayout()
        outer.addLayout(layout, 1)
        if kind == "tile":
            layout.addStretch(1)  # home tiles grow taller than their text: keep it centred
        self.title_label = QLabel(title)
        self.title_label.setProperty("kind", "tileTitle")
        self.description_label = QLabel(description)
        self.description_label.setProperty("kind", "tileText")
        for label in (self.title_label, self.description_label):
            label.setWordWrap(True)
            ignore_taps(label)
            layout.addWidget(label)
        self.description_label.setVisible(bool(description))
        layout.addStretch(1)

    def title(self) -> str:
        return without_breaks(self.title_label.text())

    def set_texts(self, title: str, description: str = "") -> None:
        """New title and description (the interface language changed)."""
        self.title_label.setText(title)
        self.description_label.setText(description)
        self.description_label.setVisible(bool(description))
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.updateGeometry()

    def add_side_widget(self, widget: QWidget) -> None:
        """Put ``widget`` (for example a QR code) at the right of the text; it ignores taps."""
        from PySide6.QtCore import Qt

        ignore_taps(widget)
        self._outer.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def text_width(self) -> int:
        """The least width that shows the longest word of the title and description whole
        (a word with soft hyphens or zero-width spaces in it may break there)."""
        widest = 0
        for label in (self.title_label, self.description_label):
            metrics = label.fontMetrics()
            words = label.text().replace(ZERO_WIDTH_SPACE, " ").split() \
                if not label.isHidden() else []
            hyphen = metrics.horizontalAdvance("-")
            for word in words:
                pieces = word.split(SOFT_HYPHEN)
                for index, piece in enumerate(pieces):
                    end = hyphen if index < len(pieces) - 1 else 0  # drawn where it breaks
                    widest = max(widest, metrics.horizontalAdvance(piece) + end)
        margins = self._outer.contentsMargins()
        side = 0
        for index in range(1, self._outer.count()):  # a QR code beside the text
            item = self._outer.itemAt(index)
            if item is not None:
                side += item.sizeHint().width() + self._outer.spacing()
        return widest + margins.left() + margins.right() + side

    def relayout(self) -> None:
        """Measure the card again now (its text changed), nested layouts included."""
        self._outer.invalidate()
        self._outer.activate()

    def spoken_text(self) -> str:
        """What Listen says for this card."""
        texts = (self.title(), without_breaks(self.description_label.text()))
        return ". ".join(t for t in texts if t)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return max(self._outer.totalHeightForWidth(width), self.floor)

    def set_floor(self, pixels: int) -> None:
        """The least height of the card (the primary target size)."""
        self.floor = pixels
        self.setMinimumHeight(pixels)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = self._outer.totalSizeHint()
        return QSize(hint.width(), max(hint.height(), self.floor))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.floor, self.floor)


class ScrollPane(QWidget):
    """A scroll area with big Up and Down buttons beside it, and kinetic drag on touch screens.

    Dragging is hard for a shaking hand, so every scrollable view has the buttons too (T8).

    Signals:
        scrolled(int): the scroll position changed (in pixels).
    """

    scrolled = Signal(int)

    def __init__(self, area: QAbstractScrollArea, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        set_enum(area, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.touch_drag = False  # see enable_touch_drag

        self.up_button = make_button("", role="primary", name="scrollUp")
        self.down_button = make_button("", role="primary", name="scrollDown")
        self.retranslate()
        self.up_button.clicked.connect(self.page_up)
        self.down_button.clicked.connect(self.page_down)
        buttons = self._button_column = QVBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addStretch(1)
        buttons.addWidget(self.down_button)
        for button in (self.up_button, self.down_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Up and Down, and under them what a screen puts there when it is short (the page's
        # Previous and Next on a small panel: see set_side_widget).
        side = self._side = QVBoxLayout()
        side.addLayout(buttons, 1)
        self.side_widget: QWidget | None = None
        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # A text column narrower than the screen (short lines) stays in the middle, and the
        # Up/Down buttons keep their size beside it, whatever the window's width.
        layout.addStretch(1)
        layout.addWidget(area, 1000)
        layout.addLayout(side)
        layout.addStretch(1)
        self.scroll_bar = area.verticalScrollBar()
        self.scroll_bar.valueChanged.connect(self._update_buttons)
        self.scroll_bar.rangeChanged.connect(self._update_buttons)
        self.scroll_bar.valueChanged.connect(self.scrolled)
        self._update_buttons()

    def retranslate(self) -> None:
        self.up_button.setText(self.tr("Up"))
        self.down_button.setText(self.tr("Down"))
        self.up_button.setAccessibleName(self.tr("Scroll up"))
        self.down_button.setAccessibleName(self.tr("Scroll down"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self.retranslate()

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Space between the view and its buttons, and between the buttons."""
        self._layout.setSpacing(metrics.gap_px)
        self._button_column.setSpacing(metrics.gap_px)
        self._side.setSpacing(metrics.gap_px)
        self._arrange_buttons(self.height())

    def buttons_size(self) -> tuple[int, int]:
        """The room Up and Down need: (width side by side, height one above the other)."""
        up, down = self.up_button.sizeHint(), self.down_button.sizeHint()
        gap = self._button_column.spacing()
        return up.width() + gap + down.width(), up.height() + gap + down.height()

    def set_side_widget(self, widget: QWidget | None) -> None:
        """Put ``widget`` under the Up and Down buttons (``None``: take it away again; the
        caller then places it elsewhere)."""
        if self.side_widget is not None:
            self._side.removeWidget(self.side_widget)
        self.side_widget = widget
        if widget is not None:
            self._side.addWidget(widget)
        self._arrange_buttons(self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._arrange_buttons(event.size().height())

    def _arrange_buttons(self, height: int) -> None:
        """Up above Down; side by side when the pane is too short for that (200 percent text
        and bigger buttons on a small screen), so neither is cut off."""
        column = self._button_column
        tall = (self.up_button.sizeHint().height() + self.down_button.sizeHint().height()
                + column.spacing())
        if self.side_widget is not None:
            tall += self.side_widget.sizeHint().height() + self._side.spacing()
        direction = (QBoxLayout.Direction.LeftToRight if 0 < height < tall
                     else QBoxLayout.Direction.TopToBottom)
        if column.direction() != direction:
            column.setDirection(direction)

    def enable_touch_drag(self) -> None:
        """Let a finger drag the view (kinetic scrolling, no overshoot). Idempotent.

        Called by the window after its first paint: reaching the view's viewport from Python
        makes PySide6 set up Python types for many Qt classes (several milliseconds), which the
        first screen does not need to wait for.
        """
        if self.touch_drag:
            return
        self.touch_drag = True
        viewport = self.area.viewport()
        QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
        scroller = QScroller.scroller(viewport)
        properties = scroller.scrollerProperties()
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor,
                                   0.0)
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootScrollDistanceFactor,
                                   0.0)
        scroller.setScrollerProperties(properties)

    def set_icons(self, up: QIcon, down: QIcon, size: int) -> None:
        for button, icon in ((self.up_button, up), (self.down_button, down)):
            button.setIcon(icon)
            button.setIconSize(QSize(size, size))

    def step(self) -> int:
        """How far one tap scrolls: most of a screenful, keeping a few lines for context."""
        return max(1, int(self.area.viewport().height() * 0.8))

    @Slot()
    def page_up(self) -> None:
        self.scroll_bar.setValue(self.scroll_bar.value() - self.step())

    @Slot()
    def page_down(self) -> None:
        self.scroll_bar.setValue(self.scroll_bar.value() + self.step())

    def scroll_to_top(self) -> None:
        QScroller.scroller(self.area.viewport()).stop()
        self.scroll_bar.setValue(0)

    @Slot()
    def _update_buttons(self) -> None:
        value, low, high = self.scroll_bar.value(), self.scroll_bar.minimum(), \
            self.scroll_bar.maximum()
        scrollable = high > low
        up, down = self.up_button, self.down_button
        if not scrollable:
            pass_focus(up, self.area)
            pass_focus(down, self.area)
        elif value >= high:
            pass_focus(down, up)  # the end of the page: focus stays on a scroll button
        elif value <= low:
            pass_focus(up, down)
        self.up_button.setVisible(scrollable)
        self.down_button.setVisible(scrollable)
        self.up_button.setEnabled(value > low)
        self.down_button.setEnabled(value < high)

