"""The term-sheet form, drawn from the term sheet's JSON Schema, and read back into term-sheet data.

Nothing here names a field of the term sheet except the grouping into sections: every input, label,
help text, type, repeatable group and switch comes from the schema, so a field added to the model
(or a library's facts added to the schema) appears in the form by itself.

Input names are field paths with list indexes as parts: ``other_investors.0.notices.address.lines.1``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# The form's sections: a title and the field paths they hold. A top-level field no section names
# (a library's own facts) gets a section of its own after these.
SECTIONS = [
    ("parties", "Parties", ["company", "investor"]),
    ("dates", "Dates and signing", ["agreement"]),
    ("securities", "Securities", ["securities", "placement_agent"]),
    ("registration", "Registration", ["registration"]),
    ("obligations", "Obligations", ["company_obligations", "investor_obligations", "rule_144"]),
    ("governing-law", "Governing law", ["governing_law"]),
    ("investors", "Other investors", ["other_investors"]),
    ("charter", "Charter", ["charter"]),
    ("amendments", "Amendments", ["agreement.amendments", "charter.amendments"]),
]
# Shown in their own section, not inside their parent's.
SPLIT_OUT = {"agreement.amendments", "charter.amendments"}
# Parts of a deal a lawyer adds, or removes whole, rather than fields always asked: absent, the
# form shows only a button to add one (a blank matter has none). Repeatable groups (investors,
# amendments) have their own add and remove buttons.
PARTS = {"charter"}
# Written by the workbench, not typed: an agreement amendment's changes and new words are made on
# the amendment page by editing the agreement (web/amend.py); the form lists them in words.
WRITTEN = "agreement.amendments"
# A switch that hides fields beside it when off, besides the generic ``enabled`` switch.
INVERSE_SWITCHES = {"no_par": ["par_value"]}


@dataclass
class Node:
    kind: str                 # object, array, mapping, boolean, integer, number, date, enum, string
    name: str                 # the input name: dotted path
    label: str
    help: str = ""
    required: bool = False
    value: Any = None         # the scalar's current value as the input shows it
    children: list["Node"] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    item_label: str = ""      # array: what one item is called
    switch: str = ""          # object: the boolean child that hides the others when off
    hidden_when_on: list[str] = field(default_factory=list)  # object: children hidden when switch on
    depends: bool = False     # this node is hidden while its object's switch says so
    minimum: int | None = None
    part: bool = False        # object: one of PARTS, added and removed whole
    mapping: dict = field(default_factory=dict)  # mapping: its entries, to list them in words
    present: bool = True      # part: the deal has it (else only its add button shows)

    @property
    def id(self) -> str:
        return "f-" + self.name

    @property
    def section_id(self) -> str:
        return "s-" + self.name


def _resolve(schema: dict, node: dict) -> tuple[dict, bool]:
    """Follow $ref and unwrap ``X | None``; returns (schema, nullable)."""
    nullable = False
    while True:
        if "$ref" in node:
            node = {**schema["$defs"][node["$ref"].split("/")[-1]],
                    **{k: v for k, v in node.items() if k != "$ref"}}
            continue
        if "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            nullable = nullable or len(options) < len(node["anyOf"])
            rest = {k: v for k, v in node.items() if k != "anyOf"}
            # Decimal is "number or string": one number input.
            numeric = [o for o in options if o.get("type") in ("number", "integer")]
            node = {**(numeric[0] if numeric else options[0]), **rest}
            continue
        if isinstance(node.get("type"), list):  # a library's fact: {"type": ["string", "null"]}
            kinds = [k for k in node["type"] if k != "null"]
            nullable = nullable or len(kinds) < len(node["type"])
            node = {**node, "type": kinds[0] if kinds else "string"}
            continue
        return node, nullable


def _kind(node: dict) -> str:
    if node.get("type") == "object" or "properties" in node:
        return "object" if "properties" in node else "mapping"
    if node.get("type") == "array":
        return "array"
    if "enum" in node:
        return "enum"
    if node.get("format") == "date":
        return "date"
    return {"boolean": "boolean", "integer": "integer", "number": "number"}.get(node.get("type"), "string")


def _title(key: str, node: dict) -> str:
    """The property's own title ("Filing Deadline Days"), else its key: a nested model's own title
    is its class's ("Address" for every address), which says less than the key ("principal_office")."""
    return node.get("title") or key.replace("_", " ").title()


def build(schema: dict, data: dict) -> list[tuple[str, str, list[Node]]]:
    """The form's sections, each a list of nodes filled from ``data``."""
    top = {key: _node(schema, sub, (key,), _get(data, (key,)), key in schema.get("required", []))
           for key, sub in schema["properties"].items()}
    for key in PARTS & top.keys():
        top[key].part, top[key].present = True, isinstance(data.get(key), dict)
    # A part the deal does not have asks nothing, not even in another section (its amendments).
    split = [_find(top[p.split(".")[0]], p) for p in SPLIT_OUT
             if p.split(".")[0] in top and top[p.split(".")[0]].present]
    for node in [n for n in top.values()]:
        _drop(node, {n.name for n in split if n is not None})
    separate = {n.name: n for n in split if n is not None}
    sections = []
    named = set()
    for sid, title, paths in SECTIONS:
        nodes = []
        for path in paths:
            parts = path.split(".")
            named.add(parts[0])
            if len(parts) > 1 and parts[0] in top and not top[parts[0]].present:
                continue
            found = separate.get(path) or (_find(top[parts[0]], path) if parts[0] in top else None)
            if found is not None:
                nodes.append(found)
        if nodes:
            sections.append((sid, title, nodes))
    for key, node in top.items():
        if key not in named:
            sections.append((f"more-{key}", node.label, [node]))
    return sections


def names(sections) -> set[str]:
    """Every node's name: the inputs', and the groups' (an error on a whole group shows there)."""
    found: set[str] = set()

    def walk(node: Node) -> None:
        found.add(node.name)
        for child in node.children:
            walk(child)
    for _, _, nodes in sections:
        for node in nodes:
            walk(node)
    return found


def _drop(node: Node, names: set[str]) -> None:
    """Take the nodes shown in a section of their own out of their parent's."""
    node.children = [c for c in node.children if c.name not in names]
    for child in node.children:
        _drop(child, names)


def _find(node: Node, name: str) -> Node | None:
    if node.name == name:
        return node
    for child in node.children:
        if name == child.name or name.startswith(child.name + "."):
            return _find(child, name)
    return None


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _node(schema: dict, raw: dict, path: tuple, value: Any, required: bool) -> Node:
    node, _ = _resolve(schema, raw)
    kind = _kind(node)
    name = ".".join(map(str, path))
    key = str(path[-1])
    made = Node(kind, name, _title(key, raw) if not isinstance(path[-1], int) else "",
                help=raw.get("description") or node.get("description") or "", required=required)
    if kind == "object":
        needed = node.get("required", [])
        for child_key, child in node["properties"].items():
            made.children.append(_node(schema, child, path + (child_key,), _get(value, (child_key,)),
                                       child_key in needed))
        if "enabled" in node["properties"] and _kind(_resolve(schema, node["properties"]["enabled"])[0]) == "boolean":
            made.switch = "enabled"
            for child in made.children:
                child.depends = not child.name.endswith(".enabled")
        for switch, hidden in INVERSE_SWITCHES.items():
            if switch in node["properties"]:
                made.hidden_when_on = [f"{name}.{h}" for h in hidden]
                made.switch = switch
                for child in made.children:
                    child.depends = child.name in made.hidden_when_on
    elif kind == "array":
        items = value if isinstance(value, list) else []
        count = max(len(items), node.get("minItems", 0) if required else 0)
        item_schema = node.get("items", {})
        resolved, _ = _resolve(schema, item_schema)
        made.item_label = raw.get("x-item-title") or _singular(made.label)
        made.minimum = node.get("minItems", 0)
        for i in range(count):
            child = _node(schema, item_schema, path + (i,), items[i] if i < len(items) else None, True)
            child.label = f"{made.item_label} {i + 1}"
            made.children.append(child)
    elif kind == "mapping":
        made.value = yaml.safe_dump(value, sort_keys=False, allow_unicode=True).strip() if value else ""
        made.mapping = value if isinstance(value, dict) else {}
    elif kind == "enum":
        made.options = [str(o) for o in node["enum"]]
        value = node.get("default") if value is None else value
        made.value = "" if value is None else str(value)
    elif kind == "boolean":
        made.value = bool(node.get("default", False) if value is None else value)
    else:
        made.value = "" if value is None else str(value)
    return made


# --- reading the form back -------------------------------------------------------------------

def read(schema: dict, form, ops: tuple[str, str] | None = None) -> dict:
    """The posted form as term-sheet data. ``ops``: ("add" or "remove", array or item name)."""
    data = _read(schema, schema, (), form, ops)
    return data or {}


def _read(schema: dict, raw: dict, path: tuple, form, ops) -> Any:
    node, _ = _resolve(schema, raw)
    kind = _kind(node)
    name = ".".join(map(str, path))
    if kind == "object":
        out = {}
        for key, child in node["properties"].items():
            value = _read(schema, child, path + (key,), form, ops)
            if value is not None:
                out[key] = value
        # An object with nothing given but switches at their defaults is left out: absent and
        # default are the same to the model, and a section the user never filled must stay absent.
        given = {k: v for k, v in out.items()
                 if not (isinstance(v, bool) and v == _resolve(schema, node["properties"][k])[0].get("default", False))}
        if len(path) == 1 and path[0] in PARTS:  # a part is there, filled or not, until removed
            if ops == ("remove", name):
                return None
            if f"{name}.__part" in form or ops == ("add", name):
                return out
        return out if given else None
    if kind == "array":
        count = _int(form.get(f"{name}.__count")) or 0
        items = [_read(schema, node.get("items", {}), path + (i,), form, ops) for i in range(count)]
        if ops and ops[0] == "remove":
            items = [item for i, item in enumerate(items) if f"{name}.{i}" != ops[1]]
        items = [item for item in items if item is not None]
        if ops and ops[0] == "add" and ops[1] == name:
            items.append({} if "properties" in _resolve(schema, node.get("items", {}))[0] else "")
        return items or None
    if kind == "boolean":
        return form.get(name) == "on" if f"{name}.__box" in form else None
    if kind == "date" and f"{name}.year" in form:
        return _date(*((form.get(f"{name}.{part}") or "").strip() for part in ("day", "month", "year")))
    text = form.get(name)
    if text is None:
        return None
    text = text.strip()
    if text == "":
        return None
    if kind == "mapping":
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError:
            return text  # the model says what is wrong with it
    if kind == "integer":
        number = _int(text)
        return number if number is not None else text
    if kind == "number":
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return text
        if number.is_integer() and re.fullmatch(r"-?[\d,]+", text):
            return int(number)
        # Keep the digits as typed when a float would not print them back the same.
        return number if repr(number) == text.replace(",", "") else text
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _date(day: str, month: str, year: str):
    """A date from its three boxes; an impossible one ("30", "2", "2026") stays as the text
    "2026-02-30" for the model to refuse in words, never rolled over into another day."""
    if not (day or month or year):
        return None
    if day.isdigit() and month.isdigit() and year.isdigit():
        text = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return f"{year}-{month}-{day}"


def _singular(label: str) -> str:
    if label.endswith("ss"):
        return label
    return label[:-2] if label.endswith("sses") else label[:-1] if label.endswith("s") else label


def _int(text) -> int | None:
    if text is None:
        return None
    text = str(text).strip().replace(",", "")
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def field_name(dotted: str | None) -> str:
    """A message's field ('other_investors[0].name') as the form's input name ('other_investors.0.name')."""
    return re.sub(r"\[(\d+)\]", r".\1", dotted or "")
