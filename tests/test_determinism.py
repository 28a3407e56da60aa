"""Same inputs, same bytes: across processes, clocks, time zones, locales and hash seeds.

Two builds of the whole example (every document, every format, the conformed charter too) run
in two fresh interpreters, more than a second apart, on either side of the date line, in
different locales, with different hash seeds, from different working folders, into different
output folders. Every file they write must be the same, byte for byte, and there must be as
many. Building twice in one process, back to back, would miss a clock read at import, a set
iterated in hash order, or a date taken from the local time zone.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLE

SETTINGS = [  # (TZ, LC_ALL, LANG, PYTHONHASHSEED)
    ("Pacific/Kiritimati", "C.UTF-8", "en_US.UTF-8", "1"),   # UTC+14: already tomorrow
    ("America/Adak", "POSIX", "tr_TR.UTF-8", "4242"),         # UTC-10: still yesterday
]


def _build(out: Path, cwd: Path, tz: str, lc_all: str, lang: str, seed: str) -> None:
    import subprocess

    env = {**os.environ, "TZ": tz, "LC_ALL": lc_all, "LANG": lang, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "assembler", "build", str(EXAMPLE), "--format", "docx,pdf,txt",
                           "--as-of", "1998-01-01", "--out", str(out)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("determinism")
    builds = []
    for i, setting in enumerate(SETTINGS):
        if i:
            time.sleep(1.2)  # PDF and ZIP times have a resolution of a second (ZIP: two)
        cwd = root / f"cwd-{i}"
        cwd.mkdir()
        out = root / f"elsewhere-{i}" / "out"
        _build(out, cwd, *setting)
        builds.append(_files(out))
    return builds


def test_both_builds_write_the_same_files(two_builds):
    first, second = two_builds
    assert sorted(first) == sorted(second)
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert kinds == {"docx", "pdf", "txt", "json"}
    # the agreement, the certificate, two amendments and the conformed charter, three formats each
    assert len(first) == 5 * 3 + 1


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf", "json"])
def test_every_file_is_byte_identical(two_builds, kind):
    first, second = two_builds
    names = [name for name in first if name.endswith(f".{kind}")]
    assert names
    for name in names:
        assert first[name] == second[name], name


def test_the_manifest_lists_exactly_the_files_written(two_builds):
    first, _ = two_builds
    manifest = json.loads(first["manifest.json"])
    assert sorted(manifest["outputs"]) == sorted(name for name in first if name != "manifest.json")


def test_no_output_carries_the_time_of_the_build(two_builds):
    """Read as a reader's tools read them: the PDF's information dictionary and the DOCX's core
    properties and ZIP entries carry no date of today."""
    import zipfile
    from io import BytesIO

    from pypdf import PdfReader

    first, _ = two_builds
    today = time.gmtime()
    for name, data in first.items():
        if name.endswith(".pdf"):
            info = PdfReader(BytesIO(data)).metadata or {}
            stamps = [str(info.get(key, "")) for key in ("/CreationDate", "/ModDate")]
            assert not any(f"D:{today.tm_year}{today.tm_mon:02d}{today.tm_mday:02d}" in s for s in stamps), name
        elif name.endswith(".docx"):
            with zipfile.ZipFile(BytesIO(data)) as docx:
                assert all(entry.date_time[:3] != today[:3] for entry in docx.infolist()), name
                core = docx.read("docProps/core.xml").decode() if "docProps/core.xml" in docx.namelist() else ""
                assert f"{today.tm_year}-{today.tm_mon:02d}-{today.tm_mday:02d}" not in core, name
