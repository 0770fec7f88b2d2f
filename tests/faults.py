"""Power cuts on demand: run the kiosk in a child process that is SIGKILLed at its Nth write step.

Run as ``python -m tests.faults N TARGET ARGS...`` (``N`` = 0: never cut). Before the target runs,
every call that changes the disk is wrapped: ``os.replace``, ``os.rename``, ``os.fsync``,
``os.write`` (to files, not to stdout/stderr), ``os.open`` and ``open`` for writing, ``os.unlink``,
``os.remove``, ``os.rmdir``, ``os.mkdir``, ``os.ftruncate``. Call number ``N`` is not made: the
process sends itself SIGKILL instead (an ``os.write`` is first made with half its bytes, a torn
write), which is what a power cut does to the files, short of the disk cache (see
docs/reliability.md). A run that ends without being cut prints ``FAULT-STEPS <count>``.

Targets:
    ``main.py ARGS...``       the kiosk's own entry point (``--bench-startup``, ``set-pin``, ...)
    ``startup-core DIR``      :func:`kiosk.app.load_everything` on content folder ``DIR`` (no Qt)
    ``rollback-core DIR``     :func:`kiosk.core.update.roll_back` on ``DIR`` (the staff panel's
                              "Roll back to the previous content" without the window)
    ``log-core FILE``         the kiosk's size-bounded log: 40 lines into ``FILE`` that rotates
                              every 400 bytes
    ``reload-driver DIR SRC`` start the kiosk offscreen on ``DIR``; after the first paint, copy
                              ``SRC`` in as ``DIR.new`` the way staff would, tap "Reload content",
                              then quit (the randomized power-cut test kills it at random times)

The parent side, :func:`run` and :func:`cut_at_every_step`, is used by tests/test_power_cuts.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
KILLED = -signal.SIGKILL
#: Bounded wait for one child; a healthy one takes well under a second.
CHILD_TIMEOUT = 120
#: One line per test that cut the power, printed at the end of the test session (tests/conftest.py).
SUMMARY: list[str] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


# --- the child: count the write steps and cut at one --------------------------------------------


def _install(kill_at: int) -> None:
    """Wrap the file-system calls that change the disk; cut the process at call ``kill_at``."""
    import atexit
    import builtins
    import io
    import shutil  # noqa: F401 (imported with the real functions: rmtree keeps its fd-based path)

    real_write = os.write
    steps = 0

    def say(text: str) -> None:
        real_write(2, text.encode() + b"\n")

    def step(label: str, cut: Callable[[], None] | None = None) -> None:
        nonlocal steps
        steps += 1
        if steps == kill_at:
            say(f"FAULT-CUT {steps} {label}")
            if cut is not None:
                cut()
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(name: str) -> None:
        real = getattr(os, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            step(f"os.{name}{tuple(str(a) for a in args)!r}")
            return real(*args, **kwargs)

        setattr(os, name, wrapper)

    for name in ("replace", "rename", "fsync", "unlink", "remove", "rmdir", "mkdir",
                 "ftruncate"):
        wrap(name)

    real_open = os.open

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITE_FLAGS:
            step(f"os.open({path!s}, write)")
        return real_open(path, flags, *args, **kwargs)

    os.open = os_open  # type: ignore[assignment]

    def os_write(fd: int, data: Any) -> int:
        if fd <= 2:
            return real_write(fd, data)
        step(f"os.write(fd {fd}, {len(data)} bytes)",
             cut=lambda: real_write(fd, bytes(data[: len(data) // 2])))
        return real_write(fd, data)

    os.write = os_write

    real_io_open = io.open

    def io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            step(f"open({file!s}, {mode!r})")
        return real_io_open(file, mode, *args, **kwargs)

    builtins.open = io_open
    io.open = io_open
    atexit.register(lambda: say(f"FAULT-STEPS {steps}"))


def _startup_core(content: str) -> int:
    import argparse

    from kiosk.app import load_everything

    load_everything(argparse.Namespace(content=Path(content), config=None, idle_timeout=None))
    return 0


def _rollback_core(content: str) -> int:
    from kiosk.core.config import KioskConfig
    from kiosk.core.update import roll_back

    roll_back(Path(content), KioskConfig())
    return 0


def _log_core(path: str) -> int:
    import logging

    from kiosk.core.logfile import SizeBoundedFileHandler

    handler = SizeBoundedFileHandler(Path(path), max_bytes=400, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("kiosk.power-cut")
    logger.propagate = False
    logger.addHandler(handler)
    for number in range(40):
        logger.warning("line %03d of the power-cut test, complete", number)
    handler.close()
    return 0


def _reload_driver(content: str, source: str) -> int:
    """Start offscreen, then do what staff do for an update while the kiosk runs."""
    import argparse
    import shutil

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import Kiosk, load_everything

    content_dir = Path(content)
    config, library, note = load_everything(
        argparse.Namespace(content=content_dir, config=None, idle_timeout=None))
    app = QApplication([])
    kiosk = Kiosk(app, config, library, content_dir, kiosk_mode=False, startup_note=note)

    def update_and_reload() -> None:
        staging = content_dir.with_name(content_dir.name + ".copying")
        shutil.copytree(source, staging)  # staff copy the folder, then give it its name
        os.rename(staging, content_dir.with_name(content_dir.name + ".new"))
        kiosk.reload()
        QTimer.singleShot(0, app.quit)

    QTimer.singleShot(0, update_and_reload)
    kiosk.show()
    return app.exec()


def child_main(argv: Sequence[str]) -> int:
    """``python -m tests.faults N TARGET ARGS...``."""
    kill_at, target, *rest = argv
    if target == "main.py":
        sys.argv = ["main.py", *rest]
        _install(int(kill_at))
        import runpy

        try:
            runpy.run_path(str(REPO / "main.py"), run_name="__main__")
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return 0
    _install(int(kill_at))
    if target == "startup-core":
        return _startup_core(*rest)
    if target == "rollback-core":
        return _rollback_core(*rest)
    if target == "log-core":
        return _log_core(*rest)
    if target == "reload-driver":
        return _reload_driver(*rest)
    raise SystemExit(f"unknown target {target}")


# --- the parent: run, cut, restart, check ----------------------------------------------------


def run(target: Sequence[str], kill_at: int = 0, *, stdin: str = "",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``target`` in a child, cut at write step ``kill_at`` (0: never); a bounded wait."""
    child_env = dict(os.environ if env is None else env)
    child_env["PYTHONDONTWRITEBYTECODE"] = "1"
    child_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.run([sys.executable, "-m", "tests.faults", str(kill_at), *target],
                          cwd=REPO, env=child_env, input=stdin, capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT, check=False)


def start_kiosk(content: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Start the kiosk as the service would, offscreen; it quits after the first paint."""
    return subprocess.run([sys.executable, str(REPO / "main.py"), "--bench-startup",
                           "--content", str(content), *extra], cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "PYTHONDONTWRITEBYTECODE": "1"},
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False)


def cut_label(proc: subprocess.CompletedProcess[str]) -> str:
    """The call a cut child was stopped at (from its ``FAULT-CUT`` line)."""
    for line in proc.stderr.splitlines():
        if line.startswith("FAULT-CUT "):
            return line.split(" ", 2)[2]
    return ""


def cut_at_every_step(target: Sequence[str], setup: Callable[[], None],
                      check: Callable[[int, subprocess.CompletedProcess[str]], None], *,
                      stdin: str = "", limit: int = 400, name: str = "") -> list[str]:
    """Cut ``target`` at step 1, 2, ... until it runs to the end untouched.

    Before each run ``setup()`` puts the files in their starting state; after each cut,
    ``check(step, proc)`` restarts whatever must restart and asserts the invariants. The
    complete run is checked too (``check(0, proc)``).

    Returns:
        The label of every call that was cut, in order (one per write step).
    """
    labels: list[str] = []
    for step in range(1, limit + 1):
        setup()
        proc = run(target, step, stdin=stdin)
        if proc.returncode != KILLED:
            assert f"FAULT-STEPS {step - 1}" in proc.stderr, proc.stderr[-2000:]
            check(0, proc)
            SUMMARY.append(f"power cuts: {name or target[0]}: cut at each of its {len(labels)} "
                           "write steps in turn, restarted and checked after each")
            return labels
        labels.append(cut_label(proc))
        check(step, proc)
    raise AssertionError(f"{' '.join(target)} still writing after {limit} steps")


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
