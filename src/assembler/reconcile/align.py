"""Map each paragraph of their draft onto a section id of our tree.

Bookmarks first (our DOCX names one for each section, and Word keeps them through edits and most
re-saves); then the text: difflib aligns the two lists of paragraphs, and inside a stretch that
differs, each of theirs goes to the paragraph of ours it resembles most (rapidfuzz), so a split
paragraph gives both halves to one section and a merged one takes the first's. A paragraph of
theirs that matches nothing is new: a new section when it carries a number, else more text of
the section before it. A section whose paragraphs are matched out of our order has moved.
"""
from __future__ import annotations

import difflib

from rapidfuzz import fuzz

from .units import Unit

NEW = "new:"  # owner prefix of a section they added, "new:3" (its first paragraph's index)
SIMILAR = 60  # rapidfuzz ratio from which a changed paragraph is taken for one of ours
MOVED = 85    # ratio from which a paragraph found elsewhere is the same paragraph, moved


def align(ours: list[Unit], theirs: list[Unit], numbers: dict[str, str]) -> None:
    """Set ``owner`` (and ``heading``) on each of ``theirs``."""
    a = [u.words(numbers) for u in ours]
    b = [u.words(numbers) for u in theirs]
    matched: dict[int, int] = {}  # their index → our index
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    leftovers_ours, leftovers_theirs = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                matched[j1 + k] = i1 + k
            continue
        block_ours = list(range(i1, i2))
        for j in range(j1, j2):
            best, score = _best(b[j], block_ours, a)
            if best is not None and score >= SIMILAR:
                matched[j] = best
            else:
                leftovers_theirs.append(j)
        leftovers_ours += [i for i in block_ours if i not in matched.values()]
    # A paragraph they moved: found among the paragraphs of ours matched nowhere else.
    for j in list(leftovers_theirs):
        best, score = _best(b[j], leftovers_ours, a)
        if best is not None and score >= MOVED:
            matched[j] = best
            leftovers_theirs.remove(j)
            leftovers_ours.remove(best)
    our_heading = {u.owner: i for i, u in enumerate(ours) if u.heading}
    owner = ours[0].owner if ours else ""
    for j, unit in enumerate(theirs):
        anchored = [sid for sid in unit.bookmarks if sid in our_heading]
        if anchored:  # a bookmark of ours names the section, whatever its words became
            unit.owner, unit.heading = anchored[-1], True
        elif j in matched:
            unit.owner, unit.heading = ours[matched[j]].owner, ours[matched[j]].heading
        elif unit.number:  # numbered and like nothing of ours: a section they added
            unit.owner, unit.heading = f"{NEW}{j}", True
        else:
            unit.owner = owner  # more words of the section before it
        owner = unit.owner
    # A section's heading is its first paragraph; a second "heading" for one owner (a split) is text.
    seen = set()
    for unit in theirs:
        if unit.heading and unit.owner in seen:
            unit.heading = False
        seen.add(unit.owner)


def _best(text: str, candidates: list[int], pool: list[str]) -> tuple[int | None, float]:
    best, score = None, 0.0
    for i in candidates:
        value = fuzz.ratio(text, pool[i]) if len(text) > 0.6 * len(pool[i]) else fuzz.partial_ratio(text, pool[i])
        if value > score:
            best, score = i, value
    return best, score


def moved(ours: list[Unit], theirs: list[Unit]) -> list[str]:
    """Sections whose headings stand in another order in their draft than in ours."""
    our_order = [u.owner for u in ours if u.heading]
    their_order = [u.owner for u in theirs if u.heading and u.owner in set(our_order)]
    kept = set()
    matcher = difflib.SequenceMatcher(None, our_order, their_order, autojunk=False)
    for block in matcher.get_matching_blocks():
        kept.update(our_order[block.a:block.a + block.size])
    return [sid for sid in their_order if sid not in kept]
