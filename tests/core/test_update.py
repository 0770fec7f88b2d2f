"""Content updates are atomic: a new folder replaces the old one only if it is complete."""

from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.update import (
    UpdateError,
    has_previous,
    install_new_content,
    new_folder,
    old_folder,
    recover_interrupted_swap,
    roll_back,
)
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


def test_existing_old_folder_is_replaced_whole(tmp_path: Path) -> None:
    """A second update replaces content.old with the content it replaced; nothing is left over."""
    content = tmp_path / "content"
    _content(content, "Current")
    _content(old_folder(content), "Older")
    _content(new_folder(content), "New")
    install_new_content(content, KioskConfig())
    assert "Current" in (old_folder(content) / "s" / "page.md").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "content.old"]


def test_missing_content_folder_is_restored_from_old(tmp_path: Path) -> None:
    """A power cut between the two renames (no content/, content.old and content.new) is undone
    at the next start, which then installs content.new: never "content folder not found"."""
    content = tmp_path / "content"
    _content(old_folder(content), "Old")
    _content(new_folder(content), "New")
    note = recover_interrupted_swap(content)
    assert "restored from content.old" in note
    assert "Old" in (content / "s" / "page.md").read_text()
    assert "New" in (new_folder(content) / "s" / "page.md").read_text()  # kept for install
    install_new_content(content, KioskConfig())
    assert "New" in (content / "s" / "page.md").read_text()


def test_nothing_to_recover_says_nothing(tmp_path: Path) -> None:
    """A normal start finds nothing to repair and leaves every folder alone."""
    content = tmp_path / "content"
    _content(content, "Current")
    _content(new_folder(content), "New")
    assert recover_interrupted_swap(content) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "content.new"]


def test_left_over_discard_folder_is_deleted(tmp_path: Path) -> None:
    """An old version cut short while being deleted is finished off, nothing else touched."""
    content = tmp_path / "content"
    _content(content, "Current")
    _content(tmp_path / "content.discard", "Older")
    assert recover_interrupted_swap(content) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_roll_back_swaps_current_and_previous(tmp_path: Path) -> None:
    """Roll back makes content.old current and keeps the replaced content as content.old."""
    content = tmp_path / "content"
    _content(content, "New")
    _content(old_folder(content), "Old")
    assert has_previous(content)
    note = roll_back(content, KioskConfig())
    assert "previous content is back" in note
    assert "Old" in (content / "s" / "page.md").read_text()
    assert "New" in (old_folder(content) / "s" / "page.md").read_text()
    roll_back(content, KioskConfig())  # and back again
    assert "New" in (content / "s" / "page.md").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "content.old"]


def test_roll_back_without_previous_content_is_refused(tmp_path: Path) -> None:
    """With no content.old there is nothing to roll back to, and nothing changes."""
    content = tmp_path / "content"
    _content(content, "Current")
    assert not has_previous(content)
    with pytest.raises(UpdateError, match="no previous content"):
        roll_back(content, KioskConfig())
    assert "Current" in (content / "s" / "page.md").read_text()


def test_interrupted_roll_back_is_finished(tmp_path: Path) -> None:
    """Cut after its first rename (content -> content.rollback), a roll back is completed."""
    content = tmp_path / "content"
    _content(tmp_path / "content.rollback", "New")
    _content(old_folder(content), "Old")
    assert recover_interrupted_swap(content)
    assert "Old" in (content / "s" / "page.md").read_text()
    assert "New" in (old_folder(content) / "s" / "page.md").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "content.old"]


def test_a_broken_translation_is_refused_too(tmp_path: Path) -> None:
    """content.new whose Spanish tree has an error is refused like a broken English page."""
    _content(tmp_path / "content", "Old")
    new = new_folder(tmp_path / "content")
    _content(new, "New")
    (new / "es").mkdir()
    (new / "es" / "site.yaml").write_text('language: "es"\n')
    write_page(new / "es" / "s", "page", title="Nueva", body="Ver [otra](falta.md).\n")
    with pytest.raises(UpdateError, match="error"):
        install_new_content(tmp_path / "content", KioskConfig())
    assert "Old" in (tmp_path / "content" / "s" / "page.md").read_text()
    assert new.is_dir()  # staff's new folder is never deleted
