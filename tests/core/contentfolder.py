"""A small content folder for loader tests: one good page and one page under test."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.content import Library
from kiosk.core.loader import load_library
from tests.conftest import write_page

FRONT = ("---\ntitle: Broken page\nsummary: A page\norder: 2\nreviewed: 2026-10-01\n"
         "sources: [A source]\n---\n")


def library_with(tmp_path: Path, name: str, data: str | bytes) -> Library:
    """A content folder with one good page and ``s/<name>`` holding ``data``."""
    (tmp_path / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (tmp_path / "s").mkdir(exist_ok=True)
    (tmp_path / "s" / "_section.yaml").write_text("title: S\n", encoding="utf-8")
    write_page(tmp_path / "s", "good")
    path = tmp_path / "s" / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return load_library(tmp_path)


def findings_of(library: Library, path: str = "s/broken.md") -> list[tuple[int, str, str]]:
    """(line, level, message) of each finding about ``path``."""
    return [(f.line, f.level, f.message) for f in library.findings if f.path == path]
