"""Structure and safety rules for ``check``: pure functions from pages and site data to findings.

- **Required sections.** A section's ``_section.yaml`` may list ``required_sections`` (``##``
  headings); a page of that section without one of them is an error.
- **When to get help.** A ``## When to get help`` section must have its three levels as ``###``
  headings, in this order and with this wording: "Call 911 now" (the number from ``site.yaml``),
  "Call the clinic today" (which must give the clinic's number) and "Tell your doctor at your
  next visit"; it must link to the page of the ``tone: urgent`` section ("Get help now").
- **Placeholders.** ``{{ name }}`` that ``site.yaml`` does not define is an error.
- **Phone numbers.** A number typed into a page that is not in ``site.yaml`` or
  ``resources.yaml`` is a warning (a typo, or a number nobody checked); a ``site.yaml`` number
  typed by hand is a warning too (write its placeholder, so it changes with ``site.yaml``).
- **Clinical review.** Until ``site.yaml`` has a ``clinical_review`` record, ``run_check`` adds
  one warning saying the pages are an unreviewed draft, so ``check --strict`` (the deployment
  mode) fails; a page's own ``clinical_review`` must be well formed.

No Qt here.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Iterable

from kiosk.core.content import Finding, Library, Page, Section
from kiosk.core.datafiles import SITE_FILE
from kiosk.core.sitedata import PLACEHOLDER, fill, parse_review, unknown

HELP_HEADING = "When to get help"
#: The placeholder a page uses for each ``site.yaml`` number.
NUMBER_KEYS = ("emergency", "crisis", "clinic_phone", "poison_control")

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
#: North American numbers: 859-323-5661, (859) 323-5661, 1-800-222-1222, 859.323.5661.
_PHONE = re.compile(r"(?<![\w-])(?:1[-. ])?(?:\(\d{3}\)[ ]?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])")


def help_levels(library: Library) -> tuple[str, str, str]:
    """The three ``###`` headings of a "When to get help" section, in order."""
    return (f"Call {library.site.emergency} now", "Call the clinic today",
            "Tell your doctor at your next visit")


def urgent_page(library: Library) -> Page | None:
    """The first page of the ``tone: urgent`` section (the "Get help now" page), if any."""
    for section in library.sections:
        if section.tone == "urgent" and section.pages:
            return section.pages[0]
    return None


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


class _Lines:
    """File line of an offset in a page body."""

    def __init__(self, page: Page) -> None:
        self.start = page.body_line
        self.newlines = [m.start() for m in re.finditer("\n", page.body)]

    def __call__(self, offset: int) -> int:
        return self.start + bisect.bisect_left(self.newlines, offset)


def _unfenced(body: str) -> str:
    """``body`` with fenced code blocks blanked (offsets kept): headings in code do not count."""
    out = list(body)
    fences = list(_FENCE.finditer(body))
    i = 0
    while i < len(fences):
        start = fences[i].start()
        end = fences[i + 1].end() if i + 1 < len(fences) else len(body)
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "
        i += 2
    return "".join(out)


def _headings(body: str, library: Library) -> list[tuple[int, int, str]]:
    """(level, offset, text as shown) of every heading outside code."""
    return [(len(m.group(1)), m.start(), fill(m.group(2), library.site))
            for m in _HEADING.finditer(_unfenced(body))]


def page_rules(library: Library, page: Page, rel: str) -> list[Finding]:
    """Every rule about one page: required sections, "When to get help", placeholders, numbers."""
    section = library.section(page.section_id)
    line = _Lines(page)
    findings: list[Finding] = []
    heads = _headings(page.body, library)
    if section is not None:
        findings += _required(section, page, rel, heads)
    findings += _help_section(library, page, rel, heads, line)
    for offset, name in unknown(page.body, library.site):
        findings.append(Finding(rel, line(offset), "error", f"unknown placeholder "
                                f"{{{{ {name} }}}}; site.yaml defines "
                                f"{', '.join(sorted(_known(library)))}"))
    findings += _numbers(library, page, rel, line)
    return findings


def _known(library: Library) -> set[str]:
    from kiosk.core.sitedata import values

    return set(values(library.site))


def _required(section: Section, page: Page, rel: str,
              heads: list[tuple[int, int, str]]) -> list[Finding]:
    present = {text for level, _offset, text in heads if level == 2}
    return [Finding(rel, page.body_line, "error", f"missing the section '## {name}' (every page "
                    f"in {section.id}/ needs it: required_sections in _section.yaml)")
            for name in section.required_sections if name not in present]


def _help_section(library: Library, page: Page, rel: str, heads: list[tuple[int, int, str]],
                  line: _Lines) -> list[Finding]:
    starts = [i for i, (level, _o, text) in enumerate(heads) if level == 2 and
              text == HELP_HEADING]
    if not starts:
        return []
    i = starts[0]
    begin = heads[i][1]
    following = [h for h in heads[i + 1:] if h[0] <= 2]
    end = following[0][1] if following else len(page.body)
    levels = [(offset, text) for level, offset, text in heads[i + 1:]
              if level == 3 and offset < end]
    expected = help_levels(library)
    found = [text for _offset, text in levels]
    findings = []
    if [t for t in found if t in expected] != list(expected):
        findings.append(Finding(rel, line(begin), "error", f"'{HELP_HEADING}' needs three "
                                "### levels in this order: " + "; ".join(expected) +
                                f" (found: {'; '.join(found) or 'none'})"))
    text = page.body[begin:end]
    clinic = [o for o, t in levels if t == expected[1]]
    if clinic:
        after = [o for o, _t in levels if o > clinic[0]]
        level_text = fill(page.body[clinic[0]:after[0] if after else end], library.site)
        if library.site.clinic_phone not in level_text:
            findings.append(Finding(rel, line(clinic[0]), "error", f"'{expected[1]}' does not "
                                    "give the clinic's number; write {{ clinic_phone }}"))
    target = urgent_page(library)
    if target is not None and target.id != page.id and not _links_to(page, text, target):
        href = posixpath.relpath(f"{target.id}.md", page.section_id)
        findings.append(Finding(rel, line(begin), "error", f"'{HELP_HEADING}' does not link to "
                                f"'{target.title}' ({href})"))
    return findings


def _links_to(page: Page, text: str, target: Page) -> bool:
    for m in _LINK.finditer(text):
        path = m.group(1).split("#", 1)[0]
        joined = posixpath.normpath(posixpath.join(page.section_id, path))
        if joined == f"{target.id}.md":
            return True
    return False


def _numbers(library: Library, page: Page, rel: str, line: _Lines) -> list[Finding]:
    site = library.site
    by_site = {_digits(getattr(site, key)): key for key in NUMBER_KEYS}
    listed = {_digits(m.group()) for org in library.organisations
              for m in _PHONE.finditer(org.phone)}
    body = PLACEHOLDER.sub(lambda m: " " * len(m.group()), page.body)
    findings = []
    for m in _PHONE.finditer(body):
        digits = _digits(m.group())
        key = by_site.get(digits)
        if key is not None:
            findings.append(_typed(rel, line(m.start()), m.group(), key))
        elif digits not in listed:
            findings.append(Finding(rel, line(m.start()), "warning", f"phone number "
                                    f"{m.group()} is not in {SITE_FILE} or resources.yaml; "
                                    "check it, and add it there"))
    for key in ("emergency", "crisis"):
        number = getattr(site, key)
        if number:
            for m in re.finditer(r"(?<![\w-])" + re.escape(number) + r"(?![\w-])", body):
                findings.append(_typed(rel, line(m.start()), number, key))
    return findings


def _typed(rel: str, line: int, number: str, key: str) -> Finding:
    return Finding(rel, line, "warning", f"{number} is typed by hand; write {{{{ {key} }}}} "
                   f"so it follows {SITE_FILE}")


def library_rules(library: Library) -> list[Finding]:
    """Rules about the whole library: each page's optional ``clinical_review`` is well formed."""
    return _page_reviews(library.pages, library)


def review_findings(library: Library) -> list[Finding]:
    """Deployment readiness: one warning while ``site.yaml`` records no clinical review.

    ``check`` prints it; ``check --strict`` (the mode for deployment) turns it into an error.
    """
    if library.site.clinical_review is not None:
        return []
    return [Finding(SITE_FILE, 0, "warning", "no clinical_review: the pages are a draft, not yet "
                    "reviewed by the clinic's clinicians (add name, role and date once a "
                    "clinician has signed them off)")]


def _page_reviews(pages: Iterable[Page], library: Library) -> list[Finding]:
    findings = []
    for page in pages:
        if "clinical_review" in page.meta:
            _review, problem = parse_review(page.meta["clinical_review"])
            if problem:
                rel = page.path.relative_to(library.root).as_posix()
                findings.append(Finding(rel, page.key_lines.get("clinical_review", 1), "error",
                                        problem))
    return findings
