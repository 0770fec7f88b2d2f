"""Anonymous usage counting in the window: thin slots that count in memory, and a timer that
writes the counts to SQLite (:mod:`kiosk.core.usage`, :mod:`kiosk.core.usagedb`).

A tap only adds to a dictionary. The counts are written in one transaction a minute after the
first count since the last write (``usage_flush_timer``, single-shot, so an idle kiosk runs no
timer), at the reset for the next visitor and when the window closes. The file is opened in the
warm-up after the first paint (sqlite3 is not even imported before); its old rows are deleted
at the nightly reset. Nothing here can stop the kiosk: the store never raises.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.core import usage
from kiosk.core.config import KioskConfig
from kiosk.core.navigation import Route, RouteKind

if TYPE_CHECKING:
    from kiosk.core.usagedb import UsageStore
    from kiosk.ui.style import Look

log = logging.getLogger(__name__)

#: Milliseconds from the first count to the write (a power cut loses at most this much).
FLUSH_MS = 60_000


def default_path() -> Path:
    """``usage.sqlite3`` in the kiosk's state folder."""
    from kiosk.core.paths import state_dir

    return state_dir() / "usage.sqlite3"


class UsageRecorder(QObject):
    """Counts what visitors open and choose (when ``config.usage_counts`` is on).

    Args:
        parent: the kiosk window.
        config: ``usage_counts``, ``usage_keep_days`` and ``kiosk_name``.
        path: the database file (default: :func:`default_path`, decided when first opened).

    Signals:
        flushed(int): the counts were written (how many rows; 0 when nothing was waiting).
    """

    flushed = Signal(int)

    def __init__(self, parent: QObject, config: KioskConfig, path: Path | None = None) -> None:
        super().__init__(parent)
        self.enabled = config.usage_counts
        self.keep_days = config.usage_keep_days
        self.kiosk_name = config.kiosk_name
        self._path = path
        self.counter = usage.UsageCounter()
        self.store: UsageStore | None = None
        self._muted = False  # during the reset for the next visitor
        self._look: Look | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("usage_flush_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(FLUSH_MS)
        self.timer.timeout.connect(self.flush)

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = default_path()
        return self._path

    def _counted(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    # -- what the window tells it ---------------------------------------------------------------

    @Slot(object)
    def screen_shown(self, route: Route) -> None:
        """The navigator showed ``route``: home ends the timing of the last screen; any other
        screen is counted and timed (during the reset nothing is)."""
        if not self.enabled or self._muted:
            return
        if route.kind == RouteKind.HOME:
            self.counter.screen_left()
        else:
            self.count_screen(str(route.kind), route.id)

    def count_screen(self, kind: str, ident: str = "") -> None:
        """A screen of ``kind`` showing ``ident`` was opened by the visitor (generic: a page, a
        section, the word list, a body-map region)."""
        if self.enabled and not self._muted:
            self.counter.screen_opened(kind, ident)
            self._counted()

    def count(self, event: str, key: str = "", *, visitor: bool = True) -> None:
        """Count ``event`` about ``key``; ``visitor``: an action that starts a visit."""
        if not self.enabled or self._muted:
            return
        if visitor:
            self.counter.visitor_acted()
        self.counter.count(event, key)
        self._counted()

    @Slot()
    def listen_started(self, route: Route | None = None) -> None:
        key = usage.screen_key(str(route.kind), route.id) if route is not None else ""
        self.count(usage.LISTEN, key)

    @Slot(object)
    def look_changed(self, look: Look) -> None:
        """The visitor chose a text size or screen (the reset's return to the defaults is not
        a choice and is not counted)."""
        before, self._look = self._look, look
        if before is None or self._muted:
            return
        if look.text_scale != before.text_scale:
            self.count(usage.TEXT_SIZE, str(round(look.text_scale * 100)))
        if look.theme != before.theme:
            self.count(usage.THEME, look.theme)

    def remember_look(self, look: Look) -> None:
        """The look the visit starts with (what a change is measured against)."""
        self._look = look

    @Slot(str)
    def language_chosen(self, code: str) -> None:
        self.count(usage.LANGUAGE, code)

    @Slot(QObject)
    def presenter_shown(self, presenter: QObject) -> None:
        """Staff started a guided session (not a visit); its handouts are counted too."""
        session = getattr(presenter, "session", None)
        self.count(usage.SESSION, getattr(session, "id", ""), visitor=False)
        made = getattr(presenter, "handout_made", None)
        if made is not None:
            made.connect(self.handout_made)

    @Slot(str)
    def handout_made(self, how: str) -> None:
        self.count(usage.HANDOUT, how, visitor=False)

    # -- visits and writing ------------------------------------------------------------------------

    def end_visit(self) -> None:
        """The reset for the next visitor begins: the visit ends, the counts are written, and
        nothing the reset itself does is counted until :meth:`reset_done`."""
        self.counter.end_visit()
        self._muted = True
        self.flush()

    @Slot()
    def reset_done(self) -> None:
        self._muted = False

    def open_store(self) -> None:
        """Open the database (a warm-up step; also done by the first write)."""
        if not self.enabled:
            return
        if self.store is None:
            from kiosk.core.usagedb import UsageStore

            self.store = UsageStore(self.path, self.kiosk_name)
        self.store.open()

    @Slot()
    def flush(self) -> int:
        """Write the counts waiting in memory, in one transaction; returns how many rows."""
        self.timer.stop()
        counts = self.counter.take()
        if not self.enabled or not counts:
            self.flushed.emit(0)
            return 0
        self.open_store()
        assert self.store is not None
        written = len(counts) if self.store.write(counts) else 0
        self.flushed.emit(written)
        return written

    @Slot()
    def nightly(self, today: dt.date | None = None) -> None:
        """The nightly reset: write, then delete the rows older than ``usage_keep_days``."""
        if not self.enabled:
            return
        self.flush()
        self.open_store()
        assert self.store is not None
        deleted = self.store.purge(self.keep_days, today or dt.date.today())
        if deleted:
            log.info("usage counts: %d rows older than %d days deleted", deleted, self.keep_days)

    def close(self) -> None:
        """At exit: write what is waiting and close the file."""
        self.flush()
        if self.store is not None:
            self.store.close()

    @property
    def problem(self) -> str:
        """Why counting stopped for this run ("" while it works or before the first write)."""
        return self.store.broken if self.store is not None else ""
