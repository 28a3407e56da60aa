"""A fuzzer: thousands of mutations of the example term sheet, as YAML and as JSON, through ``load``
and ``check``. Every outcome must be a clean result or an AssemblerError that names its field; any
other exception is a bug. Seeded, so a failure can be replayed."""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import time
from pathlib import Path

import yaml

from assembler import api
from assembler.errors import AssemblerError

from .conftest import EXAMPLE

MUTATIONS = 5_000
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SEED = 20261201
INTERESTING = [b'"', b"'", b":", b": ", b"- ", b"[", b"]", b"{", b"}", b",", b"\n", b"\t", b"  ", b"#", b"&a ",
               b"*a", b"!!python/object:os.system ", b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"{{ 7*7 }}", b"<b>",
               b"\\u0000", b"\\ud83d", b"9" * 30, b"-1", b"0", b"1e309", b"2024-02-30", b"null", b"~", b"yes",
               b"\xe2\x80\xae", b"\x1b[2J", b"%", b"|", b">", b"? ", b"---\n", b"...\n"]
ODD_VALUES = [None, True, False, 0, -1, 10**30, 1.5, float("inf"), "", " ", "x" * 3000, "{{ x }}", "\u202e",
              "\x00", [], {}, [1, 2], {"a": 1}, "2024-13-01", "0001-01-01", "9999-12-31", dt.date(1799, 12, 31),
              "\ud83d", "\ufffe"]


def _byte_mutation(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) + 1)
        choice = rng.randrange(6)
        if choice == 0 and data:  # flip a byte
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif choice == 1:  # delete a span
            del data[at:at + rng.randint(1, 40)]
        elif choice == 2:  # duplicate a span
            data[at:at] = data[at:at + rng.randint(1, 80)]
        elif choice == 3:  # splice in something YAML or JSON gives a meaning to
            data[at:at] = rng.choice(INTERESTING)
        elif choice == 4:  # swap two lines
            lines = bytes(data).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        else:  # cut the file short
            del data[at:]
    return bytes(data)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _value_mutation(data: dict, rng: random.Random) -> dict:
    data = json.loads(json.dumps(data, default=str))
    for _ in range(rng.randint(1, 2)):
        path = rng.choice([p for p in _paths(data) if p])
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        choice = rng.randrange(4)
        if choice == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif choice == 1 and isinstance(parent, dict):
            parent[rng.choice(["extra", "nme", "\x1b[2J", "date", "enabled"])] = rng.choice(ODD_VALUES)
        else:
            parent[path[-1]] = rng.choice(ODD_VALUES)
    return data


def _yaml(data: dict) -> bytes:
    try:
        return yaml.dump(data, Dumper=DUMPER, allow_unicode=True).encode("utf-8")
    except UnicodeEncodeError:  # libyaml cannot write a lone surrogate; the pure-Python dumper can
        return yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")


def _outcome(path: Path, checked: dict) -> str:
    """'clean', or the error's kind; anything but an AssemblerError with a field fails the test."""
    try:
        sheet = api.load_termsheet(path)
        key = json.dumps(sheet.data, sort_keys=True, default=str)
        if key not in checked:  # a mutation inside a comment gives data already checked
            checked[key] = api.check(path)
        return "clean"
    except AssemblerError as exc:
        assert exc.field or exc.file and exc.line, f"{path}: no field in «{exc.one_line()}»"
        assert "\n" not in exc.one_line()
        return type(exc).__name__


def test_five_thousand_mutations_of_the_example_end_cleanly_or_in_an_error_with_its_field(tmp_path):
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):  # in memory: the fuzzer writes thousands of files
        tmp_path = Path(tempfile.mkdtemp(dir=shm))
    rng = random.Random(SEED)
    raw = EXAMPLE.read_bytes()
    data = yaml.safe_load(raw)
    as_json = json.dumps(data, indent=2, default=str).encode()
    checked: dict = {}
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for number in range(MUTATIONS):
        kind = number % 4
        if kind == 0:
            path, text = tmp_path / "m.yaml", _byte_mutation(raw, rng)
        elif kind == 1:
            path, text = tmp_path / "m.json", _byte_mutation(as_json, rng)
        elif kind == 2:
            path, text = tmp_path / "m.yaml", _yaml(_value_mutation(data, rng))
        else:
            path, text = tmp_path / "m.json", json.dumps(_value_mutation(data, rng), default=str).encode(
                "utf-8", "surrogatepass")
        path.write_bytes(text)
        try:
            outcome = _outcome(path, checked)
        except Exception as exc:  # the bug the fuzzer is for: keep the input that found it
            kept = tmp_path / f"found-{number}{path.suffix}"
            kept.write_bytes(text)
            raise AssertionError(f"mutation {number} ({kept}) raised {type(exc).__name__}: {exc}") from exc
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    elapsed = time.perf_counter() - started
    print(f"{MUTATIONS} mutations in {elapsed:.1f} s: {outcomes}; {len(checked)} distinct term sheets checked")
    assert sum(outcomes.values()) == MUTATIONS
    assert outcomes.get("clean", 0) > 100 and outcomes.get("TermSheetError", 0) > 1000
