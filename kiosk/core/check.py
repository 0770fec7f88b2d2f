"""``main.py check``: every problem in a content folder as ``path:line: level: message``. No Qt."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict
from pathlib import Path

from kiosk.core.config import KioskConfig
from kiosk.core.content import Finding, Library, Page, load_library
from kiosk.core.render import PageRenderer, classify_link, resolve_image

_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def check_page(library: Library, renderer: PageRenderer, page: Page, config: KioskConfig,
               today: dt.date) -> list[Finding]:
    """Links, images, raw HTML and review age of one page."""
    findings: list[Finding] = []
    rel = page.path.relative_to(library.root).as_posix()
    in_code = False
    for offset, line in enumerate(page.body.split("\n")):
        number = page.body_line + offset
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        for m in _LINK.finditer(line):
            is_image, text, href = m.group(1) == "!", m.group(2), m.group(3)
            if is_image:
                if not text.strip():
                    findings.append(Finding(rel, number, "error", f"image {href!r} has no alt "
                                            "text (write it between the [ ])"))
                if resolve_image(library, page, href) is None:
                    findings.append(Finding(rel, number, "error", f"image {href!r} is missing, "
                                            "remote or outside the content folder"))
                continue
            target = classify_link(library, page, href)
            if target.kind == "web":
                findings.append(Finding(rel, number, "warning", f"web link {href!r} is shown "
                                        "as text; the kiosk never opens it"))
            elif target.kind == "outside":
                findings.append(Finding(rel, number, "error", f"link {href!r} points outside "
                                        "the content folder"))
            elif target.kind == "missing":
                why = "could not be loaded" if target.page_id in library.skipped else \
                    "does not exist"
                findings.append(Finding(rel, number, "error", f"link {href!r}: the page {why}"))
            elif target.anchor:
                linked = library.page(target.page_id)
                if linked is not None and target.anchor not in renderer.anchors(linked):
                    findings.append(Finding(rel, number, "error", f"link {href!r}: no heading "
                                            f"with the id {target.anchor!r}"))
        if _RAW_HTML.search(line):
            findings.append(Finding(rel, number, "warning", "raw HTML is shown as plain text; "
                                    "use Markdown instead"))
    if page.reviewed is not None:
        age = _months_between(page.reviewed, today)
        if age > config.review_months:
            findings.append(Finding(rel, 1, "warning", f"last reviewed {page.reviewed}, more "
                                    f"than {config.review_months} months ago"))
        elif page.reviewed > today:
            findings.append(Finding(rel, 1, "error", f"'reviewed' date {page.reviewed} is in "
                                    "the future"))
    return findings


def check_library(library: Library, config: KioskConfig | None = None,
                  today: dt.date | None = None) -> list[Finding]:
    """All findings for a loaded library, sorted by file and line."""
    config = config or KioskConfig()
    today = today or dt.date.today()
    renderer = PageRenderer(library)
    findings = list(library.findings)
    titles: dict[str, str] = {}
    for page in library.pages:
        findings.extend(check_page(library, renderer, page, config, today))
        rel = page.path.relative_to(library.root).as_posix()
        key = page.title.casefold()
        if key in titles:
            findings.append(Finding(rel, 1, "error", f"title {page.title!r} is also used by "
                                    f"{titles[key]}"))
        else:
            titles[key] = rel
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.level, f.message))


def run_check(root: Path, config: KioskConfig, *, strict: bool = False,
              as_json: bool = False) -> tuple[int, str]:
    """The ``check`` command: returns (exit code, text to print)."""
    from kiosk.core.content import ContentError

    try:
        library = load_library(root, config.max_page_kb * 1024)
    except ContentError as exc:
        return 2, f"error: {exc}"
    findings = check_library(library, config)
    if strict:
        findings = [Finding(f.path, f.line, "error", f.message) for f in findings]
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    code = 1 if errors else 0
    if as_json:
        return code, json.dumps({"findings": [asdict(f) for f in findings], "errors": errors,
                                 "warnings": warnings, "pages": len(library.pages)}, indent=2)
    lines = [str(f) for f in findings]
    lines.append(f"{len(library.pages)} pages checked: {errors} errors, {warnings} warnings")
    return code, "\n".join(lines)
