"""Render the screenshots in docs/ offscreen: ``.venv/bin/python tools/screenshots.py``.

Also the 200 percent ones in docs/screenshots/ (docs/accessibility.md, "Text at 200 percent"):
home and the Text and screen panel at 1280x800 and 800x480, and a page on 800x480 with bigger
buttons; a pop-up is drawn over the window where it stands.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.core.config import KioskConfig  # noqa: E402
from kiosk.core.loader import load_library  # noqa: E402
from kiosk.core.navigation import HOME, Route  # noqa: E402
from kiosk.core.paths import default_content_dir  # noqa: E402
from kiosk.ui.style import Look, register_fonts  # noqa: E402
from kiosk.ui.window import KioskWindow, build_window  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main() -> None:
    app = QApplication([])
    register_fonts()
    window = build_window(KioskConfig(speech_engine="none"), load_library(default_content_dir()),
                          kiosk_mode=True)
    window.show()

    def snap(name: str) -> None:
        app.processEvents()
        window.grab().save(str(DOCS / f"{name}.png"))

    snap("home")
    window.navigator.go(Route("page", "forms/blepharospasm"))
    snap("page")
    for theme in ("light", "dark"):
        for scale in (1.0, 2.0):
            window.display.set_look(Look(theme, scale))
            snap(f"page-{theme}-{int(scale * 100)}")
    window.display.set_look(Look())
    window.navigator.go(Route("resources"))
    snap("resources")
    # "Where do you feel it?" at 1280 x 800, the neck chosen, in both themes.
    window.setGeometry(0, 0, 1280, 800)
    window.navigator.go(Route("body-map"))
    window.stack.body_map_screen.select("neck")
    for theme in ("light", "dark"):
        window.display.set_look(Look(theme))
        snap(f"body-map-{theme}")
    window.display.set_look(Look())
    at_200_percent(app, window)


def at_200_percent(app: QApplication, window: KioskWindow) -> None:
    """docs/screenshots/: home, the Text and screen panel and a page at 200 percent text."""
    def snap(name: str, panel: QWidget | None = None) -> None:
        for _ in range(3):
            QApplication.sendPostedEvents()
            app.processEvents()
        image = window.grab()
        if panel is not None:
            painter = QPainter(image)
            painter.drawPixmap(window.mapFromGlobal(panel.mapToGlobal(QPoint(0, 0))),
                               panel.grab())
            painter.end()
        image.save(str(DOCS / "screenshots" / f"{name}.png"))

    for width, height in ((1280, 800), (800, 480)):
        window.resize(width, height)
        size = "" if width == 1280 else f"-{width}x{height}"
        for theme in ("light", "dark"):
            window.display.set_look(Look(theme, 2.0))
            window.navigator.go(HOME)
            snap(f"home-200-{theme}{size}")
            window.display.open_panel()
            snap(f"text-and-screen-200-{theme}{size}", window.display.panel)
            window.display.panel.close()
    for theme in ("light", "dark"):
        window.display.set_look(Look(theme, 2.0, bigger_buttons=True))
        window.navigator.go(Route("page", "about/what-is-dystonia"))
        snap(f"page-200-bigger-buttons-{theme}-800x480")
    window.display.set_look(Look())


if __name__ == "__main__":
    main()
