"""Listen: reads the current screen aloud through :mod:`kiosk.ui.speech`, never blocking the UI.

The Reader connects the window's Listen and Stop buttons to a lazily created speech controller.
If speech cannot work on this machine, Listen says so in words on the screen instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.ui.panels import Panel

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


class MessagePanel(Panel):
    """A short message in large text with one Close button."""

    def __init__(self, parent: KioskWindow) -> None:
        super().__init__(parent, "messagePanel")
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.close_button)


class Reader(QObject):
    """Reads screens aloud.

    Signals:
        activity(): speech is running (the idle timer treats this as the visitor being there).
    """

    activity = Signal()

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.window = window
        self.speech = None  # the kiosk.ui.speech.Speech controller, made on first Listen
        self.unavailable_reason = ""
        self._message_panel: MessagePanel | None = None

    @property
    def message_panel(self) -> MessagePanel:
        if self._message_panel is None:
            self._message_panel = MessagePanel(self.window)
            self._message_panel.set_gap(self.window.styler.metrics(self.window.look).gap_px)
        return self._message_panel

    def has_message_panel(self) -> bool:
        return self._message_panel is not None

    # -- state --------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        if self.unavailable_reason:
            return "unavailable"
        return self.speech.state if self.speech is not None else "idle"

    @property
    def is_active(self) -> bool:
        """True while speaking or paused."""
        return self.state in ("speaking", "paused")

    def _ensure_speech(self) -> bool:
        if self.unavailable_reason:
            return False
        if self.speech is not None:
            return True
        config = self.window.config
        if config.speech_engine == "none":
            self._on_unavailable(self.tr("Reading aloud is turned off on this kiosk."))
            return False
        try:
            from kiosk.ui.speech import Speech
        except ImportError as exc:  # PySide6-Addons missing
            log.warning("speech: %s", exc)
            self._on_unavailable(self.tr("Reading aloud is not set up on this kiosk."))
            return False
        self.speech = Speech(self, engine=config.speech_engine or None,
                             language=self.window.library.site.language,
                             rate=self.window.speech_rate,
                             timeout_ms=int(config.speech_timeout * 1000))
        self.speech.state_changed.connect(self._on_state)
        self.speech.unavailable.connect(self._on_unavailable)
        self.speech.chunk_started.connect(self._on_chunk)
        self.speech.finished.connect(self._clear_highlight)
        return True

    # -- actions ------------------------------------------------------------------------------

    def current_text(self) -> str:
        """What Listen reads now: an open pop-up, else the current screen."""
        for panel in self.window.panels():
            if panel.isVisible():
                return panel.spoken_text()
        return self.window.current_screen().spoken_text()

    @Slot()
    def listen_pressed(self) -> None:
        """Listen: start reading; while reading it pauses; while paused it resumes."""
        state = self.state
        if state == "speaking":
            self.speech.pause()
            return
        if state == "paused":
            self.speech.resume()
            return
        if not self._ensure_speech():
            self._explain()
            return
        self.speech.speak(self.current_text())
        self.activity.emit()

    @Slot()
    def stop(self) -> None:
        if self.speech is not None and self.state in ("speaking", "paused"):
            self.speech.stop()
        self._clear_highlight()
        self._show_buttons("idle" if not self.unavailable_reason else "unavailable")

    @Slot()
    def repeat(self) -> None:
        """Read the current sentence again, then carry on."""
        if self.speech is not None and self.state in ("speaking", "paused"):
            self.speech.repeat()

    def reset(self) -> None:
        """For the next visitor: stop, and if speech had failed, let it try again afresh."""
        self.stop()
        if self._message_panel is not None:
            self._message_panel.close()
        if self.unavailable_reason and self.speech is not None:
            self.speech.shutdown(0)
            self.speech.deleteLater()
            self.speech = None
            self.unavailable_reason = ""
            self._show_buttons("idle")

    def say(self, text: str) -> None:
        """Speak a short message (the idle warning) if the visitor has used Listen this visit."""
        if self.speech is not None and not self.unavailable_reason:
            self.speech.speak(text)

    def shutdown(self) -> None:
        """Stop the speech thread (at exit)."""
        if self.speech is not None and hasattr(self.speech, "shutdown"):
            self.speech.shutdown()

    def set_rate(self, rate: float) -> None:
        if self.speech is not None and not self.unavailable_reason:
            self.speech.set_rate(rate)

    # -- feedback -----------------------------------------------------------------------------

    @Slot(str)
    def _on_state(self, state: str) -> None:
        self._show_buttons(state)
        if state in ("speaking", "paused"):
            self.activity.emit()

    @Slot(int)
    def _on_chunk(self, index: int) -> None:
        """Highlight the sentence being read on a reading screen, and keep it in view."""
        self.activity.emit()
        view = getattr(self.window.current_screen(), "view", None)
        if view is None or self.speech is None or not 0 <= index < len(self.speech.chunks):
            return
        from PySide6.QtGui import QColor, QTextDocument
        from PySide6.QtWidgets import QTextEdit

        chunk = self.speech.chunks[index]
        cursor = view.document().find(chunk, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if cursor.isNull():
            cursor = view.document().find(chunk[:40], 0)
        if cursor.isNull():
            view.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        colours = self.window.styler.colours(self.window.look)
        selection.format.setBackground(QColor(colours.warning_bg))
        selection.format.setForeground(QColor(colours.warning_text))
        selection.cursor = cursor
        view.setExtraSelections([selection])
        view.setTextCursor(cursor)
        view.ensureCursorVisible()

    def _clear_highlight(self) -> None:
        for screen in self.window.reading_screens():
            screen.view.setExtraSelections([])

    @Slot(str)
    def _on_unavailable(self, reason: str) -> None:
        self.unavailable_reason = reason or self.tr("Reading aloud is not working right now.")
        log.warning("speech unavailable: %s", self.unavailable_reason)
        self._show_buttons("unavailable")

    def _explain(self) -> None:
        self.message_panel.message.setText(
            self.unavailable_reason + " " + self.tr("Please ask a member of staff."))
        self.message_panel.open_centred(min(self.window.width() - 40,
                                            self.window.styler.mm(220)))

    def _show_buttons(self, state: str) -> None:
        listen, stop = self.window.listen_button, self.window.stop_button
        texts = {"speaking": self.tr("Pause"), "paused": self.tr("Resume")}
        listen.setText(texts.get(state, self.tr("Listen")))
        listen.setAccessibleName(listen.text())
        icon = {"speaking": "pause", "paused": "listen"}.get(state, "listen")
        look = self.window.look
        bar_text = self.window.styler.colours(look).bar_text
        listen.setIcon(self.window.styler.icon(icon, look, listen.iconSize().width(), bar_text,
                                               bar_text))
        stop.setVisible(state in ("speaking", "paused"))
        self.window.repeat_button.setVisible(state in ("speaking", "paused"))
