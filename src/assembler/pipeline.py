"""The one shared step: a job (which assembly, with what context) → a resolved document tree.

``api`` (builds, amendments, redlines) and ``letters`` (which cite the agreement's numbers)
both assemble through here, so neither imports the other.
"""
from __future__ import annotations

from . import assembly, resolve
from .assembly import Job
from .library import Library
from .tree import Document


def assemble_job(job: Job, library: Library | None = None, strict: bool = True) -> Document:
    """Term sheet → clauses → tree → resolved tree. Not strict: a broken reference is left in
    the tree for lint to report, not raised."""
    library = library or Library()
    tree = assembly.build_tree(assembly.load(job.assembly, library), job.context, library)
    if job.edits:
        assembly.apply_edits(tree, job.edits, "agreement.amendments")
    if job.additions:
        assembly.apply_additions(tree, job.additions, "agreement.amendments")
    tree.name = job.name
    tree.conformed = job.conformed
    return resolve.resolve(tree, strict)
