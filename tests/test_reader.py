"""The DOCX reader: revisions resolved into the draft as sent and as proposed, numbering from
Word's lists and typed, bookmarks, fields, comments, and the characters Word puts in for plain ones.
The files are written by hand as Word writes them (tests/wordml.py), and the expectations are typed."""
from __future__ import annotations

from assembler import api
from assembler.readers import comparable, read_docx

from .conftest import EXAMPLE
from .wordml import comments, custom_properties, dele, ins, numbered, p, package, r


def read(body: str, **kwargs):
    return read_docx(package(body, **kwargs), name="draft.docx")


def test_insertions_and_deletions_give_two_texts():
    doc = read(p(r("within "), dele("thirty (30)"), ins("forty-five (45)"), r(" days")))
    paragraph = doc.paragraphs[0]
    assert paragraph.sent_text == "within thirty (30) days"
    assert paragraph.proposed_text == "within forty-five (45) days"
    assert [(c.kind, c.text, c.author) for c in paragraph.changes] == \
        [("delete", "thirty (30)", "Ann"), ("insert", "forty-five (45)", "Ann")]
    assert [(s.text, s.kind) for s in paragraph.segments] == \
        [("within ", None), ("thirty (30)", "delete"), ("forty-five (45)", "insert"), (" days", None)]


def test_moved_text_is_in_its_old_place_as_sent_and_its_new_place_as_proposed():
    move_from = ('<w:moveFrom w:id="5" w:author="Bob" w:date="2026-01-03T00:00:00Z">'
                 '<w:r><w:t>Moved words. </w:t></w:r></w:moveFrom>')
    move_to = ('<w:moveTo w:id="6" w:author="Bob" w:date="2026-01-03T00:00:00Z">'
               '<w:r><w:t> Moved words.</w:t></w:r></w:moveTo>')
    doc = read(p(move_from, r("First.")) + p(r("Second."), move_to))
    assert [v.text for v in doc.sent] == ["Moved words. First.", "Second."]
    assert [v.text for v in doc.proposed] == ["First.", "Second. Moved words."]
    assert doc.authors == ["Bob"]


def test_a_deleted_paragraph_mark_joins_the_paragraphs_as_proposed():
    mark = '<w:rPr><w:del w:id="9" w:author="Cy" w:date="2026-01-04T00:00:00Z"/></w:rPr>'
    doc = read(p(r("The Company shall file"), ppr=mark) + p(r(" within ten days.")))
    assert [v.text for v in doc.sent] == ["The Company shall file", " within ten days."]
    assert [v.text for v in doc.proposed] == ["The Company shall file within ten days."]
    assert doc.paragraphs[0].mark == "delete"
    assert doc.paragraphs[0].changes[0].kind == "paragraph-delete"
    assert doc.proposed[0].sources == [0, 1]


def test_an_inserted_paragraph_is_not_there_as_sent():
    mark = '<w:rPr><w:ins w:id="3" w:author="Dee" w:date="2026-01-04T00:00:00Z"/></w:rPr>'
    doc = read(p(r("One.")) + p(ins("A new paragraph.", "Dee"), ppr=mark) + p(r("Two.")))
    assert [v.text for v in doc.sent] == ["One.", "Two."]
    assert [v.text for v in doc.proposed] == ["One.", "A new paragraph.", "Two."]


def test_a_deleted_paragraph_is_not_there_as_proposed():
    mark = '<w:rPr><w:del w:id="3" w:author="Dee" w:date="2026-01-04T00:00:00Z"/></w:rPr>'
    doc = read(p(r("One.")) + p(dele("Gone paragraph.", "Dee"), ppr=mark) + p(r("Two.")))
    assert [v.text for v in doc.proposed] == ["One.", "Two."]
    assert [v.text for v in doc.sent] == ["One.", "Gone paragraph.", "Two."]


def test_word_list_numbers_are_counted_in_each_view():
    """An article, two sub-sections; the first sub-section deleted whole: as proposed the second is (a)."""
    mark = '<w:rPr><w:del w:id="3" w:author="Dee" w:date="2026-01-04T00:00:00Z"/></w:rPr>'
    doc = read(p(r("Registration"), ppr=numbered(0))
               + p(dele("Filing."), ppr=numbered(1) + mark)
               + p(r("Piggyback."), ppr=numbered(1))
               + p(r("Clause one of it."), ppr=numbered(2))
               + p(r("Expenses"), ppr=numbered(0)))
    assert [(v.number, v.level, v.text) for v in doc.sent] == [
        ("1.", 0, "Registration"), ("(a)", 1, "Filing."), ("(b)", 1, "Piggyback."), ("(i)", 2, "Clause one of it."),
        ("2.", 0, "Expenses")]
    assert [(v.number, v.level) for v in doc.proposed] == [("1.", 0), ("(a)", 1), ("(i)", 2), ("2.", 0)]
    assert doc.paragraphs[2].number == "(a)" and doc.paragraphs[2].sent_number == "(b)"
    assert doc.proposed[1].numbering == "list"


def test_typed_numbers_are_read_with_their_levels():
    texts = ["2. Registration", "(a) Filing.", "(h) Eighth.", "(i) Ninth, a letter after (h).", "(j) Tenth.",
             "(i) A roman one under (j).", "(ii) Another.", "(A) Deeper.", "FOURTH: The total number of shares.",
             "30 days is no number."]
    doc = read("".join(p(r(t)) for t in texts), numbering=None)
    assert [(v.number, v.level) for v in doc.proposed] == [
        ("2.", 0), ("(a)", 1), ("(h)", 1), ("(i)", 1), ("(j)", 1), ("(i)", 2), ("(ii)", 2), ("(A)", 3),
        ("FOURTH:", 0), (None, None)]
    assert {v.numbering for v in doc.proposed[:-1]} == {"typed"}


def test_bookmarks_and_ref_fields():
    body = (p('<w:bookmarkStart w:id="1" w:name="_Ref000000000042"/>', r("Filing."), '<w:bookmarkEnd w:id="1"/>',
              ppr=numbered(0))
            + p(r("As set out in Section "),
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> REF _Ref000000000042 \\n \\h </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("1"),
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>', r(", the Company …")))
    doc = read(body)
    assert doc.bookmarks == {"_Ref000000000042": 0}
    assert doc.paragraphs[0].bookmarks == ["_Ref000000000042"]
    field = doc.paragraphs[1].fields[0]
    assert (field.kind, field.target, field.proposed) == ("REF", "_Ref000000000042", "1")
    assert doc.paragraphs[1].proposed_text == "As set out in Section 1, the Company …"  # no field code in it


def test_a_changed_field_result_is_read_in_both_views():
    body = p(r("Section "), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             '<w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>', '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
             dele("7"), ins("8"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    field = read(body).paragraphs[0].fields[0]
    assert (field.sent, field.proposed) == ("7", "8")


def test_changes_carry_their_authors_dates_and_comments():
    body = p(r("within "), '<w:commentRangeStart w:id="0"/>', dele("thirty (30)", "Investor Counsel", 11),
             ins("forty-five (45)", "Investor Counsel", 12), '<w:commentRangeEnd w:id="0"/>',
             r(" days"), '<w:r><w:commentReference w:id="0"/></w:r>') + p(ins("Other.", "Partner", 13))
    doc = read(body, comments_xml=comments(("0", "Investor Counsel", "Our client needs more time.")))
    first, second = doc.paragraphs[0].changes
    assert (first.author, first.date) == ("Investor Counsel", "2026-01-02T00:00:00Z")
    assert [c.text for c in first.comments] == ["Our client needs more time."]
    assert [c.text for c in second.comments] == ["Our client needs more time."]
    assert doc.paragraphs[1].changes[0].comments == []
    assert doc.authors == ["Investor Counsel", "Partner"]
    assert doc.comments["0"].author == "Investor Counsel"


def test_quotes_spaces_breaks_and_tabs_are_kept_and_compared_plainly():
    body = p(r("the \u201cAgreement\u201d\u00a0dated"), '<w:r><w:br/></w:r>', r("the Company\u2019s"),
             '<w:r><w:tab/></w:r>', r("office"))
    paragraph = read(body).paragraphs[0]
    assert paragraph.proposed_text == "the \u201cAgreement\u201d\u00a0dated\nthe Company\u2019s\toffice"
    assert comparable(paragraph.proposed_text) == "the \"Agreement\" dated the Company's office"


def test_table_cells_and_content_controls_are_read_in_order():
    body = (p(r("Before.")) + "<w:tbl><w:tr><w:tc>" + p(r("Cell one.")) + "</w:tc><w:tc>" + p(r("Cell two."))
            + "</w:tc></w:tr></w:tbl>" + "<w:sdt><w:sdtContent>" + p(r("In a control.")) + "</w:sdtContent></w:sdt>")
    doc = read(body)
    assert [v.text for v in doc.proposed] == ["Before.", "Cell one.", "Cell two.", "In a control."]
    assert [x.in_table for x in doc.paragraphs] == [False, True, True, False]


def test_custom_properties_are_read():
    doc = read(p(r("x")), custom=custom_properties(AssemblerTermSheet="sha256:abc"))
    assert doc.properties["custom"] == {"AssemblerTermSheet": "sha256:abc"}


def test_our_own_agreement_reads_with_its_numbers_and_bookmarks():
    """The agreement our writer makes: Word's list numbers counted as LibreOffice shows them."""
    sheet = api.load_termsheet(EXAMPLE)
    doc = read_docx(api.render(api.assemble(sheet), "docx"), name="agreement.docx")
    numbered_lines = [f"{v.number} {v.text}" for v in doc.proposed if v.number]
    assert numbered_lines[0] == "1. Definitions"
    assert "(ii) \"Closing Date\" means January 16, 2001." in numbered_lines
    assert any(line.startswith("2. Registration") for line in numbered_lines)
    assert [v.text for v in doc.sent] == [v.text for v in doc.proposed] and not doc.tracked
    assert all(v.bookmarks for v in doc.proposed if v.numbering == "list")
