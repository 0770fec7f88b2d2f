"""The staff PIN: salted scrypt hashes and the 5-tries lockout (no Qt).

The PIN is never stored, only ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64) under
``staff_pin_hash`` in the TOML config (:mod:`kiosk.core.pinconfig` writes it). There is no
default PIN: without one, staff mode explains how to set it.
"""

from __future__ import annotations

import base64
import binascii
import enum
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

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
