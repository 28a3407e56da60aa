"""A field's name as a lawyer reads it, from the schema's titles: ("other_investors", 0, "signatory",
"name") → "Other investors › Other investor 1 › Signatory › Name". Pages show these, never a path."""
from __future__ import annotations

from . import form


def label(schema: dict, path: tuple) -> str:
    parts: list[str] = []
    node: dict = schema
    holder: dict | None = None  # the property a list index is an index of
    for part in path:
        resolved, _ = form._resolve(schema, node) if node else ({}, False)
        if isinstance(part, int):
            each = (holder or {}).get("x-item-title") or (form._singular(parts[-1]) if parts else "Item")
            parts.append(f"{each} {part + 1}")
            node = resolved.get("items", {})
            continue
        properties = resolved.get("properties", {})
        node = holder = properties.get(str(part), {})
        parts.append(form._title(str(part), node) if node else _words(str(part)))
    return " › ".join(parts)


def _words(key: str) -> str:
    """A key the schema does not describe (inside a free mapping): its words, capitalised once."""
    text = key.replace("_", " ").replace(".", " › ")
    return text[:1].upper() + text[1:]


def path_of(name: str) -> tuple:
    """A form input's name ('other_investors.0.name') as a path (('other_investors', 0, 'name'))."""
    return tuple(int(p) if p.isdigit() else p for p in name.split(".") if p)
