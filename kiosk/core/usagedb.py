"""The usage counts' SQLite database: schema and its versions, writing, purging, setting aside.

One file, ``usage.sqlite3`` in the kiosk's state folder, in WAL mode. Its one table holds a
count per kiosk, hour, event and key (see :mod:`kiosk.core.usage`); ``PRAGMA user_version``
says which version of the schema it has, and :data:`MIGRATIONS` brings any older file up to
date (a new file is "migrated" from version 0, so every step runs in every test).

A damaged or unwritable file never stops the kiosk: it is renamed ``usage.sqlite3.corrupt-<n>``
(with its ``-wal`` and ``-shm`` files), that is logged once, and counting starts afresh in a new
file. If even that fails, counting stops until the next start (logged once).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path

from kiosk.core.usage import Count

log = logging.getLogger(__name__)

DB_NAME = "usage.sqlite3"
SCHEMA_VERSION = 2
_COMPANIONS = ("-wal", "-shm", "-journal")


def _v1(db: sqlite3.Connection, kiosk: str) -> None:
    """Version 1: a count per hour, event and key (one kiosk per file, its name not kept)."""
    db.execute("CREATE TABLE counts (hour TEXT NOT NULL, event TEXT NOT NULL, "
               "key TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL, "
               "PRIMARY KEY (hour, event, key)) WITHOUT ROWID")


def _v2(db: sqlite3.Connection, kiosk: str) -> None:
    """Version 2: the kiosk's name in every row, so several kiosks' files merge into one
    report; an index for the report's queries (one event over a range of hours)."""
    db.execute("CREATE TABLE counts_v2 (kiosk TEXT NOT NULL, hour TEXT NOT NULL, "
               "event TEXT NOT NULL, key TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL, "
               "PRIMARY KEY (hour, event, key, kiosk)) WITHOUT ROWID")
    db.execute("INSERT INTO counts_v2 (kiosk, hour, event, key, n) "
               "SELECT ?, hour, event, key, n FROM counts", (kiosk,))
    db.execute("DROP TABLE counts")
    db.execute("ALTER TABLE counts_v2 RENAME TO counts")
    db.execute("CREATE INDEX counts_by_event ON counts (event, hour)")


#: ``MIGRATIONS[v]`` takes a file from version ``v`` to ``v + 1``.
MIGRATIONS: tuple[Callable[[sqlite3.Connection, str], None], ...] = (_v1, _v2)
assert len(MIGRATIONS) == SCHEMA_VERSION


class UsageDbError(Exception):
    """The file cannot be used (damaged, not a database, written by a newer kiosk)."""


def connect(path: Path, kiosk: str) -> sqlite3.Connection:
    """Open (or create) the database at ``path`` and bring its schema up to date.

    Raises:
        UsageDbError: the file is damaged or from a newer kiosk.
        sqlite3.Error, OSError: it cannot be opened or written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    try:
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise UsageDbError(f"{path}: damaged ({check[0] if check else 'no answer'})")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # in WAL: a power cut loses at most the last write
        migrate(db, kiosk, path)
    except sqlite3.DatabaseError as exc:
        db.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise
        raise UsageDbError(f"{path}: {exc}") from None
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: sqlite3.Connection, kiosk: str, path: Path | str = "usage") -> None:
    """Run the steps from the file's ``user_version`` to :data:`SCHEMA_VERSION`, in one
    transaction (a power cut leaves the old version, whole)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise UsageDbError(f"{path}: written by a newer kiosk (schema {version}; this kiosk "
                           f"knows up to {SCHEMA_VERSION})")
    if version == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for step in MIGRATIONS[version:]:
            step(db, kiosk)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if version:
        log.info("usage counts: %s brought from schema %d to %d", path, version, SCHEMA_VERSION)


def write_counts(db: sqlite3.Connection, kiosk: str, counts: Mapping[Count, int]) -> None:
    """Add ``counts`` to the file in one transaction."""
    if not counts:
        return
    rows = [(kiosk, hour, event, key, n) for (hour, event, key), n in counts.items()]
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("INSERT INTO counts (kiosk, hour, event, key, n) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (hour, event, key, kiosk) DO UPDATE SET n = n + excluded.n",
                       rows)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def purge(db: sqlite3.Connection, keep_days: int, today: dt.date) -> int:
    """Delete the rows of the days before ``today - keep_days`` (that day itself is kept);
    returns how many."""
    cutoff = (today - dt.timedelta(days=keep_days)).isoformat()  # "YYYY-MM-DD" < its hours
    deleted = db.execute("DELETE FROM counts WHERE hour < ?", (cutoff,)).rowcount
    return int(deleted)


def set_aside(path: Path) -> Path:
    """Rename a damaged file (and its companions) to ``<name>.corrupt-<n>``; returns the new
    name of the main file."""
    number = 1
    while any(path.with_name(f"{path.name}.corrupt-{number}{end}").exists()
              for end in ("", *_COMPANIONS)):
        number += 1
    target = path.with_name(f"{path.name}.corrupt-{number}")
    for end in _COMPANIONS:
        companion = path.with_name(path.name + end)
        if companion.exists():
            companion.replace(path.with_name(target.name + end))
    if path.exists():
        path.replace(target)
    return target


class UsageStore:
    """The kiosk's database, opened when first needed; never raises.

    Args:
        path: the file (normally ``state_dir() / DB_NAME``).
        kiosk: the kiosk's name from the config, written in every row.
    """

    def __init__(self, path: Path, kiosk: str) -> None:
        self.path = path
        self.kiosk = kiosk
        self.db: sqlite3.Connection | None = None
        self.broken = ""  # why counting stopped for this run ("" while it works)
        self.set_aside_to: Path | None = None
        self.busy_logged = False

    def open(self) -> bool:
        """Open the file (setting a damaged one aside); False when counting cannot go on."""
        if self.db is not None or self.broken:
            return self.db is not None
        try:
            self.db = connect(self.path, self.kiosk)
            return True
        except (UsageDbError, sqlite3.Error, OSError) as exc:
            return self._start_afresh(str(exc))

    def _start_afresh(self, problem: str) -> bool:
        self.close()
        try:
            self.set_aside_to = set_aside(self.path)
            log.warning("usage counts: %s; set aside as %s, counting starts afresh",
                        problem, self.set_aside_to.name)
            self.db = connect(self.path, self.kiosk)
            return True
        except (UsageDbError, sqlite3.Error, OSError) as exc:
            self.broken = str(exc) or problem
            log.warning("usage counts: cannot write %s (%s); not counting until the next start",
                        self.path, self.broken)
            self.close()
            return False

    def write(self, counts: Mapping[Count, int]) -> bool:
        """Add ``counts``; on a damaged or unwritable file, set it aside and try once more in a
        new one. False when they could not be written (they are then dropped)."""
        if not counts:
            return True
        for attempt in range(2):
            if not self.open():
                return False
            assert self.db is not None
            try:
                write_counts(self.db, self.kiosk, counts)
                return True
            except (sqlite3.Error, OSError) as exc:
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                    if not self.busy_logged:  # once: it may recur every minute
                        log.warning("usage counts: %s is busy; counts are dropped while it is",
                                    self.path)
                        self.busy_logged = True
                    return False
                if attempt or not self._start_afresh(str(exc)):
                    return False
        return False

    def purge(self, keep_days: int, today: dt.date) -> int:
        """Delete rows older than ``keep_days``; 0 when the file cannot be used."""
        if not self.open():
            return 0
        assert self.db is not None
        try:
            return purge(self.db, keep_days, today)
        except (sqlite3.Error, OSError) as exc:
            self._start_afresh(str(exc))
            return 0

    def close(self) -> None:
        """Close the file (the last connection's close folds the WAL back into it)."""
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None
