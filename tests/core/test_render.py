"""Rendering: page links go through the kiosk scheme; nothing else can be followed or loaded."""

from pathlib import Path

import pytest

from kiosk.core.loader import load_library
from kiosk.core.render import PageRenderer
from tests.conftest import write_page


@pytest.fixture
def tiny(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "glossary.yaml").write_text(
        "- term: Botulinum toxin\n  definition: A medicine that relaxes a muscle.\n")
    (tmp_path / "resources.yaml").write_text("organisations: []\n")
    write_page(tmp_path / "a", "one", body=(
        "## Key points\n\nSee [two](two.md), [its part](two.md#more), "
        "[web](https://example.org/x), [file](file:///etc/passwd), [up](../../etc.md) and "
        "[gone](nothing.md).\n\n<script>alert(1)</script>\n\n"
        "Botulinum toxin helps. Botulinum toxin again.\n\n![alt text](/etc/x.png)\n"))
    write_page(tmp_path / "a", "two", body="## More\n\nText.\n", order=2)
    return load_library(tmp_path)


def test_internal_links_use_the_private_scheme(tiny) -> None:  # type: ignore[no-untyped-def]
    """A link to another page (and its anchor) becomes a kiosk: link."""
    html = PageRenderer(tiny).html(tiny.page("a/one"))
    assert 'href="kiosk:page/a/two"' in html
    assert 'href="kiosk:page/a/two#more"' in html


def test_web_file_and_escaping_links_are_text(tiny) -> None:  # type: ignore[no-untyped-def]
    """Web addresses are shown as text; file: and ../ links are not links at all."""
    html = PageRenderer(tiny).html(tiny.page("a/one"))
    assert "example.org/x" in html
    for bad in ("https://", "file:", "../../etc.md", "nothing.md"):
        assert f'href="{bad}' not in html
    assert html.count("<a ") == 3  # two page links and one glossary word


def test_raw_html_is_escaped(tiny) -> None:  # type: ignore[no-untyped-def]
    """Raw HTML in a page is shown as text, never passed to Qt as markup."""
    html = PageRenderer(tiny).html(tiny.page("a/one"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_glossary_term_linked_on_first_use_only(tiny) -> None:  # type: ignore[no-untyped-def]
    """The first use of a glossary word can be tapped; later uses are plain text."""
    html = PageRenderer(tiny).html(tiny.page("a/one"))
    assert html.count('href="kiosk:term/botulinum-toxin"') == 1


def test_image_outside_content_is_not_loaded(tiny) -> None:  # type: ignore[no-untyped-def]
    """An image path outside the content folder is replaced by its alt text."""
    html = PageRenderer(tiny).html(tiny.page("a/one"))
    assert "<img" not in html and "[alt text]" in html


def test_rendering_is_cached(tiny) -> None:  # type: ignore[no-untyped-def]
    """A page is converted once and then reused."""
    renderer = PageRenderer(tiny)
    assert renderer.html(tiny.page("a/one")) is renderer.html(tiny.page("a/one"))


def test_every_bundled_page_renders(library) -> None:  # type: ignore[no-untyped-def]
    """Every bundled page converts to HTML with headings and no raw file or web links."""
    renderer = PageRenderer(library)
    for page in library.pages:
        html = renderer.html(page)
        assert "<h2" in html, page.id
        assert 'href="http' not in html and 'href="file' not in html, page.id
