"""The project's own fidelity scorer, and the rule that no test reads outside the repository."""
from __future__ import annotations

import re

from . import fidelity
from .conftest import ROOT, SEEDS


def test_same_words_score_one_whatever_the_case_punctuation_and_page_furniture():
    reference = "WHEREAS, the Company\nHFNY2: #520846 v2/05466-0001 / 01/16/2001\n\n12\n<PAGE>\nshall file.\n"
    generated = "Whereas the company -- shall   file"
    ratio, differences = fidelity.score(fidelity.words(generated), fidelity.words(reference))
    assert ratio == 1.0 and differences == []


def test_differences_are_listed_biggest_first_with_what_each_side_has():
    reference = "the company shall file within thirty days of the closing date and use best efforts"
    generated = "the company shall file within forty five days of the closing and use its best efforts"
    ratio, differences = fidelity.score(fidelity.words(generated), fidelity.words(reference))
    # 16 generated words, 15 reference words, 13 in common: 2 * 13 / 31
    assert ratio == 26 / 31
    assert (differences[0].generated, differences[0].reference) == (["forty", "five"], ["thirty"])
    assert {(tuple(d.generated), tuple(d.reference)) for d in differences[1:]} == {((), ("date",)), (("its",), ())}
    assert "[generated: forty five] [reference: thirty]" in str(differences[0])


def test_the_five_seed_texts_are_in_the_project():
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert names == ["certificate-of-incorporation-1997-07-31.txt",
                     "charter-amendment-1997-08-28-before-payment.txt",
                     "charter-amendment-1999-03-19-as-filed.txt", "charter-amendment-1999-03-19-signed.txt",
                     "registration-rights-agreement-2001-01-16.txt"]
    assert "EDGAR" in (SEEDS / "README.md").read_text()
    assert len(fidelity.words((SEEDS / names[-1]).read_text())) > 8000


def test_no_test_reaches_outside_the_repository():
    outside = re.compile(r"\.\./shared|parent\s*/\s*[\"']shared|ROOT\.parent")
    for path in (ROOT / "tests").rglob("*.py"):
        if path.name == "test_fidelity_scorer.py":
            continue
        assert not outside.search(path.read_text(encoding="utf-8")), path
