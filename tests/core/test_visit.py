"""Stepping a visitor's text size and reading speed (kiosk.core.visit, no Qt)."""

from __future__ import annotations

from kiosk.core import visit
from kiosk.core.theme import TEXT_SCALES


def test_text_size_steps_up_and_down_within_the_offered_sizes() -> None:
    """Bigger and smaller move one offered size; they stop at the ends instead of wrapping."""
    assert visit.step_text_scale(1.0, +1) == 1.25
    assert visit.step_text_scale(1.25, -1) == 1.0
    assert visit.step_text_scale(TEXT_SCALES[-1], +1) == TEXT_SCALES[-1]
    assert visit.step_text_scale(TEXT_SCALES[0], -1) == TEXT_SCALES[0]


def test_a_size_between_steps_moves_from_the_nearest_one() -> None:
    """A configured scale that is not an offered step still steps to a neighbouring one."""
    assert visit.step_text_scale(1.2, +1) == 1.5
    assert visit.step_text_scale(1.2, -1) == 1.0
    assert visit.step_text_scale(1.2, 0) == 1.25


def test_reading_speed_steps_and_names() -> None:
    """Slower and faster move one speed; each speed has a plain name."""
    assert visit.step_rate(-0.2, -1) == -0.4
    assert visit.step_rate(-0.2, +1) == 0.0
    assert visit.step_rate(visit.RATES[0], -1) == visit.RATES[0]
    assert visit.step_rate(visit.RATES[-1], +1) == visit.RATES[-1]
    assert visit.rate_name(-0.2) == "a little slow"
    assert visit.rate_name(0.0) == "normal"
    assert len(visit.RATE_NAMES) == len(visit.RATES)


def test_can_step_says_when_an_end_is_reached() -> None:
    """The panel's Smaller/Bigger and Slower/Faster buttons are disabled at the ends."""
    assert not visit.can_step(TEXT_SCALES, TEXT_SCALES[0], -1)
    assert visit.can_step(TEXT_SCALES, TEXT_SCALES[0], +1)
    assert not visit.can_step(visit.RATES, visit.RATES[-1], +1)
    assert visit.can_step(visit.RATES, visit.RATES[-1], -1)
