"""The bundled pages meet the plain-language standard (accessibility guide T28-T36)."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

from kiosk.core.content import Library, Page
from kiosk.core.loader import NON_SECTION_DIRS
from kiosk.core.readability import body_sentences, measure
from tests.conftest import CONTENT

FACTS = Path(__file__).resolve().parents[3] / "shared" / "guide" / "dystonia-facts.md"
_PAGES = sorted(p for p in CONTENT.glob("*/*.md")
                if not p.name.startswith("_") and p.parent.name not in NON_SECTION_DIRS)
_IDS = [p.relative_to(CONTENT).as_posix() for p in _PAGES]
_PASSIVE = re.compile(r"\b(is|are|was|were|be|been|being|get|gets|got)\s+(\w+ed|made|done|given|"
                      r"seen|known|found|taken|shown|told|held|kept|put|set|hurt)\b", re.I)
_GENERIC_HEADINGS = {"overview", "more information", "introduction", "details", "other", "misc",
                     "information", "general"}


def _page(library: Library, path: Path) -> Page:
    page = library.page(f"{path.parent.name}/{path.stem}")
    assert page is not None, f"{path} did not load"
    return page


def _sections(page: Page) -> list[tuple[str, str]]:
    parts = re.split(r"^(#{2,3})\s+(.+)$", page.body, flags=re.M)
    return [(parts[i + 1].strip(), parts[i + 2]) for i in range(1, len(parts) - 2, 3)]


def test_there_are_enough_pages(library: Library) -> None:
    """The library covers every form and treatment the clinic asked for."""
    ids = {p.id for p in library.pages}
    for needed in ("forms/cervical-dystonia", "forms/blepharospasm", "forms/meige-syndrome",
                   "forms/oromandibular-dystonia", "forms/spasmodic-dysphonia",
                   "forms/task-specific-dystonia", "forms/limb-dystonia",
                   "forms/early-onset-generalized-dystonia", "forms/dopa-responsive-dystonia",
                   "forms/drug-induced-dystonia", "forms/paroxysmal-dystonia",
                   "treatments/botulinum-toxin", "treatments/medicines",
                   "treatments/deep-brain-stimulation", "treatments/other-surgery",
                   "treatments/therapy", "living/questions-for-your-doctor",
                   "help/about-this-information", "about/how-dystonia-is-grouped"):
        assert needed in ids


def test_reading_grade(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    """Every page is at Flesch-Kincaid grade 8 or below; the median page at 6 or below (T28)."""
    grades = {}
    for path in _PAGES:
        grades[path.relative_to(CONTENT).as_posix()] = measure(path.read_text("utf-8")).grade
    with capsys.disabled():
        print("\nReading grade (Flesch-Kincaid) per page:")
        for name, grade in sorted(grades.items(), key=lambda kv: kv[1], reverse=True):
            print(f"  {grade:4.1f}  {name}")
        print(f"  median {statistics.median(grades.values()):.1f}")
    too_hard = {n: g for n, g in grades.items() if g > 8}
    assert not too_hard
    assert statistics.median(grades.values()) <= 6


@pytest.mark.parametrize("path", _PAGES, ids=_IDS)
def test_sentences_are_short(path: Path) -> None:
    """Sentences average 15 words or fewer and none is over 25 (T29)."""
    result = measure(path.read_text("utf-8"))
    assert result.average_sentence_words <= 15
    assert result.longest_sentence_words <= 25, result.longest_sentence


@pytest.mark.parametrize("path", _PAGES, ids=_IDS)
def test_structure(library: Library, path: Path) -> None:
    """Key points first, informative headings, short sections, numbered actions (T30-T32)."""
    page = _page(library, path)
    assert not re.search(r"^#\s", page.body, re.M), "the title is shown by the app; no # heading"
    assert not re.search(r"^#{4,}\s", page.body, re.M), "at most three heading levels"
    sections = _sections(page)
    headings = [h for h, _ in sections]
    assert headings[0] == "Key points"
    assert len(body_sentences(sections[0][1])) and \
        sum(len(s.split()) for s in body_sentences(sections[0][1])) <= 60
    assert "What you can do" in headings
    actions = dict(sections)["What you can do"]
    assert re.search(r"^1\.\s", actions, re.M), "numbered steps"
    informative = [h for h in headings if h.lower() not in _GENERIC_HEADINGS]
    assert len(informative) >= 3
    for heading, text in sections:
        words = sum(len(s.split()) for s in body_sentences(text))
        assert words <= 150, f"section {heading!r} has {words} words"


@pytest.mark.parametrize("path", _PAGES, ids=_IDS)
def test_numbers_are_plain(library: Library, path: Path) -> None:
    """No percentages, decimals or symbols a speech engine would stumble on (T34)."""
    body = _page(library, path).body
    text = re.sub(r"\]\([^)]*\)", "]", body)  # link targets are not read
    assert "%" not in text
    assert not re.search(r"\d\.\d", text)
    for symbol in ("->", "&", "~", "e.g.", "i.e."):
        assert symbol not in text


@pytest.mark.parametrize("path", _PAGES, ids=_IDS)
def test_mostly_active_voice(library: Library, path: Path) -> None:
    """At least 80 percent of sentences are active (T35, a simple heuristic)."""
    sentences = body_sentences(_page(library, path).body)
    passive = [s for s in sentences if _PASSIVE.search(s)]
    assert len(passive) <= 0.2 * len(sentences), passive


@pytest.mark.parametrize("path", _PAGES, ids=_IDS)
def test_front_matter_is_complete(library: Library, path: Path) -> None:
    """Every page has title, summary, order, reviewed date and sources."""
    page = _page(library, path)
    assert page.title and page.summary and len(page.summary) <= 70
    assert isinstance(page.order, int) and page.reviewed is not None
    assert page.sources


@pytest.mark.skipif(not FACTS.exists(), reason="the shared fact checklist is not beside the repo")
def test_fact_references_exist(library: Library) -> None:
    """Each page's `facts` list names items that exist in the fact checklist."""
    text = FACTS.read_text("utf-8")
    numbers = {int(n) for n in re.findall(r"^(\d+)\. ", text, re.M)}
    misconceptions = set(re.findall(r"^(M\d+)\. ", text, re.M))
    for page in library.pages:
        for item in page.meta.get("facts", []):
            assert item in numbers or str(item) in misconceptions, (page.id, item)


@pytest.mark.parametrize("path", _PAGES, ids=_IDS)
def test_acronyms_are_spelled_out(library: Library, path: Path) -> None:
    """The first use of an acronym on a page comes with its full name in brackets (T33)."""
    body = _page(library, path).body
    text = re.sub(r"\]\([^)]*\)", "]", body)
    allowed = {"US", "UK", "OK", "TV", "I"}
    for acronym in dict.fromkeys(re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)):
        if acronym in allowed or acronym.isdigit():
            continue
        first = text.index(acronym)
        assert text[first - 1] == "(" or f"({acronym})" in text[: first + len(acronym) + 1] or \
            re.search(r"\b" + acronym + r"\b", library_glossary_terms(library)), (acronym, path)


def library_glossary_terms(library: Library) -> str:
    return " ".join(t.term for t in library.glossary)


def test_glossary_definitions_are_short_and_unique(library: Library) -> None:
    """Each glossary word has one short plain definition (at most 25 words)."""
    assert len(library.glossary) >= 50
    names = [t.term.lower() for t in library.glossary]
    assert len(names) == len(set(names))
    for term in library.glossary:
        assert len(term.definition.split()) <= 30, term.term


def test_no_misconceptions(library: Library) -> None:
    """None of the fact checklist's misconceptions appears as a claim (a phrase list)."""
    wrong = [r"botulinum toxin (cures|is a cure)", r"dbs (cures|is a cure)",
             r"always spreads", r"is (just|only) (stress|nerves|in your head)",
             r"stop (taking )?your (medicine|antipsychotic) (yourself|on your own)\b(?! )",
             r"levodopa is only for parkinson", r"dystonia is fatal", r"eyes are diseased"]
    quoting = ("you may hear", "people say", "some people think", "myth")
    for page in library.pages:
        for sentence in body_sentences(page.body):
            lowered = sentence.lower()
            if any(q in lowered for q in quoting):
                continue  # the myths page quotes a myth to correct it
            for pattern in wrong:
                assert not re.search(pattern, lowered), (page.id, sentence)


def test_resources_match_the_fact_checklist(library: Library) -> None:
    """The clinic comes first with its phone number; each organisation has a website."""
    first = library.organisations[0]
    assert first.name == "UK Movement Disorders Clinic" and first.phone == "859-323-5661"
    names = {o.name for o in library.organisations}
    for needed in ("Dystonia Medical Research Foundation",
                   "National Institute of Neurological Disorders and Stroke",
                   "International Parkinson and Movement Disorder Society",
                   "Benign Essential Blepharospasm Research Foundation",
                   "Dysphonia International", "National Spasmodic Torticollis Association"):
        assert needed in names
    assert all(o.website for o in library.organisations)
