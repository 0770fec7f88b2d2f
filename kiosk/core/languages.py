"""Language trees: ``content/es/`` beside the base language's pages, and how they fall back.

A top-level folder of the content root that has its own ``site.yaml`` is another language's
tree, not a section; what a translation lacks is the base language's, marked ``fallback``.
No Qt here.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from kiosk.core.content import Library, Section
from kiosk.core.datafiles import SITE_FILE


def is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def is_language_tree(folder: Path) -> bool:
    """A top-level folder with its own ``site.yaml`` is another language's tree, not a section."""
    path = folder / SITE_FILE
    return path.exists() or path.is_symlink()


def available_languages(root: Path) -> tuple[str, ...]:
    """The language folders under the content root (``("es",)``), by name; reads no file."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return ()
    return tuple(e.name for e in entries if is_dir(e) and not e.name.startswith((".", "_"))
                 and is_language_tree(Path(root) / e.name))


def with_fallback(sections: list[Section], base: Library) -> list[Section]:
    """The translated sections, completed with the base library's pages and sections that are
    not translated yet (marked ``fallback``), in the base library's order of pages."""
    own = {s.id: s for s in sections}
    result: list[Section] = []
    for base_section in base.sections:
        section = own.pop(base_section.id, None)
        missing = tuple(replace(p, fallback=True) for p in base_section.pages)
        if section is None:
            result.append(replace(base_section, pages=missing, fallback=True))
            continue
        translated = {p.id for p in section.pages}
        pages = list(section.pages) + [p for p in missing if p.id not in translated]
        rank = {p.id: i for i, p in enumerate(base_section.pages)}
        pages.sort(key=lambda p: (rank.get(p.id, len(rank)), p.order, p.title.lower()))
        result.append(replace(section, pages=tuple(pages)))
    result.extend(own.values())  # sections only the translation has (check reports them)
    return result
