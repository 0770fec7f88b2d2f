"""The staff PIN: salted scrypt hashes, the rules for a new PIN and the lockout (no Qt).

The PIN is never stored, only ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64) under
``staff_pin_hash`` in the TOML config (:mod:`kiosk.core.pinconfig` writes it). There is no
default PIN: without one, staff mode explains how to set it.

The lockout withstands patience: the count of wrong PINs and the lockout are written to a
file in the state folder (atomically) before each PIN is checked, so a restart, a crash or a
power cut does not clear them, and each lockout in a row lasts longer (5, 15, then 60 minutes).
Every wrong PIN, lockout and staff entry is logged; the digits never are.
"""

from __future__ import annotations

import base64
import binascii
import enum
import logging
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: What the keypad can check (older 4-digit PINs still work until staff set a new one).
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
#: What ``set-pin`` accepts for a new PIN.
NEW_PIN_MIN_DIGITS = 6

#: scrypt cost for new hashes: 64 MiB of memory. Measured on the development machine (2 shared
#: cores, 2026-11): a check takes 0.15 s when it is idle and 0.26 to 0.33 s under a load of 4.7;
#: 2**17 took 0.3 s idle but 0.57 to 0.76 s under that load, over the 0.5 s a keypad may take.
#: An offline search of a stolen hash pays the same per guess: about 42 hours of one core for
#: every 6-digit PIN (the old 2**14 cost: about 9 hours).
SCRYPT_N = 2**16
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
#: Each lockout in a row (no right PIN in between) lasts longer; the last one repeats.
LOCKOUT_STEPS: tuple[float, ...] = (300.0, 900.0, 3600.0)

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


def new_pin_problem(pin: str, avoid: Iterable[str] = ()) -> str | None:
    """What is wrong with a PIN staff want to set, in plain words, or ``None``.

    Stricter than :func:`pin_problem`: at least 6 digits, not one digit repeated, not a run
    up or down (123456, 654321, 890123), and no 6 or more digits in a row of a number in
    ``avoid`` (the clinic's phone and the other numbers the pages show).
    """
    if not (pin.isascii() and pin.isdigit()):
        return "The PIN must be digits only (0 to 9)."
    if not NEW_PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return f"The PIN must be {NEW_PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits long."
    if len(set(pin)) == 1:
        return "The PIN must not be one digit repeated."
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {9}):
        return "The PIN must not be a run of digits like 123456 or 654321."
    for number in avoid:
        digits = "".join(ch for ch in number if ch.isascii() and ch.isdigit())
        if len(digits) >= NEW_PIN_MIN_DIGITS and _shares_run(pin, digits):
            return "The PIN must not be part of a phone number the kiosk shows."
    return None


def _shares_run(pin: str, digits: str) -> bool:
    """True when ``pin`` is inside ``digits`` or holds 6 of its digits in a row."""
    if pin in digits:
        return True
    size = NEW_PIN_MIN_DIGITS
    return any(digits[i:i + size] in pin for i in range(len(digits) - size + 1))


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
    """Checks staff PINs; five wrong PINs in a row lock staff mode, longer each time.

    Pure Python: the clock is injected (``time.time`` by default: the lockout must outlast a
    restart, and the monotonic clock starts again at every boot), so tests step time forward
    instead of sleeping. Setting the computer's clock needs a terminal, which a visitor does
    not have; a clock set back never makes a lockout longer than its step.

    While locked, no PIN is checked at all, not even the right one. A right PIN clears the
    count and the lockout steps. The count, the step and the lockout's end are written to
    ``state_file`` (atomically, owner-only) before a PIN is checked, so killing the kiosk
    in the middle of a check still counts the PIN.

    Args:
        stored_hash: ``KioskConfig.staff_pin_hash`` ("" when no PIN is set).
        state_file: where the count survives restarts (``None``: memory only, for tests).
        clock: seconds since the epoch (or any clock that survives restarts).
        max_attempts: wrong PINs allowed before each lockout.
        lockout_seconds: the first lockout (kept for callers that set only one length).
        lockout_steps: each lockout in a row; the last one repeats.
    """

    def __init__(
        self,
        stored_hash: str,
        *,
        state_file: Path | None = None,
        clock: Callable[[], float] = time.time,
        max_attempts: int = MAX_ATTEMPTS,
        lockout_seconds: float | None = None,
        lockout_steps: tuple[float, ...] = LOCKOUT_STEPS,
    ) -> None:
        steps = (float(lockout_seconds),) if lockout_seconds is not None else lockout_steps
        if max_attempts < 1 or not steps or min(steps) <= 0:
            raise ValueError("max_attempts must be at least 1 and lockouts positive")
        self._stored = stored_hash
        self._clock = clock
        self._max_attempts = max_attempts
        self._steps = tuple(float(step) for step in steps)
        self._state_file = state_file
        self._wrong = 0
        self._lockouts = 0  # lockouts in a row since the last right PIN
        self._locked_until: float | None = None
        self._load()

    @property
    def has_pin(self) -> bool:
        """True when a usable PIN hash is configured."""
        return bool(self._stored) and is_valid_hash(self._stored)

    @property
    def lockouts(self) -> int:
        """Lockouts in a row since the last right PIN."""
        return self._lockouts

    def _step(self, lockouts: int) -> float:
        return self._steps[min(max(lockouts, 1), len(self._steps)) - 1]

    def seconds_locked(self) -> int:
        """Whole seconds (rounded up) until PINs are accepted again; 0 when not locked."""
        if self._locked_until is None:
            return 0
        left = self._locked_until - self._clock()
        if left <= 0:
            self._locked_until = None
            self._wrong = 0
            self._save()
            return 0
        return math.ceil(min(left, self._step(self._lockouts)))

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
            log.warning("staff PIN not checked: staff mode is locked (%d s left)", seconds)
            return _locked(seconds)
        self._wrong += 1
        self._save()  # counted before the check: stopping the kiosk mid-check does not help
        if verify_pin(pin, self._stored):
            self._wrong = 0
            self._lockouts = 0
            self._save()
            log.info("staff PIN accepted")
            return PinResult(PinState.OK, message="PIN accepted.")
        left = self._max_attempts - self._wrong
        if left > 0:
            log.warning("wrong staff PIN (%d of %d)", self._wrong, self._max_attempts)
            noun = "try" if left == 1 else "tries"
            return PinResult(
                PinState.WRONG, attempts_left=left, message=f"Wrong PIN. {left} {noun} left."
            )
        self._lockouts += 1
        lockout = self._step(self._lockouts)
        self._locked_until = self._clock() + lockout
        self._wrong = 0
        self._save()
        log.warning("wrong staff PIN (%d of %d): staff mode locked for %d minutes (lockout %d "
                    "in a row)", self._max_attempts, self._max_attempts,
                    math.ceil(lockout / 60), self._lockouts)
        result = _locked(math.ceil(lockout))
        return PinResult(
            PinState.LOCKED,
            seconds_left=result.seconds_left,
            message="Wrong PIN. " + result.message,
        )

    def _no_pin(self) -> PinResult:
        return PinResult(PinState.NO_PIN, message=BAD_HASH_HELP if self._stored else SET_PIN_HELP)

    # -- the state file ------------------------------------------------------------------------

    def _load(self) -> None:
        """Read the count and lockout left by an earlier run; a damaged file counts as one
        lockout already served (never as a clean slate an attacker could make)."""
        if self._state_file is None:
            return
        try:
            raw = self._state_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("cannot read the staff PIN state %s (%s)", self._state_file,
                        exc.strerror)
            return
        import json

        try:
            data = json.loads(raw)
            wrong, lockouts = int(data["wrong"]), int(data["lockouts"])
            until = data.get("locked_until")
            locked_until = None if until is None else float(until)
        except (ValueError, TypeError, KeyError):
            log.warning("the staff PIN state %s is damaged; staff mode is locked as after "
                        "five wrong PINs", self._state_file)
            self._lockouts = 1
            self._locked_until = self._clock() + self._step(1)
            self._save()
            return
        self._wrong = min(max(wrong, 0), self._max_attempts - 1)
        self._lockouts = max(lockouts, 0)
        self._locked_until = locked_until
        if self._wrong or locked_until is not None:
            log.info("staff PIN state from the last run: %d wrong, %d lockouts in a row",
                     self._wrong, self._lockouts)

    def _save(self) -> None:
        if self._state_file is None:
            return
        import json

        from kiosk.core.atomic import atomic_write_text

        data = {"wrong": self._wrong, "lockouts": self._lockouts,
                "locked_until": self._locked_until}
        try:
            self._state_file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self._state_file, json.dumps(data) + "\n", mode=0o600)
        except OSError as exc:
            log.error("cannot write the staff PIN state %s (%s); the count lasts until the "
                      "kiosk restarts", self._state_file, exc.strerror or exc)


def pin_state_file(state_folder: str | os.PathLike[str]) -> Path:
    """Where the kiosk keeps the wrong-PIN count and the lockout (in the state folder)."""
    return Path(state_folder) / "staff-pin.json"


def _locked(seconds: int) -> PinResult:
    minutes = math.ceil(seconds / 60)
    when = f"{minutes} minutes" if minutes > 1 else "1 minute"
    return PinResult(
        PinState.LOCKED,
        seconds_left=seconds,
        message=f"Too many wrong PINs. Staff mode is locked. Try again in {when}.",
    )
