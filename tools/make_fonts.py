"""Make src/assembler/fonts/ from Debian's font packages, so that a PDF never depends on what
fonts the machine has.

    apt-get download fonts-liberation2 fonts-noto-core fonts-droid-fallback fonts-symbola
    for d in *.deb; do dpkg-deb -x "$d" x; done
    python tools/make_fonts.py x

Liberation Serif (the house face; Times New Roman's metrics) ships whole. The fallbacks carry
what it lacks, cut down to that: Noto Naskh Arabic whole; Droid Sans Fallback to the Chinese
and Japanese of GB 2312 and JIS X 0208 with kana and CJK punctuation (the full font is 4 MB);
Symbola to symbols, dingbats, control pictures and emoji. ``coverage.txt`` lists, as ranges,
every character some shipped face draws; lint's ``missing-glyph`` reads it, and a test checks
it against the fonts' own tables.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "src" / "assembler" / "fonts"
WHOLE = {
    "usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf": "LiberationSerif-Regular.ttf",
    "usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf": "LiberationSerif-Bold.ttf",
    "usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf": "LiberationSerif-Italic.ttf",
    "usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf": "LiberationSerif-BoldItalic.ttf",
    "usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf": "NotoNaskhArabic-Regular.ttf",
    "usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf": "NotoNaskhArabic-Bold.ttf",
}
CJK_SOURCE = "usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
SPACES = {0x20, 0xA0, 0x3000}
SYMBOLS_SOURCE = "usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"


def _encodable(codec: str, ranges: list[tuple[int, int]]) -> set[int]:
    """Each character of two-byte ``codec`` whose lead and trail bytes lie in ``ranges``."""
    found = set()
    for lead in range(*ranges[0]):
        for trail in range(*ranges[1]):
            try:
                found.update(map(ord, bytes([lead, trail]).decode(codec)))
            except UnicodeDecodeError:
                pass
    return found


def cjk_characters() -> set[int]:
    chars = _encodable("gb2312", [(0xA1, 0xF8), (0xA1, 0xFF)])
    chars |= _encodable("euc_jp", [(0xA1, 0xF5), (0xA1, 0xFF)])
    chars |= set(range(0x3000, 0x3100)) | set(range(0xFF00, 0xFFF0))  # punctuation, kana, full width
    # Latin, Greek, Cyrillic come from Liberation Serif; but a space between two CJK words is set
    # in the CJK face, so it keeps its spaces.
    return {c for c in chars if c >= 0x2E80} | SPACES


def symbol_characters() -> set[int]:
    return set(range(0x2000, 0x2C00)) | set(range(0x1F000, 0x1FA00)) | {0xFFFD} | SPACES


def _subset(source: Path, target: Path, chars: set[int]):
    options = subset.Options()
    options.name_IDs = ["*"]          # keep the copyright and licence names
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.hinting = False           # PDFs are not hinted; it halves Symbola
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars & set(font.getBestCmap())))
    subsetter.subset(font)
    font.save(target)


def coverage(folder: Path) -> str:
    drawn: set[int] = set()
    for path in sorted(folder.glob("*.ttf")):
        drawn |= {c for c, glyph in TTFont(path, lazy=True).getBestCmap().items() if glyph != ".notdef"}
    ranges, start = [], None
    for c in sorted(drawn):
        if start is None:
            start = end = c
        elif c == end + 1:
            end = c
        else:
            ranges.append((start, end))
            start = end = c
    ranges.append((start, end))
    return "".join(f"{a:X}-{b:X}\n" for a, b in ranges)


def main(root: str):
    root_path = Path(root)
    OUT.mkdir(exist_ok=True)
    for source, name in WHOLE.items():
        shutil.copyfile(root_path / source, OUT / name)
    _subset(root_path / CJK_SOURCE, OUT / "DroidSansFallback-CJK.ttf", cjk_characters())
    _subset(root_path / SYMBOLS_SOURCE, OUT / "Symbola-Symbols.ttf", symbol_characters())
    (OUT / "coverage.txt").write_text(coverage(OUT))


if __name__ == "__main__":
    main(sys.argv[1])
