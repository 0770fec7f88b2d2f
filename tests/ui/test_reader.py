"""Reading aloud without a window: the Reader drives a speech object and reports what it does."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from kiosk.ui.reader import Reader
from kiosk.ui.speech_state import SpeechState


class FakeSpeech(QObject):
    """The parts of :class:`kiosk.ui.speech.Speech` the Reader uses, acting at once."""

    state_changed = Signal(str)
    unavailable = Signal(str)
    chunk_started = Signal(int)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = SpeechState.IDLE
        self.chunks: tuple[str, ...] = ()
        self.rate = 0.0

    def _set(self, state: SpeechState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def speak(self, text: str) -> None:
        self.chunks = tuple(text.split(". "))
        self._set(SpeechState.SPEAKING)
        self.chunk_started.emit(0)

    def pause(self) -> None:
        self._set(SpeechState.PAUSED)

    def resume(self) -> None:
        self._set(SpeechState.SPEAKING)

    def stop(self) -> None:
        self._set(SpeechState.IDLE)

    def repeat(self) -> None:
        self.chunk_started.emit(0)

    def set_rate(self, rate: float) -> None:
        self.rate = rate

    def shutdown(self, wait_ms: int = 500) -> bool:
        return True


def test_listen_speaks_the_text_source_and_reports_states(qtbot: QtBot) -> None:
    """Listen reads what the text source gives; pause and resume follow; the states are sent."""
    made: list[FakeSpeech] = []

    def make(parent: QObject) -> FakeSpeech:
        made.append(FakeSpeech(parent))
        return made[-1]

    reader = Reader(make, lambda: "First sentence. Second one")  # type: ignore[arg-type]
    states: list[str] = []
    reader.state_changed.connect(states.append)
    assert reader.state is SpeechState.IDLE and not made  # nothing made before Listen
    with qtbot.waitSignal(reader.sentence_started, timeout=1000) as sentence, \
            qtbot.waitSignal(reader.speech_progressed, timeout=1000):
        reader.listen_pressed()
    assert sentence.args == ["First sentence"]
    assert reader.state is SpeechState.SPEAKING and states[-1] == "speaking"
    reader.listen_pressed()
    assert reader.state is SpeechState.PAUSED and states[-1] == "paused"
    reader.listen_pressed()
    assert reader.state is SpeechState.SPEAKING
    with qtbot.waitSignal(reader.sentences_ended, timeout=1000):
        reader.stop()
    assert reader.state is SpeechState.IDLE and states[-1] == "idle"
    reader.set_rate(-0.4)
    assert made[0].rate == -0.4 and len(made) == 1


def test_speech_turned_off_asks_for_a_message(qtbot: QtBot) -> None:
    """With reading aloud turned off, Listen asks for a message in words, and says why."""
    reader = Reader(lambda _parent: None, lambda: "text")
    with qtbot.waitSignal(reader.message_requested, timeout=1000) as message:
        reader.listen_pressed()
    assert "turned off" in message.args[0] and "staff" in message.args[0]
    assert reader.state is SpeechState.UNAVAILABLE


def test_speech_not_installed_asks_for_a_message(qtbot: QtBot) -> None:
    """Without QtTextToSpeech, Listen says reading aloud is not set up."""
    def make(_parent: QObject) -> None:
        raise ImportError("no QtTextToSpeech")

    reader = Reader(make, lambda: "text")
    with qtbot.waitSignal(reader.message_requested, timeout=1000) as message:
        reader.listen_pressed()
    assert "not set up" in message.args[0]
    with qtbot.waitSignal(reader.state_changed, timeout=1000) as state:
        reader.reset()  # nothing was made, so it stays unavailable
    assert state.args == ["unavailable"]
