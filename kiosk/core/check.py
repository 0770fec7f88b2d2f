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
- raw HTML (:mod:`kiosk.core.pagecheck`, with links, images and rendering): tags in
  :data:`~kiosk.core.pagecheck.ALLOWED_HTML` are warnings (the renderer shows them as plain text),
  any other tag (``<script>``, ``<iframe>``, ``<img>``...) is an error; ``{: ...}`` attributes
  other than ``#id`` and ``.class`` are warnings (the renderer drops them);
- rendering: a page the renderer cannot convert is an error, a slow one a warning;
- reading level, measured in the page's language: Flesch-Kincaid grade (``textstat``) over
  :data:`GRADE_WARNING` is a warning, over :data:`GRADE_ERROR` an error; for Spanish, INFLESZ
  under :data:`INFLESZ_WARNING` a warning, under :data:`INFLESZ_ERROR` an error (change the
  constants, or pass other limits to :func:`check_library`);
- review age: a ``reviewed`` date older than ``KioskConfig.review_months`` is a warning, one in
  the future an error;
- structure and safety advice (:mod:`kiosk.core.rules`): required sections, the three levels of
  "When to get help", placeholders, hand-typed phone numbers, the clinical review record.

- the body map (:mod:`kiosk.core.bodymap`): ``body-map.yaml``'s pages exist, every region
  leads to a page, no shape is under 20 mm on the screen or overlaps another region's;

- languages: each language tree (``content/es/``, a top-level folder with its own
  ``site.yaml``) is checked like the base tree, against its own ``site.yaml`` wording, and
  :mod:`kiosk.core.translation` adds whether each translation is stale, unrecorded, orphaned or
  missing. Paths of its findings start with the folder (``es/forms/...``).

``--strict`` turns warnings into errors; ``--format json`` prints the same findings as JSON.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import time
from dataclasses import asdict
from pathlib import Path

from kiosk.core.config import KioskConfig
from kiosk.core.content import ContentError, Finding, Library, Page
from kiosk.core.datafiles import GLOSSARY_FILE
from kiosk.core.languages import available_languages
from kiosk.core.loader import load_library
from kiosk.core.pagecheck import PageChecker
from kiosk.core.render import PageRenderer
from kiosk.core.rules import library_rules, page_rules, review_findings

#: Reading level (Flesch-Kincaid grade) above which a page is a warning. Patient-education
#: guidance (AMA, NIH) asks for grade 6 to 8.
GRADE_WARNING = 8.0
#: Reading level above which a page is an error (``None``: never an error).
GRADE_ERROR: float | None = 12.0
#: Spanish pages: INFLESZ (Szigriszt-Pazos) under this is a warning ("algo difícil" is under
#: 55 on the INFLESZ scale; the kiosk's content tests ask for 55 or more on every page).
INFLESZ_WARNING = 55.0
#: INFLESZ under this is an error ("muy difícil"/"árido" territory).
INFLESZ_ERROR: float | None = 40.0
#: Pages with fewer words than this are not measured (the grade of a few lines means little).
MIN_WORDS_FOR_GRADE = 50
#: A page that takes longer than this to convert to HTML is a warning.
SLOW_RENDER_SECONDS = 2.0


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
    """The reading-level finding of a page, measured in its language."""
    from kiosk.core.readability import measure

    try:
        # Measured as the kiosk shows it: raw HTML as text (``&lt;``), which also keeps
        # Python-Markdown's HTML parser, quadratic on unclosed tags, out of it. The leading
        # line break keeps a body starting with "---" from being taken for front matter.
        result = measure("\n" + page.body.replace("<", "&lt;"), page.language)
    except Exception as exc:  # noqa: BLE001 (a measuring problem must not stop the check)
        return [Finding(rel, page.body_line, "warning", f"reading level could not be measured "
                        f"({type(exc).__name__})")]
    if result.words < MIN_WORDS_FOR_GRADE:
        return []
    if result.inflesz is not None:
        return _inflesz(result.inflesz, page, rel)
    if page.language != "en":
        return []  # no reading scale for this language yet
    if error is not None and result.grade > error:
        return [Finding(rel, page.body_line, "error", f"reading level is grade {result.grade}, "
                        f"over the limit of {error:g}; use shorter sentences and words")]
    if warning is not None and result.grade > warning:
        return [Finding(rel, page.body_line, "warning", f"reading level is grade "
                        f"{result.grade}, over {warning:g}; use shorter sentences and words")]
    return []


def _inflesz(score: float, page: Page, rel: str) -> list[Finding]:
    advice = "use shorter sentences and shorter words"
    if INFLESZ_ERROR is not None and score < INFLESZ_ERROR:
        return [Finding(rel, page.body_line, "error", f"reading level is INFLESZ {score}, under "
                        f"the limit of {INFLESZ_ERROR:g}; {advice}")]
    if score < INFLESZ_WARNING:
        return [Finding(rel, page.body_line, "warning", f"reading level is INFLESZ {score}, "
                        f"under {INFLESZ_WARNING:g}; {advice}")]
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
    for page in library.own_pages:  # a translation's fallback pages are checked in their tree
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
        checker = PageChecker(library, renderer, page, ids_by_case)
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
    from kiosk.core.bodymap import check_body_map

    findings.extend(check_body_map(library, config.screen_ppi))
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


def check_languages(base: Library, config: KioskConfig | None = None,
                    today: dt.date | None = None) -> tuple[list[Finding], int]:
    """The findings of every language tree under ``base.root`` (``es/...`` paths, the clinical
    review notice included) and how many translated pages they hold.

    ``run_check`` calls it after :func:`check_library`; so should anything that validates a whole
    content folder (such as a content update).
    """
    config = config or KioskConfig()
    findings: list[Finding] = []
    pages = 0
    for language in available_languages(base.root):
        found, count = _check_language(base, base.root / language, config, today)
        findings += found
        pages += count
    return findings, pages


def _check_language(base: Library, folder: Path, config: KioskConfig,
                    today: dt.date | None) -> tuple[list[Finding], int]:
    """The findings of one language tree (paths from the base root) and its page count."""
    prefix = f"{folder.name}/"
    try:
        library = load_library(folder, config.max_page_kb * 1024, fallback=base)
    except ContentError as exc:  # cannot happen with a base that has pages; kept for safety
        return [Finding(prefix, 0, "error", str(exc))], 0
    from kiosk.core.translation import translation_findings, wording_findings

    findings = [Finding(prefix + f.path, f.line, f.level, f.message)
                for f in check_library(library, config, today) + review_findings(library)]
    findings += translation_findings(library, prefix) + wording_findings(library, prefix)
    return findings, len(library.own_pages)


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
        translated, count = check_languages(library, config, today)
        found = check_library(library, config, today) + review_findings(library) + translated
        pages = len(library.pages) + count
        findings = sorted(found, key=lambda f: (f.path, f.line, f.level, f.message))
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
