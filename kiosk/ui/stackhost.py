"""One screen stack per language, shown one at a time (start-up path).

Each language's :class:`~kiosk.ui.screenstack.ScreenStack` is built, and its library loaded,
the first time it is needed: the base language's before the first paint, the others in the
warm-up or on the first tap of the language button. A stack not on show is restyled when it is
next shown, so a change of text size costs one stack, not one per language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget

from kiosk.core.content import ContentError
from kiosk.ui.language import Languages
from kiosk.ui.screenstack import ScreenStack
from kiosk.ui.style import Look, Styler

log = logging.getLogger(__name__)

Step = Callable[[], object]


class StackHost(QStackedWidget):
    """The screen stacks of every language, one shown.

    Signals:
        route_requested(Route): a tile, list item or link in any stack asked for a screen.
        term_requested(Term): a marked word in any stack was tapped.
    """

    route_requested = Signal(object)
    term_requested = Signal(object)

    def __init__(self, languages: Languages, styler: Styler, look: Callable[[], Look],
                 max_line_chars: int) -> None:
        super().__init__()
        self._languages = languages
        self._styler = styler
        self._look = look
        self._max_line_chars = max_line_chars
        self.stacks: dict[str, ScreenStack] = {}
        self._looks: dict[str, Look] = {}
        self._touch_drag = False  # turned on after the first paint

    def stack_for(self, code: str) -> ScreenStack:
        """The screen stack of ``code``, built (its library loaded) the first time.

        Raises:
            ContentError: the language's content cannot be loaded.
        """
        stack = self.stacks.get(code)
        if stack is None:
            stack = ScreenStack(self._languages.library(code), self._styler, self._look,
                                self._max_line_chars)
            stack.route_requested.connect(self.route_requested)
            stack.term_requested.connect(self.term_requested)
            self.addWidget(stack)
            self.stacks[code] = stack
            if self._touch_drag:
                stack.enable_touch_drag()
            if len(self.stacks) > 1:  # the first is styled with the window
                self.apply_look(code)
        return stack

    def show_language(self, code: str) -> ScreenStack:
        """Show ``code``'s stack, restyled first if the look changed while it was hidden."""
        stack = self.stack_for(code)
        if self._looks.get(code) != self._look():
            self.apply_look(code)
        self.setCurrentWidget(stack)
        return stack

    def apply_look(self, code: str) -> None:
        """Style ``code``'s stack for the current look."""
        look = self._look()
        self.stacks[code].apply_metrics(self._styler.metrics(look))
        self._looks[code] = look

    def other_languages_warm_up(self, add: Callable[[list[Step]], None]) -> list[Step]:
        """Warm-up steps that load each language not built yet and build its screens; ``add``
        queues the screens' own steps after them."""
        return [partial(self._warm_up_language, code, add) for code in self._languages.codes
                if code not in self.stacks]

    def _warm_up_language(self, code: str, add: Callable[[list[Step]], None]) -> None:
        try:
            stack = self.stack_for(code)
        except ContentError as exc:
            log.warning("content for the language %r cannot be loaded: %s", code, exc)
            return
        add(stack.warm_up_steps())

    def enable_touch_drag(self) -> None:
        """Touch dragging in every stack, now and for stacks built later (after the first
        paint: reaching a viewport costs PySide6 the types of all of QtWidgets)."""
        self._touch_drag = True
        for stack in self.stacks.values():
            stack.enable_touch_drag()

    def reset(self) -> None:
        """Every stack back to its start (scroll positions, cached screens' state)."""
        for stack in self.stacks.values():
            stack.reset()
