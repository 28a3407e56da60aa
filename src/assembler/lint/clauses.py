"""The clause library surveyed without a term sheet, for the library rules.

Three things a broken library does that a single build may not show: a clause
that uses a variable the term sheet cannot have, a clause no document reaches,
and a reference to a section no clause defines (which every configuration
would then fail on). Clauses are read with Jinja's own parser, so includes,
imports and variables are found as Jinja sees them. ``survey`` walks the library
once; each rule (``rules/unknown_variable.py`` …) reads what it found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from .. import amendments, letters
from ..errors import ClauseError
from ..library import Library
from ..termsheet import Deal, library_facts, model_of
from ..termsheet.extension import NONE, Facts
from .finding import Finding

REF = re.compile(r"""<ref\b[^>]*\bto=["']([^"'{}]+)["']""")
SECTION = re.compile(r"""<section\b[^>]*\bid=["']([^"'{}]+)["']""")


LETTERS = "notice letters"


@dataclass
class Root:
    """Where documents start: an assembly's clauses, or a letter's, and the names their context adds."""
    name: str
    clauses: list[str]
    expressions: list[str]
    extra: tuple[str, ...]
    assembly: bool = True  # False for the letters, which no overrides file can change (whatever an assembly is called)
    conditions: dict[str, str] = field(default_factory=dict)  # clause → the `when` its assembly gives it


def roots(library: Library | None = None) -> list[Root]:
    """Every assembly (ours and the library's) and the letters: where documents start."""
    from ..documents import assemblies, contexts

    found = []
    for parsed in assemblies(library):
        extra: list[str] = list(amendments.CONTEXT_NAMES) if parsed.name == amendments.INSTRUMENT else []
        expressions = [part.when for part in parsed.parts if part.when]
        expressions += [e for e in (parsed.footer, parsed.date) if e]
        for make in parsed.makes:
            if make.context in contexts():
                extra += contexts()[make.context].names
            if make.for_each:
                extra += [make.item, "number"]
            expressions += [e for e in (make.when, make.for_each, make.conformed) if e]
        found.append(Root(parsed.name, [part.clause for part in parsed.parts], expressions,
                          tuple(dict.fromkeys(extra)), conditions={part.clause: part.when for part in parsed.parts
                                                                   if part.when}))
    found.append(Root(LETTERS, [kind.clause for kind in letters.KINDS.values()], [],
                      letters.CONTEXT_NAMES, assembly=False))
    return found


@dataclass
class Survey:
    """What one walk over the library found: which clauses each root reaches, and what went wrong
    on the way (a clause that does not parse, a name that is not in the library)."""
    library: Library
    roots: list[Root]
    facts: Facts = NONE  # what the library adds to the schema
    reached: dict[str, list[Root]] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)


    def overrides(self):
        """(root, override) for each of the library's overrides of an assembly here."""
        from .. import overrides

        for root in self.roots:
            for override in overrides.of(self.library, root.name) if root.assembly else ():
                yield root, override

    def override_texts(self):
        """(root, override, section id, markup) for each text an override adds."""
        for root, override in self.overrides():
            for section_id, text in (*override.replace.items(), *override.insert_after.items(),
                                     *override.insert_before.items()):
                yield root, override, section_id, text

    def overridden(self):
        """(root, override, section id) for each section an override names."""
        for root, override in self.overrides():
            for section_id in (*override.replace, *override.insert_after, *override.delete, *override.insert_before):
                yield root, override, section_id


def survey(library: Library) -> Survey:
    found = Survey(library, roots(library), library_facts(library))
    missing: set[str] = set()  # named but not in the library: reported once, however many include them
    for root in found.roots:
        for name in root.clauses:
            for clause in _closure(library, name, found.problems, missing):
                found.reached.setdefault(clause, []).append(root)
    return found


def _closure(library: Library, name: str, found: list[Finding], missing: set[str]) -> list[str]:
    """The clause and every clause it includes or imports, transitively (``missing``: the names met
    so far that are not in the library, each reported the first time)."""
    seen, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in seen or current in missing:
            continue
        try:
            path = library.path_of(current)
        except ClauseError:
            # Reported here, and left out of what is reached: the rules read every clause reached.
            missing.add(current)
            found.append(Finding("unreachable-clause", current, "clause", "", "is named by an assembly or "
                                 "an include but is not in the library"))
            continue
        seen.append(current)
        ast = parse(library, path.read_text(encoding="utf-8"), path, found)
        if ast is None:
            continue
        for template in meta.find_referenced_templates(ast):
            if template:
                todo.append(template.removesuffix(".xml.j2"))
    return seen


def parse(library: Library, source: str, path: Path | None, found: list[Finding]):
    try:
        return library.env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        found.append(Finding("unknown-variable", str(path), f"line {exc.lineno}", "", f"does not parse: "
                             f"{exc.message}", file=str(path), line=exc.lineno))
        return None


def variables(library: Library, source: str, clause: str, path: Path | None,
              extra: tuple[str, ...], facts: Facts = NONE) -> list[Finding]:
    """Names the template takes from its context must be term-sheet fields (ours, or the library's
    ``facts``) or what the code adds, and each dotted path through them must be one the combined
    schema has."""
    found: list[Finding] = []
    ast = parse(library, source, path, found)
    if ast is None:
        return found
    fields = set(Deal.model_fields) | set(facts.properties)
    free = meta.find_undeclared_variables(ast)
    # "{% if amendment is defined %}": a name the clause is ready to do without.
    guarded = {test.node.name for test in ast.find_all(nodes.Test)
               if test.name == "defined" and isinstance(test.node, nodes.Name)}
    # Names the clause gives itself: {% set %} (in an {% if %} too, which Jinja's own count misses),
    # loop variables, macro and call arguments.
    own = {name.name for name in ast.find_all(nodes.Name) if name.ctx in ("store", "param")}
    for name in sorted(free - fields - set(extra) - guarded - own):
        line = next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name), None)
        found.append(Finding("unknown-variable", clause, f"line {line}", name,
                             f"uses '{name}', which is neither a term-sheet field nor given by the code "
                             f"(term-sheet fields: {', '.join(sorted(fields))})", file=str(path) if path else None,
                             line=line))
    reported = set()
    aliases = _aliases(ast, free & fields)
    for node in ast.find_all(nodes.Getattr):
        chain = _chain(node)
        if not chain:
            continue
        if chain[0] in aliases:  # a loop's item or a {% set %} name: checked as what it stands for
            alias = aliases[chain[0]]
            bad = _first_unknown([*alias, *chain[1:]], facts)
            if bad:  # as the clause writes it: "holder.shars"
                bad = ".".join(chain[:len(bad.split(".")) - len(alias) + 1])
            what = f"an item of '{'.'.join(alias[:-1])}'" if alias[-1] == ITEM else f"'{'.'.join(alias)}'"
            message = f"uses '{bad}', which {what} does not have in the term-sheet schema"
        elif chain[0] in free and chain[0] in fields:
            bad = _first_unknown(chain, facts)
            message = f"uses '{bad}', which the term-sheet schema does not have"
        else:
            continue
        if bad and bad not in reported:
            reported.add(bad)
            found.append(Finding("unknown-variable", clause, f"line {node.lineno}", bad, message,
                                 file=str(path) if path else None, line=node.lineno))
    return found


ITEM = "[]"  # in a chain, an item of the list before it


def _aliases(ast, roots: set[str]) -> dict[str, list[str]]:
    """Names a clause binds to a term-sheet path: ``{% for holder in lockup.holders %}`` (holder →
    lockup.holders[]), ``{% set new = joinder.investor %}``. A name bound twice, or to anything else,
    is left unchecked."""
    bound: dict[str, list[str] | None] = {}

    def bind(name: str, chain: list[str] | None) -> None:
        bound[name] = chain if name not in bound else None

    for node in ast.find_all((nodes.For, nodes.Assign)):
        target = node.target
        if not isinstance(target, nodes.Name):
            continue
        chain = _chain(node.iter if isinstance(node, nodes.For) else node.node)
        if chain and chain[0] in bound and bound[chain[0]]:  # an alias of an alias
            chain = [*bound[chain[0]], *chain[1:]]
        elif chain and chain[0] not in roots:
            chain = None
        bind(target.name, chain and ([*chain, ITEM] if isinstance(node, nodes.For) else chain))
    return {name: chain for name, chain in bound.items() if chain}


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


def _first_unknown(chain: list[str], facts: Facts = NONE) -> str | None:
    if chain[0] in facts.properties:
        return _first_unknown_in_schema(chain, facts)
    return _first_unknown_in_model(chain, Deal)


def _first_unknown_in_schema(chain: list[str], facts: Facts) -> str | None:
    """The same walk through a library's JSON Schema; where it reuses one of our models by
    ``$ref``, on through that model."""
    from ..termsheet import schema as models

    node = facts.properties[chain[0]]
    for i, part in enumerate(chain[1:], 1):
        ref = node.get("$ref", "") if isinstance(node, dict) else ""
        if ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            model = getattr(models, name, None)
            if name not in facts.definitions and isinstance(model, type) and issubclass(model, models.Model):
                return _first_unknown_in_model(chain, model, start=i)
            node = facts.definitions.get(name, {})
        if part == ITEM:
            items = node.get("items") if isinstance(node, dict) else None
            if not isinstance(items, dict):
                return None  # not a list the schema describes: not checked further
            node = items
            continue
        properties = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(properties, dict):
            return None  # a list, or a mapping of any keys: not checked further
        if part not in properties:
            return ".".join(chain[:i + 1])
        node = properties[part]
    return None


def _first_unknown_in_model(chain: list[str], model, start: int = 0) -> str | None:
    for i, part in enumerate(chain[start:], start):
        if model is None:
            return None  # past the schema's models (a list item, a mapping of values): not checked
        if part == ITEM:  # model_of has already looked inside the list
            continue
        if part not in model.model_fields:
            return ".".join(chain[:i + 1])
        model = model_of(model.model_fields[part].annotation)
    return None


@dataclass(frozen=True)
class Marked:
    """A ``<section id>`` or ``<ref to>`` in a clause, with the line it is on and the switches of the
    ``{% if %}``s around it (each the term-sheet paths its test reads)."""
    id: str
    line: int
    switches: tuple[frozenset[str], ...]
    text: str = ""


def switch_of(test, facts: Facts = NONE) -> frozenset[str]:
    """The term-sheet paths a condition reads, not their parents: "registration.piggyback.enabled"."""
    roots = set(Deal.model_fields) | set(facts.properties)
    read = {".".join(chain) for chain in map(_chain, [test, *test.find_all((nodes.Getattr, nodes.Name))])
            if chain and chain[0] in roots}
    return frozenset(path for path in read if not any(other.startswith(path + ".") for other in read))


def marked(library: Library, source: str, path: Path | None, facts: Facts = NONE,
           switches: tuple[frozenset[str], ...] = ()) -> tuple[list[Marked], list[Marked]]:
    """The sections a clause defines and the references it makes, each with its switches (tests of
    term-sheet facts, ours or the library's ``facts``; ``switches``: those around the whole clause)."""
    ast = parse(library, source, path, [])
    sections: list[Marked] = []
    refs: list[Marked] = []
    if ast is None:
        return sections, refs

    def visit(node, switches: tuple[frozenset[str], ...]) -> None:
        if isinstance(node, nodes.If):
            switch = switch_of(node.test, facts)
            inner = (*switches, switch) if switch else switches
            for child in (*node.body, *node.elif_, *node.else_):
                visit(child, inner)
            return
        if isinstance(node, nodes.TemplateData):
            for pattern, into in ((SECTION, sections), (REF, refs)):
                for match in pattern.finditer(node.data):
                    into.append(Marked(match.group(1), node.lineno + node.data.count("\n", 0, match.start()),
                                       switches, match.group(0)))
            return
        for child in node.iter_child_nodes():
            visit(child, switches)

    visit(ast, switches)
    return sections, refs

