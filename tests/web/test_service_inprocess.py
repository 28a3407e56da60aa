"""What the workbench asks of the pipeline (web/service.py), in process: a term sheet from text or an
upload, builds, amendments, letters and redlines into memory, the ZIP of them, and the facts two
versions differ in. The expectations are typed by hand from the example and the second deal. For
mutation testing (scripts/mutation-test service); the pages that call these are driven in
tests/web/test_routes.py and in Chromium."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from assembler.errors import AssemblerError
from assembler.web import service

from ..conftest import EXAMPLE, ROOT

SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"
CHARTER = ROOT / "tests" / "fixtures" / "second-charter.yaml"
AMENDED = ROOT / "tests" / "fixtures" / "amended-deal.yaml"


def test_the_example():
    assert service.example_text() == EXAMPLE.read_text(encoding="utf-8")
    assert service.example_label() == "The Auxer Group, Inc., 2001"


def test_the_example_label_without_an_agreement(monkeypatch):
    monkeypatch.setattr(service, "example_text", lambda: CHARTER.read_text(encoding="utf-8"))
    sheet = service.load_text(CHARTER.read_text())
    assert service.example_label() == sheet.deal.company.name


def test_load_text_reads_as_the_cli_reads_a_file():
    sheet = service.load_text(SECOND.read_text())
    assert service.matter_name(sheet) == "Brightwater Robotics Corp."
    assert str(sheet.path) == "termsheet.yaml" and sheet.raw == SECOND.read_bytes()
    assert service.load_text(SECOND.read_bytes(), "deal.yaml").deal.company.name == "Brightwater Robotics Corp."
    with pytest.raises(AssemblerError) as refused:
        service.load_text("company: [", "mine.yaml")
    assert refused.value.one_line().startswith("mine.yaml:")


def test_to_yaml_keeps_the_order_dates_and_words():
    assert service.to_yaml({"b": 1, "a": {"date": dt.date(2024, 3, 5), "name": "Zoë"}, "c": ["x"]}) == (
        "b: 1\na:\n  date: 2024-03-05\n  name: Zoë\nc:\n- x\n")
    long = "word " * 30
    assert service.to_yaml({"k": long.strip()}).count("\n") == 2  # folded at 100 columns, not 80


def test_an_upload_named_as_the_user_knows_it():
    data = json.dumps({"company": {"name": "Acme"}}).encode()
    with pytest.raises(AssemblerError) as refused:
        service.from_upload(data, "C:\\Users\\ana\\deal.json")
    assert refused.value.one_line().startswith("deal.json")
    with pytest.raises(AssemblerError) as refused:
        service.from_upload(b"company: [", "/")
    assert refused.value.one_line().startswith("upload.yaml:")


def test_an_upload_as_the_yaml_a_version_keeps():
    text = SECOND.read_text(encoding="utf-8")
    assert service.from_upload(b"\xef\xbb\xbf" + text.encode(), "deal.yaml") == text
    assert service.from_upload(text.encode(), "DEAL.YML") == text
    sheet = service.load_text(text)
    as_json = json.dumps(sheet.data, default=str).encode()
    converted = service.from_upload(as_json, "folder/Deal.JSON")
    assert converted.startswith("agreement:\n") or converted.startswith("company:\n")
    assert service.load_text(converted).deal == sheet.deal
    assert "{" not in converted.splitlines()[0]


def test_document_names():
    sheet = service.load_text(EXAMPLE.read_text())
    assert service.document_names(sheet) == ["registration-rights-agreement", "certificate-of-incorporation",
                                             "certificate-of-amendment-1-1997-08-28",
                                             "certificate-of-amendment-2-1999-03-19"]
    assert service.document_names(sheet, dt.date(1998, 1, 1))[-1] == \
        "certificate-of-incorporation-as-amended-through-1998-01-01"


def test_preview_and_its_findings():
    sheet = service.load_text(EXAMPLE.read_text())
    shown = service.preview(sheet, "certificate-of-incorporation")
    assert shown.document.name == "certificate-of-incorporation" and shown.sheet is sheet
    assert shown.html.startswith(b"<!DOCTYPE html>") and b"THE AUXER GROUP, INC." in shown.html
    assert shown.names == set()
    first = service.preview(sheet, "no-such-document")
    assert first.document.name == "registration-rights-agreement"
    assert isinstance(service.findings(shown), list)
    second = service.load_text(SECOND.read_text())
    assert service.preview(second, "registration-rights-agreement").document.name == "registration-rights-agreement"


def test_documents_are_not_strict():
    sheet = service.load_text(EXAMPLE.read_text())
    assert [d.name for d in service.documents(sheet)] == service.document_names(sheet)


def test_build_into_memory():
    files = service.build(SECOND.read_text(), ("txt",))
    assert sorted(files) == ["manifest.json", "registration-rights-agreement.txt"]
    assert b"Brightwater Robotics Corp." in files["registration-rights-agreement.txt"]
    assert json.loads(files["manifest.json"])["termsheet"]["path"].endswith("termsheet.yaml")
    only = service.build(EXAMPLE.read_text(), ("txt",), only=("certificate-of-incorporation",))
    assert sorted(only) == ["certificate-of-incorporation.txt", "manifest.json"]
    as_of = service.build(EXAMPLE.read_text(), ("txt",), as_of=dt.date(1998, 1, 1),
                          only=("certificate-of-incorporation-as-amended-through-1998-01-01",))
    assert "certificate-of-incorporation-as-amended-through-1998-01-01.txt" in as_of


def test_build_with_a_library(tmp_path):
    library = tmp_path / "lib"
    (library / "registration_rights").mkdir(parents=True)
    source = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2")
    if not source.exists():
        pytest.skip("no expenses clause to override")
    (library / "registration_rights" / "expenses.xml.j2").write_text(
        source.read_text().replace("<p>", "<p>FIRM WORDS. ", 1))
    files = service.build(SECOND.read_text(), ("txt",), library_dirs=(str(library),))
    assert b"FIRM WORDS." in files["registration-rights-agreement.txt"]


def test_amend_into_memory():
    files = service.amend(AMENDED.read_text(), 1, ("txt",))
    names = sorted(files)
    assert len([n for n in names if n.endswith(".txt")]) == 3, names
    assert any("redline" in n for n in names)


def test_notice_into_memory():
    text = SECOND.read_text()
    files = service.notice(text, "effectiveness", "initial-investor", dt.date(2024, 5, 10), ("txt",))
    assert list(files) == ["notice-effectiveness-initial-investor-2024-05-10.txt"]
    assert b"May 10, 2024" in files["notice-effectiveness-initial-investor-2024-05-10.txt"]
    late = service.notice(text, "comments", "initial-investor", dt.date(2024, 5, 10), ("txt",),
                          event_date=dt.date(2024, 5, 9))
    assert b"on May 9, 2024 it received comments" in b" ".join(next(iter(late.values())).split())
    piggyback = service.notice(text, "piggyback", "initial-investor", dt.date(2024, 6, 3), ("txt",),
                               filing_date=dt.date(2024, 6, 20))
    assert b"June 20, 2024" in next(iter(piggyback.values()))


def test_notice_from_an_investor(tmp_path):
    from .. import test_notices
    from ..conftest import variant, write_sheet

    sheet = write_sheet(tmp_path, variant(test_notices.PARTIES, base=SECOND))
    files = service.notice(sheet.read_text(), "assignment", "company", dt.date(2024, 4, 3), ("txt",),
                           sender="initial-investor")
    assert b"HARBORVIEW OPPORTUNITY FUND, L.P." in files["notice-assignment-company-2024-04-03.txt"]


def test_manifest_for():
    files = {"a.txt": b"a"}
    assert service.manifest_for(files, "Acme, version 3") is files
    manifest = json.dumps({"termsheet": {"path": "/tmp/x/termsheet.yaml", "sha256": "ab"}, "files": []}).encode()
    named = service.manifest_for({"a.txt": b"a", "manifest.json": manifest}, "Acme, version 3")
    assert named["a.txt"] == b"a"
    assert named["manifest.json"] == (b'{\n  "termsheet": {\n    "path": "Acme, version 3",\n    "sha256": "ab"\n  },'
                                      b'\n  "files": []\n}\n')


def test_zip_of_is_the_same_bytes_for_the_same_files():
    data = service.zip_of({"b.txt": b"bee" * 100, "a.txt": b"a"})
    assert data == service.zip_of({"a.txt": b"a", "b.txt": b"bee" * 100})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["a.txt", "b.txt"]
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
        assert all(i.external_attr == 0o644 << 16 for i in infos)
        assert archive.read("b.txt") == b"bee" * 100
    assert len(data) < 300


def test_redline_between_versions():
    old = SECOND.read_text()
    new = old.replace("Brightwater Robotics Corp.", "Brightwater Robotics Inc.")
    assert new != old
    marked = service.redline(old, new, "registration-rights-agreement", "txt").decode()
    assert "[-Corp.-]" in marked and "[+Inc.+]" in marked
    assert "the earlier version" in " ".join(marked.split()) or "version" in marked
    named = service.redline(old, new, "registration-rights-agreement", "txt", names=("version 1", "version 2"))
    flat = " ".join(named.decode().split())
    assert "version 1" in flat and "version 2" in flat and "the earlier version" not in flat
    assert service.redline(old, new, "registration-rights-agreement", "html").startswith(b"<!DOCTYPE html>")


def test_flatten_and_differences():
    assert service.flatten({"a": {"b": 1, "c": [2, {"d": 3}]}, "e": [], "f": {}}) == {
        ("a", "b"): 1, ("a", "c", 0): 2, ("a", "c", 1, "d"): 3, ("e",): [], ("f",): {}}
    assert service.flatten(5) == {(): 5}
    old = {"a": 1, "b": {"c": 2}, "gone": 3}
    new = {"a": 1, "b": {"c": 4}, "added": [5]}
    assert service.differences(old, new) == [(("b", "c"), 2, 4), (("gone",), 3, None), (("added", 0), None, 5)]
    assert service.differences(old, old) == []


def test_facts_fill_in_defaults_and_the_librarys_own():
    sheet = service.load_text(SECOND.read_text())
    facts = service.facts(sheet)
    assert facts["company"]["name"] == "Brightwater Robotics Corp."
    assert isinstance(facts["agreement"]["date"], str) and facts["agreement"]["date"] == "2024-03-05"
    assert "house_style" not in sheet.data and "house_style" in facts  # its defaults, filled in
    written = service.load_text(SECOND.read_text() + "\nhouse_style: " + json.dumps(facts["house_style"]) + "\n")
    assert service.differences(facts, service.facts(written)) == []


@pytest.fixture(scope="module")
def firm(tmp_path_factory):
    """A firm's library: a fact of its own (a date among it), a clause of ours restyled with it, a
    document of its own."""
    folder = tmp_path_factory.mktemp("firm")
    (folder / "facts.schema.yaml").write_text(
        "type: object\nrequired: [escrow]\nproperties:\n  escrow:\n    type: object\n    required: [agent]\n"
        "    properties:\n      agent: {type: string}\n      closing: {type: string, format: date}\n")
    (folder / "registration_rights").mkdir()
    source = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2").read_text()
    (folder / "registration_rights" / "expenses.xml.j2").write_text(
        source.replace("<p>", "<p>FIRM WORDS for {{ escrow.agent }}. ", 1))
    (folder / "assemblies").mkdir()
    (folder / "firm").mkdir()
    (folder / "firm" / "memo.xml.j2").write_text("<p>Escrow with {{ escrow.agent }}.</p>\n")
    (folder / "assemblies" / "memo.yaml").write_text(
        "name: memo\ntitle: Memo\nnumbering: [decimal]\nclauses: [firm/memo]\nmakes: {name: memo}\n")
    return folder


FIRM_FACTS = "\nescrow:\n  agent: Ledger Trust Co.\n  closing: 2024-03-08\n"


def test_a_firms_facts_are_read_with_its_library(firm):
    from assembler.library import Library

    library = Library([firm])
    text = SECOND.read_text() + FIRM_FACTS
    sheet = service.load_text(text, library=library)
    assert sheet.extra["escrow"]["agent"] == "Ledger Trust Co."
    with pytest.raises(AssemblerError):
        service.load_text(text)  # without the library, escrow is no fact
    with pytest.raises(AssemblerError):
        service.load_text(SECOND.read_text(), library=library)  # the library requires it
    assert service.from_upload(text.encode(), "deal.yaml", library) == text
    facts = service.facts(sheet)
    assert facts["escrow"] == {"agent": "Ledger Trust Co.", "closing": "2024-03-08"}  # the date as text
    assert service.document_names(sheet, library=library) == ["registration-rights-agreement", "memo"]
    shown = service.preview(sheet, "memo", library)
    assert shown.document.name == "memo" and b"Escrow with Ledger Trust Co." in shown.html
    agreement = service.preview(sheet, "registration-rights-agreement", library)
    assert b"FIRM WORDS for Ledger Trust Co." in agreement.html
    assert [d.name for d in service.documents(sheet, library)] == ["registration-rights-agreement", "memo"]
    marked = service.redline(text, text.replace("Ledger Trust Co.", "Vault Trust Co."),
                             "registration-rights-agreement", "txt", library).decode()
    assert "[-Ledger-]" in marked and "[+Vault+]" in marked


def test_a_draft_with_a_broken_reference_is_still_shown(tmp_path):
    from assembler.library import Library

    (tmp_path / "registration_rights").mkdir()
    source = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2").read_text()
    (tmp_path / "registration_rights" / "expenses.xml.j2").write_text(
        source.replace("<p>", '<p>See <ref to="rr.nowhere"/>. ', 1))
    library = Library([tmp_path])
    sheet = service.load_text(SECOND.read_text(), library=library)
    shown = service.preview(sheet, "registration-rights-agreement", library)
    assert b"[missing: rr.nowhere]" in shown.html
    documents = service.documents(sheet, library)
    assert documents[0].name == "registration-rights-agreement"


def test_the_redline_of_the_document_asked_for():
    old = EXAMPLE.read_text()
    new = old.replace("The Auxer Group, Inc.", "The Auxer Group Holdings, Inc.")
    marked = " ".join(service.redline(old, new, "certificate-of-incorporation", "txt").decode().split())
    assert "CERTIFICATE OF INCORPORATION" in marked and "REGISTRATION RIGHTS AGREEMENT" not in marked


def test_amend_and_notice_with_the_firms_library_and_only_the_formats_asked(tmp_path):
    folder = tmp_path / "lib"
    (folder / "registration_rights").mkdir(parents=True)
    source = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2").read_text()
    (folder / "registration_rights" / "expenses.xml.j2").write_text(source.replace("<p>", "<p>FIRM WORDS. ", 1))
    (folder / "letters").mkdir()
    (folder / "letters" / "effectiveness.xml.j2").write_text("<title>Firm notice</title>\n<p>FIRM LETTER.</p>\n")
    files = service.amend(AMENDED.read_text(), 1, ("txt",), (str(folder),))
    assert all(name.endswith((".txt", ".json")) for name in files), sorted(files)
    assert any(b"FIRM WORDS." in data for data in files.values())
    letter = service.notice(SECOND.read_text(), "effectiveness", "initial-investor", dt.date(2024, 5, 10), ("txt",),
                            (str(folder),))
    assert b"FIRM LETTER." in next(iter(letter.values()))


def test_a_notice_from_the_sender_named(tmp_path):
    from .. import test_notices
    from ..conftest import variant, write_sheet

    sheet = write_sheet(tmp_path, variant(test_notices.PARTIES, base=SECOND))
    files = service.notice(sheet.read_text(), "address-change", "company", dt.date(2024, 7, 1), ("txt",),
                           sender="initial-investor")
    assert b"1 Harbor Point" in files["notice-address-change-company-2024-07-01.txt"]


def test_to_yaml_folds_long_values_at_a_hundred_columns():
    long = " ".join(["word"] * 38)
    assert service.to_yaml({"k": long}).count("\n") == 2


def test_to_yaml_breaks_a_line_only_past_column_100():
    text = "a" * 95 + " bb " + "c" * 50
    assert service.to_yaml({"k": text}) == f"k: {'a' * 95} bb\n  {'c' * 50}\n"


# -- documents by their titles, a matter's library layer, the export (issue 28, unreached before) ---------

def test_the_examples_documents_by_their_titles():
    """As a lawyer reads them on the documents page and in the picker; typed out from the example's
    assemblies, an amendment told apart by its number and its date written out."""
    sheet = service.load_text(EXAMPLE.read_text())
    titles = {
        "registration-rights-agreement": "Registration Rights Agreement",
        "certificate-of-incorporation": "Certificate of Incorporation",
        "certificate-of-amendment-1-1997-08-28": "Certificate of Amendment of Certificate of Incorporation Before "
                                                 "Payment of Any Part of the Capital (No. 1, August 28, 1997)",
        "certificate-of-amendment-2-1999-03-19": "Certificate of Amendment of Certificate of Incorporation "
                                                 "(No. 2, March 19, 1999)"}
    assert service.document_titles(sheet) == titles
    assert list(service.document_titles(sheet)) == list(titles)
    assert service.document_titles(sheet, dt.date(1998, 1, 1)) == {
        **titles, "certificate-of-incorporation-as-amended-through-1998-01-01":
            "Certificate of Incorporation (as amended through January 1, 1998)"}


def test_a_firms_document_by_its_title(firm):
    from assembler.library import Library

    sheet = service.load_text(SECOND.read_text() + FIRM_FACTS, library=Library([firm]))
    assert service.document_titles(sheet, library=Library([firm])) == {
        "registration-rights-agreement": "Registration Rights Agreement", "memo": "Memo"}


def test_the_words_a_file_name_adds_to_its_assemblys_title():
    titled = service._titled
    assert titled("certificate-of-amendment-2-1999-03-19", "certificate-of-amendment", "Amendment") == \
        "Amendment (No. 2, March 19, 1999)"
    # Past the assembly's own words only, however long either name is.
    assert titled("certificate-of-amendment-1-1997-08-28", "certificate-of-amendment-before-payment", "Before") == \
        "Before (No. 1, August 28, 1997)"
    assert titled("memo", "memo", "Memo") == "Memo"
    assert titled("memo", "memo-of-terms", "Memo") == "Memo"
    assert titled("memo-7", "memo", "Memo") == "Memo (No. 7)"
    assert titled("memo-12-draft", "memo", "Memo") == "Memo (No. 12, draft)"
    assert titled("memo-as-of-2024-02-05", "memo", "Memo") == "Memo (as of February 5, 2024)"
    assert titled("memo-2024-12-31", "memo", "Memo") == "Memo (December 31, 2024)"
    assert titled("memo-side-letter", "memo", "Memo") == "Memo (side letter)"
    assert titled("memo-v2", "memo", "Memo") == "Memo (v2)"
    assert titled("other-memo", "memo", "Memo") == "Memo (other memo)"
    # What reads as a date but is none is kept as written, the dashes read as spaces.
    assert titled("memo-3-2024-02-30", "memo", "Memo") == "Memo (No. 3, 2024 02 30)"
    assert titled("memo-as-of-2024-13-01", "memo", "Memo") == "Memo (as of 2024 13 01)"


def layer_name(files: dict[str, bytes]) -> str:
    """The folder a layer is named by, worked out here as the docstring states it: SHA-256 over each
    path (in order), a NUL, and the SHA-256 of its content; the first 32 hex digits."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(files[path]).digest())
    return digest.hexdigest()[:32]


LAYER = {"overrides.yaml": b"registration_rights.expenses: {drop: true}\n",
         "registration_rights/notices.xml.j2": "<p>Zoë’s notices.</p>\n".encode("utf-8")}


def test_a_matters_library_layer_as_a_folder(tmp_path):
    root = tmp_path / "layers"
    folder = service.layer_folder(LAYER, root)
    assert folder == root / layer_name(LAYER) and len(folder.name) == 32
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == [
        "overrides.yaml", "registration_rights", "registration_rights/notices.xml.j2"]
    assert (folder / "registration_rights" / "notices.xml.j2").read_text(encoding="utf-8") == \
        "<p>Zoë’s notices.</p>\n"
    assert (folder / "overrides.yaml").read_bytes() == LAYER["overrides.yaml"]
    assert [p.name for p in root.iterdir()] == [folder.name]  # nothing half-written left beside it
    # The same layer, in any order, is the same folder, written once and never changed.
    (folder / "overrides.yaml").write_bytes(b"touched")
    assert service.layer_folder(dict(reversed(LAYER.items())), str(root)) == folder
    assert (folder / "overrides.yaml").read_bytes() == b"touched"


def test_a_layer_already_written_is_not_written_again(tmp_path, monkeypatch):
    import tempfile

    folder = service.layer_folder(LAYER, tmp_path)

    def refused(*args, **kwargs):
        raise AssertionError("a layer already in its folder was written again")
    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    assert service.layer_folder(LAYER, tmp_path) == folder


def test_each_layer_has_a_folder_of_its_own(tmp_path):
    one = {"a.yaml": b"1", "b.yaml": b"2"}
    others = [{"a.yaml": b"2", "b.yaml": b"1"}, {"a.yaml": b"1", "c.yaml": b"2"}, {"a.yaml": b"1"},
              {"a.yaml": b"1", "b.yaml": b"2", "c.yaml": b""}]
    folders = {service.layer_folder(files, tmp_path) for files in [one, *others]}
    assert len(folders) == 5 and {f.name for f in folders} == {layer_name(f) for f in [one, *others]}


def test_a_layer_another_worker_wrote_first_is_theirs(tmp_path, monkeypatch):
    import os

    folder = tmp_path / layer_name(LAYER)

    def beaten(source, target):  # the other worker's rename lands between our check and ours
        folder.mkdir()
        (folder / "overrides.yaml").write_bytes(b"theirs")
        raise OSError(39, "Directory not empty")
    monkeypatch.setattr(os, "rename", beaten)
    assert service.layer_folder(LAYER, tmp_path) == folder
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # our half is removed
    assert (folder / "overrides.yaml").read_bytes() == b"theirs"


def test_a_layer_under_folders_not_made_yet(tmp_path):
    files = {"letters/firm/demand.xml.j2": b"<p>Pay.</p>\n"}
    folder = service.layer_folder(files, tmp_path / "workspace" / "matter-libraries")
    assert folder.parent == tmp_path / "workspace" / "matter-libraries"
    assert (folder / "letters" / "firm" / "demand.xml.j2").read_bytes() == b"<p>Pay.</p>\n"


def test_a_layer_that_cannot_be_written_leaves_nothing(tmp_path, monkeypatch):
    from pathlib import Path

    written = []
    real = Path.write_bytes

    def full(self, data):
        if written:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real(self, data)
    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError, match="No space left"):
        service.layer_folder(LAYER, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_layer_whose_rename_fails_is_not_given_as_written(tmp_path, monkeypatch):
    import os

    def refused(source, target):
        raise OSError(13, "Permission denied")
    monkeypatch.setattr(os, "rename", refused)
    with pytest.raises(OSError, match="Permission denied"):
        service.layer_folder(LAYER, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_layer_is_written_beside_its_folder_not_in_the_temporary_folder(tmp_path, monkeypatch):
    """The temporary folder may be another file system (a tmpfs), across which no rename is whole."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system to put the temporary folder on")
    elsewhere = Path(tempfile.mkdtemp(prefix="assembler-test-", dir=other))
    try:
        monkeypatch.setattr(tempfile, "tempdir", str(elsewhere))
        folder = service.layer_folder(LAYER, tmp_path / "layers")
        assert (folder / "overrides.yaml").read_bytes() == LAYER["overrides.yaml"]
        assert list(elsewhere.iterdir()) == []
    finally:
        shutil.rmtree(elsewhere)


def test_a_layer_folder_by_default_under_the_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert service.layer_folder({"a.yaml": b"1"}) == tmp_path / "assembler-matter-libraries" / layer_name(
        {"a.yaml": b"1"})
    assert (tmp_path / "assembler-matter-libraries" / layer_name({"a.yaml": b"1"}) / "a.yaml").read_bytes() == b"1"


def test_the_export_of_a_version_with_its_libraries(tmp_path, monkeypatch):
    firm = tmp_path / "firm"
    (firm / "registration_rights").mkdir(parents=True)
    (firm / "registration_rights" / "expenses.xml.j2").write_bytes(b"<p>Firm.</p>\n")
    (firm / "overrides.yaml").write_bytes(b"x: 1\n")
    (firm / ".git").mkdir()
    (firm / ".git" / "HEAD").write_bytes(b"ref")
    (firm / "registration_rights" / ".notes.swp").write_bytes(b"swap")
    other = tmp_path / "other" / "library"
    other.mkdir(parents=True)
    (other / "letters").mkdir()
    (other / "letters" / "demand.xml.j2").write_bytes(b"<p>Pay.</p>\n")
    text = "company:\n  name: Zoë & Co.\n"
    files = service.export_files(text, LAYER, (str(firm), str(other)))
    assert files == {
        "termsheet.yaml": "company:\n  name: Zoë & Co.\n".encode("utf-8"),
        "matter-library/overrides.yaml": LAYER["overrides.yaml"],
        "matter-library/registration_rights/notices.xml.j2": LAYER["registration_rights/notices.xml.j2"],
        "firm-library/1-firm/overrides.yaml": b"x: 1\n",
        "firm-library/1-firm/registration_rights/expenses.xml.j2": b"<p>Firm.</p>\n",
        "firm-library/2-library/letters/demand.xml.j2": b"<p>Pay.</p>\n",
        "assembler.toml": b"# The libraries this matter's documents are built with, its own first.\n"
                          b'library = ["matter-library", "firm-library/1-firm", "firm-library/2-library"]\n'}
    # A firm library named by a path with no name of its own is named "library".
    monkeypatch.chdir(other)
    assert sorted(service.export_files(text, {}, (".",))) == [
        "assembler.toml", "firm-library/1-library/letters/demand.xml.j2", "termsheet.yaml"]
    assert service.export_files(text, {}, (".",))["assembler.toml"].endswith(b'library = ["firm-library/1-library"]\n')


def test_the_export_of_a_version_without_libraries():
    assert service.export_files("company:\n  name: Acme\n", {}) == {"termsheet.yaml": b"company:\n  name: Acme\n"}
    only = service.export_files("a: 1\n", {"overrides.yaml": b"o"})
    assert only == {"termsheet.yaml": b"a: 1\n", "matter-library/overrides.yaml": b"o",
                    "assembler.toml": b"# The libraries this matter's documents are built with, its own first.\n"
                                      b'library = ["matter-library"]\n'}


def test_the_redline_of_a_version_built_with_another_library(tmp_path):
    """The earlier version built with our clauses, the later with the firm's: the firm's words are
    the change."""
    from assembler.library import Library

    (tmp_path / "registration_rights").mkdir()
    source = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2").read_text()
    (tmp_path / "registration_rights" / "expenses.xml.j2").write_text(source.replace("<p>", "<p>FIRM WORDS. ", 1))
    text = SECOND.read_text()
    marked = service.redline(text, text, "registration-rights-agreement", "txt", Library([tmp_path]),
                             old_library=Library()).decode()
    assert "[+FIRM WORDS.+]" in " ".join(marked.split())
