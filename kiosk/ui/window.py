"""The main window: title bar, one screen at a time, and a navigation bar that never moves."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QFontMetricsF, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
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
from kiosk.ui.idle import IdleOverlay, IdleWatcher
from kiosk.ui.navigator import Navigator
from kiosk.ui.panels import DisplayPanel, Panel, TermDialog
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
from kiosk.ui.staff import PinPanel, SessionsPanel, StaffPanel, TitleBar
from kiosk.ui.style import Look, Styler, register_fonts
from kiosk.ui.widgets import finish_after_first_paint, make_button, set_enum

if TYPE_CHECKING:
    from kiosk.core.pin import PinGate
    from kiosk.core.render import PageRenderer

log = logging.getLogger(__name__)


class KioskWindow(QMainWindow):
    """The kiosk. Build it with :func:`build_window`.

    Signals:
        look_changed(object): text size, theme or target size changed (a :class:`Look`).
        warmed_up(): the warm-up after the first paint has finished (see ``warming_up``).
        visit_reset(): everything went back to the start for the next visitor.
        exit_requested(): staff chose to exit the kiosk.
        reload_requested(): staff chose to reload the content.
    """

    look_changed = Signal(object)
    warmed_up = Signal()
    visit_reset = Signal()
    exit_requested = Signal()
    reload_requested = Signal()

    def __init__(self, config: KioskConfig, library: Library, *, kiosk_mode: bool = False) -> None:
        super().__init__()
        self.config = config
        self.library = library
        self.kiosk_mode = kiosk_mode
        self.styler = Styler(config)
        self.default_look = Look(theme=config.theme, text_scale=config.text_scale)
        self.look = self.default_look
        self._renderer: PageRenderer | None = None  # Markdown is set up on the first page
        self._glossary_look: Look | None = None
        self.navigator = Navigator(self)
        self.font_family = theme.FONT_FAMILY
        self._scroll_positions: dict[Route, int] = {}
        self._section_screens: dict[str, SectionScreen] = {}
        # Input filters (the idle watcher, the kiosk's repeat-tap filter) watch the native
        # windows (this one and each pop-up panel), where input arrives before Qt hands it to a
        # widget; on the application they would see every paint and layout event too (10 ms
        # more for a tap that opens a long list). They are installed by the warm-up's first
        # step: before the first paint nothing needs them.
        self._input_filters: list[QObject] = []
        self._watched_windows: list[QWidget] = [self]
        self._watching = False
        self.setWindowTitle(library.site.title)

        root = QWidget()
        root.setObjectName("root")
        self.title_bar = TitleBar()
        self.title_bar.setObjectName("titleBar")
        self.title_bar.setWordWrap(True)
        set_enum(self.title_bar, "alignment", "AlignCenter")
        self.stack = QStackedWidget()
        self.home_screen = HomeScreen(library)
        self._add_screen(self.home_screen)
        # The other screens are built when first needed (or by the warm-up after the first
        # paint): the home screen is all a visitor sees at start-up.
        self._screens: dict[str, Screen] = {}
        self._prepared: set[Screen] = set()  # laid out and painted once by the warm-up
        self._panels: dict[str, Panel] = {}  # pop-ups, each built when first needed
        self.speech_rate = config.speech_rate

        self.nav_bar = QWidget()
        self.nav_bar.setObjectName("navBar")
        self.back_button = make_button(self.tr("Back"), role="primary", name="back")
        self.home_button = make_button(self.tr("Home"), role="primary", name="home")
        self.listen_button = make_button(self.tr("Listen"), role="primary", name="listen")
        self.stop_button = make_button(self.tr("Stop"), role="primary", name="stopListening")
        self.repeat_button = make_button(self.tr("Repeat"), role="primary", name="repeat")
        self.display_button = make_button(self.tr("Text and screen"), role="primary",
                                          name="display")
        self.back_button.clicked.connect(self.navigator.back)
        self.home_button.clicked.connect(self.navigator.home)
        self.display_button.clicked.connect(self.open_display_panel)
        from kiosk.ui.reader import Reader  # local: keeps speech wiring in one module

        self.reader = Reader(self)
        self.listen_button.clicked.connect(self.reader.listen_pressed)
        self.stop_button.clicked.connect(self.reader.stop)
        self.repeat_button.clicked.connect(self.reader.repeat)
        self.stop_button.hide()
        self.repeat_button.hide()
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

        self._allow_close = not kiosk_mode
        self.idle_overlay = IdleOverlay(self)
        self.idle = IdleWatcher(self, config.idle_timeout, config.idle_warning)
        # Reading aloud counts as the visitor being there; a forgotten pause does not.
        self.idle.busy = lambda: self.reader.state == "speaking"
        self.idle.warning_shown.connect(self._show_idle_warning)
        self.idle.warning_timer.timeout.connect(self._update_countdown)
        self.idle.continued.connect(self.idle_overlay.hide)
        self.idle.timed_out.connect(self.reset_for_next_visitor)
        self.idle_overlay.dismissed.connect(self.idle.activity)
        self.reader.activity.connect(self.idle.activity)
        self._pin_gate: PinGate | None = None
        self.title_bar.held.connect(self.ask_for_pin)
        self._sessions: tuple[object, ...] | None = None  # loaded when staff first ask
        self._sessions_panel: SessionsPanel | None = None
        self.presenter = None
        if not kiosk_mode and any((library.root / "sessions").glob("*.md")):
            # On a staff laptop, guided sessions are one tap from home; the kiosk hides them.
            tile = self.home_screen.add_tile(self.tr("Guided sessions"),
                                             self.tr("For staff: teach with a ready-made plan"),
                                             "tile-sessions")
            tile.clicked.connect(self.open_sessions_panel)
        self.daily_reset_timer = QTimer(self)
        self.daily_reset_timer.setObjectName("daily_reset_timer")
        self.daily_reset_timer.setSingleShot(True)
        self.daily_reset_timer.timeout.connect(self._daily_reset)
        self._schedule_daily_reset()

        # After the first paint, build what the first taps will need, one piece per turn of the
        # event loop, so no tap ever waits for a first-time build (make bench: max latency).
        self.warm_up_timer = QTimer(self)
        self.warm_up_timer.setObjectName("warm_up_timer")
        self.warm_up_timer.setSingleShot(True)
        self.warm_up_timer.timeout.connect(self._warm_up_next)
        self._warm_up_steps: list[object] | None = None
        self._input_filters.append(self.idle)

        self.navigator.page_changed.connect(self.show_route)
        self._install_shortcuts()
        set_enum(self, "contextMenuPolicy", "NoContextMenu")
        self.setAcceptDrops(False)
        self.apply_look(self.look)
        self.show_route(HOME)
        self.idle.start()

    @property
    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            from kiosk.core.render import PageRenderer  # Markdown loads with the first page

            self._renderer = PageRenderer(self.library)
        return self._renderer

    # -- building --------------------------------------------------------------------------

    def _screen(self, name: str) -> Screen:
        """One of the screens other than home and the section lists, built on first use."""
        screen = self._screens.get(name)
        if screen is None:
            if name == "page":
                screen = PageScreen(self.library)
                self._reading_view(screen)
            elif name == "glossary":
                screen = GlossaryScreen(self.library)
                self._reading_view(screen)
            elif name == "resources":
                screen = ResourcesScreen(self.library)
            elif name == "organisation":
                screen = OrganisationScreen()
            else:
                screen = MissingScreen()
            self._screens[name] = screen
            self._add_screen(screen)
            self._style_screen(screen)
        return screen

    @property
    def page_screen(self) -> PageScreen:
        return self._screen("page")  # type: ignore[return-value]

    @property
    def glossary_screen(self) -> GlossaryScreen:
        return self._screen("glossary")  # type: ignore[return-value]

    @property
    def resources_screen(self) -> ResourcesScreen:
        return self._screen("resources")  # type: ignore[return-value]

    @property
    def organisation_screen(self) -> OrganisationScreen:
        return self._screen("organisation")  # type: ignore[return-value]

    @property
    def missing_screen(self) -> MissingScreen:
        return self._screen("missing")  # type: ignore[return-value]

    def reading_screens(self) -> list[PageScreen | GlossaryScreen]:
        """The page and word-list screens built so far."""
        return [screen for name, screen in self._screens.items()  # type: ignore[misc]
                if name in ("page", "glossary")]

    def nav_buttons(self) -> list[QPushButton]:
        """The navigation bar's buttons in reading (and Tab) order."""
        return [self.back_button, self.home_button, self.listen_button, self.repeat_button,
                self.stop_button, self.display_button]

    def _add_screen(self, screen: Screen) -> None:
        screen.route_requested.connect(self.navigator.go)
        pane = screen.scroll_pane()
        if pane is not None:
            pane.scrolled.connect(self._remember_scroll)
            if self.watching_input:  # otherwise the warm-up's first step does it
                pane.enable_touch_drag()
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

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if self._warm_up_steps is None:
            self._warm_up_steps = self._warm_up_plan()
            self.warm_up_timer.start(300)

    def watch_input(self, watcher: QObject) -> None:
        """Let ``watcher`` filter the input of this window and its panels, from the first paint."""
        self._input_filters.append(watcher)
        if self._watching:
            for widget in self._watched_windows:
                _install_on_native_window(widget, [watcher])

    def watch_window(self, widget: QWidget) -> None:
        """A pop-up panel's native window exists: its input counts too (taps, idle)."""
        if widget in self._watched_windows:
            return
        self._watched_windows.append(widget)
        widget.destroyed.connect(lambda: self._forget_window(widget))
        if self._watching:
            _install_on_native_window(widget, self._input_filters)

    def _forget_window(self, widget: QWidget) -> None:
        if widget in self._watched_windows:
            self._watched_windows.remove(widget)

    def _after_first_paint(self) -> None:
        """The warm-up's first step: input filters and touch dragging, off the first paint."""
        finish_after_first_paint()
        register_fonts()  # the italic styles; the upright ones were registered before
        handle = self.windowHandle()
        if self.kiosk_mode and handle is not None:
            self.overrideWindowFlags(handle.flags())  # as set on the native window (build_window)
        self._watching = True
        for widget in self._watched_windows:
            _install_on_native_window(widget, self._input_filters)
        for index in range(self.stack.count()):
            pane = self.stack.widget(index).scroll_pane()  # type: ignore[attr-defined]
            if pane is not None:
                pane.enable_touch_drag()

    @property
    def watching_input(self) -> bool:
        """True once the idle watcher (and any other input filter) is installed."""
        return self._watching

    def _warm_up_plan(self) -> list[object]:
        steps: list[object] = [self._after_first_paint]
        steps += [lambda name=name: self._screen(name)
                  for name in ("page", "resources", "organisation", "glossary", "missing")]
        steps += [lambda: self.renderer, self._warm_up_glossary, self._warm_up_page,
                  lambda: self._prepare_offstage(self.resources_screen)]
        for section in self.library.sections:
            steps += [lambda s=section.id: self.section_screen(s),
                      lambda s=section.id: self._prepare_offstage(self._section_screens[s])]
        steps += [lambda p=p: self.renderer.html(p) for p in self.library.pages]
        steps += [lambda o=o: self._warm_up_qr(o.website)
                  for o in self.library.organisations if o.website]
        return steps

    def _warm_up_qr(self, website: str) -> None:
        from kiosk.ui.qr import qr_image, website_url

        qr_image(website_url(website), self.styler.mm(32))

    def _prepare_offstage(self, screen: Screen) -> None:
        """Lay out and paint ``screen`` once, out of sight, so its first visit is only a switch.

        Qt gives a hidden stack page its real size only when it is first shown, and the first
        paint of a screen rasterises its glyphs: a long list or the word list took 35 to 45 ms
        on its first visit. Here the screen is shown for a moment behind the current one with
        painting off, then painted into an off-screen image. The visitor sees nothing.
        """
        current = self.stack.currentWidget()
        if current is screen or screen in self._prepared:
            return
        pane = screen.scroll_pane()
        if pane is not None:
            pane.blockSignals(True)  # no scroll position is remembered for the current route
        focus = QApplication.focusWidget()
        self.stack.setUpdatesEnabled(False)
        try:
            screen.setGeometry(self.stack.contentsRect())
            self.stack.setCurrentWidget(screen)
            self.stack.setCurrentWidget(current)
        finally:
            self.stack.setUpdatesEnabled(True)
        if focus is not None and focus.isVisible() and QApplication.focusWidget() is not focus:
            focus.setFocus()  # a keyboard user's place is kept
        screen.grab()
        if pane is not None:
            pane.blockSignals(False)
        self._prepared.add(screen)

    def _warm_up_glossary(self) -> None:
        screen = self.glossary_screen
        if self._glossary_look != self.look:
            self._render_glossary()
            screen.view.document().size()  # finish the layout Qt would otherwise do in steps
        self._prepare_offstage(screen)

    def _warm_up_page(self) -> None:
        """The page screen with the first page, so the fonts of headings and lists are ready."""
        screen = self.page_screen
        if screen.page is None and self.library.pages and self.stack.currentWidget() is not screen:
            self._render_page(self.library.pages[0])
        self._prepare_offstage(screen)

    @property
    def warming_up(self) -> bool:
        """True until every warm-up step has run (it starts when the window is first shown)."""
        return self._warm_up_steps is None or bool(self._warm_up_steps)

    @Slot()
    def _warm_up_next(self) -> None:
        if self._warm_up_steps:
            self._warm_up_steps.pop(0)()  # type: ignore[operator]
            if self._warm_up_steps:
                self.warm_up_timer.start(0)
            else:
                self.warmed_up.emit()

    def panels(self) -> list[Panel]:
        """Every pop-up built so far (all are closed on a reset)."""
        panels = list(self._panels.values())
        if self.reader.has_message_panel():
            panels.append(self.reader.message_panel)
        return panels + ([self._sessions_panel] if self._sessions_panel is not None else [])

    def _panel(self, name: str, make: Callable[[], Panel]) -> Panel:
        panel = self._panels.get(name)
        if panel is None:
            panel = make()
            size = self.styler.metrics(self.look)
            panel.set_gap(size.gap_px)
            self._panels[name] = panel
        return panel

    @property
    def pin_gate(self) -> PinGate:
        """Checks staff PINs and counts wrong ones (made on the first hold of the title)."""
        if self._pin_gate is None:
            from kiosk.core.pin import PinGate

            self._pin_gate = PinGate(self.config.staff_pin_hash)
        return self._pin_gate

    @property
    def term_dialog(self) -> TermDialog:
        return self._panel("term", lambda: TermDialog(self))  # type: ignore[return-value]

    @property
    def display_panel(self) -> DisplayPanel:
        def make() -> DisplayPanel:
            panel = DisplayPanel(self)
            panel.text_step_requested.connect(self.step_text_size)
            panel.theme_requested.connect(self.set_theme)
            panel.bigger_buttons_requested.connect(self.set_bigger_buttons)
            panel.rate_step_requested.connect(self.step_speech_rate)
            return panel

        return self._panel("display", make)  # type: ignore[return-value]

    @property
    def pin_panel(self) -> PinPanel:
        def make() -> PinPanel:
            panel = PinPanel(self, self.pin_gate)
            panel.pin_accepted.connect(self.open_staff_panel)
            return panel

        return self._panel("pin", make)  # type: ignore[return-value]

    @property
    def staff_panel(self) -> StaffPanel:
        def make() -> StaffPanel:
            panel = StaffPanel(self, _version)
            panel.exit_requested.connect(self.exit_requested)
            panel.reload_requested.connect(self.reload_requested)
            panel.idle_pause_toggled.connect(self.set_idle_paused)
            panel.sessions_requested.connect(self.open_sessions_panel)
            return panel

        return self._panel("staff", make)  # type: ignore[return-value]

    def _reading_view(self, screen: PageScreen | GlossaryScreen) -> None:
        """A page view follows links only: no text selection handles, no drag and drop."""
        from PySide6.QtCore import Qt  # reading screens are built after the first paint

        view = screen.view
        view.link_activated.connect(self.open_link)
        view.setAcceptDrops(False)
        view.viewport().setAcceptDrops(False)
        view.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)

    def _install_shortcuts(self) -> None:
        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back.activated.connect(self.navigator.back)
        backspace = QShortcut(QKeySequence("Backspace"), self)
        backspace.activated.connect(self.navigator.back)
        home = QShortcut(QKeySequence("Alt+Home"), self)
        home.activated.connect(self.navigator.home)
        if self.kiosk_mode:
            # Keys that would close or leave a normal window do nothing on the kiosk.
            for sequence in (QKeySequence("Esc"), QKeySequence(QKeySequence.StandardKey.Quit),
                             QKeySequence(QKeySequence.StandardKey.Close),
                             QKeySequence("Alt+F4")):
                swallow = QShortcut(sequence, self)
                set_enum(swallow, "context", "ApplicationShortcut")
                swallow.activated.connect(lambda: log.info("a quit key was refused"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """In kiosk mode only staff can close the window."""
        if self._allow_close:
            self.reader.shutdown()
            event.accept()
        else:
            log.info("close refused (kiosk mode)")
            event.ignore()

    def allow_close(self) -> None:
        """Let the next close through (staff exit, or replacing the window on reload)."""
        self._allow_close = True

    # -- idle and reset ----------------------------------------------------------------------

    @Slot()
    def _show_idle_warning(self) -> None:
        self.idle_overlay.set_seconds(self.idle.remaining)
        gap = self.styler.metrics(self.look).gap_px
        self.idle_overlay.show_over(self, self.styler.mm(220), gap)
        self.reader.say(self.idle_overlay.spoken_text())

    @Slot()
    def _update_countdown(self) -> None:
        self.idle_overlay.set_seconds(max(0, self.idle.remaining))

    @Slot()
    def reset_for_next_visitor(self) -> None:
        """The one function that makes the kiosk clean for the next visitor (T21).

        Home screen, empty history, every scroll position at the top, pop-ups closed, speech
        stopped, text size, theme, bigger buttons and reading speed back to the defaults, typed
        text cleared without undo, clipboard emptied. Nothing about the visit is logged.
        """
        self.reader.reset()
        self.idle_overlay.hide()
        for panel in self.panels():
            panel.close()
        if "pin" in self._panels:
            self.pin_panel.clear()
        self._scroll_positions.clear()
        for index in range(self.stack.count()):
            pane = self.stack.widget(index).scroll_pane()  # type: ignore[attr-defined]
            if pane is not None:
                pane.scroll_to_top()
        self.reset_visit_settings()
        self.navigator.reset()
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        log.info("reset for the next visitor")
        self.visit_reset.emit()

    def _schedule_daily_reset(self) -> None:
        when = self.config.daily_reset
        if not when:
            return
        hour, minute = (int(part) for part in when.split(":"))
        now = dt.datetime.now()
        target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if target <= now:
            target += dt.timedelta(days=1)
        self.daily_reset_timer.start(int((target - now).total_seconds() * 1000))

    @Slot()
    def _daily_reset(self) -> None:
        if not self.idle.paused:
            self.reset_for_next_visitor()
        self._schedule_daily_reset()

    # -- staff -------------------------------------------------------------------------------

    @Slot()
    def ask_for_pin(self) -> None:
        self.pin_panel.start(min(self.width() - 40, self.styler.mm(160)))

    @Slot()
    def open_staff_panel(self, note: str = "") -> None:
        self.staff_panel.show_library(self.library, note)
        self.staff_panel.set_paused(self.idle.paused)
        self.staff_panel.open_centred(min(self.width() - 40, self.styler.mm(300)))

    @property
    def sessions(self) -> tuple[object, ...]:
        """The guided sessions in the content folder (read on first use)."""
        if self._sessions is None:
            from kiosk.core.sessions import load_sessions

            self._sessions, findings = load_sessions(self.library.root, self.library)
            for finding in findings:
                log.warning("content: %s", finding)
        return self._sessions

    @property
    def sessions_panel(self) -> SessionsPanel:
        if self._sessions_panel is None:
            self._sessions_panel = SessionsPanel(self, self.sessions)
            self._sessions_panel.session_chosen.connect(self.start_session)
            size = self.styler.metrics(self.look)
            self._sessions_panel.set_gap(size.gap_px)
            self._sessions_panel.set_floor(size.card_px)
        return self._sessions_panel

    @Slot()
    def open_sessions_panel(self) -> None:
        self.staff_panel.close()
        self.sessions_panel.open_centred(min(self.width() - 40, self.styler.mm(300)))

    @Slot(object)
    def start_session(self, session: object) -> None:
        """Present a guided session; the idle reset is paused until it ends."""
        from kiosk.ui.presenter import PresenterWindow

        if self.presenter is not None:
            self.presenter.end_session()
        self.set_idle_paused(True)
        self.presenter = PresenterWindow(self.config, self.library, session, self.look,
                                         parent=self if self.kiosk_mode else None)
        self.presenter.ended.connect(self._session_ended)
        self.presenter.start()
        self.watch_window(self.presenter)  # a tremor's double tap on Next moves one step
        log.info("guided session started")

    @Slot()
    def _session_ended(self) -> None:
        if self.presenter is not None:
            self.presenter.deleteLater()
            self.presenter = None
        self.set_idle_paused(False)
        log.info("guided session ended")

    @Slot(bool)
    def set_idle_paused(self, paused: bool) -> None:
        """Staff pause the idle reset for a guided session, and resume it afterwards."""
        if paused:
            self.idle.pause()
        else:
            self.idle.resume()
        log.info("idle reset %s by staff", "paused" if paused else "resumed")

    # -- navigation --------------------------------------------------------------------------

    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    @Slot(object)
    def show_route(self, route: Route) -> None:
        """Show the screen for ``route`` (a missing page shows the "not available" screen)."""
        self.reader.stop()  # speech never runs on after the visitor moves on
        for panel in self.panels():
            if panel is not self._panels.get("staff") and panel is not self._panels.get("pin"):
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
                self.stack.setCurrentWidget(self.page_screen)  # lay out once, at its real size
                self._render_page(page)
            return self.page_screen
        if route.kind == "glossary":
            if self._glossary_look != self.look:  # rendered when first shown, not at start-up
                self._render_glossary()
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

    def _render_glossary(self) -> None:
        size = self.styler.metrics(self.look)
        self.glossary_screen.view.show_html(self.glossary_screen.html(),
                                            self.styler.page_css(self.look), self.font_family,
                                            size.body_px)
        self._glossary_look = self.look

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
        self.reader.say(self.term_dialog.spoken_text())  # read aloud if Listen is in use

    # -- look --------------------------------------------------------------------------------

    def step_text_size(self, direction: int) -> None:
        """One step bigger (+1) or smaller (-1) text, within the offered steps."""
        scales = theme.TEXT_SCALES
        index = _clamped(_nearest(scales, self.look.text_scale) + direction, len(scales))
        self.apply_look(replace(self.look, text_scale=scales[index]))

    @Slot(str)
    def set_theme(self, name: str) -> None:
        self.apply_look(replace(self.look, theme=name))

    @Slot(bool)
    def set_bigger_buttons(self, on: bool) -> None:
        self.apply_look(replace(self.look, bigger_buttons=on))

    RATES = (-0.6, -0.4, -0.2, 0.0, 0.2)

    @Slot(int)
    def step_speech_rate(self, direction: int) -> None:
        rates = self.RATES
        self.speech_rate = rates[_clamped(_nearest(rates, self.speech_rate) + direction,
                                          len(rates))]
        self.reader.set_rate(self.speech_rate)
        self._update_display_panel()

    def rate_name(self) -> str:
        names = (self.tr("very slow"), self.tr("slow"), self.tr("a little slow"),
                 self.tr("normal"), self.tr("a little fast"))
        return names[_nearest(self.RATES, self.speech_rate)]

    @Slot()
    def open_display_panel(self) -> None:
        self.display_panel  # noqa: B018 (build it first)
        self._update_display_panel()
        self.display_panel.open_centred(min(self.width() - 40, self.styler.mm(300)))

    def _update_display_panel(self) -> None:
        if "display" not in self._panels:
            return  # built with the current state when first opened
        scales = theme.TEXT_SCALES
        self.display_panel.show_state(
            round(self.look.text_scale * 100), self.look.text_scale > scales[0],
            self.look.text_scale < scales[-1], self.look.theme, self.look.bigger_buttons,
            self.rate_name(), self.speech_rate > self.RATES[0],
            self.speech_rate < self.RATES[-1])

    def apply_look(self, look: Look) -> None:
        """Restyle everything for ``look`` (text size, theme, target size)."""
        self.look = look
        sheet = self.styler.app_stylesheet(look)
        self.setStyleSheet(sheet)
        size = self.styler.metrics(look)
        for index in range(self.stack.count()):
            self._style_screen(self.stack.widget(index))  # type: ignore[arg-type]
        self._update_display_panel()
        for panel in self.panels():
            panel.set_gap(size.gap_px)
        if self._sessions_panel is not None:
            self._sessions_panel.set_floor(size.card_px)
        icons = {self.back_button: "back", self.home_button: "home",
                 self.listen_button: "listen", self.stop_button: "stop",
                 self.repeat_button: "repeat",
                 self.display_button: "text-bigger"}
        colour = self.styler.colours(look).bar_text
        icon_px = round(size.nav_px * 1.1)
        for button, name in icons.items():
            # On the bar a disabled button keeps a visible icon (its dashed border says disabled).
            button.setIcon(self.styler.icon(name, look, icon_px, colour, colour))
            button.setIconSize(QSize(icon_px, icon_px))
        self.nav_bar.layout().setSpacing(size.gap_px)
        self.nav_bar.layout().setContentsMargins(size.gap_px, size.gap_px, size.gap_px,
                                                 size.gap_px)
        page_screen = self._screens.get("page")
        if isinstance(page_screen, PageScreen) and page_screen.page is not None:
            position = page_screen.pane.scroll_bar.value()
            self._render_page(page_screen.page)
            page_screen.pane.scroll_bar.setValue(position)
        glossary = self._screens.get("glossary")
        if glossary is not None and self.stack.currentWidget() is glossary:
            self._render_glossary()
        self.look_changed.emit(look)

    def _style_screen(self, screen: Screen) -> None:
        size = self.styler.metrics(self.look)
        screen.apply_look(size.gap_px, size.card_px)
        pane = screen.scroll_pane()
        if pane is not None:
            colour = self.styler.colours(self.look).primary_text
            icon_px = round(size.body_px * 1.1)
            pane.set_icons(self.styler.icon("up", self.look, icon_px, colour),
                           self.styler.icon("down", self.look, icon_px, colour), icon_px)
        if isinstance(screen, (ResourcesScreen, OrganisationScreen)):
            screen.set_qr_size(self.styler.mm(32))  # scannable from arm's length (>= 30 mm)
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


def _nearest(steps: tuple[float, ...], value: float) -> int:
    """Index of the step closest to ``value``."""
    return min(range(len(steps)), key=lambda i: abs(steps[i] - value))


def _clamped(index: int, count: int) -> int:
    return max(0, min(count - 1, index))


def _install_on_native_window(widget: QWidget, watchers: list[QObject]) -> None:
    handle = widget.windowHandle()
    if handle is not None:
        for watcher in watchers:
            handle.installEventFilter(watcher)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("dystonia-kiosk")
    except Exception:  # noqa: BLE001 (not installed as a package: a checkout)
        return "development"


def build_window(config: KioskConfig, library: Library, *, kiosk_mode: bool = False) -> KioskWindow:
    """Create the main window (fonts must already be registered; see ``kiosk.app``).

    The window's idle watcher watches the input of the window and its panels once the window
    has painted (see :meth:`KioskWindow.watch_input`), so any input anywhere counts.
    """
    window = KioskWindow(config, library, kiosk_mode=kiosk_mode)
    # A fixed minimum size: otherwise it changes with every screen's contents, which costs a
    # window-manager round trip per navigation.
    window.setMinimumSize(640, 480)
    window.resize(1280, 800)
    if kiosk_mode:
        # Frameless and always on top, set on the native window by name: QWidget.setWindowFlags
        # would need PySide6's Qt namespace (13 ms before the first paint). The widget's own
        # record of its flags is brought in line after the first paint (_after_first_paint).
        window.winId()  # the native window, now
        set_enum(window.windowHandle(), "flags",
                 "Window|FramelessWindowHint|WindowStaysOnTopHint")
        screen = QApplication.primaryScreen()
        if screen is not None:
            # Many kiosks run X with no window manager, where "full screen" alone does nothing:
            # cover the whole screen ourselves as well.
            window.setGeometry(screen.geometry())
    return window
