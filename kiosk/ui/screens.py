"""The kiosk's screens. Each shows one kind of route and only displays what the core gives it.

Every screen has ``title()`` (for the title bar) and ``spoken_text()`` (what Listen reads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content import Library, Organisation, Page, Section
from kiosk.core.navigation import Route
from kiosk.ui.widgets import CardButton, ScrollPane, make_button

if TYPE_CHECKING:
    from kiosk.ui.qr import QrLabel

# The page view and QR codes are imported by the screens that use them: the home screen, built
# before the first paint, needs neither (make bench: start-up).


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

    def apply_look(self, gap: int, target: int = 0) -> None:
        """Spacing and card height after a change of text size or target size."""
        layout = self.layout()
        if layout is not None:
            layout.setSpacing(gap)
            layout.setContentsMargins(gap, gap, gap, gap)
        pane = self.scroll_pane()
        if pane is not None:
            pane.set_spacing(gap)


class CardList(QWidget):
    """A vertical list (or grid) of :class:`CardButton` s inside a scroll pane."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.cards: list[CardButton] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.area.setWidget(self)
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
            if getattr(self, "grow", False):
                card.setMaximumHeight(pixels * 3)


class CardScreen(Screen):
    """A screen whose body is a :class:`CardList` (home tiles, section items, resource cards)."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = CardList(columns=columns)

    def scroll_pane(self) -> ScrollPane:
        return self.cards.pane

    def apply_look(self, gap: int, target: int = 0) -> None:
        super().apply_look(gap, target)
        self.cards.set_gap(gap)
        self.cards.set_floor(target)

    def spoken_text(self) -> str:
        return "\n".join([self.title()] + [c.spoken_text() for c in self.cards.cards])


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
            route = Route("page", one) if one else Route("section", section.id)
            tile.clicked.connect(lambda _=False, r=route: self.route_requested.emit(r))
        self.tiles.finish(grow=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.welcome)
        layout.addWidget(self.tiles.pane, 1)

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
        for extra in section.extras:
            if extra == "resources":
                card = CardButton(self.tr("Organisations and phone numbers"),
                                  self.tr("Our clinic and patient groups that can help"),
                                  kind="item")
            else:
                card = CardButton(self.tr("Word list"),
                                  self.tr("What the medical words in these pages mean"),
                                  kind="item")
            card.setObjectName(f"item-{extra}")
            route = Route(extra)
            card.clicked.connect(lambda _=False, r=route: self.route_requested.emit(r))
            self.items.add(card)
        for page in section.pages:
            card = self.items.add(CardButton(page.title, page.summary, kind="item"))
            card.setObjectName(f"item-{page.id}")
            card.clicked.connect(lambda _=False, p=page: self.route_requested.emit(
                Route("page", p.id)))
        self.items.finish()
        layout = QVBoxLayout(self)
        layout.addWidget(self.items.pane, 1)

    def title(self) -> str:
        return self.section.title


class ReadingScreen(Screen):
    """A screen whose body is a :class:`PageView` (pages, the word list)."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from kiosk.ui.pageview import PageView

        self.library = library
        self.view = PageView(library.root)
        self.view.setObjectName("pageView")
        self.pane = ScrollPane(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)

    def scroll_pane(self) -> ScrollPane:
        return self.pane

    def spoken_text(self) -> str:
        return self.view.document().toPlainText()

    def set_line_width(self, max_width: int) -> None:
        """Keep lines short enough to read (at most about 70 characters, T17)."""
        self.view.setMaximumWidth(max_width)


class PageScreen(ReadingScreen):
    """One Markdown page, with Previous and Next page buttons under it."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(library, parent)
        self.page: Page | None = None
        self.previous_button = make_button(self.tr("Previous page"), name="previousPage")
        self.next_button = make_button(self.tr("Next page"), name="nextPage")
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
        self.layout().addWidget(row)

    def show_page(self, page: Page, html: str, css: str, family: str, body_px: int) -> None:
        self.page = page
        self.view.show_html(html, css, family, body_px)
        previous, following = self.library.neighbours(page.id)
        self.previous_button.setEnabled(previous is not None)
        self.next_button.setEnabled(following is not None)
        self.previous_button.setAccessibleDescription(previous.title if previous else "")
        self.next_button.setAccessibleDescription(following.title if following else "")

    def _go_neighbour(self, which: int) -> None:
        if self.page is None:
            return
        target = self.library.neighbours(self.page.id)[which]
        if target is not None:
            self.route_requested.emit(Route("page", target.id))

    def title(self) -> str:
        return self.page.title if self.page else ""

    def spoken_text(self) -> str:
        return f"{self.title()}.\n{self.view.document().toPlainText()}"


class GlossaryScreen(ReadingScreen):
    """Every glossary term with its plain-language definition."""

    def title(self) -> str:
        return self.tr("Word list")

    def html(self) -> str:
        from html import escape  # the word list is rendered after start-up

        if not self.library.glossary:
            return f"<p>{escape(self.tr('The word list is empty.'))}</p>"
        rows = "".join(
            f'<h3 id="{t.id}"><a name="{t.id}"></a>{escape(t.term)}</h3>'
            f"<p>{escape(t.definition)}</p>"
            for t in self.library.glossary
        )
        return f"<h1>{escape(self.title())}</h1>{rows}"


class ResourcesScreen(CardScreen):
    """The clinic first, then patient organisations, as large cards."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        from kiosk.ui.qr import QrLabel, website_url

        super().__init__(1, parent)
        self.library = library
        organisations = sorted(library.organisations, key=lambda o: not o.featured)
        self.codes: list[QrLabel] = []
        for org in organisations:
            card = self.cards.add(CardButton(org.name, organisation_summary(org), kind="card"))
            card.setObjectName(f"org-{org.id}")
            if org.website:
                code = QrLabel()
                code.setObjectName(f"qr-{org.id}")
                code.data = website_url(org.website)
                card.add_side_widget(code)
                self.codes.append(code)
            card.clicked.connect(lambda _=False, o=org: self.route_requested.emit(
                Route("organisation", o.id)))
        if not organisations:
            empty = QLabel(self.tr("No organisations are listed yet."))
            empty.setWordWrap(True)
            self.cards.grid.addWidget(empty, 0, 0)
        self.cards.finish()
        layout = QVBoxLayout(self)
        layout.addWidget(self.cards.pane, 1)

    def title(self) -> str:
        return self.tr("Organisations and phone numbers")

    def set_qr_size(self, pixels: int) -> None:
        for code in self.codes:
            code.show_code(code.data, pixels)


def organisation_summary(org: Organisation) -> str:
    """The text under an organisation's name on its card."""
    lines = [org.description]
    if org.phone:
        lines.append(f"Phone: {org.phone}")
    if org.website:
        lines.append(f"Website: {org.website}")
    return "\n".join(lines)


class OrganisationScreen(Screen):
    """Everything about one organisation, large: name, what it does, phone, website."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from kiosk.ui.qr import QrLabel

        super().__init__(parent)
        self.organisation: Organisation | None = None
        self.name = QLabel()
        self.name.setProperty("kind", "heading")
        self.description = QLabel()
        self.phone = QLabel()
        self.phone.setProperty("kind", "phone")
        self.website = QLabel()
        self.notes = QLabel()
        self.notes.setProperty("kind", "muted")
        self.code = QrLabel()
        self.code.setObjectName("qr")
        self.code_hint = QLabel(self.tr("Point your phone's camera at this square to open "
                                        "the website later."))
        self.qr_px = 128
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for label in (self.name, self.description, self.phone, self.website, self.code,
                      self.code_hint, self.notes):
            label.setWordWrap(True)
            from PySide6.QtCore import Qt  # built after the first paint

            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            body_layout.addWidget(label)
        body_layout.addStretch(1)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.area.setWidget(body)
        self.pane = ScrollPane(self.area)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)

    def show_organisation(self, org: Organisation) -> None:
        self.organisation = org
        self.name.setText(org.name)
        self.description.setText(org.description)
        self.phone.setText(self.tr("Phone: {0}").format(org.phone) if org.phone else "")
        self.phone.setVisible(bool(org.phone))
        self.website.setText(self.tr("Website: {0}").format(org.website) if org.website else "")
        self.website.setVisible(bool(org.website))
        self.notes.setText(org.notes)
        self.notes.setVisible(bool(org.notes))
        from kiosk.ui.qr import website_url

        self.code.show_code(website_url(org.website) if org.website else "", self.qr_px)
        self.code_hint.setVisible(bool(org.website))

    def set_qr_size(self, pixels: int) -> None:
        self.qr_px = pixels
        if self.organisation is not None:
            self.show_organisation(self.organisation)

    def title(self) -> str:
        return self.organisation.name if self.organisation else ""

    def scroll_pane(self) -> ScrollPane:
        return self.pane

    def spoken_text(self) -> str:
        labels = (self.name, self.description, self.phone, self.website, self.notes)
        if self.code_hint.isVisible():
            labels = (*labels, self.code_hint)
        return "\n".join(lb.text() for lb in labels if lb.text())


class MissingScreen(Screen):
    """Shown for a link to a page that could not be loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(self.tr("This page is not available right now."))
        self.message.setProperty("kind", "heading")
        self.hint = QLabel(self.tr("Please tap Back to return, or Home to start again. "
                                   "You could let a member of staff know."))
        layout = QVBoxLayout(self)
        for label in (self.message, self.hint):
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("Page not available")

    def spoken_text(self) -> str:
        return f"{self.title()}.\n{self.message.text()}\n{self.hint.text()}"
