"""Read text aloud with QtTextToSpeech, on a worker thread, so speech can never freeze the kiosk.

Why it is built this way (measured on PySide6 6.11 with speech-dispatcher):

* With no working audio output, speech-dispatcher accepts text and never finishes it; after that,
  every call into the engine, and constructing a new engine, can block its thread for ever.
* A worker ``QThread`` alone does not help if *Python* code makes those calls: PySide keeps the
  GIL while a ``QTextToSpeech`` constructor or ``say()`` blocks, and the whole interpreter, GUI
  thread included, stops with it.

So Python never calls a method of the engine that may talk to the daemon.  Every such call
(loading the engine, ``say``, ``pause``, ``resume``, ``stop``, ``setRate``, ``setLocale``) is a
queued signal connected *natively* to the engine's slot: the worker thread's event loop makes
the call in C++ without the GIL, so a call that never returns stalls only that thread.  The
worker runs Python only for quick reads of cached values (``state()``, ``locale()``,
``availableLocales()``) and to pass reports back.  The GUI thread never waits for the worker.
A watchdog ``QTimer`` notices when the worker stops answering; the controller then gives up on
that worker (it is never waited for), says that speech is unavailable and ignores later calls.

Lifetimes: a ``QThread`` destroyed while it still runs aborts the process, and a stuck worker
can run until the process ends.  The thread is therefore parented to the main thread's
``QThread`` object (owned by Qt, never destroyed by Python) and deletes itself once finished;
the engine and its host object are children of the worker's event dispatcher (owned by Qt, not
by Python) and are deleted in the worker thread as its run ends (``finished`` ->
``deleteLater``), and never if it stays stuck.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QLocale,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtTextToSpeech import QTextToSpeech
from shiboken6 import Shiboken

from kiosk.ui.speech_state import SpeechState

__all__ = ["EngineFactory", "Speech", "SpeechState", "choose_locale", "split_chunks"]

_log = logging.getLogger(__name__)

EngineFactory = Callable[[], QObject]
"""Makes the engine; called once, in the GUI thread, with no arguments (tests use it).

It returns a ``QObject`` with ``QTextToSpeech``'s interface: slots ``say(str)``, ``pause()``,
``resume()``, ``stop()``, ``setRate(float)`` and ``setLocale(QLocale)`` (Python objects must
decorate them with ``@Slot``: they are reached through queued connections), methods
``availableLocales()``, ``locale()``, ``state()`` and ``errorString()``, and the signal
``stateChanged(QTextToSpeech.State)`` (``errorOccurred(ErrorReason, str)`` is optional).
The object is re-parented to the worker's host object and moved with it to the worker
thread, where its slots run.
"""

IDLE, SPEAKING, PAUSED, UNAVAILABLE = (SpeechState.IDLE, SpeechState.SPEAKING,
                                       SpeechState.PAUSED, SpeechState.UNAVAILABLE)

_QUEUED = Qt.ConnectionType.QueuedConnection
# Used as the first engine when Qt's mock engine is missing: constructing QTextToSpeech with an
# unknown name loads nothing (Qt logs that the plug-in is not supported) and cannot block.
_PLACEHOLDER_ENGINE = "kiosk-speech-placeholder"
# Time allowed per word when deciding that a chunk which never ends is stuck (generous: espeak
# at rate -1 needs about 750 ms a word).
_MS_PER_WORD = 700
_RELOAD = {"dystoniaKioskReload": True}
_SHUTDOWN_WAIT_MS = 500

#: Each worker's thread and host, kept from Python until Qt has deleted the thread. The host and
#: engine are deleted in the worker as its run ends; if Python dropped its last reference first
#: (the speech controller gone, or the worker list pruned when ``finished`` arrived), it could
#: free a wrapper the worker was still destroying (core dumps of test runs: PyDict_GetItem in
#: PySide's override lookup under ~QObject). ~QThread waits for the run to end, so by
#: ``destroyed`` nothing in the worker uses them any more.
_ALIVE: dict[int, tuple[QThread, QObject]] = {}

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_READABLE = re.compile(r"\w")


# How the engine's thread reports that no installed voice speaks the content's language.
NO_VOICE = "no voice for"


def split_chunks(text: str) -> list[str]:
    """Split text into the pieces read one at a time.

    Every line (a heading, a paragraph, a list item) is split into sentences; whitespace is
    collapsed, and pieces with nothing to pronounce (no letter or digit) are dropped.
    """
    chunks: list[str] = []
    for line in text.splitlines():
        for piece in _SENTENCE_END.split(line):
            piece = " ".join(piece.split())
            if _READABLE.search(piece):
                chunks.append(piece)
    return chunks


def choose_locale(available: Sequence[QLocale], language: str) -> QLocale | None:
    """Pick the engine locale for content in ``language`` ("en", "en_GB"...), or None.

    Prefers the exact locale (``QLocale("en")`` is en_US), then any locale of the same
    language; never the engine's default, which under ``LANG=C`` is not English.
    """
    wanted = QLocale(language)
    if wanted.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return None
    same_language = [loc for loc in available if loc.language() == wanted.language()]
    for loc in same_language:
        if loc.territory() == wanted.territory():
            return loc
    return min(same_language, key=QLocale.name, default=None)


def _state_name(state: QTextToSpeech.State) -> str:
    """Our name for an engine state."""
    return {
        QTextToSpeech.State.Ready: "ready",
        QTextToSpeech.State.Speaking: "speaking",
        QTextToSpeech.State.Paused: "paused",
        QTextToSpeech.State.Synthesizing: "speaking",
    }.get(state, "error")


class _EngineHost(QObject):
    """Worker-thread side: holds the engine there and reports on it.

    The engine is made and wired in the GUI thread (:meth:`prepare`), then moved to the worker
    with this host. In the worker, Python runs only quick reads; every call that may block goes
    to the engine through a queued native connection (see the module docstring).

    Signals:
        ready(str): the engine works; the name of the locale chosen.
        failed(str, bool): technical reason, and whether it happened while setting up.
        state_reported(int, str): (mark of the latest say, engine state name).
        answered(int): reply to a ping, sent after every earlier command has returned.
    """

    ready = Signal(str)
    failed = Signal(str, bool)
    state_reported = Signal(int, str)
    answered = Signal(int)
    _locale_requested = Signal(QLocale)

    def __init__(self, link: _Link, factory: EngineFactory | None, engine_name: str | None,
                 language: str) -> None:
        super().__init__()
        self._link = link
        self._factory = factory
        self._engine_name = engine_name
        self._language = language
        # QTextToSpeech, or a stand-in with its interface: duck-typed on purpose.
        self._engine: Any = None
        self._to_load: str | None = None
        self._problem = ""
        self._mark = 0
        self._is_ready = False

    def prepare(self) -> None:
        """Make the engine and wire the commands to it, in the GUI thread, before the move.

        Python must not construct Qt objects or connect signals in the worker thread. PySide
        keeps the GIL during such calls, and they take Qt's signal-slot locks; the GUI thread
        can hold one of those locks while it waits for the GIL (PySide releases the GIL around
        ``QObject.disconnect`` and takes it back for the ``disconnectNotify`` override). A
        ``QTextToSpeech`` constructor in the worker, meeting a disconnect in the GUI thread,
        froze both threads for good (a test run that never finished). Made here, nothing
        but quick reads and reports runs as Python in the worker.
        """
        try:
            engine, to_load = self._create()
        except Exception as exc:  # a broken factory or engine must not take the kiosk down
            self._problem = f"creating the engine failed: {exc!r}"
            return
        if engine is None:
            self._problem = to_load or "no engine"
            return
        if to_load is None and isinstance(engine, QTextToSpeech):
            to_load = engine.engine()  # its backend was made in this thread: load it there again
        self._engine, self._to_load = engine, to_load
        engine.setParent(self)  # moves to the worker with this host
        engine.stateChanged.connect(self._on_engine_state)
        if hasattr(engine, "errorOccurred"):
            engine.errorOccurred.connect(self._on_engine_error)
        link = self._link
        link.say_requested.connect(engine.say, _QUEUED)
        link.pause_requested.connect(engine.pause, _QUEUED)
        link.resume_requested.connect(engine.resume, _QUEUED)
        link.stop_requested.connect(engine.stop, _QUEUED)
        link.rate_requested.connect(engine.setRate, _QUEUED)
        self._locale_requested.connect(engine.setLocale, _QUEUED)

    @Slot()
    def start(self) -> None:
        """In the worker: load the real engine natively, then choose the voice."""
        dispatcher = QThread.currentThread().eventDispatcher()
        if dispatcher is not None:
            self.setParent(dispatcher)  # Qt deletes us (and the engine) when the thread ends
        if self._engine is None:
            self.failed.emit(self._problem, True)
            return
        if self._to_load is not None:
            # The backend must live in this thread (its timers run here): load it here,
            # natively. The parameter, which no engine knows, makes Qt load it again even when
            # the name is the one the engine was made with.
            QMetaObject.invokeMethod(self._engine, "setEngine", _QUEUED,
                                     Q_ARG(str, self._to_load), Q_ARG("QVariantMap", _RELOAD))
        QMetaObject.invokeMethod(self, "_choose_voice", _QUEUED)

    def _create(self) -> tuple[Any, str | None]:
        """Return (engine, engine to load natively later), or (None, reason)."""
        if self._factory is not None:
            return self._factory(), None
        engines = QTextToSpeech.availableEngines()
        name = self._engine_name
        if name is None:
            if not [e for e in engines if e != "mock"]:
                return None, f"no text-to-speech engine installed (found {engines})"
            target = ""  # Qt's default for this platform
        elif name not in engines:
            return None, f"engine {name!r} not installed (found {engines})"
        else:
            target = name
        # Never construct a real engine from Python: start with one that cannot block (made
        # in the GUI thread) and load the real one in the worker through a queued native call.
        placeholder = "mock" if "mock" in engines else _PLACEHOLDER_ENGINE
        return QTextToSpeech(placeholder), target

    def _engine_failed(self, engine: QTextToSpeech) -> bool:
        """Report an engine in its error state; True if it is."""
        if engine.state() == QTextToSpeech.State.Error:
            self.failed.emit(f"engine error: {engine.errorString()}", True)
            return True
        return False

    @Slot()
    def _choose_voice(self) -> None:
        """Runs once the engine is loaded: pick the locale for the content's language."""
        engine = self._engine
        assert engine is not None
        try:
            if self._engine_failed(engine):
                return
            if self._factory is None:
                loaded = engine.engine()
                if self._engine_name is None:
                    loaded_ok = loaded not in ("mock", _PLACEHOLDER_ENGINE)
                else:
                    loaded_ok = loaded == self._engine_name
                if not loaded_ok:
                    self.failed.emit(f"engine {self._engine_name!r} did not load ({loaded!r})",
                                     True)
                    return
            locales = list(engine.availableLocales())
            chosen = choose_locale(locales, self._language)
            if chosen is None:
                names = sorted(loc.name() for loc in locales)
                self.failed.emit(f"{NO_VOICE} {self._language!r} (voices: {names})", True)
                return
        except Exception as exc:
            self.failed.emit(f"inspecting the engine failed: {exc!r}", True)
            return
        self._locale_requested.emit(chosen)
        QMetaObject.invokeMethod(self, "_report_ready", _QUEUED)

    @Slot()
    def _report_ready(self) -> None:
        """Runs after the queued setLocale: tell the GUI thread what we ended up with."""
        engine = self._engine
        assert engine is not None
        try:
            if self._engine_failed(engine):
                return
            locale = engine.locale()
            if locale.language() != QLocale(self._language).language():
                self.failed.emit(f"could not select a voice for {self._language!r}", True)
                return
        except Exception as exc:
            self.failed.emit(f"inspecting the engine failed: {exc!r}", True)
            return
        self._is_ready = True
        self.ready.emit(locale.name())

    @Slot(int)
    def mark(self, mark: int) -> None:
        """Tag the state reports that follow with ``mark`` (sent just before each say)."""
        self._mark = mark

    @Slot(int)
    def ping(self, number: int) -> None:
        """Answer: every command sent before this ping has returned."""
        self.answered.emit(number)

    @Slot()
    def finish(self) -> None:
        """End the worker's event loop (queued after the commands that came before)."""
        QThread.currentThread().quit()

    @Slot(QTextToSpeech.State)
    def _on_engine_state(self, state: QTextToSpeech.State) -> None:
        self.state_reported.emit(self._mark, _state_name(state))

    @Slot(QTextToSpeech.ErrorReason, str)
    def _on_engine_error(self, reason: QTextToSpeech.ErrorReason, message: str) -> None:
        self.failed.emit(f"engine error {reason!r}: {message}", not self._is_ready)


class _Link(QObject):
    """GUI-thread end of one worker: command signals out, reports in.

    Cutting the link (``detach``) silences an abandoned worker without touching it.
    """

    say_requested = Signal(str)
    pause_requested = Signal()
    resume_requested = Signal()
    stop_requested = Signal()
    rate_requested = Signal(float)
    mark_requested = Signal(int)
    ping_requested = Signal(int)
    finish_requested = Signal()

    def __init__(self, speech: Speech) -> None:
        super().__init__(speech)
        self._speech: Speech | None = speech

    def detach(self) -> None:
        """Ignore everything this worker reports from now on."""
        self._speech = None

    @Slot(str)
    def on_ready(self, locale_name: str) -> None:
        if self._speech is not None:
            self._speech._on_ready(locale_name)

    @Slot(str, bool)
    def on_failed(self, reason: str, setting_up: bool) -> None:
        if self._speech is not None:
            self._speech._on_failed(reason, setting_up)

    @Slot(int, str)
    def on_state(self, mark: int, state: str) -> None:
        if self._speech is not None:
            self._speech._on_engine_state(mark, state)

    @Slot(int)
    def on_answer(self, number: int) -> None:
        if self._speech is not None:
            self._speech._on_answer(number)


class Speech(QObject):
    """Reads text aloud, a chunk (sentence) at a time; never blocks the GUI thread.

    Every method is called from the GUI thread and returns at once.  The engine is created on
    first use, on a worker thread, so constructing this object is safe even when the speech
    daemon is stuck.

    Args:
        parent: Qt parent.
        engine: QtTextToSpeech engine name ("speechd", "mock"...); None for the platform's.
        language: language of the content; the voice is chosen to match it.
        rate: speaking rate from -1 (slowest) to 1; slightly slow by default, for clarity.
        timeout_ms: how long the engine may take to answer before speech is given up.
        engine_factory: makes the engine instead of QtTextToSpeech (tests); see
            ``EngineFactory``.  ``engine`` is then ignored.

    Signals:
        state_changed(str): the new :class:`SpeechState` ("idle", "speaking", "paused" or
            "unavailable").
        chunk_started(int): index (in ``chunks``) of the chunk now being read, to highlight.
        finished(): the whole text has been read.
        unavailable(str): speech cannot be used; a short message for the visitor.
    """

    state_changed = Signal(str)
    chunk_started = Signal(int)
    finished = Signal()
    unavailable = Signal(str)

    def __init__(self, parent: QObject | None = None, *, engine: str | None = None,
                 language: str = "en", rate: float = -0.2, timeout_ms: int = 4000,
                 engine_factory: EngineFactory | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._language = language
        self._rate = _clamp_rate(rate)
        self._factory = engine_factory
        self._state: SpeechState = IDLE
        self._chunks: list[str] = []
        self._index = -1
        self._closed = False

        self._thread: QThread | None = None
        self._host: _EngineHost | None = None
        self._link: _Link | None = None
        self._engine_ready = False
        self._voice_locale = ""
        self._old_workers: list[tuple[QThread, _EngineHost]] = []

        # Progress of the current chunk: the mark sent with its say, whether the engine
        # has reported speaking it, and whether it has ended (possibly while paused).
        self._mark = 0
        self._heard = False
        self._in_flight = False
        self._chunk_done = False
        self._ping = 0

        # The watchdog ticks every timeout_ms while we wait for the worker. Each wait has a
        # number of ticks left (one for an answer, more for a long chunk being read); a wait
        # that runs out of ticks means the engine is stuck.
        self._waits: dict[str, int] = {}
        self._watchdog = QTimer(self)
        self._watchdog.setObjectName("speech-watchdog")
        self._watchdog.setInterval(max(1, int(timeout_ms)))
        self._watchdog.timeout.connect(self._on_watchdog)

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- read-only state ------------------------------------------------------------------

    @property
    def state(self) -> SpeechState:
        """Idle, speaking, paused or unavailable."""
        return self._state

    @property
    def is_active(self) -> bool:
        """True while speaking or paused (the idle timer keeps the visit alive meanwhile)."""
        return self._state in (SPEAKING, PAUSED)

    @property
    def current_chunk(self) -> int:
        """Index of the chunk being read, paused or stopped at; -1 when there is none."""
        return self._index if 0 <= self._index < len(self._chunks) else -1

    @property
    def chunks(self) -> tuple[str, ...]:
        """The chunks of the text last given to ``speak``."""
        return tuple(self._chunks)

    @property
    def rate(self) -> float:
        """The speaking rate, -1..1."""
        return self._rate

    @property
    def voice_locale(self) -> str:
        """Locale of the voice in use ("en_GB"), once the engine has started; else ""."""
        return self._voice_locale

    def running_threads(self) -> int:
        """How many worker threads (current or given up) are still running."""
        threads = [t for t, _ in self._old_workers]
        if self._thread is not None:
            threads.append(self._thread)
        return sum(1 for t in threads if Shiboken.isValid(t) and not t.isFinished())

    # -- commands -------------------------------------------------------------------------

    @Slot(str)
    def speak(self, text: str) -> None:
        """Read ``text`` aloud from the start; stops whatever was being read."""
        if self._closed or self._state == UNAVAILABLE:
            return
        if self.is_active:
            self._interrupt()
        self._chunks = split_chunks(text)
        self._index = 0 if self._chunks else -1
        self._chunk_done = False
        if not self._chunks:
            self._set_state(IDLE)
            return
        self._set_state(SPEAKING)
        self._ensure_worker()
        if self._engine_ready:
            self._say_current()

    @Slot()
    def pause(self) -> None:
        """Pause reading (the engine stops at the end of a word)."""
        if self._closed or self._state != SPEAKING:
            return
        self._set_state(PAUSED)
        if self._engine_ready and self._in_flight:
            self._send(self._live_link().pause_requested)
            self._waits.pop("chunk end", None)

    @Slot()
    def resume(self) -> None:
        """Go on reading after ``pause``."""
        if self._closed or self._state != PAUSED:
            return
        self._set_state(SPEAKING)
        if not self._engine_ready:
            return  # the chunk is said once the engine is ready
        if self._in_flight and self._heard:
            self._send(self._live_link().resume_requested)
            self._wait_for("speaking")
        elif self._in_flight:
            self._wait_for("speaking")  # the say is still on its way; nothing to resume
        elif self._chunk_done:
            self._next_chunk()  # the chunk ended while the engine was pausing
        else:
            self._say_current()  # paused before the chunk was ever said

    @Slot()
    def stop(self) -> None:
        """Stop reading; ``repeat`` can start again from the current chunk."""
        if self._closed or not self.is_active:
            return
        self._interrupt()
        self._set_state(IDLE)

    @Slot()
    def repeat(self) -> None:
        """Read the current chunk (the last one once the text is done) again, and go on."""
        if self._closed or self._state == UNAVAILABLE or not self._chunks:
            return
        if not 0 <= self._index < len(self._chunks):
            self._index = len(self._chunks) - 1
        self._chunk_done = False
        self._set_state(SPEAKING)
        self._ensure_worker()
        if self._engine_ready:
            self._say_current()

    @Slot(float)
    def set_rate(self, rate: float) -> None:
        """Set the speaking rate, -1 (slowest) to 1 (fastest); takes effect at once."""
        self._rate = _clamp_rate(rate)
        if self._engine_ready and not self._closed and self._state != UNAVAILABLE:
            self._send(self._live_link().rate_requested, self._rate)

    @Slot()
    def shutdown(self, wait_ms: int = _SHUTDOWN_WAIT_MS) -> bool:
        """Stop speech and end the worker thread, waiting at most ``wait_ms``.

        Called when the application quits.  A worker stuck in the engine is left behind,
        never waited for any longer.  Later calls do nothing.  Returns True if no worker
        thread is left running.
        """
        if not self._closed:
            self._closed = True
            self._watchdog.stop()
            self._waits.clear()
            if self._link is not None and self._engine_ready:
                self._link.stop_requested.emit()
            self._retire_worker(polite=True)
            if self.is_active:
                self._set_state(IDLE)
        deadline = time.monotonic() + max(0, wait_ms) / 1000
        for thread, _host in list(self._old_workers):
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms > 0 and Shiboken.isValid(thread) and not thread.isFinished():
                thread.wait(left_ms)  # bounded, and only when the application quits
        return self.running_threads() == 0

    # -- worker management ----------------------------------------------------------------

    def _ensure_worker(self) -> None:
        if self._thread is not None:
            return
        link = _Link(self)
        host = _EngineHost(link, self._factory, self._engine_name, self._language)
        host.prepare()  # in this (the GUI) thread: see _EngineHost.prepare
        thread = QThread()
        thread.setObjectName("speech-worker")
        # Owned by Qt's main-thread object, not by us or by Python: never destroyed while
        # running (that aborts the process); it deletes itself once finished.
        thread.setParent(QThread.currentThread())
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(self._on_thread_finished)
        self.destroyed.connect(thread.quit)
        host.moveToThread(thread)
        # Delete the host and the engine in the worker as its run ends (QThread's finish
        # delivers deferred deletes right after ``finished``), not later when the thread's
        # storage is torn down with its event dispatcher: by then Python's state for the thread
        # is gone, and PySide's virtual-override lookup in ~QObject crashed there (a core dump
        # of a test run: PyDict_GetItem under QEventDispatcherGlib::~QEventDispatcherGlib).
        thread.finished.connect(host.deleteLater)
        _ALIVE[id(thread)] = (thread, host)
        thread.destroyed.connect(partial(_ALIVE.pop, id(thread), None))
        thread.started.connect(host.start)
        host.ready.connect(link.on_ready)
        host.failed.connect(link.on_failed)
        host.state_reported.connect(link.on_state)
        host.answered.connect(link.on_answer)
        link.mark_requested.connect(host.mark)
        link.ping_requested.connect(host.ping)
        link.finish_requested.connect(host.finish)
        self._thread, self._host, self._link = thread, host, link
        self._engine_ready = False
        self._wait_for("ready")
        thread.start()

    def _retire_worker(self, *, polite: bool) -> None:
        """Let go of the current worker without waiting for it."""
        thread, host, link = self._thread, self._host, self._link
        self._thread = self._host = self._link = None
        self._engine_ready = False
        if thread is None or host is None or link is None:
            return
        if polite:
            link.finish_requested.emit()  # after any command still queued, e.g. a stop
        else:
            thread.quit()  # takes effect as soon as the stuck call returns, if ever
        link.detach()
        self._old_workers.append((thread, host))

    @Slot()
    def _on_thread_finished(self) -> None:
        sender = self.sender()
        self._old_workers = [(t, h) for t, h in self._old_workers if t is not sender]

    def _live_link(self) -> _Link:
        """The link to the running worker (there always is one when this is called)."""
        assert self._link is not None
        return self._link

    def _send(self, signal: SignalInstance, *args: object) -> None:
        """Emit a command to the engine, then a ping whose answer proves it returned."""
        signal.emit(*args)
        self._ping += 1
        self._live_link().ping_requested.emit(self._ping)
        self._wait_for(f"answer {self._ping}")

    # -- reading chunks -------------------------------------------------------------------

    def _say_current(self) -> None:
        link = self._live_link()
        if self._in_flight:
            link.stop_requested.emit()  # its reports carry the old mark and are ignored
        self._waits.pop("chunk end", None)
        self._mark += 1
        self._heard = False
        self._in_flight = True
        self._chunk_done = False
        link.mark_requested.emit(self._mark)
        link.say_requested.emit(self._chunks[self._index])
        self._wait_for("speaking")

    def _next_chunk(self) -> None:
        """The current chunk is over: read the next one, or finish."""
        self._index += 1
        self._chunk_done = False
        if self._index < len(self._chunks):
            self._say_current()
        else:
            self._index = -1
            self._set_state(IDLE)
            self.finished.emit()

    def _interrupt(self) -> None:
        """Silence the chunk being read (new marks make its late reports stale)."""
        self._mark += 1
        self._waits.pop("speaking", None)
        self._waits.pop("chunk end", None)
        if self._in_flight and self._engine_ready:
            self._send(self._live_link().stop_requested)
        self._in_flight = False
        self._heard = False
        self._stop_watchdog_if_idle()

    # -- reports from the worker -----------------------------------------------------------

    def _on_ready(self, locale_name: str) -> None:
        self._waits.pop("ready", None)
        self._stop_watchdog_if_idle()
        self._engine_ready = True
        self._voice_locale = locale_name
        self._send(self._live_link().rate_requested, self._rate)
        if self._state == SPEAKING and 0 <= self._index < len(self._chunks):
            self._say_current()

    def _on_failed(self, reason: str, setting_up: bool) -> None:
        if reason.startswith(NO_VOICE):  # said in the content's language (its .ts file)
            self._give_up(self.tr("This kiosk has no voice to read this language aloud."),
                          reason)
        elif setting_up:
            self._give_up(self.tr("Reading aloud is not set up on this kiosk."), reason)
        else:
            self._give_up(self.tr("Reading aloud is not working right now."), reason)

    def _on_answer(self, number: int) -> None:
        self._waits.pop(f"answer {number}", None)
        self._stop_watchdog_if_idle()

    def _on_engine_state(self, mark: int, state: str) -> None:
        if state == "error":
            self._on_failed("the engine reported an error", not self._engine_ready)
            return
        if mark != self._mark or not self._in_flight:
            return  # about a chunk we have already moved away from
        if state == "speaking":
            self._waits.pop("speaking", None)
            first = not self._heard
            self._heard = True
            if self._state == PAUSED:
                self._send(self._live_link().pause_requested)  # paused before it began
            else:
                self._wait_for("chunk end", self._chunk_ticks())
            if first:
                self.chunk_started.emit(self._index)
        elif state == "paused":
            self._waits.pop("chunk end", None)
            if self._state == SPEAKING:  # resumed before the engine had paused
                self._send(self._live_link().resume_requested)
                self._wait_for("speaking")
        elif state == "ready" and self._heard:
            self._waits.pop("chunk end", None)
            self._in_flight = False
            if self._state == SPEAKING:
                self._next_chunk()
            else:
                self._chunk_done = True  # ended while pausing; resume reads the next one
        self._stop_watchdog_if_idle()

    # -- watchdog ----------------------------------------------------------------------------

    def _wait_for(self, what: str, ticks: int = 1) -> None:
        """Expect an answer within ``ticks`` watchdog intervals."""
        if self._watchdog.isActive():
            ticks += 1  # the next tick may come at once: give this wait a full interval
        else:
            self._watchdog.start()
        self._waits[what] = ticks

    def _stop_watchdog_if_idle(self) -> None:
        if not self._waits:
            self._watchdog.stop()

    def _chunk_ticks(self) -> int:
        """Intervals a chunk may take to be read before we call the engine stuck."""
        words = len(self._chunks[self._index].split()) if self._chunks else 1
        slow = 1.0 + max(0.0, -self._rate)
        budget_ms = self._watchdog.interval() + words * _MS_PER_WORD * slow
        return max(1, math.ceil(budget_ms / self._watchdog.interval()))

    @Slot()
    def _on_watchdog(self) -> None:
        for what in list(self._waits):
            self._waits[what] -= 1
        late = sorted(what for what, left in self._waits.items() if left <= 0)
        if late:
            self._give_up(self.tr("Reading aloud is not working right now."),
                          f"no answer from the engine: waited for {', '.join(late)}")
        elif not self._waits:
            self._watchdog.stop()

    def _give_up(self, message: str, reason: str) -> None:
        """Speech is unusable: abandon the worker and tell the visitor."""
        if self._state == UNAVAILABLE or self._closed:
            return
        _log.warning("Reading aloud disabled: %s", reason)
        self._watchdog.stop()
        self._waits.clear()
        self._in_flight = False
        self._retire_worker(polite=False)
        self._set_state(UNAVAILABLE)
        self.unavailable.emit(message)

    def _set_state(self, state: SpeechState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)


def _clamp_rate(rate: float) -> float:
    return min(1.0, max(-1.0, float(rate)))
