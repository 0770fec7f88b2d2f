"""Site-wide facts that pages refer to: phone numbers, the clinical review, ``{{ placeholders }}``.

Numbers live once in ``site.yaml``; a page writes ``{{ clinic_phone }}``, ``{{ emergency }}``,
``{{ crisis }}`` or ``{{ poison_control }}`` and the renderer fills them in, so a changed number
is changed everywhere at once. ``{{ clinical_review }}`` becomes one sentence saying who reviewed
the pages and when, or, until ``site.yaml`` records a review, that they are an unreviewed draft.

An unknown placeholder is left as it is at run time (never a crash, never a silent blank); the
``check`` command reports it as an error. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

#: ``{{ name }}`` with optional spaces; names are lower case with underscores.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: The keys a ``clinical_review`` record must have.
REVIEW_KEYS = ("name", "role", "date")

DRAFT_NOTICE = ("These pages are a draft. We wrote them from the sources listed on each page. "
                "The clinic's clinicians have not yet reviewed them.")
REVIEWED_NOTICE = "{name}, {role}, reviewed these pages for the clinic on {date}."


@dataclass(frozen=True)
class ClinicalReview:
    """Who signed the pages off for the clinic, in what role, and on what date."""

    name: str
    role: str
    date: dt.date


class _SiteLike(Protocol):
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


def long_date(day: dt.date) -> str:
    """``November 25, 2026``: no numbers-only date that a reader could misread."""
    return f"{day:%B} {day.day}, {day.year}"


def review_notice(review: ClinicalReview | None) -> str:
    """The sentence that says whether the pages were clinically reviewed, and by whom."""
    if review is None:
        return DRAFT_NOTICE
    return REVIEWED_NOTICE.format(name=review.name, role=review.role,
                                  date=long_date(review.date))


def values(site: _SiteLike) -> dict[str, str]:
    """What each placeholder stands for, from ``site.yaml``."""
    return {
        "clinic_name": site.clinic_name,
        "clinic_phone": site.clinic_phone,
        "emergency": site.emergency,
        "crisis": site.crisis,
        "poison_control": site.poison_control,
        "clinical_review": review_notice(site.clinical_review),
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
