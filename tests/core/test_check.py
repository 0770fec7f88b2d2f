"""`main.py check`: what it finds in page bodies, its output formats, and the bundled content."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kiosk.core.check import check_library, run_check
from kiosk.core.config import KioskConfig
from kiosk.core.loader import load_library
from tests.conftest import CONTENT, write_page

TODAY = dt.date(2026, 11, 25)
DAMAGED = Path(__file__).resolve().parent.parent / "data" / "damaged"
#: What ``check`` says while site.yaml records no clinical review (an error with --strict).
DRAFT = ("no clinical_review: the pages are a draft, not yet reviewed by the clinic's clinicians "
         "(add name, role and date once a clinician has signed them off)")


def _check(tmp_path: Path, body: str, **kwargs: object) -> list[tuple[int, str, str]]:
    """Findings (body line, level, message) for ``s/one.md`` with ``body``; s/two.md exists.

    Lines are counted from the first line of the body (the front matter takes 8 lines).
    """
    (tmp_path / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (tmp_path / "s").mkdir(exist_ok=True)
    (tmp_path / "s" / "_section.yaml").write_text("title: S\n", encoding="utf-8")
    write_page(tmp_path / "s", "one", body=body)
    write_page(tmp_path / "s", "two", body="## More {#custom-id .wide}\n\nText.\n", order=2)
    library = load_library(tmp_path)
    findings = check_library(library, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return [(f.line - 8, f.level, f.message) for f in findings if f.path == "s/one.md"]


# -- the bundled content ----------------------------------------------------------------------


def test_bundled_content_has_no_errors() -> None:
    """`check` on the bundled content exits 0 (a page with an error cannot land)."""
    code, text = run_check(CONTENT, KioskConfig())
    errors = [line for line in text.splitlines() if ": error: " in line]
    assert code == 0, "\n".join(errors)
    assert re.fullmatch(r"\d+ pages checked: 0 errors, \d+ warnings", text.splitlines()[-1])


# -- links ------------------------------------------------------------------------------------


def test_links_spanning_lines_and_with_parentheses_are_checked(tmp_path: Path) -> None:
    """Link text over two lines, titles and URLs with parentheses are read like Markdown."""
    assert _check(tmp_path, (
        "## Key\n\nSee [the other\npage](gone.md \"title\") and\n"
        "[wiki](https://en.wikipedia.org/wiki/Dystonia_(disorder)).\n")) == [
        (3, "error", "link 'gone.md': the page does not exist"),
        (5, "warning", "web link 'https://en.wikipedia.org/wiki/Dystonia_(disorder)' is shown "
         "as text; the kiosk never opens it"),
    ]


def test_code_and_escapes_are_not_links_or_html(tmp_path: Path) -> None:
    """Links and tags inside code spans, fenced code or after a backslash are not reported."""
    assert _check(tmp_path, (
        "## Key\n\nUse `[x](gone.md)` and ``<script>`` and \\[y](gone.md).\n\n"
        "```\n[z](gone.md) <iframe>\n```\n\n~~~~\n<b>\n~~~~\n\nA < B and 3 <4.\n")) == []


def test_reference_links_and_images(tmp_path: Path) -> None:
    """Reference-style links are checked at their definition, images where they are used."""
    assert _check(tmp_path, (
        "## Key\n\nSee [one][gone] and [two] and ![][pic].\n\n"
        "[gone]: gone.md\n[two]: two.md#nope\n[pic]: missing.png\n")) == [
        (3, "error", "image 'missing.png' does not exist"),
        (3, "error", "image 'missing.png' has no alt text (describe it between the [ ])"),
        (5, "error", "link 'gone.md': the page does not exist"),
        (6, "error", "link 'two.md#nope': no heading with the id 'nope'"),
    ]


def test_anchors_from_headings_and_attribute_lists(tmp_path: Path) -> None:
    """Heading ids, including {#custom} ones written after a class, resolve."""
    assert _check(tmp_path, (
        "## Key points\n\n[a](#key-points) [b](two.md#custom-id) [c](#nope) [d](two.md#more)\n"
    )) == [
        (3, "error", "link '#nope': no heading with the id 'nope'"),
        (3, "error", "link 'two.md#more': no heading with the id 'more'"),
    ]


def test_links_that_leave_the_folder_or_the_kiosk(tmp_path: Path) -> None:
    """Every way out of the content folder is an error; web and mail links are warnings."""
    assert _check(tmp_path, (
        "## Key\n\n[a](../../x.md) [b](/etc/passwd) [c](file:///etc/passwd) [d](javascript:x)"
        " [e](//host/x) [f](mailto:a@b.org) [g](<https://x.org/a b>) [h](two.pdf) [](two.md)"
        " <https://auto.org> [i](Two.md)\n")) == [
        (3, "error", "link '../../x.md' points outside the content folder"),
        (3, "error", "link '//host/x' points to another computer; link to a page (page.md) or "
         "write a web address (https://...)"),
        (3, "error", "link '/etc/passwd' is an absolute path, outside the content folder; "
         "write it relative to this page (page.md or ../section/page.md)"),
        (3, "error", "link 'Two.md': the page does not exist (did you mean two.md?)"),
        (3, "error", "link 'file:///etc/passwd' is a file: address; the kiosk never opens files "
         "(link to a page with page.md)"),
        (3, "error", "link 'javascript:x' uses 'javascript:', which the kiosk never opens; link "
         "to a page (page.md)"),
        (3, "error", "link 'two.pdf' does not point to a page (a .md file)"),
        (3, "warning", "link 'two.md' has no text, so nobody can see or tap it"),
        (3, "warning", "web link 'https://auto.org' is shown as text; the kiosk never opens it"),
        (3, "warning", "web link 'https://x.org/a b' is shown as text; the kiosk never opens it"),
        (3, "warning", "web link 'mailto:a@b.org' is shown as text; the kiosk never opens it"),
    ]


def test_link_to_a_skipped_page_says_why(tmp_path: Path) -> None:
    """A link to a page that exists but could not be loaded points at its own findings."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "bad.md").write_bytes(b"\xff")
    assert _check(tmp_path, "## Key\n\n[bad](bad.md)\n") == [
        (3, "error", "link 'bad.md': the page could not be loaded (see its own findings)")]


# -- raw HTML and attributes ------------------------------------------------------------------


def test_raw_html_allow_list(tmp_path: Path) -> None:
    """Harmless tags are warnings (shown as text); anything else is an error, once per line."""
    assert _check(tmp_path, (
        "## Key\n\n<b>bold</b> <br/> <!-- note -->\n\n"
        "<iframe src=\"x\"></iframe><IMG src=x onerror=y>\n<div>\n")) == [
        (3, "warning", "raw HTML (a comment or declaration) is shown as plain text; remove it"),
        (3, "warning", "raw HTML <b> is shown as plain text; use Markdown instead"),
        (3, "warning", "raw HTML <br> is shown as plain text; use Markdown instead"),
        (5, "error", "raw HTML <iframe> is not allowed (the kiosk shows it as plain text, never "
         "runs it); remove it"),
        (5, "error", "raw HTML <img> is not allowed (the kiosk shows it as plain text, never "
         "runs it); remove it"),
        (6, "error", "raw HTML <div> is not allowed (the kiosk shows it as plain text, never "
         "runs it); remove it"),
    ]


def test_attribute_lists_other_than_id_and_class_warn(tmp_path: Path) -> None:
    """`{: style=...}` is reported because the renderer drops it."""
    assert _check(tmp_path, "## Key {: #k .c style=\"color: red\" }\n\nText.\n") == [
        (1, "warning", "attribute 'style' in {: ...} is removed by the kiosk; only #id and "
         ".class are kept")]


# -- reading level and review age -------------------------------------------------------------

HARD = ("## Key\n\n" + "Comprehensive neurological examination necessitates consideration of "
        "medication history and pharmacological alternatives. " * 6 + "\n")


def test_reading_level_limits_are_configurable(tmp_path: Path) -> None:
    """Over GRADE_ERROR is an error by default; other limits can be passed; short pages skip."""
    default = _check(tmp_path, HARD)
    assert [(level, message.split(",")[1]) for _line, level, message in default] == \
        [("error", " over the limit of 12; use shorter sentences and words")]
    assert _check(tmp_path, HARD, grade_error=None, grade_warning=None) == []
    assert _check(tmp_path, HARD, grade_error=None)[0][1] == "warning"
    assert _check(tmp_path, "## Key\n\n" + "Comprehensive examination. " * 3,
                  grade_warning=0.0) == []


@pytest.mark.parametrize(("reviewed", "months", "expected"), [
    (dt.date(2024, 11, 25), 24, []),
    (dt.date(2024, 11, 24), 24, [(5, "warning", "last reviewed 2024-11-24, more than 24 "
                                  "months ago")]),
    (dt.date(2026, 5, 25), 6, []),
    (dt.date(2026, 5, 24), 6, [(5, "warning", "last reviewed 2026-05-24, more than 6 "
                                "months ago")]),
    (dt.date(2026, 11, 26), 24, [(5, "error", "'reviewed' date 2026-11-26 is in the "
                                  "future")]),
])
def test_review_age(tmp_path: Path, reviewed: dt.date, months: int,
                    expected: list[tuple[int, str, str]]) -> None:
    """Older than review_months (to the day) is a warning, on the `reviewed` line."""
    write_page(tmp_path / "s", "one", reviewed=reviewed)
    library = load_library(tmp_path)
    config = KioskConfig(review_months=months)
    findings = [(f.line, f.level, f.message) for f in check_library(library, config, TODAY)
                if f.path == "s/one.md"]
    assert findings == expected


# -- output -----------------------------------------------------------------------------------


def test_text_output_is_path_line_level_message_then_summary() -> None:
    """One line per finding, paths relative to the content folder, then a summary line."""
    code, text = run_check(DAMAGED / "missing-keys", KioskConfig(), today=TODAY)
    assert code == 1
    assert text.splitlines() == [
        "basics/broken.md:4: error: front matter is missing 'reviewed'",
        "basics/broken.md:4: error: front matter is missing 'sources'",
        "basics/broken.md:4: error: front matter is missing 'summary'",
        f"site.yaml:0: warning: {DRAFT}",
        "2 pages checked: 3 errors, 1 warnings",
    ]


def test_strict_and_json() -> None:
    """--strict makes warnings errors; --format json prints the same findings."""
    code, text = run_check(DAMAGED / "web-link", KioskConfig(), as_json=True, today=TODAY)
    data = json.loads(text)
    assert code == 0 and data["errors"] == 0 and data["warnings"] == 2 and data["pages"] == 2
    assert data["findings"] == [{"path": "basics/broken.md", "line": 11, "level": "warning",
                                 "message": "web link 'https://dystonia-foundation.org' is shown "
                                 "as text; the kiosk never opens it"},
                                {"path": "site.yaml", "line": 0, "level": "warning",
                                 "message": DRAFT}]
    code, text = run_check(DAMAGED / "web-link", KioskConfig(), strict=True, today=TODAY)
    assert code == 1 and text.startswith("basics/broken.md:11: error: web link")


def test_unusable_folder_exits_2_and_says_why(tmp_path: Path) -> None:
    """When no page loads, each refused page is listed before the fatal line (exit code 2)."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.md").write_text("", encoding="utf-8")
    code, text = run_check(tmp_path, KioskConfig())
    assert code == 2
    assert "s/a.md:1: error: the page is empty; skipped" in text.splitlines()
    assert text.splitlines()[-1].startswith("error: no readable pages in content folder")
    code, text = run_check(tmp_path / "nope", KioskConfig(), as_json=True)
    assert code == 2 and json.loads(text)["fatal"].startswith("content folder not found")


def test_config_limit_is_used_for_page_size(tmp_path: Path) -> None:
    """`max_page_kb` from the config is the loader's size limit."""
    code, text = run_check(DAMAGED / "oversize-page", KioskConfig(max_page_kb=1), today=TODAY)
    assert code == 1 and "basics/broken.md:0: error: file is 2 KB, over the 1 KB limit" in text
