"""Site-wide facts that pages refer to: phone numbers, the clinical review, ``{{ placeholders }}``.

Numbers live once in ``site.yaml``; a page writes ``{{ clinic_phone }}``, ``{{ emergency }}``,
``{{ crisis }}`` or ``{{ poison_control }}`` and the renderer fills them in, so a changed number
is changed everywhere at once. ``{{ clinical_review }}`` becomes one sentence saying who reviewed
the pages and when, or, until ``site.yaml`` records a review, that they are an unreviewed draft.

An unknown placeholder is left as it is at run time (never a crash, never a silent blank); the
``check`` command reports it as an error.

Language-specific wording is data too, so a new language needs a content tree and no code: the
month names and date pattern, the draft and review notices, the "When to get help" headings
(:class:`HelpSection`) and the handout's fixed texts (:data:`HANDOUT_TEXT`) have English defaults
here and are overridden by the language's ``site.yaml``. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter
from types import MappingProxyType
from typing import Any, Protocol

#: ``{{ name }}`` with optional spaces; names are lower case with underscores.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: The keys a ``clinical_review`` record must have.
REVIEW_KEYS = ("name", "role", "date")

DRAFT_NOTICE = ("These pages are a draft. We wrote them from the sources listed on each page. "
                "The clinic's clinicians have not yet reviewed them.")
REVIEWED_NOTICE = "{name}, {role}, reviewed these pages for the clinic on {date}."
#: Month names for dates in words (``months:`` in ``site.yaml``), January first.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: How a date is written (``date_format:``): ``{month}``, ``{day}`` and ``{year}``.
DATE_FORMAT = "{month} {day}, {year}"
#: Shown above a page of a translated tree that is not translated yet (``fallback_note:``).
FALLBACK_NOTE = "This page is not translated yet, so it is shown in English."
#: The handout's fixed texts (``handout:`` in ``site.yaml`` overrides any of them). The
#: ``{names}`` in braces are filled in by the handout; a translation may use only the same ones.
HANDOUT_TEXT: Mapping[str, str] = MappingProxyType({
    "contents": "In this handout",
    "questions": "Questions for my doctor",
    "questions_intro": ("Write your questions here. Bring this page to your next visit, and "
                        "ask the most important ones first."),
    "questions_ideas": ("Ideas: What kind of dystonia do I have? What are my treatment "
                        "choices? How will I know a treatment is working? What problems "
                        "should I report to you right away?"),
    "contacts": "Who to call, and where to learn more",
    "call_us": "Questions about your care? Call {clinic} at {phone}.",
    "emergency": ("In an emergency, call {emergency} or go to the nearest emergency room. "
                  "For thoughts of suicide, call or text {crisis}. For poisoning or a "
                  "medicine mistake, call Poison Control at {poison_control}."),
    "scan": "Scan a code with your phone's camera to open the website.",
    "phone": "Phone: {0}",
    "website": "Website: {0}",
    "prepared": "Prepared for you by {clinic}. Questions? Call {phone}.",
    "session": "From the guided session \u201c{0}\u201d.",
    "footer_clinic": "{clinic}: {phone}. Emergency: {emergency}.",
    "footer_dates": "Printed {printed}. Facts last checked {reviewed}.",
    "footer_draft": "Draft: not yet reviewed by the clinic's clinicians.",
    "footer_reviewed": "Reviewed for the clinic by {name}, {role}, on {date}.",
    "page_of": "Page {0} of {1}",
    "unknown_date": "(date unknown)",
})


@dataclass(frozen=True)
class ClinicalReview:
    """Who signed the pages off for the clinic, in what role, and on what date."""

    name: str
    role: str
    date: dt.date


@dataclass(frozen=True)
class HelpSection:
    """The wording of a page's "When to get help" section (``help_section:`` in ``site.yaml``).

    ``levels`` are the three ``###`` headings in order: call the emergency number now, call the
    clinic today, tell the doctor at the next visit. They may use ``{{ placeholders }}``.
    """

    heading: str = "When to get help"
    levels: tuple[str, str, str] = ("Call {{ emergency }} now", "Call the clinic today",
                                    "Tell your doctor at your next visit")


class _Wording(Protocol):
    """The language-specific texts :func:`long_date` and :func:`review_notice` read."""

    @property
    def months(self) -> tuple[str, ...]: ...
    @property
    def date_format(self) -> str: ...
    @property
    def draft_notice(self) -> str: ...
    @property
    def reviewed_notice(self) -> str: ...


class _SiteLike(_Wording, Protocol):
    """What this module reads from :class:`kiosk.core.content.Site` (read-only)."""

    @property
    def clinic_name(self) -> str: ...
    @property
    def clinic_phone(self) -> str: ...
    @property
    def emergency(self) -> str: ...
    @property
    def crisis(self) -> str: ...
    @property
    def poison_control(self) -> str: ...
    @property
    def clinical_review(self) -> ClinicalReview | None: ...


def long_date(day: dt.date, wording: _Wording | None = None) -> str:
    """``November 25, 2026`` (or ``25 de noviembre de 2026`` with Spanish ``wording``): no
    numbers-only date that a reader could misread, and no dependency on the system locale."""
    months = wording.months if wording is not None else MONTHS
    pattern = wording.date_format if wording is not None else DATE_FORMAT
    return pattern.format(month=months[day.month - 1], day=day.day, year=day.year)


def review_notice(review: ClinicalReview | None, wording: _Wording | None = None) -> str:
    """The sentence that says whether the pages were clinically reviewed, and by whom."""
    if review is None:
        return wording.draft_notice if wording is not None else DRAFT_NOTICE
    pattern = wording.reviewed_notice if wording is not None else REVIEWED_NOTICE
    return pattern.format(name=review.name, role=review.role,
                          date=long_date(review.date, wording))


def format_fields(text: str) -> set[str] | None:
    """The ``{names}`` a ``str.format`` pattern uses, or ``None`` if it is not a valid pattern."""
    try:
        return {name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def values(site: _SiteLike) -> dict[str, str]:
    """What each placeholder stands for, from ``site.yaml``."""
    return {
        "clinic_name": site.clinic_name,
        "clinic_phone": site.clinic_phone,
        "emergency": site.emergency,
        "crisis": site.crisis,
        "poison_control": site.poison_control,
        "clinical_review": review_notice(site.clinical_review, site),
    }


def fill(text: str, site: _SiteLike) -> str:
    """``text`` with every known placeholder replaced; unknown ones stay as written."""
    if "{{" not in text:
        return text
    known = values(site)
    return PLACEHOLDER.sub(lambda m: known.get(m.group(1), m.group(0)), text)


def unknown(text: str, site: _SiteLike) -> list[tuple[int, str]]:
    """(offset, name) of each placeholder in ``text`` that ``site.yaml`` does not define."""
    known = values(site)
    return [(m.start(), m.group(1)) for m in PLACEHOLDER.finditer(text)
            if m.group(1) not in known]


def parse_review(value: Any) -> tuple[ClinicalReview | None, str | None]:
    """A ``clinical_review`` mapping from YAML: (record, None) or (None, what is wrong)."""
    if not isinstance(value, Mapping):
        return None, "'clinical_review' must be a mapping with name, role and date"
    missing = [k for k in REVIEW_KEYS if k not in value]
    if missing:
        return None, f"'clinical_review' needs {', '.join(missing)}"
    texts = {k: " ".join(str(value[k]).split()) for k in ("name", "role")
             if isinstance(value[k], str)}
    if len(texts) < 2 or not all(texts.values()):
        return None, "'clinical_review' name and role must be text"
    day = value["date"]
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        return None, "'clinical_review' date must be a date written as YYYY-MM-DD"
    return ClinicalReview(texts["name"], texts["role"], day), None
