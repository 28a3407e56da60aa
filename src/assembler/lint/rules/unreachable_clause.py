"""A clause no document or letter uses, or a clause an assembly names that is not there."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..finding import Finding

if TYPE_CHECKING:  # the survey imports every document's module; a build's lint needs none
    from ..clauses import Survey

NAME = "unreachable-clause"
SEVERITY = "error"
ABOUT = "a clause no document or letter uses"
SCOPE = "library"


def check(survey: "Survey") -> list[Finding]:
    found = [problem for problem in survey.problems if problem.rule == NAME]
    for clause in survey.library.names():
        if clause not in survey.reached:
            found.append(Finding(NAME, clause, "clause", "", "no assembly and no letter uses this clause, nor "
                                 "any clause they include", file=str(survey.library.path_of(clause))))
    return found
