"""Helpers for the tests that need a real display: an Xvfb server, openbox, X tools, screenshots.

Used by tests/ui/test_wm_keeper.py (the kiosk against a window manager) and
tests/test_kiosk_session.py (the kiosk session in deploy/). Every process started here is
ended by the caller's fixture; nothing here sleeps: waiting is the tests' ``qtbot.wait_until``.
"""

from __future__ import annotations

import array
import contextlib
import os
import shutil
import signal
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def need_tools(*names: str) -> None:
    """Skip (a failure under CI=true, see conftest) with the Debian package to install."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (deploy/system-packages.txt, group test; "
                    "make test installs them)")


@dataclass
class XServer:
    """An Xvfb display (``:N``) and the processes the test started on it."""

    display: str
    process: subprocess.Popen[bytes]
    others: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", **extra)
        return env

    def run(self, *argv: str, check: bool = True) -> str:
        """Run an X tool on this display; its output."""
        done = subprocess.run(argv, env=self.env(), capture_output=True, text=True, timeout=30,
                              check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, *argv: str, env: dict[str, str] | None = None,
              log: Path | None = None) -> subprocess.Popen[bytes]:
        """Start a process on this display, ended with the server."""
        out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
        process = subprocess.Popen(argv, env=env or self.env(), stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        if log is not None:
            out.close()  # type: ignore[union-attr]
        self.others.append(process)
        return process

    def window_info(self, window: str) -> dict[str, str]:
        """xwininfo's fields for a window: "Map State", "Width", "Absolute upper-left X"..."""
        info: dict[str, str] = {}
        for line in self.run("xwininfo", "-id", window).splitlines():
            key, sep, value = line.strip().partition(": ")
            if sep:
                info[key] = value.strip()
        return info

    def screen_size(self) -> tuple[int, int]:
        """The size of the first RandR monitor (what Qt takes as the primary screen)."""
        lines = self.run("xrandr", "--listmonitors").splitlines()
        geometry = lines[1].split()[2]  # " 0: +*screen 1280/339x800/212+0+0  screen"
        width, _, rest = geometry.partition("x")
        return int(width.split("/")[0]), int(rest.split("/")[0])

    def screenshot(self, path: Path) -> QImageLike | None:
        """The whole screen as an image (xwd), saved as PNG at ``path``; None when xwd could
        not read it this time (it fails now and then while windows are being mapped: callers
        poll until a deadline)."""
        done = subprocess.run(["xwd", "-root", "-silent"], env=self.env(), capture_output=True,
                              timeout=30, check=False)
        if done.returncode != 0 or len(done.stdout) < 100:
            return None
        image = xwd_image(done.stdout)
        image.save(str(path))
        return image

    def stop(self) -> None:
        for process in [*reversed(self.others), self.process]:
            end(process)


QImageLike = object  # a QImage (imported lazily: this module is imported before Qt starts)


def end(process: subprocess.Popen[bytes], timeout: float = 10) -> int | None:
    """Ask a process (and its process group) to end, then kill it; its exit status."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
    return process.returncode


def start_xvfb(size: str = "1280x800x24") -> XServer:
    """A new Xvfb on a free display number (Xvfb picks it and writes it to a pipe)."""
    need_tools("Xvfb")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size,
                                "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()  # blocks until the server is ready, or it died
    if not number:
        process.wait(10)
        pytest.skip("no X server can start here (Xvfb exited at once)")
    return XServer(f":{number}", process)


def start_openbox(server: XServer, config: Path | None = None) -> subprocess.Popen[bytes]:
    """openbox on the display (its default configuration, or ``config``)."""
    need_tools("openbox")
    argv = ["openbox", "--sm-disable"]
    if config is not None:
        argv += ["--config-file", str(config)]
    return server.start(*argv)


def wm_running(server: XServer) -> bool:
    """True once a window manager has announced itself on the root window (EWMH)."""
    done = subprocess.run(["wmctrl", "-m"], env=server.env(), capture_output=True, text=True,
                          timeout=30, check=False)
    return done.returncode == 0 and "Name:" in done.stdout


def kiosk_argv(config: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "--kiosk", "--config", str(config), *extra]


def kiosk_config(folder: Path) -> Path:
    """A settings file for a kiosk in a test: Qt's mock speech engine."""
    path = folder / "kiosk.toml"
    path.write_text('speech_engine = "mock"\n', encoding="utf-8")
    return path


def xwd_image(data: bytes):  # type: ignore[no-untyped-def]
    """A QImage from xwd's output (a TrueColor screen of 24 or 32 bits per pixel, as Xvfb has)."""
    from PySide6.QtGui import QImage

    fields = struct.unpack(">25I", data[:100])
    header_size, width, height = fields[0], fields[4], fields[5]
    byte_order, bits_per_pixel, bytes_per_line, ncolors = (fields[7], fields[11], fields[12],
                                                           fields[19])
    start = header_size + 12 * ncolors
    raw = data[start:start + bytes_per_line * height]
    if bits_per_pixel == 24:
        fmt = QImage.Format.Format_BGR888 if byte_order == 0 else QImage.Format.Format_RGB888
    else:
        assert bits_per_pixel == 32, f"xwd: {bits_per_pixel} bits per pixel is not handled"
        pixels = array.array("I", raw)
        if (byte_order == 0) != (sys.byteorder == "little"):
            pixels.byteswap()
        raw, fmt = pixels.tobytes(), QImage.Format.Format_RGB32
    image = QImage(raw, width, height, bytes_per_line, fmt)
    return image.copy()  # own the pixels (raw goes away)
