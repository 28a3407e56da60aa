"""A reference to a section that no clause defines in any configuration: every build would fail."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..finding import Finding

if TYPE_CHECKING:  # the survey imports every document's module; a build's lint needs none
    from ..clauses import Survey

NAME = "unresolvable-ref"
SEVERITY = "error"
ABOUT = "a reference to a section no clause defines"
SCOPE = "library"


def check(survey: "Survey") -> list[Finding]:
    from ... import letters
    from ..clauses import REF, SECTION

    library = survey.library
    sources = {clause: library.path_of(clause).read_text(encoding="utf-8") for clause in survey.reached}
    defined = {section for source in sources.values() for section in SECTION.findall(source)}
    defined |= {section for *_, text in survey.override_texts() for section in SECTION.findall(text)}
    added = {section for *_, text in survey.override_texts() for section in SECTION.findall(text)}
    # A section the library's overrides.yaml deletes is in no document it builds.
    deleted = {section_id: override.path for _, override in survey.overrides() for section_id in override.delete
               if section_id not in added}
    found = []
    for clause, source in sources.items():
        for match in REF.finditer(source):
            if match.group(1) in deleted:
                line = source.count("\n", 0, match.start()) + 1
                found.append(Finding(NAME, clause, f"line {line}", match.group(0),
                                     f"refers to '{match.group(1)}', which {deleted[match.group(1)]} deletes",
                                     file=str(library.path_of(clause)), line=line))
            elif match.group(1) not in defined:
                line = source.count("\n", 0, match.start()) + 1
                found.append(Finding(NAME, clause, f"line {line}", match.group(0),
                                     f"refers to '{match.group(1)}', which no clause defines in any configuration",
                                     file=str(library.path_of(clause)), line=line))
    for root, override, section_id, text in survey.override_texts():
        for match in REF.finditer(text):
            if match.group(1) in deleted:
                found.append(Finding(NAME, root.name, f"override of {section_id}", match.group(0),
                                     f"refers to '{match.group(1)}', which {deleted[match.group(1)]} deletes",
                                     file=override.path))
            elif match.group(1) not in defined:
                found.append(Finding(NAME, root.name, f"override of {section_id}", match.group(0),
                                     f"refers to '{match.group(1)}', which no clause defines", file=override.path))
    deleted_before: dict[tuple[str, str], str] = {}  # by an overrides file applied before this one
    for root, override, section_id in survey.overridden():  # in the order the overrides are applied
        by = deleted_before.get((root.name, section_id), override.path)
        if by != override.path:
            found.append(Finding(NAME, root.name, "override", section_id, f"changes section '{section_id}', "
                                 f"which {by} deletes", file=override.path))
        elif section_id not in defined and not (section_id in deleted and deleted[section_id] != override.path):
            found.append(Finding(NAME, root.name, "override", section_id, f"changes section '{section_id}', which "
                                 "no clause defines in any configuration", file=override.path))
        if section_id in override.delete:
            deleted_before.setdefault((root.name, section_id), override.path)
    for kind in letters.KINDS.values():
        for section in (*kind.sections, letters.NOTICES_SECTION):
            if section not in defined:
                found.append(Finding(NAME, kind.clause, "letter kind", section,
                                     f"the {kind.name} letter is given under '{section}', which no clause defines"))
    return found
