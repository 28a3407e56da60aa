"""A firm's Word precedent becomes a draft library.

    from assembler.importer import import_precedent
    result = import_precedent("precedent.docx", "firm-library", name="mutual-nda")

read (reading.py) → outline (sections, ids, numbering) → recognise, paragraph by paragraph:
placeholders and words-and-figures as facts, optional passages as switches (placeholders.py),
typed references and definitions (references.py) → write the library (library_writer.py): an
assembly, one clause per top-level section, facts.schema.yaml, a term-sheet skeleton, and a report
of what was and was not mapped.
"""
from __future__ import annotations

from .importing import ImportResult, import_precedent  # noqa: F401
