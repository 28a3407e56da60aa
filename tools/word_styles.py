"""What the Word templates share: the page, the Normal style, and paragraph styles from a spec."""
from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt


def new_document():
    """A letter-size page with one-inch margins, and Times New Roman 12 pt as Normal."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(12)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    doc.core_properties.author = "assembler"
    return doc


def define(doc, name: str, spec: dict):
    """A paragraph style based on Normal; spec keys: align, before, after, left, first (inches),
    keep, bold, caps, size."""
    existing = [s.name for s in doc.styles]
    style = doc.styles[name] if name in existing else doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    fmt = style.paragraph_format
    fmt.alignment = spec.get("align", WD_ALIGN_PARAGRAPH.LEFT)
    fmt.left_indent = Inches(spec.get("left", 0))
    fmt.first_line_indent = Inches(spec.get("first", 0))
    fmt.space_before = Pt(spec.get("before", 0))
    fmt.space_after = Pt(spec.get("after", 12))
    fmt.keep_with_next = spec.get("keep", False)
    style.font.bold = spec.get("bold", False)
    style.font.all_caps = spec.get("caps", False)
    style.font.size = Pt(spec.get("size", 12))
    return style
