"""A firm's library without guesswork (issue 26): date filters, optional facts, lint rules that
cannot be fooled, commands that reproduce, and the small gaps. Each library is made in the test."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assembler import api, layout, lint, style
from assembler.errors import ClauseError
from assembler.library import Library
from assembler.tree import Signature, Text

from .conftest import EXAMPLE, ROOT

LOCKUP = ROOT / "examples" / "lockup"
D = dt.date


# -- dates ----------------------------------------------------------------------------------------

def test_date_filters_add_days_months_years_and_pick_the_later_or_earlier():
    assert style.add_days(D(2023, 9, 15), 180) == D(2024, 3, 13)
    assert style.add_days("2024-03-05", -5) == D(2024, 2, 29)
    assert style.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert style.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert style.add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    assert style.add_months(D(2024, 3, 15), -3) == D(2023, 12, 15)
    assert style.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert style.add_years("2020-06-01", 4) == D(2024, 6, 1)
    assert style.later_of(D(2024, 1, 2), "2024-01-03") == D(2024, 1, 3)
    assert style.earlier_of(D(2024, 1, 2), "2024-01-03") == D(2024, 1, 2)
    assert style.later_of(None, D(2024, 1, 2)) == D(2024, 1, 2) and style.earlier_of(None, None) is None
    assert style.add_days(None, 3) is None and style.add_months(None, 1) is None


def _render(source: str, **context) -> str:
    return Library().env.from_string(source).render(context)


def test_business_days_count_with_the_term_sheets_calendar():
    # Friday 2024-07-05 plus one business day is Monday the 8th; Wednesday 2024-07-03 plus one is
    # Friday the 5th, Independence Day skipped; backwards, two before Monday 2024-03-11 is Thursday.
    assert _render("{{ d | add_business_days(1) }}", d=D(2024, 7, 5)) == "2024-07-08"
    assert _render("{{ d | add_business_days(1) }}", d=D(2024, 7, 3)) == "2024-07-05"
    assert _render("{{ d | add_business_days(-2) | long_date }}", d=D(2024, 3, 13)) == "March 11, 2024"
    # Good Friday is a NYSE holiday but not a federal one.
    nyse = {"business_day_calendar": "NYSE"}
    assert _render("{{ d | add_business_days(1) }}", d=D(2024, 3, 28), agreement=nyse) == "2024-04-01"
    assert _render("{{ d | add_business_days(1) }}", d=D(2024, 3, 28)) == "2024-03-29"


def test_number_words_without_and_is_a_house_style_switch():
    assert _render("{{ 180 | count('day') }}") == "one hundred and eighty (180) days"
    assert _render("{{ 180 | count('day') }}", house_style={"number_words_and": False}) == \
        "one hundred eighty (180) days"
    assert _render("{{ 2880 | count }}", house_style={"number_words_and": False}) == \
        "two thousand, eight hundred eighty (2,880)"
    assert _render("{{ 250.5 | money_words }}", house_style={"number_words_and": False}) == \
        "Two Hundred Fifty Dollars and Fifty Cents ($250.50)"


def test_the_example_keeps_the_seeds_style_and_the_switch_reaches_the_agreement(tmp_path):
    text = EXAMPLE.read_text()
    built = api.render(api.assemble(api.load_termsheet(EXAMPLE)), "txt").decode()
    assert "one hundred and twenty (120) days" in " ".join(built.split())
    us = tmp_path / "us.yaml"
    us.write_text(text + "\nhouse_style:\n  number_words_and: false\n")
    built = " ".join(api.render(api.assemble(api.load_termsheet(us)), "txt").decode().split())
    assert "one hundred twenty (120) days" in built and "hundred and" not in built


# -- the Lock-Up example: a date computed, optional facts, entity and individual signers ---------

def _lockup(tmp_path: Path, replace: dict[str, str] | None = None) -> tuple:
    folder = tmp_path / "lockup"
    shutil.copytree(LOCKUP, folder)
    shutil.copytree(ROOT / "examples" / "firm-override", tmp_path / "firm-override")
    sheet = folder / "termsheet.yaml"
    text = sheet.read_text()
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    sheet.write_text(text)
    library = api.library_for(sheet)
    return api.load_termsheet(sheet, library), library


def _text(sheet, library, name="lockup-agreement") -> str:
    return " ".join(api.render(api.assemble(sheet, name, library), "txt").decode().split())


def test_the_release_date_is_computed_from_the_closing_date_and_the_period(tmp_path):
    sheet, library = _lockup(tmp_path)
    assert sheet.extra["lockup"]["date"] == D(2023, 9, 15)  # a library's date reaches clauses as a date
    assert sheet.extra["lockup"]["notice_business_days"] == 2  # the schema's default
    assert sheet.extra["lockup"]["waived_by"] is None
    text = _text(sheet, library)
    assert "Until March 13, 2024, the day one hundred and eighty (180) days after the Closing Date" in text
    assert "remind each Holder of the Release Date on or before March 11, 2024." in text
    sheet, library = _lockup(tmp_path / "b", {"period_days: 180": "period_days: 90",
                                              "closing_date: 2023-09-15": "closing_date: 2023-12-01"})
    text = _text(sheet, library)
    assert "Until February 29, 2024, the day ninety (90) days after" in text
    assert "on or before February 27, 2024." in text


def test_an_individual_signs_under_a_line_with_no_dangling_comma(tmp_path):
    sheet, library = _lockup(tmp_path)
    lines = api.render(api.assemble(sheet, "lockup-agreement", library), "txt").decode().splitlines()
    assert [line.strip() for line in lines[-2:]] == ["____________________________", "Eugene Chiaramonte"]
    untitled = Signature(entity=None, name=[Text("Eugene Chiaramonte")], title=[], form="line")
    assert layout.signature_lines(untitled)[1].value == [Text("Eugene Chiaramonte")]
    titled = Signature(entity=None, name=[Text("Ann Lee")], title=[Text("Incorporator")], form="line")
    assert layout.signature_lines(titled)[1].value == [Text("Ann Lee"), Text(", "), Text("Incorporator")]


def test_the_joinder_builds_without_the_optional_assignor(tmp_path):
    sheet_path = tmp_path / "joinder" / "termsheet.yaml"
    shutil.copytree(ROOT / "examples" / "joinder", tmp_path / "joinder")
    text = sheet_path.read_text()
    sheet_path.write_text(text.replace("  assignor: Meridian Crest Partners II, L.P.\n", ""))
    library = api.library_for(sheet_path)
    sheet = api.load_termsheet(sheet_path, library)
    assert sheet.extra["joinder"]["assignor"] is None
    built = _text(sheet, library, "joinder-agreement")
    assert "has acquired 150,000 Debenture Shares, together with" in built
    sheet_path.write_text(text)
    built = _text(api.load_termsheet(sheet_path, library), library, "joinder-agreement")
    assert "has acquired 150,000 Debenture Shares from Meridian Crest Partners II, L.P., together" in built


def test_a_clause_reading_a_missing_fact_names_its_line_and_the_facts_path(tmp_path):
    sheet, library = _lockup(tmp_path)
    clause = tmp_path / "lockup" / "library" / "lockup" / "terms.xml.j2"
    clause.write_text(clause.read_text().replace("lockup.period_days | count('day')",
                                                 "lockup.period_dayz | count('day')"))
    with pytest.raises(ClauseError) as caught:
        api.assemble(sheet, "lockup-agreement", Library(library.user_dirs))
    assert caught.value.one_line() == (
        f"{clause}:4: field 'lockup.period_dayz': uses 'lockup.period_dayz', which is not a fact: 'lockup' has "
        "no field 'period_dayz' (its fields: date, holders, notice_business_days, period_days, waived_by)")


# -- lint ------------------------------------------------------------------------------------------

def _linted(tmp_path: Path, terms: str, overrides: str | None = None) -> list[str]:
    folder = tmp_path / "lib"
    shutil.copytree(LOCKUP / "library", folder)
    (folder / "lockup" / "terms.xml.j2").write_text(terms)
    if overrides:
        (folder / "overrides.yaml").write_text(overrides)
    return [f.one_line() for f in lint.check_library(Library([folder]))]


def test_lint_finds_a_reference_to_a_section_the_overrides_delete(tmp_path):
    terms = '<section id="lockup.law" title="Law"><p>See <ref to="rr.miscellaneous.governing_law"/>.</p></section>\n'
    found = _linted(tmp_path, terms, "registration-rights-agreement:\n  delete: [rr.miscellaneous.governing_law]\n")
    folder = tmp_path / "lib"
    assert found == [f"{folder}/lockup/terms.xml.j2:1: error unresolvable-ref lockup/terms line 1: refers to "
                     f"'rr.miscellaneous.governing_law', which {folder}/overrides.yaml deletes "
                     "«<ref to=\"rr.miscellaneous.governing_law\"»"]
    assert _linted(tmp_path / "b", terms) == []


def test_lint_warns_of_a_reference_into_a_switched_section_with_no_guard(tmp_path):
    terms = ('<section id="lockup.piggy" title="Piggyback">\n'
             '<p>See <ref to="rr.registration.piggyback.notice"/>.</p>\n'
             '{% if registration.piggyback.enabled %}<p><ref to="rr.registration.piggyback"/></p>{% endif %}\n'
             '</section>\n')
    folder = tmp_path / "lib"
    assert _linted(tmp_path, terms) == [
        f"{folder}/lockup/terms.xml.j2:2: warning unguarded-ref lockup/terms line 2: refers to "
        "'rr.registration.piggyback.notice', which is in the document only as registration.piggyback.enabled "
        "has it: a term sheet with registration.piggyback.enabled the other way fails to build (put the "
        "reference under {% if registration.piggyback.enabled %}) «<ref to=\"rr.registration.piggyback.notice\"»"]


def test_lint_checks_a_loop_variables_fields_against_the_list_items_schema(tmp_path):
    terms = ('<section id="lockup.h" title="Holders">\n'
             '{% for holder in lockup.holders %}<p>{{ holder.shares }} {{ holder.signatory.name }}</p>\n'
             '<p>{{ holder.shars }}</p>{% endfor %}\n'
             '{% set first = lockup.holders %}{% for h in first %}<p>{{ h.signatory.nmae }}</p>{% endfor %}\n'
             '</section>\n')
    folder = tmp_path / "lib"
    assert _linted(tmp_path, terms) == [
        f"{folder}/lockup/terms.xml.j2:3: error unknown-variable lockup/terms line 3: uses 'holder.shars', which "
        "an item of 'lockup.holders' does not have in the term-sheet schema «holder.shars»",
        f"{folder}/lockup/terms.xml.j2:4: error unknown-variable lockup/terms line 4: uses 'h.signatory.nmae', "
        "which an item of 'lockup.holders' does not have in the term-sheet schema «h.signatory.nmae»"]


def test_set_and_macro_arguments_are_known_names(tmp_path):
    terms = ('{% if lockup.waived_by %}{% set signer = lockup.waived_by %}{% else %}'
             '{% set signer = company.name %}{% endif %}\n'
             '{% macro who(person, title=none) %}{{ person.name }}{{ title }}{% endmacro %}\n'
             '<section id="lockup.w" title="W"><p>{{ signer }} {{ who(company.signatory) }}</p></section>\n')
    assert _linted(tmp_path, terms) == []
    assert _linted(tmp_path / "b", terms.replace("{{ signer }}", "{{ signer }} {{ singer }}"))[0].endswith(
        "error unknown-variable lockup/terms line 3: uses 'singer', which is neither a term-sheet field nor given "
        "by the code (term-sheet fields: agreement, charter, company, company_obligations, governing_law, "
        "house_style, investor, investor_obligations, lockup, other_investors, placement_agent, registration, "
        "rule_144, securities) «singer»")


def test_the_shipped_libraries_lint_clean():
    assert lint.check_library(Library([LOCKUP / "library", ROOT / "examples" / "firm-override" / "library"])) == []
    assert lint.check_library(Library([ROOT / "examples" / "joinder" / "library"])) == []


def test_a_statute_named_by_its_year_is_not_an_undefined_term():
    from assembler.lint.rules import undefined_term
    from assembler.tree import Def, Document, Paragraph

    def found(text: str) -> list[str]:
        document = Document(name="d", title="Agreement", numbering=["decimal"], blocks=[Paragraph([Text('the "'), Def("Holder"),
                                                                            Text('" means a holder. ' + text)])])
        return [f.message for f in undefined_term.check(document)]

    assert found("It complies with the Investment Company Act of 1940, as amended.") == []
    assert found("See the Investment Company Act of 1940, as amended (the \"1940 Act\").") == []
    assert found("It complies with the Lock Provisions every day.") == [
        'uses "Lock Provisions" like a defined term, but nothing defines it']


# -- overrides, redline, commands ------------------------------------------------------------------

def test_an_unknown_override_id_gives_its_line_and_the_nearest_id(tmp_path):
    (tmp_path / "overrides.yaml").write_text("# a firm's change\nregistration-rights-agreement:\n  delete:\n"
                                             "    - rr.miscellaneous.pronoun\n")
    library = Library([tmp_path])
    with pytest.raises(ClauseError) as caught:
        api.assemble(api.load_termsheet(EXAMPLE, library), None, library)
    assert caught.value.one_line() == (
        f"{tmp_path}/overrides.yaml:4: field 'rr.miscellaneous.pronoun': delete names section "
        "'rr.miscellaneous.pronoun', which is not in the Registration Rights Agreement (did you mean "
        "'rr.miscellaneous.pronouns'?)")


def test_the_text_redlines_legend_names_its_own_marks(tmp_path):
    later = tmp_path / "later.yaml"
    later.write_text(EXAMPLE.read_text().replace("filing_deadline_days: 30", "filing_deadline_days: 45"))
    paths = api.redline(EXAMPLE, later, tmp_path / "out", ("txt", "html"))
    text = " ".join(next(p for p in paths if p.suffix == ".txt").read_text().split())
    assert "insertions are marked [+ +], deletions [- -]" in text and "underlined" not in text
    assert "[-thirty (30)-]" in text or "[-thirty-]" in text
    assert "insertions are underlined" in next(p for p in paths if p.suffix == ".html").read_text()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assembler", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


def test_builds_hint_carries_the_runs_library_and_runs_as_printed(tmp_path):
    library = ROOT / "examples" / "firm-override" / "library"
    done = _cli("build", str(EXAMPLE), "--library", str(library), "--out", str(tmp_path / "out"), "--format", "txt",
                "--document", "registration-rights-agreement", cwd=tmp_path)
    hint = re.search(r"`(assembler check [^`]+)` lists them", done.stdout)
    assert hint and hint.group(1) == f"assembler check {EXAMPLE} --library {library}"
    again = _cli(*hint.group(1).split()[1:], cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_schema_and_lint_read_assembler_toml_in_the_current_folder(tmp_path):
    shutil.copytree(ROOT / "examples" / "joinder", tmp_path / "joinder")
    done = _cli("schema", cwd=tmp_path / "joinder")
    assert '"joinder"' in done.stdout
    assert '"joinder"' not in _cli("schema", cwd=tmp_path).stdout
    (tmp_path / "joinder" / "library" / "joinder" / "terms.xml.j2").write_text("{{ joinder.nope }}")
    done = _cli("lint", cwd=tmp_path / "joinder")
    assert "uses 'joinder.nope', which the term-sheet schema does not have" in done.stdout


def test_redline_refuses_two_libraries_or_takes_the_old_one(tmp_path):
    shutil.copytree(LOCKUP, tmp_path / "lockup")
    shutil.copytree(ROOT / "examples" / "firm-override", tmp_path / "firm-override")
    old = tmp_path / "old.yaml"
    old.write_text(EXAMPLE.read_text())
    new = tmp_path / "lockup" / "termsheet.yaml"
    done = _cli("redline", str(old), str(new), "--out", str(tmp_path / "out"), "--format", "txt", cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith(f"error: {old}: resolves to another library than {new} does (none; ")
    assert done.stderr.rstrip().endswith("(pass --library for both versions, or --old-library for the old one's)")
    assert not (tmp_path / "out").exists()
    old.write_text(new.read_text().replace("period_days: 180", "period_days: 90"))
    done = _cli("redline", str(old), str(new), "--old-library", str(tmp_path / "lockup" / "library"),
                "--out", str(tmp_path / "out"), "--format", "txt", "--document", "lockup-agreement", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join((tmp_path / "out" / "lockup-agreement-redline.txt").read_text().split())
    assert "[-ninety (90)-]" in text or "[-ninety-]" in text


# -- the docs --------------------------------------------------------------------------------------

def test_every_filter_and_markup_element_is_documented():
    guide = (ROOT / "docs" / "clause-markup.md").read_text()
    for name in [*style.FILTERS, "blank"]:
        assert f"`{name}" in guide, name
    from assembler import markup
    for element in ("section", "p", "title", "address", "line", "contact", "legend", "pagebreak", "signature",
                    "entity", "name", "excerpt", "def", "ref", "b", "i", "u", "note", "blank"):
        assert f"<{element}" in guide, element


def test_the_authoring_guide_shows_the_example_files_as_they_are():
    """docs/authoring.md quotes each file of examples/lockup/ whole (its commands are run by
    tests/test_docs_examples.py); a block marked <!-- file: PATH --> must be that file."""
    guide = (ROOT / "docs" / "authoring.md").read_text()
    quoted = re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)\n```", guide, re.S)
    assert {path for path, _ in quoted} == {
        "examples/lockup/library/facts.schema.yaml", "examples/lockup/termsheet.yaml",
        "examples/lockup/assembler.toml", "examples/lockup/library/assemblies/lockup-agreement.yaml",
        "examples/lockup/library/lockup/opening.xml.j2", "examples/lockup/library/lockup/terms.xml.j2",
        "examples/lockup/library/lockup/signature.xml.j2"}
    for path, text in quoted:
        assert text == (ROOT / path).read_text().rstrip("\n"), path


# -- the term sheet's last traps, in process (the corpus runs them through the CLI) --------------

def test_yaml_11_readings_stay_the_text_written():
    from assembler.termsheet import source

    data, _ = source.parse(b"a: 48:00\nb: 0755\nc: yes\nd: Off\ne: 1_000\nf: 0b101\ng: 1:30.5\nh: true\no: 1_000.5\n"
                           b"on: 1\n0755: 2\n"
                           b"i: 48\nj: '0755'\nk: 0x1F\nl: 1.5\nm: 0\n", "t.yaml")
    assert data == {"a": "48:00", "b": "0755", "c": "yes", "d": "Off", "e": "1_000", "f": "0b101", "g": "1:30.5",
                    "h": True, "i": 48, "j": "0755", "k": 31, "l": 1.5, "m": 0, "o": "1_000.5", "on": 1, "0755": 2}


@pytest.mark.parametrize("text, message", [
    (b'a:\n  b: "x\\ay"\n', "t.yaml:2: field 'a.b': holds the control character U+0007 (BEL), which no document "
                           "can print (take it out; tab and newline are the only control characters a value may hold)"),
    (b'a: ["ok", "\\0"]\n', "t.yaml:1: field 'a[1]': holds the control character U+0000 (NUL)"),
    (b'a: "\\e[31mred"\n', "t.yaml:1: field 'a': holds the control character U+001B (ESC)"),
    (b'a: "x\\x85"\n', "t.yaml:1: field 'a': holds the control character U+0085, which"),
    (b'a: "x\\x7f"\n', "t.yaml:1: field 'a': holds the control character U+007F (DEL)"),
    (b'a: "x\\r"\n', "t.yaml:1: field 'a': holds the control character U+000D (CR)"),
])
def test_a_control_character_is_refused_naming_the_field_and_character(text, message):
    from assembler.errors import TermSheetError
    from assembler.termsheet import source

    with pytest.raises(TermSheetError) as caught:
        source.parse(text, "t.yaml")
    assert caught.value.one_line().startswith(message)


def test_tab_and_newline_are_kept_and_json_is_checked_too():
    from assembler.errors import TermSheetError
    from assembler.termsheet import source

    assert source.parse(b'a: "x\\ty\\nz"\n', "t.yaml")[0] == {"a": "x\ty\nz"}
    with pytest.raises(TermSheetError) as caught:
        source.parse(b'{\n  "a": {"b": "\\u001b"}\n}\n', "t.json")
    assert caught.value.one_line().startswith("t.json:2: field 'a.b': holds the control character U+001B (ESC)")


def test_a_batch_failure_is_one_line_whatever_the_file_name_holds():
    from assembler.batch import Failure

    assert Failure("deals/bad\nwrote x.yaml", "is not a known field").one_line() == \
        "deals/bad\\nwrote x.yaml: is not a known field"
    assert Failure("a\x1b[2J.yaml", "a\\x1b[2J.yaml:2: field 'x': bad").one_line() == \
        "a\\x1b[2J.yaml:2: field 'x': bad"


def test_a_section_one_library_deletes_and_another_changes_is_named_with_the_deleting_file(tmp_path):
    """The last library's overrides are applied first: a section it deletes is not there for the
    first library to change. The other way round the first library's delete is the last word."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "overrides.yaml").write_text("registration-rights-agreement:\n  replace:\n"
                                          "    rr.miscellaneous.headings: <p>Headings.</p>\n")
    (second / "overrides.yaml").write_text("registration-rights-agreement:\n  delete: [rr.miscellaneous.headings]\n")
    library = Library([first, second])
    with pytest.raises(ClauseError) as caught:
        api.assemble(api.load_termsheet(EXAMPLE, library), None, library)
    assert caught.value.one_line() == (
        f"{first}/overrides.yaml:3: field 'rr.miscellaneous.headings': replace names section "
        "'rr.miscellaneous.headings', which is not in the Registration Rights Agreement "
        f"({second}/overrides.yaml deletes it)")
    assert [f.one_line() for f in lint.check_library(library)] == [
        f"{first}/overrides.yaml: error unresolvable-ref registration-rights-agreement override: changes section "
        f"'rr.miscellaneous.headings', which {second}/overrides.yaml deletes «rr.miscellaneous.headings»"]
    reversed_order = Library([second, first])
    text = api.render(api.assemble(api.load_termsheet(EXAMPLE, reversed_order), None, reversed_order), "txt").decode()
    assert lint.check_library(reversed_order) == []
    assert "Headings." not in text and "The headings in this Agreement" not in text


def test_the_first_library_has_the_last_word_over_the_sections_a_later_one_adds_and_changes(tmp_path):
    """A matter's layer goes first, over the firm's library: it changes the firm's wording of one of
    our sections and the text of a section the firm adds, as its clauses come before the firm's."""
    matter, firm = tmp_path / "matter", tmp_path / "firm"
    matter.mkdir()
    firm.mkdir()
    (firm / "overrides.yaml").write_text(
        "registration-rights-agreement:\n"
        "  replace:\n    rr.miscellaneous.headings: <p>The firm's headings are for reference.</p>\n"
        "  insert_after:\n    rr.miscellaneous.counterparts: |\n"
        '      <section id="firm.jury_waiver" title="Waiver of Jury Trial"><p>Each party waives a jury.</p></section>\n')
    (matter / "overrides.yaml").write_text(
        "registration-rights-agreement:\n  replace:\n"
        "    rr.miscellaneous.headings: <p>The matter's headings bind no one.</p>\n"
        "    firm.jury_waiver: <p>Each party knowingly waives a jury.</p>\n")
    library = Library([matter, firm])
    text = " ".join(api.render(api.assemble(api.load_termsheet(EXAMPLE, library), None, library), "txt").decode().split())
    assert "The matter's headings bind no one." in text and "The firm's headings" not in text
    assert "WAIVER OF JURY TRIAL. Each party knowingly waives a jury." in text and "Each party waives" not in text
    assert lint.check_library(library) == []
    firm_only = Library([firm])
    text = " ".join(api.render(api.assemble(api.load_termsheet(EXAMPLE, firm_only), None, firm_only), "txt").decode().split())
    assert "The firm's headings are for reference." in text and "Each party waives a jury." in text
    (tmp_path / "third").mkdir()
    (tmp_path / "third" / "overrides.yaml").write_text("registration-rights-agreement:\n  delete:\n"
                                                       "    - rr.miscellaneous.no_such_thing\n")
    with pytest.raises(ClauseError) as caught:
        api.assemble(api.load_termsheet(EXAMPLE), None, Library([tmp_path / "third"]))
    assert caught.value.one_line().endswith("which is not in the Registration Rights Agreement (a section id of "
                                            "ours is in the clause's <section id=\"…\">)")


def test_the_new_filters_pass_a_left_out_fact_through():
    for name in ("count", "add_days", "add_months", "add_years", "add_business_days"):
        render = style.FILTERS[name]
        got = render({}, None, 1) if getattr(render, "jinja_pass_arg", None) else render(None, 1)
        assert got is None, name
    assert style.FILTERS["later_of"](None, None) is None


@pytest.mark.parametrize("line, expected", [
    ("{{ lockup.waived_by.name }}", "uses 'lockup.waived_by.name', but 'lockup.waived_by' is left out of the term "
                                    "sheet (test it first: {% if lockup.waived_by %})"),
    ("{{ lockup.date.name }}", "uses 'lockup.date.name', but 'lockup.date' is not a mapping of fields (test it "
                               "first: {% if lockup.date %})"),
    ("{{ lockup_facts }}", "field 'lockup_facts': uses 'lockup_facts', which is neither a fact of the term sheet nor "
                           "set in the clause (facts: "),
    ("{% for h in lockup.holders %}{{ h.shars }}{% endfor %}", "uses 'h.shars', which is not there: 'h' has no "
                                                               "field 'shars'"),
])
def test_a_missing_fact_is_named_as_the_clause_wrote_it(tmp_path, line, expected):
    sheet, library = _lockup(tmp_path)
    clause = tmp_path / "lockup" / "library" / "lockup" / "terms.xml.j2"
    clause.write_text(f"<p>\n{line}\n</p>\n")
    with pytest.raises(ClauseError) as caught:
        api.assemble(sheet, "lockup-agreement", Library(library.user_dirs))
    assert caught.value.one_line().startswith(f"{clause}:2: ")
    assert expected in caught.value.one_line()


def test_lint_warns_of_a_reference_into_a_clause_the_assembly_puts_under_a_switch(tmp_path):
    terms = '<section id="lockup.r" title="Rule 144"><p>See <ref to="rr.rule_144"/>.</p></section>\n'
    folder = tmp_path / "lib"
    assert _linted(tmp_path, terms) == [
        f"{folder}/lockup/terms.xml.j2:1: warning unguarded-ref lockup/terms line 1: refers to 'rr.rule_144', which "
        "is in the document only as rule_144.enabled has it: a term sheet with rule_144.enabled the other way fails "
        "to build (put the reference under {% if rule_144.enabled %}) «<ref to=\"rr.rule_144\"»"]
    guarded = terms.replace("<p>See", "{% if rule_144.enabled %}<p>See").replace("</p>", "</p>{% endif %}")
    assert _linted(tmp_path / "b", guarded) == []


def test_lint_with_a_term_sheet_checks_the_references_as_it_makes_its_documents(tmp_path):
    """Piggyback off, and a Lock-Up clause referring to Section 2(c) with no guard: the library
    lint warns in general, and with the term sheet at hand the reference is an error."""
    shutil.copytree(LOCKUP, tmp_path / "lockup")
    shutil.copytree(ROOT / "examples" / "firm-override", tmp_path / "firm-override")
    sheet = tmp_path / "lockup" / "termsheet.yaml"
    sheet.write_text(sheet.read_text().replace("  piggyback:\n    enabled: true\n    notice_days: 20\n"
                                               "    response_days: 10\n", "  piggyback:\n    enabled: false\n"))
    clause = tmp_path / "lockup" / "library" / "lockup" / "terms.xml.j2"
    clause.write_text(clause.read_text().replace("{% if registration.piggyback.enabled %}", "{% if true %}"))
    done = _cli("lint", str(sheet), cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{clause}:28: warning unguarded-ref lockup/terms line 28: refers to "
                               "'rr.registration.piggyback', which is in the document only as "
                               "registration.piggyback.enabled has it")
    assert lines[1] == (f"{clause}: error broken-ref lockup-agreement Section 5: refers to section "
                        "'rr.registration.piggyback', which is not in this document nor in the document it cites, "
                        "as this term sheet makes them «Nothing in this Lock-Up Agreement limits a Holder's rights "
                        "under the Registratio»")
    assert done.stderr.strip() == "1 error(s), 1 warning(s)"


def test_the_missing_fact_is_found_among_several_on_the_line(tmp_path):
    sheet, library = _lockup(tmp_path)
    clause = tmp_path / "lockup" / "library" / "lockup" / "terms.xml.j2"
    clause.write_text("<p>\n{{ company.name }} {{ lockup.waived_by.name }}\n</p>\n")
    with pytest.raises(ClauseError) as caught:
        api.assemble(sheet, "lockup-agreement", Library(library.user_dirs))
    assert caught.value.one_line() == (f"{clause}:2: field 'lockup.waived_by.name': uses 'lockup.waived_by.name', "
                                       "but 'lockup.waived_by' is left out of the term sheet (test it first: "
                                       "{% if lockup.waived_by %})")
