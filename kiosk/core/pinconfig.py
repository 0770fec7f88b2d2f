"""``main.py set-pin``: the staff PIN's hash stored in the TOML config, comments kept (no Qt)."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from kiosk.core.atomic import atomic_write_text
from kiosk.core.pin import (
    NEW_PIN_MIN_DIGITS,
    PIN_MAX_DIGITS,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    hash_pin,
    new_pin_problem,
)

_KEY = "staff_pin_hash"


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

    Permissions: the file is left readable and writable by its owner only (``0o600``), new or
    not: whoever reads the hash can try every PIN offline, without the lockout.

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


def config_mode_problem(path: Path | None) -> str:
    """A warning when the config file holding the PIN hash can be read by others, else "".

    Whoever reads the hash can try every PIN offline, without the lockout. Windows has no
    such mode bits (its folder permissions protect the file): nothing is said there.
    """
    if path is None or os.name == "nt":
        return ""
    try:
        mode = path.stat().st_mode
    except OSError:
        return ""
    if mode & 0o077:
        return (f"The settings file {path} holding the staff PIN can be read by other users "
                f"(mode {mode & 0o777:o}). Make it private: chmod 600 {path}")
    return ""


def phone_numbers(content_dir: Path) -> tuple[str, ...]:
    """The phone numbers the kiosk shows (``site.yaml``: clinic, emergency, crisis, poison
    control); a PIN must not be one of them. The built-in defaults if the content is broken."""
    from kiosk.core.content import ContentError, Site
    from kiosk.core.sitedata import values

    try:
        from kiosk.core.loader import load_library

        site = load_library(content_dir).site
    except (ContentError, OSError):
        site = Site()
    numbers = values(site)
    return tuple(numbers[key] for key in ("clinic_phone", "emergency", "crisis",
                                          "poison_control"))


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

SET_PIN_USAGE = "python main.py set-pin [--config FILE] [--content DIR]"


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
        description=(f"Set the staff PIN ({NEW_PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits, not "
                     "a run like 123456, not a phone number the kiosk shows). Only a salted "
                     "hash is stored, in a file only its owner can read."),
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"the settings file to write (default: {default_config_path()})",
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="the content folder whose phone numbers the PIN must avoid (default: content/)",
    )
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # --help (0) or a usage error (2); argparse printed the message
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 2
    path: Path = args.config or default_config_path()
    from kiosk.core.paths import default_content_dir

    avoid = phone_numbers(args.content or default_content_dir())

    def say(line: str) -> None:
        stdout.write(line + "\n")
        stdout.flush()

    interactive = _isatty(stdin)
    try:
        if interactive:
            first = getpass_fn(
                f"New staff PIN ({NEW_PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits): ")
        else:
            first = _read_line(stdin)
        problem = new_pin_problem(first.strip(), avoid)
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
