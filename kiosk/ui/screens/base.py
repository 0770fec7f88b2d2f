"""What every screen is (:class:`Screen`) and the card list most of them show (start-up path)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core import theme
from kiosk.ui.widgets import CardButton, ScrollPane, make_scroll_area


class Screen(QWidget):
    """Base of all screens.

    Signals:
        route_requested(object): the visitor tapped something that opens a :class:`Route`.
    """

    route_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "screen")

    def title(self) -> str:
        return ""

    def spoken_text(self) -> str:
        return self.title()

    def scroll_pane(self) -> ScrollPane | None:
        """The screen's scrollable part, if any (its scroll position is remembered)."""
        return None

    def scroll_panes(self) -> list[ScrollPane]:
        """Every scrollable part (styled, dragged and reset alike); the first is
        :meth:`scroll_pane`."""
        pane = self.scroll_pane()
        return [pane] if pane is not None else []

    def reset(self) -> None:
        """For the next visitor: forget any choice made on this screen (most have none)."""

    def scroll_to_anchor(self, anchor: str) -> None:
        """Scroll to a named place (reading screens have them; others ignore it)."""

    def highlight(self, sentence: str, background: str, foreground: str) -> None:
        """Mark ``sentence`` while it is read aloud, and keep it in view; ``""`` clears the mark
        (reading screens do; others show no mark)."""

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Spacing (and card height) after a change of text size or target size."""
        gap = metrics.gap_px
        layout = self.layout()
        if layout is not None:
            layout.setSpacing(gap)
            layout.setContentsMargins(gap, gap, gap, gap)
        pane = self.scroll_pane()
        if pane is not None:
            pane.apply_metrics(metrics)


class CardList(QWidget):
    """A vertical list (or grid) of :class:`CardButton` s inside a scroll pane.

    A grid of ``columns`` becomes fewer columns when a card's longest word would not fit in
    one (200 percent text on a narrow screen), and each card grows to the height its text
    needs: the list scrolls instead.
    """

    def __init__(self, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns  # the most; fewer when the cards' words do not fit
        self.shown_columns = columns
        self.grow = False
        self.floor = 0
        self.cards: list[CardButton] = []
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self._outer.addLayout(self.grid, 1)
        self.area = make_scroll_area(self)
        self.pane = ScrollPane(self.area)

    def set_header(self, widget: QWidget) -> None:
        """Show ``widget`` above the cards; it scrolls with them."""
        self._outer.insertWidget(0, widget)

    def add(self, card: CardButton) -> CardButton:
        index = len(self.cards)
        columns = self.shown_columns
        self.grid.addWidget(card, index // columns, index % columns)
        self.cards.append(card)
        return card

    def finish(self, grow: bool = False) -> None:
        """Close the grid; with ``grow`` the cards share spare height (up to 3x their least)."""
        rows = -(-len(self.cards) // self.shown_columns)
        for row in range(rows + 2):
            self.grid.setRowStretch(row, 1 if grow or row > rows else 0)
        self.grow = grow
        for card in self.cards:
            if grow:
                card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_gap(self, gap: int) -> None:
        self._outer.setSpacing(gap)
        self.grid.setSpacing(gap)

    def set_floor(self, pixels: int) -> None:
        self.floor = pixels
        for card in self.cards:
            card.set_floor(pixels)
        self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        """As many columns (up to ``columns``) as leave room for every card's longest word;
        grown cards at most 3x their least height, or what their text needs if more."""
        if not self.cards or width <= 0:
            return
        gap = max(0, self.grid.spacing())
        need = max(card.text_width() for card in self.cards)
        columns = self.columns
        while columns > 1 and (width - (columns - 1) * gap) // columns < need:
            columns -= 1
        if columns != self.shown_columns:
            self.shown_columns = columns
            for card in self.cards:
                self.grid.removeWidget(card)
            for index, card in enumerate(self.cards):
                self.grid.addWidget(card, index // columns, index % columns)
            for row in range(self.grid.rowCount()):
                self.grid.setRowStretch(row, 0)
            self.finish(self.grow)
        if self.grow and self.floor:
            column_width = (width - (columns - 1) * gap) // columns - 4  # a little less: safe
            for card in self.cards:
                card.setMaximumHeight(max(self.floor * 3, card.heightForWidth(column_width)))


class CardScreen(Screen):
    """A screen whose body is a :class:`CardList` (home tiles, section items, resource cards)."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = CardList(columns=columns)

    def scroll_pane(self) -> ScrollPane:
        return self.cards.pane

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        super().apply_metrics(metrics)
        self.cards.set_gap(metrics.gap_px)
        self.cards.set_floor(metrics.card_px)

    def spoken_text(self) -> str:
        return "\n".join([self.title()] + [c.spoken_text() for c in self.cards.cards])
