"""A clause (or an assembly's expression) that uses a variable the term sheet does not have."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..finding import Finding

if TYPE_CHECKING:  # the survey imports every document's module; a build's lint needs none
    from ..clauses import Survey

NAME = "unknown-variable"
SEVERITY = "error"
ABOUT = "a clause uses a variable the term sheet does not have"
SCOPE = "library"


def check(survey: "Survey") -> list[Finding]:
    from ..clauses import variables

    library = survey.library
    found = [problem for problem in survey.problems if problem.rule == NAME]
    for root in survey.roots:
        for expression in root.expressions:
            # An assembly's conditions also see --as-of's date.
            found += variables(library, f"{{{{ {expression} }}}}", f"{root.name} assembly", None,
                               (*root.extra, "as_of"), survey.facts)
    for clause, reaching in survey.reached.items():
        # A name the code adds is known only if every document reaching the clause adds it.
        extra = set.intersection(*(set(root.extra) for root in reaching))
        path = library.path_of(clause)
        found += variables(library, path.read_text(encoding="utf-8"), clause, path, tuple(extra), survey.facts)
    for root, override, section_id, text in survey.override_texts():
        # Lines there count within the text, not the file: the file is named, the line is not.
        found += [replace(finding, line=None) for finding in
                  variables(library, text, f"{root.name} override of {section_id}", Path(override.path),
                            root.extra, survey.facts)]
    return list(dict.fromkeys(found))  # a clause that does not parse is met by the survey and again here
