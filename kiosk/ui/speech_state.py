"""What reading aloud is doing, as a type (start-up path).

Apart from :mod:`kiosk.ui.speech` (which re-exports it) because the navigation bar shows the
state before the first paint, and :mod:`kiosk.ui.speech` loads QtTextToSpeech, which only the
first Listen needs.
"""

from __future__ import annotations

from enum import StrEnum


class SpeechState(StrEnum):
    """The speech controller's state; the values are what ``Speech.state_changed`` sends."""

    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"
    UNAVAILABLE = "unavailable"

    @property
    def is_active(self) -> bool:
        """True while reading or paused (Stop and Repeat have something to act on)."""
        return self in (SpeechState.SPEAKING, SpeechState.PAUSED)
