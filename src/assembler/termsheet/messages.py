"""A pydantic validation error → one line: file, line, field, what is wrong, what would do."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import TermSheetError
from .source import dotted, line_for


def first_error(exc: ValidationError, lines: dict, name: str, model: type[BaseModel],
                also: tuple[str, ...] = ()) -> TermSheetError:
    """``also``: top-level names a library adds, which a misspelt top-level key may have meant."""
    errors = exc.errors(include_url=False)
    # A misspelt key shows up twice, as unknown and as missing; the unknown one says more.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(err["loc"])
    field = dotted(loc)
    kind = err["type"]
    if kind == "missing":
        return TermSheetError("is required but missing", file=name, line=line_for(lines, loc[:-1]),
                              field=field, hint=accepts(model, loc))
    if kind == "extra_forbidden":
        known = sorted([*known_keys(model, loc[:-1]), *(also if len(loc) == 1 else ())])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"known fields here: {', '.join(known)}"
        return TermSheetError("is not a known field", file=name, line=line_for(lines, loc), field=field,
                              hint=hint)
    got = err.get("input")
    if kind == "value_error" and isinstance(got, (dict, list)):
        # A rule across several fields (dates in order, classes adding up): its message says it all.
        return TermSheetError(err["msg"].removeprefix("Value error, "), file=name, line=line_for(lines, loc),
                              field=field)
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = err["msg"][0].lower() + err["msg"][1:]
    msg = msg.removeprefix("value error, ")
    return TermSheetError(f"{msg}; got {shown}", file=name, line=line_for(lines, loc), field=field,
                          hint=_unsaid(accepts(model, loc), msg))


def _unsaid(hint: str | None, msg: str) -> str | None:
    """The hint without the bound the message has just stated ("should be greater than 0")."""
    said = re.search(r"should be (greater than|less than or equal to|at most) (\S+)", msg)
    if not hint or not said:
        return hint
    phrase = "at most" if said.group(1) != "greater than" else "greater than"
    value = said.group(2)
    return re.sub(rf"( and)? {phrase} {re.escape(value)}( and)?", lambda m: " " if m.group(1) and m.group(2) else "",
                  hint, count=1).replace("  ", " ")


def field_info(model: type[BaseModel], loc: tuple):
    """The pydantic FieldInfo at a location, following nested models."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        current = model_of(info.annotation)
    return info


def model_of(annotation):
    """The pydantic model inside an annotation such as ``Registration | None`` or ``list[ShareClass]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = model_of(arg)
        if found:
            return found
    return None


def known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current = model if not loc else model_of(getattr(field_info(model, loc), "annotation", None))
    return sorted(current.model_fields) if current else []


def _limits(metadata: list) -> str:
    """A type's bounds in words, each once however many layers of the type state it:
    "from 1800-01-01 to 2199-12-31", "greater than 0 and at most 100,000"."""
    found: dict[str, Any] = {}
    for meta in metadata:
        for inner in getattr(meta, "metadata", [meta]):  # Annotated inside Optional wraps a FieldInfo
            for name in ("gt", "ge", "lt", "le", "max_length", "decimal_places"):
                if getattr(inner, name, None) is not None:
                    found[name] = getattr(inner, name)
    shown = {name: f"{value:,}" if isinstance(value, int) and value >= 10_000 else str(value)
             for name, value in found.items()}
    low = f"from {shown['ge']}" if "ge" in shown else f"greater than {shown['gt']}" if "gt" in shown else ""
    high = f"less than {shown['lt']}" if "lt" in shown else f"at most {shown['le']}" if "le" in shown else ""
    if "ge" in shown and high.startswith("at most"):
        range_ = f"{low} to {shown['le']}"
    else:
        range_ = " and ".join(part for part in (low, high) if part)
    extra = [f"of at most {shown['max_length']} characters"] if "max_length" in shown else []
    extra += [f"with at most {shown['decimal_places']} decimal places"] if "decimal_places" in shown else []
    return " ".join(part for part in (range_, *extra) if part)


def accepts(model: type[BaseModel], loc: tuple) -> str | None:
    info = field_info(model, loc)
    if info is None:
        return None
    item = _accepts(info)
    # A list field given something else is told it wants a list (and of what), not one item.
    # (No list field of the term sheet is optional, so a list is ``list[X]`` itself.)
    if item and loc and not isinstance(loc[-1], int) and typing.get_origin(info.annotation) is list:
        return "expected a list, each item " + item.removeprefix("expected ")
    return item


def _accepts(info) -> str | None:
    ann = info.annotation
    names = {int: "a whole number", Decimal: "a number", dt.date: "a date like 2024-03-05",
             bool: "true or false", str: "text"}
    # "Amount | None" is Optional[Annotated[Decimal, Gt(0)]]: look inside for the type and its bounds.
    candidates = [(ann, info.metadata)] + [(getattr(arg, "__origin__", arg), getattr(arg, "__metadata__", ()))
                                          for arg in getattr(ann, "__args__", ())]
    for typ, words in names.items():
        for candidate, metadata in candidates:
            if candidate is not typ:
                continue
            text = " ".join([f"expected {words}", _limits([*info.metadata, *metadata])]).rstrip()
            return text + (f"; {info.description}" if info.description else "")
    sub = model_of(ann)
    if sub:
        return "expected a mapping with " + ", ".join(sorted(sub.model_fields))
    return info.description
