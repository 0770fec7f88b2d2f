"""The usage report: one or more kiosks' count files read, merged and turned into charts.

Used by the staff panel ("What visitors read", the last 30 days of this kiosk) and by
``main.py report`` (any dates, several kiosks' files merged). Files are opened read-only: the
report never changes or creates one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core import usage
from kiosk.core.barchart import Bar, BarChart
from kiosk.core.usagedb import SCHEMA_VERSION

#: What the report says about privacy (also in the README and in the staff panel).
STORED = ("Stored: counts per hour of visits, of screens opened (by page id), of how long a "
          "screen stayed open (under 10 seconds, 10 to 60 seconds, 1 to 5 minutes, over 5 "
          "minutes), of Listen, of the text size, screen and language chosen, of guided "
          "sessions and of handouts; and the kiosk's name from its settings.")
NOT_STORED = ("Never stored: anything typed (the staff PIN included), where the screen was "
              "touched, any time finer than the hour, anything that could identify a person or "
              "a device other than the kiosk's name, and free text of any kind.")
#: Days the staff panel shows.
PANEL_DAYS = 30
#: Over this many days, visits are shown per month instead of per day.
MAX_DAILY_BARS = 62


class ReportError(Exception):
    """A file cannot be reported on; the message is one line naming it."""


@dataclass
class Figures:
    """The merged counts of a range of days."""

    since: dt.date
    until: dt.date
    kiosks: set[str] = field(default_factory=set)
    visits_by_hour: Counter[str] = field(default_factory=Counter)  # "YYYY-MM-DDTHH" -> n
    events: dict[str, Counter[str]] = field(default_factory=dict)  # event -> key -> n

    def of(self, event: str) -> Counter[str]:
        return self.events.get(event, Counter())

    @property
    def visits(self) -> int:
        return sum(self.visits_by_hour.values())

    def visits_by_day(self) -> dict[str, int]:
        """Every day of the range (zeros included), oldest first."""
        days = {(self.since + dt.timedelta(days=i)).isoformat(): 0
                for i in range((self.until - self.since).days + 1)}
        for hour, n in self.visits_by_hour.items():
            if hour[:10] in days:
                days[hour[:10]] += n
        return days

    def visits_by_hour_of_day(self) -> list[int]:
        hours = [0] * 24
        for hour, n in self.visits_by_hour.items():
            hours[int(hour[11:13])] += n
        return hours


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open a count file without changing it; checks it is one of this kiosk's.

    Raises:
        ReportError: missing, not a database, damaged or of another schema version.
    """
    if not path.is_file():
        raise ReportError(f"{path}: no such file")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error as exc:
        raise ReportError(f"{path}: cannot open ({exc})") from None
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        check = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        db.close()
        raise ReportError(f"{path}: not a usage count file ({exc})") from None
    if check != "ok":
        db.close()
        raise ReportError(f"{path}: damaged ({check})")
    if version != SCHEMA_VERSION:
        db.close()
        raise ReportError(f"{path}: not a usage count file of this kiosk version (schema "
                          f"{version}, expected {SCHEMA_VERSION}); open it once with this "
                          "kiosk version" if version else f"{path}: not a usage count file")
    return db


def days_with_data(paths: Iterable[Path]) -> tuple[dt.date, dt.date] | None:
    """The first and last day counted in any of the files (None when all are empty)."""
    first: list[str] = []
    last: list[str] = []
    for path in paths:
        db = open_read_only(path)
        try:
            low, high = db.execute("SELECT MIN(hour), MAX(hour) FROM counts").fetchone()
        finally:
            db.close()
        if low:
            first.append(low)
            last.append(high)
    if not first:
        return None
    return dt.date.fromisoformat(min(first)[:10]), dt.date.fromisoformat(max(last)[:10])


def collect(paths: Iterable[Path], since: dt.date, until: dt.date) -> Figures:
    """Merge the counts of ``since`` to ``until`` (both included) from every file."""
    figures = Figures(since, until)
    low, high = since.isoformat(), (until + dt.timedelta(days=1)).isoformat()
    for path in paths:
        db = open_read_only(path)
        try:
            figures.kiosks.update(k for (k,) in db.execute("SELECT DISTINCT kiosk FROM counts"))
            for hour, n in db.execute(
                    "SELECT hour, SUM(n) FROM counts WHERE event = ? AND hour >= ? AND hour < ? "
                    "GROUP BY hour", (usage.VISIT, low, high)):
                figures.visits_by_hour[hour] += n
            for event, key, n in db.execute(
                    "SELECT event, key, SUM(n) FROM counts WHERE hour >= ? AND hour < ? "
                    "AND event != ? GROUP BY event, key", (low, high, usage.VISIT)):
                figures.events.setdefault(event, Counter())[key] += n
        except sqlite3.Error as exc:
            raise ReportError(f"{path}: cannot be read ({exc})") from None
        finally:
            db.close()
    return figures


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _pages(counts: Mapping[str, int], title: Callable[[str], str]) -> dict[str, int]:
    """Screen keys of pages (``page/<id>``) as page titles, with their counts."""
    return {title(key[5:]): n for key, n in counts.items() if key.startswith("page/")}


def charts(figures: Figures, title: Callable[[str], str] = str) -> list[BarChart]:
    """The report's charts; ``title`` gives a page id's title (the id itself by default)."""
    span = f"{_long_date(figures.since)} to {_long_date(figures.until)}"
    by_day = figures.visits_by_day()
    if len(by_day) <= MAX_DAILY_BARS:
        visits = BarChart("visits-by-day", f"Visits per day, {span}",
                          tuple(Bar(str(int(day[8:])), n) for day, n in by_day.items()),
                          vertical=True)
    else:
        months: Counter[str] = Counter()
        for day, n in by_day.items():
            months[day[:7]] += n
        visits = BarChart("visits-by-month", f"Visits per month, {span}",
                          tuple(Bar(f"{dt.date.fromisoformat(m + '-01'):%b %y}", n)
                                for m, n in months.items()), vertical=True)
    hours = figures.visits_by_hour_of_day()
    used = [h for h, n in enumerate(hours) if n]
    first, last = min([8, *used]), max([18, *used])
    by_hour = BarChart("visits-by-hour", "Visits by hour of the day (all days added up)",
                       tuple(Bar(str(h), hours[h]) for h in range(first, last + 1)),
                       vertical=True)
    opened = _pages(figures.of(usage.SCREEN), title)
    top = BarChart("most-read", "The 10 most read pages (times opened)",
                   tuple(Bar(name, n) for name, n in Counter(opened).most_common(10)))
    quick = _pages(figures.of(usage.QUICK_EXIT), title)
    left = BarChart("left-quickly", "Pages most often left within 10 seconds",
                    tuple(Bar(name, n, f"of {opened.get(name, n)} opens")
                          for name, n in Counter(quick).most_common(10)))
    return [visits, by_hour, top, left, _choices(figures), _staff(figures)]


def _choices(figures: Figures) -> BarChart:
    bars = [Bar("Listen started", sum(figures.of(usage.LISTEN).values()))]
    sizes = figures.of(usage.TEXT_SIZE)
    bars += [Bar(f"Text size {key} percent chosen", sizes[key])
             for key in sorted(sizes, key=lambda k: int(k) if k.isdigit() else 0)]
    themes = figures.of(usage.THEME)
    bars += [Bar(f"{'Dark' if key == 'dark' else 'Light'} screen chosen", n)
             for key, n in sorted(themes.items())]
    bars += [Bar(f"Language {key} chosen", n) for key, n in sorted(figures.of(usage.LANGUAGE)
                                                                    .items())]
    return BarChart("choices", "Listen, text size, screen and language", tuple(bars))


def _staff(figures: Figures) -> BarChart:
    sessions = figures.of(usage.SESSION)
    handouts = figures.of(usage.HANDOUT)
    bars = [Bar(f"Guided session: {key}", n) for key, n in sorted(sessions.items())]
    bars += [Bar("Handouts printed" if key == "print" else "Handouts saved as PDF", n)
             for key, n in sorted(handouts.items())]
    return BarChart("staff", "Guided sessions and handouts (staff)", tuple(bars),
                    empty_text="None this time.")
