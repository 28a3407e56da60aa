"""A library's own facts: new top-level keys of the term sheet, declared in the library's
``facts.schema.yaml`` (JSON Schema, written in YAML) and validated with ``jsonschema``.

Our own facts stay in the strict pydantic models; a library may add keys beside them but not
change them. A library fact's error reads like ours: file, line, field, what is wrong, and what
the schema accepts there.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datafile import read_yaml
from ..errors import ClauseError, TermSheetError
from .schema import visible_controls
from .source import dotted, line_for

SCHEMA_FILE = "facts.schema.yaml"


@dataclass(frozen=True)
class Facts:
    """The facts one or more libraries add: their top-level names and the schema of each."""
    properties: dict[str, dict]
    required: tuple[str, ...]
    definitions: dict[str, dict]
    files: tuple[str, ...]

    def schema(self) -> dict:
        """The library facts as one JSON Schema of a mapping. Our own models are there to reuse
        by reference (``$ref: "#/$defs/Notices"``), as in the combined schema."""
        return {"type": "object", "properties": self.properties, "required": list(self.required),
                "$defs": {**_our_definitions(), **self.definitions}}


NONE = Facts({}, (), {}, ())


@functools.lru_cache(maxsize=1)
def _our_definitions() -> dict[str, dict]:
    from .schema import Deal
    return Deal.model_json_schema().get("$defs", {})


def declared(folders: list[Path], ours: set[str]) -> Facts:
    """The facts the libraries in ``folders`` declare (``ours``: our own top-level names, which a
    library may not redeclare)."""
    files = [folder / SCHEMA_FILE for folder in folders if (folder / SCHEMA_FILE).is_file()]
    if not files:
        return NONE
    properties: dict[str, dict] = {}
    required: list[str] = []
    definitions: dict[str, dict] = {}
    for path in files:
        schema = _read(path, path.stat().st_mtime_ns)
        for name, spec in schema.get("properties", {}).items():
            if name in ours:
                raise ClauseError(f"declares '{name}', which is one of assembler's own facts", file=str(path),
                                  field=f"properties.{name}", hint="give a library fact a name of its own")
            if name in properties:
                raise ClauseError(f"declares '{name}', which another library declares too", file=str(path),
                                  field=f"properties.{name}")
            properties[name] = spec
        required += schema.get("required", [])
        definitions.update(schema.get("$defs", {}))
    return Facts(properties, tuple(required), definitions, tuple(str(p) for p in files))


@functools.lru_cache(maxsize=16)
def _read(path: Path, modified: int) -> dict:
    from jsonschema import SchemaError
    from jsonschema.validators import validator_for

    schema = read_yaml(path)
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        raise ClauseError("is not a facts schema: expected a JSON Schema of a mapping, with properties",
                          file=str(path), hint="type: object, properties: {your_fact: {type: ...}}")
    try:
        validator_for(schema).check_schema(schema)
    except SchemaError as exc:
        raise ClauseError(f"is not a valid JSON Schema: {exc.message}", file=str(path),
                          field=".".join(str(p) for p in exc.absolute_path) or None) from None
    return schema


def validate(facts: Facts, data: dict, lines: dict[tuple, int], name: str) -> dict[str, Any]:
    """The library's facts out of ``data``, checked against their schema."""
    if not facts.properties:
        return {}  # and no import of jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    given = {key: _plain(data[key]) for key in facts.properties if key in data}
    validator = Draft202012Validator(facts.schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    error = best_match(validator.iter_errors(given))
    if error is None:  # a fact the term sheet leaves out is None (or its default), as our own optional facts are
        return {key: _filled(given[key], spec, facts.definitions) if key in given
                else _absent(spec, facts.definitions)
                for key, spec in facts.properties.items()}
    path = tuple(error.absolute_path)
    if error.validator == "required":
        # The schema's own list, not jsonschema's wording: a name may hold an apostrophe.
        missing = next(key for key in error.validator_value if key not in error.instance)
        raise _error(name, lines, path, path + (missing,), "is required but missing",
                     _described(error.schema.get("properties", {}).get(missing)))
    if error.validator == "additionalProperties":
        import difflib
        import re
        known = sorted(error.schema.get("properties", {}))
        patterns = list(error.schema.get("patternProperties", {}))
        # (as jsonschema decides it: neither a property nor matched by a pattern)
        key = next(key for key in error.instance
                   if key not in known and not any(re.search(pattern, key) for pattern in patterns))
        guess = difflib.get_close_matches(key, known, n=1)
        raise _error(name, lines, path + (key,), path + (key,), "is not a known field",
                     f"did you mean '{guess[0]}'?" if guess else "known fields here: " + ", ".join(known))
    raise _error(name, lines, path, path, error.message, _described(error.schema))


def _filled(value: Any, schema: dict, definitions: dict | None = None) -> Any:
    """A value as the clauses read it: every property the schema declares present at every depth
    (its ``default``, else ``None``, where the term sheet leaves it out), a ``format: date`` as a
    date, and a value the schema gives as one of our own models (``$ref: "#/$defs/Notices"``) as
    that model has it, so our clauses and macros read it as they read our facts."""
    from . import schema as models

    definitions = definitions or {}
    ref = schema.get("$ref", "")
    name = ref.removeprefix("#/$defs/") if ref.startswith("#/$defs/") else None
    if name in definitions:  # the library's own definition
        return _filled(value, definitions[name], definitions)
    model = getattr(models, name, None) if name else None
    if isinstance(model, type) and issubclass(model, models.Model):
        return model.model_validate(value).model_dump(mode="python")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        filled = {key: _absent(spec, definitions) for key, spec in properties.items() if isinstance(spec, dict)}
        filled.update({key: _filled(item, properties.get(key, {}), definitions) for key, item in value.items()})
        return filled
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_filled(item, schema["items"], definitions) for item in value]
    if isinstance(value, str) and schema.get("format") == "date":
        return dt.date.fromisoformat(value)  # the schema has checked it is one
    return value


def _absent(schema: dict, definitions: dict | None = None) -> Any:
    """A fact the term sheet leaves out: the schema's ``default`` (as the clauses read it), else None."""
    if isinstance(schema, dict) and "default" in schema:
        return _filled(schema["default"], schema, definitions)
    return None


def _error(name: str, lines: dict, where: tuple, field: tuple, message: str, hint: str | None) -> TermSheetError:
    return TermSheetError(message, file=name, line=line_for(lines, where), field=dotted(field), hint=hint)


def _described(schema: dict | None) -> str | None:
    """What the schema accepts, as the message's hint."""
    if not isinstance(schema, dict):
        return None
    parts = []
    if "type" in schema:
        parts.append(f"expected {schema['type'] if isinstance(schema['type'], str) else ' or '.join(schema['type'])}")
    if "format" in schema:
        parts.append(f"format {schema['format']}" + (" like 2024-03-05" if schema["format"] == "date" else ""))
    if "enum" in schema:
        parts.append("one of " + ", ".join(map(str, schema["enum"])))
    if schema.get("description"):
        parts.append(schema["description"])
    return "; ".join(parts) or None


def _plain(value: Any) -> Any:
    """As JSON would have it: YAML's dates as ISO text (the style filters read either); control
    characters shown as their pictures, as in our own facts."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return visible_controls(value)
    return value
