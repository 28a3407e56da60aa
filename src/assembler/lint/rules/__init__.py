"""The lint rules, one module each, in the order their findings are listed.

A rule module says its ``NAME``, ``SEVERITY`` ("error": no signable document may have it;
"warning": for a lawyer to look at), what it is ``ABOUT``, its ``SCOPE`` and a ``check``:

- "document": ``check(document, values)`` over one assembled, resolved document; ``values`` are
  the term sheet's text values (a value is printed as it is, so it is never a finding);
- "term sheet": ``check(sheet)`` over the term sheet, once a build;
- "pdf": the same, run only when a PDF is to be written (and by ``assembler check``);
- "library": ``check(survey)`` over the clause library (``lint/clauses.py``), with no term sheet.

Every finding has one shape (``lint.Finding``). To add a rule: a module here, and its name below.
"""
from __future__ import annotations

from . import (broken_ref, capital_sum, doubled, duplicate_definition, inconsistent_fact, missing_glyph,
               preferred_authority, template_leftover, undefined_term, unfilled_blank, unknown_variable,
               unguarded_ref, unreachable_clause, unresolvable_ref, unused_definition, words_numerals_mismatch)

ALL = [inconsistent_fact, preferred_authority, missing_glyph,
       broken_ref, duplicate_definition, unused_definition, words_numerals_mismatch, unfilled_blank, capital_sum, doubled,
       template_leftover, undefined_term,
       unknown_variable, unreachable_clause, unresolvable_ref, unguarded_ref]
