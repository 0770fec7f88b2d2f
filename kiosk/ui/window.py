"""The main window: title bar, one screen at a time, and a navigation bar that never moves."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontMetricsF, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import theme
from kiosk.core.config import KioskConfig
from kiosk.core.content import Library, Term
from kiosk.core.navigation import HOME, Route
from kiosk.core.render import PageRenderer
from kiosk.ui.navigator import Navigator
from kiosk.ui.screens import (
    GlossaryScreen,
    HomeScreen,
    MissingScreen,
    OrganisationScreen,
    PageScreen,
    ResourcesScreen,
    Screen,
    SectionScreen,
)
from kiosk.ui.panels import DisplayPanel, TermDialog
from kiosk.ui.style import Look, Styler
from kiosk.ui.widgets import make_button

log = logging.getLogger(__name__)


class KioskWindow(QMainWindow):
    """The kiosk. Build it with :func:`build_window`.

    Signals:
        look_changed(object): text size, theme or target size changed (a :class:`Look`).
    """

    look_changed = Signal(object)

    def __init__(self, config: KioskConfig, library: Library, *, kiosk_mode: bool = False) -> None:
        super().__init__()
        self.config = config
        self.library = library
        self.kiosk_mode = kiosk_mode
        self.styler = Styler(config)
        self.default_look = Look(theme=config.theme, text_scale=config.text_scale)
        self.look = self.default_look
        self.renderer = PageRenderer(library)
        self.navigator = Navigator(self)
        self.font_family = theme.FONT_FAMILY
        self._scroll_positions: dict[Route, int] = {}
        self._section_screens: dict[str, SectionScreen] = {}
        self.setWindowTitle(library.site.title)

        root = QWidget()
        root.setObjectName("root")
        self.title_bar = QLabel()
        self.title_bar.setObjectName("titleBar")
        self.title_bar.setWordWrap(True)
        self.title_bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.home_screen = HomeScreen(library)
        self.page_screen = PageScreen(library)
        self.glossary_screen = GlossaryScreen(library)
        self.resources_screen = ResourcesScreen(library)
        self.organisation_screen = OrganisationScreen()
        self.missing_screen = MissingScreen()
        for screen in (self.home_screen, self.page_screen, self.glossary_screen,
                       self.resources_screen, self.organisation_screen, self.missing_screen):
            self._add_screen(screen)
        self.page_screen.view.link_activated.connect(self.open_link)
        self.glossary_screen.view.link_activated.connect(self.open_link)
        self.term_dialog = TermDialog(self)
        self.display_panel = DisplayPanel(self)
        self.display_panel.text_step_requested.connect(self.step_text_size)
        self.display_panel.theme_requested.connect(self.set_theme)
        self.display_panel.bigger_buttons_requested.connect(self.set_bigger_buttons)
        self.display_panel.rate_step_requested.connect(self.step_speech_rate)
        self.speech_rate = config.speech_rate
        self.speech: object | None = None  # created on first Listen (see kiosk.ui.reader)

        self.nav_bar = QWidget()
        self.nav_bar.setObjectName("navBar")
        self.back_button = make_button(self.tr("Back"), role="primary", name="back")
        self.home_button = make_button(self.tr("Home"), role="primary", name="home")
        self.listen_button = make_button(self.tr("Listen"), role="primary", name="listen")
        self.stop_button = make_button(self.tr("Stop"), role="primary", name="stopListening")
        self.display_button = make_button(self.tr("Text and screen"), role="primary",
                                          name="display")
        self.back_button.clicked.connect(self.navigator.back)
        self.home_button.clicked.connect(self.navigator.home)
        self.display_button.clicked.connect(self.open_display_panel)
        from kiosk.ui.reader import Reader  # local: keeps speech wiring in one module

        self.reader = Reader(self)
        self.listen_button.clicked.connect(self.reader.listen_pressed)
        self.stop_button.clicked.connect(self.reader.stop)
        self.stop_button.hide()
        nav_layout = QHBoxLayout(self.nav_bar)
        nav_layout.addStretch(1)
        for button in self.nav_buttons():
            nav_layout.addWidget(button)
        nav_layout.addStretch(1)

        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.nav_bar)
        self.setCentralWidget(root)

        self.navigator.page_changed.connect(self.show_route)
        self._install_shortcuts()
        self.apply_look(self.look)
        self.show_route(HOME)

    # -- building --------------------------------------------------------------------------

    def nav_buttons(self) -> list[QPushButton]:
        """The navigation bar's buttons in reading (and Tab) order."""
        return [self.back_button, self.home_button, self.listen_button, self.stop_button,
                self.display_button]

    def _add_screen(self, screen: Screen) -> None:
        screen.route_requested.connect(self.navigator.go)
        pane = screen.scroll_pane()
        if pane is not None:
            pane.scrolled.connect(self._remember_scroll)
        self.stack.addWidget(screen)

    def section_screen(self, section_id: str) -> SectionScreen | None:
        """The list screen of a section, built on first use and then reused."""
        screen = self._section_screens.get(section_id)
        if screen is None:
            section = self.library.section(section_id)
            if section is None:
                return None
            screen = SectionScreen(self.library, section)
            self._section_screens[section_id] = screen
            self._add_screen(screen)
            self._style_screen(screen)
        return screen

    def _install_shortcuts(self) -> None:
        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back.activated.connect(self.navigator.back)
        backspace = QShortcut(QKeySequence(Qt.Key.Key_Backspace), self)
        backspace.activated.connect(self.navigator.back)
        home = QShortcut(QKeySequence(Qt.Key.Key_Home | Qt.KeyboardModifier.AltModifier), self)
        home.activated.connect(self.navigator.home)

    # -- navigation --------------------------------------------------------------------------

    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    @Slot(object)
    def show_route(self, route: Route) -> None:
        """Show the screen for ``route`` (a missing page shows the "not available" screen)."""
        self.reader.stop()  # speech never runs on after the visitor moves on
        for panel in (self.term_dialog, self.display_panel):
            panel.close()
        screen = self._screen_for(route)
        self.stack.setCurrentWidget(screen)
        self.title_bar.setText(screen.title())
        self.back_button.setEnabled(self.navigator.history.can_go_back)
        self.home_button.setEnabled(route != HOME)
        pane = screen.scroll_pane()
        if pane is not None:
            position = self._scroll_positions.get(route, 0)
            pane.scroll_bar.setValue(position)
            if route.anchor and route.kind in ("page", "glossary"):
                pane.area.scrollToAnchor(route.anchor)  # type: ignore[attr-defined]

    def _screen_for(self, route: Route) -> Screen:
        if route.kind == "home":
            return self.home_screen
        if route.kind == "section":
            return self.section_screen(route.id) or self.missing_screen
        if route.kind == "page":
            page = self.library.page(route.id)
            if page is None:
                return self.missing_screen
            if self.page_screen.page is not page:
                self._render_page(page)
            return self.page_screen
        if route.kind == "glossary":
            return self.glossary_screen
        if route.kind == "resources":
            return self.resources_screen
        if route.kind == "organisation":
            org = self.library.organisation(route.id)
            if org is None:
                return self.missing_screen
            self.organisation_screen.show_organisation(org)
            return self.organisation_screen
        return self.missing_screen

    def _render_page(self, page: object) -> None:
        size = self.styler.metrics(self.look)
        css = self.styler.page_css(self.look)
        self.page_screen.show_page(page, self.renderer.html(page), css,  # type: ignore[arg-type]
                                   self.font_family, size.body_px)

    @Slot(int)
    def _remember_scroll(self, value: int) -> None:
        self._scroll_positions[self.navigator.current] = value

    @Slot(str)
    def open_link(self, url: str) -> None:
        """Follow a ``kiosk:`` link from a page; anything else is ignored."""
        route = Route.parse(url) if url.startswith("kiosk:") else None
        if url.startswith("kiosk:term/"):
            term = self.library.term(url[len("kiosk:term/"):])
            if term is not None:
                self.show_term(term)
            return
        if route is None:
            log.info("ignored a link that is not a kiosk page")
            return
        self.navigator.go(route)

    def show_term(self, term: Term) -> None:
        self.term_dialog.show_term(term, min(self.width() - 40, self.styler.mm(220)))

    # -- look --------------------------------------------------------------------------------

    def step_text_size(self, direction: int) -> None:
        """One step bigger (+1) or smaller (-1) text, within the offered steps."""
        scales = theme.TEXT_SCALES
        current = min(range(len(scales)), key=lambda i: abs(scales[i] - self.look.text_scale))
        index = max(0, min(len(scales) - 1, current + direction))
        self.apply_look(replace(self.look, text_scale=scales[index]))

    @Slot(str)
    def set_theme(self, name: str) -> None:
        self.apply_look(replace(self.look, theme=name))

    def toggle_theme(self) -> None:
        self.set_theme("dark" if self.look.theme == "light" else "light")

    @Slot(bool)
    def set_bigger_buttons(self, on: bool) -> None:
        self.apply_look(replace(self.look, bigger_buttons=on))

    RATES = (-0.6, -0.4, -0.2, 0.0, 0.2)

    @Slot(int)
    def step_speech_rate(self, direction: int) -> None:
        rates = self.RATES
        current = min(range(len(rates)), key=lambda i: abs(rates[i] - self.speech_rate))
        self.speech_rate = rates[max(0, min(len(rates) - 1, current + direction))]
        self.reader.set_rate(self.speech_rate)
        self._update_display_panel()

    def rate_name(self) -> str:
        names = (self.tr("very slow"), self.tr("slow"), self.tr("a little slow"),
                 self.tr("normal"), self.tr("a little fast"))
        rates = self.RATES
        return names[min(range(len(rates)), key=lambda i: abs(rates[i] - self.speech_rate))]

    @Slot()
    def open_display_panel(self) -> None:
        self._update_display_panel()
        self.display_panel.open_centred(min(self.width() - 40, self.styler.mm(300)))

    def _update_display_panel(self) -> None:
        scales = theme.TEXT_SCALES
        self.display_panel.show_state(
            round(self.look.text_scale * 100), self.look.text_scale > scales[0],
            self.look.text_scale < scales[-1], self.look.theme, self.look.bigger_buttons,
            self.rate_name(), self.speech_rate > self.RATES[0],
            self.speech_rate < self.RATES[-1])

    def apply_look(self, look: Look) -> None:
        """Restyle everything for ``look`` (text size, theme, target size)."""
        self.look = look
        app = QApplication.instance()
        sheet = self.styler.app_stylesheet(look)
        self.setStyleSheet(sheet)
        size = self.styler.metrics(look)
        for index in range(self.stack.count()):
            self._style_screen(self.stack.widget(index))  # type: ignore[arg-type]
        self._update_display_panel()
        for panel in (self.term_dialog, self.display_panel, self.reader.message_panel):
            panel.set_gap(size.gap_px)
        icons = {self.back_button: "back", self.home_button: "home",
                 self.listen_button: "listen", self.stop_button: "stop",
                 self.display_button: "text-bigger"}
        colour = self.styler.colours(look).bar_text
        icon_px = round(size.nav_px * 1.1)
        for button, name in icons.items():
            button.setIcon(self.styler.icon(name, look, colour))
            button.setIconSize(button.iconSize().scaled(icon_px, icon_px,
                                                        Qt.AspectRatioMode.IgnoreAspectRatio))
        qr_px = self.styler.mm(32)  # scannable from arm's length (at least 30 mm)
        self.resources_screen.set_qr_size(qr_px)
        self.organisation_screen.set_qr_size(qr_px)
        self.nav_bar.layout().setSpacing(size.gap_px)
        self.nav_bar.layout().setContentsMargins(size.gap_px, size.gap_px, size.gap_px,
                                                 size.gap_px)
        if self.page_screen.page is not None:
            position = self.page_screen.pane.scroll_bar.value()
            self._render_page(self.page_screen.page)
            self.page_screen.pane.scroll_bar.setValue(position)
        self.glossary_screen.view.show_html(self.glossary_screen.html(),
                                            self.styler.page_css(look), self.font_family,
                                            size.body_px)
        del app
        self.look_changed.emit(look)

    def _style_screen(self, screen: Screen) -> None:
        size = self.styler.metrics(self.look)
        # A card's style sheet min-height applies inside its padding and border.
        screen.apply_look(size.gap_px, size.primary_px + 2 * (size.padding_px + size.focus_px))
        pane = screen.scroll_pane()
        if pane is not None:
            colour = self.styler.colours(self.look).primary_text
            pane.set_icons(self.styler.icon("up", self.look, colour),
                           self.styler.icon("down", self.look, colour), round(size.body_px * 1.1))
        if isinstance(screen, (PageScreen, GlossaryScreen)):
            font = QFont(self.font_family)
            font.setPixelSize(size.body_px)
            chars = self.config.max_line_chars
            width = QFontMetricsF(font).averageCharWidth() * chars
            screen.set_line_width(int(width + 2 * size.body_px * 0.6 + 2 * size.border_px + 4))

    def reset_visit_settings(self) -> None:
        """Text size, theme, bigger buttons and reading speed back to the configured defaults.

        The visitor's choices last for their visit only; the reset for the next visitor calls this.
        """
        self.speech_rate = self.config.speech_rate
        self.reader.set_rate(self.speech_rate)
        self.apply_look(self.default_look)


def build_window(config: KioskConfig, library: Library, *, kiosk_mode: bool = False) -> KioskWindow:
    """Create the main window (fonts must already be registered; see ``kiosk.app``)."""
    window = KioskWindow(config, library, kiosk_mode=kiosk_mode)
    window.resize(1280, 800)
    return window
