"""The content model, MkDocs-like: pages, sections, the library and its findings. No Qt."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.core.sitedata import ClinicalReview

#: Built-in screens a section may list before its pages (``extras:`` in ``_section.yaml``).
EXTRA_SCREENS = ("resources", "glossary")
#: Looks a section's home tile may take (``tone:`` in ``_section.yaml``).
SECTION_TONES = ("urgent",)

@dataclass(frozen=True)
class Finding:
    """One problem found in the content, located by file (relative to the content root) and line.

    ``line`` is 1-based; 0 means the whole file or folder.
    """

    path: str
    line: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass(frozen=True)
class Page:
    """One Markdown page: ``id`` is ``section/stem``; ``body`` is the Markdown after the front
    matter."""

    id: str
    section_id: str
    title: str
    summary: str
    order: int
    reviewed: dt.date | None
    sources: tuple[str, ...]
    body: str
    body_line: int
    path: Path
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: File line of each front-matter key (for findings about a value).
    key_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Section:
    """A folder of pages, shown as one home-screen tile."""

    id: str
    title: str
    summary: str
    order: int
    pages: tuple[Page, ...]
    extras: tuple[str, ...] = ()
    #: ``##`` headings every page of the section must have (checked by ``check``).
    required_sections: tuple[str, ...] = ()
    #: A distinct look for the home tile (one of :data:`SECTION_TONES`), or "".
    tone: str = ""


@dataclass(frozen=True)
class Site:
    """Kiosk-wide text from ``site.yaml``."""

    title: str = "Understanding dystonia"
    welcome: str = "Tap a topic to start reading."
    language: str = "en"
    clinic_name: str = "UK Movement Disorders Clinic"
    clinic_phone: str = "859-323-5661"
    emergency: str = "911"
    crisis: str = "988"
    poison_control: str = "1-800-222-1222"
    #: Who signed the pages off; ``None`` until a clinician has (pages then say "draft").
    clinical_review: ClinicalReview | None = None


@dataclass(frozen=True)
class Organisation:
    """One card of the resources screen."""

    id: str
    name: str
    description: str
    phone: str = ""
    website: str = ""
    notes: str = ""
    featured: bool = False


@dataclass(frozen=True)
class Term:
    """One glossary entry; ``forms`` are the spellings that link to it in pages."""

    id: str
    term: str
    definition: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Library:
    """Everything loaded from one content folder, plus what was wrong with it."""

    root: Path
    site: Site
    sections: tuple[Section, ...]
    organisations: tuple[Organisation, ...] = ()
    glossary: tuple[Term, ...] = ()
    findings: tuple[Finding, ...] = ()
    skipped: frozenset[str] = frozenset()  # ids of pages that exist but could not be loaded


    @cached_property
    def pages(self) -> tuple[Page, ...]:
        """All pages in navigation order."""
        return tuple(p for s in self.sections for p in s.pages)

    @cached_property
    def _page_index(self) -> dict[str, Page]:
        """Each page by id (built on first use; the library never changes)."""
        return {p.id: p for p in self.pages}

    @cached_property
    def _neighbours(self) -> dict[str, tuple[Page | None, Page | None]]:
        """Previous and next page of each page, worked out once (as MkDocs' ``nav`` does)."""
        pages = self.pages
        return {page.id: (pages[i - 1] if i > 0 else None,
                          pages[i + 1] if i + 1 < len(pages) else None)
                for i, page in enumerate(pages)}

    def page(self, page_id: str) -> Page | None:
        """The page with this id, or ``None``."""
        return self._page_index.get(page_id)

    def section(self, section_id: str) -> Section | None:
        """The section with this id, or ``None``."""
        return next((s for s in self.sections if s.id == section_id), None)

    def term(self, term_id: str) -> Term | None:
        """The glossary entry with this id, or ``None``."""
        return next((t for t in self.glossary if t.id == term_id), None)

    def organisation(self, org_id: str) -> Organisation | None:
        """The resources card with this id, or ``None``."""
        return next((o for o in self.organisations if o.id == org_id), None)

    def neighbours(self, page_id: str) -> tuple[Page | None, Page | None]:
        """Previous and next page in navigation order."""
        return self._neighbours.get(page_id, (None, None))

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of level ``error``."""
        return tuple(f for f in self.findings if f.level == "error")


class ContentError(Exception):
    """The content folder cannot be used at all (missing, or no pages).

    ``findings`` says why each page was refused (empty when the folder itself is missing).
    """

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


def slugify(text: str) -> str:
    """A stable ASCII id for a heading or term (``"Writer's cramp"`` -> ``writers-cramp``)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)
