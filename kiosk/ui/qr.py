"""QR codes drawn offline (segno), so a visitor can take a website home on their phone."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def qr_image(data: str, size_px: int, dark: str = "#000000", light: str = "#FFFFFF") -> QImage:
    """A square image of ``data`` as a QR code with a quiet zone, at least ``size_px`` wide.

    Dark modules on a light background always (phones read that best, whatever the theme).
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
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def show_code(self, data: str, size_px: int) -> None:
        self.data = data
        if not data:
            self.clear()
            self.hide()
            return
        pixmap = QPixmap.fromImage(qr_image(data, size_px))
        self.setPixmap(pixmap)
        self.setFixedSize(QSize(pixmap.width(), pixmap.height()))
        self.show()
