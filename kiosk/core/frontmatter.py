"""Page front matter: split off, parsed, its keys and the type of each value checked. No Qt.

PyYAML is not imported here: the loader passes in the parser (the front-matter cache first, then
:mod:`kiosk.core.yamlparse`), so a kiosk whose content has not changed starts without PyYAML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

REQUIRED_PAGE_KEYS = ("title", "summary", "order", "reviewed", "sources")
OPTIONAL_PAGE_KEYS = ("facts", "keywords", "pemat_understandability", "pemat_actionability",
                      "cci_score", "reviewer", "review_date", "clinical_review")

#: Reports one problem in the file being read: (line, level, message).
Report = Callable[[int, str, str], None]
#: Parses one YAML text: (text, file line of its first line) -> (data, file line of each key).
ParseYaml = Callable[[str, int], tuple[Any, dict[str, int]]]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_EMPTY_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n---[ \t]*(?:\r?\n|\Z)")
_OPENING_FENCE = re.compile(r"\A---[ \t]*(?:\n|\Z)")
_DATE_LIKE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*")


class YamlProblem(Exception):
    """A YAML text that cannot be parsed, with the file line of the problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` YAML front matter off a page.

    Returns:
        (front-matter text or None, body, 1-based line number where the body starts)
    """
    m = _FRONT_MATTER.match(text) or _EMPTY_FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    raw = m.group(1) if m.re is _FRONT_MATTER else ""
    return raw, text[m.end():], text[: m.end()].count("\n") + 1


def read_front_matter(text: str, parse_yaml: ParseYaml, report: Report
                      ) -> tuple[dict[str, Any], dict[str, int], bool, str, int] | None:
    """The front matter of a page, or ``None`` (reported) when the page must be skipped.

    Returns:
        (metadata, file line of each key, whether there was front matter, body, body line);
        a page without front matter is reported but kept, with empty metadata.
    """
    raw_meta, body, body_line = split_front_matter(text)
    if raw_meta is None:
        if _OPENING_FENCE.match(text):
            report(1, "error", "front matter has no closing --- line; skipped")
            return None
        if _OPENING_FENCE.match(text.lstrip("\n \t")):
            report(1, "error", "front matter must start on the first line (remove what is "
                   "above the first ---); skipped")
            return None
        report(1, "error", "no front matter (a --- block with title, summary, order, reviewed, "
               "sources)")
        return {}, {}, False, body, body_line
    try:
        loaded, key_line = parse_yaml(raw_meta, 2)
    except YamlProblem as exc:
        report(exc.line, "error", f"front matter is not valid YAML: {exc.message}; skipped")
        return None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        kind = "a list" if isinstance(loaded, list) else "plain text"
        report(2, "error", f"front matter must be a mapping of key: value, not {kind}; skipped")
        return None
    meta = {k if isinstance(k, str) else key_name(k): v for k, v in loaded.items()}
    return meta, key_line, True, body, body_line


def check_keys(meta: dict[str, Any], key_line: dict[str, int], end_line: int,
               has_front_matter: bool, report: Report) -> None:
    """Report required keys that are missing (at ``end_line``) and unknown keys."""
    if has_front_matter:
        for key in REQUIRED_PAGE_KEYS:
            if key not in meta:
                report(end_line, "error", f"front matter is missing '{key}'")
    for key in meta:
        if key not in REQUIRED_PAGE_KEYS and key not in OPTIONAL_PAGE_KEYS:
            report(key_line.get(key, 2), "warning", f"unknown front-matter key '{key}'")


def text_value(meta: dict[str, Any], key: str, key_line: dict[str, int],
               report: Report) -> str | None:
    """One line of text from ``meta[key]`` (a number counts as text), or ``None`` (reported)."""
    if key not in meta:
        return None
    value = meta[key]
    line = key_line.get(key, 2)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # ``title: 1984`` is meant as text
    if not isinstance(value, str):
        report(line, "error", f"'{key}' must be text, not {describe(value)}")
        return None
    text = " ".join(value.split())
    if not text:
        report(line, "error", f"'{key}' is empty")
        return None
    return text


def date_value(meta: dict[str, Any], key: str, key_line: dict[str, int],
               report: Report) -> dt.date | None:
    """The date in ``meta[key]``, or ``None`` (reported unless the key is absent)."""
    if key not in meta:
        return None
    value = meta[key]
    line = key_line.get(key, 2)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_LIKE.fullmatch(value):
        report(line, "error", f"'{key}' is not a real date: {value.strip()}")
    else:
        report(line, "error", f"'{key}' must be a date written as YYYY-MM-DD, not "
               f"{describe(value)}")
    return None


def sources_value(meta: dict[str, Any], key_line: dict[str, int],
                  report: Report) -> tuple[str, ...]:
    """The ``sources`` lines (one text is a list of one); problems are reported."""
    if "sources" not in meta:
        return ()
    raw = meta["sources"]
    line = key_line.get("sources", 2)
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        report(line, "error", f"'sources' must be a list of text lines, not {describe(raw)}")
        return ()
    texts = [plain_text(s) for s in raw]
    if any(t is None for t in texts):
        report(line, "error", "'sources' must be a list of text lines (one item is empty or "
               "not text)")
    kept = tuple(t for t in texts if t is not None)
    if not kept and not any(t is None for t in texts):
        report(line, "error", "'sources' is empty")
    return kept


def plain_text(value: Any) -> str | None:
    """One line of text from a YAML string, or ``None`` if it is not text or is blank."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def key_name(key: Any) -> str:
    """A YAML key as text for a message (a key that is not text is shown as written)."""
    text = key if isinstance(key, str) else repr(key)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(value: Any) -> str:
    """A short, plain description of a YAML value for a message (never the whole value)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, str):
        return f"the text {value[:40]!r}" + ("..." if len(value) > 40 else "")
    if isinstance(value, int | float):
        return f"the number {value!r}"[:60]
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return f"a {type(value).__name__}"
