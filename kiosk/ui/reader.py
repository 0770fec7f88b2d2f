"""Listen: reads the current screen aloud through :mod:`kiosk.ui.speech`, never blocking the UI.

The Reader knows nothing of the window: it is given a way to make the speech controller (made on
the first Listen, so QtTextToSpeech never loads before it) and a way to get the text to read.
It reports what speech is doing; the navigation bar shows it and the screens mark the sentence.
If speech cannot work on this machine, it asks for a message in words instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.ui.speech_state import SpeechState

if TYPE_CHECKING:
    from kiosk.core.config import KioskConfig
    from kiosk.ui.speech import Speech

log = logging.getLogger(__name__)

SpeechFactory = Callable[["Reader"], "Speech | None"]
"""Makes the speech controller (parented to the reader); ``None`` when reading aloud is turned
off. May raise ImportError when QtTextToSpeech is missing."""


class SpeechMaker:
    """The :data:`SpeechFactory` the kiosk uses: the engine from the config (``none``: reading
    aloud off), the voice for ``language()``, the visitor's reading speed ``rate()``.

    Attributes:
        engine_factory: makes the engine instead of ``config.speech_engine`` (tests give fakes).
    """

    def __init__(self, config: KioskConfig, language: Callable[[], str],
                 rate: Callable[[], float]) -> None:
        self._config, self._language, self._rate = config, language, rate
        self.engine_factory: Callable[[], QObject] | None = None

    def __call__(self, parent: QObject) -> Speech | None:
        if self._config.speech_engine == "none":
            return None
        from kiosk.ui.speech import Speech  # QtTextToSpeech loads with the first Listen

        return Speech(parent, engine=self._config.speech_engine or None,
                      engine_factory=self.engine_factory, language=self._language(),
                      rate=self._rate(), timeout_ms=int(self._config.speech_timeout * 1000))


class Reader(QObject):
    """Reads screens aloud.

    Args:
        make_speech: makes the :class:`Speech` controller on the first Listen.
        text: what Listen reads now (an open pop-up, else the current screen).
        language: the language of that text (default: always the same); when it changes, the
            next Listen chooses a voice for it (a page not translated yet, in English, among
            Spanish ones).

    Signals:
        state_changed(str): the :class:`SpeechState` changed.
        speech_progressed(): reading started, went on or moved to the next sentence (the idle
            timer treats this as the visitor being there).
        sentence_started(str): the sentence now being read, to mark on the screen.
        sentences_ended(): nothing is being read any more: clear the mark.
        message_requested(str): speech cannot be used; tell the visitor this, in words.
        reading_started(): Listen started reading a screen (not a resume, not a message).
    """

    state_changed = Signal(str)
    speech_progressed = Signal()
    sentence_started = Signal(str)
    sentences_ended = Signal()
    message_requested = Signal(str)
    reading_started = Signal()

    def __init__(self, make_speech: SpeechFactory, text: Callable[[], str],
                 parent: QObject | None = None,
                 language: Callable[[], str] | None = None) -> None:
        super().__init__(parent)
        self._make_speech = make_speech
        self._text = text
        self._language = language or (lambda: "")
        self._speech_language = ""  # the language the speech controller was made for
        self.speech: Speech | None = None  # made on first Listen
        self.unavailable_reason = ""

    # -- state --------------------------------------------------------------------------------

    @property
    def state(self) -> SpeechState:
        if self.unavailable_reason:
            return SpeechState.UNAVAILABLE
        return self.speech.state if self.speech is not None else SpeechState.IDLE

    @property
    def is_active(self) -> bool:
        """True while speaking or paused."""
        return self.state.is_active

    def _ensure_speech(self) -> Speech | None:
        if self.unavailable_reason:
            return None
        if self.speech is not None:
            return self.speech
        try:
            speech = self._make_speech(self)
        except ImportError as exc:  # PySide6-Addons missing
            log.warning("speech: %s", exc)
            self._on_unavailable(self.tr("Reading aloud is not set up on this kiosk."))
            return None
        if speech is None:
            self._on_unavailable(self.tr("Reading aloud is turned off on this kiosk."))
            return None
        self.speech = speech
        self._speech_language = self._language()
        speech.state_changed.connect(self._on_state)
        speech.unavailable.connect(self._on_speech_unavailable)
        speech.chunk_started.connect(self._on_chunk)
        speech.finished.connect(self.sentences_ended)
        return speech

    # -- actions ------------------------------------------------------------------------------

    def current_text(self) -> str:
        """What Listen reads now."""
        return self._text()

    @Slot()
    def listen_pressed(self) -> None:
        """Listen: start reading; while reading it pauses; while paused it resumes."""
        state = self.state
        if state is SpeechState.SPEAKING and self.speech is not None:
            self.speech.pause()
            return
        if state is SpeechState.PAUSED and self.speech is not None:
            self.speech.resume()
            return
        if self.speech is not None and self._speech_language != self._language():
            self.forget_voice()  # another language's text: a voice for it
        speech = self._ensure_speech()
        if speech is None:
            self.message_requested.emit(
                self.unavailable_reason + " " + self.tr("Please ask a member of staff."))
            return
        speech.speak(self.current_text())
        self.speech_progressed.emit()
        self.reading_started.emit()

    @Slot()
    def stop(self) -> None:
        if self.speech is not None and self.is_active:
            self.speech.stop()
        self.sentences_ended.emit()
        self.state_changed.emit(SpeechState.UNAVAILABLE if self.unavailable_reason
                                else SpeechState.IDLE)

    @Slot()
    def repeat(self) -> None:
        """Read the current sentence again, then carry on."""
        if self.speech is not None and self.is_active:
            self.speech.repeat()

    def reset(self) -> None:
        """For the next visitor: stop, and if speech had failed, let it try again afresh."""
        self.stop()
        if self.unavailable_reason and self.speech is not None:
            self.speech.shutdown(0)
            self.speech.deleteLater()
            self.speech = None
            self.unavailable_reason = ""
            self.state_changed.emit(SpeechState.IDLE)

    def forget_voice(self) -> None:
        """The content's language changed: stop, and let the next Listen choose a voice for
        the new language (or say, in it, that there is none)."""
        self.stop()
        if self.speech is not None:
            self.speech.shutdown(0)
            self.speech.deleteLater()
            self.speech = None
        if self.unavailable_reason:
            self.unavailable_reason = ""
            self.state_changed.emit(SpeechState.IDLE)

    def say(self, text: str) -> None:
        """Speak a short message (the idle warning) if the visitor has used Listen this visit."""
        if self.speech is not None and not self.unavailable_reason:
            self.speech.speak(text)

    def shutdown(self) -> None:
        """Stop the speech thread (at exit)."""
        if self.speech is not None:
            self.speech.shutdown()

    def set_rate(self, rate: float) -> None:
        if self.speech is not None and not self.unavailable_reason:
            self.speech.set_rate(rate)

    # -- feedback -----------------------------------------------------------------------------

    @Slot(str)
    def _on_state(self, state: str) -> None:
        self.state_changed.emit(state)
        if SpeechState(state).is_active:
            self.speech_progressed.emit()

    @Slot(int)
    def _on_chunk(self, index: int) -> None:
        """The sentence being read changed: mark it (on a reading screen)."""
        self.speech_progressed.emit()
        if self.speech is not None and 0 <= index < len(self.speech.chunks):
            self.sentence_started.emit(self.speech.chunks[index])

    @Slot(str)
    def _on_speech_unavailable(self, reason: str) -> None:
        """Speech failed after a Listen (no voice for the language, engine not answering):
        say so in words now, rather than leaving the tap without an answer."""
        self._on_unavailable(reason)
        self.message_requested.emit(
            self.unavailable_reason + " " + self.tr("Please ask a member of staff."))

    @Slot(str)
    def _on_unavailable(self, reason: str) -> None:
        self.unavailable_reason = reason or self.tr("Reading aloud is not working right now.")
        log.warning("speech unavailable: %s", self.unavailable_reason)
        self.state_changed.emit(SpeechState.UNAVAILABLE)
