"""``main.py report``: the usage counts of one or more kiosks as CSV, JSON or one HTML file.

    python main.py report                                   # this kiosk, every day counted
    python main.py report --since 2026-01-01 --format html --output report.html kiosk1.sqlite3 \
        kiosk2.sqlite3                                     # files copied from two kiosks

Needs no screen and no Qt: the HTML's charts are SVG written by the core. Page ids are shown
as the content's titles when the content folder can be read. A missing or damaged file, or a
wrong date, is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

USAGE = ("python main.py report [--since DATE] [--until DATE] [--format csv|json|html] "
         "[--output FILE] [--content DIR] [DB ...]")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-05-31") from None


def _parser() -> argparse.ArgumentParser:
    from kiosk.core.usageformat import FORMATS

    parser = _Parser(prog="main.py report", usage=USAGE,
                     description="Report the anonymous usage counts of one or more kiosks.")
    parser.add_argument("dbs", nargs="*", type=Path, metavar="DB",
                        help="count files (default: this kiosk's, in its state folder)")
    parser.add_argument("--since", type=_date, metavar="DATE", help="first day (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, metavar="DATE", help="last day (YYYY-MM-DD)")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write here (default: standard output)")
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="content folder for page titles (default: the bundled one)")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def page_titles(content: Path | None) -> Callable[[str], str]:
    """A page id's title from the content folder (the id itself when it cannot be read)."""
    from kiosk.core.content import ContentError
    from kiosk.core.loader import load_library
    from kiosk.core.paths import default_content_dir

    try:
        library = load_library(content or default_content_dir())
    except (ContentError, OSError):
        return str
    titles = {page.id: page.title for page in library.pages}
    return lambda page_id: titles.get(page_id, page_id)


def report_command(argv: list[str]) -> int:
    """Run ``main.py report``; 0 on success, 2 for a usage error or a file that cannot be read."""
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        return _fail(f"{exc} (usage: {USAGE})")
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    from kiosk.core.paths import state_dir
    from kiosk.core.usagedb import DB_NAME
    from kiosk.core.usageformat import render
    from kiosk.core.usagereport import ReportError, charts, collect, days_with_data

    dbs: list[Path] = args.dbs or [state_dir() / DB_NAME]
    try:
        span = days_with_data(dbs)
        today = dt.date.today()
        until = args.until or (span[1] if span else today)
        since = args.since or (span[0] if span else until)
        if since > until:
            return _fail(f"--since {since} is after --until {until}")
        figures = collect(dbs, since, until)
    except ReportError as exc:
        return _fail(str(exc))
    text = render(args.format, figures, charts(figures, page_titles(args.content)))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(f"{args.output}: cannot write ({exc.strerror})")
    print(f"{args.output}: {figures.visits} visits, {since} to {until}", file=sys.stderr)
    return 0
