"""Term-sheet text → plain data, with the line where each field starts.

Line numbers come from the YAML node tree, or for JSON (read by JSON's own parser, for what it
means) from a scan of the same text. Aliases, deep nesting,
duplicate keys, binary and oversized files are refused here, each with file, line and field.
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import TermSheetError

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def read(path: Path) -> bytes:
    """A term sheet's bytes: only from a regular file, and never more than MAX_BYTES of it. The file
    is opened without blocking and checked again once open, so a pipe or device put in its place
    cannot make a build wait, or read without end."""
    name = str(path)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise TermSheetError("file not found", file=name, hint="give the path of a .yaml or .json term sheet") from None
    except OSError as exc:  # a folder opens read-only, and is refused below as one
        raise TermSheetError(f"cannot be read: {exc.strerror}", file=name,
                             hint="give the path of a readable .yaml or .json term sheet") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise TermSheetError(f"is {kind}, not a term-sheet file", file=name,
                                 hint="give the path of a .yaml or .json term sheet")
        if info.st_size > MAX_BYTES:
            raise TermSheetError(f"is {info.st_size:,} bytes; a term sheet may be at most {MAX_BYTES:,}",
                                 file=name, line=1, field=TOP_LEVEL)
        os.set_blocking(handle, True)
        chunks, size = [], 0
        while size <= MAX_BYTES:  # the file may grow after the check: read one byte past the limit at most
            chunk = os.read(handle, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise TermSheetError(f"cannot be read: {exc.strerror}", file=name) from None
    finally:
        os.close(handle)
    return b"".join(chunks)


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
    if name.lower().endswith(".json"):
        data, lines = _parse_json(text, name)
    else:
        data, lines = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise TermSheetError(f"holds a {type(data).__name__}, not a mapping of fields", file=name, line=1,
                             field=TOP_LEVEL)
    refuse_controls(data, (), lines, name)
    return data, lines


# C0 and C1 control characters (and DEL): they print as nothing, or as a terminal's commands. Tab and
# newline are whitespace a multi-line value may hold, and the markup folds them in a one-line one.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 0x0b: "VT", 0x0c: "FF", 0x0d: "CR", 0x1b: "ESC", 0x7f: "DEL"}


def refuse_controls(data: Any, path: tuple, lines: dict[tuple, int], name: str) -> None:
    """A value holding a control character is refused where it stands, naming the character."""
    if isinstance(data, dict):
        for key, value in data.items():
            refuse_controls(value, path + (key,), lines, name)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            refuse_controls(value, path + (i,), lines, name)
    elif isinstance(data, str):
        found = CONTROL.search(data)
        if found:
            code = ord(found.group(0))
            label = f"U+{code:04X}" + (f" ({CONTROL_NAMES[code]})" if code in CONTROL_NAMES else "")
            raise TermSheetError(f"holds the control character {label}, which no document can print", file=name,
                                 line=line_for(lines, path), field=dotted(path),
                                 hint="take it out; tab and newline are the only control characters a value "
                                      "may hold")


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
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
    except yaml.YAMLError as exc:  # the reader's: a character YAML does not allow, which has no mark
        position = getattr(exc, "position", None)  # where in the text the reader stopped
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        raise TermSheetError(f"is not valid YAML: {str(exc).splitlines()[0]}", file=name, line=line,
                             field=field_at(text, line))
    if node is None:
        raise TermSheetError("is empty", file=name, line=1, field=TOP_LEVEL,
                             hint="expected a mapping such as 'company: {name: ...}'")
    lines: dict[tuple, int] = {}
    data = _construct(node, (), lines, name, set())
    return data, lines


def _parse_json(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    """JSON by JSON's own rules (so "\\ud83d\\ude00" is an emoji, as JSON says), with the line of
    every field from a scan of the same text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TermSheetError(f"is not valid JSON: {exc.msg}", file=name, line=exc.lineno,
                             field=field_at(text, exc.lineno)) from None
    except RecursionError:
        raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=1, field=TOP_LEVEL) from None
    return data, json_lines(text, name)


_JSON_TOKEN = re.compile(r'''"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+''')


def json_lines(text: str, name: str) -> dict[tuple, int]:
    """The line each field path of a (valid) JSON text starts on; refuses a key set twice and deep
    nesting, as the YAML reader does."""
    lines: dict[tuple, int] = {}
    stack: list[list] = []  # per open container: [path, is_object, next index or pending key, keys seen]
    line, position = 1, 0
    expect_key = False
    for match in _JSON_TOKEN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        token = match.group(0)
        if token in ",:":
            continue
        if token in "}]":
            stack.pop()
            expect_key = bool(stack) and stack[-1][1]
            continue
        if stack and stack[-1][1] and expect_key:  # a key of the open object
            key = json.loads(token)
            if key in stack[-1][3]:
                raise TermSheetError(f"sets '{key}' twice", file=name, line=line, field=dotted(stack[-1][0] + (key,)))
            stack[-1][3].add(key)
            stack[-1][2] = key
            expect_key = False
            continue
        if not stack:
            path: tuple = ()
        elif stack[-1][1]:
            path = stack[-1][0] + (stack[-1][2],)
            expect_key = True
        else:
            path = stack[-1][0] + (stack[-1][2],)
            stack[-1][2] += 1
        lines.setdefault(path, line)
        if len(path) > MAX_DEPTH:
            raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=line, field=dotted(path))
        if token in "{[":
            stack.append([path, token == "{", 0, set()])
            expect_key = token == "{"
    return lines


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
# Plain scalars YAML 1.1 converts where a writer means the text: sexagesimal "48:00" (2,880), octal
# "0755" (493) or "07424" (a postal code, 3,860), binary "0b101", digits grouped with "_", and
# yes/no/on/off as booleans. They stay text; a number or switch field then refuses them by name.
_YAML11_ONLY = {
    "tag:yaml.org,2002:int": re.compile(r"[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+|0[0-7_]+|0b[01_]+|[0-9][0-9_]*_[0-9_]*)"),
    "tag:yaml.org,2002:float": re.compile(r"[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[0-9_]*_[0-9_]*\.[0-9_]*"
                                          r"(?:[eE][-+][0-9]+)?)"),
    "tag:yaml.org,2002:bool": re.compile(r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"),
}


def _yaml11_only(node) -> bool:
    """A plain scalar only YAML 1.1 reads as a number or a boolean (see _YAML11_ONLY)."""
    return not node.style and node.tag in _YAML11_ONLY and bool(_YAML11_ONLY[node.tag].fullmatch(node.value))


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
            try:
                key = key_node.value if _yaml11_only(key_node) else str(_constructor.construct_object(key_node))
            except (ValueError, yaml.constructor.ConstructorError) as exc:
                raise TermSheetError(f"has a key that cannot be read ({' '.join(str(exc).split())})", file=name,
                                     line=key_node.start_mark.line + 1, field=dotted(path)) from None
            if key in out:
                raise TermSheetError(f"sets '{key}' twice", file=name, line=key_node.start_mark.line + 1,
                                     field=dotted(path + (key,)))
            out[key] = _construct(value_node, path + (key,), lines, name, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, name, seen) for i, item in enumerate(node.value)]
    if _yaml11_only(node):
        return node.value  # a reading YAML 1.2 does not have: the text as written, for the schema to judge
    try:
        return _constructor.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise TermSheetError(f"has a value that cannot be read ({' '.join(str(exc).split())})", file=name,
                             line=lines[path], field=dotted(path)) from None


def set_path(data: dict, dotted: str, value: Any, name: str, line: int | None, known: dict | None = None) -> None:
    """Set a term-sheet value by its dotted path, refusing a path the term sheet does not have.

    ``known``: the same term sheet with every default filled in. A section left out because all of it
    is at its defaults (``rule_144``) is still the term sheet's, so a change may reach into it."""
    node, known = data, known or {}
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if isinstance(node, dict) and part not in node and i < len(parts) - 1 and isinstance(known.get(part), dict):
            node[part] = {}
        if not isinstance(node, dict) or (part not in node and i < len(parts) - 1):
            raise TermSheetError(f"changes '{dotted}', which is not a field of this term sheet", file=name,
                                 line=line, field=dotted)
        if i == len(parts) - 1:
            node[part] = value
        else:
            node = node[part]
            known = known.get(part) if isinstance(known.get(part), dict) else {}


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
