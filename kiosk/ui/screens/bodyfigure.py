"""The body figure of "Where do you feel it?": the SVG drawn in the theme's colours, the tap
regions from ``body-map.yaml`` behind it, and the hit test (built after the first paint).

Colours: the SVG (``resources/body-figure.svg``) uses two placeholders, ``currentColor`` for
its lines and ``#FEFEFE`` for the body, replaced by the theme's text and background colours before
:class:`QSvgRenderer` reads it (as :mod:`kiosk.ui.style` does for icons), so the figure is drawn
in the light and the low-glare dark theme alike, never as a bright picture. The regions are
painted from the data's shapes, and a tap is tested against the same shapes
(:meth:`QPainterPath.contains`), never against pixel colours.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core import theme
from kiosk.core.bodymap import (
    FIGURE_FILE,
    FIGURE_HEIGHT_MM,
    MIN_REGION_MM,
    BodyMap,
    Region,
    Shape,
    figure,
)
from kiosk.core.paths import resource


def shape_path(shape: Shape) -> QPainterPath:
    """The shape as a path in the figure's coordinates."""
    path = QPainterPath()
    v = shape.values
    if shape.kind == "rect":
        path.addRoundedRect(QRectF(v[0], v[1], v[2], v[3]), 14, 14)
    elif shape.kind == "ellipse":
        path.addEllipse(QPointF(v[0], v[1]), v[2], v[3])
    else:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in shape.points]))
        path.closeSubpath()
    return path


class BodyFigure(QWidget):
    """The figure with its tappable regions; a tap (press and release on the same region)
    emits :attr:`region_tapped`. Sliding off the region before lifting the finger cancels.

    Keyboard and screen-reader users choose the same regions with the word buttons beside it,
    so the figure itself takes no focus.

    Args:
        body_map: the regions (those with shapes are drawn).
        colours: the current theme's colours (read at every paint).
        mm: millimetres to pixels at the configured screen density.

    Signals:
        region_tapped(str): the id of the region tapped.
    """

    region_tapped = Signal(str)

    def __init__(self, body_map: BodyMap, colours: Callable[[], theme.Colours],
                 mm: Callable[[float], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyFigure")
        self.body_map = body_map
        self._colours = colours
        self._mm = mm
        self.selected = ""
        self._pressed: str | None = None
        self._figure = figure()
        self._svg = resource(FIGURE_FILE).read_text(encoding="utf-8")
        self._renderer: QSvgRenderer | None = None
        self._renderer_colours: tuple[str, str] = ("", "")
        self.paths: dict[str, QPainterPath] = {}
        for region in body_map.regions:
            if region.shapes:
                path = QPainterPath()
                for shape in region.shapes:
                    path.addPath(shape_path(shape))
                self.paths[region.id] = path
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # -- geometry ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        _x, _y, width, height = self._figure.view_box
        tall = self._mm(FIGURE_HEIGHT_MM)
        return QSize(round(tall * width / height), tall)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = self.sizeHint()
        return QSize(hint.width() // 3, hint.height() // 3)

    def transform(self) -> QTransform:
        """Figure coordinates to widget pixels: as large as fits, centred."""
        x, y, width, height = self._figure.view_box
        scale = min(self.width() / width, self.height() / height)
        dx = (self.width() - width * scale) / 2
        dy = (self.height() - height * scale) / 2
        return QTransform(scale, 0, 0, scale, dx - x * scale, dy - y * scale)

    def fits_targets(self, width: int, height: int) -> bool:
        """True when, drawn in ``width`` x ``height`` pixels, every region is at least
        ``MIN_REGION_MM`` wide and tall (a small screen gets the word buttons alone)."""
        _x, _y, box_width, box_height = self._figure.view_box
        scale = min(width / box_width, height / box_height)
        smallest = min((min(path.boundingRect().width(), path.boundingRect().height())
                        for path in self.paths.values()), default=0.0)
        return smallest * scale >= self._mm(MIN_REGION_MM)

    def region_rect(self, region_id: str) -> QRectF:
        """Where a region's shapes are on the widget (for tests and Listen's highlight)."""
        path = self.paths.get(region_id)
        return self.transform().map(path).boundingRect() if path is not None else QRectF()

    def region_at(self, point: QPointF) -> Region | None:
        """The region under a widget point, or ``None`` for a gap or the background."""
        inverse, ok = self.transform().inverted()
        if not ok:
            return None
        at = inverse.map(point)
        for region in self.body_map.regions:
            path = self.paths.get(region.id)
            if path is not None and path.contains(at):
                return region
        return None

    # -- input -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        region = self.region_at(event.position())
        self._pressed = region.id if region is not None else None
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        region = self.region_at(event.position())
        pressed, self._pressed = self._pressed, None
        if region is not None and region.id == pressed:  # acts on release, on the same region
            self.region_tapped.emit(region.id)
        event.accept()

    def set_selected(self, region_id: str) -> None:
        """Light up one region ("" for none)."""
        self.selected = region_id
        self.update()

    # -- drawing -----------------------------------------------------------------------------

    def _svg_renderer(self, colours: theme.Colours) -> QSvgRenderer:
        key = (colours.text, colours.window)
        if self._renderer is None or self._renderer_colours != key:
            svg = self._svg.replace("currentColor", colours.text).replace("#FEFEFE",
                                                                          colours.window)
            self._renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")), self)
            self._renderer_colours = key
        return self._renderer

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        colours = self._colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self.transform()
        scale = transform.m11()
        painter.setTransform(transform)
        # The regions: a quiet tint behind the figure and a thin dashed edge over it; the chosen
        # one warm and framed thickly in the text colour (not colour alone: a frame three times
        # as thick, like the chosen word button beside it).
        painter.setPen(Qt.PenStyle.NoPen)
        for region_id, path in self.paths.items():
            chosen = region_id == self.selected
            painter.setBrush(QColor(colours.warning_bg if chosen else colours.surface))
            painter.drawPath(path)
        x, y, width, height = self._figure.view_box
        self._svg_renderer(colours).render(painter, QRectF(x, y, width, height))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for region_id, path in self.paths.items():
            chosen = region_id == self.selected
            pen = QPen(QColor(colours.text if chosen else colours.border))
            pen.setWidthF((self._mm(1.5) if chosen else self._mm(0.5)) / max(scale, 0.01))
            if not chosen:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.end()
