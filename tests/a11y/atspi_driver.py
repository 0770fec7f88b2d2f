"""A screen reader stand-in for tests/a11y/test_atspi.py: reads the kiosk through AT-SPI.

Run by the *system* Python (``/usr/bin/python3``), which has the AT-SPI bindings from Debian
(``python3-gi``, ``gir1.2-atspi-2.0``); the project's venv does not need them. It takes one JSON
command per line on stdin and answers one JSON line on stdout. Commands (``cmd``):

- ``ready {app, pid}``: wait until the application called ``app`` (process ``pid``) is on the
  accessibility bus.
- ``tree``: the application's tree of showing objects (role, name, description, states,
  actions, text, children).
- ``find {role, name, timeout}``: wait until a showing object with that role and name is there.
- ``gone {role, name, timeout}``: wait until no showing object has that role and name.
- ``act {role, name}``: do its first action (what a screen reader's "activate" does).
- ``key {keys}``: press keys with xdotool (the X server's XTest: spontaneous, like a keyboard).
- ``focus_window {pid}``: give the X input focus to the process's visible window (there is no
  window manager to do it).
- ``events {clear}``: the focus, window and announcement events seen so far.
- ``wait_focus {name, timeout}``: wait for a focus event whose name matches (a regular
  expression); returns it.
- ``focused``: the showing object that has the focus now.

Only the standard library and gi are used, so any Debian or Fedora system Python runs it.
"""

from __future__ import annotations

import contextlib
import json
import re
import select
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

EVENT_KINDS = ("object:state-changed:focused", "window:activate", "object:announcement",
               "object:text-caret-moved", "object:text-selection-changed")

app = None
events: list[dict] = []


def state_names(obj) -> list[str]:
    states = obj.get_state_set()
    names = []
    for value in states.get_states():
        names.append(value.value_nick)
    return sorted(names)


def describe(obj, *, deep: bool = False) -> dict:
    """One object as a dict; with ``deep`` its showing children too."""
    node = {"role": obj.get_role_name(), "name": obj.get_name() or "",
            "description": obj.get_description() or "", "states": state_names(obj)}
    action = obj.get_action_iface()
    if action is not None:
        node["actions"] = [action.get_action_name(i) for i in range(action.get_n_actions())]
    text = obj.get_text_iface()
    if text is not None:
        count = text.get_character_count()
        node["text"] = text.get_text(0, min(count, 400))
        node["caret"] = text.get_caret_offset()
    hypertext = obj.get_hypertext_iface()
    if hypertext is not None:
        node["links"] = hypertext.get_n_links()
    image = obj.get_image_iface()
    if image is not None:
        node["image"] = image.get_image_description() or ""
    if deep:
        children = []
        for index in range(obj.get_child_count()):
            child = obj.get_child_at_index(index)
            if child is None:
                continue
            try:
                if not child.get_state_set().contains(Atspi.StateType.SHOWING):
                    continue
                children.append(describe(child, deep=True))
            except GLib.Error:
                continue  # gone while we looked
        node["children"] = children
    return node


def walk(obj):
    """Every showing object under ``obj`` (depth first), ``obj`` included."""
    yield obj
    for index in range(obj.get_child_count()):
        child = obj.get_child_at_index(index)
        try:
            if child is not None and child.get_state_set().contains(Atspi.StateType.SHOWING):
                yield from walk(child)
        except GLib.Error:
            continue


def windows():
    """The application's showing top-level windows."""
    for index in range(app.get_child_count()):
        window = app.get_child_at_index(index)
        try:
            if window is not None and window.get_state_set().contains(Atspi.StateType.SHOWING):
                yield window
        except GLib.Error:
            continue


def find(role: str, name: str):
    for window in windows():
        for obj in walk(window):
            try:
                if obj.get_role_name() == role and re.fullmatch(name, obj.get_name() or ""):
                    return obj
            except GLib.Error:
                continue
    return None


def pump(seconds: float = 0.0) -> None:
    """Let GLib deliver what arrived (AT-SPI events) for ``seconds``."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while True:
        while context.pending():
            context.iteration(False)
        left = end - time.monotonic()
        if left <= 0:
            return
        _wait_for_glib(context, min(left, 0.05))


def _wait_for_glib(context, seconds: float) -> None:
    """Block until GLib has something to deliver or ``seconds`` have passed (no busy loop)."""
    fired: list[bool] = []
    source = GLib.timeout_add(max(1, round(seconds * 1000)), lambda: fired.append(True))
    context.iteration(True)
    if not fired:
        GLib.source_remove(source)


def on_event(event) -> None:
    try:
        source = event.source
        events.append({"type": event.type, "detail1": event.detail1,
                       "role": source.get_role_name(), "name": source.get_name() or "",
                       "description": source.get_description() or "",
                       "data": event.any_data if isinstance(event.any_data, str) else ""})
    except GLib.Error:
        pass


def until(deadline: float, check):
    while True:
        pump()
        result = check()
        if result or time.monotonic() > deadline:
            return result
        pump(0.1)  # what arrives in the meantime is delivered


def handle(command: dict) -> dict:
    global app
    cmd = command["cmd"]
    timeout = float(command.get("timeout", 20))
    deadline = time.monotonic() + timeout
    if cmd == "ready":
        desktop = Atspi.get_desktop(0)

        def found():
            for index in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(index)
                try:
                    if child is not None and child.get_name() == command["app"] \
                            and child.get_process_id() == command["pid"] \
                            and child.get_child_count() > 0:
                        return child
                except GLib.Error:
                    continue  # an application that has just ended
            return None

        app = until(deadline, found)
        return {"ok": app is not None}
    if cmd == "tree":
        return {"ok": True, "windows": [describe(window, deep=True) for window in windows()]}
    if cmd == "find":
        obj = until(deadline, lambda: find(command["role"], command["name"]))
        return {"ok": obj is not None, "node": describe(obj, deep=True) if obj else None}
    if cmd == "gone":
        gone = until(deadline, lambda: find(command["role"], command["name"]) is None)
        return {"ok": bool(gone)}
    if cmd == "act":
        obj = until(deadline, lambda: find(command["role"], command["name"]))
        if obj is None:
            return {"ok": False, "error": "not found"}
        action = obj.get_action_iface()
        done = action is not None and action.get_n_actions() > 0 and action.do_action(0)
        pump(0.2)
        return {"ok": bool(done)}
    if cmd == "key":
        subprocess.run(["xdotool", "key", "--delay", "150", *command["keys"]], check=True,
                       timeout=30)
        pump(0.2)
        return {"ok": True}
    if cmd == "focus_window":
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid",
                                str(command["pid"])], capture_output=True, text=True,
                               timeout=30, check=False)
        ids = found.stdout.split()
        for window_id in ids:
            subprocess.run(["xdotool", "windowfocus", "--sync", window_id], timeout=30,
                           check=False)
        pump(0.3)
        return {"ok": bool(ids), "windows": ids}
    if cmd == "events":
        pump(float(command.get("settle", 0.3)))
        seen = list(events)
        if command.get("clear", True):
            events.clear()
        return {"ok": True, "events": seen}
    if cmd == "wait_focus":
        def focused_event():
            for event in events:
                if event["type"] == "object:state-changed:focused" and event["detail1"] == 1 \
                        and re.fullmatch(command["name"], event["name"]):
                    return event
            return None

        event = until(deadline, focused_event)
        seen = list(events)
        events.clear()
        return {"ok": event is not None, "event": event, "events": seen}
    if cmd == "focused":
        pump(0.2)
        for window in windows():
            for obj in walk(window):
                if obj.get_state_set().contains(Atspi.StateType.FOCUSED):
                    return {"ok": True, "node": describe(obj)}
        return {"ok": False}
    return {"ok": False, "error": f"unknown command {cmd!r}"}


def main() -> int:
    Atspi.init()
    listener = Atspi.EventListener.new(on_event)
    for kind in EVENT_KINDS:
        with contextlib.suppress(GLib.Error):  # an older AT-SPI without this event
            listener.register(kind)
    print(json.dumps({"ok": True, "hello": True}), flush=True)
    while True:
        pump()
        readable, _, _ = select.select([sys.stdin], [], [], 0.05)
        if not readable:
            continue
        line = sys.stdin.readline()
        if not line:
            return 0
        try:
            answer = handle(json.loads(line))
        except Exception as exc:  # noqa: BLE001 (the test shows what went wrong)
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    sys.exit(main())
