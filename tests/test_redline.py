"""Redline between two versions: Word tracked changes that accept to the new words and reject to the old."""
from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from assembler import api

from .conftest import EXAMPLE, docx_text, flat, pdf_text, run_cli, variant, write_sheet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NEW_DATE = "2001-02-01"  # the example (the old version) is dated 2001-01-16


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
    paths = api.redline(EXAMPLE, new, out, ("docx", "pdf", "txt", "html"))
    return {"old": EXAMPLE, "new": new, "paths": {p.suffix[1:]: p for p in paths}, "folder": folder}


def _paragraphs(root, keep: str) -> list[str]:
    """Apply every revision ourselves: keep="insert" accepts all, keep="delete" rejects all. A paragraph
    whose mark is dropped joins the next, as in Word."""
    drop = "del" if keep == "insert" else "ins"
    texts, pending = [], ""
    for p in root.iter(f"{{{W}}}p"):
        words = []
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}delText"):
            inside = {a.tag.split("}")[1] for a in node.iterancestors()}
            if drop in inside:
                continue
            words.append(node.text or "")
        text = (pending + "".join(words)).replace("\u2060", "")  # (word joiners hold fields together)
        if p.find(f"w:pPr/w:rPr/w:{drop}", NS) is not None:
            pending = text
            continue
        pending = ""
        texts.append(" ".join(text.split()))
    return [t for t in texts if t]


def _document(path):
    return etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))


def _plain_docx_paragraphs(sheet, tmp_path) -> list[str]:
    """The version itself, built as an ordinary DOCX (no redline), paragraph by paragraph."""
    out = tmp_path / sheet.stem
    api.build(sheet, ("docx",), out, only=("registration-rights-agreement",))
    return _paragraphs(_document(out / "registration-rights-agreement.docx"), keep="insert")


LABEL = re.compile(r"^\(?[0-9a-zA-Z]{1,6}[.)](?: |$)")


def _without_legend(paragraphs):
    """The redline's paragraphs without its legend, and without the section number it writes as text
    (once every change is taken or refused, one number is left; the clean document's are Word's list
    numbers, not in its XML: LibreOffice compares those below)."""
    return [t for t in (LABEL.sub("", p, count=1) for p in paragraphs if not p.startswith("Redline of")) if t]


def test_accepting_every_change_gives_the_new_version(versions, tmp_path):
    accepted = _paragraphs(_document(versions["paths"]["docx"]), keep="insert")
    assert _without_legend(accepted) == _plain_docx_paragraphs(versions["new"], tmp_path)


def test_rejecting_every_change_gives_the_old_version(versions, tmp_path):
    rejected = _paragraphs(_document(versions["paths"]["docx"]), keep="delete")
    assert _without_legend(rejected) == _plain_docx_paragraphs(versions["old"], tmp_path)


def _revisions(path) -> list[tuple[str, str]]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    marks = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    return [(mark.get(f"{{{W}}}author"), mark.get(f"{{{W}}}date")) for mark in marks]


def test_every_revision_has_author_and_the_new_versions_date(versions):
    marks = _revisions(versions["paths"]["docx"])
    assert len(marks) > 10
    assert set(marks) == {("assembler", f"{NEW_DATE}T00:00:00Z")}


def test_revisions_are_dated_from_the_new_version(versions):
    root = _document(versions["paths"]["docx"])
    dates = {mark.get(f"{{{W}}}date") for mark in root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)}
    assert dates == {f"{NEW_DATE}T00:00:00Z"}  # the new term sheet's agreement date, not the old one's


def test_renumbered_section_shows_only_its_number_as_changed(versions):
    text = flat(versions["paths"]["txt"].read_text())
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
        for text in ("fifty (150)", "twenty (120)", "February 1,", "January 16,", "one hundred and",
                     "Jane Q. Doe", "Nelson Braff", "RULE 144"):
            for words in phrase(page, text):
                look = ("underlined" if all(underlined(w, page.rules) for w in words) else
                        "struck" if all(struck(w, page.rules) for w in words) else
                        "plain" if not any(underlined(w, page.rules) or struck(w, page.rules) for w in words)
                        else "mixed")
                looks.setdefault(text, set()).add(look)
    return looks


EXPECTED_MARKS = {"fifty (150)": "underlined", "twenty (120)": "struck",
                  "Jane Q. Doe": "underlined", "Nelson Braff": "struck"}


def _check_marks(looks: dict[str, set[str]]):
    for text, look in EXPECTED_MARKS.items():
        assert looks.get(text) == {look}, (text, looks.get(text))
    # The old date is struck where it changed, and plain where the recitals name the agreement.
    assert "struck" in looks["January 16,"] and "mixed" not in looks["January 16,"]
    # The new date is underlined where it changed, and plain in the legend naming the versions.
    assert "underlined" in looks["February 1,"] and not {"mixed", "struck"} & looks["February 1,"]
    assert "plain" in looks["one hundred and"]  # words both versions share are left alone


def test_pdf_redline_underlines_insertions_and_strikes_deletions(versions):
    _check_marks(_marks(versions["paths"]["pdf"]))
    page = versions["paths"]["html"].read_text()
    assert "<del>twenty (120)</del> <ins>fifty (150)</ins> days" in page  # the spaces outside the marks
    assert '<span class="label"><del>8.</del> <ins>7.</ins></span> Assignment' in page
    assert "ins { text-decoration: underline" in page and "del { text-decoration: line-through" in page
    text = flat(pdf_text(versions["paths"]["pdf"]))
    assert "one hundred and twenty (120) fifty (150) days" in text  # both sides shown, marked
    assert "8. 7. ASSIGNMENT" in text


def test_pdf_redline_marks_are_drawn(versions, tmp_path):
    """Looked at as a reader does: the struck-through words carry a line through them, the inserted
    ones a line under them, in the colours print.css gives (red, blue)."""
    import subprocess
    from PIL import Image
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(versions["paths"]["pdf"]),
                    str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    assert any(r > 150 and g < 60 and b < 60 for r, g, b in colours)   # deletions, red
    assert any(b > 150 and r < 60 for r, g, b in colours)              # insertions, blue


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
    # (LibreOffice's text export drops the heading style's capitals.)
    assert "fifty (150)" in text and "Assignment" in text


@pytest.fixture(scope="module")
def laid_out(versions):
    """The redline DOCX as LibreOffice lays it out, changes shown, page by page."""
    from .conftest import libreoffice_pdf, pdf_pages
    pdf = libreoffice_pdf([versions["paths"]["docx"]], versions["folder"] / "lo")[versions["paths"]["docx"]]
    return pdf_pages(pdf)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "txt"])
def test_redline_has_a_title_and_a_legend_naming_the_versions(versions, laid_out, fmt):
    from .conftest import pdf_pages
    text = {"docx": lambda: "".join(laid_out), "pdf": lambda: "".join(pdf_pages(versions["paths"]["pdf"])),
            "txt": lambda: versions["paths"]["txt"].read_text()}[fmt]()
    text = flat(text)
    assert text.startswith("REGISTRATION RIGHTS AGREEMENT Redline of the version dated February 1, 2001 against "
                           "the version dated January 16, 2001")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_redline_pages_have_footer_and_page_number(versions, laid_out, fmt):
    from .conftest import pdf_pages
    pages = laid_out if fmt == "docx" else pdf_pages(versions["paths"]["pdf"])
    assert len(pages) > 10
    for number, page in enumerate(pages, 1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        # The PDF's footer says the pages are a redline (issue 23, finding 7).
        footer = ("REDLINE " if fmt == "pdf" else "") + "HFNY2: #520846 v2/05466-0001 / 01/16/2001"
        assert lines[-2:] == [footer, str(number)]


def test_redline_docx_is_the_house_style_with_its_numbers_as_tracked_text(versions, tmp_path):
    """As compare tools write a redline: each number is text, a renumbered section's old number
    deleted and its new one inserted; the clean document keeps Word's live list numbering."""
    root = _document(versions["paths"]["docx"])
    styles = [p.find("w:pPr/w:pStyle", NS) for p in root.iter(f"{{{W}}}p")]
    names = {s.get(f"{{{W}}}val") for s in styles if s is not None}
    assert {"DocumentTitle", "ArticleHeading", "Clause", "Body"} <= names
    assert root.findall(".//w:pPr/w:numPr", NS) == []
    body = etree.tostring(root).decode()
    assert re.search(r"<w:b/></w:rPr><w:t>Registrable Securities</w:t>", body)  # defined terms bold
    heading = next(p for p in root.iter(f"{{{W}}}p") if "Assignment" in "".join(p.itertext()))
    assert ["".join(d.itertext()) for d in heading.iter(f"{{{W}}}del")] == ["8. "]
    assert ["".join(i.itertext()) for i in heading.iter(f"{{{W}}}ins")] == ["7. "]
    api.build(versions["new"], ("docx",), tmp_path, only=("registration-rights-agreement",))
    clean = _document(tmp_path / "registration-rights-agreement.docx")
    assert len(clean.findall(".//w:pPr/w:numPr", NS)) > 60  # sections numbered by Word's list, not typed


def test_libreoffice_shows_renumbered_sections_with_their_old_and_new_numbers(laid_out):
    """Each renumbered section shows its old number, struck, then its new one, apart; none shows a
    live list number LibreOffice worked out from the paragraphs it shows ("[8.]", "7.[9.]")."""
    text = flat("".join(laid_out))
    assert "7. RULE 144" in text
    assert "8. 7. ASSIGNMENT" in text and "9. 8. AMENDMENT AND WAIVER" in text
    assert "10. 9. CHANGES IN COMMON STOCK" in text and "11. 10. MISCELLANEOUS" in text
    # a cross-reference's old and new numbers apart, and an address line's old and new words
    assert "Section 8 7 hereof" in text and "Nelson Braff Jane Q. Doe" in text
    assert not re.search(r"\[\(?[0-9ivxlc]+[.)]\]", text)


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
    marks = {}
    for label, path in (("ours", source), ("libreoffice", tmp_path / "rt" / source.name)):
        root = _document(path)
        marks[label] = {
            "inserted": "".join("".join(m.itertext()) for m in root.iter(f"{{{W}}}ins")).replace("\xa0", " "),
            "deleted": "".join("".join(m.itertext()) for m in root.iter(f"{{{W}}}del")).replace("\xa0", " "),
            "authors": {m.get(f"{{{W}}}author") for m in root.iter(f"{{{W}}}ins", f"{{{W}}}del")}}
    # Every insertion and deletion survives, word for word (LibreOffice may split a deletion that runs
    # across paragraphs into one a paragraph).
    assert marks["libreoffice"] == marks["ours"]
    assert "fifty (150)" in marks["ours"]["inserted"] and "Rule 144With a view" in marks["ours"]["deleted"]
    assert marks["ours"]["authors"] == {"assembler"}


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


@pytest.fixture(scope="module")
def reviewed(versions):
    """The redline reviewed in LibreOffice: every change accepted, every change rejected, only the first
    accepted, only the first rejected; and each version as an ordinary DOCX, read by LibreOffice."""
    from .conftest import docx_texts, libreoffice_review
    folder = versions["folder"] / "review"
    folder.mkdir(exist_ok=True)
    done = {action: libreoffice_review(versions["paths"]["docx"], action, folder)
            for action in ("accept", "reject", "accept-first", "reject-first")}
    plain = {}
    for which in ("old", "new"):
        api.build(versions[which], ("docx",), folder / which, only=("registration-rights-agreement",))
        path = folder / which / "registration-rights-agreement.docx"
        plain[which] = docx_texts([path], folder / which / "lo")[path]  # one folder each: same file names
    return done, plain


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(l.replace("\u2060", "").split()) for l in text.splitlines()) if line and
            not line.startswith("Redline of")]


def test_libreoffice_accepting_every_change_gives_the_new_version(reviewed):
    done, plain = reviewed
    assert _lines(done["accept"]) == _lines(plain["new"])
    assert "7. Assignment" in done["accept"] and "With a view to making available" not in done["accept"]


def test_libreoffice_rejecting_every_change_gives_the_old_version(reviewed):
    done, plain = reviewed
    assert _lines(done["reject"]) == _lines(plain["old"])
    assert "8. Assignment" in done["reject"]


def test_libreoffice_takes_the_changes_one_by_one(reviewed):
    """The first change is the old date's deletion: accepting it alone takes out "January 16, " and
    leaves every other change pending (their words all still in the text)."""
    done, _ = reviewed
    first, rejected = flat(done["accept-first"]), flat(done["reject-first"])
    assert "Agreement dated February 1, 2001 (this" in first                # the old date gone
    assert "Agreement dated January 16, February 1, 2001 (this" in rejected  # the old date kept
    for pending in ("one hundred and twenty (120) fifty (150) days", "Nelson Braff", "Jane Q. Doe",
                    "With a view to making available"):
        assert pending in first and pending in rejected


def test_versions_of_one_date_are_named_by_their_files(tmp_path):
    new = write_sheet(tmp_path, variant({"registration.effectiveness_deadline_days": 150}), "new.yaml")
    paths = api.redline(EXAMPLE, new, tmp_path / "out", ("txt",))
    text = flat(paths[0].read_text())
    assert text.startswith("REGISTRATION RIGHTS AGREEMENT Redline of new.yaml against termsheet.yaml: insertions "
                           "are marked [+ +], deletions [- -]")  # the text's own marks
