"""Power cuts lose nothing and strand nothing: every multi-step write is cut at every step.

Each test runs a real kiosk process (tests/faults.py) that is SIGKILLed at its 1st, 2nd, ...
file-system write step until one run completes untouched; after each cut the kiosk is started
again the way the service does (``main.py --bench-startup``, which exits 0 after the first paint
of the home screen) and the files are checked: each is the old version or the new one, whole.
docs/reliability.md lists the write paths and these tests.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import faults
from tests.conftest import write_page

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL and fork (POSIX)")

Snapshot = dict[str, bytes]


def _make_version(folder: Path, name: str, pages: int) -> Snapshot:
    """A clean content folder whose every page says which version it belongs to."""
    folder.mkdir(parents=True)
    (folder / "resources.yaml").write_text("organisations: []\n")
    (folder / "s").mkdir()
    (folder / "s" / "_section.yaml").write_text(f"title: Section of version {name}\n")
    for number in range(pages):
        # No sentences in the body: checking a page's reading level would load a 1-second
        # pronunciation dictionary in every child; the versions differ in their front matter.
        write_page(folder / "s", f"page-{number}", body="## Key points\n",
                   title=f"Version {name}, page {number}", summary=f"Part of version {name}",
                   order=number + 1)
    return _snapshot(folder)


def _snapshot(folder: Path) -> Snapshot:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Site:
    """Content versions and the folder a kiosk runs with, under ``tmp_path``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sources = root / "versions"
        self.versions: dict[str, Snapshot] = {}
        for name, pages in (("older", 1), ("A", 2), ("B", 3), ("C", 4)):
            self.versions[name] = _make_version(self.sources / name, name, pages)
        self.site = root / "site"
        self.content = self.site / "content"

    def folder(self, suffix: str) -> Path:
        return self.content.with_name("content" + suffix)

    def reset(self, **folders: str) -> None:
        """Lay out the site afresh: ``reset(content="A", new="B")``; the state is cleared too."""
        shutil.rmtree(self.site, ignore_errors=True)
        self.site.mkdir()
        for key, version in folders.items():
            target = self.content if key == "content" else self.folder("." + key)
            shutil.copytree(self.sources / version, target)
        shutil.rmtree(Path(os.environ["XDG_STATE_HOME"]) / "dystonia-kiosk", ignore_errors=True)

    def version_of(self, folder: Path) -> str:
        """The version ``folder`` holds, whole; fails on a mix or a half-written file."""
        found = _snapshot(folder)
        for name, snapshot in self.versions.items():
            if found == snapshot:
                return name
        raise AssertionError(f"{folder.name} is not one whole version: {sorted(found)}")

    def present(self) -> dict[str, str]:
        """Every folder beside the content and the version it holds.

        Left out: ``content.copying`` (staff's copy in progress) and ``content.discard`` (an old
        version being deleted), which the kiosk never reads.
        """
        result = {}
        for path in sorted(self.site.iterdir()):
            if path.name not in ("content.copying", "content.discard"):
                result[path.name] = self.version_of(path)
        return result

    def leftovers(self) -> list[str]:
        """Folders that should not outlive a start."""
        return sorted(p.name for p in self.site.iterdir()
                      if p.name in ("content.discard", "content.rollback"))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def _restart(site: Site, *extra: str) -> None:
    """Start the kiosk again; it must reach its first paint and exit 0."""
    proc = faults.start_kiosk(site.content, *extra)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "error:" not in proc.stderr, proc.stderr[-3000:]


def _cache_files() -> list[Path]:
    folder = Path(os.environ["XDG_STATE_HOME"]) / "dystonia-kiosk" / "cache"
    return sorted(folder.glob("*.front-matter")) if folder.is_dir() else []


def _cache_is_whole() -> None:
    """A front-matter cache file, if any, passes its own checks (magic word and CRC-32)."""
    from kiosk.core.yamlcache import _read

    for path in _cache_files():
        assert _read(path), f"{path.name} is damaged"


def test_content_swap_at_start_up_cut_at_every_step(site: Site) -> None:
    """An update cut anywhere in start-up leaves old or new content, whole, and never strands
    the kiosk: the next start repairs the folders and installs the new content."""

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        state = site.present()
        assert set(state.values()) <= {"older", "A", "B"}, (step, state)
        assert "B" in state.values(), f"content.new lost at step {step}: {state}"
        _restart(site)
        _cache_is_whole()
        assert site.present() == {"content": "B", "content.old": "A"}, step
        assert site.leftovers() == [], step

    labels = faults.cut_at_every_step(
        ["main.py", "--bench-startup", "--content", str(site.content)],
        lambda: site.reset(content="A", old="older", new="B"), check,
        name="content swap at start-up (main.py)")
    # Among the cuts: between "content -> content.old" and "content.new -> content".
    swap = f"os.replace('{site.content}', '{site.folder('.old')}')"
    assert swap in labels, labels
    assert labels.index(swap) + 1 < len(labels)


def test_roll_back_cut_at_every_step(site: Site) -> None:
    """Staff's "Roll back" cut anywhere: both versions survive, whole, and one is current."""

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        # Roll back is a pure-core write: the core start-up (which repairs) is the restart here.
        assert faults.run(["startup-core", str(site.content)]).returncode == 0
        state = site.present()
        assert sorted(state) == ["content", "content.old"], (step, state)
        assert sorted(state.values()) == ["A", "B"], (step, state)
        assert site.leftovers() == [], step
        if step == 0:
            assert state["content"] == "A"

    labels = faults.cut_at_every_step(["rollback-core", str(site.content)],
                                      lambda: site.reset(content="B", old="A"), check,
                                      name="roll back")
    assert len([label for label in labels if label.startswith("os.replace")]) == 3


def test_set_pin_cut_at_every_step(tmp_path: Path, site: Site) -> None:
    """``set-pin`` cut anywhere leaves the old PIN or the new one, and every other setting."""
    import tomllib

    from kiosk.core.pin import hash_pin, verify_pin

    config = tmp_path / "kiosk.toml"
    old_text = ("# the clinic's settings\nidle_timeout = 150\n"
                f'staff_pin_hash = "{hash_pin("1357", n=16)}"\n')
    site.reset(content="A")

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        values = tomllib.loads(config.read_text())
        assert values["idle_timeout"] == 150
        stored = values["staff_pin_hash"]
        assert verify_pin("1357", stored) or verify_pin("246813", stored), step
        if step == 0:
            assert verify_pin("246813", stored)
        _restart(site, "--config", str(config))

    faults.cut_at_every_step(["main.py", "set-pin", "--config", str(config)],
                             lambda: config.write_text(old_text), check, stdin="246813\n246813\n",
                             name="set-pin")


def test_front_matter_cache_cut_at_every_step(site: Site) -> None:
    """A cache write cut anywhere is whole or absent, and never changes what is loaded."""
    from kiosk.core.loader import load_library

    site.reset(content="A")
    assert faults.run(["startup-core", str(site.content)]).returncode == 0
    (old_cache,) = _cache_files()
    old_bytes = old_cache.read_bytes()
    page = site.content / "s" / "page-0.md"
    edited = page.read_text().replace("Part of version A", "Part of version A, edited")

    def setup() -> None:
        old_cache.write_bytes(old_bytes)
        page.write_text(edited)

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        _cache_is_whole()
        cached = load_library(site.content, cache_dir=old_cache.parent)
        fresh = load_library(site.content)
        assert [(p.id, p.title, p.summary) for p in cached.pages] == \
            [(p.id, p.title, p.summary) for p in fresh.pages]
        _restart(site)

    labels = faults.cut_at_every_step(["startup-core", str(site.content)], setup, check,
                                      name="front-matter cache")
    assert any(label.startswith("os.replace") for label in labels)
    page.write_text(_snapshot(site.sources / "A")["s/page-0.md"].decode())


def test_handout_cut_at_every_step(tmp_path: Path, site: Site) -> None:
    """A handout PDF cut anywhere is the old file or a whole new PDF; the kiosk starts."""
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "handouts"
    out.mkdir()
    pdf = out / "handout.pdf"
    site.reset(content="A")

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        data = pdf.read_bytes()
        if data != b"the previous handout":
            assert len(pypdf.PdfReader(pdf).pages) >= 1, step
        # At most a stray temporary file (never read) beside it.
        assert all(p == pdf or p.name.endswith(".tmp") for p in out.iterdir())
        if step == 0:
            assert data != b"the previous handout"
        _restart(site)

    def setup() -> None:
        for path in out.iterdir():
            path.unlink()
        pdf.write_bytes(b"the previous handout")

    labels = faults.cut_at_every_step(
        ["main.py", "handout", "s/page-0", "--content", str(site.content), "--output", str(pdf)],
        setup, check, name="handout PDF")
    assert any(label.startswith("os.write") for label in labels)


def test_log_file_cut_at_every_step(tmp_path: Path) -> None:
    """Log rotation cut anywhere: at most three files, every kept line whole but the last."""
    log = tmp_path / "logs" / "kiosk.log"

    def setup() -> None:
        shutil.rmtree(log.parent, ignore_errors=True)
        log.parent.mkdir()

    def check(step: int, proc: subprocess.CompletedProcess[str]) -> None:
        files = sorted(log.parent.iterdir())
        assert {p.name for p in files} <= {"kiosk.log", "kiosk.log.1", "kiosk.log.2"}
        for path in files:
            *lines, last = path.read_text().split("\n")
            # Each record is one write: whole lines, and only the current file may end in a
            # line a real power cut tore (none here: the kill comes between system calls).
            assert path == log or last == "", (step, path.name, last)
            for line in lines:
                assert line.endswith("complete"), (step, path.name, line)

    labels = faults.cut_at_every_step(["log-core", str(log)], setup, check, name="log file")
    assert any(label.startswith("os.replace") for label in labels)


@pytest.mark.timeout(600)  # 50 starts and restarts: minutes only on a very busy machine
def test_random_power_cuts_during_start_up_and_reload(site: Site) -> None:
    """50 power cuts at random moments of start-up, an update copied in, and Reload."""
    seed = int(os.environ.get("KIOSK_POWER_CUT_SEED") or random.SystemRandom().randrange(10**6))
    rng = random.Random(seed)
    print(f"power cuts: seed {seed} (KIOSK_POWER_CUT_SEED={seed} repeats this run)")
    target = ["reload-driver", str(site.content), str(site.sources / "C")]

    # One uncut run: it must work, and its length is the span the cuts are spread over.
    site.reset(content="A", new="B")
    began = time.monotonic()
    proc = faults.run(target)
    span = time.monotonic() - began
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert site.present() == {"content": "C", "content.old": "B"}

    runs = 50
    cut_short = 0
    for number in range(runs):
        site.reset(content="A", new="B")
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.faults", "0", *target], cwd=faults.REPO,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # The first run of a session is the slowest (cold caches): most cuts land mid-run
            # over 80 % of its length; the ones that do not still test a restart.
            child.wait(timeout=rng.uniform(0.0, 0.8 * span))
        except subprocess.TimeoutExpired:
            child.kill()  # SIGKILL: a power cut, as far as the files can tell
            cut_short += 1
        child.wait(timeout=faults.CHILD_TIMEOUT)
        state = site.present()
        versions = set(state.values())
        waiting = state.get("content.new")
        assert versions <= {"A", "B", "C"}, (number, state)
        assert "B" in versions, f"run {number}: content.new lost: {state}"
        _restart(site)
        state = site.present()
        assert state["content"] in {"B", "C"}, (number, state)
        if waiting == "C":  # a whole update staff had given its name is installed
            assert state["content"] == "C", (number, state)
        assert "content.new" not in state and site.leftovers() == [], (number, state)
    summary = (f"power cuts: {runs} random cuts during start-up and reload "
               f"({cut_short} mid-run, {runs - cut_short} after the run ended), seed {seed}: "
               "each time the kiosk started again on whole content and nothing was lost")
    print(summary)
    faults.SUMMARY.append(summary)
