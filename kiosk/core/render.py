"""Markdown to safe HTML for the page view: private ``kiosk:`` links, no raw HTML, no web access.

Links between pages become ``kiosk:page/<section>/<stem>[#anchor]``; glossary terms become
``kiosk:term/<id>`` (first use on a page only); web addresses are shown as plain text; raw HTML is
escaped; images must be real, reasonably sized image files inside the content folder. Attributes
that ``{: ...}`` lists can add are reduced to a short allow-list (no ``style`` that could load a
file, no ``width`` that could make Qt allocate a huge image), and a page that cannot be converted
shows a short notice instead of raising. No Qt here.
"""

from __future__ import annotations

import logging
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kiosk.core.content import Library, Page, Term, slugify
from kiosk.core.images import image_problem
from kiosk.core.mdscan import WEB_SCHEMES, heading_ids, link_scheme
from kiosk.core.paths import is_inside
from kiosk.core.sitedata import fill

log = logging.getLogger(__name__)

SCHEME = "kiosk"
#: Shown instead of a page that cannot be converted (the reason goes to ``failures`` and the log).
UNAVAILABLE_HTML = "<p>This page is not available right now.</p>"
#: Attributes kept on any element; everything else a ``{: ...}`` list adds is dropped.
_SAFE_ATTRIBUTES = frozenset({"id", "class"})
_SAFE_TAG_ATTRIBUTES = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
}
#: The one ``style`` the tables extension writes (column alignment).
_TABLE_STYLE = re.compile(r"\Atext-align: (?:left|right|center);\Z")
_SKIP_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}


@dataclass(frozen=True)
class LinkTarget:
    """Where a link in a page points."""

    kind: str  # "page", "anchor", "web", "missing", "outside"
    page_id: str = ""
    anchor: str = ""
    text: str = ""


def classify_link(library: Library, page: Page, href: str) -> LinkTarget:
    """Resolve a link written in ``page`` to what it points at (without checking the anchor)."""
    href = href.strip()
    if not href:
        return LinkTarget("missing", text=href)
    if href.startswith("#"):
        return LinkTarget("anchor", page_id=page.id, anchor=unquote(href[1:]))
    scheme = link_scheme(href)
    if scheme is not None:
        if scheme in WEB_SCHEMES:
            return LinkTarget("web", text=href)
        return LinkTarget("outside", text=href)
    parts = urlsplit(href)
    path = unquote(parts.path)
    if path.startswith("/"):
        return LinkTarget("outside", text=href)
    joined = posixpath.normpath(posixpath.join(page.section_id, path))
    if joined.startswith("..") or not joined.endswith(".md"):
        kind = "outside" if joined.startswith("..") else "missing"
        return LinkTarget(kind, text=href)
    page_id = joined[: -len(".md")]
    if library.page(page_id) is None:
        return LinkTarget("missing", page_id=page_id, anchor=parts.fragment, text=href)
    return LinkTarget("page", page_id=page_id, anchor=unquote(parts.fragment))


def resolve_image(library: Library, page: Page, src: str) -> Path | None:
    """The image file a page refers to, or ``None`` if it is remote, missing, outside the
    content folder, not a PNG/JPEG/GIF, or too big to decode safely."""
    if not src or link_scheme(src) is not None or src.startswith("/"):
        return None
    try:
        candidate = library.root / page.section_id / unquote(urlsplit(src).path)
        if not is_inside(library.root, candidate) or not candidate.is_file():
            return None
        if image_problem(candidate) is not None:
            return None
        return candidate.resolve()
    except (OSError, ValueError):  # a name the file system refuses (NUL, too long)
        return None


def _term_pattern(glossary: tuple[Term, ...]) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
    by_form: dict[str, Term] = {}
    for term in glossary:
        for form in term.forms:
            if form.strip():
                by_form.setdefault(form.lower(), term)
    if not by_form:
        return None, by_form
    alternatives = sorted(by_form, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in alternatives) +
                         r")(?![\w-])", re.IGNORECASE)
    return pattern, by_form


class _PageTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, renderer: PageRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.page: Page | None = None

    def run(self, root: ET.Element) -> None:
        assert self.page is not None
        self._links_and_images(root)
        self._mark_terms(root, set())
        self._safe_attributes(root)

    @staticmethod
    def _safe_attributes(root: ET.Element) -> None:
        """Drop every attribute not on the allow-list (``{: style=... width=...}``)."""
        for element in root.iter():
            allowed = _SAFE_TAG_ATTRIBUTES.get(str(element.tag), frozenset())
            for name in list(element.attrib):
                value = element.attrib[name]
                keep = name in _SAFE_ATTRIBUTES or name in allowed or (
                    name == "style" and element.tag in ("th", "td")
                    and _TABLE_STYLE.match(value) is not None)
                if not keep:
                    del element.attrib[name]

    def _links_and_images(self, root: ET.Element) -> None:
        library, page = self.renderer.library, self.page
        assert page is not None
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    target = classify_link(library, page, child.get("href", ""))
                    if target.kind == "page":
                        anchor = f"#{target.anchor}" if target.anchor else ""
                        child.set("href", f"{SCHEME}:page/{target.page_id}{anchor}")
                    elif target.kind == "anchor":
                        child.set("href", f"#{target.anchor}")
                    elif target.kind == "missing" and target.page_id in library.skipped:
                        child.set("href", f"{SCHEME}:missing/{target.page_id}")
                    else:
                        # Web addresses and broken links are shown as text, never followed.
                        child.tag = "span"
                        text = "".join(child.itertext())
                        href = child.attrib.pop("href", "")
                        child.attrib.clear()
                        if target.kind == "web":
                            child.set("class", "web")
                            address = re.sub(r"^(https?://|mailto:|tel:)", "", href).rstrip("/")
                            if address and address not in text:
                                for sub in list(child):
                                    child.remove(sub)
                                child.text = f"{text} ({address})"
                elif child.tag == "img":
                    path = resolve_image(library, page, child.get("src", ""))
                    alt = child.get("alt", "")
                    if path is None:
                        child.tag = "span"
                        child.attrib.clear()
                        child.text = f"[{alt}]" if alt else ""
                    else:
                        child.set("src", path.as_uri())

    def _mark_terms(self, element: ET.Element, seen: set[str]) -> None:
        pattern, by_form = self.renderer.term_pattern
        if pattern is None:
            return
        if element.tag in _SKIP_TAGS:
            return
        element.text, new = self._split(element.text, pattern, by_form, seen)
        for i, node in enumerate(new):
            element.insert(i, node)
        for child in list(element):
            self._mark_terms(child, seen)
            child.tail, new = self._split(child.tail, pattern, by_form, seen)
            index = list(element).index(child) + 1
            for j, node in enumerate(new):
                element.insert(index + j, node)

    @staticmethod
    def _split(text: str | None, pattern: re.Pattern[str], by_form: dict[str, Term],
               seen: set[str]) -> tuple[str | None, list[ET.Element]]:
        """Wrap the first unseen glossary term in ``text``; return the leading text and nodes."""
        if not text:
            return text, []
        nodes: list[ET.Element] = []
        head = text
        last: ET.Element | None = None
        position = 0
        for m in pattern.finditer(text):
            term = by_form.get(m.group(1).lower())
            if term is None or term.id in seen:
                continue
            seen.add(term.id)
            a = ET.Element("a", {"href": f"{SCHEME}:term/{term.id}", "class": "term"})
            a.text = m.group(1)
            if last is None:
                head = text[: m.start()]
            else:
                last.tail = text[position: m.start()]
            position = m.end()
            nodes.append(a)
            last = a
        if last is not None:
            last.tail = text[position:]
        return head, nodes


class _SafeExtension(Extension):
    def __init__(self, renderer: PageRenderer) -> None:
        super().__init__()
        self.renderer = renderer
        self.processor: _PageTreeprocessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown API)
        # Raw HTML is escaped, not passed through: nothing a page says reaches Qt as markup.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        self.processor = _PageTreeprocessor(md, self.renderer)
        md.treeprocessors.register(self.processor, "kiosk_page", 0)


class PageRenderer:
    """Converts pages to HTML lazily and caches the result per page."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.term_pattern = _term_pattern(library.glossary)
        self._extension = _SafeExtension(self)
        self._md = self._new_markdown()
        self._cache: dict[str, str] = {}
        #: Pages that could not be converted, with the reason (shown as UNAVAILABLE_HTML).
        self.failures: dict[str, str] = {}

    def _new_markdown(self) -> markdown.Markdown:
        from markdown.extensions.attr_list import AttrListExtension
        from markdown.extensions.def_list import DefListExtension
        from markdown.extensions.sane_lists import SaneListExtension
        from markdown.extensions.tables import TableExtension
        from markdown.extensions.toc import TocExtension

        # Extension instances, not names: names make Markdown scan every installed package's
        # entry points (measured: 26 ms -> 11 ms at start-up).
        return markdown.Markdown(extensions=[
            TableExtension(), DefListExtension(), AttrListExtension(), SaneListExtension(),
            # No [TOC] marker: a page of thousands of them renders in quadratic time.
            TocExtension(slugify=lambda value, _sep: slugify(value), marker=""),
            self._extension,
        ])

    def html(self, page: Page) -> str:
        """The page body as HTML (the title is shown by the window's title bar, not here).

        Never raises: a page Python-Markdown cannot convert (the loader refuses the inputs known
        to break it, this is the last guard) is shown as :data:`UNAVAILABLE_HTML`, and the
        reason is logged once and kept in :attr:`failures`.
        """
        cached = self._cache.get(page.id)
        if cached is not None:
            return cached
        assert self._extension.processor is not None
        self._extension.processor.page = page
        try:
            self._md.reset()
            body: str = self._md.convert(fill(page.body, self.library.site))
        except Exception as exc:  # noqa: BLE001 (a content problem must not crash the kiosk)
            reason = "nested too deeply" if isinstance(exc, RecursionError) else \
                f"{type(exc).__name__}: {exc}"[:200]
            log.warning("page %s cannot be shown: %s", page.id, reason)
            self.failures[page.id] = reason
            body = UNAVAILABLE_HTML
            self._md = self._new_markdown()
        self._cache[page.id] = body
        return body

    def anchors(self, page: Page) -> set[str]:
        """Heading ids of a page (for checking ``page.md#anchor`` links)."""
        return heading_ids(self.html(page))
