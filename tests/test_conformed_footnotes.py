"""The conformed copy's footnotes, section by section, against the amendments that changed each.

For every term sheet among the examples and fixtures with agreement amendments, and every N: the
conformed copy through Amendment No. N, as its text file reads, carries at each section one
footnote "Amended by Amendment No. k dated <k's date>." for each k <= N whose version changed that
section's own words, in that order, and no other. Which sections each amendment changed is worked
out here, by comparing the words of the agreement's versions k - 1 and k section by section.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

MONTHS = ("January February March April May June July August September October November December").split()


def spelt(day) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def amended_agreements() -> list[Path]:
    found = []
    for path in sorted([*ROOT.glob("examples/**/*.yaml"), *(ROOT / "tests" / "fixtures").glob("*.yaml")]):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and (data.get("agreement") or {}).get("amendments"):
            found.append(path)
    return found


CASES = [pytest.param(path, n, id=f"{path.stem}-through-{n}") for path in amended_agreements()
         for n in range(1, len(yaml.safe_load(path.read_text())["agreement"]["amendments"]) + 1)]


def test_the_fixture_with_agreement_amendments_is_found():
    assert "amended-deal" in {path.stem for path in amended_agreements()}


def own_words(section) -> str:
    """The words a section holds itself (its title and blocks, not its sub-sections)."""
    from assembler.tree import Note, Section, Text, inlines_of

    words = [section.title or ""]
    for block in section.children:
        if isinstance(block, Section):
            continue
        for run in inlines_of(block):
            for item in run:
                if isinstance(item, Note):
                    continue
                words.append(item.text if isinstance(item, Text) else
                             getattr(item, "term", None) or getattr(item, "text", None) or "")
    return " ".join(" ".join(words).split())


def versions(path: Path, through: int):
    """The agreement as signed and as each amendment up to ``through`` leaves it, assembled as a build does."""
    from assembler import amendments, api

    library = api.library_for(path, ())
    sheet = api.load_termsheet(path, library)
    return sheet, api._assembled(sheet, [amendments.job(sheet, v) for v in range(through + 1)], library)


def expected_notes(path: Path, through: int) -> list[tuple[str, str, int]]:
    """(section id, the last words before the footnote mark, amendment number), in reading order."""
    from assembler.tree import Paragraph, Section, walk

    sheet, trees = versions(path, through)
    final = trees[-1]
    found = []
    for block in walk(final.blocks):
        if not isinstance(block, Section):
            continue
        numbers = [k for k in range(1, through + 1)
                   if block.id not in trees[k - 1].sections and block.id in trees[k].sections
                   or block.id in trees[k - 1].sections and block.id in trees[k].sections
                   and own_words(trees[k - 1].sections[block.id]) != own_words(trees[k].sections[block.id])]
        # A section inside one the same amendment added is covered by its parent's note.
        numbers = [k for k in numbers if not _inside_added(block.id, trees[k - 1], trees[k])]
        first = next((b for b in block.children if isinstance(b, Paragraph)), None)
        tail = " ".join(own_words(Section(id="", title=None, children=[first])).split()[-3:]) if first else ""
        found += [(block.id, tail, k) for k in numbers]
    return found


def _inside_added(section_id: str, before, after) -> bool:
    from assembler.tree import Section, walk

    return any(parent_id not in before.sections and parent_id != section_id
               and any(isinstance(b, Section) and b.id == section_id for b in walk(parent.children))
               for parent_id, parent in after.sections.items())


@pytest.mark.parametrize("path, through", CASES)
def test_each_section_is_footnoted_with_the_amendments_that_changed_it(tmp_path, path, through):
    from assembler import api

    dates = [a["date"] for a in yaml.safe_load(path.read_text())["agreement"]["amendments"]]
    api.amend(path, through, tmp_path, ("txt",))
    text = (tmp_path / f"registration-rights-agreement-conformed-through-amendment-{through}.txt").read_text()
    body, _, notes = text.rpartition("____________________")
    notes = " ".join(notes.split())
    body = " ".join(body.split())
    found = []
    for match in re.finditer(r"\[(\d+)\]", body):
        number = int(match.group(1))
        note = re.search(rf"\[{number}\] (.*?)(?= \[\d+\] |$)", notes).group(1)
        said = re.fullmatch(r"Amended by Amendment No\. (\d+) dated (\w+ \d+, \d{4})\.", note)
        assert said, note
        k = int(said.group(1))
        assert said.group(2) == spelt(dates[k - 1]), note
        found.append((number, body[:match.start()], k))
    assert [n for n, _, _ in found] == list(range(1, len(found) + 1))
    expected = expected_notes(path, through)
    assert [k for _, _, k in found] == [k for _, _, k in expected], \
        f"footnotes {[k for _, _, k in found]}, expected for sections {[(s, k) for s, _, k in expected]}"
    for (_, before, _), (section_id, tail, k) in zip(found, expected):
        # A note sits at the end of its section's first paragraph (after an earlier note, if any).
        assert re.sub(r"(\[\d+\])+$", "", before).endswith(tail), (section_id, k, tail, before[-80:])
