"""Lint: findings about assembled documents and the term sheet behind them.

Each finding has one small shape (rule, severity, document, place, excerpt,
message), as Common Form's lint does. Errors are what no signable document may
have; warnings are for a lawyer to look at. ``build`` runs these before it
writes anything and refuses on an error unless asked for a draft.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Iterator

from . import style
from .errors import shown
from .termsheet import TermSheet, dotted
from .tree import (AddressBlock, Blank, Def, Document, Legend, Note, Ref, Section, Signature, Text, Title,
                   inlines_of, origin_name, plain, walk)

RULES = {
    "broken-ref": ("error", "a reference to a section that is not in the document"),
    "undefined-term": ("warning", "a capitalised term used as a defined term but defined nowhere"),
    "unused-definition": ("warning", "a term defined but never used"),
    "duplicate-definition": ("error", "a term defined twice"),
    "words-numerals-mismatch": ("error", "a number in words and in figures that disagree, e.g. ten (11)"),
    "unfilled-blank": ("warning", "a fact the term sheet leaves open, printed as a blank"),
    "template-leftover": ("error", "template syntax, None or undefined in the output"),
    "inconsistent-fact": ("error", "one fact written two ways"),
    "capital-sum": ("error", "share classes that do not add up to the total authorized"),
    "doubled": ("error", "a word or a punctuation mark twice in a row, e.g. 'Form Form S-1', 'Inc..'"),
    "preferred-authority": ("warning", "blank-check power over preferred stock given to other than the board"),
    # The clause library (clause_lint.py):
    "unknown-variable": ("error", "a clause uses a variable the term sheet does not have"),
    "unreachable-clause": ("error", "a clause no document or letter uses"),
    "unresolvable-ref": ("error", "a reference to a section no clause defines"),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    document: str
    place: str          # "Section 2(a)", "Article FOURTH", "preamble", or a term-sheet field
    excerpt: str
    message: str
    file: str | None = None
    line: int | None = None

    @property
    def severity(self) -> str:
        return RULES[self.rule][0]

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        excerpt = f" «{self.excerpt}»" if self.excerpt else ""
        return shown(f"{where}{self.severity} {self.rule} {self.document} {self.place}: {self.message}{excerpt}")

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, **asdict(self)}


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def check(sheet: TermSheet, documents: list[Document]) -> list[Finding]:
    """Every rule over every document, and the term-sheet rules once."""
    found = facts(sheet)
    found += [Finding("preferred-authority", "term sheet", warning.field or "", "", warning.message,
                      file=warning.file, line=warning.line) for warning in sheet.warnings]
    values = [value for _, value in _strings(sheet.data, (), everything=True)]
    for document in documents:
        found += check_document(document, values)
    return found


def check_document(document: Document, values: list[str] = ()) -> list[Finding]:
    """Every document rule; ``values``, the term sheet's text values, tell names from terms."""
    found: list[Finding] = []
    for rule in (broken_refs, definitions, words_and_numerals, blanks, capital_sum, doubled):
        found += rule(document)
    names = {word for value in values for word in re.findall(r"[\w'-]+", value)}
    return found + leftovers(document, values) + undefined_terms(document, names)


# --- where things are -------------------------------------------------------------------------

def places(document: Document) -> Iterator[tuple[str, Any]]:
    """(place, block) for every block that holds words, in reading order."""
    article = document.numbering[:1] == ["ordinal-word"]

    def visit(blocks, where, top=None):
        for block in blocks:
            if isinstance(block, Section) and article:  # "Article EIGHTH", "Article EIGHTH, paragraph 3"
                name = f"Article {top.number}, paragraph {block.label.strip('.')}" if top else f"Article {block.number}"
                yield from visit(block.children, name, top or block)
            elif isinstance(block, Section):
                yield from visit(block.children, f"Section {block.number}")
            else:
                yield where, block

    for i, block in enumerate(document.blocks):
        yield from visit([block], origin_name(document, i) or "document")


def _texts(document: Document) -> Iterator[tuple[str, str]]:
    for where, block in places(document):
        for run in inlines_of(block):
            yield where, plain(run)
            for item in run:
                if isinstance(item, Note):
                    yield where, plain(item.inlines)
    if document.footer:
        yield "footer", document.footer


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + " ".join(text[left:right].split()) + ("…" if right < len(text) else "")


# --- rules ------------------------------------------------------------------------------------

def broken_refs(document: Document) -> list[Finding]:
    found = []
    for where, block in places(document):
        for run in inlines_of(block):
            for item in run:
                if isinstance(item, Ref) and item.target not in document.sections:
                    found.append(Finding("broken-ref", document.name, where, plain(run)[:80],
                                         f"refers to section '{item.target}', which is not in this document",
                                         file=item.clause or None))
    return found


def definitions(document: Document) -> list[Finding]:
    """Duplicate and unused definitions. A use is the term, or its plural or possessive, outside
    its own definition."""
    found = []
    defined: dict[str, str] = {}
    for where, block in places(document):
        for run in inlines_of(block):
            for item in run:
                if isinstance(item, Def):
                    if item.term in defined:
                        found.append(Finding("duplicate-definition", document.name, where, item.term,
                                             f"defines \"{item.term}\" again; it is defined in {defined[item.term]}"))
                    else:
                        defined[item.term] = where
    text = " ".join(words for _, words in _texts(document))
    counts: dict[str, int] = {}
    if defined:
        # One pass for all terms, longest first, so "Registration Statement" is not also "Registration".
        terms = sorted(defined, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, terms)) + r")(?:s|es|'s|s')?(?![\w-])")
        for match in pattern.finditer(text):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    for term, where in defined.items():
        uses = counts.get(term, 0)
        if uses <= 1:  # the definition itself
            found.append(Finding("unused-definition", document.name, where, term,
                                 f"defines \"{term}\" but never uses it"))
    return found


# Number words as the style writes them (num2words), not typed here: 0 to 99, and the scales.
SMALL = {style.words(n): n for n in range(100)}
SCALES = {style.words(10 ** k).split()[-1]: 10 ** k for k in (2, 3, 6, 9, 12, 15)}  # hundred … quadrillion
NUMBER_WORDS = {part for word in [*SMALL, *SCALES] for part in word.split("-")} | {"and"}
FIGURES_IN_PARENTHESES = re.compile(r"\(\d")
# Up to 40 words before the figures: "nine hundred and ninety-nine thousand, nine hundred and …" is long.
IN_WORDS_AND_FIGURES = re.compile(r"((?:\b[a-zA-Z]+,?[\s-]+){1,40})\((\d[\d,]*)\)")


def words_and_numerals(document: Document) -> list[Finding]:
    found = []
    for where, text in _texts(document):
        if not FIGURES_IN_PARENTHESES.search(text):  # most text has none, and the full pattern backtracks
            continue
        for match in IN_WORDS_AND_FIGURES.finditer(text):
            tokens = [token.rstrip(",") for token in match.group(1).strip().lower().split()]
            number_words = []
            for token in reversed(tokens):  # the number words right before the figures
                if not all(part in NUMBER_WORDS for part in token.split("-")):
                    break
                number_words.insert(0, token)
            while number_words and number_words[0] == "and":
                number_words.pop(0)
            if not number_words:
                continue
            figures = int(match.group(2).replace(",", ""))
            if _words_value(number_words) != figures:
                found.append(Finding("words-numerals-mismatch", document.name, where,
                                     excerpt(text, match.start(), match.end()),
                                     f"says {' '.join(number_words)} in words but {match.group(2)} in figures "
                                     f"({style.words(figures)})"))
    return found


def _words_value(words: list[str]) -> int | None:
    """["one", "hundred", "and", "twenty"] → 120."""
    total = current = 0
    for word in " ".join(words).replace(" and ", " ").split():
        if word in SCALES and SCALES[word] == 100:
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            current += SMALL.get(word, 0)
    return total + current


def blanks(document: Document) -> list[Finding]:
    found = []
    for where, block in places(document):
        for run in inlines_of(block):
            text = plain(run)
            for i, item in enumerate(run):
                if isinstance(item, Blank):
                    at = len(plain(run[:i]))
                    found.append(Finding("unfilled-blank", document.name, where, excerpt(text, at, at + 10),
                                         f"leaves {item.name} blank; give it in the term sheet"))
    return found


LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|\bundefined\b|\bNone\b(?! of\b)")


def leftovers(document: Document, values: list[str] = ()) -> list[Finding]:
    """Template syntax or a missing value printed as "None". A term-sheet value is printed as it is,
    so text that is a value (a name holding "{{", say) is not a leftover."""
    # Matched as the document prints them: markup folds runs of whitespace to one space.
    literal = [" ".join(value.split()) for value in values if LEFTOVER.search(value)]
    found = []
    for where, text in _texts(document):
        for value in literal:  # the signature page prints names in capitals: match either way
            text = re.sub(re.escape(value), lambda m: "\0" * len(m.group(0)), text, flags=re.I)
        for match in LEFTOVER.finditer(text):
            found.append(Finding("template-leftover", document.name, where,
                                 excerpt(text, match.start(), match.end()),
                                 f"prints '{match.group(0)}', which is template syntax or a missing value"))
    return found


# The same word twice ("FORM FORM S-1", "the the"), or the same mark twice (",," or ".." but not an
# ellipsis's "..."). Letters only: a blank prints as underscores, and "Inc.," is right.
DOUBLED = re.compile(r"(?<![-'])\b([A-Za-z]+)\s+\1\b(?![-'])|([,;:])\s*\2|(?<!\.)\.\s*\.(?!\.)", re.I)


def doubled(document: Document) -> list[Finding]:
    """Where a value meets a clause's own words they can say a thing twice: a value ending in a
    period before the sentence's own, "Form" in the value and in the clause."""
    found = []
    for where, text in _texts(document):
        for match in DOUBLED.finditer(text):
            found.append(Finding("doubled", document.name, where, excerpt(text, match.start(), match.end()),
                                 f"prints '{' '.join(match.group(0).split())}' twice in a row"))
    return found


TOTAL = re.compile(r"total number of shares of (?:all classes of )?stock which the Corporation shall have "
                   r"authority to issue is ([\d,]+)", re.I)
CLASS = re.compile(r"^([\d,]+) of such shares shall be shares of ([^.]+)\.", re.I)


def capital_sum(document: Document) -> list[Finding]:
    """The capital article as printed: the classes that follow the total must add up to it."""
    found = []
    texts = list(_texts(document))
    for i, (where, text) in enumerate(texts):
        match = TOTAL.search(text)
        if not match:
            continue
        total = int(match.group(1).replace(",", ""))
        classes = []
        for _, following in texts[i + 1:]:
            share_class = CLASS.match(following.strip())
            if not share_class:
                break
            classes.append((share_class.group(2), int(share_class.group(1).replace(",", ""))))
        added = sum(shares for _, shares in classes)
        if classes and added != total:
            parts = " + ".join(f"{shares:,} {name}" for name, shares in classes)
            found.append(Finding("capital-sum", document.name, where, excerpt(text, match.start(), match.end()),
                                 f"the classes add up to {added:,} ({parts}), not the total of {total:,}"))
    return found


# --- defined terms ----------------------------------------------------------------------------

CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)*)+")
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
# "an 8% Convertible Debenture (the "Debenture")": the long name of a thing being defined.
NAMED = re.compile(r"\s*\((?:the |collectively, the |each, an? |an? )?[\"“]")
SENTENCE_START = re.compile(r"(^|[.;:!?]\s+|\(\w+\)\s+|[(]\s*)$")
# Capitalised for reasons other than definition: statutes, forms, headings, money and dates.
COMMON_NAMES = {
    "Section", "Sections", "Article", "Articles", "Rule", "Rules", "Form", "Forms", "Regulation", "Schedule",
    "Exhibit", "Item", "State", "States", "United", "General", "Corporation", "Law", "Code", "Act", "Exchange",
    "Securities", "Agreement", "Amendment", "Certificate", "Incorporation", "Whereas", "Now", "Therefore",
    "In", "Witness", "Whereof", "Name", "Title", "By", "Attention", "Telecopier", "Telephone", "Board",
    "Directors", "President", "Secretary", "Incorporator", "Commission", "Dollar", "Dollars", "Cent", "County",
    "Authorized", "Officer", "National", "Association", "Dealers",
    "Cents", *(word.capitalize() for word in NUMBER_WORDS),
    *style.MONTHS}


def undefined_terms(document: Document, names: set[str] = frozenset()) -> list[Finding]:
    """Runs of capitalised words, mid-sentence and outside quotation marks, that are not a defined
    term (or its plural or singular), nor made of words the term sheet's values, the document's
    title and common legal proper names use. ``names``: the words of the term sheet's values."""
    terms = set()
    for block in walk(document.blocks):
        for run in inlines_of(block):
            terms.update(item.term for item in run if isinstance(item, Def))
    if not terms:
        return []  # a document that defines nothing uses capitals only for names
    known = set()
    for term in terms | {document.title.title()}:
        known |= {term, term + "s", term + "es", re.sub(r"ies$", "y", term), re.sub(r"s$", "", term)}
    vocabulary = COMMON_NAMES | set(names) | set(document.title.title().split())
    found, seen = [], set()
    for where, block in places(document):
        if isinstance(block, (Title, Legend, AddressBlock, Signature)):
            continue
        for run in inlines_of(block):
            text, raw = _free_text(run), plain(run)
            for match in CAPITALISED_RUN.finditer(text):
                phrase = match.group(0)
                words = phrase.split()
                if SENTENCE_START.search(text[:match.start()]) and _is_known(" ".join(words[1:]), known,
                                                                              vocabulary):
                    continue
                if phrase in seen or _is_known(phrase, known, vocabulary) or NAMED.match(raw[match.end():]):
                    continue
                seen.add(phrase)
                found.append(Finding("undefined-term", document.name, where,
                                     excerpt(raw, match.start(), match.end()),
                                     f"uses \"{phrase}\" like a defined term, but nothing defines it"))
    return found


def _free_text(run) -> str:
    """The paragraph's words with definitions, references and quotations masked out (same length,
    so offsets hold, and with a filler that no run of words can cross)."""
    text = "".join(item.text if isinstance(item, Text) else "\0" * len(plain([item])) for item in run)
    return QUOTED.sub(lambda m: "\0" * len(m.group(0)), text)


def _is_known(phrase: str, known: set[str], vocabulary: set[str]) -> bool:
    if not phrase or phrase in known or any(term in phrase for term in known if " " in term):
        return True
    return all(re.sub(r"'s$", "", part) in vocabulary for part in re.split(r"[\s-]+", phrase))


# --- the term sheet ---------------------------------------------------------------------------

def facts(sheet: TermSheet) -> list[Finding]:
    """The same fact entered twice, two ways: an address with one street number in one city but
    two street names, or two near-identical names."""
    found = []
    values = list(_strings(sheet.data, ()))
    addresses = list(_addresses(sheet.data, ()))
    places: dict[tuple, list[int]] = {}  # only the same street number in the same city can clash
    for index, (_, address) in enumerate(addresses):
        if _number(address):
            places.setdefault((*_place(address), _number(address)), []).append(index)
    for i, j in _pairs_within(places.values()):
        (path_a, a), (path_b, b) = addresses[i], addresses[j]
        if _street(a) != _street(b):
            found.append(_fact(sheet, path_b + ("lines",), f"{_street(b)}",
                               f"gives the street as '{_street(b)}', but {dotted(path_a)} gives "
                               f"'{_street(a)}' for the same number, city and postal code"))
    reported = {f.place for f in found}
    # Names that differ only in a number ("Fund I", "Fund II"; "Holder 0001", "Holder 0002") are
    # different names on purpose, so names are compared by what is left without their numbers.
    classes: dict[str, list[tuple[tuple, str]]] = {}
    for path, value in values:
        if _name_like(value):
            classes.setdefault(_without_numbers(_normal(value)), []).append((path, value))
    for key_a, key_b in _candidate_pairs(list(classes)):
        if not _near_twins(key_a, key_b):
            continue
        path_a, a = classes[key_a][0]
        for path_b, b in classes[key_b]:
            if dotted(path_b) not in reported:
                reported.add(dotted(path_b))
                found.append(_fact(sheet, path_b, b, f"reads '{b}', but {dotted(path_a)} reads '{a}'"))
    return found


def _candidate_pairs(keys: list[str]) -> Iterator[tuple[str, str]]:
    """The pairs worth comparing, each once, in term-sheet order. A slip of a letter or two leaves
    either the first four or the last four letters alone, so only names sharing one of those are
    compared, not every name with every other."""
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        for block in {"^" + key[:4], key[-4:] + "$"}:
            groups.setdefault(block, []).append(index)
    for i, j in _pairs_within(groups.values()):
        yield keys[i], keys[j]


def _pairs_within(groups: Iterable[list[int]]) -> list[tuple[int, int]]:
    """Each pair of indices that share a group, once, in order."""
    return sorted({(i, j) for group in groups for n, i in enumerate(group) for j in group[n + 1:]})


def _fact(sheet: TermSheet, path: tuple, value: str, message: str) -> Finding:
    return Finding("inconsistent-fact", "term sheet", dotted(path), value, message, file=str(sheet.path),
                   line=sheet.line_of(path))


def _strings(node: Any, path: tuple, everything: bool = False) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            # Amendments restate facts on purpose: a new value is not a slip.
            if everything or key not in ("amendments", "address_changes", "changes", "clauses", "add_after"):
                yield from _strings(value, path + (key,), everything)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,), everything)
    elif isinstance(node, str):
        yield path, node


def _addresses(node: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(node, dict):
        if isinstance(node.get("lines"), list) and "city" in node:
            yield path, node
        for key, value in node.items():
            if key not in ("amendments", "address_changes", "changes"):
                yield from _addresses(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _addresses(value, path + (i,))


def _place(address: dict) -> tuple[str, ...]:
    return tuple(str(address.get(k, "")).casefold() for k in ("city", "state", "postal_code"))


def _street(address: dict) -> str:
    return " ".join(str(line) for line in address["lines"])


def _number(address: dict) -> str | None:
    found = re.match(r"\s*(\d+)\b", _street(address))
    return found.group(1) if found else None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _name_like(text: str) -> bool:
    """Long enough and mostly letters: telephone numbers and dates differ by a digit on purpose."""
    return len(text) >= 8 and sum(c.isalpha() for c in text) >= 0.6 * len(text)


NUMBER_TOKEN = re.compile(r"\b(?:\d+|[ivxlc]+)\b")


def _without_numbers(name: str) -> str:
    return " ".join(NUMBER_TOKEN.sub(" ", name).split())


def _near_twins(a: str, b: str) -> bool:
    """Two normalised names that are nearly, but not quite, the same: "nelson braff", "nelson braf"."""
    if a == b or min(len(a), len(b)) < 0.8 * max(len(a), len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9
