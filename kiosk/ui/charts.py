"""Bar charts drawn with QPainter: the one chart widget of the kiosk (the staff usage report).

It draws a :class:`kiosk.core.barchart.BarChart`, the same value the HTML report draws as SVG:
large text, the theme's colours (both themes), and every bar's number written beside it, so no
meaning rests on colour. Its accessible description is the chart in words.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.barchart import BarChart, bar_colour
from kiosk.core.theme import LIGHT, Colours


class BarChartWidget(QWidget):
    """One chart; :meth:`show_chart` sets what it shows, :meth:`set_style` its look.

    Args:
        chart: what to draw.
        colours: the theme's colours.
        text_px: the size of its text (the title is a little larger).
    """

    def __init__(self, chart: BarChart, colours: Colours = LIGHT, text_px: int = 24,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart-{chart.name}")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.chart = chart
        self.colours = colours
        self.text_px = text_px
        self.show_chart(chart)

    def show_chart(self, chart: BarChart) -> None:
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.summary())
        self.setToolTip("")
        self.updateGeometry()
        self.update()

    def set_style(self, colours: Colours, text_px: int) -> None:
        self.colours, self.text_px = colours, text_px
        self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the style sheet's font: other heights
            self.updateGeometry()

    # -- sizes -----------------------------------------------------------------------------------

    def _font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(self.text_px * scale)))
        font.setBold(bold)
        return font

    def _line(self, scale: float = 1.0) -> int:
        return QFontMetrics(self._font(scale)).height()

    @property
    def _gap(self) -> int:
        return max(4, self.text_px // 3)

    def _row(self) -> int:
        """A horizontal chart's item: its label line, then its bar."""
        return self._line() + round(self.text_px * 1.3) + 2 * self._gap

    def _plot_height(self) -> int:
        return self.text_px * 8

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        height = self._line(1.2) + 2 * self._gap
        if self.chart.is_empty:
            return height + self._line() + self._gap
        if self.chart.vertical:
            return height + self._line() + self._plot_height() + self._line() + 2 * self._gap
        return height + len(self.chart.bars) * self._row()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = max(self.width(), 600)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(300, self.heightForWidth(max(self.width(), 300)))

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self.colours
        painter.fillRect(self.rect(), QColor(colours.surface))
        painter.setPen(QColor(colours.text))
        painter.setFont(self._font(1.2, bold=True))
        title_height = self._line(1.2)
        painter.drawText(QRectF(0, 0, self.width(), title_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.chart.title)
        top = title_height + 2 * self._gap
        if self.chart.is_empty:
            painter.setFont(self._font())
            painter.drawText(QRectF(0, top, self.width(), self._line()),
                             int(Qt.AlignmentFlag.AlignLeft), self.chart.empty_text)
        elif self.chart.vertical:
            self._paint_vertical(painter, top)
        else:
            self._paint_horizontal(painter, top)
        painter.end()

    def _paint_horizontal(self, painter: QPainter, top: float) -> None:
        colours, gap = self.colours, self._gap
        label_font, number_font = self._font(), self._font(bold=True)
        number_room = max(QFontMetrics(number_font).horizontalAdvance(bar.value_text)
                          for bar in self.chart.bars) + 2 * gap
        scale = max(self.width() - number_room, 10) / self.chart.top
        bar_height = round(self.text_px * 1.3)
        y = top
        for bar in self.chart.bars:
            painter.setFont(label_font)
            painter.setPen(QColor(colours.text))
            painter.drawText(QRectF(0, y, self.width(), self._line()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             QFontMetrics(label_font).elidedText(
                                 bar.label, Qt.TextElideMode.ElideRight, self.width()))
            y += self._line() + gap // 2
            length = max(bar.value * scale, 2.0 if bar.value else 0.0)
            painter.setPen(QPen(QColor(colours.border), 1))
            painter.setBrush(QColor(bar_colour(colours)))
            painter.drawRect(QRectF(0, y, length, bar_height))
            painter.setFont(number_font)
            painter.setPen(QColor(colours.text))
            painter.drawText(QRectF(length + gap, y, number_room, bar_height),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             bar.value_text)
            y += bar_height + gap + gap // 2

    def _paint_vertical(self, painter: QPainter, top: float) -> None:
        colours, gap = self.colours, self._gap
        count = len(self.chart.bars)
        step = self.width() / count
        # The numbers and labels shrink to fit narrow columns, never below a readable floor.
        small = min(1.0, max(0.55, step / (self.text_px * 1.6)))
        number_font, label_font = self._font(small, bold=True), self._font(small)
        line = self._line(small)
        plot_top = top + line
        plot_height = self._plot_height()
        baseline = plot_top + plot_height
        bar_width = min(max(step * 0.7, 2.0), self.text_px * 3.0)
        painter.setPen(QPen(QColor(colours.border), 2))
        painter.drawLine(0, round(baseline), self.width(), round(baseline))
        for index, bar in enumerate(self.chart.bars):
            centre = step * index + step / 2
            height = bar.value / self.chart.top * plot_height
            if bar.value:
                painter.setPen(QPen(QColor(colours.border), 1))
                painter.setBrush(QColor(bar_colour(colours)))
                painter.drawRect(QRectF(centre - bar_width / 2, baseline - height, bar_width,
                                        height))
            painter.setPen(QColor(colours.text))
            painter.setFont(number_font)
            painter.drawText(QRectF(centre - step / 2, baseline - height - line, step, line),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                             str(bar.value))
            painter.setFont(label_font)
            painter.drawText(QRectF(centre - step / 2, baseline + gap, step, line),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             bar.label)
