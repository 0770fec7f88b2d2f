"""Command line: run the kiosk (windowed or ``--kiosk``) or ``check`` a content folder."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kiosk.core.config import ConfigError, KioskConfig, load_config, with_overrides
from kiosk.core.content import ContentError, Library
from kiosk.core.loader import load_library
from kiosk.core.paths import default_content_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QCursor

    from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk")

USAGE = """\
python main.py [--kiosk] [--content DIR] [--config FILE] [--idle-timeout SECONDS]
python main.py check [DIR] [--strict] [--format text|json] [--config FILE]
python main.py set-pin [--config FILE]
python main.py handout --session NAME --output FILE.pdf
python main.py handout PAGE... --output FILE.pdf
python main.py report [--since DATE] [--until DATE] [--format csv|json|html] [--output FILE]
                      [DB...]"""


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=98)


def _run_parser() -> argparse.ArgumentParser:
    # A fixed help width: argparse would otherwise import shutil at every start to ask the
    # terminal, which a kiosk does not have.
    parser = argparse.ArgumentParser(prog="main.py", usage=USAGE,
                                     description="Offline patient-education kiosk about dystonia.",
                                     formatter_class=_help_formatter)
    parser.add_argument("--kiosk", action="store_true", help="full screen, for the waiting room")
    parser.add_argument("--windowed", action="store_true", help="a normal window (the default)")
    parser.add_argument("--content", type=Path, help="use this content folder")
    parser.add_argument("--config", type=Path, help="read settings from this TOML file")
    parser.add_argument("--bench-startup", action="store_true",
                        help=argparse.SUPPRESS)  # quit after the first paint (make bench)
    parser.add_argument("--idle-timeout", type=float, metavar="SECONDS",
                        help="seconds without a touch before the kiosk offers to start again")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py check",
                                     description="Check a content folder for problems.")
    parser.add_argument("dir", nargs="?", type=Path, help="content folder (default: bundled)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--config", type=Path, help="read limits from this TOML file")
    return parser


def config_path(given: Path | None) -> Path | None:
    """The config file to read: ``--config``, else the per-user file if it exists."""
    if given is not None:
        return given
    from kiosk.core.pinconfig import default_config_path

    default = default_config_path()
    return default if default.is_file() else None


def check_main(argv: list[str]) -> int:
    """``main.py check``: 0 clean, 1 errors found, 2 folder unusable."""
    from kiosk.core.check import run_check

    args = _check_parser().parse_args(argv)
    try:
        config = load_config(config_path(args.config))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    code, text = run_check(args.dir or default_content_dir(), config, strict=args.strict,
                           as_json=args.format == "json")
    try:
        print(text, file=sys.stderr if code == 2 else sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `main.py check | head`: the reader has all it wants
        sys.stdout = None
    return code


def load_everything(args: argparse.Namespace) -> tuple[KioskConfig, Library, str]:
    """Config and content for a run; raises ConfigError or ContentError with a clear message.

    Returns:
        The config, the library, and a note for the staff panel when start-up had to repair a
        content swap that a crash or power cut interrupted ("" normally).
    """
    content_dir = args.content or default_content_dir()
    from kiosk.core.update import UpdateError, install_new_content, recover_interrupted_swap

    try:  # before anything reads the content: a power cut may have left it half swapped
        recovered = recover_interrupted_swap(content_dir)
    except OSError as exc:
        log.error("could not repair an interrupted content update: %s", exc)
        recovered = ""
    config = load_config(config_path(args.config))
    if args.idle_timeout is not None:
        config = with_overrides(config, idle_timeout=args.idle_timeout)
    try:  # new content copied in as content.new/ replaces the old at start-up, if it is clean
        note = install_new_content(content_dir, config)
        if note:
            log.info("%s", note)
    except UpdateError as exc:
        log.warning("new content not installed, keeping the current content: %s", exc)
    library = load_library(content_dir, config.max_page_kb * 1024, cache_dir=cache_dir())
    for finding in library.findings:
        log.warning("content: %s", finding)
    for key in config.unknown_keys:
        log.warning("config: unknown key %r ignored", key)
    return config, library, recovered


def config_file_warning(config: KioskConfig, path: Path | None) -> str:
    """A warning (logged, and shown on the staff panel) when the config file holding the PIN
    hash can be read by other users; "" otherwise."""
    if not config.staff_pin_hash:
        return ""
    from kiosk.core.pinconfig import config_mode_problem

    warning = config_mode_problem(path)
    if warning:
        log.warning("%s", warning)
    return warning


def cache_dir() -> Path:
    """Where the kiosk keeps what makes its next start faster (parsed front matter)."""
    from kiosk.core.paths import state_dir

    return state_dir() / "cache"


def setup_logging() -> None:
    """One line per event to stderr and to a size-bounded rotating file; no visitor data."""
    from kiosk.core.logfile import SizeBoundedFileHandler
    from kiosk.core.paths import state_dir

    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if not any(isinstance(h, logging.StreamHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    try:
        folder = state_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler = SizeBoundedFileHandler(folder / "kiosk.log", max_bytes=512 * 1024, backups=3)
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError as exc:
        log.warning("cannot write the log file (%s); logging to the console only", exc)


class Kiosk:
    """The running application: one window at a time (a content reload builds a new one)."""

    def __init__(self, app: object, config: KioskConfig, library: Library, content_dir: Path,
                 kiosk_mode: bool, taps: QObject | None = None, startup_note: str = "",
                 staff_warning: str = "") -> None:
        self.app = app
        self.staff_warning = staff_warning  # on the staff panel of every window it builds
        self.startup_note = startup_note  # start-up repaired an interrupted content swap
        self.taps = taps  # the repeat-tap filter, given to every window (a reload builds one)
        self.config = config
        self.library = library
        self.content_dir = content_dir
        self.kiosk_mode = kiosk_mode
        self.window = self._build(library)
        self.exit_code = 0
        self.errors_in_a_row = 0

    def _build(self, library: Library) -> KioskWindow:
        from kiosk.ui.window import build_window

        window = build_window(self.config, library, kiosk_mode=self.kiosk_mode,
                              load_language=lambda code: self._load_language(library, code))
        window.exit_requested.connect(self.staff_exit)
        window.reload_requested.connect(self.reload)
        window.visit_reset.connect(self._visit_reset)
        if self.staff_warning:
            window.staff.warnings.append(self.staff_warning)
        if self.taps is not None:
            window.watch_input(self.taps)
        from kiosk.core.update import has_previous
        from kiosk.ui.contentactions import ContentActions

        # Found by the staff panel when it is built (lazily, after the first paint).
        actions = ContentActions(window, lambda: has_previous(self.content_dir),
                                 self.startup_note)
        actions.rollback_requested.connect(self.roll_back)
        return window

    def _load_language(self, base: Library, code: str) -> Library:
        """Another language's library (the window asks after its first paint), with the same
        front-matter cache as the base one; its problems are logged like the base one's."""
        library = load_library(base.root / code, self.config.max_page_kb * 1024,
                               cache_dir=cache_dir(), fallback=base)
        for finding in library.findings:
            log.warning("content (%s): %s", code, finding)
        return library

    def show(self) -> None:
        if self.kiosk_mode:
            self.window.showFullScreen()
        else:
            self.window.show()

    def _visit_reset(self) -> None:
        self.errors_in_a_row = 0

    def staff_exit(self) -> None:
        """Staff chose Exit: leave with the status the service does not restart."""
        from PySide6.QtWidgets import QApplication

        from kiosk.core.pin import STAFF_EXIT_STATUS

        log.info("staff exit")
        self.exit_code = STAFF_EXIT_STATUS if self.kiosk_mode else 0
        self.window.allow_close()
        self.window.close()
        QApplication.exit(self.exit_code)

    def reload(self) -> None:
        """Reload content. A complete new folder ``<content>.new`` replaces the old one first.

        If the new content has errors the kiosk keeps the last good content and says why.
        """
        from kiosk.core.update import install_new_content

        self._switch(lambda: install_new_content(self.content_dir, self.config),
                     "The content was reloaded.")

    def roll_back(self) -> None:
        """Staff chose "Roll back": ``<content>.old`` becomes the content again, then reload."""
        from kiosk.core.update import roll_back

        log.info("content roll back requested by staff")
        self._switch(lambda: roll_back(self.content_dir, self.config),
                     "The previous content is back.")

    def _switch(self, change: Callable[[], str], done: str) -> None:
        """Run ``change`` (a folder swap returning a note), then show the content it left."""
        from kiosk.core.content import ContentError
        from kiosk.core.update import UpdateError, recover_interrupted_swap

        note = ""
        try:
            recover_interrupted_swap(self.content_dir)
            note = change()
            library = load_library(self.content_dir, self.config.max_page_kb * 1024,
                                   cache_dir=cache_dir())
        except (ContentError, UpdateError, OSError) as exc:
            log.warning("content change refused: %s", exc)
            self.window.staff.open_staff_panel(f"The content was not changed: {exc}")
            return
        if library.errors:
            log.warning("content reload refused: %d errors", len(library.errors))
            self.window.staff.open_staff_panel(
                f"The content was not changed: the new content has {len(library.errors)} "
                "errors (listed below). Fix them and reload again.")
            return
        old = self.window
        self.library = library
        self.window = self._build(library)
        self.window.setGeometry(old.geometry())
        self.show()
        old.allow_close()
        old.close()
        old.deleteLater()
        log.info("content reloaded: %d pages", len(library.pages))
        if note:
            log.info("%s", note)
        self.window.staff.open_staff_panel(note or done)

    def handle_exception(self, kind: type[BaseException], value: BaseException,
                         tb: TracebackType | None) -> None:
        """Log an unexpected error and go back to the home screen; give up if it repeats."""
        from PySide6.QtWidgets import QApplication

        log.error("unexpected error", exc_info=(kind, value, tb))
        self.errors_in_a_row += 1
        if self.errors_in_a_row > 3:
            log.error("errors keep happening; exiting so the service restarts the kiosk")
            self.window.allow_close()
            QApplication.exit(1)
            return
        try:
            self.window.reset_for_next_visitor()
        except Exception:  # noqa: BLE001 (the window itself is broken: restart)
            log.exception("could not recover; exiting so the service restarts the kiosk")
            QApplication.exit(1)


def blank_cursor() -> QCursor:
    """An invisible pointer for the touch screen (a clear image: ``Qt.CursorShape.BlankCursor``
    would cost PySide6's Qt namespace, 13 ms, before the first paint)."""
    from PySide6.QtGui import QColor, QCursor, QPixmap

    clear = QPixmap(16, 16)
    clear.fill(QColor(0, 0, 0, 0))
    return QCursor(clear)


def run_main(argv: list[str]) -> int:
    """Start the kiosk."""
    args = _run_parser().parse_args(argv)
    import os

    from kiosk.core.display import display_problem
    from kiosk.core.paths import system_packages_file

    problem = display_problem(os.environ, system_packages_file())
    if problem:  # before Qt starts: Qt would abort with a misleading message and a core dump
        print(problem, file=sys.stderr)
        return 2
    try:
        config, library, recovered = load_everything(args)
    except (ConfigError, ContentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    import gc

    from PySide6.QtGui import QPixmapCache
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.style import register_fonts
    from kiosk.ui.taps import TapFilter

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("dystonia-kiosk")
    if not register_fonts(italic=False):  # italics follow the first paint (the window)
        log.warning("Atkinson Hyperlegible font not found; using the system font")
    # Qt's pixmap cache may hold 10 MB by default; the kiosk's few icons need far less, and
    # the default let memory creep over weeks of visits (measured by make bench).
    QPixmapCache.setCacheLimit(2048)
    gc.disable()  # start-up builds many long-lived objects: no collections while it does
    # (main.py pauses the collector before any import; here for other callers of run_main)
    kiosk = Kiosk(app, config, library, args.content or default_content_dir(), args.kiosk,
                  taps=TapFilter(config.repeat_tap_ms, app), startup_note=recovered,
                  staff_warning=config_file_warning(config, config_path(args.config)))
    gc.freeze()  # the start-up objects live as long as the kiosk: keep them out of collections
    gc.enable()
    sys.excepthook = kiosk.handle_exception
    if args.kiosk and config.hide_pointer:
        QApplication.setOverrideCursor(blank_cursor())
    if args.bench_startup:
        from kiosk.ui.bench import quit_after_first_paint

        kiosk.window.allow_close()
        quit_after_first_paint(kiosk.window)
    kiosk.show()
    code = app.exec()
    return code or kiosk.exit_code


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``main.py``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check":
        logging.basicConfig(level=logging.WARNING)
        return check_main(argv[1:])
    if argv and argv[0] == "handout":
        from kiosk.handout_cli import handout_command

        return handout_command(argv[1:])
    if argv and argv[0] == "report":
        from kiosk.report_cli import report_command

        return report_command(argv[1:])
    if argv and argv[0] == "set-pin":
        import getpass

        from kiosk.core.pinconfig import set_pin_command

        return set_pin_command(argv[1:], sys.stdin, sys.stdout, getpass.getpass)
    setup_logging()
    return run_main(argv)
