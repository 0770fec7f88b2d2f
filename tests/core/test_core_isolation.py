"""The core never imports Qt (house style: a core without Qt, a thin Qt shell)."""

import subprocess
import sys


def test_core_modules_do_not_load_pyside6() -> None:
    """Importing every core module (and running the check) leaves PySide6 unloaded."""
    code = (
        "import sys, kiosk.core.content, kiosk.core.render, kiosk.core.check, kiosk.core.config,"
        " kiosk.core.navigation, kiosk.core.theme, kiosk.core.paths, kiosk.core.readability,"
        " kiosk.core.loader, kiosk.core.frontmatter, kiosk.core.datafiles, kiosk.core.images,"
        " kiosk.core.mdguard, kiosk.core.mdscan;"
        "from kiosk.core.check import run_check; from kiosk.core.paths import default_content_dir;"
        "from kiosk.core.config import KioskConfig;"
        "run_check(default_content_dir(), KioskConfig());"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
