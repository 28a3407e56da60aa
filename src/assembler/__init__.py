"""assembler: deal documents from a term sheet.

The pipeline, one module a stage: termsheet → library/assembly (clauses) →
markup (tree) → resolve → writers. ``assembler.api`` is the entry point.
"""
__version__ = "0.1.0"
