"""Atomic content updates: staff copy a new folder next to the old one; it replaces it only whole.

``content.new/`` beside ``content/`` is checked first; only if it loads with no errors are the
folders swapped (``content`` -> ``content.old``, ``content.new`` -> ``content``), each a single
rename. A partly copied folder has errors (or no pages) and never replaces the working one. No Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.core.config import KioskConfig
from kiosk.core.content import ContentError
from kiosk.core.loader import load_library


class UpdateError(Exception):
    """The new content folder cannot replace the current one; the message says why."""


def new_folder(content_dir: Path) -> Path:
    """Where staff put new content: ``<content>.new`` beside the content folder."""
    return content_dir.with_name(content_dir.name + ".new")


def install_new_content(content_dir: Path, config: KioskConfig) -> str:
    """Swap in ``<content>.new`` if it exists and is clean; returns a note for staff ("" if none).

    Raises:
        UpdateError: the new folder has errors or cannot be swapped; nothing was changed.
    """
    incoming = new_folder(content_dir)
    if not incoming.is_dir():
        return ""
    try:
        library = load_library(incoming, config.max_page_kb * 1024)
    except ContentError as exc:
        raise UpdateError(f"{incoming.name}: {exc}") from None
    from kiosk.core.check import check_library

    errors = [f for f in check_library(library, config) if f.level == "error"]
    if errors:
        first = "; ".join(str(f) for f in errors[:3])
        raise UpdateError(f"{incoming.name} has {len(errors)} errors, for example: {first}")
    old = content_dir.with_name(content_dir.name + ".old")
    try:
        if old.exists():
            import shutil  # only when new content is installed

            shutil.rmtree(old)
        os.replace(content_dir, old)
        try:
            os.replace(incoming, content_dir)
        except OSError:
            os.replace(old, content_dir)  # put the working content back
            raise
    except OSError as exc:
        raise UpdateError(f"could not swap the folders ({exc.strerror})") from None
    return (f"New content installed from {incoming.name}: {len(library.pages)} pages. "
            f"The previous content is kept in {old.name}.")
