"""The bundled pages meet the plain-language standard (accessibility guide T28-T36).

The second half holds the Spanish pages to the same standard, in Spanish. It covers every
Spanish patient page (``content/es/<section>/<page>.md``, whatever the translators have
written so far), and the small fixture tree ``tests/data/languages`` so that the mechanics are
tested even before ``content/es/`` exists. Which English checks apply to Spanish:

- as they are: sentence length (T29), section length, three informative headings and at most
  ``###`` (T30-T32), plain numbers (T34, plus "p. ej."), acronyms spelled out or in the
  glossary (T33, against the Spanish glossary), short unique glossary definitions;
- with a Spanish equivalent: reading level is INFLESZ (Szigriszt-Pazos) >= 55 on every page
  and a median >= 65 (the English grade 8 / median 6 budget); the "Key points" and "What you
  can do" headings are the tree's ``key_points_heading``/``actions_heading`` (site.yaml);
  passive voice counts "ser" + participle ("es causada"), not "estar" + participle, which is a
  state; misconceptions are a Spanish phrase list with Spanish quoting phrases;
- skipped: the English passive regex, the English misconception phrases, the resources list
  (``content/es/resources.yaml`` names the same organisations, in Spanish), and the page list
  and fact references (a translation has the English page's id and ``facts``).

The front matter must also say what the page translates (translation_of, translated_by,
translated); whether the translation is current is ``check``'s job (a warning, an error with
--strict), not a test's, so an English edit does not break the build.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from pathlib import Path

import pytest

from kiosk.core.content import Library, Page
from kiosk.core.languages import is_language_tree
from kiosk.core.loader import NON_SECTION_DIRS, load_languages
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


# -- Spanish pages -------------------------------------------------------------------------------

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "languages"
_ES_ROOTS = [root for root in (CONTENT, FIXTURE) if (root / "es").is_dir() and
             is_language_tree(root / "es")]


def _es_pages(root: Path) -> list[Path]:
    es = root / "es"
    return sorted(p for p in es.glob("*/*.md")
                  if not p.name.startswith("_") and p.parent.name not in NON_SECTION_DIRS)


_ES_CASES = [(root, path) for root in _ES_ROOTS for path in _es_pages(root)]
_ES_IDS = [("fixture:" if root == FIXTURE else "") + path.relative_to(root).as_posix()
           for root, path in _ES_CASES]
_ES_PASSIVE = re.compile(r"\b(es|son|fue|fueron|era|eran|será|serán|ser|sido|sea|sean)\s+"
                         r"(\w+(?:ad|id)[oa]s?)\b", re.I)
_ES_MISCONCEPTIONS = [r"toxina botulínica (cura|es una cura)",
                      r"estimulación cerebral profunda (cura|es una cura)",
                      r"siempre se extiende", r"es (solo|sólo) (estrés|nervios|de la cabeza)",
                      r"la distonía es mortal", r"levodopa (solo|sólo) sirve para (el )?parkinson",
                      r"los ojos están enfermos"]
_ES_QUOTING = ("tal vez oiga", "puede oír", "la gente dice", "algunas personas piensan", "mito")


_es_libraries: dict[Path, Library] = {}


def _es_library(root: Path) -> Library:
    """The Spanish library of a content root (loaded once per test run)."""
    if root not in _es_libraries:
        _es_libraries[root] = load_languages(root, ["es"])["es"]
    return _es_libraries[root]


def _es_page(root: Path, path: Path) -> tuple[Library, Page]:
    library = _es_library(root)
    page = library.page(f"{path.parent.name}/{path.stem}")
    assert page is not None and not page.fallback, f"{path} did not load"
    return library, page


def test_spanish_fixture_is_there() -> None:
    """The fixture tree keeps the Spanish tests below from running on nothing."""
    assert FIXTURE in _ES_ROOTS and _es_pages(FIXTURE)


@pytest.mark.parametrize("root", _ES_ROOTS, ids=lambda r: "fixture" if r == FIXTURE else "es")
def test_spanish_reading_level(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every Spanish page at INFLESZ 55 or above; the median page at 65 or above (T28)."""
    scores = {}
    for path in _es_pages(root):
        result = measure(path.read_text("utf-8"), "es")
        assert result.inflesz is not None
        scores[path.relative_to(root).as_posix()] = result.inflesz
    with capsys.disabled():
        print(f"\nReading level (INFLESZ, higher is easier) per Spanish page of {root.name}:")
        for name, score in sorted(scores.items(), key=lambda kv: kv[1]):
            print(f"  {score:5.1f}  {name}")
        print(f"  median {statistics.median(scores.values()):.1f}")
    too_hard = {n: g for n, g in scores.items() if g < 55}
    assert not too_hard
    assert statistics.median(scores.values()) >= 65


@pytest.mark.parametrize(("root", "path"), _ES_CASES, ids=_ES_IDS)
def test_spanish_sentences_are_short(root: Path, path: Path) -> None:
    """Spanish sentences average 15 words or fewer and none is over 25 (T29)."""
    result = measure(path.read_text("utf-8"), "es")
    assert result.average_sentence_words <= 15
    assert result.longest_sentence_words <= 25, result.longest_sentence


@pytest.mark.parametrize(("root", "path"), _ES_CASES, ids=_ES_IDS)
def test_spanish_structure(root: Path, path: Path) -> None:
    """Puntos clave first, Qué puede hacer with steps, short sections: headings from site.yaml."""
    library, page = _es_page(root, path)
    key_points, actions = library.site.key_points_heading, library.site.actions_heading
    assert key_points != "Key points", "es/site.yaml needs key_points_heading"
    assert not re.search(r"^#\s", page.body, re.M), "the title is shown by the app; no # heading"
    assert not re.search(r"^#{4,}\s", page.body, re.M), "at most three heading levels"
    sections = _sections(page)
    headings = [h for h, _ in sections]
    assert headings[0] == key_points
    assert sum(len(s.split()) for s in body_sentences(sections[0][1])) <= 60
    assert actions in headings
    assert re.search(r"^1\.\s", dict(sections)[actions], re.M), "numbered steps"
    assert len(set(headings)) >= 3
    for heading, text in sections:
        words = sum(len(s.split()) for s in body_sentences(text))
        assert words <= 150, f"section {heading!r} has {words} words"


@pytest.mark.parametrize(("root", "path"), _ES_CASES, ids=_ES_IDS)
def test_spanish_numbers_are_plain(root: Path, path: Path) -> None:
    """No percentages, decimals or symbols a speech engine would stumble on (T34)."""
    text = re.sub(r"\]\([^)]*\)", "]", _es_page(root, path)[1].body)
    assert "%" not in text
    assert not re.search(r"\d[.,]\d(?!\d\d)", text)
    for symbol in ("->", "&", "~", "p. ej.", "e.g.", "i.e."):
        assert symbol not in text


@pytest.mark.parametrize(("root", "path"), _ES_CASES, ids=_ES_IDS)
def test_spanish_mostly_active_voice(root: Path, path: Path) -> None:
    """At most 20 percent of sentences in the "ser" + participle passive (T35, a heuristic)."""
    sentences = body_sentences(_es_page(root, path)[1].body)
    passive = [s for s in sentences if _ES_PASSIVE.search(s)]
    assert len(passive) <= 0.2 * len(sentences), passive


@pytest.mark.parametrize(("root", "path"), _ES_CASES, ids=_ES_IDS)
def test_spanish_front_matter_is_complete(root: Path, path: Path) -> None:
    """Title, summary, order, reviewed, sources, and what it translates, by whom and when."""
    _library, page = _es_page(root, path)
    assert page.title and page.summary and len(page.summary) <= 70
    assert isinstance(page.order, int) and page.reviewed is not None
    assert page.sources
    assert re.fullmatch(r"[0-9a-f]{12}", str(page.meta.get("translation_of", "")))
    assert isinstance(page.meta.get("translated_by"), str) and page.meta["translated_by"].strip()
    assert isinstance(page.meta.get("translated"), dt.date)
    english = root / f"{page.id}.md"
    assert english.is_file(), f"translates {english}, which does not exist"


@pytest.mark.parametrize(("root", "path"), _ES_CASES, ids=_ES_IDS)
def test_spanish_acronyms_are_spelled_out(root: Path, path: Path) -> None:
    """The first use of an acronym comes with its name in brackets, or is in the glossary."""
    library, page = _es_page(root, path)
    text = re.sub(r"\]\([^)]*\)", "]", page.body)
    allowed = {"US", "UK", "OK", "TV", "EE", "UU"}
    for acronym in dict.fromkeys(re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)):
        if acronym in allowed or acronym.isdigit():
            continue
        first = text.index(acronym)
        assert text[first - 1] == "(" or f"({acronym})" in text[: first + len(acronym) + 1] or \
            re.search(r"\b" + acronym + r"\b", library_glossary_terms(library)), (acronym, path)


@pytest.mark.parametrize("root", _ES_ROOTS, ids=lambda r: "fixture" if r == FIXTURE else "es")
def test_spanish_glossary_and_misconceptions(root: Path) -> None:
    """Short unique Spanish definitions; no misconception stated as a claim (Spanish phrases)."""
    library = _es_library(root)
    names = [t.term.lower() for t in library.glossary]
    assert len(names) == len(set(names))
    for term in library.glossary:
        assert len(term.definition.split()) <= 30, term.term
    for page in library.own_pages:
        for sentence in body_sentences(page.body):
            lowered = sentence.lower()
            if any(q in lowered for q in _ES_QUOTING):
                continue  # the myths page quotes a myth to correct it
            for pattern in _ES_MISCONCEPTIONS:
                assert not re.search(pattern, lowered), (page.id, sentence)


def test_spanish_checks_catch_a_broken_page(tmp_path: Path) -> None:
    """The Spanish measures fail where they should: a long, hard page without its headings."""
    hard = ("La electromiografía intraoperatoria multicanal proporciona información "
            "neurofisiológica extraordinariamente pormenorizada sobre la actividad "
            "electromiográfica involuntaria característica, permitiendo caracterizaciones "
            "individualizadas considerablemente exhaustivas, sistemáticamente documentadas "
            "mediante metodologías estandarizadas internacionalmente.")
    result = measure(f"## Resumen\n\n{hard}\n", "es")
    assert result.inflesz is not None and result.inflesz < 55
    assert result.longest_sentence_words > 25
    assert _ES_PASSIVE.search("La distonía es causada por el cerebro.")
    assert not _ES_PASSIVE.search("Usted está cansado.")
