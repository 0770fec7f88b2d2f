"""A private X display, D-Bus session and AT-SPI registry, with the kiosk running in them and a
screen reader stand-in (:mod:`tests.a11y.atspi_driver`) reading it. Used by test_atspi.py.

Nothing here touches the real desktop: Xvfb on a display number it picks itself, a session bus
of its own, and every process started in its own process group and ended when the test ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("atspi_driver.py")
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher",
                 "/usr/lib/at-spi2/at-spi-bus-launcher")
#: Generous: a CI machine shared with other jobs can be slow to start Qt.
DEADLINE_S = 40.0


def missing() -> str:
    """Why AT-SPI cannot run here ("" when it can), naming the package that would fix it."""
    if not sys.platform.startswith("linux"):
        return "AT-SPI is Linux only"
    for tool, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus"), ("xdotool", "xdotool")):
        if shutil.which(tool) is None:
            return f"{tool} is missing (Debian package {package})"
    if bus_launcher() is None:
        return "at-spi-bus-launcher is missing (Debian package at-spi2-core)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing (the driver needs the system Python's gi)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0'); "
                              "from gi.repository import Atspi"],
        capture_output=True, text=True, timeout=60, check=False)
    if probe.returncode != 0:
        return ("the system Python cannot import Atspi (Debian packages python3-gi and "
                f"gir1.2-atspi-2.0): {probe.stderr.strip().splitlines()[-1:]}")
    return ""


def bus_launcher() -> str | None:
    return next((path for path in BUS_LAUNCHERS if os.access(path, os.X_OK)), None)


class Processes:
    """Processes started in their own groups; :meth:`stop_all` ends them, newest first."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[Any]] = []

    def start(self, args: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen[Any]) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        if process in self.started:
            self.started.remove(process)

    def stop_all(self) -> None:
        for process in reversed(list(self.started)):
            self.stop(process)


def read_line(stream: Any, deadline: float, what: str) -> str:
    """One line from ``stream`` before ``deadline`` (a monotonic time), else an error."""
    fd = stream.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            line = stream.readline()
            if not line:
                raise RuntimeError(f"{what} ended without answering")
            return str(line)
    raise TimeoutError(f"{what} did not answer within the deadline")


class Desktop:
    """Xvfb + a session bus + the AT-SPI bus and registry + the driver."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.processes = Processes()
        self.env: dict[str, str] = {}
        self.driver: subprocess.Popen[str] | None = None

    def start(self) -> None:
        deadline = time.monotonic() + DEADLINE_S
        read_fd, write_fd = os.pipe()
        xvfb = self.processes.start(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten",
             "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            display = read_line(pipe, deadline, "Xvfb").strip()
        if xvfb.poll() is not None or not display:
            raise RuntimeError("Xvfb did not start")
        bus = self.processes.start(["dbus-daemon", "--session", "--nofork", "--print-address"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        address = read_line(bus.stdout, deadline, "dbus-daemon").strip()
        env = {k: v for k, v in os.environ.items()
               if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_ACCESSIBILITY",
                            "AT_SPI_BUS_ADDRESS")}
        env.update(DISPLAY=f":{display}", DBUS_SESSION_BUS_ADDRESS=address,
                   XDG_STATE_HOME=str(self.tmp / "state"),
                   XDG_CONFIG_HOME=str(self.tmp / "config"),
                   XDG_RUNTIME_DIR=str(self.tmp / "run"), NO_AT_BRIDGE="0")
        (self.tmp / "run").mkdir(mode=0o700, exist_ok=True)
        self.env = env
        launcher = bus_launcher()
        assert launcher is not None
        self.processes.start([launcher, "--launch-immediately"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.driver = self.processes.start(
            [SYSTEM_PYTHON, str(DRIVER)], env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        hello = json.loads(read_line(self.driver.stdout, deadline, "the AT-SPI driver"))
        assert hello.get("hello"), hello

    def ask(self, cmd: str, timeout: float = 20.0, **args: Any) -> dict[str, Any]:
        """Send one command to the driver and return its answer."""
        assert self.driver is not None and self.driver.stdin is not None
        self.driver.stdin.write(json.dumps({"cmd": cmd, "timeout": timeout, **args}) + "\n")
        self.driver.stdin.flush()
        answer: dict[str, Any] = json.loads(read_line(self.driver.stdout,
                                                      time.monotonic() + timeout + 30,
                                                      f"the AT-SPI driver ({cmd})"))
        return answer

    def stop(self) -> None:
        self.processes.stop_all()


class KioskRun:
    """The kiosk (``main.py --windowed``) on a :class:`Desktop`, with AT-SPI always on."""

    def __init__(self, desktop: Desktop, idle_timeout: float, idle_warning: int = 20) -> None:
        self.desktop = desktop
        config = desktop.tmp / f"kiosk-{idle_timeout}.toml"
        # No speech daemon here: "none" makes Listen say so at once, in a message pop-up.
        config.write_text(f'speech_engine = "none"\nidle_warning = {idle_warning}\n'
                          'repeat_tap_ms = 0\n', encoding="utf-8")
        env = dict(desktop.env, QT_QPA_PLATFORM="xcb", QT_ACCESSIBILITY="1",
                   QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        self.log = desktop.tmp / f"kiosk-{idle_timeout}.log"
        self._log_file = self.log.open("w")
        self.process = desktop.processes.start(
            [sys.executable, str(ROOT / "main.py"), "--windowed", "--config", str(config),
             "--idle-timeout", str(idle_timeout)], cwd=ROOT, env=env,
            stdout=self._log_file, stderr=subprocess.STDOUT)

    def wait_ready(self) -> None:
        answer = self.desktop.ask("ready", app="dystonia-kiosk", pid=self.process.pid,
                                  timeout=DEADLINE_S)
        assert answer["ok"], f"the kiosk never appeared on the AT-SPI bus; log:\n{self.tail()}"
        assert self.desktop.ask("find", role="frame", name=".*Understanding dystonia",
                                timeout=DEADLINE_S)["ok"], self.tail()

    def tail(self) -> str:
        self._log_file.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])

    def stop(self) -> None:
        self.desktop.processes.stop(self.process)
        self._log_file.close()


def started(tmp: Path) -> Iterator[Desktop]:
    """A running :class:`Desktop`, stopped afterwards whatever happened."""
    desktop = Desktop(tmp)
    try:
        desktop.start()
        yield desktop
    finally:
        desktop.stop()
