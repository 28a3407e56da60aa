"""A reference to a section that a switch of the term sheet can take out, made where that switch
is not tested: a term sheet with the switch the other way fails to build (piggyback off, say)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..finding import Finding

if TYPE_CHECKING:  # the survey imports every document's module; a build's lint needs none
    from ..clauses import Survey

NAME = "unguarded-ref"
SEVERITY = "warning"
ABOUT = "a reference to a section a term-sheet switch can take out, not under that switch"
SCOPE = "library"


def check(survey: "Survey") -> list[Finding]:
    from .. import clauses

    library = survey.library
    # Letters are given only where their sections are in the agreement: the code checks that first.
    reached = [clause for clause, roots in survey.reached.items() if any(root.assembly for root in roots)]
    conditions = _conditions(survey)
    found_in = {clause: clauses.marked(library, library.path_of(clause).read_text(encoding="utf-8"),
                                       library.path_of(clause), survey.facts, conditions.get(clause, ()))
                for clause in reached}
    guards: dict[str, list[frozenset[str]]] = {}  # section id → the switches around it, one set per switch
    always: set[str] = set()
    for sections, _ in found_in.values():
        for section in sections:
            if section.switches:
                guards.setdefault(section.id, []).extend(section.switches)
            else:
                always.add(section.id)
    found = []
    for clause, (_, refs) in found_in.items():
        for ref in refs:
            if ref.id in always or ref.id not in guards:
                continue
            around = frozenset().union(*ref.switches)
            missing = [switch for switch in dict.fromkeys(guards[ref.id]) if not switch & around]
            if missing:
                names = " and ".join(sorted(min(switch) for switch in missing))
                found.append(Finding(NAME, clause, f"line {ref.line}", ref.text,
                                     f"refers to '{ref.id}', which is in the document only as {names} has it: "
                                     f"a term sheet with {names} the other way fails to build (put the "
                                     f"reference under {{% if {names} %}})",
                                     file=str(library.path_of(clause)), line=ref.line))
    return found


def _conditions(survey: "Survey") -> dict[str, tuple[frozenset[str], ...]]:
    """The switch an assembly puts a clause under (``when: rule_144.enabled``), and with it every
    clause that one includes: for each clause that every part reaching it puts under a switch."""
    import jinja2

    from ..clauses import _closure, switch_of

    under: dict[str, list[frozenset[str]]] = {}
    for root in survey.roots:
        for name in root.clauses:
            when = root.conditions.get(name)
            switch = switch_of(survey.library.env.parse(f"{{{{ {when} }}}}").find(jinja2.nodes.Output).nodes[0],
                               survey.facts) if when else frozenset()
            for clause in _closure(survey.library, name, [], set()):
                under.setdefault(clause, []).append(switch)
    return {clause: (frozenset().union(*switches),) for clause, switches in under.items() if all(switches)}
