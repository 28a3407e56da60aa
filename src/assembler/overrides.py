"""A library's changes to our documents by section id, in its ``overrides.yaml``:

    registration-rights-agreement:        # the assembly whose document it changes
      replace:                            # a section's own text; its sub-sections stay where they stood
        rr.miscellaneous.governing_law: |
          <p>This Agreement shall be governed by the laws of the State of {{ governing_law.state }}…</p>
      insert_after:                       # new sections right after one
        rr.miscellaneous.counterparts: |
          <section id="firm.jury_waiver" title="Waiver of Jury Trial"><p>…</p></section>
      insert_before:                      # new sections right before one (a new first sub-section)
        rr.miscellaneous.notices.company: |
          <section id="firm.guarantor"><p>if to the Guarantor, to: …</p></section>
      delete: [rr.miscellaneous.pronouns] # sections out; the rest renumber

Each text is clause markup and a Jinja template, rendered with the term sheet as a clause is,
so every fact still comes from the term sheet. A later fix to any other section of ours reaches
the firm's documents, as a whole-file override of the clause would not.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from . import assembly
from .datafile import read_yaml
from .errors import ClauseError
from .library import Library, _one_period
from .tree import Document

FILE = "overrides.yaml"
KEYS = ("replace", "insert_after", "delete", "insert_before")


@dataclass(frozen=True)
class Override:
    """One library's changes to one assembly's document."""
    path: str
    replace: dict[str, str] = field(default_factory=dict)
    insert_after: dict[str, str] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    insert_before: dict[str, str] = field(default_factory=dict)


def of(library: Library, name: str) -> list[Override]:
    """The overrides each library folder gives the assembly ``name``, in the order they are applied:
    the last folder first, so the first has the last word, as its clauses do on the search path
    (a matter's layer, given first, changes the firm's wording and the sections the firm adds)."""
    found = []
    for folder in reversed(library.user_dirs):
        path = folder / FILE
        if path.is_file():
            given = _read(path, path.stat().st_mtime_ns)
            unknown = sorted(set(given) - set(assembly.paths_of(library)))
            if unknown:
                raise ClauseError("is not a document assembly, ours or the library's", file=str(path),
                                  field=unknown[0], hint="known: " + ", ".join(sorted(assembly.paths_of(library))))
            library.note(path)
            if name in given:
                found.append(given[name])
    return found


def apply(document: Document, name: str, context: dict[str, Any], library: Library) -> None:
    deleted: dict[str, str] = {}  # by an earlier library's overrides: section id → that file
    for override in of(library, name):
        where = override.path
        _known(document, override, deleted)
        deleted.update(dict.fromkeys(override.delete, where))
        if override.replace:
            assembly.apply_edits(document, _rendered(override.replace, context, library, where), where)
        if override.delete:
            assembly.apply_deletions(document, _outermost(document, override.delete), where)
        if override.insert_after:
            assembly.apply_additions(document, _rendered(override.insert_after, context, library, where), where)
        if override.insert_before:
            assembly.apply_additions(document, _rendered(override.insert_before, context, library, where), where,
                                     before=True)


def _known(document: Document, override: Override, deleted: dict[str, str]) -> None:
    """Every section id the override names is in the document; else one line with the file's line
    and the nearest id there is (or the earlier overrides file that deleted it)."""
    import difflib

    from .tree import Section, walk

    there = [block.id for block in walk(document.blocks) if isinstance(block, Section)]
    for key, ids in (("replace", override.replace), ("delete", override.delete), ("insert_after", override.insert_after),
                     ("insert_before", override.insert_before)):
        for section_id in ids:
            if section_id not in there:
                guess = difflib.get_close_matches(section_id, there, n=1, cutoff=0.8)
                gone = f" ({deleted[section_id]} deletes it)" if section_id in deleted else ""
                raise ClauseError(f"{key} names section '{section_id}', which is not in the {document.title}{gone}",
                                  file=override.path, line=_line_of(Path(override.path), section_id),
                                  field=section_id, hint=None if gone else f"did you mean '{guess[0]}'?" if guess else
                                  "a section id of ours is in the clause's <section id=\"…\">")


def _outermost(document: Document, ids: tuple[str, ...]) -> list[str]:
    """The sections to take out: each id once, and none inside another one deleted (it goes with
    it), so that a file deleting an article and one of its sections is not told the section is
    not there."""
    from .tree import Section, walk

    held = {inner.id for block in walk(document.blocks) if isinstance(block, Section) and block.id in ids
            for inner in walk(block.children) if isinstance(inner, Section)}
    return [section_id for section_id in dict.fromkeys(ids) if section_id not in held]


def _line_of(path: Path, section_id: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, text in enumerate(lines, 1):
        if section_id in text.split("#")[0]:
            return number
    return None


def _rendered(sources: dict[str, str], context: dict[str, Any], library: Library, where: str) -> dict[str, str]:
    out = {}
    for section_id, source in sources.items():
        try:
            # As a clause's text: a value ending in a period takes no second one (library.render).
            out[section_id] = _one_period(library.env.from_string(source).render(context))
        except jinja2.TemplateError as exc:
            raise ClauseError(f"has text for '{section_id}' that does not render: {exc}", file=where,
                              field=section_id) from None
    return out


@functools.lru_cache(maxsize=16)
def _read(path: Path, modified: int) -> dict[str, Override]:
    where = str(path)
    data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ClauseError("is not a mapping of document assemblies to their changes", file=where,
                          hint="registration-rights-agreement: {replace: {SECTION-ID: TEXT}}")
    found = {}
    for name, changes in data.items():
        if not isinstance(changes, dict) or not changes or set(changes) - set(KEYS):
            wrong = sorted(set(changes) - set(KEYS))[0] if isinstance(changes, dict) and set(changes) - set(KEYS) \
                else None
            raise ClauseError("gives changes an overrides file does not know", file=where,
                              field=f"{name}.{wrong}" if wrong else str(name),
                              hint="give replace, insert_after (section id → text) and delete (a list of ids)")
        for key in ("replace", "insert_after", "insert_before"):
            given = changes.get(key, {})
            if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
                raise ClauseError("is not a mapping of section ids to text", file=where, field=f"{name}.{key}")
        deleted = changes.get("delete", [])
        if isinstance(deleted, str):
            deleted = [deleted]
        if not isinstance(deleted, list) or not all(isinstance(v, str) for v in deleted):
            raise ClauseError("is not a list of section ids", file=where, field=f"{name}.delete")
        found[str(name)] = Override(where, dict(changes.get("replace", {})), dict(changes.get("insert_after", {})),
                                    tuple(deleted), dict(changes.get("insert_before", {})))
    return found
