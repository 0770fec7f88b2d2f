"""What staff can do with the content folder beyond a reload: the app's side of the staff panel.

Made at start-up for every window, so it imports nothing the first paint does not need (no
``Qt`` namespace: see tests/ui/test_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class ContentActions(QObject):
    """What the app lets staff do with the content folder beyond a reload (a child of the window).

    The app makes one per window; the staff panel, built later, finds it with ``findChild``.

    Args:
        parent: the kiosk window.
        has_previous: tells, when the panel is shown, whether a previous version exists.
        recovered: what start-up repaired after a crash or power cut ("" normally).

    Signals:
        rollback_requested(): staff chose to go back to the previous content.
    """

    rollback_requested = Signal()

    def __init__(self, parent: QObject, has_previous: Callable[[], bool],
                 recovered: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("contentActions")
        self.has_previous = has_previous
        self.recovered = recovered
