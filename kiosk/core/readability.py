"""Plain-language measures for a Markdown page (reading level, sentence and section length).

A page is measured in its language: English with the Flesch-Kincaid grade, Spanish with the
INFLESZ scale (Szigriszt-Pazos, ``textstat`` with ``set_lang("es")``). textstat keeps its language
in a module-level object; this module never changes it, and measures each language with a
``textstatistics`` object of its own (see :func:`_stats`). Words are counted with a
Unicode-aware pattern, so "distonía" or "músculo" is one word.

No Qt here. Used by the content tests, by ``main.py check`` and by authors:

    python -m kiosk.core.readability content/treatments/*.md
    python -m kiosk.core.readability --lang es content/es/treatments/*.md
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import markdown

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|dd|dt|td|th|h[1-6])>", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
#: A word: a letter or digit (any script, accents included), then letters, digits, apostrophes
#: or hyphens.
_WORD = re.compile(r"[^\W_][^\W_'\u2019-]*(?:['\u2019-]+[^\W_]+)*['\u2019-]?")
#: textstat's language code for each content language measured (others get word counts only).
TEXTSTAT_LANG = {"en": "en_US", "es": "es"}


@dataclass(frozen=True)
class Readability:
    """Measures of one page's body text (headings excluded)."""

    grade: float  # Flesch-Kincaid grade level (English pages; 0.0 for other languages)
    words: int
    sentences: int
    average_sentence_words: float
    longest_sentence_words: int
    longest_sentence: str
    section_words: tuple[tuple[str, int], ...]  # (heading, words) for each ## / ### section
    language: str = "en"
    #: INFLESZ (Szigriszt-Pazos) score of a Spanish page, 0-100, higher is easier; else None.
    inflesz: float | None = None


def strip_front_matter(text: str) -> str:
    """Return the Markdown body without a leading YAML front-matter block."""
    return _FRONT_MATTER.sub("", text, count=1)


def body_sentences(body: str) -> list[str]:
    """Split the body text (no headings) into sentences; list items and cells count as sentences."""
    lines = [ln for ln in body.splitlines() if not ln.lstrip().startswith("#")]
    # Raw HTML is measured as the kiosk shows it, as text; escaping it also keeps
    # Python-Markdown's HTML parser (quadratic on unclosed tags) out of the way.
    text_only = "\n".join(lines).replace("<", "&lt;")
    html = markdown.markdown(text_only, extensions=["tables", "def_list", "attr_list"])
    html = _BLOCK_END.sub(lambda m: " \u2029 ", html)
    text = unescape(_TAG.sub(" ", html))
    sentences: list[str] = []
    for block in text.split("\u2029"):
        block = " ".join(block.split())
        if not block:
            continue
        for part in _SENTENCE_SPLIT.split(block):
            part = part.strip()
            if _WORD.search(part):
                sentences.append(part)
    return sentences


def _sections(body: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, list[str]]] = [("(top)", [])]
    for line in body.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*)", line)
        if m:
            sections.append((m.group(2).strip(), []))
        else:
            sections[-1][1].append(line)
    return [(h, "\n".join(b)) for h, b in sections if "\n".join(b).strip()]


@cache
def _stats(language: str) -> Any:
    """A textstat measurer of its own for ``language`` (textstat's shared one is never touched,
    so measuring a Spanish page cannot change how another caller measures English)."""
    import textstat  # imported lazily: it loads dictionaries

    stats = type(textstat.textstat)()  # a new ``textstatistics``, not the shared instance
    stats.set_lang(TEXTSTAT_LANG.get(language, "en_US"))
    return stats


def measure(text: str, language: str = "en") -> Readability:
    """Measure a Markdown page (front matter is ignored) written in ``language``."""
    body = strip_front_matter(text)
    sentences = body_sentences(body)
    # Every sentence ends with a full stop for textstat, so list items count as sentences.
    joined = " ".join(s if s[-1] in ".!?" else s + "." for s in sentences)
    counts = [len(_WORD.findall(s)) for s in sentences]
    words = sum(counts)
    longest = max(range(len(counts)), key=counts.__getitem__) if counts else -1
    grade = 0.0
    inflesz = None
    if joined and language == "en":
        grade = float(_stats("en").flesch_kincaid_grade(joined))
    elif language == "es":
        inflesz = round(float(_stats("es").szigriszt_pazos(joined)), 1) if joined else 0.0
    section_words = tuple(
        (heading, sum(len(_WORD.findall(s)) for s in body_sentences(chunk)))
        for heading, chunk in _sections(body)
    )
    return Readability(
        grade=round(grade, 1),
        words=words,
        sentences=len(sentences),
        average_sentence_words=round(words / len(sentences), 1) if sentences else 0.0,
        longest_sentence_words=counts[longest] if counts else 0,
        longest_sentence=sentences[longest] if counts else "",
        section_words=section_words,
        language=language,
        inflesz=inflesz,
    )


def main(argv: list[str] | None = None) -> int:
    """Print the measures of each Markdown file named on the command line."""
    args = list(argv if argv is not None else sys.argv[1:])
    language = "en"
    if args[:1] == ["--lang"] and len(args) > 1:
        language, args = args[1], args[2:]
    for path in (Path(a) for a in args):
        r = measure(path.read_text(encoding="utf-8"), language)
        big = [f"{h!r}={n}" for h, n in r.section_words if n > 150]
        level = f"INFLESZ {r.inflesz}" if r.inflesz is not None else f"grade {r.grade}"
        print(
            f"{path}: {level}, {r.words} words, avg sentence {r.average_sentence_words}, "
            f"longest {r.longest_sentence_words}"
            + (f", sections over 150 words: {', '.join(big)}" if big else "")
        )
        if r.longest_sentence_words > 25:
            print(f"    longest: {r.longest_sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
