"""What every screen is (:class:`Screen`) and the card list most of them show (start-up path)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

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
        """The screen's scrollable part, if any."""
        return None

    def main_content(self) -> QWidget | None:
        """What a screen reader lands on when the screen is shown: its scrolling content."""
        pane = self.scroll_pane()
        return pane.area if pane is not None else None

    def focus_content(self) -> None:
        """Name the main content after the screen and give it the keyboard focus, so a screen
        reader says where the visitor is now (called on every change of screen)."""
        content = self.main_content()
        if content is None:
            return
        content.setAccessibleName(self.title())
        content.setAccessibleDescription(self.content_description())
        content.setFocus()

    def content_description(self) -> str:
        """A line a screen reader adds after the screen's name ("" for none)."""
        return ""

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
    """A vertical list (or grid) of :class:`CardButton` s inside a scroll pane."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.grow = False
        self.cards: list[CardButton] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.area = make_scroll_area(self)
        self.pane = ScrollPane(self.area)

    def add(self, card: CardButton) -> CardButton:
        index = len(self.cards)
        self.grid.addWidget(card, index // self.columns, index % self.columns)
        self.cards.append(card)
        return card

    def finish(self, grow: bool = False) -> None:
        """Close the grid; with ``grow`` the cards share spare height (up to 3x their least)."""
        rows = -(-len(self.cards) // self.columns)
        for row in range(rows + 2):
            self.grid.setRowStretch(row, 1 if grow or row > rows else 0)
        self.grow = grow
        for card in self.cards:
            if grow:
                card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_gap(self, gap: int) -> None:
        self.grid.setSpacing(gap)

    def set_floor(self, pixels: int) -> None:
        for card in self.cards:
            card.set_floor(pixels)
            if self.grow:
                card.setMaximumHeight(pixels * 3)


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
