"""Term-sheet text → plain data, with the line where each field starts.

Line numbers come from the YAML node tree (JSON is read by the same parser, being YAML's
subset for our purposes, and then by JSON's own for what it means). Aliases, deep nesting,
duplicate keys, binary and oversized files are refused here, each with file, line and field.
"""
from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..errors import TermSheetError

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


def parse(raw: bytes, name: str) -> tuple[Any, dict[tuple, int]]:
    """Bytes → plain data, and the line where each field path starts."""
    if len(raw) > MAX_BYTES:
        raise TermSheetError(f"is {len(raw):,} bytes; a term sheet may be at most {MAX_BYTES:,}", file=name,
                             line=1, field=TOP_LEVEL)
    if not raw.strip():
        raise TermSheetError("is empty", file=name, line=1, field=TOP_LEVEL,
                             hint="expected a mapping such as 'company: {name: ...}'")
    if b"\x00" in raw:
        raise TermSheetError("is a binary file, not YAML or JSON text", file=name,
                             line=raw[:raw.index(b"\x00")].count(b"\n") + 1, field=TOP_LEVEL)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TermSheetError(f"is not UTF-8 text (byte {exc.start})", file=name,
                             line=raw[:exc.start].count(b"\n") + 1, field=TOP_LEVEL,
                             hint="save the file as UTF-8")
    try:
        # An alias is refused where it stands (the composer would hand back the anchored node, and
        # with it the anchor's line); nine aliases of nine aliases are a "billion laughs".
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise TermSheetError("uses a YAML alias (*name); write the value out in full", file=name,
                                     line=line, field=field_at(text, line))
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # libyaml marks a problem found at the end of the file on the line after the last.
        line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 1
        raise TermSheetError(f"is not valid YAML: {exc.problem or exc.context}", file=name, line=line,
                             field=field_at(text, line))
    except yaml.YAMLError as exc:
        raise TermSheetError(f"is not valid YAML: {exc}", file=name, line=1, field=TOP_LEVEL)
    if node is None:
        raise TermSheetError("is empty", file=name, line=1, field=TOP_LEVEL,
                             hint="expected a mapping such as 'company: {name: ...}'")
    lines: dict[tuple, int] = {}
    data = _construct(node, (), lines, name, set())
    if name.lower().endswith(".json"):
        try:  # JSON's own parser decides what JSON means; YAML only gave us the lines
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TermSheetError(f"is not valid JSON: {exc.msg}", file=name, line=exc.lineno,
                                 field=field_at(text, exc.lineno))
    if not isinstance(data, dict):
        raise TermSheetError(f"holds a {type(data).__name__}, not a mapping of fields", file=name, line=1,
                             field=TOP_LEVEL)
    return data, lines


TOP_LEVEL = "(top level)"
# libyaml's parser when PyYAML has it: a tenth of the pure-Python one's time, same events and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY = re.compile(r"""^(\s*)(?:-\s+)?["']?([\w.-]+)["']?\s*:""")


def field_at(text: str, line: int) -> str:
    """The dotted field a line of YAML (or JSON) sits in, read from the keys and indentation above
    it: for a file that does not parse, the best the message can say."""
    path: list[tuple[int, str]] = []
    for row in text.splitlines()[:line]:
        match = _KEY.match(row)
        if not match:
            continue
        indent = len(match.group(1))
        while path and path[-1][0] >= indent:
            path.pop()
        path.append((indent, match.group(2)))
    return ".".join(key for _, key in path) or TOP_LEVEL


_constructor = yaml.constructor.SafeConstructor()


def _construct(node, path: tuple, lines: dict, name: str, seen: set) -> Any:
    """Build plain data from the node tree, refusing aliases and deep nesting."""
    lines[path] = node.start_mark.line + 1
    if len(path) > MAX_DEPTH:
        raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=lines[path],
                             field=dotted(path))
    if id(node) in seen:  # the composer hands back the anchored node itself for an alias
        raise TermSheetError("uses a YAML alias (*name); write the value out in full", file=name,
                             line=lines[path], field=dotted(path))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise TermSheetError("has a key that is not plain text", file=name,
                                     line=key_node.start_mark.line + 1, field=dotted(path))
            key = str(_constructor.construct_object(key_node))
            if key in out:
                raise TermSheetError(f"sets '{key}' twice", file=name, line=key_node.start_mark.line + 1,
                                     field=dotted(path + (key,)))
            out[key] = _construct(value_node, path + (key,), lines, name, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, name, seen) for i, item in enumerate(node.value)]
    try:
        return _constructor.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise TermSheetError(f"has a value that cannot be read ({exc})", file=name, line=lines[path],
                             field=dotted(path))


def set_path(data: dict, dotted: str, value: Any, name: str, line: int | None) -> None:
    """Set a term-sheet value by its dotted path, refusing a path the term sheet does not have."""
    node = data
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if not isinstance(node, dict) or (part not in node and i < len(parts) - 1):
            raise TermSheetError(f"changes '{dotted}', which is not a field of this term sheet", file=name,
                                 line=line, field=dotted)
        if i == len(parts) - 1:
            node[part] = value
        else:
            node = node[part]


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out or TOP_LEVEL


def line_for(lines: dict[tuple, int], path: tuple) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
