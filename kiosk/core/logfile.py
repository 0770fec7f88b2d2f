"""A size-bounded log file: ``kiosk.log``, then ``kiosk.log.1`` ... ``kiosk.log.N``. No Qt here.

The standard library's ``RotatingFileHandler`` does the same, but importing ``logging.handlers``
loads sockets, pickle and queues the kiosk never uses (about 5 ms of every start).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


class SizeBoundedFileHandler(logging.FileHandler):
    """Appends to ``path``; once it holds ``max_bytes`` or more, the files shift by one.

    At most ``backups`` old files are kept, so the logs never take more than about
    ``(backups + 1) * max_bytes`` on disk, however long the kiosk runs.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._rotate()
        except OSError:
            pass  # a full or read-only disk: keep logging to what is open (or to nothing)
        super().emit(record)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{number + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        else:
            os.remove(base)
        self.stream = self._open()
