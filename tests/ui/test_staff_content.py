"""The staff panel goes back to the previous content and says what start-up repaired."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.app import Kiosk
from kiosk.core.config import KioskConfig
from kiosk.core.loader import load_library
from tests.conftest import write_page
from tests.ui.helpers import button, tap, wait_exposed


def _content(folder: Path, title: str) -> None:
    folder.mkdir(parents=True)
    (folder / "resources.yaml").write_text("organisations: []\n")
    write_page(folder / "s", "page", body="## Key points\n", title=title)


def _kiosk(qtbot, content: Path, note: str = "") -> Kiosk:  # type: ignore[no-untyped-def]
    config = KioskConfig(repeat_tap_ms=0, speech_engine="none")
    kiosk = Kiosk(QApplication.instance(), config, load_library(content), content,
                  kiosk_mode=False, startup_note=note)
    qtbot.add_widget(kiosk.window)
    kiosk.show()
    wait_exposed(qtbot, kiosk.window)
    return kiosk


def test_roll_back_button_brings_back_the_previous_content(qtbot, tmp_path, _fonts) -> None:  # type: ignore[no-untyped-def]
    """Tapping "Roll back to the previous content" shows the old pages and keeps the new."""
    content = tmp_path / "content"
    _content(content, "New version")
    _content(tmp_path / "content.old", "Old version")
    kiosk = _kiosk(qtbot, content)
    first = kiosk.window
    first.staff.open_staff_panel()
    rollback = button(first, "staffRollback")
    assert rollback.text() == "Roll back to the previous content"
    tap(qtbot, rollback)
    qtbot.add_widget(kiosk.window)
    assert kiosk.window is not first
    assert [p.title for p in kiosk.window.library.pages] == ["Old version"]
    assert "previous content is back" in kiosk.window.staff.staff_panel.problems.text()
    assert "New version" in (tmp_path / "content.old" / "s" / "page.md").read_text()


def test_no_roll_back_button_without_previous_content(qtbot, tmp_path, _fonts) -> None:  # type: ignore[no-untyped-def]
    """With no content.old the staff panel does not offer a roll back."""
    content = tmp_path / "content"
    _content(content, "Only version")
    kiosk = _kiosk(qtbot, content)
    kiosk.window.staff.open_staff_panel()
    assert not kiosk.window.staff.staff_panel.rollback_button.isVisible()


def test_staff_panel_shows_what_start_up_repaired(qtbot, tmp_path, _fonts) -> None:  # type: ignore[no-untyped-def]
    """After a power cut mid-update, the staff panel says the content was restored."""
    content = tmp_path / "content"
    _content(content, "Current")
    kiosk = _kiosk(qtbot, content, note="content was restored from content.old.")
    kiosk.window.staff.open_staff_panel()
    text = kiosk.window.staff.staff_panel.problems.text()
    assert "after a power cut or crash: content was restored from content.old." in text
