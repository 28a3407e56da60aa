"""Reconcile: their draft read onto our deal, each change explained, the proposal built and checked.

    ours (the tree the term sheet makes) ──units──┐
    their draft ──read──► proposed view ──units──►├─ align (bookmarks, then text) ─► per section
    switches: an optional section gone whole ⇒ the boolean fact whose flip takes it out
    facts:    candidate values from the changed words, each confirmed by rebuilding: kept only if
              no section moves away from their words and some section comes to them
    clause text: what is left, a matter-level override of the section by id
    round trip: the proposal built and compared, paragraph by paragraph, with their words
"""
from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import api
from ..errors import AssemblerError
from ..library import Library
from ..assembly import Job
from ..pipeline import assemble_job
from ..readers import DraftError, comparable, read_docx
from ..readers.model import ReadDocument
from ..termsheet import TermSheet, validate
from ..termsheet.source import dotted
from ..tree import Blank, Document, Section, section_parents, walk
from ..writers.docx import _bookmark_name
from . import align as aligning
from . import clausetext, values
from .units import RefPiece, Unit, numbers_of, of_tree, of_view, split_run_ins

if TYPE_CHECKING:
    from .proposal import Proposal

PROPERTY = api.VERSION_PROPERTY  # the custom document property our DOCX carries: the term sheet's hash
sheet_hash = api.sheet_hash
MIN_MATCH = 0.5                  # below this share of our paragraphs found in theirs, it is another document


@dataclass
class Change:
    """One change of theirs, explained."""
    id: str
    kind: str              # fact | switch | clause | new-section | deleted-section | moved-section
    section: str           # the section id it is in (a new one: the id we give it)
    number: str            # its number in our draft ("2(a)"), or in theirs for a new section
    ours: str              # our words for the section
    theirs: str            # theirs
    explanation: str
    fact: tuple[str, Any, Any] | None = None   # (dotted path, our value, theirs)
    override: dict = field(default_factory=dict)  # overrides.yaml entries, or {"clause": {name: markup}}
    sections: list[str] = field(default_factory=list)  # every section it reaches (a fact may reach several)
    owners: list[str] = field(default_factory=list)    # the owners of their paragraphs it is in
    authors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items()}
        if self.fact:
            out["fact"] = {"path": self.fact[0], "ours": _plain(self.fact[1]), "theirs": _plain(self.fact[2])}
        return out


@dataclass
class Finding:
    rule: str
    section: str
    message: str

    def one_line(self) -> str:
        return f"{self.rule} {self.section}: {self.message}"


@dataclass
class RoundTrip:
    exact: bool
    differences: list[str]


class Context:
    """What every stage shares: the term sheet, the library, our tree, their draft."""

    def __init__(self, sheet_path, draft, document: str | None, library_dirs, draft_name: str | None):
        self.library_dirs = tuple(Path(d) for d in library_dirs)
        self.library = api.library_for(sheet_path, library_dirs)
        self.sheet = api.load_termsheet(sheet_path, self.library)
        self.ours = api.assemble(self.sheet, document, self.library)
        self.job = next(j for j in api.jobs(self.sheet, library=self.library) if j.name == self.ours.name)
        self.draft: ReadDocument = draft if isinstance(draft, ReadDocument) else read_docx(draft, draft_name)
        self.bookmarks = {_bookmark_name(sid): sid for sid in self.ours.sections}
        self.builds: dict[str, Document | None] = {}
        from .. import assembly
        made = assembly.load(self.job.assembly, self.library)
        # A document made once, from the facts alone (the agreement), is rebuilt from its job directly;
        # one made per item or with a context the code adds (a charter's) goes through the registry.
        self.plain_job = not any(m.for_each or m.context for m in made.makes) and not made.cites

    def build(self, data: dict, extra_dirs: tuple[Path, ...] = ()) -> Document | None:
        """The document as ``data`` (a term sheet's data) makes it, or None if it does not."""
        key = repr(sorted(_leaves(data))) + repr(extra_dirs)
        if key in self.builds:
            return self.builds[key]
        try:
            sheet = self.sheet_of(data)
            library = Library([*extra_dirs, *self.library.user_dirs]) if extra_dirs else self.library
            if self.plain_job:
                job = Job(self.job.assembly, self.job.name, sheet.context(), conformed=self.job.conformed)
            else:
                job = next(j for j in api.jobs(sheet, library=library) if j.name == self.ours.name)
            built = assemble_job(job, library, strict=False)
        except (AssemblerError, StopIteration):
            built = None
        self.builds[key] = built
        return built

    def sheet_of(self, data: dict) -> TermSheet:
        deal = validate(data, self.sheet.lines, str(self.sheet.path), facts=self.sheet.facts)
        return TermSheet(deal, self.sheet.path, self.sheet.raw, self.sheet.lines, data, facts=self.sheet.facts)


@dataclass
class Result:
    """Everything reconcile found; ``apply`` keeps the changes a lawyer accepts."""
    context: Context
    changes: list[Change]
    findings: list[Finding]
    round_trip: RoundTrip
    version: str                 # "current", "earlier" or "unknown"
    draft_hash: str
    matched: float               # share of our paragraphs found word for word in their draft as sent
    their_units: list = field(default_factory=list)  # their paragraphs (as proposed), each with its owner
    drift: list[str] = field(default_factory=list)   # sections their (earlier) draft has as sent, ours moved on

    @property
    def document(self) -> Document:
        return self.context.ours

    def apply(self, decisions: dict[str, str] | None = None) -> "Proposal":
        """The proposal carrying the changes accepted (all, if ``decisions`` is None; else those
        whose id maps to "accept")."""
        from .proposal import Proposal
        accepted = [c for c in self.changes if decisions is None or decisions.get(c.id) == "accept"]
        return Proposal.of(self.context, accepted)


def reconcile(sheet_path: str | Path, draft, document: str | None = None, library_dirs: tuple = (),
              draft_name: str | None = None) -> Result:
    """Read ``draft`` (a path, bytes, or a ``ReadDocument``) onto the document ``document`` (the first
    the term sheet makes if None) and explain each change."""
    ctx = Context(sheet_path, draft, document, library_dirs, draft_name)
    return _Reconciler(ctx).run()


class _Reconciler:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.ours_units = of_tree(ctx.ours)
        self.numbers = numbers_of(ctx.ours)
        self.theirs = their_units(ctx.draft.proposed, ctx.bookmarks, self.ours_units)
        self.sent = their_units(ctx.draft.sent, ctx.bookmarks, self.ours_units)
        self.counter = 0

    def run(self) -> Result:
        ctx = self.ctx
        matched = self._matched()
        if matched < MIN_MATCH:
            raise DraftError(f"matches {round(matched * 100)}% of the {ctx.ours.title}: it is a draft of another "
                             "document", file=ctx.draft.name,
                             hint="give the draft of this document, or name another with --document")
        aligning.align(self.ours_units, self.theirs, self.numbers)
        self.drift = self._drift()
        self.their_by_owner = _by_owner(self.theirs)
        self.changes: list[Change] = []
        data = copy.deepcopy(ctx.sheet.data)
        data = self._switches(data)
        data = self._facts(data)
        self.data = data
        self._clause_texts()
        proposal = self.ctx_result_proposal()
        round_trip = self._round_trip(proposal)
        findings = self._findings(proposal)
        version = self._version()
        return Result(ctx, self.changes, findings, round_trip, version, self._draft_hash(), matched, self.theirs,
                      [self._number(o) or o for o in self.drift])

    def _drift(self) -> list[str]:
        """Sections their draft has as we sent them, where our term sheet has moved on since (a
        tracked draft of an earlier version): not their change, so our words stand there. Their
        paragraphs of such a section are replaced by ours before anything is explained."""
        if not self.ctx.draft.tracked or self._version() != "earlier":
            return []
        aligning.align(self.ours_units, self.sent, self.numbers)
        sent = _by_owner(self.sent)
        proposed = _by_owner(self.theirs)
        ours = _by_owner(self.ours_units)
        drifted = []
        for owner in ours:
            if owner not in sent or owner not in proposed:
                continue
            as_sent = _tokens(sent[owner], self.numbers)
            if as_sent == _tokens(proposed[owner], self.numbers) and as_sent != _tokens(ours[owner], self.numbers):
                drifted.append(owner)
        for owner in drifted:
            at = self.theirs.index(proposed[owner][0])
            kept = [u for u in self.theirs if u.owner != owner]
            mine = [Unit(owner, list(u.pieces), u.heading, u.number, None, [], u.run_in) for u in ours[owner]]
            self.theirs = kept[:at] + mine + kept[at:]
        return drifted

    # -- checks on the draft ----------------------------------------------------------------
    def _matched(self) -> float:
        ours = [u.words(self.numbers) for u in self.ours_units if len(u.words(self.numbers)) > 20]
        theirs = {u.words(self.numbers) for u in self.sent} | {u.words(self.numbers) for u in self.theirs}
        return sum(1 for w in ours if w in theirs) / max(len(ours), 1)

    def _version(self) -> str:
        given = self.ctx.draft.properties.get("custom", {}).get(PROPERTY)
        if not given:
            return "unknown"
        return "current" if given == sheet_hash(self.ctx.sheet) else "earlier"

    def _draft_hash(self) -> str:
        return self.ctx.draft.sha256

    # -- distance between a build and their draft ----------------------------------------------
    def distances(self, document: Document) -> dict[str, frozenset]:
        """Per owner, what differs between the build and their draft: the set of difflib opcodes
        (their word positions, and the build's words there), their REF fields showing the build's
        numbers. Paragraph breaks count as words, so a split or a merge is a difference."""
        numbers = numbers_of(document)
        built = _by_owner(of_tree(document))
        out = {}
        for owner in sorted(set(built) | set(self.their_by_owner)):
            a = _tokens(built.get(owner, []), numbers)
            b = _tokens(self.their_by_owner.get(owner, []), numbers)
            if a == b:
                out[owner] = frozenset()
                continue
            out[owner] = frozenset((j1, j2, tuple(a[i1:i2])) for tag, i1, i2, j1, j2 in
                                   difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal")
        return out

    def _better(self, now: dict[str, frozenset], then: dict[str, frozenset]) -> list[str]:
        """The owners a candidate brings closer to their words, or [] if it brings any new
        difference anywhere: a fact is confirmed only when every word it changes is theirs."""
        improved = []
        for owner in sorted(set(now) | set(then)):
            a, b = now.get(owner, frozenset()), then.get(owner, frozenset())
            if not a <= b:
                return []
            if a < b:
                improved.append(owner)
        return improved

    # -- switches -------------------------------------------------------------------------------
    def _switches(self, data: dict) -> dict:
        gone = [sid for sid in self.ctx.ours.sections if sid not in self.their_by_owner]
        if not gone:
            return data
        current = self.ctx.ours
        then = self.distances(current)
        for path, value in _leaves(data):
            if not isinstance(value, bool) or value is not True:
                continue
            trial = _with(data, path, False)
            built = self.ctx.build(trial)
            if built is None:
                continue
            removed = [sid for sid in current.sections if sid not in built.sections]
            if not removed or not set(removed) <= set(gone):
                continue
            now = self.distances(built)
            improved = self._better(now, then)
            if not improved:
                continue
            parents = section_parents(current.blocks)
            top = [sid for sid in removed if parents.get(sid) not in removed]
            section = current.sections[top[0]]
            self._add("switch", top[0], section.number or top[0],
                      explanation=f"{'Section ' + section.number if section.number else top[0]} deleted whole: "
                                  f"the switch {dotted(path)} off takes it out; the sections after it renumber "
                                  "and every cross-reference follows",
                      fact=(dotted(path), True, False), sections=removed,
                      ours=_owner_words(current, removed), theirs=_owner_words(built, removed))
            data, current, then = trial, built, now
        return data

    # -- facts ----------------------------------------------------------------------------------
    def _facts(self, data: dict) -> dict:
        current = self.ctx.build(data)
        then = self.distances(current)
        ours_by_owner = _by_owner(of_tree(current))
        numbers = numbers_of(current)
        tried = set()
        order = list(dict.fromkeys(u.owner for u in of_tree(current)))  # document order: ids are stable
        for owner in [o for o in order if then.get(o) and o in self.their_by_owner]:
            a = _tokens(ours_by_owner[owner], numbers)
            b = _tokens(self.their_by_owner[owner], numbers)
            blanks = _blank_names(current, owner)
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if tag == "equal":
                    continue
                opcode = (j1, j2, tuple(a[i1:i2]))
                for path, value in self._candidates(data, a, b, i1, i2, j1, j2, blanks):
                    if opcode not in then.get(owner, ()):
                        break  # explained by a fact already (this one, or one found for another place)
                    key = (path, repr(value))
                    if key in tried:
                        continue
                    tried.add(key)
                    old = _get(data, path)
                    trial = _with(data, path, value)
                    built = self.ctx.build(trial)
                    if built is None:
                        continue
                    now = self.distances(built)
                    improved = self._better(now, then)
                    if not improved:
                        continue
                    first = improved[0] if owner not in improved else owner
                    self._add("fact", first, self._number(first),
                              explanation=f"{_shown(old)} → {_shown(value)}: the words are how {dotted(path)} "
                                          f"is written; rebuilt with {_shown(value)}, "
                                          f"{len(improved)} section(s) read as theirs",
                              fact=(dotted(path), old, value), sections=sorted(improved),
                              ours=_owner_words(current, improved), theirs=_owner_words(built, improved))
                    data, current, then = trial, built, now
        return data

    def _candidates(self, data, a, b, i1, i2, j1, j2, blanks):
        """(path, value) pairs the changed words suggest, most likely first."""
        old_ctx = " ".join(a[max(i1 - 3, 0):i2 + 3])
        new_span = " ".join(b[j1:j2])
        new_ctx = " ".join(b[max(j1 - 3, 0):j2 + 3])
        old_numbers = set(values.numbers(old_ctx))
        new_numbers = [n for n in values.numbers(new_ctx) if n not in old_numbers]
        old_dates = set(values.dates(old_ctx))
        new_dates = [d for d in values.dates(new_ctx) if d not in old_dates]
        old_text = " ".join(a)
        a_start = len(" ".join(a[:i1])) + (1 if i1 else 0)
        a_end = len(" ".join(a[:i2]))
        out = []
        for path, value in _leaves(data):
            if isinstance(value, bool):
                continue
            if isinstance(value, (int, float, Decimal)) and Decimal(str(value)) in old_numbers:
                for n in new_numbers:
                    out.append((path, int(n) if isinstance(value, int) and n == int(n) else
                                (float(n) if isinstance(value, float) else n)))
            elif isinstance(value, dt.date) and value in old_dates:
                out += [(path, d) for d in new_dates]
            elif isinstance(value, str) and len(value) >= 2:
                words = comparable(value)
                start = old_text.find(words)
                while start >= 0:
                    end = start + len(words)
                    if start <= a_end and end >= a_start:
                        replaced = old_text[start:a_start] + new_span + old_text[max(a_end, a_start):end]
                        for variant in (replaced.strip().rstrip(".,;:"), replaced.strip()):
                            if variant and variant != words:
                                out.append((path, variant))
                    start = old_text.find(words, start + 1)
        old_span = " ".join(a[i1:i2])
        if "_" * 15 in old_span and new_span:
            for name in blanks:
                out.append((tuple(name.split(".")), new_span.strip(" ,.;")))
        return out

    # -- clause text ----------------------------------------------------------------------------
    def _clause_texts(self):
        current = self.ctx.build(self.data)
        now = self.distances(current)
        moved = set(aligning.moved(of_tree(current), self.theirs))
        parents = section_parents(current.blocks)
        self.their_numbers = clausetext.their_numbers(self.theirs, _levels(self.theirs, self.ctx.draft.proposed))
        for owner in [u.owner for u in of_tree(current) if u.heading or u.owner.startswith("@")]:
            if not now.get(owner) and owner not in moved:
                continue
            if owner in [c.section for c in self.changes if c.kind in ("clause", "deleted-section", "moved-section")]:
                continue
            if owner not in self.their_by_owner:
                if parents.get(owner) in [c.section for c in self.changes if c.kind == "deleted-section"]:
                    continue
                self._add("deleted-section", owner, self._number(owner),
                          explanation=f"Section {self._number(owner)} deleted; no switch takes it out, so it "
                                      "goes as an override (delete) in the matter library",
                          override={"delete": [owner]}, sections=[owner])
            elif owner in moved:
                self._moved(current, owner)
            elif owner.startswith("@"):
                self._clause_file(current, owner)
            else:
                self._replace(current, owner)
        self._new_sections(current)

    def _writer(self, current: Document, section: Section | None, clause: str | None, blocks=None,
                owner: str | None = None) -> clausetext.Writer:
        context = self.ctx.sheet_of(self.data)
        job = next((j for j in api.jobs(context, library=self.ctx.library) if j.name == self.ctx.ours.name), None)
        exprs = clausetext.expressions(section, clause, self.ctx.library.env, job.context if job else {})
        parents = section_parents(current.blocks)
        terms = clausetext.defined_terms(section if section else (blocks or []))
        blanks = _blank_names(current, owner) if owner else []
        return clausetext.Writer(exprs, terms, self.their_numbers, parents, blanks)

    def _replace(self, current: Document, owner: str):
        section = current.sections[owner]
        units = self.their_by_owner[owner]
        writer = self._writer(current, section, section.clause, owner=owner)
        pieces_list = [list(u.pieces) for u in units]
        heading_style = section.level == 1 and self.ctx.ours.article_style != "run-in"
        new_title = None
        if section.title and pieces_list:
            title = section.title if heading_style else section.title.rstrip(".") + "."
            first = pieces_list[0]
            lead = first[0] if first and isinstance(first[0], str) else ""
            if comparable(lead).startswith(comparable(title)):
                rest = lead.lstrip()[len(title):].lstrip() if lead.lstrip().startswith(title) else \
                    _after_words(lead, title)
                pieces_list[0] = ([rest] if rest else []) + first[1:]
            elif heading_style and all(isinstance(p, str) for p in first):
                new_title, pieces_list = "".join(first).strip(), pieces_list[1:]
            elif not heading_style:
                found = _RUN_IN_TITLE.match(lead)
                if found:
                    new_title = found.group(1)
                    pieces_list[0] = [lead[found.end():]] + first[1:]
        elif not section.title and not heading_style and pieces_list and pieces_list[0] \
                and isinstance(pieces_list[0][0], str):
            lead = pieces_list[0][0]
            found = _RUN_IN_TITLE.match(lead)
            ours_lead = next((u.text() for u in _by_owner(of_tree(current)).get(owner, [])), "")
            if found and not comparable(ours_lead).startswith(comparable(found.group(1))):
                new_title = found.group(1)  # a title they gave a section that had none
                pieces_list[0] = [lead[found.end():]] + pieces_list[0][1:]
        markup = _own_blocks_markup(section, self.ctx.ours.article_style, pieces_list, writer, heading_style) \
            or "".join(f"<p>{p}</p>" for p in (writer.paragraph(x) for x in pieces_list) if p.strip())
        ours = " \u00b6 ".join(u.words(numbers_of(current)) for u in _by_owner(of_tree(current)).get(owner, []))
        theirs = " \u00b6 ".join(u.words(numbers_of(current)) for u in units)
        override = {"replace": {owner: markup}}
        explanation = ("a wording change no fact explains: the section's text overridden by id in the matter "
                       "library, values kept as variables where their words remain")
        before = _sibling_before(current, owner)
        if new_title is not None and before and not any(isinstance(c, Section) for c in section.children):
            # A new title: the section itself is put back, by the same id, in its place.
            override = {"delete": [owner], "insert_after": {
                before: f'<section id="{clausetext.escape(owner)}" title="{clausetext.escape(new_title.rstrip("."))}">'
                        f"{markup}</section>"}}
            explanation = (f"a new title («{new_title}») and wording: the section is replaced whole by id in the "
                           "matter library, in its place, values kept as variables where their words remain")
        self._add("clause", owner, self._number(owner), ours=ours, theirs=theirs, explanation=explanation,
                  override=override, sections=[owner])

    def _moved(self, current: Document, owner: str):
        section = current.sections[owner]
        headings = [u for u in self.theirs if u.heading]
        at = next(i for i, u in enumerate(headings) if u.owner == owner)
        anchor = next((u.owner for u in reversed(headings[:at])
                       if u.owner in current.sections and u.owner != owner
                       and current.sections[u.owner].level == section.level), None)
        if anchor is None:
            return
        markup = clausetext.tree_markup([section])
        self._add("moved-section", owner, self._number(owner),
                  explanation=f"Section {self._number(owner)} moved after Section {self._number(anchor)}: "
                              "taken out and put back there, by id, so references to it follow",
                  override={"delete": [owner], "insert_after": {anchor: markup}}, sections=[owner])

    def _clause_file(self, current: Document, owner: str):
        clause = owner[1:]
        ours = [u for u in of_tree(current) if u.owner == owner]
        theirs = self.their_by_owner.get(owner, [])
        blocks = [b for i, b in enumerate(current.blocks) if i < len(current.origins) and current.origins[i] == clause]
        try:
            path = self.ctx.library.path_of(clause)
        except AssemblerError:
            path = None
        writer = self._writer(current, None, str(path) if path else None, blocks, owner)
        out, k = [], 0
        from ..tree import Paragraph, Title
        for block in blocks:
            if isinstance(block, Paragraph) and k >= len(theirs):
                continue  # they have fewer paragraphs here (a merge): this one is gone
            if isinstance(block, (Paragraph, Title)) and k < len(theirs):
                tag = "title" if isinstance(block, Title) else "p"
                attrs = ' align="center"' if getattr(block, "align", None) == "center" else ""
                attrs += ' indent="0"' if getattr(block, "flush", False) else ""
                if isinstance(block, Paragraph) and block is blocks[-1] and len(theirs) > k + 1:
                    out += [f"<p{attrs}>{writer.paragraph(u.pieces)}</p>" for u in theirs[k:]]
                    k = len(theirs)
                    continue
                out.append(f"<{tag}{attrs}>{writer.paragraph(theirs[k].pieces)}</{tag}>")
                k += 1
            else:
                out.append(clausetext.tree_markup([block]))
        self._add("clause", owner, owner, ours=" ".join(u.words() for u in ours),
                  theirs=" ".join(u.words() for u in theirs),
                  explanation=f"a wording change outside any numbered section: the clause {clause} replaced "
                              "in the matter library",
                  override={"clause": {clause: "\n".join(out)}}, sections=[owner])

    def _new_sections(self, current: Document):
        levels = [p.level for p in self.ctx.draft.proposed]
        new_owners = [o for o in self.their_by_owner if o.startswith(aligning.NEW)]
        for owner in new_owners:
            units = self.their_by_owner[owner]
            index = self.theirs.index(units[0])
            level = levels[units[0].source] if units[0].source is not None else None
            anchor = _sibling(reversed(self.theirs[:index]), level, current)
            # No section of ours before it at its level: the one after it, if any.
            following = _sibling(self.theirs[index + len(units):], level, current) if anchor is None else None
            new_id = f"matter.new_{len([c for c in self.changes if c.kind == 'new-section']) + 1}"
            writer = self._writer(current, None, None)
            first = units[0].text()
            title_match = re.match(r"^((?:[A-Z][\w'-]*)(?: (?:[A-Z][\w'-]*|of|and|the|to|for|in|on|a|an|by))*)\.\s+", first)
            title = ""
            pieces = [list(u.pieces) for u in units]
            is_article = level == 0 and self.ctx.ours.article_style != "run-in"
            if is_article:
                title, pieces = units[0].text().strip(), pieces[1:]
            elif title_match:
                title = title_match.group(1)
                pieces[0] = [first[title_match.end():]] if all(isinstance(p, str) for p in pieces[0]) else pieces[0]
                if not all(isinstance(p, str) for p in units[0].pieces):
                    title = ""
                    pieces[0] = list(units[0].pieces)
            body = "".join(f"<p>{writer.paragraph(p)}</p>" for p in pieces if writer.paragraph(p).strip())
            title_attr = f' title="{clausetext.escape(title)}"' if title else ""
            markup = f'<section id="{new_id}"{title_attr}>{body}</section>'
            theirs = " ".join(u.words() for u in units)
            if anchor:
                explanation = f"a new section after Section {self._number(anchor)}, added in the matter library as {new_id}"
                override = {"insert_after": {anchor: markup}}
            elif following:
                explanation = (f"a new section before Section {self._number(following)}, added in the matter "
                               f"library as {new_id}")
                override = {"insert_before": {following: markup}}
            else:
                explanation = "a new section, but no section of ours at its level stands before or after it to place it by"
                override = {}
            self._add("new-section", new_id, units[0].number or "", ours="", theirs=theirs, explanation=explanation,
                      override=override, sections=[new_id], their_owner=owner)

    # -- bookkeeping ----------------------------------------------------------------------------
    def _number(self, sid: str | None) -> str:
        if sid and sid in self.ctx.ours.sections:
            return self.ctx.ours.sections[sid].number
        return sid or ""

    def _add(self, kind: str, section: str, number: str, explanation: str, ours: str | None = None,
             theirs: str | None = None, fact=None, override=None, sections=(), their_owner: str | None = None):
        self.counter += 1
        owners = list(sections) or [section]
        if their_owner:
            owners.append(their_owner)
        ours_units = _by_owner(self.ours_units)
        if ours is None:  # paragraph breaks shown, so a split or a merge shows in the redline
            ours = " \u00b6 ".join(u.words(self.numbers) for o in owners for u in ours_units.get(o, []))
        if theirs is None:
            theirs = " \u00b6 ".join(u.words(self.numbers) for o in owners for u in self.their_by_owner.get(o, []))
        change = Change(str(self.counter), kind, section, number, ours, theirs, explanation, fact,
                        override or {}, list(sections), owners)
        self._attribute(change, owners)
        self.changes.append(change)

    def _attribute(self, change: Change, owners: list[str]):
        """The authors, dates and comments of their revisions in the paragraphs of these owners."""
        draft = self.ctx.draft
        views = draft.proposed
        indexes = set()
        for owner in owners:
            for unit in self.their_by_owner.get(owner, []):
                if unit.source is not None:
                    indexes.update(views[unit.source].sources)
        for sent_index, vp in enumerate(draft.sent):  # deleted paragraphs: in the sent view only
            pass
        seen = set()
        from .report import redline
        changed = [comparable(w) for kind, w in redline(change.ours, change.theirs) if kind]
        revisions = [r for index in sorted(indexes) for r in draft.paragraphs[index].changes if r.kind != "format"]
        touching = [r for r in revisions if comparable(r.text) and any(
            comparable(r.text) in w or w in comparable(r.text) for w in changed)]
        for index in sorted(indexes):
            for revision in draft.paragraphs[index].changes:
                if revision.kind == "format" or (touching and revision not in touching):
                    continue
                if revision.author and revision.author not in change.authors:
                    change.authors.append(revision.author)
                if revision.date and revision.date not in change.dates:
                    change.dates.append(revision.date)
                for comment in revision.comments + draft.paragraphs[index].comments:
                    if comment.id not in seen:
                        seen.add(comment.id)
                        change.comments.append(f"{comment.author}: {comment.text}")
        if not change.authors:  # a section deleted whole: its revisions are in paragraphs merged away
            for revision in draft.changes:
                if revision.kind in ("delete", "paragraph-delete", "move-from") and \
                        any(comparable(revision.text) and comparable(revision.text) in change.ours for _ in [0]):
                    if revision.author not in change.authors:
                        change.authors.append(revision.author)
                    for comment in revision.comments:
                        if comment.id not in seen:
                            seen.add(comment.id)
                            change.comments.append(f"{comment.author}: {comment.text}")

    # -- the proposal and its proof ------------------------------------------------------------
    def ctx_result_proposal(self):
        from .proposal import Proposal
        return Proposal.of(self.ctx, self.changes)

    def _round_trip(self, proposal) -> RoundTrip:
        built = proposal.build()
        if built is None:
            return RoundTrip(False, ["the proposal does not build"])
        return RoundTrip(*compare(built, self.theirs))

    def _findings(self, proposal) -> list[Finding]:
        from ..lint import check_document
        found: list[Finding] = self._typed_references()
        built = proposal.build()
        if built is not None:
            strings = [v for _, v in _leaves(proposal.data) if isinstance(v, str)]
            # Only what their draft brings: a finding our own draft already had is not theirs.
            before = {(f.rule, f.message, f.excerpt) for f in
                      check_document(self.ctx.ours, [v for _, v in _leaves(self.ctx.sheet.data) if isinstance(v, str)])}
            for finding in check_document(built, strings):
                if finding.rule in ("undefined-term", "unused-definition", "broken-ref", "words-numerals-mismatch") \
                        and (finding.rule, finding.message, finding.excerpt) not in before:
                    found.append(Finding(finding.rule, finding.place, f"{finding.message} «{finding.excerpt}»"))
        return found

    def _typed_references(self) -> list[Finding]:
        """A typed "Section 7(b)" where our draft had a reference: does it still name that section?"""
        out = []
        ours = _by_owner(self.ours_units)
        for owner, units in self.their_by_owner.items():
            targets = [p.target for u in ours.get(owner, []) for p in u.pieces if isinstance(p, RefPiece)]
            text = " ".join(u.text() for u in units)
            our_text = " ".join(u.text(self.numbers) for u in ours.get(owner, []))
            for match in clausetext.typed_refs(text):
                if comparable(match.group(0)) in comparable(our_text):
                    continue  # typed in our draft as well (or our REF field, unlinked)
                named = self.their_numbers.get(match.group(1)) if hasattr(self, "their_numbers") else None
                if named is None:
                    out.append(Finding("typed-reference", self._number(owner) or owner,
                                       f"«{match.group(0)}» is typed, and names no section of their draft"))
                elif targets and named not in targets:
                    meant = self.ctx.ours.sections.get(targets[0])
                    out.append(Finding("typed-reference", self._number(owner) or owner,
                                       f"«{match.group(0)}» is typed and now names {named}; our draft referred "
                                       f"to {targets[0]}" + (f" (Section {meant.number})" if meant else "")))
        return out


def compare(built: Document, theirs: list[Unit]) -> tuple[bool, list[str]]:
    """The build against their draft, paragraph by paragraph: number and words (whitespace and
    quote style aside; their REF fields showing the build's numbers)."""
    numbers = numbers_of(built)
    a = [_line(u, numbers) for u in of_tree(built)]
    b = [_line(u, numbers) for u in theirs]
    a = [x for x in a if x]
    b = [x for x in b if x]
    if a == b:
        return True, []
    diff = [line for line in difflib.unified_diff(a, b, "proposal", "their draft", n=0, lineterm="")
            if not line.startswith("@@")]
    return False, diff[2:]


def _line(unit: Unit, numbers: dict[str, str]) -> str:
    words = unit.words(numbers)
    number = (unit.number or "").strip()
    return f"{number} {words}".strip()


def their_units(view, bookmarks: dict[str, str], ours: list[Unit]) -> list[Unit]:
    """One view of their draft as units cut as ``ours`` are: a typed number taken off the words, and
    a paragraph holding a sub-section run into its parent ("(c) (i) If …") cut in two."""
    units = of_view(view, bookmarks)
    _strip_typed(units, view)
    return split_run_ins(units, ours)


def _strip_typed(units: list[Unit], view) -> None:
    """A typed number is the paragraph's number, not its words (as Word's list numbers are)."""
    for unit in units:
        paragraph = view[unit.source]
        if paragraph.numbering == "typed" and unit.pieces and isinstance(unit.pieces[0], str):
            first = unit.pieces[0].lstrip()
            if first.startswith(paragraph.number):
                unit.pieces[0] = first[len(paragraph.number):].lstrip()


def _levels(units: list[Unit], view) -> list[int | None]:
    """Each unit's level in their draft: its paragraph's, one deeper for a sub-section run into it."""
    return [None if u.source is None or view[u.source].level is None else view[u.source].level + u.run_in
            for u in units]


def _by_owner(units: list[Unit]) -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = {}
    for unit in units:
        out.setdefault(unit.owner, []).append(unit)
    return out


def _owner_words(document: Document, owners) -> str:
    """The words of these owners' paragraphs in a build, in document order."""
    numbers = numbers_of(document)
    wanted = set(owners)
    return " ".join(u.words(numbers) for u in of_tree(document) if u.owner in wanted)


def _tokens(units: list[Unit], numbers: dict[str, str]) -> list[str]:
    out: list[str] = []
    for unit in units:
        if out:
            out.append("\u00b6")
        words = unit.words(numbers)
        out += words.split(" ") if words else ["\u2205"]  # an empty paragraph is still one
    return out


def _word_distance(a: str, b: str) -> int:
    x, y = a.split(" "), b.split(" ")
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in
               difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes() if tag != "equal")


def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, path + (i,))
    else:
        yield path, data


def _get(data, path):
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _with(data: dict, path: tuple, value) -> dict:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        if isinstance(node, dict) and part not in node:
            node[part] = {}
        node = node[part]
    node[path[-1]] = value
    return out


def _blank_names(document: Document, owner: str) -> list[str]:
    section = document.sections.get(owner)
    blocks = section.children if section else [b for i, b in enumerate(document.blocks)
                                                if i < len(document.origins) and "@" + document.origins[i] == owner]
    names = []
    from ..tree import inlines_of
    for block in blocks:
        for run in inlines_of(block):
            names += [i.name for i in run if isinstance(i, Blank)]
        if hasattr(block, "entity") or hasattr(block, "lines"):
            for line in getattr(block, "lines", []) or []:
                names += [i.name for i in line.inlines if isinstance(i, Blank)]
    return list(dict.fromkeys(names))


def _own_blocks_markup(section: Section, article_style: str, pieces_list: list, writer, heading_style: bool) -> str:
    """Their paragraphs as our section's own blocks, when they have as many: an address block stays
    an address (its labelled lines contacts), a paragraph a paragraph. "" when they do not fit."""
    from .. import layout
    from ..tree import AddressBlock, Paragraph
    opening = layout.lead(section, article_style)
    blocks = ([] if heading_style or opening.first is None else [opening.first]) + \
        [b for b in opening.rest if not isinstance(b, Section)]
    if not any(isinstance(b, AddressBlock) for b in blocks):
        return ""
    counts = [len(b.lines) if isinstance(b, AddressBlock) else 1 for b in blocks]
    if not all(isinstance(b, (Paragraph, AddressBlock)) for b in blocks) or sum(counts) != len(pieces_list):
        return ""
    out, k = [], 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{writer.paragraph(pieces_list[k])}</p>")
            k += 1
            continue
        lines = []
        for line in block.lines:
            pieces = list(pieces_list[k])
            k += 1
            head = pieces[0] if pieces and isinstance(pieces[0], str) else ""
            if line.label and head.startswith(f"{line.label}:"):
                pieces[0] = head[len(line.label) + 1:].lstrip(" \t")
                lines.append(f'<contact label="{clausetext.escape(line.label)}">{writer.paragraph(pieces)}</contact>')
            else:
                lines.append(f"<line>{writer.paragraph(pieces)}</line>")
        out.append("<address>" + "".join(lines) + "</address>")
    return "".join(out)


_RUN_IN_TITLE = re.compile(r"^\s*((?:[A-Z][\w'’-]*,?)(?: (?:[A-Z][\w'’-]*,?|of|and|the|to|for|in|on|a|an|by|or))"
                           r"{0,10}\.)\s+")


def _sibling_before(document: Document, sid: str) -> str | None:
    """The section just before ``sid`` among its siblings, if any."""
    def find(blocks):
        previous = None
        for block in blocks:
            if isinstance(block, Section):
                if block.id == sid:
                    return previous or ""
                previous = block.id
                inner = find(block.children)
                if inner is not None:
                    return inner
        return None
    return find(document.blocks) or None


def _after_words(text: str, title: str) -> str:
    """``text`` after its first words that read as ``title`` (quotes and spaces aside)."""
    target = comparable(title)
    for cut in range(len(title), len(text) + 1):
        if comparable(text[:cut]) == target:
            return text[cut:].lstrip()
    return text


def _shown(value) -> str:
    return "(none)" if value is None else str(value)


def _plain(value):
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return value


def _sibling(units, level: int | None, current) -> str | None:
    """The first of ``units`` that heads a section of ours at ``level + 1``, going no further than
    a section of ours above that level."""
    if level is None:
        return None
    for u in units:
        if u.heading and u.owner in current.sections:
            at = current.sections[u.owner].level
            if at == level + 1:
                return u.owner
            if at < level + 1:
                return None
    return None
