"""Reading YAML safely, keeping the line every key and item stands on.

The document is composed into nodes by PyYAML's safe composer (which executes nothing) and then
converted here: only the standard scalar tags are accepted, so a ``!!python/...`` tag is reported
as a problem, and the conversion has a budget, so an alias explosion ("billion laughs") or a
self-referencing alias stops early with a clear message instead of eating memory.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml is much faster for large banks; the pure-Python composer gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment,unused-ignore]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64

_SAFE_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class YamlProblem(Exception):
    """The text is not a YAML document we accept; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class LocatedMap(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line ``key`` stands on, or the mapping's own line when it is absent."""
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]


def read_yaml(text: str | bytes) -> Any:
    """Parse one YAML document into plain values, with :class:`LocatedMap` / :class:`LocatedList`."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise YamlProblem(1, f"file is {len(text):,} bytes; the limit is {MAX_BYTES:,}")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise YamlProblem(1, f"not UTF-8 text (byte {exc.start})") from None
    if len(text) > MAX_BYTES:
        raise YamlProblem(1, f"file is over the limit of {MAX_BYTES:,} bytes")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"YAML syntax error: {reason}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "YAML nesting is too deep") from None
    if node is None:
        return None
    return _Converter().convert(node, 0)


class _Converter:
    def __init__(self) -> None:
        self.budget = MAX_NODES
        # A constructor of its own per document: PyYAML's constructor remembers every node it has
        # built, so one shared by every read kept each uploaded bank alive (tens of MB a bank).
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(line, "document expands to too many values (repeated aliases?); refused")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels; refused")
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SAFE_SCALARS:
                raise YamlProblem(line, f"tag {node.tag!r} is not allowed")
            try:
                value = self.constructor.construct_object(node)
            except ValueError:  # Python refuses to read an integer of more than 4,300 digits
                raise YamlProblem(line, f"a number of {len(node.value):,} characters is too long to read") from None
            if node.tag == "tag:yaml.org,2002:timestamp":
                value = node.value  # dates stay as the text the author wrote
            return value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise YamlProblem(line, f"tag {node.tag!r} is not allowed")
            seq = LocatedList(self.convert(item, depth + 1) for item in node.value)
            seq.line = line
            seq.item_lines = [item.start_mark.line + 1 for item in node.value]
            return seq
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise YamlProblem(line, f"tag {node.tag!r} is not allowed")
            mapping = LocatedMap()
            mapping.line = line
            mapping.key_lines = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(key_line, "merge keys ('<<') are not supported")
                key = self.convert(key_node, depth + 1)
                if not isinstance(key, str | int | float | bool) or key is None:
                    raise YamlProblem(key_line, "mapping keys must be plain text")
                key = str(key)
                if key in mapping:
                    raise YamlProblem(key_line, f"duplicate key {key!r}")
                mapping[key] = self.convert(value_node, depth + 1)
                mapping.key_lines[key] = key_line
            return mapping
        raise YamlProblem(line, "unsupported YAML node")  # pragma: no cover
