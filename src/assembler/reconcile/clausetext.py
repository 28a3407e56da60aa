"""Clause markup for a section they rewrote: their words, with our facts still variables where
their words still hold them, defined terms still <def>, and references still <ref>s by id.

- A REF field of ours in their draft becomes ``<ref to="id"/>`` (with "Section " before it: the
  section form; a chain of levels without it: form="number"; one lower level alone: form="local").
- A typed "Section 7(b)" names the section numbered 7(b) in their draft, and becomes its ``<ref>``.
- Each ``{{ … }}`` of our clause's source for the section is rendered with the term sheet; where
  its words stand in their text, the expression is written back in their place.
- Everything else is text: ``<``, ``&`` escaped for the markup and ``{``/``}`` for Jinja.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..tree import Blank, Def, Paragraph, Ref, Section, Text, walk
from .units import RefPiece, Unit

TYPED_REF = re.compile(r"\bSection[ \u00a0](\d+(?:\((?:[a-z]{1,4}|[A-Z]{1,3}|\d{1,3})\))*)")
_OUTSIDE = re.compile(r"\s+of\s+(?:the\s+)?(?!this\b)[A-Z]")  # "Section 15 of the Securities Act"


def typed_refs(text: str):
    """Typed references to this document's sections ("Section 7(b)"), not to a statute's."""
    for match in TYPED_REF.finditer(text):
        if not _OUTSIDE.match(text, match.end()):
            yield match


_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)


def text_markup(text: str) -> str:
    """Plain text as markup and template source: it renders back to itself."""
    return re.sub(r"[{}]", lambda m: "{{ '%s' }}" % m.group(0), escape(text, quote=False))


class Writer:
    """Writes one section's (or clause's) paragraphs as markup."""

    def __init__(self, expressions: list[tuple[str, str]], terms: set[str], their_numbers: dict[str, str],
                 parents: dict[str, str], blanks: list[str] = ()):
        # rendered words → the expressions that render them, in the order the clause has them: the
        # k-th time the words stand in their text is the k-th expression (24 hours, and 24 hours).
        self.expressions: dict[str, list[str]] = {}
        for words, source in expressions:
            self.expressions.setdefault(words, []).append(source)
        self.terms = terms                  # terms the section defines
        self.their_numbers = their_numbers  # "7(b)" → section id, as their draft numbers it
        self.parents = parents
        self.blanks = list(blanks)          # the names of our blanks here, in order
        self.used: dict[str, int] = {}      # how many times each expression's words were met so far

    def paragraph(self, unit_pieces: list) -> str:
        out: list[str] = []
        pieces = list(unit_pieces)
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            if isinstance(piece, RefPiece):
                chain = [piece]
                while i + 1 < len(pieces) and isinstance(pieces[i + 1], RefPiece):
                    i += 1
                    chain.append(pieces[i])
                target = chain[-1].target
                if out and out[-1].endswith(("Section ", "Section\u00a0")):  # our writer's no-break space
                    out[-1] = out[-1][:-len("Section ")]
                    out.append(f'<ref to="{escape(target)}"/>')
                elif len(chain) == 1 and target in self.parents:
                    out.append(f'<ref to="{escape(target)}" form="local"/>')
                else:
                    out.append(f'<ref to="{escape(target)}" form="number"/>')
            else:
                out.append(self.text(piece))
            i += 1
        return "".join(out)

    def text(self, text: str) -> str:
        """Text with typed references, defined terms and values put back as markup."""
        marks: list[tuple[int, int, str]] = []
        for match in typed_refs(text):
            target = self.their_numbers.get(match.group(1))
            if target:
                marks.append((match.start(), match.end(), f'<ref to="{escape(target)}"/>'))
        for term in sorted(self.terms, key=len, reverse=True):
            for match in re.finditer(r'(?<=["\u201c])' + re.escape(term) + r'(?=["\u201d])', text):
                marks.append((match.start(), match.end(), f"<def>{text_markup(term)}</def>"))
        for match in re.finditer("_{15}", text):
            if self.blanks:
                marks.append((match.start(), match.end(), f'<blank name="{escape(self.blanks.pop(0))}"/>'))
        for words in sorted(self.expressions, key=len, reverse=True):
            sources = self.expressions[words]
            for match in re.finditer(re.escape(words), text):
                k = self.used.get(words, 0)  # counted across the section's text, REF fields and all
                self.used[words] = k + 1
                marks.append((match.start(), match.end(), "{{" + sources[min(k, len(sources) - 1)] + "}}"))
        out, at = [], 0
        for start, end, markup in sorted(marks):
            if start < at:
                continue  # overlaps one already placed (the longer, or the earlier)
            out.append(text_markup(text[at:start]))
            out.append(markup)
            at = end
        out.append(text_markup(text[at:]))
        return "".join(out)


def expressions(section: Section | None, clause_path: str | None, env, context: dict) -> list[tuple[str, str]]:
    """(rendered words, expression) for each ``{{ … }}`` in the clause's source for the section
    that renders alone, to plain words of some length."""
    if not clause_path:
        return []
    try:
        source = Path(clause_path).read_text(encoding="utf-8")
    except OSError:
        return []
    if section is not None:
        start = source.find(f'id="{section.id}"')
        if start < 0:
            return []
        source = source[start:_section_end(source, start)]
    found = []
    for match in _EXPRESSION.finditer(source):
        expr = match.group(1)
        try:
            words = env.from_string("{{" + expr + "}}").render(context)
        except Exception:  # a loop's variable, a macro's argument: not a value on its own
            continue
        if len(words) >= 2 and "<" not in words and "&" not in words:
            found.append((words, expr))
    return found


def _section_end(source: str, start: int) -> int:
    depth = 0
    for match in re.finditer(r"<section\b|</section>", source[start:]):
        depth += 1 if match.group(0) == "<section" else -1
        if depth < 0:
            return start + match.end()
    return len(source)


def defined_terms(section_or_blocks) -> set[str]:
    """Terms defined in the section's own paragraphs (or in the blocks given)."""
    found = set()
    blocks = section_or_blocks.children if isinstance(section_or_blocks, Section) else section_or_blocks
    for block in blocks:
        if isinstance(block, Paragraph):
            found.update(i.term for i in block.inlines if isinstance(i, Def))
    return found


def tree_markup(blocks) -> str:
    """Our own tree (a whole section with its sub-sections) back as markup, values as words."""
    out = []
    for block in blocks:
        if isinstance(block, Section):
            title = f' title="{escape(block.title)}"' if block.title else ""
            out.append(f'<section id="{escape(block.id)}"{title}>{tree_markup(block.children)}</section>')
        elif isinstance(block, Paragraph):
            out.append(f"<p>{_inline_markup(block.inlines)}</p>")
    return "".join(out)


def _inline_markup(inlines) -> str:
    out = []
    for item in inlines:
        inner = ""
        if isinstance(item, Text):
            inner = text_markup(item.text)
        elif isinstance(item, Def):
            inner = f"<def>{text_markup(item.term)}</def>"
        elif isinstance(item, Ref):
            form = "" if item.form == "section" else f' form="{item.form}"'
            inner = f'<ref to="{escape(item.target)}"{form}/>'
        elif isinstance(item, Blank):
            inner = f'<blank name="{escape(item.name)}"/>'
        for mark in sorted(getattr(item, "marks", ())):
            inner = f"<{mark}>{inner}</{mark}>"
        out.append(inner)
    return "".join(out)


def find_section(blocks, section_id: str) -> Section | None:
    return next((b for b in walk(blocks) if isinstance(b, Section) and b.id == section_id), None)


def their_numbers(units: list[Unit], levels: list[int | None]) -> dict[str, str]:
    """"7(b)" → section id, from their headings' numbers as their draft shows them."""
    stack: list[str] = []
    out = {}
    for unit, level in zip(units, levels):
        if not unit.heading or unit.number is None or level is None:
            continue
        label = unit.number.rstrip(".:").strip()
        stack = stack[:level] + [label]
        if len(stack) == level + 1:
            out["".join(stack)] = unit.owner
    return out
