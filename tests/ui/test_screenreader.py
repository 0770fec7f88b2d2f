"""What a screen reader is told (issue 17), checked offscreen through Qt's accessibility objects.

The same things through a real AT-SPI registry: tests/a11y/test_atspi.py.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from kiosk.core.navigation import HOME, Route, RouteKind


def iface(widget):  # type: ignore[no-untyped-def]
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None
    return found


def test_a_change_of_screen_names_the_window_and_focuses_the_content(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The window title is "<screen> – <kiosk title>" (the kiosk title alone at home), and
    the keyboard focus is on the screen's content, named after the screen."""
    window.activateWindow()
    site = window.library.site.title
    assert window.windowTitle() == site
    window.navigator.go(Route(RouteKind.SECTION, "forms"))
    assert window.windowTitle() == f"Forms of dystonia – {site}"
    content = window.stack.current_screen().main_content()
    assert content.accessibleName() == "Forms of dystonia"
    qtbot.wait_until(lambda: QApplication.focusWidget() is content)
    window.navigator.go(Route(RouteKind.PAGE, "forms/cervical-dystonia"))
    view = window.stack.page_screen.view
    assert window.windowTitle() == f"Cervical dystonia – {site}"
    assert iface(view).text(QAccessible.Text.Name) == "Cervical dystonia"
    assert view.accessibleDescription() == "When neck muscles pull the head out of place"
    qtbot.wait_until(lambda: QApplication.focusWidget() is view)
    window.navigator.go(HOME)
    assert window.windowTitle() == site


def test_pop_ups_are_dialogs_named_for_what_they_show(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The word pop-up is "Meaning of: <word>" with the meaning as its description; the panel
    is "Text and screen"; a message is "Message" with its text; all modal dialogs."""
    term = window.library.glossary[0]
    window.show_term(term)
    dialog = window.popups.term_dialog
    assert dialog.windowTitle() == f"Meaning of: {term.term}"
    assert iface(dialog).role() == QAccessible.Role.Dialog
    assert iface(dialog).state().modal
    assert iface(dialog).text(QAccessible.Text.Description) == term.definition
    dialog.close()
    window.display.open_panel()
    panel = window.display.panel
    assert iface(panel).text(QAccessible.Text.Name) == "Text and screen"
    panel.close()
    window.show_message("Reading aloud is not working right now.")
    message = window.popups.built("message")
    assert iface(message).text(QAccessible.Text.Name) == "Message"
    assert message.accessibleDescription() == "Reading aloud is not working right now."


def test_staff_pop_ups_are_dialogs_named_after_their_heading(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The PIN keypad, the staff panel and the guided sessions are named dialogs too."""
    staff = window.staff
    staff.ask_for_pin()
    pin = staff.pin_panel
    qtbot.wait_until(pin.isVisible)
    assert iface(pin).text(QAccessible.Text.Name) == "Staff only"
    assert iface(pin).role() == QAccessible.Role.Dialog
    pin.close()
    staff.open_sessions_panel()
    sessions = staff.sessions_panel
    qtbot.wait_until(sessions.isVisible)
    assert iface(sessions).text(QAccessible.Text.Name) == "Guided sessions"
    sessions.close()


def test_choices_are_radio_buttons_with_fixed_names(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Theme and button size: radio buttons named "Light", "Dark, less glare", ... whatever
    is chosen; the chosen one is checked (and still says "(chosen)" on screen)."""
    window.display.open_panel()
    panel = window.display.panel
    for button, name in ((panel.light, "Light"), (panel.dark, "Dark, less glare"),
                         (panel.normal_buttons, "Normal"), (panel.big_buttons, "Bigger")):
        found = iface(button)
        assert found.role() == QAccessible.Role.RadioButton
        assert found.text(QAccessible.Text.Name) == name
    assert iface(panel.light).state().checked and not iface(panel.dark).state().checked
    assert "(chosen)" in panel.light.text()
    panel.dark.click()
    assert iface(panel.dark).state().checked and not iface(panel.light).state().checked
    assert iface(panel.dark).text(QAccessible.Text.Name) == "Dark, less glare"
    assert "(chosen)" in panel.dark.text()


def test_steppers_carry_the_value_they_change(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Bigger/Smaller text and Slower/Faster describe the current size and speed."""
    window.display.open_panel()
    panel = window.display.panel
    panel.bigger.click()
    assert panel.bigger.accessibleDescription() == panel.text_label.text()
    assert "125" in panel.bigger.accessibleDescription()
    panel.faster.click()
    assert panel.faster.accessibleDescription() == panel.rate_label.text()


def test_idle_warning_is_a_named_alert(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """"Are you still there?" is an alert with the countdown as its description."""
    window.idle.set_intervals(50, 30, tick_ms=1000)
    with qtbot.wait_signal(window.idle.warning_shown, timeout=5000):
        pass
    overlay = window.idle_overlay
    found = iface(overlay)
    assert found.role() == QAccessible.Role.AlertMessage
    assert found.text(QAccessible.Text.Name) == "Are you still there?"
    assert "go back to the start" in found.text(QAccessible.Text.Description)
    assert found.state().modal


def test_qr_codes_are_named_after_their_address(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Each QR code is named "QR code for <address>"; the organisation's phone and website
    take the keyboard focus."""
    window.navigator.go(Route(RouteKind.RESOURCES))
    codes = window.stack.resources_screen.codes
    assert codes
    for code in codes:
        assert code.accessibleName() == f"QR code for {code.data}"
    org = next(o for o in window.library.organisations if o.phone and o.website)
    window.navigator.go(Route(RouteKind.ORGANISATION, org.id))
    screen = window.stack.organisation_screen
    assert screen.code.accessibleName().startswith("QR code for https://")
    for label in (screen.phone, screen.website):
        assert label.focusPolicy() != label.focusPolicy().NoFocus
