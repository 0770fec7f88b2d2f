"""The input watchers on their own: installed on the native windows from ``start()``, and on
each pop-up that announces itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.inputwatch import InputWatch
from kiosk.ui.panels import TermDialog
from tests.ui.helpers import wait_exposed


class Presses(QObject):
    """Counts mouse presses; lets every event through."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.MouseButtonPress:
            self.count += 1
        return False


def _tap(widget: QWidget) -> None:
    handle = widget.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(10, 10))


def test_filters_watch_the_window_only_from_start(qtbot: QtBot) -> None:
    """Before ``start()`` (the first paint) no filter sees input; afterwards every one does,
    including one added later."""
    window = QWidget()
    qtbot.add_widget(window)
    window.resize(200, 200)
    window.show()
    wait_exposed(qtbot, window)
    watch = InputWatch(window)
    first, later = Presses(), Presses()
    watch.add_filter(first)
    _tap(window)
    assert first.count == 0 and not watch.watching
    with qtbot.waitSignal(watch.started, timeout=1000):
        watch.start()
    _tap(window)
    assert first.count == 1
    watch.add_filter(later)
    _tap(window)
    assert (first.count, later.count) == (2, 1)


def test_a_panel_announces_itself_and_is_watched(qtbot: QtBot) -> None:
    """A pop-up's own native window is watched once it is shown (its ``shown`` signal)."""
    window = QWidget()
    qtbot.add_widget(window)
    window.resize(400, 300)
    window.show()
    wait_exposed(qtbot, window)
    watch = InputWatch(window)
    presses = Presses()
    watch.add_filter(presses)
    watch.start()
    panel = TermDialog(window)
    panel.shown.connect(watch.watch_window)
    with qtbot.waitSignal(panel.shown, timeout=1000):
        panel.open_centred(300)
    wait_exposed(qtbot, panel)
    _tap(panel)
    assert presses.count == 1
    panel.close()
