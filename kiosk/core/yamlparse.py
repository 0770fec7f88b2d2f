"""PyYAML for the content loader: tolerant loaders, libyaml first, exact messages second.

Imported only when a YAML text is not in the front-matter cache (``kiosk.core.yamlcache``), so a
kiosk whose content has not changed starts without PyYAML. No Qt here.
"""

from __future__ import annotations

from typing import Any

import yaml

from kiosk.core.frontmatter import YamlProblem


class _TolerantLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that never raises ``ValueError`` for a scalar.

    PyYAML raises ``ValueError`` (not ``YAMLError``) for a date that does not exist
    (``2026-02-30``) and for an integer of more than 4,300 digits; here such scalars stay text, so
    the type check can name the key instead of the whole front matter failing.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(self, node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_int(self, node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                _TolerantLoader.construct_yaml_timestamp)
_TolerantLoader.add_constructor("tag:yaml.org,2002:int", _TolerantLoader.construct_yaml_int)


_CLoader = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:

    class _FastTolerantLoader(_CLoader):  # type: ignore[misc, valid-type]
        """The same constructors on PyYAML's C parser (about five times faster)."""

    _FastTolerantLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                        _TolerantLoader.construct_yaml_timestamp)
    _FastTolerantLoader.add_constructor("tag:yaml.org,2002:int",
                                        _TolerantLoader.construct_yaml_int)


def _load_yaml_fast(text: str) -> tuple[bool, Any, Any]:
    """Try the C parser; (ok, data, root node). Any problem: not ok, and the caller uses the
    pure-Python parser, whose messages and line numbers staff see."""
    if _CLoader is None:
        return False, None, None
    loader = _FastTolerantLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except Exception:  # noqa: BLE001 (any failure: fall back to the careful parser)
        return False, None, None
    finally:
        loader.dispose()
    return True, data, node


def load_yaml(text: str, first_line: int) -> tuple[Any, dict[str, int]]:
    """Parse one YAML document; returns the data and the file line of each top-level key.

    Args:
        first_line: the file line of the first line of ``text``.

    Raises:
        YamlProblem: the text is not valid YAML (with the file line of the problem).
    """
    data, node = _load(text, first_line)
    return data, _key_lines(node, first_line)


def load_yaml_tree(text: str, first_line: int = 1) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Like :func:`load_yaml`, with the file line of every key and list item at any depth,
    by path (``("regions", 2, "pages")``), for data files whose items need their own lines.

    Raises:
        YamlProblem: the text is not valid YAML (with the file line of the problem).
    """
    data, node = _load(text, first_line)
    lines: dict[tuple[Any, ...], int] = {}
    _tree_lines(node, (), first_line, lines, 0)
    return data, lines


def _tree_lines(node: Any, path: tuple[Any, ...], first_line: int,
                lines: dict[tuple[Any, ...], int], depth: int) -> None:
    if depth > 20:
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (*path, str(key_node.value))
                lines.setdefault(key, key_node.start_mark.line + first_line)
                _tree_lines(value, key, first_line, lines, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault((*path, index), item.start_mark.line + first_line)
            _tree_lines(item, (*path, index), first_line, lines, depth + 1)


def _load(text: str, first_line: int) -> tuple[Any, Any]:
    """The data and the root node of one YAML document (see :func:`load_yaml`)."""
    ok, data, node = _load_yaml_fast(text)
    if ok:
        return data, node
    loader: _TolerantLoader | None = None
    try:
        loader = _TolerantLoader(text)  # the reader already refuses some characters
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        message = str(exc.problem or exc.context or "invalid YAML")
        context = exc.context_mark
        if exc.problem and exc.context and context is not None and mark is not None and \
                context.line != mark.line:
            message += f" ({exc.context} that starts on line {context.line + first_line})"
        raise YamlProblem(line, message) from None
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, max(0, exc.position))
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise YamlProblem(line, f"{what} is not allowed in YAML (a control character?)") \
            from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, str(exc)[:200] or "invalid YAML") from None
    except RecursionError:
        raise YamlProblem(first_line, "nested too deeply") from None
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:  # PyYAML edge cases
        raise YamlProblem(first_line, f"{type(exc).__name__}: {exc}"[:200]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def _key_lines(node: Any, first_line: int) -> dict[str, int]:
    """The file line of each top-level key of a YAML mapping node."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(str(key_node.value), key_node.start_mark.line + first_line)
    return lines
