"""`assembler library import`: a Word precedent becomes a draft library that builds right away.

The precedents are made here: the agreement assembler writes, with its values replaced by bracketed
placeholders (python-docx); the same re-saved by LibreOffice with its numbering typed and its fields
unlinked; the charter; and a mutual NDA written for these tests. Each is imported, its skeleton filled
with the precedent's own values, and the build compared word for word with the precedent's text
(tests/fidelity.py, the project's scorer).
"""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from . import fidelity
from .conftest import EXAMPLE, ROOT, SECOND, need, run_cli

# The agreement of the second deal: each value as the document writes it → the placeholder put in
# its place → the value as a term sheet gives it.
AGREEMENT_VALUES = [
    ("BRIGHTWATER ROBOTICS CORP.", "[COMPANY NAME]", "Brightwater Robotics Corp."),
    ("Brightwater Robotics Corp.", "[Company Name]", "Brightwater Robotics Corp."),
    ("HARBORVIEW OPPORTUNITY FUND, L.P.", "[INVESTOR NAME]", "Harborview Opportunity Fund, L.P."),
    ("Harborview Opportunity Fund, L.P.", "[Investor Name]", "Harborview Opportunity Fund, L.P."),
    ("March 5, 2024", "[insert date]", "2024-03-05"),
    ("March 8, 2024", "[Closing Date]", "2024-03-08"),
    ("forty-five (45) days", "[___] days", 45),
    ("$2,500,000", "$[●]", 2500000),
    ("400 Innovation Way, Suite 210, Reno, Nevada 89501", "[Company Address]",
     "400 Innovation Way, Suite 210, Reno, Nevada 89501"),
    ("Dana K. Whitfield", "[Company Officer]", "Dana K. Whitfield"),
    ("Granite Peak", "[Placement Agent]", "Granite Peak"),
    ("Cayman Islands", "[Investor Jurisdiction]", "Cayman Islands"),
]

CHARTER_VALUES = [
    ("THE AUXER GROUP, INC.", "[CORPORATION NAME]", "THE AUXER GROUP, INC."),
    ("Eugene Chiaramonte", "[Incorporator]", "Eugene Chiaramonte"),
    ("25,000,000", "[authorized shares]", 25000000),
]


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def with_placeholders(source: Path, target: Path, values: list[tuple]) -> None:
    """The document with each value replaced by its placeholder, run by run (python-docx)."""
    document = Document(str(source))
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            text = run.text
            for shown, placeholder, _ in values:
                text = text.replace(shown, placeholder)
            if text != run.text:
                run.text = text
    document.save(str(target))


def typed_and_unlinked(source: Path, target: Path, folder: Path) -> None:
    """The document as a re-save leaves it: Word's list numbers typed into the text, REF fields
    replaced by the text they showed, then the file opened and saved again by LibreOffice."""
    from assembler.importer.reading import read

    labels = [p.runs[0].text if p.label else None for p in read(source).paragraphs]
    document = Document(str(source))
    body = list(document.element.body.iter(qn("w:p")))
    for p, label in zip(body, labels):
        numpr = p.find(qn("w:pPr") + "/" + qn("w:numPr"))
        if numpr is not None:
            numpr.getparent().remove(numpr)
        if label:
            first = p.find(qn("w:r"))
            run = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{label}</w:t></w:r>')
            (first.addprevious(run) if first is not None else p.append(run))
    for p in body:  # unlink fields: drop the field characters and codes, keep what they showed
        for run in list(p.iter(qn("w:r"))):
            if run.find(qn("w:fldChar")) is not None or run.find(qn("w:instrText")) is not None:
                run.getparent().remove(run)
    typed = folder / "typed.docx"
    document.save(str(typed))
    need("soffice")
    out = folder / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(typed)],
                   check=True, capture_output=True, timeout=300)
    shutil.move(str(out / "typed.docx"), str(target))


def fill(library: Path, values: dict, target: Path) -> dict:
    """The skeleton, each null fact given the precedent's own value: found by the placeholder the
    report says the fact stands for."""
    report = json.loads((library / "import-report.json").read_text())
    sheet = yaml.safe_load((library / "termsheet.skeleton.yaml").read_text())
    facts = sheet[report["key"]]
    for fact in report["facts"]:
        if facts.get(fact["name"]) is None:
            known = [values[p] for p in fact["placeholders"] if p in values]
            assert known, f"no value for {fact['name']} ({fact['placeholders']})"
            facts[fact["name"]] = known[0]
    target.write_text(yaml.safe_dump(sheet, sort_keys=False, allow_unicode=True))
    return report


def build_text(sheet: Path, library: Path, out: Path) -> str:
    done = run_cli("build", str(sheet), "--library", str(library), "--out", str(out), "--format", "txt,docx")
    assert done.returncode == 0, done.stderr
    texts = list(out.glob("*.txt"))
    assert len(texts) == 1, texts
    return texts[0].read_text(encoding="utf-8")


def fidelity_of(generated: str, reference: str) -> tuple[float, list]:
    return fidelity.score(fidelity.words(generated), fidelity.words(reference))
