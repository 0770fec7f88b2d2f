"""No file system from the kiosk: in kiosk mode no screen opens a file or print dialog; handouts
go to one folder under a new name, and printing to the default printer (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from kiosk.ui.presenter import PresenterWindow
from tests.ui.helpers import tap, wait_exposed
from tests.ui.kioskhelpers import build_kiosk, enter_staff_mode, kiosk_config, tap_native

_DIALOG_CALLS = ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
                 "getOpenFileUrl", "getSaveFileUrl", "getExistingDirectoryUrl")


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any file or print dialog the code tries to open is recorded (and not opened)."""
    opened: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def call(*_args: object, **_kwargs: object) -> object:
            opened.append(name)
            raise AssertionError(f"{name} opened in kiosk mode")
        return call

    for name in _DIALOG_CALLS:
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse(f"QFileDialog.{name}")))
    monkeypatch.setattr("kiosk.ui.presenter.QFileDialog", refuse("QFileDialog"))
    monkeypatch.setattr("kiosk.ui.presenter.QPrintDialog", refuse("QPrintDialog"))
    monkeypatch.setattr(PresenterWindow, "ask_save_path",
                        classmethod(refuse("PresenterWindow.ask_save_path")))
    monkeypatch.setattr(PresenterWindow, "ask_printer",
                        classmethod(refuse("PresenterWindow.ask_printer")))
    return opened


def _dialogs_on_screen() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, (QFileDialog, QPrintDialog)) and w.isVisible()]


def _tap_every_visible_button(qtbot, widget: QWidget, skip: tuple[str, ...] = ()) -> list[str]:  # type: ignore[no-untyped-def]
    """Tap each visible, enabled button of ``widget`` once (through its native window), and
    check after each tap that no file or print dialog is on screen."""
    from PySide6.QtWidgets import QAbstractButton

    tapped = []
    for button in widget.findChildren(QAbstractButton):
        if not (button.isVisible() and button.isEnabled()) or button.objectName() in skip:
            continue
        if button.visibleRegion().isEmpty():  # scrolled out of sight (the jump list's end)
            continue
        tap_native(button)
        QApplication.processEvents()  # let queued slots run
        tapped.append(button.objectName())
        assert not _dialogs_on_screen()
    return tapped


def test_no_staff_screen_opens_a_file_or_print_dialog_in_kiosk_mode(  # type: ignore[no-untyped-def]
        qtbot, library, _fonts, tmp_path, no_dialogs, monkeypatch) -> None:
    """Staff panel, guided sessions and every presenter button, tapped as staff would in kiosk
    mode: no QFileDialog or QPrintDialog is ever created or shown; the handout is saved in the
    handout folder under a new name shown to staff."""
    printed = tmp_path / "printer.pdf"

    def pdf_printer(cls) -> QPrinter:  # type: ignore[no-untyped-def]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(PresenterWindow, "kiosk_printer", classmethod(pdf_printer))
    handouts = tmp_path / "handouts"
    window = build_kiosk(qtbot, kiosk_config(handout_dir=str(handouts)), library)
    enter_staff_mode(qtbot, window)
    panel = window.staff.staff_panel
    tapped = _tap_every_visible_button(qtbot, panel, skip=("staffSessions", "staffExit",
                                                           "staffPanelClose", "staffUsage"))
    assert "staffPause" in tapped and "staffReload" in tapped
    tap_native(panel.usage_button)  # "What visitors read": the report, and its own buttons
    usage = window.staff.popups.built("usage")
    assert usage is not None
    qtbot.wait_until(usage.isVisible)
    _tap_every_visible_button(qtbot, usage, skip=("usagePanelClose",))
    tap_native(usage.close_button)
    qtbot.wait_until(lambda: not usage.isVisible())
    if not panel.isVisible():
        enter_staff_mode(qtbot, window)
    tap_native(panel.sessions_button)
    sessions = window.staff.sessions_panel
    qtbot.wait_until(sessions.isVisible)
    with qtbot.waitSignal(window.staff.presenter_shown, timeout=5000):
        tap_native(sessions.cards[0])
    presenter = window.staff.presenter
    assert presenter is not None and presenter.kiosk_mode
    wait_exposed(qtbot, presenter)
    tapped = _tap_every_visible_button(qtbot, presenter, skip=("presenterEnd",))
    assert {"presenterSave", "presenterPrint", "presenterNext"} <= set(tapped)
    saved = list(handouts.glob("*.pdf"))
    assert len(saved) == 1 and saved[0].name.startswith(presenter.session.id + "-")
    assert printed.stat().st_size > 10_000
    assert "sent to the printer" in presenter.status.text()
    tap_native(presenter.save_button)
    assert str(handouts) in presenter.status.text()  # staff see where it went
    assert len(list(handouts.glob("*.pdf"))) == 2  # a new name each time, nothing overwritten
    with qtbot.waitSignal(presenter.ended, timeout=5000):
        tap_native(presenter.end_button)
    assert no_dialogs == [] and not _dialogs_on_screen()


def test_without_a_printer_kiosk_mode_says_so_plainly(qtbot, library, _fonts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No default printer: one plain sentence, no dialog, nothing printed."""
    monkeypatch.setattr(PresenterWindow, "kiosk_printer", classmethod(lambda cls: None))
    monkeypatch.setattr(PresenterWindow, "ask_printer", classmethod(
        lambda cls, parent, printer: pytest.fail("the print dialog opened in kiosk mode")))
    window = build_kiosk(qtbot, kiosk_config(), library)
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    wait_exposed(qtbot, presenter)
    tap(qtbot, presenter.print_button)  # the presenter is wider than the 800 px test screen
    assert "No printer is set up" in presenter.status.text()
    presenter.end_session()


def test_an_unwritable_handout_folder_is_reported(qtbot, library, _fonts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A handout folder that cannot be made: a clear line for staff, no crash, no dialog."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    window = build_kiosk(qtbot, kiosk_config(handout_dir=str(blocker / "handouts")), library)
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    wait_exposed(qtbot, presenter)
    tap(qtbot, presenter.save_button)
    assert "was not saved" in presenter.status.text() and "handouts" in presenter.status.text()
    presenter.end_session()


def test_handouts_default_to_the_state_folder(qtbot, library, _fonts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without handout_dir, kiosk-mode handouts go to handouts/ in the state folder."""
    from kiosk.core.paths import handout_dir, state_dir

    assert handout_dir("") == state_dir() / "handouts"
    assert handout_dir(str(tmp_path)) == tmp_path
    window = build_kiosk(qtbot, kiosk_config(), library)
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    wait_exposed(qtbot, presenter)
    tap(qtbot, presenter.save_button)
    assert len(list((state_dir() / "handouts").glob("*.pdf"))) == 1
    presenter.end_session()


def test_the_laptop_keeps_the_normal_dialogs(qtbot, library, _fonts, tmp_path: Path,  # type: ignore[no-untyped-def]
                                             monkeypatch) -> None:
    """Without --kiosk, Save asks where (the file dialog) as before."""
    asked: list[Path] = []

    def ask(cls, parent, suggested: Path):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return tmp_path / "mine.pdf"

    monkeypatch.setattr(PresenterWindow, "ask_save_path", classmethod(ask))
    window = build_kiosk(qtbot, kiosk_config(), library, kiosk_mode=False)
    window.staff.start_session(window.staff.sessions[0])
    presenter = window.staff.presenter
    wait_exposed(qtbot, presenter)
    tap(qtbot, presenter.save_button)
    assert asked and (tmp_path / "mine.pdf").is_file()
    presenter.end_session()
