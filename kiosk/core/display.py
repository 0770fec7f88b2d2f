"""Before Qt starts: is there a screen to draw on, and are the libraries Qt will load there?

Without a display Qt's xcb plug-in aborts with a core dump, and when one of its libraries is
missing Qt's message blames ``libxcb-cursor0`` whatever is really missing. The kiosk checks
first and says in one line what is wrong. It does not parse Qt's output: it opens the same
shared libraries Qt would open (Qt opens them a moment later anyway, so this costs little), using
the library column of ``deploy/system-packages.txt``, the one list of system packages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

NO_DISPLAY = ("error: no screen to show the kiosk on (DISPLAY and WAYLAND_DISPLAY are not set); "
              "start it from the desktop, or set QT_QPA_PLATFORM=offscreen for a check without "
              "a screen")


def qt_groups(environ: Mapping[str, str]) -> list[str] | None:
    """The package groups Qt will need here, or None when there is no screen at all."""
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if platform:
        return ["qt", "x11"] if platform == "xcb" else ["qt"]
    if environ.get("WAYLAND_DISPLAY"):
        return ["qt"]  # Qt picks its Wayland plug-in; its libraries come with the wheel
    if environ.get("DISPLAY"):
        return ["qt", "x11"]
    return None


def read_libraries(text: str, groups: list[str]) -> list[tuple[str, str]]:
    """(Debian package, shared library) pairs of ``groups`` in the package list's text."""
    pairs = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 4 and not fields[0].startswith("#") and fields[0] in groups \
                and fields[3] != "-":
            pairs.append((fields[1], fields[3]))
    return pairs


def _can_load(library: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def _x_server_answers(display: str) -> bool:
    """True when an X server answers on ``display`` (libxcb's own connect, as Qt does)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; the library check names what is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def display_problem(environ: Mapping[str, str], packages_file: Path, *,
                    platform: str = sys.platform,
                    can_load: Callable[[str], bool] = _can_load,
                    x_server_answers: Callable[[str], bool] = _x_server_answers) -> str | None:
    """One line saying why Qt cannot show the kiosk here, or None when it can.

    Args:
        environ: the process environment (``DISPLAY``, ``WAYLAND_DISPLAY``, ``QT_QPA_PLATFORM``).
        packages_file: ``deploy/system-packages.txt``; when it is missing (an installed app
            whose package manager brought the libraries) only the display is checked.
        platform: ``sys.platform``; only Linux is checked (the wheels carry Qt elsewhere).
        can_load: opens a shared library by name (tests replace it).
        x_server_answers: connects to an X display by name (tests replace it).
    """
    if not platform.startswith("linux"):
        return None
    groups = qt_groups(environ)
    if groups is None:
        return NO_DISPLAY
    try:
        text = packages_file.read_text(encoding="utf-8")
    except OSError:
        text = ""  # an installed app: its package manager brought the libraries
    missing = [package for package, library in read_libraries(text, groups)
               if not can_load(library)]
    if missing:
        return ("error: Qt cannot start: system libraries are missing; install them with: "
                f"sudo apt-get install {' '.join(dict.fromkeys(missing))}")
    display = environ.get("DISPLAY", "")
    if "x11" in groups and display and not x_server_answers(display):
        return (f"error: no X server answers on DISPLAY={display}; start the kiosk from the "
                "desktop, or set QT_QPA_PLATFORM=offscreen for a check without a screen")
    return None
