"""YAML loading with errors that name the file and the line.

Mappings and sequences are loaded as :class:`LineDict` / :class:`LineList`, which remember the
line they start on (and, for lists, each item's line) so validators can point at the culprit.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from pathlib import Path
from typing import Any

import yaml

from unionstate.errors import UnionstateError
from unionstate.text.reading import read_regular


class LineDict(dict):
    """A dict that remembers its 1-based line and each key's line."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    """A list that remembers its 1-based line and each item's line."""

    line: int = 0
    item_lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader, on libyaml's parser where PyYAML has it (eight times faster than its own:
    configuration is parsed by every process), that keeps dates as text (validators parse them,
    so ``2021-13-45`` gets a clear error instead of a crash inside PyYAML) and counts aliases."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_object(self: _Loader, node: yaml.Node, deep: bool = False) -> Any:
    """PyYAML's constructor, counting aliases: a node met again is an alias (``*name``), and
    past :data:`MAX_ALIASES` of them the file is refused."""
    if node in self.constructed_objects:
        self.aliases_seen = getattr(self, "aliases_seen", 0) + 1
        if self.aliases_seen > MAX_ALIASES:
            problem = f"more than {MAX_ALIASES} aliases; the last refers to the anchor on this line"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
    return yaml.constructor.BaseConstructor.construct_object(self, node, deep)


_Loader.construct_object = _construct_object
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


MAX_BYTES = 16 * 2**20
"""Configuration files larger than this are refused before parsing (a catalogue of thousands of
documents is well under it)."""
MAX_ALIASES = 1000
"""YAML aliases (``*name``) allowed in one file: a few make sense, a pile of them is an expansion bomb."""


def load_yaml(path: Path, label: str | None = None) -> Any:
    """Parse a YAML file; any problem becomes ``UnionstateError('file:line: problem')``."""
    name = label or str(path)
    raw = read_regular(path, name, MAX_BYTES, "a YAML file")
    if len(raw) > MAX_BYTES:
        raise UnionstateError(f"{name}: larger than the {MAX_BYTES // 2**20} MB limit for configuration files")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnionstateError(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        last = text.count("\n") + 1  # libyaml puts a problem at the stream's end on the line after it
        where = f"{name}:{min(mark.line + 1, last)}" if mark is not None else name
        raise UnionstateError(f"{where}: malformed YAML: {problem}") from None


def line_of(obj: Any, key: str | None = None) -> int:
    """The line where ``obj`` (or its ``key``) starts, or 0 when unknown."""
    if key is not None and isinstance(obj, LineDict):
        return obj.key_lines.get(key, obj.line)
    return getattr(obj, "line", 0)


def require_mapping(obj: Any, where: str, what: str) -> LineDict:
    if not isinstance(obj, dict):
        raise UnionstateError(f"{where}: {what} must be a mapping, got {type(obj).__name__}")
    return obj if isinstance(obj, LineDict) else LineDict(obj)


def check_keys(obj: dict, where: str, required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Refuse unknown and missing keys, naming the line."""
    required, allowed = set(required), set(required) | set(optional)
    for key in obj:
        if key not in allowed:
            raise UnionstateError(
                f"{where}:{line_of(obj, key)}: unknown key {key!r} (expected one of: {', '.join(sorted(allowed))})"
            )
    for key in sorted(required - set(obj)):
        raise UnionstateError(f"{where}:{line_of(obj)}: missing key {key!r}")


def unique_id(entry: dict, seen: Container[str], where: str, pattern: re.Pattern[str]) -> str:
    """The entry's ``id``: matching ``pattern`` and not in ``seen``; errors name the line."""
    value = entry["id"]
    at = f"{where}:{line_of(entry, 'id')}"
    if not isinstance(value, str) or not pattern.match(value):
        raise UnionstateError(f"{at}: id {value!r} must be lower-case letters, digits and '-'")
    if value in seen:
        raise UnionstateError(f"{at}: duplicate id {value!r}")
    return value


def require_list(mapping: dict, key: str, where: str) -> list:
    """A configuration entry's non-empty list, or a one-line error naming its line."""
    value = mapping[key]
    if not isinstance(value, list) or not value:
        raise UnionstateError(f"{where}:{line_of(mapping, key)}: {key!r} must be a non-empty list")
    return value


def require_text(mapping: dict, key: str, where: str, limit: int = 200) -> str:
    """A short one-line text value of a configuration entry, or a one-line error naming its line
    (a list, a mapping or a YAML alias expansion where a name belongs is refused, not printed)."""
    value = mapping[key]
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\n" in value.strip():
        raise UnionstateError(
            f"{where}:{line_of(mapping, key)}: {key!r} must be a line of text of at most {limit} characters"
        )
    return value.strip()
