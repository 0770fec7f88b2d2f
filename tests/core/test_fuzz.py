"""Fuzz: thousands of random byte mutations of real pages; the loader and `check` never raise.

Seeded, so a failure can be replayed; bounded by a count and by a time budget (whichever comes
first), so a slow machine runs fewer mutations instead of a longer test. Every mutation is
loaded; every CHECK_EVERY-th one is also checked and rendered (which costs more).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import time
from pathlib import Path

from kiosk.core.check import check_library
from kiosk.core.loader import load_library
from kiosk.core.render import PageRenderer
from tests.conftest import CONTENT, write_page

SEED = 6
MUTATIONS = 3000
TIME_BUDGET_SECONDS = 10.0
#: Fewer than this many mutations in the time budget means the loader became far too slow.
MINIMUM_MUTATIONS = 500
CHECK_EVERY = 10
TODAY = dt.date(2026, 11, 25)
FUZZ = "s/fuzz.md"

#: Byte strings that mean something to YAML, Markdown, HTML, UTF-8 or the file system.
DICTIONARY = [
    b"---\n", b"\n---\n", b":", b": [", b"&a", b"*a", b"!!binary", b"2026-02-30", b"9" * 5000,
    b"[", b"](", b"](../../../etc/passwd.md)", b"](/etc/passwd)", b"](file:///etc/passwd)",
    b"![x](", b"![](missing.png)", b"<script>", b"<!--", b"```", b"`", b"#", b"\n\n",
    b"- " * 60, b"> ", b"{: style=x}", b"[TOC]", b"\r", b"\r\n", b"\x00", b"\xff", b"\xc3",
    b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\t", b"\\", b"<http://x.org>", b"[x]: gone.md\n",
]


def _pages() -> list[bytes]:
    """Up to eight real pages from the bundled content (whatever exists right now)."""
    paths = sorted(p for p in CONTENT.glob("*/*.md") if not p.name.startswith(("_", ".")))
    pages = [p.read_bytes() for p in paths[:: max(1, len(paths) // 8)]][:8]
    return pages or [b"---\ntitle: T\nsummary: s\norder: 1\nreviewed: 2026-10-01\n"
                     b"sources: [x]\n---\n## Key points\n\nText [a](b.md).\n"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Apply one to four random mutations (flip, replace, insert, delete, repeat, splice)."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        size = len(buffer)
        at = rng.randrange(size + 1)
        kind = rng.randrange(9)
        if kind == 0 and size:
            i = min(at, size - 1)
            buffer[i] ^= 1 << rng.randrange(8)
        elif kind == 1 and size:
            buffer[min(at, size - 1)] = rng.randrange(256)
        elif kind == 2:
            buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind == 3:
            del buffer[at:at + rng.randint(1, 64)]
        elif kind == 4:
            buffer[at:at] = rng.choice(DICTIONARY)
        elif kind == 5 and size:
            start = rng.randrange(size)
            chunk = bytes(buffer[start:start + rng.randint(1, 16)])
            buffer[at:at] = chunk * rng.randint(2, 2000)  # sometimes far over the size limit
        elif kind == 6:
            del buffer[at:]
        elif kind == 7 and size:
            start = rng.randrange(size)
            chunk = bytes(buffer[start:start + rng.randint(1, 200)])
            buffer[at:at] = chunk
        else:
            lines = bytes(buffer).split(b"\n")
            rng.shuffle(lines[: rng.randint(2, 12)])
            buffer = bytearray(b"\n".join(lines))
    return bytes(buffer)


def test_random_mutations_of_real_pages_never_raise(tmp_path: Path) -> None:
    """A few thousand damaged copies of real pages: every one loads or is reported."""
    root = tmp_path / "content"
    (root / "s").mkdir(parents=True)
    (root / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (root / "s" / "_section.yaml").write_text("title: S\n", encoding="utf-8")
    write_page(root / "s", "good")
    shutil.copy(root / "s" / "good.md", root / "s" / "two.md")  # a target for links
    rng = random.Random(SEED)
    originals = _pages()
    deadline = time.perf_counter() + TIME_BUDGET_SECONDS
    done = 0
    for number in range(MUTATIONS):
        if time.perf_counter() > deadline:
            break
        data = mutate(rng.choice(originals), rng)
        (root / FUZZ).write_bytes(data)
        library = load_library(root)
        page = library.page("s/fuzz")
        if page is None:
            assert any(f.path == FUZZ for f in library.findings), f"mutation {number}"
        if number % CHECK_EVERY == 0:
            check_library(library, today=TODAY)
            renderer = PageRenderer(library)
            for loaded in library.pages:
                renderer.html(loaded)
            assert renderer.failures == {}, f"mutation {number}: {renderer.failures}"
        done += 1
    assert done >= min(MUTATIONS, MINIMUM_MUTATIONS), f"only {done} mutations in the budget"
