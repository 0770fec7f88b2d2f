"""Rendering never raises, never passes risky attributes to Qt, never loads a bad image."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.core.content import Library, Page
from kiosk.core.loader import load_library
from kiosk.core.render import UNAVAILABLE_HTML, PageRenderer, resolve_image
from tests.conftest import write_page

DAMAGED = Path(__file__).resolve().parent.parent / "data" / "damaged"


def _library(tmp_path: Path, body: str) -> Library:
    (tmp_path / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    write_page(tmp_path / "s", "one", body=body)
    return load_library(tmp_path)


def _html(library: Library, page_id: str = "s/one") -> str:
    page = library.page(page_id)
    assert page is not None
    return PageRenderer(library).html(page)


def test_attribute_lists_keep_only_id_and_class(tmp_path: Path) -> None:
    """`{: style=... onclick=... width=...}` is dropped; #id and .class stay."""
    html = _html(_library(tmp_path, (
        "## Head {: #top .big style=\"background-image: url(file:///etc/x)\" onclick=x }\n\n"
        "Text\n{: width=99999 height=99999 data-x=1 }\n")))
    assert 'id="top"' in html and 'class="big"' in html
    for bad in ("style=", "onclick", "width", "height", "data-x", "file:"):
        assert bad not in html


def test_table_alignment_survives(tmp_path: Path) -> None:
    """The one style the tables extension writes (text-align) is kept."""
    html = _html(_library(tmp_path, "| a | b |\n|:-:|--:|\n| 1 | 2 |\n"))
    assert 'style="text-align: center;"' in html and 'style="text-align: right;"' in html


def test_toc_marker_is_plain_text(tmp_path: Path) -> None:
    """[TOC] is not expanded (thousands of them would take quadratic time)."""
    html = _html(_library(tmp_path, "## Head\n\n[TOC]\n"))
    assert "[TOC]" in html and 'class="toc"' not in html


def test_a_page_that_cannot_be_converted_shows_a_notice(tmp_path: Path) -> None:
    """A conversion error (here: lists nested past Python's recursion limit) never raises."""
    library = _library(tmp_path, "## Head\n\nText.\n")
    good = library.page("s/one")
    assert good is not None
    deep = Page(id="s/deep", section_id="s", title="Deep", summary="", order=2, reviewed=None,
                sources=(), body="1. " * 2000 + "x\n", body_line=1, path=good.path)
    renderer = PageRenderer(library)
    assert renderer.html(deep) == UNAVAILABLE_HTML
    assert renderer.failures == {"s/deep": "nested too deeply"}
    assert "<h2" in renderer.html(good)  # the renderer still works afterwards


@pytest.mark.parametrize("case", ["fake-image", "huge-image"])
def test_bad_images_inside_the_folder_are_not_loaded(case: str) -> None:
    """A fake or gigantic image is replaced by its alt text, never handed to Qt."""
    library = load_library(DAMAGED / case)
    page = library.page("basics/broken")
    assert page is not None
    assert resolve_image(library, page, "neck.png") is None
    html = PageRenderer(library).html(page)
    assert "<img" not in html and "[A diagram of the neck]" in html


def test_a_good_image_is_loaded_by_file_url(tmp_path: Path) -> None:
    """A real PNG inside the folder becomes a file: URL the page view may load."""
    library = _library(tmp_path, "## Head\n\n![A neck](neck.png)\n")
    shutil.copy(DAMAGED / "image-no-alt" / "basics" / "neck.png", tmp_path / "s" / "neck.png")
    html = _html(library)
    assert f'src="{(tmp_path / "s" / "neck.png").resolve().as_uri()}"' in html


def test_image_names_the_file_system_refuses_are_not_loaded(tmp_path: Path) -> None:
    """A NUL or an over-long name in an image path gives no image, not an exception."""
    library = _library(tmp_path, "## Head\n")
    page = library.page("s/one")
    assert page is not None
    assert resolve_image(library, page, "a%00b.png") is None
    assert resolve_image(library, page, "x" * 5000 + ".png") is None
