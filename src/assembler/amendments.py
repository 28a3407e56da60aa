"""Amendments to a signed agreement: its versions, the instrument, the conformed copy.

Version 0 is the agreement as signed; version N has Amendments No. 1 to N
applied, each a set of new term-sheet values and replaced section texts. What an
amendment changed is found by comparing the two resolved versions section by
section, so the instrument and the footnotes can never disagree with the text.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from . import style
from .assembly import Job
from .errors import ClauseError
from .termsheet import TermSheet
from .tree import (AddressBlock, Document, Excerpt, Note, Paragraph, Ref, Section, Signature, Text, Title, inlines_of, notes,
                   plain, walk)

AGREEMENT = "registration-rights-agreement"
INSTRUMENT = "agreement-amendment"
# What the instrument's clauses see besides the amended term sheet: see instrument_context().
CONTEXT_NAMES = ("amendment", "changed", "agreement_section")


@dataclass
class SectionChange:
    kind: str          # "amended", "added" or "deleted"
    section_id: str
    number: str        # as the agreement stood before the amendment (the new number, if added)
    new_number: str    # as the amendment leaves it ("" if deleted)


def job(sheet: TermSheet, version: int) -> Job:
    """The agreement as its first ``version`` amendments leave it."""
    amended = sheet.amended(version)
    edits: dict[str, str] = {}
    additions: dict[str, str] = {}
    for amendment in sheet.deal.agreement.amendments[:version]:
        edits.update(amendment.clauses)
        for anchor, source in amendment.add_after.items():
            additions[anchor] = additions.get(anchor, "") + source
    name = AGREEMENT if version == 0 else f"{AGREEMENT}-as-amended-{version}"
    return Job(AGREEMENT, name, amended.context(), edits=edits, additions=additions)


def own_text(section: Section) -> str:
    """A section's words without its number and without its sub-sections."""
    parts = [section.title or ""]
    for block in section.children:
        if not isinstance(block, Section):
            parts += [plain(run) for run in inlines_of(block)]
    return " ".join(" ".join(parts).split())


def changes(old: Document, new: Document) -> list[SectionChange]:
    """Sections whose own words differ between two versions, in the new version's order."""
    found = []
    for section_id, section in new.sections.items():
        before = old.sections.get(section_id)
        if before is None:
            if not _inside(section_id, new, old, present=False):
                found.append(SectionChange("added", section_id, section.number, section.number))
        elif own_text(before) != own_text(section):
            found.append(SectionChange("amended", section_id, before.number, section.number))
    deleted = [SectionChange("deleted", section_id, section.number, "")
               for section_id, section in old.sections.items()
               if section_id not in new.sections and not _inside(section_id, old, new, present=False)]
    # Deletions first: the restatements after them may rely on the numbering the deletions make.
    return deleted + found


def _inside(section_id: str, document: Document, other: Document, present: bool) -> bool:
    """Whether the section sits inside a parent that is also missing from the other version
    (then the parent's change covers it)."""
    for parent_id, parent in document.sections.items():
        if parent_id == section_id or (parent_id in other.sections) != present:
            continue
        if any(isinstance(b, Section) and b.id == section_id for b in walk(parent.children)):
            return True
    return False


def quoted(section: Section) -> list:
    """A section as plain blocks for quoting in another document: its number typed as it
    stands in the source, its references already resolved there, set in from both margins, each
    paragraph opening with a quotation mark and the last one closing the quotation."""
    copied = copy.deepcopy(section)
    for block in walk([copied]):
        for run in inlines_of(block):
            for i, item in enumerate(run):
                if isinstance(item, Ref):
                    run[i] = Text(item.text or "", item.marks)
    blocks = _flatten(copied)
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    for paragraph in paragraphs:
        paragraph.quote = True
        paragraph.inlines.insert(0, Text('"'))
    last = blocks[-1] if blocks else None
    closing = last.lines[-1].inlines if isinstance(last, AddressBlock) and last.lines else \
        paragraphs[-1].inlines if paragraphs else None
    if closing is not None:
        closing.append(Text('"'))
    return blocks


def _flatten(section: Section) -> list:
    children = list(section.children)
    if section.level == 1:  # an article: its heading on a line of its own
        heading = f"{section.label} {section.title.upper()}" if section.title else section.label
        out = [Paragraph([Text(heading, frozenset({"b"}))], flush=True, keep=True)]
        for block in children:
            out += _flatten(block) if isinstance(block, Section) else [block]
        return out
    lead = section.label + " "
    if section.title:
        lead += section.title.rstrip(".") + ". "
    first = children.pop(0).inlines if children and isinstance(children[0], Paragraph) else []
    out = [Paragraph([Text(lead)] + first, flush=True)]
    for block in children:
        out += _flatten(block) if isinstance(block, Section) else [block]
    return out


def fill_excerpts(document: Document, source: Document) -> None:
    """Replace each <excerpt section="id"/> with that section as the source document has it."""
    def fill(blocks):
        out = []
        for block in blocks:
            if isinstance(block, Excerpt):
                if block.section_id not in source.sections:
                    raise ClauseError(f"quotes section '{block.section_id}', which is not in the amended "
                                      "agreement", file=block.clause)
                out += quoted(source.sections[block.section_id])
            else:
                if isinstance(block, Section):
                    block.children = fill(block.children)
                out.append(block)
        return out
    document.blocks = fill(document.blocks)


def conform(document: Document, sheet: TermSheet, history: list[list[SectionChange]]) -> Document:
    """Mark the agreement as a conformed copy: a legend under the title, a footnote at each
    amended section naming its amendment, signatures as "/s/ Name"."""
    amendments = sheet.deal.agreement.amendments
    names = [f"Amendment No. {n} dated {style.long_date(a.date)}" for n, a in enumerate(amendments, 1)]
    shown = names[:len(history)]
    legend = "Conformed copy reflecting " + (" and ".join(shown) if len(shown) < 3
                                             else ", ".join(shown[:-1]) + " and " + shown[-1])
    for i, block in enumerate(document.blocks):
        if isinstance(block, Title):
            document.blocks.insert(i + 1, Paragraph([Text(legend, frozenset({"i"}))], align="center"))
            break
    for number, changed in enumerate(history, 1):
        for change in changed:
            section = document.sections.get(change.section_id)
            if section is None:
                continue
            note = Note([Text(f"Amended by {names[number - 1]}.")])
            target = next((b for b in section.children if isinstance(b, Paragraph)), None)
            if target is None:
                target = Paragraph([])
                section.children.insert(0, target)
            target.inlines.append(note)
    for count, note in enumerate(notes(document.blocks), 1):
        note.number = count
    for block in walk(document.blocks):
        if isinstance(block, Signature):
            block.conformed = True
    document.conformed = True
    return document


def signers(sheet: TermSheet, names: list[str]) -> list[dict]:
    """The approving Investors as they sign: each one's signatory from the term sheet when the name
    is a party's there (the Initial Investor or one of ``other_investors``), and where to fill it in."""
    parties = [("investor", sheet.deal.investor)] + [
        (f"other_investors[{i}]", investor) for i, investor in enumerate(sheet.deal.other_investors)]
    found = []
    for name in names:
        path, party = next(((p, x) for p, x in parties if x and x.name and x.name.lower() == name.lower()),
                           (None, None))
        signatory = party.signatory.model_dump() if party else {"name": None, "title": None}
        found.append({"name": name, "signatory": signatory,
                      "path": f"{path}.signatory" if path else "agreement.amendments.approval.signatory"})
    return found


def instrument_context(sheet: TermSheet, number: int, before: Document, after: Document,
                       changed: list[SectionChange]) -> dict[str, Any]:
    """What the instrument's clause sees: the amended deal, the amendment, the sections it
    changed (``changes(before, after)``), and each section's number as the agreement stands
    before it (new ones: after)."""
    amended = sheet.amended(number)
    amendment = sheet.deal.agreement.amendments[number - 1].model_dump(mode="python")
    amendment["number"] = number
    amendment["signers"] = signers(sheet, amendment["approval"]["investors"])
    numbers = {sid: s.number for sid, s in after.sections.items()}
    numbers.update({sid: s.number for sid, s in before.sections.items()})
    return {**amended.context(), "amendment": amendment,
            "changed": [change.__dict__ for change in changed],
            "agreement_section": numbers}
