"""Config: defaults in one place, every value validated with a message naming key and file."""

from pathlib import Path

import pytest

from kiosk.core.config import ConfigError, KioskConfig, load_config, to_toml, with_overrides


def test_no_file_gives_defaults() -> None:
    """Without a config file the kiosk runs on the documented defaults."""
    config = load_config(None)
    assert config == KioskConfig()
    assert config.idle_timeout == 120 and config.repeat_tap_ms == 400


def test_values_are_read_from_toml(tmp_path: Path) -> None:
    """A clinic's TOML file sets the screen density and idle timeout."""
    path = tmp_path / "kiosk.toml"
    path.write_text("screen_ppi = 92\nidle_timeout = 300\ntheme = 'dark'\n")
    config = load_config(path)
    assert (config.screen_ppi, config.idle_timeout, config.theme) == (92.0, 300.0, "dark")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("screen_ppi = 5", ["screen_ppi", "outside"]),
        ("idle_timeout = 'soon'", ["idle_timeout", "must be float"]),
        ("theme = 'purple'", ["theme", "light, dark"]),
        ("idle_warning = 10", ["idle_warning", "outside 20"]),
        ("repeat_tap_ms = true", ["repeat_tap_ms", "must be int"]),
    ],
)
def test_bad_value_names_key_and_file(tmp_path: Path, line: str, words: list[str]) -> None:
    """A wrong value is refused with a message that names the key and the file."""
    path = tmp_path / "kiosk.toml"
    path.write_text(line + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_broken_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    """Syntax errors and missing files become one clear message, not a traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text("screen_ppi = = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


def test_unknown_keys_are_kept_for_a_warning(tmp_path: Path) -> None:
    """A misspelt key is not silently ignored: it is reported."""
    path = tmp_path / "kiosk.toml"
    path.write_text("idle_timout = 60\n")
    assert load_config(path).unknown_keys == ("idle_timout",)


def test_idle_range_allows_ten_times_the_default() -> None:
    """Staff can lengthen the idle time to at least ten times the default (T20)."""
    assert with_overrides(KioskConfig(), idle_timeout=1200).idle_timeout == 1200
    with pytest.raises(ConfigError, match="command line"):
        with_overrides(KioskConfig(), idle_timeout=1)


def test_to_toml_round_trips(tmp_path: Path) -> None:
    """Writing a config and reading it back gives the same values."""
    config = with_overrides(KioskConfig(), screen_ppi=110.0, theme="dark")
    path = tmp_path / "k.toml"
    path.write_text(to_toml(config))
    assert load_config(path) == config


@pytest.mark.parametrize("value", ["3am", "25:00", "3:00", "03:60"])
def test_daily_reset_must_be_a_clock_time(tmp_path: Path, value: str) -> None:
    """The nightly reset time is HH:MM; anything else is refused with a clear message."""
    path = tmp_path / "kiosk.toml"
    path.write_text(f'daily_reset = "{value}"\n')
    with pytest.raises(ConfigError, match="daily_reset"):
        load_config(path)


def test_languages_are_read_and_round_trip(tmp_path: Path) -> None:
    """A clinic can list the languages offered and the one each visit starts in."""
    assert (KioskConfig().language, KioskConfig().languages) == ("en", ("en", "es"))
    path = tmp_path / "k.toml"
    path.write_text('language = "es"\nlanguages = ["es", "en"]\n')
    config = load_config(path)
    assert (config.language, config.languages) == ("es", ("es", "en"))
    path.write_text(to_toml(config))
    assert load_config(path) == config


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('languages = "es"', ["languages", "list of language codes"]),
        ("languages = []", ["languages", "empty"]),
        ('languages = ["en", "Spanish"]', ["languages", "'Spanish'", "not a language code"]),
        ('languages = ["en", "en"]', ["languages", "twice"]),
        ('language = "english"', ["language", "not a language code"]),
        ('language = "fr"', ["language = 'fr'", "not in languages", "en, es"]),
        ('languages = ["es"]', ["language = 'en'", "not in languages"]),
    ],
)
def test_bad_languages_name_key_and_file(tmp_path: Path, text: str, words: list[str]) -> None:
    """A wrong language setting is refused with one line naming the key and the file."""
    path = tmp_path / "kiosk.toml"
    path.write_text(text + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message
