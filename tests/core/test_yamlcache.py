"""The front-matter cache: the same library with or without it, and never trusted blindly."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.loader import load_library
from kiosk.core.paths import default_content_dir
from kiosk.core.yamlcache import YamlCache, cache_file
from tests.conftest import write_page


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(default_content_dir(), folder)
    return folder


def _only_file(folder: Path) -> Path:
    (path,) = folder.iterdir()
    return path


def test_cached_library_is_identical(content: Path, tmp_path: Path) -> None:
    """Pages, sections, glossary, organisations and findings are the same from the cache."""
    cache = tmp_path / "cache"
    plain = load_library(content)
    first = load_library(content, cache_dir=cache)  # fills the cache
    second = load_library(content, cache_dir=cache)  # answered from it
    assert first == plain
    assert second == plain
    assert second.pages[0].reviewed == plain.pages[0].reviewed
    assert isinstance(second.pages[0].reviewed, dt.date)


def test_an_unchanged_library_loads_without_pyyaml(content: Path, tmp_path: Path) -> None:
    """The second start of an unchanged kiosk never imports PyYAML (make bench: start-up)."""
    cache = tmp_path / "cache"
    load_library(content, cache_dir=cache)
    code = ("import sys; from pathlib import Path; from kiosk.core.loader import load_library;"
            f"lib = load_library(Path({str(content)!r}), cache_dir=Path({str(cache)!r}));"
            "print(len(lib.pages), 'yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == [str(len(load_library(content).pages)), "False"]


def test_an_edit_is_seen_at_once(content: Path, tmp_path: Path) -> None:
    """A changed front matter is a different text: parsed again, never served stale."""
    cache = tmp_path / "cache"
    load_library(content, cache_dir=cache)
    page = next((content / "about").glob("*.md"))
    text = page.read_text(encoding="utf-8")
    old_title = load_library(content).page(f"about/{page.stem}").title  # type: ignore[union-attr]
    page.write_text(text.replace(f"title: {old_title}", "title: A new title", 1),
                    encoding="utf-8")
    loaded = load_library(content, cache_dir=cache).page(f"about/{page.stem}")
    assert loaded is not None and loaded.title == "A new title"


def test_bad_yaml_is_reported_every_time(tmp_path: Path) -> None:
    """Only YAML that parsed is kept: a broken page gets its message on every load."""
    content = tmp_path / "content"
    write_page(content / "s", "good")
    (content / "s" / "bad.md").write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    (content / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_library(content, cache_dir=cache)
    second = load_library(content, cache_dir=cache)
    assert [f for f in first.findings if f.path == "s/bad.md"]
    assert first.findings == second.findings


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],  # cut short by a power cut
    lambda raw: raw[:20] + bytes(b ^ 0xFF for b in raw[20:60]) + raw[60:],  # flipped bits
    lambda raw: b"",  # empty
    lambda raw: b"not a cache file at all",
    lambda raw: raw[:5] + b"\x02\x07" + raw[7:],  # written by another Python
])
def test_a_damaged_cache_is_ignored_and_rewritten(content: Path, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    """A cut, flipped, empty, foreign or other-Python cache file loads the same library and is
    rewritten."""
    cache = tmp_path / "cache"
    expected = load_library(content, cache_dir=cache)
    path = _only_file(cache)
    path.write_bytes(damage(path.read_bytes()))
    assert load_library(content, cache_dir=cache) == expected
    fresh = YamlCache(path)
    assert fresh.get("title: x\n", 1) is None  # readable again, and not confused
    assert load_library(content, cache_dir=cache) == expected


def test_an_unwritable_cache_folder_changes_nothing(content: Path, tmp_path: Path) -> None:
    """A cache folder that cannot be made loads the same library as no cache at all."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    assert load_library(content, cache_dir=blocker / "cache") == load_library(content)


def test_the_cache_keeps_only_what_the_library_uses(content: Path, tmp_path: Path) -> None:
    """Edits do not make the file grow: entries no page uses any more are dropped."""
    cache = tmp_path / "cache"
    load_library(content, cache_dir=cache)
    size = _only_file(cache).stat().st_size
    page = next((content / "about").glob("*.md"))
    for number in range(5):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("summary:", f"summary: Edit {number}.", 1), encoding="utf-8")
        load_library(content, cache_dir=cache)
    assert _only_file(cache).stat().st_size < size + 200


def test_values_round_trip() -> None:
    """Every value YAML's safe schema produces comes back equal, as fresh objects."""
    cache = YamlCache(None)
    data = {"a": [1, 2.5, True, None, "x", dt.date(2026, 1, 2)],
            "when": dt.datetime(2026, 1, 2, 3, 4, 5), 3: {"nested": {"deep": b"bytes"}},
            dt.date(2026, 5, 6): "a date key", "set": {1, 2}}
    cache.put("text", 1, data, {"a": 1, "when": 2})
    cache._stored = dict(cache._used)  # as if saved and read back
    got, lines = cache.get("text", 5)  # type: ignore[misc]
    assert got == data and got is not data and got["a"] is not data["a"]
    assert lines == {"a": 5, "when": 6}


def test_one_file_per_content_folder(tmp_path: Path) -> None:
    """Two content folders never share a cache file."""
    assert cache_file(tmp_path, Path("/a")) != cache_file(tmp_path, Path("/b"))
    assert cache_file(tmp_path, Path("/a")).parent == tmp_path
