"""Keyboard and switch access: Enter acts like Space, a bounced switch acts once, and the Tab
order follows the screen's reading order (issue 17).

Many switch interfaces send Enter, and a one- or two-switch user scans with Tab and acts with
Enter or Space. Qt's push buttons act on Space only (Enter only for a dialog's default button),
so :class:`KeyActivation` clicks the focused button on Enter. It filters the kiosk's native
windows, like the repeat-tap filter (:mod:`kiosk.ui.taps`), so one rule holds in every pop-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QGridLayout,
    QLayout,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ACTIVATE = (*_ENTER, Qt.Key.Key_Space, Qt.Key.Key_Select)


class KeyActivation(QObject):
    """Enter (and the keypad's Enter) clicks the focused button; a second press of an acting
    key within ``window_ms`` of the last is ignored, as a second tap is.

    The idle watcher's own filter counts the keys this filter lets through; those it eats (a
    click, a bounce, an answer) it reports through :attr:`key_pressed`. While "Are you still
    there?" shows
    (:attr:`answering`), any key only answers it: a Tab does not move on underneath.

    Signals:
        key_pressed(): a key went down that this filter kept from the others (activity for
            the idle timer, whose filter does not see it).
        key_suppressed(): a repeated Enter or Space was ignored (a bounced switch, a tremor).
    """

    key_pressed = Signal()
    key_suppressed = Signal()

    def __init__(self, window_ms: int, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.window_ms = window_ms
        self.clock = clock  # a test can replace it
        self._last_act = float("-inf")
        self._swallowing: set[int] = set()  # keys whose press was eaten: eat their release too
        self.answering: Callable[[], bool] = lambda: False  # "Are you still there?" is shown

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            if self.answering():  # any key only answers the question, as a tap on it does
                self._swallowing.add(event.key())  # type: ignore[attr-defined]
                eaten = True
            else:
                eaten = self._press(event)  # type: ignore[arg-type]
            if eaten:
                self.key_pressed.emit()
            return eaten
        if kind == QEvent.Type.KeyRelease:
            return self._release(event)  # type: ignore[arg-type]
        return False

    def _press(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key not in _ACTIVATE:
            return False
        if event.isAutoRepeat():  # a held key acts once
            return key in _ENTER or key in self._swallowing
        button = _focused_button()
        if button is None:
            return False  # Enter in a page view follows its focused link
        if (self.clock() - self._last_act) * 1000 < self.window_ms:
            self._swallowing.add(key)
            self.key_suppressed.emit()
            return True
        self._last_act = self.clock()
        if key in _ENTER:
            self._swallowing.add(key)
            button.click()
            return True
        return False  # Space: the button acts on its release, as Qt does

    def _release(self, event: QKeyEvent) -> bool:
        key = event.key()
        if event.isAutoRepeat():
            return key in self._swallowing
        if key in self._swallowing:
            self._swallowing.discard(key)
            return True
        if key in _ACTIVATE and _focused_button() is not None:
            self._last_act = self.clock()  # the bounce window counts from the release
        return False

    def reset(self) -> None:
        """Forget the last key (the kiosk resets)."""
        self._last_act = float("-inf")
        self._swallowing.clear()


def _focused_button() -> QAbstractButton | None:
    widget = QApplication.focusWidget()
    if isinstance(widget, QAbstractButton) and widget.isEnabled() and widget.isVisible():
        return widget
    return None


# -- focus ----------------------------------------------------------------------------------

def reading_order(root: QWidget) -> list[QWidget]:
    """The controls inside ``root`` that take Tab focus, in the order its layouts place them:
    top to bottom, each grid row left to right, a scroll area's contents before the Up and
    Down buttons beside it. Of a stack of screens, only the one shown."""
    found: list[QWidget] = []
    _walk(root, found)
    return found


def set_tab_order(widgets: Iterable[QWidget]) -> None:
    """Make Tab visit ``widgets`` in this order (Shift+Tab backwards)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def _walk(widget: QWidget, found: list[QWidget]) -> None:
    if _takes_tab(widget):
        found.append(widget)
    if isinstance(widget, QStackedWidget):
        current = widget.currentWidget()
        if current is not None:
            _walk(current, found)
        return
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        if inner is not None:
            _walk(inner, found)
        return
    if isinstance(widget, QAbstractScrollArea):
        return  # a text view: one stop, its links are reached inside it
    seen: set[QWidget] = set()
    layout = widget.layout()
    if layout is not None:
        _walk_layout(layout, found, seen)
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child not in seen and not child.isWindow():
            _walk(child, found)  # not in a layout (an overlay): after the rest


def _walk_layout(layout: QLayout, found: list[QWidget], seen: set[QWidget]) -> None:
    indexes = list(range(layout.count()))
    if isinstance(layout, QGridLayout):
        positions: dict[int, tuple[int, int]] = {}
        for index in indexes:
            place: tuple[int, int, int, int] = layout.getItemPosition(index)  # type: ignore[assignment]
            positions[index] = place[:2]
        indexes.sort(key=lambda index: positions[index])
    for index in indexes:
        item = layout.itemAt(index)
        if item is None:
            continue
        child, inner = item.widget(), item.layout()
        if child is not None:
            seen.add(child)
            _walk(child, found)
        elif inner is not None:
            _walk_layout(inner, found, seen)
