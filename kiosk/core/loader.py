"""The content loader: a content folder into a :class:`~kiosk.core.content.Library`, never raising.

Every problem in the content folder becomes a :class:`~kiosk.core.content.Finding` (reported once,
with the file relative to the content root and the line); a page that cannot be used safely is
skipped and the rest still loads. Whatever bytes a person or a faulty disk puts in the folder,
:func:`load_library` returns; it raises :class:`~kiosk.core.content.ContentError` only when the
folder is missing or holds no usable page.

What the loader checks itself (everything about one file); ``kiosk.core.check`` adds what needs
the whole library (links, images, duplicates, reading level, review age):

- text: a regular file inside the content folder (no link to a file outside it), under the size
  limit, valid UTF-8, no NUL character, not empty; control characters are a warning;
- front matter (:mod:`kiosk.core.frontmatter`): present and closed, valid YAML, a mapping, the
  required keys with the right types (``reviewed`` a real date), unknown keys a warning;
- Markdown that would take the renderer too long (:mod:`kiosk.core.mdguard`) is skipped before
  it is rendered;
- structure: pages outside a section folder and sections without pages; odd file names.

Languages: the base language's tree is the content folder itself (English: ``content/``). A
top-level folder that has its own ``site.yaml`` is another language's tree, not a section
(``content/es/`` for Spanish): it mirrors the base tree with the same folder and file names (the
page ids), and has its own ``site.yaml``, ``resources.yaml``, ``glossary.yaml`` and
``sessions/``. Loading the base language never reads a language tree (one ``stat`` of its
``site.yaml`` tells it apart from a section). :func:`load_library` with ``fallback=`` loads a
language tree on top of the base library: a page, section, resources list or glossary the
translation does not have yet is the base one, marked (:attr:`Page.fallback`), so the UI can
show the tree's ``fallback_note``. :func:`load_languages` does both at once.

No Qt here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kiosk.core.content import (
    EXTRA_SCREENS,
    SECTION_TONES,
    ContentError,
    Library,
    Page,
    Section,
)
from kiosk.core.datafiles import (
    GLOSSARY_FILE,
    RESOURCES_FILE,
    SITE_FILE,
    load_glossary,
    load_organisations,
    load_site,
)
from kiosk.core.frontmatter import (
    check_keys,
    date_value,
    describe,
    key_name,
    plain_text,
    read_front_matter,
    sources_value,
    text_value,
)
from kiosk.core.languages import available_languages, is_dir, is_language_tree, with_fallback
from kiosk.core.mdguard import markdown_problem
from kiosk.core.paths import is_inside
from kiosk.core.safefiles import SafeReader

if TYPE_CHECKING:
    from kiosk.core.yamlcache import YamlCache

SECTION_FILE = "_section.yaml"
SECTION_KEYS = ("title", "summary", "order", "extras", "required_sections", "tone")
#: Folders under the content root that hold no kiosk pages.
NON_SECTION_DIRS = ("sessions", "images")
DEFAULT_MAX_PAGE_BYTES = 200 * 1024

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_GOOD_NAME = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
#: Page files that look like pages but are ignored because of their extension.
_LOOKALIKE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")


class _Loader(SafeReader):
    """Walks one content folder, collecting pages and findings (each finding once)."""

    def __init__(self, root: Path, max_page_bytes: int, cache: YamlCache | None = None,
                 language: str = "en") -> None:
        super().__init__(root, max_page_bytes, cache)
        self.language = language
        self.skipped: set[str] = set()
        #: Sections that may have no page of their own (translated sections of a language
        #: tree, whose pages come from the base language until they are translated).
        self.may_be_empty: set[str] = set()

    # -- pages --------------------------------------------------------------------------------

    def load_page(self, path: Path, section_id: str) -> Page | None:
        page_id = f"{section_id}/{path.stem}"
        if not _GOOD_NAME.match(path.stem):
            self.report(path, 0, "warning", "file name should use only lower-case letters, "
                        "digits and hyphens (it becomes the page's address)")
        try:
            page = self._load_page(path, section_id, page_id)
        except RecursionError:  # pathological input we did not foresee: skip, never crash
            self.report(path, 0, "error", "the page is nested too deeply to read; skipped")
            page = None
        if page is None:
            self.skipped.add(page_id)
        return page

    def _load_page(self, path: Path, section_id: str, page_id: str) -> Page | None:
        text = self.read_text(path, self.max_page_bytes)
        if text is None:
            return None
        if not text.strip():
            self.report(path, 1, "error", "the page is empty; skipped")
            return None
        report = partial(self.report, path)
        front = read_front_matter(text, self.parse_yaml, report)
        if front is None:
            return None
        meta, key_line, has_front_matter, body, body_line = front
        if not body.strip():
            self.report(path, body_line, "error", "the page has no text below its front matter; "
                        "skipped")
            return None
        problem = markdown_problem(body)
        if problem is not None:
            self.report(path, body_line + problem[0], "error", f"the page {problem[1]}; "
                        "skipped")
            return None
        check_keys(meta, key_line, body_line - 1, has_front_matter, report)
        title = text_value(meta, "title", key_line, report) or self._h1(body) or \
            path.stem.replace("-", " ").capitalize()
        summary = text_value(meta, "summary", key_line, report) or ""
        order = meta.get("order", 999)
        if "order" in meta and (not isinstance(order, int) or isinstance(order, bool)):
            self.report(path, key_line.get("order", 2), "error",
                        f"'order' must be a whole number, not {describe(order)}")
            order = 999
        reviewed = date_value(meta, "reviewed", key_line, report)
        sources = sources_value(meta, key_line, report)
        return Page(
            id=page_id, section_id=section_id, title=title, summary=summary, order=order,
            reviewed=reviewed, sources=sources, body=body, body_line=body_line,
            path=path, meta=MappingProxyType(meta), key_lines=MappingProxyType(key_line),
            language=self.language,
        )

    @staticmethod
    def _h1(body: str) -> str | None:
        m = _H1.search(body)
        return m.group(1).strip() if m else None

    # -- sections -----------------------------------------------------------------------------

    def load_section(self, folder: Path) -> Section | None:
        meta_path = folder / SECTION_FILE
        meta: dict[str, Any] = {}
        key_line: dict[str, int] = {}
        if not _GOOD_NAME.match(folder.name):
            self.report(folder, 0, "warning", "folder name should use only lower-case letters, "
                        "digits and hyphens (it becomes the section's address)")
        if meta_path.exists() or meta_path.is_symlink():
            loaded = self.read_yaml(meta_path, "the folder name is used as the title")
            if loaded is not None:
                data, key_line = loaded
                if isinstance(data, dict):
                    meta = {k if isinstance(k, str) else key_name(k): v
                            for k, v in data.items()}
                elif data is not None:
                    self.report(meta_path, 1, "error", "must be a mapping of key: value")
        else:
            self.report(folder, 0, "warning", f"section has no {SECTION_FILE}; using the folder "
                        "name as its title")
        for key in meta:
            if key not in SECTION_KEYS:
                self.report(meta_path, key_line.get(key, 1), "warning", f"unknown key '{key}'")
        title = self._section_text(meta, "title", meta_path, key_line)
        summary = self._section_text(meta, "summary", meta_path, key_line)
        order = meta.get("order", 999)
        if not isinstance(order, int) or isinstance(order, bool):
            if "order" in meta:
                self.report(meta_path, key_line.get("order", 1), "error",
                            f"'order' must be a whole number, not {describe(order)}")
            order = 999
        pages = []
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.report(folder, 0, "error", f"cannot list the folder ({exc.strerror or exc}); "
                        "skipped")
            return None
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            path = folder / name
            suffix = Path(name).suffix
            if suffix == ".md":
                page = self.load_page(path, folder.name)
                if page is not None:
                    pages.append(page)
            elif suffix.lower() in _LOOKALIKE_SUFFIXES:
                self.report(path, 0, "warning", "ignored: only files ending in .md (lower case) "
                            "are pages")
            elif is_dir(entry):
                self._unreachable_pages(path)
        extras_raw = meta.get("extras", [])
        if not isinstance(extras_raw, list):
            self.report(meta_path, key_line.get("extras", 1), "error",
                        f"'extras' must be a list, not {describe(extras_raw)}")
            extras_raw = []
        extras = []
        for e in extras_raw:
            if isinstance(e, str) and e in EXTRA_SCREENS:
                extras.append(e)
            else:
                self.report(meta_path, key_line.get("extras", 1), "error",
                            f"unknown extra screen {key_name(e)!r}; choose from "
                            f"{', '.join(EXTRA_SCREENS)}")
        if not pages and not extras and folder.name not in self.may_be_empty:
            self.report(folder, 0, "error", "section has no pages")
            return None
        pages.sort(key=lambda p: (p.order, p.title.lower()))
        required = meta.get("required_sections", [])
        if not isinstance(required, list) or not all(plain_text(h) for h in required):
            self.report(meta_path, key_line.get("required_sections", 1), "error",
                        "'required_sections' must be a list of headings (text)")
            required = []
        tone = meta.get("tone", "")
        if tone not in ("", *SECTION_TONES):
            self.report(meta_path, key_line.get("tone", 1), "error", f"unknown tone "
                        f"{key_name(tone)!r}; choose from {', '.join(SECTION_TONES)}")
            tone = ""
        return Section(
            id=folder.name,
            title=title or folder.name.replace("-", " ").capitalize(),
            summary=summary or "",
            order=order,
            pages=tuple(pages),
            extras=tuple(dict.fromkeys(extras)),
            required_sections=tuple(str(plain_text(h)) for h in required),
            tone=str(tone),
        )

    def _section_text(self, meta: dict[str, Any], key: str, path: Path,
                      key_line: dict[str, int]) -> str | None:
        if key not in meta:
            return None
        text = plain_text(meta[key])
        if text is None:
            self.report(path, key_line.get(key, 1), "error",
                        f"'{key}' must be text, not {describe(meta[key])}")
        return text

    def _unreachable_pages(self, folder: Path, depth: int = 0) -> None:
        """Report ``.md`` files in a sub-folder of a section: no menu reaches them."""
        if depth > 4 or not is_inside(self.root, folder):
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)[:1000]
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            path = folder / entry.name
            if entry.name.endswith(".md"):
                self.report(path, 0, "error", "page is in a sub-folder of a section, so no menu "
                            "reaches it (move it up one folder)")
            elif is_dir(entry):
                self._unreachable_pages(path, depth + 1)


def load_library(root: Path, max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES, *,
                 cache_dir: Path | None = None, fallback: Library | None = None) -> Library:
    """Load a content folder. Never raises for bad pages; raises only if nothing is usable.

    Args:
        cache_dir: keep parsed front matter there between runs (:mod:`kiosk.core.yamlcache`);
            the result is the same with or without it.
        fallback: the base language's library when ``root`` is a language tree
            (``content/es``): what the tree lacks is taken from it and marked as fallback,
            ``site.yaml`` keys it leaves out keep the base values, and the tree may then be
            incomplete (even hold no page yet) without raising.

    Raises:
        ContentError: the folder does not exist or contains no loadable page (its ``findings``
            say why each page was refused).
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(f"content folder not found: {root}")
    resolved = root.resolve()
    cache = None
    if cache_dir is not None:
        from kiosk.core.yamlcache import YamlCache, cache_file

        cache = YamlCache(cache_file(cache_dir, resolved))
    loader = _Loader(resolved, max_page_bytes, cache)
    # The site first (pages need its language), its findings reported after the sections'.
    site_reports: list[tuple[Path | str, int, str, str]] = []
    site = load_site(loader.root, loader.read_yaml,
                     lambda *finding: site_reports.append(finding),
                     fallback.site if fallback is not None else None)
    loader.language = site.language
    if fallback is not None:
        loader.may_be_empty = {s.id for s in fallback.sections if s.pages}
    sections = []
    try:
        entries = sorted(os.scandir(loader.root), key=lambda e: e.name)
    except OSError as exc:
        raise ContentError(f"cannot list the content folder {root} "
                           f"({exc.strerror or exc})") from None
    for entry in entries:
        if not is_dir(entry):
            continue
        folder = loader.root / entry.name
        if entry.name.startswith((".", "_")) or entry.name in NON_SECTION_DIRS:
            continue
        if not is_inside(loader.root, folder):
            loader.report(folder, 0, "error", "folder is a link to a folder outside the content "
                          "folder; skipped")
            continue
        if is_language_tree(folder):
            continue  # another language's tree (content/es/): see load_languages
        loader.checked_folders.add(folder)
        section = loader.load_section(folder)
        if section is not None:
            sections.append(section)
    for entry in entries:
        name = entry.name
        if name.endswith(".md") and name.lower() != "readme.md" and not name.startswith("."):
            loader.report(name, 0, "error", "page is not in a section folder, so no menu "
                          "reaches it")
    for finding in site_reports:
        loader.report(*finding)
    if fallback is not None:
        sections = with_fallback(sections, fallback)
    sections.sort(key=lambda s: (s.order, s.title.lower()))
    if not any(s.pages for s in sections):
        raise ContentError(f"no readable pages in content folder: {root}",
                           tuple(loader.findings))
    organisations = glossary = None
    if fallback is not None:
        if not (loader.root / RESOURCES_FILE).exists():
            organisations = fallback.organisations
        if not (loader.root / GLOSSARY_FILE).exists():
            glossary = fallback.glossary
    library = Library(
        root=loader.root,
        site=site,
        sections=tuple(sections),
        organisations=(organisations if organisations is not None else
                       load_organisations(loader.root, loader.read_yaml, loader.report)),
        glossary=(glossary if glossary is not None else
                  load_glossary(loader.root, loader.read_yaml, loader.report)),
        findings=tuple(loader.findings),
        skipped=frozenset(loader.skipped),
        fallback=fallback,
    )
    if cache is not None:
        cache.save()
    return library


def load_languages(root: Path, languages: Sequence[str] = (), *,
                   max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
                   cache_dir: Path | None = None) -> dict[str, Library]:
    """One library per language: the base tree (``root``) first, then ``root/<code>`` for each
    other code in ``languages``, each falling back to the base library.

    ``languages`` may name the base language (its code is ``site.yaml``'s ``language``); an
    empty sequence means the base and every language tree found (:func:`available_languages`).
    The UI loads only the base language at start-up and a translated one later with
    ``load_library(root / code, fallback=base)``, which is what this does.

    Raises:
        ContentError: the base folder is unusable, or a named language has no tree.
    """
    root = Path(root)
    base = load_library(root, max_page_bytes, cache_dir=cache_dir)
    libraries = {base.language: base}
    for code in languages or available_languages(root):
        if code in libraries:
            continue
        folder = root / code
        if not (folder.is_dir() and is_language_tree(folder)):
            raise ContentError(f"no content for the language {code!r}: {folder} needs a "
                               f"{SITE_FILE}")
        libraries[code] = load_library(folder, max_page_bytes, cache_dir=cache_dir,
                                       fallback=base)
    return libraries
