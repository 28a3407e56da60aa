"""The one evaluator of the small expressions assemblies hold: a clause's ``when``, a document's
``when`` and ``for_each``, its footer and date, and its output name pattern.

Expressions are Jinja's, over the term sheet's facts, in the same sandbox as clauses (with
StrictUndefined, so a misspelt fact is an error, not a silent false). Each is compiled once a
process.
"""
from __future__ import annotations

import functools
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from . import style
from .errors import ClauseError

_ENV = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
_ENV.filters.update(style.FILTERS)


@functools.lru_cache(maxsize=512)
def _compiled(source: str, template: bool):
    if template:
        return _ENV.from_string(source)
    return _ENV.compile_expression(source, undefined_to_none=False)


def evaluate(source: str, context: dict[str, Any], where: str) -> Any:
    """The value of an expression such as ``charter.provisions.compromise`` or ``agreement.date``."""
    return _run(source, context, where, template=False)


def holds(source: str | None, context: dict[str, Any], where: str) -> bool:
    """Whether a condition holds; no condition always holds."""
    return source is None or bool(evaluate(source, context, where))


def fill(pattern: str, context: dict[str, Any], where: str) -> str:
    """A pattern such as ``certificate-of-amendment-{{ number }}-{{ amendment.date }}``, filled in."""
    return _run(pattern, context, where, template=True)


def names(source: str | None, template: bool = False) -> set[str]:
    """The variables an expression (or a pattern) reads from its context."""
    if not source:
        return set()
    return meta.find_undeclared_variables(_ENV.parse(source if template else f"{{{{ {source} }}}}"))


def _run(source: str, context: dict[str, Any], where: str, template: bool) -> Any:
    try:
        compiled = _compiled(source, template)
    except jinja2.TemplateSyntaxError as exc:
        raise ClauseError(f"has an expression that does not parse: {exc.message}", file=where,
                          field=source) from None
    try:
        if template:
            return compiled.render(context)
        value = compiled(**context)
        if isinstance(value, jinja2.Undefined):
            str(value)  # a misspelt fact: StrictUndefined refuses here, inside this try, not where it is used
        return value
    except Exception as exc:  # an assembly's expression; say which one failed and why
        raise ClauseError(f"cannot evaluate '{source}': {exc}", file=where) from None
