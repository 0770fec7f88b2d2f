"""A 1,000-page library for the scale part of ``make bench``.

Copies the bundled ``content/`` into a folder and adds synthetic pages in a few extra section
folders until the library holds ``total`` pages. Each synthetic page has valid front matter
(title, summary, order, reviewed, sources) and the body of a real page, so pages are as long and
as rich (headings, lists, glossary words, links to sibling sections) as the real ones.

Run on its own: ``.venv/bin/python bench/synthetic.py DIR [--pages 1000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import yaml

from kiosk.core.loader import SECTION_FILE, load_library
from kiosk.core.paths import default_content_dir

#: Extra section folders the synthetic pages go into (the bundled sections are left as they are).
EXTRA_SECTIONS = 5
REVIEWED = dt.date(2026, 1, 15)
#: A Markdown link or image target that is relative to its page's folder (``](page.md)``).
_RELATIVE_TARGET = re.compile(r"\]\((?![a-zA-Z][\w+.-]*:|/|#|\.\./)")


def _real_bodies(content: Path) -> list[tuple[str, str]]:
    """(title, Markdown body) of every page the kiosk loads from ``content``, in menu order.

    Pages are taken from :func:`load_library`, so folders the kiosk skips (``sessions/``) and
    unreadable pages are not counted. Links relative to the page's own folder are rewritten as
    ``../<section>/...`` so they still resolve from the synthetic sections (which sit beside the
    real ones).
    """
    bodies = []
    for page in load_library(content).pages:
        body = _RELATIVE_TARGET.sub(f"](../{page.section_id}/", page.body)
        bodies.append((page.title, body))
    return bodies


def _page_text(number: int, title: str, body: str) -> str:
    front = {
        "title": f"Sample page {number}: {title}",
        "summary": f"Synthetic page {number} for the scale benchmark",
        "order": number,
        "reviewed": REVIEWED,
        "sources": [f"Benchmark source {number}", "Copied from the bundled page of the same name"],
    }
    # A line unique to the page, so no two synthetic pages are byte-identical.
    marker = f"\nThis is synthetic page {number}, generated for the benchmark.\n"
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n{body.rstrip()}\n{marker}"


def make_library(dest: Path, total: int = 1000, source: Path | None = None) -> Path:
    """Write a library of ``total`` pages into ``dest`` (created; must not exist) and return it.

    Args:
        dest: a folder that does not exist yet.
        total: pages in the whole library, bundled pages included.
        source: the content folder to copy (default: the bundled one).
    """
    source = source or default_content_dir()
    shutil.copytree(source, dest)
    bodies = _real_bodies(source)
    existing = len(bodies)
    extra = max(0, total - existing)
    per_section = -(-extra // EXTRA_SECTIONS) if extra else 0
    number = 0
    for s in range(EXTRA_SECTIONS):
        if number >= extra:
            break
        folder = dest / f"sample-{s + 1}"
        folder.mkdir()
        meta = {
            "title": f"Sample section {s + 1}",
            "summary": "Synthetic pages for the scale benchmark",
            "order": 100 + s,
        }
        (folder / SECTION_FILE).write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        for _ in range(per_section):
            if number >= extra:
                break
            number += 1
            title, body = bodies[number % existing]
            (folder / f"page-{number:04d}.md").write_text(
                _page_text(number, title, body), encoding="utf-8"
            )
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a large library for the benchmark.")
    parser.add_argument("dest", type=Path, help="folder to create")
    parser.add_argument("--pages", type=int, default=1000, help="pages in the whole library")
    args = parser.parse_args(argv)
    library = make_library(args.dest, args.pages)
    loaded = load_library(library)
    print(
        f"{library}: {len(loaded.pages)} pages in {len(loaded.sections)} sections, "
        f"{len(loaded.errors)} errors"
    )
    return 0 if len(loaded.pages) == args.pages and not loaded.errors else 1


if __name__ == "__main__":
    sys.exit(main())
