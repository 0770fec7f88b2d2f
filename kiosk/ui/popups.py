"""The kiosk window's pop-up panels, each built when first needed (start-up path).

The panel classes (:mod:`kiosk.ui.panels`, :mod:`kiosk.ui.staff`) are built after the first
paint in ordinary Qt idiom; this registry, made before it, only holds the ones built so far.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core import theme

if TYPE_CHECKING:
    from kiosk.core.content import Term
    from kiosk.ui.panels import MessagePanel, Panel, TermDialog

P = TypeVar("P", bound="Panel")


class Popups(QObject):
    """The pop-ups built so far, by name; all are closed for the next visitor.

    Args:
        metrics: the current sizes, given to each panel when it is built.

    Signals:
        panel_shown(QWidget): a panel is on screen (its native window's input counts too).
    """

    panel_shown = Signal(QWidget)

    def __init__(self, metrics: Callable[[], theme.Metrics], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._metrics = metrics
        self._panels: dict[str, Panel] = {}

    def get(self, name: str, make: Callable[[], P]) -> P:
        """The panel called ``name``, made by ``make`` the first time."""
        panel = self._panels.get(name)
        if panel is not None:
            return cast(P, panel)  # the same ``make`` built it
        made = make()
        made.apply_metrics(self._metrics())
        made.shown.connect(self.panel_shown)
        self._panels[name] = made
        return made

    @property
    def term_dialog(self) -> TermDialog:
        """The word-meaning pop-up (built the first time a marked word is tapped)."""
        def make() -> TermDialog:
            from kiosk.ui.panels import TermDialog  # pop-ups are built after the first paint

            return TermDialog(self._host())

        return self.get("term", make)

    def show_term(self, term: Term, width: int, language: str = "en") -> str:
        """Show what ``term`` means (in ``language``: where its long words may break); returns
        the text Listen reads for it."""
        self.term_dialog.show_term(term, width, language)
        return self.term_dialog.spoken_text()

    def show_message(self, text: str, width: int) -> None:
        """Show a short message (for example why Listen cannot read aloud)."""
        def make() -> MessagePanel:
            from kiosk.ui.panels import MessagePanel

            return MessagePanel(self._host())

        self.get("message", make).show_message(text, width)

    def _host(self) -> QWidget:
        """The window the pop-ups belong to (this registry's parent)."""
        return cast(QWidget, self.parent())

    def built(self, name: str) -> Panel | None:
        """The panel called ``name`` if it has been built, else None."""
        return self._panels.get(name)

    def all(self) -> list[Panel]:
        """Every pop-up built so far."""
        return list(self._panels.values())

    def visible(self) -> Panel | None:
        """The pop-up on screen, if any."""
        return next((panel for panel in self._panels.values() if panel.isVisible()), None)

    def close_all(self, keep: tuple[str, ...] = ()) -> None:
        """Close every pop-up but those named in ``keep``."""
        for name, panel in self._panels.items():
            if name not in keep:
                panel.close()

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        for panel in self._panels.values():
            panel.apply_metrics(metrics)

    def reset(self) -> None:
        """For the next visitor: every pop-up closed."""
        self.close_all()
