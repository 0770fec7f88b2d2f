"""The core's modules import each other without a circle (each import, at any depth, counts)."""

from __future__ import annotations

import ast
from pathlib import Path

import kiosk.core

CORE = Path(kiosk.core.__file__).parent
#: Known edges that close a circle, each with its reason; this set should stay empty.
ALLOWED: set[tuple[str, str]] = set()


def _imports(path: Path) -> set[str]:
    """The kiosk.core modules a file imports, at the top or inside a function (not those under
    ``if TYPE_CHECKING:``, which never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "kiosk.core":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("kiosk.core."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[2] for alias in node.names
                         if alias.name.startswith("kiosk.core."))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem for p in CORE.glob("*.py") if p.stem != "__init__"}
    return {name: {m for m in _imports(CORE / f"{name}.py") if m in modules and m != name
                   and (name, m) not in ALLOWED}
            for name in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``graph``, as a path that ends where it starts, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def test_core_has_no_import_circle() -> None:
    """No kiosk.core module imports, directly or through others, a module that imports it."""
    assert _cycle(_graph()) is None


def test_the_cycle_finder_finds_a_circle() -> None:
    """The check itself works: a two-module circle and a three-module one are found."""
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_allowed_edges_still_exist() -> None:
    """Each allowed edge is still there (when it goes, its entry in ALLOWED must go too)."""
    for source, target in ALLOWED:
        assert target in _imports(CORE / f"{source}.py")
