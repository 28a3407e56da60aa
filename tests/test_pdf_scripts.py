"""No character lost silently: names in other scripts print from the shipped fonts, and what
pdftotext reads is what the page shows; a character no shipped font has stops the build with
``missing-glyph`` naming the field, or in a draft prints as [U+XXXX]."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assembler import api
from assembler.errors import LintError
from assembler.writers import pdf

from .conftest import EXAMPLE, flat, need, pdf_text, run_cli, variant, write_sheet

FONTS = Path(pdf.__file__).resolve().parent.parent / "fonts"

NAMES = {
    "Greek": "Αθηνά Παπαδοπούλου Α.Ε.",
    "Cyrillic": "ООО «Ирина Петрова»",
    "Hebrew": "דוד כהן בע״מ",
    "Arabic": "شركة محمد علي",
    "Chinese": "北京张伟有限公司",
    "Japanese": "山田太郎 カブシキガイシャ さくら",
    "emoji": "Rocket 🚀 Fund ☕",
    "control pictures": "Bell\u2407 Escape\u241b",
}


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """The agreement with the investor's name in each script: the PDF and what pdftotext reads."""
    folder = tmp_path_factory.mktemp("scripts")
    built = {}
    for script, name in NAMES.items():
        sheet = write_sheet(folder, variant({"investor.name": name}), f"{script.replace(' ', '-')}.yaml")
        out = folder / script.replace(" ", "-")
        api.build(sheet, ("pdf",), out, only=("registration-rights-agreement",))
        path = out / "registration-rights-agreement.pdf"
        built[script] = (path, flat(pdf_text(path)))
    return built


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_each_script_prints_and_reads_back(scripts, script):
    path, text = scripts[script]
    assert text.count(NAMES[script]) >= 2, text[:400]  # the preamble and the signature page
    need("pdffonts")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("-Assembler" in row and row.split()[-5:-3] == ["yes", "yes"] for row in rows), fonts
    expected = {"Arabic": "Noto-Naskh-Arabic", "Chinese": "Droid-Sans-Fallback", "Japanese": "Droid-Sans-Fallback",
                "emoji": "Symbola", "control pictures": "Symbola"}.get(script, "Liberation-Serif")
    assert expected in fonts


def test_the_coverage_list_is_what_the_fonts_draw():
    """coverage.txt (read by lint and the writer) against the fonts' own character maps."""
    from fontTools.ttLib import TTFont

    drawn = set()
    for face in FONTS.glob("*.ttf"):
        drawn |= {code for code, glyph in TTFont(face, lazy=True).getBestCmap().items() if glyph != ".notdef"}
    listed = set()
    for line in (FONTS / "coverage.txt").read_text().split():
        start, end = (int(part, 16) for part in line.split("-"))
        listed |= set(range(start, end + 1))
    assert listed == drawn
    for name in NAMES.values():
        assert all(ord(c) in drawn for c in name if c != " "), name
    assert all(code in drawn for code in range(0x2400, 0x2427))  # every control picture
    assert 0xD55C not in drawn  # Korean is not shipped: that is what missing-glyph is for


def test_the_fonts_ship_with_their_licences():
    names = {path.name for path in FONTS.iterdir()}
    assert {"OFL.txt", "Apache-2.0.txt", "LICENSES.md"} <= names
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text()
    listed = (FONTS / "LICENSES.md").read_text()
    for face in FONTS.glob("*.ttf"):
        assert face.name.split("-")[0] in listed, face.name
    total = sum(path.stat().st_size for path in FONTS.iterdir())
    assert total < 6_000_000  # no 20 MB CJK font


KOREAN = "한국 주식회사"


def test_a_character_no_font_has_stops_the_build_naming_field_and_character(tmp_path):
    sheet = write_sheet(tmp_path, variant({"investor.name": KOREAN}))
    with pytest.raises(LintError) as caught:
        api.build(sheet, ("pdf",), tmp_path / "out")
    found = [f for f in caught.value.findings if f.rule == "missing-glyph"]
    assert len(found) == 1 and found[0].place == "investor.name" and "'한' (U+D55C, HANGUL SYLLABLE HAN)" in found[0].message
    assert found[0].line and not (tmp_path / "out").exists()
    done = run_cli("build", str(sheet), "--format", "pdf", "--out", str(tmp_path / "cli"))
    assert done.returncode != 0 and "missing-glyph" in done.stderr and "investor.name" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "cli").exists()
    # A DOCX keeps every character: the rule is the PDF's.
    api.build(sheet, ("docx", "txt"), tmp_path / "docx")
    assert KOREAN in (tmp_path / "docx" / "registration-rights-agreement.txt").read_text()


def test_a_draft_prints_the_missing_character_as_its_code_and_pdftotext_agrees(tmp_path):
    sheet = write_sheet(tmp_path, variant({"investor.name": KOREAN}))
    api.build(sheet, ("pdf",), tmp_path / "out", draft=True, only=("registration-rights-agreement",))
    text = flat(pdf_text(tmp_path / "out" / "registration-rights-agreement.pdf"))
    shown = "[U+D55C][U+AD6D] [U+C8FC][U+C2DD][U+D68C][U+C0AC]"
    assert shown in text and "한" not in text and "DRAFT" in text


def test_a_letter_cannot_lose_a_character_either(tmp_path):
    import datetime as dt

    from assembler.errors import OutputError

    sheet = write_sheet(tmp_path, variant({"investor.name": KOREAN}))
    with pytest.raises(OutputError) as caught:
        api.notice(sheet, "effectiveness", "initial-investor", dt.date(2001, 5, 14), tmp_path / "out", ("pdf",))
    assert "U+D55C" in caught.value.one_line() and not (tmp_path / "out").exists()
