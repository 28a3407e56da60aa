"""A benchmark-only assembly: the agreement with its whole body N times over.

Each copy after the first carries its number in its section ids, and so in the references
within it, so the copies number on (Sections 1 to 12, then 13 to 24 ...) and each refers
to its own sections, as one long agreement would. Building it shows whether the cost of a
document grows in step with its length.
"""
from __future__ import annotations

from assembler import assembly, resolve
from assembler.library import Library
from assembler.tree import Document, Note, Ref, Section, inlines_of, walk

AGREEMENT = "registration-rights-agreement"


def repeated_agreement(sheet, times: int, library: Library) -> Document:
    recipe = assembly.load(AGREEMENT)
    context = sheet.context()
    copies = [assembly.build_tree(recipe, context, library) for _ in range(times)]
    for number, copy in enumerate(copies[1:], 2):
        _renumber_ids(copy.blocks, f"-copy-{number}")
    document = copies[0]
    document.blocks = [block for copy in copies for block in copy.blocks]
    document.origins = [origin for copy in copies for origin in copy.origins]
    document.name = f"{AGREEMENT}-x{times}"
    return resolve.resolve(document)


def _renumber_ids(blocks, suffix: str) -> None:
    for block in walk(blocks):
        if isinstance(block, Section):
            block.id += suffix
        for run in inlines_of(block):
            _retarget(run, suffix)


def _retarget(run, suffix: str) -> None:
    for item in run:
        if isinstance(item, Ref):
            item.target += suffix
        elif isinstance(item, Note):
            _retarget(item.inlines, suffix)
