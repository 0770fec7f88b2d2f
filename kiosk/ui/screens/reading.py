"""Screens that show rendered text: one page, and the word list (built after the first paint)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextDocument
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
    """One Markdown page, with Previous and Next page buttons under it."""

    def __init__(self, library: Library, max_line_chars: int = 70,
                 parent: QWidget | None = None) -> None:
        super().__init__(library, max_line_chars, parent)
        self.page: Page | None = None
        self.previous_button = make_wrap_button("", name="previousPage")
        self.next_button = make_wrap_button("", name="nextPage")
        self._set_texts()
        self.previous_button.clicked.connect(lambda: self._go_neighbour(0))
        self.next_button.clicked.connect(lambda: self._go_neighbour(1))
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        # In the middle, under the text: no control only at a screen edge.
        row_layout.addStretch(1)
        row_layout.addWidget(self.previous_button)
        row_layout.addSpacing(self.previous_button.sizeHint().width())
        row_layout.addWidget(self.next_button)
        row_layout.addStretch(1)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(row)

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
