"""Term sheet loading: every fact a parameter, errors that name file, line and field."""
import json

import pytest

from assembler import termsheet
from assembler.errors import TermSheetError

from .conftest import EXAMPLE, run_cli, variant, write_sheet


def test_example_loads_with_the_seeds_facts():
    deal = termsheet.load(EXAMPLE).deal
    assert deal.company.name == "The Auxer Group, Inc."
    assert deal.registration.filing_deadline_days == 30
    assert deal.registration.effectiveness_deadline_days == 120
    assert deal.investor.name is None  # left blank in the seed


def _error(tmp_path, text: str, name="sheet.yaml") -> TermSheetError:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(TermSheetError) as caught:
        termsheet.load(path)
    return caught.value


def test_wrong_type_names_file_line_and_field(tmp_path):
    data = EXAMPLE.read_text().replace("filing_deadline_days: 30", "filing_deadline_days: thirty")
    err = _error(tmp_path, data)
    line = next(i for i, l in enumerate(data.splitlines(), 1) if "filing_deadline_days" in l)
    assert err.line == line
    assert err.field == "registration.filing_deadline_days"
    assert "sheet.yaml:%d" % line in err.one_line()
    assert "whole number" in err.one_line()


def test_unknown_key_suggests_the_near_one(tmp_path):
    data = EXAMPLE.read_text().replace("filing_deadline_days:", "filing_dedline_days:")
    err = _error(tmp_path, data)
    assert "did you mean 'filing_deadline_days'" in err.one_line()


def test_missing_field_names_parent_line(tmp_path):
    data = variant({})
    del data["governing_law"]["state"]
    path = write_sheet(tmp_path, data)
    with pytest.raises(TermSheetError) as caught:
        termsheet.load(path)
    assert caught.value.field == "governing_law.state"
    assert "required" in caught.value.one_line()
    assert caught.value.line is not None


def test_zero_and_negative_counts_are_refused(tmp_path):
    for bad in (0, -5):
        path = write_sheet(tmp_path, variant({"registration.filing_deadline_days": bad}))
        with pytest.raises(TermSheetError) as caught:
            termsheet.load(path)
        assert "greater than 0" in caught.value.one_line()


def test_effectiveness_before_filing_is_refused(tmp_path):
    path = write_sheet(tmp_path, variant({"registration.effectiveness_deadline_days": 10}))
    with pytest.raises(TermSheetError) as caught:
        termsheet.load(path)
    assert "before it is filed" in caught.value.one_line()


def test_yaml_syntax_error_has_a_line(tmp_path):
    err = _error(tmp_path, "agreement:\n  date: [2001-01-16\n")
    assert err.line is not None and "not valid YAML" in err.message


def test_alias_is_refused(tmp_path):
    err = _error(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert "alias" in err.message and err.field == "b"


def test_json_term_sheet_loads(tmp_path):
    data = variant({})
    path = tmp_path / "sheet.json"
    path.write_text(json.dumps(data, default=str, indent=2))
    assert termsheet.load(path).deal.company.name == "The Auxer Group, Inc."


def test_schema_command_prints_json_schema():
    done = run_cli("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert "registration" in schema["properties"]
    assert schema["$defs"]["Registration"]["properties"]["filing_deadline_days"]["type"] == "integer"


def test_bad_term_sheet_on_the_cli_is_one_line_exit_2(tmp_path):
    data = EXAMPLE.read_text().replace("counterparts: 2", "counterparts: many")
    path = tmp_path / "bad.yaml"
    path.write_text(data)
    out = tmp_path / "out"
    done = run_cli("build", str(path), "--out", str(out))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.yaml:" in lines[0] and "agreement.counterparts" in lines[0]
    assert not out.exists()
