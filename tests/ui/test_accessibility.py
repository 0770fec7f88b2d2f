"""Every screen, in both themes, at every text size: targets, gaps, text size, spacing, reflow.

Targets from ../shared/guide/accessibility.md (T-numbers in each docstring).
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontInfo, QFontMetricsF, QTextBlockFormat
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.core.hyphenate import plain
from kiosk.core.navigation import HOME, Route
from kiosk.core.theme import FONT_FAMILY, TEXT_SCALES, mm_to_px
from kiosk.ui.style import Look
from tests.ui.helpers import wait_active

ROUTES = [HOME, Route("section", "forms"), Route("section", "help"),
          Route("page", "forms/blepharospasm"), Route("page", "about/myths-and-facts"),
          Route("resources"), Route("organisation", "uk-movement-disorders-clinic"),
          Route("glossary"), Route("page", "forms/no-such-page"), Route("body-map")]
LOOKS = [Look(theme, scale, big) for theme in ("light", "dark") for scale in (1.0, 2.0)
         for big in (False, True)]


def _mm(window, mm: float) -> int:  # type: ignore[no-untyped-def]
    return mm_to_px(mm, window.config.screen_ppi)


def _targets(root: QWidget) -> list[QAbstractButton]:
    """Visible, enabled buttons a finger can actually reach (not scrolled out of view)."""
    return [b for b in root.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and not b.visibleRegion().isEmpty()]


def _rect(widget: QWidget) -> QRect:
    """The part of the widget a finger can touch (scrolled-away parts excluded), on screen."""
    visible = widget.visibleRegion().boundingRect()
    return QRect(widget.mapToGlobal(visible.topLeft()), visible.size())


def _gap(a: QRect, b: QRect) -> float:
    dx = max(0, max(a.left() - b.right(), b.left() - a.right()) - 1)
    dy = max(0, max(a.top() - b.bottom(), b.top() - a.bottom()) - 1)
    return math.hypot(dx, dy)


def _show(qtbot, window, route, look) -> None:  # type: ignore[no-untyped-def]
    window.display.set_look(look)
    window.navigator.go(route)
    window.show_route(route)
    qtbot.waitUntil(lambda: window.stack.currentWidget().isVisible())
    QApplication.sendPostedEvents()  # let pending layout requests run, as the event loop would


@pytest.mark.parametrize("look", LOOKS, ids=lambda lk: f"{lk.theme}-{lk.text_scale}-"
                         f"{'big' if lk.bigger_buttons else 'normal'}")
def test_targets_are_big_and_apart(qtbot, window, look) -> None:  # type: ignore[no-untyped-def]
    """Every target >= 11.6 mm; primary ones >= 20 mm (25 with bigger buttons); gaps >= 2 mm.

    T1, T2, T4 on every screen.
    """
    floor, primary = _mm(window, 11.6), _mm(window, 25 if look.bigger_buttons else 20)
    gap = _mm(window, 2) - 1
    for route in ROUTES:
        _show(qtbot, window, route, look)
        targets = _targets(window)
        assert targets
        for button in targets:
            name = f"{route} {button.objectName()} {button.size()}"
            assert button.width() >= floor and button.height() >= floor, name
            if button.property("role") == "primary":
                assert button.height() >= primary, name
        rects = [(b.objectName(), _rect(b)) for b in targets]
        for i, (name_a, a) in enumerate(rects):
            for name_b, b in rects[i + 1:]:
                assert _gap(a, b) >= gap, f"{route}: {name_a} and {name_b} too close"


@pytest.mark.parametrize("bigger", [False, True], ids=["normal-buttons", "bigger-buttons"])
def test_targets_keep_their_size_on_a_small_panel(qtbot, window, bigger) -> None:  # type: ignore[no-untyped-def]
    """On an 800x480 panel at 200 percent text nothing shrinks to fit (T1, T2, T4): the page's
    Previous and Next move beside the text, under Up and Down, when the screen is short; the
    language button is then an ordinary target, at least the configured target size."""
    window.resize(800, 480)
    floor, target = _mm(window, 11.6), _mm(window, window.config.target_mm)
    primary = _mm(window, 25 if bigger else 20)
    gap = _mm(window, 2) - 1
    look = Look("light", 2.0, bigger)
    for route in ROUTES:
        _show(qtbot, window, route, look)
        targets = _targets(window)
        for button in targets:
            name = f"{route} {button.objectName()} {button.size()}"
            assert button.width() >= floor and button.height() >= floor, name
            assert button.height() >= (primary if button.property("role") == "primary"
                                       else target), name
        rects = [(b.objectName(), _rect(b)) for b in targets]
        for i, (name_a, a) in enumerate(rects):
            for name_b, b in rects[i + 1:]:
                assert _gap(a, b) >= gap, f"{route}: {name_a} and {name_b} too close"
    page = window.stack.page_screen
    _show(qtbot, window, Route("page", "about/myths-and-facts"), look)
    assert page.compact == bigger
    assert page.next_button.isVisible() and page.pane.up_button.isVisible()


def test_display_panel_targets(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The Text and screen panel's buttons are primary-sized and apart (T1, T2, T4)."""
    window.display.open_panel()
    panel = window.display.panel
    qtbot.waitUntil(panel.isVisible)
    targets = _targets(panel)
    assert len(targets) >= 8
    for button in targets:
        assert button.height() >= _mm(window, 20), button.objectName()
    rects = [_rect(b) for b in targets]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert _gap(a, b) >= _mm(window, 2) - 1


def test_body_text_capital_height(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Body text is Atkinson Hyperlegible with a capital height of at least 4.8 mm (T13)."""
    window.navigator.go(Route("page", "forms/blepharospasm"))
    font = window.stack.page_screen.view.document().defaultFont()
    assert QFontInfo(font).family() == FONT_FAMILY
    assert QFontMetricsF(font).capHeight() >= _mm(window, 4.8) - 0.5
    label = window.home_screen.welcome
    assert QFontInfo(label.font()).family() == FONT_FAMILY
    assert QFontMetricsF(label.font()).capHeight() >= _mm(window, 4.8) - 0.5


@pytest.mark.parametrize("scale", TEXT_SCALES)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_reflow_without_clipping(qtbot, window, scale, theme) -> None:  # type: ignore[no-untyped-def]
    """Up to 200 percent text: no sideways scrolling, no clipped labels or buttons (T15)."""
    look = Look(theme, scale)
    for route in ROUTES:
        _show(qtbot, window, route, look)
        screen = window.stack.current_screen()
        view = getattr(screen, "view", None)
        if view is not None:
            assert view.horizontalScrollBar().maximum() == 0, route
        for label in screen.findChildren(QLabel) + [window.title_bar]:
            if label.isVisible() and label.text() and not label.wordWrap():
                width = QFontMetricsF(label.font()).horizontalAdvance(label.text())
                assert width <= label.contentsRect().width() + 1, (route, label.text())
        for button in _targets(window):
            if not button.text():
                continue
            needed = QFontMetricsF(button.font()).horizontalAdvance(button.text())
            needed += button.iconSize().width() if not button.icon().isNull() else 0
            assert needed <= button.width(), (route, button.text(), needed, button.width())


def test_page_spacing_and_line_length(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Line height >= 150 %, paragraph gap >= 2x the font size, <= ~70 characters a line,
    never justified (T16, T17)."""
    window.navigator.go(Route("page", "causes-diagnosis/getting-diagnosed"))
    view = window.stack.page_screen.view
    document = view.document()
    px = document.defaultFont().pixelSize()
    block = document.begin()
    paragraphs = 0
    while block.isValid():
        fmt = block.blockFormat()
        assert fmt.lineHeightType() == QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        assert fmt.lineHeight() >= 150
        assert not fmt.alignment() & Qt.AlignmentFlag.AlignJustify
        if block.textList() is None and not fmt.headingLevel() and block.text().strip():
            assert fmt.bottomMargin() >= 2 * px
            paragraphs += 1
        block = block.next()
    assert paragraphs
    chars = view.viewport().width() / QFontMetricsF(document.defaultFont()).averageCharWidth()
    assert chars <= 75


def test_every_screen_can_be_read_aloud(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Each screen has text for Listen, including its title and visible labels (T23): the
    labels' words as shown, without the invisible break points put into long words."""
    for route in ROUTES:
        window.navigator.go(route)
        screen = window.stack.current_screen()
        spoken = screen.spoken_text()
        assert spoken.strip() and screen.title() in spoken, route
        for label in screen.findChildren(QLabel):
            if label.isVisible() and label.text() and label.property("kind") != "tileText":
                assert plain(label.text()) in spoken, (route, label.text())


def test_chosen_options_are_not_colour_only(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The chosen theme and button size say "(chosen)" in words, not only by colour (T12)."""
    window.display.open_panel()
    panel = window.display.panel
    assert "(chosen)" in panel.light.text() and "(chosen)" not in panel.dark.text()
    window.display.set_theme("dark")
    assert "(chosen)" in panel.dark.text() and "(chosen)" not in panel.light.text()


def test_theme_switch_changes_every_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The low-glare theme really darkens the window and the reading area."""
    def mean_lightness() -> float:
        image = window.grab().toImage()
        points = [(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)]
        return sum(image.pixelColor(x, y).lightness() for x, y in points) / len(points)

    window.navigator.go(Route("page", "forms/blepharospasm"))
    light = mean_lightness()
    window.display.set_theme("dark")
    dark = mean_lightness()
    assert dark < 60 < 120 < light


def test_keyboard_tour_reaches_every_control(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Tab visits every button on the home screen and the navigation bar (T27)."""
    window.activateWindow()
    wait_active(qtbot, window)
    window.home_screen.tiles.cards[0].setFocus()
    qtbot.waitUntil(lambda: window.home_screen.tiles.cards[0].hasFocus())
    visited = []
    for _ in range(40):
        widget = window.focusWidget()
        if widget is not None and widget.objectName() not in visited:
            visited.append(widget.objectName())
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    for tile in window.home_screen.tiles.cards:
        assert tile.objectName() in visited
    for name in ("home", "listen", "display"):
        assert name in visited or not window.findChild(QAbstractButton, name).isEnabled()
    tiles = [n for n in visited if n.startswith("tile-")]
    assert tiles == [t.objectName() for t in window.home_screen.tiles.cards]


def test_focus_is_visible(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A focused button looks different from an unfocused one: a thick ring (T27)."""
    tile = window.home_screen.tiles.cards[1]
    before = tile.grab().toImage()
    window.activateWindow()
    wait_active(qtbot, window)
    tile.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tile.hasFocus)
    after = tile.grab().toImage()
    assert before.pixelColor(2, tile.height() // 2) != after.pixelColor(2, tile.height() // 2)


def test_enter_activates_the_focused_tile(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Staff can open a tile with the keyboard alone (T27)."""
    tile = next(t for t in window.home_screen.tiles.cards if t.objectName() == "tile-forms")
    window.activateWindow()
    wait_active(qtbot, window)
    tile.setFocus()
    qtbot.waitUntil(tile.hasFocus)
    qtbot.keyClick(tile, Qt.Key.Key_Space)
    assert window.navigator.current.kind == "section"


def test_font_licence_is_shipped() -> None:
    """The OFL licence sits next to the bundled font files and the family loads (T38)."""
    from kiosk.core.paths import font_files, resource

    files = font_files()
    assert len(files) == 4
    licence = files[0].parent.parent / "LICENSE"
    assert "SIL Open Font License" in licence.read_text("utf-8")
    assert "SIL Open Font License" in resource("fonts", "OFL.txt").read_text("utf-8")
