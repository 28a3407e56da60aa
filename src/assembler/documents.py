"""The registry of documents: which documents a term sheet makes, read from the assemblies.

Every assembly, ours and a library's alike, says under ``makes`` when a term sheet makes
it and what the output is called; nothing here knows any document by name. A ``for_each``
makes one document for each item of a list (each amendment of the charter, say); a
``context`` names what the code adds for documents that need more than the facts (the
charter's state on a date: ``charter.CONTEXTS``).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import assembly, conditions
from .assembly import Assembly, Job, Make
from .errors import ClauseError, TermSheetError
from .library import Library
from .termsheet import TermSheet

OUTPUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def assemblies(library: Library | None = None) -> list[Assembly]:
    """Every assembly, ours and the library's (a library's of the same name replacing ours)."""
    return [assembly.parse(path) for path in assembly.paths_of(library).values()]


def contexts() -> dict[str, Any]:
    """What the code adds, by the name an assembly's ``makes.context`` gives."""
    from . import charter  # only a term sheet with a charter needs its state through time
    return charter.CONTEXTS


def jobs(sheet: TermSheet, as_of: dt.date | None = None, library: Library | None = None) -> list[Job]:
    """Every document the term sheet makes, in order."""
    facts = {**sheet.context(), "as_of": as_of}
    planned: list[tuple[int, int, str, Job]] = []
    used_as_of = False
    for made in assemblies(library):
        for make in made.makes:
            for index, item in _items(make, facts, made.path):
                scope = {**facts, make.item: item, "number": index + 1} if make.for_each else facts
                if not conditions.holds(make.when, scope, made.path):
                    continue
                used_as_of |= "as_of" in conditions.names(make.when) | conditions.names(make.name, template=True)
                planned.append((make.order, index, made.name, _job(sheet, made, make, scope, index, as_of)))
    if as_of is not None and not used_as_of:
        raise TermSheetError(f"makes no document conformed as of a date, so there is nothing to build --as-of "
                             f"{as_of}", file=str(sheet.path), field="charter",
                             hint="--as-of conforms a charter with its amendments; add the charter")
    planned.sort(key=lambda entry: entry[:3])
    names = [job.name for *_, job in planned]
    for name in names:
        if names.count(name) > 1:
            raise ClauseError(f"two documents this term sheet makes are both called '{name}'", field=name,
                              hint="give each assembly's makes.name a different pattern")
    return [job for *_, job in planned]


def _items(make: Make, facts: dict, where: str) -> list[tuple[int, Any]]:
    if not make.for_each:
        return [(0, None)]
    # A condition that does not read the item decides first: a document the term sheet does not make
    # needs no list to make it from (charter.amendments without a charter).
    if not conditions.names(make.when) & {make.item, "number"} and not conditions.holds(make.when, facts, where):
        return []
    items = conditions.evaluate(make.for_each, facts, where)
    if items is None:
        return []
    if not isinstance(items, (list, tuple)):
        raise ClauseError(f"makes one document for each of '{make.for_each}', which is not a list", file=where,
                          field="makes.for_each")
    return list(enumerate(items))


def _job(sheet: TermSheet, made: Assembly, make: Make, scope: dict, index: int, as_of: dt.date | None) -> Job:
    name = conditions.fill(make.name, scope, made.path).strip()
    if not OUTPUT_NAME.match(name):
        raise ClauseError(f"gives the output name '{name}', which is not a plain file name", file=made.path,
                          field="makes.name", hint="letters, digits, '.', '-' and '_' only")
    context = {key: value for key, value in scope.items() if key != "as_of"}
    if make.context:
        known = contexts()
        if make.context not in known:
            raise ClauseError(f"names the context '{make.context}', which the code does not give", file=made.path,
                              field="makes.context", hint="known: " + ", ".join(known))
        context = {**sheet.context(), **known[make.context].build(sheet, index + 1, as_of)}
    conformed = conditions.holds(make.conformed, scope, made.path) if make.conformed else False
    return Job(made.name, name, context, conformed=conformed)
