"""Front matter: each problem (placement, YAML, shape, keys, types) is one finding on its line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.core.frontmatter import split_front_matter
from kiosk.core.loader import load_library
from tests.core.contentfolder import FRONT, findings_of, library_with


@pytest.mark.parametrize(("text", "expected"), [
    ("\n\n" + FRONT + "## Key\n\nText.\n",
     [(1, "error", "front matter must start on the first line (remove what is above the "
       "first ---); skipped")]),
    ("---\ntitle: [a\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter is not valid YAML: expected ',' or ']', but got '<stream "
       "end>'; skipped")]),
    ("---\ntitle: [a\nsummary: b\n---\n## Key\n\nText.\n",
     [(3, "error", "front matter is not valid YAML: expected ',' or ']', but got ':' (while "
       "parsing a flow sequence that starts on line 2); skipped")]),
    ("---\njust a sentence\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter must be a mapping of key: value, not plain text; skipped")]),
    ("---\n" + "[" * 2000 + "\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter is not valid YAML: nested too deeply; skipped")]),
    (FRONT + "\n   \n", [(8, "error", "the page has no text below its front matter; skipped")]),
    ("---\n---\n## Key\n\nText.\n",
     [(2, "error", "front matter is missing 'title'"),
      (2, "error", "front matter is missing 'summary'"),
      (2, "error", "front matter is missing 'order'"),
      (2, "error", "front matter is missing 'reviewed'"),
      (2, "error", "front matter is missing 'sources'")]),
])
def test_front_matter_problems(tmp_path: Path, text: str,
                               expected: list[tuple[int, str, str]]) -> None:
    """Each front-matter problem is one finding on the right line."""
    assert findings_of(library_with(tmp_path, "broken.md", text)) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("order: " + "9" * 5000, "'order' must be a whole number, not the text '999"),
    ("order: true", "'order' must be a whole number, not yes/no (true)"),
    ("order: 1.5", "'order' must be a whole number, not the number 1.5"),
    ("summary: {a: b}", "'summary' must be text, not a mapping"),
    ("summary: ''", "'summary' is empty"),
    ("reviewed: 2026-13-01", "'reviewed' is not a real date: 2026-13-01"),
    ("reviewed: 20261001", "'reviewed' must be a date written as YYYY-MM-DD, not the number"),
    ("sources: []", "'sources' is empty"),
    ("sources: [a, {b: c}]", "'sources' must be a list of text lines (one item is empty or "
     "not text)"),
    ("sources: !!binary aGk=", "'sources' must be a list of text lines, not a bytes"),
])
def test_wrong_types_name_the_key_and_line(tmp_path: Path, line: str, expected: str) -> None:
    """A value of the wrong type is reported on its own line; the page still loads."""
    key = line.split(":")[0]
    lines = [ln for ln in FRONT.split("\n") if not ln.startswith(key + ":")]
    text = "\n".join(lines[:2] + [line] + lines[2:]) + "## Key\n\nText.\n"
    library = library_with(tmp_path, "broken.md", text)
    findings = findings_of(library)
    assert len(findings) == 1 and findings[0][0] == 3 and findings[0][1] == "error"
    assert findings[0][2].startswith(expected), findings
    assert library.page("s/broken") is not None


def test_number_title_is_text_and_unknown_keys_warn(tmp_path: Path) -> None:
    """``title: 1984`` is text; unknown keys (even non-text ones) are warnings on their line."""
    text = FRONT.replace("title: Broken page", "title: 1984").replace(
        "sources: [A source]\n", "sources: [A source]\ncolour: red\n2024: x\n")
    library = library_with(tmp_path, "broken.md", text + "## Key\n\nText.\n")
    assert findings_of(library) == [(7, "warning", "unknown front-matter key 'colour'"),
                                  (8, "warning", "unknown front-matter key '2024'")]
    page = library.page("s/broken")
    assert page is not None and page.title == "1984"


def test_alias_bomb_in_front_matter_loads_quickly(tmp_path: Path) -> None:
    """YAML aliases that would expand to billions of items are never expanded."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    text = FRONT.replace("---\ntitle", f"---\n{bomb}summary2: *i\ntitle", 1)
    started = time.perf_counter()
    library = library_with(tmp_path, "broken.md", text + "## Key\n\nText.\n")
    (tmp_path / "resources.yaml").write_text(f"{bomb}organisations:\n  - name: *i\n"
                                             "    description: *i\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("- term: x\n  definition: y\n  also: &z [a]\n",
                                            encoding="utf-8")
    again = load_library(tmp_path)
    assert time.perf_counter() - started < 5
    assert library.page("s/broken") is not None
    assert again.organisations == ()
    assert any("organisation 1 needs a name" in f.message for f in again.findings)


def test_split_front_matter_keeps_its_contract() -> None:
    """(raw, body, body line) as before; an empty block is an empty mapping."""
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", "body\n", 4)
    assert split_front_matter("---\n---\nbody") == ("", "body", 3)
    assert split_front_matter("no front matter") == (None, "no front matter", 1)
