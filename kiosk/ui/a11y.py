"""What screen readers are told beyond Qt's defaults (AT-SPI on Linux, UI Automation, macOS).

- **Roles** Qt cannot give by itself: a widget with the property ``a11yRole`` set to ``"radio"``
  (a checkable button that is one of a set of choices: a radio button with a fixed name, so a
  reader says "Light, radio button, checked" rather than "Light (chosen), checked"),
  ``"dialog"`` or ``"alert"`` (a panel inside the window that acts as a modal pop-up, such as
  the idle warning). :func:`install` adds the factory that reads the property.
- **Announcements** (:func:`announce`): a change nobody is focused on ("Text size: 150
  percent"), spoken by the screen reader without moving focus (Qt 6.8's
  ``QAccessibleAnnouncementEvent``).

Nothing here runs unless an assistive technology is listening: Qt makes accessibility objects
only when asked for them. Imported after the first paint, but it avoids PySide6's ``Qt``
namespace anyway so it costs nothing if imported earlier.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QWidget

log = logging.getLogger(__name__)

ROLE_PROPERTY = "a11yRole"
_installed = False


class _ChoiceAccessible(QAccessibleWidget):
    """A checkable button shown to screen readers as a radio button (one choice of a set)."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(button, QAccessible.Role.RadioButton)
        self._button = button

    def state(self) -> QAccessible.State:
        state = super().state()
        state.checkable = True
        state.checked = self._button.isChecked()
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._button.accessibleName() or self._button.text()
        return super().text(kind)

    def actionNames(self) -> list[str]:  # noqa: N802 (Qt API)
        names = super().actionNames()
        press = QAccessibleWidget.pressAction()
        return names if press in names else [press, *names]

    def doAction(self, name: str) -> None:  # noqa: N802 (Qt API)
        if name == QAccessibleWidget.pressAction():
            if self._button.isEnabled():
                self._button.click()
            return
        super().doAction(name)


class _PanelAccessible(QAccessibleWidget):
    """A panel inside the window that acts as a modal pop-up (a dialog or an alert)."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)
        self._panel = widget

    def state(self) -> QAccessible.State:
        state = super().state()
        state.modal = True
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._panel.accessibleName()
        if kind == QAccessible.Text.Description:
            return self._panel.accessibleDescription()
        return super().text(kind)


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt asks this for every object a screen reader looks at; None keeps Qt's own answer."""
    if not isinstance(obj, QWidget):
        return None
    wanted = obj.property(ROLE_PROPERTY)
    if not wanted:
        return None
    if wanted == "radio" and isinstance(obj, QAbstractButton):
        return _ChoiceAccessible(obj)
    if wanted == "dialog":
        return _PanelAccessible(obj, QAccessible.Role.Dialog)
    if wanted == "alert":
        return _PanelAccessible(obj, QAccessible.Role.AlertMessage)
    return None


def install() -> None:
    """Add the role factory (once per process; Qt keeps factories for the application)."""
    global _installed  # noqa: PLW0603 (one factory for the whole process)
    if _installed:
        return
    QAccessible.installFactory(_factory)
    _installed = True


def set_role(widget: QWidget, role: str) -> None:
    """Show ``widget`` to screen readers as ``role`` ("radio", "dialog" or "alert").

    If a screen reader already asked about the widget (its accessibility object was made
    before the role was set), that object is dropped so the next question makes a new one.
    """
    install()
    if widget.property(ROLE_PROPERTY) == role:
        return
    widget.setProperty(ROLE_PROPERTY, role)
    if QAccessible.isActive():
        iface = QAccessible.queryAccessibleInterface(widget)
        if iface is not None and iface.role() != _role(role):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(iface))


def _role(name: str) -> QAccessible.Role:
    return {"radio": QAccessible.Role.RadioButton, "dialog": QAccessible.Role.Dialog,
            "alert": QAccessible.Role.AlertMessage}[name]


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now, politely (after what it is saying)."""
    if not text or not QAccessible.isActive():
        return
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # Qt before 6.8: the description says it instead
        widget.setAccessibleDescription(text)
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    QAccessible.updateAccessibility(event)


def text_cursor_moved(widget: QWidget, start: int, end: int) -> None:
    """Tell a screen reader the selection in ``widget``'s text is now ``start``..``end`` and the
    cursor at ``end`` (a keyboard user moved to a link in a page)."""
    if not QAccessible.isActive():
        return
    from PySide6.QtGui import QAccessibleTextCursorEvent, QAccessibleTextSelectionEvent

    QAccessible.updateAccessibility(QAccessibleTextSelectionEvent(widget, start, end))
    QAccessible.updateAccessibility(QAccessibleTextCursorEvent(widget, end))


def focus_event(widget: QWidget) -> None:
    """Say again that ``widget`` has the focus (its name changed while it kept it)."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Focus))
