"""Start-up of the built app (``make dist``) against ``python main.py``: medians, alternated.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/dist_startup.py [--runs 21] [APP]

APP defaults to ``dist/dystonia-kiosk/dystonia-kiosk``. Each round starts ``main.py
--bench-startup`` and ``APP --bench-startup`` once each (whole process: launch, first paint of
the home screen, exit), after one unmeasured warm-up round, with the same private state folder
and byte-code cache as ``bench/run.py``. Prints the median wall time, CPU time (user + system,
from ``wait4``) and peak RSS of each and the ratios; the budget of issue 12 is 1.3x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUDGET = 1.3


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one run to its end."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", nargs="?", type=Path,
                        default=REPO / "dist" / "dystonia-kiosk" / "dystonia-kiosk")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    programs = {
        "python main.py": [sys.executable, str(REPO / "main.py"), "--bench-startup"],
        "built app": [str(args.app), "--bench-startup"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(XDG_STATE_HOME=f"{tmp}/state", XDG_CONFIG_HOME=f"{tmp}/config",
                   PYTHONPYCACHEPREFIX=f"{tmp}/pycache")
        samples: dict[str, list[tuple[float, float, float]]] = {k: [] for k in programs}
        for round_ in range(args.runs + 1):
            for name, command in programs.items():
                result = run_once(command, env)
                if round_:  # round 0 fills the disk cache, byte-code and front-matter cache
                    samples[name].append(result)
    medians = {name: [statistics.median(s[i] for s in runs) for i in range(3)]
               for name, runs in samples.items()}
    print(f"{args.runs} runs each, alternated; load average {os.getloadavg()[0]:.1f}")
    print(f"{'':16}{'wall (s)':>10}{'CPU (s)':>10}{'peak MB':>10}")
    for name, (wall, cpu, rss) in medians.items():
        print(f"{name:16}{wall:10.3f}{cpu:10.3f}{rss:10.1f}")
    base, built = medians["python main.py"], medians["built app"]
    ratios = [b / a for a, b in zip(base, built, strict=True)]
    print(f"{'ratio':16}{ratios[0]:9.2f}x{ratios[1]:9.2f}x{ratios[2]:9.2f}x   "
          f"(budget {BUDGET}x on wall time: {'PASS' if ratios[0] <= BUDGET else 'FAIL'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
