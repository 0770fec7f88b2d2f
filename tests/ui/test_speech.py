"""Reading aloud: what is spoken, pause/stop/repeat, the voice, and that it never freezes."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.ui.speech import Speech, choose_locale, split_chunks

WATCHDOG_MS = 600  # short, so that the stuck-engine tests finish quickly
NOT_WORKING = "Reading aloud is not working right now."
NOT_SET_UP = "Reading aloud is not set up on this kiosk."

MakeSpeech = Callable[..., Speech]

needs_mock = pytest.mark.skipif("mock" not in QTextToSpeech.availableEngines(),
                                reason="Qt's mock text-to-speech engine is not installed")


class Gate:
    """Holds stuck engines until the test ends, then lets them (and their threads) go."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.on_release: list[Callable[[], object]] = []
        self.on_threads_done: list[Callable[[], object]] = []

    def release(self) -> None:
        self.event.set()
        for action in self.on_release:
            action()


@pytest.fixture
def gate() -> Gate:
    """A gate that stuck engines wait on."""
    return Gate()


@pytest.fixture
def make_speech(qtbot: QtBot, gate: Gate) -> Iterator[Callable[..., Speech]]:
    """Build Speech controllers; at teardown free stuck engines and check no thread is left."""
    made: list[Speech] = []

    def make(**kwargs: object) -> Speech:
        kwargs.setdefault("engine", "mock")
        kwargs.setdefault("timeout_ms", 3000)
        speech = Speech(**kwargs)
        made.append(speech)
        return speech

    yield make
    gate.release()
    for speech in made:
        speech.shutdown()
    qtbot.waitUntil(lambda: all(s.running_threads() == 0 for s in made), timeout=10_000)
    for action in gate.on_threads_done:
        action()


def mock_engine(words: list[str], *, start_locale: QLocale | None = None,
                engines: list[QTextToSpeech] | None = None) -> Callable[[], QObject]:
    """A factory for Qt's mock engine that records every word it speaks."""

    def factory() -> QObject:
        engine = QTextToSpeech("mock")
        if start_locale is not None:
            engine.setLocale(start_locale)
            assert engine.locale() == start_locale
        engine.sayingWord.connect(lambda word, *_: words.append(word))
        if engines is not None:
            engines.append(engine)
        return engine

    return factory


class FakeEngine(QObject):
    """Has QTextToSpeech's interface; can hang in say() like speech-dispatcher without audio."""

    stateChanged = Signal(QTextToSpeech.State)
    errorOccurred = Signal(QTextToSpeech.ErrorReason, str)

    def __init__(self, gate: Gate, *, hang_in_say: bool = True,
                 state: QTextToSpeech.State = QTextToSpeech.State.Ready,
                 error: str = "") -> None:
        super().__init__()
        self.gate = gate
        self.hang_in_say = hang_in_say
        self.in_say = threading.Event()
        self._state = state
        self._error = error
        self._locale = QLocale(QLocale.Language.German, QLocale.Country.Germany)

    @Slot(str)
    def say(self, text: str) -> None:
        self.in_say.set()
        if self.hang_in_say:
            self.gate.event.wait(30)  # bounded, so a broken test cannot hang the run

    @Slot()
    def pause(self) -> None:
        pass

    @Slot()
    def resume(self) -> None:
        pass

    @Slot()
    def stop(self) -> None:
        pass

    @Slot(float)
    def setRate(self, rate: float) -> None:
        pass

    @Slot(QLocale)
    def setLocale(self, locale: QLocale) -> None:
        self._locale = locale

    def availableLocales(self) -> list[QLocale]:
        return [self._locale, QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)]

    def locale(self) -> QLocale:
        return self._locale

    def state(self) -> QTextToSpeech.State:
        return self._state

    def errorString(self) -> str:
        return self._error


def record(speech: Speech) -> dict[str, list[object]]:
    """Collect what the controller emits."""
    seen: dict[str, list[object]] = {"states": [], "chunks": [], "finished": [], "unavailable": []}
    speech.state_changed.connect(seen["states"].append)
    speech.chunk_started.connect(seen["chunks"].append)
    speech.finished.connect(lambda: seen["finished"].append(True))
    speech.unavailable.connect(seen["unavailable"].append)
    return seen


def test_text_is_split_into_sentences_and_lines_without_empty_chunks() -> None:
    """Chunks are sentences and lines (headings, list items); silent pieces are skipped."""
    text = "What is dystonia?\n\n  Muscles  tighten. It is not your fault!\n- Toxin\n...\n"
    assert split_chunks(text) == ["What is dystonia?", "Muscles tighten.", "It is not your fault!",
                                  "- Toxin"]
    assert split_chunks(" \n\n - \n") == []


def test_voice_is_chosen_by_the_content_language() -> None:
    """The locale matching the content language wins over the engine's default."""
    available = [QLocale("C"), QLocale("de_DE"), QLocale("en_GB"), QLocale("en_US")]
    assert choose_locale(available, "en").name() == "en_US"
    assert choose_locale(available, "en_GB").name() == "en_GB"
    assert choose_locale([QLocale("nb_NO"), QLocale("en_GB")], "en").name() == "en_GB"
    assert choose_locale([QLocale("C"), QLocale("de_DE")], "en") is None


def test_constructing_touches_no_engine(make_speech: MakeSpeech, gate: Gate) -> None:
    """The kiosk starts even if the speech daemon is stuck: nothing runs until speak()."""
    called = threading.Event()

    def factory() -> QObject:
        called.set()
        return FakeEngine(gate)

    speech = make_speech(engine_factory=factory)
    assert speech.state == "idle"
    assert speech.running_threads() == 0
    assert not called.is_set()
    watchdog = speech.findChild(QTimer, "speech-watchdog")
    assert watchdog is not None and watchdog.interval() == 3000 and not watchdog.isActive()


@needs_mock
def test_speak_reads_every_chunk_in_order_then_finishes(
        qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """speak() goes speaking -> idle, starts each chunk in order and says every word once."""
    words: list[str] = []
    speech = make_speech(engine_factory=mock_engine(words))
    seen = record(speech)
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.speak("Dystonia is common.\n\nIt can be treated. Ask your doctor!")
    assert seen["states"] == ["speaking", "idle"]
    assert seen["chunks"] == [0, 1, 2]
    assert speech.chunks == ("Dystonia is common.", "It can be treated.", "Ask your doctor!")
    expected = ["Dystonia", "is", "common", "It", "can", "be", "treated", "Ask", "your", "doctor"]
    qtbot.waitUntil(lambda: words == expected)  # the mock reports words without punctuation
    assert speech.state == "idle" and not speech.is_active and speech.current_chunk == -1


@needs_mock
def test_named_mock_engine_is_loaded_and_speaks(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """Speech(engine="mock") works without a factory (the path real engines take)."""
    speech = make_speech(engine="mock")
    seen = record(speech)
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.speak("One. Two.")
    assert seen["chunks"] == [0, 1]
    assert speech.voice_locale.startswith("en")


@needs_mock
def test_pause_holds_speech_and_resume_goes_on(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """pause() silences the engine mid-chunk; resume() continues where it stopped."""
    words: list[str] = []
    speech = make_speech(engine_factory=mock_engine(words))
    seen = record(speech)
    text = "one two three four five six seven eight"
    with qtbot.waitSignal(speech.chunk_started, timeout=10_000):
        speech.speak(text)
    speech.pause()
    assert speech.state == "paused" and speech.is_active
    spoken_at_pause = len(words)
    with qtbot.assertNotEmitted(speech.finished, wait=1500):  # the chunk needs under 1 s
        pass
    assert len(words) <= spoken_at_pause + 1  # the mock pauses at the end of a word
    assert len(words) < 8
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.resume()
    assert words == text.split()
    assert seen["states"] == ["speaking", "paused", "speaking", "idle"]


@needs_mock
def test_stop_silences_at_once_and_goes_idle(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """stop() returns to idle immediately; nothing more is spoken and finished never comes."""
    words: list[str] = []
    speech = make_speech(engine_factory=mock_engine(words))
    seen = record(speech)
    with qtbot.waitSignal(speech.chunk_started, timeout=10_000):
        speech.speak("one two three four five six seven eight. nine ten.")
    speech.stop()
    assert speech.state == "idle" and not speech.is_active
    spoken_at_stop = len(words)
    with qtbot.assertNotEmitted(speech.finished, wait=1500):
        pass
    assert len(words) <= spoken_at_stop + 1
    assert seen["chunks"] == [0]
    assert seen["states"] == ["speaking", "idle"]


@needs_mock
def test_repeat_reads_the_current_chunk_again(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """repeat() starts the chunk being read over, then reading goes on to the next one."""
    words: list[str] = []
    speech = make_speech(engine_factory=mock_engine(words))
    seen = record(speech)

    def repeat_first_time(index: int) -> None:
        if seen["chunks"] == [0]:
            speech.repeat()

    speech.chunk_started.connect(repeat_first_time)
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.speak("Alpha beta gamma delta. Omega.")
    assert seen["chunks"] == [0, 0, 1]
    assert words[-5:] == ["Alpha", "beta", "gamma", "delta", "Omega"]
    assert seen["finished"] == [True]


@needs_mock
def test_repeat_after_the_end_reads_the_last_chunk(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """Once the text is done, repeat() reads the last chunk again."""
    speech = make_speech(engine_factory=mock_engine([]))
    seen = record(speech)
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.speak("First. Last one.")
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.repeat()
    assert seen["chunks"] == [0, 1, 1]


@needs_mock
def test_new_speak_interrupts_the_old_text(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """A second speak() stops the first text: its rest is never spoken, one finished comes."""
    words: list[str] = []
    speech = make_speech(engine_factory=mock_engine(words))
    seen = record(speech)
    with qtbot.waitSignal(speech.chunk_started, timeout=10_000):
        speech.speak("apple apple apple apple apple apple apple. banana.")
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.speak("cherry. date.")
    assert speech.chunks == ("cherry.", "date.")
    assert seen["chunks"] == [0, 0, 1]
    assert seen["finished"] == [True]
    assert "banana" not in words
    assert words[words.index("cherry"):] == ["cherry", "date"]


@needs_mock
def test_set_rate_reaches_the_engine(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """The slower default rate, and later changes, are applied to the engine itself."""
    engines: list[QTextToSpeech] = []
    speech = make_speech(engine_factory=mock_engine([], engines=engines))
    assert speech.rate == pytest.approx(-0.2)
    with qtbot.waitSignal(speech.chunk_started, timeout=10_000):
        speech.speak("one two three four five six seven eight")
    qtbot.waitUntil(lambda: engines[0].rate() == pytest.approx(-0.2))
    speech.set_rate(0.5)
    qtbot.waitUntil(lambda: engines[0].rate() == pytest.approx(0.5))
    speech.set_rate(-3)
    assert speech.rate == -1.0
    qtbot.waitUntil(lambda: engines[0].rate() == pytest.approx(-1.0))


@needs_mock
@pytest.mark.parametrize(("language", "expected"), [
    ("en", QLocale.Language.English),
    ("fi", QLocale.Language.Finnish),
])
def test_voice_follows_content_language_not_engine_default(qtbot: QtBot, make_speech: MakeSpeech,
        language: str, expected: QLocale.Language) -> None:
    """Even if the engine starts in Norwegian (as under LANG=C), the content's language wins."""
    engines: list[QTextToSpeech] = []
    norwegian = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)
    speech = make_speech(language=language,
                         engine_factory=mock_engine([], start_locale=norwegian, engines=engines))
    with qtbot.waitSignal(speech.finished, timeout=10_000):
        speech.speak("Hello.")
    assert QLocale(speech.voice_locale).language() == expected
    assert engines[0].locale().language() == expected


def test_engine_stuck_in_say_never_freezes_the_screen(
        qtbot: QtBot, make_speech: MakeSpeech, gate: Gate) -> None:
    """While say() hangs, GUI timers and buttons still work; then speech is declared unavailable."""
    engines: list[FakeEngine] = []

    def factory() -> QObject:
        engines.append(FakeEngine(gate))
        return engines[-1]

    speech = make_speech(engine_factory=factory, timeout_ms=WATCHDOG_MS)
    seen = record(speech)
    speech.speak("This never comes out.")
    qtbot.waitUntil(lambda: bool(engines) and engines[0].in_say.is_set())

    # The worker is stuck inside say() now; the screen must keep answering.
    assert speech.state == "speaking"
    tick = QTimer()
    tick.setInterval(20)
    with qtbot.waitSignal(tick.timeout, timeout=1000):
        tick.start()
    tick.stop()
    button = QPushButton("Back")
    qtbot.addWidget(button)
    button.show()
    with qtbot.waitSignal(button.clicked, timeout=1000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(speech.unavailable, timeout=WATCHDOG_MS * 4) as blocker:
        pass
    assert blocker.args == [NOT_WORKING]
    assert speech.state == "unavailable" and not speech.is_active
    assert seen["states"] == ["speaking", "unavailable"]

    # Later calls are no-ops that return at once.
    with qtbot.assertNotEmitted(speech.state_changed), \
            qtbot.assertNotEmitted(speech.unavailable):
        started = time.monotonic()
        speech.speak("Try again.")
        speech.pause()
        speech.resume()
        speech.repeat()
        speech.stop()
        speech.set_rate(0.3)
        assert time.monotonic() - started < 0.1
    assert speech.state == "unavailable"


def test_engine_that_hangs_while_starting_makes_speech_unavailable(
        qtbot: QtBot, make_speech: MakeSpeech, gate: Gate) -> None:
    """Starting the engine may hang (daemon stuck): the watchdog gives up, the GUI keeps going.

    The engine is made in the GUI thread without touching the daemon; the first call that
    talks to it (here, listing its voices) runs in the worker, which is what may hang.
    """
    entered = threading.Event()

    class StuckOnVoices(FakeEngine):
        def availableLocales(self) -> list[QLocale]:
            entered.set()
            gate.event.wait(30)
            return super().availableLocales()

    speech = make_speech(engine_factory=lambda: StuckOnVoices(gate), timeout_ms=WATCHDOG_MS)
    speech.speak("Hello.")
    qtbot.waitUntil(entered.is_set)
    tick = QTimer()
    tick.setInterval(20)
    with qtbot.waitSignal(tick.timeout, timeout=1000):
        tick.start()
    tick.stop()
    with qtbot.waitSignal(speech.unavailable, timeout=WATCHDOG_MS * 4) as blocker:
        pass
    assert blocker.args == [NOT_WORKING]


def test_factory_that_raises_says_speech_is_not_set_up(
        qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """An engine that cannot be made gives a plain message, never an exception."""

    def factory() -> QObject:
        raise RuntimeError("no audio device")

    speech = make_speech(engine_factory=factory)
    with qtbot.waitSignal(speech.unavailable, timeout=5000) as blocker:
        speech.speak("Hello.")
    assert blocker.args == [NOT_SET_UP]
    assert speech.state == "unavailable"


def test_engine_in_error_state_says_speech_is_not_set_up(
        qtbot: QtBot, make_speech: MakeSpeech, gate: Gate) -> None:
    """An engine that reports an error when it starts makes speech unavailable, plainly."""
    speech = make_speech(engine_factory=lambda: FakeEngine(
        gate, state=QTextToSpeech.State.Error, error="No audio output"))
    with qtbot.waitSignal(speech.unavailable, timeout=5000) as blocker:
        speech.speak("Hello.")
    assert blocker.args == [NOT_SET_UP]


def test_engine_without_a_voice_for_the_language_is_not_used(
        qtbot: QtBot, make_speech: MakeSpeech, gate: Gate) -> None:
    """Better no speech than Japanese read with another language's voice; the visitor is told
    that there is no voice for the language."""
    speech = make_speech(language="ja", engine_factory=lambda: FakeEngine(gate))
    with qtbot.waitSignal(speech.unavailable, timeout=5000) as blocker:
        speech.speak("Hello.")
    assert blocker.args == ["This kiosk has no voice to read this language aloud."]


def test_missing_engine_says_speech_is_not_set_up(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """A kiosk without the requested engine explains that speech is not set up."""
    speech = make_speech(engine="no-such-engine")
    with qtbot.waitSignal(speech.unavailable, timeout=5000) as blocker:
        speech.speak("Hello.")
    assert blocker.args == [NOT_SET_UP]


def test_nothing_to_read_does_nothing(make_speech: MakeSpeech) -> None:
    """Text with nothing to pronounce starts no engine and stays idle."""
    speech = make_speech()
    seen = record(speech)
    speech.speak(" \n ... \n")
    assert speech.state == "idle" and speech.chunks == ()
    assert speech.running_threads() == 0
    assert seen["states"] == []


@needs_mock
def test_shutdown_ends_the_worker_thread(qtbot: QtBot, make_speech: MakeSpeech) -> None:
    """shutdown() (run when the app quits) stops speech and ends the worker thread promptly."""
    speech = make_speech()
    with qtbot.waitSignal(speech.chunk_started, timeout=10_000):
        speech.speak("one two three four five six seven eight")
    assert speech.running_threads() == 1
    assert speech.shutdown() is True
    assert speech.running_threads() == 0
    assert speech.state == "idle"
    speech.speak("Too late.")
    assert speech.state == "idle"


# -- the real speech-dispatcher plug-in, against a daemon that hangs -------------------------

FAKE_SPEECHD = r'''
# A speech-dispatcher that stops answering (on "connect": at once; on "speak": at the first
# text) until it gets SIGUSR1, or 15 s have passed (so that a regression that freezes the GUI
# thread fails instead of hanging). It never closes a connection itself: libspeechd crashes
# when the daemon goes away in the middle of a call.
import signal, socket, sys, threading
path, hang_on = sys.argv[1], sys.argv[2]
released = threading.Event()
signal.signal(signal.SIGUSR1, lambda *_: released.set())
threading.Timer(15, released.set).start()
signal.alarm(120)  # never outlive a test run
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen(5)

def serve(conn):
    in_text = False
    for raw in conn.makefile("rb"):
        line = raw.decode(errors="replace").rstrip("\r\n")
        if hang_on == "connect":
            released.wait()
        if in_text:
            if line == ".":
                in_text = False
                if hang_on == "speak":
                    released.wait()
                conn.sendall(b"225-1\r\n225 OK MESSAGE QUEUED\r\n")
            continue
        upper = line.upper()
        if upper.startswith("SPEAK"):
            in_text = True
            conn.sendall(b"230 OK RECEIVING DATA\r\n")
        elif upper.startswith("QUIT"):
            conn.sendall(b"231 HAPPY HACKING\r\n")
        elif upper.startswith("LIST SYNTHESIS_VOICES"):
            conn.sendall(b"249-Alan\ten\tnone\r\n249-Other\txx\tnone\r\n249 OK VOICE LIST SENT\r\n")
        elif upper.startswith("LIST OUTPUT_MODULES"):
            conn.sendall(b"250-espeak-ng\r\n250 OK MODULE LIST SENT\r\n")
        elif upper.startswith("GET OUTPUT_MODULE"):
            conn.sendall(b"251-espeak-ng\r\n251 OK GET RETURNED\r\n")
        elif upper.startswith("GET"):
            conn.sendall(b"251-0\r\n251 OK GET RETURNED\r\n")
        else:
            conn.sendall(b"200 OK\r\n")

while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
'''


@pytest.mark.qt_log_ignore("speech-dispatcher", "speechd", "pipewire")
@pytest.mark.skipif("speechd" not in QTextToSpeech.availableEngines(),
                    reason="Qt's speech-dispatcher plug-in (libspeechd) is not installed")
@pytest.mark.parametrize("hang_on", ["connect", "speak"])
def test_stuck_speech_dispatcher_never_freezes_the_screen(
        qtbot, make_speech, gate: Gate, tmp_path: Path, monkeypatch, hang_on: str) -> None:
    """With the real plug-in and a daemon that stops answering, the GUI thread keeps running.

    The engine call blocks in C++ here: this is what a Python fake cannot show (PySide keeps
    the GIL while a Python-called engine method blocks, which would stop the GUI too).
    """
    socket_path = tmp_path / "speechd.sock"
    daemon = subprocess.Popen([sys.executable, "-c", FAKE_SPEECHD, str(socket_path), hang_on],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def end_daemon() -> None:
        daemon.kill()
        daemon.wait(10)

    gate.on_release.append(lambda: daemon.send_signal(signal.SIGUSR1))  # unblocks the worker
    gate.on_threads_done.append(end_daemon)
    qtbot.waitUntil(socket_path.exists)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket_path}")

    speech = make_speech(engine="speechd", timeout_ms=WATCHDOG_MS)
    ticks: list[int] = []
    tick = QTimer()
    tick.setInterval(20)
    tick.timeout.connect(lambda: ticks.append(1))
    tick.start()
    started = time.monotonic()
    with qtbot.waitSignal(speech.unavailable, timeout=WATCHDOG_MS * 6) as blocker:
        speech.speak("Hello there.")
    elapsed = time.monotonic() - started
    tick.stop()
    assert blocker.args == [NOT_WORKING]
    assert elapsed < WATCHDOG_MS * 6 / 1000
    assert len(ticks) >= elapsed / 0.020 / 3  # the GUI thread kept running its timers
