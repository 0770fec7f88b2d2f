"""The check before Qt starts: no screen, or a missing library, is one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.display import NO_DISPLAY, display_problem, qt_groups, read_libraries
from kiosk.core.paths import system_packages_file

ROOT = Path(__file__).resolve().parents[2]
LIST = system_packages_file()


def loads_all(library: str) -> bool:
    """A system where every library is present."""
    return True


def answers(display: str) -> bool:
    """An X server that answers."""
    return True


@pytest.mark.parametrize(("environ", "groups"), [
    ({}, None),
    ({"DISPLAY": ":0"}, ["qt", "x11"]),
    ({"WAYLAND_DISPLAY": "wayland-0"}, ["qt"]),
    ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, ["qt"]),
    ({"QT_QPA_PLATFORM": "offscreen"}, ["qt"]),
    ({"QT_QPA_PLATFORM": "xcb:foo"}, ["qt", "x11"]),
])
def test_groups_follow_the_platform_qt_will_pick(environ: dict[str, str],
                                                 groups: list[str] | None) -> None:
    """X11 libraries are checked only where Qt will use its xcb plug-in."""
    assert qt_groups(environ) == groups


def test_the_package_list_names_a_library_for_every_x11_package() -> None:
    """Every package of Qt's xcb plug-in has the library the check opens."""
    text = LIST.read_text(encoding="utf-8")
    pairs = read_libraries(text, ["x11"])
    assert len(pairs) == 9
    assert ("libxcb-icccm4", "libxcb-icccm.so.4") in pairs


def test_no_screen_is_one_line() -> None:
    """No DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM: one line naming the way out."""
    problem = display_problem({}, LIST, platform="linux", can_load=loads_all,
                              x_server_answers=answers)
    assert problem == NO_DISPLAY
    assert "\n" not in NO_DISPLAY and "QT_QPA_PLATFORM=offscreen" in NO_DISPLAY


def test_missing_xcb_libraries_are_named_as_debian_packages() -> None:
    """The line names the packages really missing, not Qt's usual libxcb-cursor0."""
    missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    problem = display_problem({"DISPLAY": ":0"}, LIST, platform="linux",
                              can_load=lambda lib: lib not in missing, x_server_answers=answers)
    assert problem == ("error: Qt cannot start: system libraries are missing; install them "
                       "with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1")


def test_offscreen_does_not_need_x11_libraries() -> None:
    """A check without a screen does not ask for the X11 packages."""
    problem = display_problem({"QT_QPA_PLATFORM": "offscreen"}, LIST, platform="linux",
                              can_load=lambda lib: "xcb" not in lib, x_server_answers=answers)
    assert problem is None


def test_a_display_nobody_answers_on_is_one_line() -> None:
    """DISPLAY set but no X server there: one line, not Qt's abort and core dump."""
    problem = display_problem({"DISPLAY": ":99"}, LIST, platform="linux", can_load=loads_all,
                              x_server_answers=lambda display: False)
    assert problem is not None and "DISPLAY=:99" in problem and "\n" not in problem


def test_other_systems_and_installed_apps_are_not_checked(tmp_path: Path) -> None:
    """macOS and Windows need nothing; without the list only the display is checked."""
    assert display_problem({}, LIST, platform="darwin") is None
    assert display_problem({}, LIST, platform="win32") is None
    assert display_problem({"DISPLAY": ":0"}, tmp_path / "absent.txt", platform="linux",
                           can_load=lambda lib: False, x_server_answers=answers) is None


def test_real_libraries_of_this_machine_are_found() -> None:
    """On this machine (set up by the Makefile) the offscreen libraries all load."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the libraries are checked on Linux only")
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, LIST) is None


def test_main_without_a_screen_prints_one_line_and_exits_2() -> None:
    """``main.py`` from an SSH session: exit 2 and one line, before Qt starts."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [NO_DISPLAY]
