"""Document assemblies: which documents a term sheet makes, and which clauses go into each.

An assembly is a small YAML file, ours in ``templates/``, a library's in its
``assemblies/`` folder. It says when a term sheet makes the document and under
what file name (``makes``), its title, numbering style, footer and date, and
the clauses with the conditions (Jinja expressions over the term sheet) under
which each one goes in. ``documents.py`` reads every assembly's ``makes``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import conditions, markup
from .datafile import read_yaml
from .errors import ClauseError
from .library import Library, data_dir
from .tree import Document, Section, walk


@dataclass
class Part:
    clause: str
    when: str | None = None


@dataclass(frozen=True)
class Make:
    """When a term sheet makes a document from an assembly, and what the output is called."""
    name: str                      # the output's file name without extension; a pattern
    when: str | None = None        # a condition over the facts (and ``as_of``)
    for_each: str | None = None    # an expression giving a list: one document for each item
    item: str = "item"             # what the item is called, in ``when``, ``name`` and the clauses
    context: str | None = None     # a context the code adds (the charter's state on a date, say)
    conformed: str | None = None   # a condition: print signatures as "/s/ Name"
    order: int = 100               # documents are listed by order, then in for_each's order


@dataclass(frozen=True)  # cached by parse(), so shared: never changed in place
class Assembly:
    name: str
    title: str
    numbering: list[str]
    parts: list[Part]
    footer: str | None = None
    date: str | None = None
    article_style: str = "heading"
    path: str = ""
    makes: tuple[Make, ...] = ()
    cites: str | None = None  # another assembly whose sections this document's references may name


@dataclass
class Job:
    """One document to assemble: which assembly, under what file name, with what context."""
    assembly: str
    name: str
    context: dict[str, Any]
    conformed: bool = False
    edits: dict[str, str] | None = None      # section id → new text (clause markup), from amendments
    additions: dict[str, str] | None = None  # section id → new sections to add after it


def load(name: str, library: Library | None = None) -> Assembly:
    """An assembly by name: a library's own first, then ours."""
    paths = paths_of(library)
    if name not in paths:
        raise ClauseError("is not a known document assembly", field=name, hint="known: " + ", ".join(sorted(paths)))
    return parse(paths[name])


def paths_of(library: Library | None = None) -> dict[str, Path]:
    """Every assembly by name; a library's file of the same name as ours replaces ours."""
    found: dict[str, Path] = {}
    folders = [*(library.assembly_dirs if library else []), data_dir("templates")]
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def parse(path: Path) -> Assembly:
    """An assembly file, read once per process: a build reads the same few many times over."""
    return _parse(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _parse(path: Path, modified: int) -> Assembly:
    where = str(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ClauseError("is not an assembly: expected a mapping with name, title, numbering and clauses",
                          file=where)
    missing = [key for key in ("title", "numbering", "clauses") if not data.get(key)]
    if missing:
        raise ClauseError("is missing from the assembly", file=where, field=missing[0],
                          hint="an assembly has name, title, numbering, clauses and, to be built, makes")
    unknown = sorted(set(data) - ASSEMBLY_KEYS)
    if unknown:
        raise ClauseError("is not a key an assembly has", file=where, field=unknown[0],
                          hint="known: " + ", ".join(sorted(ASSEMBLY_KEYS)))
    parts = []
    for entry in data["clauses"]:
        if isinstance(entry, str):
            parts.append(Part(entry))
        elif isinstance(entry, dict) and isinstance(entry.get("clause"), str):
            parts.append(Part(entry["clause"], entry.get("when")))
        else:
            raise ClauseError(f"lists {entry!r} under clauses", file=where, field="clauses",
                              hint="give a clause name, or {clause: NAME, when: CONDITION}")
    name = data.get("name", path.stem)
    if name != path.stem:
        raise ClauseError(f"is named '{name}' but its file is {path.name}", file=where, field="name",
                          hint="name an assembly as its file is named")
    return Assembly(name=name, title=str(data["title"]), numbering=list(data["numbering"]),
                    parts=parts, footer=data.get("footer"), date=data.get("date"),
                    article_style=data.get("article_style", "heading"), path=where,
                    makes=tuple(_make(entry, name, where) for entry in _listed(data.get("makes"))),
                    cites=data.get("cites"))


ASSEMBLY_KEYS = {"name", "title", "numbering", "clauses", "footer", "date", "article_style", "makes", "cites"}
MAKE_KEYS = {"name", "when", "for_each", "as", "context", "conformed", "order"}


def _listed(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _make(entry, assembly_name: str, where: str) -> Make:
    if not isinstance(entry, dict):
        raise ClauseError(f"lists {entry!r} under makes", file=where, field="makes",
                          hint="give a mapping with when, name and, for one document per item, for_each")
    unknown = sorted(set(entry) - MAKE_KEYS)
    if unknown:
        raise ClauseError("is not a key of makes", file=where, field=f"makes.{unknown[0]}",
                          hint="known: " + ", ".join(sorted(MAKE_KEYS)))
    order = entry.get("order", 100)
    if not isinstance(order, int):
        raise ClauseError(f"is {order!r}, not a whole number", file=where, field="makes.order")
    text = {key: (None if entry.get(key) is None else str(entry[key]))
            for key in ("when", "for_each", "context", "conformed")}
    return Make(name=str(entry.get("name", assembly_name)), item=str(entry.get("as", "item")), order=order,
                **text)


def build_tree(assembly: Assembly, context: dict[str, Any], library: Library) -> Document:
    """Render each clause that applies and parse it into one unresolved tree."""
    blocks = []
    origins = []
    used = []
    for part in assembly.parts:
        if part.when and not conditions.evaluate(part.when, context, assembly.path):
            continue
        source = library.render(part.clause, context)
        parsed = markup.parse(source, str(library.path_of(part.clause)))
        blocks.extend(parsed)
        origins.extend([part.clause] * len(parsed))
        used.append(part.clause)
    footer = conditions.evaluate(assembly.footer, context, assembly.path) if assembly.footer else None
    date = conditions.evaluate(assembly.date, context, assembly.path) if assembly.date else None
    return Document(name=assembly.name, title=assembly.title, blocks=blocks,
                    numbering=list(assembly.numbering), article_style=assembly.article_style, footer=footer or None,
                    date=str(date) if date else None, clauses=used, origins=origins)


def apply_edits(document: Document, edits: dict[str, str], where: str) -> None:
    """Replace each named section's own text (its paragraphs), keeping its sub-sections."""
    sections = {block.id: block for block in walk(document.blocks) if isinstance(block, Section)}
    for section_id, source in edits.items():
        if section_id not in sections:
            raise ClauseError(f"replaces the text of section '{section_id}', which is not in the {document.title}",
                              file=where, field=section_id)
        section = sections[section_id]
        new = markup.parse(source, f"{where} (text for {section_id})")
        section.children = _own_text_replaced(section.children, new)


def _own_text_replaced(children: list, new: list) -> list:
    """``children`` with its own blocks replaced by ``new``. As many new blocks as old ones take
    their places one for one, so a closing paragraph after the sub-sections (the notices' "may
    change the foregoing address") stays after them. Otherwise the new text comes first, except
    where the old text had blocks after the sub-sections and the new text ends with blocks that
    read mostly as those: then it is split where its words best match the old text's before and
    after them (a paragraph split or merged in the opening leaves the closing one where it was)."""
    own = [block for block in children if not isinstance(block, Section)]
    sections = [block for block in children if isinstance(block, Section)]
    if len(own) == len(new):
        replacing = iter(new)
        return [block if isinstance(block, Section) else next(replacing) for block in children]
    first = next((i for i, block in enumerate(children) if isinstance(block, Section)), len(children))
    before = [block for block in children[:first] if not isinstance(block, Section)]
    if not sections or len(before) == len(own):
        return new + sections
    after = own[len(before):]
    # Only text that reads mostly as the old closing text goes after the sub-sections (else all first).
    places = [j for j in range(len(new)) if _alike(after, new[j:]) >= 0.5] + [len(new)]
    split = max(places, key=lambda j: (_alike(before, new[:j]) + _alike(after, new[j:]), j))
    return new[:split] + sections + new[split:]


def _alike(old: list, new: list) -> float:
    """How much the words of two runs of blocks agree (0 to 1), for placing a replaced text."""
    import difflib

    from .tree import inlines_of, plain

    def words(blocks: list) -> list[str]:
        return " ".join(plain(run) for block in blocks for run in inlines_of(block)).split()

    return difflib.SequenceMatcher(None, words(old), words(new), autojunk=False).ratio()


def apply_additions(document: Document, additions: dict[str, str], where: str, before: bool = False) -> None:
    """Insert new sections right after a named section (or right before it), among its siblings."""
    side = "before" if before else "after"
    for anchor, source in additions.items():
        new = markup.parse(source, f"{where} (sections {side} {anchor})")
        if not new or not all(isinstance(block, Section) for block in new):
            raise ClauseError("adds something other than <section>s", file=where, field=anchor)
        if not _insert_at(document.blocks, anchor, new, 0 if before else 1):
            raise ClauseError(f"adds sections {side} '{anchor}', which is not in the {document.title}",
                              file=where, field=anchor)


def apply_deletions(document: Document, deleted: list[str], where: str) -> None:
    """Take named sections out, with their sub-sections; the rest renumber."""
    for section_id in deleted:
        if not _remove(document.blocks, section_id):
            raise ClauseError(f"deletes section '{section_id}', which is not in the {document.title}", file=where,
                              field=section_id)


def _remove(blocks: list, section_id: str) -> bool:
    for i, block in enumerate(blocks):
        if isinstance(block, Section):
            if block.id == section_id:
                del blocks[i]
                return True
            if _remove(block.children, section_id):
                return True
    return False


def _insert_at(blocks: list, anchor: str, new: list, offset: int) -> bool:
    """``new`` among the anchor's siblings: before it (offset 0) or after it (1)."""
    for i, block in enumerate(blocks):
        if isinstance(block, Section):
            if block.id == anchor:
                blocks[i + offset:i + offset] = new
                return True
            if _insert_at(block.children, anchor, new, offset):
                return True
    return False
