"""Break points for the screen: long words may break with a hyphen, web addresses without one."""

from __future__ import annotations

from kiosk.core.hyphenate import SOFT_HYPHEN, ZERO_WIDTH_SPACE, breakable, plain


def test_long_words_get_soft_hyphens_and_short_ones_none() -> None:
    """A word too long for a box at 200 percent may break; short words never do."""
    text = breakable("Temporomandibular joint", "en")
    assert SOFT_HYPHEN in text.split()[0] and text.split()[1] == "joint"
    assert breakable("The jaw joint", "en") == "The jaw joint"


def test_web_addresses_break_without_a_hyphen() -> None:
    """An address breaks after its dots and slashes and between syllables, with no mark."""
    text = breakable("Website: www.blepharospasm.org/help", "en")
    assert SOFT_HYPHEN not in text
    assert f"www.{ZERO_WIDTH_SPACE}" in text and f"/{ZERO_WIDTH_SPACE}help" in text
    assert f"pasm.{ZERO_WIDTH_SPACE}org" in text


def test_plain_gives_back_the_text() -> None:
    """What is read aloud and compared is the text as written."""
    for text in ("Benign Essential Blepharospasm Research Foundation",
                 "https://www.ninds.nih.gov/health-information", "electromiografía", ""):
        assert plain(breakable(text, "en")) == text
        assert plain(breakable(text, "es")) == text


def test_a_language_without_rules_still_breaks_addresses() -> None:
    """No dictionary: words stay whole, addresses still get their break points."""
    assert breakable("Electromyography", "xx") == "Electromyography"
    assert ZERO_WIDTH_SPACE in breakable("www.dystonia.org", "xx")


def test_medical_words_break_between_their_parts() -> None:
    """"Blepharospasm" breaks as "Blepharo-spasm", not the rules' "Bleph-arospasm", in print
    and on screen, in both languages, keeping the word's capital."""
    from kiosk.core.hyphenate import SOFT_HYPHEN, breakable, hyphenate

    assert breakable("Blepharospasm", "en") == f"Blepharo{SOFT_HYPHEN}spasm"
    assert hyphenate("el blefaroespasmo", "es") == f"el blefaro{SOFT_HYPHEN}espasmo"
    assert breakable("Deutetrabenazine", "en").split(SOFT_HYPHEN) == ["Deu", "tetra", "benazine"]
