"""Which documents a term sheet makes (documents.py), the expressions assemblies hold
(conditions.py) and the assemblies themselves (assembly.py), in process, each refusal as its exact
line: for mutation testing (scripts/mutation-test documents conditions assembly). The documents
themselves are read in tests/test_library.py and the rest of the suite."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assembler import api, assembly, conditions, documents, termsheet
from assembler.errors import ClauseError, TermSheetError
from assembler.library import Library

from .conftest import EXAMPLE, ROOT, load_yaml, write_sheet

SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"


def firm(tmp_path: Path, **assemblies: str) -> Library:
    """A library holding the assemblies given (name → YAML) and a clause ``firm/body``."""
    folder = tmp_path / "lib"
    (folder / "assemblies").mkdir(parents=True, exist_ok=True)
    (folder / "firm").mkdir(exist_ok=True)
    (folder / "firm" / "body.xml.j2").write_text("<p>For {{ company.name }}.</p>\n")
    for name, text in assemblies.items():
        (folder / "assemblies" / f"{name}.yaml").write_text(text)
    return Library([folder])


def names(sheet_path=EXAMPLE, library=None, as_of=None) -> list[str]:
    sheet = termsheet.load(sheet_path, library.user_dirs if library else ())
    return [job.name for job in documents.jobs(sheet, as_of, library)]


def refusal(call) -> str:
    with pytest.raises((ClauseError, TermSheetError)) as refused:
        call()
    return refused.value.one_line()


# -- documents ------------------------------------------------------------------------------------

def test_the_example_makes_its_documents_in_order():
    assert names() == ["registration-rights-agreement", "certificate-of-incorporation",
                       "certificate-of-amendment-1-1997-08-28", "certificate-of-amendment-2-1999-03-19"]
    assert names(as_of=dt.date(1998, 1, 1)) == [
        "registration-rights-agreement", "certificate-of-incorporation", "certificate-of-amendment-1-1997-08-28",
        "certificate-of-amendment-2-1999-03-19", "certificate-of-incorporation-as-amended-through-1998-01-01"]
    assert names(SECOND) == ["registration-rights-agreement"]


def test_each_job_carries_its_context_and_whether_it_is_conformed():
    sheet = termsheet.load(EXAMPLE)
    jobs = {job.name: job for job in documents.jobs(sheet, dt.date(1998, 1, 1))}
    agreement = jobs["registration-rights-agreement"]
    assert agreement.assembly == "registration-rights-agreement" and agreement.conformed is False
    assert "as_of" not in agreement.context and agreement.context["company"]["name"] == "The Auxer Group, Inc."
    second = jobs["certificate-of-amendment-2-1999-03-19"]
    assert second.assembly == "certificate-of-amendment" and second.conformed is True  # filed: true
    assert second.context["amendment"]["number"] == 2 and second.context["before"]["capital"]["total_shares"] == \
        75_000_000
    conformed = jobs["certificate-of-incorporation-as-amended-through-1998-01-01"]
    assert conformed.conformed is True and conformed.context["document"] == {"conformed": True,
                                                                              "as_of": dt.date(1998, 1, 1)}
    assert conformed.context["charter"]["capital"]["total_shares"] == 75_000_000
    assert conformed.context["company"]["name"] == "The Auxer Group, Inc."


def test_as_of_for_a_term_sheet_without_a_charter_is_refused():
    assert refusal(lambda: names(SECOND, as_of=dt.date(2024, 1, 1))) == (
        f"{SECOND}: field 'charter': makes no document conformed as of a date, so there is nothing to build "
        "--as-of 2024-01-01 (--as-of conforms a charter with its amendments; add the charter)")


def test_a_library_document_for_each_item_numbered_in_order(tmp_path):
    library = firm(tmp_path, memo="""name: memo
title: Memo
numbering: [decimal]
clauses: [firm/body]
makes:
  - when: charter
    for_each: charter.amendments if charter else []
    as: change
    name: "memo-{{ number }}-{{ change.date }}"
    order: 5
  - when: agreement and as_of
    name: "memo-as-of-{{ as_of }}"
    conformed: "true"
    order: 200
""")
    assert names(library=library)[:2] == ["memo-1-1997-08-28", "memo-2-1999-03-19"]
    with_date = names(library=library, as_of=dt.date(1998, 1, 1))
    assert with_date[-1] == "memo-as-of-1998-01-01"
    sheet = termsheet.load(EXAMPLE)
    jobs = {job.name: job for job in documents.jobs(sheet, dt.date(1998, 1, 1), library)}
    assert jobs["memo-2-1999-03-19"].context["change"]["date"] == dt.date(1999, 3, 19)
    assert jobs["memo-2-1999-03-19"].context["number"] == 2 and jobs["memo-2-1999-03-19"].conformed is False
    assert jobs["memo-as-of-1998-01-01"].conformed is True
    # A condition that reads as_of makes --as-of meaningful, even without a charter.
    assert names(SECOND, library, dt.date(2024, 1, 1))[-1] == "memo-as-of-2024-01-01"


def test_for_each_of_nothing_makes_nothing_and_of_a_non_list_is_refused(tmp_path):
    none = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                               "makes: {for_each: charter, name: memo}\n")
    assert "memo" not in names(SECOND, none)
    bad = firm(tmp_path / "b", memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                    "makes: {for_each: company.name, name: memo}\n")
    path = tmp_path / "b" / "lib" / "assemblies" / "memo.yaml"
    assert refusal(lambda: names(EXAMPLE, bad)) == (
        f"{path}: field 'makes.for_each': makes one document for each of 'company.name', which is not a list")


def test_two_documents_of_one_name_and_names_that_are_not_file_names_are_refused(tmp_path):
    twice = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                "makes: [{name: same}, {name: same}]\n")
    assert refusal(lambda: names(EXAMPLE, twice)) == (
        "field 'same': two documents this term sheet makes are both called 'same' (give each assembly's "
        "makes.name a different pattern)")
    for bad_name in ("../escape", "a b", "-dash-first", ""):
        library = firm(tmp_path / str(abs(hash(bad_name))), memo="name: memo\ntitle: Memo\nnumbering: [decimal]\n"
                       f"clauses: [firm/body]\nmakes: {{name: '{bad_name}{{{{ \"\" }}}}'}}\n")
        path = library.user_dirs[0] / "assemblies" / "memo.yaml"
        assert refusal(lambda: names(EXAMPLE, library)) == (
            f"{path}: field 'makes.name': gives the output name '{bad_name}', which is not a plain file name "
            "(letters, digits, '.', '-' and '_' only)"), bad_name
    fine = firm(tmp_path / "fine", memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                        "makes: {name: '  Memo_v1.2-final  '}\n")
    assert "Memo_v1.2-final" in names(EXAMPLE, fine)


def test_an_unknown_context_is_refused(tmp_path):
    library = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                  "makes: {name: memo, context: charter-of-2001}\n")
    path = library.user_dirs[0] / "assemblies" / "memo.yaml"
    assert refusal(lambda: names(EXAMPLE, library)) == (
        f"{path}: field 'makes.context': names the context 'charter-of-2001', which the code does not give "
        "(known: charter, charter-amendment, charter-as-of)")


def test_a_library_assembly_replaces_ours_of_the_same_name(tmp_path):
    library = firm(tmp_path, **{"certificate-of-incorporation": "name: certificate-of-incorporation\n"
                                "title: Charter\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                "makes: {when: charter, name: our-charter, order: 1}\n"})
    assert names(library=library)[0] == "our-charter"
    assert "certificate-of-incorporation" not in names(library=library)
    assert [a.name for a in documents.assemblies(library)].count("certificate-of-incorporation") == 1


# -- conditions -----------------------------------------------------------------------------------

def test_expressions_conditions_and_patterns():
    facts = {"charter": {"provisions": {"compromise": False}, "amendments": [1, 2]}, "number": 3, "n": None}
    assert conditions.evaluate("charter.amendments", facts, "w") == [1, 2]
    assert conditions.holds(None, facts, "w") is True
    assert conditions.holds("charter.provisions.compromise", facts, "w") is False
    assert conditions.holds("charter.amendments", facts, "w") is True
    assert conditions.holds("n", facts, "w") is False
    assert conditions.fill("doc-{{ number }}", facts, "w") == "doc-3"
    assert conditions.fill("{{ d | long_date }}", {"d": dt.date(2001, 1, 16)}, "w") == "January 16, 2001"
    assert conditions.names("charter.provisions.compromise and as_of") == {"charter", "as_of"}
    assert conditions.names("memo-{{ as_of }}-{{ number }}", template=True) == {"as_of", "number"}
    assert conditions.names(None) == set() and conditions.names("") == set()
    assert conditions.names("as_of") == {"as_of"}


def test_a_misspelt_fact_or_a_broken_expression_is_one_line():
    assert refusal(lambda: conditions.evaluate("charter.provisons.compromise", {"charter": {}}, "a.yaml")) == (
        "a.yaml: cannot evaluate 'charter.provisons.compromise': 'dict object' has no attribute 'provisons'")
    assert refusal(lambda: conditions.holds("agreement and", {}, "a.yaml")).startswith(
        "a.yaml: field 'agreement and': has an expression that does not parse: ")
    message = refusal(lambda: conditions.fill("{{ number", {}, "b.yaml"))
    assert message.startswith("b.yaml: field '{{ number': has an expression that does not parse: ")
    # The sandbox: no reaching into Python from an assembly.
    assert "cannot evaluate" in refusal(lambda: conditions.evaluate("x.__class__.__mro__", {"x": 1}, "c.yaml"))
    assert refusal(lambda: conditions.fill("{{ agrement }}", {}, "d.yaml")) == \
        "d.yaml: cannot evaluate '{{ agrement }}': 'agrement' is undefined"


def test_a_misspelt_fact_in_a_condition_is_one_line():
    assert refusal(lambda: conditions.holds("agrement", {}, "d.yaml")) == \
        "d.yaml: cannot evaluate 'agrement': 'agrement' is undefined"


def test_for_each_is_not_evaluated_for_a_document_its_when_leaves_out(tmp_path):
    library = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                  "makes: {when: charter, for_each: charter.amendments, name: 'memo-{{ number }}'}\n")
    assert "memo-1" not in names(SECOND, library)


@pytest.mark.parametrize("when, made", [("number > 1", ["memo-2-1999-03-19"]),
                                        ("change.date.year < 1998", ["memo-1-1997-08-28"])])
def test_a_when_that_reads_the_number_or_the_item_is_asked_of_each_item(tmp_path, when, made):
    library = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                  f"makes: {{when: '{when}', for_each: charter.amendments, as: change, "
                                  "name: 'memo-{{ number }}-{{ change.date }}'}\n")
    assert [name for name in names(EXAMPLE, library) if name.startswith("memo-")] == made


# -- assemblies -----------------------------------------------------------------------------------

def parsed(tmp_path: Path, text: str, name: str = "memo"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path, lambda: assembly.parse(path)


@pytest.mark.parametrize("text, message", [
    ("- a list\n", "is not an assembly: expected a mapping with name, title, numbering and clauses"),
    ("title: Memo\nnumbering: [decimal]\n", "field 'clauses': is missing from the assembly (an assembly has name, "
     "title, numbering, clauses and, to be built, makes)"),
    ("numbering: [decimal]\nclauses: [a/b]\n", "field 'title': is missing from the assembly (an assembly has "
     "name, title, numbering, clauses and, to be built, makes)"),
    ("title: Memo\nclauses: [a/b]\n", "field 'numbering': is missing from the assembly (an assembly has name, "
     "title, numbering, clauses and, to be built, makes)"),
    ("title: Memo\nnumbering: [decimal]\nclauses: [a/b]\nfooters: x\nzz: 1\n", "field 'footers': is not a key an "
     "assembly has (known: article_style, cites, clauses, date, footer, makes, name, numbering, title)"),
    ("title: Memo\nnumbering: [decimal]\nclauses: [{when: x}]\n", "field 'clauses': lists {'when': 'x'} under "
     "clauses (give a clause name, or {clause: NAME, when: CONDITION})"),
    ("title: Memo\nnumbering: [decimal]\nclauses: [3]\n", "field 'clauses': lists 3 under clauses (give a clause "
     "name, or {clause: NAME, when: CONDITION})"),
    ("name: note\ntitle: Memo\nnumbering: [decimal]\nclauses: [a/b]\n", "field 'name': is named 'note' but its "
     "file is memo.yaml (name an assembly as its file is named)"),
    ("title: Memo\nnumbering: [decimal]\nclauses: [a/b]\nmakes: [memo]\n", "field 'makes': lists 'memo' under "
     "makes (give a mapping with when, name and, for one document per item, for_each)"),
    ("title: Memo\nnumbering: [decimal]\nclauses: [a/b]\nmakes: {nmae: m, when: x}\n", "field 'makes.nmae': is "
     "not a key of makes (known: as, conformed, context, for_each, name, order, when)"),
    ("title: Memo\nnumbering: [decimal]\nclauses: [a/b]\nmakes: {order: first}\n", "field 'makes.order': is "
     "'first', not a whole number"),
])
def test_a_bad_assembly_is_one_line(tmp_path, text, message):
    path, parse = parsed(tmp_path, text)
    assert refusal(parse) == f"{path}: {message}"


def test_an_assembly_and_its_makes_as_read(tmp_path):
    path, parse = parsed(tmp_path, "title: Memo\nnumbering: [decimal, lower-letter]\nclauses: [a/b, {clause: c/d, "
                                   "when: agreement}]\nfooter: agreement.footer\ndate: agreement.date\n"
                                   "article_style: run-in\ncites: registration-rights-agreement\n"
                                   "makes:\n  - {when: agreement, for_each: x, as: thing, name: 'm-{{ number }}', "
                                   "context: charter, conformed: 'true', order: 7}\n  - {}\n")
    made = parse()
    assert (made.name, made.title, made.numbering, made.footer, made.date, made.article_style, made.cites,
            made.path) == ("memo", "Memo", ["decimal", "lower-letter"], "agreement.footer", "agreement.date",
                           "run-in", "registration-rights-agreement", str(path))
    assert made.parts == [assembly.Part("a/b"), assembly.Part("c/d", "agreement")]
    assert made.makes == (assembly.Make(name="m-{{ number }}", when="agreement", for_each="x", item="thing",
                                        context="charter", conformed="true", order=7),
                          assembly.Make(name="memo"))
    bare = parsed(tmp_path, "title: Memo\nnumbering: [decimal]\nclauses: [a/b]\nmakes: {name: m}\n", "bare")[1]()
    assert bare.article_style == "heading" and bare.footer is None and bare.cites is None and bare.date is None
    assert bare.makes == (assembly.Make(name="m", item="item", order=100),)
    assert parsed(tmp_path, "title: Memo\nnumbering: [decimal]\nclauses: [a/b]\n", "none")[1]().makes == ()


def test_an_unknown_assembly_is_refused_naming_the_known_ones():
    message = refusal(lambda: assembly.load("memorandum"))
    assert message.startswith("field 'memorandum': is not a known document assembly (known: agreement-amendment, ")
    assert "registration-rights-agreement" in message


def test_a_tree_holds_the_clauses_whose_conditions_hold(tmp_path):
    library = firm(tmp_path)
    (library.user_dirs[0] / "firm" / "other.xml.j2").write_text("<p>Other for {{ company.name }}.</p>\n")
    made = assembly.parse(parsed(tmp_path, "title: Memo\nnumbering: [decimal]\narticle_style: centered\n"
                                           "clauses: [firm/body, {clause: firm/other, when: 'company.name == \"X\"'},"
                                           " {clause: firm/other, when: 'company.name'}]\n"
                                           "footer: company.name\ndate: agreement.date\n")[0])
    context = termsheet.load(EXAMPLE).context()
    tree = assembly.build_tree(made, context, library)
    from assembler.tree import plain
    assert [plain(block.inlines) for block in tree.blocks] == ["For The Auxer Group, Inc.",
                                                                "Other for The Auxer Group, Inc."]
    assert tree.clauses == ["firm/body", "firm/other"] and tree.origins == ["firm/body", "firm/other"]
    assert (tree.name, tree.title, tree.numbering, tree.article_style) == ("memo", "Memo", ["decimal"], "centered")
    assert tree.footer == "The Auxer Group, Inc." and tree.date == "2001-01-16"
    bare = parsed(tmp_path, "title: M\nnumbering: [decimal]\nclauses: [firm/body]\nfooter: \"''\"\n", "bare")[0]
    plain_tree = assembly.build_tree(assembly.parse(bare), context, library)
    assert plain_tree.footer is None and plain_tree.date is None and plain_tree.article_style == "heading"


def test_edits_additions_and_deletions_of_sections_not_there_are_refused():
    from assembler.tree import Section

    document = api.assemble(termsheet.load(EXAMPLE))
    where = "overrides.yaml"
    assert refusal(lambda: assembly.apply_edits(document, {"rr.nowhere": "<p>x</p>"}, where)) == (
        "overrides.yaml: field 'rr.nowhere': replaces the text of section 'rr.nowhere', which is not in the "
        "Registration Rights Agreement")
    assert refusal(lambda: assembly.apply_additions(document, {"rr.expenses": "<p>loose</p>"}, where)) == \
        "overrides.yaml: field 'rr.expenses': adds something other than <section>s"
    assert refusal(lambda: assembly.apply_additions(document, {"rr.expenses": ""}, where)) == \
        "overrides.yaml: field 'rr.expenses': adds something other than <section>s"
    assert refusal(lambda: assembly.apply_additions(document, {"rr.nowhere": '<section id="n"><p>x</p></section>'},
                                                    where)) == (
        "overrides.yaml: field 'rr.nowhere': adds sections after 'rr.nowhere', which is not in the Registration "
        "Rights Agreement")
    assert refusal(lambda: assembly.apply_deletions(document, ["rr.nowhere"], where)) == (
        "overrides.yaml: field 'rr.nowhere': deletes section 'rr.nowhere', which is not in the Registration "
        "Rights Agreement")
    # What they do: an edit keeps the sub-sections, an addition lands after its anchor (nested too), a
    # deletion takes the section out with its sub-sections.
    notices = document.sections["rr.miscellaneous.notices"]
    kept = [b.id for b in notices.children if isinstance(b, Section)]
    assembly.apply_edits(document, {"rr.miscellaneous.notices": "<p>New words.</p>"}, where)
    assert [b.id for b in notices.children if isinstance(b, Section)] == kept
    assert notices.children[0].inlines[0].text == "New words."
    assembly.apply_additions(document, {"rr.miscellaneous.notices": '<section id="firm.a"><p>A.</p></section>'
                                                                    '<section id="firm.b"><p>B.</p></section>'},
                             where)
    parent = next(b for b in document.blocks if isinstance(b, Section) and b.id == "rr.miscellaneous")
    ids = [b.id for b in parent.children if isinstance(b, Section)]
    assert ids[ids.index("rr.miscellaneous.notices") + 1:ids.index("rr.miscellaneous.notices") + 3] == \
        ["firm.a", "firm.b"]
    assembly.apply_deletions(document, ["rr.miscellaneous.notices", "rr.expenses"], where)
    from assembler.tree import walk
    left = {b.id for b in walk(document.blocks) if isinstance(b, Section)}
    assert "rr.miscellaneous.notices" not in left and "rr.expenses" not in left and "firm.a" in left
    assert not any(i.startswith("rr.miscellaneous.notices.") for i in left)


def test_documents_of_one_order_interleave_by_item_then_assembly_then_file_order(tmp_path):
    # The certificates of amendment are order 30, items 1 and 2; a memo of order 30 comes after the
    # first (item index 0, then "certificate-of-amendment" before "memo"), before the second.
    library = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                  "makes: [{when: charter, name: memo-b, order: 30}, {when: charter, name: memo-a, "
                                  "order: 30}]\n")
    assert names(library=library) == ["registration-rights-agreement", "certificate-of-incorporation",
                                      "certificate-of-amendment-1-1997-08-28", "memo-b", "memo-a",
                                      "certificate-of-amendment-2-1999-03-19"]


def test_a_document_not_made_for_each_item_sees_only_the_facts():
    sheet = termsheet.load(EXAMPLE)
    agreement = documents.jobs(sheet)[0]
    assert agreement.name == "registration-rights-agreement"
    assert "number" not in agreement.context and "item" not in agreement.context


def test_as_of_read_by_the_condition_alone_or_the_name_alone_makes_as_of_meaningful(tmp_path):
    by_when = firm(tmp_path, memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                  "makes: {when: agreement and as_of, name: memo-dated}\n")
    assert names(SECOND, by_when, dt.date(2024, 1, 1))[-1] == "memo-dated"
    by_name = firm(tmp_path / "n", memo="name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n"
                                        "makes: {when: agreement, name: 'memo-{{ as_of }}'}\n")
    assert names(SECOND, by_name, dt.date(2024, 1, 1))[-1] == "memo-2024-01-01"


@pytest.mark.parametrize("makes, field", [
    ("{when: '1 / 0', name: memo}", "1 / 0"),
    ("{for_each: '1 / 0', name: memo}", "1 / 0"),
    ("{name: '{{ 1 / 0 }}'}", "{{ 1 / 0 }}"),
    ("{name: memo, conformed: '1 / 0'}", "1 / 0"),
    # A condition that does not read the item is evaluated before the list: it names the file too.
    ("{when: '1 / 0', for_each: '[1, 2]', name: 'memo-{{ number }}'}", "1 / 0"),
])
def test_an_expression_that_fails_names_its_assembly(tmp_path, makes, field):
    library = firm(tmp_path, memo=f"name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/body]\nmakes: {makes}\n")
    path = library.user_dirs[0] / "assemblies" / "memo.yaml"
    assert refusal(lambda: names(EXAMPLE, library)) == f"{path}: cannot evaluate '{field}': division by zero"


def test_a_librarys_assembly_is_loaded_before_ours_and_a_changed_file_is_read_again(tmp_path):
    import os

    library = firm(tmp_path, **{"certificate-of-incorporation": "title: Firm Charter\nnumbering: [decimal]\n"
                                                                "clauses: [firm/body]\n"})
    assert assembly.load("certificate-of-incorporation", library).title == "Firm Charter"
    assert assembly.load("certificate-of-incorporation").title == "Certificate of Incorporation"
    path = library.user_dirs[0] / "assemblies" / "certificate-of-incorporation.yaml"
    assert assembly.parse(path).title == "Firm Charter"
    path.write_text("title: Firm Charter, Second Edition\nnumbering: [decimal]\nclauses: [firm/body]\n")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    assert assembly.parse(path).title == "Firm Charter, Second Edition"


@pytest.mark.parametrize("yaml_text, where", [
    ("clauses: [{clause: firm/body, when: '1 / 0'}]\n", "1 / 0"),
    ("clauses: [firm/body]\nfooter: '1 / 0'\n", "1 / 0"),
    ("clauses: [firm/body]\ndate: '1 / 0'\n", "1 / 0"),
])
def test_a_failing_expression_in_an_assembly_names_it(tmp_path, yaml_text, where):
    library = firm(tmp_path)
    path = tmp_path / "memo.yaml"
    path.write_text("title: Memo\nnumbering: [decimal]\n" + yaml_text)
    made = assembly.parse(path)
    assert refusal(lambda: assembly.build_tree(made, termsheet.load(EXAMPLE).context(), library)) == \
        f"{path}: cannot evaluate '{where}': division by zero"


def test_markup_that_does_not_parse_names_its_clause_or_its_override(tmp_path):
    library = firm(tmp_path)
    clause = library.user_dirs[0] / "firm" / "body.xml.j2"
    clause.write_text("<p>For {{ company.name }}.\n")
    path = tmp_path / "memo.yaml"
    path.write_text("title: Memo\nnumbering: [decimal]\nclauses: [firm/body]\n")
    message = refusal(lambda: assembly.build_tree(assembly.parse(path), termsheet.load(EXAMPLE).context(), library))
    assert message.startswith(f"{clause}:") and "renders to markup that does not parse" in message
    document = api.assemble(termsheet.load(EXAMPLE))
    assert refusal(lambda: assembly.apply_edits(document, {"rr.expenses": "<p>unclosed"}, "o.yaml")).startswith(
        "o.yaml (text for rr.expenses):1: renders to markup that does not parse")
    assert refusal(lambda: assembly.apply_additions(document, {"rr.expenses": "<section id='x'><p>u</section>"},
                                                    "o.yaml")).startswith(
        "o.yaml (sections after rr.expenses):1: renders to markup that does not parse")
