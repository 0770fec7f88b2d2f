"""Presenter mode for staff-guided sessions: a presenter view, an audience view, one controller.

Start a session with::

    presenter = PresenterWindow(config, library, session, look)   # look is optional
    presenter.ended.connect(on_session_ended)                     # resume the idle reset here
    presenter.start()

``start()`` shows the presenter view (current page small, talking points, next step, jump list,
big Previous/Next) on the primary screen. When a second screen is connected, the audience view
opens full screen on it showing only the page in extra-large text; screens plugged in or removed
during the session open or close it. With one screen, "Hide notes" leaves just the page, large.
Right, Page Down and Space go forward; Left and Page Up go back (what presentation clickers send).

"End session" (or closing the presenter window) closes both windows and emits ``ended`` once;
the caller may then ``deleteLater()`` the presenter.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeySequence,
    QScreen,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import theme
from kiosk.core.config import KioskConfig
from kiosk.core.content import Library, Page
from kiosk.core.render import PageRenderer
from kiosk.core.sessions import Session, Step
from kiosk.ui.pageview import PageView
from kiosk.ui.style import Look, Styler
from kiosk.ui.widgets import CardButton, ScrollPane, make_button, make_scroll_area

log = logging.getLogger(__name__)

#: Text in the presenter's small page view, relative to the kiosk's body text.
PRESENTER_TEXT_SCALE = 0.75
#: The same with the notes hidden (one screen: the audience reads the presenter's screen).
ONE_SCREEN_TEXT_SCALE = 1.5
#: The audience view's body text is at least this fraction of its screen's height, and at least
#: twice the kiosk's body text: readable from the back of a clinic room.
AUDIENCE_TEXT_FRACTION = 1 / 20
AUDIENCE_MIN_SCALE = 2.0
FORWARD_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space)
BACK_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)


def place_windows(screens: list[QRect], primary_index: int) -> tuple[QRect, QRect | None]:
    """Where the presenter and the audience views go, given the screens' geometries.

    The presenter goes on the primary screen. The audience view fills the largest other screen
    that does not overlap the primary one (a mirrored screen shows the presenter anyway); with one
    screen (or only mirrors) there is no audience view.

    Args:
        screens: each screen's geometry in virtual-desktop coordinates.
        primary_index: which of them is the primary screen (out of range: the first).

    Returns:
        (presenter geometry, audience geometry or ``None``).

    Raises:
        ValueError: ``screens`` is empty.
    """
    if not screens:
        raise ValueError("no screens")
    if not 0 <= primary_index < len(screens):
        primary_index = 0
    primary = screens[primary_index]
    others = [(i, rect) for i, rect in enumerate(screens)
              if i != primary_index and rect.isValid() and not rect.intersects(primary)]
    if not others:
        return QRect(primary), None
    _index, best = max(others, key=lambda item: (item[1].width() * item[1].height(), -item[0]))
    return QRect(primary), QRect(best)


class SessionController(QObject):
    """Owns the current step of a session; the windows only show what it says.

    Signals:
        step_changed(int): the current step (0-based index) changed.
        ended(): the session ended; emitted once.
    """

    step_changed = Signal(int)
    ended = Signal()

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._index = 0
        self.has_ended = False

    @property
    def index(self) -> int:
        """The current step, from 0."""
        return self._index

    @property
    def count(self) -> int:
        return len(self.session.steps)

    @property
    def step(self) -> Step:
        return self.session.steps[self._index]

    def next_step(self) -> Step | None:
        """The step after the current one, or ``None`` on the last step."""
        following = self._index + 1
        return self.session.steps[following] if following < self.count else None

    @Slot()
    def next(self) -> None:
        """Forward one step (nothing on the last step)."""
        self.go(self._index + 1)

    @Slot()
    def previous(self) -> None:
        """Back one step (nothing on the first step)."""
        self.go(self._index - 1)

    @Slot(int)
    def go(self, index: int) -> None:
        """Jump to step ``index`` (0-based); out-of-range jumps are ignored."""
        if self.has_ended or not 0 <= index < self.count or index == self._index:
            return
        self._index = index
        self.step_changed.emit(index)

    @Slot()
    def end(self) -> None:
        """End the session (a second call does nothing)."""
        if not self.has_ended:
            self.has_ended = True
            self.ended.emit()


def _install_keys(widget: QWidget, controller: SessionController) -> list[QShortcut]:
    """Clicker keys on ``widget``'s window step the session; held keys do not repeat."""
    shortcuts = []
    for keys, slot in ((FORWARD_KEYS, controller.next), (BACK_KEYS, controller.previous)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), widget)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(slot)
            shortcuts.append(shortcut)
    return shortcuts


def _page_html(renderer: PageRenderer, page: Page | None) -> str:
    if page is None:
        return "<p>This page is not available.</p>"
    return renderer.html(page)


class AudienceWindow(QWidget):
    """What the audience sees: the current page's title and text, extra large, and nothing else.

    It never takes part in the session itself: the presenter tells it what to show.
    """

    def __init__(self, library: Library, styler: Styler, look: Look,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("audienceWindow")
        self.setWindowTitle(library.site.title)
        self.styler = styler
        self.look = look
        self.body_px = styler.metrics(look).body_px * 2
        self.page: Page | None = None
        self._html = ""
        self.shortcuts: list[QShortcut] = []  # the clicker's keys, set by the presenter
        root = QWidget()
        root.setObjectName("root")
        self.title = QLabel()
        self.title.setObjectName("titleBar")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = PageView(library.root)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.view, 100)
        row.addStretch(1)
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Full screen: the contents never set the window's size limits.
        outer.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        outer.addWidget(root)
        self.setStyleSheet(styler.app_stylesheet(replace(look, text_scale=AUDIENCE_MIN_SCALE)))

    def fit_to_height(self, height: int) -> None:
        """Size the text for a screen ``height`` pixels tall."""
        base = self.styler.metrics(self.look).body_px
        self.body_px = max(round(base * AUDIENCE_MIN_SCALE), round(height * AUDIENCE_TEXT_FRACTION))
        if self.page is not None or self._html:
            self._render()

    def show_page(self, page: Page | None, html: str) -> None:
        """Show ``page`` (``None``: the "not available" text in ``html``)."""
        self.page = page
        self._html = html
        self.title.setText(page.title if page is not None else "")
        self._render()

    def _render(self) -> None:
        scale = self.body_px / max(1, self.styler.metrics(self.look).body_px)
        look = replace(self.look, text_scale=scale)
        self.view.show_html(self._html, self.styler.page_css(look), theme.FONT_FAMILY,
                            self.body_px)
        font = QFont(theme.FONT_FAMILY)
        font.setPixelSize(self.body_px)
        # At most about 60 characters a line: long lines are hard to follow from afar.
        width = QFontMetricsF(font).averageCharWidth() * 60 + self.body_px * 2
        self.view.setMaximumWidth(int(width))

    def spoken_text(self) -> str:
        return f"{self.title.text()}\n{self.view.document().toPlainText()}"

    @Slot(float)
    def set_scroll_fraction(self, fraction: float) -> None:
        """Follow the presenter's scrolling: 0.0 is the top of the page, 1.0 the bottom."""
        bar = self.view.verticalScrollBar()
        bar.setValue(round(bar.maximum() * min(1.0, max(0.0, fraction))))


class PresenterWindow(QWidget):
    """The staff view of a guided session. See the module docstring for how to start one.

    Args:
        config: the kiosk's settings (screen density, target sizes).
        library: the content the session's pages come from.
        session: the session to present (from :func:`kiosk.core.sessions.load_sessions`).
        look: theme and sizes to start from (``None``: the configured defaults).
        parent: in kiosk mode pass the kiosk window, so the presenter stays above it.
        kiosk_mode: no file or print dialog: handouts go to the configured folder
            (``handout_dir``) under a new name, and printing to the default printer.

    Signals:
        ended(): the session ended (End session, or the window was closed); emitted once.
        handout_made(str): a handout was saved ("pdf") or sent to the printer ("print").
    """

    ended = Signal()
    handout_made = Signal(str)

    def __init__(self, config: KioskConfig, library: Library, session: Session,
                 look: Look | None = None, parent: QWidget | None = None, *,
                 kiosk_mode: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterWindow")
        self.kiosk_mode = kiosk_mode
        if parent is not None:  # kiosk mode: above the always-on-top kiosk, never behind it
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.config = config
        self.library = library
        self.session = session
        self.styler = Styler(config)
        self.look = look or Look(theme=config.theme, text_scale=config.text_scale)
        self.renderer = PageRenderer(library)
        self.controller = SessionController(session, self)
        self.audience: AudienceWindow | None = None
        self._screens_watched = False
        self.setWindowTitle(self.tr("Guided session: {0}").format(session.title))

        root = QWidget()
        root.setObjectName("root")
        self.title_bar = QLabel(session.title)
        self.title_bar.setObjectName("titleBar")
        self.title_bar.setWordWrap(True)
        self.step_label = QLabel()
        self.step_label.setObjectName("titleBar")
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.setSpacing(0)
        top.addWidget(self.title_bar, 1)
        top.addWidget(self.step_label)

        self.page_title = QLabel()
        self.page_title.setProperty("kind", "heading")
        self.page_title.setWordWrap(True)
        self.view = PageView(library.root)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.pane = ScrollPane(self.view)
        self.pane.enable_touch_drag()
        self.pane.up_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pane.down_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page_column = QVBoxLayout()
        page_column.addWidget(self.page_title)
        page_column.addWidget(self.pane, 1)

        self.notes = QWidget()
        self.notes.setObjectName("presenterNotes")
        self.points_heading = QLabel(self.tr("Talking points (only you see these)"))
        self.points_heading.setProperty("kind", "tileTitle")
        self.points = QLabel()
        self.points.setObjectName("talkingPoints")
        self.points.setWordWrap(True)
        self.points.setTextFormat(Qt.TextFormat.RichText)
        self.points.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.points_area = make_scroll_area(self.points, horizontal=False)
        self.next_label = QLabel()
        self.next_label.setObjectName("nextStep")
        self.next_label.setWordWrap(True)
        self.steps_heading = QLabel(self.tr("All steps"))
        self.steps_heading.setProperty("kind", "tileTitle")
        self.jump_buttons: list[CardButton] = []
        self._jump_titles: list[str] = []
        steps = self._steps = QWidget()
        steps_layout = self._steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        for index, step in enumerate(session.steps):
            page = library.page(step.page_id)
            title = page.title if page is not None else step.page_id
            self._jump_titles.append(f"{index + 1}. {title}")
            card = CardButton(self._jump_titles[-1], kind="item")
            card.setObjectName(f"jump{index + 1}")
            card.setCheckable(True)
            card.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            card.clicked.connect(lambda _=False, i=index: self.controller.go(i))
            steps_layout.addWidget(card)
            self.jump_buttons.append(card)
        steps_layout.addStretch(1)
        self.steps_area = make_scroll_area(steps, horizontal=False)
        notes_layout = QVBoxLayout(self.notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.points_heading)
        notes_layout.addWidget(self.points_area, 3)
        notes_layout.addWidget(self.next_label)
        notes_layout.addWidget(self.steps_heading)
        notes_layout.addWidget(self.steps_area, 2)

        middle = QHBoxLayout()
        middle.addLayout(page_column, 3)
        middle.addWidget(self.notes, 2)

        self.previous_button = make_button(self.tr("Previous"), role="primary",
                                           name="presenterPrevious")
        self.next_button = make_button(self.tr("Next"), role="primary", name="presenterNext")
        self.notes_button = make_button(self.tr("Hide notes"), name="presenterNotesToggle")
        self.notes_button.setCheckable(True)
        self.save_button = make_button(self.tr("Save handout as PDF"), name="presenterSave")
        self.print_button = make_button(self.tr("Print"), name="presenterPrint")
        self.end_button = make_button(self.tr("End session"), name="presenterEnd")
        self.previous_button.clicked.connect(self.controller.previous)
        self.next_button.clicked.connect(self.controller.next)
        self.notes_button.toggled.connect(self.set_notes_hidden)
        self.save_button.clicked.connect(self.save_handout)
        self.print_button.clicked.connect(self.print_handout)
        self.end_button.clicked.connect(self.end_session)
        self.bottom = QHBoxLayout()
        for button in (self.previous_button, self.next_button):
            self.bottom.addWidget(button, 1)  # the biggest targets: they get the spare width
        for button in (self.notes_button, self.save_button, self.print_button, self.end_button):
            self.bottom.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("presenterStatus")
        self.status.setProperty("kind", "muted")
        self.status.setWordWrap(True)

        self.body = QVBoxLayout()
        self.body.addLayout(middle, 1)
        self.body.addLayout(self.bottom)
        self.body.addWidget(self.status)
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addLayout(self.body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Maximized: changing text must not change the window's size limits (and on some
        # platforms that would move or resize the window).
        outer.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        outer.addWidget(root)

        self.shortcuts = _install_keys(self, self.controller)
        self.controller.step_changed.connect(self.show_step)
        self.controller.ended.connect(self._on_ended)
        self.pane.scroll_bar.valueChanged.connect(self._sync_scroll)
        self.apply_metrics(self.styler.metrics(self.look))
        self.show_step(0)
        self.resize(1280, 800)

    # -- look ----------------------------------------------------------------------------------

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        """Style sheet (for the presenter's look), spacing and icons from the theme tokens."""
        size = metrics
        self.setStyleSheet(self.styler.app_stylesheet(self.look))
        gap = size.gap_px
        self.body.setSpacing(gap)
        self.body.setContentsMargins(gap, gap, gap, gap)
        self.bottom.setSpacing(gap)
        self.pane.apply_metrics(size)
        colours = self.styler.colours(self.look)
        icon_px = round(size.body_px * 1.1)
        self.pane.set_icons(self.styler.icon("up", self.look, icon_px, colours.primary_text),
                            self.styler.icon("down", self.look, icon_px, colours.primary_text),
                            icon_px)
        for button, name in ((self.previous_button, "previous"), (self.next_button, "next")):
            button.setIcon(self.styler.icon(name, self.look, icon_px, colours.primary_text))
            button.setIconSize(QSize(icon_px, icon_px))
        for card in self.jump_buttons:
            card.set_floor(size.target_px)

    def _page_body_px(self) -> int:
        base = self.styler.metrics(self.look).body_px
        scale = ONE_SCREEN_TEXT_SCALE if self.notes_hidden() else PRESENTER_TEXT_SCALE
        return max(12, round(base * scale))

    # -- showing a step ------------------------------------------------------------------------

    @Slot(int)
    def show_step(self, index: int) -> None:
        """Show step ``index``: page, counter, talking points, next step, jump list, audience."""
        controller = self.controller
        step = self.session.steps[index]
        page = self.library.page(step.page_id)
        html = _page_html(self.renderer, page)
        self.step_label.setText(self.tr("Step {0} of {1}").format(index + 1, controller.count))
        self._render_page(html)
        self.points.setText(self._points_html(index, step))
        following = controller.next_step()
        if following is None:
            self.next_label.setText(self.tr("Next: the end of the session."))
        else:
            next_page = self.library.page(following.page_id)
            title = next_page.title if next_page is not None else following.page_id
            self.next_label.setText(self.tr("Next: {0}. {1}").format(index + 2, title))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(following is not None)
        for number, (card, title) in enumerate(zip(self.jump_buttons, self._jump_titles,
                                                   strict=True)):
            current = number == index
            card.setChecked(current)
            # The current step says so in words, not only with its frame.
            card.title_label.setText(self.tr("{0} (now)").format(title) if current else title)
            card.setAccessibleName(card.title_label.text())
            card.relayout()  # the longer title may wrap to two lines: measure it now
        self._show_titles()
        self._refit_steps()
        self.steps_area.ensureWidgetVisible(self.jump_buttons[index])
        if self.audience is not None:
            self.audience.show_page(page, html)

    def _refit_steps(self) -> None:
        """Give each step its height now: a title that wraps must not be cut until the next
        layout pass (the scroll area only hears of it several events later)."""
        container, layout = self._steps, self._steps_layout
        layout.invalidate()
        width = self.steps_area.viewport().width()
        height = max(self.steps_area.viewport().height(), container.heightForWidth(width))
        container.resize(width, height)
        layout.activate()

    def _show_titles(self) -> None:
        """With notes hidden the screen is the audience's: the page title goes in the big bar."""
        step = self.controller.step
        page = self.library.page(step.page_id)
        page_title = page.title if page is not None else step.page_id
        hidden = self.notes_hidden()
        self.title_bar.setText(page_title if hidden else self.session.title)
        self.page_title.setText(page_title)
        self.page_title.setVisible(not hidden)

    def _render_page(self, html: str) -> None:
        body = self._page_body_px()
        base = self.styler.metrics(self.look).body_px
        look = replace(self.look, text_scale=self.look.text_scale * body / max(1, base))
        self.view.show_html(html, self.styler.page_css(look), theme.FONT_FAMILY, body)

    def _points_html(self, index: int, step: Step) -> str:
        parts = []
        if index == 0:
            session = self.session
            about = self.tr("For: {0}. About {1} minutes.").format(session.audience,
                                                                   session.minutes)
            intro = "".join(f"<p>{escape(' '.join(p.split()))}</p>"
                            for p in session.intro.split("\n\n") if p.strip())
            parts.append(f"<p><b>{escape(self.tr('About this session'))}</b></p>"
                         f"<p>{escape(about)}</p>{intro}")
        if step.talking_points:
            items = "".join(f"<li>{escape(point)}</li>" for point in step.talking_points)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(self.tr('No talking points for this step.'))}</p>")
        return "".join(parts)

    def talking_points(self) -> tuple[str, ...]:
        """The talking points of the current step (what the notes show)."""
        return self.controller.step.talking_points

    def notes_hidden(self) -> bool:
        return self.notes_button.isChecked()

    @Slot(bool)
    def set_notes_hidden(self, hidden: bool) -> None:
        """One screen: hide talking points and the step list, and show the page in large text."""
        if self.notes_button.isChecked() != hidden:
            self.notes_button.setChecked(hidden)  # comes back here through toggled
            return
        self.notes.setVisible(not hidden)
        self._show_titles()
        self.notes_button.setText(self.tr("Show notes") if hidden else self.tr("Hide notes"))
        self.notes_button.setAccessibleName(self.notes_button.text())
        page = self.library.page(self.controller.step.page_id)
        self._render_page(_page_html(self.renderer, page))

    @Slot(int)
    def _sync_scroll(self, value: int) -> None:
        if self.audience is not None:
            maximum = self.pane.scroll_bar.maximum()
            self.audience.set_scroll_fraction(value / maximum if maximum else 0.0)

    # -- screens -------------------------------------------------------------------------------

    def start(self) -> None:
        """Show the presenter on the primary screen and, if there is one, the audience view on
        another screen; follow screens being plugged in or removed until the session ends."""
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and not self._screens_watched:
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screen_removed)
            app.primaryScreenChanged.connect(self._screens_changed)
            self._screens_watched = True
        self.arrange()
        self.showMaximized()
        self.activateWindow()
        self.next_button.setFocus()

    def arrange(self, screens: list[QRect] | None = None, primary_index: int | None = None,
                *, leaving: QScreen | None = None) -> None:
        """Place the windows for these screen geometries (default: the system's screens).

        Opens the audience view on a second screen, or closes it when there is none.
        """
        if screens is None:
            available = [s for s in QGuiApplication.screens() if s is not leaving]
            if not available:
                return
            primary = QGuiApplication.primaryScreen()
            screens = [s.geometry() for s in available]
            primary_index = available.index(primary) if primary in available else 0
        presenter_rect, audience_rect = place_windows(screens, primary_index or 0)
        presenter_screen = QGuiApplication.screenAt(presenter_rect.center())
        if presenter_screen is not None and presenter_screen is not self.screen():
            self.setGeometry(presenter_screen.availableGeometry())
        if audience_rect is None:
            self._close_audience()
            self.status.setText(self.tr("One screen. Tap Hide notes to show only the page."))
        else:
            self._open_audience(audience_rect)
            self.status.setText(self.tr("The audience screen shows the page "
                                        "({0} x {1}).").format(audience_rect.width(),
                                                               audience_rect.height()))

    def _open_audience(self, rect: QRect) -> None:
        if self.audience is None:
            self.audience = AudienceWindow(self.library, self.styler, self.look, self)
            self.audience.shortcuts = _install_keys(self.audience, self.controller)
            log.info("audience screen opened")
        audience = self.audience
        screen = QGuiApplication.screenAt(rect.center())
        if screen is not None:
            audience.setScreen(screen)
        audience.setGeometry(rect)
        audience.fit_to_height(rect.height())
        page = self.library.page(self.controller.step.page_id)
        audience.show_page(page, _page_html(self.renderer, page))
        audience.showFullScreen()
        self.activateWindow()  # keep the clicker's keys coming to the presenter

    def _close_audience(self) -> None:
        if self.audience is not None:
            audience, self.audience = self.audience, None
            audience.close()
            audience.deleteLater()
            log.info("audience screen closed")

    @Slot(QScreen)
    def _screens_changed(self, _screen: QScreen | None = None) -> None:
        self.arrange()

    @Slot(QScreen)
    def _screen_removed(self, screen: QScreen) -> None:
        self.arrange(leaving=screen)

    # -- handouts ------------------------------------------------------------------------------

    def handout_pages(self) -> list[Page]:
        pages = [self.library.page(page_id) for page_id in self.session.page_ids()]
        return [page for page in pages if page is not None]

    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: Path) -> Path | None:
        """Ask where to save the PDF (tests replace this); ``None`` if cancelled."""
        name, _filter = QFileDialog.getSaveFileName(parent, parent.tr("Save handout as PDF"),
                                                    str(suggested), "PDF (*.pdf)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    @classmethod
    def ask_printer(cls, parent: QWidget, printer: QPrinter) -> bool:
        """Show the system print dialog for ``printer`` (tests replace this); True to print."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(parent.tr("Print handout"))
        return bool(dialog.exec() == QDialog.DialogCode.Accepted)

    @classmethod
    def kiosk_printer(cls) -> QPrinter | None:
        """Kiosk mode: the computer's default printer, or ``None`` (tests replace this)."""
        from kiosk.ui.kioskprint import default_printer

        return default_printer()

    @Slot()
    def save_handout(self) -> None:
        """Save the session's pages as a large-print PDF where staff choose (in kiosk mode: in
        the handout folder, under a new name shown to staff)."""
        from kiosk.ui.handout import HandoutError, write_handout

        if self.kiosk_mode:
            from kiosk.ui.kioskprint import kiosk_handout_path

            path, problem = kiosk_handout_path(self.config.handout_dir, self.session.id)
            if path is None:
                self.status.setText(self.tr("The handout was not saved: {0}").format(problem))
                return
        else:
            folder = Path.home() / "Documents"
            suggested = ((folder if folder.is_dir() else Path.home())
                         / f"{self.session.id}-handout.pdf")
            path = self.ask_save_path(self, suggested)
            if path is None:
                return
        try:
            count = write_handout(path, self.handout_pages(), self.library,
                                  title=self.session.title, session=self.session)
        except HandoutError as exc:
            self.status.setText(self.tr("The handout was not saved: {0}").format(exc))
            return
        self.status.setText(self.tr("Handout saved: {0} pages, {1}").format(count, path))
        self.handout_made.emit("pdf")

    @Slot()
    def print_handout(self) -> None:
        """Print the session's large-print handout on a printer chosen in the print dialog (in
        kiosk mode: on the default printer, with no dialog and no "print to file")."""
        from kiosk.ui.handout import HandoutError, print_handout

        if self.kiosk_mode:
            kiosk_printer = self.kiosk_printer()
            if kiosk_printer is None:
                self.status.setText(self.tr(
                    "No printer is set up on this computer, so nothing was printed. "
                    "Save the handout as a PDF instead."))
                log.warning("handout not printed: no default printer")
                return
            printer = kiosk_printer
            printer.setDocName(self.session.title)
        else:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.session.title)
            if not self.ask_printer(self, printer):
                return
        try:
            count = print_handout(printer, self.handout_pages(), self.library,
                                  title=self.session.title, session=self.session)
        except HandoutError as exc:
            self.status.setText(self.tr("The handout was not printed: {0}").format(exc))
            return
        self.status.setText(self.tr("Handout sent to the printer: {0} pages.").format(count))
        self.handout_made.emit("print")

    # -- ending --------------------------------------------------------------------------------

    @Slot()
    def end_session(self) -> None:
        """End the session: both windows close and ``ended`` is emitted."""
        self.controller.end()

    @Slot()
    def _on_ended(self) -> None:
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and self._screens_watched:
            app.screenAdded.disconnect(self._screens_changed)
            app.screenRemoved.disconnect(self._screen_removed)
            app.primaryScreenChanged.disconnect(self._screens_changed)
            self._screens_watched = False
        self._close_audience()
        self.close()
        log.info("guided session ended")
        self.ended.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Closing the presenter ends the session."""
        event.accept()
        if not self.controller.has_ended:
            self.controller.end()
