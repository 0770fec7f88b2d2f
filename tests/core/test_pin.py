"""Staff PIN: hashing, the 5-tries lockout, storing the hash in the config, and ``set-pin``."""

from __future__ import annotations

import base64
import io
import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.core import atomic, pin
from kiosk.core.config import load_config
from kiosk.core.pin import (
    ConfigFileError,
    PinError,
    PinGate,
    PinState,
    default_config_path,
    hash_pin,
    is_valid_hash,
    is_valid_pin,
    pin_problem,
    set_pin_command,
    set_pin_in_config,
    verify_pin,
)

FAST = 2**4  # scrypt cost for tests: microseconds instead of tens of milliseconds


def fast_hash(value: str) -> str:
    return hash_pin(value, n=FAST)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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


# --- hashing --------------------------------------------------------------------------------


def test_hash_format_with_default_cost() -> None:
    """A new hash names scrypt and its cost, with a 16-byte salt and a 32-byte hash in base64."""
    stored = hash_pin("2468")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt, validate=True)) == 16
    assert len(base64.b64decode(digest, validate=True)) == 32
    assert "2468" not in stored
    assert verify_pin("2468", stored)


def test_verify_right_and_wrong() -> None:
    """The right PIN matches; a different one, a longer one and an empty one do not."""
    stored = fast_hash("1234")
    assert verify_pin("1234", stored)
    assert not verify_pin("1235", stored)
    assert not verify_pin("12345", stored)
    assert not verify_pin("", stored)


def test_salt_differs_each_time() -> None:
    """The same PIN hashed twice gives two different strings that both verify."""
    first, second = fast_hash("1234"), fast_hash("1234")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_pin("1234", first) and verify_pin("1234", second)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "1234",
        "scrypt",
        "pbkdf2$16$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16$8$1$not base64!$" + "A" * 44,
        "scrypt$16$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",
        "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # n not a power of 2
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # would need 128 GiB
        "scrypt$16$0$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16$8$x$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44 + "$extra",
        "scrypt$١٦$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # Arabic-Indic digits
    ],
)
def test_malformed_hash_never_verifies_and_never_raises(stored: str) -> None:
    """A damaged or hostile stored string gives False, quickly, without an exception."""
    assert not verify_pin("1234", stored)
    assert not is_valid_hash(stored)


def test_odd_inputs_never_raise() -> None:
    """Non-strings, surrogates and very long input are simply 'no match'."""
    stored = fast_hash("1234")
    assert not verify_pin(None, stored)  # type: ignore[arg-type]
    assert not verify_pin("1234", None)  # type: ignore[arg-type]
    assert not verify_pin("\udcff", stored)
    assert not verify_pin("1" * 10_000, stored)


def test_tampered_hash_does_not_verify() -> None:
    """Changing one byte of the stored hash breaks the match."""
    stored = fast_hash("1234")
    head, digest = stored.rsplit("$", 1)
    raw = bytearray(base64.b64decode(digest))
    raw[0] ^= 1
    assert not verify_pin("1234", head + "$" + base64.b64encode(bytes(raw)).decode())


# --- PIN rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["0000", "1234", "98765432", "00000000"])
def test_pin_rules_accept(good: str) -> None:
    """4 to 8 ASCII digits are accepted (leading zeros too)."""
    assert is_valid_pin(good)
    assert pin_problem(good) is None


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("", "digits only"),
        ("123", "4 to 8 digits"),
        ("123456789", "4 to 8 digits"),
        ("12a4", "digits only"),
        ("12 34", "digits only"),
        ("-123", "digits only"),
        ("١٢٣٤", "digits only"),  # Arabic-Indic digits: not on the keypad
        ("１２３４", "digits only"),  # full-width digits
        ("²³⁴⁵", "digits only"),
    ],
)
def test_pin_rules_refuse(bad: str, words: str) -> None:
    """Anything but 4 to 8 of the digits 0-9 is refused with a plain reason."""
    assert not is_valid_pin(bad)
    problem = pin_problem(bad)
    assert problem is not None and words in problem
    with pytest.raises(PinError):
        hash_pin(bad, n=FAST)


def test_hash_refuses_out_of_range_cost() -> None:
    """hash_pin will not write a hash that verify_pin would refuse."""
    with pytest.raises(ValueError):
        hash_pin("1234", n=3)


# --- the lockout ----------------------------------------------------------------------------


def test_gate_accepts_right_pin() -> None:
    """The right PIN opens staff mode."""
    gate = PinGate(fast_hash("1234"), clock=FakeClock())
    result = gate.attempt("1234")
    assert result.state is PinState.OK and result.ok


def test_gate_counts_down_then_locks_for_five_minutes() -> None:
    """4 wrong PINs count down; the 5th locks; while locked even the right PIN is refused."""
    clock = FakeClock()
    gate = PinGate(fast_hash("1234"), clock=clock)
    lefts = []
    for _ in range(4):
        result = gate.attempt("0000")
        assert result.state is PinState.WRONG and not result.ok
        lefts.append(result.attempts_left)
    assert lefts == [4, 3, 2, 1]
    assert gate.attempt("0000").state is PinState.LOCKED
    clock.now += 1
    locked = gate.attempt("1234")
    assert (locked.state, locked.seconds_left) == (PinState.LOCKED, 299)
    assert "Try again in 5 minutes" in locked.message
    clock.now += 298.5
    last = gate.attempt("1234")
    assert (last.state, last.seconds_left) == (PinState.LOCKED, 1)
    assert "Try again in 1 minute." in last.message


def test_fifth_wrong_pin_reports_the_lock() -> None:
    """The wrong PIN that starts the lockout already says so, with the full 300 s."""
    gate = PinGate(fast_hash("1234"), clock=FakeClock())
    for _ in range(4):
        gate.attempt("9999")
    result = gate.attempt("9999")
    assert result.state is PinState.LOCKED
    assert result.seconds_left == 300
    assert "Try again in 5 minutes" in result.message


def test_gate_unlocks_after_five_minutes_with_fresh_tries() -> None:
    """After 300 s PINs are checked again, with all 5 tries back."""
    clock = FakeClock()
    gate = PinGate(fast_hash("1234"), clock=clock)
    for _ in range(5):
        gate.attempt("9999")
    clock.now += 300
    assert gate.seconds_locked() == 0
    again = gate.attempt("9999")
    assert (again.state, again.attempts_left) == (PinState.WRONG, 4)
    assert gate.attempt("1234").ok


def test_right_pin_resets_the_count() -> None:
    """A right PIN between wrong ones starts the count again."""
    gate = PinGate(fast_hash("1234"), clock=FakeClock())
    for _ in range(4):
        gate.attempt("9999")
    assert gate.attempt("1234").ok
    assert gate.attempt("9999").attempts_left == 4


def test_wrong_pins_spread_over_time_still_count() -> None:
    """Waiting between guesses does not reset the count (only a right PIN or a lockout does)."""
    clock = FakeClock()
    gate = PinGate(fast_hash("1234"), clock=clock)
    for _ in range(4):
        gate.attempt("9999")
        clock.now += 3600
    assert gate.attempt("9999").state is PinState.LOCKED


def test_status_before_typing() -> None:
    """status() tells the keypad the tries left, or the lock, without counting anything."""
    clock = FakeClock()
    gate = PinGate(fast_hash("1234"), clock=clock)
    assert (gate.status().state, gate.status().attempts_left) == (PinState.READY, 5)
    gate.attempt("9999")
    assert gate.status().attempts_left == 4
    for _ in range(4):
        gate.attempt("9999")
    assert gate.status().state is PinState.LOCKED
    assert gate.status().seconds_left == 300


def test_no_pin_explains_how_to_set_it() -> None:
    """Without a PIN, staff mode says how to set one, and no attempt is counted."""
    gate = PinGate("", clock=FakeClock())
    assert not gate.has_pin
    for _ in range(10):
        result = gate.attempt("1234")
        assert result.state is PinState.NO_PIN
    assert "python main.py set-pin" in result.message
    assert gate.status().state is PinState.NO_PIN


def test_damaged_hash_is_treated_as_no_pin() -> None:
    """A damaged hash does not lock staff out for ever: it explains how to set the PIN again."""
    gate = PinGate("scrypt$garbage", clock=FakeClock())
    result = gate.attempt("1234")
    assert result.state is PinState.NO_PIN
    assert "damaged" in result.message and "python main.py set-pin" in result.message


def test_gate_uses_monotonic_clock_by_default() -> None:
    """Without an injected clock, a change of the wall-clock time cannot end a lockout."""
    import time

    assert PinGate("")._clock is time.monotonic


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
def test_set_pin_removes_access_for_others(tmp_path: Path) -> None:
    """An existing world-readable config loses 'others' access; owner and group bits stay."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'\n")
    path.chmod(0o644)
    set_pin_in_config(path, "1111", n=FAST)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


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

    monkeypatch.setattr(pin, "atomic_write_text", spy)
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
    code, out, prompts = run_set_pin(["--config", str(path)], "5678", "5678")
    assert code == 0
    assert len(prompts) == 2
    assert "saved" in out and str(path) in out
    assert "5678" not in out and "5678" not in "".join(prompts)
    assert verify_pin("5678", load_config(path).staff_pin_hash)


def test_set_pin_command_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --config the PIN goes to $XDG_CONFIG_HOME/dystonia-kiosk/kiosk.toml."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    code, _out, _ = run_set_pin([], "5678", "5678")
    assert code == 0
    assert verify_pin(
        "5678", load_config(tmp_path / "dystonia-kiosk" / "kiosk.toml").staff_pin_hash
    )


def test_set_pin_command_mismatch(tmp_path: Path) -> None:
    """Two different PINs: exit 1 and nothing written."""
    path = tmp_path / "kiosk.toml"
    code, out, _ = run_set_pin(["--config", str(path)], "5678", "5679")
    assert code == 1
    assert "different" in out and "not changed" in out
    assert not path.exists()


def test_set_pin_command_invalid_pin_asks_once(tmp_path: Path) -> None:
    """A PIN that breaks the rules is refused before asking for it again: exit 1."""
    path = tmp_path / "kiosk.toml"
    code, out, prompts = run_set_pin(["--config", str(path)], "12")
    assert code == 1
    assert "4 to 8 digits" in out
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
    code, out, _ = run_set_pin(["--config", str(blocker / "kiosk.toml")], "5678", "5678")
    assert code == 2
    assert "not changed" in out and "blocker" in out
    assert "5678" not in out


def test_set_pin_command_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing (disk full, read-only) gives exit 2 and keeps the old file."""
    path = tmp_path / "kiosk.toml"
    path.write_text("theme = 'dark'\n")

    def denied(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("kiosk.core.atomic.os.replace", denied)
    code, out, _ = run_set_pin(["--config", str(path)], "5678", "5678")
    assert code == 2
    assert "Permission denied" in out
    assert path.read_text() == "theme = 'dark'\n"


def test_set_pin_command_from_a_pipe(tmp_path: Path) -> None:
    """Piped input (a set-up script) gives the PIN twice on two lines; getpass is not used."""
    path = tmp_path / "kiosk.toml"
    code, out, prompts = run_set_pin(["--config", str(path)], stdin=io.StringIO("2468\n2468\n"))
    assert code == 0 and prompts == []
    assert "2468" not in out
    assert verify_pin("2468", load_config(path).staff_pin_hash)


def test_set_pin_command_pipe_ends_early(tmp_path: Path) -> None:
    """A pipe with only one line is a cancel, not a crash."""
    path = tmp_path / "kiosk.toml"
    code, _out, _ = run_set_pin(["--config", str(path)], stdin=io.StringIO("2468\n"))
    assert code == 1
    assert not path.exists()


def test_set_pin_command_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is a usage error (exit 2), not a traceback."""
    code, _out, _ = run_set_pin(["--nope"])
    assert code == 2
    assert "usage" in capsys.readouterr().err
