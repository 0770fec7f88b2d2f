"""The body map's data (``body-map.yaml``): loading, the Spanish labels and what `check` finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.bodymap import (
    FIGURE_HEIGHT_MM,
    MIN_REGION_MM,
    Shape,
    check_body_map,
    figure,
    load_body_map,
)
from kiosk.core.check import run_check
from kiosk.core.config import KioskConfig
from kiosk.core.datafiles import has_body_map
from kiosk.core.loader import load_languages, load_library
from tests.conftest import CONTENT, write_page


def _folder(tmp_path: Path, body_map: str) -> Path:
    """A content folder with two pages (s/one, s/two) and ``body-map.yaml`` holding
    ``body_map``."""
    (tmp_path / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (tmp_path / "s").mkdir(exist_ok=True)
    (tmp_path / "s" / "_section.yaml").write_text("title: S\n", encoding="utf-8")
    write_page(tmp_path / "s", "one")
    write_page(tmp_path / "s", "two", order=2)
    (tmp_path / "body-map.yaml").write_text(body_map, encoding="utf-8")
    return tmp_path


def _findings(tmp_path: Path, body_map: str, ppi: float = 96.0) -> list[tuple[int, str, str]]:
    library = load_library(_folder(tmp_path, body_map))
    return [(f.line, f.level, f.message) for f in check_body_map(library, ppi)]


GOOD = """regions:
  - id: neck
    label: Neck
    shape: {rect: [148, 214, 104, 90]}
    pages: [s/one]
  - id: trunk
    label: Trunk
    shape: {rect: [142, 316, 116, 128]}
    pages: [s/one, s/two]
  - id: medicine
    label: It started after a medicine
    pages: [s/two]
"""


def test_a_good_body_map_loads_and_has_no_findings(tmp_path: Path) -> None:
    """Regions keep their order, labels, shapes and pages; a region may have no shape."""
    library = load_library(_folder(tmp_path, GOOD))
    body_map = load_body_map(library)
    assert body_map is not None and body_map.findings == ()
    assert [r.id for r in body_map.regions] == ["neck", "trunk", "medicine"]
    assert body_map.region("trunk").pages == ("s/one", "s/two")  # type: ignore[union-attr]
    assert body_map.region("medicine").shapes == ()  # type: ignore[union-attr]
    assert body_map.region_at(200, 250).id == "neck"  # type: ignore[union-attr]
    assert body_map.region_at(200, 310) is None  # the gap between neck and trunk
    assert check_body_map(library, 96.0) == []
    assert has_body_map(library)


def test_no_body_map_file_means_no_tile_and_no_findings(tmp_path: Path) -> None:
    library = load_library(_folder(tmp_path, GOOD))
    (tmp_path / "body-map.yaml").unlink()
    assert not has_body_map(library) and load_body_map(library) is None
    assert check_body_map(library, 96.0) == []


def test_check_finds_an_unknown_page_and_a_region_without_pages(tmp_path: Path) -> None:
    """Both at the region's lines in body-map.yaml."""
    assert _findings(tmp_path, GOOD.replace("[s/one, s/two]", "[s/one, forms/gone]")
                     .replace("    pages: [s/two]\n", "")) == [
        (9, "error", "region 'trunk': the page 'forms/gone' does not exist"),
        (10, "error", "region 'medicine' leads to no page; add 'pages:'"),
    ]


def test_check_finds_a_region_too_small_at_the_screen_density(tmp_path: Path) -> None:
    """20 mm on the screen, measured at the figure's height and the configured density."""
    small = GOOD.replace("[148, 214, 104, 90]", "[148, 214, 104, 60]")
    assert _findings(tmp_path, small) == [
        (4, "error", "region 'neck': the rect is 14 mm across on the screen; make it at least "
         "20 mm (87 figure units) wide and high")]
    units = MIN_REGION_MM / FIGURE_HEIGHT_MM * figure().view_box[3]
    assert 85 < units < 86


def test_check_finds_overlapping_regions(tmp_path: Path) -> None:
    """Also an ellipse and a polygon overlapping, and a shape outside the figure."""
    overlapping = GOOD.replace("[142, 316, 116, 128]", "[142, 290, 116, 128]")
    assert _findings(tmp_path, overlapping) == [
        (8, "error", "region 'trunk' overlaps region 'neck'; leave a gap between them")]
    shapes = GOOD.replace("{rect: [148, 214, 104, 90]}", "{ellipse: [200, 300, 60, 50]}") \
        .replace("{rect: [142, 316, 116, 128]}", "{polygon: [150, 340, 250, 340, 200, 440]}")
    assert _findings(tmp_path, shapes) == [
        (8, "error", "region 'trunk' overlaps region 'neck'; leave a gap between them")]
    outside = GOOD.replace("[142, 316, 116, 128]", "[380, 316, 116, 128]")
    assert _findings(tmp_path, outside) == [
        (8, "error", "region 'trunk': the rect goes outside the figure (0 0 420 600)")]


@pytest.mark.parametrize(("text", "expected"), [
    ("regions: nope\n", (1, "error", "must have a 'regions:' list")),
    ("regions:\n  - label: No id\n    pages: [s/one]\n",
     (2, "error", "region 1 needs an 'id' and a 'label' (text); left out")),
    ("regions:\n  - id: a\n    label: A\n    shape: {circle: [1, 2, 3]}\n    pages: [s/one]\n",
     (4, "error", "unknown shape 'circle'; use rect, ellipse, polygon")),
    ("regions:\n  - id: a\n    label: A\n    shape: {rect: [1, 2]}\n    pages: [s/one]\n",
     (4, "error", "a rect needs x, y, width, height")),
    ("regions:\n  - id: a\n    label: A\n    pages: s/one\n",
     (4, "error", "region 'a': 'pages' must be a list of page ids (like "
      "forms/cervical-dystonia)")),
    ("regions: [\n", (2, "error", "invalid YAML: expected the node content, but found "
                      "'<stream end>'; the body map is not shown")),
])
def test_bad_data_is_one_line_with_its_line(tmp_path: Path, text: str,
                                             expected: tuple[int, str, str]) -> None:
    """Never a traceback: each mistake is a finding at its line of body-map.yaml."""
    assert expected in _findings(tmp_path, text)


def test_run_check_reports_body_map_findings_with_file_and_line(tmp_path: Path) -> None:
    """`main.py check` prints them as body-map.yaml:line: error: ... and exits 1."""
    _folder(tmp_path, GOOD.replace("[s/two]", "[s/three]"))
    code, text = run_check(tmp_path, KioskConfig())
    assert code == 1
    assert "body-map.yaml:12: error: region 'medicine': the page 's/three' does not exist" \
        in text.splitlines()


def test_shapes_contain_their_centres() -> None:
    for shape in (Shape("rect", (0, 0, 10, 10)), Shape("ellipse", (5, 5, 5, 3)),
                  Shape("polygon", (0, 0, 10, 0, 10, 10, 8, 10, 8, 2, 0, 2))):
        assert shape.contains(*shape.centre())
    assert not Shape("polygon", (0, 0, 10, 0, 0, 10)).contains(9, 9)


# -- the bundled content ----------------------------------------------------------------------


def test_bundled_body_map_is_clean_and_every_page_exists() -> None:
    """Every region of content/body-map.yaml leads to existing pages; the neck leads to
    cervical dystonia; each place on the figure has a part with its id in the SVG."""
    libraries = load_languages(CONTENT, ["en", "es"])
    for library in libraries.values():
        assert check_body_map(library, KioskConfig().screen_ppi) == []
        body_map = load_body_map(library)
        assert body_map is not None and len(body_map.regions) == 10
        for region in body_map.regions:
            assert region.pages and all(library.page(p) for p in region.pages)
    english = load_body_map(libraries["en"])
    assert english is not None
    assert english.region("neck").pages == ("forms/cervical-dystonia",)  # type: ignore[union-attr]
    assert {r.id for r in english.regions if r.shapes} <= figure().ids


def test_spanish_labels_with_english_shapes_and_pages() -> None:
    """es/body-map.yaml gives the labels; without it the English body map is used."""
    libraries = load_languages(CONTENT, ["en", "es"])
    english, spanish = (load_body_map(libraries[c]) for c in ("en", "es"))
    assert english is not None and spanish is not None
    neck = spanish.region("neck")
    assert neck is not None and neck.label == "Cuello"
    assert neck.shapes == english.region("neck").shapes  # type: ignore[union-attr]
    assert neck.pages == english.region("neck").pages  # type: ignore[union-attr]


def test_a_language_without_its_body_map_falls_back(tmp_path: Path) -> None:
    """A translated tree with no body-map.yaml shows the base one (English labels)."""
    _folder(tmp_path, GOOD)
    es = tmp_path / "es"
    es.mkdir()
    (es / "site.yaml").write_text("language: es\n", encoding="utf-8")
    libraries = load_languages(tmp_path, ["en", "es"])
    body_map = load_body_map(libraries["es"])
    assert body_map is not None and body_map.region("neck").label == "Neck"  # type: ignore[union-attr]
    assert has_body_map(libraries["es"])
    (es / "body-map.yaml").write_text("regions:\n  - id: neck\n    label: Cuello\n",
                                      encoding="utf-8")
    body_map = load_body_map(libraries["es"])
    assert body_map is not None and [r.label for r in body_map.regions] == [
        "Cuello", "Trunk", "It started after a medicine"]
    assert check_body_map(libraries["es"], 96.0) == []
