"""A reference to a clause that is not in the document stops the build and names the reference."""
from __future__ import annotations

import pytest

from assembler import api
from assembler.errors import BrokenReferenceError, ClauseError
from assembler.library import Library

from .conftest import EXAMPLE, run_cli, variant, write_sheet


def _override(tmp_path, name: str, source: str):
    folder = tmp_path / "firm-clauses"
    path = folder / f"{name}.xml.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return folder


def _assemble_with(folder, sheet=EXAMPLE):
    """The agreement built with a folder of clauses overriding ours."""
    return api.assemble(api.load_termsheet(sheet), library=Library([folder]))


EXPENSES = ('<section id="rr.expenses" title="Expenses of Registration">'
            '<p>All expenses under <ref to="{target}"/> shall be borne by the Company.</p></section>')


def test_unknown_reference_stops_the_build_and_names_it(tmp_path):
    folder = _override(tmp_path, "registration_rights/expenses", EXPENSES.format(target="rr.no_such_clause"))
    with pytest.raises(BrokenReferenceError) as caught:
        _assemble_with(folder)
    assert "rr.no_such_clause" in caught.value.one_line()
    assert "expenses.xml.j2" in caught.value.one_line()


def test_reference_to_a_switched_off_clause_stops_the_build(tmp_path):
    folder = _override(tmp_path, "registration_rights/expenses",
                       EXPENSES.format(target="rr.registration.piggyback"))
    sheet = write_sheet(tmp_path, variant({"registration.piggyback.enabled": True}))
    document = _assemble_with(folder, sheet)
    assert "under Section 2(c) shall" in api.render(document, "txt").decode()
    sheet = write_sheet(tmp_path, variant({"registration.piggyback.enabled": False}))
    with pytest.raises(BrokenReferenceError) as caught:
        _assemble_with(folder, sheet)
    assert "rr.registration.piggyback" in caught.value.one_line()


def test_broken_reference_on_the_cli_exits_2_and_writes_nothing(tmp_path):
    folder = _override(tmp_path, "registration_rights/expenses", EXPENSES.format(target="rr.gone"))
    out = tmp_path / "out"
    done = run_cli("build", str(EXAMPLE), "--out", str(out), "--library", str(folder))
    assert done.returncode == 2
    assert "rr.gone" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_user_clause_overrides_ours_by_name(tmp_path):
    folder = _override(tmp_path, "registration_rights/expenses", EXPENSES.format(target="rr.company_obligations"))
    text = api.render(_assemble_with(folder), "txt").decode()
    assert "All expenses under Section 3 shall be borne by the Company." in " ".join(text.split())


def test_duplicate_section_id_is_an_error(tmp_path):
    folder = _override(tmp_path, "registration_rights/expenses",
                       '<section id="rr.assignment" title="Expenses"><p>x</p></section>')
    with pytest.raises(ClauseError) as caught:
        _assemble_with(folder)
    assert "rr.assignment" in caught.value.one_line() and "twice" in caught.value.one_line()


def test_clause_using_an_unknown_variable_names_file_and_line(tmp_path):
    folder = _override(tmp_path, "registration_rights/expenses",
                       '<section id="rr.expenses">\n<p>{{ company.nickname }}</p></section>')
    with pytest.raises(ClauseError) as caught:
        _assemble_with(folder)
    assert "expenses.xml.j2:2" in caught.value.one_line() and "nickname" in caught.value.one_line()


def test_no_clause_types_a_section_number_of_its_own_agreement():
    """Every "Section N" in a clause names another statute; our own sections are <ref>s."""
    import re

    from .conftest import ROOT
    statute = re.compile(r"Section\s+\d+(\s*\([a-z0-9]+\))*\s+(of|under|or\s+15\(d\)\s+under)\s+the\s+"
                         r"(Securities|Exchange|Delaware|General)")
    typed = []
    for path in (ROOT / "clauses" / "registration_rights").glob("*.j2"):
        text = " ".join(path.read_text().split())
        for match in re.finditer(r"Section\s+\d+[^<]{0,60}", text):
            if not statute.match(match.group(0)):
                typed.append(f"{path.name}: {match.group(0)[:40]}")
    assert not typed
