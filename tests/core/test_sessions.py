"""Guided sessions load from content/sessions; every problem is a finding, never a crash."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.content import Library
from kiosk.core.loader import load_library
from kiosk.core.sessions import (
    Session,
    Step,
    check_sessions,
    find_session,
    load_sessions,
)
from tests.conftest import write_page

GOOD = """\
---
title: "Eyes first"
audience: "People with blepharospasm"
minutes: 20
reviewed: 2026-11-01
sources: ["Test source"]
steps:
  - page: a/one
    talking_points:
      - "First point."
      - "Second point."
  - page: a/two
  - page: a/one
    talking_points: "Back to the start."
---
Notes for the presenter.

A second paragraph.
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Library:
    """A content folder with two pages and an empty sessions folder."""
    (tmp_path / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    write_page(tmp_path / "a", "one")
    write_page(tmp_path / "a", "two", order=2)
    (tmp_path / "sessions").mkdir()
    return load_library(tmp_path)


def write_session(library: Library, name: str, text: str | bytes) -> Path:
    path = library.root / "sessions" / f"{name}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_session_is_parsed(tiny: Library) -> None:
    """Title, audience, minutes, dates, steps with talking points and the presenter's notes."""
    write_session(tiny, "eyes", GOOD)
    sessions, findings = load_sessions(tiny.root, tiny)
    assert findings == []
    (session,) = sessions
    assert session.id == "eyes"
    assert session.title == "Eyes first"
    assert session.audience == "People with blepharospasm"
    assert session.minutes == 20
    assert session.reviewed == dt.date(2026, 11, 1)
    assert session.sources == ("Test source",)
    assert session.steps == (Step("a/one", ("First point.", "Second point.")), Step("a/two", ()),
                             Step("a/one", ("Back to the start.",)))
    assert session.intro.startswith("Notes for the presenter.")
    assert session.page_ids() == ("a/one", "a/two")
    assert find_session(sessions, "eyes") is session
    assert find_session(sessions, "eyes.md") is session
    assert find_session(sessions, "ears") is None


def test_no_sessions_folder_is_not_a_problem(tmp_path: Path) -> None:
    """Content without a sessions folder simply has no sessions."""
    (tmp_path / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    write_page(tmp_path / "a", "one")
    library = load_library(tmp_path)
    assert load_sessions(library.root, library) == ((), [])
    assert check_sessions(library) == []


def test_sessions_are_sorted_by_order_then_title(tiny: Library) -> None:
    """The staff list shows sessions in their ``order``, then by title."""
    write_session(tiny, "b", GOOD.replace("Eyes first", "Zebra").replace("minutes", "order: 1\n"
                                                                          "minutes"))
    write_session(tiny, "a", GOOD.replace("Eyes first", "Apple"))
    write_session(tiny, "c", GOOD.replace("Eyes first", "Banana"))
    sessions, findings = load_sessions(tiny.root, tiny)
    assert findings == []
    assert [s.title for s in sessions] == ["Zebra", "Apple", "Banana"]


def test_unknown_page_is_reported_with_its_line(tiny: Library) -> None:
    """A step naming a missing page is left out and reported at the line of its ``page:``."""
    text = GOOD.replace("  - page: a/two", "  - page: a/three")
    write_session(tiny, "eyes", text)
    sessions, findings = load_sessions(tiny.root, tiny)
    line = text.split("\n").index("  - page: a/three") + 1
    assert [(f.path, f.line, f.level) for f in findings] == [("sessions/eyes.md", line, "error")]
    assert "a/three" in findings[0].message and "does not exist" in findings[0].message
    assert [s.page_id for s in sessions[0].steps] == ["a/one", "a/one"]


def test_a_page_that_could_not_be_loaded_is_named_as_such(tiny: Library) -> None:
    """A step naming a page that exists but is broken says so (not "does not exist")."""
    (tiny.root / "a" / "broken.md").write_text("", encoding="utf-8")
    library = load_library(tiny.root)
    write_session(library, "eyes", GOOD.replace("page: a/two", "page: a/broken"))
    _sessions, findings = load_sessions(library.root, library)
    assert len(findings) == 1 and "could not be loaded" in findings[0].message


def test_page_written_with_md_is_accepted_with_a_warning(tiny: Library) -> None:
    """``page: a/two.md`` works, with a warning saying how to write it."""
    write_session(tiny, "eyes", GOOD.replace("page: a/two", "page: a/two.md"))
    sessions, findings = load_sessions(tiny.root, tiny)
    assert [f.level for f in findings] == ["warning"]
    assert sessions[0].steps[1].page_id == "a/two"


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("no-front-matter", "# Just a heading\n", 1, "no front matter"),
    ("bad-yaml", "---\ntitle: [unclosed\naudience: x\n---\n", 3, "not valid YAML"),
    ("list", "---\n- a\n- b\n---\n", 2, "must be a mapping"),
    ("no-steps", GOOD.split("steps:")[0] + "---\n", 1, "missing 'steps'"),
    ("steps-not-list", GOOD.split("steps:")[0] + "steps: a/one\n---\n", 7, "must be a list"),
    ("all-unknown", GOOD.replace("a/one", "a/zzz").replace("a/two", "a/yyy"), 7,
     "no usable steps"),
    ("not-utf8", b"---\ntitle: \xff\n---\n", 2, "UTF-8"),
])
def test_unusable_files_are_skipped_and_reported(tiny: Library, name: str, text: str | bytes,
                                                 line: int, words: str) -> None:
    """A file that cannot be used becomes an error finding at the right line; nothing raises."""
    write_session(tiny, name, text)
    write_session(tiny, "fine", GOOD.replace("Eyes first", "Fine"))
    sessions, findings = load_sessions(tiny.root, tiny)
    assert [s.id for s in sessions] == ["fine"]
    own = [f for f in findings if f.path == f"sessions/{name}.md"]
    assert own and all(f.level == "error" for f in own)
    assert any(words in f.message and f.line == line for f in own), own


@pytest.mark.parametrize(("old", "new", "words"), [
    ("minutes: 20", "minutes: twenty", "'minutes' must be a whole number"),
    ("minutes: 20", "minutes: 0", "'minutes' must be a whole number"),
    ("reviewed: 2026-11-01", "reviewed: last week", "'reviewed' must be a date"),
    ('audience: "People with blepharospasm"', "audience: [1, 2]", "'audience' must be text"),
    ('title: "Eyes first"\n', "", "missing 'title'"),
    ('sources: ["Test source"]', "sources: {a: 1}", "'sources' must be a list"),
    ('talking_points: "Back to the start."', "talking_points: {a: 1}",
     "'talking_points' must be a list"),
    ("  - page: a/two", "  - note: a/two", "needs 'page"),
    ("  - page: a/two", "  - 42", "must be a mapping"),
])
def test_bad_values_are_reported_and_the_session_still_loads(tiny: Library, old: str, new: str,
                                                             words: str) -> None:
    """A wrong value is an error finding; the session stays usable for the presenter."""
    assert old in GOOD
    write_session(tiny, "eyes", GOOD.replace(old, new))
    sessions, findings = load_sessions(tiny.root, tiny)
    assert [s.id for s in sessions] == ["eyes"]
    assert any(words in f.message and f.level == "error" for f in findings), findings


def test_unknown_keys_and_duplicate_titles_are_warnings(tiny: Library) -> None:
    """Typos in key names and two sessions with one title are warnings, not errors."""
    write_session(tiny, "eyes", GOOD.replace("minutes: 20", "minutes: 20\nlength: 3").replace(
        "  - page: a/two", "  - page: a/two\n    notes: x"))
    write_session(tiny, "copy", GOOD)
    _sessions, findings = load_sessions(tiny.root, tiny)
    assert {f.level for f in findings} == {"warning"}
    messages = " ".join(f.message for f in findings)
    assert "'length'" in messages and "'notes'" in messages and "also used by" in messages


def test_check_reports_review_dates(tiny: Library) -> None:
    """``check`` warns about sessions not reviewed for too long and refuses future dates."""
    write_session(tiny, "old", GOOD.replace("2026-11-01", "2020-01-01").replace("Eyes", "Old"))
    write_session(tiny, "future", GOOD.replace("2026-11-01", "2027-01-01"))
    findings = check_sessions(tiny, KioskConfig(review_months=24), today=dt.date(2026, 11, 25))
    assert {(f.path, f.level) for f in findings} == {("sessions/old.md", "warning"),
                                                     ("sessions/future.md", "error")}


def test_bundled_sessions_load_clean(library: Library) -> None:
    """The shipped sessions load without a single finding, and ``check`` agrees."""
    sessions, findings = load_sessions(library.root, library)
    assert findings == []
    assert check_sessions(library) == []
    titles = {s.title for s in sessions}
    for needed in ("Newly diagnosed: what dystonia is and what comes next",
                   "Getting ready for botulinum toxin injections",
                   "Is deep brain stimulation right for me?",
                   "Living well with blepharospasm"):
        assert needed in titles


def test_bundled_sessions_are_complete(library: Library) -> None:
    """Each shipped session has an audience, a length, 5 to 9 steps and talking points."""
    sessions, _ = load_sessions(library.root, library)
    assert len(sessions) >= 4
    for session in sessions:
        assert isinstance(session, Session) and session.audience and session.minutes
        assert 5 <= len(session.steps) <= 9, session.id
        assert session.reviewed is not None and session.sources
        for step in session.steps:
            assert library.page(step.page_id) is not None
            assert step.talking_points, (session.id, step.page_id)
            assert all(len(point.split()) <= 40 for point in step.talking_points)


def test_sessions_module_does_not_load_pyside6() -> None:
    """The sessions core, like the rest of the core, never imports Qt."""
    code = ("import sys, kiosk.core.sessions;"
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
