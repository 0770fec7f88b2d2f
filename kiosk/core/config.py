"""Typed kiosk configuration from a TOML file, every value range-checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A config file or value is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class KioskConfig:
    """Every setting of the kiosk, with its default. Ranges live in ``_RANGES``."""

    #: Screen density in pixels per inch (measure the real panel; offscreen reports 96).
    screen_ppi: float = 96.0
    #: Seconds without a touch before the "Are you still there?" warning.
    idle_timeout: float = 120.0
    #: Seconds the warning counts down before the kiosk resets (never under 20).
    idle_warning: float = 30.0
    #: A second tap within this many milliseconds of an action is ignored.
    repeat_tap_ms: int = 400
    #: Body text capital height in millimetres at 100 % text size.
    body_cap_height_mm: float = 4.8
    #: Height of ordinary buttons in millimetres.
    target_mm: float = 14.0
    #: Height of primary navigation targets (tiles, Back, Home) in millimetres.
    primary_target_mm: float = 20.0
    #: The same, with "bigger buttons" on.
    large_target_mm: float = 27.0
    #: Maximum characters per line of body text.
    max_line_chars: int = 70
    #: Theme at the start of each visit: "light" or "dark".
    theme: str = "light"
    #: Text scale at the start of each visit (1.0 = 100 %).
    text_scale: float = 1.0
    #: Speech rate for Listen, from -1.0 (slowest) to 1.0; slightly slow by default.
    speech_rate: float = -0.2
    #: Local time "HH:MM" for a daily reset for the next visitor ("" = none).
    daily_reset: str = "03:00"
    #: Hide the mouse pointer in kiosk mode (touch screens).
    hide_pointer: bool = True
    #: Text-to-speech engine ("" = the platform's default, "mock" for tests, "none" = off).
    speech_engine: str = ""
    #: Seconds the speech engine may take to answer before reading aloud is turned off.
    speech_timeout: float = 5.0
    #: Pages larger than this many kilobytes are reported, not rendered.
    max_page_kb: int = 200
    #: Pages whose ``reviewed`` date is older than this many months are warnings.
    review_months: int = 24
    #: The language every visit starts in (the base content's ``site.yaml`` ``language``, or a
    #: language tree ``content/<code>/``); the reset for the next visitor comes back to it.
    language: str = "en"
    #: The languages a visitor can switch between, in the order the button offers them. A
    #: language without a content tree is left out with a warning; with one language left the
    #: kiosk shows no language button.
    languages: tuple[str, ...] = ("en", "es")
    #: Count anonymous usage per hour (what was opened and chosen, never who or what was
    #: typed) in ``usage.sqlite3`` in the state folder; the staff panel shows the report.
    usage_counts: bool = True
    #: Days the usage counts are kept; older ones are deleted at the nightly reset.
    usage_keep_days: int = 400
    #: This kiosk's name, stored with its usage counts (to tell kiosks apart in one report).
    kiosk_name: str = "kiosk"
    #: Salted PIN hash for staff mode ("" = no PIN set). Written by ``main.py set-pin``.
    staff_pin_hash: str = ""
    #: Longest pause of the idle reset, in minutes: staff's "Pause the idle reset" and a guided
    #: session both end it by themselves after this (the nightly reset ends it too).
    staff_pause_max_minutes: float = 60.0
    #: In kiosk mode, the one folder handouts are saved to ("" = ``handouts/`` in the state
    #: folder); staff never see a file dialog.
    handout_dir: str = ""
    #: Extra keys found in the file (reported as warnings by the loader).
    unknown_keys: tuple[str, ...] = field(default=(), compare=False)


_RANGES: dict[str, tuple[float, float]] = {
    "screen_ppi": (50, 600),
    "idle_timeout": (20, 7200),  # 10 x the 120 s default fits inside (T20)
    "idle_warning": (20, 600),
    "repeat_tap_ms": (0, 2000),
    "body_cap_height_mm": (3.0, 20.0),
    "target_mm": (9.0, 40.0),
    "primary_target_mm": (11.6, 50.0),
    "large_target_mm": (20.0, 50.0),
    "max_line_chars": (30, 120),
    "text_scale": (1.0, 2.0),
    "speech_rate": (-1.0, 1.0),
    "speech_timeout": (0.5, 60.0),
    "max_page_kb": (1, 10_000),
    "review_months": (1, 240),
    "staff_pause_max_minutes": (1, 480),
    "usage_keep_days": (1, 3660),
}
_CHOICES: dict[str, tuple[str, ...]] = {"theme": ("light", "dark"),
                                        "speech_engine": ("", "mock", "none", "speechd",
                                                          "sapi", "winrt", "darwin",
                                                          "flite")}


def _is_clock_time(text: str) -> bool:
    parts = text.split(":")
    return (len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts)
            and int(parts[0]) < 24 and int(parts[1]) < 60)


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_KIOSK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}")


def _check_languages(value: Any, source: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: languages must be a list of language codes, like "
                          f"[\"en\", \"es\"], not {value!r}")
    if not value:
        raise ConfigError(f"{source}: languages is empty; list at least one, like [\"en\"]")
    for code in value:
        if not _LANGUAGE_CODE.fullmatch(code):
            raise ConfigError(f"{source}: languages: {code!r} is not a language code (write "
                              "two or three small letters, like \"es\")")
    if len(set(value)) != len(value):
        raise ConfigError(f"{source}: languages lists a language twice ({value!r})")
    return tuple(value)


def _check_value(name: str, value: Any, default: Any, source: str) -> Any:
    if name == "languages":
        return _check_languages(value, source)
    kind = type(default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ConfigError(
            f"{source}: {name} must be {kind.__name__}, not {type(value).__name__} ({value!r})"
        )
    if name in _RANGES:
        low, high = _RANGES[name]
        if not low <= value <= high:
            raise ConfigError(f"{source}: {name} = {value!r} is outside {low:g} to {high:g}")
    if name == "daily_reset" and value and not _is_clock_time(value):
        raise ConfigError(f"{source}: daily_reset = {value!r}; write a time as HH:MM, like "
                          "\"03:00\", or \"\" for none")
    if name == "handout_dir" and value and not Path(value).expanduser().is_absolute():
        raise ConfigError(f"{source}: handout_dir = {value!r}; write a whole folder path, like "
                          "\"/home/kiosk/handouts\", or \"\" for the state folder's")
    if name == "language" and not _LANGUAGE_CODE.fullmatch(value):
        raise ConfigError(f"{source}: language = {value!r} is not a language code (write two "
                          "or three small letters, like \"en\")")
    if name == "kiosk_name" and not _KIOSK_NAME.fullmatch(value):
        raise ConfigError(f"{source}: kiosk_name = {value!r}; write 1 to 40 letters, digits, "
                          "spaces, dots, dashes or underscores, like \"waiting-room-1\"")
    if name in _CHOICES and value not in _CHOICES[name]:
        choices = ", ".join(_CHOICES[name])
        raise ConfigError(f"{source}: {name} = {value!r}; choose one of {choices}")
    return value


def from_mapping(data: dict[str, Any], source: str = "config") -> KioskConfig:
    """Build a validated config from a mapping (unknown keys are kept for a warning)."""
    defaults = KioskConfig()
    known = {f.name for f in fields(KioskConfig)} - {"unknown_keys"}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name in known:
            values[name] = _check_value(name, value, getattr(defaults, name), source)
    unknown = tuple(sorted(k for k in data if k not in known))
    return _check_language_listed(replace(defaults, **values, unknown_keys=unknown), source)


def _check_language_listed(config: KioskConfig, source: str) -> KioskConfig:
    if config.language not in config.languages:
        listed = ", ".join(config.languages)
        raise ConfigError(f"{source}: language = {config.language!r} is not in languages "
                          f"({listed}); add it there or choose one of those")
    return config


def load_config(path: Path | None) -> KioskConfig:
    """Read a TOML config file; ``None`` gives the defaults.

    Raises:
        ConfigError: the file is missing, unreadable, not TOML, or a value is wrong.
    """
    if path is None:
        return KioskConfig()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    import tomllib  # only when there is a file: the defaults need no TOML parser

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return from_mapping(data, str(path))


def with_overrides(config: KioskConfig, **overrides: Any) -> KioskConfig:
    """Return ``config`` with some values replaced, validated like the file's."""
    defaults = KioskConfig()
    checked = {
        k: _check_value(k, v, getattr(defaults, k), "command line") for k, v in overrides.items()
    }
    return _check_language_listed(replace(config, **checked), "command line")


def to_toml(config: KioskConfig) -> str:
    """Render a config as TOML (only the values that differ from the defaults)."""
    defaults = KioskConfig()
    lines = []
    for f in fields(KioskConfig):
        if f.name == "unknown_keys":
            continue
        value = getattr(config, f.name)
        if value == getattr(defaults, f.name):
            continue
        if isinstance(value, tuple):
            rendered = "[" + ", ".join(f'"{v}"' for v in value) + "]"
        elif isinstance(value, bool):
            rendered = "true" if value else "false"
        elif isinstance(value, str):
            rendered = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        else:
            rendered = repr(value)
        lines.append(f"{f.name} = {rendered}")
    return "\n".join(lines) + ("\n" if lines else "")
