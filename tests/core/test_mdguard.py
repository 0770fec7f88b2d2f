"""The Markdown cost guard: inputs that would freeze or crash the renderer are refused quickly."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.core import mdguard
from kiosk.core.mdguard import markdown_problem


@pytest.mark.parametrize("body", [
    "[" * 5000,
    "<a " * 10_000,
    "- " * 60 + "x",
    "> " * 60 + "x",
    "1. " * 60 + "x",
    "word " * 50_000,
])
def test_pathological_markdown_is_refused_before_rendering(body: str) -> None:
    """Inputs that make Python-Markdown quadratic or recurse too deep are found in linear time."""
    assert markdown_problem(body) is not None


@pytest.mark.parametrize("body", [
    "- - -\n\n* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *",
    "Plain text. " * 300 + "\n\n" + "[a link](page.md) " * 50,
    "| a | b |\n|---|---|\n" + "| cell | cell |\n" * 500,
])
def test_ordinary_markdown_is_not_refused(body: str) -> None:
    """Thematic breaks, long paragraphs with links and long tables are fine."""
    assert markdown_problem(body) is None


def _markdown_problem_reference(body: str) -> tuple[int, str] | None:
    """The straightforward version of ``markdown_problem``: every block, every line."""
    problem = mdguard._costly_block(body)  # the block-by-block sum, with no shortcut
    if problem is not None:
        return problem[0], "cost"
    for number, line in enumerate(body.split("\n")):
        if mdguard._THEMATIC_BREAK.match(line):
            continue
        if mdguard._leading_markers(line) > mdguard.MAX_NESTING:
            return number, "nesting"
    return None


_MARKDOWN_PIECES = st.sampled_from(["> ", "- ", "* ", "1. ", "  ", "\t", ">", "text ", "[a]",
                                    "<b>", "\n", "\n\n", "---", "-", "12) ", "x" * 40])


@settings(max_examples=400, deadline=None)
@example(["> " * 60 + "x"], 0)
@example([">" * 51], 0)
@example([">" * 50], 0)
@example(["text", " " * 120 + "- x"], 0)
@example(["- " * 26 + "x"], 0)
@example(["- " * 51 + "x", "---"], 0)
@given(st.lists(st.lists(_MARKDOWN_PIECES, max_size=80).map("".join), max_size=12),
       st.integers(min_value=0, max_value=3))
def test_markdown_problem_matches_the_plain_version(lines: list[str], repeat: int) -> None:
    """The fast checks (a whole-body bound, candidate lines by pattern) answer as the plain
    block-by-block, line-by-line version does: the same line, the same kind of problem."""
    body = "\n".join(lines) * (1 + repeat * 40)  # long bodies reach the cost limit too
    expected = _markdown_problem_reference(body)
    got = markdown_problem(body)
    assert (got is None) == (expected is None)
    if got is not None and expected is not None:
        assert got[0] == expected[0]
        assert ("nested" in got[1]) == (expected[1] == "nesting")
