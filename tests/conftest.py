"""Shared helpers: build a term sheet and read each output back through a real client."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "auxer-2001" / "termsheet.yaml"
SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"
SEEDS = ROOT / "tests" / "data" / "seeds"  # the reference texts, inside the project (see its README)
SEED_RRA = SEEDS / "registration-rights-agreement-2001-01-16.txt"


def need(tool: str):
    if not shutil.which(tool):
        pytest.fail(f"{tool} is not installed; run scripts/install-system-deps")


def docx_text(path: Path) -> str:
    """The DOCX as LibreOffice reads it, Word's list numbering included."""
    return docx_texts([path], path.parent / f"lo-{path.stem}")[path]


def docx_texts(paths: list[Path], out: Path) -> dict[Path, str]:
    """Many DOCX files read by LibreOffice in one run (it starts slowly)."""
    need("soffice")
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    return {path: (out / f"{path.stem}.txt").read_text(encoding="utf-8-sig") for path in paths}


def pdf_text(path: Path) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          timeout=120).stdout.decode()


def flat(text: str) -> str:
    """Fold line breaks and runs of spaces; rejoin words hyphenated across lines."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text)
    return " ".join(text.split())


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assembler", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def write_sheet(tmp_path: Path, data: dict, name: str = "termsheet.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def variant(changes: dict, base: Path = EXAMPLE) -> dict:
    """The base term sheet with dotted-path changes applied, e.g. {"rule_144.enabled": False}."""
    data = copy.deepcopy(load_yaml(base))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = copy.deepcopy(value)  # shared objects would be dumped as YAML aliases
    return data


class Built:
    """One build of a term sheet in every format, with each format's text as a reader gets it."""

    def __init__(self, sheet: Path, out: Path, document: str = "registration-rights-agreement"):
        from assembler import api
        self.result = api.build(sheet, ("docx", "pdf", "txt"), out)
        self.paths = {fmt: out / f"{document}.{fmt}" for fmt in ("docx", "pdf", "txt")}
        self._texts: dict[str, str] = {}

    def text(self, fmt: str) -> str:
        if fmt not in self._texts:
            path = self.paths[fmt]
            raw = {"txt": lambda: path.read_text(), "docx": lambda: docx_text(path),
                   "pdf": lambda: pdf_text(path)}[fmt]()
            self._texts[fmt] = flat(raw)
        return self._texts[fmt]


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Built:
    return Built(EXAMPLE, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="session")
def second_build(tmp_path_factory) -> Built:
    return Built(SECOND, tmp_path_factory.mktemp("second"))
