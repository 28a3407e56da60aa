"""A library's overrides.yaml read and applied in process, each refusal as its exact line, for
mutation testing (scripts/mutation-test overrides); tests/test_library.py builds the documents
through the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from assembler import api, assembly, overrides, termsheet
from assembler.errors import ClauseError
from assembler.library import Library
from assembler.tree import AddressBlock, AddressLine, Paragraph, Section, Text, plain, walk

from .conftest import EXAMPLE


def library_with(tmp_path: Path, text: str, name: str = "lib") -> tuple[Library, Path]:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "overrides.yaml").write_text(text)
    return Library([folder]), folder / "overrides.yaml"


def refusal(call) -> str:
    with pytest.raises(ClauseError) as refused:
        call()
    return refused.value.one_line()


HINT = "(give replace, insert_after (section id → text) and delete (a list of ids))"


@pytest.mark.parametrize("text, message", [
    ("- a list\n", "is not a mapping of document assemblies to their changes (registration-rights-agreement: "
                   "{replace: {SECTION-ID: TEXT}})"),
    ("registration-rights-agreement: [delete]\n", f"field 'registration-rights-agreement': gives changes an "
                                                  f"overrides file does not know {HINT}"),
    ("registration-rights-agreement: {}\n", f"field 'registration-rights-agreement': gives changes an overrides "
                                            f"file does not know {HINT}"),
    ("registration-rights-agreement: {delete: [a], remove: [b], zap: 1}\n",
     f"field 'registration-rights-agreement.remove': gives changes an overrides file does not know {HINT}"),
    ("registration-rights-agreement: {replace: [a]}\n",
     "field 'registration-rights-agreement.replace': is not a mapping of section ids to text"),
    ("registration-rights-agreement: {insert_after: {a: 3}}\n",
     "field 'registration-rights-agreement.insert_after': is not a mapping of section ids to text"),
    ("registration-rights-agreement: {delete: {a: b}}\n",
     "field 'registration-rights-agreement.delete': is not a list of section ids"),
    ("registration-rights-agreement: {delete: [a, 3]}\n",
     "field 'registration-rights-agreement.delete': is not a list of section ids"),
])
def test_a_bad_overrides_file_is_one_line(tmp_path, text, message):
    library, path = library_with(tmp_path, text)
    assert refusal(lambda: overrides.of(library, "registration-rights-agreement")) == f"{path}: {message}"


def test_an_override_of_an_unknown_document_names_the_known_ones(tmp_path):
    library, path = library_with(tmp_path, "registration-rights-agrement: {delete: [a]}\n")
    message = refusal(lambda: overrides.of(library, "registration-rights-agreement"))
    assert message.startswith(f"{path}: field 'registration-rights-agrement': is not a document assembly, ours "
                              "or the library's (known: agreement-amendment, ")
    assert message.endswith(", registration-rights-agreement)")


def test_what_an_overrides_file_gives_as_read(tmp_path):
    library, path = library_with(tmp_path, "registration-rights-agreement:\n  delete: rr.one\n"
                                           "  replace: {rr.two: '<p>x</p>'}\n"
                                           "certificate-of-incorporation:\n  insert_after: {charter.name: y}\n")
    assert overrides.of(library, "registration-rights-agreement") == [
        overrides.Override(str(path), {"rr.two": "<p>x</p>"}, {}, ("rr.one",))]
    assert overrides.of(library, "certificate-of-incorporation") == [
        overrides.Override(str(path), {}, {"charter.name": "y"}, ())]
    assert overrides.of(library, "agreement-amendment") == []
    empty, _ = library_with(tmp_path, "", "empty")
    assert overrides.of(empty, "registration-rights-agreement") == []
    # Two folders: each one's overrides, the last folder's first (the first folder has the last word).
    second, second_path = library_with(tmp_path, "registration-rights-agreement: {delete: [rr.three]}\n", "b")
    both = Library([tmp_path / "lib", tmp_path / "b"])
    assert [o.delete for o in overrides.of(both, "registration-rights-agreement")] == [("rr.three",), ("rr.one",)]
    assert overrides.of(Library([]), "registration-rights-agreement") == []


def test_overrides_render_with_the_facts_and_apply_in_order(tmp_path):
    library, path = library_with(tmp_path, """registration-rights-agreement:
  replace:
    rr.miscellaneous.notices: "<p>Notices to {{ company.name }} only, as {{ company.name }}.</p>"
  delete: [rr.miscellaneous.holders]
  insert_after:
    rr.miscellaneous.counterparts: |
      <section id="firm.waiver" title="Jury Waiver"><p>Under the laws of {{ governing_law.state }}.</p></section>
""")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    document = api.assemble(sheet, library=library)
    ids = [b.id for b in walk(document.blocks) if isinstance(b, Section)]
    assert "rr.miscellaneous.holders" not in ids
    assert ids[ids.index("rr.miscellaneous.counterparts") + 1] == "firm.waiver"
    notices = document.sections["rr.miscellaneous.notices"]
    # A value ending in a period, as in a clause: no private mark left in, no second period.
    assert plain(notices.children[0].inlines) == "Notices to The Auxer Group, Inc. only, as The Auxer Group, Inc."
    assert any(isinstance(b, Section) for b in notices.children)  # its sub-sections stay
    waiver = document.sections["firm.waiver"]
    assert plain(waiver.children[0].inlines) == "Under the laws of New York."


def test_text_that_does_not_render_is_one_line(tmp_path):
    library, path = library_with(tmp_path, "registration-rights-agreement:\n  replace:\n"
                                           "    rr.expenses: '<p>{{ company.name </p>'\n")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    message = refusal(lambda: api.assemble(sheet, library=library))
    assert message.startswith(f"{path}: field 'rr.expenses': has text for 'rr.expenses' that does not render: ")
    library, path = library_with(tmp_path, "registration-rights-agreement:\n  insert_after:\n"
                                           "    rr.expenses: '<section id=\"f\"><p>{{ nowhere.fact }}</p></section>'\n",
                                 "other")
    message = refusal(lambda: api.assemble(sheet, library=library))
    assert message == (f"{path}: field 'rr.expenses': has text for 'rr.expenses' that does not render: "
                       "'nowhere' is undefined")


def test_the_overrides_file_is_listed_among_the_files_a_build_read(tmp_path):
    library, path = library_with(tmp_path, "registration-rights-agreement: {delete: [rr.one]}\n")
    assert path not in library.used()
    overrides.of(library, "registration-rights-agreement")
    assert path in library.used()


def test_an_override_of_the_librarys_own_assembly_and_a_changed_file_read_again(tmp_path):
    import os

    library, path = library_with(tmp_path, "memo: {delete: [firm.one]}\n")
    (tmp_path / "lib" / "assemblies").mkdir()
    (tmp_path / "lib" / "assemblies" / "memo.yaml").write_text("title: Memo\nnumbering: [decimal]\nclauses: [x/y]\n")
    assert overrides.of(library, "memo") == [overrides.Override(str(path), {}, {}, ("firm.one",))]
    path.write_text("memo: {delete: [firm.two]}\nmemorandum: {delete: [a]}\n")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    message = refusal(lambda: overrides.of(library, "memo"))
    assert message.startswith(f"{path}: field 'memorandum': is not a document assembly, ours or the library's "
                              "(known: agreement-amendment, ")
    assert ", memo, " in message


@pytest.mark.parametrize("change", ["replace: {rr.nowhere: '<p>x</p>'}", "delete: [rr.nowhere]",
                                    "insert_after: {rr.nowhere: '<section id=\"f\"><p>x</p></section>'}"])
def test_a_section_an_override_names_that_is_not_there_is_refused_naming_the_file(tmp_path, change):
    library, path = library_with(tmp_path, f"registration-rights-agreement:\n  {change}\n")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    message = refusal(lambda: api.assemble(sheet, library=library))
    assert message.startswith(f"{path}") and "'rr.nowhere'" in message and "Registration Rights Agreement" in message


RRA = "registration-rights-agreement"
OURS = "a section id of ours is in the clause's <section id=\"…\">"


def test_insert_before_renders_with_the_facts_and_comes_right_before_its_section(tmp_path):
    library, _ = library_with(tmp_path, f"""{RRA}:
  insert_before:
    rr.miscellaneous.notices.company: |
      <section id="firm.guarantor" title="Guarantor"><p>if to the Guarantor, care of {{{{ company.name }}}}</p>
      </section>
""")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    document = api.assemble(sheet, library=library)
    notices = [b.id for b in document.sections["rr.miscellaneous.notices"].children if isinstance(b, Section)]
    assert notices == ["firm.guarantor", "rr.miscellaneous.notices.company",
                       "rr.miscellaneous.notices.initial_investor", "rr.miscellaneous.notices.other_investors"]
    guarantor = document.sections["firm.guarantor"]
    assert plain(guarantor.children[0].inlines) == "if to the Guarantor, care of The Auxer Group, Inc."


@pytest.mark.parametrize("key, text, message", [
    ("insert_before", "'<p>x</p>'", "field 'rr.expenses': adds something other than <section>s"),
    ("insert_before", "'<section id=\"f\"><p>{{ nowhere.fact }}</p></section>'",
     "field 'rr.expenses': has text for 'rr.expenses' that does not render: 'nowhere' is undefined"),
    ("insert_before", "'<section id=\"f\"><p>x</section>'",
     " (sections before rr.expenses):1: renders to markup that does not parse (mismatched tag) "
     "near «<section id=\"f\"><p>x</section>»"),
    ("insert_after", "'<section id=\"f\"><p>x</section>'",
     " (sections after rr.expenses):1: renders to markup that does not parse (mismatched tag) "
     "near «<section id=\"f\"><p>x</section>»"),
    ("replace", "'<p>x</q>'",
     " (text for rr.expenses):1: renders to markup that does not parse (mismatched tag) near «<p>x</q>»"),
])
def test_text_an_override_gives_that_is_wrong_names_its_file(tmp_path, key, text, message):
    library, path = library_with(tmp_path, f"{RRA}:\n  {key}:\n    rr.expenses: {text}\n")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    separator = "" if message.startswith(" ") else ": "
    assert refusal(lambda: api.assemble(sheet, library=library)) == f"{path}{separator}{message}"


@pytest.mark.parametrize("key, change, line", [
    # The comment on line 1 names the id too: it is not where the override names it.
    ("replace", "  replace:\n    rr.nowhere: '<p>x</p>'\n", 4),
    ("delete", "  delete: [rr.nowhere]\n", 3),
    ("insert_after", "  insert_after:\n    rr.nowhere: '<section id=\"f\"><p>x</p></section>'\n", 4),
    ("insert_before", "  replace:\n    rr.expenses: '<p>x</p>'\n  insert_before:\n"
                      "    rr.nowhere: '<section id=\"f\"><p>x</p></section>'\n", 6),
])
def test_a_section_an_override_names_that_is_not_there_is_one_exact_line(tmp_path, key, change, line):
    library, path = library_with(tmp_path, f"# rr.nowhere stood here once\n{RRA}:\n{change}")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    assert refusal(lambda: api.assemble(sheet, library=library)) == (
        f"{path}:{line}: field 'rr.nowhere': {key} names section 'rr.nowhere', which is not in the Registration "
        f"Rights Agreement ({OURS})")


def test_a_near_miss_is_told_its_nearest_id_and_a_far_one_is_not(tmp_path):
    library, path = library_with(tmp_path, f"{RRA}:\n  delete:\n    - rr.miscellaneous.counterpart\n")
    sheet = termsheet.load(EXAMPLE, [tmp_path / "lib"])
    assert refusal(lambda: api.assemble(sheet, library=library)) == (
        f"{path}:3: field 'rr.miscellaneous.counterpart': delete names section 'rr.miscellaneous.counterpart', which "
        "is not in the Registration Rights Agreement (did you mean 'rr.miscellaneous.counterparts'?)")
    # 'rr.counterparts' is 0.68 like 'rr.miscellaneous.counterparts' (difflib's ratio): not close enough to guess.
    library, path = library_with(tmp_path, f"{RRA}:\n  delete: [rr.counterparts]\n", "far")
    assert refusal(lambda: api.assemble(sheet, library=library)) == (
        f"{path}:2: field 'rr.counterparts': delete names section 'rr.counterparts', which is not in the "
        f"Registration Rights Agreement ({OURS})")


def test_a_section_an_earlier_library_deletes_is_refused_naming_that_file(tmp_path):
    first, first_path = library_with(tmp_path, f"{RRA}:\n  replace:\n    rr.miscellaneous.pronouns: '<p>x</p>'\n",
                                     "matter")
    _, firm_path = library_with(tmp_path, f"{RRA}:\n  delete: [rr.miscellaneous.pronouns]\n", "firm")
    both = Library([tmp_path / "matter", tmp_path / "firm"])
    sheet = termsheet.load(EXAMPLE, [tmp_path / "matter", tmp_path / "firm"])
    assert refusal(lambda: api.assemble(sheet, library=both)) == (
        f"{first_path}:3: field 'rr.miscellaneous.pronouns': replace names section 'rr.miscellaneous.pronouns', "
        f"which is not in the Registration Rights Agreement ({firm_path} deletes it)")


def test_of_several_libraries_the_first_has_the_last_word(tmp_path):
    # The firm (the last folder) adds a section and words the expenses; the matter (the first)
    # rewords both, and its words are the ones the document holds.
    library_with(tmp_path, f"""{RRA}:
  replace:
    rr.expenses: '<p>Expenses as the firm words them.</p>'
  insert_after:
    rr.miscellaneous.counterparts: |
      <section id="firm.waiver" title="Jury Waiver"><p>The firm waives a jury.</p></section>
""", "firm")
    library_with(tmp_path, f"""{RRA}:
  replace:
    rr.expenses: '<p>Expenses as the matter words them.</p>'
    firm.waiver: '<p>The matter waives a jury for {{{{ company.name }}}}</p>'
""", "matter")
    folders = [tmp_path / "matter", tmp_path / "firm"]
    document = api.assemble(termsheet.load(EXAMPLE, folders), library=Library(folders))
    expenses = document.sections["rr.expenses"].children
    assert [plain(b.inlines) for b in expenses] == ["Expenses as the matter words them."]
    assert [plain(b.inlines) for b in document.sections["firm.waiver"].children] == [
        "The matter waives a jury for The Auxer Group, Inc."]


def test_a_section_deleted_with_the_one_holding_it_or_twice_goes_without_a_refusal(tmp_path):
    library, _ = library_with(tmp_path, f"{RRA}:\n  delete: [rr.miscellaneous.notices.company, "
                                        "rr.miscellaneous.notices, rr.miscellaneous.notices.other_investors, "
                                        "rr.expenses, rr.expenses]\n")
    document = api.assemble(termsheet.load(EXAMPLE, [tmp_path / "lib"]), library=library)
    ids = [b.id for b in walk(document.blocks) if isinstance(b, Section)]
    for gone in ("rr.miscellaneous.notices", "rr.miscellaneous.notices.company",
                 "rr.miscellaneous.notices.initial_investor", "rr.miscellaneous.notices.other_investors",
                 "rr.expenses"):
        assert gone not in ids
    assert "rr.miscellaneous.counterparts" in ids and "rr.miscellaneous.pronouns" in ids


# -- a section's own text replaced (assembly._own_text_replaced), on blocks built by hand ---------

def P(text: str) -> Paragraph:
    return Paragraph([Text(text)])


SUB = Section("sub", None, [P("a sub-section")])
TWO_LINES = AddressBlock([AddressLine([Text("may")]), AddressLine([Text("differ")])])


@pytest.mark.parametrize("children, new, expected", [
    # As many blocks as before: one for one, the closing paragraph staying after the sub-section.
    ([P("opening"), SUB, P("closing")], [P("new opening"), P("new closing")],
     [P("new opening"), SUB, P("new closing")]),
    # No sub-sections, or the old text all before them: the new text first.
    ([P("one"), P("two")], [P("only")], [P("only")]),
    ([P("one"), P("two"), SUB], [P("only")], [P("only"), SUB]),
    # Fewer blocks, none reading as the old closing text: all before the sub-section.
    ([P("opening"), SUB, P("may change the foregoing address")], [P("entirely other words")],
     [P("entirely other words"), SUB]),
    # The one new block reads as the closing text: after the sub-section.
    ([P("opening words here"), SUB, P("may change the foregoing address")], [P("may change the address")],
     [SUB, P("may change the address")]),
    # Split where the words match best: "may differ" is exactly half alike "may change" (2 x 1 / 4).
    ([P("notices go to"), SUB, P("may change")], [P("notices go to"), P("by mail"), P("may differ")],
     [P("notices go to"), P("by mail"), SUB, P("may differ")]),
    # A block of several runs reads as all its words, one after another: "may" and "differ" on two
    # lines are "may differ", half alike "may change", so they go after the sub-section.
    ([P("notices go to"), SUB, P("may change")], [TWO_LINES], [SUB, TWO_LINES]),
])
def test_a_sections_own_text_replaced_keeps_its_sub_sections_in_place(children, new, expected):
    assert assembly._own_text_replaced(list(children), list(new)) == expected
