"""The main window: title bar, one screen at a time, and a navigation bar that never moves.

The window assembles parts and connects them in one place (:meth:`KioskWindow._connect_signals`):
the screens (:mod:`kiosk.ui.screenstack`), the bar (:mod:`kiosk.ui.navbar`), reading aloud
(:mod:`kiosk.ui.reader`), pop-ups (:mod:`kiosk.ui.popups`), staff mode
(:mod:`kiosk.ui.staffmode`), the input watchers (:mod:`kiosk.ui.inputwatch`) and the warm-up
after the first paint (:mod:`kiosk.ui.warmup`), the visitor's display choices
(:mod:`kiosk.ui.displaysettings`) and the idle watcher (:mod:`kiosk.ui.idle`). It keeps the
layout, the kiosk-mode lock-down, applying a new look to every part, and
:meth:`KioskWindow.reset_for_next_visitor`, which calls each part's ``reset()``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import KioskConfig
from kiosk.core.content import ContentError, Library, Term
from kiosk.core.navigation import HOME, Route
from kiosk.ui.displaysettings import DisplaySettings
from kiosk.ui.idle import DailyReset, IdleOverlay, IdleWarning, IdleWatcher, PauseMarker
from kiosk.ui.inputwatch import InputWatch
from kiosk.ui.language import Languages, LibraryLoader
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.navbar import NavBar
from kiosk.ui.navigator import Navigator
from kiosk.ui.popups import Popups
from kiosk.ui.reader import Reader, SpeechMaker
from kiosk.ui.speech_state import SpeechState
from kiosk.ui.stackhost import StackHost
from kiosk.ui.staffmode import StaffMode
from kiosk.ui.style import Look, Styler, register_fonts
from kiosk.ui.titlebar import TitleBar, TitleRow
from kiosk.ui.usage import UsageRecorder
from kiosk.ui.warmup import WarmUp
from kiosk.ui.widgets import finish_after_first_paint, set_enum

if TYPE_CHECKING:
    from kiosk.ui.keeper import WindowKeeper
    from kiosk.ui.keys import KeyActivation
    from kiosk.ui.screens.base import Screen
    from kiosk.ui.screens.home import HomeScreen

log = logging.getLogger(__name__)


class KioskWindow(QMainWindow):
    """The kiosk. Build it with :func:`build_window`.

    Signals:
        look_changed(object): text size, theme or target size changed (a :class:`Look`).
        visit_reset(): everything went back to the start for the next visitor.
        exit_requested(): staff chose to exit the kiosk.
        reload_requested(): staff chose to reload the content.
        language_changed(str): the visitor's language changed (its code); the screen is
            repainted in it.
    """

    look_changed = Signal(object)
    visit_reset = Signal()
    exit_requested = Signal()
    reload_requested = Signal()
    language_changed = Signal(str)

    def __init__(self, config: KioskConfig, library: Library, *, kiosk_mode: bool = False,
                 load_language: LibraryLoader | None = None) -> None:
        super().__init__()
        self.config = config
        self.base_library = library
        self.library = library  # the library of the language shown now
        self.languages = Languages(library, config.languages, config.language,
                                   load_language or self._load_language, self)
        self.kiosk_mode = kiosk_mode
        self._allow_close = not kiosk_mode
        self.styler = Styler(config)
        self.popups = Popups(lambda: self.styler.metrics(self.display.look), self)
        self.display = DisplaySettings(Look(theme=config.theme, text_scale=config.text_scale),
                                       config.speech_rate, self.popups, self,
                                       lambda: self._width(300))
        self.setWindowTitle(library.site.title)

        self.navigator = Navigator(self)
        self.title_bar = TitleBar()
        self.title_bar.setObjectName("titleBar")
        self.title_bar.setWordWrap(True)
        set_enum(self.title_bar, "alignment", "AlignCenter")
        self.title_row = TitleRow(self.title_bar, self.styler.mm(2))
        self.title_row.setParent(self)
        self.language_button = self.title_row.language_button
        self.stack_host = StackHost(self.languages, self.styler, lambda: self.display.look,
                                    config.max_line_chars)
        self.stack = self.stack_host.stack_for(library.language)
        self.nav_bar = NavBar(self._bar_icon)
        self.back_button, self.home_button = self.nav_bar.back_button, self.nav_bar.home_button
        self.listen_button, self.stop_button = (self.nav_bar.listen_button,
                                                self.nav_bar.stop_button)
        self.repeat_button = self.nav_bar.repeat_button
        self.sessions_tile = None
        if not kiosk_mode and any((library.root / "sessions").glob("*.md")):
            # On a staff laptop, guided sessions are one tap from home; the kiosk hides them.
            self.sessions_tile = self.home_screen.add_tile(
                self.tr("Guided sessions"), self.tr("For staff: teach with a ready-made plan"),
                "tile-sessions")
        root = QWidget()
        root.setObjectName("root")
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title_row.widget)
        self.pause_marker = PauseMarker()  # "Paused by staff", while the idle reset is paused
        layout.addWidget(self.pause_marker)
        layout.addWidget(self.stack_host, 1)
        layout.addWidget(self.nav_bar)
        self.setCentralWidget(root)

        self.input_watch = InputWatch(self)
        self.keys: KeyActivation | None = None  # Enter acts on buttons (after the first paint)
        self.speech_maker = SpeechMaker(config, self._spoken_language,
                                        lambda: self.display.speech_rate)
        self.reader = Reader(self.speech_maker, self._spoken_text, self, self._spoken_language)
        self.idle_overlay = IdleOverlay(self)
        self.idle = IdleWatcher(self, config.idle_timeout, config.idle_warning,
                                config.staff_pause_max_minutes * 60)
        self.input_watch.add_filter(self.idle)
        self.lockdown = Lockdown(self, kiosk_mode)
        if kiosk_mode:
            self.input_watch.add_filter(self.lockdown)
        self.idle_warning = IdleWarning(
            self, self.idle, self.idle_overlay,
            lambda: (self.styler.mm(220), self.styler.metrics(self.display.look).gap_px),
            lambda text: self.reader.say(text))
        self.staff = StaffMode(self, config, library, self.styler, self.popups,
                               lambda: self.display.look, lambda: self.idle.paused,
                               kiosk_mode=kiosk_mode, shown_library=lambda: self.library)
        self.warm_up = WarmUp(self)  # after the first paint (showEvent)
        self.daily_reset = DailyReset(self, config.daily_reset)
        self.daily_reset_timer = self.daily_reset.timer
        self.usage = UsageRecorder(self, config)  # anonymous counts (kiosk.core.usage)
        self.keeper: WindowKeeper | None = None  # kiosk mode, after the first paint

        self._lock_down()
        self._connect_signals()
        self._restyle(self.display.look)
        self._show_language_button()
        if self.languages.default != library.language:
            self.switch_language(self.languages.default)
        self.show_route(HOME)
        self.idle.start()

    def _connect_signals(self) -> None:
        """Every connection between the parts, in one place."""
        nav = self.nav_bar
        nav.back_requested.connect(self.navigator.back)
        nav.home_requested.connect(self.navigator.home)
        nav.listen_requested.connect(self.reader.listen_pressed)
        nav.stop_requested.connect(self.reader.stop)
        nav.repeat_requested.connect(self.reader.repeat)
        nav.display_requested.connect(self.display.open_panel)
        for key in self.back_keys:
            key.activated.connect(self.navigator.back)
            key.activated.connect(self.idle.activity)  # a shortcut's key reaches no filter
        self.home_key.activated.connect(self.navigator.home)
        self.home_key.activated.connect(self.idle.activity)
        self.display.look_changed.connect(self._restyle)
        self.navigator.page_changed.connect(self.show_route)
        self.stack_host.route_requested.connect(self.navigator.go)
        self.stack_host.term_requested.connect(self.show_term)
        self.title_row.language_requested.connect(self.switch_language)
        self.display.rate_changed.connect(self.reader.set_rate)
        self.reader.state_changed.connect(nav.show_speech_state)
        self.reader.speech_progressed.connect(self.idle.activity)
        self.reader.sentence_started.connect(lambda sentence: self.stack.highlight(sentence))
        self.reader.sentences_ended.connect(lambda: self.stack.clear_highlight())
        self.reader.message_requested.connect(self.show_message)
        # Reading aloud counts as the visitor being there; a forgotten pause does not.
        self.idle.busy = lambda: self.reader.state is SpeechState.SPEAKING
        self.idle.timed_out.connect(self.reset_for_next_visitor)
        self.title_bar.held.connect(self.staff.ask_for_pin)
        self.staff.exit_requested.connect(self.exit_requested)
        self.staff.reload_requested.connect(self.reload_requested)
        self.staff.idle_pause_requested.connect(self.idle.set_paused)
        self.idle.pause_changed.connect(
            lambda paused: self.pause_marker.show_paused(paused, self.idle.paused_until))
        self.idle.pause_changed.connect(self.staff.show_paused)
        self.staff.presenter_shown.connect(lambda _w: self.lockdown.secure_scroll_bars())
        self.warm_up.finished.connect(self.lockdown.secure_scroll_bars)
        self.popups.panel_shown.connect(lambda _panel: self.lockdown.secure_scroll_bars())
        self.staff.presenter_shown.connect(self.input_watch.watch_window)
        self.popups.panel_shown.connect(self.input_watch.watch_window)
        if self.sessions_tile is not None:
            self.sessions_tile.clicked.connect(self.staff.open_sessions_panel)
        self.daily_reset.due.connect(self._daily_reset)
        # Anonymous usage counts: the visitor's own actions only (never the reset's).
        usage = self.usage
        usage.remember_look(self.display.look)
        self.navigator.page_changed.connect(usage.screen_shown)
        self.reader.reading_started.connect(lambda: usage.listen_started(self.navigator.current))
        self.display.look_changed.connect(usage.look_changed)
        self.title_row.language_requested.connect(usage.language_chosen)
        self.staff.presenter_shown.connect(usage.presenter_shown)
        self.visit_reset.connect(usage.reset_done)
        self.daily_reset.due.connect(usage.nightly)

    # -- what the parts are given ------------------------------------------------------------

    def _bar_icon(self, name: str, size: int) -> QIcon:
        # On the bar a disabled button keeps a visible icon (its dashed border says disabled).
        colours = self.styler.colours(self.display.look)
        return self.styler.icon(name, self.display.look, size, colours.bar_text,
                                colours.bar_text, colours.bar_focus_text)

    def _width(self, mm: float) -> int:
        """A pop-up's width: ``mm`` millimetres, or the window's width less a margin."""
        return min(self.width() - 40, self.styler.mm(mm))

    def _load_language(self, code: str) -> Library:
        from kiosk.core.loader import load_library

        return load_library(self.base_library.root / code, self.config.max_page_kb * 1024,
                            fallback=self.base_library)

    def _spoken_language(self) -> str:
        """The language of what Listen reads: the library's, or the base language's for a
        page not translated yet (read with an English voice, not a Spanish one)."""
        page_screen = self.stack.page_screen_if_built()
        if (page_screen is not None and self.stack.current_screen() is page_screen
                and self.popups.visible() is None and page_screen.page is not None
                and page_screen.page.fallback):
            return page_screen.page.language
        return self.library.language

    def _spoken_text(self) -> str:
        """What Listen reads: an open pop-up, else the current screen."""
        panel = self.popups.visible()
        if panel is not None:
            return panel.spoken_text()
        return self.stack.current_screen().spoken_text()

    # -- first paint and input ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        # After the first paint, build what the first taps will need, one piece per turn of
        # the event loop, so no tap ever waits for a first-time build (make bench: max latency).
        if not self.warm_up.started:
            self.warm_up.start([self._after_first_paint, self.usage.open_store,
                                *self.stack.warm_up_steps(),
                                *self.stack_host.other_languages_warm_up(self.warm_up.add)])

    def _after_first_paint(self) -> None:
        """The warm-up's first step: input filters and touch dragging, off the first paint."""
        finish_after_first_paint()
        register_fonts()  # the italic styles; the upright ones were registered before
        handle = self.windowHandle()
        if self.kiosk_mode and handle is not None:
            self.overrideWindowFlags(handle.flags())  # as set on the native window (build_window)
            from kiosk.ui.keeper import WindowKeeper  # full screen, on top, whatever the desktop

            if WindowKeeper.wanted():
                self.keeper = WindowKeeper(self)
                self.visit_reset.connect(self.keeper.soon)
        from kiosk.ui.keys import KeyActivation

        self.keys = KeyActivation(self.config.repeat_tap_ms, self)
        self.keys.key_pressed.connect(self.idle.activity)
        self.keys.answering = lambda: self.idle.warning
        self.input_watch.add_filter(self.keys)
        self.input_watch.start()
        self._order_tabs()
        self.languages.set_interface(self.languages.current)  # English plurals ("1 second")
        self.stack_host.enable_touch_drag()

    @property
    def warming_up(self) -> bool:
        """True until every warm-up step has run (it starts when the window is first shown)."""
        return self.warm_up.running

    def watch_input(self, watcher: QObject) -> None:
        """Let ``watcher`` filter the input of this window and its panels, from the first paint."""
        self.input_watch.add_filter(watcher)

    @property
    def watching_input(self) -> bool:
        """True once the idle watcher (and any other input filter) is installed."""
        return self.input_watch.watching

    # -- lock-down ---------------------------------------------------------------------------

    def _lock_down(self) -> None:
        """Keyboard shortcuts for Back and Home; in kiosk mode, keys that would close or leave a
        normal window do nothing. No context menu, no drops."""
        self.back_keys = [QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self),
                          QShortcut(QKeySequence("Backspace"), self)]
        self.home_key = QShortcut(QKeySequence("Alt+Home"), self)
        if self.kiosk_mode:
            for sequence in (QKeySequence("Esc"), QKeySequence(QKeySequence.StandardKey.Quit),
                             QKeySequence(QKeySequence.StandardKey.Close),
                             QKeySequence("Alt+F4")):
                swallow = QShortcut(sequence, self)
                set_enum(swallow, "context", "ApplicationShortcut")
                swallow.activated.connect(lambda: log.info("a quit key was refused"))
        set_enum(self, "contextMenuPolicy", "NoContextMenu")
        self.setAcceptDrops(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """In kiosk mode only staff can close the window."""
        if self._allow_close:
            self.reader.shutdown()
            self.usage.close()  # the counts waiting in memory are written
            self.languages.clear()  # the translation is the application's: not left behind
            event.accept()
        else:
            log.info("close refused (kiosk mode)")
            event.ignore()

    def allow_close(self) -> None:
        """Let the next close through (staff exit, or replacing the window on reload)."""
        self._allow_close = True
        if self.keeper is not None:
            self.keeper.stop()

    # -- navigation --------------------------------------------------------------------------

    @Slot(object)
    def show_route(self, route: Route) -> None:
        """Show the screen for ``route`` (a missing page shows the "not available" screen)."""
        self.reader.stop()  # speech never runs on after the visitor moves on
        self.popups.close_all(keep=("staff", "pin"))
        focused = QApplication.focusWidget()
        if focused is not None and self.stack_host.isAncestorOf(focused):
            focused.clearFocus()  # not handed to the bar while the screens swap
        screen = self.stack.show_route(route)
        self._show_title(screen, route == HOME)
        self.nav_bar.show_place(self.navigator.history.can_go_back, route == HOME)
        if self.input_watch.watching:  # not before the first paint (the Qt namespace)
            self._order_tabs()
        screen.focus_content()  # a screen reader says the new screen's name

    def _order_tabs(self) -> None:
        """Tab (a keyboard, a switch) goes through the title row, the screen shown in reading
        order, then the bar. Qt's own order is the order widgets were made in, which put the
        "Guided sessions" tile after the bar and a list's Down button before its items."""
        from kiosk.ui.keys import reading_order, set_tab_order

        set_tab_order([*reading_order(self.title_row.widget),
                       *reading_order(self.stack.current_screen()),
                       *reading_order(self.nav_bar.bar)])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            # The language button may be a primary target again, or not. On a window a sixth
            # of whose height is less than a primary target (an 800x480 panel) that costs the
            # first paint the Qt namespace (restyling the button builds it; docs/performance.md).
            self.title_row.fit()

    def _show_title(self, screen: Screen, home: bool) -> None:
        """The title row shows the screen's title; the window's title (what a screen reader
        says on a change of screen) is "<screen> – <kiosk title>", the kiosk's title at home."""
        title, site = screen.title(), self.library.site.title
        self.title_bar.setText(title)
        self.title_bar.fit()
        self.setWindowTitle(site if home or not title or title == site
                            else self.tr("{0} – {1}").format(title, site))

    # -- language ----------------------------------------------------------------------------

    def _show_language_button(self) -> None:
        offered = self.languages.offered_after(self.languages.current)
        self.title_row.offer_language(offered, self.languages.name(offered) if offered else "")

    def switch_language(self, code: str) -> None:
        """Show everything in ``code``: the same screen (a page not translated yet shows in
        the base language with the fallback note), the bar, pop-ups and Listen's voice."""
        if code == self.languages.current or code not in self.languages.codes:
            return
        try:
            stack = self.stack_host.show_language(code)
        except ContentError as exc:  # a language tree broken since start-up: stay as we are
            log.warning("content for the language %r cannot be loaded: %s", code, exc)
            return
        self.reader.stop()
        self.languages.set_interface(code)
        self.library = stack.library
        self.stack = stack
        self.reader.forget_voice()  # the next Listen chooses a voice for the new language
        self.setWindowTitle(self.library.site.title)
        self._show_language_button()
        self.show_route(self.navigator.current)
        log.info("language: %s", code)
        self.language_changed.emit(code)

    @property
    def home_screen(self) -> HomeScreen:
        return self.stack.home_screen

    @Slot(object)
    def show_term(self, term: Term) -> None:
        self.reader.say(self.popups.show_term(term, self._width(220),
                                              self.library.language))  # read if Listen is on

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.popups.show_message(text, self._width(220))

    # -- idle and reset ----------------------------------------------------------------------

    @Slot()
    def reset_for_next_visitor(self) -> None:
        """The one function that makes the kiosk clean for the next visitor (T21).

        Home screen, empty history, every scroll position at the top, pop-ups closed, speech
        stopped, text size, theme, bigger buttons and reading speed back to the defaults, typed
        text cleared without undo, clipboard and selection emptied, no menu open, the focus on
        the home screen's content (no ring anywhere; Tab goes to the first tile), no guided
        session or staff pause left. Nothing about the visit is logged (its anonymous counts are
        written: :mod:`kiosk.ui.usage`).
        """
        self.usage.end_visit()
        self.nav_bar.reset()
        if self.keys is not None:
            self.keys.reset()
        self.reader.reset()
        self.idle_overlay.hide()
        self.popups.reset()
        self.staff.reset()
        self.stack_host.reset()
        self.display.reset()
        self.navigator.reset()
        self.switch_language(self.languages.default)
        self.idle.reset()  # no pause left; nothing counted until the next visitor's first touch
        self.lockdown.reset(self.home_screen.main_content())
        log.info("reset for the next visitor")
        self.visit_reset.emit()

    @Slot()
    def _daily_reset(self) -> None:
        log.info("nightly reset")
        self.reset_for_next_visitor()  # also ends a guided session and a staff pause

    # -- look --------------------------------------------------------------------------------

    @Slot(object)
    def _restyle(self, look: Look) -> None:
        self.setStyleSheet(self.styler.app_stylesheet(look))
        if self.isVisible():
            self.title_row.fit()
        else:  # not sized yet; the resize when it is shown fits the row (see resizeEvent)
            self.title_bar.fit()
        metrics = self.styler.metrics(look)
        self.stack_host.apply_look(self.languages.current)  # the others when next shown
        self.display.show_on_panel()
        self.popups.apply_metrics(metrics)
        self.nav_bar.apply_metrics(metrics)
        self.look_changed.emit(look)


def build_window(config: KioskConfig, library: Library, *, kiosk_mode: bool = False,
                 load_language: LibraryLoader | None = None) -> KioskWindow:
    """Create the main window (fonts must already be registered; see ``kiosk.app``).

    The window's idle watcher watches the input of the window and its panels once the window
    has painted (see :meth:`KioskWindow.watch_input`), so any input anywhere counts.
    """
    window = KioskWindow(config, library, kiosk_mode=kiosk_mode, load_language=load_language)
    # A fixed minimum size: otherwise it changes with every screen's contents, which costs a
    # window-manager round trip per navigation.
    window.setMinimumSize(640, 480)
    window.resize(1280, 800)
    if kiosk_mode:
        # Frameless and always on top, set on the native window by name: QWidget.setWindowFlags
        # would need PySide6's Qt namespace (13 ms before the first paint). The widget's own
        # record of its flags is brought in line after the first paint (_after_first_paint).
        window.winId()  # the native window, now
        handle = window.windowHandle()
        assert handle is not None
        set_enum(handle, "flags", "Window|FramelessWindowHint|WindowStaysOnTopHint")
        screen = QApplication.primaryScreen()
        if screen is not None:
            # Many kiosks run X with no window manager, where "full screen" alone does nothing:
            # cover the whole screen ourselves as well.
            window.setGeometry(screen.geometry())
    return window
