"""``main.py handout``: write a large-print PDF of a guided session or of some pages.

    python main.py handout --session newly-diagnosed --output handout.pdf
    python main.py handout forms/blepharospasm treatments/botulinum-toxin --output handout.pdf
    python main.py handout --session newly-diagnosed --lang es --output folleto.pdf

``--lang es`` prints the Spanish tree (``content/es/``): its pages and sessions, with the base
language's page where a translation is missing (the same fallback as on screen).

Errors are one line on stderr with exit status 2; success prints the file and its page count.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

USAGE = """\
python main.py handout --session NAME --output FILE.pdf [--lang es] [--content DIR] [--title T]
python main.py handout PAGE [PAGE ...] --output FILE.pdf [--lang es] [--content DIR] [--title T]"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py handout", usage=USAGE,
                     description="Write a large-print PDF handout of a guided session "
                                 "(content/sessions/NAME.md) or of pages (ids like "
                                 "forms/blepharospasm).")
    parser.add_argument("pages", nargs="*", metavar="PAGE",
                        help="page ids: section folder / file name, such as forms/blepharospasm")
    parser.add_argument("--session", metavar="NAME",
                        help="a session file's name without .md, such as newly-diagnosed")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE.pdf", required=True,
                        help="the PDF file to write")
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="use this content folder (default: the bundled one)")
    parser.add_argument("--title", help="the handout's title (default: the session's title)")
    parser.add_argument("--lang", metavar="CODE",
                        help="the language, such as es for the content/es/ tree (default: the "
                             "base language of the content folder)")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f"; did you mean {close[0]}?" if close else ""


def handout_command(argv: list[str]) -> int:
    """Run ``main.py handout``; returns 0 on success, 2 for a usage, name or file error."""
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        return _fail(f"{exc} (usage: {USAGE.splitlines()[0]})")
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if args.session and args.pages:
        return _fail("give either --session NAME or page ids, not both")
    if not args.session and not args.pages:
        return _fail("name a session (--session NAME) or at least one page, such as "
                     "forms/blepharospasm")
    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        return _fail(f"the output file must end in .pdf: {output}")

    from kiosk.core.content import ContentError, Page
    from kiosk.core.languages import available_languages
    from kiosk.core.loader import load_library
    from kiosk.core.paths import default_content_dir
    from kiosk.core.sessions import SESSIONS_DIR, find_session, load_library_sessions

    root: Path = args.content or default_content_dir()
    try:
        library = load_library(root)
        if args.lang and args.lang != library.language:
            languages = available_languages(root)
            if args.lang not in languages:
                codes = ", ".join([library.language, *languages])
                return _fail(f"no content in the language {args.lang!r} (languages: {codes})")
            library = load_library(root / args.lang, fallback=library)
    except ContentError as exc:
        return _fail(str(exc))
    session = None
    pages: list[Page] = []
    if args.session:
        sessions, findings = load_library_sessions(library)
        session = find_session(sessions, args.session)
        if session is None:
            name = args.session.removesuffix(".md")
            own = [f for f in findings if f.path == f"{SESSIONS_DIR}/{name}.md"]
            if own:
                return _fail(f"the session {name!r} could not be loaded: {own[0]}")
            names = [s.id for s in sessions]
            listed = ", ".join(names) if names else "none"
            return _fail(f"no session named {name!r}{_suggest(name, names)} (sessions: {listed})")
        pages = [p for p in (library.page(i) for i in session.page_ids()) if p is not None]
        title = args.title or session.title
    else:
        ids = [p.id for p in library.pages]
        for given in args.pages:
            page_id = given.strip("/").removesuffix(".md")
            page = library.page(page_id)
            if page is None:
                return _fail(f"no page {given!r}{_suggest(page_id, ids)} (page ids look like "
                             "forms/blepharospasm)")
            pages.append(page)
        title = args.title or (pages[0].title if len(pages) == 1 else library.site.title)

    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.handout import HandoutError, write_handout

    # A command-line run needs no screen: draw offscreen unless an application already exists.
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] or "main.py", "-platform",
                                                         "offscreen"])
    try:
        count = write_handout(output, pages, library, title=title, session=session)
    except HandoutError as exc:
        return _fail(str(exc))
    finally:
        del app
    print(f"{output}: {count} pages")
    return 0
