"""Notice letters: every kind, addressed and dated from the term sheet, in DOCX, PDF and text."""
from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx

from assembler import api
from assembler.business_days import Calendar
from assembler.errors import AssemblerError

from .conftest import EXAMPLE, ROOT, SECOND, docx_texts, flat, pdf_text, run_cli, variant, write_sheet

AMENDED = ROOT / "tests" / "fixtures" / "amended-deal.yaml"

# The second deal, with two more Investors (one by assignment from the Initial Investor, one
# without a telecopier) and a later notice address for the Initial Investor.
PARTIES = {
    "investor.address_changes": [{
        "date": "2024-07-01",
        "address": {"lines": ["1 Harbor Point", "Floor 9"], "city": "Stamford", "state": "Connecticut",
                    "postal_code": "06902"},
        "attention": "Lena Brandt", "telecopier": "203.555.0190", "telephone": "203.555.0191"}],
    "other_investors": [
        {"id": "tidewater", "name": "Tidewater Partners LLC",
         "notices": {"address": {"lines": ["17 Quay Street"], "city": "Portland", "state": "Maine",
                                 "postal_code": "04101"},
                     "attention": "Owen Ridley", "telephone": "207.555.0133"},
         "signatory": {"name": "Owen Ridley", "title": "Manager"},
         "assignment": {"assignor": "initial-investor", "date": "2024-04-02",
                        "securities": "400,000 Debenture Shares"}},
        {"name": "Kestrel Growth Fund, L.P.",
         "notices": {"address": {"lines": ["250 Market Street"], "city": "San Francisco",
                                 "state": "California", "postal_code": "94105"},
                     "attention": "Ada Kim", "telecopier": "415.555.0150", "telephone": "415.555.0151",
                     "copy_to": {"name": "Ferris Noble LLP",
                                 "address": {"lines": ["3 Embarcadero Center"], "city": "San Francisco",
                                             "state": "California", "postal_code": "94111"},
                                 "attention": "Tom Ferris", "telecopier": "415.555.0160"}}},
    ],
}

# One letter of each kind, and what it must say. The dates are worked out by hand from the
# second deal's terms (comments 36 hours, effectiveness 12 hours, piggyback 15/12 days,
# Requested Information 9 days / 4 business days) and the 2024 calendar: June 15-16 is a
# weekend and June 19 (Juneteenth) a federal holiday.
LETTERS = {
    "comments": dict(to="initial-investor", date="2024-05-02", event_date="2024-05-01", says=[
        "Notice under Section 2(a)", "on May 1, 2024 it received comments from the Commission",
        "thirty-six (36) hours", "by the same time of day on May 3, 2024",
        "Attention: Marcus Oyelaran", "Via Telecopier (203.555.0170)",
        "by telecopier to 203.555.0170", "with a copy to Ostrander Vale LLP", "Helen Kowalczyk",
        "Enclosure: Copy of the Commission's written comments"]),
    "effectiveness": dict(to="initial-investor", date="2024-05-10", says=[
        "Notice under Section 2(a)", "on May 10, 2024 the Commission declared the Registration Statement",
        "within twelve (12) hours", "on May 11, 2024", "88 Pier Road", "Greenwich, Connecticut 06830"]),
    "piggyback": dict(to="kestrel-growth-fund-l-p", date="2024-06-03", filing_date="2024-06-20", says=[
        "Notice under Section 2(c)(i)", "on June 20, 2024", "within twelve (12) days after your receipt",
        "no later than June 17, 2024", "at least fifteen (15) days before", "no later than June 5, 2024",
        "Attention: Ada Kim", "with a copy to Ferris Noble LLP", "Tom Ferris"]),
    "requested-information": dict(to="tidewater", date="2024-06-03", filing_date="2024-06-20", says=[
        "Notice under Section 4(a)", "no later than June 13, 2024", "four (4) business days before",
        "at least nine (9) days before", "no later than June 11, 2024", "Non-Responsive Investor",
        "VIA OVERNIGHT COURIER", "17 Quay Street", "Portland, Maine 04101",
        "by overnight courier will be on the next business day, June 4, 2024"]),
    "misstatement": dict(to="initial-investor", date="2024-08-01", event_date="2024-07-31", says=[
        "Notice under Section 3(e)", "on July 31, 2024 it became aware", "Under Section 4(c)",
        "immediately discontinue", "given on August 1, 2024"]),
    "stop-order": dict(to="kestrel-growth-fund-l-p", date="2024-08-02", says=[
        "Notice under Section 3(f)", "on August 2, 2024 the Commission issued a stop order",
        "Under Section 4(c)", "until the Company notifies you that dispositions may resume"]),
    "resumption": dict(to="initial-investor", date="2024-08-20", event_date="2024-08-19", says=[
        "Notice under Section 4(c)", "notice under Section 3(e) or 3(f)", "as of August 19, 2024",
        "Enclosure: Supplemented or amended Prospectus"]),
    "assignment": dict(to="company", date="2024-04-03", sender="initial-investor", says=[
        "Notice under Section 8", "on April 2, 2024, to Tidewater Partners LLC",
        "17 Quay Street, Portland, Maine 04101", "400,000 Debenture Shares",
        "Agreed to be bound by all of the provisions of the Agreement", "TIDEWATER PARTNERS LLC",
        "Attention: Dana K. Whitfield", "Via Telecopier (775.555.0142)", "with a copy to Calder Lyle & Moss LLP",
        "HARBORVIEW OPPORTUNITY FUND, L.P."]),
    "address-change": dict(to="company", date="2024-07-01", sender="initial-investor", says=[
        "Notice under Section 11(c)", "from the day this notice is given, July 1, 2024",
        "1 Harbor Point", "Stamford, Connecticut 06902", "Attention: Lena Brandt",
        "Telecopier: 203.555.0190"]),
}
ALWAYS = ["Brightwater Robotics Corp. (the \"Company\")", "Registration Rights Agreement dated March 5, 2024",
          "Harborview Opportunity Fund, L.P. (the \"Initial Investor\")", "Ladies and Gentlemen:",
          "Section 11(c) of the Agreement", "Very truly yours,"]


def _request(kind: str) -> dict:
    spec = LETTERS[kind]
    return {key: (dt.date.fromisoformat(value) if key.endswith("date") else value)
            for key, value in spec.items() if key not in ("says", "to")}


@pytest.fixture(scope="module")
def deal(tmp_path_factory) -> Path:
    return write_sheet(tmp_path_factory.mktemp("deal"), variant(PARTIES, base=SECOND))


@pytest.fixture(scope="module")
def written(deal, tmp_path_factory) -> dict[str, dict[str, str]]:
    """Each kind's letter in each format, as text a reader gets: LibreOffice for DOCX, poppler for PDF."""
    out = tmp_path_factory.mktemp("letters")
    paths = {}
    for kind, spec in LETTERS.items():
        result = api.notice(deal, kind, spec["to"], out=out, **_request(kind))
        assert len(result.outputs) == 3
        assert result.blanks == []  # every fact of this deal is given
        paths[kind] = {path.suffix[1:]: path for path in result.outputs}
    word = docx_texts([p["docx"] for p in paths.values()], out / "lo")
    return {kind: {"txt": flat(p["txt"].read_text()), "pdf": flat(pdf_text(p["pdf"])),
                   "docx": flat(word[p["docx"]]), "paths": p} for kind, p in paths.items()}


@pytest.mark.parametrize("kind", list(LETTERS))
@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_each_kind_says_what_the_agreement_and_term_sheet_say(written, kind, fmt):
    text = written[kind][fmt]
    for phrase in LETTERS[kind]["says"] + ALWAYS:
        # Letter case aside: LibreOffice's text export drops the all-caps style of the delivery line.
        assert flat(phrase).lower() in text.lower(), f"{kind}.{fmt} lacks «{phrase}»"
    assert "{{" not in text and "{%" not in text


def test_letters_cite_the_numbers_the_agreement_tree_computed(deal):
    """Section numbers are looked up by id in the resolved agreement, not typed."""
    from assembler.letters import KINDS

    sections = api.assemble(api.load_termsheet(deal)).sections
    for kind, spec in LETTERS.items():
        letter = api.notice(deal, kind, spec["to"], out=Path("/nonexistent"), formats=(), **_request(kind))
        subject = letter.letters[0].subject
        assert f"Section {sections[KINDS[kind].sections[0]].number}:" in subject


def test_amendments_in_force_on_the_letter_date_renumber_and_readdress(tmp_path):
    """The amended example: No. 1 (June 1, 2001) changes the Investor's attention line; No. 2
    (September 10, 2001) takes out Rule 144, so Section 8 becomes 7 and 11(c) becomes 10(c)."""
    sheet = write_sheet(tmp_path, variant({
        "other_investors": [dict(PARTIES["other_investors"][0], assignment={
            "assignor": "initial-investor", "date": "2001-03-01", "securities": "1,000 Debenture Shares"})],
        "investor.signatory": {"name": "Pat Lee", "title": "Partner"}}, base=AMENDED))

    def letter(kind, to, date, **kw):
        made = api.notice(sheet, kind, to, dt.date.fromisoformat(date), tmp_path / date, ("txt",), **kw)
        return flat(made.outputs[0].read_text())

    before = letter("assignment", "company", "2001-05-01", sender="initial-investor")
    assert "Notice under Section 8:" in before and "Section 11(c) of the Agreement" in before
    assert "as amended" not in before
    after = letter("assignment", "company", "2001-09-10", sender="initial-investor")
    assert "Notice under Section 7:" in after and "Section 10(c) of the Agreement" in after
    assert "as amended by Amendment No. 1 dated June 1, 2001 and Amendment No. 2 dated September 10, 2001" \
        in after
    assert "Attention: Nelson Braff" in letter("effectiveness", "initial-investor", "2001-05-31")
    assert "Attention: Jane Q. Doe" in letter("effectiveness", "initial-investor", "2001-06-01")


def test_changing_the_term_sheet_changes_the_letter(tmp_path):
    changed = variant({**PARTIES, "registration.piggyback.response_days": 20,
                       "registration.piggyback.notice_days": 10}, base=SECOND)
    changed["other_investors"][1]["notices"]["attention"] = "Ravi Shah"
    sheet = write_sheet(tmp_path, changed)
    made = api.notice(sheet, "piggyback", "kestrel-growth-fund-l-p", dt.date(2024, 6, 3), tmp_path / "out",
                      ("txt",), filing_date=dt.date(2024, 6, 20))
    text = flat(made.outputs[0].read_text())
    # June 3 + 20 days is Sunday June 23, so the window runs to Monday June 24.
    assert "within twenty (20) days" in text and "no later than June 24, 2024" in text
    assert "at least ten (10) days before" in text and "no later than June 10, 2024" in text
    assert "Attention: Ravi Shah" in text and "Ada Kim" not in text


def test_all_investors_gets_one_letter_each_at_its_own_address(deal, tmp_path):
    made = api.notice(deal, "misstatement", "all-investors", dt.date(2024, 8, 1), tmp_path, ("txt",))
    names = sorted(p.name for p in made.outputs)
    assert names == [f"notice-misstatement-{key}-2024-08-01.txt"
                     for key in ("initial-investor", "kestrel-growth-fund-l-p", "tidewater")]
    texts = {p.name.split("-misstatement-")[1]: flat(p.read_text()) for p in made.outputs}
    assert "1 Harbor Point" in texts["initial-investor-2024-08-01.txt"]  # its address since July 1
    assert "250 Market Street" in texts["kestrel-growth-fund-l-p-2024-08-01.txt"]
    assert "17 Quay Street" in texts["tidewater-2024-08-01.txt"]
    assert all(text.count("Ladies and Gentlemen") == 1 for text in texts.values())
    # An Investor's notice to the others does not go to itself.
    change = api.notice(deal, "address-change", "all-investors", dt.date(2024, 7, 1), tmp_path / "c", ("txt",),
                        sender="initial-investor")
    assert sorted(p.name for p in change.outputs) == [
        "notice-address-change-kestrel-growth-fund-l-p-2024-07-01.txt",
        "notice-address-change-tidewater-2024-07-01.txt"]


def test_a_changed_address_is_used_from_its_date(deal, tmp_path):
    def to_initial(date):
        made = api.notice(deal, "stop-order", "initial-investor", date, tmp_path / str(date), ("txt",))
        return flat(made.outputs[0].read_text())

    assert "88 Pier Road" in to_initial(dt.date(2024, 6, 28))
    later = to_initial(dt.date(2024, 7, 1))
    assert "1 Harbor Point" in later and "88 Pier Road" not in later
    assert "VIA TELECOPIER (203.555.0190)" in later


def test_conformed_signature(deal, tmp_path):
    made = api.notice(deal, "effectiveness", "initial-investor", dt.date(2024, 5, 10), tmp_path,
                      conformed=True)
    by_format = {p.suffix: p for p in made.outputs}
    assert "By: /s/ Dana K. Whitfield" in by_format[".txt"].read_text()
    assert "/s/ Dana K. Whitfield" in flat(pdf_text(by_format[".pdf"]))
    assert "By: /s/ Dana K. Whitfield" in [p.text for p in open_docx(by_format[".docx"]).paragraphs]


def test_the_docx_comes_from_the_letterhead_template_and_a_firm_can_replace_it(deal, tmp_path):
    made = api.notice(deal, "effectiveness", "initial-investor", dt.date(2024, 5, 10), tmp_path / "ours",
                      ("docx",))
    doc = open_docx(made.outputs[0])
    assert doc.paragraphs[0].style.name == "Letterhead Name"
    assert doc.paragraphs[0].text == "BRIGHTWATER ROBOTICS CORP."
    assert not any("{%" in p.text or "{{" in p.text for p in doc.paragraphs)

    # A firm restyles the letterhead in Word: another font, and its own line under the name.
    firm = open_docx(str(ROOT / "templates" / "letterhead.docx"))
    firm.styles["Letterhead Name"].font.name = "Courier New"
    firm.paragraphs[0].insert_paragraph_before("OFFICE OF THE GENERAL COUNSEL")
    restyled = tmp_path / "firm.docx"
    firm.save(str(restyled))
    made = api.notice(deal, "effectiveness", "initial-investor", dt.date(2024, 5, 10), tmp_path / "firm",
                      ("docx",), letterhead=restyled)
    doc = open_docx(made.outputs[0])
    assert doc.paragraphs[0].text == "OFFICE OF THE GENERAL COUNSEL"
    assert doc.styles["Letterhead Name"].font.name == "Courier New"
    assert doc.paragraphs[1].text == "BRIGHTWATER ROBOTICS CORP."


def test_pdf_is_letter_size_with_letterhead_on_top_text_within_margins_and_a_line_to_sign(written):
    """Read from what is drawn (pdfplumber), not by counting dark pixels."""
    from pypdf import PdfReader

    from .pdf_geometry import blank_rules_or_underscores, pages

    path = written["assignment"]["paths"]["pdf"]
    assert [round(float(x)) for x in PdfReader(str(path)).pages[0].mediabox[2:]] == [612, 792]
    drawn = pages(path)
    first = drawn[0]
    top_line = sorted((w for w in first.words if w.top == min(x.top for x in first.words)), key=lambda w: w.x0)
    assert " ".join(w.text for w in top_line) == "HARBORVIEW OPPORTUNITY FUND, L.P."  # the sender's letterhead
    assert len(first.words) > 150 and max(w.bottom for w in first.words) > first.height / 2
    for page in drawn:
        for word in page.words:
            assert 36 <= word.x0 and word.x1 <= 612 - 36 and 18 <= word.top and word.bottom <= 792 - 18, word
    by = [(page, w) for page in drawn for w in page.words if w.text == "By:"]
    assert by
    for page, word in by:
        assert blank_rules_or_underscores(page, word), "no line to sign after By:"


def test_letters_are_byte_identical_when_made_again(deal, tmp_path):
    first = api.notice(deal, "piggyback", "tidewater", dt.date(2024, 6, 3), tmp_path / "a",
                       filing_date=dt.date(2024, 6, 20))
    second = api.notice(deal, "piggyback", "tidewater", dt.date(2024, 6, 3), tmp_path / "b",
                        filing_date=dt.date(2024, 6, 20))
    for a, b in zip(first.outputs, second.outputs):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_values_are_text_in_every_format(tmp_path):
    hostile = 'Smith <b>&amp; "Jones" {{ 7*7 }}'
    sheet = write_sheet(tmp_path, variant({"investor.name": hostile}, base=SECOND))
    made = api.notice(sheet, "effectiveness", "initial-investor", dt.date(2024, 5, 10), tmp_path / "out")
    paths = {p.suffix: p for p in made.outputs}
    assert hostile in paths[".txt"].read_text()
    assert flat(hostile) in flat(pdf_text(paths[".pdf"]))
    assert any(hostile in p.text for p in open_docx(paths[".docx"]).paragraphs)
    assert "49" not in paths[".txt"].read_text()


def test_the_auxer_example_leaves_its_open_blanks_listed(tmp_path):
    result = run_cli("notice", str(EXAMPLE), "--kind", "effectiveness", "--to", "initial-investor",
                     "--date", "2001-05-14", "--out", str(tmp_path), "--format", "txt")
    assert result.returncode == 0, result.stderr
    text = flat((tmp_path / "notice-effectiveness-initial-investor-2001-05-14.txt").read_text())
    assert "Attention: Nelson Braff" in text and "Herrick, Feinstein LLP" in text
    assert "c/o Perrin, Holden & Davenport Capital Corp." in text
    assert "investor.name" in result.stdout and "company.signatory.name" in result.stdout


def test_a_late_notice_is_written_with_a_warning(deal, tmp_path):
    result = run_cli("notice", str(deal), "--kind", "effectiveness", "--to", "initial-investor",
                     "--date", "2024-05-13", "--event-date", "2024-05-10", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "after it was due (2024-05-11)" in result.stderr


REFUSALS = [
    # (term-sheet changes, arguments, words the one-line message must have)
    ({"registration.piggyback.enabled": False}, ["--kind", "piggyback", "--to", "initial-investor",
                                                 "--filing-date", "2024-06-20"],
     ["registration.piggyback.enabled", "provides for no piggyback notice"]),
    ({}, ["--kind", "effectiveness", "--to", "all-investors"], ["the Initial Investor only", "--to"]),
    ({}, ["--kind", "piggyback", "--to", "tidewater", "--delivery", "telecopier", "--filing-date", "2024-06-20"],
     ["no telecopier number", "--delivery"]),
    ({}, ["--kind", "assignment", "--to", "company", "--from", "kestrel-growth-fund-l-p"],
     ["has assigned no registration rights"]),
    ({}, ["--kind", "assignment", "--to", "company", "--from", "company"], ["given by an Investor", "--from"]),
    ({}, ["--kind", "effectiveness", "--to", "company"], ["does not go to the Company", "--to"]),
    ({}, ["--kind", "piggyback", "--to", "tidewater"], ["--filing-date", "anticipated filing date"]),
    ({}, ["--kind", "payment", "--to", "company"], ["no such kind of notice", "effectiveness"]),
    ({}, ["--kind", "comments", "--to", "nobody"], ["'nobody' is not a party", "initial-investor"]),
    ({}, ["--kind", "comments", "--to", "initial-investor", "--event-date", "2024-07-01"],
     ["after the letter's date", "--event-date"]),
    ({}, ["--kind", "address-change", "--to", "initial-investor"], ["has no change of address",
                                                                    "company.address_changes"]),
    ({"company.signatory": {}}, ["--kind", "comments", "--to", "initial-investor", "--conformed"],
     ["cannot be conformed", "company.signatory.name"]),
]


@pytest.mark.parametrize("changes,args,words", REFUSALS)
def test_a_notice_the_agreement_does_not_provide_for_is_refused(tmp_path, changes, args, words):
    sheet = write_sheet(tmp_path, variant({**PARTIES, **changes}, base=SECOND))
    out = tmp_path / "out"
    result = run_cli("notice", str(sheet), "--date", "2024-06-03", "--out", str(out), *args)
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    for word in words:
        assert word in message
    assert not out.exists()  # nothing half-written


def test_the_piggyback_refusal_names_the_term_sheet_line(tmp_path):
    sheet = write_sheet(tmp_path, variant({"registration.piggyback.enabled": False}, base=SECOND))
    line = next(i for i, text in enumerate(sheet.read_text().splitlines(), 1) if "enabled: false" in text)
    result = run_cli("notice", str(sheet), "--kind", "piggyback", "--to", "initial-investor",
                     "--date", "2024-06-03", "--filing-date", "2024-06-20", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {sheet}:{line}:")


@pytest.mark.parametrize("changes,words", [
    ({"other_investors": [{**PARTIES["other_investors"][0], "id": "company"}]}, ["'company' is reserved"]),
    ({"other_investors": [PARTIES["other_investors"][0], copy.deepcopy(PARTIES["other_investors"][0])]},
     ["'tidewater' is the id of another investor too"]),
    ({"other_investors": [{**PARTIES["other_investors"][0],
                           "assignment": {"assignor": "nobody", "date": "2024-04-02", "securities": "x"}}]},
     ["names 'nobody', who is not an investor here", "other_investors[0].assignment.assignor"]),
    ({"agreement.business_day_calendar": "XX"}, ["agreement.business_day_calendar", "not a holiday calendar"]),
    ({"investor.address_changes": [dict(copy.deepcopy(PARTIES["investor.address_changes"][0]), date="2024-07-01"),
                                   dict(copy.deepcopy(PARTIES["investor.address_changes"][0]), date="2024-06-01")]},
     ["investor.address_changes", "not in date order"]),
])
def test_term_sheet_parties_are_checked(tmp_path, changes, words):
    sheet = write_sheet(tmp_path, variant(changes, base=SECOND))
    with pytest.raises(AssemblerError) as caught:
        api.load_termsheet(sheet)
    message = caught.value.one_line()
    assert re.match(rf"{re.escape(str(sheet))}:\d+:", message), message
    for word in words:
        assert word in message


def test_business_day_counting():
    us = Calendar("US")
    assert us.days_after(dt.date(2024, 6, 3), 12) == dt.date(2024, 6, 17)     # Sat 15th → Mon 17th
    assert us.business_days(dt.date(2024, 6, 20), -4) == dt.date(2024, 6, 13)  # skips Juneteenth
    assert us.days_before(dt.date(2024, 6, 24), 15) == dt.date(2024, 6, 7)    # Sun 9th → Fri 7th
    assert us.delivered(dt.date(2024, 7, 3), "courier") == dt.date(2024, 7, 5)  # over the 4th of July
    assert us.delivered(dt.date(2024, 7, 3), "telecopier") == dt.date(2024, 7, 3)
    assert us.hours_after(dt.date(2024, 5, 1), 36) == dt.date(2024, 5, 3)
    assert us.hours_after(dt.date(2024, 5, 1), 24) == dt.date(2024, 5, 2)
    # Good Friday: the stock exchange is closed, federal offices are not.
    assert not Calendar("NYSE").is_business_day(dt.date(2024, 3, 29))
    assert us.is_business_day(dt.date(2024, 3, 29))
    assert "NYSE" in Calendar("NYSE").rule()


def test_notice_is_in_the_cli_help():
    result = run_cli("notice", "--help")
    assert result.returncode == 0
    for option in ("--kind", "--to", "--date", "--out", "--from", "--event-date", "--filing-date",
                   "--delivery", "--conformed", "--letterhead"):
        assert option in result.stdout


def test_letterhead_template_ships_in_the_package():
    from assembler.library import data_dir

    template = data_dir("templates") / "letterhead.docx"
    with zipfile.ZipFile(template) as archive:
        body = archive.read("word/document.xml").decode()
    assert "{%p for item in body %}" in body and "{{ letterhead.name }}" in body


# -- issue 16 §5: letters laid out as a firm sends them --------------------------------------

@pytest.fixture(scope="module")
def laid_out_letters(written, tmp_path_factory):
    """Each letter's pages: the PDF as poppler reads it, the DOCX as LibreOffice lays it out."""
    from .conftest import libreoffice_pdf, pdf_pages
    docx = libreoffice_pdf([w["paths"]["docx"] for w in written.values()], tmp_path_factory.mktemp("lo-letters"))
    return {(kind, fmt): pdf_pages(w["paths"]["pdf"] if fmt == "pdf" else docx[w["paths"]["docx"]])
            for kind, w in written.items() for fmt in ("pdf", "docx")}


@pytest.fixture(scope="module")
def long_letter(tmp_path_factory):
    """The example's piggyback letter runs to a second page in both layouts."""
    from .conftest import libreoffice_pdf, pdf_pages
    out = tmp_path_factory.mktemp("long")
    made = api.notice(EXAMPLE, "piggyback", "initial-investor", dt.date(2001, 5, 14), out,
                      filing_date=dt.date(2001, 6, 20))
    paths = {p.suffix[1:]: p for p in made.outputs}
    word = libreoffice_pdf([paths["docx"]], out / "lo")[paths["docx"]]
    return {"pdf": pdf_pages(paths["pdf"]), "docx": pdf_pages(word)}


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_pages_after_the_first_carry_a_continuation_heading(long_letter, fmt):
    pages = long_letter[fmt]
    assert len(pages) >= 2
    assert _lines(pages[0])[0] == "THE AUXER GROUP, INC."  # the letterhead, no continuation heading
    for number, page in enumerate(pages[1:], 2):
        # The Initial Investor's name is a blank in the example: the heading shows the line.
        assert _lines(page)[:3] == ["__________", "May 14, 2001", f"Page {number}"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_letter_page_has_its_number_in_the_footer(laid_out_letters, long_letter, fmt):
    for pages in [long_letter[fmt]] + [p for (k, f), p in laid_out_letters.items() if f == fmt]:
        for number, page in enumerate(pages, 1):
            assert _lines(page)[-1] == str(number)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_signature_block_never_stands_alone(laid_out_letters, long_letter, fmt):
    for pages in [long_letter[fmt]] + [p for (k, f), p in laid_out_letters.items() if f == fmt]:
        page = next(p for p in pages if "Very truly yours," in p)
        before = _lines(page[:page.index("Very truly yours,")])
        if len(pages) > 1 and page is not pages[0]:
            before = before[3:]  # the continuation heading
        assert before, "the closing and signature start a page of their own"


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_inside_address_has_a_via_line_and_no_numbers(written, fmt):
    text = written["comments"][fmt]
    inside = text[text.lower().index("via telecopier (203.555.0170)"):text.index("Re:")]
    assert "Marcus Oyelaran" in inside
    assert "Telecopier:" not in inside and "Telephone:" not in inside and "203.555.0171" not in inside


def test_counting_rules_leave_the_letter_for_explain(written, deal, tmp_path):
    for kind in written:
        for fmt in ("txt", "pdf", "docx"):
            assert "A business day is" not in written[kind][fmt]
            assert "How the dates in this letter are counted" not in written[kind][fmt]
    done = run_cli("notice", str(deal), "--kind", "piggyback", "--to", "kestrel-growth-fund-l-p",
                   "--date", "2024-06-03", "--filing-date", "2024-06-20", "--format", "txt",
                   "--out", str(tmp_path), "--explain")
    assert done.returncode == 0, done.stderr
    assert "A business day is a day other than a Saturday, a Sunday or one of the United States federal " \
           "holidays" in done.stdout
    assert "latest notice: 2024-06-05" in done.stdout and "response due: 2024-06-17" in done.stdout
