"""The core never imports Qt (house style: a core without Qt, a thin Qt shell)."""

import subprocess
import sys
from pathlib import Path

import kiosk.core

CORE = Path(kiosk.core.__file__).parent


def test_core_modules_do_not_load_pyside6() -> None:
    """Importing every core module (each file in kiosk/core, found, not listed by hand) and
    running the check leaves PySide6 unloaded."""
    modules = sorted(f"kiosk.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}];"
        "from kiosk.core.check import run_check; from kiosk.core.paths import default_content_dir;"
        "from kiosk.core.config import KioskConfig;"
        "run_check(default_content_dir(), KioskConfig());"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
