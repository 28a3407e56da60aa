"""Document assemblies: which clauses go into a document, in what order, when.

An assembly is a small YAML file in ``templates/``. It names the clauses and
the conditions (Jinja expressions over the term sheet) under which each one
goes in, and the document's numbering style, footer and date.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import markup
from .errors import ClauseError
from .library import Library, data_dir
from .tree import Document, Section, walk


@dataclass
class Part:
    clause: str
    when: str | None = None


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


@dataclass
class Job:
    """One document to assemble: which assembly, under what file name, with what context."""
    assembly: str
    name: str
    context: dict[str, Any]
    conformed: bool = False
    edits: dict[str, str] | None = None      # section id → new text (clause markup), from amendments
    additions: dict[str, str] | None = None  # section id → new sections to add after it


def load(name: str) -> Assembly:
    path = data_dir("templates") / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in data_dir("templates").glob("*.yaml"))
        raise ClauseError("is not a known document assembly", field=name, hint="known: " + ", ".join(known))
    return parse(path)


def parse(path: Path) -> Assembly:
    """An assembly file, read once per process: a build reads the same few many times over."""
    return _parse(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _parse(path: Path, modified: int) -> Assembly:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    parts = []
    for entry in data["clauses"]:
        if isinstance(entry, str):
            parts.append(Part(entry))
        else:
            parts.append(Part(entry["clause"], entry.get("when")))
    return Assembly(name=data["name"], title=data["title"], numbering=list(data["numbering"]),
                    parts=parts, footer=data.get("footer"), date=data.get("date"),
                    article_style=data.get("article_style", "heading"), path=str(path))


def build_tree(assembly: Assembly, context: dict[str, Any], library: Library) -> Document:
    """Render each clause that applies and parse it into one unresolved tree."""
    blocks = []
    origins = []
    used = []
    for part in assembly.parts:
        if part.when and not _evaluate(library, part.when, context, assembly.path):
            continue
        source = library.render(part.clause, context)
        parsed = markup.parse(source, str(library.path_of(part.clause)))
        blocks.extend(parsed)
        origins.extend([part.clause] * len(parsed))
        used.append(part.clause)
    footer = _evaluate(library, assembly.footer, context, assembly.path) if assembly.footer else None
    date = _evaluate(library, assembly.date, context, assembly.path) if assembly.date else None
    return Document(name=assembly.name, title=assembly.title, blocks=blocks,
                    numbering=list(assembly.numbering), article_style=assembly.article_style, footer=footer or None,
                    date=str(date) if date else None, clauses=used, origins=origins)


def apply_edits(document: Document, edits: dict[str, str], where: str) -> None:
    """Replace each named section's own text (its paragraphs), keeping its sub-sections."""
    sections = {block.id: block for block in walk(document.blocks) if isinstance(block, Section)}
    for section_id, source in edits.items():
        if section_id not in sections:
            raise ClauseError(f"replaces the text of section '{section_id}', which is not in the agreement",
                              file=where, field=section_id)
        section = sections[section_id]
        new = markup.parse(source, f"{where} (text for {section_id})")
        kept = [block for block in section.children if isinstance(block, Section)]
        section.children = new + kept


def apply_additions(document: Document, additions: dict[str, str], where: str) -> None:
    """Insert new sections right after a named section, among its siblings."""
    for anchor, source in additions.items():
        new = markup.parse(source, f"{where} (sections after {anchor})")
        if not new or not all(isinstance(block, Section) for block in new):
            raise ClauseError("adds something other than <section>s", file=where, field=anchor)
        if not _insert_after(document.blocks, anchor, new):
            raise ClauseError(f"adds sections after '{anchor}', which is not in the agreement",
                              file=where, field=anchor)


def _insert_after(blocks: list, anchor: str, new: list) -> bool:
    for i, block in enumerate(blocks):
        if isinstance(block, Section):
            if block.id == anchor:
                blocks[i + 1:i + 1] = new
                return True
            if _insert_after(block.children, anchor, new):
                return True
    return False


def _evaluate(library: Library, source: str, context: dict[str, Any], where: str) -> Any:
    try:
        return library.expression(source, where)(**context)
    except ClauseError:
        raise
    except Exception as exc:  # an assembly expression is ours; say which one failed
        raise ClauseError(f"cannot evaluate '{source}': {exc}", file=where) from None
