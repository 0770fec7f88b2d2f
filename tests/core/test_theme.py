"""Design tokens: both themes meet the contrast targets; sizes follow the screen density."""

import pytest

from kiosk.core.theme import CAP_HEIGHT_EM, THEMES, contrast_ratio, metrics, mm_to_px

TEXT_PAIRS = [("text", "window"), ("text", "surface"), ("muted", "surface"), ("muted", "window"),
              ("primary_text", "primary"), ("primary_text", "pressed"), ("bar_text", "bar"),
              ("bar_focus_text", "bar_focus"),
              ("link", "surface"), ("term", "surface"), ("warning_text", "warning_bg"),
              ("muted", "window"), ("urgent_text", "urgent"), ("urgent_text", "urgent_pressed")]
NON_TEXT_PAIRS = [("border", "window"), ("border", "surface"), ("focus", "window"),
                  ("focus", "surface"), ("focus", "primary"), ("focus", "bar"),
                  ("bar_text", "bar"), ("text", "surface"), ("urgent_border", "window"),
                  ("urgent_border", "surface"), ("focus", "urgent"), ("focus", "urgent_pressed"),
                  # a focused bar button's fill, against the bar and an unfocused button
                  ("bar_focus", "bar"), ("bar_focus", "primary")]


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_contrast_at_least_7_to_1(name: str) -> None:
    """Every text colour on its background reaches 7:1 in both themes (T9, AAA)."""
    colours = THEMES[name]
    for fg, bg in TEXT_PAIRS:
        ratio = contrast_ratio(getattr(colours, fg), getattr(colours, bg))
        assert ratio >= 7.0, f"{name}: {fg} on {bg} is {ratio:.2f}"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_non_text_contrast_at_least_3_to_1(name: str) -> None:
    """Borders and the focus ring stand out at least 3:1 from what is next to them (T11)."""
    colours = THEMES[name]
    for fg, bg in NON_TEXT_PAIRS:
        assert contrast_ratio(getattr(colours, fg), getattr(colours, bg)) >= 3.0, (name, fg, bg)


def test_dark_theme_has_no_bright_fields() -> None:
    """The low-glare theme has no large light areas: backgrounds stay dark."""
    dark = THEMES["dark"]
    for field in ("window", "surface", "primary", "bar", "urgent"):
        assert contrast_ratio(getattr(dark, field), "#000000") < 2.5, field
    assert dark.text != "#FFFFFF"


def test_light_theme_avoids_pure_white() -> None:
    """No pure-white full-screen glare in the light theme either."""
    assert THEMES["light"].window.upper() != "#FFFFFF"
    assert THEMES["light"].surface.upper() != "#FFFFFF"


def test_sizes_come_from_millimetres() -> None:
    """Pixel sizes follow the configured screen density, so targets keep their physical size."""
    assert mm_to_px(25.4, 96) == 96 and mm_to_px(25.4, 200) == 200
    low, high = metrics(96, 4.8, 14, 20), metrics(192, 4.8, 14, 20)
    assert abs(high.primary_px - 2 * low.primary_px) <= 1
    assert low.body_px * CAP_HEIGHT_EM >= mm_to_px(4.8, 96) - 0.5


def test_text_scale_doubles_body_text() -> None:
    """200 percent text is twice the body size; the navigation bar keeps its size."""
    normal, double = metrics(96, 4.8, 14, 20, 1.0), metrics(96, 4.8, 14, 20, 2.0)
    assert double.body_px == pytest.approx(2 * normal.body_px, abs=1)
    assert double.nav_px == normal.nav_px
