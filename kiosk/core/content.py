"""The content model, MkDocs-like: pages, sections, navigation; loaded without ever raising.

Every problem in the content folder becomes a :class:`Finding`; a page that cannot be read is
skipped and the rest still loads. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kiosk.core.paths import is_inside

REQUIRED_PAGE_KEYS = ("title", "summary", "order", "reviewed", "sources")
OPTIONAL_PAGE_KEYS = ("facts", "keywords", "pemat_understandability", "pemat_actionability",
                      "cci_score", "reviewer", "review_date")
SECTION_FILE = "_section.yaml"
SITE_FILE = "site.yaml"
RESOURCES_FILE = "resources.yaml"
GLOSSARY_FILE = "glossary.yaml"
#: Built-in screens a section may list before its pages (``extras:`` in ``_section.yaml``).
EXTRA_SCREENS = ("resources", "glossary")
#: Folders under the content root that hold no kiosk pages.
NON_SECTION_DIRS = ("sessions", "images")
DEFAULT_MAX_PAGE_BYTES = 200 * 1024

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    """One problem found in the content, located by file (relative to the content root) and line."""

    path: str
    line: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass(frozen=True)
class Page:
    """One Markdown page. ``id`` is ``section/stem``; ``body`` is the Markdown after front matter."""

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


@dataclass(frozen=True)
class Section:
    """A folder of pages, shown as one home-screen tile."""

    id: str
    title: str
    summary: str
    order: int
    pages: tuple[Page, ...]
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Site:
    """Kiosk-wide text from ``site.yaml``."""

    title: str = "Understanding dystonia"
    welcome: str = "Tap a topic to start reading."
    language: str = "en"
    clinic_name: str = "UK Movement Disorders Clinic"
    clinic_phone: str = "859-323-5661"


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

    @property
    def pages(self) -> tuple[Page, ...]:
        """All pages in navigation order."""
        return tuple(p for s in self.sections for p in s.pages)

    def page(self, page_id: str) -> Page | None:
        """The page with this id, or ``None``."""
        return self._page_index().get(page_id)

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
        pages = self.pages
        ids = [p.id for p in pages]
        if page_id not in ids:
            return None, None
        i = ids.index(page_id)
        return (pages[i - 1] if i > 0 else None, pages[i + 1] if i + 1 < len(pages) else None)

    def _page_index(self) -> dict[str, Page]:
        cache: dict[str, Page] | None = self.__dict__.get("_index")
        if cache is None:
            cache = {p.id: p for p in self.pages}
            object.__setattr__(self, "_index", cache)
        return cache

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of level ``error``."""
        return tuple(f for f in self.findings if f.level == "error")


class ContentError(Exception):
    """The content folder cannot be used at all (missing, or no pages)."""


def slugify(text: str) -> str:
    """A stable ASCII id for a heading or term (``"Writer's cramp"`` -> ``writers-cramp``)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` YAML front matter off a page.

    Returns:
        (front-matter text or None, body, 1-based line number where the body starts)
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    return m.group(1), text[m.end():], text[: m.end()].count("\n") + 1


def _yaml_line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None)
    return int(mark.line) + 1 if mark is not None else 0


class _Loader:
    """Walks one content folder, collecting pages and findings."""

    def __init__(self, root: Path, max_page_bytes: int) -> None:
        self.root = root
        self.max_page_bytes = max_page_bytes
        self.findings: list[Finding] = []
        self.skipped: set[str] = set()

    def report(self, path: Path | str, line: int, level: str, message: str) -> None:
        rel = path if isinstance(path, str) else self.rel(path)
        self.findings.append(Finding(rel, line, level, message))

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def read_text(self, path: Path, limit: int | None = None) -> str | None:
        """Read a file as UTF-8 text or report why not."""
        if not is_inside(self.root, path):
            self.report(path, 0, "error", "links outside the content folder; skipped")
            return None
        try:
            size = path.stat().st_size
            if limit is not None and size > limit:
                self.report(path, 0, "error",
                            f"file is {size // 1024} KB, over the {limit // 1024} KB limit; skipped")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.report(path, 0, "error", f"cannot read the file ({exc.strerror}); skipped")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.report(path, line, "error", "not valid UTF-8 text (save it as UTF-8); skipped")
            return None
        if "\x00" in text:
            self.report(path, text.index("\x00") and text[: text.index("\x00")].count("\n") + 1,
                        "error", "contains a NUL character (a damaged file?); skipped")
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def read_yaml(self, path: Path) -> Any:
        text = self.read_text(path, self.max_page_bytes)
        if text is None:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or "invalid YAML"
            self.report(path, _yaml_line(exc), "error", f"invalid YAML: {problem}; skipped")
            return None

    # -- pages --------------------------------------------------------------------------------

    def load_page(self, path: Path, section_id: str) -> Page | None:
        page_id = f"{section_id}/{path.stem}"
        page = self._load_page(path, section_id, page_id)
        if page is None:
            self.skipped.add(page_id)
        return page

    def _load_page(self, path: Path, section_id: str, page_id: str) -> Page | None:
        text = self.read_text(path, self.max_page_bytes)
        if text is None:
            return None
        if not text.strip():
            self.report(path, 1, "error", "the page is empty; skipped")
            return None
        raw_meta, body, body_line = split_front_matter(text)
        meta: dict[str, Any] = {}
        if raw_meta is None:
            self.report(path, 1, "error", "no front matter (a --- block with title, summary, "
                        "order, reviewed, sources)")
        else:
            try:
                loaded = yaml.safe_load(raw_meta)
            except yaml.YAMLError as exc:
                problem = getattr(exc, "problem", None) or "invalid YAML"
                self.report(path, _yaml_line(exc) + 1, "error",
                            f"front matter is not valid YAML: {problem}; skipped")
                return None
            if loaded is None:
                loaded = {}
            if not isinstance(loaded, dict):
                self.report(path, 2, "error", "front matter must be a mapping of key: value; skipped")
                return None
            meta = {str(k): v for k, v in loaded.items()}
        if not body.strip():
            self.report(path, body_line, "error", "the page has no text below its front matter; "
                        "skipped")
            return None
        key_line = self._key_lines(text)
        for key in REQUIRED_PAGE_KEYS:
            if key not in meta and raw_meta is not None:
                self.report(path, 1, "error", f"front matter is missing '{key}'")
        for key in meta:
            if key not in REQUIRED_PAGE_KEYS and key not in OPTIONAL_PAGE_KEYS:
                self.report(path, key_line.get(key, 1), "warning", f"unknown front-matter key "
                            f"'{key}'")
        title = self._text_value(meta, "title", path, key_line) or self._h1(body) or \
            path.stem.replace("-", " ").capitalize()
        summary = self._text_value(meta, "summary", path, key_line) or ""
        order = meta.get("order", 999)
        if "order" in meta and (not isinstance(order, int) or isinstance(order, bool)):
            self.report(path, key_line.get("order", 1), "error", "'order' must be a whole number")
            order = 999
        reviewed = meta.get("reviewed")
        if "reviewed" in meta and not isinstance(reviewed, dt.date):
            self.report(path, key_line.get("reviewed", 1), "error",
                        "'reviewed' must be a date written as YYYY-MM-DD")
            reviewed = None
        if isinstance(reviewed, dt.datetime):
            reviewed = reviewed.date()
        sources_raw = meta.get("sources", [])
        if isinstance(sources_raw, str):
            sources_raw = [sources_raw]
        if not isinstance(sources_raw, list) or not all(isinstance(s, str) for s in sources_raw):
            self.report(path, key_line.get("sources", 1), "error",
                        "'sources' must be a list of text lines")
            sources_raw = []
        elif "sources" in meta and not sources_raw:
            self.report(path, key_line.get("sources", 1), "error", "'sources' is empty")
        return Page(
            id=page_id, section_id=section_id, title=title, summary=summary, order=order,
            reviewed=reviewed, sources=tuple(sources_raw), body=body, body_line=body_line,
            path=path, meta=MappingProxyType(meta),
        )

    @staticmethod
    def _key_lines(text: str) -> dict[str, int]:
        lines: dict[str, int] = {}
        for number, line in enumerate(text.split("\n")[1:60], start=2):
            if line.strip() == "---":
                break
            m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
            if m:
                lines.setdefault(m.group(1), number)
        return lines

    def _text_value(self, meta: dict[str, Any], key: str, path: Path,
                    key_line: dict[str, int]) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.report(path, key_line.get(key, 1), "error", f"'{key}' must be text")
            return None
        text = " ".join(str(value).split())
        if not text:
            self.report(path, key_line.get(key, 1), "error", f"'{key}' is empty")
            return None
        return text

    @staticmethod
    def _h1(body: str) -> str | None:
        m = _H1.search(body)
        return m.group(1).strip() if m else None

    # -- sections -----------------------------------------------------------------------------

    def load_section(self, folder: Path) -> Section | None:
        meta_path = folder / SECTION_FILE
        meta: dict[str, Any] = {}
        if meta_path.exists():
            loaded = self.read_yaml(meta_path)
            if isinstance(loaded, dict):
                meta = loaded
            elif loaded is not None:
                self.report(meta_path, 1, "error", "must be a mapping of key: value")
        else:
            self.report(folder, 0, "warning", f"section has no {SECTION_FILE}; using the folder "
                        "name as its title")
        pages = []
        for path in sorted(folder.glob("*.md")):
            if path.name.startswith((".", "_")):
                continue
            page = self.load_page(path, folder.name)
            if page is not None:
                pages.append(page)
        extras = meta.get("extras", [])
        if not isinstance(extras, list):
            extras = []
        bad = [e for e in extras if e not in EXTRA_SCREENS]
        for e in bad:
            self.report(meta_path, 1, "error", f"unknown extra screen {e!r}; choose from "
                        f"{', '.join(EXTRA_SCREENS)}")
        extras = [e for e in extras if e in EXTRA_SCREENS]
        if not pages and not extras:
            self.report(folder, 0, "error", "section has no pages")
            return None
        order = meta.get("order", 999)
        if not isinstance(order, int) or isinstance(order, bool):
            order = 999
        pages.sort(key=lambda p: (p.order, p.title.lower()))
        return Section(
            id=folder.name,
            title=str(meta.get("title") or folder.name.replace("-", " ").capitalize()),
            summary=str(meta.get("summary") or ""),
            order=order,
            pages=tuple(pages),
            extras=tuple(extras),
        )

    # -- data files ---------------------------------------------------------------------------

    def load_site(self) -> Site:
        path = self.root / SITE_FILE
        if not path.exists():
            return Site()
        data = self.read_yaml(path)
        if not isinstance(data, dict):
            if data is not None:
                self.report(path, 1, "error", "must be a mapping of key: value")
            return Site()
        known = Site.__dataclass_fields__
        for key in data:
            if key not in known:
                self.report(path, 1, "warning", f"unknown key '{key}'")
        values = {k: " ".join(str(v).split()) for k, v in data.items()
                  if k in known and isinstance(v, str | int | float) and str(v).strip()}
        return Site(**values)

    def load_organisations(self) -> tuple[Organisation, ...]:
        path = self.root / RESOURCES_FILE
        if not path.exists():
            self.report(RESOURCES_FILE, 0, "error", "missing: the resources screen will be empty")
            return ()
        data = self.read_yaml(path)
        if data is None:
            return ()
        items = data.get("organisations") if isinstance(data, dict) else None
        if not isinstance(items, list):
            self.report(path, 1, "error", "must have an 'organisations:' list")
            return ()
        result = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not item.get("name") or not item.get("description"):
                self.report(path, 1, "error", f"organisation {number} needs a name and a "
                            "description; skipped")
                continue
            name = " ".join(str(item["name"]).split())
            result.append(Organisation(
                id=str(item.get("id") or slugify(name)),
                name=name,
                description=" ".join(str(item["description"]).split()),
                phone=str(item.get("phone") or ""),
                website=str(item.get("website") or ""),
                notes=" ".join(str(item.get("notes") or "").split()),
                featured=bool(item.get("featured", False)),
            ))
        return tuple(result)

    def load_glossary(self) -> tuple[Term, ...]:
        path = self.root / GLOSSARY_FILE
        if not path.exists():
            return ()
        data = self.read_yaml(path)
        if data is None:
            return ()
        if not isinstance(data, list):
            self.report(path, 1, "error", "must be a list of '- term: ... definition: ...' items")
            return ()
        terms: dict[str, Term] = {}
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("term"), str) or \
                    not isinstance(item.get("definition"), str):
                self.report(path, 1, "error", f"glossary item {number} needs 'term' and "
                            "'definition' text; skipped")
                continue
            name = " ".join(item["term"].split())
            term_id = slugify(name)
            if term_id in terms:
                self.report(path, 1, "warning", f"glossary term '{name}' appears twice")
                continue
            also = item.get("also") or []
            forms = [name] + [str(a) for a in (also if isinstance(also, list) else [also])]
            terms[term_id] = Term(term_id, name, " ".join(item["definition"].split()),
                                  tuple(dict.fromkeys(forms)))
        return tuple(sorted(terms.values(), key=lambda t: t.term.lower()))


def load_library(root: Path, max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> Library:
    """Load a content folder. Never raises for bad pages; raises only if nothing is usable.

    Raises:
        ContentError: the folder does not exist or contains no loadable page.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(f"content folder not found: {root}")
    loader = _Loader(root.resolve(), max_page_bytes)
    sections = []
    for folder in sorted(p for p in loader.root.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")) or folder.name in NON_SECTION_DIRS:
            continue
        if not is_inside(loader.root, folder):
            loader.report(folder, 0, "error", "folder links outside the content folder; skipped")
            continue
        section = loader.load_section(folder)
        if section is not None:
            sections.append(section)
    for stray in sorted(loader.root.glob("*.md")):
        if stray.name.lower() not in ("readme.md",):
            loader.report(stray, 0, "error", "page is not in a section folder, so no menu "
                          "reaches it")
    sections.sort(key=lambda s: (s.order, s.title.lower()))
    if not any(s.pages for s in sections):
        raise ContentError(f"no readable pages in content folder: {root}")
    return Library(
        root=loader.root,
        site=loader.load_site(),
        sections=tuple(sections),
        organisations=loader.load_organisations(),
        glossary=loader.load_glossary(),
        findings=tuple(loader.findings),
        skipped=frozenset(loader.skipped),
    )
