"""Anonymous usage counts in memory: what was opened and chosen, per hour, never by whom.

The kiosk counts events here, in a dictionary, so counting costs a tap almost nothing;
:mod:`kiosk.core.usagedb` writes the counts to SQLite in one transaction now and then. Every
count is ``(hour, event, key) -> n``:

- ``hour`` is local time cut to the hour, ``"YYYY-MM-DDTHH"``; minutes are never kept;
- ``event`` is one of :data:`EVENTS` (a ``time:`` event says how long a screen stayed open,
  in one of four :data:`DWELL_BUCKETS`);
- ``key`` names what the event was about, always something the content or the code chose (a
  page id, a language code, a text size): it must match :data:`KEY_PATTERN`, so nothing a
  visitor typed, no free text and no tap position can ever become a key.

No Qt and no sqlite3 here: the window makes a counter before its first paint.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable

#: Every event the kiosk counts (``time:<bucket>`` for how long a screen stayed open).
VISIT = "visit"
SCREEN = "screen"
LISTEN = "listen"
TEXT_SIZE = "text-size"
THEME = "theme"
LANGUAGE = "language"
SESSION = "session"
HANDOUT = "handout"
#: How long a screen stayed open: (bucket name, upper bound in seconds).
DWELL_BUCKETS: tuple[tuple[str, float], ...] = (
    ("under-10s", 10.0), ("10-60s", 60.0), ("1-5min", 300.0), ("over-5min", float("inf")))
TIME_EVENTS = tuple(f"time:{name}" for name, _limit in DWELL_BUCKETS)
QUICK_EXIT = TIME_EVENTS[0]
EVENTS = frozenset({VISIT, SCREEN, LISTEN, TEXT_SIZE, THEME, LANGUAGE, SESSION, HANDOUT,
                    *TIME_EVENTS})
#: What a key may look like: ids from the content (``forms/blepharospasm``), codes, numbers.
KEY_PATTERN = re.compile(r"(?:[a-z0-9_][a-z0-9_./-]{0,159})?", re.IGNORECASE)
#: Counts held in memory at most between two writes (a write empties them); more are dropped.
MAX_PENDING = 10_000

Count = tuple[str, str, str]
"""``(hour, event, key)``."""


def hour_of(moment: dt.datetime) -> str:
    """``moment`` cut to the hour: ``"2026-05-03T14"`` (the only time ever stored)."""
    return moment.strftime("%Y-%m-%dT%H")


def screen_key(kind: str, ident: str = "") -> str:
    """The key of a screen: ``page/forms/blepharospasm``, ``section/forms``, ``resources``."""
    return f"{kind}/{ident}" if ident else kind


def dwell_bucket(seconds: float) -> str:
    """The ``time:`` event for a screen open ``seconds`` long."""
    for (_name, limit), event in zip(DWELL_BUCKETS, TIME_EVENTS, strict=True):
        if seconds < limit:
            return event
    return TIME_EVENTS[-1]


class UsageCounter:
    """Counts events in memory, and knows whether a visit is going on and which screen is open.

    A visit starts with the visitor's first action after the home screen was shown fresh (a
    screen opened, Listen, a display choice, a language) and ends at the reset for the next
    visitor. The last screen of a visit is not timed: nobody knows when the visitor walked
    away from it.

    Args:
        clock: local time now (the hour of each count).
        monotonic: seconds from any fixed point (how long a screen was open).
    """

    def __init__(self, clock: Callable[[], dt.datetime] = dt.datetime.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._monotonic = monotonic
        self.pending: dict[Count, int] = {}
        self.in_visit = False
        self.dropped = 0  # counts refused (a bad key, or too many waiting)
        self._screen = ""  # the key of the screen being timed, "" for none
        self._screen_since = 0.0

    def count(self, event: str, key: str = "") -> bool:
        """Add one to ``event`` about ``key`` in this hour; False (nothing counted) for an
        unknown event, a key that is not an id, or when too many counts are waiting."""
        if event not in EVENTS or not KEY_PATTERN.fullmatch(key):
            self.dropped += 1
            return False
        item = (hour_of(self._clock()), event, key)
        if item not in self.pending and len(self.pending) >= MAX_PENDING:
            self.dropped += 1
            return False
        self.pending[item] = self.pending.get(item, 0) + 1
        return True

    def visitor_acted(self) -> None:
        """The visitor did something: the first action after the home screen starts a visit."""
        if not self.in_visit:
            self.in_visit = True
            self.count(VISIT)

    def screen_opened(self, kind: str, ident: str = "") -> None:
        """A screen other than home was opened by the visitor: counted, and timed until the
        next screen. Generic: a page, a section, the resources, the word list, a body region."""
        self.visitor_acted()
        self.screen_left()
        key = screen_key(kind, ident)
        if self.count(SCREEN, key):
            self._screen, self._screen_since = key, self._monotonic()

    def screen_left(self) -> None:
        """The timed screen was left (for another one, or for home): count how long it was open."""
        if self._screen:
            self.count(dwell_bucket(self._monotonic() - self._screen_since), self._screen)
            self._screen = ""

    def end_visit(self) -> None:
        """The reset for the next visitor: the visit is over; its last screen is not timed."""
        self.in_visit = False
        self._screen = ""

    def take(self) -> dict[Count, int]:
        """The counts since the last call (the caller writes them), leaving none in memory."""
        taken, self.pending = self.pending, {}
        return taken
