"""Write templates/letterhead.docx: the docxtpl template every notice letter's DOCX comes from.

A firm restyles its letters by opening the file in Word and changing fonts,
spacing, a logo or a rule under the letterhead, keeping the {{ }} and {%p %}
tags where they are. Run again to get back to the defaults:

    python tools/make_letterhead.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
from assembler.writers.docx import _field, save  # noqa: E402
from word_styles import define, new_document  # noqa: E402

CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
STYLES = {
    "Letterhead Name": dict(align=CENTER, bold=True, size=15, after=0),
    "Letterhead Line": dict(align=CENTER, size=9.5, after=0),
    "Letter Date": dict(align=LEFT, before=24),
    "Letter Delivery": dict(align=LEFT, bold=True, caps=True, size=10.5),
    "Letter Address": dict(align=LEFT, after=0),
    "Letter Quoted Address": dict(align=LEFT, after=0, left=1.0, keep=True),
    "Letter Subject": dict(align=LEFT, bold=True, before=12, left=0.5, first=-0.5),
    "Letter Text": dict(align=LEFT),
    # The body's last paragraph keeps with the closing, so a signature never stands alone on a page.
    "Letter Text Last": dict(align=LEFT, keep=True),
    "Letter Continuation": dict(align=LEFT, after=0),
    "Letter Signature": dict(align=LEFT, after=0, left=3.25, keep=True),
    "Letter Signatory": dict(align=LEFT, after=0, left=3.25, keep=True, bold=True),
    # The enclosures and the copy block go to a page together, never split.
    "Letter Copy": dict(align=LEFT, after=0, size=10.5, keep=True),
}

# (style, text): each text a paragraph; "{%p ... %}" paragraphs are docxtpl's loop and if tags.
BODY = [
    ("Letterhead Name", "{{ letterhead.name }}"),
    ("Letterhead Line", "{%p for line in letterhead.lines %}"),
    ("Letterhead Line", "{{ line }}"),
    ("Letterhead Line", "{%p endfor %}"),
    ("Letterhead Line", "{{ letterhead.contact }}"),
    ("Letter Date", "{{ date }}"),
    ("Letter Delivery", "{{ delivery }}"),
    ("Letter Address", "{%p for line in recipient %}"),
    ("Letter Address", "{{ line }}"),
    ("Letter Address", "{%p endfor %}"),
    ("Letter Subject", "Re:\t{{ subject }}"),
    ("Letter Text", "{{ salutation }}"),
    ("Letter Text", "{%p for item in body %}"),
    ("Letter Text", "{%p if item.lines %}"),
    ("Letter Quoted Address", "{%p for line in item.lines %}"),
    ("Letter Quoted Address", "{{ line }}"),
    ("Letter Quoted Address", "{%p endfor %}"),
    ("Letter Text", ""),
    ("Letter Text", "{%p elif loop.last %}"),
    ("Letter Text Last", "{{ item.text }}"),
    ("Letter Text", "{%p else %}"),
    ("Letter Text", "{{ item.text }}"),
    ("Letter Text", "{%p endif %}"),
    ("Letter Text", "{%p endfor %}"),
    ("Letter Signature", "{{ closing }}"),
    ("Letter Signature", ""),
    ("Letter Signatory", "{{ signature.entity }}"),
    ("Letter Signature", ""),
    ("Letter Signature", ""),
    ("Letter Signature", "By: {{ signature.by }}"),
    ("Letter Signature", "Name: {{ signature.name }}"),
    ("Letter Signature", "Title: {{ signature.title }}"),
    ("Letter Text", "{%p if acknowledgements %}"),
    ("Letter Text", ""),
    ("Letter Text", "{{ acknowledgement_heading }}"),
    ("Letter Signature", "{%p for sig in acknowledgements %}"),
    ("Letter Signature", ""),
    ("Letter Signatory", "{{ sig.entity }}"),
    ("Letter Signature", ""),
    ("Letter Signature", ""),
    ("Letter Signature", "By: {{ sig.by }}"),
    ("Letter Signature", "Name: {{ sig.name }}"),
    ("Letter Signature", "Title: {{ sig.title }}"),
    ("Letter Signature", "{%p endfor %}"),
    ("Letter Text", "{%p endif %}"),
    ("Letter Copy", "{%p for enclosure in enclosures %}"),
    ("Letter Copy", ""),
    ("Letter Copy", "Enclosure: {{ enclosure }}"),
    ("Letter Copy", "{%p endfor %}"),
    ("Letter Copy", "{%p if copy_to %}"),
    ("Letter Copy", ""),
    ("Letter Copy", "With a copy to:"),
    ("Letter Copy", "{%p for line in copy_to %}"),
    ("Letter Copy", "{{ line }}"),
    ("Letter Copy", "{%p endfor %}"),
    ("Letter Copy", "{%p endif %}"),
]


def main() -> None:
    doc = new_document()
    for name, spec in STYLES.items():
        define(doc, name, spec)
    _rule_below(doc.styles["Letterhead Line"])
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    for style, text in BODY:
        doc.add_paragraph(text, style=style)
    _header_and_footer(doc)
    doc.core_properties.title = "Notice letter"
    out = ROOT / "templates" / "letterhead.docx"
    out.write_bytes(save(doc))
    print(f"wrote {out}")


def _header_and_footer(doc) -> None:
    """Pages after the first carry a continuation heading (addressee, date, page); every page has
    its number in the footer."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    lines = header.paragraphs[0]
    lines.style = doc.styles["Letter Continuation"]
    lines.text = "{{ continuation.addressee }}"
    header.add_paragraph("{{ continuation.date }}", style="Letter Continuation")
    page = header.add_paragraph("Page ", style="Letter Continuation")
    _field(page, "PAGE", "2")
    page.paragraph_format.space_after = Pt(18)
    section.first_page_header.is_linked_to_previous = False
    for footer in (section.footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        number = footer.paragraphs[0]
        number.alignment = CENTER
        _field(number, "PAGE", "1")


def _rule_below(style) -> None:
    """A thin rule under the letterhead block: Word draws one border under consecutive paragraphs
    of the same style, so the whole block gets a single line."""
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "6"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


if __name__ == "__main__":
    main()
