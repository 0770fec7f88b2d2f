"""Staff PIN: hashing, the PIN rules and the 5-tries lockout."""

from __future__ import annotations

import base64

import pytest

from kiosk.core.pin import (
    PinError,
    PinGate,
    PinState,
    hash_pin,
    is_valid_hash,
    is_valid_pin,
    new_pin_problem,
    pin_problem,
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



# --- hashing --------------------------------------------------------------------------------


def test_hash_format_with_default_cost() -> None:
    """A new hash names scrypt and its cost, with a 16-byte salt and a 32-byte hash in base64."""
    stored = hash_pin("2468")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "65536", "8", "1")
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


def test_gate_uses_the_wall_clock_by_default() -> None:
    """The lockout must outlast a restart (the monotonic clock starts again at each boot)."""
    import time

    assert PinGate("")._clock is time.time


# --- a new PIN (set-pin) ----------------------------------------------------------------------

CLINIC = ("859-323-5661", "911", "988", "1-800-222-1222")


@pytest.mark.parametrize("good", ["570913", "24681357", "135792", "8593205"])
def test_new_pin_rules_accept(good: str) -> None:
    """Six to eight digits that are not a pattern or a phone number the kiosk shows."""
    assert new_pin_problem(good, CLINIC) is None


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("0000", "6 to 8 digits"),
        ("2468", "6 to 8 digits"),
        ("12345", "6 to 8 digits"),
        ("000000", "one digit repeated"),
        ("77777777", "one digit repeated"),
        ("123456", "run"),
        ("654321", "run"),
        ("12345678", "run"),
        ("890123", "run"),
        ("8593235661"[:6], "phone number"),
        ("93235661", "phone number"),
        ("3235661", "phone number"),
        ("18002221", "phone number"),
        ("12a456", "digits only"),
        ("135792468", "6 to 8 digits"),
    ],
)
def test_new_pin_rules_refuse(bad: str, words: str) -> None:
    """Short PINs, repeated digits, runs up or down and the clinic's numbers are refused."""
    problem = new_pin_problem(bad, CLINIC)
    assert problem is not None and words in problem


# --- the lockout survives restarts and grows --------------------------------------------------


def test_wrong_pins_survive_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Four wrong PINs, a restart (a new gate on the same state file): one try is left."""
    state = tmp_path / "state" / "staff-pin.json"
    clock = FakeClock()
    gate = PinGate(fast_hash("570913"), state_file=state, clock=clock)
    for _ in range(4):
        gate.attempt("111111")
    assert state.stat().st_mode & 0o777 == 0o600
    again = PinGate(fast_hash("570913"), state_file=state, clock=clock)
    assert again.status().attempts_left == 1
    assert again.attempt("111111").state is PinState.LOCKED


def test_a_lockout_survives_a_restart_and_refuses_the_right_pin(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Five wrong PINs and a restart: the right PIN is still refused until the lockout ends."""
    state = tmp_path / "staff-pin.json"
    clock = FakeClock()
    gate = PinGate(fast_hash("570913"), state_file=state, clock=clock)
    for _ in range(5):
        gate.attempt("111111")
    clock.now += 60
    restarted = PinGate(fast_hash("570913"), state_file=state, clock=clock)
    locked = restarted.attempt("570913")
    assert (locked.state, locked.seconds_left) == (PinState.LOCKED, 240)
    clock.now += 240
    assert PinGate(fast_hash("570913"), state_file=state, clock=clock).attempt("570913").ok


def test_each_lockout_in_a_row_is_longer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """5, then 15, then 60 minutes, then 60 again; a right PIN starts again at 5."""
    clock = FakeClock()
    gate = PinGate(fast_hash("570913"), state_file=tmp_path / "s.json", clock=clock)
    lengths = []
    for _ in range(4):
        for _ in range(5):
            result = gate.attempt("111111")
        lengths.append(result.seconds_left)
        clock.now += result.seconds_left
    assert lengths == [300, 900, 3600, 3600]
    assert gate.attempt("570913").ok
    for _ in range(5):
        result = gate.attempt("111111")
    assert result.seconds_left == 300


def test_a_pin_is_counted_before_it_is_checked(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Killing the kiosk in the middle of a check (here: the check never returns) still
    counts the PIN in the state file."""
    import kiosk.core.pin as pin_module

    state = tmp_path / "s.json"
    gate = PinGate(fast_hash("570913"), state_file=state, clock=FakeClock())

    def killed(pin: str, stored: str) -> bool:
        raise SystemExit(1)

    monkeypatch.setattr(pin_module, "verify_pin", killed)
    with pytest.raises(SystemExit):
        gate.attempt("111111")
    assert PinGate(fast_hash("570913"), state_file=state).status().attempts_left == 4


def test_a_damaged_state_file_locks_rather_than_clears(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A state file that cannot be read is not a clean slate: staff mode is locked once."""
    state = tmp_path / "s.json"
    state.write_text("{not json", encoding="utf-8")
    gate = PinGate(fast_hash("570913"), state_file=state, clock=FakeClock())
    assert gate.status().state is PinState.LOCKED


def test_wrong_pins_and_lockouts_are_logged_without_digits(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    """Every wrong PIN, lockout and entry is in the log; the digits never are."""
    import logging

    caplog.set_level(logging.INFO)
    gate = PinGate(fast_hash("570913"), state_file=tmp_path / "s.json", clock=FakeClock())
    gate.attempt("246813")
    for _ in range(4):
        gate.attempt("246813")
    gate.attempt("570913")
    text = caplog.text
    assert "wrong staff PIN (1 of 5)" in text and "locked for 5 minutes" in text
    assert "not checked" in text
    assert "246813" not in text and "570913" not in text


def test_an_unwritable_state_folder_keeps_the_count_in_memory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """If the state cannot be written the kiosk still counts (and says so in the log)."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    gate = PinGate(fast_hash("570913"), state_file=blocker / "s.json", clock=FakeClock())
    for _ in range(5):
        result = gate.attempt("111111")
    assert result.state is PinState.LOCKED
