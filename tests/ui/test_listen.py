"""Listen reads every screen aloud; it pauses, stops, repeats, and stops when the visitor moves."""

from __future__ import annotations

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.navigation import Route
from tests.ui.helpers import button, tap, tap_name, wait_exposed

pytest.importorskip("PySide6.QtTextToSpeech", reason="needs PySide6-Addons and libpulse0")


def _listen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.reader.speech_progressed, timeout=5000):
        tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.state == "speaking", timeout=5000)


def test_listen_reads_the_page_from_its_title(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """Listen on a page reads its title and then its text, sentence by sentence."""
    page = library.page("forms/blepharospasm")
    window.navigator.go(Route("page", page.id))
    _listen(qtbot, window)
    chunks = window.reader.speech.chunks
    assert chunks[0].startswith(page.title)
    assert any("Key points" in c for c in chunks)
    assert button(window, "listen").text() == "Pause"
    assert button(window, "stopListening").isVisible()
    assert button(window, "repeat").isVisible()


def test_pause_resume_and_stop(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Listen pauses while reading, resumes when paused; Stop ends it (T24)."""
    window.navigator.go(Route("page", "forms/cervical-dystonia"))
    _listen(qtbot, window)
    tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.state == "paused", timeout=5000)
    assert button(window, "listen").text() == "Resume"
    tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.state == "speaking", timeout=5000)
    tap_name(qtbot, window, "stopListening")
    qtbot.waitUntil(lambda: window.reader.state == "idle", timeout=5000)
    assert button(window, "listen").text() == "Listen"
    assert not window.stop_button.isVisible()


def test_moving_on_stops_speech(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Tapping Next while reading stops the old page; the new one is not read by itself."""
    window.navigator.go(Route("page", "forms/cervical-dystonia"))
    _listen(qtbot, window)
    tap_name(qtbot, window, "nextPage")
    qtbot.waitUntil(lambda: window.reader.state == "idle", timeout=5000)


def test_sentence_being_read_is_highlighted(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The sentence being read is highlighted in the page."""
    window.navigator.go(Route("page", "forms/cervical-dystonia"))
    _listen(qtbot, window)
    view = window.stack.page_screen.view
    qtbot.waitUntil(lambda: bool(view.extraSelections()), timeout=5000)
    selections = view.extraSelections()
    cursor = selections[0].cursor
    selected = cursor.selectedText()
    assert selected and selected in " ".join(window.reader.speech.chunks)


def test_every_screen_has_something_to_read(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Home, a section, resources and the word list all read aloud (T23)."""
    for route in (Route("home"), Route("section", "forms"), Route("resources"),
                  Route("glossary")):
        window.navigator.go(route)
        _listen(qtbot, window)
        assert window.reader.speech.chunks
        tap_name(qtbot, window, "stopListening")
        qtbot.waitUntil(lambda: window.reader.state == "idle", timeout=5000)


def test_open_word_popup_is_read(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """With a word's meaning open, Listen reads the meaning."""
    term = library.glossary[0]
    window.show_term(term)
    assert window.reader.current_text().startswith(term.term)


def test_no_engine_explains_instead_of_failing(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """Where reading aloud is off or not set up, Listen says so in words (T23)."""
    from kiosk.ui.window import build_window

    window = build_window(KioskConfig(repeat_tap_ms=0, speech_engine="none"), library)
    qtbot.add_widget(window)
    window.show()
    wait_exposed(qtbot, window)
    tap_name(qtbot, window, "listen")
    panel = window.popups.built("message")
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    assert "Reading aloud" in panel.message.text()
    tap(qtbot, panel.close_button)
    qtbot.waitUntil(lambda: not panel.isVisible())


def test_word_meaning_is_read_when_listen_is_in_use(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """After the visitor has used Listen, opening a word's meaning reads it aloud."""
    window.navigator.go(Route("page", "forms/cervical-dystonia"))
    _listen(qtbot, window)
    term = library.glossary[0]
    window.show_term(term)
    qtbot.waitUntil(lambda: window.reader.speech.chunks[:1] == [term.term + "."] or
                    window.reader.speech.chunks[0].startswith(term.term), timeout=5000)
