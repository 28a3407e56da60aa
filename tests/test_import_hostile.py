"""A precedent from outside is hostile input, as a draft is for `reconcile`: the same reader refuses
each attack in one line, exit 2, and the import writes nothing (issue 27, point 10)."""
from __future__ import annotations

import io
import zipfile

import pytest

from assembler.readers import Limits

from .conftest import run_cli
from .wordml import CT_MACRO, document, p, package, r


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 2**20))
    return buffer.getvalue()


def _entities(tmp_path) -> bytes:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "' + secret.as_uri() + '">]>'
           + document(p(r("&x;"))).split("?>", 1)[1])
    return package(document_xml=xml)


def _laughs() -> bytes:
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    return package(document_xml='<?xml version="1.0"?><!DOCTYPE w:document [' + laughs + "]>"
                   + document(p(r("&l9;"))).split("?>", 1)[1])


HOSTILE = {
    "zip bomb": (lambda tmp: _zip_bomb(), "zip bomb"),
    "external entity": (_entities, "DOCTYPE"),
    "entity expansion": (lambda tmp: _laughs(), "DOCTYPE"),
    "macros": (lambda tmp: package(main_type=CT_MACRO), "macros"),
    "embedded object": (lambda tmp: package(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + bytes(64)}),
                        "embedded objects"),
    "not a docx": (lambda tmp: b"These are my notes, not a Word file.", "not a Word document"),
    "password-protected": (lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "password-protected"),
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_a_hostile_precedent_is_refused_in_one_line_and_nothing_is_written(attack, tmp_path):
    make, words = HOSTILE[attack]
    precedent = tmp_path / "precedent.docx"
    precedent.write_bytes(make(tmp_path))
    done = run_cli("library", "import", str(precedent), "--out", str(tmp_path / "lib"))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {precedent}") and words in lines[0], lines
    assert "TOP SECRET" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "lib").exists()
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".import")] == []


def test_an_oversized_precedent_is_refused_before_it_is_read(tmp_path):
    precedent = tmp_path / "huge.docx"
    with precedent.open("wb") as f:
        f.truncate(Limits().file_bytes + 1)  # sparse: no time, no disk
    done = run_cli("library", "import", str(precedent), "--out", str(tmp_path / "lib"))
    assert done.returncode == 2 and "huge.docx" in done.stderr and "bytes, over the" in done.stderr
    assert not (tmp_path / "lib").exists()


def test_a_missing_precedent_is_one_line(tmp_path):
    done = run_cli("library", "import", str(tmp_path / "nowhere.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 2 and "nowhere.docx" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "lib").exists()


@pytest.mark.parametrize("name", ["../escape", "Mutual NDA", "nda/../../x", ""])
def test_a_name_that_is_not_a_plain_file_name_is_refused(name, tmp_path):
    from .test_import import write_nda
    write_nda(tmp_path / "nda.docx")
    done = run_cli("library", "import", str(tmp_path / "nda.docx"), "--out", str(tmp_path / "lib"), "--name", name)
    assert done.returncode == 2 and "--name" in done.stderr and "lower-case letters" in done.stderr, done.stderr
    assert not (tmp_path / "lib").exists() and not (tmp_path / "escape.yaml").exists()
