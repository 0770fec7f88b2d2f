"""QR codes drawn offline (segno), so a visitor can take a website home on their phone.

Imported after the first paint only (by the resources screens and the handout), so it uses
ordinary Qt idiom.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


@lru_cache(maxsize=64)
def qr_image(data: str, size_px: int, dark: str = "#000000", light: str = "#FFFFFF") -> QImage:
    """A square image of ``data`` as a QR code with a quiet zone, at least ``size_px`` wide.

    Dark modules on a light background always (phones read that best, whatever the theme).
    Cached: the same few codes are drawn again and again over weeks of visits.
    """
    code = segno.make(data, error="m", micro=False)
    matrix = [list(row) for row in code.matrix]
    quiet = 4
    modules = len(matrix) + 2 * quiet
    scale = max(1, -(-size_px // modules))  # whole pixels per module keeps edges sharp
    side = modules * scale
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(light))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(dark))
    for y, row in enumerate(matrix):
        for x, value in enumerate(row):
            if value:
                painter.drawRect(QRectF((x + quiet) * scale, (y + quiet) * scale, scale, scale))
    painter.end()
    return image


def website_url(address: str) -> str:
    """The address a phone should open: add ``https://`` to a bare host name."""
    address = address.strip()
    return address if "://" in address else f"https://{address}"


class QrLabel(QLabel):
    """Shows one QR code at a fixed physical size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ""
        self._size_px = 0
        self._drawn = ("", 0)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def show_code(self, data: str, size_px: int) -> None:
        """Show ``data`` as a code at least ``size_px`` wide (drawn when first on screen)."""
        self.data = data
        self._size_px = size_px
        self._drawn = ("", 0)
        # A screen reader names the picture after the address it opens.
        self.setAccessibleName(self.tr("QR code for {0}").format(data) if data else "")
        if not data:
            self.clear()
            self.hide()
            return
        if self.isVisible():
            self._draw()
        self.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        self._draw()
        super().showEvent(event)

    def _draw(self) -> None:
        if self.data and self._drawn != (self.data, self._size_px):
            pixmap = QPixmap.fromImage(qr_image(self.data, self._size_px))
            self.setPixmap(pixmap)
            self.setFixedSize(QSize(pixmap.width(), pixmap.height()))
            self._drawn = (self.data, self._size_px)

