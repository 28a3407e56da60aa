"""Lint the clause library itself, without a term sheet.

Three things a broken library does that a single build may not show: a clause
that uses a variable the term sheet cannot have, a clause no document reaches,
and a reference to a section no clause defines (which every configuration
would then fail on). Clauses are read with Jinja's own parser, so includes,
imports and variables are found as Jinja sees them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from . import amendments, assembly, charter, letters
from .errors import ClauseError
from .library import Library, data_dir
from .lint import Finding
from .termsheet import Deal, _model_of

REF = re.compile(r"""<ref\b[^>]*\bto=["']([^"'{}]+)["']""")
SECTION = re.compile(r"""<section\b[^>]*\bid=["']([^"'{}]+)["']""")


@dataclass
class Root:
    """Where documents start: an assembly's clauses, or a letter's, and the names their context adds."""
    name: str
    clauses: list[str]
    expressions: list[str]
    extra: tuple[str, ...]


def roots() -> list[Root]:
    extras = {charter.CERTIFICATE: charter.CONTEXT_NAMES, amendments.INSTRUMENT: amendments.CONTEXT_NAMES,
              **{form: charter.AMENDMENT_CONTEXT_NAMES for form in charter.FORMS.values()}}
    found = []
    for path in sorted(data_dir("templates").glob("*.yaml")):
        parsed = assembly.parse(path)
        expressions = [part.when for part in parsed.parts if part.when]
        expressions += [e for e in (parsed.footer, parsed.date) if e]
        found.append(Root(parsed.name, [part.clause for part in parsed.parts], expressions,
                          extras.get(parsed.name, ())))
    found.append(Root("notice letters", [kind.clause for kind in letters.KINDS.values()], [],
                      letters.CONTEXT_NAMES))
    return found


def check(library: Library | None = None) -> list[Finding]:
    library = library or Library()
    found: list[Finding] = []
    reached: dict[str, list[Root]] = {}
    for root in roots():
        for name in root.clauses:
            for clause in _closure(library, name, found):
                reached.setdefault(clause, []).append(root)
        for expression in root.expressions:
            found += _variables(library, f"{{{{ {expression} }}}}", f"{root.name} assembly", None, root.extra)
    for clause, reaching in reached.items():
        extra = set.intersection(*(set(root.extra) for root in reaching))
        path = library.path_of(clause)
        found += _variables(library, path.read_text(encoding="utf-8"), clause, path, tuple(extra))
    for clause in library.names():
        if clause not in reached:
            found.append(Finding("unreachable-clause", clause, "clause", "", "no assembly and no letter "
                                 "uses this clause, nor any clause they include", file=str(library.path_of(clause))))
    found += _references(library, reached)
    return found


def _closure(library: Library, name: str, found: list[Finding]) -> list[str]:
    """The clause and every clause it includes or imports, transitively."""
    seen, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        try:
            path = library.path_of(current)
        except ClauseError:
            found.append(Finding("unreachable-clause", current, "clause", "", "is named by an assembly or "
                                 "an include but is not in the library"))
            continue
        ast = _parse(library, path.read_text(encoding="utf-8"), path, found)
        if ast is None:
            continue
        for template in meta.find_referenced_templates(ast):
            if template:
                todo.append(template.removesuffix(".xml.j2"))
    return seen


def _parse(library: Library, source: str, path: Path | None, found: list[Finding]):
    try:
        return library.env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        found.append(Finding("unknown-variable", str(path), f"line {exc.lineno}", "", f"does not parse: "
                             f"{exc.message}", file=str(path), line=exc.lineno))
        return None


def _variables(library: Library, source: str, clause: str, path: Path | None,
               extra: tuple[str, ...]) -> list[Finding]:
    """Names the template takes from its context must be term-sheet fields (or what the code adds),
    and each dotted path through the term sheet must be one the schema has."""
    found: list[Finding] = []
    ast = _parse(library, source, path, found)
    if ast is None:
        return found
    fields = set(Deal.model_fields)
    free = meta.find_undeclared_variables(ast)
    # "{% if amendment is defined %}": a name the clause is ready to do without.
    guarded = {test.node.name for test in ast.find_all(nodes.Test)
               if test.name == "defined" and isinstance(test.node, nodes.Name)}
    for name in sorted(free - fields - set(extra) - guarded):
        line = next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name), None)
        found.append(Finding("unknown-variable", clause, f"line {line}", name,
                             f"uses '{name}', which is neither a term-sheet field nor given by the code "
                             f"(term-sheet fields: {', '.join(sorted(fields))})", file=str(path) if path else None,
                             line=line))
    reported = set()
    for node in ast.find_all(nodes.Getattr):
        chain = _chain(node)
        if not chain or chain[0] not in free or chain[0] not in fields:
            continue
        bad = _first_unknown(chain)
        if bad and bad not in reported:
            reported.add(bad)
            found.append(Finding("unknown-variable", clause, f"line {node.lineno}", bad,
                                 f"uses '{bad}', which the term-sheet schema does not have",
                                 file=str(path) if path else None, line=node.lineno))
    return found


def _chain(node) -> list[str] | None:
    """``registration.piggyback.enabled`` as ["registration", "piggyback", "enabled"]."""
    parts = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.insert(0, node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.insert(0, node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            return [node.name, *parts]
        else:
            return None


def _first_unknown(chain: list[str]) -> str | None:
    model = Deal
    for i, part in enumerate(chain):
        if model is None:
            return None  # past the schema's models (a list item, a mapping of values): not checked
        if part not in model.model_fields:
            return ".".join(chain[:i + 1])
        model = _model_of(model.model_fields[part].annotation)
    return None


def _references(library: Library, reached: dict[str, list[Root]]) -> list[Finding]:
    """Every reference names a section that some clause (in some configuration) defines."""
    sources = {clause: library.path_of(clause).read_text(encoding="utf-8") for clause in reached}
    defined = {section for source in sources.values() for section in SECTION.findall(source)}
    found = []
    for clause, source in sources.items():
        for match in REF.finditer(source):
            if match.group(1) not in defined:
                line = source.count("\n", 0, match.start()) + 1
                found.append(Finding("unresolvable-ref", clause, f"line {line}", match.group(0),
                                     f"refers to '{match.group(1)}', which no clause defines in any configuration",
                                     file=str(library.path_of(clause)), line=line))
    for kind in letters.KINDS.values():
        for section in (*kind.sections, letters.NOTICES_SECTION):
            if section not in defined:
                found.append(Finding("unresolvable-ref", kind.clause, "letter kind", section,
                                     f"the {kind.name} letter is given under '{section}', which no clause defines"))
    return found
