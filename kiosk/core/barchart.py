"""Bar charts as values, and drawn as SVG: the usage report's charts, with no Qt.

The staff panel draws the same :class:`BarChart` with QPainter (:mod:`kiosk.ui.charts`) and the
``main.py report --format html`` file has it as inline SVG from :func:`to_svg`, so both show the
same thing. Every bar has its number written beside it (never colour alone); colours are a
theme's tokens (:mod:`kiosk.core.theme`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kiosk.core.theme import LIGHT, Colours, contrast_ratio


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts, the number, and an optional note after the number."""

    label: str
    value: int
    note: str = ""

    @property
    def value_text(self) -> str:
        return f"{self.value} {self.note}".strip()


@dataclass(frozen=True)
class BarChart:
    """A titled bar chart. ``vertical``: columns over time (days, hours) with short labels;
    otherwise one row per item, its label above its bar (long page titles fit)."""

    name: str
    title: str
    bars: tuple[Bar, ...]
    vertical: bool = False
    empty_text: str = "Nothing counted yet."

    @property
    def top(self) -> int:
        """The largest value (at least 1, so an empty chart still has a scale)."""
        return max([1, *(bar.value for bar in self.bars)])

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)

    def summary(self) -> str:
        """The chart in words (for a screen reader, and the text formats)."""
        if self.is_empty:
            return f"{self.title}: {self.empty_text}"
        items = "; ".join(f"{bar.label}: {bar.value_text}" for bar in self.bars)
        return f"{self.title}: {items}"


def bar_colour(colours: Colours) -> str:
    """The bars' fill: of the theme's primary and link colours, the one that stands out more
    from the chart's background (at least 3:1 in both themes, T11)."""
    return max((colours.primary, colours.link),
               key=lambda colour: contrast_ratio(colour, colours.surface))


#: Sizes of the SVG drawing, in SVG units (CSS pixels); large text for a printed page too.
FONT = 18
TITLE_FONT = 24
ROW = 30  # a horizontal chart's bar height
GAP = 10


def to_svg(chart: BarChart, colours: Colours = LIGHT, width: int = 960) -> str:
    """The chart as a standalone ``<svg>`` element (inline in an HTML page)."""
    parts: list[str] = []
    y = TITLE_FONT + GAP
    parts.append(_text(0, TITLE_FONT, chart.title, colours.text, TITLE_FONT, bold=True))
    if chart.is_empty:
        y += FONT + GAP
        parts.append(_text(0, y, chart.empty_text, colours.text, FONT))
        height = y + GAP
    elif chart.vertical:
        height = _vertical(chart, colours, width, y, parts)
    else:
        height = _horizontal(chart, colours, width, y, parts)
    label = escape(chart.summary(), quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="Atkinson Hyperlegible, Verdana, sans-serif">'
            f'<rect width="{width}" height="{height}" fill="{colours.surface}"/>'
            + "".join(parts) + "</svg>")


def _text(x: float, y: float, text: str, colour: str, size: int, *, bold: bool = False,
          anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" fill="{colour}"{weight} '
            f'text-anchor="{anchor}">{escape(text)}</text>')


def _horizontal(chart: BarChart, colours: Colours, width: int, y: int,
                parts: list[str]) -> int:
    number_room = FONT * 8  # the number (and note) after the longest bar
    scale = (width - number_room) / chart.top
    for bar in chart.bars:
        y += FONT + GAP // 2
        parts.append(_text(0, y, bar.label, colours.text, FONT))
        y += GAP // 2
        length = max(bar.value * scale, 2 if bar.value else 0)
        parts.append(f'<rect x="0" y="{y}" width="{length:.0f}" height="{ROW}" '
                     f'fill="{bar_colour(colours)}" stroke="{colours.border}"/>')
        parts.append(_text(length + GAP, y + ROW - (ROW - FONT) / 2 - 3, bar.value_text,
                           colours.text, FONT, bold=True))
        y += ROW + GAP
    return y + GAP


def _vertical(chart: BarChart, colours: Colours, width: int, y: int, parts: list[str]) -> int:
    plot_top = y + FONT + GAP  # room for the tallest bar's number
    plot_height = 240
    baseline = plot_top + plot_height
    step = width / len(chart.bars)
    bar_width = min(max(step * 0.7, 2), 64)
    small = min(FONT, max(10, int(step * 0.55)))
    parts.append(f'<line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" '
                 f'stroke="{colours.border}" stroke-width="2"/>')
    for index, bar in enumerate(chart.bars):
        centre = step * index + step / 2
        height = bar.value / chart.top * plot_height
        if bar.value:
            parts.append(f'<rect x="{centre - bar_width / 2:.1f}" y="{baseline - height:.1f}" '
                         f'width="{bar_width:.1f}" height="{height:.1f}" '
                         f'fill="{bar_colour(colours)}" stroke="{colours.border}"/>')
        parts.append(_text(centre, baseline - height - 4, str(bar.value), colours.text, small,
                           bold=True, anchor="middle"))
        parts.append(_text(centre, baseline + small + 4, bar.label, colours.text, small,
                           anchor="middle"))
    return baseline + small + 2 * GAP
