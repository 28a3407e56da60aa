"""The letter writer (writers/letter.py) in process: the layout every format reads, the text letter
line by line, the PDF's HTML and the DOCX's paragraphs read back with python-docx, a firm's
letterhead refused as its exact line. For mutation testing (scripts/mutation-test letter); the
letters as a reader gets them (LibreOffice, poppler, the drawn page) are read in tests/test_notices.py.
The facts are the second deal's with test_notices.PARTIES, typed there by hand."""
from __future__ import annotations

import copy
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx

from assembler import letters, termsheet
from assembler.errors import ClauseError, OutputError
from assembler.letters import Request
from assembler.library import data_dir
from assembler.writers import letter as writer

from .conftest import ROOT, variant, write_sheet
from .test_notices import PARTIES

SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"
D = dt.date
KESTREL = "kestrel-growth-fund-l-p"
LINE = "_" * 28


_MADE: dict = {}


def one(changes: str | None, kind, to, date, **kw) -> letters.Letter:
    """The first letter of a request, made once per process: the letters are letters.py's, not
    under test here, and a mutation run forks each mutant's tests from a process that has them."""
    key = (changes, kind, to, date, tuple(sorted(kw.items())))
    if key not in _MADE:
        if changes not in _MADE:
            _MADE[changes] = termsheet.load(write_sheet(Path(tempfile.mkdtemp()), variant(SHEETS[changes](),
                                                                                        base=SECOND)))
        kw = {key: (D.fromisoformat(value) if key.endswith("date") else value) for key, value in kw.items()}
        _MADE[key] = letters.letters(_MADE[changes], Request(kind=kind, to=to, date=D.fromisoformat(date), **kw))[0]
    return _MADE[key]


def _no_contact_numbers() -> dict:
    changed = copy.deepcopy(PARTIES)
    changed["company.notices"] = {"address": {"lines": ["400 Innovation Way", "Suite 210"], "city": "Reno",
                                              "state": "Nevada", "postal_code": "89501"},
                                  "attention": "Dana K. Whitfield"}
    return changed


SHEETS = {None: lambda: PARTIES,
          "blanks": lambda: {**PARTIES, "company.signatory": {}, "investor.name": None},
          "no numbers": _no_contact_numbers}


@pytest.fixture
def comments():
    return one(None, "comments", "initial-investor", "2024-05-02", event_date="2024-05-01")


@pytest.fixture
def assignment():
    return one(None, "assignment", "company", "2024-04-03")


BRIGHTWATER = ["400 Innovation Way", "Suite 210", "Reno, Nevada 89501"]
SIGNED_BRIGHTWATER = {"entity": "BRIGHTWATER ROBOTICS CORP.", "by": LINE, "name": "Dana K. Whitfield",
                      "title": "Chief Executive Officer"}


def test_layout_of_a_letter_from_the_company(comments):
    page = writer.layout(comments)
    assert page["letterhead"] == {"name": "BRIGHTWATER ROBOTICS CORP.", "lines": BRIGHTWATER,
                                  "contact": "Telephone 775.555.0199   Telecopier 775.555.0142"}
    assert page["date"] == "May 2, 2024" and page["iso_date"] == "2024-05-02"
    assert page["delivery"] == "Via Telecopier (203.555.0170)"
    assert page["recipient"] == ["Harborview Opportunity Fund, L.P.", "88 Pier Road", "Greenwich, Connecticut 06830",
                                 "Attention: Marcus Oyelaran"]
    assert page["continuation"] == {"addressee": "Harborview Opportunity Fund, L.P.", "date": "May 2, 2024"}
    assert page["subject"] == comments.subject
    assert page["salutation"] == "Ladies and Gentlemen:" and page["closing"] == "Very truly yours,"
    assert page["body"][0]["text"].startswith("We refer to the Registration Rights Agreement dated March 5, 2024")
    assert all(set(item) == {"text"} for item in page["body"])
    assert page["signature"] == SIGNED_BRIGHTWATER
    assert page["acknowledgement_heading"] == "Agreed to be bound by all of the provisions of the Agreement:"
    assert page["acknowledgements"] == []
    assert page["enclosures"] == ["Copy of the Commission's written comments"]
    assert page["copy_to"] == ["Ostrander Vale LLP", "60 State Street", "Boston, Massachusetts 02109",
                               "Attention: Helen Kowalczyk"]


def test_layout_of_a_letter_from_an_investor_countersigned(assignment):
    page = writer.layout(assignment)
    assert page["letterhead"] == {"name": "HARBORVIEW OPPORTUNITY FUND, L.P.",
                                  "lines": ["88 Pier Road", "Greenwich, Connecticut 06830"],
                                  "contact": "Telephone 203.555.0171   Telecopier 203.555.0170"}
    assert page["recipient"] == ["Brightwater Robotics Corp.", *BRIGHTWATER, "Attention: Dana K. Whitfield"]
    assert page["signature"] == {"entity": "HARBORVIEW OPPORTUNITY FUND, L.P.", "by": LINE,
                                 "name": "Marcus Oyelaran", "title": "Managing Member"}
    assert page["acknowledgements"] == [{"entity": "TIDEWATER PARTNERS LLC", "by": LINE, "name": "Owen Ridley",
                                         "title": "Manager"}]
    assert page["copy_to"] == ["Calder Lyle & Moss LLP", "1201 Orange Street", "Wilmington, Delaware 19801",
                               "Attention: Priya Raman"]
    assert page["enclosures"] == []


def test_layout_delivery_lines_and_an_address_block_in_the_body():
    sheet = None
    courier = writer.layout(one(sheet, "stop-order", "tidewater", "2024-08-02"))
    assert courier["delivery"] == "Via Overnight Courier" and courier["copy_to"] == []
    assert courier["recipient"] == ["Tidewater Partners LLC", "17 Quay Street", "Portland, Maine 04101",
                                    "Attention: Owen Ridley"]
    assert writer.layout(one(sheet, "stop-order", "tidewater", "2024-08-02", delivery="personal"))["delivery"] \
        == "Via Hand Delivery"
    change = writer.layout(one(sheet, "address-change", "company", "2024-07-01", sender="initial-investor"))
    assert change["letterhead"]["lines"] == ["1 Harbor Point", "Floor 9", "Stamford, Connecticut 06902"]
    assert change["letterhead"]["contact"] == "Telephone 203.555.0191   Telecopier 203.555.0190"
    assert {"lines": ["Harborview Opportunity Fund, L.P.", "1 Harbor Point", "Floor 9", "Stamford, Connecticut 06902",
                      "Attention: Lena Brandt", "Telecopier: 203.555.0190", "Telephone: 203.555.0191"]} \
        in change["body"]


def test_address_lines_and_care_of():
    notices = {"address": {"care_of": "Perrin & Co.", "lines": ["1 Main St"], "city": "Troy", "state": "New York",
                           "postal_code": "12180"}, "attention": "A. B.", "telecopier": "518.555.0100",
               "telephone": "518.555.0101"}
    assert writer.address_lines("Auxer", notices) == [
        "Auxer", "c/o Perrin & Co.", "1 Main St", "Troy, New York 12180", "Attention: A. B.",
        "Telecopier: 518.555.0100", "Telephone: 518.555.0101"]
    assert writer.address_lines("Auxer", notices, contact=False)[-1] == "Attention: A. B."
    assert writer.address_lines("Auxer", {"address": notices["address"]}, contact=False) == [
        "Auxer", "c/o Perrin & Co.", "1 Main St", "Troy, New York 12180"]


def test_a_party_not_named_and_a_signer_not_known_are_lines_to_fill_in():
    sheet = "blanks"
    page = writer.layout(one(sheet, "comments", "initial-investor", "2024-05-02"))
    assert page["recipient"][0] == writer.BLANK == "__________"
    assert page["continuation"]["addressee"] == "__________"
    assert page["signature"] == {"entity": "BRIGHTWATER ROBOTICS CORP.", "by": LINE, "name": LINE, "title": LINE}
    back = writer.layout(one(sheet, "assignment", "company", "2024-04-03"))
    assert back["letterhead"]["name"] == "__________" and back["signature"]["entity"] == "__________"


def test_a_conformed_letter_is_signed():
    sheet = None
    page = writer.layout(one(sheet, "comments", "initial-investor", "2024-05-02", conformed=True))
    assert page["signature"]["by"] == "/s/ Dana K. Whitfield"


COMMENTS_HEAD = [
    " " * 23 + "BRIGHTWATER ROBOTICS CORP.",
    " " * 27 + "400 Innovation Way",
    " " * 31 + "Suite 210",
    " " * 27 + "Reno, Nevada 89501",
    " " * 12 + "Telephone 775.555.0199   Telecopier 775.555.0142",
    "",
    "May 2, 2024",
    "",
    "VIA TELECOPIER (203.555.0170)",
    "",
    "Harborview Opportunity Fund, L.P.",
    "88 Pier Road",
    "Greenwich, Connecticut 06830",
    "Attention: Marcus Oyelaran",
    "",
    "Re: Registration Rights Agreement dated March 5, 2024 — Notice under",
    "    Section 2(a): comments of the Commission on the Registration",
    "    Statement",
    "",
    "Ladies and Gentlemen:",
    "",
    "We refer to the Registration Rights Agreement dated March 5, 2024 (the",
]
COMMENTS_TAIL = [
    "Very truly yours,",
    "",
    "BRIGHTWATER ROBOTICS CORP.",
    "",
    "By: " + LINE,
    "Name: Dana K. Whitfield",
    "Title: Chief Executive Officer",
    "",
    "Enclosure: Copy of the Commission's written comments",
    "",
    "With a copy to:",
    "Ostrander Vale LLP",
    "60 State Street",
    "Boston, Massachusetts 02109",
    "Attention: Helen Kowalczyk",
]


def test_the_text_letter(comments):
    out = writer.render(comments, "txt")
    assert out.endswith(b"Kowalczyk\n")
    lines = out.decode("utf-8").split("\n")[:-1]
    assert lines[:len(COMMENTS_HEAD)] == COMMENTS_HEAD
    assert lines[-len(COMMENTS_TAIL):] == COMMENTS_TAIL
    assert all(len(line) <= 72 for line in lines)
    assert "to 203.555.0170, with a copy to Ostrander Vale LLP. It is deemed given" in lines
    assert lines.count("") == 14  # six in the head, one after each of the four paragraphs, four after


def test_the_text_letter_countersigned_with_an_address_in_its_body(assignment):
    sheet = None
    lines = writer.text(writer.layout(assignment)).decode("utf-8").split("\n")
    at = lines.index("Agreed to be bound by all of the provisions of the Agreement:")
    assert lines[at - 6:at + 7] == [
        "HARBORVIEW OPPORTUNITY FUND, L.P.", "", "By: " + LINE, "Name: Marcus Oyelaran", "Title: Managing Member",
        "", "Agreed to be bound by all of the provisions of the Agreement:", "",
        "TIDEWATER PARTNERS LLC", "", "By: " + LINE, "Name: Owen Ridley", "Title: Manager"]
    change = writer.text(writer.layout(one(sheet, "address-change", "company", "2024-07-01",
                                           sender="initial-investor"))).decode().split("\n")
    at = change.index("    Harborview Opportunity Fund, L.P.")
    assert change[at - 1] == "" and change[at + 1:at + 8] == [
        "    1 Harbor Point", "    Floor 9", "    Stamford, Connecticut 06902", "    Attention: Lena Brandt",
        "    Telecopier: 203.555.0190", "    Telephone: 203.555.0191", ""]


def test_signature_lines_without_a_name_or_title():
    assert writer._signature_lines({"entity": "X", "by": "/s/ Y", "name": "", "title": ""}) == [
        "X", "", "By: /s/ Y", "Name:", "Title:"]


def test_a_text_letter_without_contact_numbers():
    letter = one("no numbers", "comments", "initial-investor", "2024-05-02")
    assert writer.layout(letter)["letterhead"]["contact"] == ""
    lines = writer.render(letter, "txt").decode().split("\n")
    assert lines[3:6] == [" " * 27 + "Reno, Nevada 89501", "", "May 2, 2024"]


def test_the_pdf_letters_html(comments, assignment):
    page = writer.html(writer.layout(comments))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Registration Rights Agreement dated March 5, 2024 — Notice under Section 2(a)" in page
    css = (data_dir("templates") / "letter.css").read_text(encoding="utf-8")
    assert f"<style>{css}</style>" in page  # the style sheet as it is, quotes and all
    assert '<div class="name">BRIGHTWATER ROBOTICS CORP.</div>' in page
    assert '<div class="contact">Telephone 775.555.0199   Telecopier 775.555.0142</div>' in page
    assert '<span class="re">Re:</span>Registration Rights Agreement dated March 5, 2024 — Notice under ' \
           '<span class="ref">Section 2(a)</span>: comments' in page
    assert '<p class="enclosure">Enclosure: Copy of the Commission&#39;s written comments</p>' in page
    assert '<div class="copy-to"><div>With a copy to:</div><div>Ostrander Vale LLP</div>' in page
    signed = writer.html(writer.layout(assignment))
    assert '<div class="acknowledgements">' in signed and '<div class="entity">TIDEWATER PARTNERS LLC</div>' in signed
    assert "<div>Name: Owen Ridley</div>" in signed
    assert '<div class="copy-to"><div>With a copy to:</div><div>Calder Lyle &amp; Moss LLP</div>' in signed


def test_keep_refs_escapes_and_holds_each_citation():
    assert writer.keep_refs("Section 2(c)(i) & <b>Section 11(c)</b>, Section 8") == (
        '<span class="ref">Section 2(c)(i)</span> &amp; &lt;b&gt;<span class="ref">Section 11(c)</span>&lt;/b&gt;, '
        '<span class="ref">Section 8</span>')
    assert writer.keep_refs("Sections 2 and 3") == "Sections 2 and 3"


def test_references_held_in_word():
    held = writer._references_held({"a": ["Under Section 2(c)(i) and Section 8.", 3, None],
                                    "b": "Section 11(c)", "c": "no reference"})
    assert held == {"a": ["Under Section\u00a02(c)\u2060(i) and Section\u00a08.", 3, None],
                    "b": "Section\u00a011(c)", "c": "no reference"}


def test_the_pdf():
    """A page typed by hand, so that a mutant of layout() does not wait for WeasyPrint."""
    page = {"letterhead": {"name": "ACME", "lines": ["1 Main St"], "contact": ""}, "date": "May 2, 2024",
            "delivery": "Via Hand Delivery", "recipient": ["Bo"], "subject": "Notice under Section 2(a)",
            "salutation": "Sirs:", "body": [{"text": "Words."}], "closing": "Yours,",
            "signature": {"entity": "ACME", "by": LINE, "name": "Al", "title": "CEO"}, "acknowledgements": [],
            "enclosures": [], "copy_to": [], "iso_date": "2024-05-02"}

    class Sent:
        date = D(2024, 5, 2)

    out = writer.pdf(page, Sent())
    assert out.startswith(b"%PDF-")
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(out))
    assert reader.metadata.title == "Notice under Section 2(a)"
    assert "Words." in reader.pages[0].extract_text()


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in open_docx(io.BytesIO(data)).paragraphs]


def test_the_docx_letter(comments):
    data = writer.render(comments, "docx")
    texts = paragraphs(data)
    for line in ("BRIGHTWATER ROBOTICS CORP.", "May 2, 2024", "Via Telecopier (203.555.0170)", "Ladies and Gentlemen:",
                 "Very truly yours,", "Enclosure: Copy of the Commission's written comments"):
        assert line in texts
    assert any("Section\u00a02(a)" in text for text in texts)  # held on one line in Word
    props = open_docx(io.BytesIO(data)).core_properties
    assert props.title == comments.subject
    assert writer.render(comments, "docx") == data  # the same bytes each time


def test_the_files_a_letter_makes(comments):
    made = writer.files(comments, ("txt", "docx"))
    assert list(made) == ["notice-comments-initial-investor-2024-05-02.txt",
                          "notice-comments-initial-investor-2024-05-02.docx"]
    assert made["notice-comments-initial-investor-2024-05-02.txt"] == writer.render(comments, "txt")
    assert writer.FORMATS == ("docx", "pdf", "txt")


def test_templates_read():
    folder = data_dir("templates")
    assert writer.templates_read(("txt",)) == []
    assert writer.templates_read(("docx",)) == [folder / "letterhead.docx"]
    assert writer.templates_read(("docx", "pdf"), folder / "x.docx") == [
        folder / "x.docx", folder / "letter.html.j2", folder / "letter-signature.html.j2", folder / "letter.css"]


def test_letterhead_file(tmp_path):
    assert writer.letterhead_file(None) is None
    (tmp_path / "firm.docx").write_bytes(b"x")
    assert writer.letterhead_file(str(tmp_path / "firm.docx")) == tmp_path / "firm.docx"
    with pytest.raises(OutputError) as refused:
        writer.letterhead_file(tmp_path / "none.docx")
    assert refused.value.one_line() == f"{tmp_path / 'none.docx'}: is not a file (give a .docx letterhead template)"


def firm_letterhead(tmp_path, replace: tuple[str, str] | None = None, raw: bytes | None = None):
    path = tmp_path / "firm.docx"
    if raw is not None:
        path.write_bytes(raw)
        return path
    ours = data_dir("templates") / "letterhead.docx"
    with zipfile.ZipFile(ours) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml" and replace:
                text = data.decode()
                assert replace[0] in text
                data = text.replace(replace[0], replace[1], 1).encode()
            dst.writestr(item, data)
    return path


def test_a_firms_letterhead_and_its_refusals(comments, tmp_path):
    page = writer.layout(comments)
    same = firm_letterhead(tmp_path)
    assert paragraphs(writer.docx(page, same)) == paragraphs(writer.docx(page))

    def refusal(path) -> str:
        with pytest.raises(ClauseError) as refused:
            writer.docx(page, path)
        return refused.value.one_line()

    bad = firm_letterhead(tmp_path, ("{{ letterhead.name }}", "{{ letterhead.name ) }}"))
    message = refusal(bad)
    assert message.startswith(f"{bad}: is not a valid letterhead template: ")
    assert message.endswith("(keep the {{ }} and {%p %} tags as templates/letterhead.docx has them)")
    unknown = firm_letterhead(tmp_path, ("{{ letterhead.name }}", "{{ letterhead.name.nothing.more }}"))
    assert refusal(unknown).startswith(f"{unknown}: uses a name the letter does not have: ")
    assert refusal(unknown).endswith("(the names a letterhead may use are in templates/letterhead.docx)")
    reach = firm_letterhead(tmp_path, ("{{ letterhead.name }}", "{{ letterhead.__class__.__mro__ }}"))
    assert refusal(reach).startswith(f"{reach}: reaches for something a letterhead may not use: ")
    assert refusal(reach).endswith("(a letterhead may only print the letter's own fields)")
    junk = firm_letterhead(tmp_path, raw=b"not a zip")
    assert refusal(junk).startswith(f"{junk}: is not a Word document docxtpl can read (")
    assert refusal(junk).endswith("(save the letterhead from Word as .docx)")


def test_values_are_escaped_in_word(comments, tmp_path):
    page = writer.layout(comments)
    page["subject"] = "A < B & {{ c }}"
    page["salutation"] = "<w:p>&"
    assert "<w:p>&" in paragraphs(writer.docx(page))


def test_the_letterhead_is_compiled_once_per_source():
    env = writer._CompilingOnce()
    first = env.from_string("{{ x }}")
    assert env.from_string("{{ x }}") is first and env.from_string("{{ y }}") is not first
    assert first.render(x="<b>") == "&lt;b&gt;"  # autoescaped
    for n in range(70):
        env.from_string(f"{{{{ x }}}}{n}")
    assert len(env.compiled) <= 65
    assert env.from_string("{{ x }}", globals={"y": 1}) is not env.from_string("{{ x }}", globals={"y": 1})


def test_the_re_line_wraps_at_seventy_two():
    page = writer.layout(one(None, "comments", "initial-investor", "2024-05-02", event_date="2024-05-01"))
    page = {**page, "subject": "a" * 68 + " end"}
    lines = writer.text(page).decode().split("\n")
    at = lines.index("Re: " + "a" * 68)
    assert lines[at + 1] == "    end"


def test_the_docx_carries_the_letters_date(comments):
    props = open_docx(io.BytesIO(writer.render(comments, "docx"))).core_properties
    assert props.created.date() == D(2024, 5, 2) and props.modified.date() == D(2024, 5, 2)


def test_a_firms_letterhead_through_render_and_files(comments, tmp_path):
    firm = firm_letterhead(tmp_path, ("{{ closing }}", "{{ closing }} FIRM"))
    assert "Very truly yours, FIRM" in paragraphs(writer.render(comments, "docx", firm))
    made = writer.files(comments, ("docx", "txt"), letterhead=firm)
    docx_bytes = made["notice-comments-initial-investor-2024-05-02.docx"]
    assert docx_bytes.startswith(b"PK") and "Very truly yours, FIRM" in paragraphs(docx_bytes)
    assert made["notice-comments-initial-investor-2024-05-02.txt"].startswith(b"  ")


def test_the_letterhead_environment_passes_globals_and_template_class_through():
    import jinja2

    class Marked(jinja2.Template):
        pass

    env = writer._CompilingOnce()
    assert env.from_string("{{ y }}", globals={"y": 7}).render() == "7"
    assert isinstance(env.from_string("{{ y }}", template_class=Marked), Marked)
    assert isinstance(env.from_string("{{ y }}", globals={"y": 1}, template_class=Marked), Marked)
    assert env.compiled == {}  # neither is kept


def test_the_letterhead_environment_starts_again_past_sixty_five_sources():
    env = writer._CompilingOnce()
    for n in range(65):
        env.from_string(f"{{{{ x }}}}{n}")
    assert len(env.compiled) == 65
    env.from_string("{{ x }}new")
    assert list(env.compiled) == ["{{ x }}new"]


def test_the_pdf_letter_in_a_variant(comments):
    """Last in the file: the only tests that wait for WeasyPrint with a whole letter."""
    import pikepdf

    made = writer.files(comments, ("pdf",), pdf_variant="pdf/a-1b")
    data = made["notice-comments-initial-investor-2024-05-02.pdf"]
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert str(doc.docinfo["/Title"]) == comments.subject
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20240502")
        with doc.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "1"
    with pikepdf.open(io.BytesIO(writer.render(comments, "pdf"))) as doc, doc.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "2"
