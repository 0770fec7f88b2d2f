"""Every organisation's QR code scans back to its website and is big enough (at least 30 mm)."""

from __future__ import annotations

import zxingcpp
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.core.navigation import Route
from kiosk.core.theme import mm_to_px
from kiosk.ui.qr import qr_image, website_url


def decode(image: QImage) -> list[str]:
    """Decode QR codes in a Qt image with zxing-cpp (a self-contained wheel, no system library)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = gray.width(), gray.height()
    data = bytes(gray.constBits())[: gray.bytesPerLine() * height]
    rows = b"".join(data[y * gray.bytesPerLine(): y * gray.bytesPerLine() + width]
                    for y in range(height))
    return [r.text for r in zxingcpp.read_barcodes(memoryview(rows).cast("B", (height, width)))]


def test_qr_image_decodes() -> None:
    """The QR generator produces a code that decodes to the same text."""
    assert decode(qr_image("https://dystonia-foundation.org", 200)) == [
        "https://dystonia-foundation.org"]


def test_every_card_code_scans(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """On the resources screen each card's QR code, as painted, decodes to the website."""
    window.navigator.go(Route("resources"))
    QApplication.sendPostedEvents()
    codes = {c.objectName()[3:]: c for c in window.stack.resources_screen.codes}
    assert len(codes) == sum(1 for o in library.organisations if o.website)
    minimum = mm_to_px(30, window.config.screen_ppi)
    for org in library.organisations:
        code = codes[org.id]
        assert code.width() >= minimum and code.height() >= minimum
        assert decode(code.grab().toImage()) == [website_url(org.website)]


def test_detail_screen_code_scans(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """The detail screen shows the clinic's QR code large enough to scan, and it decodes."""
    clinic = library.organisations[0]
    window.navigator.go(Route("organisation", clinic.id))
    code = window.stack.organisation_screen.code
    qtbot.waitUntil(code.isVisible)
    QApplication.sendPostedEvents()  # the layout the first paint would see
    assert code.width() >= mm_to_px(30, window.config.screen_ppi)
    assert decode(window.grab().toImage()) == [website_url(clinic.website)]
