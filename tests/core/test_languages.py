"""Content per language: language trees, fallback pages, and site.yaml wording as data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.core.content import ContentError
from kiosk.core.languages import available_languages
from kiosk.core.loader import load_languages, load_library
from kiosk.core.render import PageRenderer
from kiosk.core.sessions import load_library_sessions
from kiosk.core.sitedata import long_date, review_notice
from tests.conftest import write_page

ES_SITE = """\
language: "es"
title: "Entender la distonía"
fallback_note: "Esta página aún no está traducida. Se muestra en inglés."
help_section:
  heading: "Cuándo pedir ayuda"
  levels:
    - "Llame al {{ emergency }} ahora"
    - "Llame a la clínica hoy"
    - "Dígaselo a su médico en la próxima cita"
months: [enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, octubre,
         noviembre, diciembre]
date_format: "{day} de {month} de {year}"
draft_notice: "Estas páginas son un borrador."
reviewed_notice: "{name}, {role}, revisó estas páginas el {date}."
handout:
  contents: "En este folleto"
"""


def make_tree(root: Path, *, es: bool = True) -> Path:
    """An English tree with two sections and a Spanish tree translating one page of one."""
    (root / "site.yaml").write_text('language: "en"\nclinic_phone: "859-323-5661"\n',
                                    encoding="utf-8")
    (root / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (root / "glossary.yaml").write_text("- term: spasm\n  definition: A tight muscle.\n",
                                        encoding="utf-8")
    (root / "forms").mkdir()
    (root / "forms" / "_section.yaml").write_text("title: Forms\norder: 1\n", encoding="utf-8")
    write_page(root / "forms", "neck", title="Neck", order=1,
               body="## Key points\n\nA spasm (espasmo, in Spanish).\n")
    write_page(root / "forms", "eyes", title="Eyes", order=2)
    (root / "living").mkdir()
    (root / "living" / "_section.yaml").write_text("title: Living\norder: 2\n", encoding="utf-8")
    write_page(root / "living", "pain", title="Pain")
    if es:
        es_root = root / "es"
        es_root.mkdir()
        (es_root / "site.yaml").write_text(ES_SITE, encoding="utf-8")
        (es_root / "glossary.yaml").write_text(
            "- term: espasmo\n  definition: Un músculo tenso.\n", encoding="utf-8")
        (es_root / "forms").mkdir()
        (es_root / "forms" / "_section.yaml").write_text("title: Tipos\norder: 1\n",
                                                         encoding="utf-8")
        write_page(es_root / "forms", "eyes", title="Ojos", order=2,
                   body="## Puntos clave\n\nUn espasmo del párpado. Vea [el cuello](neck.md).\n")
    return root


def test_english_loader_does_not_take_a_language_tree_for_a_section(tmp_path: Path) -> None:
    """content/es/ (a folder with its own site.yaml) is not a section of the English kiosk."""
    library = load_library(make_tree(tmp_path))
    assert [s.id for s in library.sections] == ["forms", "living"]
    assert not library.findings
    assert available_languages(tmp_path) == ("es",)


def test_english_start_up_reads_nothing_of_the_spanish_tree(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading only English lists no folder and reads no file under es/ (one stat of its
    site.yaml tells it from a section), so a second language costs English start-up nothing."""
    import os

    from kiosk.core import loader

    root = make_tree(tmp_path)
    touched: list[str] = []
    real_scandir, real_read = os.scandir, loader._Loader.read_text

    def scandir(path: object) -> object:
        touched.append(str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    def read_text(self: object, path: Path, limit: int | None = None) -> str | None:
        touched.append(str(path))
        return real_read(self, path, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(loader.os, "scandir", scandir)
    monkeypatch.setattr(loader._Loader, "read_text", read_text)
    library = load_library(root)
    assert not library.findings and library.language == "en"
    es = str(root.resolve() / "es")
    assert touched and not [p for p in touched if p == es or p.startswith(es + os.sep)]


def test_spanish_library_falls_back_to_english_pages(tmp_path: Path) -> None:
    """Untranslated pages and sections come from English, marked; translated ones are Spanish."""
    libraries = load_languages(make_tree(tmp_path), ["en", "es"])
    es = libraries["es"]
    assert es.language == "es" and es.fallback is libraries["en"]
    assert [p.id for p in es.pages] == ["forms/neck", "forms/eyes", "living/pain"]
    eyes, neck, pain = es.page("forms/eyes"), es.page("forms/neck"), es.page("living/pain")
    assert eyes is not None and neck is not None and pain is not None
    assert (eyes.title, eyes.language, eyes.fallback) == ("Ojos", "es", False)
    assert (neck.title, neck.language, neck.fallback) == ("Neck", "en", True)
    assert pain.fallback and es.section("living").fallback  # type: ignore[union-attr]
    assert es.section("forms").title == "Tipos"  # type: ignore[union-attr]
    assert [p.id for p in es.own_pages] == ["forms/eyes"]
    assert es.site.fallback_note.startswith("Esta página")
    assert es.site.clinic_phone == "859-323-5661"  # not in es/site.yaml: the English value
    assert es.organisations == libraries["en"].organisations  # no es/resources.yaml yet
    assert [t.term for t in es.glossary] == ["espasmo"]


def test_spanish_glossary_terms_are_tap_to_define_in_spanish_pages(tmp_path: Path) -> None:
    """The renderer links the Spanish glossary's terms, and links to untranslated pages work."""
    es = load_languages(make_tree(tmp_path), ["es"])["es"]
    html = PageRenderer(es).html(es.page("forms/eyes"))  # type: ignore[arg-type]
    assert 'href="kiosk:term/espasmo"' in html
    assert 'href="kiosk:page/forms/neck"' in html
    neck = es.page("forms/neck")  # English, standing in: Spanish terms are not marked in it
    assert neck is not None and neck.fallback
    assert "kiosk:term/" not in PageRenderer(es).html(neck)


def test_a_language_tree_with_no_pages_yet_still_loads(tmp_path: Path) -> None:
    """A Spanish tree with only its site.yaml shows every page in English, each marked."""
    root = make_tree(tmp_path, es=False)
    (root / "es").mkdir()
    (root / "es" / "site.yaml").write_text('language: "es"\n', encoding="utf-8")
    es = load_languages(root)["es"]
    assert es.pages and all(p.fallback for p in es.pages)


def test_unknown_language_is_a_content_error(tmp_path: Path) -> None:
    """Asking for a language with no tree says which folder and file are missing."""
    with pytest.raises(ContentError, match="'fr'"):
        load_languages(make_tree(tmp_path), ["fr"])


def test_spanish_wording_comes_from_site_yaml(tmp_path: Path) -> None:
    """Dates, notices, help headings and handout texts are data: no code for a language."""
    es = load_languages(make_tree(tmp_path), ["es"])["es"]
    day = dt.date(2026, 11, 29)
    assert long_date(day, es.site) == "29 de noviembre de 2026"
    assert long_date(day) == "November 29, 2026"
    assert review_notice(None, es.site) == "Estas páginas son un borrador."
    assert es.site.help_section.heading == "Cuándo pedir ayuda"
    assert es.site.handout_text("contents") == "En este folleto"
    assert es.site.handout_text("questions") == "Questions for my doctor"  # default


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("months: [enero]\n", "twelve month names"),
    ('date_format: "{dia} de {month}"\n', "'date_format' must be text using only"),
    ("help_section: {heading: Ayuda, levels: [a, b]}\n", "'help_section' must be a mapping"),
    ('handout: {cover: "x"}\n', "unknown text 'cover'"),
    ('handout: {call_us: "Llame a {clinica}"}\n', "using only {clinic}, {phone}"),
])
def test_wrong_wording_keys_are_reported(tmp_path: Path, yaml_text: str, message: str) -> None:
    """A wording key the code could not use is an error naming the key; the default stays."""
    root = make_tree(tmp_path)
    (root / "es" / "site.yaml").write_text('language: "es"\n' + yaml_text, encoding="utf-8")
    es = load_languages(root, ["es"])["es"]
    assert any(message in f.message and f.path == "site.yaml" and f.line == 2
               for f in es.findings), es.findings


def test_sessions_per_language(tmp_path: Path) -> None:
    """A Spanish library lists its own sessions and the English ones not translated yet."""
    root = make_tree(tmp_path)
    for folder, name, title in ((root, "one", "One"), (root, "two", "Two"),
                                (root / "es", "two", "Dos")):
        (folder / "sessions").mkdir(exist_ok=True)
        (folder / "sessions" / f"{name}.md").write_text(
            f"---\ntitle: {title}\naudience: x\nminutes: 5\nreviewed: 2026-11-01\n"
            "steps:\n  - page: forms/eyes\n---\n", encoding="utf-8")
    es = load_languages(root, ["es"])["es"]
    sessions, findings = load_library_sessions(es)
    assert not findings
    assert [(s.id, s.title, s.fallback) for s in sessions] == [("two", "Dos", False),
                                                               ("one", "One", True)]
