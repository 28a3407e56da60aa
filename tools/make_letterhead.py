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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
from assembler.writers.docx import normalise_zip  # noqa: E402
from word_styles import define, new_document  # noqa: E402

CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
STYLES = {
    "Letterhead Name": dict(align=CENTER, bold=True, size=15, after=0),
    "Letterhead Line": dict(align=CENTER, size=9.5, after=0),
    "Letter Date": dict(align=LEFT, before=24),
    "Letter Delivery": dict(align=LEFT, bold=True, caps=True, size=10.5),
    "Letter Address": dict(align=LEFT, after=0),
    "Letter Quoted Address": dict(align=LEFT, after=0, left=1.0, keep=True),
    "Letter Subject": dict(align=LEFT, bold=True, before=12, left=0.5, first=-0.5),
    "Letter Text": dict(align=JUSTIFY),
    "Letter Signature": dict(align=LEFT, after=0, left=3.25, keep=True),
    "Letter Signatory": dict(align=LEFT, after=0, left=3.25, keep=True, bold=True),
    "Letter Copy": dict(align=LEFT, after=0, size=10.5),
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
    doc.core_properties.title = "Notice letter"
    out = ROOT / "templates" / "letterhead.docx"
    import io
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(normalise_zip(buffer.getvalue()))
    print(f"wrote {out}")


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
