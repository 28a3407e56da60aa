"""Issue 16: every document print-grade, checked in the clients a reader uses (LibreOffice for
DOCX, poppler for PDF)."""
from __future__ import annotations

import re
import zipfile

import pytest

from assembler import api

from .conftest import EXAMPLE, flat, libreoffice_pdf, pdf_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    api.build(EXAMPLE, ("docx", "pdf", "txt"), out)
    return out


@pytest.fixture(scope="module")
def laid_out(example):
    """The example's DOCX as LibreOffice lays them out."""
    docs = sorted(example.glob("*.docx"))
    return {p.stem: pdf for p, pdf in libreoffice_pdf(docs, example / "lo").items()}


# -- §4 Word-native DOCX -------------------------------------------------------------------------

def test_numbering_indents_are_twips(example):
    numbering = zipfile.ZipFile(example / "registration-rights-agreement.docx").read("word/numbering.xml").decode()
    ours = numbering[numbering.index('w:abstractNumId="90"'):]
    ours = ours[:ours.index("</w:abstractNum>")]
    # Half an inch a level from (i) on: 720 twips, 1440 twips (EMU would be 457200, 914400).
    assert re.findall(r'<w:ind w:left="(\d+)"', ours) == ["0", "0", "720", "1440"]


def test_charter_article_reference_survives_libreoffice_field_update(laid_out):
    text = flat("".join(pdf_pages(laid_out["certificate-of-incorporation"])))
    assert "subject to the provisions of this Article ELEVENTH." in text
    assert "Eleventh:" not in text and "ELEVENTH:." not in text


def test_document_properties_are_the_documents_own(example):
    for docx, title, date in [("registration-rights-agreement", "Registration Rights Agreement", "2001-01-16"),
                              ("certificate-of-incorporation", "Certificate of Incorporation", "1997-07-31")]:
        with zipfile.ZipFile(example / f"{docx}.docx") as z:
            core, app = z.read("docProps/core.xml").decode(), z.read("docProps/app.xml").decode()
            names = z.namelist()
        assert "python-docx" not in core + app
        assert "<Application>assembler</Application>" in app and "Word" not in app
        assert f"<dc:title>{title}</dc:title>" in core
        assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z" in core
        assert f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z" in core
        assert not any("thumbnail" in n for n in names)


def test_libreoffice_reads_our_properties(example, tmp_path):
    """What LibreOffice shows in File > Properties comes back out in its own PDF's metadata."""
    import subprocess
    pdf = libreoffice_pdf([example / "registration-rights-agreement.docx"], tmp_path)
    info = subprocess.run(["pdfinfo", str(next(iter(pdf.values())))], capture_output=True, text=True).stdout
    assert re.search(r"Title:\s+Registration Rights Agreement", info)
    assert re.search(r"Author:\s+assembler", info)


# -- §3 conformed copies --------------------------------------------------------------------------

AMENDED = EXAMPLE.parent.parent.parent / "tests" / "fixtures" / "amended-deal.yaml"


@pytest.fixture(scope="module")
def conformed(tmp_path_factory):
    """The conformed copy through Amendment No. 1, once with the Company's signer named and the
    Initial Investor's not, in every format, DOCX also as LibreOffice lays it out."""
    from .conftest import load_yaml, write_sheet
    out = tmp_path_factory.mktemp("conformed")
    data = load_yaml(AMENDED)
    data["company"]["signatory"] = {"name": "Ronald M. Shaver", "title": "President"}
    sheet = write_sheet(out, data)
    paths = {p.suffix[1:]: p for p in api.amend(sheet, 1, out / "out", ("docx", "pdf", "txt"))
             if "conformed" in p.name}
    lo = libreoffice_pdf([paths["docx"]], out / "lo")[paths["docx"]]
    return {"paths": paths, "txt": paths["txt"].read_text(), "pdf": "".join(pdf_pages(paths["pdf"])),
            "docx": "".join(pdf_pages(lo)), "lo": lo}


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_conformed_signature_names_the_signer_with_the_title_beneath(conformed, fmt):
    lines = [" ".join(line.split()) for line in conformed[fmt].splitlines() if line.strip()]
    at = lines.index("By: /s/ Ronald M. Shaver")
    assert lines[at + 1:at + 3] == ["Name: Ronald M. Shaver", "Title: President"]


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_conformed_signature_without_a_name_is_a_blank_line(conformed, fmt):
    text = conformed[fmt]
    assert text.count("/s/") == 1                 # the Company's; the Initial Investor's has no name
    assert not re.search(r"/s/\s*_", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # A typed line of underscores in text and DOCX; the PDF draws its line as a rule, no text on it.
    assert any(re.fullmatch(r"By: _{10,}" if fmt != "pdf" else r"By:", line) for line in lines)


def _raised_numbers(pdf) -> list[str]:
    """Digits set smaller and higher than the word before them on the line: footnote markers."""
    import subprocess
    from lxml import etree
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    words = [(w.text or "", *(float(w.get(k)) for k in ("yMin", "yMax"))) for w in
             etree.fromstring(xml, etree.XMLParser(recover=True)).iter("{*}word")]
    raised = []
    for (_, ymin0, ymax0), (text, ymin, ymax) in zip(words, words[1:]):
        if re.fullmatch(r"\d+", text) and abs(ymin - ymin0) < 8 and \
                (ymax - ymin) < 0.8 * (ymax0 - ymin0) and ymax < ymax0 - 2:
            raised.append(text)
    return raised


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_footnote_markers_are_superscript(conformed, fmt):
    notes = zipfile.ZipFile(conformed["paths"]["docx"]).read("word/footnotes.xml").decode()
    count = len(re.findall(r'<w:footnote w:id="[1-9]', notes))
    assert count >= 2
    pdf = conformed["paths"]["pdf"] if fmt == "pdf" else conformed["lo"]
    # Each marker twice: in the text and before its note at the foot of the page.
    assert sorted(set(_raised_numbers(pdf)), key=int) == [str(n) for n in range(1, count + 1)]


def test_footnote_markers_carry_words_footnote_reference_style(conformed):
    body = zipfile.ZipFile(conformed["paths"]["docx"]).read("word/document.xml").decode()
    styles = zipfile.ZipFile(conformed["paths"]["docx"]).read("word/styles.xml").decode()
    assert body.count('<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference') == \
        body.count("<w:footnoteReference")
    assert re.search(r'w:styleId="FootnoteReference">.*?<w:vertAlign w:val="superscript"/>', styles, re.S)


# -- §6 values in the house style, §7 switches ----------------------------------------------------

@pytest.fixture(scope="module")
def styled(tmp_path_factory):
    """The example with values a user might type either way: the forum city and the short form with
    the clause's own wording, names ending in a period, and the '$.001' house style."""
    from .conftest import variant, write_sheet
    out = tmp_path_factory.mktemp("styled")
    sheet = write_sheet(out, variant({
        "governing_law.forum_city": "Wilmington", "registration.short_form": "Form S-3",
        "charter.registered_office.agent": "The Corporation Trust Co.",
        "house_style.money_leading_zero": False}))
    api.build(sheet, ("docx", "pdf", "txt"), out / "out")
    docs = sorted((out / "out").glob("*.docx"))
    lo = libreoffice_pdf(docs, out / "lo")
    texts = {}
    for docx in docs:
        texts[docx.stem] = {"txt": flat((out / "out" / f"{docx.stem}.txt").read_text()),
                            "pdf": flat("".join(pdf_pages(out / "out" / f"{docx.stem}.pdf"))),
                            "docx": flat("".join(pdf_pages(lo[docx])))}
    return {"sheet": sheet, "texts": texts}


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_money_is_written_in_one_style_across_the_company_documents(example, styled, fmt):
    charter, agreement = "certificate-of-incorporation", "registration-rights-agreement"
    default = {name: flat((example / f"{name}.txt").read_text()) if fmt == "txt" else None
               for name in (charter, agreement)}
    if fmt == "txt":
        assert "par value of each of such shares is $0.001." in default[charter]
        assert "par value $0.001 per share" in default[agreement]
    texts = styled["texts"]
    assert "par value of each of such shares is $.001." in texts[charter][fmt]
    assert "par value $.001 per share" in texts[agreement][fmt]
    assert "One Cent ($.01)" in texts[agreement][fmt]
    assert "$0.0" not in texts[charter][fmt] + texts[agreement][fmt]


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_value_ending_in_a_period_ends_the_sentence_once(styled, fmt):
    text = styled["texts"]["certificate-of-incorporation"][fmt]
    assert "registered agent of the Corporation is The Corporation Trust Co. " in text
    assert "Co.." not in text


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_values_the_clause_already_words_are_not_doubled(example, styled, fmt):
    text = styled["texts"]["registration-rights-agreement"][fmt]
    assert "state courts of the State of New York sitting in the City of Wilmington" in text
    assert "any part of the City of Wilmington" in text
    assert "ELIGIBILITY FOR USE OF FORM S-3" in text.upper() and "FORM FORM" not in text.upper()
    assert "Registration Statement on Form S-3 it shall file" in text
    assert "the Wilmington" not in text


def test_with_or_without_the_wording_the_agreement_is_the_same(tmp_path):
    from .conftest import variant, write_sheet
    texts = []
    for city, form in (("City of Wilmington", "S-3"), ("Wilmington", "Form S-3"), ("wilmington", "form S-3")):
        sheet = write_sheet(tmp_path, variant({"governing_law.forum_city": city,
                                               "registration.short_form": form}), f"{len(texts)}.yaml")
        texts.append(api.render(api.assemble(api.load_termsheet(sheet)), "txt"))
    assert texts[0] == texts[1]
    assert b"City of wilmington" in texts[2] and b"Form S-3" in texts[2]


def test_check_reports_doubled_words_and_punctuation(tmp_path):
    from .conftest import ROOT, run_cli
    library = tmp_path / "firm" / "registration_rights"
    library.mkdir(parents=True)
    source = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2").read_text()
    assert "shall be borne by the\n    Company." in source
    (library / "expenses.xml.j2").write_text(source.replace("borne by the\n    Company.", "borne by the the Company,,"))
    done = run_cli("check", str(EXAMPLE), "--library", str(tmp_path / "firm"))
    assert done.returncode == 1
    found = [line for line in done.stdout.splitlines() if line.startswith("error doubled")]
    assert len(found) == 2, done.stdout
    assert "prints 'the the' twice in a row" in found[0] and "Section 5" in found[0]
    assert "prints ',,' twice in a row" in found[1]


def test_check_finds_no_doubling_in_the_shipped_examples():
    from .conftest import ROOT, SECOND
    for sheet in (EXAMPLE, SECOND, ROOT / "tests" / "fixtures" / "second-charter.yaml",
                  ROOT / "tests" / "fixtures" / "amended-deal.yaml"):
        assert [f for f in api.check(sheet) if f.rule == "doubled"] == []


def test_piggyback_day_counts_are_needed_only_when_piggyback_is_on(tmp_path):
    from .conftest import load_yaml, run_cli, write_sheet
    data = load_yaml(EXAMPLE)
    data["registration"]["piggyback"] = {"enabled": False}
    off = write_sheet(tmp_path, data, "off.yaml")
    done = run_cli("build", str(off), "--format", "txt", "--out", str(tmp_path / "off"))
    assert done.returncode == 0, done.stderr
    data["registration"]["piggyback"] = {"enabled": True, "notice_days": 20}
    on = write_sheet(tmp_path, data, "on.yaml")
    done = run_cli("build", str(on), "--format", "txt", "--out", str(tmp_path / "on"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "registration.piggyback" in done.stderr and "response_days" in done.stderr
    assert "notice_days" not in done.stderr.replace("response_days", "")  # notice_days was given


def test_messages_state_each_limit_once(tmp_path):
    from .conftest import run_cli, variant, write_sheet
    sheet = write_sheet(tmp_path, variant({"registration.filing_deadline_days": 0}))
    done = run_cli("build", str(sheet), "--format", "txt", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "should be greater than 0; got 0 (expected a whole number at most 100,000)" in done.stderr
    assert done.stderr.count("greater than 0") == 1, done.stderr
    data = variant({})
    del data["registration"]["filing_deadline_days"]
    missing = write_sheet(tmp_path, data, "missing.yaml")
    done = run_cli("build", str(missing), "--format", "txt", "--out", str(tmp_path / "out"))
    assert "is required but missing (expected a whole number greater than 0 and at most 100,000)" in done.stderr
    assert done.stderr.count("greater than 0") == 1, done.stderr


# -- §2 the amendment instrument -------------------------------------------------------------------

@pytest.fixture(scope="module")
def instrument(tmp_path_factory):
    """Amendment No. 2 of the amended deal, Crestview Fund being an Investor the term sheet names with
    its signer, Harbor Lane Partners not."""
    from .conftest import load_yaml, write_sheet
    out = tmp_path_factory.mktemp("instrument")
    data = load_yaml(AMENDED)
    data["other_investors"] = [{"name": "Crestview Fund", "signatory": {"name": "Maria Ortiz", "title": "Partner"},
                                "notices": {"address": {"lines": ["9 Elm Street"], "city": "Boston",
                                                        "state": "Massachusetts", "postal_code": "02110"}}}]
    sheet = write_sheet(out, data)
    paths = {p.suffix[1:]: p for p in api.amend(sheet, 2, out / "out", ("docx", "pdf", "txt"))
             if p.name.startswith("registration-rights-agreement-amendment-2.")}
    lo = libreoffice_pdf([paths["docx"]], out / "lo")[paths["docx"]]
    return {"paths": paths, "pages": {"pdf": pdf_pages(paths["pdf"]), "docx": pdf_pages(lo)},
            "txt": paths["txt"].read_text()}


def _text(instrument, fmt):
    """The instrument's words; in a paged format without each page's footer (its text and number)."""
    if fmt == "txt":
        return instrument["txt"]
    return "\n".join("\n".join([line for line in page.splitlines() if line.strip()][:-2])
                     for page in instrument["pages"][fmt])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_instrument_has_its_own_footer(instrument, fmt):
    for number, page in enumerate(instrument["pages"][fmt], 1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        assert lines[-2:] == ["Amendment No. 2 to Registration Rights Agreement", str(number)]
        assert "HFNY2" not in page and "#520846" not in page  # the agreement's document number


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_restated_provisions_are_indented_quotations_with_their_own_number(instrument, fmt):
    lines = [line for line in _text(instrument, fmt).splitlines() if line.strip()]
    intro = next(line for line in lines if "Section 5 of the Agreement is hereby amended" in line)
    at = next(i for i, line in enumerate(lines) if "EXPENSES OF REGISTRATION" in line)
    quote = lines[at:at + 3]
    assert quote[0].strip() == '"5. EXPENSES OF REGISTRATION'
    assert quote[1].strip().startswith('"All expenses incurred')
    assert all(_indent(line) > _indent(intro) + 2 for line in quote)
    flat_text = flat(_text(instrument, fmt))
    assert 'shall be borne by the Company." (d) Section 9 of the Agreement' in flat_text
    # The restatement carries the number the section has after the amendment.
    assert ('Section 9 of the Agreement (renumbered by this Amendment as Section 8) is hereby amended and '
            'restated in its entirety to read as follows: "8. AMENDMENT AND WAIVER') in flat_text


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_instrument_states_its_numbering_once_and_deletes_first(instrument, fmt):
    text = flat(_text(instrument, fmt))
    assert text.count("cited by the number it has in the Agreement before this Amendment") == 1
    deleted = text.index("(a) Section 7 of the Agreement is hereby deleted in its entirety.")
    assert deleted < text.index("(b) Section 1(a)(v) of the Agreement is hereby amended")


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_instrument_names_the_parties_that_sign_and_approve(instrument, fmt):
    text = flat(_text(instrument, fmt))
    assert ('between The Auxer Group, Inc., a Delaware corporation (the "Company"), and Harbor Lane Partners '
            'and Crestview Fund (together, the "Approving Investors")') in text
    assert "the Company and the Approving Investors, who together hold 75% of the Registrable Securities" in text
    signatures = text[text.index("IN WITNESS WHEREOF"):]
    entities = re.findall(r"(THE AUXER GROUP, INC\.|HARBOR LANE PARTNERS|CRESTVIEW FUND|[A-Z][A-Z ,.]{6,}) By:",
                          signatures)
    assert entities == ["THE AUXER GROUP, INC.", "HARBOR LANE PARTNERS", "CRESTVIEW FUND"]
    # Underscores in text and DOCX, a drawn rule in the PDF.
    assert re.search(r"CRESTVIEW FUND By: (_+ )?Name: Maria Ortiz Title: Partner", signatures)


def test_instrument_properties_carry_its_own_title(instrument):
    core = zipfile.ZipFile(instrument["paths"]["docx"]).read("docProps/core.xml").decode()
    assert "<dc:title>Amendment No. 2 to Registration Rights Agreement</dc:title>" in core
    assert "2001-09-10T00:00:00Z" in core


# -- §8 several Investors as parties ---------------------------------------------------------------

@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """The example signed by two Initial Investors (Crestview Fund with `party: true`); Tidewater is an
    Investor of other_investors that is not a party."""
    from .conftest import variant, write_sheet
    from .page_kinds import SEVERAL
    out = tmp_path_factory.mktemp("several")
    sheet = write_sheet(out, variant(SEVERAL))
    api.build(sheet, ("docx", "pdf", "txt"), out / "out", only=("registration-rights-agreement",))
    stem = out / "out" / "registration-rights-agreement"
    lo = libreoffice_pdf([stem.with_suffix(".docx")], out / "lo")[stem.with_suffix(".docx")]
    return {"txt": stem.with_suffix(".txt").read_text(), "pdf": "".join(pdf_pages(stem.with_suffix(".pdf"))),
            "docx": "".join(pdf_pages(lo))}


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_several_initial_investors_in_the_preamble(several, fmt):
    text = flat(several[fmt])
    assert ('(the "Company"), and the investors named in the Schedule of Investors attached hereto, being '
            'Harbor Lane Partners and Crestview Fund (each, an "Initial Investor", and together, the '
            '"Initial Investors").') in text
    assert "Tidewater" not in text  # an Investor of other_investors that did not sign
    assert '"Investor" means each of the Initial Investors and any transferee' in text
    assert "if to an Initial Investor, to its address set forth in the Schedule of Investors" in text


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_several_initial_investors_each_sign(several, fmt):
    text = flat(several[fmt])
    signatures = text[text.index("IN WITNESS WHEREOF"):text.index("SCHEDULE OF INVESTORS")]
    assert re.search(r"HARBOR LANE PARTNERS By: (_+ )?Name: Pat Lee Title: Partner", signatures)
    assert re.search(r"CRESTVIEW FUND By: (_+ )?Name: Maria Ortiz Title: Managing Member", signatures)


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_schedule_of_investors_gives_each_notice_address(several, fmt):
    text = flat(several[fmt])
    schedule = text[text.index("SCHEDULE OF INVESTORS"):]
    harbor, crestview = schedule.index("Harbor Lane Partners c/o Perrin"), schedule.index("Crestview Fund 9 Elm")
    assert harbor < crestview
    assert "Crestview Fund 9 Elm Street Boston, Massachusetts 02110 Attention: Maria Ortiz" in schedule
    assert "5 Hanover Square New York, New York 10004 Attention: Nelson Braff" in schedule


def test_an_assignee_cannot_also_be_a_party(tmp_path):
    from .conftest import run_cli, variant, write_sheet
    sheet = write_sheet(tmp_path, variant({"other_investors": [
        {"name": "Crestview Fund", "party": True, "notices": {"address": {
            "lines": ["9 Elm Street"], "city": "Boston", "state": "Massachusetts", "postal_code": "02110"}},
         "assignment": {"assignor": "initial-investor", "date": "2001-03-01", "securities": "1,000 shares"}}]}))
    done = run_cli("build", str(sheet), "--format", "txt", "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "other_investors" in done.stderr and "party: true" in done.stderr


def test_the_seed_form_with_one_initial_investor_is_unchanged(example):
    from . import fidelity
    from .conftest import ROOT
    text = (example / "registration-rights-agreement.txt").read_text()
    assert "Schedule of Investors".upper() not in text and "Initial Investors" not in text
    ratio, _ = fidelity.fidelity(example / "registration-rights-agreement.txt",
                                 ROOT / "tests" / "data" / "seeds" / "registration-rights-agreement-2001-01-16.txt")
    assert ratio >= 0.99


@pytest.mark.parametrize("fmt", ["docx"])
def test_a_quoted_heading_stays_with_its_text(instrument, fmt):
    for page in instrument["pages"][fmt][:-1]:
        body = [" ".join(line.split()) for line in page.splitlines() if line.strip()][:-2]
        assert not re.fullmatch(r'"\d+\. [A-Z ]+', body[-1]), body[-1]


def test_letters_name_every_initial_investor(tmp_path):
    import datetime as dt
    from .conftest import variant, write_sheet
    sheet = write_sheet(tmp_path, variant({"investor.name": "Harbor Lane Partners", "other_investors": [
        {"name": "Crestview Fund", "party": True, "notices": {"address": {
            "lines": ["9 Elm Street"], "city": "Boston", "state": "Massachusetts", "postal_code": "02110"}}}]}))
    made = api.notice(sheet, "stop-order", "crestview-fund", dt.date(2001, 5, 14), tmp_path / "out", ("txt",))
    text = flat(made.outputs[0].read_text())
    assert ('between The Auxer Group, Inc. (the "Company") and Harbor Lane Partners and Crestview Fund (the '
            '"Initial Investors").') in text


def test_doubled_rule_lets_english_repeat_numbers_read_out(tmp_path):
    from .conftest import variant, write_sheet
    sheet = write_sheet(tmp_path, variant({"securities.conversion_price": "0.000001"}))
    assert [f for f in api.check(sheet) if f.rule == "doubled"] == []
    text = flat(api.render(api.assemble(api.load_termsheet(sheet)), "txt").decode())
    assert "Zero Point Zero Zero Zero One Cents ($0.000001)" in text


def test_a_notice_to_the_initial_investor_goes_to_each_of_several(tmp_path):
    import datetime as dt
    from .conftest import run_cli, variant, write_sheet
    sheet = write_sheet(tmp_path, variant({"investor.name": "Harbor Lane Partners", "other_investors": [
        {"name": "Crestview Fund", "party": True, "notices": {"address": {
            "lines": ["9 Elm Street"], "city": "Boston", "state": "Massachusetts", "postal_code": "02110"}}},
        {"name": "Tidewater Partners LLC", "notices": {"address": {
            "lines": ["17 Quay Street"], "city": "Portland", "state": "Maine", "postal_code": "04101"}}}]}))
    made = api.notice(sheet, "effectiveness", "initial-investor,crestview-fund", dt.date(2001, 5, 14),
                      tmp_path / "out", ("txt",))
    assert sorted(p.name for p in made.outputs) == ["notice-effectiveness-crestview-fund-2001-05-14.txt",
                                                    "notice-effectiveness-initial-investor-2001-05-14.txt"]
    done = run_cli("notice", str(sheet), "--kind", "effectiveness", "--to", "tidewater-partners-llc",
                   "--date", "2001-05-14", "--out", str(tmp_path / "no"))
    assert done.returncode == 2 and "does not go to an Investor" in done.stderr


def test_letter_and_redline_properties_are_their_own(tmp_path):
    import datetime as dt
    from .conftest import variant, write_sheet
    letter = api.notice(EXAMPLE, "effectiveness", "initial-investor", dt.date(2001, 5, 14), tmp_path, ("docx",))
    new = write_sheet(tmp_path, variant({"agreement.date": "2001-02-01"}), "new.yaml")
    redline = api.redline(EXAMPLE, new, tmp_path / "redline", ("docx",))
    for path, title, date in [(letter.outputs[0], "Registration Rights Agreement dated January 16, 2001 — Notice "
                               "under Section 2(a): Registration Statement declared effective", "2001-05-14"),
                              (redline[0], "Registration Rights Agreement (redline)", "2001-02-01")]:
        with zipfile.ZipFile(path) as z:
            core, app = z.read("docProps/core.xml").decode(), z.read("docProps/app.xml").decode()
        assert f"<dc:title>{title}</dc:title>" in core
        assert f'<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z' in core
        assert "<Application>assembler</Application>" in app and "python-docx" not in core + app
