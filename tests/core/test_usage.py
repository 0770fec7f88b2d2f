"""Anonymous usage counts: the counter in memory and its SQLite file (schema, migration,
writing, purging, a damaged file set aside), with no Qt."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from kiosk.core import usage, usagedb
from kiosk.core.usage import UsageCounter, dwell_bucket
from kiosk.core.usagedb import SCHEMA_VERSION, UsageStore

NOON = dt.datetime(2026, 5, 3, 12, 34, 56)


class Clock:
    """Local time and a monotonic clock that tests move by hand."""

    def __init__(self, now: dt.datetime = NOON) -> None:
        self.now = now
        self.seconds = 1000.0

    def wall(self) -> dt.datetime:
        return self.now

    def mono(self) -> float:
        return self.seconds


def _rows(path: Path) -> list[tuple[str, str, str, str, int]]:
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT kiosk, hour, event, key, n FROM counts"))
    finally:
        db.close()


def test_a_visit_counts_screens_time_on_them_and_choices_per_hour() -> None:
    """One visit: counted once, each screen opened, how long each stayed open (in a bucket),
    the last screen not timed; only the hour is kept."""
    clock = Clock()
    counter = UsageCounter(clock.wall, clock.mono)
    counter.screen_opened("section", "forms")
    clock.seconds += 4
    counter.screen_opened("page", "forms/blepharospasm")
    clock.seconds += 95
    counter.count(usage.TEXT_SIZE, "150")
    counter.screen_left()  # home
    counter.screen_opened("resources")
    clock.seconds += 1000
    counter.end_visit()  # the reset: the last screen is not timed
    counter.screen_opened("page", "forms/blepharospasm")  # the next visitor
    assert counter.take() == {
        ("2026-05-03T12", "visit", ""): 2,
        ("2026-05-03T12", "screen", "section/forms"): 1,
        ("2026-05-03T12", "time:under-10s", "section/forms"): 1,
        ("2026-05-03T12", "screen", "page/forms/blepharospasm"): 2,
        ("2026-05-03T12", "time:1-5min", "page/forms/blepharospasm"): 1,
        ("2026-05-03T12", "text-size", "150"): 1,
        ("2026-05-03T12", "screen", "resources"): 1,
    }
    assert counter.take() == {}


@pytest.mark.parametrize(("seconds", "bucket"), [(0, "under-10s"), (9.9, "under-10s"),
                                                 (10, "10-60s"), (59, "10-60s"),
                                                 (60, "1-5min"), (299, "1-5min"),
                                                 (300, "over-5min"), (86400, "over-5min")])
def test_time_on_a_screen_falls_in_one_of_four_buckets(seconds: float, bucket: str) -> None:
    assert dwell_bucket(seconds) == f"time:{bucket}"


@pytest.mark.parametrize("key", ["hello world", "1234 5678", "a@b.c", "12:30", "x" * 200,
                                 "../etc", "tap 312,488", "é"])
def test_anything_but_an_id_is_refused_as_a_key(key: str) -> None:
    """Free text, typed digits with spaces, times and tap positions can never be stored."""
    counter = UsageCounter(Clock().wall)
    assert not counter.count(usage.SCREEN, key)
    assert counter.pending == {} and counter.dropped == 1


def test_unknown_events_are_refused() -> None:
    counter = UsageCounter(Clock().wall)
    assert not counter.count("pin", "1234")
    assert counter.pending == {}


def test_memory_holds_a_bounded_number_of_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(usage, "MAX_PENDING", 3)
    counter = UsageCounter(Clock().wall)
    for number in range(5):
        counter.count(usage.SCREEN, f"page/p{number}")
    counter.count(usage.SCREEN, "page/p0")  # a count already held still adds up
    assert len(counter.pending) == 3 and counter.dropped == 2
    assert counter.pending[("2026-05-03T12", "screen", "page/p0")] == 2


def test_a_new_file_has_the_schema_wal_and_the_report_index(tmp_path: Path) -> None:
    path = tmp_path / "state" / "usage.sqlite3"
    store = UsageStore(path, "room-2")
    assert store.write({("2026-05-03T12", "visit", ""): 2})
    assert store.write({("2026-05-03T12", "visit", ""): 1, ("2026-05-03T13", "visit", ""): 1})
    store.close()
    assert _rows(path) == [("room-2", "2026-05-03T12", "visit", "", 3),
                           ("room-2", "2026-05-03T13", "visit", "", 1)]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plan = " ".join(str(row) for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT hour, SUM(n) FROM counts WHERE event = 'visit' "
        "AND hour >= '2026-05-01' AND hour < '2026-05-31' GROUP BY hour"))
    db.close()
    assert "counts_by_event" in plan


def test_a_file_of_the_previous_schema_is_migrated_keeping_its_counts(tmp_path: Path) -> None:
    """Version 1 had no kiosk column: its rows get the kiosk's name, then counting goes on."""
    path = tmp_path / "usage.sqlite3"
    db = sqlite3.connect(path)
    usagedb.MIGRATIONS[0](db, "unused")
    db.execute("INSERT INTO counts VALUES ('2026-05-01T09', 'visit', '', 7)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = UsageStore(path, "lobby")
    assert store.write({("2026-05-01T09", "visit", ""): 1, ("2026-05-02T10", "listen", ""): 1})
    store.close()
    assert _rows(path) == [("lobby", "2026-05-01T09", "visit", "", 8),
                           ("lobby", "2026-05-02T10", "listen", "", 1)]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_damaged_file_is_set_aside_once_and_counting_starts_afresh(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "usage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    caplog.set_level(logging.WARNING)
    store = UsageStore(path, "kiosk")
    assert store.write({("2026-05-03T12", "visit", ""): 1})
    store.close()
    aside = tmp_path / "usage.sqlite3.corrupt-1"
    assert aside.read_bytes().startswith(b"this is not a database")
    assert _rows(path) == [("kiosk", "2026-05-03T12", "visit", "", 1)]
    assert len([r for r in caplog.records if "set aside" in r.getMessage()]) == 1
    path.write_bytes(b"damaged again")  # a second time: the next free number
    assert UsageStore(path, "kiosk").open()
    assert (tmp_path / "usage.sqlite3.corrupt-2").read_bytes() == b"damaged again"


def test_a_file_damaged_while_open_is_set_aside_at_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    store = UsageStore(path, "kiosk")
    assert store.write({("2026-05-03T12", "visit", ""): 1})
    assert store.db is not None
    store.db.execute("PRAGMA writable_schema = ON")
    store.db.execute("DROP TABLE counts")  # a write to it now fails like a damaged file's
    assert store.write({("2026-05-03T13", "visit", ""): 1})
    store.close()
    assert (tmp_path / "usage.sqlite3.corrupt-1").exists()
    assert _rows(path) == [("kiosk", "2026-05-03T13", "visit", "", 1)]


def test_a_folder_that_cannot_be_written_stops_counting_without_raising(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    store = UsageStore(blocker / "usage.sqlite3", "kiosk")
    caplog.set_level(logging.WARNING)
    assert not store.write({("2026-05-03T12", "visit", ""): 1})
    assert not store.write({("2026-05-03T12", "visit", ""): 1})  # no retry, no second message
    assert store.broken
    assert len([r for r in caplog.records if "not counting" in r.getMessage()]) == 1


def test_a_file_from_a_newer_kiosk_is_set_aside_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    assert UsageStore(path, "kiosk").write({("2026-05-03T12", "visit", ""): 1})
    aside = sqlite3.connect(tmp_path / "usage.sqlite3.corrupt-1")
    assert aside.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    aside.close()


def test_purge_deletes_the_days_older_than_kept(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    store = UsageStore(path, "kiosk")
    store.write({("2025-03-28T23", "visit", ""): 1, ("2025-03-29T00", "visit", ""): 2,
                 ("2026-05-03T12", "visit", ""): 3})
    assert store.purge(400, dt.date(2026, 5, 3)) == 1  # 400 days before is 2025-03-29
    store.close()
    assert [row[1] for row in _rows(path)] == ["2025-03-29T00", "2026-05-03T12"]


def test_twenty_thousand_navigations_hold_little_memory(tmp_path: Path) -> None:
    """A soak of 20,000 screens opened, written every 1,000 as the minute timer would: the
    memory the counting holds does not grow with the number of navigations."""
    clock = Clock()
    counter = UsageCounter(clock.wall, clock.mono)
    store = UsageStore(tmp_path / "usage.sqlite3", "kiosk")
    pages = [f"section/page-{n}" for n in range(40)]

    def navigate(count: int, start: int) -> None:
        for step in range(start, start + count):
            clock.seconds += 7
            clock.now = NOON + dt.timedelta(minutes=step // 50)  # new hours come by
            counter.screen_opened("page", pages[step % len(pages)])
            if step % 200 == 199:
                counter.end_visit()
            if step % 1000 == 999:
                assert store.write(counter.take())

    navigate(2000, 0)  # warm: the database's page cache, the regular expression
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        navigate(18000, 2000)
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    store.close()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert growth < 256 * 1024, f"{growth} bytes more after 18,000 navigations"
    db = sqlite3.connect(tmp_path / "usage.sqlite3")
    screens = db.execute("SELECT SUM(n) FROM counts WHERE event = 'screen'").fetchone()[0]
    db.close()
    assert screens == 20000
