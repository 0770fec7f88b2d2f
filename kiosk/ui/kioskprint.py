"""Handouts in kiosk mode: saved to one folder under a new name, printed on the default printer.

A file dialog would hand a waiting room the computer's file system (Qt's dialog lists ``/`` and
deletes files from its context menu), and the print dialog's "Print to File" opens another.
In kiosk mode staff never see either: :class:`kiosk.ui.presenter.PresenterWindow` saves to
``handout_dir`` (default ``handouts/`` in the state folder) and prints with no dialog.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.core.paths import handout_dir, new_handout_path

log = logging.getLogger(__name__)


def kiosk_handout_path(configured: str, session_id: str) -> tuple[Path | None, str]:
    """A new PDF path in the handout folder (made if missing), or ``None`` and why not."""
    folder = handout_dir(configured)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot make the handout folder %s (%s)", folder, exc.strerror or exc)
        return None, f"cannot make the folder {folder} ({exc.strerror or exc})"
    return new_handout_path(folder, session_id, dt.datetime.now()), ""


def default_printer() -> QPrinter | None:
    """The system's default printer (set it with CUPS: ``lpoptions -d NAME``), or ``None``."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    return printer
