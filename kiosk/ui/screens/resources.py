"""Organisations that can help: the list with QR codes, and one organisation in full.

Built after the first paint (only :class:`kiosk.ui.screenstack.ScreenStack` imports this).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content import Library, Organisation
from kiosk.core.hyphenate import breakable, plain
from kiosk.core.navigation import Route, RouteKind
from kiosk.ui.qr import QrLabel, website_url
from kiosk.ui.screens.base import CardScreen, Screen
from kiosk.ui.widgets import CardButton, ScrollPane, is_language_change, make_scroll_area


class ResourcesScreen(CardScreen):
    """The clinic first, then patient organisations, as large cards.

    Names, descriptions and web addresses may break inside a long word (an organisation's name
    at 200 percent text on a small screen is wider than its card): see
    :func:`kiosk.core.hyphenate.breakable`. What is read aloud is the plain text.
    """

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(1, parent)
        self.library = library
        organisations = sorted(library.organisations, key=lambda o: not o.featured)
        self.codes: list[QrLabel] = []
        for org in organisations:
            summary = organisation_summary(org, library)
            card = self.cards.add(CardButton(breakable(org.name, library.language),
                                             breakable(summary, library.language), kind="card"))
            card.setAccessibleName(org.name)
            card.setAccessibleDescription(summary)
            card.setObjectName(f"org-{org.id}")
            if org.website:
                code = QrLabel()
                code.setObjectName(f"qr-{org.id}")
                code.data = website_url(org.website)
                card.add_side_widget(code)
                self.codes.append(code)
            card.clicked.connect(lambda _=False, o=org: self.route_requested.emit(
                Route(RouteKind.ORGANISATION, o.id)))
        self.empty: QLabel | None = None
        if not organisations:
            self.empty = QLabel(self.tr("No organisations are listed yet."))
            self.empty.setWordWrap(True)
            self.cards.grid.addWidget(self.empty, 0, 0)
        self.cards.finish()
        layout = QVBoxLayout(self)
        layout.addWidget(self.cards.pane, 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event) and self.empty is not None:
            self.empty.setText(self.tr("No organisations are listed yet."))

    def title(self) -> str:
        return self.tr("Organisations and phone numbers")

    def set_qr_size(self, pixels: int) -> None:
        for code in self.codes:
            code.show_code(code.data, pixels)


def organisation_summary(org: Organisation, library: Library) -> str:
    """The text under an organisation's name on its card, in the library's language (the
    handout's wording from ``site.yaml``: the card is built before its language is shown)."""
    lines = [org.description]
    if org.phone:
        lines.append(library.site.handout_text("phone").format(org.phone))
    if org.website:
        lines.append(library.site.handout_text("website").format(org.website))
    return "\n".join(lines)


class OrganisationScreen(Screen):
    """Everything about one organisation, large: name, what it does, phone, website.

    Args:
        language: the content's language (where a long word may break, as on the cards).
    """

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.organisation: Organisation | None = None
        self.name = QLabel()
        self.name.setProperty("kind", "heading")
        self.description = QLabel()
        self.phone = QLabel()
        self.phone.setProperty("kind", "phone")
        self.website = QLabel()
        self.website.setProperty("kind", "contact")
        self.notes = QLabel()
        self.notes.setProperty("kind", "muted")
        self.code = QrLabel()
        self.code.setObjectName("qr")
        self.code_hint = QLabel()
        self._set_hint()
        self.qr_px = 128
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for label in (self.name, self.description, self.phone, self.website, self.code,
                      self.code_hint, self.notes):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            body_layout.addWidget(label)
        # The phone number and website can be reached with Tab, so a screen reader reads them.
        for label in (self.phone, self.website):
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        body_layout.addStretch(1)
        self.area = make_scroll_area(body)
        self.pane = ScrollPane(self.area)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)

    def _set_hint(self) -> None:
        self.code_hint.setText(self.tr("Point your phone's camera at this square to open "
                                       "the website later."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_hint()
            if self.organisation is not None:
                self.show_organisation(self.organisation)

    def show_organisation(self, org: Organisation) -> None:
        self.organisation = org
        language = self.language
        website = self.tr("Website: {0}").format(org.website) if org.website else ""
        for label, text in ((self.name, org.name), (self.description, org.description),
                            (self.website, website), (self.notes, org.notes)):
            label.setText(breakable(text, language))
            label.setAccessibleName(text)
        self.phone.setText(self.tr("Phone: {0}").format(org.phone) if org.phone else "")
        self.phone.setVisible(bool(org.phone))
        self.website.setVisible(bool(org.website))
        self.notes.setVisible(bool(org.notes))
        self.code.show_code(website_url(org.website) if org.website else "", self.qr_px)
        self.code_hint.setVisible(bool(org.website))

    def set_qr_size(self, pixels: int) -> None:
        self.qr_px = pixels
        if self.organisation is not None:
            self.show_organisation(self.organisation)

    def title(self) -> str:
        return self.organisation.name if self.organisation else ""

    def content_description(self) -> str:
        return self.description.text()

    def scroll_pane(self) -> ScrollPane:
        return self.pane

    def spoken_text(self) -> str:
        labels = [self.name, self.description, self.phone, self.website, self.notes]
        if self.code_hint.isVisible():
            labels.append(self.code_hint)
        return "\n".join(plain(lb.text()) for lb in labels if lb.text())
