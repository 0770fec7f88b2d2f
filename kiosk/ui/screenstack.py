"""The screen stack: builds each screen when first needed, shows the one for a route, styles
them, and prepares them out of sight so a first visit is only a switch.

Made before the first paint with only the home screen in it; the other screens' modules
(:mod:`kiosk.ui.screens.reading`, :mod:`kiosk.ui.screens.resources`,
:mod:`kiosk.ui.screens.bodymap`) are imported when the first of their screens is built, by the
warm-up after the first paint.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.core import theme
from kiosk.core.content import Library, Page
from kiosk.core.navigation import HOME, Route, RouteKind
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.home import HomeScreen, MissingScreen, SectionScreen
from kiosk.ui.style import Look, Styler
from kiosk.ui.warmup import Step
from kiosk.ui.widgets import is_language_change

if TYPE_CHECKING:
    from kiosk.core.render import PageRenderer
    from kiosk.ui.screens.bodymap import BodyMapScreen
    from kiosk.ui.screens.reading import GlossaryScreen, PageScreen
    from kiosk.ui.screens.resources import OrganisationScreen, ResourcesScreen

log = logging.getLogger(__name__)

#: Width of a QR code: scannable from arm's length (at least 30 mm).
QR_MM = 32


class ScreenStack(QStackedWidget):
    """One screen at a time; every screen but home is built on first use and then reused.

    Args:
        library: the content.
        styler: sizes, colours and icons.
        look: the visitor's current :class:`Look` (read whenever something is styled).
        max_line_chars: longest line of text on a reading screen (T17).

    Signals:
        route_requested(object): a screen asked for a :class:`Route` (a tile, an item, a link).
        term_requested(object): a glossary word was tapped in a page (a :class:`Term`).
    """

    route_requested = Signal(object)
    term_requested = Signal(object)

    def __init__(self, library: Library, styler: Styler, look: Callable[[], Look],
                 max_line_chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.styler = styler
        self._look = look
        self.max_line_chars = max_line_chars
        self._renderer: PageRenderer | None = None  # Markdown is set up on the first page
        self._glossary_look: Look | None = None
        self._screens: dict[RouteKind, Screen] = {}
        self._section_screens: dict[str, SectionScreen] = {}
        self._prepared: set[Screen] = set()  # laid out and painted once by the warm-up
        self._scroll_positions: dict[Route, int] = {}
        self._route = HOME
        self._touch_drag = False
        self._show: dict[RouteKind, Callable[[Route], Screen]] = {
            RouteKind.HOME: lambda _route: self.home_screen,
            RouteKind.SECTION: lambda route: self.section_screen(route.id) or self.missing_screen,
            RouteKind.PAGE: self._show_page,
            RouteKind.GLOSSARY: self._show_glossary,
            RouteKind.RESOURCES: lambda _route: self.resources_screen,
            RouteKind.ORGANISATION: self._show_organisation,
            RouteKind.BODY_MAP: self._show_body_map,
        }
        self.home_screen = HomeScreen(library)
        self._add(self.home_screen, styled=False)  # the window styles it with everything else

    # -- building ----------------------------------------------------------------------------

    @property
    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            from kiosk.core.render import PageRenderer  # Markdown loads with the first page

            self._renderer = PageRenderer(self.library)
        return self._renderer

    def _screen(self, kind: RouteKind) -> Screen:
        """One of the screens other than home and the section lists, built on first use."""
        screen = self._screens.get(kind)
        if screen is None:
            screen = self._screens[kind] = self._build(kind)
            self._add(screen)
        return screen

    def _build(self, kind: RouteKind) -> Screen:
        # Imported here, by the first build after the first paint: the home screen needs neither.
        if kind in (RouteKind.PAGE, RouteKind.GLOSSARY):
            from kiosk.ui.screens import reading

            cls = reading.PageScreen if kind is RouteKind.PAGE else reading.GlossaryScreen
            page = cls(self.library, self.max_line_chars)
            page.view.link_activated.connect(self.follow_link)
            return page
        if kind in (RouteKind.RESOURCES, RouteKind.ORGANISATION):
            from kiosk.ui.screens import resources

            orgs = (resources.ResourcesScreen(self.library) if kind is RouteKind.RESOURCES
                    else resources.OrganisationScreen(self.library.language))
            orgs.set_qr_size(self.styler.mm(QR_MM))
            return orgs
        if kind is RouteKind.BODY_MAP:
            from kiosk.ui.screens.bodymap import BodyMapScreen

            return BodyMapScreen(self.library, lambda: self.styler.colours(self._look()),
                                 self.styler.mm)
        return MissingScreen()

    @property
    def page_screen(self) -> PageScreen:
        return cast("PageScreen", self._screen(RouteKind.PAGE))

    def page_screen_if_built(self) -> PageScreen | None:
        """The page screen, if it exists yet (asking never builds it)."""
        return cast("PageScreen | None", self._screens.get(RouteKind.PAGE))

    @property
    def glossary_screen(self) -> GlossaryScreen:
        return cast("GlossaryScreen", self._screen(RouteKind.GLOSSARY))

    @property
    def resources_screen(self) -> ResourcesScreen:
        return cast("ResourcesScreen", self._screen(RouteKind.RESOURCES))

    @property
    def organisation_screen(self) -> OrganisationScreen:
        return cast("OrganisationScreen", self._screen(RouteKind.ORGANISATION))

    @property
    def body_map_screen(self) -> BodyMapScreen:
        return cast("BodyMapScreen", self._screen(RouteKind.BODY_MAP))

    @property
    def missing_screen(self) -> MissingScreen:
        return cast(MissingScreen, self._screen(RouteKind.MISSING))

    def section_screen(self, section_id: str) -> SectionScreen | None:
        """The list screen of a section, built on first use and then reused."""
        screen = self._section_screens.get(section_id)
        if screen is None:
            section = self.library.section(section_id)
            if section is None:
                return None
            screen = self._section_screens[section_id] = SectionScreen(self.library, section)
            self._add(screen)
        return screen

    def screens(self) -> list[Screen]:
        """Every screen built so far."""
        return [cast(Screen, self.widget(index)) for index in range(self.count())]

    def current_screen(self) -> Screen:
        return cast(Screen, self.currentWidget())

    def _add(self, screen: Screen, *, styled: bool = True) -> None:
        screen.route_requested.connect(self.route_requested)
        pane = screen.scroll_pane()
        if pane is not None:
            pane.scrolled.connect(self._remember_scroll)
        if self._touch_drag:  # otherwise enable_touch_drag does it, after the first paint
            for pane in screen.scroll_panes():
                pane.enable_touch_drag()
        self.addWidget(screen)
        if styled:
            self._style(screen, self.styler.metrics(self._look()))

    def enable_touch_drag(self) -> None:
        """Let a finger drag every scrollable screen, now and when built (after the first paint:
        it sets up Python types for many Qt classes)."""
        self._touch_drag = True
        for screen in self.screens():
            for pane in screen.scroll_panes():
                pane.enable_touch_drag()

    # -- routing -----------------------------------------------------------------------------

    def show_route(self, route: Route) -> Screen:
        """Show the screen for ``route`` where the visitor left it (a missing page: the "not
        available" screen); returns it."""
        self._route = route
        screen = self._show.get(route.kind, self._show_missing)(route)
        self.setCurrentWidget(screen)
        pane = screen.scroll_pane()
        if pane is not None:
            pane.scroll_bar.setValue(self._scroll_positions.get(route, 0))
            if route.anchor:
                screen.scroll_to_anchor(route.anchor)
        return screen

    def _show_missing(self, _route: Route) -> Screen:
        return self.missing_screen

    def _show_page(self, route: Route) -> Screen:
        page = self.library.page(route.id)
        if page is None:
            return self.missing_screen
        if self.page_screen.page is not page:
            self.setCurrentWidget(self.page_screen)  # lay out once, at its real size
            self._render_page(page)
        return self.page_screen

    def _show_glossary(self, _route: Route) -> Screen:
        if self._glossary_look != self._look():  # rendered when first shown, not at start-up
            self._render_glossary()
        return self.glossary_screen

    def _show_body_map(self, _route: Route) -> Screen:
        screen = self.body_map_screen
        return screen if screen.available else self.missing_screen

    def _show_organisation(self, route: Route) -> Screen:
        org = self.library.organisation(route.id)
        if org is None:
            return self.missing_screen
        self.organisation_screen.show_organisation(org)
        return self.organisation_screen

    @Slot(str)
    def follow_link(self, url: str) -> None:
        """Follow a ``kiosk:`` link from a page; anything else is ignored."""
        if url.startswith("kiosk:term/"):
            term = self.library.term(url[len("kiosk:term/"):])
            if term is not None:
                self.term_requested.emit(term)
            return
        route = Route.parse(url) if url.startswith("kiosk:") else None
        if route is None:
            log.info("ignored a link that is not a kiosk page")
            return
        self.route_requested.emit(route)

    @Slot(int)
    def _remember_scroll(self, value: int) -> None:
        self._scroll_positions[self._route] = value

    @property
    def scroll_positions(self) -> dict[Route, int]:
        """Where the visitor left each screen this visit (a copy)."""
        return dict(self._scroll_positions)

    # -- rendering and style -----------------------------------------------------------------

    def _render_page(self, page: Page) -> None:
        look = self._look()
        html = self.renderer.html(page)
        note = self.library.fallback_note(page)
        if note:  # not translated yet: shown in the base language, and the visitor is told so
            from html import escape

            html = f'<p class="fallback-note"><b>{escape(note)}</b></p>{html}'
        self.page_screen.show_page(page, html, self.styler.page_css(look),
                                   theme.FONT_FAMILY, self.styler.metrics(look).body_px)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):  # the word list's heading is in the interface language
            self._glossary_look = None
            glossary = self._screens.get(RouteKind.GLOSSARY)
            if glossary is not None and self.currentWidget() is glossary:
                self._render_glossary()

    def _render_glossary(self) -> None:
        look = self._look()
        screen = self.glossary_screen
        screen.view.show_html(screen.html(), self.styler.page_css(look), theme.FONT_FAMILY,
                              self.styler.metrics(look).body_px)
        self._glossary_look = look

    def _style(self, screen: Screen, metrics: theme.Metrics) -> None:
        screen.apply_metrics(metrics)
        for pane in screen.scroll_panes():
            look = self._look()
            colour = self.styler.colours(look).primary_text
            icon_px = round(metrics.nav_px * 1.1)  # as the bar's: Up and Down keep their size
            pane.set_icons(self.styler.icon("up", look, icon_px, colour),
                           self.styler.icon("down", look, icon_px, colour), icon_px)

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Restyle every screen, and render the page and word list again in the new look."""
        for screen in self.screens():
            self._style(screen, metrics)
        page_screen = self._screens.get(RouteKind.PAGE)
        if page_screen is not None and self.page_screen.page is not None:
            position = self.page_screen.pane.scroll_bar.value()
            self._render_page(self.page_screen.page)
            self.page_screen.pane.scroll_bar.setValue(position)
        glossary = self._screens.get(RouteKind.GLOSSARY)
        if glossary is not None and self.currentWidget() is glossary:
            self._render_glossary()

    def highlight(self, sentence: str) -> None:
        """Mark the sentence being read aloud on the current screen (reading screens only)."""
        colours = self.styler.colours(self._look())
        self.current_screen().highlight(sentence, colours.warning_bg, colours.warning_text)

    def clear_highlight(self) -> None:
        for screen in self.screens():
            screen.highlight("", "", "")

    # -- warm-up and reset -------------------------------------------------------------------

    def warm_up_steps(self) -> list[Step]:
        """Build every screen, render every page once and draw every QR code, one piece a step."""
        steps: list[Step] = [partial(self._screen, kind)
                             for kind in (RouteKind.PAGE, RouteKind.RESOURCES,
                                          RouteKind.ORGANISATION, RouteKind.GLOSSARY,
                                          RouteKind.MISSING, RouteKind.BODY_MAP)]
        steps += [lambda: self.renderer, self._warm_up_glossary, self._warm_up_page,
                  lambda: self.prepare_offstage(self.resources_screen),
                  lambda: self.prepare_offstage(self.body_map_screen)]
        for section in self.library.sections:
            steps += [partial(self.section_screen, section.id),
                      partial(self._prepare_section, section.id)]
        steps += [partial(self._render_html, page) for page in self.library.pages]
        steps += [partial(self._warm_up_qr, org.website)
                  for org in self.library.organisations if org.website]
        return steps

    def _prepare_section(self, section_id: str) -> None:
        self.prepare_offstage(self._section_screens[section_id])

    def _render_html(self, page: Page) -> None:
        self.renderer.html(page)  # cached by the renderer

    def _warm_up_qr(self, website: str) -> None:
        from kiosk.ui.qr import qr_image, website_url  # loaded by now, with the resources

        qr_image(website_url(website), self.styler.mm(QR_MM))

    def _warm_up_glossary(self) -> None:
        screen = self.glossary_screen
        if self._glossary_look != self._look():
            self._render_glossary()
            screen.view.document().size()  # finish the layout Qt would otherwise do in steps
        self.prepare_offstage(screen)

    def _warm_up_page(self) -> None:
        """The page screen with the first page, so the fonts of headings and lists are ready."""
        screen = self.page_screen
        if screen.page is None and self.library.pages and self.currentWidget() is not screen:
            self._render_page(self.library.pages[0])
        self.prepare_offstage(screen)

    def prepare_offstage(self, screen: Screen) -> None:
        """Lay out and paint ``screen`` once, out of sight, so its first visit is only a switch.

        Qt gives a hidden stack page its real size only when it is first shown, and the first
        paint of a screen rasterises its glyphs: a long list or the word list took 35 to 45 ms
        on its first visit. Here the screen is shown for a moment behind the current one with
        painting off, then painted into an off-screen image. The visitor sees nothing.
        """
        current = self.currentWidget()
        if current is None or current is screen or screen in self._prepared:
            return
        pane = screen.scroll_pane()
        if pane is not None:
            pane.blockSignals(True)  # no scroll position is remembered for the current route
        focus = QApplication.focusWidget()
        # A screen reader hears nothing of this (the focus leaves the hidden screen and comes
        # back): accessibility events are held off while the screens swap.
        heard = QAccessible.isActive()
        QAccessible.setActive(False)
        self.setUpdatesEnabled(False)
        try:
            screen.setGeometry(self.contentsRect())
            self.setCurrentWidget(screen)
            self.setCurrentWidget(current)
            if focus is not None and focus.isVisible() \
                    and QApplication.focusWidget() is not focus:
                focus.setFocus()  # a keyboard user's place is kept
        finally:
            self.setUpdatesEnabled(True)
            QAccessible.setActive(heard)
        screen.grab()
        if pane is not None:
            pane.blockSignals(False)
        self._prepared.add(screen)

    def reset(self) -> None:
        """For the next visitor: every screen scrolled to the top, no place or choice
        remembered."""
        self._scroll_positions.clear()
        for screen in self.screens():
            screen.reset()
            for pane in screen.scroll_panes():
                pane.scroll_to_top()
