"""Soft hyphens for print and screen: long words get U+00AD where the language's rules allow a
break. No Qt.

Large print on Letter paper leaves room for few words a line, and Spanish words are long
("electromiografía", "fisioterapeuta"): without break points a line ends early and leaves a wide
gap. A soft hyphen is invisible unless the line breaks there, where a hyphen is printed. The
rules are pyphen's (the LibreOffice dictionaries; installed with textstat), chosen by the page's
language, so a new language needs no code as long as pyphen has its dictionary.

On screen (:func:`breakable`) the same break points let a word wider than its box (a heading at
200 percent text on an 800x480 panel: "Temporomandibular", "Blepharospasm") wrap instead of being
cut; web addresses get zero-width spaces instead, so no hyphen appears in them. :func:`plain`
takes both out again (for speech, accessible names and comparisons).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SOFT_HYPHEN = "\u00ad"
#: A break point that shows nothing: used in web addresses, where a hyphen would change them.
ZERO_WIDTH_SPACE = "\u200b"
#: Words shorter than this are never hyphenated.
MIN_WORD = 10

_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD},}}")
#: Medical words broken where their parts meet ("blepharo-spasm"), which the general rules miss
#: ("Bleph-arospasm"): read as parts, a broken word is still recognisable. Lower case, ``-`` for
#: each break point; English and Spanish.
_MEDICAL = {part.replace("-", ""): part for part in (
    "blepharo-spasm", "blefaro-espasmo", "deu-tetra-benazine", "deu-tetra-benazina",
    "tetra-benazine", "tetra-benazina", "electro-myography", "electro-miografía",
    "oro-mandibular", "temporo-mandibular", "trihexy-phenidyl", "trihexi-fenidilo",
)}
_TOKEN = re.compile(r"\S+")
#: A token with one of these is a web or mail address: a hyphen in it would change it.
_ADDRESS = ("://", "www.", "@", "/", ".org", ".com", ".gov", ".edu", ".net")
_ADDRESS_BREAK = re.compile(r"(?<=[./@-])(?=[^\s./@-])")
_TAG = re.compile(r"(<[^>]*>)")
_HEADING = re.compile(r"<(/?)h[1-6]\b", re.IGNORECASE)


@cache
def _dictionary(language: str) -> Any:
    """pyphen's dictionary for ``language`` (``None`` if it has none)."""
    import pyphen

    code = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=code) if code else None


def _break_word(word: str, dictionary: Any, mark: str) -> str:
    """``word`` with ``mark`` at its break points: a medical word's parts, else the rules'."""
    parts = _MEDICAL.get(word.lower())
    if parts is None:
        return str(dictionary.inserted(word, hyphen=mark))
    out, at = [], 0
    for piece in parts.split("-"):
        out.append(word[at:at + len(piece)])
        at += len(piece)
    return mark.join(out)


def hyphenate(text: str, language: str) -> str:
    """``text`` with soft hyphens in its long words (unchanged for a language without rules);
    web and mail addresses are left whole."""
    dictionary = _dictionary(language)
    if dictionary is None:
        return text

    def token(m: re.Match[str]) -> str:
        word = m.group()
        if _is_address(word):
            return word
        return _WORD.sub(lambda w: _break_word(w.group(), dictionary, SOFT_HYPHEN), word)

    return _TOKEN.sub(token, text)


def _is_address(word: str) -> bool:
    return any(a in word.lower() for a in _ADDRESS)


def breakable(text: str, language: str) -> str:
    """``text`` for a screen label that may be narrower than its longest word: soft hyphens in
    long words (as :func:`hyphenate`), and in web and mail addresses zero-width spaces after each
    ``.``, ``/``, ``@`` and ``-`` and between the syllables of their long words (a line may then
    break there, with no mark that could be mistaken for part of the address)."""
    dictionary = _dictionary(language)

    def token(m: re.Match[str]) -> str:
        word = m.group()
        if not _is_address(word):
            return word if dictionary is None else _WORD.sub(
                lambda w: _break_word(w.group(), dictionary, SOFT_HYPHEN), word)
        word = _ADDRESS_BREAK.sub(ZERO_WIDTH_SPACE, word)
        if dictionary is None:
            return word
        return _WORD.sub(lambda w: _break_word(w.group(), dictionary, ZERO_WIDTH_SPACE), word)

    return _TOKEN.sub(token, text)


def plain(text: str) -> str:
    """``text`` without the break points :func:`breakable` put in (what is read aloud)."""
    return text.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, "")


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
