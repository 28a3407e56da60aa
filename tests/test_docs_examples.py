"""README's and docs/'s examples run, and print what they quote.

Every fenced ```sh and ```python block in README.md and docs/*.md is run, each command line in a
fresh copy of the inputs it names (examples/, tests/fixtures/, and the few files README supposes
the reader has: amended.yaml, deals/, deal.yaml). A block that cannot run in a test says so in the
document itself, on the line before its fence:

    <!-- doctest: skip (why) -->

A plain ``` block that quotes what a command prints names the command:

    <!-- doctest: output of "assembler check examples/auxer-2001/termsheet.yaml" -->
    <!-- doctest: output of "assembler build deal.yaml" in misspelt/ -->

and each of its lines must be in that command's output (stdout and stderr).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLE, ROOT, SECOND, variant

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w-]*)\s*$")
MARKER = re.compile(r"<!--\s*doctest:\s*(?P<what>.*?)\s*-->")
OUTPUT_OF = re.compile(r'output of "(?P<command>[^"]+)"(?: in (?P<folder>\S+?)/?)?$')


@dataclass
class Block:
    doc: Path
    line: int
    lang: str
    text: str
    marker: str | None

    @property
    def name(self) -> str:
        return f"{self.doc.name}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, start = len(opening.group("indent")), i
        i += 1
        body = []
        while i < len(lines) and not FENCE.match(lines[i]):
            body.append(lines[i][indent:])
            i += 1
        before = lines[start - 1] if start else ""
        marker = MARKER.search(before)
        found.append(Block(doc, start + 1, opening.group("lang"), "\n".join(body),
                           marker.group("what") if marker else None))
        i += 1
    return found


ALL = [block for doc in DOCS for block in blocks(doc)]
RUNNABLE = [b for b in ALL if b.lang in ("sh", "python") and not (b.marker or "").startswith("skip")]
QUOTED = [b for b in ALL if b.marker and b.marker.startswith("output of")]


def test_every_example_is_run_skipped_with_a_reason_or_quoted_output():
    for block in ALL:
        if block.lang in ("sh", "python"):
            assert block.marker is None or re.fullmatch(r"skip \(.+\)", block.marker), block.name
        elif block.lang in ("", "text"):
            # Plain blocks: pictures of the pipeline, or quoted output (then it names its command).
            assert block.marker is None or OUTPUT_OF.match(block.marker), block.name
    assert len(RUNNABLE) >= 6 and len(QUOTED) >= 2


@pytest.fixture
def workspace(tmp_path) -> Path:
    """What README's commands read: the project's examples and fixtures, and the files README
    supposes the reader has made."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "tests" / "fixtures")
    later = variant({"registration.effectiveness_deadline_days": 150, "agreement.date": "2001-02-20"})
    (tmp_path / "amended.yaml").write_text(yaml.safe_dump(later, sort_keys=False))
    (tmp_path / "deals").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "deals" / "auxer.yaml")
    (tmp_path / "deals" / "brightwater.json").write_text(json.dumps(yaml.safe_load(SECOND.read_text()),
                                                                    default=str))
    shutil.copy(SECOND, tmp_path / "deal.yaml")
    # README's example of a bad term sheet: the example with one key misspelt (line 83).
    (tmp_path / "misspelt").mkdir()
    text = EXAMPLE.read_text().replace("  filing_deadline_days:", "  filing_dedline_days:")
    (tmp_path / "misspelt" / "deal.yaml").write_text(text)
    return tmp_path


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    # The `assembler` of this interpreter's environment, first on the PATH.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _commands(block: Block) -> list[str]:
    """One command a line; a trailing backslash continues it; comments and blank lines go."""
    joined = re.sub(r"\\\n\s*", " ", block.text)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda b: b.name)
def test_the_example_runs(block, workspace):
    if block.lang == "python":
        done = subprocess.run([sys.executable, "-c", block.text], cwd=workspace, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, (block.name, done.stderr[-2000:])
        return
    for command in _commands(block):
        done = _run(command, workspace)
        assert done.returncode == 0, (block.name, command, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, (block.name, command)
        out = re.search(r"--out (\S+)", command)
        if out:
            written = [p for p in (workspace / out.group(1)).rglob("*") if p.is_file()]
            assert written, (block.name, command, "wrote nothing")


@pytest.mark.parametrize("block", QUOTED, ids=lambda b: b.name)
def test_quoted_output_is_what_the_command_prints(block, workspace):
    wanted = OUTPUT_OF.match(block.marker)
    cwd = workspace / wanted.group("folder") if wanted.group("folder") else workspace
    done = _run(wanted.group("command"), cwd)
    printed = done.stdout + done.stderr
    for line in block.text.splitlines():
        if line.strip():
            assert line.strip() in printed, (block.name, line, printed[-3000:])


def test_the_python_example_writes_a_pdf(workspace):
    """README's API example, and what it says it makes: the agreement as a PDF."""
    block = next(b for b in RUNNABLE if b.lang == "python" and b.doc.name == "README.md")
    subprocess.run([sys.executable, "-c", block.text], cwd=workspace, check=True, capture_output=True, timeout=300)
    written = re.search(r'"(output/[^"]+\.pdf)"', block.text).group(1)
    from .conftest import pdf_text
    assert "REGISTRATION RIGHTS AGREEMENT" in pdf_text(workspace / written)


# -- the benchmark figures -----------------------------------------------------------------------

def test_readme_benchmark_table_is_the_one_rendered_from_the_benchmarks_json():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import readme_table
    finally:
        sys.path.pop(0)
    figures = json.loads((ROOT / "benchmarks" / "latest.json").read_text())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table.replace(readme, readme_table.render(figures)) == readme, \
        "run benchmarks/readme_table.py benchmarks/latest.json --write README.md"


def test_readme_gives_each_batch_figure_once():
    """The batch figures are in the rendered table only, not typed again in the prose."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(next(line for line in readme.splitlines() if "benchmark-table:" in line))
    prose = readme[:start]
    assert not re.search(r"\d+(\.\d+)? s\b", prose), re.findall(r".{40}\d+(?:\.\d+)? s\b", prose)
