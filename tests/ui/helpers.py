"""Helpers for GUI tests: find visible buttons by name and tap them like a visitor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def button(window: QWidget, name: str) -> QAbstractButton:
    """The visible button with this objectName on the current screen or bars."""
    matches = [b for b in window.findChildren(QAbstractButton, name) if b.isVisible()]
    assert matches, f"no visible button {name!r}"
    return matches[0]


def tap(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A real click in the middle of the widget (press and release)."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def tap_name(qtbot, window: QWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    tap(qtbot, button(window, name))


def wait_exposed(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Wait until ``widget``'s window is on screen. (pytest-qt's ``waitExposed`` is a context
    manager: called on its own it waits for nothing.)"""
    def exposed() -> bool:
        handle = widget.windowHandle()
        return handle is not None and handle.isExposed()

    qtbot.waitUntil(exposed)


def wait_active(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Wait until ``widget``'s window is the active one (activation is asynchronous)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
