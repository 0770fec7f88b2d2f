"""The loader: every problem in one file becomes a finding with its line; nothing raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.content import ContentError
from kiosk.core.loader import load_library
from tests.conftest import write_page
from tests.core.contentfolder import FRONT, findings_of, library_with

# -- text -------------------------------------------------------------------------------------


def test_byte_order_mark_and_crlf_are_fine(tmp_path: Path) -> None:
    """A UTF-8 BOM and Windows line endings load without a finding, lines counted right."""
    text = (FRONT + "## Key points\n\nText [gone](gone.md).\n").replace("\n", "\r\n")
    library = library_with(tmp_path, "broken.md", b"\xef\xbb\xbf" + text.encode())
    assert findings_of(library) == []
    page = library.page("s/broken")
    assert page is not None and page.body_line == 8


def test_control_characters_are_a_warning(tmp_path: Path) -> None:
    """Control characters and U+FFFD (damaged conversions) are reported; the page loads."""
    library = library_with(tmp_path, "broken.md", FRONT + "## Key\n\nA\x1b[0m B\n\nC\ufffd\n")
    assert findings_of(library) == [
        (10, "warning", "contains a control character U+001B (a damaged file?)")]
    assert library.page("s/broken") is not None


def test_invalid_utf8_reports_the_line(tmp_path: Path) -> None:
    """A Latin-1 byte is reported with its line and the page skipped."""
    library = library_with(tmp_path, "broken.md", (FRONT + "## Key\n\nCaf\xe9\n").encode("latin-1"))
    assert findings_of(library) == [
        (10, "error", "not valid UTF-8 text (byte 104); save it as UTF-8; skipped")]
    assert "s/broken" in library.skipped


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    """A page over the limit given to the loader is skipped; under the default it loads."""
    lib = library_with(tmp_path, "broken.md", FRONT + "## Key\n\n" + "word " * 400)
    assert lib.page("s/broken") is not None
    small = load_library(tmp_path, max_page_bytes=1024)
    assert findings_of(small) == [(0, "error", "file is 2 KB, over the 1 KB limit; skipped")]
    assert small.page("s/broken") is None and "s/broken" in small.skipped


# -- folders ----------------------------------------------------------------------------------


def test_lookalike_files_and_odd_names_are_warnings(tmp_path: Path) -> None:
    """`.MD`, `.txt` and `.markdown` files are ignored with a warning; odd names warn."""
    library = library_with(tmp_path, "Notes.MD", FRONT + "## Key\n\nText.\n")
    (tmp_path / "s" / "draft.txt").write_text("x", encoding="utf-8")
    write_page(tmp_path / "s", "My Page")
    library = load_library(tmp_path)
    assert [(f.path, f.level, f.message.split(":")[0]) for f in library.findings] == [
        ("s/My Page.md", "warning", "file name should use only lower-case letters, digits and "
         "hyphens (it becomes the page's address)"),
        ("s/Notes.MD", "warning", "ignored"),
        ("s/draft.txt", "warning", "ignored"),
    ]
    assert {p.id for p in library.pages} == {"s/good", "s/My Page"}


def test_section_file_problems(tmp_path: Path) -> None:
    """Unknown keys, wrong types and unknown extra screens in _section.yaml are reported."""
    library_with(tmp_path, "broken.md", FRONT + "## Key\n\nText.\n")
    (tmp_path / "s" / "_section.yaml").write_text(
        "title: [S]\norder: first\nextras: [resources, games]\ncolour: red\n", encoding="utf-8")
    library = load_library(tmp_path)
    assert [(f.line, f.level, f.message) for f in library.findings] == [
        (4, "warning", "unknown key 'colour'"),
        (1, "error", "'title' must be text, not a list"),
        (2, "error", "'order' must be a whole number, not the text 'first'"),
        (3, "error", "unknown extra screen 'games'; choose from resources, glossary"),
    ]
    section = library.section("s")
    assert section is not None and section.title == "S" and section.extras == ("resources",)



def test_no_usable_page_raises_content_error_with_reasons(tmp_path: Path) -> None:
    """When nothing loads, ContentError says why each page was refused."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.md").write_bytes(b"\xff")
    with pytest.raises(ContentError, match="no readable pages") as info:
        load_library(tmp_path)
    assert [f.path for f in info.value.findings if f.level == "error"][:1] == ["s/a.md"]
