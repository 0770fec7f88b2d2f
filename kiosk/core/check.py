"""``main.py check``: every problem in a content folder as ``path:line: level: message``. No Qt.

The loader (:mod:`kiosk.core.loader`) reports what is wrong with each file on its own: text
(UTF-8, empty, size), front matter (present, YAML, mapping, required keys and their types, real
dates, unknown keys) and pages no menu reaches. This module adds what needs the whole library:

- links: every internal link and ``#anchor`` resolves; nothing points outside the content folder
  (``..``, absolute paths, ``file:`` and other schemes, symbolic links); web links are warnings
  (the kiosk shows them as text or a QR code and never opens them);
- images: inside the content folder, existing, a real PNG, JPEG or GIF of at most
  :data:`~kiosk.core.images.MAX_IMAGE_SIDE` pixels a side, with alt text;
- structure: duplicate page titles, ids that differ only in letter case, empty extra screens;
- raw HTML: tags in :data:`ALLOWED_HTML` are warnings (the renderer shows them as plain text),
  any other tag (``<script>``, ``<iframe>``, ``<img>``...) is an error; ``{: ...}`` attributes
  other than ``#id`` and ``.class`` are warnings (the renderer drops them);
- rendering: a page the renderer cannot convert is an error, a slow one a warning;
- reading level: Flesch-Kincaid grade (``textstat``) over :data:`GRADE_WARNING` is a warning,
  over :data:`GRADE_ERROR` an error (change the constants, or pass other limits to
  :func:`check_library`);
- review age: a ``reviewed`` date older than ``KioskConfig.review_months`` is a warning, one in
  the future an error;
- structure and safety advice (:mod:`kiosk.core.rules`): required sections, the three levels of
  "When to get help", placeholders, hand-typed phone numbers, the clinical review record.

``--strict`` turns warnings into errors; ``--format json`` prints the same findings as JSON.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import json
import posixpath
import re
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kiosk.core.config import KioskConfig
from kiosk.core.content import ContentError, Finding, Library, Page
from kiosk.core.datafiles import GLOSSARY_FILE
from kiosk.core.images import image_problem
from kiosk.core.loader import load_library
from kiosk.core.mdscan import WEB_SCHEMES, Link, find_html, find_links, link_scheme, mask_code
from kiosk.core.paths import is_inside
from kiosk.core.render import PageRenderer, classify_link
from kiosk.core.rules import library_rules, page_rules, review_findings

#: Reading level (Flesch-Kincaid grade) above which a page is a warning. Patient-education
#: guidance (AMA, NIH) asks for grade 6 to 8.
GRADE_WARNING = 8.0
#: Reading level above which a page is an error (``None``: never an error).
GRADE_ERROR: float | None = 12.0
#: Pages with fewer words than this are not measured (the grade of a few lines means little).
MIN_WORDS_FOR_GRADE = 50
#: A page that takes longer than this to convert to HTML is a warning.
SLOW_RENDER_SECONDS = 2.0
#: Harmless formatting tags: reported as warnings because the renderer shows them as text.
#: Every other tag is an error. The renderer itself lets no raw HTML through at all.
ALLOWED_HTML = frozenset({"b", "i", "em", "strong", "u", "s", "del", "ins", "mark", "small",
                          "sub", "sup", "br", "abbr", "span", "kbd", "p"})
#: Attributes a ``{: ...}`` list may set and the renderer keeps.
ALLOWED_ATTRIBUTES = frozenset({"id", "class"})

_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}[ \t]*$", re.MULTILINE)
_ATTR_KEY = re.compile(r"(?:^|\s)([A-Za-z_:][-\w:.]*)=")


# -- checking one page ----------------------------------------------------------------------------


def _quote(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


class _PageChecker:
    """The findings of one page; needs the whole library for links."""

    def __init__(self, library: Library, renderer: PageRenderer, page: Page,
                 ids_by_case: dict[str, str]) -> None:
        self.library = library
        self.renderer = renderer
        self.page = page
        self.rel = page.path.relative_to(library.root).as_posix()
        self.ids_by_case = ids_by_case
        self.findings: list[Finding] = []
        self._newlines = [m.start() for m in re.finditer("\n", page.body)]

    def report(self, offset: int, level: str, message: str) -> None:
        line = self.page.body_line + bisect.bisect_left(self._newlines, offset)
        self.findings.append(Finding(self.rel, line, level, message))

    def run(self) -> list[Finding]:
        masked = mask_code(self.page.body)
        for link in find_links(self.page.body, masked):
            if link.is_image:
                self.check_image(link)
            else:
                self.check_link(link)
        self.check_html(masked)
        return self.findings

    # links

    def check_link(self, link: Link) -> None:
        href = link.href.strip()
        q = _quote(href)
        if not href:
            self.report(link.offset, "error", f"link {_quote(link.text)} has no address")
            return
        if not link.text.strip() and not re.search(r"!\[", link.text):
            self.report(link.offset, "warning", f"link {q} has no text, so nobody can see or "
                        "tap it")
        scheme = link_scheme(href)
        if scheme in WEB_SCHEMES:
            self.report(link.offset, "warning", f"web link {q} is shown as text; the kiosk "
                        "never opens it")
            return
        if scheme == "file":
            self.report(link.offset, "error", f"link {q} is a file: address; the kiosk never "
                        "opens files (link to a page with page.md)")
            return
        if scheme == "":
            self.report(link.offset, "error", f"link {q} points to another computer; link to "
                        "a page (page.md) or write a web address (https://...)")
            return
        if scheme is not None:
            self.report(link.offset, "error", f"link {q} uses '{scheme}:', which the kiosk "
                        "never opens; link to a page (page.md)")
            return
        path = unquote(urlsplit(href).path)
        if path.startswith("/"):
            self.report(link.offset, "error", f"link {q} is an absolute path, outside the "
                        "content folder; write it relative to this page (page.md or "
                        "../section/page.md)")
            return
        target = classify_link(self.library, self.page, href)
        if target.kind == "outside":
            self.report(link.offset, "error", f"link {q} points outside the content folder")
            return
        if target.kind == "anchor":
            self.check_anchor(link, href, self.page, target.anchor)
            return
        joined = posixpath.normpath(posixpath.join(self.page.section_id, path))
        if not joined.endswith(".md"):
            self.report(link.offset, "error", f"link {q} does not point to a page (a .md file)")
            return
        if self._escapes(joined):
            self.report(link.offset, "error", f"link {q} points to a file outside the content "
                        "folder (a symbolic link)")
            return
        if target.kind == "missing":
            if target.page_id in self.library.skipped:
                self.report(link.offset, "error", f"link {q}: the page could not be loaded "
                            "(see its own findings)")
            else:
                hint = self.ids_by_case.get(target.page_id.casefold())
                also = f" (did you mean {self._relative(hint)}?)" if hint else ""
                self.report(link.offset, "error", f"link {q}: the page does not exist{also}")
            return
        linked = self.library.page(target.page_id)
        if target.anchor and linked is not None:
            self.check_anchor(link, href, linked, target.anchor)

    def _relative(self, page_id: str) -> str:
        """How this page links to ``page_id`` (``b.md`` or ``../section/b.md``)."""
        section, _, stem = page_id.partition("/")
        return f"{stem}.md" if section == self.page.section_id else f"../{page_id}.md"

    def _escapes(self, joined: str) -> bool:
        try:
            candidate = self.library.root / joined
            return (candidate.is_symlink() or candidate.exists()) and \
                not is_inside(self.library.root, candidate)
        except (OSError, ValueError):
            return False

    def check_anchor(self, link: Link, href: str, target: Page, anchor: str) -> None:
        if not anchor:
            return
        if anchor not in self.renderer.anchors(target):
            self.report(link.offset, "error", f"link {_quote(href)}: no heading with the id "
                        f"{anchor!r}")

    # images

    def check_image(self, link: Link) -> None:
        src = link.href.strip()
        q = _quote(src)
        if not link.text.strip():
            self.report(link.offset, "error", f"image {q} has no alt text (describe it between "
                        "the [ ])")
        if not src:
            self.report(link.offset, "error", "image has no file name")
            return
        scheme = link_scheme(src)
        if scheme in ("http", "https", ""):
            self.report(link.offset, "error", f"image {q} is on the web; the kiosk never "
                        "fetches it (copy the file into the content folder)")
            return
        if scheme == "data":
            self.report(link.offset, "error", f"image {q} is embedded data; save it as a file "
                        "in the content folder")
            return
        if scheme is not None:
            self.report(link.offset, "error", f"image {q} uses '{scheme}:'; images must be "
                        "files inside the content folder")
            return
        path = unquote(urlsplit(src).path)
        if path.startswith("/"):
            self.report(link.offset, "error", f"image {q} is an absolute path, outside the "
                        "content folder; write it relative to this page")
            return
        joined = posixpath.normpath(posixpath.join(self.page.section_id, path))
        if joined == ".." or joined.startswith("../"):
            self.report(link.offset, "error", f"image {q} points outside the content folder")
            return
        try:
            candidate = self.library.root / joined
            if (candidate.is_symlink() or candidate.exists()) and \
                    not is_inside(self.library.root, candidate):
                self.report(link.offset, "error", f"image {q} is a link to a file outside the "
                            "content folder")
                return
            if not candidate.exists():
                self.report(link.offset, "error", f"image {q} does not exist")
                return
            problem = image_problem(candidate)
        except (OSError, ValueError) as exc:
            problem = f"cannot be read ({exc})"
        if problem is not None:
            self.report(link.offset, "error", f"image {q}: {problem}")

    # raw HTML and attribute lists

    def check_html(self, masked: str) -> None:
        seen: set[tuple[int, str]] = set()
        for offset, tag in find_html(masked):
            line = bisect.bisect_left(self._newlines, offset)
            if (line, tag) in seen:
                continue
            seen.add((line, tag))
            if tag in ("!--", "![CDATA[") or tag.startswith(("!", "?")):
                self.report(offset, "warning", "raw HTML (a comment or declaration) is shown as "
                            "plain text; remove it")
            elif tag in ALLOWED_HTML:
                self.report(offset, "warning", f"raw HTML <{tag}> is shown as plain text; use "
                            "Markdown instead")
            else:
                self.report(offset, "error", f"raw HTML <{tag}> is not allowed (the kiosk shows "
                            "it as plain text, never runs it); remove it")
        for m in _ATTR_LIST.finditer(masked):
            for key in dict.fromkeys(k.group(1) for k in _ATTR_KEY.finditer(m.group(1))):
                if key.lower() not in ALLOWED_ATTRIBUTES:
                    self.report(m.start(), "warning", f"attribute '{key}' in {{: ...}} is removed "
                                "by the kiosk; only #id and .class are kept")


# -- the whole library ------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _review(page: Page, rel: str, config: KioskConfig, today: dt.date) -> list[Finding]:
    if page.reviewed is None:
        return []
    line = page.key_lines.get("reviewed", 1)
    if page.reviewed > today:
        return [Finding(rel, line, "error", f"'reviewed' date {page.reviewed} is in the future")]
    if page.reviewed < _months_before(today, config.review_months):
        return [Finding(rel, line, "warning", f"last reviewed {page.reviewed}, more than "
                        f"{config.review_months} months ago")]
    return []


def _reading_level(page: Page, rel: str, warning: float | None,
                   error: float | None) -> list[Finding]:
    from kiosk.core.readability import measure

    try:
        # Measured as the kiosk shows it: raw HTML as text (``&lt;``), which also keeps
        # Python-Markdown's HTML parser, quadratic on unclosed tags, out of it. The leading
        # line break keeps a body starting with "---" from being taken for front matter.
        result = measure("\n" + page.body.replace("<", "&lt;"))
    except Exception as exc:  # noqa: BLE001 (a measuring problem must not stop the check)
        return [Finding(rel, page.body_line, "warning", f"reading level could not be measured "
                        f"({type(exc).__name__})")]
    if result.words < MIN_WORDS_FOR_GRADE:
        return []
    if error is not None and result.grade > error:
        return [Finding(rel, page.body_line, "error", f"reading level is grade {result.grade}, "
                        f"over the limit of {error:g}; use shorter sentences and words")]
    if warning is not None and result.grade > warning:
        return [Finding(rel, page.body_line, "warning", f"reading level is grade "
                        f"{result.grade}, over {warning:g}; use shorter sentences and words")]
    return []


def check_library(library: Library, config: KioskConfig | None = None,
                  today: dt.date | None = None, *, grade_warning: float | None = GRADE_WARNING,
                  grade_error: float | None = GRADE_ERROR) -> list[Finding]:
    """All findings for a loaded library (the loader's included), sorted by file and line.

    Args:
        today: the date review ages are counted to (default: today).
        grade_warning, grade_error: reading-level limits (``None`` turns one off).
    """
    config = config or KioskConfig()
    today = today or dt.date.today()
    renderer = PageRenderer(library)
    findings = list(library.findings)
    ids_by_case: dict[str, str] = {}
    for page in library.pages:
        ids_by_case.setdefault(page.id.casefold(), page.id)
    titles: dict[str, str] = {}
    for page in library.pages:
        rel = page.path.relative_to(library.root).as_posix()
        started = time.perf_counter()
        renderer.html(page)
        seconds = time.perf_counter() - started
        if page.id in renderer.failures:
            findings.append(Finding(rel, page.body_line, "error", "the page cannot be shown: "
                                    f"{renderer.failures[page.id]}"))
        elif seconds > SLOW_RENDER_SECONDS:
            findings.append(Finding(rel, page.body_line, "warning", f"the page takes "
                                    f"{seconds:.1f} s to show; split it into smaller pages"))
        checker = _PageChecker(library, renderer, page, ids_by_case)
        findings.extend(checker.run())
        findings.extend(_review(page, rel, config, today))
        findings.extend(_reading_level(page, rel, grade_warning, grade_error))
        findings.extend(page_rules(library, page, rel))
        key = page.title.casefold()
        if key in titles:
            findings.append(Finding(rel, page.key_lines.get("title", 1), "error",
                                    f"title {page.title!r} is also used by {titles[key]}"))
        else:
            titles[key] = rel
        first = ids_by_case[page.id.casefold()]
        if first != page.id:
            findings.append(Finding(rel, 0, "error", f"page id '{page.id}' differs from "
                                    f"'{first}' only in letter case"))
    findings.extend(_structure(library))
    findings.extend(library_rules(library))
    from kiosk.core.sessions import check_sessions

    findings.extend(check_sessions(library, config, today))
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.level, f.message))


def _structure(library: Library) -> list[Finding]:
    findings: list[Finding] = []
    sections: dict[str, str] = {}
    titles: dict[str, str] = {}
    for section in library.sections:
        first = sections.setdefault(section.id.casefold(), section.id)
        if first != section.id:
            findings.append(Finding(section.id, 0, "error", f"section id '{section.id}' differs "
                                    f"from '{first}' only in letter case"))
        title = titles.setdefault(section.title.casefold(), section.id)
        if title != section.id:
            findings.append(Finding(section.id, 0, "warning", f"section title "
                                    f"{section.title!r} is also used by {title}"))
        if "glossary" in section.extras and not library.glossary:
            findings.append(Finding(section.id, 0, "warning", f"the glossary screen is empty "
                                    f"(no terms in {GLOSSARY_FILE})"))
        if "resources" in section.extras and not library.organisations:
            findings.append(Finding(section.id, 0, "warning", "the resources screen is empty"))
    return findings


def run_check(root: Path, config: KioskConfig, *, strict: bool = False,
              as_json: bool = False, today: dt.date | None = None) -> tuple[int, str]:
    """The ``check`` command: returns (exit code, text to print).

    Exit codes: 0 no errors, 1 errors, 2 the folder cannot be used at all.
    """
    fatal = ""
    try:
        library = load_library(root, config.max_page_kb * 1024)
    except ContentError as exc:
        fatal = str(exc)
        findings = sorted(set(exc.findings), key=lambda f: (f.path, f.line, f.level, f.message))
        pages = 0
    else:
        findings = sorted(check_library(library, config, today) + review_findings(library),
                          key=lambda f: (f.path, f.line, f.level, f.message))
        pages = len(library.pages)
    if strict:
        findings = [Finding(f.path, f.line, "error", f.message) for f in findings]
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    code = 2 if fatal else 1 if errors else 0
    if as_json:
        data: dict[str, object] = {"findings": [asdict(f) for f in findings], "errors": errors,
                                   "warnings": warnings, "pages": pages}
        if fatal:
            data["fatal"] = fatal
        return code, json.dumps(data, indent=2)
    lines = [str(f) for f in findings]
    if fatal:
        lines.append(f"error: {fatal}")
    else:
        lines.append(f"{pages} pages checked: {errors} errors, {warnings} warnings")
    return code, "\n".join(lines)
