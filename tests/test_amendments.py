"""Amending the signed agreement: versions, the instrument, the conformed copy, the redline."""
from __future__ import annotations

import re
import zipfile

import pytest

from assembler import amendments, api
from assembler.errors import TermSheetError

from .conftest import ROOT, flat, load_yaml, pdf_text, run_cli, write_sheet

AMENDED = ROOT / "tests" / "fixtures" / "amended-deal.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("amend")
    paths = api.amend(AMENDED, 2, out, ("txt", "docx", "pdf"))
    return {p.name: p for p in paths}


def _txt(built, stem):
    return flat(built[f"registration-rights-agreement-{stem}.txt"].read_text())


def test_versions_apply_amendments_in_order():
    sheet = api.load_termsheet(AMENDED)
    assert sheet.amended(0).deal.registration.effectiveness_deadline_days == 120
    one = sheet.amended(1).deal
    assert one.registration.effectiveness_deadline_days == 150 and one.rule_144.enabled
    two = sheet.amended(2).deal
    assert two.registration.effectiveness_deadline_days == 150 and not two.rule_144.enabled
    assert two.investor.notices.attention == "Jane Q. Doe"


def test_instrument_names_the_agreement_and_states_each_change(built):
    text = _txt(built, "amendment-2")
    assert text.startswith("AMENDMENT NO. 2 TO REGISTRATION RIGHTS AGREEMENT")
    assert ("Amendment No. 2 dated September 10, 2001 (this \"Amendment\") between The Auxer Group, Inc., "
            "a Delaware corporation (the \"Company\"), and Harbor Lane Partners and Crestview Fund (together, "
            "the \"Approving Investors\"), to the Registration Rights Agreement dated January 16, 2001 (the "
            "\"Agreement\") between the Company and __________ (the \"Initial Investor\").") in text
    assert "WHEREAS, Section 9 of the Agreement provides" in text            # as it stood before
    # The replaced text, its references resolved against the amended agreement.
    assert ("Section 5 of the Agreement is hereby amended and restated in its entirety to read as follows: "
            "\"5. EXPENSES OF REGISTRATION \"All expenses incurred in connection with registrations pursuant to "
            "Section 3 and the indemnities under Section 6(d) shall be borne by the Company.\"") in text
    # A section whose words changed only through renumbering is restated with its new references.
    assert "Section 9 of the Agreement (renumbered by this Amendment as Section 8)" in text
    assert "in accordance with Section 7 hereof" in text
    assert "Section 7 of the Agreement is hereby deleted in its entirety" in text
    assert "Section 7(a) of the Agreement is hereby deleted" not in text     # its parent's deletion covers it
    assert ("approved in writing by the Company and by Harbor Lane Partners and Crestview Fund, Investors "
            "holding 75% of the Registrable Securities, being a majority-in-interest") in text
    assert "Except as expressly amended hereby, the Agreement remains unchanged and in full force" in text
    assert "may be executed in counterparts" in text
    for entity in ("THE AUXER GROUP, INC.", "HARBOR LANE PARTNERS", "CRESTVIEW FUND"):
        assert entity in text


def test_first_instrument_restates_only_what_it_changed(tmp_path):
    paths = api.amend(AMENDED, 1, tmp_path, ("txt",))
    text = flat(next(p for p in paths if p.name.endswith("amendment-1.txt")).read_text())
    changed = re.findall(r"Section (\S+) of the Agreement is hereby amended", text)
    assert changed == ["2(a)", "11(c)(ii)"]
    assert "one hundred and fifty (150) days" in text and "Attention: Jane Q. Doe" in text


def test_conformed_copy_through_amendment_2(built):
    text = _txt(built, "conformed-through-amendment-2")
    assert ("REGISTRATION RIGHTS AGREEMENT Conformed copy reflecting Amendment No. 1 dated June 1, 2001 and "
            "Amendment No. 2 dated September 10, 2001") in text
    assert "one hundred and fifty (150) days after the Closing Date" in text
    assert "RULE 144" not in text and "7. ASSIGNMENT" in text
    assert "notice given pursuant to this Section 10(c)" in text
    assert "[1] Amended by Amendment No. 2 dated September 10, 2001." in text
    assert "Amended by Amendment No. 1 dated June 1, 2001." in text
    assert text.count("Amended by Amendment No.") == len(re.findall(r"\[\d+\] Amended by", text)) >= 5
    assert "/s/" not in text and "By: ____" in text  # no signer named: lines left blank


def test_conformed_copy_in_docx_and_pdf(built):
    docx = built["registration-rights-agreement-conformed-through-amendment-2.docx"]
    notes = zipfile.ZipFile(docx).read("word/footnotes.xml").decode()
    assert "Amended by Amendment No. 1 dated June 1, 2001." in notes
    pdf = flat(pdf_text(built["registration-rights-agreement-conformed-through-amendment-2.pdf"]))
    assert "Conformed copy reflecting Amendment No. 1" in pdf and "Amended by Amendment No. 2" in pdf


def test_redline_for_the_amendment(built):
    text = built["registration-rights-agreement-redline-amendment-2.txt"].read_text()
    assert "[-7. RULE 144-]" in text and "[-8.-] [+7.+] ASSIGNMENT" in text
    body = zipfile.ZipFile(built["registration-rights-agreement-redline-amendment-2.docx"]).read(
        "word/document.xml").decode()
    assert 'w:author="assembler" w:date="2001-09-10T00:00:00Z"' in body
    assert ("Redline of the Agreement as amended by Amendment No. 2 against the Agreement as amended by "
            "Amendment No. 1") in flat(text)


def test_amendment_needs_a_majority_in_interest(tmp_path):
    data = load_yaml(AMENDED)
    data["agreement"]["amendments"][0]["approval"]["percent_of_registrable_securities"] = 50
    with pytest.raises(TermSheetError) as caught:
        api.load_termsheet(write_sheet(tmp_path, data))
    assert "majority-in-interest" in caught.value.one_line()
    assert caught.value.field == "agreement.amendments[0].approval"


def test_amendment_changing_an_unknown_field_is_refused(tmp_path):
    data = load_yaml(AMENDED)
    data["agreement"]["amendments"][0]["changes"] = {"registraton.filing_deadline_days": 40}
    with pytest.raises(TermSheetError) as caught:  # as it is read: a check or a build would pass it over
        api.load_termsheet(write_sheet(tmp_path, data))
    assert "registraton.filing_deadline_days" in caught.value.one_line()
    done = run_cli("check", str(write_sheet(tmp_path, data)))
    assert done.returncode == 2 and "changes 'registraton.filing_deadline_days', which is not a field" in done.stderr


def test_replaced_text_referring_to_a_section_the_amendment_removes_stops_the_build(tmp_path):
    data = load_yaml(AMENDED)
    data["agreement"]["amendments"][1]["clauses"]["rr.expenses"] = (
        '<p>Expenses under <ref to="rr.rule_144.reports"/> are the Company\'s.</p>')
    path = write_sheet(tmp_path, data)
    done = run_cli("amend", str(path), "--number", "2", "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "rr.rule_144.reports" in done.stderr
    assert not (tmp_path / "out").exists()


def test_amend_on_the_cli_names_a_missing_amendment(tmp_path):
    done = run_cli("amend", str(AMENDED), "--number", "3", "--out", str(tmp_path))
    assert done.returncode == 2 and "no Amendment No. 3" in done.stderr and "1 to 2" in done.stderr


def test_changes_finds_sections_by_own_words():
    sheet = api.load_termsheet(AMENDED)
    old = api.assemble_job(amendments.job(sheet, 0))
    new = api.assemble_job(amendments.job(sheet, 1))
    found = amendments.changes(old, new)
    assert [(c.kind, c.section_id) for c in found] == [
        ("amended", "rr.registration.filing"), ("amended", "rr.miscellaneous.notices.initial_investor")]


def test_added_section_renumbers_what_follows_and_references_follow(tmp_path):
    data = load_yaml(AMENDED)
    data["agreement"]["amendments"][0]["add_after"] = {
        "rr.miscellaneous.most_favored": (
            '<section id="rr.miscellaneous.lockup"><p>No Investor shall sell Registrable Securities '
            'except as <ref to="rr.miscellaneous.notices"/> permits notice of it.</p></section>')}
    path = write_sheet(tmp_path, data)
    paths = api.amend(path, 1, tmp_path / "out", ("txt",))
    instrument = flat(next(p for p in paths if p.name.endswith("amendment-1.txt")).read_text())
    assert "The Agreement is hereby amended by adding the following new Section 11(c):" in instrument
    assert "(c) No Investor shall sell Registrable Securities except as Section 11(d) permits" in instrument
    conformed = flat(next(p for p in paths if "conformed" in p.name).read_text())
    assert "(c) No Investor shall sell" in conformed and "(d) Except as may be otherwise provided" in conformed
    assert "notice given pursuant to this Section 11(d)" in conformed                # the reference followed
    assert "Section 11(c) of the Agreement (renumbered by this Amendment as Section 11(d))" in instrument
