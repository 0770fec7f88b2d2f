"""The staff PIN: salted scrypt hashes, the 5-tries lockout, and ``main.py set-pin`` (no Qt).

The PIN is never stored, only ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64) under
``staff_pin_hash`` in the TOML config. There is no default PIN: without one, staff mode explains
how to set it.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import enum
import math
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from kiosk.core.atomic import atomic_write_text

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8

#: scrypt cost for new hashes: 16 MiB of memory and a few tens of milliseconds per try.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32
_SCHEME = "scrypt"
# Limits for hashes read from a file, so a damaged or hostile config cannot make a check take
# minutes or gigabytes. New hashes use the values above, well inside these.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
_MAX_MEMORY = 256 * 1024 * 1024
_MAX_PIN_CHARS = 64

MAX_ATTEMPTS = 5
LOCKOUT_SECONDS = 300.0

#: Exit status of the kiosk when staff choose "Exit" in the staff panel. The systemd unit lists it
#: in ``RestartPreventExitStatus=`` so a deliberate exit is not undone by ``Restart=always``.
STAFF_EXIT_STATUS = 10

SET_PIN_HELP = (
    "No staff PIN is set. To set one, open a terminal on this computer and run: "
    "python main.py set-pin"
)
BAD_HASH_HELP = (
    "The staff PIN in the settings file is damaged. To set it again, open a terminal on this "
    "computer and run: python main.py set-pin"
)

_KEY = "staff_pin_hash"


class PinError(ValueError):
    """A PIN breaks the rules (4 to 8 digits); the message says which rule, in plain words."""


def pin_problem(pin: str) -> str | None:
    """What is wrong with a new PIN, in plain words, or ``None`` when it follows the rules.

    Only the ASCII digits 0 to 9 count (the on-screen keypad has no others).
    """
    if not (pin.isascii() and pin.isdigit()):
        return "The PIN must be digits only (0 to 9)."
    if not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return f"The PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits long."
    return None


def is_valid_pin(pin: str) -> bool:
    """True when ``pin`` has 4 to 8 digits and nothing else."""
    return pin_problem(pin) is None


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """Hash a PIN with scrypt and a fresh 16-byte random salt.

    Args:
        pin: 4 to 8 digits.
        n, r, p: scrypt cost; keep the defaults except in tests.

    Returns:
        ``scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>``.

    Raises:
        PinError: the PIN breaks the rules.
        ValueError: the cost parameters are outside what :func:`verify_pin` accepts.
    """
    problem = pin_problem(pin)
    if problem:
        raise PinError(problem)
    if not _cost_ok(n, r, p):
        raise ValueError(f"scrypt cost n={n}, r={r}, p={p} is out of range")
    import secrets  # here, not at import: the kiosk loads this module at every start

    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(pin, salt, n, r, p, _HASH_BYTES)
    return "$".join((_SCHEME, str(n), str(r), str(p), _b64(salt), _b64(digest)))


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the ``stored`` hash; never raises.

    A malformed or out-of-range ``stored`` string, or a ``pin`` that is not a string, gives
    ``False``. The final comparison takes the same time whether the PIN is right or wrong.
    """
    try:
        if not isinstance(pin, str) or len(pin) > _MAX_PIN_CHARS:
            return False
        parsed = _parse(stored)
        if parsed is None:
            return False
        n, r, p, salt, expected = parsed
        actual = _scrypt(pin, salt, n, r, p, len(expected))
        import hmac

        return hmac.compare_digest(actual, expected)
    except Exception:  # a damaged hash or an odd PIN means "no match", never a crash
        return False


def is_valid_hash(stored: str) -> bool:
    """True when ``stored`` looks like a hash this module wrote (it does not check any PIN)."""
    try:
        return _parse(stored) is not None
    except Exception:  # never raises, like verify_pin
        return False


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    if not isinstance(stored, str):
        return None
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    if not all(part.isascii() and part.isdigit() for part in parts[1:4]):
        return None
    n, r, p = (int(part) for part in parts[1:4])
    if not _cost_ok(n, r, p):
        return None
    try:
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    if not 8 <= len(salt) <= 64 or not 16 <= len(expected) <= 64:
        return None
    return n, r, p, salt, expected


def _cost_ok(n: int, r: int, p: int) -> bool:
    return (
        2 <= n <= _MAX_N
        and n & (n - 1) == 0
        and 1 <= r <= _MAX_R
        and 1 <= p <= _MAX_P
        and 128 * r * n * p <= _MAX_MEMORY
    )


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    # OpenSSL refuses more than 32 MiB unless told; allow what the parameters need, plus slack.
    maxmem = 128 * r * (n + p + 2) + 1024 * 1024
    import hashlib  # OpenSSL's bindings: loaded when a PIN is first checked

    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# --- the lockout ---------------------------------------------------------------------------


class PinState(enum.Enum):
    """The outcome of one PIN attempt (``READY`` only comes from :meth:`PinGate.status`)."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NO_PIN = "no_pin"
    READY = "ready"


@dataclass(frozen=True)
class PinResult:
    """What the keypad should show after an attempt.

    ``attempts_left`` matters for ``WRONG`` and ``READY``; ``seconds_left`` for ``LOCKED``.
    ``message`` is a plain English sentence for logs and tests; a Qt screen builds its own
    translated text (``self.tr()``) from ``state`` and the numbers.
    """

    state: PinState
    attempts_left: int = 0
    seconds_left: int = 0
    message: str = ""

    @property
    def ok(self) -> bool:
        """True only when the PIN was right."""
        return self.state is PinState.OK


class PinGate:
    """Checks staff PINs and locks staff mode for 5 minutes after 5 wrong PINs in a row.

    Pure Python: the clock is injected (``time.monotonic`` by default, which a change of the
    wall-clock time cannot fool), so tests step time forward instead of sleeping. While locked,
    no PIN is checked at all, not even the right one. A right PIN resets the count. The count
    lives in memory: a restart of the kiosk clears it.

    Args:
        stored_hash: ``KioskConfig.staff_pin_hash`` ("" when no PIN is set).
        clock: seconds from an arbitrary start, never going backwards.
        max_attempts: wrong PINs allowed before the lockout.
        lockout_seconds: how long the lockout lasts.
    """

    def __init__(
        self,
        stored_hash: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_attempts: int = MAX_ATTEMPTS,
        lockout_seconds: float = LOCKOUT_SECONDS,
    ) -> None:
        if max_attempts < 1 or lockout_seconds <= 0:
            raise ValueError("max_attempts must be at least 1 and lockout_seconds positive")
        self._stored = stored_hash
        self._clock = clock
        self._max_attempts = max_attempts
        self._lockout = float(lockout_seconds)
        self._wrong = 0
        self._locked_until: float | None = None

    @property
    def has_pin(self) -> bool:
        """True when a usable PIN hash is configured."""
        return bool(self._stored) and is_valid_hash(self._stored)

    def seconds_locked(self) -> int:
        """Whole seconds (rounded up) until PINs are accepted again; 0 when not locked."""
        if self._locked_until is None:
            return 0
        left = self._locked_until - self._clock()
        if left <= 0:
            self._locked_until = None
            self._wrong = 0
            return 0
        return math.ceil(min(left, self._lockout))

    def status(self) -> PinResult:
        """What the keypad should show before anyone types: NO_PIN, LOCKED, or READY with the
        number of tries left."""
        if not self.has_pin:
            return self._no_pin()
        seconds = self.seconds_locked()
        if seconds:
            return _locked(seconds)
        left = self._max_attempts - self._wrong
        return PinResult(PinState.READY, attempts_left=left, message="Enter the staff PIN.")

    def attempt(self, pin: str) -> PinResult:
        """Check one PIN and count it if it is wrong.

        Returns:
            OK; WRONG with the tries left; LOCKED (also for the wrong PIN that starts the
            lockout, and for any PIN while it lasts); NO_PIN when no usable hash is set.
        """
        if not self.has_pin:
            return self._no_pin()
        seconds = self.seconds_locked()
        if seconds:
            return _locked(seconds)
        if verify_pin(pin, self._stored):
            self._wrong = 0
            return PinResult(PinState.OK, message="PIN accepted.")
        self._wrong += 1
        left = self._max_attempts - self._wrong
        if left > 0:
            noun = "try" if left == 1 else "tries"
            return PinResult(
                PinState.WRONG, attempts_left=left, message=f"Wrong PIN. {left} {noun} left."
            )
        self._locked_until = self._clock() + self._lockout
        result = _locked(math.ceil(self._lockout))
        return PinResult(
            PinState.LOCKED,
            seconds_left=result.seconds_left,
            message="Wrong PIN. " + result.message,
        )

    def _no_pin(self) -> PinResult:
        return PinResult(PinState.NO_PIN, message=BAD_HASH_HELP if self._stored else SET_PIN_HELP)


def _locked(seconds: int) -> PinResult:
    minutes = math.ceil(seconds / 60)
    when = f"{minutes} minutes" if minutes > 1 else "1 minute"
    return PinResult(
        PinState.LOCKED,
        seconds_left=seconds,
        message=f"Too many wrong PINs. Staff mode is locked. Try again in {when}.",
    )


# --- storing the PIN ------------------------------------------------------------------------


def default_config_path() -> Path:
    """Where ``set-pin`` writes and the kiosk should look when no ``--config`` is given.

    ``$XDG_CONFIG_HOME/dystonia-kiosk/kiosk.toml`` (an unset or relative value is ignored, as the
    XDG spec says), else ``%APPDATA%\\dystonia-kiosk\\kiosk.toml`` on Windows, else
    ``~/.config/dystonia-kiosk/kiosk.toml``.
    """
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    elif os.name == "nt" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path.home() / ".config"
    return base / "dystonia-kiosk" / "kiosk.toml"


class ConfigFileError(OSError):
    """The config file cannot be read, parsed or written; the message names the file."""


_TABLE_LINE = re.compile(r"^[ \t]*\[")
_KEY_LINE = re.compile(r"""^[ \t]*(?:staff_pin_hash|"staff_pin_hash"|'staff_pin_hash')[ \t]*=""")
_NEW_FILE_HEADER = "# Dystonia kiosk settings. staff_pin_hash is set by: python main.py set-pin\n"


def set_pin_in_config(
    config_path: Path, pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> str:
    """Store the hash of ``pin`` as ``staff_pin_hash`` in the TOML file, atomically.

    The file's text is kept as it is, comments and all: only the ``staff_pin_hash`` line is
    replaced, or added at the end of the top-level keys. The result is parsed again before it is
    written, and must hold the same values as before apart from the new hash. A missing file (and
    its folder) is created.

    Permissions: a new file is readable by its owner only (``0o600``); an existing file keeps its
    mode, less any access for "others", because a 4-digit PIN can be found from its hash by
    trying all 10 000.

    Returns:
        The new hash.

    Raises:
        PinError: the PIN breaks the rules.
        ConfigFileError: the file cannot be read, is not UTF-8 TOML, or cannot be written.
    """
    new_hash = hash_pin(pin, n=n, r=r, p=p)
    path = Path(config_path)
    try:
        old_text: str | None = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        old_text = None
    except UnicodeDecodeError:
        raise ConfigFileError(f"{path}: the config file is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigFileError(f"{path}: cannot read the config file ({exc.strerror})") from None

    if old_text is None:
        new_text = _NEW_FILE_HEADER + _key_line(new_hash, "\n")
        old_values: dict[str, Any] = {}
        mode = 0o600
    else:
        old_values = _parse_toml(old_text, path)
        new_text = _with_hash_line(old_text, new_hash)
        try:
            mode = (path.stat().st_mode & 0o770) | 0o600
        except OSError:
            mode = 0o600

    import tomllib  # set-pin only: the kiosk itself never parses TOML here

    try:
        new_values: dict[str, Any] | None = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        new_values = None
    old_values[_KEY] = new_hash
    if new_values != old_values:
        raise ConfigFileError(
            f"{path}: cannot place {_KEY} safely in this file; remove any {_KEY} lines by hand "
            "and try again"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, new_text, mode=mode)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigFileError(f"{path}: cannot write the config file ({reason})") from None
    return new_hash


def _key_line(value: str, newline: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{_KEY} = "{escaped}"{newline}'


def _with_hash_line(text: str, new_hash: str) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    top_end = next((i for i, line in enumerate(lines) if _TABLE_LINE.match(line)), len(lines))
    for i in range(top_end):
        if _KEY_LINE.match(lines[i]):
            ending = lines[i][len(lines[i].rstrip("\r\n")) :] or newline
            lines[i] = _key_line(new_hash, ending)
            return "".join(lines)
    # Add after the last top-level line, before any [table] (keys after a header belong to it).
    insert_at = top_end
    while insert_at > 0 and not lines[insert_at - 1].strip():
        insert_at -= 1
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    lines.insert(insert_at, _key_line(new_hash, newline))
    return "".join(lines)


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(f"{path}: not valid TOML ({exc}); fix or remove the file") from None


# --- the command line -----------------------------------------------------------------------

SET_PIN_USAGE = "python main.py set-pin [--config FILE]"


def set_pin_command(
    argv: Sequence[str],
    stdin: TextIO,
    stdout: TextIO,
    getpass_fn: Callable[[str], str],
    *,
    n: int = SCRYPT_N,
) -> int:
    """``main.py set-pin``: ask for a new staff PIN twice without echo and store its hash.

    On a terminal the PIN is read with ``getpass_fn`` (``getpass.getpass``). When ``stdin`` is not
    a terminal (a set-up script piping two lines), the two lines are read from ``stdin``, so the
    PIN never appears as a command-line argument. The PIN is never printed.

    Args:
        argv: the arguments after ``set-pin``.
        stdin: where piped input comes from.
        stdout: where messages go.
        getpass_fn: reads one line without echo, given a prompt.
        n: scrypt cost (tests lower it).

    Returns:
        0 saved; 1 the PINs differ, break the rules, or input was cancelled; 2 bad arguments, or
        the config file cannot be read or written.
    """
    parser = argparse.ArgumentParser(
        prog="main.py set-pin",
        usage=SET_PIN_USAGE,
        description="Set the staff PIN (4 to 8 digits). Only a salted hash is stored.",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"the settings file to write (default: {default_config_path()})",
    )
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # --help (0) or a usage error (2); argparse printed the message
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 2
    path: Path = args.config or default_config_path()

    def say(line: str) -> None:
        stdout.write(line + "\n")
        stdout.flush()

    interactive = _isatty(stdin)
    try:
        if interactive:
            first = getpass_fn(f"New staff PIN ({PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits): ")
        else:
            first = _read_line(stdin)
        problem = pin_problem(first.strip())
        if problem:
            say(problem + " The PIN was not changed.")
            return 1
        second = getpass_fn("Type the same PIN again: ") if interactive else _read_line(stdin)
    except (EOFError, KeyboardInterrupt):
        say("")
        say("Cancelled. The PIN was not changed.")
        return 1
    import hmac

    if not hmac.compare_digest(first.strip().encode(), second.strip().encode()):
        say("The two PINs are different. The PIN was not changed.")
        return 1
    try:
        set_pin_in_config(path, first.strip(), n=n)
    except ConfigFileError as exc:
        say(f"The PIN was not changed: {exc}")
        return 2
    say(f"Staff PIN saved in {path}.")
    say("Restart the kiosk to use it (systemctl --user restart dystonia-kiosk).")
    return 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _read_line(stream: TextIO) -> str:
    line = stream.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")
