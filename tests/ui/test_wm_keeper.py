"""In --kiosk mode the kiosk survives the desktop around it (issue 18), on a real X server.

Xvfb with openbox from Debian, the kiosk as a subprocess (``main.py --kiosk``), and the attacks a
visitor's shortcut or another program on the display can make: another workspace, show
desktop, iconify, unmap, move, resize, another window on top, a screen size change, and
destroying the window. After each the kiosk must be back: mapped, on top, covering the whole
current screen (and the screenshot shows its bars, not the desktop). Screenshots of every case
are saved in the test's temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.theme import THEMES
from kiosk.ui.keeper import WINDOW_LOST_STATUS
from tests.xdisplay import (
    REPO,
    XServer,
    end,
    kiosk_argv,
    kiosk_config,
    need_tools,
    start_openbox,
    start_xvfb,
    wm_running,
)

pytestmark = pytest.mark.timeout(120)

TOOLS = ("Xvfb", "openbox", "xdotool", "wmctrl", "xwininfo", "xprop", "xrandr", "xwd", "xlogo")
BAR = THEMES["light"].bar.lower()  # the title and navigation bars (the default theme)
WAIT_MS = 15000  # a generous deadline; the kiosk is back well within a second when idle

# Opens a guided session's presenter or a message pop-up in a --kiosk window, once it is warm.
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk.app import Kiosk, _run_parser, load_everything
from kiosk.core.paths import default_content_dir
from kiosk.ui.style import register_fonts

what = sys.argv[1]
config, library, _ = load_everything(_run_parser().parse_args(["--kiosk", *sys.argv[2:]]))
app = QApplication(sys.argv[:1])
register_fonts()
kiosk = Kiosk(app, config, library, default_content_dir(), True)
kiosk.show()

def act():
    window = kiosk.window
    if window.warming_up or window.keeper is None:
        QTimer.singleShot(100, act)
        return
    if what == "presenter":
        window.staff.start_session(window.staff.sessions[0])
        shown = window.staff.presenter
    else:
        window.show_message("A message")
        shown = window.popups.visible()
    print("SHOWN", int(shown.windowHandle().winId()), flush=True)

QTimer.singleShot(100, act)
sys.exit(app.exec())
"""


class Kiosk:
    """A kiosk process on an X display, and what the test sees of it."""

    def __init__(self, server: XServer, folder: Path, *argv: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.server = server
        self.log = folder / "kiosk.log"
        env = server.env(XDG_STATE_HOME=str(folder / "state"),
                         XDG_CONFIG_HOME=str(folder / "config"))
        self.process = server.start(*(argv or kiosk_argv(kiosk_config(folder))), env=env,
                                    log=self.log)
        self.window = ""

    def find_window(self) -> bool:
        found = self.server.run("xdotool", "search", "--onlyvisible", "--pid",
                                str(self.process.pid), check=False).split()
        if self.process.poll() is not None:
            raise AssertionError(f"the kiosk exited: {self.log.read_text()[-2000:]}")
        if len(found) >= 1:
            self.window = found[0] if len(found) == 1 else self._main_window(found)
        return bool(self.window)

    def _main_window(self, found: list[str]) -> str:
        def area(window: str) -> int:
            info = self.server.window_info(window)
            return int(info.get("Width", 0)) * int(info.get("Height", 0))

        return max(found, key=area)

    def problem(self) -> str:
        """What is wrong with the kiosk on screen now ("" when it is all there, on top)."""
        info = self.server.window_info(self.window)
        if info.get("Map State") != "IsViewable":
            return f"not viewable ({info.get('Map State')})"
        width, height = self.server.screen_size()
        place = (int(info["Absolute upper-left X"]), int(info["Absolute upper-left Y"]),
                 int(info["Width"]), int(info["Height"]))
        if place != (0, 0, width, height):
            return f"at {place}, not covering the {width}x{height} screen"
        if self.stacking()[-1:] != [int(self.window)]:
            return "not on top"
        return ""

    def stacking(self) -> list[int]:
        """The managed windows from bottom to top (EWMH)."""
        out = self.server.run("xprop", "-root", "_NET_CLIENT_LIST_STACKING")
        return [int(w.strip(" ,"), 16) for w in out.partition("#")[2].split(",") if w.strip()]

    def bars_seen(self, shot: Path) -> bool:
        """True when a screenshot (saved at ``shot``) shows the kiosk's title bar and
        navigation bar at the four corners of the screen, not the desktop."""
        image = self.server.screenshot(shot)
        if image is None:
            return False  # xwd missed this one; the caller looks again
        width, height = self.server.screen_size()
        # Xvfb's frame buffer keeps its size when the monitor shrinks: look inside the monitor.
        assert image.width() >= width and image.height() >= height
        return all(image.pixelColor(x, y).name() == BAR
                   for y in (5, height - 5) for x in (5, width - 5))

    def assert_on_screen(self, qtbot, shot: Path) -> None:  # type: ignore[no-untyped-def]
        """Within the deadline the kiosk is back, on top, covering the screen, and painted."""
        qtbot.wait_until(lambda: self.problem() == "" and self.bars_seen(shot), timeout=WAIT_MS)


@pytest.fixture(scope="module")
def desktop() -> Iterator[XServer]:
    """Xvfb at 1280 x 800 with openbox, in its default configuration (all its shortcuts)."""
    need_tools(*TOOLS)
    server = start_xvfb()
    try:
        start_openbox(server)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Kiosk]]:
    """The module's kiosk, once the first test has started it (after the window manager)."""
    kiosks: list[Kiosk] = []
    yield kiosks
    for kiosk in kiosks:
        end(kiosk.process)


@pytest.fixture
def kiosk(started: list[Kiosk], desktop: XServer, qtbot,  # type: ignore[no-untyped-def]
          tmp_path_factory: pytest.TempPathFactory) -> Kiosk:
    """The kiosk under openbox, on screen and on top before the attack."""
    if not started:
        qtbot.wait_until(lambda: wm_running(desktop), timeout=WAIT_MS)
        started.append(Kiosk(desktop, tmp_path_factory.mktemp("kiosk")))
    running = started[0]
    qtbot.wait_until(running.find_window, timeout=60000)  # a first start compiles and caches
    qtbot.wait_until(lambda: running.problem() == "", timeout=WAIT_MS)
    return running


def test_another_workspace_shows_the_kiosk_too(kiosk: Kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Alt+Right (wmctrl -s 1): the kiosk is on every workspace."""
    def on_every_workspace() -> bool:
        kiosk.find_window()  # the window Qt has now (it may have made a new one at start-up)
        return "4294967295" in kiosk.server.run("xprop", "-id", kiosk.window, "_NET_WM_DESKTOP",
                                                check=False)

    qtbot.wait_until(on_every_workspace, timeout=WAIT_MS)
    try:
        kiosk.server.run("wmctrl", "-s", "1")
        qtbot.wait_until(lambda: "1  * DG" in kiosk.server.run("wmctrl", "-d"), timeout=WAIT_MS)
        kiosk.assert_on_screen(qtbot, tmp_path / "workspace.png")
    finally:
        kiosk.server.run("wmctrl", "-s", "0")


def test_show_desktop_brings_the_kiosk_back(kiosk: Kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Super+D (wmctrl -k on) hides every window; the kiosk shows itself again."""
    kiosk.server.run("wmctrl", "-k", "on")
    kiosk.assert_on_screen(qtbot, tmp_path / "show-desktop.png")


@pytest.mark.parametrize("attack", [["windowminimize"], ["windowunmap"],
                                    ["windowmove", "200", "150"],
                                    ["windowsize", "500", "300"]])
def test_the_kiosk_comes_back_after_another_program(kiosk: Kiosk, attack: list[str], qtbot,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    """Iconified (Alt+Space, Iconify), unmapped, moved or shrunk from outside: back at once."""
    kiosk.server.run("xdotool", attack[0], kiosk.window, *attack[1:])
    kiosk.assert_on_screen(qtbot, tmp_path / f"{attack[0]}.png")


def test_a_window_on_top_is_covered_again(kiosk: Kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Another program's window, made always-on-top and activated, goes under the kiosk."""
    other = kiosk.server.start("xlogo", "-geometry", "600x400+100+100")
    try:
        qtbot.wait_until(lambda: kiosk.server.run("xdotool", "search", "--onlyvisible",
                                                  "--class", "xlogo", check=False).strip() != "",
                         timeout=WAIT_MS)
        logo = kiosk.server.run("xdotool", "search", "--onlyvisible", "--class", "xlogo").split()[0]
        kiosk.server.run("wmctrl", "-i", "-r", logo, "-b", "add,above")
        kiosk.server.run("wmctrl", "-i", "-a", logo)
        kiosk.assert_on_screen(qtbot, tmp_path / "covered.png")
        assert int(logo) in kiosk.stacking()  # it is still there, under the kiosk
    finally:
        end(other)


def test_the_kiosk_follows_a_screen_size_change(kiosk: Kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """xrandr to 1024 x 600 and back: the kiosk fills the new screen, Back and Home on it.

    Xvfb cannot change its mode, so the RandR monitor is redefined (Qt sees the new screen
    size exactly as after a mode change on a real display).
    """
    server = kiosk.server
    try:
        server.run("xrandr", "--setmonitor", "small", "1024/271x600/159+0+0", "screen")
        assert server.screen_size() == (1024, 600)
        kiosk.assert_on_screen(qtbot, tmp_path / "1024x600.png")
    finally:
        server.run("xrandr", "--delmonitor", "small")
    kiosk.assert_on_screen(qtbot, tmp_path / "1280x800.png")


def test_the_kiosk_exits_with_a_failure_when_its_window_is_destroyed(
        desktop: XServer, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """xdotool windowclose: the process does not live on behind a black screen; it exits with
    a status the service restarts (not staff's exit)."""
    kiosk = Kiosk(desktop, tmp_path)
    try:
        qtbot.wait_until(kiosk.find_window, timeout=60000)
        qtbot.wait_until(lambda: kiosk.problem() == "", timeout=WAIT_MS)
        desktop.run("xdotool", "windowclose", kiosk.window)
        kiosk.process.wait(30)
        assert kiosk.process.returncode == WINDOW_LOST_STATUS, kiosk.log.read_text()[-2000:]
        assert "was destroyed by another program" in kiosk.log.read_text()
    finally:
        end(kiosk.process)


@pytest.mark.parametrize("what", ["presenter", "message"])
def test_the_kiosk_s_own_windows_open_above_it(desktop: XServer, what: str, qtbot,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    """A guided session's presenter and a pop-up open on top of the always-on-top kiosk."""
    import sys

    argv = [sys.executable, "-c", DRIVER, what, "--config", str(kiosk_config(tmp_path))]
    kiosk = Kiosk(desktop, tmp_path, *argv)
    try:
        qtbot.wait_until(lambda: "SHOWN" in kiosk.log.read_text(), timeout=60000)
        shown = int(kiosk.log.read_text().partition("SHOWN ")[2].split()[0])
        qtbot.wait_until(lambda: kiosk.stacking()[-1:] == [shown], timeout=WAIT_MS)
        desktop.screenshot(tmp_path / f"{what}.png")
    finally:
        end(kiosk.process)


def _no_wm() -> Iterator[XServer]:
    need_tools(*TOOLS)
    server = start_xvfb()
    try:
        yield server
    finally:
        server.stop()


bare_x = pytest.fixture(_no_wm, name="bare_x")


def test_without_a_window_manager_the_kiosk_keeps_itself_on_screen(
        bare_x: XServer, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The bare X session (deploy/kiosk-session.sh on X11): no window manager to help. Unmapped,
    moved or given a smaller screen, the kiosk puts itself back."""
    kiosk = Kiosk(bare_x, tmp_path)
    kiosk.stacking = lambda: [int(kiosk.window)]  # type: ignore[method-assign]  # no WM: no list
    try:
        qtbot.wait_until(kiosk.find_window, timeout=60000)
        kiosk.assert_on_screen(qtbot, tmp_path / "bare.png")
        bare_x.run("xdotool", "windowunmap", kiosk.window)
        kiosk.assert_on_screen(qtbot, tmp_path / "bare-unmap.png")
        bare_x.run("xdotool", "windowmove", kiosk.window, "300", "200")
        kiosk.assert_on_screen(qtbot, tmp_path / "bare-move.png")
        bare_x.run("xrandr", "--setmonitor", "small", "1024/271x600/159+0+0", "screen")
        kiosk.assert_on_screen(qtbot, tmp_path / "bare-1024x600.png")
    finally:
        end(kiosk.process)



def test_the_fallback_desktop_s_openbox_has_no_shortcuts_and_no_menus(qtbot) -> None:  # type: ignore[no-untyped-def]
    """deploy/openbox/rc.xml: one workspace, and Ctrl+Alt+Right and Super+D do nothing (the
    same keys switch workspace and show the desktop with openbox's own configuration)."""
    import xml.etree.ElementTree as ET

    rc = REPO / "deploy" / "openbox" / "rc.xml"
    ns = {"ob": "http://openbox.org/3.4/rc"}
    root = ET.parse(rc).getroot()
    assert root.findall(".//ob:keybind", ns) == [] and root.findall(".//ob:mousebind", ns) == []
    need_tools(*TOOLS)
    server = start_xvfb()
    try:
        start_openbox(server, rc)
        qtbot.wait_until(lambda: wm_running(server)
                         and bool(server.run("wmctrl", "-d", check=False)), timeout=WAIT_MS)
        assert len(server.run("wmctrl", "-d").splitlines()) == 1
        server.run("xdotool", "key", "ctrl+alt+Right", "super+d")
        server.run("xdotool", "mousemove", "600", "400", "click", "3")
        assert "= 1" not in server.run("xprop", "-root", "_NET_SHOWING_DESKTOP",
                                       "_NET_CURRENT_DESKTOP")
    finally:
        server.stop()
