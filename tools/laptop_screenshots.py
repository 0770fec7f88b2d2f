"""Render the screenshots of docs/install-laptop.md offscreen:
``.venv/bin/python tools/laptop_screenshots.py`` (writes docs/laptop/*.png).

The app as a laptop shows it (a normal window, with the staff-only "Guided sessions" tile), the
staff PIN keypad, and the staff panel listing a problem in an edited page.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.core.config import KioskConfig  # noqa: E402
from kiosk.core.content import load_library  # noqa: E402
from kiosk.core.paths import default_content_dir  # noqa: E402
from kiosk.core.pin import hash_pin  # noqa: E402
from kiosk.ui.style import register_fonts  # noqa: E402
from kiosk.ui.window import build_window  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "laptop"
# A new page saved without its front matter (the --- block): the kiosk skips it and says why.
BROKEN_PAGE = """## Our support group

We meet on the first Monday of the month.
"""


def main() -> None:
    app = QApplication([])
    register_fonts()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(default_content_dir(), content)
        (content / "living" / "support-group.md").write_text(BROKEN_PAGE, encoding="utf-8")
        config = KioskConfig(speech_engine="none", staff_pin_hash=hash_pin("2468"))
        window = build_window(config, load_library(content), kiosk_mode=False)
        window.resize(1280, 800)
        window.show()

        def snap(name: str, panel: QWidget | None = None) -> None:
            for _ in range(5):
                app.processEvents()
            image = window.grab()
            if panel is not None:  # a panel is a window of its own: draw it where it stands
                painter = QPainter(image)
                painter.drawPixmap(panel.pos() - window.pos(), panel.grab())
                painter.end()
            image.save(str(OUT / f"{name}.png"))

        snap("home")
        window.staff.ask_for_pin()
        snap("staff-pin", window.staff.pin_panel)
        window.staff.pin_panel.close()
        window.staff.open_staff_panel()
        snap("staff-panel", window.staff.staff_panel)
        window.staff.staff_panel.close()
        window.allow_close()
        window.close()


if __name__ == "__main__":
    main()
