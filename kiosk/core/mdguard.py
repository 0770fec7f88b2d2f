"""The Markdown cost guard: pages the renderer could not convert quickly are refused. No Qt."""

from __future__ import annotations

import re

#: Python-Markdown is quadratic in some inputs: for each ``[`` it scans the rest of the text run
#: (paragraph, list item, table row) for the closing ``]``, for each ``<`` the rest for ``>``;
#: very long paragraphs and thousands of lines without a blank one are slow too. The estimated
#: cost of a page, roughly in nanoseconds of rendering, is the sum over its paragraphs of
#: ``chars**2 + 40 * lines**2`` plus, over its text runs, ``(200 * count("[") + 20 *
#: count("<")) * chars``; the limit is about a second. The bundled pages cost about 0.3 % of
#: it; a page over it is skipped instead of freezing the screen for seconds or minutes.
#: (Python-Markdown is linear otherwise: the 200 KB page limit bounds the rest.)
MAX_MARKDOWN_COST = 1_000_000_000
#: Lists or quotes nested deeper than this (markers at the start of one line) are refused;
#: Python-Markdown hits Python's recursion limit at a few hundred.
MAX_NESTING = 50

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
#: Where a new text run starts inside a paragraph block: a list item, heading, table row, quote.
_RUN_START = re.compile(r"\n(?=[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#|\||>))")
_NESTING = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")
#: A line nested deeper than MAX_NESTING starts with at least MAX_NESTING + 1 characters of
#: markers and indentation (each marker takes one at least): only such lines are counted.
_DEEP_CANDIDATE = re.compile(rf"(?m)^[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}.*$")
_THEMATIC_BREAK = re.compile(r"\A[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")


def markdown_problem(body: str) -> tuple[int, str] | None:
    """(line offset in ``body``, reason) when rendering ``body`` could freeze or crash the kiosk.

    See :data:`MAX_MARKDOWN_COST` and :data:`MAX_NESTING`. Linear in the length of ``body``.
    """
    length = len(body)
    brackets, angles = body.count("["), body.count("<")
    # A bound on the cost below, from whole-body counts: most pages are far under the limit, and
    # then the block-by-block sum is not needed (1,000 pages load 40 ms sooner).
    bound = length ** 2 + 40 * (body.count("\n") + 1) ** 2 + (200 * brackets + 20 * angles) * length
    if bound > MAX_MARKDOWN_COST:
        problem = _costly_block(body)
        if problem is not None:
            return problem
    for match in _DEEP_CANDIDATE.finditer(body):
        line = match.group()
        if _THEMATIC_BREAK.match(line):
            continue
        if _leading_markers(line) > MAX_NESTING:
            return body.count("\n", 0, match.start()), (
                f"has lists or quotes nested more than {MAX_NESTING} deep")
    return None


def _costly_block(body: str) -> tuple[int, str] | None:
    """The block-by-block cost of :func:`markdown_problem`; the worst block if over the limit."""
    cost = 0
    worst = (0, 0)  # (cost, line offset)
    offset = 0
    position = 0
    for m in [*_BLANK_LINES.finditer(body), None]:
        end = m.start() if m is not None else len(body)
        block = body[position:end]
        lines = block.count("\n") + 1
        block_cost = len(block) ** 2 + 40 * lines ** 2
        if "[" in block or "<" in block:
            block_cost += sum((200 * run.count("[") + 20 * run.count("<")) * len(run)
                              for run in _RUN_START.split(block))
        cost += block_cost
        if block_cost > worst[0]:
            worst = (block_cost, offset)
        if m is not None:
            offset += body.count("\n", position, m.end())
            position = m.end()
    if cost > MAX_MARKDOWN_COST:
        return worst[1], ("is too long or complex to show quickly (a very long paragraph, or "
                          "thousands of '[' or '<' characters: a damaged file?)")
    return None


def _leading_markers(line: str) -> int:
    """How many list or quote markers open ``line`` (``> - 1. x`` has three)."""
    count = 0
    position = 0
    indent = len(line) - len(line.lstrip(" \t"))
    while count <= MAX_NESTING:
        m = _NESTING.match(line, position)
        if m is None or m.end() == position:
            break
        count += 1
        position = m.end()
    # Deep indentation nests lists too (two spaces a level).
    return count + (indent // 2 if count else 0)
