"""Start-up does only what the first screen needs; the rest follows right after the first paint.

The timings themselves are measured by ``make bench`` (docs/performance.md), never here; these
tests pin down the behaviour the fast start relies on, so a change cannot quietly undo it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScroller

from kiosk.ui.widgets import CardButton

_PROBE = """
import sys
from kiosk.app import main
code = main(["--bench-startup", *sys.argv[1:]])
import PySide6.QtCore as core
loaded = [m for m in ("yaml", "tomllib", "logging.handlers", "markdown", "segno", "hashlib",
                      "html", "PySide6.QtTextToSpeech", "kiosk.ui.screens.reading",
                      "kiosk.ui.screens.resources", "sqlite3", "kiosk.core.usagedb")
          if m in sys.modules]
print(code, "Qt" in core.__dict__, ",".join(loaded) or "-")
"""


def _start_and_quit(tmp_path: Path, *args: str) -> list[str]:
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.split()


def test_first_paint_needs_no_yaml_toml_markdown_or_qt_namespace(tmp_path: Path) -> None:
    """An unchanged kiosk paints its home screen without PyYAML (the front matter is cached),
    TOML, Markdown, QR codes, speech, the reading and resources screens, SQLite (the usage
    counts' file opens in the warm-up), or PySide6's costly ``Qt`` namespace."""
    first = _start_and_quit(tmp_path)  # fills the front-matter cache
    assert first[:2] == ["0", "False"]
    assert _start_and_quit(tmp_path) == ["0", "False", "-"]
    assert _start_and_quit(tmp_path, "--kiosk") == ["0", "False", "-"]  # full screen, on top


def test_only_the_home_screen_exists_before_the_first_paint(config, library, _fonts, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.window import build_window

    window = build_window(config, library)
    qtbot.add_widget(window)
    assert window.stack.count() == 1 and window.stack.currentWidget() is window.home_screen
    assert not window.watching_input


def test_after_the_first_paint_everything_is_ready(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Input filters, touch dragging and every screen are in place within moments."""
    with qtbot.waitSignal(window.warm_up.finished, timeout=20000):
        qtbot.wait_until(lambda: window.watching_input, timeout=5000)
        viewport = window.home_screen.scroll_pane().area.viewport()
        assert QScroller.hasScroller(viewport)
        for card in window.home_screen.findChildren(CardButton):
            for label in card.findChildren(QLabel):
                assert label.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert not window.warming_up and not window.warm_up.timer.isActive()
    names = {type(window.stack.widget(i)).__name__ for i in range(window.stack.count())}
    assert {"PageScreen", "GlossaryScreen", "ResourcesScreen", "OrganisationScreen",
            "MissingScreen", "SectionScreen"} <= names
    for index in range(window.stack.count()):
        pane = window.stack.widget(index).scroll_pane()
        if pane is not None:
            assert pane.touch_drag and QScroller.hasScroller(pane.area.viewport())


def test_the_warm_up_changes_nothing_the_visitor_sees(qtbot, config, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """Screens laid out and painted out of sight: the home screen stays, with its title, its
    scroll position and the keyboard focus where they were."""
    from kiosk.ui.window import build_window

    window = build_window(config, library)
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    tile = window.home_screen.findChildren(CardButton)[2]
    tile.setFocus()
    title = window.title_bar.text()
    with qtbot.assertNotEmitted(window.navigator.page_changed), \
            qtbot.waitSignal(window.warm_up.finished, timeout=20000):
        pass
    assert window.stack.currentWidget() is window.home_screen
    assert window.title_bar.text() == title
    assert window.focusWidget() is tile
    assert window.stack.scroll_positions == {}
