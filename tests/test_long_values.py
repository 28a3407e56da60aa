"""A value as long as a value may be, with no space to break at, is printed whole in every format:
it breaks where it must rather than running off the page (where the PDF would lose it)."""
from __future__ import annotations

import datetime as dt

from assembler import api

from .conftest import docx_text, pdf_text, variant, write_sheet

WORD = "Q" * 1_990  # a value may hold 2,000 characters (termsheet.schema.Text)


def _letters(text: str) -> int:
    return "".join(text.split()).count("Q")


def test_a_long_unbroken_value_is_printed_whole_in_text_docx_pdf_and_a_letter(tmp_path):
    sheet = write_sheet(tmp_path, variant({"company.notices.attention": WORD, "investor.notices.attention": WORD}))
    out = tmp_path / "out"
    api.build(sheet, ("txt", "docx", "pdf"), out, only=("registration-rights-agreement",))
    texts = {"txt": (out / "registration-rights-agreement.txt").read_text(),
             "docx": docx_text(out / "registration-rights-agreement.docx"),
             "pdf": pdf_text(out / "registration-rights-agreement.pdf")}
    for fmt, text in texts.items():
        assert _letters(text) >= 2 * len(WORD), fmt  # both notice blocks, every letter of each
    letter = api.notice(sheet, "effectiveness", "initial-investor", dt.date(2001, 5, 14), tmp_path / "letter",
                        formats=("pdf",))
    assert _letters(pdf_text(letter.outputs[0])) >= len(WORD)
