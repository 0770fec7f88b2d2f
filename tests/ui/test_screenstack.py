"""The screen stack on its own: screens built on first use, routes shown, links followed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.config import KioskConfig
from kiosk.core.content import Library
from kiosk.core.navigation import HOME, Route, RouteKind
from kiosk.ui.screens.home import HomeScreen, MissingScreen, SectionScreen
from kiosk.ui.screenstack import ScreenStack
from kiosk.ui.style import Look, Styler
from tests.ui.helpers import tap, wait_exposed


@pytest.fixture
def stack(qtbot: QtBot, config: KioskConfig, library: Library, _fonts: object) -> ScreenStack:
    widget = ScreenStack(library, Styler(config), Look, config.max_line_chars)
    qtbot.add_widget(widget)
    widget.resize(1000, 700)
    widget.show()
    wait_exposed(qtbot, widget)
    return widget


def test_only_home_is_built_until_another_screen_is_asked_for(stack: ScreenStack,
                                                               library: Library) -> None:
    """A new stack holds the home screen alone; a route builds its screen and shows it."""
    assert stack.count() == 1 and isinstance(stack.current_screen(), HomeScreen)
    page = library.pages[0]
    screen = stack.show_route(Route(RouteKind.PAGE, page.id))
    assert stack.current_screen() is screen and screen.title() == page.title
    assert isinstance(stack.show_route(Route(RouteKind.SECTION, "forms")), SectionScreen)
    assert isinstance(stack.show_route(Route(RouteKind.PAGE, "no/such-page")), MissingScreen)
    assert stack.show_route(HOME) is stack.home_screen


def test_tiles_and_links_ask_for_routes_and_terms(qtbot: QtBot, stack: ScreenStack,
                                                  library: Library) -> None:
    """A tile asks for its section; a page link for its page, a word for its meaning; a web
    link for nothing."""
    tile = stack.home_screen.findChild(QWidget, "tile-forms")
    assert tile is not None
    with qtbot.waitSignal(stack.route_requested, timeout=1000) as asked:
        tap(qtbot, tile)
    assert asked.args == [Route(RouteKind.SECTION, "forms")]
    view = stack.page_screen.view
    with qtbot.waitSignal(stack.route_requested, timeout=1000) as asked:
        view.anchorClicked.emit(QUrl("kiosk:page/forms/blepharospasm"))
    assert asked.args == [Route(RouteKind.PAGE, "forms/blepharospasm")]
    term = library.glossary[0]
    with qtbot.waitSignal(stack.term_requested, timeout=1000) as asked:
        view.anchorClicked.emit(QUrl(f"kiosk:term/{term.id}"))
    assert asked.args == [term]
    with qtbot.assertNotEmitted(stack.route_requested), \
            qtbot.assertNotEmitted(stack.term_requested):
        view.anchorClicked.emit(QUrl("https://example.org"))


def test_warm_up_steps_build_every_screen_and_change_nothing_shown(stack: ScreenStack,
                                                                   library: Library) -> None:
    """Running the stack's warm-up builds every screen but leaves home showing."""
    for step in stack.warm_up_steps():
        step()
    kinds = {type(screen).__name__ for screen in stack.screens()}
    assert {"PageScreen", "GlossaryScreen", "ResourcesScreen", "OrganisationScreen",
            "MissingScreen", "SectionScreen"} <= kinds
    assert stack.current_screen() is stack.home_screen
    assert stack.scroll_positions == {}
