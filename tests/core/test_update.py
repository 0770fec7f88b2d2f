"""Content updates are atomic: a new folder replaces the old one only if it is complete."""

from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.update import UpdateError, install_new_content, new_folder
from tests.conftest import write_page


def _content(folder: Path, title: str) -> None:
    (folder).mkdir(parents=True, exist_ok=True)
    (folder / "resources.yaml").write_text("organisations: []\n")
    write_page(folder / "s", "page", title=title)


def test_no_new_folder_changes_nothing(tmp_path: Path) -> None:
    """Reload without a content.new folder leaves the content alone."""
    _content(tmp_path / "content", "Old")
    assert install_new_content(tmp_path / "content", KioskConfig()) == ""
    assert "Old" in (tmp_path / "content" / "s" / "page.md").read_text()


def test_clean_new_folder_replaces_the_old(tmp_path: Path) -> None:
    """A complete content.new becomes content; the previous content is kept as content.old."""
    _content(tmp_path / "content", "Old")
    _content(new_folder(tmp_path / "content"), "New")
    note = install_new_content(tmp_path / "content", KioskConfig())
    assert "1 pages" in note
    assert "New" in (tmp_path / "content" / "s" / "page.md").read_text()
    assert "Old" in (tmp_path / "content.old" / "s" / "page.md").read_text()
    assert not new_folder(tmp_path / "content").exists()


def test_partial_copy_never_replaces_working_content(tmp_path: Path) -> None:
    """A half-copied folder (a broken page) is refused and the working content stays."""
    _content(tmp_path / "content", "Old")
    incoming = new_folder(tmp_path / "content")
    _content(incoming, "New")
    (incoming / "s" / "half.md").write_bytes(b"---\ntitle: Half\nsumm")
    with pytest.raises(UpdateError, match="errors"):
        install_new_content(tmp_path / "content", KioskConfig())
    assert "Old" in (tmp_path / "content" / "s" / "page.md").read_text()
    assert incoming.exists()


def test_empty_new_folder_is_refused(tmp_path: Path) -> None:
    """An empty content.new (a copy that has not started) is refused."""
    _content(tmp_path / "content", "Old")
    new_folder(tmp_path / "content").mkdir()
    with pytest.raises(UpdateError, match="no readable pages"):
        install_new_content(tmp_path / "content", KioskConfig())


def test_new_content_with_a_broken_link_is_refused(tmp_path: Path) -> None:
    """Anything `check` calls an error (here a broken link) also stops an update."""
    _content(tmp_path / "content", "Old")
    incoming = new_folder(tmp_path / "content")
    _content(incoming, "New")
    write_page(incoming / "s", "other", body="## Key points\n\nSee [gone](gone.md).\n", order=2)
    with pytest.raises(UpdateError, match="gone.md"):
        install_new_content(tmp_path / "content", KioskConfig())
    assert "Old" in (tmp_path / "content" / "s" / "page.md").read_text()
