"""Redline: two resolved versions of a document merged into one tree with revision marks.

The result is a document like any other (house styles, Word's numbering, footer), so the
common writers render it; its changes are ``Ins`` and ``Del`` inline nodes, whole blocks and
sections carry ``change`` ("insert" or "delete"), and a section renumbered only because an
earlier one came or went keeps its words unchanged and carries its old label in ``old_label``.

Blocks are aligned by key: a section by its id, any other block by its kind and place among
its siblings, so a renumbered section pairs with itself. Within a pair, words are compared
token by token; each token keeps its node (a defined term stays a ``Def``, bold stays bold).
"""
from __future__ import annotations

import copy
import difflib
import re

from . import style
from .tree import (AddressBlock, AddressLine, Blank, Def, Del, Document, Ins, Legend, Note, Paragraph, Ref,
                   Section, Signature, Text, Title, plain)

AUTHOR = "assembler"
WORD = re.compile(r"\S+\s*|\s+")


def redline(old: Document, new: Document, legend: str, date: str | None = None) -> Document:
    """``new`` with every change from ``old`` marked, a legend under its title naming the versions;
    the changes are dated ``date``, by default the new version's own date."""
    blocks = _merge(old.blocks, new.blocks)
    for i, block in enumerate(blocks):
        if isinstance(block, Title):
            blocks.insert(i + 1, Paragraph([Text(legend, frozenset({"i"}))], align="center"))
            break
    document = copy.copy(new)
    document.blocks = blocks
    document.name = f"{new.name}-redline"
    document.title = f"{new.title} (redline)"
    document.revision = (AUTHOR, date or new.date or "2000-01-01")
    document.date = date or new.date
    document.sections = {}
    _index(document, blocks)
    return document


MARKS = "insertions are underlined, deletions struck through, each a tracked change"
TEXT_MARKS = "insertions are marked [+ +], deletions [- -]"  # as writers/text.py marks them


def legend(old_name: str, new_name: str) -> str:
    return f"Redline of {new_name} against {old_name}: {MARKS}"


def version_name(document: Document, fallback: str) -> str:
    """A version as the legend names it: "the version dated January 16, 2001", or its file."""
    return f"the version dated {style.long_date(document.date)}" if document.date else fallback


def _index(document: Document, blocks) -> None:
    for block in blocks:
        if isinstance(block, Section):
            if block.change != "delete":
                document.sections[block.id] = block
            _index(document, block.children)


# -- blocks ---------------------------------------------------------------------------------------

def _keys(blocks) -> list[tuple]:
    counts: dict[str, int] = {}
    keys = []
    for block in blocks:
        if isinstance(block, Section):
            keys.append(("section", block.id))
            continue
        kind = type(block).__name__
        counts[kind] = counts.get(kind, 0) + 1
        keys.append((kind, counts[kind]))
    return keys


def _merge(olds: list, news: list) -> list:
    matcher = difflib.SequenceMatcher(None, _keys(olds), _keys(news), autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out += [_pair(a, b) for a, b in zip(olds[a1:a2], news[b1:b2])]
            continue
        # Keys that do not line up: blocks of one kind pair by position, the rest come or go whole.
        left, right = list(olds[a1:a2]), list(news[b1:b2])
        while left and right and type(left[0]) is type(right[0]) and not isinstance(left[0], Section):
            out.append(_pair(left.pop(0), right.pop(0)))
        out += [_whole(block, "delete") for block in left]
        out += [_whole(block, "insert") for block in right]
    return out


def _pair(old, new):
    """One block as it stood and as it stands, with the words that changed marked."""
    new = copy.deepcopy(new)
    if isinstance(new, Section):
        if old.label != new.label:
            new.old_label = old.label
        new.children = _merge(old.children, new.children)
    elif isinstance(new, (Paragraph, Title, Legend)):
        new.inlines = words(old.inlines, new.inlines)
    elif isinstance(new, AddressBlock):
        lines = []
        # Lines align by label and words, so a line added to a street address is one insertion, not
        # every line after it rewritten; lines that differ pair by place when their labels agree.
        matcher = difflib.SequenceMatcher(None, [(l.label, plain(l.inlines)) for l in old.lines],
                                          [(l.label, plain(l.inlines)) for l in new.lines], autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            pairs = []
            if op in ("equal", "replace"):
                for a, b in zip(old.lines[a1:a2], new.lines[b1:b2]):
                    if a.label != b.label:
                        break
                    pairs.append((a, b))
            for a, b in pairs:
                lines.append(AddressLine(words(a.inlines, b.inlines), b.label))
            lines += [_whole(a, "delete") for a in old.lines[a1 + len(pairs):a2]]
            lines += [_whole(b, "insert") for b in new.lines[b1 + len(pairs):b2]]
        new.lines = lines
    elif isinstance(new, Signature):
        new.name, new.title = words(old.name, new.name), words(old.title, new.title)
        if old.entity is not None and new.entity is not None:
            new.entity = words(old.entity, new.entity)
    return new


def _whole(block, change: str):
    """A block that only one version has: every word of it inserted or deleted."""
    block = copy.deepcopy(block)
    wrap = Ins if change == "insert" else Del
    if hasattr(block, "change"):
        block.change = change
    if isinstance(block, Section):
        block.children = [_whole(child, change) for child in block.children]
    elif isinstance(block, (Paragraph, Title, Legend, AddressLine)):
        block.inlines = [wrap(block.inlines)] if block.inlines else []
    elif isinstance(block, AddressBlock):
        block.lines = [_whole(line, change) for line in block.lines]
    elif isinstance(block, Signature):
        block.name, block.title = [wrap(block.name)], [wrap(block.title)]
        if block.entity:
            block.entity = [wrap(block.entity)]
    return block


# -- words ----------------------------------------------------------------------------------------

def _tokens(inlines) -> list:
    """Inline content cut into words, each a node of its own kind: a word of plain text a ``Text``
    with its marks, a defined term a ``Def``, a reference its resolved words, a blank and a
    footnote whole."""
    out = []
    for item in inlines:
        if isinstance(item, Text):
            out += [Text(piece, item.marks) for piece in WORD.findall(item.text)]
        elif isinstance(item, Ref):
            out += [Text(piece, item.marks) for piece in WORD.findall(item.text or "")]
        elif isinstance(item, (Def, Blank, Note)):
            out.append(item)
    return out


def _key(token) -> str:
    if isinstance(token, Text):
        return token.text.strip()
    if isinstance(token, Def):
        return "\x00def:" + token.term
    if isinstance(token, Blank):
        return "\x00blank:" + token.name
    return "\x00note:" + "".join(getattr(i, "text", "") for i in token.inlines)


def words(old: list, new: list) -> list:
    """Inline content turning ``old`` into ``new``: unchanged words as they are, the rest in
    ``Del`` and ``Ins`` nodes, a deletion before the insertion that replaces it."""
    a, b = _tokens(old), _tokens(new)
    keep_a = [i for i, t in enumerate(a) if _key(t)]
    keep_b = [i for i, t in enumerate(b) if _key(t)]
    matcher = difflib.SequenceMatcher(None, [_key(a[i]) for i in keep_a], [_key(b[i]) for i in keep_b],
                                      autojunk=False)
    out: list = []
    b_done = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        start_b = keep_b[b1] if b1 < len(keep_b) else len(b)
        end_b = keep_b[b2 - 1] + 1 if b2 > b1 else start_b
        out += b[b_done:start_b]  # spaces before the run
        if op == "equal":
            for k in range(b2 - b1):
                out += _same_word(a, b, keep_a, keep_b, a1 + k, b1 + k)
            # the space after the run's last word is settled with it
            end_b = keep_b[b2] if b2 < len(keep_b) else len(b)
        else:
            if a2 > a1:
                out.append(Del(_join(a[keep_a[a1]:keep_a[a2 - 1] + 1])))
            if b2 > b1:
                out.append(Ins(_join(b[start_b:end_b])))
        b_done = end_b
    out += b[b_done:]
    return _join(out)


def _same_word(a: list, b: list, keep_a: list[int], keep_b: list[int], i: int, j: int) -> list:
    """A word both versions have, with the space after it: if one version has a space there and the
    other none ("offerings; and" against "offerings;"), that space is deleted or inserted, so that
    taking or refusing every change gives each version's words exactly."""
    ia, ib = keep_a[i], keep_b[j]
    after_a = a[ia:keep_a[i + 1] if i + 1 < len(keep_a) else len(a)]
    after_b = b[ib:keep_b[j + 1] if j + 1 < len(keep_b) else len(b)]
    space_a, space_b = _space(after_a), _space(after_b)
    if bool(space_a) == bool(space_b):
        return after_b
    word = after_b[0]
    if space_a:
        return [*after_b, Del([Text(space_a)])]
    if not isinstance(word, Text):  # a defined term, blank or note: the space after it is a token of its own
        return [word, Ins(after_b[1:])]
    core = word.text.rstrip()  # b's space: the rest of its word token, or tokens of space after it
    head = [Text(core, word.marks)] if core != word.text else [word]
    spaces = ([Text(word.text[len(core):], word.marks)] if core != word.text else []) + after_b[1:]
    return [*head, Ins(spaces)]


def _space(tokens: list) -> str:
    """The space in a word's tokens (after the word: a word token keeps its trailing space)."""
    return "".join(t.text[len(t.text.rstrip()):] if t.text.strip() else t.text
                   for t in tokens if isinstance(t, Text))


def _join(tokens: list) -> list:
    """Neighbouring words with the same marks become one ``Text`` again, and neighbouring deletions
    (or insertions) one."""
    out: list = []
    for token in tokens:
        if isinstance(token, Text) and out and isinstance(out[-1], Text) and out[-1].marks == token.marks:
            out[-1] = Text(out[-1].text + token.text, token.marks)
        elif isinstance(token, (Ins, Del)) and out and type(out[-1]) is type(token):  # one change, not two
            out[-1] = type(token)(_join(out[-1].inlines + token.inlines), token.marks)
        else:
            out.append(token)
    return out
