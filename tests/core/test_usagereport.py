"""The usage report: several kiosks' files merged; CSV, JSON and offline HTML; ``main.py report``
and its one-line errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.barchart import BarChart, to_svg
from kiosk.core.usagedb import UsageStore
from kiosk.core.usagereport import charts, collect
from kiosk.report_cli import report_command

REPO = Path(__file__).resolve().parents[2]


def _kiosk(path: Path, name: str, counts: dict[tuple[str, str, str], int]) -> Path:
    store = UsageStore(path, name)
    assert store.write(counts)
    store.close()
    return path


@pytest.fixture
def two_kiosks(tmp_path: Path) -> list[Path]:
    lobby = _kiosk(tmp_path / "lobby.sqlite3", "lobby", {
        ("2026-05-01T09", "visit", ""): 3, ("2026-05-02T14", "visit", ""): 2,
        ("2026-05-01T09", "screen", "page/forms/blepharospasm"): 4,
        ("2026-05-01T09", "time:under-10s", "page/forms/blepharospasm"): 3,
        ("2026-05-01T09", "listen", "page/forms/blepharospasm"): 2,
        ("2026-05-01T09", "text-size", "150"): 1,
        ("2026-04-01T09", "visit", ""): 50,  # before the range asked for
    })
    clinic = _kiosk(tmp_path / "clinic.sqlite3", "clinic-2", {
        ("2026-05-02T14", "visit", ""): 5,
        ("2026-05-02T14", "screen", "page/forms/blepharospasm"): 1,
        ("2026-05-02T14", "screen", "page/treatments/botulinum-toxin"): 2,
        ("2026-05-02T15", "theme", "dark"): 1,
        ("2026-05-02T15", "handout", "print"): 1,
    })
    return [lobby, clinic]


def test_two_kiosks_files_merge_into_one_report(two_kiosks: list[Path]) -> None:
    figures = collect(two_kiosks, dt.date(2026, 5, 1), dt.date(2026, 5, 3))
    assert figures.kiosks == {"lobby", "clinic-2"}
    assert figures.visits == 10
    assert figures.visits_by_day() == {"2026-05-01": 3, "2026-05-02": 7, "2026-05-03": 0}
    hours = figures.visits_by_hour_of_day()
    assert hours[9] == 3 and hours[14] == 7 and sum(hours) == 10
    made = {chart.name: chart for chart in charts(figures, {"forms/blepharospasm":
                                                            "Blepharospasm"}.get)}  # type: ignore[arg-type]
    assert [(b.label, b.value) for b in made["most-read"].bars][0] == ("Blepharospasm", 5)
    quick = made["left-quickly"].bars[0]
    assert (quick.label, quick.value, quick.note) == ("Blepharospasm", 3, "of 5 opens")
    choices = {b.label: b.value for b in made["choices"].bars}
    assert choices == {"Listen started": 2, "Text size 150 percent chosen": 1,
                       "Dark screen chosen": 1}
    assert {b.label: b.value for b in made["staff"].bars} == {"Handouts printed": 1}


def test_every_bar_has_its_number_written_in_the_svg() -> None:
    """No meaning rests on colour: each value is text in the drawing too."""
    chart = BarChart("c", "Visits", (_bar("Mon", 17), _bar("Tue", 0), _bar("Wed", 4)),
                     vertical=True)
    svg = to_svg(chart)
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert {"17", "0", "4", "Mon", "Tue", "Wed", "Visits"} <= set(texts)
    assert 'role="img"' in svg and "Mon: 17" in svg


def _bar(label: str, value: int):  # type: ignore[no-untyped-def]
    from kiosk.core.barchart import Bar

    return Bar(label, value)


def test_report_as_csv_json_and_html(two_kiosks: list[Path], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--since", "2026-05-01", "--until", "2026-05-03", *map(str, two_kiosks)]
    assert report_command(["--format", "csv", *args]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["chart", "label", "value", "note"]
    assert ["report", "visits", "10", ""] in rows
    assert any(r[1] == "Blepharospasm" and r[2] == "5" for r in rows)  # titles from content

    assert report_command(["--format", "json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["visits"] == 10 and data["kiosks"] == ["clinic-2", "lobby"]
    assert "Never stored" in data["never_stored"]
    assert [c["name"] for c in data["charts"]][:2] == ["visits-by-day", "visits-by-hour"]

    out = tmp_path / "report.html"
    assert report_command(["--format", "html", "--output", str(out), *args]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 6
    assert "Never stored" in html and "lobby" in html
    # One offline file: nothing is fetched from anywhere.
    assert not re.search(r"(src|href)=|https?://|@import|url\(", html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""))


def test_report_without_dates_covers_every_day_counted(two_kiosks: list[Path],
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    assert report_command(["--format", "json", *map(str, two_kiosks)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["since"], data["until"], data["visits"]) == ("2026-04-01", "2026-05-02", 60)


@pytest.mark.parametrize("content", [None, b"not a database at all" * 50, "old"])
def test_a_missing_or_damaged_file_is_one_line_and_exit_2(
        tmp_path: Path, content: bytes | str | None,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "usage.sqlite3"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "old":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE counts (hour TEXT, event TEXT, key TEXT, n INTEGER)")
        db.execute("PRAGMA user_version = 1")
        db.close()
    assert report_command([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(path) in err and err.count("\n") == 1


def test_bad_dates_are_one_line_and_exit_2(two_kiosks: list[Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert report_command(["--since", "May 1st", str(two_kiosks[0])]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert report_command(["--since", "2026-05-03", "--until", "2026-05-01",
                           str(two_kiosks[0])]) == 2
    assert "after" in capsys.readouterr().err


def test_main_py_report_needs_no_screen_and_no_qt(two_kiosks: list[Path], tmp_path: Path
                                                  ) -> None:
    """``main.py report`` dispatches to the report and never loads PySide6."""
    out = tmp_path / "r.html"
    code = ("import sys, runpy; sys.argv = ['main.py', 'report', '--format', 'html', "
            f"'--output', {str(out)!r}, {str(two_kiosks[0])!r}, {str(two_kiosks[1])!r}]\n"
            f"try:\n    runpy.run_path({str(REPO / 'main.py')!r}, run_name='__main__')\n"
            "except SystemExit as exc:\n    code = exc.code\n"
            "sys.exit(10 + code if any(m.startswith('PySide6') for m in sys.modules) else code)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "<svg" in out.read_text(encoding="utf-8")
