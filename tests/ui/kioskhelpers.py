"""Helpers for kiosk-mode tests: a kiosk window with a PIN, and taps through native windows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.core.config import KioskConfig
from kiosk.core.pin import hash_pin

PIN = "570913"
FAST = 2**4  # scrypt cost for tests


def kiosk_config(**values: object) -> KioskConfig:
    """Test defaults (no repeat-tap window, mock speech) with a staff PIN."""
    return KioskConfig(repeat_tap_ms=0, speech_engine="mock",
                       staff_pin_hash=hash_pin(PIN, n=FAST), **values)  # type: ignore[arg-type]


def build_kiosk(qtbot, config: KioskConfig, library, *, kiosk_mode: bool = True):  # type: ignore[no-untyped-def]
    """A kiosk-mode window, shown, with its input filters installed (after the first paint)."""
    from kiosk.ui.window import build_window

    window = build_window(config, library, kiosk_mode=kiosk_mode)
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    qtbot.wait_until(lambda: window.watching_input, timeout=5000)
    window.title_bar.hold_timer.setInterval(30)
    return window


def native_pos(widget: QWidget) -> tuple[QWidget, QPoint]:
    top = widget.window()
    return top, widget.mapTo(top, widget.rect().center())


def tap_native(widget: QWidget, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """A tap as a touch screen sends it: to the native window, before any widget sees it."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    top, pos = native_pos(widget)
    handle = top.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, button, Qt.KeyboardModifier.NoModifier, pos)


def hold_title(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Press and hold the title bar through the native window until staff mode asks for a PIN."""
    top, pos = native_pos(window.title_bar)
    handle = top.windowHandle()
    with qtbot.waitSignal(window.title_bar.held, timeout=2000):
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def type_pin(qtbot, panel, pin: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the digits and Enter on the keypad."""
    qtbot.wait_until(panel.isVisible)
    for digit in pin:
        tap_native(panel.keys[digit] if digit != "0" else panel.findChild(QWidget, "pin0"))
    tap_native(panel.findChild(QWidget, "pinEnter"))


def enter_staff_mode(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Hold the title, type the PIN: the staff panel is open."""
    hold_title(qtbot, window)
    type_pin(qtbot, window.staff.pin_panel, PIN)
    qtbot.wait_until(window.staff.staff_panel.isVisible)
