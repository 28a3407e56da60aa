#!/usr/bin/env python3
"""Fidelity: how closely a generated document's words follow a reference text.

    python3 tests/fidelity.py GENERATED REFERENCE [--show N] [--min RATIO]

GENERATED is .txt, .docx (read by LibreOffice, so that Word's list numbers count) or .pdf (read by
pdftotext). REFERENCE is plain text, e.g. tests/data/seeds/*.txt. Only words are compared, in order:
case and punctuation are ignored, and so is page furniture that is no part of the text (EDGAR's
document-management stamp and <PAGE> marks, bare page numbers, ruled lines). The score is the share
of words the two sequences have in common (difflib's ratio: 1.0 is the same words in the same order);
the longest differing stretches are listed, biggest first, to fix one at a time.
"""
from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# A line that is furniture, not text: "HFNY2: #520846 v2/05466-0001 / 01/16/2001", "<PAGE>", "12", "-----".
FURNITURE = re.compile(r"^(?:[A-Z]{2,}\d*: #\d+\S*.*|<PAGE>|\d{1,3}|[-_=\s]+)$")
TOKEN = re.compile(r"[a-z0-9]+|[$%§]")


@dataclass
class Difference:
    """One stretch where the two texts part: what the generated text has, and the reference."""
    generated: list[str]
    reference: list[str]
    context: list[str]  # the words just before, as both have them

    @property
    def size(self) -> int:
        return max(len(self.generated), len(self.reference))

    def __str__(self) -> str:
        lead = " ".join(self.context)
        return (f"…{lead} [generated: {' '.join(self.generated) or '∅'}]"
                f" [reference: {' '.join(self.reference) or '∅'}]")


def words(text: str) -> list[str]:
    kept = [line for line in text.splitlines() if not FURNITURE.match(line.strip())]
    return TOKEN.findall("\n".join(kept).lower())


def score(generated: list[str], reference: list[str]) -> tuple[float, list[Difference]]:
    matcher = difflib.SequenceMatcher(None, generated, reference, autojunk=False)
    found = []
    for op, g1, g2, r1, r2 in matcher.get_opcodes():
        if op != "equal":
            found.append(Difference(generated[g1:g2], reference[r1:r2], generated[max(0, g1 - 6):g1]))
    found.sort(key=lambda d: d.size, reverse=True)
    return matcher.ratio(), found


def read(path: Path) -> str:
    """A document's text as a reader of that format gets it."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        # As a reader copies it: a word hyphenated at a line's end would be two words here, so the
        # house never hyphenates (templates/print.css).
        return _run(["pdftotext", "-layout", str(path), "-"])
    if suffix == ".docx":
        with tempfile.TemporaryDirectory() as folder:
            _run(["soffice", f"-env:UserInstallation={Path(folder, 'profile').as_uri()}", "--headless",
                  "--convert-to", "txt:Text (encoded):UTF8", "--outdir", folder, str(path)])
            return Path(folder, path.stem + ".txt").read_text(encoding="utf-8-sig")
    return path.read_text(encoding="utf-8")


def _run(command: list[str]) -> str:
    if not shutil.which(command[0]):
        raise SystemExit(f"{command[0]} is not installed; run scripts/install-system-deps")
    return subprocess.run(command, check=True, capture_output=True, timeout=300).stdout.decode("utf-8")


def fidelity(generated: Path, reference: Path) -> tuple[float, list[Difference]]:
    return score(words(read(generated)), words(reference.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("generated", type=Path)
    parser.add_argument("reference", type=Path)
    parser.add_argument("--show", type=int, default=10, help="how many differences to list")
    parser.add_argument("--min", type=float, default=None, help="exit 1 below this score")
    args = parser.parse_args(argv)
    ratio, differences = fidelity(args.generated, args.reference)
    print(f"{ratio:.4f}  {args.generated} against {args.reference}")
    for difference in differences[:args.show]:
        print(f"  {difference}")
    return 1 if args.min is not None and ratio < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
