"""The corpus of bad inputs and hostile values (tests/corpus/cases.yaml), each run through the real
command line in a process of its own, with its exit code and its one line of stderr checked."""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLE, ROOT, load_yaml
from .test_bad_input_and_safety import BAD_SHEETS

CASES = yaml.safe_load((ROOT / "tests" / "corpus" / "cases.yaml").read_text(encoding="utf-8"))
CLASSES = {"output-folder", "input-file", "extreme-value", "clause", "terminal", "unicode", "false-alarm", "batch"}
# What a YAML file cannot carry as it is, and a case stands in for with a name.
STAND_INS = {"{emoji}": "\U0001F600", "{lone_surrogate}": "\ud83d", "{long_text}": "x" * 2001}


def test_the_corpus_holds_at_least_eighty_cases_of_every_class():
    assert len(CASES) + len(BAD_SHEETS) >= 80
    assert {case["class"] for case in CASES} == CLASSES
    assert len({case["name"] for case in CASES}) == len(CASES)


def _filled(value):
    if isinstance(value, str):
        for name, text in STAND_INS.items():
            value = value.replace(name, text)
        return value
    if isinstance(value, dict):
        return {key: _filled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item) for item in value]
    return value


def _sheet(spec: dict | None, tmp: Path) -> Path:
    spec = spec or {}
    if "text_from_example" in spec:
        path = tmp / "deal.yaml"
        text = EXAMPLE.read_text(encoding="utf-8")
        for old, new in spec["text_from_example"].get("replace", {}).items():  # YAML as written, not as dumped
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text + spec["text_from_example"].get("append", ""), encoding="utf-8")
        return path
    data = copy.deepcopy(load_yaml(EXAMPLE))
    for dotted, value in _filled(spec.get("changes", {})).items():
        node = data
        *parents, last = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    if spec.get("as") == "json":
        path = tmp / "deal.json"
        # ensure_ascii: every character beyond ASCII as JSON's \u escapes, surrogate pairs included
        path.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=True), encoding="ascii")
    else:
        path = tmp / "deal.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8",
                        errors="surrogatepass")
    return path


def _files(files: dict, tmp: Path, example_text: str) -> None:
    for name, text in (files or {}).items():
        kind, _, rest = name.partition(":") if ":" in name else ("", "", name)
        path = tmp / rest
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "link":
            path.symlink_to(tmp / text)
        elif kind == "sparse":
            with open(path, "wb") as handle:
                handle.truncate(int(text))
        elif rest.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.write_text(text.replace("{example_text}", example_text), encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_corpus_case(case, tmp_path):
    example_text = EXAMPLE.read_text(encoding="utf-8")
    _files(case.get("files"), tmp_path, example_text)
    sheet = _sheet(case.get("sheet"), tmp_path)
    args = [arg.replace("{sheet}", str(sheet)).replace("{tmp}", str(tmp_path)).replace("{example}", str(EXAMPLE))
            for arg in case["command"]]
    result = subprocess.run([sys.executable, "-m", "assembler", *args], capture_output=True, timeout=300,
                            cwd=tmp_path)
    stderr = result.stderr.decode("utf-8", "backslashreplace")
    stdout = result.stdout.decode("utf-8", "backslashreplace")
    assert result.returncode == case["exit"], stderr or stdout
    assert "Traceback" not in stderr
    if case["exit"] != 0 and "stderr_lines" not in case:
        assert len(stderr.strip().splitlines()) == 1, stderr
    if "stderr" in case:
        assert re.search(case["stderr"], stderr), stderr
    for pattern in case.get("stderr_lines", []):
        matching = [line for line in stderr.splitlines() if re.search(pattern, line)]
        assert len(matching) == 1, stderr
        assert len([line for line in stderr.splitlines() if line.startswith("failed:")]) == 1, stderr
    for raw in case.get("no_raw", []):
        assert raw not in stderr, repr(stderr)
    if "not_in_stdout" in case:
        assert case["not_in_stdout"] not in stdout, stdout
    for name in case.get("absent", []):
        assert not (tmp_path / name).exists(), name
    for name, expected in _filled(case.get("output", {})).items():
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert expected in " ".join(text.split()), name
    for pattern, expected in case.get("output_glob", {}).items():
        found = sorted(tmp_path.glob(pattern))
        assert len(found) == 1, sorted(p.name for p in tmp_path.rglob("*"))
        assert len(found[0].name.encode()) <= 255 and expected in found[0].read_text(encoding="utf-8")
