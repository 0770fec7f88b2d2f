"""Screens that show rendered text: one page, and the word list (built after the first paint)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QTextEdit, QVBoxLayout, QWidget

from kiosk.core import theme
from kiosk.core.content import Library, Page
from kiosk.core.navigation import Route, RouteKind
from kiosk.ui.buttons import make_wrap_button
from kiosk.ui.pageview import PageView
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import ScrollPane, is_language_change, pass_focus


class ReadingScreen(Screen):
    """A screen whose body is a :class:`PageView` (pages, the word list).

    The view follows links only: no text selection handles, no drag and drop.

    Args:
        library: the content.
        max_line_chars: the longest line, in average characters (T17).
    """

    def __init__(self, library: Library, max_line_chars: int = 70,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.max_line_chars = max_line_chars
        self.view = PageView(library.root)
        self.view.setObjectName("pageView")
        self.view.setAcceptDrops(False)
        self.view.viewport().setAcceptDrops(False)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.pane = ScrollPane(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)

    def scroll_pane(self) -> ScrollPane:
        return self.pane

    def spoken_text(self) -> str:
        return self.view.document().toPlainText()

    def scroll_to_anchor(self, anchor: str) -> None:
        self.view.scrollToAnchor(anchor)

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Spacing, and lines short enough to read (at most ``max_line_chars``, T17)."""
        super().apply_metrics(metrics)
        font = QFont(theme.FONT_FAMILY)
        font.setPixelSize(metrics.body_px)
        width = QFontMetricsF(font).averageCharWidth() * self.max_line_chars
        self.view.setMaximumWidth(int(width + 2 * metrics.body_px * 0.6 + 2 * metrics.border_px
                                      + 4))

    def highlight(self, sentence: str, background: str, foreground: str) -> None:
        view = self.view
        if not sentence:
            view.setExtraSelections([])
            return
        document = view.document()
        cursor = document.find(sentence, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if cursor.isNull():
            cursor = document.find(sentence[:40], 0)
        if cursor.isNull():
            view.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(background))
        selection.format.setForeground(QColor(foreground))
        selection.cursor = cursor
        view.setExtraSelections([selection])
        view.setTextCursor(cursor)
        view.ensureCursorVisible()


class PageScreen(ReadingScreen):
    """One Markdown page, with Previous and Next page buttons under it.

    On a screen too short for the buttons under the text and for the text beside Up and Down
    one above the other (an 800x480 panel with bigger buttons), Previous and Next move beside
    the text, under Up and Down: the text keeps the height, every button its size.
    """

    def __init__(self, library: Library, max_line_chars: int = 70,
                 parent: QWidget | None = None) -> None:
        super().__init__(library, max_line_chars, parent)
        self.page: Page | None = None
        self.previous_button = make_wrap_button("", name="previousPage")
        self.next_button = make_wrap_button("", name="nextPage")
        self._set_texts()
        self.previous_button.clicked.connect(lambda: self._go_neighbour(0))
        self.next_button.clicked.connect(lambda: self._go_neighbour(1))
        self.row = QWidget()
        self.row.setObjectName("pageButtons")
        self.row_layout = QHBoxLayout(self.row)
        self.row_layout.setContentsMargins(0, 0, 0, 0)
        self.compact = True  # so that the next line lays the row out as it is by default
        self._set_compact(False)

    def _set_compact(self, compact: bool) -> None:
        """Previous and Next under the text (in the middle: no control only at a screen edge),
        or, ``compact``, beside it under Up and Down, no wider than those two."""
        if compact == self.compact:
            return
        self.compact = compact
        row, earlier, later = self.row_layout, self.previous_button, self.next_button
        while row.count():
            row.takeAt(0)
        layout = self.layout()
        assert layout is not None
        if compact:
            layout.removeWidget(self.row)
            row.addWidget(earlier, 1)
            row.addWidget(later, 1)
            self.pane.set_side_widget(self.row)
            self.row.setMaximumWidth(max(self.pane.buttons_size()[0],
                                         self.row.minimumSizeHint().width()))
        else:
            self.pane.set_side_widget(None)
            row.addStretch(1)
            row.addWidget(earlier)
            row.addSpacing(earlier.sizeHint().width())
            row.addWidget(later)
            row.addStretch(1)
            self.row.setMaximumWidth(16777215)  # QWIDGETSIZE_MAX: no limit
            layout.addWidget(self.row)

    def _arrange(self, height: int) -> None:
        layout = self.layout()
        if layout is None or height <= 0:
            return
        margins = layout.contentsMargins()
        room = height - margins.top() - margins.bottom()
        self._set_compact(False)
        under = room - layout.spacing() - self.row.sizeHint().height()
        self._set_compact(under < self.pane.buttons_size()[1])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self._arrange(event.size().height())

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        super().apply_metrics(metrics)
        self.row_layout.setSpacing(metrics.gap_px)
        self._arrange(self.height())

    def _set_texts(self) -> None:
        self.previous_button.setText(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page"))
        for button in (self.previous_button, self.next_button):
            button.setAccessibleName(button.text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def show_page(self, page: Page, html: str, css: str, family: str, body_px: int) -> None:
        self.page = page
        self.view.show_html(html, css, family, body_px)
        previous, following = self.library.neighbours(page.id)
        earlier, later = self.previous_button, self.next_button
        if previous is None:
            pass_focus(earlier, later)  # the first page: a keyboard user stays on the buttons
        if following is None:
            pass_focus(later, earlier)
        earlier.setEnabled(previous is not None)
        later.setEnabled(following is not None)
        self.previous_button.setAccessibleDescription(previous.title if previous else "")
        self.next_button.setAccessibleDescription(following.title if following else "")

    def _go_neighbour(self, which: int) -> None:
        if self.page is None:
            return
        target = self.library.neighbours(self.page.id)[which]
        if target is not None:
            self.route_requested.emit(Route(RouteKind.PAGE, target.id))

    def title(self) -> str:
        return self.page.title if self.page else ""

    def content_description(self) -> str:
        return self.page.summary if self.page else ""

    def spoken_text(self) -> str:
        return f"{self.title()}.\n{self.view.document().toPlainText()}"


class GlossaryScreen(ReadingScreen):
    """Every glossary term with its plain-language definition."""

    def title(self) -> str:
        return self.tr("Word list")

    def html(self) -> str:
        if not self.library.glossary:
            empty = self.tr("The word list is empty.")
            return f"<p>{escape(empty)}</p>"
        rows = "".join(
            f'<h3 id="{t.id}"><a name="{t.id}"></a>{escape(t.term)}</h3>'
            f"<p>{escape(t.definition)}</p>"
            for t in self.library.glossary
        )
        return f"<h1>{escape(self.title())}</h1>{rows}"
