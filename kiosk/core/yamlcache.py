"""Parsed front matter kept between runs, so an unchanged kiosk starts without parsing YAML.

Each entry is keyed by the exact YAML text it came from: a staff edit changes the text, which is
simply a miss (parsed again, with the same checks and messages as always). Nothing else decides
whether an entry is current, so there are no modification times to trust. Only YAML that parsed
cleanly is kept; a file with a problem is parsed (and reported) on every load.

The file, one per content folder under ``$XDG_STATE_HOME/dystonia-kiosk/cache``, is ``marshal``
data (built in, no import cost) behind a magic word, the Python version and a CRC-32, written
atomically. A damaged, foreign or unreadable file is ignored and rewritten: the cache can only
make start-up faster, never change what is loaded. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import logging
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_MAGIC = b"DKYC1" + bytes((sys.version_info.major, sys.version_info.minor))
#: Largest cache file read (a 1,000-page library needs well under 1 MB).
MAX_BYTES = 16 * 1024 * 1024


class _Unsupported(Exception):
    """A value the cache does not store (the text is then parsed each time)."""


def _encode(value: Any) -> Any:
    """``value`` with dates as tagged tuples; raises :class:`_Unsupported` for anything else."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {_encode(key): _encode(item) for key, item in value.items()}
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise _Unsupported
        return ("t", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.isoformat())
    if isinstance(value, (set, frozenset)):
        return frozenset(_encode(item) for item in value)
    raise _Unsupported  # tuples among them: YAML's safe schema never makes one


def _decode(value: Any) -> Any:
    """The inverse of :func:`_encode`, as new objects each time (callers may keep them)."""
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        return {_decode(key): _decode(item) for key, item in value.items()}
    if isinstance(value, tuple):
        kind, text = value
        return dt.datetime.fromisoformat(text) if kind == "t" else dt.date.fromisoformat(text)
    if isinstance(value, frozenset):
        return {_decode(item) for item in value}
    return value


def cache_file(folder: Path, content_root: Path) -> Path:
    """The cache file for one content folder (named by a checksum of its resolved path)."""
    name = f"{zlib.crc32(os.fsencode(content_root)):08x}.front-matter"
    return folder / name


class YamlCache:
    """Front matter parsed on earlier runs: ``get`` and ``put`` during a load, then ``save``.

    ``save`` keeps only the entries used by this load, so edits do not make the file grow.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored: dict[str, tuple[Any, dict[str, int]]] = {}
        self._used: dict[str, tuple[Any, dict[str, int]]] = {}
        self.hits = 0
        self.misses = 0
        if path is not None:
            self._stored = _read(path)

    def get(self, text: str, first_line: int) -> tuple[Any, dict[str, int]] | None:
        """The data and key lines of ``text`` (as in ``_load_yaml``), or ``None`` on a miss."""
        entry = self._stored.get(text)
        if entry is None:
            self.misses += 1
            return None
        data, key_lines = entry
        try:
            result = _decode(data), {key: line + first_line for key, line in key_lines.items()}
        except (ValueError, TypeError):  # not written by this module: parse the text instead
            self.misses += 1
            return None
        self.hits += 1
        self._used[text] = entry
        return result

    def put(self, text: str, first_line: int, data: Any, key_lines: dict[str, int]) -> None:
        """Remember what ``text`` parsed to (values the cache cannot hold are skipped)."""
        try:
            encoded = _encode(data)
        except (_Unsupported, RecursionError):
            return
        self._used[text] = (encoded, {key: line - first_line for key, line in key_lines.items()})

    def save(self) -> None:
        """Write the entries this load used, if they differ from the file's; never raises."""
        if self.path is None or self._used.keys() == self._stored.keys():
            return
        try:
            payload = marshal.dumps(self._used)
        except ValueError:  # cannot happen for encoded values; be safe anyway
            return
        try:
            from kiosk.core.atomic import atomic_write_bytes

            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, _MAGIC + zlib.crc32(payload).to_bytes(4, "big")
                               + payload)
        except OSError as exc:
            log.info("front-matter cache not written (%s); the next start parses again", exc)
        self._stored = dict(self._used)


def _read(path: Path) -> dict[str, tuple[Any, dict[str, int]]]:
    """The entries of a cache file, or ``{}`` when it is missing, foreign or damaged."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError:
        return {}
    head = len(_MAGIC) + 4
    if len(raw) > MAX_BYTES or len(raw) < head or not raw.startswith(_MAGIC):
        return {}
    payload = raw[head:]
    if zlib.crc32(payload) != int.from_bytes(raw[len(_MAGIC):head], "big"):
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    good: dict[str, tuple[Any, dict[str, int]]] = {}
    for text, entry in entries.items():
        if (isinstance(text, str) and isinstance(entry, tuple) and len(entry) == 2
                and isinstance(entry[1], dict)):
            good[text] = entry
    return good
