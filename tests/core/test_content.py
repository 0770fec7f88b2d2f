"""The content model: frozen, with its page index and previous/next map built once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.core.content import Library, Page, Section, Site


def _page(section: str, stem: str) -> Page:
    return Page(id=f"{section}/{stem}", section_id=section, title=stem, summary="", order=1,
                reviewed=None, sources=(), body="Text.\n", body_line=1,
                path=Path(f"{section}/{stem}.md"))


def _library() -> Library:
    first = Section("s", "S", "", 1, (_page("s", "a"), _page("s", "b")))
    second = Section("t", "T", "", 2, (_page("t", "c"),))
    return Library(root=Path("."), site=Site(), sections=(first, second))


def test_neighbours_follow_navigation_order_across_sections() -> None:
    """Previous and next run through every section in order; the ends and unknown ids get None."""
    library = _library()
    ids = {page_id: tuple(p.id if p else None for p in library.neighbours(page_id))
           for page_id in ("s/a", "s/b", "t/c", "nope")}
    assert ids == {"s/a": (None, "s/b"), "s/b": ("s/a", "t/c"), "t/c": ("s/b", None),
                   "nope": (None, None)}


def test_page_list_index_and_neighbours_are_built_once() -> None:
    """The page list, the index and the previous/next map are computed on first use and kept."""
    library = _library()
    assert library.pages is library.pages
    page = library.page("s/b")
    assert page is not None and library.page("s/b") is page and library.page("x") is None
    library.neighbours("s/a")
    assert library._neighbours is library._neighbours


def test_model_stays_frozen_and_comparable() -> None:
    """Caching adds no field: libraries stay frozen, and equal when their fields are equal."""
    library = _library()
    library.neighbours("s/a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        library.sections = ()  # type: ignore[misc]
    assert library == _library()
    assert [f.name for f in dataclasses.fields(library)] == [
        "root", "site", "sections", "organisations", "glossary", "findings", "skipped"]
