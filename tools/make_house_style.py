"""Write templates/house-style.docx: the Word styles the DOCX writer uses.

A firm restyles its documents by editing this file in Word (fonts, spacing,
indents) and keeping the style names. Run again after changing the defaults:

    python tools/make_house_style.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from assembler.writers.docx import STYLES, normalise_zip  # noqa: E402


def main() -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(12)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, spec in STYLES.items():
        style = doc.styles[name] if name in [s.name for s in doc.styles] else \
            doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        fmt = style.paragraph_format
        fmt.alignment = spec.get("align", WD_ALIGN_PARAGRAPH.JUSTIFY)
        fmt.left_indent = Inches(spec.get("left", 0))
        fmt.first_line_indent = Inches(spec.get("first", 0))
        fmt.space_after = Pt(spec.get("after", 12))
        fmt.keep_with_next = spec.get("keep", False)
        style.font.bold = spec.get("bold", False)
        style.font.all_caps = spec.get("caps", False)
        style.font.size = Pt(spec.get("size", 12))
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    doc.core_properties.author = "assembler"
    out = ROOT / "templates" / "house-style.docx"
    doc.save(out)
    out.write_bytes(normalise_zip(out.read_bytes()))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
