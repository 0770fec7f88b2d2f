"""Fonts, style sheets and icons for the Qt shell, all derived from kiosk.core.theme tokens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.core import theme
from kiosk.core.config import KioskConfig
from kiosk.core.paths import font_files, resource

_registered: dict[str, list[str]] = {}  # font file -> its families


def register_fonts(*, italic: bool = True) -> list[str]:
    """Register the bundled Atkinson Hyperlegible files; returns the families loaded.

    Calling it again registers only files not yet registered. The kiosk registers the upright
    styles before its first paint (the home screen has no italics) and the italics after it.
    """
    for path in font_files():
        key = str(path)
        if key in _registered or (not italic and "italic" in path.stem.lower()):
            continue
        font_id = QFontDatabase.addApplicationFont(key)
        _registered[key] = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return sorted({family for families in _registered.values() for family in families})


@cache
def _template(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Look:
    """The visitor's current choices that change how everything looks."""

    theme: str = "light"
    text_scale: float = 1.0
    bigger_buttons: bool = False


class Styler:
    """Turns the config and the visitor's :class:`Look` into style sheets and icons."""

    def __init__(self, config: KioskConfig) -> None:
        self.config = config

    def device_pixel_ratio(self) -> float:
        screen = QGuiApplication.primaryScreen()
        return screen.devicePixelRatio() if screen is not None else 1.0

    def metrics(self, look: Look) -> theme.Metrics:
        c = self.config
        primary = c.large_target_mm if look.bigger_buttons else c.primary_target_mm
        target = max(c.target_mm, primary * 0.7) if look.bigger_buttons else c.target_mm
        return theme.metrics(c.screen_ppi, c.body_cap_height_mm, target, primary,
                             look.text_scale, self.device_pixel_ratio())

    def mm(self, mm: float) -> int:
        return theme.mm_to_px(mm, self.config.screen_ppi, self.device_pixel_ratio())

    @staticmethod
    def colours(look: Look) -> theme.Colours:
        return theme.THEMES[look.theme]

    def app_stylesheet(self, look: Look) -> str:
        return theme.stylesheet(_template("style.qss"), self.colours(look), self.metrics(look))

    def page_css(self, look: Look) -> str:
        return theme.stylesheet(_template("page.css"), self.colours(look), self.metrics(look))

    def icon(self, name: str, look: Look, size: int, colour: str | None = None,
             disabled: str | None = None, focused: str | None = None) -> QIcon:
        """An SVG icon from ``resources/icons`` in the button-text colour (muted when disabled;
        ``focused`` when the button has the keyboard focus, Qt's "active" icon mode), drawn
        once for ``size`` logical pixels at the screen's pixel ratio."""
        colours = self.colours(look)
        px = max(1, round(size * self.device_pixel_ratio()))
        colour = colour or colours.primary_text
        return _icon(name, colour, disabled or colours.muted, focused or colour, px)


@cache
def _icon(name: str, colour: str, disabled_colour: str, focused_colour: str, px: int) -> QIcon:
    svg = resource("icons", f"{name}.svg").read_text(encoding="utf-8")
    icon = QIcon()
    pixmaps: dict[str, QPixmap] = {}  # a mode in the same colour as another: the same pixmap
    for mode, fill in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Disabled, disabled_colour),
                       (QIcon.Mode.Active, focused_colour)):
        pixmap = pixmaps.get(fill)
        if pixmap is None:
            renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", fill).encode("utf-8")))
            pixmap = pixmaps[fill] = QPixmap(QSize(px, px))
            pixmap.fill(QColor(0, 0, 0, 0))
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
        icon.addPixmap(pixmap, mode)
    return icon
