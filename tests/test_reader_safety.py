"""A Word draft from outside is hostile input: each attack is refused in one line naming the file,
before anything is parsed or written (issue 25, point 10; the importer shares these rules)."""
from __future__ import annotations

import io
import zipfile

import pytest

from assembler.readers import DraftError, Limits, read_docx

from .wordml import CT_MACRO, document, p, package, r


def refused(source, *words: str, **kwargs) -> str:
    with pytest.raises(DraftError) as caught:
        read_docx(source, **kwargs)
    message = caught.value.one_line()
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return message


def test_a_plain_draft_is_read():
    doc = read_docx(package(p(r("Plain words."))), name="plain.docx")
    assert [v.text for v in doc.proposed] == ["Plain words."]


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 2**20))  # 8 MB of zeros: some 8 KB packed
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    message = refused(path, "bomb.docx", "zip bomb", "word/document.xml", "200 times")
    assert message.startswith(str(path))


def test_a_zip_bomb_is_refused_by_its_total():
    members = {f"word/media/pad{i}.bin": bytes(range(256)) * 4096 for i in range(4)}  # 1 MB each
    data = package(p(r("x")), extra=members)
    refused(data, "zip bomb", "past 3000000 bytes", name="big.docx", limits=Limits(total_bytes=3_000_000))


def test_a_member_that_inflates_past_its_declared_size_is_refused():
    """A header that declares a small size while the data inflates to more: zipfile stops at the
    declared size and the CRC does not match, or our count stops it."""
    data = bytearray(package(p(r("Hello " * 2000))))
    name = b"word/document.xml"
    # Lower the declared size in the local header and the central directory entry of document.xml.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
            start = at + 4
    refused(bytes(data), "lied.docx", "word/document.xml", name="lied.docx")


def test_external_entities_are_refused_and_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "' + secret.as_uri() + '">]>'
           + document(p(r("&x;"))).split("?>", 1)[1])
    message = refused(package(document_xml=xml), "DOCTYPE", "word/document.xml", name="xxe.docx")
    assert "TOP SECRET" not in message


def test_entity_expansion_is_refused():
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    xml = '<?xml version="1.0"?><!DOCTYPE w:document [' + laughs + "]>" + document(p(r("&l9;"))).split("?>", 1)[1]
    refused(package(document_xml=xml), "DOCTYPE", name="laughs.docx")


def test_a_doctype_in_utf16_is_refused_too():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document []>' + document(p(r("x"))).split("?>", 1)[1]
    refused(package(document_xml=xml.encode("utf-16")), "DOCTYPE", name="utf16.docx")


def test_a_docm_with_macros_is_refused():
    refused(package(main_type=CT_MACRO), "macros", name="draft.docm")


def test_a_vba_project_is_refused_whatever_the_content_type_says():
    refused(package(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}), "macros", name="hidden.docx")


def test_an_embedded_ole_object_is_refused():
    refused(package(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)}),
            "embedded objects", name="ole.docx")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.docx"
    with path.open("wb") as f:
        f.truncate(Limits().file_bytes + 1)  # sparse: no time, no disk
    refused(path, "huge.docx", "bytes, over the")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("These are my notes, not a Word file.")
    refused(path, "notes.docx", "not a Word document")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    refused(buffer.getvalue(), "not a Word document", "[Content_Types].xml", name="other.zip")


def test_a_spreadsheet_is_not_a_word_document():
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    refused(package(main_type=xlsx_type), "no word/document.xml as its main part", name="book.xlsx")


def test_a_password_protected_file_is_refused(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))  # the OLE compound file an encrypted .docx is
    refused(path, "locked.docx", "password-protected")
