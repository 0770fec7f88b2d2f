"""At 200 percent text nothing is cut off: every screen and pop-up, both themes, with and
without bigger buttons, on the screen sizes the README names (T15).

One window per screen size and theme; each place is shown in turn and every visible label and
button is measured (:mod:`tests.ui.clipping`). A failure lists each clipped widget and where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.navigation import HOME, Route, RouteKind
from kiosk.ui.style import Look
from tests.ui.clipping import clipped, outside

SIZES = [(1280, 800), (800, 480), (1920, 1080)]
FULL = {(1280, 800), (800, 480)}  # every screen and pop-up; the rest: home and the panel

Place = tuple[str, Callable[[], QWidget], Callable[[], None]]


def _settle() -> None:
    """Let pending layout requests run, as the event loop would between two taps."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _screen(window, route: Route) -> Callable[[], QWidget]:  # type: ignore[no-untyped-def]
    def show() -> QWidget:
        window.navigator.go(route)
        return window

    return show


def _nothing() -> None:
    pass


def _screens(window, full: bool) -> Iterator[Place]:  # type: ignore[no-untyped-def]
    library = window.library
    yield "home", _screen(window, HOME), _nothing
    if not full:
        return
    for section in library.sections:
        yield f"section {section.id}", _screen(window, Route(RouteKind.SECTION, section.id)), \
            _nothing
    for section in library.sections:  # one page of each section: the page screen's controls
        page = section.pages[0]
        yield f"page {page.id}", _screen(window, Route(RouteKind.PAGE, page.id)), _nothing
    yield "word list", _screen(window, Route(RouteKind.GLOSSARY)), _nothing
    yield "organisations", _screen(window, Route(RouteKind.RESOURCES)), _nothing
    for org in library.organisations:
        yield (f"organisation {org.id}", _screen(window, Route(RouteKind.ORGANISATION, org.id)),
               _nothing)
    yield "page not available", _screen(window, Route(RouteKind.PAGE, "no/such-page")), _nothing
    yield "body map", _screen(window, Route(RouteKind.BODY_MAP)), _nothing
    for region in window.stack.body_map_screen.body_map.regions[:2]:
        def chosen(region_id: str = region.id) -> QWidget:
            window.navigator.go(Route(RouteKind.BODY_MAP))
            window.stack.body_map_screen.select(region_id)
            return window

        yield f"body map, {region.id} chosen", chosen, _nothing


def _popups(window, qtbot, full: bool) -> Iterator[Place]:  # type: ignore[no-untyped-def]
    def display() -> QWidget:
        window.display.open_panel()
        return window.display.panel

    yield "Text and screen panel", display, lambda: window.display.panel.close()
    if not full:
        return
    for term in window.library.glossary:
        def meaning(term=term) -> QWidget:  # type: ignore[no-untyped-def]
            window.show_term(term)
            return window.popups.term_dialog

        yield f"meaning of {term.term!r}", meaning, lambda: window.popups.term_dialog.close()

    def message() -> QWidget:
        window.show_message(window.reader.tr("Reading aloud is not working right now.") + " "
                            + window.reader.tr("Please ask a member of staff."))
        panel = window.popups.visible()
        assert panel is not None
        return panel

    yield "message", message, lambda: window.popups.close_all()

    def idle_warning() -> QWidget:
        window.idle.set_intervals(1, 60)
        with qtbot.waitSignal(window.idle.warning_shown):
            pass
        return window

    def idle_end() -> None:
        window.idle.activity()
        window.idle.set_intervals(int(window.config.idle_timeout * 1000),
                                  round(window.config.idle_warning))

    yield "Are you still there?", idle_warning, idle_end

    def pin() -> QWidget:
        window.staff.ask_for_pin()
        return window.staff.pin_panel

    yield "staff PIN pad", pin, lambda: window.staff.pin_panel.close()

    def staff() -> QWidget:
        window.staff.open_staff_panel("A note for staff")
        return window.staff.staff_panel

    yield "staff panel", staff, lambda: window.staff.staff_panel.close()

    def sessions() -> QWidget:
        window.staff.open_sessions_panel()
        return window.staff.sessions_panel

    yield "guided sessions", sessions, lambda: window.staff.sessions_panel.close()

    def usage() -> QWidget:
        window.staff.open_usage_panel()
        panel = window.popups.built("usage")
        assert panel is not None
        return panel

    yield "usage report", usage, lambda: window.popups.close_all()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "800x480", "1920x1080"])
def test_nothing_is_clipped_at_200_percent(qtbot, window, size, theme) -> None:  # type: ignore[no-untyped-def]
    """No label or button on any screen or pop-up needs more room than it has (T15)."""
    window.resize(*size)
    _settle()
    assert (window.width(), window.height()) == size
    full = size in FULL
    problems: list[str] = []
    for bigger in (False, True):
        window.display.set_look(Look(theme, 2.0, bigger))
        setting = f"{size[0]}x{size[1]} {theme}{', bigger buttons' if bigger else ''}"
        places = [*_screens(window, full), *_popups(window, qtbot, full)]
        for name, show, close in places:
            shown = show()
            _settle()
            where = f"{setting}, {name}"
            if shown is not window:
                problems += outside(window, shown, where)
            problems += clipped(shown, where)
            close()
            _settle()
        assert (window.width(), window.height()) == size, "the window outgrew the screen"
    assert not problems, f"{len(problems)} clipped:\n" + "\n".join(problems)
