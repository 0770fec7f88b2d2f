"""The few X11 requests Qt has no API for, sent through libxcb with ctypes (no python-xlib).

Each call opens its own short connection to the display, does one thing and closes it again:
the keeper (:mod:`kiosk.ui.keeper`) calls them only after the window manager or another
program has done something to the kiosk window, a few times a day at most.

- :func:`window_exists`: is this X window still there (``xdotool windowclose`` destroys the
  kiosk's window while the process lives on)?
- :func:`show_on_every_desktop`: ask the window manager to show a window on every workspace
  (``_NET_WM_DESKTOP`` = all, and ``_NET_WM_STATE_STICKY``; EWMH client messages to the root).

On any other platform, or when libxcb cannot be loaded, they do nothing and say so by their
return value.
"""

from __future__ import annotations

import ctypes
import logging
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

ALL_DESKTOPS = 0xFFFFFFFF
_CLIENT_MESSAGE = 33
# SubstructureNotify | SubstructureRedirect: how EWMH requests reach the window manager.
_WM_REQUEST_MASK = (1 << 19) | (1 << 20)
_NET_WM_STATE_ADD = 1
_SOURCE_APPLICATION = 1


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _InternAtomReply(ctypes.Structure):
    _fields_ = [("response_type", ctypes.c_uint8), ("pad0", ctypes.c_uint8),
                ("sequence", ctypes.c_uint16), ("length", ctypes.c_uint32),
                ("atom", ctypes.c_uint32)]


class _GeometryReply(ctypes.Structure):
    _fields_ = [("response_type", ctypes.c_uint8), ("depth", ctypes.c_uint8),
                ("sequence", ctypes.c_uint16), ("length", ctypes.c_uint32),
                ("root", ctypes.c_uint32), ("x", ctypes.c_int16), ("y", ctypes.c_int16),
                ("width", ctypes.c_uint16), ("height", ctypes.c_uint16),
                ("border_width", ctypes.c_uint16)]


_libs: tuple[Any, Any] | None = None


def _load() -> tuple[Any, Any] | None:
    """libxcb and libc (for ``free``), loaded once; None where there is no libxcb."""
    global _libs
    if _libs is None:
        try:
            xcb = ctypes.CDLL("libxcb.so.1")
            libc = ctypes.CDLL(None)
        except OSError as exc:
            log.warning("libxcb cannot be loaded (%s): the kiosk cannot watch its X window", exc)
            return None
        xcb.xcb_connect.restype = ctypes.c_void_p
        xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
        xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
        xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
        xcb.xcb_flush.argtypes = [ctypes.c_void_p]
        xcb.xcb_intern_atom.restype = _Cookie
        xcb.xcb_intern_atom.argtypes = [ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint16,
                                        ctypes.c_char_p]
        xcb.xcb_intern_atom_reply.restype = ctypes.POINTER(_InternAtomReply)
        xcb.xcb_intern_atom_reply.argtypes = [ctypes.c_void_p, _Cookie,
                                              ctypes.POINTER(ctypes.c_void_p)]
        xcb.xcb_get_geometry.restype = _Cookie
        xcb.xcb_get_geometry.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        xcb.xcb_get_geometry_reply.restype = ctypes.POINTER(_GeometryReply)
        xcb.xcb_get_geometry_reply.argtypes = [ctypes.c_void_p, _Cookie,
                                               ctypes.POINTER(ctypes.c_void_p)]
        xcb.xcb_send_event.restype = _Cookie
        xcb.xcb_send_event.argtypes = [ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint32,
                                       ctypes.c_uint32, ctypes.c_char_p]
        libc.free.argtypes = [ctypes.c_void_p]
        _libs = (xcb, libc)
    return _libs


@contextmanager
def _connection(display: str | None) -> Iterator[tuple[Any, Any, int]]:
    """A connection to ``display`` (None: ``$DISPLAY``), closed again afterwards."""
    libs = _load()
    if libs is None:
        raise OSError("libxcb is not available")
    xcb, libc = libs
    conn = xcb.xcb_connect(display.encode() if display else None, None)
    try:
        if not conn or xcb.xcb_connection_has_error(conn):
            raise OSError(f"cannot connect to the X display {display or '$DISPLAY'}")
        yield xcb, libc, conn
    finally:
        if conn:
            xcb.xcb_disconnect(conn)


def _reply(libc: Any, get: Callable[[ctypes.c_void_p], Any]) -> Any:
    """Call an xcb ``*_reply`` function; its contents (copied) or None on an X error."""
    error = ctypes.c_void_p()
    pointer = get(error)
    if error.value:
        libc.free(error)
    if not pointer:
        return None
    value = pointer.contents
    copy = type(value).from_buffer_copy(value)
    libc.free(ctypes.cast(pointer, ctypes.c_void_p))
    return copy


def _root_of(xcb: Any, libc: Any, conn: int, window: int) -> int | None:
    cookie = xcb.xcb_get_geometry(conn, window)
    geometry = _reply(libc, lambda error: xcb.xcb_get_geometry_reply(conn, cookie,
                                                                      ctypes.byref(error)))
    return None if geometry is None else int(geometry.root)


def window_exists(window: int, display: str | None = None) -> bool | None:
    """True if the X window ``window`` still exists, False if it is gone, None if the display
    cannot be asked (no libxcb, no connection)."""
    try:
        with _connection(display) as (xcb, libc, conn):
            return _root_of(xcb, libc, conn, window) is not None
    except OSError as exc:
        log.warning("cannot ask the X server about the kiosk window: %s", exc)
        return None


def _atom(xcb: Any, libc: Any, conn: int, name: str) -> int:
    raw = name.encode()
    cookie = xcb.xcb_intern_atom(conn, 0, len(raw), raw)
    reply = _reply(libc, lambda error: xcb.xcb_intern_atom_reply(conn, cookie,
                                                                 ctypes.byref(error)))
    return 0 if reply is None else int(reply.atom)


def _client_message(window: int, message_type: int, *data: int) -> bytes:
    """An X ClientMessage event (32 bytes, format 32) as xcb_send_event takes it."""
    values = (list(data) + [0] * 5)[:5]
    return struct.pack("=BBHII5I", _CLIENT_MESSAGE, 32, 0, window, message_type, *values)


def show_on_every_desktop(window: int, display: str | None = None) -> bool:
    """Ask the window manager to show ``window`` on every workspace; False if it could not be
    asked (a window manager without workspaces simply ignores the request)."""
    try:
        with _connection(display) as (xcb, libc, conn):
            root = _root_of(xcb, libc, conn, window)
            if root is None:
                return False
            desktop = _atom(xcb, libc, conn, "_NET_WM_DESKTOP")
            state = _atom(xcb, libc, conn, "_NET_WM_STATE")
            sticky = _atom(xcb, libc, conn, "_NET_WM_STATE_STICKY")
            for event in (_client_message(window, desktop, ALL_DESKTOPS, _SOURCE_APPLICATION),
                          _client_message(window, state, _NET_WM_STATE_ADD, sticky, 0,
                                          _SOURCE_APPLICATION)):
                xcb.xcb_send_event(conn, 0, root, _WM_REQUEST_MASK, event)
            xcb.xcb_flush(conn)
            return True
    except OSError as exc:
        log.warning("cannot ask the window manager to show the kiosk everywhere: %s", exc)
        return False
