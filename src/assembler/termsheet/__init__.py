"""Load a term sheet (YAML or JSON) and validate it into a typed ``Deal``.

Errors name the file, the line, the field, what is wrong and what would be accepted.
``source`` reads the text with line numbers, ``schema`` holds the models, ``messages``
turns a validation error into one line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import TermSheetError
from . import extension
from .extension import NONE, Facts
from .messages import Problem, accepts, first_error, for_lawyer, model_of, problems_of, to_cli
from .schema import *  # noqa: F403  the models are this package's public names
from .schema import Deal, visible_controls
from .source import MAX_BYTES, MAX_DEPTH, TOP_LEVEL, dotted, field_at, line_for, parse, read, set_path


class TermSheet:
    """A validated deal together with where it came from."""

    def __init__(self, deal: Deal, path: Path, raw: bytes, lines: dict[tuple, int], data: dict | None = None,
                 version: int = 0, facts: Facts = NONE):
        self.deal = deal
        self.path = path
        self.raw = raw
        self.lines = lines
        self.data = data if data is not None else {}
        self.version = version  # how many agreement amendments are applied
        self._warnings: list[TermSheetError] | None = None
        self.facts = facts  # what the library adds to the schema
        self.extra = extension.validate(facts, self.data, lines, str(path))  # the library's facts

    @property
    def warnings(self) -> list[TermSheetError]:
        """What lint's term-sheet rules find that a lawyer should look at but that does not stop the build."""
        if self._warnings is None:
            from ..lint import sheet_warnings  # lint reads term sheets; the rules live there
            self._warnings = sheet_warnings(self)
        return self._warnings

    def amended(self, count: int) -> "TermSheet":
        """The term sheet as its first ``count`` agreement amendments leave it."""
        amendments = self.deal.agreement.amendments if self.deal.agreement else []
        if not 0 <= count <= len(amendments):
            raise TermSheetError(f"has {len(amendments)} agreement amendment(s); there is no Amendment No. {count}",
                                 file=str(self.path), field="agreement.amendments")
        data = json.loads(json.dumps(self.data, default=str))
        known = self.deal.model_dump(mode="json")
        changed: dict[str, tuple[int, tuple]] = {}  # each path an amendment changes → the last to change it
        for number, amendment in enumerate(amendments[:count], 1):
            for field_path, value in amendment.changes.items():
                where = ("agreement", "amendments", number - 1, "changes", field_path)
                set_path(data, field_path, value, str(self.path), self.lines.get(where), known)
                changed[field_path] = (number, where)
        try:
            deal = validate(data, self.lines, str(self.path), facts=self.facts)
        except TermSheetError as error:
            raise self._as_changed(error, changed) from None
        return TermSheet(deal, self.path, self.raw, self.lines, data, version=count, facts=self.facts)

    def _as_changed(self, error: TermSheetError, changed: dict[str, tuple[int, tuple]]) -> TermSheetError:
        """A value an amendment gives that does not validate is the amendment's to answer for: named at
        its line in the amendment's changes, not at the line of the value it replaces."""
        field = error.field or ""
        # the value itself, a part of it, or a rule over the group it is in ("registration": one
        # period before another); the term sheet as written passed, so the change is the cause
        causes = [changed[p] for p in changed
                  if field and (field == p or field.startswith((p + ".", p + "[")) or p.startswith(field + "."))]
        if not causes:
            return error
        number, where = max(causes, key=lambda cause: cause[0])
        return TermSheetError(f"as Amendment No. {number} changes it, {error.message}", file=error.file,
                              line=self.lines.get(where), field=error.field, hint=error.hint)

    def context(self) -> dict[str, Any]:
        """The variables clauses see: the term sheet's top-level keys, every field present, and
        the library's facts as given."""
        return {**self.deal.model_dump(mode="python"), **self.extra}

    def line_of(self, path: tuple) -> int | None:
        return line_for(self.lines, path)


def load(path: str | Path, library: Any = None) -> TermSheet:
    """``library``: a ``Library`` (or its folders), whose ``facts.schema.yaml`` adds facts."""
    path = Path(path)
    return from_bytes(read(path), str(path), library_facts(library))


def from_bytes(raw: bytes, name: str, facts: Facts = NONE) -> TermSheet:
    """A term sheet from its bytes, ``name`` standing for its file in every message."""
    data, lines = parse(raw, name)
    sheet = TermSheet(validate(data, lines, name, facts=facts), Path(name), raw, lines, data, facts=facts)
    amendments = sheet.deal.agreement.amendments if sheet.deal.agreement else []
    if amendments:
        # Every amendment's changes must fit the term sheet now, not when its conformed copy is made:
        # a check or a build of the signed agreement would otherwise pass over a change to no field.
        sheet.amended(len(amendments))
    return sheet


def library_facts(library: Any = None) -> Facts:
    """The facts a library declares: from a ``Library``, a folder, or a list of folders."""
    if library is None:
        return NONE
    folders = getattr(library, "user_dirs", library)
    folders = [Path(folders)] if isinstance(folders, (str, Path)) else [Path(f) for f in folders]
    facts = extension.declared(folders, set(Deal.model_fields))
    if hasattr(library, "note"):
        for path in facts.files:
            library.note(Path(path))
    return facts


def _visible(data: Any) -> Any:
    """Every text value with its invisible characters shown (see visible_controls): before
    validation, since pydantic refuses a lone surrogate that JSON's escapes can make."""
    if isinstance(data, str):
        return visible_controls(data)
    if isinstance(data, dict):
        return {key: _visible(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_visible(value) for value in data]
    return data


def validate(data: dict, lines: dict[tuple, int], name: str, model: type[BaseModel] = Deal,
             facts: Facts = NONE) -> Deal:
    """Our own facts, strictly; a library's (``facts``) are set aside for ``extension.validate``."""
    has_library_facts = any(key in data for key in facts.properties)
    if facts.properties:
        data = {key: value for key, value in data.items() if key not in facts.properties}
    try:
        deal = model.model_validate(_visible(data), context={"library_facts": has_library_facts})
    except ValidationError as exc:
        raise first_error(exc, lines, name, model, tuple(facts.properties)) from None
    gaps = deal.agreement_gaps() if isinstance(deal, Deal) else []
    if gaps:
        raise TermSheetError("is required for the agreement but missing", file=name,
                             line=line_for(lines, gaps[0][:-1]) or lines.get(("agreement",)),
                             field=dotted(gaps[0]), hint=accepts(model, gaps[0]))
    for path, problem, hint in (deal.party_problems() if isinstance(deal, Deal) else []):
        raise TermSheetError(problem, file=name, line=line_for(lines, path), field=dotted(path), hint=hint)
    return deal


def problems(data: dict, facts: Facts = NONE, model: type[BaseModel] = Deal) -> list[Problem]:
    """Everything wrong with the term sheet's data at once (``validate`` stops at the first):
    each field's problem, or when every field is right, what the agreement lacks and the rules
    across fields; and the first of the library's facts that is wrong."""
    ours = {key: value for key, value in data.items() if key not in facts.properties}
    found: list[Problem] = []
    try:  # as validate() does: a precedent's term sheet may hold library facts in place of an agreement
        deal = model.model_validate(_visible(ours), context={"library_facts": len(ours) < len(data)})
    except ValidationError as exc:
        found = problems_of(exc)
    else:
        if isinstance(deal, Deal):
            found = [Problem(gap, "missing", "is required for the agreement but missing")
                     for gap in deal.agreement_gaps()]
            found += [Problem(path, "rule", problem, hint=hint) for path, problem, hint in deal.party_problems()]
    if facts.properties:
        try:
            extension.validate(facts, data, {}, "termsheet")
        except TermSheetError as exc:
            path = tuple(int(p) if p.isdigit() else p for p in (exc.field or "").replace("[", ".").replace("]", "")
                         .split(".") if p)
            found.append(Problem(path, "rule", exc.message, hint=exc.hint))
    return found


def json_schema(library: Any = None) -> dict:
    """The term sheet's JSON Schema: our facts, and those ``library`` adds (see ``load``)."""
    from .wording import apply

    schema = apply(Deal.model_json_schema())  # titles and help for a lawyer (the form's labels)
    facts = library_facts(library)
    if facts.properties:
        schema["properties"].update(facts.properties)
        schema["required"] = [*schema.get("required", []), *facts.required]
        schema.setdefault("$defs", {}).update(facts.definitions)
    return schema
