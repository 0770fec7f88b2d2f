"""Property-based: whatever front matter, Markdown, text or bytes a page holds, nothing raises.

For every generated file the loader and ``check`` return normally, and the file either becomes a
page (which then renders without failing) or gets at least one finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.check import check_library
from kiosk.core.content import Library
from kiosk.core.frontmatter import OPTIONAL_PAGE_KEYS, REQUIRED_PAGE_KEYS
from kiosk.core.loader import load_library
from kiosk.core.mdscan import find_links, mask_code
from kiosk.core.render import PageRenderer
from tests.conftest import write_page

TODAY = dt.date(2026, 11, 25)
FUZZ = "s/fuzz.md"
# Deadlines off: the first call loads textstat's dictionaries. The file takes a few seconds
# (about 15 s on a busy machine).
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: Pieces of Markdown, YAML and HTML that matter to the loader, the renderer and ``check``.
TOKENS = [
    "[", "]", "(", ")", "![", "](", "](two.md)", "](good.md#key-points)", "](#x)", "](../",
    "](/etc/passwd)", "](file:///etc/passwd)", "](https://x.org)", "](<a b>)", "<", ">",
    "<script>", "</b>", "<!--", "-->", "`", "``", "```\n", "~~~\n", "#", "## ", "\n", "\n\n",
    "- ", "* ", "1. ", "> ", "|", "| a | b |\n|---|---|\n", "---", "***", "{: ", "}", "{#id}",
    ".c", "style=x", "*", "_", "\\", "&amp;", "&#0;", " ", "a", "word", "Dystonia.", "\t",
    "    ", ":", "[x]: ", "\r", "\x00", "\x1b", "\ufffd", "é", "\u2028", "\U0001f600",
    "title:", "reviewed: 2026-02-30", "order: 1", "[TOC]", "<http://x.org>",
]
markdown_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)),
                         max_size=80).map("".join)
yaml_scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
                | st.dates() | st.datetimes())
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=12)
keys = st.sampled_from([*REQUIRED_PAGE_KEYS, *OPTIONAL_PAGE_KEYS, "colour"]) | st.text(max_size=8)
front_matter = st.dictionaries(keys, yaml_values, max_size=8)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A content folder with one good page; each example writes s/fuzz.md into it."""
    root = tmp_path_factory.mktemp("content")
    (root / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (root / "s").mkdir()
    (root / "s" / "_section.yaml").write_text("title: S\n", encoding="utf-8")
    write_page(root / "s", "good")
    yield root


def _load_and_check(root: Path, data: bytes) -> Library:
    """Write the page, load and check the folder; the property holds or this fails."""
    (root / FUZZ).write_bytes(data)
    library = load_library(root)
    findings = check_library(library, today=TODAY)
    page = library.page("s/fuzz")
    mine = [f for f in findings if f.path == FUZZ]
    assert page is not None or mine, "the page neither loaded nor got a finding"
    assert (page is None) == ("s/fuzz" in library.skipped)
    assert len(set(library.findings)) == len(library.findings)
    renderer = PageRenderer(library)
    for loaded in library.pages:
        renderer.html(loaded)
    assert renderer.failures == {}, "the loader let through a page the renderer cannot convert"
    assert library.page("s/good") is not None
    return library


@SETTINGS
@given(meta=front_matter, body=markdown_text)
def test_any_front_matter_mapping_and_body(folder: Path, meta: dict[object, object],
                                           body: str) -> None:
    """Any YAML mapping as front matter, any Markdown body: a page or a finding."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    _load_and_check(folder, f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(raw=st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`?,\n \t0129.")),
                   max_size=120) | st.text(max_size=60),
       body=markdown_text)
def test_any_front_matter_text(folder: Path, raw: str, body: str) -> None:
    """Any text between the --- lines (mostly invalid YAML): a page or a finding."""
    _load_and_check(folder, f"---\n{raw}\n---\n{body}".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(body=markdown_text)
def test_any_markdown_body(folder: Path, body: str) -> None:
    """Valid front matter and any Markdown body: the page loads or is reported, never raises."""
    front = ("---\ntitle: Fuzz\nsummary: s\norder: 2\nreviewed: 2026-10-01\n"
             "sources: [x]\n---\n")
    _load_and_check(folder, (front + body).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=3000)
       | st.builds(lambda head, tail: head + tail,
                   st.sampled_from([b"---\ntitle: x\n---\n", b"---\n", b"\xef\xbb\xbf---\n"]),
                   st.binary(max_size=500)))
def test_any_bytes(folder: Path, data: bytes) -> None:
    """Arbitrary bytes as a page: a page or a finding."""
    _load_and_check(folder, data)


@SETTINGS
@given(name=st.sampled_from(["s/_section.yaml", "site.yaml", "resources.yaml", "glossary.yaml"]),
       data=st.binary(max_size=400) | markdown_text.map(str.encode))
def test_any_bytes_in_data_files(folder: Path, name: str, data: bytes) -> None:
    """Arbitrary bytes in the YAML data files never stop the pages loading."""
    path = folder / name
    before = path.read_bytes() if path.exists() else None
    try:
        _load_and_check(folder, b"---\ntitle: F\nsummary: s\norder: 1\nreviewed: 2026-10-01\n"
                        b"sources: [x]\n---\n## Key\n\nText.\n")
        path.write_bytes(data)
        library = _load_and_check(folder, b"## Key\n\nText.\n")
        assert library.page("s/fuzz") is not None
    finally:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)


@settings(max_examples=300, deadline=None)
@given(body=markdown_text)
def test_scanner_offsets_stay_inside_the_body(body: str) -> None:
    """Masking keeps every offset; every link found starts inside the body."""
    masked = mask_code(body)
    assert len(masked) == len(body)
    assert [i for i, c in enumerate(body) if c == "\n"] == \
        [i for i, c in enumerate(masked) if c == "\n"]
    for link in find_links(body, masked):
        assert 0 <= link.offset < len(body)
