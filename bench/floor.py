"""The floor for ``make bench``: a bare PySide6 window with one QTextBrowser, painted once.

This is the least any Qt Widgets kiosk can cost on this machine: start Python, load QtWidgets,
open a 1280 x 800 window holding one ``QTextBrowser`` with about 2 KB of HTML, paint it once and
quit. ``bench/run.py`` starts it alternately with the kiosk and reports the kiosk as a multiple
of it. It deliberately imports nothing from ``kiosk``.

Run on its own: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/floor.py``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser

_PARAGRAPH = (
    "<p>Dystonia is a movement disorder. Muscles tighten or spasm on their own, so part of the "
    "body twists, turns or shakes. It can affect one part of the body or many. Treatment can "
    "help most people feel better and do more.</p>"
)
#: About 2 KB of page-like HTML: a heading, a list and paragraphs.
HTML = (
    "<h1>What is dystonia?</h1>"
    "<ul><li>Muscles tighten on their own.</li><li>It is not your fault.</li>"
    "<li>Treatment helps most people.</li></ul>" + _PARAGRAPH * 8
)


class _QuitAfterFirstPaint(QObject):
    """Quits the application once the watched window has painted (same rule as the kiosk's)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    """Show the floor window, quit after its first paint."""
    app = QApplication(sys.argv[:1])
    browser = QTextBrowser()
    browser.setHtml(HTML)
    browser.resize(1280, 800)
    browser.installEventFilter(_QuitAfterFirstPaint(browser))
    browser.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
