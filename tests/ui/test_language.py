"""The language button (issue 14): one tap shows everything in Spanish, and back in English."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.core.config import KioskConfig
from kiosk.core.hyphenate import plain
from kiosk.core.loader import load_library
from kiosk.core.navigation import Route
from tests.conftest import CONTENT
from tests.ui.helpers import button, tap, tap_name, wait_exposed

BLEPHAROSPASM = "forms/blepharospasm"


@pytest.fixture(scope="module")
def spanish(library):  # type: ignore[no-untyped-def]
    """The bundled Spanish content, falling back to the English."""
    return load_library(CONTENT / "es", fallback=library)


def switch(qtbot, window, code: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the language button, as a visitor does, and wait until the screen is repainted."""
    with qtbot.waitSignal(window.language_changed, timeout=10_000) as blocker:
        tap_name(qtbot, window, "language")
    assert blocker.args == [code]


def visible_texts(window) -> set[str]:  # type: ignore[no-untyped-def]
    """Every text a visitor can see now: buttons and labels of the window and open pop-ups."""
    widgets = window.findChildren(QAbstractButton) + window.findChildren(QLabel)
    return {w.text() for w in widgets if w.isVisible() and w.text()}


def test_the_button_offers_spanish_and_switches_the_home_screen(qtbot, window, spanish) -> None:  # type: ignore[no-untyped-def]
    """Home shows "Español"; one tap and the title, welcome, tiles and bar are in Spanish, and
    the button offers "English"."""
    assert button(window, "language").text() == "Español"
    switch(qtbot, window, "es")
    assert window.title_bar.text() == spanish.site.title == "Entender la distonía"
    assert window.home_screen.welcome.text() == spanish.site.welcome
    assert [t.title() for t in window.home_screen.tiles.cards] == [
        s.title for s in spanish.sections] + ["¿Dónde lo siente?"]
    texts = visible_texts(window)
    assert {"Atrás", "Inicio", "Escuchar", "Texto y pantalla", "English"} <= texts
    assert not {"Back", "Home", "Listen", "Text and screen", "Español"} & texts
    switch(qtbot, window, "en")
    assert window.title_bar.text() == "Understanding dystonia"
    assert {"Back", "Home", "Listen", "Text and screen", "Español"} <= visible_texts(window)


def test_the_button_is_as_big_as_the_bar_and_stays_put_at_every_text_size(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """At least the navigation buttons' size (T1/T2), in the same place at 100 % and 200 %."""
    from kiosk.ui.style import Look

    language = button(window, "language")
    assert language.height() >= window.nav_bar.home_button.height()
    place = language.mapTo(window, language.rect().topLeft()), language.size()
    window.display.set_look(Look("light", 2.0))
    qtbot.waitUntil(lambda: language.mapTo(window, language.rect().topLeft()) == place[0])
    assert language.size() == place[1]


def test_the_visitor_stays_on_the_same_page(qtbot, window, spanish) -> None:  # type: ignore[no-untyped-def]
    """Page ids are the same in both languages: the translated page replaces the English one,
    with its Previous and Next buttons in Spanish."""
    window.navigator.go(Route("page", BLEPHAROSPASM))
    switch(qtbot, window, "es")
    page = spanish.page(BLEPHAROSPASM)
    assert window.stack.current_screen() is window.stack.page_screen
    assert window.stack.page_screen.page == page and not page.fallback
    assert window.title_bar.text() == page.title == "Blefaroespasmo"
    assert "Puntos clave" in window.stack.page_screen.view.document().toPlainText()
    assert {"Página anterior", "Página siguiente", "Subir", "Bajar"} <= visible_texts(window)
    assert window.navigator.current == Route("page", BLEPHAROSPASM)
    switch(qtbot, window, "en")
    assert window.title_bar.text() == "Blepharospasm"


@pytest.mark.parametrize(
    ("route", "spanish_texts"),
    [
        (Route("section", "help"), {"Ayuda y recursos", "Organizaciones y teléfonos",
                                    "Lista de palabras"}),
        (Route("glossary"), {"Lista de palabras"}),
        (Route("resources"), {"Organizaciones y teléfonos"}),
        (Route("page", "no/such-page"), {"Página no disponible",
                                         "Esta página no está disponible en este momento."}),
    ],
)
def test_every_kind_of_screen_switches(qtbot, window, route, spanish_texts) -> None:  # type: ignore[no-untyped-def]
    """Section lists, the word list, the resources and the "not available" screen."""
    window.navigator.go(route)
    switch(qtbot, window, "es")
    seen = visible_texts(window) | {window.title_bar.text()}
    assert spanish_texts <= seen
    if route.kind == "glossary":
        assert window.stack.current_screen().view.document().toPlainText().startswith(
            "Lista de palabras")


def test_resources_and_an_organisation_switch(qtbot, window, spanish) -> None:  # type: ignore[no-untyped-def]
    """The resource cards and an organisation's screen say "Teléfono" and "Sitio web"."""
    window.navigator.go(Route("resources"))
    switch(qtbot, window, "es")
    cards = window.stack.resources_screen.cards.cards
    assert any("Teléfono: " in c.spoken_text() for c in cards)
    org = next(o for o in spanish.organisations if o.phone and o.website)
    window.navigator.go(Route("organisation", org.id))
    screen = window.stack.organisation_screen
    assert screen.phone.text() == f"Teléfono: {org.phone}"
    # The address as shown, with invisible break points after its dots (kiosk.core.hyphenate)
    assert plain(screen.website.text()) == f"Sitio web: {org.website}"
    assert screen.code_hint.text().startswith("Apunte la cámara")
    switch(qtbot, window, "en")  # the screen shown is translated again, in place
    assert window.stack.organisation_screen.phone.text().startswith("Phone: ")


def test_the_display_panel_is_in_the_visitors_language(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The "Text and screen" panel, opened before and after a switch, speaks Spanish."""
    tap_name(qtbot, window, "display")
    panel = window.display.panel
    qtbot.waitUntil(panel.isVisible)
    assert panel.heading.text() == "Display and reading"
    tap(qtbot, panel.close_button)
    qtbot.waitUntil(lambda: not panel.isVisible())
    switch(qtbot, window, "es")
    tap_name(qtbot, window, "display")
    qtbot.waitUntil(panel.isVisible)
    assert panel.heading.text() == "Pantalla y lectura"
    assert panel.text_label.text() == "Tamaño del texto: 100 por ciento"
    assert panel.rate_label.text() == "Velocidad de lectura: un poco lenta"
    assert panel.light.text() == "Clara (en uso)"
    assert panel.close_button.text() == "Cerrar"


def test_the_idle_warning_counts_down_in_spanish_with_plurals(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The warning and its countdown are in Spanish; "1 segundo", "2 segundos" (Qt plurals)."""
    switch(qtbot, window, "es")
    window.idle.set_intervals(50, 2, 500)  # each countdown text shows for half a second
    with qtbot.waitSignal(window.idle.warning_shown, timeout=2000):
        pass
    overlay = window.idle_overlay
    assert overlay.question.text() == "¿Sigue ahí?"
    assert overlay.still_here.text() == "Sigo aquí"
    assert "en 2 segundos." in overlay.countdown.text()
    qtbot.waitUntil(lambda: "en 1 segundo." in overlay.countdown.text(), timeout=2000)
    tap(qtbot, overlay.still_here)


def test_english_countdown_says_one_second(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """English plurals come from kiosk_en.qm: "1 second", not "1 seconds"."""
    with qtbot.waitSignal(window.warm_up.finished, timeout=20_000):
        pass
    window.idle_overlay.set_seconds(1)
    assert "in 1 second." in window.idle_overlay.countdown.text()
    window.idle_overlay.set_seconds(5)
    assert "in 5 seconds." in window.idle_overlay.countdown.text()


def test_the_reset_for_the_next_visitor_returns_to_english(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Nobody timed out in Spanish finds the next visitor's screen in Spanish."""
    window.navigator.go(Route("page", BLEPHAROSPASM))
    switch(qtbot, window, "es")
    window.idle.set_intervals(50, 1, 20)
    with qtbot.waitSignal(window.visit_reset, timeout=5000):
        pass
    assert window.languages.current == "en"
    assert window.stack.current_screen() is window.home_screen
    assert window.title_bar.text() == "Understanding dystonia"
    assert {"Back", "Home", "Listen", "Español"} <= visible_texts(window)


def test_a_kiosk_set_to_spanish_starts_and_resets_in_spanish(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """``language = "es"``: every visit starts in Spanish (the button offers English)."""
    from kiosk.ui.window import build_window

    window = build_window(KioskConfig(repeat_tap_ms=0, speech_engine="mock", language="es"),
                          library)
    qtbot.add_widget(window)
    window.show()
    wait_exposed(qtbot, window)
    assert window.title_bar.text() == "Entender la distonía"
    switch(qtbot, window, "en")
    window.reset_for_next_visitor()
    assert window.languages.current == "es"
    assert button(window, "language").text() == "English"


@pytest.mark.parametrize("languages", [("en",), ("en", "fr")])
def test_one_language_shows_no_button(qtbot, library, _fonts, caplog, languages) -> None:  # type: ignore[no-untyped-def]
    """One language, or a second one with no content tree (a warning names it), shows no
    language button."""
    from kiosk.ui.window import build_window

    caplog.set_level(logging.WARNING)
    window = build_window(KioskConfig(repeat_tap_ms=0, languages=languages), library)
    qtbot.add_widget(window)
    window.show()
    wait_exposed(qtbot, window)
    assert not window.language_button.isVisible()
    assert not [b for b in window.findChildren(QAbstractButton, "language") if b.isVisible()]
    if "fr" in languages:
        assert "languages lists 'fr' but the content has no fr/ tree" in caplog.text


def test_spanish_is_loaded_after_the_first_paint(qtbot, config, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """Start-up loads only English; the warm-up loads Spanish and builds its screens."""
    from kiosk.ui.window import build_window

    window = build_window(config, library)
    qtbot.add_widget(window)
    assert set(window.languages.libraries) == {"en"} and set(window.stack_host.stacks) == {"en"}
    with qtbot.waitSignal(window.warm_up.finished, timeout=30_000):
        window.show()
    assert set(window.stack_host.stacks) == {"en", "es"}
    names = {type(s).__name__ for s in window.stack_host.stacks["es"].screens()}
    assert {"PageScreen", "GlossaryScreen", "ResourcesScreen", "SectionScreen"} <= names


@pytest.fixture
def untranslated(qtbot, tmp_path: Path, _fonts):  # type: ignore[no-untyped-def]
    """A window on a copy of the content whose Spanish tree lacks the blepharospasm page."""
    from kiosk.ui.window import build_window

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("sessions"))
    (root / "es" / "forms" / "blepharospasm.md").unlink()
    english = load_library(root)
    window = build_window(KioskConfig(repeat_tap_ms=0, speech_engine="mock"), english)
    qtbot.add_widget(window)
    window.show()
    wait_exposed(qtbot, window)
    return window


def test_an_untranslated_page_shows_in_english_with_the_note(qtbot, untranslated) -> None:  # type: ignore[no-untyped-def]
    """A page the Spanish tree lacks is shown in English, under the tree's fallback note."""
    window = untranslated
    window.navigator.go(Route("page", BLEPHAROSPASM))
    switch(qtbot, window, "es")
    page = window.stack.page_screen.page
    assert page is not None and page.fallback and page.title == "Blepharospasm"
    text = window.stack.page_screen.view.document().toPlainText()
    assert text.startswith("Esta página aún no está traducida, así que se muestra en inglés.")
    assert "Key points" in text
    assert window.nav_bar.back_button.text() == "Atrás"
    window.navigator.go(Route("page", "forms/cervical-dystonia"))  # a translated one: no note
    assert "aún no está traducida" not in window.stack.page_screen.view.document().toPlainText()


# -- Listen ---------------------------------------------------------------------------------


def _spanish_mock():  # type: ignore[no-untyped-def]
    """Qt's mock engine with a Spanish voice added (the real mock has none)."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    class SpanishMock(QTextToSpeech):
        def __init__(self) -> None:
            super().__init__("mock")
            self._chosen: QLocale | None = None

        def availableLocales(self) -> list[QLocale]:  # noqa: N802 (Qt API)
            return [*super().availableLocales(), QLocale("es_MX")]

        def setLocale(self, locale: QLocale) -> None:  # noqa: N802 (Qt API)
            self._chosen = locale

        def locale(self) -> QLocale:
            return self._chosen or super().locale()

    return SpanishMock()


def _use_engine(window, factory) -> None:  # type: ignore[no-untyped-def]
    window.speech_maker.engine_factory = factory


# Qt Multimedia looks for PipeWire the first time a speech engine loads in the process.
@pytest.mark.qt_log_ignore("pipewire")
def test_listen_reads_spanish_with_a_spanish_voice(qtbot, window, spanish) -> None:  # type: ignore[no-untyped-def]
    """After the switch Listen chooses a Spanish voice and reads the Spanish page; back in
    English it chooses an English voice again."""
    pytest.importorskip("PySide6.QtTextToSpeech")
    _use_engine(window, _spanish_mock)
    window.navigator.go(Route("page", BLEPHAROSPASM))
    switch(qtbot, window, "es")
    with qtbot.waitSignal(window.reader.speech_progressed, timeout=5000):
        tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.speech.voice_locale.startswith("es"), timeout=5000)
    assert window.reader.speech.chunks[0].startswith("Blefaroespasmo")
    assert button(window, "listen").text() == "Pausa"
    switch(qtbot, window, "en")
    assert button(window, "listen").text() == "Listen"
    with qtbot.waitSignal(window.reader.speech_progressed, timeout=5000):
        tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.speech.voice_locale.startswith("en"), timeout=5000)


# Qt Multimedia looks for PipeWire the first time a speech engine loads in the process.
@pytest.mark.qt_log_ignore("pipewire")
def test_no_spanish_voice_is_said_in_spanish(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Qt's mock engine has no Spanish voice: Listen says so, in Spanish, instead of reading
    Spanish with an English voice."""
    pytest.importorskip("PySide6.QtTextToSpeech")
    from PySide6.QtTextToSpeech import QTextToSpeech

    _use_engine(window, lambda: QTextToSpeech("mock"))
    window.navigator.go(Route("page", BLEPHAROSPASM))
    switch(qtbot, window, "es")
    tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.popups.built("message") is not None
                    and window.popups.built("message").isVisible(), timeout=5000)
    panel = window.popups.built("message")
    assert panel.message.text() == ("Este quiosco no tiene una voz para leer en español. "
                                    "Pida ayuda a un miembro del personal.")
    assert panel.close_button.text() == "Cerrar"
    tap(qtbot, panel.close_button)
    qtbot.waitUntil(lambda: not panel.isVisible())
    switch(qtbot, window, "en")  # English has a voice: Listen works again
    with qtbot.waitSignal(window.reader.speech_progressed, timeout=5000):
        tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.state == "speaking", timeout=5000)


def test_guided_sessions_and_their_pdf_follow_the_language(qtbot, window, spanish, tmp_path,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    """After a switch to Spanish, staff see the Spanish sessions; the presenter and its
    *Save as PDF* handout are in Spanish."""
    import pypdf

    from kiosk.ui.presenter import PresenterWindow

    english_titles = {s.title for s in window.staff.sessions}
    switch(qtbot, window, "es")
    sessions = window.staff.sessions
    assert sessions and not {s.title for s in sessions} & english_titles
    window.staff.start_session(sessions[0])
    presenter = window.staff.presenter
    assert presenter is not None and presenter.library.language == "es"
    target = tmp_path / "folleto.pdf"
    monkeypatch.setattr(PresenterWindow, "ask_save_path",
                        classmethod(lambda cls, parent, suggested: target))
    tap(qtbot, presenter.save_button)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(target).pages[:2])
    assert spanish.site.handout_text("contents") in " ".join(text.split())
    presenter.end_session()


def _english_interface_texts() -> set[str]:
    """The interface strings whose Spanish differs from the English (from kiosk_es.ts)."""
    from xml.etree import ElementTree

    ts = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "kiosk_es.ts"
    texts = set()
    for context in ElementTree.parse(ts).getroot().iter("context"):
        if context.findtext("name") == "LanguageName":  # "English" is the button's offer
            continue
        for message in context.iter("message"):
            source, translation = message.findtext("source") or "", message.find("translation")
            if translation is not None and (translation.text or "").strip() != source:
                texts.add(source)
    return texts


def test_no_english_interface_text_is_left_after_the_switch(qtbot, window, spanish) -> None:  # type: ignore[no-untyped-def]
    """On every kind of screen, with the pop-ups open, no button or label still shows an
    English interface string (a part that missed the language change would)."""
    english = _english_interface_texts()
    org = spanish.organisations[0]
    routes = [Route("section", "help"), Route("page", BLEPHAROSPASM), Route("glossary"),
              Route("resources"), Route("organisation", org.id), Route("page", "no/such")]
    for route in routes:  # every screen built and shown in English first
        window.navigator.go(route)
    window.navigator.home()
    switch(qtbot, window, "es")
    for route in routes:
        window.navigator.go(route)
        assert not visible_texts(window) & english, (route, visible_texts(window) & english)
    tap_name(qtbot, window, "display")
    qtbot.waitUntil(window.display.panel.isVisible)
    assert not visible_texts(window.display.panel) & english


def test_the_running_kiosk_caches_spanish_front_matter(qtbot, library, _fonts) -> None:  # type: ignore[no-untyped-def]
    """``kiosk.app`` gives the window a loader that keeps Spanish front matter in the cache
    too, so the next start's warm-up needs no YAML parsing."""
    from PySide6.QtWidgets import QApplication

    from kiosk.app import Kiosk, cache_dir

    kiosk = Kiosk(QApplication.instance(), KioskConfig(speech_engine="none"), library,
                  library.root, kiosk_mode=False)
    qtbot.add_widget(kiosk.window)
    with qtbot.waitSignal(kiosk.window.warm_up.finished, timeout=30_000):
        kiosk.show()
    spanish = kiosk.window.languages.libraries["es"]
    assert spanish.fallback is library and spanish.root == (library.root / "es").resolve()
    assert any(cache_dir().iterdir())


# Qt Multimedia looks for PipeWire the first time a speech engine loads in the process.
@pytest.mark.qt_log_ignore("pipewire")
def test_listen_reads_an_untranslated_page_with_an_english_voice(qtbot, untranslated) -> None:  # type: ignore[no-untyped-def]
    """In Spanish, the English stand-in for an untranslated page is read with an English
    voice; a translated page after it with a Spanish one."""
    pytest.importorskip("PySide6.QtTextToSpeech")
    window = untranslated
    _use_engine(window, _spanish_mock)
    window.navigator.go(Route("page", BLEPHAROSPASM))
    switch(qtbot, window, "es")
    with qtbot.waitSignal(window.reader.speech_progressed, timeout=5000):
        tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.speech.voice_locale.startswith("en"), timeout=5000)
    window.navigator.go(Route("page", "forms/cervical-dystonia"))
    with qtbot.waitSignal(window.reader.speech_progressed, timeout=5000):
        tap_name(qtbot, window, "listen")
    qtbot.waitUntil(lambda: window.reader.speech.voice_locale.startswith("es"), timeout=5000)
