"""Write files so that a crash or power cut leaves either the old file or the new one, never half.

The recipe: write a temporary file in the same folder, flush it and ``fsync`` it, ``os.replace``
it over the target (atomic on POSIX and on NTFS), then ``fsync`` the folder so the rename itself
reaches the disk. If anything fails before the rename, the temporary file is removed and the
target is untouched. A power cut between the write and the rename can leave a stray
``.<name>.*.tmp`` file next to the target; it is harmless and never read.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_TEMP_SUFFIX = ".tmp"


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", mode: int | None = None
) -> None:
    """Replace ``path`` with ``text`` atomically (no newline translation: ``\\n`` stays ``\\n``).

    Args:
        path: the file to write; its folder must exist.
        text: the whole new content.
        encoding: text encoding (UTF-8 unless told otherwise).
        mode: permission bits for the result; ``None`` keeps an existing file's bits, and gives a
            new file the usual ``0o666`` less the umask.

    Raises:
        OSError: the file could not be written; the old file, if any, is unchanged.
    """
    atomic_write_bytes(path, text.encode(encoding), mode=mode)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, mode: int | None = None
) -> None:
    """Replace ``path`` with ``data`` atomically; see :func:`atomic_write_text` for the arguments.

    A symbolic link is followed: the file it points to is replaced and the link stays a link.
    For an existing file the owner and group are kept when the process may set them (root).

    Raises:
        OSError: the file could not be written; the old file, if any, is unchanged.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        old: os.stat_result | None = target.stat()
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise IsADirectoryError(f"{target} exists and is not a regular file")

    temp = folder / f".{target.name}.{os.urandom(6).hex()}{_TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    # 0o666 lets the kernel apply the umask, without touching the process-wide umask.
    fd = os.open(temp, flags, 0o666)
    try:
        try:
            _apply_mode_and_owner(fd, temp, old, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(folder)


def _apply_mode_and_owner(
    fd: int, temp: Path, old: os.stat_result | None, mode: int | None
) -> None:
    """Give the temporary file the permission bits (and owner) the result should have."""
    wanted = mode if mode is not None else (stat.S_IMODE(old.st_mode) if old is not None else None)
    if wanted is not None:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, wanted)
        else:  # Windows: only the read-only bit exists
            os.chmod(temp, wanted)
    # Only root may give a file away (say, ``sudo main.py set-pin``); an ordinary user keeps
    # owning what it writes, and the attempt is quietly skipped.
    if old is None or not hasattr(os, "fchown"):
        return
    if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(PermissionError):
            os.fchown(fd, old.st_uid, old.st_gid)


def fsync_folder(folder: Path) -> None:
    """Make the rename durable. Windows cannot open a folder for fsync; NTFS journals renames."""
    if os.name == "nt":
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        # Some file systems (network shares, some FUSE mounts) refuse fsync on a folder; the
        # data itself is already on disk, so this is not worth failing the write for.
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
