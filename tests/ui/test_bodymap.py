""""Where do you feel it?": the body map screen, tapped as a visitor taps it (through the window's
native window, so the kiosk's input filters see each tap)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.core.bodymap import load_body_map
from kiosk.core.navigation import HOME, Route, RouteKind
from kiosk.core.theme import mm_to_px
from kiosk.ui.style import Look
from kiosk.ui.taps import TapFilter

BODY_MAP = Route(RouteKind.BODY_MAP)


def _native_tap(widget: QWidget, point: QPoint | None = None) -> None:
    """A tap at ``point`` of ``widget`` (its middle by default), sent to the native window; a
    button is first scrolled into view, as the visitor would with the Up and Down buttons."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)
    top = widget.window()
    at = widget.rect().center() if point is None else point
    QTest.mouseClick(top.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, widget.mapTo(top, at))


def _open(qtbot, window, look: Look | None = None):  # type: ignore[no-untyped-def]
    """Show the body map screen (in ``look``) and return it, laid out."""
    if look is not None:
        window.display.set_look(look)
    window.navigator.go(BODY_MAP)
    screen = window.stack.current_screen()
    qtbot.wait_until(lambda: screen.isVisible() and screen.figure.width() > 1)
    QApplication.sendPostedEvents()
    return screen


def _figure_point(screen, x: float, y: float) -> QPoint:  # type: ignore[no-untyped-def]
    return screen.figure.transform().map(QPointF(x, y)).toPoint()


def test_two_taps_from_the_tile_to_cervical_dystonia(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Home -> "Where do you feel it?" -> the neck on the figure -> "Cervical dystonia"."""
    tile = window.home_screen.findChild(QWidget, "tile-body-map")
    assert tile is not None and tile.isVisible()
    _native_tap(tile)
    assert window.navigator.current == BODY_MAP
    screen = window.stack.current_screen()
    assert window.title_bar.text() == "Where do you feel it?"
    qtbot.wait_until(lambda: screen.figure.width() > 1)
    neck = screen.body_map.region("neck").shapes[0]
    _native_tap(screen.figure, _figure_point(screen, *neck.centre()))
    assert screen.selected == "neck" and screen.buttons["neck"].isChecked()
    assert screen.note.isVisible()
    assert screen.note.text() == ("This is not a diagnosis. Your doctor can tell you which "
                                  "form you have.")
    card = screen.findChild(QWidget, "form-forms/cervical-dystonia")
    qtbot.wait_until(card.isVisible)
    _native_tap(card)
    assert window.navigator.current == Route(RouteKind.PAGE, "forms/cervical-dystonia")
    assert window.title_bar.text() == "Cervical dystonia"


def test_every_region_is_reached_by_a_tap_at_its_centre(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """On the figure (every shape) and by its word; it lists exactly its pages, in order."""
    screen = _open(qtbot, window)
    body_map = load_body_map(library)
    assert body_map is not None
    for region in body_map.regions:
        for shape in region.shapes:
            screen.select("")
            _native_tap(screen.figure, _figure_point(screen, *shape.centre()))
            assert screen.selected == region.id
        screen.select("")
        _native_tap(screen.buttons[region.id])
        assert screen.selected == region.id
        assert [c.objectName() for c in screen.forms] == [f"form-{p}" for p in region.pages]
        assert [c.title() for c in screen.forms] == [library.page(p).title
                                                     for p in region.pages]


def test_a_tap_on_a_gap_or_a_slide_off_does_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Between the neck and the trunk nothing happens; pressing the neck and lifting the finger
    on the trunk cancels (T5)."""
    screen = _open(qtbot, window)
    screen.select("eyes")
    neck, trunk = (screen.body_map.region(r).shapes[0] for r in ("neck", "trunk"))
    gap_y = (neck.bounds()[3] + trunk.bounds()[1]) / 2
    assert screen.body_map.region_at(200, gap_y) is None
    with qtbot.assertNotEmitted(screen.figure.region_tapped):
        _native_tap(screen.figure, _figure_point(screen, 200, gap_y))
        _native_tap(screen.figure, QPoint(2, 2))  # the background
        qtbot.mousePress(screen.figure, Qt.MouseButton.LeftButton,
                         pos=_figure_point(screen, *neck.centre()))
        qtbot.mouseRelease(screen.figure, Qt.MouseButton.LeftButton,
                           pos=_figure_point(screen, *trunk.centre()))
    assert screen.selected == "eyes"
    assert window.navigator.current == BODY_MAP


def test_a_repeated_tap_counts_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A tremor's second tap on another region, straight after the first, is ignored."""
    window.watch_input(TapFilter(60_000))
    qtbot.wait_until(lambda: window.watching_input, timeout=5000)
    screen = _open(qtbot, window)
    _native_tap(screen.figure, _figure_point(screen, *screen.body_map.region("neck")
                                             .shapes[0].centre()))
    _native_tap(screen.figure, _figure_point(screen, *screen.body_map.region("trunk")
                                             .shapes[0].centre()))
    assert screen.selected == "neck"


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("look", [Look(t, s) for t in ("light", "dark") for s in (1.0, 2.0)],
                         ids=lambda lk: f"{lk.theme}-{lk.text_scale}")
def test_layout_in_both_themes_and_at_200_percent(qtbot, window, look) -> None:  # type: ignore[no-untyped-def]
    """Regions >= 20 mm and apart; word buttons apart from each other and from the figure;
    every label's text fits its rectangle (wrapped, never cut off)."""
    screen = _open(qtbot, window, look)
    screen.select("arms")
    QApplication.sendPostedEvents()
    least = mm_to_px(20, window.config.screen_ppi)
    regions = {r.id: screen.figure.region_rect(r.id) for r in screen.body_map.regions
               if r.shapes}
    for region_id, rect in regions.items():
        assert min(rect.width(), rect.height()) >= least, region_id
    assert not [(a, b) for (a, ra), (b, rb) in itertools.combinations(regions.items(), 2)
                if any(sa.intersects(sb) for sa in _paths(screen, a) for sb in _paths(screen, b))]
    figure = _rect(screen.figure)
    buttons = [b for b in screen.buttons.values() if b.isVisible()] + screen.forms
    assert len(buttons) == len(screen.buttons) + 2
    rects = [_rect(b) for b in buttons]
    assert not [r for r in rects if r.intersects(figure)]
    assert not [(a, b) for a, b in itertools.combinations(rects, 2) if a.intersects(b)]
    for label in screen.findChildren(QLabel):
        if label.isVisible() and label.text():
            width = label.contentsRect().width()
            assert label.wordWrap() or label.fontMetrics().horizontalAdvance(label.text()) <= width
            assert label.heightForWidth(width) <= label.height() + 1, label.text()


def _paths(screen, region_id: str):  # type: ignore[no-untyped-def]
    """The region's shapes on the widget, each as its own path."""
    from kiosk.ui.screens.bodyfigure import shape_path

    transform = screen.figure.transform()
    return [transform.map(shape_path(s)) for s in screen.body_map.region(region_id).shapes]


def test_listen_reads_the_places_then_the_forms(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """What Listen reads: the region names; once one is chosen, its forms and the note."""
    screen = _open(qtbot, window)
    text = window._spoken_text()
    assert text.startswith("Where do you feel it?")
    assert all(r.label in text for r in screen.body_map.regions)
    _native_tap(screen.buttons["voice"])
    text = window._spoken_text()
    assert "Voice and throat" in text and "Spasmodic dysphonia" in text
    assert "This is not a diagnosis." in text and "Eyes and eyelids" not in text


def test_keyboard_tab_order_space_and_enter(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Tab goes through the word buttons in the figure's order; Space and Enter choose."""
    screen = _open(qtbot, window)
    buttons = list(screen.buttons.values())
    buttons[0].setFocus()
    qtbot.keyClick(buttons[0], Qt.Key.Key_Space)
    assert screen.selected == "eyes"
    qtbot.keyClick(buttons[0], Qt.Key.Key_Tab)
    assert window.focusWidget() is buttons[1]
    with qtbot.waitSignal(buttons[1].clicked):
        qtbot.keyClick(buttons[1], Qt.Key.Key_Return)
    assert screen.selected == "face"
    qtbot.keyClick(buttons[1], Qt.Key.Key_Tab)
    assert window.focusWidget() is buttons[2]


def test_the_reset_clears_the_choice(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    screen = _open(qtbot, window)
    _native_tap(screen.buttons["legs"])
    assert screen.selected == "legs"
    window.reset_for_next_visitor()
    assert window.navigator.current == HOME
    assert screen.selected == "" and not any(b.isChecked() for b in screen.buttons.values())
    assert screen.figure.selected == "" and screen.forms == []


def test_spanish_labels(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """In Spanish: the tile, the title and the places in Spanish; the same pages."""
    window.switch_language("es")
    tile = window.home_screen.findChild(QWidget, "tile-body-map")
    assert tile.title() == "¿Dónde lo siente?"
    screen = _open(qtbot, window)
    assert window.title_bar.text() == "¿Dónde lo siente?"
    assert screen.buttons["neck"].title() == "Cuello"
    _native_tap(screen.buttons["neck"])
    assert screen.forms[0].title() == "Distonía cervical"


def test_every_place_on_the_figure_is_at_least_20_mm(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """On the kiosk's screen (1280 x 800 at its density) each place on the figure is 20 mm or
    more across both ways."""
    screen = _open(qtbot, window)
    assert screen.figure.isVisible()
    least = mm_to_px(20, window.config.screen_ppi)
    for region_id in screen.figure.paths:
        rect = screen.figure.region_rect(region_id)
        assert min(rect.width(), rect.height()) >= least, region_id


def test_a_small_screen_offers_the_words_alone(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """On a screen where the figure's places would be under 20 mm (800 x 480) only the big word
    buttons are offered, and they still lead to the forms."""
    window.setMinimumSize(400, 300)
    window.resize(800, 480)
    screen = _open(qtbot, window)
    qtbot.wait_until(lambda: not screen.figure.isVisible())
    neck = next(b for b in screen.choices.cards if b.objectName().endswith("neck"))
    _native_tap(neck)
    assert any(card.objectName().endswith("cervical-dystonia") for card in screen.forms)
