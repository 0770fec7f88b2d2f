"""Screens as values (:class:`Route`) and the visitor's history of them. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RouteKind(StrEnum):
    """What kind of screen a :class:`Route` opens (the first part of a ``kiosk:`` URL)."""

    HOME = "home"
    SECTION = "section"
    PAGE = "page"
    RESOURCES = "resources"
    ORGANISATION = "organisation"
    GLOSSARY = "glossary"
    MISSING = "missing"
    BODY_MAP = "body-map"  # "Where do you feel it?"


HOME_KIND = RouteKind.HOME
KINDS = tuple(RouteKind)


@dataclass(frozen=True)
class Route:
    """One screen: ``kind`` plus the id of what it shows (``""`` for home)."""

    kind: RouteKind
    id: str = ""
    anchor: str = ""

    @classmethod
    def parse(cls, url: str) -> Route | None:
        """Parse ``kiosk:<kind>/<id>[#anchor]`` (the part after ``kiosk:``); ``None`` if invalid."""
        if url.startswith("kiosk:"):
            url = url[len("kiosk:"):]
        path, _, anchor = url.partition("#")
        kind, _, ident = path.partition("/")
        if kind not in KINDS:
            return None
        return cls(RouteKind(kind), ident, anchor)

    def url(self) -> str:
        """The ``kiosk:`` URL for this route."""
        return f"kiosk:{self.kind}/{self.id}" + (f"#{self.anchor}" if self.anchor else "")


HOME = Route(HOME_KIND)


class History:
    """Back-stack of routes. ``current`` is never empty: it starts (and resets) at home."""

    def __init__(self, limit: int = 200) -> None:
        self._stack: list[Route] = [HOME]
        self._limit = limit

    @property
    def current(self) -> Route:
        """The screen being shown."""
        return self._stack[-1]

    @property
    def can_go_back(self) -> bool:
        """True when Back has somewhere to go."""
        return len(self._stack) > 1

    def __len__(self) -> int:
        return len(self._stack)

    def push(self, route: Route) -> bool:
        """Go to ``route``; returns False when it is already the current screen."""
        if route == self.current:
            return False
        self._stack.append(route)
        if len(self._stack) > self._limit:
            del self._stack[1:-self._limit + 1]
        return True

    def back(self) -> bool:
        """Go one screen back; returns False at home."""
        if not self.can_go_back:
            return False
        self._stack.pop()
        return True

    def reset(self) -> None:
        """Forget everything: back at home, nothing to go back to."""
        self._stack = [HOME]
