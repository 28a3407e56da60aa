"""The conformed charter on either side of each amendment's date.

For every term sheet among the examples and the fixtures whose charter is amended, and for each
amendment date d: the charter as amended through d - 1 is the charter before that amendment, word
for word, with no footnote naming d; through d, the articles the amendment changes read anew, and
every article whose words changed carries a footnote naming the certificate dated d. Read from the
text file a build writes.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

MONTHS = ("January February March April May June July August September October November December").split()
ORDINALS = ("FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH TWELFTH THIRTEENTH "
            "FOURTEENTH FIFTEENTH").split()
HEADING = re.compile(r"^\s*(" + "|".join(ORDINALS) + r"):\s*$", re.M)
MARK = re.compile(r"\[(\d+)\]")
DAY = dt.timedelta(days=1)


def spelt(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def amended_sheets() -> list[Path]:
    """The examples and fixtures (not the deliberately bad ones) whose charter has amendments."""
    found = []
    for path in sorted([*ROOT.glob("examples/**/*.yaml"), *(ROOT / "tests" / "fixtures").glob("*.yaml")]):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and (data.get("charter") or {}).get("amendments"):
            found.append(path)
    return found


SHEETS = amended_sheets()


def boundaries() -> list:
    cases = []
    for path in SHEETS:
        amendments = yaml.safe_load(path.read_text())["charter"]["amendments"]
        for number, amendment in enumerate(amendments, 1):
            cases.append(pytest.param(path, number, id=f"{path.stem}-{amendment['date']}"))
    return cases


def test_the_examples_and_fixtures_with_amended_charters_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in SHEETS}
    assert {"examples/auxer-2001/termsheet.yaml", "tests/fixtures/second-charter.yaml"} <= names


class Conformed:
    """The conformed charter's text file, split into its articles and footnotes."""

    def __init__(self, text: str):
        body, _, notes = text.partition("____________________")
        self.notes = {int(n): " ".join(t.split()) for n, t in re.findall(r"^\[(\d+)\] (.*?)(?=^\[\d+\] |\Z)",
                                                                           notes, re.M | re.S)}
        parts = HEADING.split(body)
        self.preamble = " ".join(parts[0].split())
        self.articles: dict[str, str] = {}
        self.marks: dict[str, list[int]] = {}
        for ordinal, words in zip(parts[1::2], parts[2::2]):
            words = words.split("Signed on")[0]
            self.marks[ordinal] = [int(n) for n in MARK.findall(words)]
            self.articles[ordinal] = " ".join(MARK.sub("", words).split())

    def notes_of(self, ordinal: str) -> list[str]:
        return [self.notes[n] for n in self.marks[ordinal]]


def conformed(sheet: Path, as_of: dt.date, out: Path) -> Conformed:
    from assembler import api

    name = f"certificate-of-incorporation-as-amended-through-{as_of}"
    api.build(sheet, ("txt",), out / str(as_of), as_of=as_of, only=(name,))
    return Conformed((out / str(as_of) / f"{name}.txt").read_text())


@pytest.mark.parametrize("sheet, number", boundaries())
def test_an_amendment_is_in_the_conformed_charter_from_its_date_and_not_the_day_before(tmp_path, sheet, number):
    data = yaml.safe_load(sheet.read_text())["charter"]
    amendments = data["amendments"]
    date = amendments[number - 1]["date"]
    before, on = conformed(sheet, date - DAY, tmp_path), conformed(sheet, date, tmp_path)
    # The day before, the charter reads as it did after the amendment before (or as filed).
    previous = amendments[number - 2]["date"] if number > 1 else data["signed_on"]
    assert conformed(sheet, previous, tmp_path).articles == before.articles
    assert f"(as amended through {spelt(date - DAY)})" in before.preamble
    assert not any(spelt(date) in note for note in before.notes.values()), before.notes
    # On the day, every article whose words changed is footnoted with this certificate; the others
    # keep their footnotes (unless the amendment restates one in the same words: then it names it).
    assert f"(as amended through {spelt(date)})" in on.preamble
    changed = [o for o in on.articles if on.articles[o] != before.articles.get(o)]
    assert changed, f"the amendment of {date} changed no article's words"
    for ordinal in on.articles:
        notes = on.notes_of(ordinal)
        if ordinal in changed:
            assert len(notes) == 1 and notes[0].startswith(f"Article {ordinal} as amended by the Certificate of "
                                                           f"Amendment") \
                and f" dated {spelt(date)}" in notes[0].split(";")[0], (ordinal, on.articles[ordinal], notes)
        elif notes != before.notes_of(ordinal):
            assert len(notes) == 1 and f" dated {spelt(date)}" in notes[0].split(";")[0], (ordinal, notes)
    # One footnote for each article the amendment names (its keys), no more.
    latest = [n for n in on.notes.values() if f" dated {spelt(date)}" in n.split(";")[0]]
    assert len(latest) == len(amendments[number - 1]["changes"]), latest
