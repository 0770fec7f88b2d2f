"""The Markdown link scanner: every link, image and raw HTML tag a page body writes, with offsets.

One scanner for the whole kiosk: ``check`` reports each link it finds at its line, and the
renderer (:mod:`kiosk.core.render`) reads link schemes and heading ids with the same functions.
A property test (tests/core/test_mdscan.py) holds it to what Python-Markdown, and so the
renderer, finds in the same text. Linear in the length of the body. No Qt.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Schemes of web addresses: shown as text (or a QR code), never opened.
WEB_SCHEMES = ("http", "https", "mailto", "tel")

_SCHEME = re.compile(r"\A([a-zA-Z][a-zA-Z0-9+.-]*):")
_FENCE = re.compile(r"\A {0,3}(`{3,}|~{3,})")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_BACKTICKS = re.compile(r"`+")
_BRACKETS = re.compile(r"\[|\]|\n[ \t]*\n")
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]{1,999})\]:[ \t]*(?:\n[ \t]*)?(<[^<>\n]*>|\S+)",
                         re.MULTILINE)
_LABEL = re.compile(r"\[([^\[\]\n]{0,999})\]")
_AUTOLINK = re.compile(r"<((?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*)>"
                       r"|<([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>"
                       r"|<(!--|!\[CDATA\[|![A-Za-z]|\?)")
#: A heading's id in the renderer's HTML (the toc extension writes it; attr_list may write
#: other attributes before it).
_HEADING_ID = re.compile(r"<h[1-6][^>]*?\sid=\"([^\"]+)\"")
_MAX_DESTINATION = 2048


@dataclass(frozen=True)
class Link:
    """One link or image written in a page body."""

    offset: int  # in the body
    is_image: bool
    text: str
    href: str


def link_scheme(href: str) -> str | None:
    """The lower-case scheme of ``href`` (``https``, ``file``...), ``""`` for ``//host``
    addresses, ``None`` for a relative address (a page or file in the content folder)."""
    m = _SCHEME.match(href)
    if m:
        return m.group(1).lower()
    return "" if href.startswith("//") else None


def heading_ids(html: str) -> set[str]:
    """The ids of the headings in HTML from the renderer (targets of ``page.md#id`` links)."""
    return set(_HEADING_ID.findall(html))


def _blank(text: str) -> str:
    """``text`` with everything but line breaks turned into spaces (offsets stay the same)."""
    return re.sub(r"[^\n]", " ", text)


def mask_code(body: str) -> str:
    """``body`` with code blocks, code spans and backslash escapes blanked out.

    Offsets and line breaks stay where they were, so a match in the result is a match in the
    page; links and HTML written inside code are shown as code and are not reported.
    """
    parts: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            parts.append(_blank(line))
        elif fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and \
                    not line.strip().strip(fence[0]):
                fence = None
            parts.append(_blank(line))
        else:
            parts.append(line)
    text = "\n".join(parts)
    text = _ESCAPE.sub("  ", text)
    runs = list(_BACKTICKS.finditer(text))
    if not runs:
        return text
    # A code span runs from a backtick string to the next one of the same length in the same
    # paragraph; find each run's partner in one backwards pass, then blank the spans.
    paragraph_ends = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
    paragraph = [bisect.bisect(paragraph_ends, r.start()) for r in runs]
    partner: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = len(runs[i].group())
        j = last.get(length)
        if j is not None and paragraph[j] == paragraph[i]:
            partner[i] = j
        last[length] = i
    pieces: list[str] = []
    position = 0
    i = 0
    while i < len(runs):
        j = partner[i]
        if j is None:
            i += 1
            continue
        start, end = runs[i].start(), runs[j].end()
        pieces.append(text[position:start])
        pieces.append(_blank(text[start:end]))
        position = end
        i = j + 1
    pieces.append(text[position:])
    return "".join(pieces)


def _destination(masked: str, body: str, start: int) -> tuple[str, int] | None:
    """Parse ``url "title")`` from ``start`` (just after ``(``); (url, end) or ``None``."""
    n = len(masked)
    i = start
    newline = False
    while i < n and masked[i] in " \t\n":
        if masked[i] == "\n":
            if newline:
                return None
            newline = True
        i += 1
    if i < n and masked[i] == "<":
        close = masked.find(">", i, i + _MAX_DESTINATION)
        if close < 0 or "\n" in masked[i:close]:
            return None
        href = body[i + 1:close]
        i = close + 1
    else:
        depth = 0
        begin = i
        limit = min(n, i + _MAX_DESTINATION)
        while i < limit:
            c = masked[i]
            # A bracket ends the address too: rare in real addresses, and it keeps the scan
            # linear on pages full of "[](" (each scan stops where the next link starts).
            if c in " \t\n[]":
                break
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        else:
            if i < n:
                return None
        href = body[begin:i]
    while i < n and masked[i] in " \t\n":
        i += 1
    if i < n and masked[i] in "\"'(":
        closing = ")" if masked[i] == "(" else masked[i]
        close = masked.find(closing, i + 1, i + 1 + _MAX_DESTINATION)
        if close < 0:
            return None
        i = close + 1
        while i < n and masked[i] in " \t\n":
            i += 1
    if i < n and masked[i] == ")":
        return href, i + 1
    return None


def find_links(body: str, masked: str | None = None) -> list[Link]:
    """Every inline link, image, reference, definition and autolink in a page body.

    Linear in the length of the body (brackets are matched with a stack, not by searching).
    """
    masked = mask_code(body) if masked is None else masked
    links: list[Link] = []
    definitions: dict[str, tuple[int, str]] = {}
    for m in _DEFINITION.finditer(masked):
        label = " ".join(m.group(1).split()).casefold()
        href = body[m.start(2):m.end(2)].strip("<>")
        definitions.setdefault(label, (m.start(2), href))
    if definitions:  # blank the definitions so their brackets are not read as links
        masked = _DEFINITION.sub(lambda m: _blank(m.group()), masked)
    image_refs: set[str] = set()
    link_refs: set[str] = set()
    stack: list[int] = []
    consumed = 0  # brackets before this offset belong to a link already read
    for m in _BRACKETS.finditer(masked):
        token = m.group()
        if m.start() < consumed:
            continue
        if token == "[":
            stack.append(m.start())
            continue
        if token != "]":
            stack.clear()  # a blank line ends the paragraph
            continue
        if not stack:
            continue
        open_at = stack.pop()
        close_at = m.start()
        is_image = open_at > 0 and masked[open_at - 1] == "!"
        text = body[open_at + 1:close_at]
        after = close_at + 1
        if masked.startswith("(", after):
            parsed = _destination(masked, body, after + 1)
            if parsed is not None:
                links.append(Link(open_at - is_image, is_image, text, parsed[0]))
                consumed = parsed[1]
            continue
        label_match = _LABEL.match(masked, after)
        if label_match is not None:
            label = label_match.group(1) or text
            consumed = label_match.end()
        elif not masked.startswith(":", after):
            label = text
        else:
            continue
        key = " ".join(label.split()).casefold()
        if key in definitions:
            if is_image:  # checked where it is used, with its alt text
                image_refs.add(key)
                links.append(Link(open_at - 1, True, text, definitions[key][1]))
            else:
                link_refs.add(key)
    for key, (offset, href) in definitions.items():
        if key in link_refs or key not in image_refs:
            links.append(Link(offset, False, "(reference)", href))
    for m in _AUTOLINK.finditer(masked):
        href = m.group(1) or f"mailto:{m.group(2)}"
        links.append(Link(m.start(), False, href, href))
    links.sort(key=lambda link: link.offset)
    return links


def find_html(masked: str) -> Iterator[tuple[int, str]]:
    """(offset, tag name) of raw HTML in a masked body; comments and the like are ``!--``..."""
    for m in _HTML_TAG.finditer(masked):
        if m.group(2):
            yield m.start(), m.group(2).lower()
        else:
            yield m.start(), m.group(3)
