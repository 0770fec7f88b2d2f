"""Guided sessions: staff lesson plans in ``content/sessions/*.md``, loaded without ever raising.

A session file is Markdown with YAML front matter. The front matter names the session and lists
its steps; the body is an optional introduction for the presenter (never shown to the audience)::

    ---
    title: "Living well with blepharospasm"
    audience: "People with blepharospasm and their families"
    minutes: 25
    reviewed: 2026-11-25
    sources: ["..."]          # optional
    order: 4                  # optional: position in the staff list
    steps:
      - page: forms/blepharospasm
        talking_points:
          - "The eyes themselves are healthy."
      - page: treatments/botulinum-toxin
    ---
    Optional notes for the presenter.

Page ids are ``<section folder>/<file stem>``. Every problem becomes a :class:`Finding` (path
relative to the content root, with the line where it can be found); a step naming a page that
does not exist is dropped and reported, and a file that cannot be used is skipped. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kiosk.core.config import KioskConfig
from kiosk.core.content import Finding, Library
from kiosk.core.frontmatter import split_front_matter
from kiosk.core.loader import DEFAULT_MAX_PAGE_BYTES
from kiosk.core.paths import is_inside
from kiosk.core.sitedata import fill

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~5x faster


def _safe_load(text: str) -> object:
    """``yaml.safe_load`` with the C parser when PyYAML has it."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)

#: The folder under the content root that holds the session files.
SESSIONS_DIR = "sessions"
REQUIRED_KEYS = ("title", "audience", "minutes", "reviewed", "steps")
OPTIONAL_KEYS = ("sources", "order")
STEP_KEYS = ("page", "talking_points")
#: Sessions longer than this many minutes are reported (a typo such as 300 for 30).
MAX_MINUTES = 240


@dataclass(frozen=True)
class Step:
    """One page of a session and what the presenter may say about it (never shown on screen)."""

    page_id: str
    talking_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Session:
    """One guided session. ``id`` is the file name without ``.md`` (``newly-diagnosed``)."""

    id: str
    title: str
    audience: str
    minutes: int
    steps: tuple[Step, ...]
    intro: str = ""  # Markdown for the presenter only
    reviewed: dt.date | None = None
    sources: tuple[str, ...] = ()
    order: int = 999
    path: Path | None = None

    def page_ids(self) -> tuple[str, ...]:
        """The pages of the session in order, each once (for a handout)."""
        return tuple(dict.fromkeys(step.page_id for step in self.steps))


def _node_line(node: yaml.Node | None, offset: int) -> int:
    return node.start_mark.line + offset if node is not None else offset


def _locate(raw_meta: str, offset: int) -> tuple[dict[str, int], list[dict[str, int]]]:
    """Line numbers of the top-level keys and of each step (``"item"``) and its keys."""
    try:
        root = yaml.compose(raw_meta, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}, []
    keys: dict[str, int] = {}
    steps: list[dict[str, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return keys, steps
    for key_node, value_node in root.value:
        name = str(key_node.value)
        keys.setdefault(name, _node_line(key_node, offset))
        if name == "steps" and isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                lines = {"item": _node_line(item, offset)}
                if isinstance(item, yaml.MappingNode):
                    for step_key, step_value in item.value:
                        lines[str(step_key.value)] = _node_line(step_value, offset)
                steps.append(lines)
    return keys, steps


def _plain_text(value: Any) -> str | None:
    """One line of text from a YAML scalar, or ``None`` if it is not text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = " ".join(str(value).split())
    return text or None


class _SessionReader:
    """Reads the session files of one content folder, collecting findings."""

    def __init__(self, root: Path, library: Library, max_bytes: int) -> None:
        self.root = root
        self.library = library
        self.max_bytes = max_bytes
        self.findings: list[Finding] = []
        self.rel = ""

    def report(self, line: int, level: str, message: str) -> None:
        self.findings.append(Finding(self.rel, line, level, message))

    def read(self, path: Path) -> str | None:
        if not is_inside(self.root, path):
            self.report(0, "error", "links outside the content folder; skipped")
            return None
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                self.report(0, "error", f"file is {size // 1024} KB, over the "
                            f"{self.max_bytes // 1024} KB limit; skipped")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.report(0, "error", f"cannot read the file ({exc.strerror}); skipped")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.report(line, "error", "not valid UTF-8 text (save it as UTF-8); skipped")
            return None
        if "\x00" in text:
            self.report(text[: text.index("\x00")].count("\n") + 1, "error",
                        "contains a NUL character (a damaged file?); skipped")
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def load(self, path: Path) -> Session | None:
        self.rel = f"{SESSIONS_DIR}/{path.name}"
        text = self.read(path)
        if text is None:
            return None
        raw_meta, body, _body_line = split_front_matter(text)
        if raw_meta is None:
            self.report(1, "error", "no front matter (a --- block with title, audience, minutes, "
                        "reviewed and steps); skipped")
            return None
        try:
            meta = _safe_load(raw_meta)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = int(mark.line) + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or "invalid YAML"
            self.report(line, "error", f"front matter is not valid YAML: {problem}; skipped")
            return None
        if not isinstance(meta, dict):
            self.report(2, "error", "front matter must be a mapping of key: value; skipped")
            return None
        key_lines, step_lines = _locate(raw_meta, 2)
        meta = {str(k): v for k, v in meta.items()}
        for key in REQUIRED_KEYS:
            if key not in meta:
                self.report(1, "error", f"front matter is missing '{key}'")
        for key in meta:
            if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
                self.report(key_lines.get(key, 1), "warning", f"unknown front-matter key '{key}'")

        def line_of(key: str) -> int:
            return key_lines.get(key, 1)

        title = path.stem.replace("-", " ").capitalize()
        if "title" in meta:
            title = _plain_text(meta["title"]) or title
            if _plain_text(meta["title"]) is None:
                self.report(line_of("title"), "error", "'title' must be text")
        audience = ""
        if "audience" in meta:
            audience = _plain_text(meta["audience"]) or ""
            if not audience:
                self.report(line_of("audience"), "error", "'audience' must be text, such as "
                            "\"People newly diagnosed and their families\"")
        minutes = 0
        if "minutes" in meta:
            value = meta["minutes"]
            if isinstance(value, bool) or not isinstance(value, int) or \
                    not 1 <= value <= MAX_MINUTES:
                self.report(line_of("minutes"), "error", f"'minutes' must be a whole number from "
                            f"1 to {MAX_MINUTES} (about how long the session takes)")
            else:
                minutes = value
        reviewed = meta.get("reviewed")
        if isinstance(reviewed, dt.datetime):
            reviewed = reviewed.date()
        if "reviewed" in meta and not isinstance(reviewed, dt.date):
            self.report(line_of("reviewed"), "error",
                        "'reviewed' must be a date written as YYYY-MM-DD")
            reviewed = None
        sources: list[str] = []
        if "sources" in meta:
            raw = meta["sources"]
            raw = [raw] if isinstance(raw, str) else raw
            if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
                self.report(line_of("sources"), "error", "'sources' must be a list of text lines")
            else:
                sources = [" ".join(s.split()) for s in raw if s.strip()]
        order = meta.get("order", 999)
        if isinstance(order, bool) or not isinstance(order, int):
            self.report(line_of("order"), "error", "'order' must be a whole number")
            order = 999
        steps = self.steps(meta.get("steps"), line_of("steps"), step_lines) \
            if "steps" in meta else []
        if not steps:
            if "steps" in meta:
                self.report(line_of("steps"), "error", "the session has no usable steps; skipped")
            return None
        return Session(id=path.stem, title=title, audience=audience, minutes=minutes,
                       steps=tuple(steps), intro=body.strip(), reviewed=reviewed,
                       sources=tuple(sources), order=order, path=path)

    def steps(self, raw: Any, line: int, step_lines: list[dict[str, int]]) -> list[Step]:
        if not isinstance(raw, list):
            self.report(line, "error", "'steps' must be a list of '- page: section/page' items")
            return []
        result: list[Step] = []
        for number, item in enumerate(raw, start=1):
            lines = step_lines[number - 1] if number <= len(step_lines) else {}
            item_line = lines.get("item", line)
            if isinstance(item, str):
                item = {"page": item}  # "- forms/blepharospasm" is a step without notes
            if not isinstance(item, dict):
                self.report(item_line, "error", f"step {number} must be a mapping with 'page' "
                            "and optional 'talking_points'; skipped")
                continue
            item = {str(k): v for k, v in item.items()}
            for key in item:
                if key not in STEP_KEYS:
                    self.report(lines.get(key, item_line), "warning",
                                f"step {number}: unknown key '{key}'")
            step = self.step(number, item, lines, item_line)
            if step is not None:
                result.append(step)
        return result

    def step(self, number: int, item: dict[str, Any], lines: dict[str, int],
             item_line: int) -> Step | None:
        page_line = lines.get("page", item_line)
        page_id = _plain_text(item.get("page"))
        if page_id is None:
            self.report(item_line, "error", f"step {number} needs 'page: section/page', such "
                        "as 'page: forms/blepharospasm'; skipped")
            return None
        page_id = page_id.strip("/")
        if page_id.endswith(".md"):
            self.report(page_line, "warning", f"step {number}: write the page as "
                        f"'{page_id[:-3]}', without '.md'")
            page_id = page_id[:-3]
        if self.library.page(page_id) is None:
            if page_id in self.library.skipped:
                why = "exists but could not be loaded (see its own problems)"
            elif re.fullmatch(r"[\w-]+/[\w-]+", page_id):
                why = "does not exist"
            else:
                why = "is not a page id; write it as section/page, such as forms/blepharospasm"
            self.report(page_line, "error", f"step {number}: the page '{page_id}' {why}; "
                        "the step is left out")
            return None
        points_raw = item.get("talking_points", [])
        if points_raw is None:
            points_raw = []
        if isinstance(points_raw, str):
            points_raw = [points_raw]
        points: list[str] = []
        if not isinstance(points_raw, list):
            self.report(lines.get("talking_points", item_line), "error",
                        f"step {number}: 'talking_points' must be a list of text lines")
        else:
            for point in points_raw:
                text = _plain_text(point)
                if text is None:
                    self.report(lines.get("talking_points", item_line), "error",
                                f"step {number}: a talking point is empty or not text")
                else:
                    points.append(fill(text, self.library.site))  # {{ clinic_phone }}...
        return Step(page_id, tuple(points))


def load_sessions(root: Path, library: Library,
                  max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> tuple[tuple[Session, ...],
                                                                   list[Finding]]:
    """Load every ``sessions/*.md`` under the content folder ``root``. Never raises.

    Args:
        root: the content folder (usually ``library.root``).
        library: the loaded pages; steps naming pages it lacks are dropped and reported.
        max_bytes: larger files are reported and skipped.

    Returns:
        (the usable sessions sorted by ``order`` then title, every problem found). A missing
        ``sessions`` folder is not a problem: there are simply no sessions.
    """
    reader = _SessionReader(Path(root).resolve(), library, max_bytes)
    folder = reader.root / SESSIONS_DIR
    try:
        if not folder.is_dir():
            return (), []
        paths = sorted(p for p in folder.iterdir()
                       if p.suffix == ".md" and not p.name.startswith((".", "_"))
                       and p.name.lower() != "readme.md")
    except OSError as exc:
        return (), [Finding(SESSIONS_DIR, 0, "error", f"cannot list the folder ({exc.strerror})")]
    sessions: list[Session] = []
    for path in paths:
        try:
            session = reader.load(path)
        except Exception as exc:  # noqa: BLE001 (a bad file never takes the kiosk down)
            reader.rel = f"{SESSIONS_DIR}/{path.name}"
            reader.report(0, "error", f"could not be read ({exc.__class__.__name__}); skipped")
            session = None
        if session is not None:
            sessions.append(session)
    titles: dict[str, str] = {}
    for session in sessions:
        key = session.title.casefold()
        if key in titles:
            reader.rel = f"{SESSIONS_DIR}/{session.id}.md"
            reader.report(1, "warning", f"title '{session.title}' is also used by {titles[key]}")
        titles.setdefault(key, f"{SESSIONS_DIR}/{session.id}.md")
    sessions.sort(key=lambda s: (s.order, s.title.casefold()))
    return tuple(sessions), reader.findings


def find_session(sessions: tuple[Session, ...], name: str) -> Session | None:
    """The session whose file is ``name`` (``newly-diagnosed`` or ``newly-diagnosed.md``)."""
    name = name.removesuffix(".md")
    return next((s for s in sessions if s.id == name), None)


def check_sessions(library: Library, config: KioskConfig | None = None,
                   today: dt.date | None = None) -> list[Finding]:
    """Findings for ``main.py check``: loading problems, unknown pages and review dates.

    Args:
        library: the loaded content (its ``root`` holds the ``sessions`` folder).
        config: ``review_months`` and ``max_page_kb`` come from here (defaults if ``None``).
        today: the date to measure review age from (for tests).
    """
    config = config or KioskConfig()
    today = today or dt.date.today()
    sessions, findings = load_sessions(library.root, library, config.max_page_kb * 1024)
    for session in sessions:
        rel = f"{SESSIONS_DIR}/{session.id}.md"
        if session.reviewed is None:
            continue
        months = (today.year - session.reviewed.year) * 12 + today.month - session.reviewed.month
        if months > config.review_months:
            findings.append(Finding(rel, 1, "warning", f"last reviewed {session.reviewed}, more "
                                    f"than {config.review_months} months ago"))
        elif session.reviewed > today:
            findings.append(Finding(rel, 1, "error", f"'reviewed' date {session.reviewed} is "
                                    "in the future"))
    return findings
