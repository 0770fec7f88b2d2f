"""`check`'s structure and safety rules (kiosk.core.rules), each with a broken example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.core.check import check_library, run_check
from kiosk.core.config import KioskConfig
from kiosk.core.content import Library
from kiosk.core.languages import available_languages
from kiosk.core.loader import load_library
from kiosk.core.render import PageRenderer
from kiosk.core.rules import help_levels, urgent_page
from kiosk.core.sitedata import DRAFT_NOTICE, fill
from tests.conftest import CONTENT, write_page

TODAY = dt.date(2026, 11, 25)
SITE = 'clinic_name: "Test Clinic"\nclinic_phone: "859-555-0100"\n'
REVIEW = 'clinical_review:\n  name: "Dr. Ann Smith"\n  role: "Neurologist"\n  date: 2026-11-20\n'
HELP = """## When to get help
Most problems can wait. See [Get help now](../urgent/now.md).

### Call {{ emergency }} now
- trouble breathing

### Call the clinic today
Call {{ clinic_phone }} if food feels stuck.

### Tell your doctor at your next visit
- mild soreness
"""
GOOD = "## Key points\n\nText.\n\n## What you can do\n\n1. Ask.\n\n" + HELP


def _library(tmp_path: Path, body: str, site: str = SITE, urgent: bool = True) -> Library:
    (tmp_path / "site.yaml").write_text(site, encoding="utf-8")
    (tmp_path / "resources.yaml").write_text(
        'organisations:\n  - name: Group\n    description: Helps\n    phone: "312-555-0199"\n',
        encoding="utf-8")
    (tmp_path / "forms").mkdir(exist_ok=True)
    (tmp_path / "forms" / "_section.yaml").write_text(
        "title: Forms\nrequired_sections: [Key points, What you can do, When to get help]\n",
        encoding="utf-8")
    write_page(tmp_path / "forms", "one", body=body)
    if urgent:
        (tmp_path / "urgent").mkdir(exist_ok=True)
        (tmp_path / "urgent" / "_section.yaml").write_text("title: Urgent\ntone: urgent\n",
                                                          encoding="utf-8")
        write_page(tmp_path / "urgent", "now", title="Get help now",
                   body="## Key points\n\nCall {{ emergency }}.\n")
    return load_library(tmp_path)


def _findings(tmp_path: Path, body: str, **kwargs: object) -> list[tuple[int, str, str]]:
    """(body line, level, message) for forms/one.md; the front matter takes 8 lines."""
    library = _library(tmp_path, body, **kwargs)  # type: ignore[arg-type]
    return [(f.line - 8, f.level, f.message) for f in check_library(library, today=TODAY)
            if f.path == "forms/one.md"]


def test_a_complete_page_passes(tmp_path: Path) -> None:
    """Required sections, three levels in order, the clinic's number and the link: no finding."""
    assert _findings(tmp_path, GOOD) == []


def test_missing_required_section_is_an_error(tmp_path: Path) -> None:
    """A page without a heading its section requires is an error naming the heading."""
    body = GOOD.replace("## What you can do\n\n1. Ask.\n\n", "")
    assert _findings(tmp_path, body) == [
        (1, "error", "missing the section '## What you can do' (every page in forms/ needs it: "
         "required_sections in _section.yaml)")]


def test_levels_out_of_order_are_an_error(tmp_path: Path) -> None:
    """The three levels must come in order: 911, clinic today, next visit."""
    body = GOOD.replace("### Call {{ emergency }} now\n- trouble breathing\n\n", "") + \
        "\n### Call {{ emergency }} now\n- trouble breathing\n"
    found = _findings(tmp_path, body)
    assert len(found) == 1 and found[0][:2] == (9, "error")
    assert "needs three ### levels in this order: Call 911 now; Call the clinic today; Tell " \
        "your doctor at your next visit (found: Call the clinic today; Tell your doctor at " \
        "your next visit; Call 911 now)" in found[0][2]


def test_missing_level_and_typed_emergency_number(tmp_path: Path) -> None:
    """A level missing is an error; 911 typed by hand is a warning (use the placeholder)."""
    body = GOOD.replace("### Call {{ emergency }} now", "### Call 911 right away")
    found = _findings(tmp_path, body)
    assert [f[:2] for f in found] == [(9, "error"), (12, "warning")]
    assert "(found: Call 911 right away; Call the clinic today;" in found[0][2]
    assert found[1][2] == "911 is typed by hand; write {{ emergency }} so it follows site.yaml"


def test_clinic_level_must_give_the_clinic_number(tmp_path: Path) -> None:
    """"Call the clinic today" without the clinic's number is an error."""
    body = GOOD.replace("Call {{ clinic_phone }} if food feels stuck.", "Call us.")
    assert _findings(tmp_path, body) == [
        (15, "error", "'Call the clinic today' does not give the clinic's number; write "
         "{{ clinic_phone }}")]


def test_help_section_must_link_to_get_help_now(tmp_path: Path) -> None:
    """Every "When to get help" links to the page of the urgent section."""
    body = GOOD.replace(" See [Get help now](../urgent/now.md).", "")
    assert _findings(tmp_path, body) == [
        (9, "error", "'When to get help' does not link to 'Get help now' (../urgent/now.md)")]


def test_unknown_placeholder_is_an_error_and_left_visible(tmp_path: Path) -> None:
    """{{ typo }} is a check error; at run time it stays as written and nothing crashes."""
    body = GOOD.replace("Text.", "Call {{ clinic_phnoe }} today.")
    found = _findings(tmp_path, body)
    assert found == [(3, "error", "unknown placeholder {{ clinic_phnoe }}; site.yaml defines "
                      "clinic_name, clinic_phone, clinical_review, crisis, emergency, "
                      "poison_control")]
    library = load_library(tmp_path)
    page = library.page("forms/one")
    assert page is not None
    html = PageRenderer(library).html(page)
    assert "{{ clinic_phnoe }}" in html and "859-555-0100" in html and "Call 911 now" in html


def test_phone_numbers_not_in_the_data_are_warnings(tmp_path: Path) -> None:
    """A number in no data file, or a site number typed by hand, is a warning; a resources
    number is fine."""
    body = GOOD.replace("Text.", "Call 859-555-0199, 859-555-0100 or 312-555-0199.")
    assert _findings(tmp_path, body) == [
        (3, "warning", "859-555-0100 is typed by hand; write {{ clinic_phone }} so it follows "
         "site.yaml"),
        (3, "warning", "phone number 859-555-0199 is not in site.yaml or resources.yaml; check "
         "it, and add it there")]


def test_no_urgent_section_means_no_link_rule(tmp_path: Path) -> None:
    """Without a `tone: urgent` section there is nothing to link to (no finding)."""
    body = GOOD.replace(" See [Get help now](../urgent/now.md).", "")
    assert _findings(tmp_path, body, urgent=False) == []


def test_levels_follow_the_emergency_number_in_site_yaml(tmp_path: Path) -> None:
    """The 911 level's wording comes from site.yaml, like the pages."""
    library = _library(tmp_path, GOOD, site=SITE + 'emergency: "112"\n')
    assert help_levels(library)[0] == "Call 112 now"
    assert [f for f in check_library(library, today=TODAY) if f.path == "forms/one.md"] == []


def test_unreviewed_content_fails_strict_with_one_line(tmp_path: Path) -> None:
    """Without clinical_review, check warns once and --strict fails; with it, both pass."""
    _library(tmp_path, GOOD)
    code, text = run_check(tmp_path, KioskConfig(), today=TODAY)
    assert code == 0 and text.splitlines()[0].startswith("site.yaml:0: warning: no "
                                                         "clinical_review: the pages are a draft")
    code, text = run_check(tmp_path, KioskConfig(), strict=True, today=TODAY)
    assert code == 1 and [ln for ln in text.splitlines() if ": error: " in ln] == [
        text.splitlines()[0]]
    (tmp_path / "site.yaml").write_text(SITE + REVIEW, encoding="utf-8")
    assert run_check(tmp_path, KioskConfig(), strict=True, today=TODAY) == (
        0, "2 pages checked: 0 errors, 0 warnings")


def test_review_record_names_reviewer_on_the_about_page(tmp_path: Path) -> None:
    """{{ clinical_review }} says "draft" until site.yaml names a reviewer and date."""
    library = _library(tmp_path, GOOD)
    assert fill("{{ clinical_review }}", library.site) == DRAFT_NOTICE
    (tmp_path / "site.yaml").write_text(SITE + REVIEW, encoding="utf-8")
    library = load_library(tmp_path)
    assert fill("{{ clinical_review }}", library.site) == (
        "Dr. Ann Smith, Neurologist, reviewed these pages for the clinic on November 20, 2026.")


@pytest.mark.parametrize(("review", "message"), [
    ("clinical_review: yes\n", "'clinical_review' must be a mapping with name, role and date"),
    ("clinical_review:\n  name: Dr. A\n  role: Neurologist\n", "'clinical_review' needs date"),
    ("clinical_review:\n  name: Dr. A\n  role: Neurologist\n  date: soon\n",
     "'clinical_review' date must be a date written as YYYY-MM-DD"),
])
def test_bad_review_record_is_an_error(tmp_path: Path, review: str, message: str) -> None:
    """A clinical_review that is not name, role and date is an error on its line."""
    library = _library(tmp_path, GOOD, site=SITE + review)
    assert [(f.path, f.line, f.level, f.message) for f in library.findings] == [
        ("site.yaml", 3, "error", message)]
    assert library.site.clinical_review is None


def test_bad_section_settings_are_errors(tmp_path: Path) -> None:
    """required_sections must be a list of headings; tone one of the known looks."""
    library = _library(tmp_path, GOOD)
    (tmp_path / "forms" / "_section.yaml").write_text(
        "title: Forms\nrequired_sections: Key points\ntone: loud\n", encoding="utf-8")
    library = load_library(tmp_path)
    assert [(f.line, f.message) for f in library.findings if f.path == "forms/_section.yaml"] == [
        (2, "'required_sections' must be a list of headings (text)"),
        (3, "unknown tone 'loud'; choose from urgent")]


def test_bundled_content_follows_the_rules(library: Library) -> None:
    """Every forms and treatments page has the three levels; Get help now is the urgent page."""
    target = urgent_page(library)
    assert target is not None and target.id == "get-help-now/get-help-now"
    for section_id in ("forms", "treatments"):
        section = library.section(section_id)
        assert section is not None
        assert section.required_sections == ("Key points", "What you can do", "When to get help")
    code, text = run_check(CONTENT, KioskConfig(), strict=True)
    draft = ("error: no clinical_review: the pages are a draft, not yet reviewed by the "
             "clinic's clinicians (add name, role and date once a clinician has signed them off)")
    # Each language tree (content/es/) is reviewed on its own, so says it is a draft too; any
    # other line (a stale translation, wording left in English) fails --strict.
    assert code == 1 and text.splitlines()[:-1] == sorted(
        [f"{language}/site.yaml:0: {draft}" for language in available_languages(CONTENT)] +
        [f"site.yaml:0: {draft}"])


def test_a_page_review_record_must_be_well_formed(tmp_path: Path) -> None:
    """A page may carry its own clinical_review; a broken one is an error on its line."""
    library = _library(tmp_path, GOOD)
    write_page(tmp_path / "forms", "one", body=GOOD,
               clinical_review={"name": "Dr. A", "role": "Neurologist"})
    library = load_library(tmp_path)
    assert [(f.path, f.level, f.message) for f in check_library(library, today=TODAY)
            if "clinical_review" in f.message] == [
        ("forms/one.md", "error", "'clinical_review' needs date")]
    write_page(tmp_path / "forms", "one", body=GOOD, clinical_review={
        "name": "Dr. A", "role": "Neurologist", "date": dt.date(2026, 11, 1)})
    library = load_library(tmp_path)
    assert not [f for f in check_library(library, today=TODAY) if f.path == "forms/one.md"]


def test_a_list_glued_to_the_line_above_is_a_warning(tmp_path: Path) -> None:
    """A list with no blank line before it would show as part of the paragraph: warned, with
    its line; lists after a blank line, a heading or another item are fine."""
    body = GOOD.replace("1. Ask.\n", "These help:\n- rest\n- heat\n\n1. Ask.\n")
    found = [(line, level) for line, level, message in _findings(tmp_path, body)
             if "blank line before the list" in message]
    lines = body.splitlines()
    assert [lines[line - 1] for line, _level in found] == ["- rest"]
    assert found[0][1] == "warning"
