"""Write templates/house-style.docx: the Word styles the DOCX writer uses.

A firm restyles its documents by editing this file in Word (fonts, spacing,
indents) and keeping the style names. Run again after changing the defaults:

    python tools/make_house_style.py
"""
from __future__ import annotations

import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
from assembler.writers.docx import STYLES, save  # noqa: E402
from word_styles import define, new_document  # noqa: E402


def main() -> None:
    doc = new_document()
    for name, spec in STYLES.items():
        define(doc, name, spec)
    out = ROOT / "templates" / "house-style.docx"
    out.write_bytes(save(doc))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
