"""Soft hyphens for print: long words get U+00AD where the language's rules allow a break. No Qt.

Large print on Letter paper leaves room for few words a line, and Spanish words are long
("electromiografía", "fisioterapeuta"): without break points a line ends early and leaves a wide
gap. A soft hyphen is invisible unless the line breaks there, where a hyphen is printed. The
rules are pyphen's (the LibreOffice dictionaries; installed with textstat), chosen by the page's
language, so a new language needs no code as long as pyphen has its dictionary.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SOFT_HYPHEN = "\u00ad"
#: Words shorter than this are never hyphenated.
MIN_WORD = 10

_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD},}}")
_TOKEN = re.compile(r"\S+")
#: A token with one of these is a web or mail address: a hyphen in it would change it.
_ADDRESS = ("://", "www.", "@", "/", ".org", ".com", ".gov", ".edu", ".net")
_TAG = re.compile(r"(<[^>]*>)")
_HEADING = re.compile(r"<(/?)h[1-6]\b", re.IGNORECASE)


@cache
def _dictionary(language: str) -> Any:
    """pyphen's dictionary for ``language`` (``None`` if it has none)."""
    import pyphen

    code = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=code) if code else None


def hyphenate(text: str, language: str) -> str:
    """``text`` with soft hyphens in its long words (unchanged for a language without rules);
    web and mail addresses are left whole."""
    dictionary = _dictionary(language)
    if dictionary is None:
        return text

    def token(m: re.Match[str]) -> str:
        word = m.group()
        if any(a in word.lower() for a in _ADDRESS):
            return word
        return _WORD.sub(lambda w: str(dictionary.inserted(w.group(), hyphen=SOFT_HYPHEN)), word)

    return _TOKEN.sub(token, text)


def hyphenate_html(html: str, language: str) -> str:
    """Soft hyphens in the text of an HTML fragment: never in tags (or their attributes),
    entities or headings (a heading is short, and is what a reader or a search looks for)."""
    if _dictionary(language) is None:
        return html
    parts = _TAG.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            m = _HEADING.match(part)
            if m:
                depth = max(0, depth + (-1 if m.group(1) else 1))
        elif depth == 0 and part:
            parts[i] = hyphenate(part, language)
    return "".join(parts)
