"""A visitor's own settings for one visit: stepping text size and reading speed. No Qt here.

The display panel offers a few fixed steps for each; these functions say which step is next,
and whether there is one, so the Qt shell only shows the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.core.theme import TEXT_SCALES

#: Reading speeds offered, slowest first (QTextToSpeech rates, -1..1; 0.0 is the engine's normal).
RATES: tuple[float, ...] = (-0.6, -0.4, -0.2, 0.0, 0.2)
#: What each rate is called on the display panel (translated by the Qt shell).
RATE_NAMES: tuple[str, ...] = ("very slow", "slow", "a little slow", "normal", "a little fast")


def nearest(steps: Sequence[float], value: float) -> int:
    """Index of the step closest to ``value`` (the first one on a tie)."""
    return min(range(len(steps)), key=lambda i: abs(steps[i] - value))


def step(steps: Sequence[float], value: float, direction: int) -> float:
    """The step ``direction`` places from the one closest to ``value``, kept within the steps."""
    index = max(0, min(len(steps) - 1, nearest(steps, value) + direction))
    return steps[index]


def step_text_scale(scale: float, direction: int) -> float:
    """One text size bigger (+1) or smaller (-1) than ``scale``, within the offered sizes."""
    return step(TEXT_SCALES, scale, direction)


def step_rate(rate: float, direction: int) -> float:
    """One reading speed faster (+1) or slower (-1) than ``rate``, within the offered speeds."""
    return step(RATES, rate, direction)


def rate_name(rate: float) -> str:
    """The (English) name of the offered speed closest to ``rate``."""
    return RATE_NAMES[nearest(RATES, rate)]


def can_step(steps: Sequence[float], value: float, direction: int) -> bool:
    """True when there is a step beyond ``value`` in ``direction`` (-1 or +1)."""
    return value > steps[0] if direction < 0 else value < steps[-1]
