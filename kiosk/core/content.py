"""The content model, MkDocs-like: pages, sections, navigation; loaded without ever raising.

Every problem in the content folder becomes a :class:`Finding` (reported once, with the file
relative to the content root and the line); a page that cannot be used safely is skipped and the
rest still loads. Whatever bytes a person or a faulty disk puts in the folder, :func:`load_library`
returns; it raises :class:`ContentError` only when the folder is missing or holds no usable page.

What the loader checks itself (everything about one file); ``kiosk.core.check`` adds what needs
the whole library (links, images, duplicates, reading level, review age):

- text: a regular file inside the content folder (no link to a file outside it), under the size
  limit, valid UTF-8, no NUL character, not empty; control characters are a warning;
- front matter: present and closed, valid YAML, a mapping, the required keys with the right
  types (``reviewed`` a real date), unknown keys a warning;
- Markdown that would take the renderer too long (very long paragraphs, thousands of ``[`` or
  ``<``, lists nested hundreds deep: a damaged or hostile file) is skipped before it is rendered;
- structure: pages outside a section folder and sections without pages; odd file names.

No Qt here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import struct
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO

from kiosk.core.paths import is_inside
from kiosk.core.sitedata import ClinicalReview, parse_review

if TYPE_CHECKING:
    from kiosk.core.yamlcache import YamlCache

REQUIRED_PAGE_KEYS = ("title", "summary", "order", "reviewed", "sources")
OPTIONAL_PAGE_KEYS = ("facts", "keywords", "pemat_understandability", "pemat_actionability",
                      "cci_score", "reviewer", "review_date", "clinical_review")
SECTION_FILE = "_section.yaml"
SECTION_KEYS = ("title", "summary", "order", "extras", "required_sections", "tone")
#: Looks a section's home tile may take (``tone:`` in ``_section.yaml``).
SECTION_TONES = ("urgent",)
SITE_FILE = "site.yaml"
RESOURCES_FILE = "resources.yaml"
GLOSSARY_FILE = "glossary.yaml"
#: Built-in screens a section may list before its pages (``extras:`` in ``_section.yaml``).
EXTRA_SCREENS = ("resources", "glossary")
#: Folders under the content root that hold no kiosk pages.
NON_SECTION_DIRS = ("sessions", "images")
DEFAULT_MAX_PAGE_BYTES = 200 * 1024

#: Image files the kiosk shows (Qt reads them; the loader and ``check`` read only the header).
IMAGE_KINDS = ("png", "jpeg", "gif")
#: Largest width or height of an image in pixels; bigger ones could exhaust memory when decoded.
MAX_IMAGE_SIDE = 4096
#: Largest image file in bytes.
MAX_IMAGE_BYTES = 5 * 1024 * 1024

#: Python-Markdown is quadratic in some inputs: for each ``[`` it scans the rest of the text run
#: (paragraph, list item, table row) for the closing ``]``, for each ``<`` the rest for ``>``;
#: very long paragraphs and thousands of lines without a blank one are slow too. The estimated
#: cost of a page, roughly in nanoseconds of rendering, is the sum over its paragraphs of
#: ``chars**2 + 40 * lines**2`` plus, over its text runs, ``(200 * count("[") + 20 *
#: count("<")) * chars``; the limit is about a second. The bundled pages cost about 0.3 % of
#: it; a page over it is skipped instead of freezing the screen for seconds or minutes.
#: (Python-Markdown is linear otherwise: the 200 KB page limit bounds the rest.)
MAX_MARKDOWN_COST = 1_000_000_000
#: Lists or quotes nested deeper than this (markers at the start of one line) are refused;
#: Python-Markdown hits Python's recursion limit at a few hundred.
MAX_NESTING = 50

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_EMPTY_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n---[ \t]*(?:\r?\n|\Z)")
_OPENING_FENCE = re.compile(r"\A---[ \t]*(?:\n|\Z)")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_GOOD_NAME = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
#: Where a new text run starts inside a paragraph block: a list item, heading, table row, quote.
_RUN_START = re.compile(r"\n(?=[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#|\||>))")
_NESTING = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")
#: A line nested deeper than MAX_NESTING starts with at least MAX_NESTING + 1 characters of
#: markers and indentation (each marker takes one at least): only such lines are counted.
_DEEP_CANDIDATE = re.compile(rf"(?m)^[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}.*$")
_THEMATIC_BREAK = re.compile(r"\A[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")
#: Page files that look like pages but are ignored because of their extension.
_LOOKALIKE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")


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


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` YAML front matter off a page.

    Returns:
        (front-matter text or None, body, 1-based line number where the body starts)
    """
    m = _FRONT_MATTER.match(text) or _EMPTY_FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    raw = m.group(1) if m.re is _FRONT_MATTER else ""
    return raw, text[m.end():], text[: m.end()].count("\n") + 1


# -- YAML -------------------------------------------------------------------------------------


class YamlProblem(Exception):
    """A YAML text that cannot be parsed, with the file line of the problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _load_yaml(text: str, first_line: int) -> tuple[Any, dict[str, int]]:
    """Parse one YAML document; returns the data and the file line of each top-level key.

    PyYAML is imported here, on the first YAML text that is not in the front-matter cache.

    Args:
        first_line: the file line of the first line of ``text``.

    Raises:
        YamlProblem: the text is not valid YAML (with the file line of the problem).
    """
    from kiosk.core.yamlparse import load_yaml

    return load_yaml(text, first_line)


def _plain_text(value: Any) -> str | None:
    """One line of text from a YAML string, or ``None`` if it is not text or is blank."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _key_name(key: Any) -> str:
    text = key if isinstance(key, str) else repr(key)
    return text if len(text) <= 60 else text[:57] + "..."


# -- images -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageInfo:
    """What the header of an image file says."""

    kind: str  # one of IMAGE_KINDS
    width: int
    height: int


class ImageError(ValueError):
    """A file is not an image the kiosk can show; the message says why, in plain words."""


_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                       0xCF})
_JPEG_NO_LENGTH = frozenset({0x01, *range(0xD0, 0xD8)})


def _jpeg_size(f: BinaryIO) -> tuple[int, int]:
    """Width and height from the first SOF segment of a JPEG (file positioned after SOI)."""
    for _ in range(10_000):
        byte = f.read(1)
        if byte != b"\xff":
            raise ImageError("damaged JPEG image (no size found)")
        marker = f.read(1)
        while marker == b"\xff":  # fill bytes
            marker = f.read(1)
        if not marker:
            break
        code = marker[0]
        if code in _JPEG_NO_LENGTH:
            continue
        if code in (0xD9, 0xDA):  # end of image, or image data before any size
            break
        raw = f.read(2)
        if len(raw) < 2:
            break
        (length,) = struct.unpack(">H", raw)
        if length < 2:
            break
        if code in _JPEG_SOF:
            data = f.read(5)
            if len(data) < 5:
                break
            height, width = struct.unpack(">HH", data[1:5])
            return width, height
        f.seek(length - 2, os.SEEK_CUR)
    raise ImageError("damaged JPEG image (no size found)")


def read_image_info(path: Path) -> ImageInfo:
    """Read the kind and pixel size of a PNG, JPEG or GIF from its header (never the pixels).

    Raises:
        ImageError: the file cannot be read, is not one of those kinds, or its header is damaged.
    """
    try:
        with path.open("rb") as f:
            head = f.read(32)
            if head.startswith(b"\x89PNG\r\n\x1a\n"):
                if len(head) < 24 or head[12:16] != b"IHDR":
                    raise ImageError("damaged PNG image (no IHDR header)")
                width, height = struct.unpack(">II", head[16:24])
                return ImageInfo("png", width, height)
            if head[:6] in (b"GIF87a", b"GIF89a"):
                if len(head) < 10:
                    raise ImageError("damaged GIF image (header cut short)")
                width, height = struct.unpack("<HH", head[6:10])
                return ImageInfo("gif", width, height)
            if head.startswith(b"\xff\xd8"):
                f.seek(2)
                width, height = _jpeg_size(f)
                return ImageInfo("jpeg", width, height)
    except OSError as exc:
        raise ImageError(f"cannot read the file ({exc.strerror or exc})") from None
    raise ImageError("not a PNG, JPEG or GIF image")


def image_problem(path: Path, max_side: int = MAX_IMAGE_SIDE,
                  max_bytes: int = MAX_IMAGE_BYTES) -> str | None:
    """Why the kiosk must not show this image file, or ``None`` when it is a safe image."""
    try:
        st = path.stat()
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or exc})"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > max_bytes:
        return f"file is {st.st_size // 1024} KB, over the {max_bytes // 1024} KB limit"
    try:
        info = read_image_info(path)
    except ImageError as exc:
        return str(exc)
    if info.width == 0 or info.height == 0:
        return f"image has no pixels ({info.width} x {info.height})"
    if info.width > max_side or info.height > max_side:
        return (f"image is {info.width} x {info.height} pixels, over the limit of {max_side} "
                "on each side")
    return None


# -- Markdown the renderer cannot handle quickly ----------------------------------------------


def markdown_problem(body: str) -> tuple[int, str] | None:
    """(line offset in ``body``, reason) when rendering ``body`` could freeze or crash the kiosk.

    See :data:`MAX_MARKDOWN_COST` and :data:`MAX_NESTING`. Linear in the length of ``body``.
    """
    length = len(body)
    brackets, angles = body.count("["), body.count("<")
    # A bound on the cost below, from whole-body counts: most pages are far under the limit, and
    # then the block-by-block sum is not needed (1,000 pages load 40 ms sooner).
    bound = length ** 2 + 40 * (body.count("\n") + 1) ** 2 + (200 * brackets + 20 * angles) * length
    if bound > MAX_MARKDOWN_COST:
        problem = _costly_block(body)
        if problem is not None:
            return problem
    for match in _DEEP_CANDIDATE.finditer(body):
        line = match.group()
        if _THEMATIC_BREAK.match(line):
            continue
        if _leading_markers(line) > MAX_NESTING:
            return body.count("\n", 0, match.start()), (
                f"has lists or quotes nested more than {MAX_NESTING} deep")
    return None


def _costly_block(body: str) -> tuple[int, str] | None:
    """The block-by-block cost of :func:`markdown_problem`; the worst block if over the limit."""
    cost = 0
    worst = (0, 0)  # (cost, line offset)
    offset = 0
    position = 0
    for m in [*_BLANK_LINES.finditer(body), None]:
        end = m.start() if m is not None else len(body)
        block = body[position:end]
        lines = block.count("\n") + 1
        block_cost = len(block) ** 2 + 40 * lines ** 2
        if "[" in block or "<" in block:
            block_cost += sum((200 * run.count("[") + 20 * run.count("<")) * len(run)
                              for run in _RUN_START.split(block))
        cost += block_cost
        if block_cost > worst[0]:
            worst = (block_cost, offset)
        if m is not None:
            offset += body.count("\n", position, m.end())
            position = m.end()
    if cost > MAX_MARKDOWN_COST:
        return worst[1], ("is too long or complex to show quickly (a very long paragraph, or "
                          "thousands of '[' or '<' characters: a damaged file?)")
    return None


def _leading_markers(line: str) -> int:
    """How many list or quote markers open ``line`` (``> - 1. x`` has three)."""
    count = 0
    position = 0
    indent = len(line) - len(line.lstrip(" \t"))
    while count <= MAX_NESTING:
        m = _NESTING.match(line, position)
        if m is None or m.end() == position:
            break
        count += 1
        position = m.end()
    # Deep indentation nests lists too (two spaces a level).
    return count + (indent // 2 if count else 0)


# -- the loader -------------------------------------------------------------------------------


class _Loader:
    """Walks one content folder, collecting pages and findings (each finding once)."""

    def __init__(self, root: Path, max_page_bytes: int, cache: YamlCache | None = None) -> None:
        self.root = root
        self._root_prefix = str(root).rstrip(os.sep) + os.sep
        #: Folders whose real location was checked to be inside the root.
        self.checked_folders: set[Path] = {root}
        self.max_page_bytes = max_page_bytes
        self.cache = cache
        self.findings: list[Finding] = []
        self._seen: set[Finding] = set()
        self.skipped: set[str] = set()

    def report(self, path: Path | str, line: int, level: str, message: str) -> None:
        rel = path if isinstance(path, str) else self.rel(path)
        finding = Finding(rel, line, level, message)
        if finding not in self._seen:
            self._seen.add(finding)
            self.findings.append(finding)

    def _plain_file_in_checked_folder(self, path: Path) -> bool:
        """A regular file (not a link) directly in a folder already known to be inside the root:
        nothing to resolve (1,000 pages: about 10,000 fewer system calls)."""
        if path.parent not in self.checked_folders:
            return False
        try:
            return stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            return False

    def _inside(self, resolved: Path) -> bool:
        """``is_inside`` for a path already resolved (the root is resolved once, in load)."""
        return resolved == self.root or str(resolved).startswith(self._root_prefix)

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def read_text(self, path: Path, limit: int | None = None) -> str | None:
        """Read a file as UTF-8 text or report why not (never raises)."""
        limit = self.max_page_bytes if limit is None else limit
        if not self._plain_file_in_checked_folder(path):
            try:
                resolved = path.resolve(strict=True)
            except (OSError, RuntimeError):
                self.report(path, 0, "error", "is a broken link (or a link to itself); skipped")
                return None
        else:
            resolved = self.root  # inside, and no link to follow
        if not self._inside(resolved):
            self.report(path, 0, "error", "is a link to a file outside the content folder; "
                        "skipped")
            return None
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                self.report(path, 0, "error", "is not a regular file; skipped")
                return None
            if st.st_size > limit:
                self.report(path, 0, "error", f"file is {st.st_size // 1024} KB, over the "
                            f"{limit // 1024} KB limit; skipped")
                return None
            with path.open("rb") as f:
                data = f.read(limit + 1)
        except OSError as exc:
            self.report(path, 0, "error", f"cannot read the file ({exc.strerror or exc}); "
                        "skipped")
            return None
        if len(data) > limit:  # it grew while we looked
            self.report(path, 0, "error", f"file is over the {limit // 1024} KB limit; skipped")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
            line = data[:start].count(b"\n") + 1
            self.report(path, line, "error", f"not valid UTF-8 text (byte {start}); save it "
                        "as UTF-8; skipped")
            return None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            self.report(path, line, "error", "contains a NUL character (a damaged file?); "
                        "skipped")
            return None
        control = _CONTROL.search(text)
        if control is not None:
            line = text.count("\n", 0, control.start()) + 1
            what = ("a U+FFFD replacement character (text damaged when it was converted?)"
                    if control.group() == "\ufffd" else
                    f"a control character U+{ord(control.group()):04X} (a damaged file?)")
            self.report(path, line, "warning", f"contains {what}")
        return text

    def read_yaml(self, path: Path, consequence: str) -> tuple[Any, dict[str, int]] | None:
        """A YAML file's data and key lines, or ``None`` (reported) when it cannot be used.

        Args:
            consequence: what the kiosk does without the file, for the message.
        """
        text = self.read_text(path, self.max_page_bytes)
        if text is None:
            return None
        try:
            return self.parse_yaml(text, 1)
        except YamlProblem as exc:
            self.report(path, exc.line, "error", f"invalid YAML: {exc.message}; {consequence}")
            return None

    def parse_yaml(self, text: str, first_line: int) -> tuple[Any, dict[str, int]]:
        """:func:`_load_yaml`, answered from the front-matter cache when it has ``text``."""
        if self.cache is not None:
            hit = self.cache.get(text, first_line)
            if hit is not None:
                return hit
        data, key_lines = _load_yaml(text, first_line)
        if self.cache is not None:
            self.cache.put(text, first_line, data, key_lines)
        return data, key_lines

    # -- pages --------------------------------------------------------------------------------

    def load_page(self, path: Path, section_id: str) -> Page | None:
        page_id = f"{section_id}/{path.stem}"
        if not _GOOD_NAME.match(path.stem):
            self.report(path, 0, "warning", "file name should use only lower-case letters, "
                        "digits and hyphens (it becomes the page's address)")
        try:
            page = self._load_page(path, section_id, page_id)
        except RecursionError:  # pathological input we did not foresee: skip, never crash
            self.report(path, 0, "error", "the page is nested too deeply to read; skipped")
            page = None
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
        key_line: dict[str, int] = {}
        if raw_meta is None:
            stripped = text.lstrip("\n \t")
            if _OPENING_FENCE.match(text):
                self.report(path, 1, "error", "front matter has no closing --- line; skipped")
                return None
            if _OPENING_FENCE.match(stripped):
                self.report(path, 1, "error", "front matter must start on the first line "
                            "(remove what is above the first ---); skipped")
                return None
            self.report(path, 1, "error", "no front matter (a --- block with title, summary, "
                        "order, reviewed, sources)")
        else:
            try:
                loaded, key_line = self.parse_yaml(raw_meta, 2)
            except YamlProblem as exc:
                self.report(path, exc.line, "error",
                            f"front matter is not valid YAML: {exc.message}; skipped")
                return None
            if loaded is None:
                loaded = {}
            if not isinstance(loaded, dict):
                kind = "a list" if isinstance(loaded, list) else "plain text"
                self.report(path, 2, "error", f"front matter must be a mapping of key: value, "
                            f"not {kind}; skipped")
                return None
            meta = {k if isinstance(k, str) else _key_name(k): v for k, v in loaded.items()}
        if not body.strip():
            self.report(path, body_line, "error", "the page has no text below its front matter; "
                        "skipped")
            return None
        problem = markdown_problem(body)
        if problem is not None:
            self.report(path, body_line + problem[0], "error", f"the page {problem[1]}; "
                        "skipped")
            return None
        end_line = body_line - 1
        if raw_meta is not None:
            for key in REQUIRED_PAGE_KEYS:
                if key not in meta:
                    self.report(path, end_line, "error", f"front matter is missing '{key}'")
        for key in meta:
            if key not in REQUIRED_PAGE_KEYS and key not in OPTIONAL_PAGE_KEYS:
                self.report(path, key_line.get(key, 2), "warning",
                            f"unknown front-matter key '{key}'")
        title = self._text_value(meta, "title", path, key_line) or self._h1(body) or \
            path.stem.replace("-", " ").capitalize()
        summary = self._text_value(meta, "summary", path, key_line) or ""
        order = meta.get("order", 999)
        if "order" in meta and (not isinstance(order, int) or isinstance(order, bool)):
            self.report(path, key_line.get("order", 2), "error",
                        f"'order' must be a whole number, not {_describe(order)}")
            order = 999
        reviewed = self._date_value(meta, "reviewed", path, key_line)
        sources = self._sources(meta, path, key_line)
        return Page(
            id=page_id, section_id=section_id, title=title, summary=summary, order=order,
            reviewed=reviewed, sources=sources, body=body, body_line=body_line,
            path=path, meta=MappingProxyType(meta), key_lines=MappingProxyType(key_line),
        )

    def _text_value(self, meta: dict[str, Any], key: str, path: Path,
                    key_line: dict[str, int]) -> str | None:
        if key not in meta:
            return None
        value = meta[key]
        line = key_line.get(key, 2)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # ``title: 1984`` is meant as text
        if not isinstance(value, str):
            self.report(path, line, "error", f"'{key}' must be text, not {_describe(value)}")
            return None
        text = " ".join(value.split())
        if not text:
            self.report(path, line, "error", f"'{key}' is empty")
            return None
        return text

    def _date_value(self, meta: dict[str, Any], key: str, path: Path,
                    key_line: dict[str, int]) -> dt.date | None:
        if key not in meta:
            return None
        value = meta[key]
        line = key_line.get(key, 2)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
            self.report(path, line, "error", f"'{key}' is not a real date: {value.strip()}")
        else:
            self.report(path, line, "error", f"'{key}' must be a date written as YYYY-MM-DD, "
                        f"not {_describe(value)}")
        return None

    def _sources(self, meta: dict[str, Any], path: Path,
                 key_line: dict[str, int]) -> tuple[str, ...]:
        if "sources" not in meta:
            return ()
        raw = meta["sources"]
        line = key_line.get("sources", 2)
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            self.report(path, line, "error", f"'sources' must be a list of text lines, not "
                        f"{_describe(raw)}")
            return ()
        texts = [_plain_text(s) for s in raw]
        if any(t is None for t in texts):
            self.report(path, line, "error", "'sources' must be a list of text lines (one item "
                        "is empty or not text)")
        kept = tuple(t for t in texts if t is not None)
        if not kept and not any(t is None for t in texts):
            self.report(path, line, "error", "'sources' is empty")
        return kept

    @staticmethod
    def _h1(body: str) -> str | None:
        m = _H1.search(body)
        return m.group(1).strip() if m else None

    # -- sections -----------------------------------------------------------------------------

    def load_section(self, folder: Path) -> Section | None:
        meta_path = folder / SECTION_FILE
        meta: dict[str, Any] = {}
        key_line: dict[str, int] = {}
        if not _GOOD_NAME.match(folder.name):
            self.report(folder, 0, "warning", "folder name should use only lower-case letters, "
                        "digits and hyphens (it becomes the section's address)")
        if meta_path.exists() or meta_path.is_symlink():
            loaded = self.read_yaml(meta_path, "the folder name is used as the title")
            if loaded is not None:
                data, key_line = loaded
                if isinstance(data, dict):
                    meta = {k if isinstance(k, str) else _key_name(k): v
                            for k, v in data.items()}
                elif data is not None:
                    self.report(meta_path, 1, "error", "must be a mapping of key: value")
        else:
            self.report(folder, 0, "warning", f"section has no {SECTION_FILE}; using the folder "
                        "name as its title")
        for key in meta:
            if key not in SECTION_KEYS:
                self.report(meta_path, key_line.get(key, 1), "warning", f"unknown key '{key}'")
        title = self._section_text(meta, "title", meta_path, key_line)
        summary = self._section_text(meta, "summary", meta_path, key_line)
        order = meta.get("order", 999)
        if not isinstance(order, int) or isinstance(order, bool):
            if "order" in meta:
                self.report(meta_path, key_line.get("order", 1), "error",
                            f"'order' must be a whole number, not {_describe(order)}")
            order = 999
        pages = []
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.report(folder, 0, "error", f"cannot list the folder ({exc.strerror or exc}); "
                        "skipped")
            return None
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            path = folder / name
            suffix = Path(name).suffix
            if suffix == ".md":
                page = self.load_page(path, folder.name)
                if page is not None:
                    pages.append(page)
            elif suffix.lower() in _LOOKALIKE_SUFFIXES:
                self.report(path, 0, "warning", "ignored: only files ending in .md (lower case) "
                            "are pages")
            elif _is_dir(entry):
                self._unreachable_pages(path)
        extras_raw = meta.get("extras", [])
        if not isinstance(extras_raw, list):
            self.report(meta_path, key_line.get("extras", 1), "error",
                        f"'extras' must be a list, not {_describe(extras_raw)}")
            extras_raw = []
        extras = []
        for e in extras_raw:
            if isinstance(e, str) and e in EXTRA_SCREENS:
                extras.append(e)
            else:
                self.report(meta_path, key_line.get("extras", 1), "error",
                            f"unknown extra screen {_key_name(e)!r}; choose from "
                            f"{', '.join(EXTRA_SCREENS)}")
        if not pages and not extras:
            self.report(folder, 0, "error", "section has no pages")
            return None
        pages.sort(key=lambda p: (p.order, p.title.lower()))
        required = meta.get("required_sections", [])
        if not isinstance(required, list) or not all(_plain_text(h) for h in required):
            self.report(meta_path, key_line.get("required_sections", 1), "error",
                        "'required_sections' must be a list of headings (text)")
            required = []
        tone = meta.get("tone", "")
        if tone not in ("", *SECTION_TONES):
            self.report(meta_path, key_line.get("tone", 1), "error", f"unknown tone "
                        f"{_key_name(tone)!r}; choose from {', '.join(SECTION_TONES)}")
            tone = ""
        return Section(
            id=folder.name,
            title=title or folder.name.replace("-", " ").capitalize(),
            summary=summary or "",
            order=order,
            pages=tuple(pages),
            extras=tuple(dict.fromkeys(extras)),
            required_sections=tuple(str(_plain_text(h)) for h in required),
            tone=str(tone),
        )

    def _section_text(self, meta: dict[str, Any], key: str, path: Path,
                      key_line: dict[str, int]) -> str | None:
        if key not in meta:
            return None
        text = _plain_text(meta[key])
        if text is None:
            self.report(path, key_line.get(key, 1), "error",
                        f"'{key}' must be text, not {_describe(meta[key])}")
        return text

    def _unreachable_pages(self, folder: Path, depth: int = 0) -> None:
        """Report ``.md`` files in a sub-folder of a section: no menu reaches them."""
        if depth > 4 or not is_inside(self.root, folder):
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)[:1000]
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            path = folder / entry.name
            if entry.name.endswith(".md"):
                self.report(path, 0, "error", "page is in a sub-folder of a section, so no menu "
                            "reaches it (move it up one folder)")
            elif _is_dir(entry):
                self._unreachable_pages(path, depth + 1)

    # -- data files ---------------------------------------------------------------------------

    def load_site(self) -> Site:
        path = self.root / SITE_FILE
        if not (path.exists() or path.is_symlink()):
            return Site()
        loaded = self.read_yaml(path, "the default title and welcome are used")
        if loaded is None:
            return Site()
        data, key_line = loaded
        if not isinstance(data, dict):
            if data is not None:
                self.report(path, 1, "error", "must be a mapping of key: value")
            return Site()
        known = Site.__dataclass_fields__
        values: dict[str, Any] = {}
        for key, value in data.items():
            name = key if isinstance(key, str) else _key_name(key)
            if name not in known:
                self.report(path, key_line.get(name, 1), "warning", f"unknown key '{name}'")
                continue
            if name == "clinical_review":
                values[name], problem = parse_review(value)
                if problem:
                    self.report(path, key_line.get(name, 1), "error", problem)
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            text = _plain_text(value)
            if text is None:
                self.report(path, key_line.get(name, 1), "error",
                            f"'{name}' must be text, not {_describe(value)}")
            else:
                values[name] = text
        return Site(**values)

    def load_organisations(self) -> tuple[Organisation, ...]:
        path = self.root / RESOURCES_FILE
        if not (path.exists() or path.is_symlink()):
            self.report(RESOURCES_FILE, 0, "error", "missing: the resources screen will be empty")
            return ()
        loaded = self.read_yaml(path, "the resources screen will be empty")
        if loaded is None:
            return ()
        data, key_line = loaded
        items = data.get("organisations") if isinstance(data, dict) else None
        if not isinstance(items, list):
            self.report(path, key_line.get("organisations", 1), "error",
                        "must have an 'organisations:' list")
            return ()
        result: dict[str, Organisation] = {}
        for number, item in enumerate(items, start=1):
            fields = item if isinstance(item, dict) else {}
            name = _plain_text(fields.get("name"))
            description = _plain_text(fields.get("description"))
            if name is None or description is None:
                self.report(path, key_line.get("organisations", 1), "error",
                            f"organisation {number} needs a name and a description (text); "
                            "skipped")
                continue
            texts = {}
            for key in ("id", "phone", "website", "notes"):
                value = fields.get(key)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    value = str(value)
                texts[key] = _plain_text(value) or ""
            org_id = texts["id"] or slugify(name)
            if org_id in result:
                self.report(path, key_line.get("organisations", 1), "error",
                            f"organisation {number}: the id '{org_id}' is used twice; skipped")
                continue
            result[org_id] = Organisation(
                id=org_id,
                name=name,
                description=description,
                phone=texts["phone"],
                website=texts["website"],
                notes=texts["notes"],
                featured=fields.get("featured") is True,
            )
        return tuple(result.values())

    def load_glossary(self) -> tuple[Term, ...]:
        path = self.root / GLOSSARY_FILE
        if not (path.exists() or path.is_symlink()):
            return ()
        loaded = self.read_yaml(path, "the glossary will be empty")
        if loaded is None:
            return ()
        data, _lines = loaded
        if not isinstance(data, list):
            self.report(path, 1, "error", "must be a list of '- term: ... definition: ...' items")
            return ()
        terms: dict[str, Term] = {}
        for number, item in enumerate(data, start=1):
            fields = item if isinstance(item, dict) else {}
            name = _plain_text(fields.get("term"))
            definition = _plain_text(fields.get("definition"))
            if name is None or definition is None:
                self.report(path, 1, "error", f"glossary item {number} needs 'term' and "
                            "'definition' text; skipped")
                continue
            term_id = slugify(name)
            if term_id in terms:
                self.report(path, 1, "warning", f"glossary term '{name}' appears twice")
                continue
            also = fields.get("also") or []
            also_list = also if isinstance(also, list) else [also]
            forms = [name] + [t for t in (_plain_text(a) for a in also_list) if t is not None]
            terms[term_id] = Term(term_id, name, definition, tuple(dict.fromkeys(forms)))
        return tuple(sorted(terms.values(), key=lambda t: t.term.lower()))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _describe(value: Any) -> str:
    """A short, plain description of a YAML value for a message (never the whole value)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, str):
        return f"the text {value[:40]!r}" + ("..." if len(value) > 40 else "")
    if isinstance(value, int | float):
        return f"the number {value!r}"[:60]
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return f"a {type(value).__name__}"


def load_library(root: Path, max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES, *,
                 cache_dir: Path | None = None) -> Library:
    """Load a content folder. Never raises for bad pages; raises only if nothing is usable.

    Args:
        cache_dir: keep parsed front matter there between runs (:mod:`kiosk.core.yamlcache`);
            the result is the same with or without it.

    Raises:
        ContentError: the folder does not exist or contains no loadable page (its ``findings``
            say why each page was refused).
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(f"content folder not found: {root}")
    resolved = root.resolve()
    cache = None
    if cache_dir is not None:
        from kiosk.core.yamlcache import YamlCache, cache_file

        cache = YamlCache(cache_file(cache_dir, resolved))
    loader = _Loader(resolved, max_page_bytes, cache)
    sections = []
    try:
        entries = sorted(os.scandir(loader.root), key=lambda e: e.name)
    except OSError as exc:
        raise ContentError(f"cannot list the content folder {root} "
                           f"({exc.strerror or exc})") from None
    for entry in entries:
        if not _is_dir(entry):
            continue
        folder = loader.root / entry.name
        if entry.name.startswith((".", "_")) or entry.name in NON_SECTION_DIRS:
            continue
        if not is_inside(loader.root, folder):
            loader.report(folder, 0, "error", "folder is a link to a folder outside the content "
                          "folder; skipped")
            continue
        loader.checked_folders.add(folder)
        section = loader.load_section(folder)
        if section is not None:
            sections.append(section)
    for entry in entries:
        name = entry.name
        if name.endswith(".md") and name.lower() != "readme.md" and not name.startswith("."):
            loader.report(name, 0, "error", "page is not in a section folder, so no menu "
                          "reaches it")
    sections.sort(key=lambda s: (s.order, s.title.lower()))
    if not any(s.pages for s in sections):
        raise ContentError(f"no readable pages in content folder: {root}",
                           tuple(loader.findings))
    library = Library(
        root=loader.root,
        site=loader.load_site(),
        sections=tuple(sections),
        organisations=loader.load_organisations(),
        glossary=loader.load_glossary(),
        findings=tuple(loader.findings),
        skipped=frozenset(loader.skipped),
    )
    if cache is not None:
        cache.save()
    return library
