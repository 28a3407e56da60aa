"""tests/test_amendments.py's checks of the words, in process and from text files only, so that
mutation testing (scripts/mutation-test amendments) can run them against each mutant in seconds;
the DOCX and PDF of the same documents are read there."""
from __future__ import annotations

import pytest

from assembler import api

from .test_amendments import (AMENDED, test_added_section_renumbers_what_follows_and_references_follow,  # noqa: F401
                              test_changes_finds_sections_by_own_words, test_conformed_copy_through_amendment_2,
                              test_first_instrument_restates_only_what_it_changed,
                              test_instrument_names_the_agreement_and_states_each_change)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("amend-txt")
    return {p.name: p for p in api.amend(AMENDED, 2, out, ("txt",))}


def test_the_redline_of_the_amendment_in_text(built):
    text = built["registration-rights-agreement-redline-amendment-2.txt"].read_text()
    assert "[-7. RULE 144-]" in text and "[-8.-] [+7.+] ASSIGNMENT" in text
    assert ("Redline of the Agreement as amended by Amendment No. 2 against the Agreement as amended by "
            "Amendment No. 1") in " ".join(text.split())


def test_the_first_amendment_is_against_the_agreement_as_signed(tmp_path):
    paths = api.amend(AMENDED, 1, tmp_path, ("txt",))
    redline = " ".join(next(p for p in paths if "redline" in p.name).read_text().split())
    assert "against the Agreement as signed" in redline
    conformed = " ".join(next(p for p in paths if "conformed" in p.name).read_text().split())
    assert "Conformed copy reflecting Amendment No. 1 dated June 1, 2001 " in conformed
    assert "Amendment No. 2" not in conformed


def test_a_missing_amendment_is_refused_in_process(tmp_path):
    from assembler.errors import TermSheetError

    with pytest.raises(TermSheetError) as refused:
        api.amend(AMENDED, 3, tmp_path, ("txt",))
    assert refused.value.one_line() == (f"{AMENDED}: field 'agreement.amendments': has 2 agreement amendment(s); "
                                        "there is no Amendment No. 3 (give --number from 1 to 2)")
    assert not any(tmp_path.iterdir())
