"""Render the screenshots in docs/ offscreen: ``.venv/bin/python tools/screenshots.py``."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.core.config import KioskConfig  # noqa: E402
from kiosk.core.loader import load_library  # noqa: E402
from kiosk.core.navigation import Route  # noqa: E402
from kiosk.core.paths import default_content_dir  # noqa: E402
from kiosk.ui.style import Look, register_fonts  # noqa: E402
from kiosk.ui.window import build_window  # noqa: E402

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


if __name__ == "__main__":
    main()
