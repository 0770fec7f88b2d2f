""""Where do you feel it?": the body map's regions from ``body-map.yaml``, and their checks.

A region is a place on the body figure (``resources/body-figure.svg``) or a choice that is not a
place ("it comes in sudden attacks"): an id, a label in words, zero or more shapes in the
figure's coordinates, and the pages it leads to::

    regions:
      - id: neck
        label: Neck
        shape: {rect: [148, 214, 104, 90]}        # x, y, width, height
        pages: [forms/cervical-dystonia]
      - id: arms
        label: Shoulder, arm and hand
        shapes:                                     # one region, several shapes
          - {rect: [30, 262, 100, 214]}
          - {ellipse: [320, 370, 50, 107]}          # centre x, centre y, radius x, radius y
        pages: [forms/limb-dystonia]                # polygon: [x1, y1, x2, y2, ...]

A language tree's ``body-map.yaml`` (``content/es/``) may give only ``id`` and ``label``: the
shapes and pages of a region it leaves out come from the base language's file, and a region it
does not list is the base one. Without the file the base language's body map is used.

The kiosk draws the figure :data:`FIGURE_HEIGHT_MM` tall (more when there is room), so ``check``
measures every shape at that size, in pixels at the configured ``screen_ppi``. No Qt here.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # noqa: N817, S405 (our own resource file, no entities)
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.core.content import Finding, Library
from kiosk.core.datafiles import BODY_MAP_FILE
from kiosk.core.frontmatter import YamlProblem, describe, key_name, plain_text
from kiosk.core.paths import resource
from kiosk.core.safefiles import SafeReader
from kiosk.core.theme import mm_to_px

#: The figure, drawn for the kiosk (``resources/``); shapes use its ``viewBox`` coordinates.
FIGURE_FILE = "body-figure.svg"
#: Height of the figure on the screen, at least (the body map screen makes it bigger if it can).
FIGURE_HEIGHT_MM = 140.0
#: The least width and height of every shape on the screen (a primary target, T2).
MIN_REGION_MM = 20.0
#: How many numbers each kind of shape takes (a polygon: pairs, at least three).
SHAPE_KINDS = {"rect": 4, "ellipse": 4, "polygon": 6}
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Shape:
    """One shape in the figure's coordinates (see :data:`SHAPE_KINDS`)."""

    kind: str
    values: tuple[float, ...]
    line: int = 0

    @property
    def points(self) -> tuple[tuple[float, float], ...]:
        """A polygon's corners."""
        v = self.values
        return tuple((v[i], v[i + 1]) for i in range(0, len(v) - 1, 2))

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom."""
        v = self.values
        if self.kind == "rect":
            return v[0], v[1], v[0] + v[2], v[1] + v[3]
        if self.kind == "ellipse":
            return v[0] - v[2], v[1] - v[3], v[0] + v[2], v[1] + v[3]
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)

    def contains(self, x: float, y: float) -> bool:
        v = self.values
        if self.kind == "rect":
            return v[0] <= x <= v[0] + v[2] and v[1] <= y <= v[1] + v[3]
        if self.kind == "ellipse":
            return ((x - v[0]) / v[2]) ** 2 + ((y - v[1]) / v[3]) ** 2 <= 1.0
        inside = False
        points = self.points
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    def centre(self) -> tuple[float, float]:
        """A point inside the shape near its middle (where a test taps it)."""
        left, top, right, bottom = self.bounds()
        middle = ((left + right) / 2, (top + bottom) / 2)
        if self.kind != "polygon" or self.contains(*middle):
            return middle
        inside = [(left + (right - left) * (i + 0.5) / 40, top + (bottom - top) * (j + 0.5) / 40)
                  for i in range(40) for j in range(40)]
        inside = [p for p in inside if self.contains(*p)] or [middle]
        return min(inside, key=lambda p: (p[0] - middle[0]) ** 2 + (p[1] - middle[1]) ** 2)


@dataclass(frozen=True)
class Region:
    """One choice of the body map: a place on the figure (with shapes) or a word-only choice."""

    id: str
    label: str
    shapes: tuple[Shape, ...] = ()
    pages: tuple[str, ...] = ()
    line: int = 0
    pages_line: int = 0


@dataclass(frozen=True)
class BodyMap:
    """The regions of one language's ``body-map.yaml`` (``path`` relative to the content root)."""

    regions: tuple[Region, ...]
    path: str = BODY_MAP_FILE
    findings: tuple[Finding, ...] = field(default=(), compare=False)

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def region_at(self, x: float, y: float) -> Region | None:
        """The region whose shape holds the figure point (x, y), or ``None`` (a gap)."""
        return next((r for r in self.regions if any(s.contains(x, y) for s in r.shapes)), None)


@dataclass(frozen=True)
class Figure:
    """What the core needs of the figure: its ``viewBox`` and the ids of its parts."""

    view_box: tuple[float, float, float, float]
    ids: frozenset[str]


@cache
def figure(path: Path | None = None) -> Figure:
    """The figure's ``viewBox`` (x, y, width, height) and element ids, read once."""
    root = ET.parse(path or resource(FIGURE_FILE)).getroot()  # noqa: S314 (our own file)
    box = tuple(float(n) for n in root.get("viewBox", "0 0 100 100").replace(",", " ").split())
    ids = frozenset(el.get("id", "") for el in root.iter()) - {""}
    x, y, w, h = box if len(box) == 4 else (0.0, 0.0, 100.0, 100.0)
    return Figure((x, y, w, h), ids)


def load_body_map(library: Library) -> BodyMap | None:
    """The body map of ``library``'s language (the base language's where its tree has none);
    ``None`` without a usable one. Problems are in :attr:`BodyMap.findings`; never raises."""
    base = library.fallback
    if base is None:
        return _parse_file(library.root)
    own = library.root / BODY_MAP_FILE
    base_map = _parse_file(base.root)
    if not own.is_file():
        return base_map
    return _parse_file(library.root, base_map)


def _parse_file(root: Path, base: BodyMap | None = None) -> BodyMap | None:
    path = root / BODY_MAP_FILE
    if not path.is_file():
        return None
    reader = SafeReader(root.resolve(), MAX_BYTES)
    text = reader.read_text(reader.root / BODY_MAP_FILE)
    regions: tuple[Region, ...] = ()
    if text is not None:
        try:
            from kiosk.core.yamlparse import load_yaml_tree

            data, lines = load_yaml_tree(text)
        except YamlProblem as exc:
            reader.report(BODY_MAP_FILE, exc.line, "error", f"invalid YAML: {exc.message}; "
                          "the body map is not shown")
        else:
            regions = _regions(data, lines, base, reader)
    if not regions and base is None:
        return None if text is None else BodyMap((), BODY_MAP_FILE, tuple(reader.findings))
    return BodyMap(regions or (base.regions if base else ()), BODY_MAP_FILE,
                   tuple(reader.findings))


def _regions(data: Any, lines: dict[tuple[Any, ...], int], base: BodyMap | None,
             reader: SafeReader) -> tuple[Region, ...]:
    def report(line: int, message: str) -> None:
        reader.report(BODY_MAP_FILE, line, "error", message)

    items = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        report(lines.get(("regions",), 1), "must have a 'regions:' list")
        return ()
    for key in data:
        if key != "regions":
            reader.report(BODY_MAP_FILE, lines.get((str(key),), 1), "warning",
                          f"unknown key '{key_name(key)}'")
    found: dict[str, Region] = {}
    for index, item in enumerate(items):
        line = lines.get(("regions", index), 1)
        region = _region(item, index, line, lines, base, report)
        if region is None:
            continue
        if region.id in found:
            report(line, f"region '{region.id}' is listed twice; the second is left out")
            continue
        found[region.id] = region
    if base is None:
        return tuple(found.values())
    # A translation: the base regions in their order, each replaced by its translation.
    merged = [found.pop(r.id, r) for r in base.regions]
    return tuple(merged + list(found.values()))


_REGION_KEYS = ("id", "label", "shape", "shapes", "pages")


def _region(item: Any, index: int, line: int, lines: dict[tuple[Any, ...], int],
            base: BodyMap | None, report: Any) -> Region | None:
    if not isinstance(item, dict):
        report(line, f"region {index + 1} must be a mapping (id, label, shape, pages); "
               f"not {describe(item)}; left out")
        return None
    where = ("regions", index)
    for key in item:
        if key not in _REGION_KEYS:
            report(lines.get((*where, str(key)), line), f"unknown key '{key_name(key)}' "
                   f"(use {', '.join(_REGION_KEYS)})")
    region_id = plain_text(item.get("id"))
    label = plain_text(item.get("label"))
    if not region_id or not label:
        report(line, f"region {index + 1} needs an 'id' and a 'label' (text); left out")
        return None
    inherited = base.region(region_id) if base is not None else None
    shapes = _shapes(item, where, line, lines, report)
    pages_line = lines.get((*where, "pages"), line)
    pages = item.get("pages")
    if pages is None:
        page_ids: tuple[str, ...] = inherited.pages if inherited is not None else ()
    elif isinstance(pages, list) and all(isinstance(p, str) for p in pages):
        page_ids = tuple(dict.fromkeys(p.strip().removesuffix(".md") for p in pages))
    else:
        report(pages_line, f"region '{region_id}': 'pages' must be a list of page ids "
               "(like forms/cervical-dystonia)")
        page_ids = ()
    if shapes is None:
        shapes = inherited.shapes if inherited is not None else ()
    return Region(region_id, label, shapes, page_ids, line, pages_line)


def _shapes(item: dict[str, Any], where: tuple[Any, ...], line: int,
            lines: dict[tuple[Any, ...], int], report: Any) -> tuple[Shape, ...] | None:
    """The region's shapes; ``None`` when it gives none (a word-only choice, or inherited)."""
    if "shape" in item:
        raw, key = [item["shape"]], "shape"
    elif "shapes" in item:
        raw, key = item["shapes"], "shapes"
        if not isinstance(raw, list):
            report(lines.get((*where, key), line), "'shapes' must be a list of shapes")
            return ()
    else:
        return None
    shapes = []
    for number, value in enumerate(raw):
        at = lines.get((*where, key, number) if key == "shapes" else (*where, key), line)
        shape = _shape(value)
        if isinstance(shape, str):
            report(at, shape)
        else:
            shapes.append(replace(shape, line=at))
    return tuple(shapes)


def _shape(value: Any) -> Shape | str:
    """A shape, or what is wrong with it."""
    kinds = ", ".join(SHAPE_KINDS)
    if not isinstance(value, dict) or len(value) != 1:
        return f"a shape is one of {kinds} with its numbers, like {{rect: [10, 20, 90, 90]}}"
    kind, numbers = next(iter(value.items()))
    if kind not in SHAPE_KINDS:
        return f"unknown shape {key_name(kind)!r}; use {kinds}"
    if not isinstance(numbers, list) or not all(
            isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
            for n in numbers):
        return f"a {kind} needs a list of numbers"
    need = SHAPE_KINDS[kind]
    if (kind == "polygon" and (len(numbers) < need or len(numbers) % 2)) or \
            (kind != "polygon" and len(numbers) != need):
        what = {"rect": "x, y, width, height", "ellipse": "centre x, centre y, radius x, "
                "radius y", "polygon": "x, y pairs of three or more corners"}[kind]
        return f"a {kind} needs {what}"
    values = tuple(float(n) for n in numbers)
    if kind != "polygon" and min(values[2:]) <= 0:
        return f"a {kind}'s sizes must be more than 0"
    return Shape(kind, values)


# -- check ----------------------------------------------------------------------------------


def check_body_map(library: Library, ppi: float, prefix: str = "") -> list[Finding]:
    """``check``'s findings about the library's own ``body-map.yaml`` (none without one):
    what the loader reported, pages that do not exist, regions without pages, shapes under
    :data:`MIN_REGION_MM` at ``ppi`` or outside the figure, and regions that overlap.

    Args:
        prefix: put before each path (a language tree's folder, ``es/``).
    """
    if not (library.root / BODY_MAP_FILE).is_file():
        return []
    base = _parse_file(library.fallback.root) if library.fallback is not None else None
    body_map = _parse_file(library.root, base)
    if body_map is None:
        return []
    path = prefix + body_map.path
    findings = [replace(f, path=prefix + f.path) for f in body_map.findings]
    drawing = figure()
    x0, y0, width, height = drawing.view_box
    units_px = mm_to_px(FIGURE_HEIGHT_MM, ppi) / height  # pixels per figure unit, on screen
    least = mm_to_px(MIN_REGION_MM, ppi)
    for region in body_map.regions:
        if not region.pages:
            findings.append(Finding(path, region.line, "error", f"region '{region.id}' leads "
                                    "to no page; add 'pages:'"))
        for page_id in region.pages:
            if library.page(page_id) is None:
                findings.append(Finding(path, region.pages_line, "error", f"region "
                                        f"'{region.id}': the page '{page_id}' does not exist"))
        if region.shapes and region.id not in drawing.ids:
            findings.append(Finding(path, region.line, "warning", f"the figure has no part "
                                    f"with the id '{region.id}' (the shape is still tappable)"))
        for shape in region.shapes:
            left, top, right, bottom = shape.bounds()
            if left < x0 or top < y0 or right > x0 + width or bottom > y0 + height:
                findings.append(Finding(path, shape.line, "error", f"region '{region.id}': "
                                        f"the {shape.kind} goes outside the figure "
                                        f"({x0:g} {y0:g} {width:g} {height:g})"))
            small = min(right - left, bottom - top)
            if round(small * units_px) < least:
                findings.append(Finding(
                    path, shape.line, "error", f"region '{region.id}': the {shape.kind} is "
                    f"{small * FIGURE_HEIGHT_MM / height:.0f} mm across on the screen; make it "
                    f"at least {MIN_REGION_MM:g} mm ({math.ceil(least / units_px)} figure "
                    "units) wide and high"))
    findings += _overlaps(body_map, path)
    return findings


def _overlaps(body_map: BodyMap, path: str) -> list[Finding]:
    """A finding for each shape that overlaps a shape of an earlier region."""
    findings = []
    placed: list[tuple[Region, Shape]] = []
    for region in body_map.regions:
        for shape in region.shapes:
            for other_region, other in placed:
                if other_region.id != region.id and _overlap(shape, other):
                    findings.append(Finding(path, shape.line, "error", f"region "
                                            f"'{region.id}' overlaps region "
                                            f"'{other_region.id}'; leave a gap between them"))
                    break
        placed += [(region, s) for s in region.shapes]
    return findings


def _overlap(a: Shape, b: Shape, step: float = 1.0) -> bool:
    """True when some point lies in both shapes (tested on a grid of ``step`` figure units
    over the overlap of their bounds)."""
    al, at, ar, ab = a.bounds()
    bl, bt, br, bb = b.bounds()
    left, top, right, bottom = max(al, bl), max(at, bt), min(ar, br), min(ab, bb)
    if left > right or top > bottom:
        return False
    step = max(step, math.sqrt((right - left) * (bottom - top) / 250_000))  # a huge shape
    y = top
    while y <= bottom:
        x = left
        while x <= right:
            if a.contains(x, y) and b.contains(x, y):
                return True
            x += step
        y += step
    return False
