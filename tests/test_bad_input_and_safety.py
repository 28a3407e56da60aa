"""Bad term sheets, hostile values, sandboxed clauses, output safety and reproducible builds."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
from typer.testing import CliRunner

from assembler import api
from assembler.cli import app
from assembler.errors import AssemblerError, ClauseError, OutputError
from assembler.library import Library

from .conftest import EXAMPLE, ROOT, SECOND, docx_text, flat, pdf_text, run_cli, variant, write_sheet

BAD = ROOT / "tests" / "fixtures" / "bad"
BAD_SHEETS = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".json"))


def _expectation(path: Path) -> tuple[str, str]:
    sidecar = path.with_suffix(".expect")
    text = sidecar.read_text() if sidecar.exists() else path.read_bytes().split(b"\n")[0].decode()
    field, words = text.removeprefix("# expect:").strip().split(" | ")
    return field, words


def test_there_are_at_least_forty_bad_term_sheets():
    assert len(BAD_SHEETS) >= 40


@pytest.mark.parametrize("path", BAD_SHEETS, ids=lambda p: p.stem)
def test_bad_term_sheet_exits_2_with_file_line_and_field(path, tmp_path):
    field, words = _expectation(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert re.match(rf"error: {re.escape(str(path))}:\d+: field '{re.escape(field)}': ", message), message
    assert words in message
    assert not out.exists()


def test_a_very_large_term_sheet_is_refused(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("company:\n  name: Larkspur\n" + "# padding\n" * 300_000)
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert re.match(rf"error: {re.escape(str(path))}:1: field '\(top level\)': is [\d,]+ bytes; a term sheet "
                    r"may be at most", result.stderr)


def test_the_alias_bomb_is_refused_at_once():
    """Nine aliases of nine aliases: expanding it would take gigabytes; the loader stops at the first."""
    path = BAD / "41-alias-bomb.yaml"
    with pytest.raises(AssemblerError) as caught:
        api.load_termsheet(path)
    assert caught.value.line == 3 and "alias" in caught.value.message


# --- hostile values -----------------------------------------------------------------------------

HOSTILE = {
    "company.name": 'A & B <Holdings> "Ltd"',
    "investor.name": "{{ 7*7 }} {% include '/etc/passwd' %}",
    "placement_agent.short_name": '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/hostname">',
    # (a control character itself is refused at load: tests/corpus/cases.yaml)
    "investor.notices.attention": "Bell\u2407 Null\u2400 Esc\u241b RTL \u202eevil\u202c and \u200fmark",
    "company.signatory.name": "Q" * 1_990,  # one word as long as a value may be (2,000 characters)
}
SHOWN = {**HOSTILE, "investor.notices.attention": "Bell\u2407 Null\u2400 Esc\u241b RTL \u202eevil\u202c and "
                                                  "\u200fmark"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    sheet = write_sheet(folder, variant(HOSTILE, base=SECOND))
    fetched = []
    from assembler.writers import pdf

    fetcher = pdf._setup()[1]

    def spy(url, *args, **kwargs):
        if not url.startswith(pdf.FONT_SCHEME):  # the package's own fonts are all it may read
            fetched.append(url)
        return type(fetcher).fetch(fetcher, url, *args, **kwargs)

    # Every PDF, document or letter, is HTML laid out by WeasyPrint through this one fetcher.
    fetcher.fetch = spy
    try:
        result = api.build(sheet, ("docx", "pdf", "txt"), folder / "out")
        letter = api.notice(sheet, "effectiveness", "initial-investor", dt.date(2024, 5, 10), folder / "letter")
    finally:
        del fetcher.fetch
    paths = {p.suffix: p for p in result.outputs if p.stem == "registration-rights-agreement"}
    return {"paths": paths, "fetched": fetched, "sheet": sheet, "folder": folder,
            "letter": {p.suffix: p for p in letter.outputs}}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_hostile_values_come_out_literally_in_text(hostile):
    text = hostile["paths"][".txt"].read_text()
    for value in SHOWN.values():
        assert _squeezed(value) in _squeezed(text), value[:40]
    assert "49" not in text


def test_hostile_values_come_out_literally_in_the_pdf_which_fetches_nothing(hostile):
    from pypdf import PdfReader

    path = hostile["paths"][".pdf"]
    text = pdf_text(path)
    for key in ("company.name", "investor.name", "placement_agent.short_name"):
        assert flat(SHOWN[key]) in flat(text), key
    assert "49" not in text
    assert hostile["fetched"] == []
    for pdf in (path, hostile["letter"][".pdf"]):
        data = pdf.read_bytes()
        assert b"/EmbeddedFile" not in data and b"/FileAttachment" not in data and b"/URI" not in data
        assert b"/XObject" not in data  # the <img> value is text, not a picture read from disk
        assert not PdfReader(str(pdf)).attachments


def test_hostile_values_leave_the_docx_well_formed_and_readable(hostile):
    path = hostile["paths"][".docx"]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(archive.read(name))  # raises if not well-formed
    text = docx_text(path)
    for key in ("company.name", "investor.name", "placement_agent.short_name", "investor.notices.attention"):
        assert flat(SHOWN[key]) in flat(text), key
    assert "49" not in text


def test_hostile_values_in_a_notice_letter(hostile):
    paths = hostile["letter"]
    with zipfile.ZipFile(paths[".docx"]) as archive:
        minidom.parseString(archive.read("word/document.xml"))
    text = paths[".txt"].read_text()
    assert SHOWN["investor.name"] in text and SHOWN["company.name"] in text and "49" not in text
    assert flat(SHOWN["company.name"]) in flat(pdf_text(paths[".pdf"]))


# --- sandboxed clause libraries -----------------------------------------------------------------

def _clause(tmp_path, source: str) -> Path:
    folder = tmp_path / "firm"
    path = folder / "registration_rights" / "expenses.xml.j2"
    path.parent.mkdir(parents=True)
    path.write_text(source)
    return folder


@pytest.mark.parametrize("reach", ["{{ ''.__class__.__mro__ }}", "{{ company.__class__ }}",
                                   "{{ cycler.__init__.__globals__ }}", "{{ lipsum.__globals__['os'] }}"])
def test_a_clause_reaching_for_python_internals_fails_clearly(tmp_path, reach):
    folder = _clause(tmp_path, f'<section id="rr.expenses">\n<p>{reach}</p></section>')
    with pytest.raises(ClauseError) as caught:
        api.assemble(api.load_termsheet(EXAMPLE), library=Library([folder]))
    message = caught.value.one_line()
    assert "expenses.xml.j2" in message
    assert "may not use" in message or "not in the term sheet" in message
    result = run_cli("build", str(EXAMPLE), "--library", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_a_clause_naming_an_undefined_variable_gives_file_and_line(tmp_path):
    folder = _clause(tmp_path, '<section id="rr.expenses">\n<p>\n{{ deal.secret }}</p></section>')
    with pytest.raises(ClauseError) as caught:
        api.assemble(api.load_termsheet(EXAMPLE), library=Library([folder]))
    assert "expenses.xml.j2:3" in caught.value.one_line() and "deal" in caught.value.one_line()


# --- output safety ------------------------------------------------------------------------------

def test_writes_are_atomic_and_a_failed_rename_puts_everything_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    (out / "b.txt").write_text("old b")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 5:  # the journal, a's backup and a, b's backup, then b fails
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(AssemblerError, match="cannot be written: disk full"):
        api.write_files({out / "a.txt": b"new a", out / "b.txt": b"new b", out / "c.txt": b"new c"},
                        force=True, root=out)
    monkeypatch.setattr(os, "replace", real)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporaries, no half build


def test_a_failure_in_the_middle_of_a_build_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    api.build(EXAMPLE, ("txt",), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    from assembler import writers

    real = writers.render
    count = []

    def failing(document, fmt, *options):
        count.append(document.name)
        if len(count) == 3:
            raise RuntimeError("renderer crashed")
        return real(document, fmt, *options)

    monkeypatch.setattr(writers, "render", failing)
    with pytest.raises(RuntimeError):
        api.build(variant_sheet(tmp_path), ("txt",), out, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def variant_sheet(tmp_path):
    return write_sheet(tmp_path, variant({"registration.filing_deadline_days": 45}))


def test_existing_output_needs_force(tmp_path):
    out = tmp_path / "out"
    api.build(EXAMPLE, ("txt",), out)
    with pytest.raises(OutputError) as caught:
        api.build(EXAMPLE, ("txt",), out)
    assert "--force" in caught.value.one_line()


def test_a_file_name_cannot_leave_the_output_folder(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        api.write_files({out / ".." / ".." / "x.txt": b"x"}, root=out)
    assert "outside the output folder" in caught.value.one_line()
    assert not (tmp_path.parent / "x.txt").exists()


def test_a_party_called_dot_dot_slash_stays_in_the_folder(tmp_path):
    data = variant({"other_investors": [{"name": "../../x", "notices": {"address": {
        "lines": ["1 Road"], "city": "Town", "state": "Maine", "postal_code": "04101"}}}]}, base=SECOND)
    sheet = write_sheet(tmp_path, data)
    out = tmp_path / "deep" / "out"
    made = api.notice(sheet, "misstatement", "all-investors", __import__("datetime").date(2024, 8, 1), out, ("txt",))
    assert all(p.resolve().parent == out.resolve() for p in made.outputs)
    assert sorted(p.name for p in out.iterdir()) == ["notice-misstatement-initial-investor-2024-08-01.txt",
                                                     "notice-misstatement-x-2024-08-01.txt"]


# --- reproducible builds ------------------------------------------------------------------------

def test_the_example_builds_byte_identical_docx_pdf_and_manifest(tmp_path):
    first = api.build(EXAMPLE, ("docx", "pdf"), tmp_path / "a")
    second = api.build(EXAMPLE, ("docx", "pdf"), tmp_path / "b")
    for a, b in zip(first.outputs, second.outputs):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name


def test_the_manifest_hashes_inputs_outputs_and_names_the_version(tmp_path):
    import assembler

    result = api.build(EXAMPLE, ("docx", "pdf", "txt"), tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["assembler"] == assembler.__version__
    assert manifest["termsheet"]["sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    outputs = [p for p in result.outputs if p.name != "manifest.json"]
    assert manifest["outputs"] == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in outputs}
    inputs = manifest["inputs"]
    for used in ("clauses/registration_rights/preamble.xml.j2", "clauses/common/notices.xml.j2",
                 "clauses/charter/body/capital.xml.j2", "templates/registration-rights-agreement.yaml",
                 "templates/certificate-of-incorporation.yaml", "templates/house-style.docx",
                 "templates/print.css"):
        assert used in inputs, used
        assert inputs[used] == hashlib.sha256((ROOT / used).read_bytes()).hexdigest()
    assert not any(key.startswith("clauses/letters/") for key in inputs)  # only what was used


def test_the_manifest_names_a_firms_clause_by_its_path(tmp_path):
    folder = _clause(tmp_path, '<section id="rr.expenses" title="Expenses"><p>The Company pays.</p></section>')
    api.build(EXAMPLE, ("txt",), tmp_path / "out", library_dirs=(str(folder),))
    inputs = json.loads((tmp_path / "out" / "manifest.json").read_text())["inputs"]
    ours = str(folder / "registration_rights" / "expenses.xml.j2")
    assert ours in inputs and "clauses/registration_rights/expenses.xml.j2" not in inputs
