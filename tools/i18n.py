"""The interface translations: update the ``.ts`` files from the code, build the ``.qm`` files.

    python tools/i18n.py update   # lupdate: new strings appear, unfinished, in every .ts file
    python tools/i18n.py build    # lrelease: resources/i18n/kiosk_<code>.qm from each .ts
    python tools/i18n.py new fr   # a new language: kiosk_fr.ts with every string unfinished

The ``.ts`` files (``resources/i18n/kiosk_<code>.ts``) are kept in the repository and
translated by people (Qt Linguist, or any text editor); the ``.qm`` files are built from them and
committed too, so the kiosk needs no Qt tools. ``kiosk_en.ts`` holds only the English plural
forms ("1 second", "2 seconds"). ``tests/ui/test_i18n.py`` fails when a ``.ts`` file is out of
date with the code, has an unfinished entry, or its ``.qm`` file was not rebuilt.

Only the visitor-facing code is translated: the staff panel and the presenter stay in English
(see :data:`STAFF_ONLY`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
#: Staff-facing modules: their strings stay English and are not in the .ts files.
STAFF_ONLY = frozenset({"staff.py", "staffmode.py", "presenter.py", "contentactions.py",
                        "handout.py", "kioskprint.py", "usagepanel.py", "charts.py"})


def sources() -> list[Path]:
    """The modules whose strings the visitor sees, in a fixed order."""
    return sorted(p for p in (ROOT / "kiosk" / "ui").rglob("*.py") if p.name not in STAFF_ONLY)


def ts_files() -> list[Path]:
    return sorted(I18N.glob("kiosk_*.ts"))


def _tool(name: str) -> str:
    """A Qt tool from the virtual environment's PySide6 (next to this Python), else PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the project with pip install -e '.[test]'")
    return found


def update(ts: Path) -> None:
    """Bring ``ts`` up to date with the code (its language is its name's last part)."""
    code = ts.stem.split("_", 1)[1]
    args = [_tool("pyside6-lupdate"), *map(str, sources()), "-locations", "none",
            "-target-language", code, "-ts", str(ts)]
    if code == "en":
        args.insert(-2, "-pluralonly")  # English needs only its plural forms
    subprocess.run(args, check=True, capture_output=True, text=True)


def build(ts: Path, qm: Path | None = None) -> Path:
    """Compile ``ts`` into ``qm`` (default: beside it)."""
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True,
                   capture_output=True, text=True)
    return qm


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "new":
        ts = I18N / f"kiosk_{argv[1]}.ts"
        if ts.exists():
            print(f"{ts.relative_to(ROOT)} exists already", file=sys.stderr)
            return 2
        update(ts)
        print(f"new: {ts.relative_to(ROOT)}: translate every entry, then run build")
        return 0
    if argv not in (["update"], ["build"]):
        print(__doc__, file=sys.stderr)
        return 2
    for ts in ts_files():
        if argv == ["update"]:
            update(ts)
        else:
            build(ts)
        print(f"{argv[0]}: {ts.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
