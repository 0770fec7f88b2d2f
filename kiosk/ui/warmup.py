"""The warm-up: after the first paint, build what the first taps will need, one step at a time.

One step runs per turn of the event loop, so a tap that comes meanwhile waits for one step at
most, and no tap ever waits for a first-time build (make bench: max latency).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

Step = Callable[[], object]
"""One piece of the warm-up; what it returns is ignored."""


class WarmUp(QObject):
    """A queue of steps run one per turn of the event loop, starting ``delay_ms`` after
    :meth:`start`.

    Signals:
        finished(): the last step has run (emitted once; tests wait on it).
    """

    finished = Signal()

    def __init__(self, parent: QObject | None = None, delay_ms: int = 300) -> None:
        super().__init__(parent)
        self.delay_ms = delay_ms
        self.timer = QTimer(self)
        self.timer.setObjectName("warm_up_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._run_next)
        self._steps: list[Step] | None = None  # None: not started

    @property
    def started(self) -> bool:
        return self._steps is not None

    @property
    def running(self) -> bool:
        """True until every step has run (also before :meth:`start`)."""
        return self._steps is None or bool(self._steps)

    def start(self, steps: Iterable[Step]) -> None:
        """Run ``steps`` in order from ``delay_ms`` from now (a second call does nothing)."""
        if self._steps is None:
            self._steps = list(steps)
            self.timer.start(self.delay_ms)

    def add(self, steps: Iterable[Step]) -> None:
        """Queue more steps after the others (a step may add the steps it makes necessary)."""
        if self._steps is None:
            raise RuntimeError("the warm-up has not started")
        was_empty = not self._steps
        self._steps.extend(steps)
        if was_empty and self._steps and not self.timer.isActive():
            self.timer.start(0)

    @Slot()
    def _run_next(self) -> None:
        if self._steps:
            self._steps.pop(0)()
            if self._steps:
                self.timer.start(0)
            else:
                self.finished.emit()
