"""Presenter mode: staff step through a session with buttons, keys or the jump list; the audience
screen shows only the page; notes hide for one-screen use; ending is signalled once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTextBrowser

from kiosk.core.content import Library
from kiosk.core.render import PageRenderer
from kiosk.core.sessions import Session, find_session, load_sessions
from kiosk.ui.presenter import PresenterWindow, SessionController, place_windows
from kiosk.ui.style import Look, Styler
from tests.ui.helpers import tap, wait_active, wait_exposed

LAPTOP = QRect(0, 0, 1366, 768)
TV = QRect(1366, 0, 1920, 1080)


@pytest.fixture
def session(library: Library) -> Session:
    sessions, _ = load_sessions(library.root, library)
    found = find_session(sessions, "newly-diagnosed")
    assert found is not None
    return found


@pytest.fixture
def presenter(qtbot, config, library, session, _fonts):  # type: ignore[no-untyped-def]
    """A started session on the one offscreen screen."""
    window = PresenterWindow(config, library, session)
    qtbot.add_widget(window)
    window.start()
    wait_exposed(qtbot, window)
    wait_active(qtbot, window)
    return window


def plain(rich_text: str) -> str:
    document = QTextDocument()
    document.setHtml(rich_text)
    return " ".join(document.toPlainText().split())


def page_text(library: Library, session: Session, index: int) -> str:
    """The first words of the step's page as the view shows them."""
    page = library.page(session.steps[index].page_id)
    assert page is not None
    return page.title


def shown(presenter: PresenterWindow) -> tuple[int, str, str]:
    return (presenter.controller.index, presenter.step_label.text(),
            presenter.page_title.text())


def visible_text(widget) -> str:  # type: ignore[no-untyped-def]
    """All text in visible labels and text views of a window."""
    labels = [plain(label.text()) for label in widget.findChildren(QLabel) if label.isVisible()]
    views = [" ".join(view.document().toPlainText().split())
             for view in widget.findChildren(QTextBrowser) if view.isVisible()]
    return " ".join(labels + views)


def test_buttons_step_through_the_session(qtbot, presenter, library, session) -> None:  # type: ignore[no-untyped-def]
    """Next and Previous move one step; the counter, page and button states follow."""
    count = len(session.steps)
    assert shown(presenter) == (0, f"Step 1 of {count}", page_text(library, session, 0))
    assert not presenter.previous_button.isEnabled()
    with qtbot.waitSignal(presenter.controller.step_changed) as blocker:
        tap(qtbot, presenter.next_button)
    assert blocker.args == [1]
    assert shown(presenter) == (1, f"Step 2 of {count}", page_text(library, session, 1))
    page = library.page(session.steps[1].page_id)
    assert page is not None
    expected = plain(PageRenderer(library).html(page))
    assert " ".join(presenter.view.document().toPlainText().split()) == expected
    tap(qtbot, presenter.previous_button)
    assert shown(presenter)[0] == 0
    for _ in range(count + 2):
        if presenter.next_button.isEnabled():
            tap(qtbot, presenter.next_button)
    assert shown(presenter) == (count - 1, f"Step {count} of {count}",
                                page_text(library, session, count - 1))
    assert not presenter.next_button.isEnabled()
    assert "end of the session" in presenter.next_label.text()


@pytest.mark.parametrize(("key", "direction"), [
    (Qt.Key.Key_Right, 1), (Qt.Key.Key_PageDown, 1), (Qt.Key.Key_Space, 1),
    (Qt.Key.Key_Left, -1), (Qt.Key.Key_PageUp, -1),
])
def test_clicker_keys_step(qtbot, presenter, key, direction) -> None:  # type: ignore[no-untyped-def]
    """Right, Page Down and Space go forward; Left and Page Up go back (clicker keys)."""
    presenter.controller.go(3)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presenter)  # the clicker's window
    qtbot.keyClick(presenter, key)
    assert presenter.controller.index == 3 + direction


def test_space_on_the_focused_next_button_moves_one_step(qtbot, presenter) -> None:  # type: ignore[no-untyped-def]
    """Space while Next has focus is one step, not two (shortcut and button both acting)."""
    presenter.next_button.setFocus()
    qtbot.keyClick(presenter.next_button, Qt.Key.Key_Space)
    assert presenter.controller.index == 1


def test_jump_list_goes_to_any_step(qtbot, presenter, session) -> None:  # type: ignore[no-untyped-def]
    """Tapping a step in the list jumps there; that entry says "(now)" and is checked."""
    target = presenter.jump_buttons[5]
    qtbot.waitUntil(target.isVisible)
    presenter.steps_area.ensureWidgetVisible(target)
    tap(qtbot, target)
    assert presenter.controller.index == 5
    assert target.isChecked() and target.title_label.text().endswith("(now)")
    assert target.height() >= target.heightForWidth(target.width())  # a wrapped title is not cut
    assert not presenter.jump_buttons[0].isChecked()
    assert "(now)" not in presenter.jump_buttons[0].title_label.text()
    assert len(presenter.jump_buttons) == len(session.steps)


def test_talking_points_of_the_current_step_are_shown(qtbot, presenter, library, session) -> None:  # type: ignore[no-untyped-def]
    """The notes show this step's talking points and the next step's title, and follow along."""
    for index in (0, 1, 4):
        presenter.controller.go(index)
        notes = visible_text(presenter.notes)
        for point in session.steps[index].talking_points:
            assert point in notes
        following = library.page(session.steps[index + 1].page_id)
        assert following is not None and following.title in presenter.next_label.text()
    other = session.steps[0].talking_points[1]
    assert other not in visible_text(presenter)


def test_hide_notes_leaves_only_the_page(qtbot, presenter, session) -> None:  # type: ignore[no-untyped-def]
    """With one screen, Hide notes hides talking points and the step list; Show notes returns."""
    small = presenter.view.document().defaultFont().pixelSize()
    tap(qtbot, presenter.notes_button)
    assert not presenter.notes.isVisible()
    text = visible_text(presenter)
    for point in session.steps[0].talking_points:
        assert point not in text
    assert presenter.notes_button.text() == "Show notes"
    assert presenter.view.document().defaultFont().pixelSize() > small
    tap(qtbot, presenter.notes_button)
    assert presenter.notes.isVisible()
    assert session.steps[0].talking_points[0] in visible_text(presenter)


def test_audience_window_shows_only_the_page(qtbot, presenter, library, session, config) -> None:  # type: ignore[no-untyped-def]
    """A second screen gets the page in extra-large text: no buttons, no notes; it follows."""
    assert presenter.audience is None  # one offscreen screen
    presenter.arrange([LAPTOP, TV], 0)
    audience = presenter.audience
    assert audience is not None
    wait_exposed(qtbot, audience)
    assert audience.findChildren(QAbstractButton) == []
    text = visible_text(audience)
    assert page_text(library, session, 0) in text
    for step in session.steps:
        for point in step.talking_points:
            assert point not in text
    kiosk_body = Styler(config).metrics(Look()).body_px
    assert audience.view.document().defaultFont().pixelSize() >= 2 * kiosk_body
    assert audience.view.document().defaultFont().pixelSize() >= TV.height() // 20
    presenter.controller.next()
    assert audience.title.text() == page_text(library, session, 1)
    assert audience.view.document().toPlainText() == presenter.view.document().toPlainText()
    qtbot.waitUntil(lambda: QApplication.activeWindow() in (presenter, audience))
    qtbot.keyClick(audience, Qt.Key.Key_Right)  # the clicker works whichever window has focus
    assert presenter.controller.index == 2


def test_unplugging_the_second_screen_closes_the_audience_window(qtbot, presenter) -> None:  # type: ignore[no-untyped-def]
    """Screens added or removed during a session open or close the audience view."""
    presenter.arrange([LAPTOP, TV], 0)
    audience = presenter.audience
    assert audience is not None and audience.isVisible()
    presenter.arrange([LAPTOP], 0)
    assert presenter.audience is None and not audience.isVisible()
    assert "One screen" in presenter.status.text()
    presenter.arrange([LAPTOP, TV], 0)
    assert presenter.audience is not None


def test_place_windows_one_screen() -> None:
    """One screen: the presenter gets it and there is no audience view."""
    assert place_windows([LAPTOP], 0) == (LAPTOP, None)


def test_place_windows_two_screens() -> None:
    """Two screens: presenter on the primary, audience on the other, whichever is primary."""
    assert place_windows([LAPTOP, TV], 0) == (LAPTOP, TV)
    assert place_windows([TV, LAPTOP], 1) == (LAPTOP, TV)
    assert place_windows([LAPTOP, TV], 1) == (TV, LAPTOP)


def test_place_windows_odd_cases() -> None:
    """The biggest other screen wins; a mirror is not a second screen; bad index means first."""
    projector = QRect(-1024, 0, 1024, 768)
    assert place_windows([LAPTOP, projector, TV], 0) == (LAPTOP, TV)
    assert place_windows([LAPTOP, QRect(LAPTOP)], 0) == (LAPTOP, None)
    assert place_windows([LAPTOP, TV], 7) == (LAPTOP, TV)
    with pytest.raises(ValueError):
        place_windows([], 0)


def test_end_session_closes_everything_and_signals_once(qtbot, presenter) -> None:  # type: ignore[no-untyped-def]
    """End session closes both windows and emits ``ended`` once (the idle reset resumes)."""
    presenter.arrange([LAPTOP, TV], 0)
    audience = presenter.audience
    with qtbot.waitSignal(presenter.ended):
        tap(qtbot, presenter.end_button)
    assert not presenter.isVisible() and not audience.isVisible()
    with qtbot.assertNotEmitted(presenter.ended):
        presenter.close()
        presenter.end_session()


def test_closing_the_presenter_ends_the_session(qtbot, presenter) -> None:  # type: ignore[no-untyped-def]
    """Closing the window with the window manager ends the session too."""
    with qtbot.waitSignal(presenter.ended):
        presenter.close()
    assert presenter.controller.has_ended


def test_controller_stays_in_range(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    """Out-of-range jumps and stepping past either end do nothing; after the end, nothing."""
    controller = SessionController(session)
    with qtbot.assertNotEmitted(controller.step_changed):
        controller.previous()
        controller.go(len(session.steps))
        controller.go(-1)
        controller.go(0)
    controller.go(len(session.steps) - 1)
    with qtbot.assertNotEmitted(controller.step_changed):
        controller.next()
    assert controller.next_step() is None
    with qtbot.waitSignal(controller.ended):
        controller.end()
    with qtbot.assertNotEmitted(controller.step_changed), \
            qtbot.assertNotEmitted(controller.ended):
        controller.go(0)
        controller.end()


def test_save_handout_button_writes_a_pdf(qtbot, presenter, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Save handout as PDF writes the session's handout where staff chose, and says so."""
    target = tmp_path / "handout.pdf"
    monkeypatch.setattr(PresenterWindow, "ask_save_path",
                        classmethod(lambda cls, parent, suggested: target))
    tap(qtbot, presenter.save_button)
    assert target.stat().st_size > 10_000
    assert "Handout saved" in presenter.status.text() and str(target) in presenter.status.text()


def test_save_handout_cancelled_writes_nothing(qtbot, presenter, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Cancelling the save dialog writes no file and leaves the status alone."""
    monkeypatch.setattr(PresenterWindow, "ask_save_path",
                        classmethod(lambda cls, parent, suggested: None))
    before = presenter.status.text()
    tap(qtbot, presenter.save_button)
    assert presenter.status.text() == before
    assert list(tmp_path.iterdir()) == []


def test_save_handout_error_is_shown(qtbot, presenter, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An unwritable place is reported in the window, not as a crash."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    monkeypatch.setattr(PresenterWindow, "ask_save_path",
                        classmethod(lambda cls, parent, suggested: tmp_path / "file" / "a.pdf"))
    tap(qtbot, presenter.save_button)
    assert "was not saved" in presenter.status.text()


def test_print_button_prints_through_the_print_dialog(qtbot, presenter, tmp_path,  # type: ignore[no-untyped-def]
                                                      monkeypatch) -> None:
    """Print asks the print dialog for a printer, then prints the handout on it."""
    from PySide6.QtPrintSupport import QPrinter

    target = tmp_path / "printed.pdf"

    def choose(cls, parent, printer: QPrinter) -> bool:  # type: ignore[no-untyped-def]
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(PresenterWindow, "ask_printer", classmethod(choose))
    tap(qtbot, presenter.print_button)
    assert target.stat().st_size > 10_000
    assert "sent to the printer" in presenter.status.text()


def test_print_cancelled_prints_nothing(qtbot, presenter, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Cancelling the print dialog prints nothing."""
    monkeypatch.setattr(PresenterWindow, "ask_printer",
                        classmethod(lambda cls, parent, printer: False))
    before = presenter.status.text()
    tap(qtbot, presenter.print_button)
    assert presenter.status.text() == before


TWO_SCREENS = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0], "-platform", "offscreen:configfile=" + sys.argv[1]])
from kiosk.core.config import KioskConfig
from kiosk.core.loader import load_library
from kiosk.core.paths import default_content_dir
from kiosk.core.sessions import find_session, load_sessions
from kiosk.ui.presenter import PresenterWindow
from kiosk.ui.style import register_fonts
register_fonts()
library = load_library(default_content_dir())
session = find_session(load_sessions(library.root, library)[0], "botulinum-toxin")
presenter = PresenterWindow(KioskConfig(), library, session)
presenter.start()
app.processEvents()
audience = presenter.audience
assert presenter.screen().name() == "laptop" and presenter.isMaximized(), presenter.screen().name()
assert audience is not None and audience.isFullScreen()
assert audience.screen().name() == "tv" and audience.geometry() == app.screens()[1].geometry()
presenter.end_session()
assert not audience.isVisible()
"""


def test_second_screen_gets_the_audience_view_full_screen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With a laptop and a TV (two offscreen screens), the audience view fills the TV."""
    screens = {"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96},
        {"name": "tv", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}]}
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(screens), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", TWO_SCREENS, str(config)], capture_output=True,
                            text=True, cwd=Path(__file__).resolve().parents[2], check=False,
                            timeout=120)
    assert result.returncode == 0, result.stderr
