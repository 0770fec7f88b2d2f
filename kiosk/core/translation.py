"""Translations cannot silently go stale: ``check``'s findings about a language tree. No Qt.

A translated page (``content/es/forms/cervical-dystonia.md``) records in its front matter what
it translates::

    translation_of: "3f2a9c1b7d4e"   # first 12 hex digits of the SHA-256 of the English file
    translated_by: "..."             # who translated it (honestly: a draft, a person...)
    translated: 2026-11-29           # when

:func:`translation_findings` compares ``translation_of`` with the English file as it is now:

- the English page changed since (the hash differs): a warning at the ``translation_of`` line;
- ``translation_of`` missing: a warning (``translated_by`` or ``translated`` missing: a
  warning too); ``translation_of`` not 12 hex digits in quotes, or ``translated`` not a date:
  an error;
- a translated page or session whose English file no longer exists (renamed or deleted): an
  error, since the page ids link the languages;
- an English page or session with no translation: a warning on the English file, naming the
  translation file to write (the kiosk shows the English page meanwhile, with a note);
- a translated ``_section.yaml`` whose ``extras``, ``tone`` or ``order`` differ from the
  English one, or whose ``required_sections`` list another number of headings: a warning.

:func:`wording_findings` adds a warning for each wording key of the tree's ``site.yaml`` that is
not set, so the base language's wording would be used (English "When to get help" checked on
Spanish pages, English month names in a Spanish handout), and for a ``language`` that is not
the folder's name.

``check --strict`` (deployment) turns every warning into an error. Sessions are checked like
pages (``sessions/<name>.md``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.core.content import Finding, Library
from kiosk.core.datafiles import SITE_FILE
from kiosk.core.frontmatter import YamlProblem, date_value, split_front_matter
from kiosk.core.sessions import SESSIONS_DIR
from kiosk.core.sitedata import HANDOUT_TEXT

#: The ``site.yaml`` keys that hold a language's wording (the rest are numbers and names).
WORDING_KEYS = ("fallback_note", "help_section", "key_points_heading", "actions_heading",
                "months", "date_format", "draft_notice", "reviewed_notice", "handout")
#: How many hex digits of the SHA-256 ``translation_of`` holds.
HASH_DIGITS = 12
_HASH = re.compile(rf"[0-9a-f]{{{HASH_DIGITS}}}")


def source_hash(path: Path) -> str:
    """The ``translation_of`` value for an English file: the first 12 hex digits of the
    SHA-256 of its bytes (what the translators' one-line command prints)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_DIGITS]


def translation_findings(library: Library, prefix: str) -> list[Finding]:
    """Findings about a translated library against its base (``library.fallback``).

    Args:
        library: a language tree loaded with ``fallback=`` the base library.
        prefix: the tree's folder relative to the base root, such as ``"es/"``: paths of the
            findings are relative to the base content folder, like every other finding.

    Returns:
        The findings, unsorted; none when ``library`` has no base.
    """
    base = library.fallback
    if base is None:
        return []
    findings: list[Finding] = []
    code = library.language
    own_pages = {p.id for p in library.own_pages}
    for page in library.own_pages:
        rel = prefix + page.path.relative_to(library.root).as_posix()
        english = base.page(page.id)
        source = english.path if english is not None else None
        findings += _record(rel, dict(page.meta), dict(page.key_lines), page.body_line - 1,
                            source, f"{page.id}.md", base.root)
    for english in base.pages:
        if english.id not in own_pages and english.id not in library.skipped:
            rel = english.path.relative_to(base.root).as_posix()
            findings.append(Finding(rel, 0, "warning", f"not translated into '{code}' yet: "
                                    f"write {prefix}{english.id}.md (meanwhile the kiosk shows "
                                    "this page, with a note)"))
    for section in library.sections:
        base_section = base.section(section.id)
        if section.fallback or base_section is None:
            continue
        rel = f"{prefix}{section.id}/_section.yaml"
        for key in ("extras", "tone", "order"):
            if getattr(section, key) != getattr(base_section, key):
                findings.append(Finding(rel, 0, "warning", f"'{key}' differs from "
                                        f"{section.id}/_section.yaml (copy it unchanged)"))
        if len(section.required_sections) != len(base_section.required_sections):
            findings.append(Finding(rel, 0, "warning", "'required_sections' does not list as "
                                    f"many headings as {section.id}/_section.yaml"))
    own_sessions = dict(_session_files(library.root))
    for name, path in own_sessions.items():
        rel = f"{prefix}{SESSIONS_DIR}/{name}"
        front = _front_matter(path)
        if front is None:
            continue  # unreadable: the session loader reports it
        meta, key_lines, end_line = front
        source = base.root / SESSIONS_DIR / name
        findings += _record(rel, meta, key_lines, end_line,
                            source if source.is_file() else None, f"{SESSIONS_DIR}/{name}",
                            base.root)
    for name, _path in _session_files(base.root):
        if name not in own_sessions:
            findings.append(Finding(f"{SESSIONS_DIR}/{name}", 0, "warning",
                                    f"not translated into '{code}' yet: write "
                                    f"{prefix}{SESSIONS_DIR}/{name}"))
    return findings


def wording_findings(library: Library, prefix: str) -> list[Finding]:
    """Warnings for a language tree whose ``site.yaml`` leaves wording in the base language."""
    base = library.fallback
    if base is None:
        return []
    rel = prefix + SITE_FILE
    site, findings = library.site, []
    if site.language != prefix.rstrip("/"):
        findings.append(Finding(rel, 0, "warning", f"'language' is {site.language!r}; write "
                                f"language: \"{prefix.rstrip('/')}\" (the folder's name)"))
    for key in WORDING_KEYS:
        if key != "handout" and getattr(site, key) == getattr(base.site, key):
            findings.append(Finding(rel, 0, "warning", f"'{key}' is not set, so the "
                                    f"'{base.language}' wording is used"))
    missing = [k for k in HANDOUT_TEXT if site.handout_text(k) == base.site.handout_text(k)]
    if missing:
        findings.append(Finding(rel, 0, "warning", f"'handout' does not translate "
                                f"{', '.join(missing)}, so the '{base.language}' text is "
                                "printed"))
    return findings


def _record(rel: str, meta: dict[str, Any], key_lines: dict[str, int], end_line: int,
            source: Path | None, source_rel: str, base_root: Path) -> list[Finding]:
    """The findings about one translated file's ``translation_of``/``translated_by``/
    ``translated`` against its English ``source`` (``None``: it no longer exists)."""
    findings: list[Finding] = []
    if source is None:
        return [Finding(rel, key_lines.get("translation_of", 1), "error", f"translates "
                        f"{source_rel}, which does not exist (renamed or deleted?): rename or "
                        "delete this translation")]
    for key in ("translated_by", "translated"):
        if key not in meta:
            findings.append(Finding(rel, end_line, "warning", f"front matter is missing "
                                    f"'{key}' (who translated the page, and when)"))

    def report(line: int, level: str, message: str) -> None:
        findings.append(Finding(rel, line, level, message))

    date_value(meta, "translated", key_lines, report)
    if "translation_of" not in meta:
        findings.append(Finding(rel, end_line, "warning", f"front matter is missing "
                                f"'translation_of' (so nobody can tell when {source_rel} changes):"
                                f" add translation_of: \"{_hash_or_blank(source)}\" once the "
                                "translation matches it"))
        return findings
    value = meta["translation_of"]
    line = key_lines.get("translation_of", 1)
    if not isinstance(value, str) or not _HASH.fullmatch(value.strip()):
        findings.append(Finding(rel, line, "error", f"'translation_of' must be the first "
                                f"{HASH_DIGITS} hex digits of the SHA-256 of {source_rel}, in "
                                "quotes"))
        return findings
    now = _hash_or_blank(source)
    if now and value.strip() != now:
        findings.append(Finding(rel, line, "warning", f"{source_rel} has changed since this "
                                f"translation (translation_of \"{value.strip()}\", the English "
                                f"file is now \"{now}\"): update the translation, then "
                                "translation_of"))
    return findings


def _hash_or_blank(path: Path) -> str:
    try:
        return source_hash(path)
    except OSError:
        return ""


def _session_files(root: Path) -> Iterator[tuple[str, Path]]:
    folder = root / SESSIONS_DIR
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        if name.endswith(".md") and not name.startswith((".", "_")) and \
                name.lower() != "readme.md" and (folder / name).is_file():
            yield name, folder / name


def _front_matter(path: Path) -> tuple[dict[str, Any], dict[str, int], int] | None:
    """A session file's front matter, the line of each key and of its closing ``---``."""
    from kiosk.core.yamlparse import load_yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    raw, _body, body_line = split_front_matter(text.replace("\r\n", "\n"))
    if raw is None:
        return None
    try:
        data, key_lines = load_yaml(raw, 2)
    except YamlProblem:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): v for k, v in data.items()}, key_lines, body_line - 1
