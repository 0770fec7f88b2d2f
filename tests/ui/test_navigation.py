"""A visitor taps from home to every page and back, and always knows where they are."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.hyphenate import plain
from kiosk.core.navigation import HOME, Route
from kiosk.ui.screens.home import HomeScreen, MissingScreen, SectionScreen
from kiosk.ui.screens.reading import PageScreen
from tests.ui.helpers import button, tap, tap_name, wait_active


def test_home_shows_title_welcome_and_a_tile_per_section(window, library) -> None:
    """Home has the kiosk's title, a welcome line and one big tile per section."""
    assert window.title_bar.text() == library.site.title
    assert window.home_screen.welcome.text() == library.site.welcome
    titles = [t.title() for t in window.home_screen.tiles.cards]
    assert titles[: len(library.sections)] == [s.title for s in library.sections]
    # "Where do you feel it?" (content/body-map.yaml), then the laptop-only sessions tile.
    assert titles[len(library.sections):] == ["Where do you feel it?", "Guided sessions"]
    for needed in ("What is dystonia?", "Forms of dystonia", "Causes and diagnosis",
                   "Treatments", "Living with dystonia", "Help and resources"):
        assert needed in titles


def test_every_page_is_reachable_by_taps(qtbot, window, library) -> None:
    """From home, tapping a tile and then a list item opens every page of the library."""
    seen = set()
    for section in library.sections:
        if window.navigator.current != HOME:
            tap_name(qtbot, window, "home")
        tap_name(qtbot, window, f"tile-{section.id}")
        if len(section.pages) == 1 and not section.extras:  # one page: the tile opens it
            screen = window.stack.current_screen()
            assert isinstance(screen, PageScreen) and screen.page is section.pages[0]
            seen.add(screen.page.id)
            continue
        assert isinstance(window.stack.current_screen(), SectionScreen)
        assert window.title_bar.text() == section.title
        for page in section.pages:
            tap_name(qtbot, window, f"item-{page.id}")
            screen = window.stack.current_screen()
            assert isinstance(screen, PageScreen) and screen.page is page
            assert window.title_bar.text() == page.title
            assert screen.view.document().toPlainText().strip()
            seen.add(page.id)
            tap_name(qtbot, window, "back")
            assert window.stack.current_screen() is window.stack.section_screen(section.id)
    assert seen == {p.id for p in library.pages}


def test_get_help_now_is_one_tap_from_home_and_linked_from_advice(qtbot, window, library
                                                                  ) -> None:
    """The urgent tile looks distinct and opens Get help now in one tap; a page's "When to get
    help" section links to it."""
    tile = window.home_screen.findChild(QWidget, "tile-get-help-now")
    assert tile is not None and tile.property("tone") == "urgent"
    tap_name(qtbot, window, "tile-get-help-now")
    screen = window.stack.current_screen()
    assert isinstance(screen, PageScreen) and screen.page.id == "get-help-now/get-help-now"
    assert "Call 911 now" in screen.view.document().toPlainText()
    tap_name(qtbot, window, "home")
    window.navigator.go(Route("page", "treatments/botulinum-toxin"))
    html = window.stack.current_screen().view.toHtml()
    assert "kiosk:page/get-help-now/get-help-now" in html
    tap_name(qtbot, window, "back")
    assert window.navigator.current == HOME


def test_back_and_home_from_every_depth(qtbot, window, library) -> None:
    """Back goes one screen back at every depth; Home always returns home."""
    page = library.section("forms").pages[0]
    tap_name(qtbot, window, "tile-forms")
    tap_name(qtbot, window, f"item-{page.id}")
    tap_name(qtbot, window, "nextPage")
    assert window.navigator.current.kind == "page"
    tap_name(qtbot, window, "back")
    assert window.stack.current_screen().page is page
    tap_name(qtbot, window, "back")
    assert window.navigator.current == Route("section", "forms")
    tap_name(qtbot, window, "back")
    assert window.navigator.current == HOME
    assert not button(window, "back").isEnabled()
    tap_name(qtbot, window, "tile-treatments")
    tap_name(qtbot, window, "item-treatments/botulinum-toxin")
    tap_name(qtbot, window, "home")
    assert isinstance(window.stack.current_screen(), HomeScreen)


def test_navigation_bar_never_moves(qtbot, window, library) -> None:
    """Back and Home stay in the same place on every screen."""
    def places():  # type: ignore[no-untyped-def]
        return [button(window, n).mapTo(window, button(window, n).rect().topLeft())
                for n in ("back", "home")]

    tap_name(qtbot, window, "tile-forms")
    first = places()
    tap_name(qtbot, window, "item-forms/cervical-dystonia")
    assert places() == first
    tap_name(qtbot, window, "home")
    tap_name(qtbot, window, "tile-help")
    tap_name(qtbot, window, "item-resources")
    assert places() == first


def test_links_between_pages_open_the_linked_page(qtbot, window, library) -> None:
    """Tapping a link to another page in the text opens that page; Back returns."""
    page = library.page("treatments/treatment-overview")
    window.navigator.go(Route("page", page.id))
    view = window.stack.page_screen.view
    html = view.toHtml()
    assert "kiosk:page/" in html
    with qtbot.waitSignal(window.navigator.page_changed) as blocker:
        view.anchorClicked.emit(__import__("PySide6.QtCore").QtCore.QUrl(
            "kiosk:page/treatments/botulinum-toxin"))
    assert blocker.args[0] == Route("page", "treatments/botulinum-toxin")
    assert window.title_bar.text() == library.page("treatments/botulinum-toxin").title
    tap_name(qtbot, window, "back")
    assert window.stack.page_screen.page is page


def test_non_kiosk_links_are_never_followed(qtbot, window) -> None:
    """A web or file link tapped in a page opens nothing and changes nothing."""
    from PySide6.QtCore import QUrl

    window.navigator.go(Route("page", "forms/blepharospasm"))
    with qtbot.assertNotEmitted(window.navigator.page_changed):
        for url in ("https://example.org", "file:///etc/passwd", "mailto:a@b.c"):
            window.stack.page_screen.view.anchorClicked.emit(QUrl(url))
    assert window.navigator.current == Route("page", "forms/blepharospasm")


def test_link_to_missing_page_shows_not_available(qtbot, window) -> None:
    """A link to a page that is not there shows a friendly screen with Back and Home."""
    window.navigator.go(Route("page", "forms/no-such-page"))
    assert isinstance(window.stack.current_screen(), MissingScreen)
    assert "not available" in window.stack.current_screen().message.text()
    tap_name(qtbot, window, "back")
    assert window.navigator.current == HOME


def test_resources_screen_lists_the_clinic_first(qtbot, window, library) -> None:
    """Help and resources lists the clinic first, then the organisations from the data file."""
    tap_name(qtbot, window, "tile-help")
    tap_name(qtbot, window, "item-resources")
    cards = window.stack.resources_screen.cards.cards
    assert [c.title() for c in cards] == [o.name for o in library.organisations]
    assert cards[0].title() == "UK Movement Disorders Clinic"
    assert "859-323-5661" in cards[0].spoken_text()
    names = " ".join(c.title() for c in cards)
    for org in ("Dystonia Medical Research Foundation",
                "National Institute of Neurological Disorders and Stroke",
                "International Parkinson and Movement Disorder Society"):
        assert org in names
    tap(qtbot, cards[0])
    detail = window.stack.current_screen()
    assert detail.phone.text() == "Phone: 859-323-5661"
    assert window.title_bar.text() == "UK Movement Disorders Clinic"


def test_glossary_word_opens_and_closes_its_meaning(qtbot, window, library) -> None:
    """Tapping a marked word shows its meaning in a big pop-up closed by one button."""
    from PySide6.QtCore import QUrl

    window.navigator.go(Route("page", "treatments/botulinum-toxin"))
    assert "kiosk:term/" in window.stack.page_screen.view.toHtml()
    term = library.glossary[0]
    window.stack.page_screen.view.anchorClicked.emit(QUrl(f"kiosk:term/{term.id}"))
    dialog = window.popups.term_dialog
    qtbot.waitUntil(dialog.isVisible)
    # As shown: the word and its meaning, with invisible break points in long words (a line
    # may break there, with a hyphen); their accessible names are the plain text.
    assert plain(dialog.term_label.text()) == term.term == dialog.term_label.accessibleName()
    assert plain(dialog.definition.text()) == term.definition
    tap(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_page_scrolls_with_up_and_down_buttons(qtbot, window) -> None:
    """A long page scrolls with the big Down and Up buttons, not only by dragging."""
    window.navigator.go(Route("page", "about/myths-and-facts"))
    pane = window.stack.page_screen.pane
    qtbot.waitUntil(lambda: pane.scroll_bar.maximum() > 0)
    assert not pane.up_button.isEnabled()
    tap(qtbot, pane.down_button)
    assert pane.scroll_bar.value() > 0
    tap(qtbot, pane.up_button)
    assert pane.scroll_bar.value() == 0


def test_back_restores_where_the_visitor_was_reading(qtbot, window) -> None:
    """Going to another page and back returns to the same scroll position."""
    window.navigator.go(Route("page", "about/myths-and-facts"))
    pane = window.stack.page_screen.pane
    qtbot.waitUntil(lambda: pane.scroll_bar.maximum() > 0)
    tap(qtbot, pane.down_button)
    position = pane.scroll_bar.value()
    tap_name(qtbot, window, "nextPage")
    tap_name(qtbot, window, "back")
    assert window.stack.page_screen.pane.scroll_bar.value() == position


def test_none_refcount_stays_stable_over_many_navigations(qtbot, window, library) -> None:
    """Hundreds of navigations do not drain references from None (PySide6 6.12 on 3.11)."""
    routes = [Route("page", p.id) for p in library.pages] + [HOME, Route("resources")]
    # Garbage left by earlier tests, collected in the middle of the loop, would take its own
    # references to None with it (a drop of about 1,000 was seen once): collect it first.
    gc.collect()
    before = sys.getrefcount(None)
    for i in range(300):
        window.navigator.go(routes[i % len(routes)])
    gc.collect()
    after = sys.getrefcount(None)
    assert after >= before - 50


def test_keyboard_back_and_home(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Staff on a laptop: Backspace goes one screen back and Alt+Home goes home (T27)."""
    window.activateWindow()
    wait_active(qtbot, window)
    window.navigator.go(Route("section", "forms"))
    window.navigator.go(Route("page", "forms/blepharospasm"))
    qtbot.keyClick(window, Qt.Key.Key_Backspace)
    assert window.navigator.current == Route("section", "forms")
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.navigator.current == HOME
