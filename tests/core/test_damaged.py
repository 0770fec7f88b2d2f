"""The damaged library: one content folder per kind of damage, each with its exact finding.

Every folder under ``tests/data/damaged/`` holds one undamaged page (``basics/good.md``) next to
the damage; the tests check that ``check`` reports exactly the expected findings (file, line,
level, message) and that the loader still returns the undamaged pages. Damage git cannot keep
portably (symbolic links, names differing only in case) is built in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.core.check import check_library, run_check
from kiosk.core.config import KioskConfig
from kiosk.core.content import Finding, Library
from kiosk.core.loader import load_library
from kiosk.core.render import UNAVAILABLE_HTML, PageRenderer

DAMAGED = Path(__file__).resolve().parent.parent / "data" / "damaged"
TODAY = dt.date(2026, 11, 25)
GOOD = frozenset({"basics/good"})
BOTH = frozenset({"basics/good", "basics/broken"})


@dataclass(frozen=True)
class Case:
    """A damaged folder, the findings ``check`` must give for it and the pages that still load."""

    name: str
    expected: tuple[tuple[str, int, str, str], ...]  # (path, line, level, message part)
    pages: frozenset[str] = BOTH
    max_page_kb: int = 200


CASES = [
    Case("clean", (), GOOD),
    # front matter
    Case("bad-yaml", (("basics/broken.md", 4, "error",
                       "front matter is not valid YAML: expected ',' or ']', but got ':' (while "
                       "parsing a flow sequence that starts on line 3); skipped"),), GOOD),
    Case("front-matter-list", (("basics/broken.md", 2, "error",
                                "front matter must be a mapping of key: value, not a list"),),
         GOOD),
    Case("missing-keys", (("basics/broken.md", 4, "error", "front matter is missing 'reviewed'"),
                          ("basics/broken.md", 4, "error", "front matter is missing 'sources'"),
                          ("basics/broken.md", 4, "error", "front matter is missing 'summary'"))),
    Case("wrong-types", (("basics/broken.md", 2, "error", "'title' must be text, not a list"),
                         ("basics/broken.md", 4, "error",
                          "'order' must be a whole number, not the text 'first'"),
                         ("basics/broken.md", 6, "error",
                          "'sources' must be a list of text lines, not the number 5"))),
    Case("bad-date", (("basics/broken.md", 5, "error",
                       "'reviewed' is not a real date: 2026-02-30"),)),
    Case("date-not-a-date", (("basics/broken.md", 5, "error",
                              "'reviewed' must be a date written as YYYY-MM-DD, not the text "
                              "'last spring'"),)),
    Case("future-date", (("basics/broken.md", 5, "error",
                          "'reviewed' date 2030-01-01 is in the future"),)),
    Case("unknown-key", (("basics/broken.md", 8, "warning",
                          "unknown front-matter key 'colour'"),)),
    Case("no-front-matter", (("basics/broken.md", 1, "error", "no front matter"),)),
    Case("unclosed-front-matter", (("basics/broken.md", 1, "error",
                                    "front matter has no closing --- line; skipped"),), GOOD),
    # text
    Case("not-utf8", (("basics/broken.md", 11, "error",
                       "not valid UTF-8 text (byte 130); save it as UTF-8; skipped"),), GOOD),
    Case("nul-byte", (("basics/broken.md", 11, "error", "contains a NUL character"),), GOOD),
    Case("empty-page", (("basics/broken.md", 1, "error", "the page is empty; skipped"),), GOOD),
    Case("oversize-page", (("basics/broken.md", 0, "error",
                            "file is 2 KB, over the 1 KB limit; skipped"),), GOOD, max_page_kb=1),
    Case("deep-nesting", (("basics/broken.md", 11, "error",
                           "the page has lists or quotes nested more than 50 deep; skipped"),),
         GOOD),
    Case("too-complex", (("basics/broken.md", 11, "error",
                          "the page is too long or complex to show quickly"),), GOOD),
    # links
    Case("broken-link", (("basics/broken.md", 11, "error",
                          "link 'missing.md': the page does not exist"),)),
    Case("broken-anchor", (("basics/broken.md", 11, "error",
                            "link 'good.md#nowhere': no heading with the id 'nowhere'"),)),
    Case("link-escapes", (("basics/broken.md", 11, "error",
                           "link '../../../etc/passwd.md' points outside the content folder"),)),
    Case("link-absolute-path", (("basics/broken.md", 11, "error",
                                 "link '/etc/passwd' is an absolute path, outside the content "
                                 "folder"),)),
    Case("link-file-scheme", (("basics/broken.md", 11, "error",
                               "link 'file:///etc/passwd' is a file: address; the kiosk never "
                               "opens files"),)),
    Case("web-link", (("basics/broken.md", 11, "warning",
                       "web link 'https://dystonia-foundation.org' is shown as text; the kiosk "
                       "never opens it"),)),
    # images
    Case("missing-image", (("basics/broken.md", 11, "error", "image 'neck.png' does not exist"),)),
    Case("image-no-alt", (("basics/broken.md", 11, "error",
                           "image 'neck.png' has no alt text"),)),
    Case("fake-image", (("basics/broken.md", 11, "error",
                         "image 'neck.png': not a PNG, JPEG or GIF image"),)),
    Case("huge-image", (("basics/broken.md", 11, "error",
                         "image 'neck.png': image is 100000 x 100000 pixels, over the limit of "
                         "4096 on each side"),)),
    Case("image-escapes", (("basics/broken.md", 11, "error",
                            "image '../../chart.png' points outside the content folder"),)),
    # structure
    Case("page-outside-section", (("stray.md", 0, "error",
                                   "page is not in a section folder, so no menu reaches it"),),
         GOOD),
    Case("page-in-subfolder", (("basics/old/broken.md", 0, "error",
                                "page is in a sub-folder of a section, so no menu reaches it"),),
         GOOD),
    Case("duplicate-titles", (("basics/copy.md", 2, "error",
                               "title 'Good page' is also used by basics/good.md"),),
         frozenset({"basics/good", "basics/copy"})),
    Case("empty-section", (("empty", 0, "error", "section has no pages"),), GOOD),
    Case("bad-section-yaml", (("basics/_section.yaml", 2, "error",
                               "invalid YAML: expected <block end>, but found '<scalar>'"),),
         GOOD),
    # raw HTML, reading level, review age
    Case("raw-html-script", (("basics/broken.md", 11, "error",
                              "raw HTML <script> is not allowed (the kiosk shows it as plain "
                              "text, never runs it)"),)),
    Case("reading-level", (("basics/broken.md", 9, "warning",
                            "reading level is grade 11.4, over 8"),)),
    Case("stale-review", (("basics/broken.md", 5, "warning",
                           "last reviewed 2020-01-15, more than 24 months ago"),)),
]


def _check(root: Path, max_page_kb: int = 200) -> tuple[Library, list[Finding]]:
    library = load_library(root, max_page_kb * 1024)
    return library, check_library(library, KioskConfig(max_page_kb=max_page_kb), today=TODAY)


def _assert_findings(findings: list[Finding], expected: tuple[tuple[str, int, str, str], ...]
                     ) -> None:
    got = [(f.path, f.line, f.level) for f in findings]
    assert got == [e[:3] for e in expected], "\n".join(map(str, findings))
    for finding, (_path, _line, _level, part) in zip(findings, expected, strict=True):
        assert part in finding.message, str(finding)


def test_every_damaged_folder_has_a_case() -> None:
    """Each folder in tests/data/damaged is covered by a case below (and vice versa)."""
    folders = {p.name for p in DAMAGED.iterdir() if p.is_dir()}
    assert folders == {c.name for c in CASES} | {"symlink-outside"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_damage_is_reported_and_good_pages_still_load(case: Case) -> None:
    """The exact finding is reported, and the undamaged pages still load and render."""
    library, findings = _check(DAMAGED / case.name, case.max_page_kb)
    _assert_findings(findings, case.expected)
    assert {p.id for p in library.pages} == case.pages
    renderer = PageRenderer(library)
    for page in library.pages:
        assert renderer.html(page) != UNAVAILABLE_HTML, page.id
    assert renderer.failures == {}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_problem_is_reported_once(case: Case) -> None:
    """Loading twice gives the same findings, none repeated (problems are logged once each)."""
    first = load_library(DAMAGED / case.name, case.max_page_kb * 1024)
    second = load_library(DAMAGED / case.name, case.max_page_kb * 1024)
    assert first.findings == second.findings
    assert len(set(first.findings)) == len(first.findings)
    checked = check_library(first, today=TODAY)
    assert len(set(checked)) == len(checked)


def test_check_command_exit_codes_on_damaged_folders() -> None:
    """`check` exits 1 when a folder has errors and 0 when it has only warnings."""
    assert run_check(DAMAGED / "broken-link", KioskConfig(), today=TODAY)[0] == 1
    assert run_check(DAMAGED / "web-link", KioskConfig(), today=TODAY)[0] == 0
    assert run_check(DAMAGED / "web-link", KioskConfig(), strict=True, today=TODAY)[0] == 1
    assert run_check(DAMAGED / "clean", KioskConfig(), strict=True, today=TODAY)[0] == 0


def _make_png(path: Path) -> None:
    shutil.copy(DAMAGED / "image-no-alt" / "basics" / "neck.png", path)


def test_symlinks_pointing_outside_are_refused(tmp_path: Path) -> None:
    """A page, an image and a section folder that are links to outside are never used."""
    outside = tmp_path / "outside"
    (outside / "section").mkdir(parents=True)
    shutil.copy(DAMAGED / "clean" / "basics" / "good.md", outside / "secret.md")
    shutil.copy(DAMAGED / "clean" / "basics" / "good.md", outside / "section" / "page.md")
    _make_png(outside / "secret.png")
    content = tmp_path / "content"
    shutil.copytree(DAMAGED / "symlink-outside", content)
    (content / "basics" / "secret.md").symlink_to(outside / "secret.md")
    (content / "basics" / "secret.png").symlink_to(outside / "secret.png")
    (content / "elsewhere").symlink_to(outside / "section", target_is_directory=True)

    library, findings = _check(content)

    _assert_findings(findings, (
        ("basics/linker.md", 11, "error",
         "link 'secret.md' points to a file outside the content folder (a symbolic link)"),
        ("basics/linker.md", 13, "error",
         "image 'secret.png' is a link to a file outside the content folder"),
        ("basics/secret.md", 0, "error",
         "is a link to a file outside the content folder; skipped"),
        ("elsewhere", 0, "error", "folder is a link to a folder outside the content folder"),
    ))
    assert {p.id for p in library.pages} == {"basics/good", "basics/linker"}
    html = PageRenderer(library).html(library.page("basics/linker"))  # type: ignore[arg-type]
    assert "<img" not in html and str(outside) not in html


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    """A page that is a link to itself (a loop) is reported; the rest loads."""
    content = tmp_path / "content"
    shutil.copytree(DAMAGED / "clean", content)
    (content / "basics" / "loop.md").symlink_to(content / "basics" / "loop.md")
    library, findings = _check(content)
    assert [(f.path, f.level) for f in findings] == [("basics/loop.md", "error")]
    assert {p.id for p in library.pages} == GOOD


def test_names_differing_only_in_case_are_reported(tmp_path: Path) -> None:
    """Two pages whose ids differ only in letter case would collide on a USB stick."""
    content = tmp_path / "content"
    shutil.copytree(DAMAGED / "clean", content)
    text = (content / "basics" / "good.md").read_text(encoding="utf-8")
    (content / "basics" / "Good.md").write_text(
        text.replace("title: Good page", "title: Another page").replace("order: 1", "order: 2"),
        encoding="utf-8")
    if len(list((content / "basics").glob("*.md"))) != 2:
        pytest.skip("the file system ignores letter case")
    library, findings = _check(content)
    _assert_findings(findings, (
        ("basics/Good.md", 0, "error",
         "page id 'basics/Good' differs from 'basics/good' only in letter case"),
        ("basics/Good.md", 0, "warning", "file name should use only lower-case letters"),
    ))
    assert {p.id for p in library.pages} == {"basics/good", "basics/Good"}


def test_a_fifo_named_like_a_page_does_not_hang_the_loader(tmp_path: Path) -> None:
    """A named pipe called page.md is reported, never opened (opening it would block)."""
    import os

    content = tmp_path / "content"
    shutil.copytree(DAMAGED / "clean", content)
    os.mkfifo(content / "basics" / "pipe.md")
    (content / "basics" / "folder.md").mkdir()
    library, findings = _check(content)
    assert [(f.path, f.line, f.level, f.message) for f in findings] == [
        ("basics/folder.md", 0, "error", "is not a regular file; skipped"),
        ("basics/pipe.md", 0, "error", "is not a regular file; skipped"),
    ]
    assert {p.id for p in library.pages} == GOOD
