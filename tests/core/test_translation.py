"""`check` on a language tree: stale, unrecorded, orphaned and missing translations, with lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.core.check import run_check
from kiosk.core.config import KioskConfig
from kiosk.core.translation import source_hash
from tests.conftest import write_page
from tests.core.test_languages import make_tree

TODAY = dt.date(2026, 11, 29)


def _translate(root: Path, page_id: str, **meta: object) -> Path:
    """Write es/<page_id>.md as an up-to-date translation (front matter overridable)."""
    section, name = page_id.split("/")
    values: dict[str, object] = {
        "title": f"Página {name}", "translation_of": source_hash(root / f"{page_id}.md"),
        "translated_by": "Prueba", "translated": dt.date(2026, 11, 29)}
    values.update(meta)
    return write_page(root / "es" / section, name, body="## Puntos clave\n\nTexto.\n",
                      **values)


def _tree(tmp_path: Path) -> Path:
    """Every English page translated and current: check finds nothing about translations."""
    root = make_tree(tmp_path)
    (root / "es" / "forms" / "eyes.md").unlink()
    for page_id in ("forms/neck", "forms/eyes", "living/pain"):
        _translate(root, page_id)
    (root / "es" / "living" / "_section.yaml").write_text("title: Vivir\norder: 2\n",
                                                          encoding="utf-8")
    return root


def _check(root: Path, strict: bool = False) -> tuple[int, list[str]]:
    """Exit code and findings, without the draft notices and es/site.yaml's wording warnings
    (the test tree's es/site.yaml sets only some wording keys; see the last test)."""
    code, text = run_check(root, KioskConfig(), strict=strict, today=TODAY)
    return code, [line for line in text.splitlines()[:-1] if "clinical_review" not in line
                  and not line.startswith("es/site.yaml:0:")]


def test_current_translations_pass(tmp_path: Path) -> None:
    """A complete, current translation adds no finding, and its pages are counted."""
    code, lines = _check(_tree(tmp_path))
    assert (code, lines) == (0, [])
    (tmp_path / "b").mkdir()
    assert run_check(_tree(tmp_path / "b"), KioskConfig(), today=TODAY)[1].endswith(
        "6 pages checked: 0 errors, 5 warnings")


def test_stale_translation_is_a_warning_at_the_translation_of_line(tmp_path: Path) -> None:
    """An English page edited after its translation: a warning at translation_of's line."""
    root = _tree(tmp_path)
    english = root / "forms" / "neck.md"
    old = source_hash(english)
    english.write_text(english.read_text("utf-8") + "\nNew sentence.\n", encoding="utf-8")
    spanish = (root / "es" / "forms" / "neck.md").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(spanish, 1) if text.startswith("translation_of:"))
    code, lines = _check(root)
    assert code == 0
    assert lines == [f"es/forms/neck.md:{line}: warning: forms/neck.md has changed since this "
                     f"translation (translation_of \"{old}\", the English file is now "
                     f"\"{source_hash(english)}\"): update the translation, then translation_of"]
    assert _check(root, strict=True)[0] == 1


def test_missing_translation_of_is_a_warning(tmp_path: Path) -> None:
    """A translated page that does not record what it translates: a warning (strict: error)."""
    root = _tree(tmp_path)
    _translate(root, "living/pain", translation_of=None)
    code, lines = _check(root)
    assert code == 0 and len(lines) == 1
    assert lines[0].startswith("es/living/pain.md:") and "missing 'translation_of'" in lines[0]
    assert f'translation_of: "{source_hash(root / "living" / "pain.md")}"' in lines[0]
    assert _check(root, strict=True)[0] == 1


def test_malformed_translation_of_is_an_error(tmp_path: Path) -> None:
    """translation_of that is not 12 hex digits in quotes (a number, say) is an error."""
    root = _tree(tmp_path)
    _translate(root, "living/pain", translation_of=123456789012)
    code, lines = _check(root)
    assert code == 1 and "'translation_of' must be the first 12 hex digits" in lines[0]


def test_untranslated_english_page_is_listed(tmp_path: Path) -> None:
    """Each English page with no translation: one warning on the English file."""
    root = _tree(tmp_path)
    (root / "es" / "living" / "pain.md").unlink()
    code, lines = _check(root)
    assert (code, lines) == (0, [
        "living/pain.md:0: warning: not translated into 'es' yet: write es/living/pain.md "
        "(meanwhile the kiosk shows this page, with a note)"])
    assert _check(root, strict=True)[0] == 1


def test_translation_of_a_deleted_english_page_is_an_error(tmp_path: Path) -> None:
    """An English page renamed or deleted leaves its translation orphaned: an error."""
    root = _tree(tmp_path)
    (root / "living" / "pain.md").rename(root / "living" / "aches.md")
    code, lines = _check(root)
    assert code == 1
    assert any(line.startswith("es/living/pain.md:") and ": error: translates "
               "living/pain.md, which does not exist" in line for line in lines), lines
    assert any(line.startswith("living/aches.md:0: warning: not translated") for line in lines)


def test_translated_by_and_date_are_expected(tmp_path: Path) -> None:
    """translated_by and translated missing are warnings; a translated that is no date an error."""
    root = _tree(tmp_path)
    _translate(root, "forms/neck", translated_by=None, translated="yesterday")
    code, lines = _check(root)
    assert code == 1
    assert any("missing 'translated_by'" in line for line in lines)
    assert any("'translated' must be a date" in line for line in lines)


def test_sessions_are_checked_like_pages(tmp_path: Path) -> None:
    """A stale session translation and an untranslated session are both reported."""
    root = _tree(tmp_path)
    session = ("---\ntitle: {t}\naudience: x\nminutes: 5\nreviewed: 2026-11-01\n{extra}"
               "steps:\n  - page: forms/eyes\n---\n")
    for name in ("one", "two"):
        (root / "sessions").mkdir(exist_ok=True)
        (root / "sessions" / f"{name}.md").write_text(session.format(t=name, extra=""),
                                                      encoding="utf-8")
    (root / "es" / "sessions").mkdir()
    (root / "es" / "sessions" / "one.md").write_text(session.format(
        t="Uno", extra='translation_of: "000000000000"\ntranslated_by: x\n'
        "translated: 2026-11-29\n"), encoding="utf-8")
    code, lines = _check(root)
    assert code == 0
    assert lines[0].startswith("es/sessions/one.md:6: warning: sessions/one.md has changed")
    assert lines[1].startswith("sessions/two.md:0: warning: not translated into 'es' yet")


def test_spanish_pages_are_checked_with_the_spanish_wording(tmp_path: Path) -> None:
    """'Cuándo pedir ayuda' needs the three Spanish levels from es/site.yaml, in order."""
    root = _tree(tmp_path)
    _translate(root, "forms/neck")
    page = root / "es" / "forms" / "neck.md"
    page.write_text(page.read_text("utf-8") + (
        "\n## Cuándo pedir ayuda\n\n### Llame a la clínica hoy\n\nLlame al "
        "{{ clinic_phone }}.\n\n### Llame al {{ emergency }} ahora\n\nSi no puede respirar.\n"),
        encoding="utf-8")
    code, lines = _check(root)
    assert code == 1
    assert any("'Cuándo pedir ayuda' needs three ### levels in this order: Llame al 911 ahora; "
               "Llame a la clínica hoy; Dígaselo a su médico en la próxima cita" in line
               for line in lines), lines


def test_wording_left_in_english_is_a_warning(tmp_path: Path) -> None:
    """A language's site.yaml that leaves wording unset, or names another language, is flagged
    (Spanish pages would be checked for English headings, handouts print English texts)."""
    root = _tree(tmp_path)
    (root / "es" / "site.yaml").write_text('language: "en"\n', encoding="utf-8")
    text = run_check(root, KioskConfig(), today=TODAY)[1]
    lines = [line for line in text.splitlines() if line.startswith("es/site.yaml:0: warning")]
    assert "es/site.yaml:0: warning: 'language' is 'en'; write language: \"es\" (the folder's " \
        "name)" in lines
    assert "es/site.yaml:0: warning: 'help_section' is not set, so the 'en' wording is used" \
        in lines
    assert any("'handout' does not translate contents, questions," in line for line in lines)
    assert len(lines) == 1 + 8 + 1 + 1  # language, 8 wording keys, handout, clinical_review


def test_translated_section_must_keep_tone_extras_and_order(tmp_path: Path) -> None:
    """A translated _section.yaml that drops the English tone or changes order is flagged."""
    root = _tree(tmp_path)
    (root / "living" / "_section.yaml").write_text(
        "title: Living\norder: 2\ntone: urgent\nrequired_sections: [Key points]\n",
        encoding="utf-8")
    _code, lines = _check(root)
    assert lines == [
        "es/living/_section.yaml:0: warning: 'required_sections' does not list as many headings "
        "as living/_section.yaml",
        "es/living/_section.yaml:0: warning: 'tone' differs from living/_section.yaml (copy it "
        "unchanged)"]


def test_fallback_note_is_the_languages_own(tmp_path: Path) -> None:
    """Library.fallback_note gives the Spanish note for an English page, nothing otherwise."""
    from kiosk.core.loader import load_languages

    root = _tree(tmp_path)
    (root / "es" / "living" / "pain.md").unlink()
    es = load_languages(root, ["es"])["es"]
    pain, neck = es.page("living/pain"), es.page("forms/neck")
    assert pain is not None and neck is not None
    assert es.fallback_note(pain).startswith("Esta página aún no está traducida")
    assert es.fallback_note(neck) == ""
