"""Command line: run the kiosk (windowed or ``--kiosk``) or ``check`` a content folder."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk.core.config import ConfigError, KioskConfig, load_config, with_overrides
from kiosk.core.content import ContentError, Library, load_library
from kiosk.core.paths import default_content_dir

log = logging.getLogger("kiosk")

USAGE = """\
python main.py [--kiosk] [--content DIR] [--config FILE] [--idle-timeout SECONDS]
python main.py check [DIR] [--strict] [--format text|json] [--config FILE]"""


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", usage=USAGE,
                                     description="Offline patient-education kiosk about dystonia.")
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


def check_main(argv: list[str]) -> int:
    """``main.py check``: 0 clean, 1 errors found, 2 folder unusable."""
    from kiosk.core.check import run_check

    args = _check_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    code, text = run_check(args.dir or default_content_dir(), config, strict=args.strict,
                           as_json=args.format == "json")
    print(text, file=sys.stderr if code == 2 else sys.stdout)
    return code


def load_everything(args: argparse.Namespace) -> tuple[KioskConfig, Library]:
    """Config and content for a run; raises ConfigError or ContentError with a clear message."""
    config = load_config(args.config)
    if args.idle_timeout is not None:
        config = with_overrides(config, idle_timeout=args.idle_timeout)
    library = load_library(args.content or default_content_dir(), config.max_page_kb * 1024)
    for finding in library.findings:
        log.warning("content: %s", finding)
    for key in config.unknown_keys:
        log.warning("config: unknown key %r ignored", key)
    return config, library


def run_main(argv: list[str]) -> int:
    """Start the kiosk."""
    args = _run_parser().parse_args(argv)
    try:
        config, library = load_everything(args)
    except (ConfigError, ContentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtWidgets import QApplication

    from kiosk.ui.style import register_fonts
    from kiosk.ui.taps import TapFilter
    from kiosk.ui.window import build_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("dystonia-kiosk")
    if not register_fonts():
        log.warning("Atkinson Hyperlegible font not found; using the system font")
    taps = TapFilter(config.repeat_tap_ms, app)
    app.installEventFilter(taps)
    window = build_window(config, library, kiosk_mode=args.kiosk)
    if args.bench_startup:
        from kiosk.ui.bench import quit_after_first_paint

        quit_after_first_paint(window)
    if args.kiosk:
        window.showFullScreen()
    else:
        window.show()
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``main.py``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    if argv and argv[0] == "check":
        return check_main(argv[1:])
    return run_main(argv)
