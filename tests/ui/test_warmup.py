"""The warm-up queue on its own: one step per turn of the event loop, then ``finished``."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.ui.warmup import WarmUp


def test_steps_run_in_order_after_the_delay_then_finished(qtbot: QtBot) -> None:
    """Nothing runs at start; the steps run in order; ``finished`` comes once, at the end."""
    warm_up = WarmUp(delay_ms=10)
    ran: list[int] = []
    assert warm_up.running and not warm_up.started
    with qtbot.waitSignal(warm_up.finished, timeout=2000):
        warm_up.start([lambda i=i: ran.append(i) for i in range(5)])
        assert warm_up.started and ran == []  # not before the event loop turns
    assert ran == [0, 1, 2, 3, 4]
    assert not warm_up.running and not warm_up.timer.isActive()
    with qtbot.assertNotEmitted(warm_up.finished, wait=50):
        warm_up.start([lambda: ran.append(99)])  # a second start does nothing
    assert ran == [0, 1, 2, 3, 4]


def test_each_step_gets_its_own_turn_of_the_event_loop(qtbot: QtBot) -> None:
    """Between two steps, other events (a visitor's tap) are handled."""
    warm_up = WarmUp(delay_ms=0)
    seen_between: list[bool] = []
    flag = {"turned": False}

    def first() -> None:
        QTimer.singleShot(0, lambda: flag.update(turned=True))

    with qtbot.waitSignal(warm_up.finished, timeout=2000):
        warm_up.start([first, lambda: seen_between.append(flag["turned"])])
    assert seen_between == [True]
