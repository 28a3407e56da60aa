"""A capitalised term used as a defined term but defined nowhere."""
from __future__ import annotations

import re

from ... import style
from ...tree import AddressBlock, Def, Document, Legend, Signature, Text, Title, inlines_of, plain, walk
from ..finding import Finding
from ..places import excerpt, places
from .words_numerals_mismatch import NUMBER_WORDS

NAME = "undefined-term"
SEVERITY = "warning"
ABOUT = "a capitalised term used as a defined term but defined nowhere"
SCOPE = "document"

CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)*)+")
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
# "an 8% Convertible Debenture (the "Debenture")": the long name of a thing being defined.
# A statute's name is the same, its year and "as amended" between: the Investment Company Act of 1940,
# as amended (the "Investment Company Act").
NAMED = re.compile(r"(?:\s+of\s+\d{4})?(?:,?\s+as\s+amended)?,?\s*\((?:the |collectively, the |each, an? |an? )?[\"“]")
# A statute named by its title and year is a proper name, not a defined term: "the Trust Indenture Act of 1939".
STATUTE = re.compile(r"\s+of\s+\d{4}\b")
STATUTE_WORDS = {"Act", "Code", "Law", "Statute", "Statutes"}
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


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    """Runs of capitalised words, mid-sentence and outside quotation marks, that are not a defined
    term (or its plural or singular), nor made of words the term sheet's values, the document's
    title and common legal proper names use. A document citing another (a joinder, its agreement)
    may use that one's title and terms."""
    names = {word for value in values for word in re.findall(r"[\w'-]+", value)}
    terms = set()
    for block in walk(document.blocks):
        for run in inlines_of(block):
            terms.update(item.term for item in run if isinstance(item, Def))
    if not terms:
        return []  # a document that defines nothing uses capitals only for names
    known = set()
    for term in terms | {document.title.title()} | {term.title() if term.isupper() else term
                                                     for term in document.cited_terms}:
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
                if words[-1] in STATUTE_WORDS and STATUTE.match(raw[match.end():]):
                    continue
                seen.add(phrase)
                found.append(Finding(NAME, document.name, where,
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
    # A phrase is a run of capitalised words (CAPITALISED_RUN): letters, spaces and hyphens only.
    return all(part in vocabulary for part in re.split(r"[\s-]+", phrase))
