"""The kiosk-wide data files: ``site.yaml``, ``resources.yaml`` and ``glossary.yaml`` (and the
name of ``body-map.yaml``, read by :mod:`kiosk.core.bodymap`). No Qt."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.core.content import Library, Organisation, Site, Term, slugify
from kiosk.core.frontmatter import describe, key_name, plain_text
from kiosk.core.sitedata import HANDOUT_TEXT, HelpSection, format_fields, parse_review

SITE_FILE = "site.yaml"
RESOURCES_FILE = "resources.yaml"
GLOSSARY_FILE = "glossary.yaml"
#: "Where do you feel it?": the body map's regions (read by :mod:`kiosk.core.bodymap`).
BODY_MAP_FILE = "body-map.yaml"

#: Reads a YAML file: (path, what the kiosk does without it) -> (data, key lines) or ``None``.
ReadYaml = Callable[[Path, str], tuple[Any, dict[str, int]] | None]
#: Reports a problem: (path or path relative to the root, line, level, message).
Report = Callable[[Path | str, int, str, str], None]


def has_body_map(library: Library) -> bool:
    """True when the library (or the base language it falls back to) has a ``body-map.yaml``
    (a ``stat`` or two: the home screen asks before the first paint)."""
    roots = [library.root] + ([library.fallback.root] if library.fallback else [])
    return any((root / BODY_MAP_FILE).is_file() for root in roots)


def load_site(root: Path, read_yaml: ReadYaml, report: Report, base: Site | None = None) -> Site:
    """``site.yaml``: the kiosk-wide texts (defaults for what is missing or wrong).

    Args:
        base: the base language's site, for a translated tree: a key its ``site.yaml`` leaves
            out (or gets wrong) keeps the base's value rather than the built-in default.
    """
    default = base or Site()
    path = root / SITE_FILE
    if not (path.exists() or path.is_symlink()):
        return default
    loaded = read_yaml(path, "the default title and welcome are used")
    if loaded is None:
        return default
    data, key_line = loaded
    if not isinstance(data, dict):
        if data is not None:
            report(path, 1, "error", "must be a mapping of key: value")
        return default
    known = Site.__dataclass_fields__
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = key if isinstance(key, str) else key_name(key)
        line = key_line.get(name, 1)
        if name not in known:
            report(path, line, "warning", f"unknown key '{name}'")
            continue
        parser = _WORDING.get(name)
        if name == "clinical_review":
            values[name], problem = parse_review(value)
            if problem:
                report(path, line, "error", problem)
            continue
        if parser is not None:
            parsed, problem = parser(value)
            if problem:
                report(path, line, "error", problem)
            else:
                values[name] = parsed
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        text = plain_text(value)
        if text is None:
            report(path, line, "error", f"'{name}' must be text, not {describe(value)}")
        else:
            values[name] = text
    if base is not None and "clinical_review" not in values:
        values["clinical_review"] = None  # a translation is reviewed on its own
    return replace(default, **values)


def _help_section(value: Any) -> tuple[HelpSection | None, str | None]:
    problem = ("'help_section' must be a mapping with 'heading' (text) and 'levels' (a list of "
               "three headings: call the emergency number now, call the clinic today, tell "
               "the doctor at the next visit)")
    if not isinstance(value, dict):
        return None, problem
    heading = plain_text(value.get("heading"))
    levels = value.get("levels")
    if heading is None or not isinstance(levels, list) or len(levels) != 3:
        return None, problem
    texts = [plain_text(level) for level in levels]
    if any(t is None for t in texts):
        return None, problem
    first, second, third = (str(t) for t in texts)
    return HelpSection(heading, (first, second, third)), None


def _months(value: Any) -> tuple[tuple[str, ...] | None, str | None]:
    names = [plain_text(v) for v in value] if isinstance(value, list) else []
    if len(names) != 12 or any(n is None for n in names):
        return None, "'months' must be a list of the twelve month names, January first"
    return tuple(str(n) for n in names), None


def _pattern(key: str, allowed: set[str]) -> Callable[[Any], tuple[str | None, str | None]]:
    """A parser for a text with ``{names}`` filled in by the code: only ``allowed`` ones."""

    def parse(value: Any) -> tuple[str | None, str | None]:
        text = plain_text(value)
        fields = format_fields(text) if text is not None else None
        if text is None or fields is None or not fields <= allowed:
            return None, (f"'{key}' must be text using only " +
                          (", ".join("{" + a + "}" for a in sorted(allowed)) or "no {names}"))
        return text, None

    return parse


def _handout(value: Any) -> tuple[Mapping[str, str] | None, str | None]:
    if not isinstance(value, dict):
        return None, "'handout' must be a mapping of text name: text"
    texts: dict[str, str] = {}
    for key, text in value.items():
        default = HANDOUT_TEXT.get(key) if isinstance(key, str) else None
        if default is None:
            return None, (f"'handout' has an unknown text {key_name(key)!r}; choose from "
                          f"{', '.join(HANDOUT_TEXT)}")
        parsed, problem = _pattern(f"handout: {key}", format_fields(default) or set())(text)
        if problem:
            return None, problem
        texts[key] = str(parsed)
    return MappingProxyType(texts), None


#: The ``site.yaml`` keys that are not one line of text, and how each is read.
_WORDING: dict[str, Callable[[Any], tuple[Any, str | None]]] = {
    "help_section": _help_section,
    "months": _months,
    "date_format": _pattern("date_format", {"month", "day", "year"}),
    "draft_notice": _pattern("draft_notice", set()),
    "reviewed_notice": _pattern("reviewed_notice", {"name", "role", "date"}),
    "handout": _handout,
}


def load_organisations(root: Path, read_yaml: ReadYaml,
                       report: Report) -> tuple[Organisation, ...]:
    """``resources.yaml``: the cards of the resources screen (bad items skipped)."""
    path = root / RESOURCES_FILE
    if not (path.exists() or path.is_symlink()):
        report(RESOURCES_FILE, 0, "error", "missing: the resources screen will be empty")
        return ()
    loaded = read_yaml(path, "the resources screen will be empty")
    if loaded is None:
        return ()
    data, key_line = loaded
    items = data.get("organisations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        report(path, key_line.get("organisations", 1), "error",
               "must have an 'organisations:' list")
        return ()
    result: dict[str, Organisation] = {}
    for number, item in enumerate(items, start=1):
        fields = item if isinstance(item, dict) else {}
        name = plain_text(fields.get("name"))
        description = plain_text(fields.get("description"))
        if name is None or description is None:
            report(path, key_line.get("organisations", 1), "error",
                   f"organisation {number} needs a name and a description (text); "
                   "skipped")
            continue
        texts = {}
        for key in ("id", "phone", "website", "notes"):
            value = fields.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            texts[key] = plain_text(value) or ""
        org_id = texts["id"] or slugify(name)
        if org_id in result:
            report(path, key_line.get("organisations", 1), "error",
                   f"organisation {number}: the id '{org_id}' is used twice; skipped")
            continue
        result[org_id] = Organisation(
            id=org_id,
            name=name,
            description=description,
            phone=texts["phone"],
            website=texts["website"],
            notes=texts["notes"],
            featured=fields.get("featured") is True,
        )
    return tuple(result.values())


def load_glossary(root: Path, read_yaml: ReadYaml, report: Report) -> tuple[Term, ...]:
    """``glossary.yaml``: the glossary terms, sorted (bad items skipped)."""
    path = root / GLOSSARY_FILE
    if not (path.exists() or path.is_symlink()):
        return ()
    loaded = read_yaml(path, "the glossary will be empty")
    if loaded is None:
        return ()
    data, _lines = loaded
    if not isinstance(data, list):
        report(path, 1, "error", "must be a list of '- term: ... definition: ...' items")
        return ()
    terms: dict[str, Term] = {}
    for number, item in enumerate(data, start=1):
        fields = item if isinstance(item, dict) else {}
        name = plain_text(fields.get("term"))
        definition = plain_text(fields.get("definition"))
        if name is None or definition is None:
            report(path, 1, "error", f"glossary item {number} needs 'term' and "
                   "'definition' text; skipped")
            continue
        term_id = slugify(name)
        if term_id in terms:
            report(path, 1, "warning", f"glossary term '{name}' appears twice")
            continue
        also = fields.get("also") or []
        also_list = also if isinstance(also, list) else [also]
        forms = [name] + [t for t in (plain_text(a) for a in also_list) if t is not None]
        terms[term_id] = Term(term_id, name, definition, tuple(dict.fromkeys(forms)))
    return tuple(sorted(terms.values(), key=lambda t: t.term.lower()))

