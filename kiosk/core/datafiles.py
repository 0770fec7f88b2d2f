"""The kiosk-wide data files: ``site.yaml``, ``resources.yaml`` and ``glossary.yaml``. No Qt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.core.content import Organisation, Site, Term, slugify
from kiosk.core.frontmatter import describe, key_name, plain_text
from kiosk.core.sitedata import parse_review

SITE_FILE = "site.yaml"
RESOURCES_FILE = "resources.yaml"
GLOSSARY_FILE = "glossary.yaml"

#: Reads a YAML file: (path, what the kiosk does without it) -> (data, key lines) or ``None``.
ReadYaml = Callable[[Path, str], tuple[Any, dict[str, int]] | None]
#: Reports a problem: (path or path relative to the root, line, level, message).
Report = Callable[[Path | str, int, str, str], None]


def load_site(root: Path, read_yaml: ReadYaml, report: Report) -> Site:
    """``site.yaml``: the kiosk-wide texts (defaults for what is missing or wrong)."""
    path = root / SITE_FILE
    if not (path.exists() or path.is_symlink()):
        return Site()
    loaded = read_yaml(path, "the default title and welcome are used")
    if loaded is None:
        return Site()
    data, key_line = loaded
    if not isinstance(data, dict):
        if data is not None:
            report(path, 1, "error", "must be a mapping of key: value")
        return Site()
    known = Site.__dataclass_fields__
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = key if isinstance(key, str) else key_name(key)
        if name not in known:
            report(path, key_line.get(name, 1), "warning", f"unknown key '{name}'")
            continue
        if name == "clinical_review":
            values[name], problem = parse_review(value)
            if problem:
                report(path, key_line.get(name, 1), "error", problem)
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        text = plain_text(value)
        if text is None:
            report(path, key_line.get(name, 1), "error",
                   f"'{name}' must be text, not {describe(value)}")
        else:
            values[name] = text
    return Site(**values)


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

