"""Load a term sheet (YAML or JSON) and validate it into a typed ``Deal``.

Errors name the file, the line, the field, what is wrong and what would be
accepted. Line numbers come from the YAML node tree (JSON is read by the same
parser, being YAML's subset for our purposes).
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import TermSheetError

MAX_BYTES = 2_000_000
MAX_DEPTH = 40

Text = Annotated[str, Field(min_length=1)]
Count = Annotated[int, Field(gt=0)]
Amount = Annotated[Decimal, Field(gt=0)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Address(Model):
    care_of: Text | None = Field(None, description="Rendered as a 'c/o' line before the address lines.")
    lines: list[Text] = Field(min_length=1, description="Street lines, e.g. ['1 Main Street', 'Suite 100'].")
    city: Text
    state: Text
    postal_code: Text


class Counsel(Model):
    name: Text
    address: Address
    attention: Text | None = None
    telecopier: Text | None = None
    telephone: Text | None = None


class Notices(Model):
    """Where and to whom notices under the agreement go (Section 11(c) of the seed)."""
    address: Address
    attention: Text | None = None
    telecopier: Text | None = None
    telephone: Text | None = None
    copy_to: Counsel | None = None


class Signatory(Model):
    name: Text | None = None
    title: Text | None = None


class Company(Model):
    name: Text
    entity_type: Text = Field(description="e.g. 'corporation'")
    jurisdiction: Text = Field(description="State of organisation, e.g. 'Delaware'")
    principal_office: Address
    notices: Notices
    signatory: Signatory = Signatory()


class Investor(Model):
    name: Text | None = Field(None, description="Left blank in the seed; rendered as a blank when absent.")
    entity_type: Text | None = None
    jurisdiction: Text | None = None
    notices: Notices
    signatory: Signatory = Signatory()


class Agreement(Model):
    date: dt.date
    closing_date: dt.date
    counterparts: Count
    footer: Text | None = Field(None, description="Text every page carries in its footer.")


class Debenture(Model):
    interest_rate_percent: Annotated[Decimal, Field(gt=0, le=100)]
    principal_amount: Amount | None = None


class Securities(Model):
    common_stock_par_value: Amount
    bridge_loan_shares: Count | None = None
    debenture: Debenture
    conversion_price: Amount
    purchase_agreement_title: Text = Field(description="e.g. 'Note Purchase Agreement'")


class PlacementAgent(Model):
    name: Text
    short_name: Text


class Piggyback(Model):
    enabled: bool = True
    notice_days: Count
    response_days: Count


class Registration(Model):
    filing_deadline_days: Count
    effectiveness_deadline_days: Count
    comment_notice_hours: Count
    effectiveness_notice_hours: Count
    acceleration_request_business_days: Count
    acceleration_window_hours: Count
    short_form: Text = Field(description="The short-form registration statement, e.g. 'S-1'.")
    registration_period_years: Count
    piggyback: Piggyback

    @model_validator(mode="after")
    def _effectiveness_after_filing(self):
        if self.effectiveness_deadline_days < self.filing_deadline_days:
            raise ValueError(
                f"effectiveness_deadline_days ({self.effectiveness_deadline_days}) is before "
                f"filing_deadline_days ({self.filing_deadline_days}); a statement cannot be "
                "declared effective before it is filed")
        return self


class CompanyObligations(Model):
    transfer_agent_delivery_business_days: Count
    earnings_statement_months: Count
    nasd_qualified_independent_underwriter: bool = True


class InvestorObligations(Model):
    requested_information_notice_days: Count
    non_responsive_business_days: Count


class Rule144(Model):
    enabled: bool = True


class GoverningLaw(Model):
    state: Text
    forum_city: Text = Field(description="e.g. 'City of Springfield'")
    forum_state: Text


class Deal(Model):
    """Everything deal-specific in the Registration Rights Agreement."""
    agreement: Agreement
    company: Company
    investor: Investor
    securities: Securities
    placement_agent: PlacementAgent
    registration: Registration
    company_obligations: CompanyObligations
    investor_obligations: InvestorObligations
    rule_144: Rule144 = Rule144()
    governing_law: GoverningLaw


class TermSheet:
    """A validated deal together with where it came from."""

    def __init__(self, deal: Deal, path: Path, raw: bytes, lines: dict[tuple, int]):
        self.deal = deal
        self.path = path
        self.raw = raw
        self.lines = lines

    def context(self) -> dict[str, Any]:
        """The variables clauses see: the term sheet's top-level keys, every field present."""
        return self.deal.model_dump(mode="python")

    def line_of(self, path: tuple) -> int | None:
        return _line_for(self.lines, path)


def load(path: str | Path) -> TermSheet:
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TermSheetError("file not found", file=name, hint="give the path of a .yaml or .json term sheet")
    except IsADirectoryError:
        raise TermSheetError("is a folder, not a term sheet", file=name)
    except OSError as exc:
        raise TermSheetError(f"cannot be read: {exc.strerror}", file=name)
    data, lines = parse(raw, name)
    return TermSheet(validate(data, lines, name), path, raw, lines)


def parse(raw: bytes, name: str) -> tuple[Any, dict[tuple, int]]:
    """Bytes → plain data, and the line where each field path starts."""
    if len(raw) > MAX_BYTES:
        raise TermSheetError(f"is {len(raw):,} bytes; a term sheet may be at most {MAX_BYTES:,}", file=name)
    if not raw.strip():
        raise TermSheetError("is empty", file=name, hint="expected a mapping such as 'company: {name: ...}'")
    if b"\x00" in raw:
        raise TermSheetError("is a binary file, not YAML or JSON text", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TermSheetError(f"is not UTF-8 text (byte {exc.start})", file=name)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise TermSheetError(f"is not valid YAML: {exc.problem or exc.context}", file=name, line=line)
    except yaml.YAMLError as exc:
        raise TermSheetError(f"is not valid YAML: {exc}", file=name)
    if node is None:
        raise TermSheetError("is empty", file=name, hint="expected a mapping such as 'company: {name: ...}'")
    lines: dict[tuple, int] = {}
    data = _construct(node, (), lines, name, set())
    if name.lower().endswith(".json"):
        try:  # JSON's own parser decides what JSON means; YAML only gave us the lines
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TermSheetError(f"is not valid JSON: {exc.msg}", file=name, line=exc.lineno)
    if not isinstance(data, dict):
        raise TermSheetError(f"holds a {type(data).__name__}, not a mapping of fields", file=name, line=1)
    return data, lines


_constructor = yaml.constructor.SafeConstructor()


def _construct(node, path: tuple, lines: dict, name: str, seen: set) -> Any:
    """Build plain data from the node tree, refusing aliases and deep nesting."""
    lines[path] = node.start_mark.line + 1
    if len(path) > MAX_DEPTH:
        raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=lines[path],
                             field=_dotted(path))
    if id(node) in seen:  # the composer hands back the anchored node itself for an alias
        raise TermSheetError("uses a YAML alias (*name); write the value out in full", file=name,
                             line=lines[path], field=_dotted(path))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise TermSheetError("has a key that is not plain text", file=name,
                                     line=key_node.start_mark.line + 1, field=_dotted(path))
            key = str(_constructor.construct_object(key_node))
            if key in out:
                raise TermSheetError(f"sets '{key}' twice", file=name, line=key_node.start_mark.line + 1,
                                     field=_dotted(path + (key,)))
            out[key] = _construct(value_node, path + (key,), lines, name, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, name, seen) for i, item in enumerate(node.value)]
    try:
        return _constructor.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise TermSheetError(f"has a value that cannot be read ({exc})", file=name, line=lines[path],
                             field=_dotted(path))


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out or "(top level)"


def _line_for(lines: dict[tuple, int], path: tuple) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def validate(data: dict, lines: dict[tuple, int], name: str, model: type[BaseModel] = Deal) -> Deal:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, lines, name, model) from None


def _first_error(exc: ValidationError, lines: dict, name: str, model: type[BaseModel]) -> TermSheetError:
    errors = exc.errors(include_url=False)
    # A misspelt key shows up twice, as unknown and as missing; the unknown one says more.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(err["loc"])
    field = _dotted(loc)
    kind = err["type"]
    if kind == "missing":
        return TermSheetError("is required but missing", file=name, line=_line_for(lines, loc[:-1]),
                              field=field, hint=_accepts(model, loc))
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"known fields here: {', '.join(known)}"
        return TermSheetError("is not a known field", file=name, line=_line_for(lines, loc), field=field,
                              hint=hint)
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = err["msg"][0].lower() + err["msg"][1:]
    msg = msg.removeprefix("value error, ")
    return TermSheetError(f"{msg}; got {shown}", file=name, line=_line_for(lines, loc), field=field,
                          hint=_accepts(model, loc))


def _field_info(model: type[BaseModel], loc: tuple):
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
        current = _model_of(info.annotation)
    return info


def _model_of(annotation):
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _model_of(arg) if getattr(arg, "__args__", None) else None
        if inner:
            return inner
    return None


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current = model if not loc else _model_of(getattr(_field_info(model, loc), "annotation", None))
    return sorted(current.model_fields) if current else []


def _accepts(model: type[BaseModel], loc: tuple) -> str | None:
    info = _field_info(model, loc)
    if info is None:
        return None
    ann = info.annotation
    names = {int: "a whole number", Decimal: "a number", dt.date: "a date like 2024-03-05",
             bool: "true or false", str: "text"}
    for typ, words in names.items():
        if ann is typ or typ in getattr(ann, "__args__", ()):
            text = f"expected {words}"
            for meta in info.metadata:
                if getattr(meta, "gt", None) is not None:
                    text += f" greater than {meta.gt}"
                if getattr(meta, "le", None) is not None:
                    text += f" at most {meta.le}"
            return text + (f"; {info.description}" if info.description else "")
    sub = _model_of(ann)
    if sub:
        return "expected a mapping with " + ", ".join(sorted(sub.model_fields))
    return info.description


def json_schema() -> dict:
    return Deal.model_json_schema()
