"""The kiosk as a screen reader meets it: a real X server (Xvfb), a D-Bus session, the AT-SPI
registry, the kiosk started as ``main.py --windowed``, and a driver reading it through AT-SPI
(tests/a11y/atspi_driver.py, run by the system Python). Keys are pressed with xdotool.

Skipped only where AT-SPI cannot run (the reason says which package is missing); under CI=true
that skip fails (tests/conftest.py). Deadlines are generous: these run on shared CI machines.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.a11y.session import Desktop, KioskRun, missing, started

WHY_NOT = missing()
pytestmark = [pytest.mark.skipif(bool(WHY_NOT), reason=f"AT-SPI cannot run here: {WHY_NOT}"),
              pytest.mark.timeout(300)]

#: Names are regular expressions for the driver.
STILL_THERE = re.escape("Are you still there?")


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    yield from started(tmp_path_factory.mktemp("atspi"))


@pytest.fixture(scope="module")
def kiosk(desktop: Desktop) -> Iterator[KioskRun]:
    """The kiosk with a long idle time-out (no warning while these tests read it)."""
    run = KioskRun(desktop, idle_timeout=900)
    try:
        run.wait_ready()
        yield run
    finally:
        run.stop()


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree.get("children", []):
        yield from nodes(child)


def everything(desktop: Desktop) -> list[dict[str, Any]]:
    """Every showing object of every showing window."""
    return [node for window in desktop.ask("tree")["windows"] for node in nodes(window)]


def one(found: list[dict[str, Any]], role: str, name: str) -> dict[str, Any]:
    matches = [n for n in found if n["role"] == role and re.fullmatch(name, n["name"])]
    assert matches, f"no {role} named {name!r} in {[(n['role'], n['name']) for n in found]}"
    return matches[0]


def go_home(desktop: Desktop, kiosk: KioskRun) -> None:
    """Back to the home screen, as a screen reader user would (the Home button's action), in
    the active window (the tests' xdotool keys go to the focused X window)."""
    desktop.ask("focus_window", pid=kiosk.process.pid)
    # Through another screen: Home does nothing at home, and the focus would stay wherever the
    # last test left it instead of on the home screen's content.
    desktop.ask("act", role="push button", name=re.escape("What is dystonia?"))
    desktop.ask("act", role="push button", name="Home")
    assert desktop.ask("find", role="frame", name="Understanding dystonia")["ok"]
    desktop.ask("events")  # forget what happened so far


def open_screen(desktop: Desktop, *names: str) -> None:
    for name in names:
        assert desktop.ask("act", role="push button", name=name)["ok"], name


# -- (a) the accessible tree ------------------------------------------------------------------


def test_home_is_named_and_has_its_tiles_and_bar(desktop: Desktop, kiosk: KioskRun) -> None:
    """Home: the window is the kiosk's title; the main content is named after it and has the
    focus; every tile and bar button is a named push button."""
    go_home(desktop, kiosk)
    found = everything(desktop)
    one(found, "frame", "Understanding dystonia")
    content = one(found, "filler", "Understanding dystonia")
    assert "focusable" in content["states"]
    for name in ("Get help now", "Forms of dystonia", "Back", "Home", "Listen",
                 "Text and screen", "Español"):
        assert "focusable" in one(found, "push button", name)["states"]
    tile = one(found, "push button", "Forms of dystonia")
    assert tile["description"] == "The neck, eyes, face, voice, hands and more"
    assert not [n for n in found if n["role"] == "push button" and not n["name"]]


def test_a_section_and_a_page_are_announced_by_name(desktop: Desktop, kiosk: KioskRun) -> None:
    """A change of screen renames the window "<screen> – <kiosk>" and moves the focus to the
    screen's content, named after it (not to a nameless filler, nor to the bar on the way)."""
    go_home(desktop, kiosk)
    open_screen(desktop, "Forms of dystonia")
    answer = desktop.ask("wait_focus", name="Forms of dystonia")
    assert answer["ok"], answer["events"]
    assert answer["event"]["role"] == "filler"
    assert desktop.ask("find", role="frame",
                       name="Forms of dystonia – Understanding dystonia")["ok"]
    focused = [e["name"] for e in answer["events"]
               if e["type"] == "object:state-changed:focused" and e["detail1"] == 1]
    assert focused[-1] == "Forms of dystonia", focused
    assert not set(focused) & {"Back", "Home", "Listen", "Text and screen", "Español"}, focused

    open_screen(desktop, "Cervical dystonia")
    answer = desktop.ask("wait_focus", name="Cervical dystonia")
    assert answer["ok"], answer["events"]
    frame = desktop.ask("find", role="frame", name="Cervical dystonia – Understanding dystonia")
    assert frame["ok"]
    page = one([n for n in nodes(frame["node"]) if "focused" in n["states"]],
               answer["event"]["role"], "Cervical dystonia")
    assert page["description"] == "When neck muscles pull the head out of place"
    assert page["text"].startswith("Key points")  # the page's text is there to read
    for name in ("Previous page", "Next page", "Back", "Home", "Listen", "Text and screen"):
        one(list(nodes(frame["node"])), "push button", name)


def test_the_word_pop_up_is_a_dialog_named_after_the_word(desktop: Desktop,
                                                          kiosk: KioskRun) -> None:
    """Tab moves to a marked word in the page (a screen reader is told: caret and selection
    events); Enter opens a dialog "Meaning of: <word>" that reads out the meaning."""
    go_home(desktop, kiosk)
    open_screen(desktop, "Forms of dystonia", "Blepharospasm")
    assert desktop.ask("wait_focus", name="Blepharospasm")["ok"]
    desktop.ask("focus_window", pid=kiosk.process.pid)
    desktop.ask("events")
    desktop.ask("key", keys=["Tab"])
    moved = desktop.ask("events", settle=1.0)["events"]
    kinds = {e["type"] for e in moved if e["name"] == "Blepharospasm"}
    assert {"object:text-caret-moved", "object:text-selection-changed"} <= kinds, moved
    desktop.ask("key", keys=["Return"])
    dialog = desktop.ask("find", role="dialog", name="Meaning of: .+")
    assert dialog["ok"], desktop.ask("events")
    node = dialog["node"]
    word = node["name"].removeprefix("Meaning of: ")
    assert node["description"], "the meaning is read out with the dialog"
    inside = list(nodes(node))
    one(inside, "label", re.escape(word))
    one(inside, "label", re.escape(node["description"]))
    one(inside, "push button", "Close")
    desktop.ask("act", role="push button", name="Close")
    assert desktop.ask("gone", role="dialog", name="Meaning of: .+")["ok"]


def test_text_and_screen_offers_radio_buttons_and_announces_sizes(desktop: Desktop,
                                                                 kiosk: KioskRun) -> None:
    """The panel is a dialog "Text and screen"; theme and button size are radio buttons
    with fixed names (the chosen one checked, "chosen" never in the name); a new text size is
    announced and carried by the size buttons."""
    go_home(desktop, kiosk)
    open_screen(desktop, "Text and screen")
    dialog = desktop.ask("find", role="dialog", name="Text and screen")
    assert dialog["ok"]
    inside = list(nodes(dialog["node"]))
    radios = {n["name"]: n for n in inside if n["role"] == "radio button"}
    assert set(radios) == {"Light", "Dark, less glare", "Normal", "Bigger"}
    assert "checked" in radios["Light"]["states"] and "checked" in radios["Normal"]["states"]
    assert "checked" not in radios["Dark, less glare"]["states"]
    assert not [n for n in inside if "chosen" in n["name"] and n["role"] != "label"]
    assert one(inside, "push button", "Bigger text")["description"] == "Text size: 100 percent"

    desktop.ask("events")
    desktop.ask("act", role="radio button", name="Dark, less glare")
    desktop.ask("act", role="push button", name="Bigger text")
    heard = desktop.ask("events", settle=1.0)["events"]
    said = [e["data"] for e in heard if e["type"] == "object:announcement"]
    assert "Text size: 125 percent" in said, heard
    inside = list(nodes(desktop.ask("find", role="dialog", name="Text and screen")["node"]))
    assert "checked" in one(inside, "radio button", "Dark, less glare")["states"]
    assert "checked" not in one(inside, "radio button", "Light")["states"]
    # Back as it was, for the other tests.
    desktop.ask("act", role="radio button", name="Light")
    desktop.ask("act", role="push button", name="Smaller text")
    desktop.ask("act", role="push button", name="Close")
    assert desktop.ask("gone", role="dialog", name="Text and screen")["ok"]


def test_a_message_is_a_named_dialog_that_reads_out_its_text(desktop: Desktop,
                                                             kiosk: KioskRun) -> None:
    """Listen without a speech engine: a dialog "Message" whose description is the text."""
    go_home(desktop, kiosk)
    open_screen(desktop, "Listen")
    dialog = desktop.ask("find", role="dialog", name="Message")
    assert dialog["ok"]
    assert dialog["node"]["description"]
    one(list(nodes(dialog["node"])), "label", re.escape(dialog["node"]["description"]))
    desktop.ask("act", role="push button", name="Close")
    assert desktop.ask("gone", role="dialog", name="Message")["ok"]


def test_organisations_have_named_qr_codes_and_reachable_contacts(desktop: Desktop,
                                                                  kiosk: KioskRun) -> None:
    """QR codes are images named after their address; an organisation's phone and website
    can take the keyboard focus (so a screen reader reaches them)."""
    go_home(desktop, kiosk)
    open_screen(desktop, "Help and resources", "Organisations and phone numbers")
    assert desktop.ask("wait_focus", name="Organisations and phone numbers")["ok"]
    found = everything(desktop)
    codes = [n for n in found if n["role"] == "image" and n["name"].startswith("QR code for ")]
    assert codes and all(re.match(r"QR code for https://\S+", n["name"]) for n in codes)
    open_screen(desktop, "UK Movement Disorders Clinic")
    assert desktop.ask("wait_focus", name="UK Movement Disorders Clinic")["ok"]
    found = everything(desktop)
    assert "focusable" in one(found, "label", r"Phone: [\d-]+")["states"]
    assert "focusable" in one(found, "label", r"Website: \S+")["states"]
    one(found, "image", r"QR code for https://\S+")


# -- (b) Tab through home and a page --------------------------------------------------------


def focus_names(desktop: Desktop, presses: int, key: str = "Tab") -> list[str]:
    """The names of what gets the focus, one Tab at a time."""
    names = []
    for _ in range(presses):
        desktop.ask("key", keys=[key])
        events = desktop.ask("events", settle=0.5)["events"]
        names += [e["name"] for e in events
                  if e["type"] == "object:state-changed:focused" and e["detail1"] == 1]
    return names


def test_tab_walks_home_tile_by_tile(desktop: Desktop, kiosk: KioskRun) -> None:
    """From the home content, Tab reaches each tile in reading order and then the bar; every
    focus event carries a name."""
    go_home(desktop, kiosk)
    assert desktop.ask("focused")["node"]["name"] == "Understanding dystonia"
    names = focus_names(desktop, 9)
    assert names[:7] == ["Get help now", "What is dystonia?", "Forms of dystonia",
                         "Causes and diagnosis", "Treatments", "Living with dystonia",
                         "Help and resources"], names
    assert all(names), names


def test_enter_opens_the_focused_tile(desktop: Desktop, kiosk: KioskRun) -> None:
    """Enter on a focused tile opens it (two-switch users send Tab and Enter)."""
    go_home(desktop, kiosk)
    focus_names(desktop, 3)  # Get help now, What is dystonia?, Forms of dystonia
    desktop.ask("key", keys=["Return"])
    assert desktop.ask("find", role="frame", name="Forms of dystonia – .*", timeout=5)["ok"]


def test_tab_walks_a_page_link_by_link(desktop: Desktop, kiosk: KioskRun) -> None:
    """In a page Tab goes from link to link, each announced by the caret and selection moving
    to it in the page's text; then on to the buttons under it."""
    go_home(desktop, kiosk)
    open_screen(desktop, "Forms of dystonia", "Blepharospasm")
    assert desktop.ask("wait_focus", name="Blepharospasm")["ok"]
    desktop.ask("focus_window", pid=kiosk.process.pid)
    desktop.ask("events")
    carets = []
    for _ in range(3):
        desktop.ask("key", keys=["Tab"])
        events = desktop.ask("events", settle=0.5)["events"]
        carets += [e["detail1"] for e in events if e["type"] == "object:text-caret-moved"
                   and e["name"] == "Blepharospasm"]
    assert len(set(carets)) >= 3, carets  # three links, three places in the text
    assert carets == sorted(carets), carets  # in reading order


# -- (c) keys count as activity ------------------------------------------------------------


@pytest.fixture
def quick_kiosk(desktop: Desktop, kiosk: KioskRun) -> Iterator[KioskRun]:
    """A second kiosk whose idle warning comes after 20 seconds, the least allowed (the first
    one is stopped)."""
    kiosk.stop()
    run = KioskRun(desktop, idle_timeout=20, idle_warning=20)
    try:
        run.wait_ready()
        yield run
    finally:
        run.stop()


def test_the_idle_warning_is_a_named_alert(desktop: Desktop,
                                                 quick_kiosk: KioskRun) -> None:
    """Left alone, the kiosk asks "Are you still there?" as an alert with the countdown
    in its description, and the focus on "I'm still here"."""
    desktop.ask("focus_window", pid=quick_kiosk.process.pid)
    found = desktop.ask("find", role="alert", name=STILL_THERE, timeout=40)
    assert found["ok"], quick_kiosk.tail()
    alert = found["node"]
    assert "go back to the start" in alert["description"]
    button = one(list(nodes(alert)), "push button", "I'm still here")
    assert "focused" in button["states"]
    desktop.ask("act", role="push button", name="I'm still here")
    assert desktop.ask("gone", role="alert", name=STILL_THERE)["ok"]


def test_key_presses_keep_the_warning_away(desktop: Desktop, quick_kiosk: KioskRun) -> None:
    """A keyboard user reading for 50 seconds (2.5 idle time-outs), a key every 2 seconds, never
    sees the warning."""
    assert desktop.ask("gone", role="alert", name=STILL_THERE, timeout=30)["ok"]
    desktop.ask("focus_window", pid=quick_kiosk.process.pid)
    end = time.monotonic() + 50
    while time.monotonic() < end:
        desktop.ask("key", keys=["Down"])
        assert desktop.ask("gone", role="alert", name=STILL_THERE, timeout=0.1)["ok"]
        desktop.ask("events", settle=1.8)
    assert desktop.ask("gone", role="alert", name=STILL_THERE, timeout=0.1)["ok"]

