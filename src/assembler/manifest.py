"""The build manifest: what went in and what came out, each by its SHA-256.

A filed document may be hashed; the manifest lets anyone check which term
sheet, clauses, templates and assembler version made it. It holds no times,
so the same inputs give the same manifest, byte for byte.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__
from .library import PACKAGE, data_dir

NAME = "manifest.json"
# The files a writer reads from templates/ besides the assemblies.
WRITER_TEMPLATES = {"docx": ["house-style.docx"], "pdf": ["print.css"]}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def label(path: Path) -> str:
    """Our own files by their place in the project (clauses/…, templates/…); a firm's by its path."""
    for root in (data_dir("clauses").parent, PACKAGE.parent.parent):
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def build(termsheet_path: Path, raw: bytes, clauses: list[Path], assemblies: dict[str, Path],
          formats: tuple[str, ...], outputs: dict[Path, bytes]) -> bytes:
    """``assemblies``: each assembly used, by name, and the file it was read from (ours or a library's)."""
    templates = data_dir("templates")
    used = [assemblies[name] for name in sorted(assemblies)]
    used += [templates / name for fmt in formats for name in WRITER_TEMPLATES.get(fmt, [])]
    manifest = {
        "assembler": __version__,
        "termsheet": {"path": str(termsheet_path), "sha256": sha256(raw)},
        "inputs": {label(p): sha256(p.read_bytes()) for p in sorted(set(clauses) | set(used))},
        "outputs": {path.name: sha256(data) for path, data in sorted(outputs.items())},
    }
    return (json.dumps(manifest, indent=2, sort_keys=False) + "\n").encode("utf-8")
