"""The checks of one page that need the whole library: links, anchors, images, raw HTML,
``{: ...}`` attributes and rendering (see :mod:`kiosk.core.check`). No Qt here."""

from __future__ import annotations

import bisect
import posixpath
import re
from urllib.parse import unquote, urlsplit

from kiosk.core.content import Finding, Library, Page
from kiosk.core.images import image_problem
from kiosk.core.mdscan import WEB_SCHEMES, Link, find_html, find_links, link_scheme, mask_code
from kiosk.core.paths import is_inside
from kiosk.core.render import PageRenderer, classify_link

#: Harmless formatting tags: reported as warnings because the renderer shows them as text.
#: Every other tag is an error. The renderer itself lets no raw HTML through at all.
ALLOWED_HTML = frozenset({"b", "i", "em", "strong", "u", "s", "del", "ins", "mark", "small",
                          "sub", "sup", "br", "abbr", "span", "kbd", "p"})
#: Attributes a ``{: ...}`` list may set and the renderer keeps.
ALLOWED_ATTRIBUTES = frozenset({"id", "class"})

_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}[ \t]*$", re.MULTILINE)
_ATTR_KEY = re.compile(r"(?:^|\s)([A-Za-z_:][-\w:.]*)=")


# -- checking one page ----------------------------------------------------------------------------


def _quote(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


class PageChecker:
    """The findings of one page; needs the whole library for links."""

    def __init__(self, library: Library, renderer: PageRenderer, page: Page,
                 ids_by_case: dict[str, str]) -> None:
        self.library = library
        self.renderer = renderer
        self.page = page
        self.rel = page.path.relative_to(library.root).as_posix()
        self.ids_by_case = ids_by_case
        self.findings: list[Finding] = []
        self._newlines = [m.start() for m in re.finditer("\n", page.body)]

    def report(self, offset: int, level: str, message: str) -> None:
        line = self.page.body_line + bisect.bisect_left(self._newlines, offset)
        self.findings.append(Finding(self.rel, line, level, message))

    def run(self) -> list[Finding]:
        masked = mask_code(self.page.body)
        for link in find_links(self.page.body, masked):
            if link.is_image:
                self.check_image(link)
            else:
                self.check_link(link)
        self.check_html(masked)
        return self.findings

    # links

    def check_link(self, link: Link) -> None:
        href = link.href.strip()
        q = _quote(href)
        if not href:
            self.report(link.offset, "error", f"link {_quote(link.text)} has no address")
            return
        if not link.text.strip() and not re.search(r"!\[", link.text):
            self.report(link.offset, "warning", f"link {q} has no text, so nobody can see or "
                        "tap it")
        scheme = link_scheme(href)
        if scheme in WEB_SCHEMES:
            self.report(link.offset, "warning", f"web link {q} is shown as text; the kiosk "
                        "never opens it")
            return
        if scheme == "file":
            self.report(link.offset, "error", f"link {q} is a file: address; the kiosk never "
                        "opens files (link to a page with page.md)")
            return
        if scheme == "":
            self.report(link.offset, "error", f"link {q} points to another computer; link to "
                        "a page (page.md) or write a web address (https://...)")
            return
        if scheme is not None:
            self.report(link.offset, "error", f"link {q} uses '{scheme}:', which the kiosk "
                        "never opens; link to a page (page.md)")
            return
        path = unquote(urlsplit(href).path)
        if path.startswith("/"):
            self.report(link.offset, "error", f"link {q} is an absolute path, outside the "
                        "content folder; write it relative to this page (page.md or "
                        "../section/page.md)")
            return
        target = classify_link(self.library, self.page, href)
        if target.kind == "outside":
            self.report(link.offset, "error", f"link {q} points outside the content folder")
            return
        if target.kind == "anchor":
            self.check_anchor(link, href, self.page, target.anchor)
            return
        joined = posixpath.normpath(posixpath.join(self.page.section_id, path))
        if not joined.endswith(".md"):
            self.report(link.offset, "error", f"link {q} does not point to a page (a .md file)")
            return
        if self._escapes(joined):
            self.report(link.offset, "error", f"link {q} points to a file outside the content "
                        "folder (a symbolic link)")
            return
        if target.kind == "missing":
            if target.page_id in self.library.skipped:
                self.report(link.offset, "error", f"link {q}: the page could not be loaded "
                            "(see its own findings)")
            else:
                hint = self.ids_by_case.get(target.page_id.casefold())
                also = f" (did you mean {self._relative(hint)}?)" if hint else ""
                self.report(link.offset, "error", f"link {q}: the page does not exist{also}")
            return
        linked = self.library.page(target.page_id)
        if target.anchor and linked is not None:
            self.check_anchor(link, href, linked, target.anchor)

    def _relative(self, page_id: str) -> str:
        """How this page links to ``page_id`` (``b.md`` or ``../section/b.md``)."""
        section, _, stem = page_id.partition("/")
        return f"{stem}.md" if section == self.page.section_id else f"../{page_id}.md"

    def _escapes(self, joined: str) -> bool:
        try:
            candidate = self.library.root / joined
            return (candidate.is_symlink() or candidate.exists()) and \
                not is_inside(self.library.root, candidate)
        except (OSError, ValueError):
            return False

    def check_anchor(self, link: Link, href: str, target: Page, anchor: str) -> None:
        if not anchor:
            return
        if anchor not in self.renderer.anchors(target):
            self.report(link.offset, "error", f"link {_quote(href)}: no heading with the id "
                        f"{anchor!r}")

    # images

    def check_image(self, link: Link) -> None:
        src = link.href.strip()
        q = _quote(src)
        if not link.text.strip():
            self.report(link.offset, "error", f"image {q} has no alt text (describe it between "
                        "the [ ])")
        if not src:
            self.report(link.offset, "error", "image has no file name")
            return
        scheme = link_scheme(src)
        if scheme in ("http", "https", ""):
            self.report(link.offset, "error", f"image {q} is on the web; the kiosk never "
                        "fetches it (copy the file into the content folder)")
            return
        if scheme == "data":
            self.report(link.offset, "error", f"image {q} is embedded data; save it as a file "
                        "in the content folder")
            return
        if scheme is not None:
            self.report(link.offset, "error", f"image {q} uses '{scheme}:'; images must be "
                        "files inside the content folder")
            return
        path = unquote(urlsplit(src).path)
        if path.startswith("/"):
            self.report(link.offset, "error", f"image {q} is an absolute path, outside the "
                        "content folder; write it relative to this page")
            return
        joined = posixpath.normpath(posixpath.join(self.page.section_id, path))
        if joined == ".." or joined.startswith("../"):
            self.report(link.offset, "error", f"image {q} points outside the content folder")
            return
        try:
            candidate = self.library.root / joined
            if (candidate.is_symlink() or candidate.exists()) and \
                    not is_inside(self.library.root, candidate):
                self.report(link.offset, "error", f"image {q} is a link to a file outside the "
                            "content folder")
                return
            if not candidate.exists():
                self.report(link.offset, "error", f"image {q} does not exist")
                return
            problem = image_problem(candidate)
        except (OSError, ValueError) as exc:
            problem = f"cannot be read ({exc})"
        if problem is not None:
            self.report(link.offset, "error", f"image {q}: {problem}")

    # raw HTML and attribute lists

    def check_html(self, masked: str) -> None:
        seen: set[tuple[int, str]] = set()
        for offset, tag in find_html(masked):
            line = bisect.bisect_left(self._newlines, offset)
            if (line, tag) in seen:
                continue
            seen.add((line, tag))
            if tag in ("!--", "![CDATA[") or tag.startswith(("!", "?")):
                self.report(offset, "warning", "raw HTML (a comment or declaration) is shown as "
                            "plain text; remove it")
            elif tag in ALLOWED_HTML:
                self.report(offset, "warning", f"raw HTML <{tag}> is shown as plain text; use "
                            "Markdown instead")
            else:
                self.report(offset, "error", f"raw HTML <{tag}> is not allowed (the kiosk shows "
                            "it as plain text, never runs it); remove it")
        for m in _ATTR_LIST.finditer(masked):
            for key in dict.fromkeys(k.group(1) for k in _ATTR_KEY.finditer(m.group(1))):
                if key.lower() not in ALLOWED_ATTRIBUTES:
                    self.report(m.start(), "warning", f"attribute '{key}' in {{: ...}} is removed "
                                "by the kiosk; only #id and .class are kept")


# -- the whole library ------------------------------------------------------------------------
