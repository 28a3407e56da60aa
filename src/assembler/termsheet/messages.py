"""What is wrong with a term sheet, found once and said to each audience.

Each problem is a ``Problem``: where (the field's path), what kind (pydantic's error type, or
``rule`` for a check across fields), and what was given. The bounds and types it is judged by are
written once, in the models (schema.py). ``to_cli`` says it as the CLI does (file, line, dotted
field, the library's words, what would be accepted); ``for_lawyer`` says it to someone filling in
the workbench's form (the field's title, what to enter, an example: no file, line, path or
library wording).
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import TermSheetError
from .source import dotted, line_for


@dataclass
class Problem:
    """One thing wrong with a term sheet, before it is put into words for anyone."""
    loc: tuple
    kind: str                # pydantic's error type ("missing", "int_parsing", ...), or "rule"
    message: str             # the library's or the rule's own words (what the CLI says)
    got: Any = None          # the value given
    hint: str | None = None  # a rule's: what would do


def problem_of(err: dict) -> Problem:
    return Problem(tuple(err["loc"]), err["type"], err["msg"], err.get("input"))


def problems_of(exc: ValidationError) -> list[Problem]:
    """Every problem pydantic found, one per field, in the order of the model's fields."""
    found: dict[tuple, Problem] = {}
    for err in exc.errors(include_url=False):
        problem = problem_of(err)
        # A union (X | None) reports each member's complaint: the first says it.
        found.setdefault(problem.loc, problem)
    return list(found.values())


def first_error(exc: ValidationError, lines: dict, name: str, model: type[BaseModel],
                also: tuple[str, ...] = ()) -> TermSheetError:
    """``also``: top-level names a library adds, which a misspelt top-level key may have meant."""
    errors = exc.errors(include_url=False)
    # A misspelt key shows up twice, as unknown and as missing; the unknown one says more.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    return to_cli(problem_of(err), lines, name, model, also)


def to_cli(problem: Problem, lines: dict, name: str, model: type[BaseModel],
           also: tuple[str, ...] = ()) -> TermSheetError:
    """The problem as the CLI says it: file, line, dotted field, what is wrong, what would do."""
    loc = problem.loc
    field = dotted(loc)
    kind = problem.kind
    err = {"msg": problem.message, "input": problem.got}
    if kind == "rule":
        return TermSheetError(problem.message, file=name, line=line_for(lines, loc), field=field,
                              hint=problem.hint)
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


# --- the same problems, for a lawyer ------------------------------------------------------------

# An example of each kind of value, by the unit a field's title names ("Filing deadline (days)").
EXAMPLES = {"days": "30", "hours": "24", "business days": "10", "months": "12", "years": "2", "%": "75",
            "$": "1.25"}
DATE_EXAMPLE = "1 March 2027"  # any real date; not one of the example deal's
_UNIT = re.compile(r"^(.*?) \(([^()]+)\)$")
_BOUNDS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def split_unit(title: str) -> tuple[str, str]:
    """'Filing deadline (days)' → ('Filing deadline', 'days'); a title without a unit → (title, '')."""
    match = _UNIT.match(title)
    return (match.group(1), match.group(2)) if match else (title, "")


def for_lawyer(problem: Problem, title: str, model: type[BaseModel], plain=lambda text: text) -> str:
    """The problem said to a lawyer at the field titled ``title`` ('Filing deadline (days)'):
    'Filing deadline: enter a whole number of days, such as 30'. ``plain`` rewrites a rule's own
    words (which name fields as the YAML does) in the form's terms."""
    name, unit = split_unit(title)
    info = field_info(model, problem.loc)
    kind = problem.kind
    if kind == "rule":
        return f"{name}: {plain(problem.message)}"
    if kind == "extra_forbidden":
        return f"{name}: this term sheet has no such fact"
    if kind == "literal_error":
        return f"{name}: choose one of the options"
    if kind == "string_pattern_mismatch":
        return f"{name}: use only lower-case letters, digits and hyphens, such as first-capital"
    if kind == "string_too_short":
        return f"{name}: this is needed"
    if kind == "string_too_long":
        return f"{name}: write at most {_number(_bound(info, 'max_length'))} characters"
    if kind.startswith("date") or _wants(info) is dt.date:
        impossible = impossible_date(problem.got)
        if impossible:
            return f"{name}: {impossible}"
        if kind in _BOUNDS:
            return (f"{name}: enter a date from {_day(_bound(info, 'ge'))} to {_day(_bound(info, 'le'))}")
        return f"{name}: enter a real date, such as {DATE_EXAMPLE}"
    wanted = _wanted(info, unit, with_bounds=kind in _BOUNDS)
    if kind == "missing":
        return f"{name}: enter {wanted}" if wanted else f"{name}: this is needed"
    if wanted:
        return f"{name}: enter {wanted}"
    said = problem.message.removeprefix("Value error, ")
    return f"{name}: {plain(said[:1].lower() + said[1:])}"


def impossible_date(got: Any) -> str:
    """'2026-02-30' → '2026 has no 30 February'; '' for anything that is not such a date."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(got or ""))
    if not match:
        return ""
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}: enter the month as a number from 1 to 12"
    if day < 1 or day > calendar.monthrange(year, month)[1]:
        return f"{year} has no {day} {calendar.month_name[month]}"
    return ""


def _wants(info) -> type | None:
    if info is None:
        return None
    for candidate in (info.annotation, *getattr(info.annotation, "__args__", ())):
        candidate = getattr(candidate, "__origin__", candidate)
        if candidate in (int, Decimal, dt.date, str, bool):
            return candidate
    return None


def _bound(info, name: str):
    found = None
    for meta in (info.metadata if info else []):
        for inner in getattr(meta, "metadata", [meta]):
            found = getattr(inner, name, None) if getattr(inner, name, None) is not None else found
    for arg in getattr(info.annotation, "__args__", ()) if info else ():
        for inner in getattr(arg, "__metadata__", ()):
            for each in getattr(inner, "metadata", [inner]):
                found = getattr(each, name, None) if getattr(each, name, None) is not None else found
    return found


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, (int, Decimal)) else str(value)


def _day(value) -> str:
    return f"{value.day} {calendar.month_name[value.month]} {value.year}" if value else ""


def _wanted(info, unit: str, with_bounds: bool) -> str:
    """'a whole number of days, such as 30'; with the bounds when a bound was crossed."""
    typ = _wants(info)
    if typ is int:
        what = "a whole number" + (f" of {unit}" if unit and unit not in "$%" else "")
        example = EXAMPLES.get(unit, "1,000")
    elif typ is Decimal:
        what = {"$": "an amount in dollars", "%": "a percentage"}.get(unit, "a number")
        example = EXAMPLES.get(unit, "1.25")
    else:
        return ""
    if with_bounds:
        low, high = _bound(info, "gt"), _bound(info, "le")
        if low is not None:
            what += f" more than {_number(low)}"
        if high is not None:
            what += f"{' and' if low is not None else ''} no more than {_number(high)}"
    return f"{what}, such as {example}"
