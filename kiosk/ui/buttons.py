"""A kiosk button whose text wraps onto more lines when it is narrow (built after the first paint).

A ``QPushButton`` draws its text on one line and cuts it at both sides when the button is
narrower ("ight (chosen" at 200 percent text). :class:`WrapButton` breaks the text between words
for the width it is given and asks its layout for the height of those lines
(``heightForWidth``). The style still draws it, so colours, borders and states come from the
style sheet as for every other button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPaintEvent
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from kiosk.ui.widgets import kiosk_button

_FLAGS = Qt.TextFlag.TextShowMnemonic.value
_LARGE = 4000  # a text size larger than any style sheet minimum, to measure the style's frame


def wrap_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` with line breaks between words so that each line fits ``width`` pixels (a word
    wider than that stays whole on its own line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


class WrapButton(QPushButton):
    """A big kiosk button (see :func:`make_wrap_button`) whose text wraps between words."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _option(self, text: str) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        return option

    def _icon_width(self) -> int:
        return self.iconSize().width() + 4 if not self.icon().isNull() else 0

    def _frame(self) -> QSize:
        """What the style adds around the text: padding and border (not its minimum size)."""
        option = self._option(self.text())
        style = self.style()
        wide = style.sizeFromContents(QStyle.ContentsType.CT_PushButton, option,
                                      QSize(_LARGE, 10), self)
        tall = style.sizeFromContents(QStyle.ContentsType.CT_PushButton, option,
                                      QSize(10, _LARGE), self)
        return QSize(wide.width() - _LARGE, tall.height() - _LARGE)

    def _text_room(self, width: int) -> int:
        return max(1, width - self._frame().width() - self._icon_width())

    def shown_text(self, width: int | None = None) -> str:
        """The text as drawn at ``width`` (the button's own width by default)."""
        room = self._text_room(self.width() if width is None else width)
        return wrap_lines(self.text(), self.fontMetrics(), room)

    def _size_for(self, text: str) -> QSize:
        size = self.fontMetrics().size(_FLAGS, text)
        contents = QSize(size.width() + self._icon_width(),
                         max(size.height(), self.iconSize().height() if self._icon_width() else 0))
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton,
                                             self._option(text), contents, self)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def event(self, event: QEvent) -> bool:
        """After the style sheet's polish: no fixed least width. The style sheet's
        ``min-width`` sets one, which a layout obeys instead of :meth:`minimumSizeHint` (so a
        button got narrower than its longest word: "Reload content" in the staff panel); the
        hint already holds ``min-width`` (the style measures it)."""
        done = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange) and self.minimumWidth():
            self.setMinimumWidth(0)
        return done

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return max(self._size_for(self.shown_text(width)).height(), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """As narrow as the longest word; one line high."""
        longest = max(self.text().split(), key=self.fontMetrics().horizontalAdvance, default="")
        return QSize(self._size_for(longest).width(), self._size_for(self.text()).height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, self._option(self.shown_text()))


def make_wrap_button(text: str = "", *, role: str = "", name: str = "") -> WrapButton:
    """A kiosk button (as :func:`kiosk.ui.widgets.make_button`) whose text wraps."""
    return kiosk_button(WrapButton(text), role=role, name=name)
