"""Storing the staff PIN's hash in the config (comments kept, atomic) and ``set-pin``."""

from __future__ import annotations

import io
import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.core import atomic, pinconfig
from kiosk.core.config import load_config
from kiosk.core.pin import verify_pin
from kiosk.core.pinconfig import (
    ConfigFileError,
    config_mode_problem,
    default_config_path,
    phone_numbers,
    set_pin_command,
    set_pin_in_config,
)

FAST = 2**4  # scrypt cost for tests: microseconds instead of tens of milliseconds


class FakeTty(io.StringIO):
    """Standard input that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def fake_getpass(*answers: str) -> tuple[Callable[[str], str], list[str]]:
    """A getpass stand-in giving ``answers`` in turn, and the prompts it was shown."""
    prompts: list[str] = []
    queue: Iterator[str] = iter(answers)

    def getpass_fn(prompt: str) -> str:
        prompts.append(prompt)
        return next(queue)

    return getpass_fn, prompts


# --- storing the hash -----------------------------------------------------------------------


def test_set_pin_creates_file_and_folder(tmp_path: Path) -> None:
    """A missing config (and folder) is created, owner-only, and loads as a valid config."""
    path = tmp_path / "new" / "kiosk.toml"
    stored = set_pin_in_config(path, "4321", n=FAST)
    config = load_config(path)
    assert config.staff_pin_hash == stored
    assert verify_pin("4321", config.staff_pin_hash)
    assert "4321" not in path.read_text()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_set_pin_keeps_other_keys_and_comments(tmp_path: Path) -> None:
    """Other settings, unknown keys, comments and tables survive; only the hash line changes."""
    path = tmp_path / "kiosk.toml"
    original = (
        "# Waiting room kiosk\n"
        "screen_ppi = 92.0  # measured\n"
        'staff_pin_hash = "scrypt$old"\n'
        "idle_timeout = 90\n"
        "custom_note = 'kept'\n"
        "\n"
        "[extra]\n"
        "staff_pin_hash = 'not this one'\n"
    )
    path.write_text(original)
    stored = set_pin_in_config(path, "1111", n=FAST)
    text = path.read_text()
    assert text == original.replace('"scrypt$old"', f'"{stored}"')
    data = tomllib.loads(text)
    assert data["extra"] == {"staff_pin_hash": "not this one"}
    config = load_config(path)
    assert (config.screen_ppi, config.idle_timeout) == (92.0, 90.0)
    assert config.unknown_keys == ("custom_note", "extra")


def test_set_pin_adds_line_before_first_table(tmp_path: Path) -> None:
    """With no hash yet, the line goes with the top-level keys, not inside a [table]."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'\n\n[extra]\nx = 1")
    stored = set_pin_in_config(path, "1111", n=FAST)
    data = tomllib.loads(path.read_text())
    assert data == {"theme": "dark", "staff_pin_hash": stored, "extra": {"x": 1}}


def test_set_pin_adds_line_to_file_without_final_newline(tmp_path: Path) -> None:
    """A file whose last line has no newline still gets a well-formed new line."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'")
    stored = set_pin_in_config(path, "1111", n=FAST)
    assert path.read_text() == f"theme = 'dark'\nstaff_pin_hash = \"{stored}\"\n"


def test_set_pin_keeps_windows_line_endings(tmp_path: Path) -> None:
    """A file written on Windows keeps its CRLF line endings."""
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"theme = 'dark'\r\nstaff_pin_hash = \"x\"\r\n")
    stored = set_pin_in_config(path, "1111", n=FAST)
    assert path.read_bytes() == f"theme = 'dark'\r\nstaff_pin_hash = \"{stored}\"\r\n".encode()


def test_set_pin_replaces_again(tmp_path: Path) -> None:
    """Setting the PIN twice leaves one hash line: the new PIN works and the old one not."""
    path = tmp_path / "kiosk.toml"
    set_pin_in_config(path, "1111", n=FAST)
    set_pin_in_config(path, "2222", n=FAST)
    lines = path.read_text().splitlines()
    assert sum(line.startswith("staff_pin_hash") for line in lines) == 1
    stored = load_config(path).staff_pin_hash
    assert verify_pin("2222", stored) and not verify_pin("1111", stored)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_set_pin_leaves_the_file_readable_by_its_owner_only(tmp_path: Path) -> None:
    """An existing readable config (0644, or 0640) becomes 0600: the hash is for no one else."""
    path = tmp_path / "kiosk.toml"
    for mode in (0o644, 0o640):
        path.write_text("theme = 'dark'\n")
        path.chmod(mode)
        assert config_mode_problem(path)
        set_pin_in_config(path, "1111", n=FAST)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert config_mode_problem(path) == ""


def test_set_pin_refuses_broken_toml_and_leaves_it(tmp_path: Path) -> None:
    """A config that is not TOML is not touched; the error names the file."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = \n")
    with pytest.raises(ConfigFileError, match="kiosk.toml.*not valid TOML"):
        set_pin_in_config(path, "1111", n=FAST)
    assert path.read_text() == "theme = \n"


def test_set_pin_refuses_multiline_value_it_cannot_place(tmp_path: Path) -> None:
    """If the hash line cannot be replaced safely, the file is left alone with a clear error."""
    path = tmp_path / "kiosk.toml"
    original = 'staff_pin_hash = """\nabc"""\n'
    path.write_text(original)
    with pytest.raises(ConfigFileError, match="cannot place staff_pin_hash"):
        set_pin_in_config(path, "1111", n=FAST)
    assert path.read_text() == original


def test_set_pin_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """set_pin goes through the atomic writer, so a crash during the rename keeps the old file."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'\n")
    calls: list[Path] = []
    real = atomic.atomic_write_text

    def spy(target: Path, text: str, **kwargs: object) -> None:
        calls.append(Path(target))
        real(target, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pinconfig, "atomic_write_text", spy)
    set_pin_in_config(path, "1111", n=FAST)
    assert calls == [path]

    def crash(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    before = path.read_text()
    with monkeypatch.context() as m:
        m.setattr("kiosk.core.atomic.os.replace", crash)
        with pytest.raises(ConfigFileError, match="cannot write"):
            set_pin_in_config(path, "2222", n=FAST)
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml"]


def test_default_config_path_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$XDG_CONFIG_HOME wins; unset or relative falls back to ~/.config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert default_config_path() == tmp_path / "cfg" / "dystonia-kiosk" / "kiosk.toml"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    monkeypatch.delenv("APPDATA", raising=False)
    for value in ("", "relative/dir"):
        monkeypatch.setenv("XDG_CONFIG_HOME", value)
        expected = tmp_path / "home" / ".config" / "dystonia-kiosk" / "kiosk.toml"
        assert default_config_path() == expected


# --- set-pin on the command line ------------------------------------------------------------


def run_set_pin(
    argv: list[str], *answers: str, stdin: io.StringIO | None = None
) -> tuple[int, str, list[str]]:
    getpass_fn, prompts = fake_getpass(*answers)
    out = io.StringIO()
    code = set_pin_command(argv, stdin or FakeTty(), out, getpass_fn, n=FAST)
    return code, out.getvalue(), prompts


def test_set_pin_command_success(tmp_path: Path) -> None:
    """Two matching PINs: exit 0, the hash is in the file, the PIN is never printed."""
    path = tmp_path / "kiosk.toml"
    code, out, prompts = run_set_pin(["--config", str(path)], "570913", "570913")
    assert code == 0
    assert len(prompts) == 2
    assert "saved" in out and str(path) in out
    assert "570913" not in out and "570913" not in "".join(prompts)
    assert verify_pin("570913", load_config(path).staff_pin_hash)


def test_set_pin_command_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --config the PIN goes to $XDG_CONFIG_HOME/dystonia-kiosk/kiosk.toml."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    code, _out, _ = run_set_pin([], "570913", "570913")
    assert code == 0
    assert verify_pin(
        "570913", load_config(tmp_path / "dystonia-kiosk" / "kiosk.toml").staff_pin_hash
    )


def test_set_pin_command_mismatch(tmp_path: Path) -> None:
    """Two different PINs: exit 1 and nothing written."""
    path = tmp_path / "kiosk.toml"
    code, out, _ = run_set_pin(["--config", str(path)], "570913", "570914")
    assert code == 1
    assert "different" in out and "not changed" in out
    assert not path.exists()


def test_set_pin_command_invalid_pin_asks_once(tmp_path: Path) -> None:
    """A PIN that breaks the rules is refused before asking for it again: exit 1."""
    path = tmp_path / "kiosk.toml"
    code, out, prompts = run_set_pin(["--config", str(path)], "12")
    assert code == 1
    assert "6 to 8 digits" in out
    assert len(prompts) == 1
    assert not path.exists()


def test_set_pin_command_cancelled(tmp_path: Path) -> None:
    """Ctrl+C at the prompt: exit 1, nothing written, no traceback."""
    path = tmp_path / "kiosk.toml"

    def interrupted(_prompt: str) -> str:
        raise KeyboardInterrupt

    out = io.StringIO()
    code = set_pin_command(["--config", str(path)], FakeTty(), out, interrupted, n=FAST)
    assert code == 1
    assert "Cancelled" in out.getvalue()
    assert not path.exists()


def test_set_pin_command_unwritable(tmp_path: Path) -> None:
    """A config path that cannot be written (its folder is a file): exit 2, a plain message."""
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    code, out, _ = run_set_pin(["--config", str(blocker / "kiosk.toml")], "570913", "570913")
    assert code == 2
    assert "not changed" in out and "blocker" in out
    assert "570913" not in out


def test_set_pin_command_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing (disk full, read-only) gives exit 2 and keeps the old file."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'\n")

    def denied(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("kiosk.core.atomic.os.replace", denied)
    code, out, _ = run_set_pin(["--config", str(path)], "570913", "570913")
    assert code == 2
    assert "Permission denied" in out
    assert path.read_text() == "theme = 'dark'\n"


def test_set_pin_command_from_a_pipe(tmp_path: Path) -> None:
    """Piped input (a set-up script) gives the PIN twice on two lines; getpass is not used."""
    path = tmp_path / "kiosk.toml"
    code, out, prompts = run_set_pin(["--config", str(path)], stdin=io.StringIO("246813\n246813\n"))
    assert code == 0 and prompts == []
    assert "246813" not in out
    assert verify_pin("246813", load_config(path).staff_pin_hash)


def test_set_pin_command_pipe_ends_early(tmp_path: Path) -> None:
    """A pipe with only one line is a cancel, not a crash."""
    path = tmp_path / "kiosk.toml"
    code, _out, _ = run_set_pin(["--config", str(path)], stdin=io.StringIO("246813\n"))
    assert code == 1
    assert not path.exists()


def test_set_pin_command_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is a usage error (exit 2), not a traceback."""
    code, _out, _ = run_set_pin(["--nope"])
    assert code == 2
    assert "usage" in capsys.readouterr().err


@pytest.mark.parametrize(("pin", "words"), [("0000", "6 to 8 digits"), ("123456", "run"),
                                            ("111111", "repeated"), ("859323", "phone number")])
def test_set_pin_command_refuses_trivial_pins(tmp_path: Path, pin: str, words: str) -> None:
    """set-pin refuses 0000, runs, one digit repeated and the clinic's phone (from site.yaml)."""
    path = tmp_path / "kiosk.toml"
    code, out, _ = run_set_pin(["--config", str(path)], pin, pin)
    assert code == 1 and words in out and "not changed" in out
    assert not path.exists()


def test_phone_numbers_come_from_the_content(tmp_path: Path) -> None:
    """The numbers to avoid are the content's own (site.yaml), with defaults if it is broken."""
    from kiosk.core.paths import default_content_dir

    assert "859-323-5661" in phone_numbers(default_content_dir())
    assert "911" in phone_numbers(tmp_path / "missing")


def test_config_mode_problem_names_the_file_and_the_fix(tmp_path: Path) -> None:
    """A group- or world-readable config gets a warning that says how to fix it."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'\n")
    path.chmod(0o600)
    assert config_mode_problem(path) == "" and config_mode_problem(None) == ""
    path.chmod(0o640)
    problem = config_mode_problem(path)
    assert str(path) in problem and "chmod 600" in problem and "640" in problem
