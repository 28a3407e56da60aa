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


@pytest.fixture
def built(tmp_path_factory):
    # Built for each test that reads it (in text, a second or so): mutmut ties the code a fixture
    # runs to the first test that sets it up, so a module-wide build would judge each mutant of
    # it by that one test alone.
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


# -- on trees built by hand ---------------------------------------------------------------------

import datetime as dt  # noqa: E402
from types import SimpleNamespace  # noqa: E402

from assembler import amendments  # noqa: E402
from assembler.errors import ClauseError  # noqa: E402
from assembler.tree import (AddressBlock, AddressLine, Document, Excerpt, Note, Paragraph, Ref, Section,  # noqa: E402
                            Signature, Text, Title)

B = frozenset({"b"})
I = frozenset({"i"})


def T(text, marks=frozenset()):
    return Text(text, marks)


def S(id, label, *children, title=None, level=2):
    return Section(id=id, title=title, children=list(children), label=label, number=label, level=level)


def test_a_run_in_section_is_quoted_with_its_lead_and_its_references_as_words():
    section = S("rr.expenses", "(c)", Paragraph([T("All expenses under "), Ref("rr.company_obligations",
                                                                                   text="Section 3", marks=I),
                                                 T(".")]), title="Expenses")
    assert amendments.quoted(section) == [
        Paragraph([T('"'), T("(c) Expenses. "), T("All expenses under "), T("Section 3", I), T("."), T('"')],
                  flush=True, quote=True)]
    # The section itself is left as it was.
    assert isinstance(section.children[0].inlines[1], Ref)
    untitled = S("rr.x", "(d)", Paragraph([T("Words.")]))
    assert amendments.quoted(untitled) == [Paragraph([T('"'), T("(d) "), T("Words."), T('"')], flush=True, quote=True)]
    unresolved = S("rr.x", "(d)", Paragraph([Ref("rr.y")]))
    assert amendments.quoted(unresolved)[0].inlines == [T('"'), T("(d) "), T(""), T('"')]


def test_an_article_is_quoted_with_its_heading_on_a_line_of_its_own():
    article = S("rr.rule_144", "7.", Paragraph([T("With a view to making available...")]),
                S("rr.rule_144.reports", "(a)", Paragraph([T("make and keep public information")])),
                title="Rule 144", level=1)
    assert amendments.quoted(article) == [
        Paragraph([T('"'), T("7. RULE 144", B)], flush=True, keep=True, quote=True),
        Paragraph([T('"'), T("With a view to making available...")], quote=True),
        Paragraph([T('"'), T("(a) "), T("make and keep public information"), T('"')], flush=True, quote=True)]
    bare = S("rr.bare", "8.", Paragraph([T("Text.")]), level=1)
    assert amendments.quoted(bare)[0] == Paragraph([T('"'), T("8.", B)], flush=True, keep=True, quote=True)


def test_a_quotation_ending_in_an_address_closes_on_its_last_line():
    notices = S("rr.notices.investor", "(ii)", Paragraph([T("if to the Initial Investor, to:")]),
                AddressBlock([AddressLine([T("12 Andrews Drive")]), AddressLine([T("Jane Q. Doe")], "Attention"),
                              AddressLine([T("973.555.0100")], "Telecopier")]))
    assert amendments.quoted(notices) == [
        Paragraph([T('"'), T("(ii) "), T("if to the Initial Investor, to:")], flush=True, quote=True),
        AddressBlock([AddressLine([T("12 Andrews Drive")]), AddressLine([T("Jane Q. Doe")], "Attention"),
                      AddressLine([T("973.555.0100"), T('"')], "Telecopier")])]
    empty = S("rr.n", "(iii)", Paragraph([T("to:")]), AddressBlock([]))
    assert amendments.quoted(empty) == [Paragraph([T('"'), T("(iii) "), T("to:"), T('"')], flush=True, quote=True),
                                        AddressBlock([])]
    nothing = S("rr.s", "(iv)", Signature(None, [T("A")], [T("B")]))
    # No address at the end: the quotation closes on the last paragraph.
    assert amendments.quoted(nothing) == [Paragraph([T('"'), T("(iv) "), T('"')], flush=True, quote=True),
                                          Signature(None, [T("A")], [T("B")])]
    assert amendments.quoted(S("rr.t", "(v)", Signature(None, [T("A")], [T("B")]), level=1)) == [
        Paragraph([T('"'), T("(v)", B), T('"')], flush=True, keep=True, quote=True),
        Signature(None, [T("A")], [T("B")])]


def test_excerpts_are_filled_from_the_amended_agreement_wherever_they_are():
    source = Document("a", "Registration Rights Agreement", [], ["decimal"])
    source.sections = {"rr.x": S("rr.x", "(c)", Paragraph([T("Quoted.")]))}
    document = Document("i", "Amendment", [Paragraph([T("Restated:")]), Excerpt("rr.x", "i.xml"),
                                           S("s", "1.", Excerpt("rr.x", "i.xml"), level=1)], ["decimal"])
    amendments.fill_excerpts(document, source)
    quoted = [Paragraph([T('"'), T("(c) "), T("Quoted."), T('"')], flush=True, quote=True)]
    assert document.blocks[1:2] == quoted and document.blocks[2].children == quoted
    missing = Document("i", "Amendment", [S("s", "1.", Excerpt("rr.nowhere", "clauses/i.xml.j2"), level=1)],
                       ["decimal"])
    with pytest.raises(ClauseError) as refused:
        amendments.fill_excerpts(missing, source)
    assert refused.value.one_line() == ("clauses/i.xml.j2: quotes section 'rr.nowhere', which is not in the amended "
                                        "agreement")


def sheet_with(*dates):
    amended = [SimpleNamespace(date=d) for d in dates]
    return SimpleNamespace(deal=SimpleNamespace(agreement=SimpleNamespace(amendments=amended)))


DATES = [dt.date(2001, 6, 1), dt.date(2001, 9, 10), dt.date(2002, 1, 2), dt.date(2003, 3, 4)]
NAMES = ["Amendment No. 1 dated June 1, 2001", "Amendment No. 2 dated September 10, 2001",
         "Amendment No. 3 dated January 2, 2002", "Amendment No. 4 dated March 4, 2003"]


def agreement_tree():
    return Document("a", "Agreement", [
        Title([T("AGREEMENT")]),
        S("one", "1.", Paragraph([T("First.")]), level=1),
        S("two", "2.", S("two.a", "(a)", Paragraph([T("Inner.")])), level=1),
        Signature([T("CO")], [T("Jane")], [T("CEO")])], ["decimal"])


def change(section_id, kind="amended"):
    return amendments.SectionChange(kind, section_id, "", "")


@pytest.mark.parametrize("count, legend", [
    (1, f"Conformed copy reflecting {NAMES[0]}"),
    (2, f"Conformed copy reflecting {NAMES[0]} and {NAMES[1]}"),
    (3, f"Conformed copy reflecting {NAMES[0]}, {NAMES[1]} and {NAMES[2]}"),
    (4, f"Conformed copy reflecting {NAMES[0]}, {NAMES[1]}, {NAMES[2]} and {NAMES[3]}"),
])
def test_the_conformed_copys_legend_names_the_amendments_it_reflects(count, legend):
    document = agreement_tree()
    amendments.conform(document, sheet_with(*DATES), [[] for _ in range(count)])
    assert document.blocks[:2] == [Title([T("AGREEMENT")]), Paragraph([T(legend, I)], align="center")]


def test_each_amended_section_gets_a_note_naming_its_amendment_and_signatures_are_conformed():
    document = agreement_tree()
    document.sections = {"one": document.blocks[1], "two": document.blocks[2]}
    history = [[change("one"), change("gone", "deleted")], [change("two"), change("one")]]
    amendments.conform(document, sheet_with(*DATES), history)
    one, two = document.blocks[2], document.blocks[3]
    assert one.children[0].inlines == [T("First."), Note([T(f"Amended by {NAMES[0]}.")], number=1),
                                       Note([T(f"Amended by {NAMES[1]}.")], number=2)]
    # A section with no paragraph of its own gets one, at its head, for the note.
    assert two.children[0] == Paragraph([Note([T(f"Amended by {NAMES[1]}.")], number=3)])
    assert isinstance(two.children[1], Section)
    assert document.blocks[4].conformed is True and document.conformed is True
    assert document.blocks[1] == Paragraph([T(f"Conformed copy reflecting {NAMES[0]} and {NAMES[1]}", I)],
                                           align="center")


def test_a_section_inside_one_added_or_deleted_is_covered_by_its_parent():
    old = Document("a", "A", [], ["decimal"])
    new = Document("a", "A", [], ["decimal"])
    kept, gone, came = S("kept", "1."), S("gone", "2.", S("gone.a", "(a)", S("gone.a.i", "(i)"))), \
        S("came", "2.", S("came.a", "(a)"))
    old.sections = {"kept": kept, "gone": gone, "gone.a": gone.children[0], "gone.a.i": gone.children[0].children[0]}
    new.sections = {"kept": S("kept", "1.", Paragraph([T("New words.")])), "came": came, "came.a": came.children[0]}
    assert [(c.kind, c.section_id, c.number, c.new_number) for c in amendments.changes(old, new)] == [
        ("deleted", "gone", "2.", ""), ("amended", "kept", "1.", "1."), ("added", "came", "2.", "2.")]
    # A child added to a section that stays is reported itself.
    grown = Document("a", "A", [], ["decimal"])
    parent = S("kept", "1.", S("kept.a", "(a)"))
    grown.sections = {"kept": parent, "kept.a": parent.children[0]}
    assert [(c.kind, c.section_id) for c in amendments.changes(Document("a", "A", [], ["decimal"],
                                                                        sections={"kept": S("kept", "1.")}),
                                                               grown)] == [("added", "kept.a")]


def party(name, signer=None, title=None):
    return SimpleNamespace(name=name, signatory=SimpleNamespace(model_dump=lambda: {"name": signer, "title": title}))


def test_the_approving_investors_sign_as_the_term_sheet_names_their_signatories():
    sheet = SimpleNamespace(deal=SimpleNamespace(
        investor=party("Harbor Lane Partners", "Ann Lee", "General Partner"),
        other_investors=[party(None), party("Crestview Fund", "Raj Patel", "Managing Member")]))
    assert amendments.signers(sheet, ["HARBOR LANE PARTNERS", "crestview fund", "Nobody Fund"]) == [
        {"name": "HARBOR LANE PARTNERS", "signatory": {"name": "Ann Lee", "title": "General Partner"},
         "path": "investor.signatory"},
        {"name": "crestview fund", "signatory": {"name": "Raj Patel", "title": "Managing Member"},
         "path": "other_investors[1].signatory"},
        {"name": "Nobody Fund", "signatory": {"name": None, "title": None},
         "path": "agreement.amendments.approval.signatory"}]
    # No Initial Investor in the term sheet (a blank): the others are still found.
    lone = SimpleNamespace(deal=SimpleNamespace(investor=None, other_investors=[party("Crestview Fund", "R", "M")]))
    assert amendments.signers(lone, ["Crestview Fund"])[0]["path"] == "other_investors[0].signatory"
    assert amendments.signers(lone, ["Harbor"])[0]["signatory"] == {"name": None, "title": None}


def test_each_version_is_its_own_job_with_the_amendments_texts_up_to_it(tmp_path):
    from .conftest import load_yaml, write_sheet

    data = load_yaml(AMENDED)
    data["agreement"]["amendments"][0]["add_after"] = {
        "rr.miscellaneous.most_favored": '<section id="firm.one"><p>One.</p></section>'}
    data["agreement"]["amendments"][1]["add_after"] = {
        "rr.miscellaneous.most_favored": '<section id="firm.two"><p>Two.</p></section>'}
    sheet = api.load_termsheet(write_sheet(tmp_path, data))
    jobs = [amendments.job(sheet, v) for v in range(3)]
    assert [j.name for j in jobs] == ["registration-rights-agreement", "registration-rights-agreement-as-amended-1",
                                      "registration-rights-agreement-as-amended-2"]
    assert {j.assembly for j in jobs} == {"registration-rights-agreement"}
    assert jobs[0].edits == {} and jobs[0].additions == {}
    assert jobs[1].edits == {} and jobs[2].edits == {"rr.expenses": data["agreement"]["amendments"][1]["clauses"][
        "rr.expenses"]}
    assert jobs[2].additions == {"rr.miscellaneous.most_favored": '<section id="firm.one"><p>One.</p></section>'
                                                                  '<section id="firm.two"><p>Two.</p></section>'}
    assert jobs[1].context["registration"]["effectiveness_deadline_days"] == 150
    assert jobs[0].context["registration"]["effectiveness_deadline_days"] == 120
    # Assembled, the second version holds both added sections, in order.
    document = api.assemble_job(jobs[2])
    parent = document.sections["rr.miscellaneous"]
    ids = [b.id for b in parent.children if isinstance(b, Section)]
    at = ids.index("rr.miscellaneous.most_favored")
    assert ids[at + 1:at + 3] == ["firm.one", "firm.two"]
