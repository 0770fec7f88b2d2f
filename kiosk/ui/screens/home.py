"""The home screen, the section lists and the "not available" screen (start-up path).

The home screen is built before the first paint: nothing here may use PySide6's ``Qt``
namespace (see :mod:`kiosk.ui.widgets`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content import Library, Section
from kiosk.core.datafiles import has_body_map
from kiosk.core.navigation import Route, RouteKind
from kiosk.ui.screens.base import CardScreen, Screen
from kiosk.ui.widgets import CardButton, ScrollPane, is_language_change, make_scroll_area


class HomeScreen(CardScreen):
    """The kiosk's title, a welcome line and one big tile per section."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(2, parent)
        self.library = library
        self.welcome = QLabel(library.site.welcome)
        self.welcome.setProperty("kind", "welcome")
        self.welcome.setWordWrap(True)
        self.tiles = self.cards
        for section in library.sections:
            tile = self.tiles.add(CardButton(section.title, section.summary, kind="tile"))
            tile.setObjectName(f"tile-{section.id}")
            if section.tone:  # a distinct look from the style sheet ("Get help now")
                tile.setProperty("tone", section.tone)
            # A section of one page (and no extra screens) opens the page: one tap from home.
            one = section.pages[0].id if len(section.pages) == 1 and not section.extras else ""
            route = (Route(RouteKind.PAGE, one) if one
                     else Route(RouteKind.SECTION, section.id))
            tile.clicked.connect(lambda _=False, r=route: self.route_requested.emit(r))
        self.body_map_tile: CardButton | None = None
        if has_body_map(library):  # "Where do you feel it?" (content/body-map.yaml)
            self.body_map_tile = self.tiles.add(CardButton("", "", kind="tile"))
            self.body_map_tile.setObjectName("tile-body-map")
            self.body_map_tile.clicked.connect(
                lambda: self.route_requested.emit(Route(RouteKind.BODY_MAP)))
            self._set_texts()
        self.tiles.finish(grow=True)
        self.tiles.set_header(self.welcome)  # it scrolls with the tiles (200 percent text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tiles.pane, 1)

    def _set_texts(self) -> None:
        if self.body_map_tile is not None:
            self.body_map_tile.set_texts(self.tr("Where do you feel it?"),
                                         self.tr("Start from the part of your body"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def add_tile(self, title: str, description: str, name: str) -> CardButton:
        """One more tile after the sections (the laptop's "Guided sessions")."""
        tile = self.tiles.add(CardButton(title, description, kind="tile"))
        tile.setObjectName(name)
        self.tiles.finish(grow=True)
        return tile

    def title(self) -> str:
        return self.library.site.title

    def spoken_text(self) -> str:
        parts = [self.title(), self.welcome.text()] + [t.spoken_text() for t in self.tiles.cards]
        return "\n".join(parts)


class SectionScreen(CardScreen):
    """The pages of one section (and built-in screens it lists) as big list items."""

    def __init__(self, library: Library, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(1, parent)
        self.section = section
        self.items = self.cards
        self._extras: dict[str, CardButton] = {}
        for extra in section.extras:
            card = self._extras[extra] = CardButton("", "", kind="item")
            card.setObjectName(f"item-{extra}")
            route = Route(RouteKind(extra))
            card.clicked.connect(lambda _=False, r=route: self.route_requested.emit(r))
            self.items.add(card)
        for page in section.pages:
            card = self.items.add(CardButton(page.title, page.summary, kind="item"))
            card.setObjectName(f"item-{page.id}")
            card.clicked.connect(lambda _=False, p=page: self.route_requested.emit(
                Route(RouteKind.PAGE, p.id)))
        self.items.finish()
        layout = QVBoxLayout(self)
        layout.addWidget(self.items.pane, 1)
        self._set_texts()

    def _set_texts(self) -> None:
        texts = {"resources": (self.tr("Organisations and phone numbers"),
                               self.tr("Our clinic and patient groups that can help")),
                 "glossary": (self.tr("Word list"),
                              self.tr("What the medical words in these pages mean"))}
        for extra, card in self._extras.items():
            card.set_texts(*texts.get(extra, texts["glossary"]))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def title(self) -> str:
        return self.section.title


class MissingScreen(Screen):
    """Shown for a link to a page that could not be loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setProperty("kind", "heading")
        self.hint = QLabel()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.message, self.hint):
            label.setWordWrap(True)
            body_layout.addWidget(label)
        body_layout.addStretch(1)
        self.pane = ScrollPane(make_scroll_area(body, horizontal=False))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        self._set_texts()

    def _set_texts(self) -> None:
        self.message.setText(self.tr("This page is not available right now."))
        self.hint.setText(self.tr("Please tap Back to return, or Home to start again. "
                                  "You could let a member of staff know."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def scroll_pane(self) -> ScrollPane:
        return self.pane

    def title(self) -> str:
        return self.tr("Page not available")

    def spoken_text(self) -> str:
        return f"{self.title()}.\n{self.message.text()}\n{self.hint.text()}"
