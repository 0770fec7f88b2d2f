"""Design tokens: one source of truth for colours and sizes, rendered into the Qt style sheet.

Sizes are given in millimetres and converted with the configured screen density, so a target is
the same physical size on any panel. No Qt here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from string import Template

#: Capital height of Atkinson Hyperlegible as a fraction of the font size (measured).
CAP_HEIGHT_EM = 0.668
#: Text size steps offered to visitors (at least four, up to 200 %).
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
FONT_FAMILY = "Atkinson Hyperlegible"


@dataclass(frozen=True)
class Colours:
    """One theme's colours (hex strings)."""

    name: str
    window: str  # screen background
    surface: str  # tiles, cards, reading area
    text: str
    muted: str  # secondary text (summaries); still >= 7:1
    primary: str  # primary buttons
    primary_text: str
    border: str  # tile and card borders (>= 3:1 against window)
    focus: str  # keyboard focus ring (>= 3:1)
    link: str
    term: str  # glossary words in pages
    bar: str  # title and navigation bars
    bar_text: str
    bar_focus: str  # a bar button with the keyboard focus is filled with this (>= 3:1 vs bar)
    bar_focus_text: str
    pressed: str
    warning_bg: str
    warning_text: str
    urgent: str  # the "Get help now" tile (a section with ``tone: urgent``)
    urgent_text: str
    urgent_border: str
    urgent_pressed: str


LIGHT = Colours(
    name="light", window="#EEEAE2", surface="#FBF9F4", text="#161616", muted="#333333",
    primary="#0D3B66", primary_text="#FBF9F4", border="#5C5C5C", focus="#E65505",
    link="#0B3A8C", term="#4A2A00", bar="#0D3B66", bar_text="#FBF9F4", pressed="#082846",
    bar_focus="#FBF9F4", bar_focus_text="#0D3B66",
    warning_bg="#FFF1C2", warning_text="#3A2A00",
    urgent="#6E1010", urgent_text="#FBF9F4", urgent_border="#4A0A0A", urgent_pressed="#4A0A0A",
)
DARK = Colours(
    name="dark", window="#121212", surface="#1C1C1C", text="#E4DFD4", muted="#CFC9BD",
    primary="#233A52", primary_text="#E4DFD4", border="#8A8A8A", focus="#F2A65A",
    link="#A9C8F0", term="#F0D29A", bar="#1A2633", bar_text="#E4DFD4", pressed="#0B1622",
    bar_focus="#F2A65A", bar_focus_text="#1A2633",
    warning_bg="#3A3000", warning_text="#F3E6B5",
    urgent="#4A0E0E", urgent_text="#F6E3DF", urgent_border="#E57373", urgent_pressed="#2E0808",
)
THEMES = {"light": LIGHT, "dark": DARK}


def mm_to_px(mm: float, ppi: float, device_pixel_ratio: float = 1.0) -> int:
    """Physical millimetres to logical pixels: ``mm * PPI / 25.4 / devicePixelRatio``."""
    return round(mm * ppi / 25.4 / device_pixel_ratio)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one screen density, text scale and target-size choice."""

    body_px: int
    nav_px: int  # navigation bar text: not scaled, so the bar never changes
    small_px: int
    h1_px: int
    h2_px: int
    h3_px: int
    tile_title_px: int
    target_px: int
    primary_px: int
    gap_px: int
    padding_px: int
    radius_px: int
    border_px: int
    focus_px: int

    @property
    def card_px(self) -> int:
        """Least height of a card: the style sheet's min-height applies inside its padding and
        border, so this is the primary target size plus both."""
        return self.primary_px + 2 * (self.padding_px + self.focus_px)


def metrics(ppi: float, cap_height_mm: float, target_mm: float, primary_mm: float,
            text_scale: float = 1.0, device_pixel_ratio: float = 1.0) -> Metrics:
    """Compute pixel sizes from physical sizes and the visitor's text scale."""
    def px(mm: float) -> int:
        return mm_to_px(mm, ppi, device_pixel_ratio)

    base = px(cap_height_mm) / CAP_HEIGHT_EM
    body = round(base * text_scale)
    return Metrics(
        body_px=body,
        nav_px=round(base),
        small_px=max(round(body * 0.9), px(3.6 / CAP_HEIGHT_EM)),
        h1_px=round(body * 1.45),
        h2_px=round(body * 1.25),
        h3_px=round(body * 1.1),
        tile_title_px=round(body * 1.15),
        target_px=px(target_mm),
        primary_px=px(primary_mm),
        gap_px=max(px(3.0), 2),
        padding_px=px(3.0),
        radius_px=px(2.0),
        border_px=max(px(0.6), 2),
        focus_px=max(px(1.0), 3),
    )


def stylesheet(template: str, colours: Colours, size: Metrics) -> str:
    """Fill the QSS template's ``$tokens`` from the colours and metrics."""
    tokens: dict[str, object] = {**asdict(colours), **asdict(size), "font": FONT_FAMILY}
    return Template(template).substitute(tokens)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i: i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
