"""The loader: every problem in one file becomes a finding with its line; nothing raises."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest

from kiosk.core.content import ContentError, Library
from kiosk.core.frontmatter import split_front_matter
from kiosk.core.images import ImageError, image_problem, read_image_info
from kiosk.core.loader import load_library
from kiosk.core.mdguard import markdown_problem
from tests.conftest import write_page

FRONT = ("---\ntitle: Broken page\nsummary: A page\norder: 2\nreviewed: 2026-10-01\n"
         "sources: [A source]\n---\n")


def _library(tmp_path: Path, name: str, data: str | bytes) -> Library:
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


def _findings(library: Library, path: str = "s/broken.md") -> list[tuple[int, str, str]]:
    return [(f.line, f.level, f.message) for f in library.findings if f.path == path]


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
            + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\xff" + sof0 + b"\xff\xda\x00\x02\xff\xd9"


# -- images -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind", "size"), [
    (_png(640, 480), "png", (640, 480)),
    (b"GIF89a" + struct.pack("<HH", 320, 200) + b"\x00" * 8, "gif", (320, 200)),
    (b"GIF87a" + struct.pack("<HH", 1, 2) + b"\x00" * 8, "gif", (1, 2)),
    (_jpeg(1024, 768), "jpeg", (1024, 768)),
])
def test_image_headers_are_read_without_decoding(tmp_path: Path, data: bytes, kind: str,
                                                 size: tuple[int, int]) -> None:
    """PNG, GIF and JPEG sizes come from the header alone (no Pillow)."""
    path = tmp_path / "image"
    path.write_bytes(data)
    info = read_image_info(path)
    assert (info.kind, (info.width, info.height)) == (kind, size)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not a PNG, JPEG or GIF image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG, JPEG or GIF image"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "damaged PNG image"),
    (b"GIF89a\x01", "damaged GIF image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "damaged JPEG image"),
    (b"\xff\xd8\xff\xda\x00\x02", "damaged JPEG image"),
    (b"\xff\xd8" + b"\xff\xe0\x00\x02" * 20_000, "damaged JPEG image"),
])
def test_damaged_image_headers_raise_image_error(tmp_path: Path, data: bytes,
                                                 message: str) -> None:
    """Truncated or fake images give a plain ImageError, never another exception."""
    path = tmp_path / "image"
    path.write_bytes(data)
    with pytest.raises(ImageError, match=message):
        read_image_info(path)


def test_image_problem_limits(tmp_path: Path) -> None:
    """Images must have pixels, at most MAX_IMAGE_SIDE a side, and be a regular small file."""
    path = tmp_path / "a.png"
    path.write_bytes(_png(0, 10))
    assert image_problem(path) == "image has no pixels (0 x 10)"
    path.write_bytes(_png(5000, 10))
    assert "5000 x 10 pixels, over the limit of 4096" in (image_problem(path) or "")
    path.write_bytes(_png(10, 10))
    assert image_problem(path) is None
    assert "over the 0 KB limit" in (image_problem(path, max_bytes=10) or "")
    assert image_problem(tmp_path) == "is not a regular file"
    assert "cannot read" in (image_problem(tmp_path / "nope.png") or "")


# -- text -------------------------------------------------------------------------------------


def test_byte_order_mark_and_crlf_are_fine(tmp_path: Path) -> None:
    """A UTF-8 BOM and Windows line endings load without a finding, lines counted right."""
    text = (FRONT + "## Key points\n\nText [gone](gone.md).\n").replace("\n", "\r\n")
    library = _library(tmp_path, "broken.md", b"\xef\xbb\xbf" + text.encode())
    assert _findings(library) == []
    page = library.page("s/broken")
    assert page is not None and page.body_line == 8


def test_control_characters_are_a_warning(tmp_path: Path) -> None:
    """Control characters and U+FFFD (damaged conversions) are reported; the page loads."""
    library = _library(tmp_path, "broken.md", FRONT + "## Key\n\nA\x1b[0m B\n\nC\ufffd\n")
    assert _findings(library) == [
        (10, "warning", "contains a control character U+001B (a damaged file?)")]
    assert library.page("s/broken") is not None


def test_invalid_utf8_reports_the_line(tmp_path: Path) -> None:
    """A Latin-1 byte is reported with its line and the page skipped."""
    library = _library(tmp_path, "broken.md", (FRONT + "## Key\n\nCaf\xe9\n").encode("latin-1"))
    assert _findings(library) == [
        (10, "error", "not valid UTF-8 text (byte 104); save it as UTF-8; skipped")]
    assert "s/broken" in library.skipped


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    """A page over the limit given to the loader is skipped; under the default it loads."""
    lib = _library(tmp_path, "broken.md", FRONT + "## Key\n\n" + "word " * 400)
    assert lib.page("s/broken") is not None
    small = load_library(tmp_path, max_page_bytes=1024)
    assert _findings(small) == [(0, "error", "file is 2 KB, over the 1 KB limit; skipped")]
    assert small.page("s/broken") is None and "s/broken" in small.skipped


# -- front matter -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("\n\n" + FRONT + "## Key\n\nText.\n",
     [(1, "error", "front matter must start on the first line (remove what is above the "
       "first ---); skipped")]),
    ("---\ntitle: [a\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter is not valid YAML: expected ',' or ']', but got '<stream "
       "end>'; skipped")]),
    ("---\ntitle: [a\nsummary: b\n---\n## Key\n\nText.\n",
     [(3, "error", "front matter is not valid YAML: expected ',' or ']', but got ':' (while "
       "parsing a flow sequence that starts on line 2); skipped")]),
    ("---\njust a sentence\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter must be a mapping of key: value, not plain text; skipped")]),
    ("---\n" + "[" * 2000 + "\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter is not valid YAML: nested too deeply; skipped")]),
    (FRONT + "\n   \n", [(8, "error", "the page has no text below its front matter; skipped")]),
    ("---\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter is missing 'title'"),
      (2, "error", "front matter is missing 'summary'"),
      (2, "error", "front matter is missing 'order'"),
      (2, "error", "front matter is missing 'reviewed'"),
      (2, "error", "front matter is missing 'sources'")]),
])
def test_front_matter_problems(tmp_path: Path, text: str,
                               expected: list[tuple[int, str, str]]) -> None:
    """Each front-matter problem is one finding on the right line."""
    assert _findings(_library(tmp_path, "broken.md", text)) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("order: " + "9" * 5000, "'order' must be a whole number, not the text '999"),
    ("order: true", "'order' must be a whole number, not yes/no (true)"),
    ("order: 1.5", "'order' must be a whole number, not the number 1.5"),
    ("summary: {a: b}", "'summary' must be text, not a mapping"),
    ("summary: ''", "'summary' is empty"),
    ("reviewed: 2026-13-01", "'reviewed' is not a real date: 2026-13-01"),
    ("reviewed: 20261001", "'reviewed' must be a date written as YYYY-MM-DD, not the number"),
    ("sources: []", "'sources' is empty"),
    ("sources: [a, {b: c}]", "'sources' must be a list of text lines (one item is empty or "
     "not text)"),
    ("sources: !!binary aGk=", "'sources' must be a list of text lines, not a bytes"),
])
def test_wrong_types_name_the_key_and_line(tmp_path: Path, line: str, expected: str) -> None:
    """A value of the wrong type is reported on its own line; the page still loads."""
    key = line.split(":")[0]
    lines = [ln for ln in FRONT.split("\n") if not ln.startswith(key + ":")]
    text = "\n".join(lines[:2] + [line] + lines[2:]) + "## Key\n\nText.\n"
    library = _library(tmp_path, "broken.md", text)
    findings = _findings(library)
    assert len(findings) == 1 and findings[0][0] == 3 and findings[0][1] == "error"
    assert findings[0][2].startswith(expected), findings
    assert library.page("s/broken") is not None


def test_number_title_is_text_and_unknown_keys_warn(tmp_path: Path) -> None:
    """``title: 1984`` is text; unknown keys (even non-text ones) are warnings on their line."""
    text = FRONT.replace("title: Broken page", "title: 1984").replace(
        "sources: [A source]\n", "sources: [A source]\ncolour: red\n2024: x\n")
    library = _library(tmp_path, "broken.md", text + "## Key\n\nText.\n")
    assert _findings(library) == [(7, "warning", "unknown front-matter key 'colour'"),
                                  (8, "warning", "unknown front-matter key '2024'")]
    page = library.page("s/broken")
    assert page is not None and page.title == "1984"


def test_alias_bomb_in_front_matter_loads_quickly(tmp_path: Path) -> None:
    """YAML aliases that would expand to billions of items are never expanded."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    text = FRONT.replace("---\ntitle", f"---\n{bomb}summary2: *i\ntitle", 1)
    started = time.perf_counter()
    library = _library(tmp_path, "broken.md", text + "## Key\n\nText.\n")
    (tmp_path / "resources.yaml").write_text(f"{bomb}organisations:\n  - name: *i\n"
                                             "    description: *i\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("- term: x\n  definition: y\n  also: &z [a]\n",
                                            encoding="utf-8")
    again = load_library(tmp_path)
    assert time.perf_counter() - started < 5
    assert library.page("s/broken") is not None
    assert again.organisations == ()
    assert any("organisation 1 needs a name" in f.message for f in again.findings)


def test_split_front_matter_keeps_its_contract() -> None:
    """(raw, body, body line) as before; an empty block is an empty mapping."""
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", "body\n", 4)
    assert split_front_matter("---\n---\nbody") == ("", "body", 3)
    assert split_front_matter("no front matter") == (None, "no front matter", 1)


# -- Markdown the renderer could choke on -----------------------------------------------------


@pytest.mark.parametrize("body", [
    "[" * 5000,
    "<a " * 10_000,
    "- " * 60 + "x",
    "> " * 60 + "x",
    "1. " * 60 + "x",
    "word " * 50_000,
])
def test_pathological_markdown_is_refused_before_rendering(body: str) -> None:
    """Inputs that make Python-Markdown quadratic or recurse too deep are found in linear time."""
    assert markdown_problem(body) is not None


@pytest.mark.parametrize("body", [
    "- - -\n\n* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *",
    "Plain text. " * 300 + "\n\n" + "[a link](page.md) " * 50,
    "| a | b |\n|---|---|\n" + "| cell | cell |\n" * 500,
])
def test_ordinary_markdown_is_not_refused(body: str) -> None:
    """Thematic breaks, long paragraphs with links and long tables are fine."""
    assert markdown_problem(body) is None


# -- folders ----------------------------------------------------------------------------------


def test_lookalike_files_and_odd_names_are_warnings(tmp_path: Path) -> None:
    """`.MD`, `.txt` and `.markdown` files are ignored with a warning; odd names warn."""
    library = _library(tmp_path, "Notes.MD", FRONT + "## Key\n\nText.\n")
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
    _library(tmp_path, "broken.md", FRONT + "## Key\n\nText.\n")
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


def test_data_files_with_wrong_types_do_not_break_loading(tmp_path: Path) -> None:
    """site.yaml, resources.yaml and glossary.yaml of the wrong shape are reported, not fatal."""
    (tmp_path / "s").mkdir()
    write_page(tmp_path / "s", "good")
    (tmp_path / "site.yaml").write_text("title: [x]\nwelcome: 5\nfoo: bar\n", encoding="utf-8")
    (tmp_path / "resources.yaml").write_text(
        "organisations:\n  - name: A\n    description: B\n    phone: 123\n  - 7\n"
        "  - name: A\n    description: again\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_bytes(b"- term: \xff\n")
    library = load_library(tmp_path)
    assert library.site.title == "Understanding dystonia" and library.site.welcome == "5"
    assert [o.phone for o in library.organisations] == ["123"]
    messages = [f"{f.path}:{f.line}: {f.level}: {f.message}" for f in library.findings]
    assert messages == [
        "s:0: warning: section has no _section.yaml; using the folder name as its title",
        "site.yaml:1: error: 'title' must be text, not a list",
        "site.yaml:3: warning: unknown key 'foo'",
        "resources.yaml:1: error: organisation 2 needs a name and a description (text); skipped",
        "resources.yaml:1: error: organisation 3: the id 'a' is used twice; skipped",
        "glossary.yaml:1: error: not valid UTF-8 text (byte 8); save it as UTF-8; skipped",
    ]


def test_no_usable_page_raises_content_error_with_reasons(tmp_path: Path) -> None:
    """When nothing loads, ContentError says why each page was refused."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.md").write_bytes(b"\xff")
    with pytest.raises(ContentError, match="no readable pages") as info:
        load_library(tmp_path)
    assert [f.path for f in info.value.findings if f.level == "error"][:1] == ["s/a.md"]
