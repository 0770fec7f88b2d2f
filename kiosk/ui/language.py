"""The visitor's language: one library per content language, and the interface translation.

The base library (``content/``) is loaded before the first paint; another language's library
(``content/<code>/``, falling back to the base for what it lacks) is loaded by the warm-up or on
the first tap of the language button, never before the first paint. The interface strings go
through Qt's translation system: ``resources/i18n/kiosk_<code>.qm``, built from the ``.ts``
file of the same name (see README, "Other languages"). A new language needs a content tree and a
``.ts`` file, no code: even the language button's label (the language's name in itself) is the
translation of "English" in the ``LanguageName`` context of that language's ``.ts`` file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator

from kiosk.core.content import Library
from kiosk.core.languages import available_languages
from kiosk.core.paths import resource

log = logging.getLogger(__name__)

# The language the interface strings are written in (they need no translation file).
SOURCE_LANGUAGE = "en"

LibraryLoader = Callable[[str], Library]
"""Loads the library of a language code (``content/<code>/`` falling back to the base)."""


def language_name_source() -> str:
    """The base language's name in itself; each ``.ts`` file translates it into its own."""
    #: The name of the language of this translation, written in that language, as the
    #: language button shows it (for Spanish: Español).
    return QCoreApplication.translate("LanguageName", "English")


class Languages(QObject):
    """The languages a visitor can choose, their libraries and their interface translations.

    Args:
        base: the base library (``content/``), already loaded.
        codes: the languages offered (config ``languages``); one without a content tree is left
            out with a warning, so a kiosk keeps running on a half-copied content update.
        default: the language every visit starts in (config ``language``).
        load: loads another language's library (the first time it is needed).
    """

    def __init__(self, base: Library, codes: Sequence[str], default: str, load: LibraryLoader,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self.libraries: dict[str, Library] = {base.language: base}
        trees = set(available_languages(base.root)) if len(codes) > 1 else set()
        offered = []
        for code in codes:
            if code == base.language or code in trees:
                offered.append(code)
            else:
                log.warning("config: languages lists %r but the content has no %s tree "
                            "(%s); that language is not offered", code, f"{code}/",
                            base.root / code / "site.yaml")
        self.codes: tuple[str, ...] = tuple(offered) or (base.language,)
        self.default = default if default in self.codes else self.codes[0]
        self.current = base.language
        self._translators: dict[str, QTranslator | None] = {}
        self._installed: QTranslator | None = None
        self._closed = False  # the window closed: never install a translation again

    @property
    def can_switch(self) -> bool:
        """More than one language: the language button shows."""
        return len(self.codes) > 1

    def offered_after(self, code: str) -> str | None:
        """The language the button offers while ``code`` is shown (the next one, in turn)."""
        if not self.can_switch:
            return None
        index = self.codes.index(code) if code in self.codes else -1
        return self.codes[(index + 1) % len(self.codes)]

    def library(self, code: str) -> Library:
        """The library of ``code``, loaded the first time."""
        library = self.libraries.get(code)
        if library is None:
            library = self.libraries[code] = self._load(code)
        return library

    def translator(self, code: str) -> QTranslator | None:
        """The interface translation of ``code`` (``None`` when it has no ``.qm`` file; English
        has one for its plural forms only: "1 second", "2 seconds")."""
        if code not in self._translators:
            translator: QTranslator | None = QTranslator(self)
            folder = resource("i18n")
            assert translator is not None
            if not translator.load(f"kiosk_{code}", str(folder)):
                log.warning("no interface translation for %r (%s/kiosk_%s.qm); the "
                            "buttons stay in English", code, folder, code)
                translator = None
            self._translators[code] = translator
        return self._translators[code]

    def name(self, code: str) -> str:
        """The name of ``code`` in that language ("Español"), for the language button."""
        translator = self.translator(code) if code != SOURCE_LANGUAGE else None
        name = translator.translate("LanguageName", "English") if translator else ""
        if not name:
            name = "English" if code == SOURCE_LANGUAGE else QLocale(code).nativeLanguageName()
        return name[:1].upper() + name[1:]

    def set_interface(self, code: str) -> None:
        """Install ``code``'s translation and retranslate every widget now (Qt posts the
        ``LanguageChange`` events; they are delivered here, not on a later turn of the loop)."""
        if self._closed:
            return
        translator = self.translator(code)
        if translator is self._installed:
            self.current = code
            return
        if self._installed is not None:
            QCoreApplication.removeTranslator(self._installed)
        if translator is not None:
            QCoreApplication.installTranslator(translator)
        self._installed = translator
        self.current = code
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def clear(self) -> None:
        """Remove the installed translation for good (the window is closing; a warm-up step
        still queued must not install one again)."""
        self._closed = True
        if self._installed is not None:
            QCoreApplication.removeTranslator(self._installed)
            self._installed = None
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
