"""The reading view: a QTextBrowser that shows rendered pages and follows only kiosk links."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from kiosk.core.paths import is_inside


class PageView(QTextBrowser):
    """Shows one page of HTML. Links are never opened by Qt: ``link_activated`` reports them.

    Only ``file:`` images inside the content folder are loaded; nothing else (no web, no other
    files), whatever the HTML says.

    Signals:
        link_activated(str): a link was tapped; the URL as text (``kiosk:...`` or ``#anchor``).
    """

    link_activated = Signal(str)

    def __init__(self, content_root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content_root = content_root
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.anchorClicked.connect(self._on_anchor)
        self._body_px = 16

    def show_html(self, html: str, css: str, font_family: str, body_px: int) -> None:
        """Replace the content, styled with ``css``; spacing set on the blocks (T16)."""
        self._body_px = body_px
        document = self.document()
        document.setDefaultStyleSheet(css)
        font = QFont(font_family)
        font.setPixelSize(body_px)
        document.setDefaultFont(font)
        document.setDocumentMargin(max(8, body_px * 0.6))
        self.setHtml(html)
        self.apply_spacing()
        self.verticalScrollBar().setValue(0)

    def apply_spacing(self) -> None:
        """Line height 150 %; paragraph gap at least twice the font size; list items closer."""
        document = self.document()
        body = self._body_px
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        block = document.begin()
        while block.isValid():
            fmt = QTextBlockFormat(block.blockFormat())
            fmt.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            text_list = block.textList()
            heading = fmt.headingLevel()
            if heading:
                fmt.setTopMargin(body * (1.0 if heading > 1 else 0.2))
                fmt.setBottomMargin(body * 0.8)
            elif text_list is not None:
                last = text_list.itemNumber(block) == text_list.count() - 1
                fmt.setTopMargin(0)
                fmt.setBottomMargin(body * 2 if last else body * 0.7)
            else:
                fmt.setTopMargin(0)
                fmt.setBottomMargin(body * 2)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
            block = block.next()
        cursor.endEditBlock()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """No keyboard selection: Ctrl+A (which Qt allows even without TextSelectableByKeyboard)
        would select the whole page, fill the X selection and stop links from working."""
        if event.matches(QKeySequence.StandardKey.SelectAll):
            event.accept()
            return
        super().keyPressEvent(event)
        cursor = self.textCursor()
        if cursor.hasSelection() and not cursor.charFormat().isAnchor():
            cursor.clearSelection()  # a link focused with Tab stays; any other selection goes
            self.setTextCursor(cursor)

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 (Qt API)
        """Load images only from files inside the content folder; refuse everything else."""
        url = QUrl(url) if isinstance(url, str) else url
        if kind == QTextDocument.ResourceType.ImageResource.value and url.isLocalFile():
            path = Path(url.toLocalFile())
            if is_inside(self.content_root, path) and path.is_file():
                return super().loadResource(kind, url)
        return None

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("#"):
            self.scrollToAnchor(text[1:])
            return
        self.link_activated.emit(text)
