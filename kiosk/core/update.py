"""Crash-safe content updates: staff copy a new folder next to the old one; it replaces it whole.

``content.new/`` beside ``content/`` is checked first; only if it loads with no errors are the
folders swapped, each step a single ``rename``:

1. a leftover ``content.old`` is renamed to ``content.discard`` (deleted at the end);
2. ``content`` -> ``content.old``;
3. ``content.new`` -> ``content``;
4. the parent folder is ``fsync``-ed so the renames reach the disk; ``content.discard`` is deleted.

Before step 1 every file of ``content.new`` is ``fsync``-ed, so a power cut just after the
swap cannot leave ``content/`` holding files that never reached the disk.

A power cut between steps 2 and 3 leaves no ``content/``. :func:`recover_interrupted_swap`, run
at every start before the content is read, puts ``content.old`` back (and says so); the same
start then checks ``content.new`` again and installs it. So every state a power cut can leave is
"old content" or "new content", never a mix and never none, and ``content.new`` is only ever
renamed, never deleted. :func:`roll_back` swaps ``content`` and ``content.old`` the same way,
through ``content.rollback``. docs/reliability.md says why plain folders and not a symlink. No Qt.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kiosk.core.atomic import fsync_folder
from kiosk.core.config import KioskConfig
from kiosk.core.content import ContentError, Library
from kiosk.core.loader import load_library

log = logging.getLogger(__name__)


class UpdateError(Exception):
    """The new content folder cannot replace the current one; the message says why."""


def _beside(content_dir: Path, suffix: str) -> Path:
    return content_dir.with_name(content_dir.name + suffix)


def new_folder(content_dir: Path) -> Path:
    """Where staff put new content: ``<content>.new`` beside the content folder."""
    return _beside(content_dir, ".new")


def old_folder(content_dir: Path) -> Path:
    """The previous content, kept for a roll back: ``<content>.old``."""
    return _beside(content_dir, ".old")


def _discard_folder(content_dir: Path) -> Path:
    """An old ``<content>.old`` on its way out (renamed first, so no half-deleted ``.old``)."""
    return _beside(content_dir, ".discard")


def _rollback_folder(content_dir: Path) -> Path:
    """The current content while :func:`roll_back` swaps it with ``<content>.old``."""
    return _beside(content_dir, ".rollback")


def has_previous(content_dir: Path) -> bool:
    """True when a previous version (``<content>.old``) is there to roll back to."""
    return old_folder(content_dir).is_dir()


def recover_interrupted_swap(content_dir: Path) -> str:
    """Finish or undo a swap that a crash or power cut interrupted; returns a note for staff.

    - No ``content`` but ``content.old``: the previous content is put back (an interrupted
      update; ``content.new`` is left where it is, to be checked and installed again), or
      the roll back is finished (an interrupted roll back). Either is a whole version.
    - ``content.rollback`` left by an interrupted roll back becomes ``content.old``.
    - ``content.discard`` (an old version being deleted) is deleted.

    Returns "" when there was nothing to repair (the normal case).

    Raises:
        OSError: a folder could not be renamed (the message is logged by the caller).
    """
    old = old_folder(content_dir)
    rollback = _rollback_folder(content_dir)
    notes: list[str] = []
    if not content_dir.exists():
        if old.is_dir():
            os.replace(old, content_dir)
            fsync_folder(content_dir.parent)
            notes.append(f"The kiosk was stopped while it was changing its content. "
                         f"{content_dir.name} was restored from {old.name}.")
        elif rollback.is_dir():
            os.replace(rollback, content_dir)
            fsync_folder(content_dir.parent)
            notes.append(f"The kiosk was stopped while it was changing its content. "
                         f"{content_dir.name} was restored from {rollback.name}.")
    if rollback.is_dir() and content_dir.is_dir():
        if not old.exists():
            os.replace(rollback, old)  # finish the roll back: the replaced version becomes .old
            fsync_folder(content_dir.parent)
            if not notes:
                notes.append("The kiosk was stopped while it was rolling back its content; "
                             "the roll back was finished.")
        else:
            log.warning("%s and %s both exist; left alone for staff to sort out",
                        rollback.name, old.name)
    discard = _discard_folder(content_dir)
    if discard.exists():
        _delete(discard)
    for note in notes:
        log.warning("%s", note)
    return " ".join(notes)


def _check(folder: Path, config: KioskConfig) -> Library:
    """Load ``folder`` and refuse it when ``check`` finds errors (or it has no pages)."""
    try:
        library = load_library(folder, config.max_page_kb * 1024)
    except ContentError as exc:
        raise UpdateError(f"{folder.name}: {exc}") from None
    from kiosk.core.check import check_languages, check_library

    findings = check_library(library, config) + check_languages(library, config)[0]
    errors = [f for f in findings if f.level == "error"]
    if errors:
        first = "; ".join(str(f) for f in errors[:3])
        raise UpdateError(f"{folder.name} has {len(errors)} errors, for example: {first}")
    return library


def install_new_content(content_dir: Path, config: KioskConfig) -> str:
    """Swap in ``<content>.new`` if it exists and is clean; returns a note for staff ("" if none).

    Raises:
        UpdateError: the new folder has errors or cannot be swapped; nothing was changed.
    """
    incoming = new_folder(content_dir)
    if not incoming.is_dir():
        return ""
    library = _check(incoming, config)
    old = old_folder(content_dir)
    discard = _discard_folder(content_dir)
    try:
        _sync_tree(incoming)  # staff's copy is on the disk before its name says "content"
        if discard.exists():
            _delete(discard)
        if old.exists():
            os.replace(old, discard)  # one rename: never a half-deleted content.old
        had_current = content_dir.exists()
        if had_current:
            os.replace(content_dir, old)
        try:
            os.replace(incoming, content_dir)
        except OSError:
            if had_current:
                os.replace(old, content_dir)  # put the working content back
            raise
        fsync_folder(content_dir.parent)
    except OSError as exc:
        raise UpdateError(f"could not swap the folders ({exc.strerror or exc})") from None
    if discard.exists():
        _delete(discard)
    return (f"New content installed from {incoming.name}: {len(library.pages)} pages. "
            f"The previous content is kept in {old.name}.")


def roll_back(content_dir: Path, config: KioskConfig) -> str:
    """Make ``<content>.old`` current again; the replaced content becomes ``<content>.old``.

    Three renames through ``<content>.rollback``; :func:`recover_interrupted_swap` finishes
    them after a power cut. Rolling back twice returns to where it started.

    Raises:
        UpdateError: there is no previous content, it has errors, or a rename failed.
    """
    old = old_folder(content_dir)
    if not old.is_dir():
        raise UpdateError("there is no previous content to go back to")
    library = _check(old, config)
    rollback = _rollback_folder(content_dir)
    if rollback.exists():
        raise UpdateError(f"{rollback.name} is in the way; move it aside and try again")
    try:
        os.replace(content_dir, rollback)
        try:
            os.replace(old, content_dir)
        except OSError:
            os.replace(rollback, content_dir)
            raise
        os.replace(rollback, old)
        fsync_folder(content_dir.parent)
    except OSError as exc:
        raise UpdateError(f"could not swap the folders ({exc.strerror or exc})") from None
    return (f"The previous content is back: {len(library.pages)} pages. "
            f"The content it replaced is kept in {old.name}.")


def _sync_tree(folder: Path) -> None:
    """``fsync`` every file and folder under ``folder``.

    A file manager or ``cp`` leaves the copied files in the disk cache; without this, a power
    cut soon after the swap could leave ``content/`` with its names on disk but some of its
    files empty. Windows cannot fsync a file opened for reading (NTFS flushes on its own).
    """
    if os.name == "nt":
        return
    for path in sorted(folder.rglob("*"), reverse=True) + [folder]:
        flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
        fd = os.open(path, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _delete(folder: Path) -> None:
    """Delete a discarded version; a failure is logged and retried at the next update."""
    import shutil  # only when an old version is thrown away

    try:
        shutil.rmtree(folder)
    except OSError as exc:
        log.warning("could not delete %s (%s); it is retried later", folder.name, exc)

