"""Finds text that needs more room than it has: clipped labels and buttons (T15).

Used by ``tests/ui/test_clipping.py``; it looks at geometry only (what Qt would paint), so it
works offscreen and reports each clipped widget in words.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

SLACK = 1  # pixels of rounding allowed


def describe(widget: QWidget) -> str:
    """The widget in words: its class, its name (or its nearest named parent's) and its text."""
    name = widget.objectName()
    parent = widget.parentWidget()
    while not name and parent is not None:
        name = parent.objectName() and f"in {parent.objectName()}"
        parent = parent.parentWidget()
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    text = " ".join(text.split())
    shown = f" {text[:50]!r}" if text else ""
    return f"{type(widget).__name__} {name}{shown}"


def _text_size(widget: QWidget, text: str) -> QSize:
    """The room ``text`` needs on one or more lines (no wrapping) in the widget's font."""
    return QFontMetrics(widget.font()).size(Qt.TextFlag.TextShowMnemonic.value, text)


def _longest_word(widget: QWidget, text: str) -> int:
    """The widest piece of ``text`` Qt cannot break: lines break at spaces, after a hyphen,
    at a zero-width space and at a soft hyphen (where a hyphen is then drawn)."""
    metrics = QFontMetrics(widget.font())
    hyphen = metrics.horizontalAdvance("-")
    widest = 0
    for word in re.split(r"\s+|(?<=-)|\u200b", text):
        pieces = word.split("\u00ad")
        for index, piece in enumerate(pieces):
            if piece:
                end = hyphen if index < len(pieces) - 1 else 0  # the hyphen shown at a break
                widest = max(widest, metrics.horizontalAdvance(piece) + end)
    return widest


def _label_problem(label: QLabel) -> str:
    text = label.text()
    room = label.contentsRect()
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return f"needs {need} px of height, has {label.height()}"
        word = _longest_word(label, text)
        if word > room.width() + SLACK:
            return f"a word needs {word} px of width, has {room.width()}"
        return ""
    need_size = _text_size(label, text)
    if need_size.width() > room.width() + SLACK or need_size.height() > room.height() + SLACK:
        return (f"needs {need_size.width()}x{need_size.height()} px, "
                f"has {room.width()}x{room.height()}")
    return ""


def _button_problem(button: QAbstractButton) -> str:
    size = button.size()
    if button.hasHeightForWidth():  # a button whose text wraps (kiosk.ui.buttons.WrapButton)
        need_width = button.minimumSizeHint().width()
        need_height = button.heightForWidth(size.width())
    else:
        hint = button.sizeHint()
        need_width, need_height = hint.width(), hint.height()
    if need_width > size.width() + SLACK or need_height > size.height() + SLACK:
        return f"needs {need_width}x{need_height} px, has {size.width()}x{size.height()}"
    return ""


def _is_viewport(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget


def _outside_parents(widget: QWidget) -> str:
    """Where the widget sticks out of a parent that cannot scroll (so part of it is cut)."""
    rect = QRect(QPoint(0, 0), widget.size())
    child = widget
    parent = widget.parentWidget()
    while parent is not None and not child.isWindow() and not _is_viewport(parent):
        rect.translate(child.pos())
        bounds = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if not bounds.contains(rect):
            return (f"sticks out of {describe(parent)} "
                    f"({rect.width()}x{rect.height()} at {rect.x()},{rect.y()} in "
                    f"{parent.width()}x{parent.height()})")
        child, parent = parent, parent.parentWidget()
    return ""


def clipped(root: QWidget, place: str) -> list[str]:
    """Every visible piece of text under ``root`` (``root`` included) that is cut off.

    Args:
        root: a window or pop-up.
        place: words for where it was seen ("1280x800 dark, home"), put in each message.

    Returns:
        One line per problem: where, which widget, and how much room it needs and has.
    """
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        problem = ""
        if isinstance(widget, QLabel) and widget.text():
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton) and widget.text():
            problem = _button_problem(widget)
        elif isinstance(widget, QAbstractScrollArea):
            sideways = widget.horizontalScrollBar().maximum()
            if sideways > 0:
                problem = f"scrolls sideways by {sideways} px"
        if not problem and (isinstance(widget, (QLabel, QAbstractButton))
                            and not widget.isWindow()):
            problem = _outside_parents(widget)
        if problem:
            problems.append(f"{place}: {describe(widget)} {problem}")
    return problems


def outside(window: QWidget, inner: QWidget, place: str) -> list[str]:
    """``inner`` (a pop-up) does not fit inside ``window`` (the kiosk's screen)."""
    area = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    box = QRect(inner.mapToGlobal(QPoint(0, 0)), inner.size())
    if area.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
        return []
    return [f"{place}: {describe(inner)} ({box.width()}x{box.height()}) does not fit on the "
            f"screen ({area.width()}x{area.height()})"]
