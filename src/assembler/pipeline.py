"""The one shared step: a job (which assembly, with what context) → a resolved document tree.

``api`` (builds, amendments, redlines) and ``letters`` (which cite the agreement's numbers)
both assemble through here, so neither imports the other.
"""
from __future__ import annotations

from . import assembly, overrides, resolve
from .assembly import Job
from .library import Library
from .tree import Document


def assemble_job(job: Job, library: Library | None = None, strict: bool = True) -> Document:
    """Term sheet → clauses → tree → resolved tree. Not strict: a broken reference is left in
    the tree for lint to report, not raised."""
    library = library or Library()
    made = assembly.load(job.assembly, library)
    tree = assembly.build_tree(made, job.context, library)
    overrides.apply(tree, job.assembly, job.context, library)  # a firm's form first, then amendments to it
    if job.edits:
        assembly.apply_edits(tree, job.edits, "agreement.amendments")
    if job.additions:
        assembly.apply_additions(tree, job.additions, "agreement.amendments")
    tree.name = job.name
    tree.conformed = job.conformed
    # A document that cites another (a joinder, the agreement it joins) numbers its references to
    # that one's sections against that one's own tree, as the term sheet makes it.
    if not made.cites:
        return resolve.resolve(tree, strict)
    cited = assemble_job(Job(made.cites, made.cites, job.context), library, strict)
    tree.cited_terms = [cited.title, *cited.definitions]  # its terms are known here, as its title is
    return resolve.resolve(tree, strict, cited.sections)
