"""Redline between two versions: Word tracked changes that accept to the new words and reject to the old."""
from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from assembler import api, redline

from .conftest import EXAMPLE, docx_text, flat, pdf_text, run_cli, variant, write_sheet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    new = write_sheet(folder, variant({
        "registration.effectiveness_deadline_days": 150,        # a value
        "rule_144.enabled": False,                              # a whole article out: later ones renumber
        "investor.notices.attention": "Jane Q. Doe",            # a new notice address line
    }), "new.yaml")
    out = folder / "out"
    paths = api.redline(EXAMPLE, new, out, ("docx", "pdf", "txt"))
    return {"old": EXAMPLE, "new": new, "paths": {p.suffix[1:]: p for p in paths}}


def _paragraphs(path, keep: str) -> list[str]:
    """Apply every revision ourselves: keep="insert" accepts all, keep="delete" rejects all."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    drop = "del" if keep == "insert" else "ins"
    texts = []
    for p in root.iter(f"{{{W}}}p"):
        if p.find(f"w:pPr/w:rPr/w:{drop}", NS) is not None:
            continue  # the whole paragraph goes
        words = []
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}delText"):
            inside = {a.tag.split("}")[1] for a in node.iterancestors()}
            if f"{drop}" in inside:
                continue
            words.append(node.text or "")
        texts.append(" ".join("".join(words).split()))
    return [t for t in texts if t]


def _expected(sheet) -> list[str]:
    document = api.assemble(api.load_termsheet(sheet))
    return [" ".join(line.text.split()) for line in redline.flatten(document) if line.text.strip()]


def test_accepting_every_change_gives_the_new_version(versions):
    assert _paragraphs(versions["paths"]["docx"], keep="insert") == _expected(versions["new"])


def test_rejecting_every_change_gives_the_old_version(versions):
    assert _paragraphs(versions["paths"]["docx"], keep="delete") == _expected(versions["old"])


def test_every_revision_has_author_and_date(versions):
    root = etree.fromstring(zipfile.ZipFile(versions["paths"]["docx"]).read("word/document.xml"))
    marks = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    assert len(marks) > 10
    for mark in marks:
        assert mark.get(f"{{{W}}}author") == "assembler"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", mark.get(f"{{{W}}}date"))


def test_renumbered_section_shows_only_its_number_as_changed(versions):
    text = versions["paths"]["txt"].read_text()
    assert "[-8.-] [+7.+] ASSIGNMENT" in text
    assert "in accordance with Section [-8-] [+7+] hereof" in text
    assert "one hundred and [-twenty (120)-] [+fifty (150)+] days" in text
    assert "[-7. RULE 144-]" in text
    assert "Attention: [-Nelson Braff-] [+Jane Q. Doe+]" in text


def test_pdf_redline_underlines_insertions_and_strikes_deletions(versions):
    from assembler.writers import redline as draw
    old = api.assemble(api.load_termsheet(versions["old"]))
    new = api.assemble(api.load_termsheet(versions["new"]))
    page = draw.html(redline.compare(old, new), "x")
    assert "<ins>fifty (150) </ins>" in page and "<del>twenty (120) </del>" in page
    assert "ins { text-decoration: underline" in page and "del { text-decoration: line-through" in page
    text = flat(pdf_text(versions["paths"]["pdf"]))
    assert "one hundred and twenty (120) fifty (150) days" in text  # both sides shown, marked


def test_libreoffice_opens_the_redline(versions):
    text = flat(docx_text(versions["paths"]["docx"]))
    assert "fifty (150)" in text and "ASSIGNMENT" in text


def test_redline_on_the_cli(versions, tmp_path):
    done = run_cli("redline", str(versions["old"]), str(versions["new"]), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf"]
    again = run_cli("redline", str(versions["old"]), str(versions["new"]), "--out", str(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_libreoffice_reads_the_changes_as_tracked_revisions(versions, tmp_path):
    """Round-tripped through LibreOffice, every revision survives as a revision, with its author."""
    import subprocess

    from .conftest import need
    need("soffice")
    source = versions["paths"]["docx"]
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "rt"), str(source)],
                   check=True, capture_output=True, timeout=180)
    count = {}
    for label, path in (("ours", source), ("libreoffice", tmp_path / "rt" / source.name)):
        body = zipfile.ZipFile(path).read("word/document.xml").decode()
        count[label] = (body.count("<w:ins "), body.count("<w:del "), set(re.findall(r'w:author="([^"]+)"', body)))
    assert count["libreoffice"] == count["ours"]
    assert count["ours"][0] > 0 and count["ours"][1] > 0 and count["ours"][2] == {"assembler"}
