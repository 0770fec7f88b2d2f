"""Atomic writes: a crash at any point leaves the old file whole and no temporary files behind."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from kiosk.core.atomic import atomic_write_bytes, atomic_write_text

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_writes_new_file(tmp_path: Path) -> None:
    """A new file gets exactly the text, with no newline translation."""
    target = tmp_path / "kiosk.toml"
    atomic_write_text(target, "a = 1\nb = 'é'\n")
    assert target.read_bytes() == "a = 1\nb = 'é'\n".encode()
    assert _leftovers(tmp_path, "kiosk.toml") == []


def test_replaces_existing_file(tmp_path: Path) -> None:
    """An existing file is replaced as a whole, shorter content included."""
    target = tmp_path / "data.bin"
    target.write_bytes(b"x" * 10_000)
    atomic_write_bytes(target, b"short")
    assert target.read_bytes() == b"short"


def test_empty_content(tmp_path: Path) -> None:
    """Writing nothing gives an empty file."""
    target = tmp_path / "empty"
    atomic_write_bytes(target, b"")
    assert target.read_bytes() == b""


def test_crash_in_the_middle_of_the_write_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after part of the data is written leaves the old file and no temporary file."""
    target = tmp_path / "kiosk.toml"
    target.write_text("old = true\n")
    real_write = os.write

    def half_then_fail(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr("kiosk.core.atomic.os.write", half_then_fail)
        with pytest.raises(OSError, match="No space left"):
            atomic_write_text(target, "new = true\n" * 1000)
    assert target.read_text() == "old = true\n"
    assert _leftovers(tmp_path, "kiosk.toml") == []


def test_crash_before_the_rename_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure of the rename itself (the last step) leaves the old file and no temporary file."""
    target = tmp_path / "kiosk.toml"
    target.write_text("old = true\n")

    def fail(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as m:
        m.setattr("kiosk.core.atomic.os.replace", fail)
        with pytest.raises(OSError, match="Input/output"):
            atomic_write_text(target, "new = true\n")
    assert target.read_text() == "old = true\n"
    assert _leftovers(tmp_path, "kiosk.toml") == []


def test_interrupt_during_fsync_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even Ctrl+C (not an OSError) while syncing removes the temporary file."""
    target = tmp_path / "kiosk.toml"

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr("kiosk.core.atomic.os.fsync", interrupted)
        with pytest.raises(KeyboardInterrupt):
            atomic_write_text(target, "new = true\n")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_data_is_synced_before_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's data is fsynced before it is renamed into place, and the folder after."""
    target = tmp_path / "kiosk.toml"
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append("replace")
        real_replace(src, dst)

    with monkeypatch.context() as m:
        m.setattr("kiosk.core.atomic.os.fsync", fsync)
        m.setattr("kiosk.core.atomic.os.replace", replace)
        atomic_write_text(target, "x = 1\n")
    expected = ["fsync-file", "replace"] + ([] if os.name == "nt" else ["fsync-dir"])
    assert events == expected


def test_missing_folder_raises_and_leaves_nothing(tmp_path: Path) -> None:
    """Writing into a folder that does not exist fails cleanly (the caller creates folders)."""
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "nope" / "kiosk.toml", "x = 1\n")
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_replace_a_folder(tmp_path: Path) -> None:
    """A folder at the target path is not replaced by a file."""
    (tmp_path / "kiosk.toml").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path / "kiosk.toml", "x = 1\n")
    assert _leftovers(tmp_path, "kiosk.toml") == []


@posix_only
def test_keeps_mode_of_existing_file(tmp_path: Path) -> None:
    """An existing file's permission bits survive the replacement."""
    target = tmp_path / "kiosk.toml"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write_text(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@posix_only
def test_new_file_follows_umask(tmp_path: Path) -> None:
    """A new file gets 0o666 less the umask, like one made by open()."""
    old_umask = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.toml", "x\n")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


@posix_only
def test_explicit_mode(tmp_path: Path) -> None:
    """An explicit mode applies to new and existing files alike."""
    target = tmp_path / "secret.toml"
    target.write_text("old\n")
    target.chmod(0o644)
    atomic_write_text(target, "new\n", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_symlink_target_is_replaced_and_link_kept(tmp_path: Path) -> None:
    """Writing through a symbolic link replaces the file it points to; the link stays a link."""
    real = tmp_path / "real.toml"
    real.write_text("old\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
