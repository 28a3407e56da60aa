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
NEW_DATE = "2001-02-20"  # the example (the old version) is dated 2001-01-16


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    new = write_sheet(folder, variant({
        "registration.effectiveness_deadline_days": 150,        # a value
        "rule_144.enabled": False,                              # a whole article out: later ones renumber
        "investor.notices.attention": "Jane Q. Doe",            # a new notice address line
        "agreement.date": NEW_DATE,                             # the new version's own date
    }), "new.yaml")
    out = folder / "out"
    paths = api.redline(EXAMPLE, new, out, ("docx", "pdf", "html", "txt"))
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


def _revisions(path) -> list[tuple[str, str]]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    marks = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    return [(mark.get(f"{{{W}}}author"), mark.get(f"{{{W}}}date")) for mark in marks]


def test_every_revision_has_author_and_the_new_versions_date(versions):
    marks = _revisions(versions["paths"]["docx"])
    assert len(marks) > 10
    assert set(marks) == {("assembler", f"{NEW_DATE}T00:00:00Z")}


def test_renumbered_section_shows_only_its_number_as_changed(versions):
    text = versions["paths"]["txt"].read_text()
    assert "[-8.-] [+7.+] ASSIGNMENT" in text
    assert "in accordance with Section [-8-] [+7+] hereof" in text
    assert "one hundred and [-twenty (120)-] [+fifty (150)+] days" in text
    assert "[-7. RULE 144-]" in text
    assert "Attention: [-Nelson Braff-] [+Jane Q. Doe+]" in text


def _marks(pdf_path) -> dict[str, set[str]]:
    """How the page draws each side of the changes, read from the drawing: for each phrase, whether
    every word of it is underlined, struck through, or plain."""
    from .pdf_geometry import pages, phrase, struck, underlined

    looks: dict[str, set[str]] = {}
    for page in pages(pdf_path):
        for text in ("fifty (150)", "twenty (120)", "February 20,", "January 16,", "one hundred and",
                     "Jane Q. Doe", "Nelson Braff", "RULE 144"):
            for words in phrase(page, text):
                look = ("underlined" if all(underlined(w, page.rules) for w in words) else
                        "struck" if all(struck(w, page.rules) for w in words) else
                        "plain" if not any(underlined(w, page.rules) or struck(w, page.rules) for w in words)
                        else "mixed")
                looks.setdefault(text, set()).add(look)
    return looks


EXPECTED_MARKS = {"fifty (150)": "underlined", "twenty (120)": "struck", "February 20,": "underlined",
                  "Jane Q. Doe": "underlined", "Nelson Braff": "struck"}


def _check_marks(looks: dict[str, set[str]]):
    for text, look in EXPECTED_MARKS.items():
        assert looks.get(text) == {look}, (text, looks.get(text))
    # The old date is struck where it changed, and plain where the recitals name the agreement.
    assert "struck" in looks["January 16,"] and "mixed" not in looks["January 16,"]
    assert "plain" in looks["one hundred and"]  # words both versions share are left alone


def test_pdf_redline_underlines_insertions_and_strikes_deletions(versions):
    _check_marks(_marks(versions["paths"]["pdf"]))
    text = flat(pdf_text(versions["paths"]["pdf"]))
    assert "one hundred and twenty (120) fifty (150) days" in text  # both sides shown, marked


def test_html_redline_in_chromium_underlines_insertions_and_strikes_deletions(versions, tmp_path):
    """The page as a browser lays it out: Chromium prints it to PDF, and the drawing is read back."""
    import subprocess

    from .conftest import need
    need("chromium")
    printed = tmp_path / "printed.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={printed}",
                    versions["paths"]["html"].as_uri()], check=True, capture_output=True, timeout=120)
    _check_marks(_marks(printed))
    html = versions["paths"]["html"].read_text()
    assert "<script" not in html.lower() and "http://" not in html and "file:" not in html


def test_libreoffice_opens_the_redline(versions):
    text = flat(docx_text(versions["paths"]["docx"]))
    assert "fifty (150)" in text and "ASSIGNMENT" in text


def test_redline_on_the_cli_dates_its_revisions_from_the_new_version(versions, tmp_path):
    done = run_cli("redline", str(versions["old"]), str(versions["new"]), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf"]
    assert set(_revisions(tmp_path / "registration-rights-agreement-redline.docx")) == \
        {("assembler", f"{NEW_DATE}T00:00:00Z")}
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


def test_redline_format_html_on_the_cli(versions, tmp_path):
    from lxml import html as parse_html

    done = run_cli("redline", str(versions["old"]), str(versions["new"]), "--out", str(tmp_path),
                   "--format", "html")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["registration-rights-agreement-redline.html"]
    page = parse_html.fromstring((tmp_path / "registration-rights-agreement-redline.html").read_bytes())
    inserted = [" ".join(e.text_content().split()) for e in page.iter("ins")]
    deleted = [" ".join(e.text_content().split()) for e in page.iter("del")]
    assert "fifty (150)" in inserted and "Jane Q. Doe" in inserted
    assert "twenty (120)" in deleted and "Nelson Braff" in deleted
