"""The one place that knows where content and resources live, and keeps paths inside them."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_REPO_DIR = _PACKAGE_DIR.parent

#: Where the Debian package puts the built app (``packaging/build-deb.sh``).
INSTALLED_APP_DIR = Path("/usr/lib/dystonia-kiosk")
#: The clinic's own content for the installed app: when this folder exists it wins over the
#: content shipped in the package (``/usr/share/dystonia-kiosk/content``). ``dpkg -r`` leaves it.
CLINIC_CONTENT_DIR = Path("/var/lib/dystonia-kiosk/content")


class PathEscapeError(ValueError):
    """A path points outside the folder it must stay in."""


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def _frozen() -> bool:
    """True in the app built by PyInstaller (``make dist``)."""
    return bool(getattr(sys, "frozen", False))


def default_content_dir() -> Path:
    """The content folder: a checkout's ``content/`` (or one shipped in the package); in the built
    app the ``content/`` beside the executable, except that an installed app (Debian package)
    uses :data:`CLINIC_CONTENT_DIR` when it exists."""
    override = os.environ.get("KIOSK_CONTENT_DIR")
    if override:
        return Path(override)
    if _frozen():
        app_dir = Path(sys.executable).resolve().parent
        if app_dir == INSTALLED_APP_DIR and CLINIC_CONTENT_DIR.is_dir():
            return CLINIC_CONTENT_DIR
        return app_dir / "content"  # staff edit these files: never inside the bundle
    return _first_existing(_REPO_DIR / "content", _PACKAGE_DIR / "content")


def resources_dir() -> Path:
    """The folder with styles, icons and fonts (in the built app: unpacked with the bundle)."""
    if _frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent)) / "resources"
    return _first_existing(_REPO_DIR / "resources", _PACKAGE_DIR / "resources")


def resource(*parts: str) -> Path:
    """A file under ``resources/``; refuses anything that escapes it."""
    return safe_join(resources_dir(), *parts)


def safe_join(root: Path, *parts: str) -> Path:
    """Join ``parts`` under ``root`` and refuse results outside ``root`` (``..``, absolute, links).

    Raises:
        PathEscapeError: when the resolved path is not inside ``root``.
    """
    root_resolved = root.resolve()
    candidate = root_resolved.joinpath(*parts)
    resolved = candidate.resolve()
    if resolved != root_resolved and root_resolved not in resolved.parents:
        raise PathEscapeError(f"{'/'.join(parts)} is outside {root}")
    return resolved


def is_inside(root: Path, path: Path) -> bool:
    """True when ``path`` (after resolving links) is inside ``root``."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    root_resolved = root.resolve()
    return resolved == root_resolved or root_resolved in resolved.parents


def font_files() -> list[Path]:
    """The Atkinson Hyperlegible TTF files from the PyPI font package (empty if it is missing)."""
    try:
        import fontpkg_atkinson_hyperlegible as pkg
    except ImportError:
        return []
    folder = Path(pkg.ROOT) / "files"
    return sorted(folder.glob("*.ttf"))


def state_dir() -> Path:
    """Per-user folder for logs and state (``$XDG_STATE_HOME/dystonia-kiosk``)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "dystonia-kiosk"


def handout_dir(configured: str = "") -> Path:
    """Where kiosk mode saves handouts: ``configured`` (``~`` expanded), else
    ``handouts/`` in the state folder."""
    if configured:
        return Path(configured).expanduser()
    return state_dir() / "handouts"


def new_handout_path(folder: Path, stem: str, when: dt.datetime) -> Path:
    """A new file name in ``folder`` for a handout: ``<stem>-<date>-<time>.pdf``, with
    ``-2``, ``-3``... if two are saved in the same second. ``stem`` is a session id."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem) or "handout"
    base = f"{safe}-{when:%Y-%m-%d-%H%M%S}"
    path = folder / f"{base}.pdf"
    number = 2
    while path.exists():
        path = folder / f"{base}-{number}.pdf"
        number += 1
    return path


def system_packages_file() -> Path:
    """The one list of system packages (``deploy/system-packages.txt``), for start-up checks."""
    return _first_existing(_REPO_DIR / "deploy", _PACKAGE_DIR / "deploy") / "system-packages.txt"
