"""assembler check and assembler lint: each rule triggered, the example clean, builds refusing errors."""
from __future__ import annotations

import json
import zipfile

from assembler import api, lint
from assembler.library import Library
from assembler.tree import Document, Paragraph, Text

from .conftest import EXAMPLE, SECOND, flat, pdf_text, run_cli, variant, write_sheet

CHARTER = EXAMPLE.parent.parent.parent / "tests" / "fixtures" / "second-charter.yaml"


def _library(tmp_path, clauses: dict[str, str]):
    """A firm's folder of clauses, overriding ours by name."""
    folder = tmp_path / "firm"
    for name, source in clauses.items():
        path = folder / f"{name}.xml.j2"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return folder


def _expenses(text: str) -> dict[str, str]:
    return {"registration_rights/expenses": f'<section id="rr.expenses" title="Expenses"><p>{text}</p></section>'}


def _findings(sheet=EXAMPLE, library=None, rule=None):
    found = api.check(sheet, library_dirs=(str(library),) if library else ())
    return [f for f in found if rule is None or f.rule == rule]


def test_the_example_has_no_errors_and_keeps_its_facts_consistent():
    found = _findings()
    assert lint.errors(found) == []
    assert not [f for f in found if f.rule == "inconsistent-fact"]
    # What it does find are the seed's own: blanks it leaves open and two unused definitions.
    assert {f.rule for f in found} <= {"unfilled-blank", "unused-definition", "undefined-term",
                                       "preferred-authority"}
    blanks = [f for f in found if f.rule == "unfilled-blank"]
    assert any("investor.name" in f.message and f.place == "preamble" for f in blanks)


def test_check_prints_one_finding_a_line_and_exits_0_without_errors():
    result = run_cli("check", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(_findings())
    blank = next(line for line in lines if "unfilled-blank" in line and "preamble" in line)
    assert blank.startswith("warning unfilled-blank registration-rights-agreement preamble: ")
    assert "«" in blank and "__________" in blank
    assert "0 error(s)" in result.stderr


def test_check_json_gives_the_same_findings():
    text = run_cli("check", str(EXAMPLE)).stdout.splitlines()
    result = run_cli("check", str(EXAMPLE), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert len(data) == len(text)
    assert set(data[0]) == {"severity", "rule", "document", "place", "excerpt", "message", "file", "line"}
    assert all(f"{d['severity']} {d['rule']} {d['document']}" in line for d, line in zip(data, text))


def test_strict_exits_1_on_warnings():
    assert run_cli("check", str(EXAMPLE), "--strict").returncode == 1


def test_broken_ref(tmp_path):
    folder = _library(tmp_path, _expenses('Costs under <ref to="rr.no_such_section"/> are the Company\'s.'))
    found = _findings(library=folder, rule="broken-ref")
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].place == "Section 5" and "rr.no_such_section" in found[0].message
    assert found[0].file.endswith("expenses.xml.j2")
    result = run_cli("check", str(EXAMPLE), "--library", str(folder))
    assert result.returncode == 1
    assert "error broken-ref registration-rights-agreement Section 5:" in result.stdout


def test_undefined_term(tmp_path):
    folder = _library(tmp_path, _expenses("All costs shall be paid from the funds held by the Escrow Agent."))
    found = _findings(library=folder, rule="undefined-term")
    assert [f.message for f in found if "Escrow Agent" in f.message]
    assert next(f for f in found if "Escrow Agent" in f.message).place == "Section 5"


def test_unused_and_duplicate_definitions(tmp_path):
    folder = _library(tmp_path, _expenses('The "<def>Escrow Amount</def>" is nil. The "<def>Commission</def>" '
                                          'means the Securities and Exchange Commission.'))
    unused = _findings(library=folder, rule="unused-definition")
    assert any('"Escrow Amount"' in f.message for f in unused)
    duplicate = _findings(library=folder, rule="duplicate-definition")
    assert len(duplicate) == 1 and '"Commission"' in duplicate[0].message
    assert "Section 1(a)" in duplicate[0].message and duplicate[0].place == "Section 5"


def test_words_numerals_mismatch(tmp_path):
    folder = _library(tmp_path, _expenses("Costs are due within thirty (31) days and within ten (10) days."))
    found = _findings(library=folder, rule="words-numerals-mismatch")
    assert len(found) == 1
    assert "thirty" in found[0].message and "31" in found[0].message and "thirty (31)" in found[0].excerpt


def test_words_numerals_rule_reads_compound_numbers():
    def mismatches(text):
        document = Document(name="d", title="T", blocks=[Paragraph([Text(text)])], numbering=["decimal"])
        return lint.words_and_numerals(document)

    assert not mismatches("one hundred and twenty (120) days, twenty-four (24) hours, 5,000,000 (5,000,000)")
    assert mismatches("one hundred twenty (121) days")
    assert mismatches("twenty-four (42) hours")


def test_unfilled_blank_names_the_field_and_place():
    found = _findings(rule="unfilled-blank")
    assert {f.message.split()[1] for f in found} >= {"investor.name", "securities.bridge_loan_shares",
                                                     "securities.debenture.principal_amount"}
    assert any(f.place == "recitals" for f in found)


def test_template_leftover(tmp_path):
    # A firm's clause that forgets the blank filter prints "None" for a name left out.
    folder = _library(tmp_path, _expenses("Questions go to {{ company.signatory.name }}."))
    found = _findings(library=folder, rule="template-leftover")
    assert len(found) == 1 and "None" in found[0].message and found[0].place == "Section 5"


def test_a_value_holding_template_syntax_is_not_a_leftover(tmp_path):
    sheet = write_sheet(tmp_path, variant({"company.name": 'Curly {{ Braces }} & "None" Corp.'}, base=SECOND))
    assert not _findings(sheet, rule="template-leftover")


def test_inconsistent_fact_finds_the_seeds_andrews_lane_slip(tmp_path):
    # The seed's notices clause says "12 Andrews Lane"; its preamble says "12 Andrews Drive".
    sheet = write_sheet(tmp_path, variant({"company.notices.address.lines": ["12 Andrews Lane"]}))
    found = _findings(sheet, rule="inconsistent-fact")
    assert len(found) == 1
    finding = found[0]
    assert finding.severity == "error" and finding.place == "company.notices.address.lines"
    assert "12 Andrews Lane" in finding.message and "12 Andrews Drive" in finding.message
    line = next(i for i, text in enumerate(sheet.read_text().splitlines(), 1) if "12 Andrews Lane" in text)
    assert finding.line in (line, line - 1) and finding.file == str(sheet)
    result = run_cli("check", str(sheet))
    assert result.returncode == 1 and f"{sheet}:{finding.line}: error inconsistent-fact" in result.stdout


def test_inconsistent_fact_finds_a_name_spelt_two_ways(tmp_path):
    sheet = write_sheet(tmp_path, variant({"investor.notices.copy_to.attention": "Nelson Braf"}))
    found = _findings(sheet, rule="inconsistent-fact")
    assert len(found) == 1 and "Nelson Braff" in found[0].message and "Nelson Braf'" in found[0].message


def test_capital_sum(tmp_path):
    # A firm's capital article that prints one class short of the total.
    folder = _library(tmp_path, {"charter/body/capital":
                                 "<p>The total number of shares of stock which the Corporation shall have "
                                 "authority to issue is {{ charter.capital.total_shares | number }}.</p>"
                                 "<p>{{ (charter.capital.total_shares - 1) | number }} of such shares shall be "
                                 "shares of common stock.</p>"})
    found = _findings(CHARTER, library=folder, rule="capital-sum")
    assert found and all(f.severity == "error" for f in found)
    assert found[0].document == "certificate-of-incorporation" and found[0].place == "Article FOURTH"
    assert "add up to 9,999,999" in found[0].message and "not the total of 10,000,000" in found[0].message
    assert not _findings(CHARTER, rule="capital-sum")


def test_build_refuses_a_document_with_errors_and_writes_nothing(tmp_path):
    folder = _library(tmp_path, _expenses('Costs under <ref to="rr.gone"/>.'))
    out = tmp_path / "out"
    result = run_cli("build", str(EXAMPLE), "--out", str(out), "--library", str(folder))
    assert result.returncode == 2
    assert "error broken-ref" in result.stderr and "rr.gone" in result.stderr and "--draft" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_draft_is_written_and_says_draft_on_every_page(tmp_path):
    folder = _library(tmp_path, _expenses('Costs under <ref to="rr.gone"/>.'))
    out = tmp_path / "out"
    result = run_cli("build", str(EXAMPLE), "--out", str(out), "--library", str(folder), "--draft",
                     "--format", "txt,docx,pdf")
    assert result.returncode == 0, result.stderr
    agreement = out / "registration-rights-agreement"
    assert agreement.with_suffix(".txt").read_text().splitlines()[0].strip() == "DRAFT"
    assert "[missing: rr.gone]" in agreement.with_suffix(".txt").read_text()
    with zipfile.ZipFile(agreement.with_suffix(".docx")) as archive:
        headers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header")]
    assert any(">DRAFT<" in header for header in headers)
    pages = pdf_text(agreement.with_suffix(".pdf")).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 5 and all("DRAFT" in page for page in pages)


def test_a_clean_build_carries_no_draft_mark(example_build):
    for fmt in ("txt", "pdf", "docx"):
        assert "DRAFT" not in example_build.text(fmt)


def test_the_shipped_clause_library_lints_clean():
    result = run_cli("lint")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_clause_lint_finds_each_problem(tmp_path):
    folder = _library(tmp_path, {
        **_expenses('Within {{ registration.piggyback.notise_days }} days, as <ref to="rr.nowhere"/> says, '
                    "to {{ nickname }}."),
        "registration_rights/orphan": "<p>Never used.</p>",
    })
    found = lint.check_library(Library([folder]))
    rules = {(f.rule, f.excerpt) for f in found}
    assert ("unknown-variable", "registration.piggyback.notise_days") in rules
    assert ("unknown-variable", "nickname") in rules
    assert ("unresolvable-ref", '<ref to="rr.nowhere"') in rules
    assert any(f.rule == "unreachable-clause" and f.document == "registration_rights/orphan" for f in found)
    assert all(f.line == 1 for f in found if f.rule == "unknown-variable")
    result = run_cli("lint", "--library", str(folder), "--json")
    assert result.returncode == 1 and len(json.loads(result.stdout)) == len(found)


def test_clause_lint_knows_what_the_code_adds_to_each_context(tmp_path):
    """A letter clause may use `letter`; an agreement clause may not."""
    folder = _library(tmp_path, _expenses("{{ letter.date }}"))
    found = lint.check_library(Library([folder]))
    assert [f.excerpt for f in found if f.rule == "unknown-variable"] == ["letter"]


def test_the_second_deal_and_charter_have_no_errors():
    for sheet in (SECOND, CHARTER):
        assert lint.errors(_findings(sheet)) == [], sheet


def test_finding_excerpt_is_short_and_one_line():
    for finding in _findings():
        assert "\n" not in finding.excerpt and len(finding.excerpt) <= 120
        assert flat(finding.one_line()) == finding.one_line()
