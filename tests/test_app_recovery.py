"""The running kiosk recovers from errors, logs to a bounded file, and resets nightly."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.app import Kiosk, setup_logging
from kiosk.core.config import KioskConfig
from kiosk.core.navigation import HOME, Route


def test_log_file_is_in_the_state_folder_and_bounded(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Logs go to a rotating, size-bounded file in the user's state folder."""
    from kiosk.core.logfile import SizeBoundedFileHandler

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        setup_logging()
        handlers = [h for h in root.handlers if isinstance(h, SizeBoundedFileHandler)]
        assert handlers and handlers[-1].max_bytes <= 1024 * 1024
        logging.getLogger("kiosk").warning("a test line")
        handlers[-1].flush()
        assert "a test line" in (tmp_path / "dystonia-kiosk" / "logs" / "kiosk.log").read_text()
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_log_files_rotate_and_stay_bounded(tmp_path: Path) -> None:
    """Past its size the log moves to kiosk.log.1 and so on; the oldest is dropped."""
    from kiosk.core.logfile import SizeBoundedFileHandler

    path = tmp_path / "kiosk.log"
    handler = SizeBoundedFileHandler(path, max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("kiosk.rotation-test")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for number in range(60):
            logger.warning("line %03d of the rotation test", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(p.stat().st_size <= 200 + 40 for p in tmp_path.iterdir())
    assert "line 059" in path.read_text()  # the newest line is in the current file
    assert "line 000" not in "".join(p.read_text() for p in tmp_path.iterdir())


def test_unexpected_error_returns_home(qtbot, library, _fonts, caplog) -> None:  # type: ignore[no-untyped-def]
    """An uncaught error is logged and the kiosk goes back home instead of dying."""
    from PySide6.QtWidgets import QApplication

    kiosk = Kiosk(QApplication.instance(), KioskConfig(speech_engine="none"), library,
                  library.root, kiosk_mode=False)
    qtbot.add_widget(kiosk.window)
    kiosk.window.navigator.go(Route("page", "forms/blepharospasm"))
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        kiosk.handle_exception(type(exc), exc, exc.__traceback__)
    assert kiosk.window.navigator.current == HOME
    assert "unexpected error" in caplog.text


def test_daily_reset_is_scheduled(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The nightly reset timer is running and due within a day."""
    timer = window.daily_reset_timer
    assert timer.isActive() and timer.isSingleShot()
    assert 0 < timer.remainingTime() <= 24 * 3600 * 1000


def test_no_daily_reset_when_turned_off(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """daily_reset = "" schedules nothing."""
    from kiosk.ui.window import build_window

    window = build_window(KioskConfig(daily_reset="", speech_engine="none"), library)
    qtbot.add_widget(window)
    assert not window.daily_reset_timer.isActive()


def test_start_up_restores_content_stranded_by_a_power_cut(tmp_path: Path) -> None:
    """No content/ but content.old and content.new (a cut between the two renames): start-up
    restores content.old, says so, and then installs content.new."""
    import argparse

    from kiosk.app import load_everything
    from tests.conftest import write_page

    for name, title in (("content.old", "Old"), ("content.new", "New")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "resources.yaml").write_text("organisations: []\n")
        write_page(tmp_path / name / "s", "page", body="## Key points\n", title=title)
    args = argparse.Namespace(content=tmp_path / "content", config=None, idle_timeout=None)
    _config, library, note = load_everything(args)
    assert "restored from content.old" in note
    assert [p.title for p in library.pages] == ["New"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "content.old"]
