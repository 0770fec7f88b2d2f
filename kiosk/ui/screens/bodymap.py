""""Where do you feel it?": a body figure and the same places as big word buttons; a tap lists
the forms of dystonia found there (built after the first paint, like the other screens).

The regions are data (``content/body-map.yaml``, :mod:`kiosk.core.bodymap`); the figure is
:class:`~kiosk.ui.screens.bodyfigure.BodyFigure`. Three columns: the figure, the word buttons
(for people who prefer words, screen readers and switch users; also the keyboard's way, in
the figure's top-to-bottom order), and what the chosen region leads to, each text column
scrolling on its own with big Up and Down buttons. With big text (or a narrow window) the two
text columns do not fit side by side: the word buttons then follow the results in one column.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core import theme
from kiosk.core.bodymap import BodyMap, Region, load_body_map
from kiosk.core.content import Library
from kiosk.core.hyphenate import breakable
from kiosk.core.navigation import Route, RouteKind
from kiosk.ui.screens.base import CardList, Screen
from kiosk.ui.screens.bodyfigure import BodyFigure
from kiosk.ui.widgets import CardButton, ScrollPane, is_language_change, make_scroll_area

log = logging.getLogger(__name__)


class ChoiceButton(CardButton):
    """A card button that Enter and Return press too (Space does for every button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.animateClick()
            return
        super().keyPressEvent(event)


class BodyMapScreen(Screen):
    """The body map: tap a place (on the figure or its name) to see the forms found there.

    Args:
        library: the content (its language's ``body-map.yaml``, or the base language's).
        colours: the current theme's colours (the figure is painted in them).
        mm: millimetres to pixels at the configured screen density.
    """

    def __init__(self, library: Library, colours: Callable[[], theme.Colours],
                 mm: Callable[[float], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        loaded = load_body_map(library)
        for finding in loaded.findings if loaded is not None else ():
            log.warning("%s", finding)
        self.body_map = loaded or BodyMap(())
        self.selected = ""
        self._metrics: theme.Metrics | None = None

        self.figure = BodyFigure(self.body_map, colours, mm)
        self.figure.region_tapped.connect(self.select)
        self.figure.setVisible(any(r.shapes for r in self.body_map.regions))

        self.choices = CardList(1)
        self.choices.pane.setObjectName("bodyMapChoices")
        self.buttons: dict[str, ChoiceButton] = {}
        for region in self.body_map.regions:
            button = ChoiceButton(region.label, kind="item")
            button.setObjectName(f"region-{region.id}")
            button.setCheckable(True)
            button.setProperty("choice", "region")
            button.clicked.connect(lambda _=False, r=region.id: self.select(r))
            self.buttons[region.id] = button
            self.choices.add(button)
        self.choices.finish()

        self.heading = QLabel()
        self.heading.setProperty("kind", "heading")
        self.note = QLabel()
        self.prompt = QLabel()
        self.forms: list[ChoiceButton] = []
        results = QWidget()
        self._results_layout = QVBoxLayout(results)
        self._results_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.heading, self.prompt, self.note):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self._results_layout.addWidget(label)
        self._results_layout.addStretch(1)
        self.results = ScrollPane(make_scroll_area(results, horizontal=False))
        self.results.setObjectName("bodyMapResults")

        self.wide = True  # the word buttons in their own column (see _arrange)
        layout = QHBoxLayout(self)
        layout.addWidget(self.figure, 0)
        layout.addWidget(self.choices.pane, 1)
        layout.addWidget(self.results, 1)
        self._set_texts()
        self._show_results()

    @property
    def available(self) -> bool:
        """False when there is no usable ``body-map.yaml`` (the route shows "not available")."""
        return bool(self.body_map.regions)

    # -- choosing ----------------------------------------------------------------------------

    @Slot(str)
    def select(self, region_id: str) -> None:
        """Light up a region and list its forms ("" for none)."""
        if self.body_map.region(region_id) is None:
            region_id = ""
        self.selected = region_id
        self.figure.set_selected(region_id)
        for ident, button in self.buttons.items():
            button.setChecked(ident == region_id)
        self._show_results()
        self.results.scroll_to_top()

    def _show_results(self) -> None:
        for card in self.forms:
            self._results_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.forms = []
        region = self.body_map.region(self.selected)
        self.heading.setText(region.label if region is not None else "")
        self.heading.setVisible(region is not None)
        self.prompt.setVisible(region is None)
        self.note.setVisible(region is not None)
        if region is None:
            return
        position = self._results_layout.indexOf(self.note)
        for page_id in region.pages:
            page = self.library.page(page_id)
            if page is None:  # check reports it; the visitor sees the others
                continue
            # A long name ("Blepharospasm") may break with a hyphen on an 800x480 panel.
            language = self.library.language
            card = ChoiceButton(breakable(page.title, language),
                                breakable(page.summary, language), kind="item")
            card.setAccessibleName(page.title)
            card.setAccessibleDescription(page.summary)
            card.setObjectName(f"form-{page.id}")
            card.clicked.connect(lambda _=False, p=page.id: self.route_requested.emit(
                Route(RouteKind.PAGE, p)))
            if self._metrics is not None:
                card.set_floor(self._metrics.card_px)
            position += 1
            self._results_layout.insertWidget(position, card)
            self.forms.append(card)
            if self.isVisible():
                card.show()

    def region(self) -> Region | None:
        """The chosen region, if any."""
        return self.body_map.region(self.selected)

    def reset(self) -> None:
        """For the next visitor: nothing chosen."""
        self.select("")
        self.choices.pane.scroll_to_top()

    # -- texts -------------------------------------------------------------------------------

    def _set_texts(self) -> None:
        self.prompt.setText(self.tr("Tap the place where you feel it, on the picture or in "
                                    "the list. You will see the forms of dystonia that "
                                    "affect that place."))
        self.note.setText(self.tr("This is not a diagnosis. Your doctor can tell you which "
                                  "form you have."))
        self.figure.setAccessibleName(self.tr("Picture of a body"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def title(self) -> str:
        return self.tr("Where do you feel it?")

    def spoken_text(self) -> str:
        """The title, the choices, and the chosen region's forms with the note."""
        lines = [self.title()]
        region = self.region()
        if region is None:
            lines += [self.prompt.text()] + [r.label for r in self.body_map.regions]
        else:
            lines += [region.label] + [card.spoken_text() for card in self.forms]
            lines.append(self.note.text())
        return "\n".join(lines)

    # -- look --------------------------------------------------------------------------------

    def scroll_pane(self) -> ScrollPane:
        return self.results

    def scroll_panes(self) -> list[ScrollPane]:
        return [self.results, self.choices.pane]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The figure as tall as the screen allows (at most 40 % of its width); the word
        buttons beside the results when both columns have room for about 15 characters a line
        of their text, else after the results in the same column."""
        if self._metrics is None:
            return
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        height = self.height() - (margins.top() + margins.bottom() if margins else 0)
        hint = self.figure.sizeHint()
        width = min(round(height * hint.width() / max(hint.height(), 1)), int(self.width() * 0.4))
        # Where the figure's smallest place would be under 20 mm (a small panel, a short
        # window), only the word buttons are offered: every target stays big.
        self.figure.setHidden(not self.figure.fits_targets(width, height))
        if not self.figure.isHidden():
            self.figure.setFixedWidth(max(width, 1))
        rest = self.width() - (width if not self.figure.isHidden() else 0)
        column = self._metrics.tile_title_px * 0.55 * 15 + 2 * self._metrics.padding_px
        scroll_buttons = self._metrics.body_px * 5
        self._set_wide(rest >= 2 * (column + scroll_buttons))

    def _set_wide(self, wide: bool) -> None:
        if wide == self.wide:
            return
        self.wide = wide
        if wide:
            self._results_layout.removeWidget(self.choices)
            self.choices.area.setWidget(self.choices)
            self.choices.pane.show()
        else:
            self.choices.pane.hide()
            self.choices.area.takeWidget()
            self._results_layout.insertWidget(self._results_layout.count() - 1, self.choices)
            self.choices.show()

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        super().apply_metrics(metrics)
        self._metrics = metrics
        self._arrange()
        self.choices.set_gap(metrics.gap_px)
        self.choices.set_floor(metrics.card_px)
        self.results.apply_metrics(metrics)
        self._results_layout.setSpacing(metrics.gap_px)
        for card in self.forms:
            card.set_floor(metrics.card_px)
        self.figure.updateGeometry()
        self.figure.update()
