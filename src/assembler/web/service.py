"""What the workbench needs from the pipeline that api.py has no call for: a term sheet from text
rather than a file, and builds into memory rather than a folder.

Each build goes through the very ``api`` function the CLI calls, on the version's YAML written to
a private temporary folder, and the files are read back: a download is the CLI's output, byte for
byte, with no second way of making it to drift.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import api, termsheet
from ..library import Library, data_dir
from ..tree import Document

NAME = "termsheet.yaml"   # the name a version's YAML is read under, in messages and the manifest
EXAMPLE = "examples/auxer-2001/termsheet.yaml"  # the shipped example, beside clauses/ and templates/


def example_text() -> str:
    return (data_dir("examples").parent / EXAMPLE).read_text(encoding="utf-8")


def example_label() -> str:
    """What the example is, in its own words: the company and the agreement's date."""
    sheet = load_text(example_text())
    agreement = sheet.deal.agreement
    return sheet.deal.company.name + (f", {agreement.date.year}" if agreement else "")


def load_text(text: str | bytes, name: str = NAME, library: Library | None = None) -> termsheet.TermSheet:
    """A term sheet from its text, read and checked as the CLI reads a file (same limits, same
    messages, ``name`` standing for the file; the facts ``library`` declares as ``load`` takes them)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return termsheet.from_bytes(raw, name, termsheet.library_facts(library))


def to_yaml(data: dict) -> str:
    """Plain data → the term sheet's YAML, in the order given, dates as YAML dates."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def from_upload(raw: bytes, filename: str, library: Library | None = None) -> str:
    """An uploaded YAML or JSON term sheet, checked, as the YAML a version keeps."""
    # Messages name the file as the user knows it (its name only: no path from the browser is used).
    name = Path(filename.replace("\\", "/")).name or "upload.yaml"
    sheet = load_text(raw, name, library)
    return to_yaml(sheet.data) if name.lower().endswith(".json") else raw.decode("utf-8-sig")


def matter_name(sheet: termsheet.TermSheet) -> str:
    return sheet.deal.company.name


def document_names(sheet: termsheet.TermSheet, as_of: dt.date | None = None,
                   library: Library | None = None) -> list[str]:
    return [job.name for job in api.jobs(sheet, as_of, library)]


def document_titles(sheet: termsheet.TermSheet, as_of: dt.date | None = None,
                    library: Library | None = None) -> dict[str, str]:
    """Each document's file name → its title as a lawyer reads it: the assembly's title, and what
    tells apart several made from one assembly ("Certificate of Amendment … (No. 1, August 28, 1997)")."""
    from .. import assembly

    library = library or Library()
    return {job.name: _titled(job.name, job.assembly, assembly.load(job.assembly, library).title)
            for job in api.jobs(sheet, as_of, library)}


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _titled(name: str, assembly: str, title: str) -> str:
    """The title, with the words the file name adds to the assembly's name, dates written out."""
    ours, theirs = name.split("-"), assembly.split("-")
    common = 0
    while common < min(len(ours), len(theirs)) and ours[common] == theirs[common]:
        common += 1
    rest = "-".join(ours[common:])
    if not rest:
        return title

    def written(match: re.Match) -> str:
        try:
            day = dt.date(*map(int, match.groups()))
        except ValueError:
            return match.group(0)
        return f"{day:%B} {day.day}, {day.year}"
    words = _ISO_DATE.sub(written, rest).replace("-", " ")
    number = re.match(r"(\d+)(?: (.*))?$", words)
    if number:
        words = f"No. {number.group(1)}" + (f", {number.group(2)}" if number.group(2) else "")
    return f"{title} ({words})"


@dataclass
class Preview:
    sheet: termsheet.TermSheet
    document: Document
    html: bytes
    names: set = field(default_factory=set)  # the form's fields, for findings to link to


def preview(sheet: termsheet.TermSheet, name: str, library: Library | None = None) -> Preview:
    """One document assembled and drawn by the HTML writer the PDF is made from."""
    from ..writers import html

    library = library or Library()
    planned = api.jobs(sheet, library=library)
    job = next((j for j in planned if j.name == name), None) or planned[0]
    document = api.assemble_job(job, library, strict=False)
    return Preview(sheet, document, html.render(document))


def findings(shown: Preview) -> list:
    """check's findings for the previewed document, and the term sheet's own. Asked for after the
    preview is shown: lint takes longer than assembling and drawing together."""
    from .. import lint

    return lint.check(shown.sheet, [shown.document])


def documents(sheet: termsheet.TermSheet, library: Library | None = None) -> list[Document]:
    return api.documents(sheet, library=library, strict=False)


def _in_folder(text: str, run) -> dict[str, bytes]:
    """Write the term sheet to a private folder, let ``run(path, out)`` write there, read it all back."""
    with tempfile.TemporaryDirectory(prefix="assembler-web-") as folder:
        path = Path(folder) / NAME
        path.write_text(text, encoding="utf-8")
        out = Path(folder) / "out"
        run(path, out)
        return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def build(text: str, formats: tuple[str, ...], library_dirs: tuple[str, ...] = (),
          as_of: dt.date | None = None, only: tuple[str, ...] = ()) -> dict[str, bytes]:
    """``assembler build``'s files for this term sheet, manifest included, by file name."""
    return _in_folder(text, lambda path, out: api.build(path, formats, out, library_dirs=library_dirs,
                                                          as_of=as_of, only=only))


def amend(text: str, number: int, formats: tuple[str, ...], library_dirs: tuple[str, ...] = ()) -> dict[str, bytes]:
    """``assembler amend``'s files: the instrument, the conformed copy and the redline."""
    return _in_folder(text, lambda path, out: api.amend(path, number, out, formats, library_dirs=library_dirs))


def notice(text: str, kind: str, to: str, date: dt.date, formats: tuple[str, ...],
           library_dirs: tuple[str, ...] = (), event_date: dt.date | None = None,
           filing_date: dt.date | None = None, sender: str | None = None) -> dict[str, bytes]:
    """``assembler notice``'s letters (``to`` as ``--to`` takes it: one party, several with commas,
    or all-investors)."""
    return _in_folder(text, lambda path, out: api.notice(path, kind, to, date, out, formats, sender=sender,
                                                           library_dirs=library_dirs, event_date=event_date,
                                                           filing_date=filing_date))


def manifest_for(files: dict[str, bytes], source: str) -> dict[str, bytes]:
    """The manifest names the term sheet by the path it was read from; here that is a temporary
    folder, so name it by the matter and version instead (nothing else in it changes)."""
    if "manifest.json" not in files:
        return files
    manifest = json.loads(files["manifest.json"])
    manifest["termsheet"]["path"] = source
    return {**files, "manifest.json": (json.dumps(manifest, indent=2) + "\n").encode("utf-8")}


def zip_of(files: dict[str, bytes]) -> bytes:
    """A ZIP of the files, the same bytes for the same files (fixed times, sorted names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def redline(old_text: str, new_text: str, document: str, fmt: str, library: Library | None = None,
            names: tuple[str, str] = ("the earlier version", "the later version"),
            old_library: Library | None = None) -> bytes:
    """One document's redline between two versions (html to show; docx, pdf or txt to download),
    as ``assembler redline`` makes it (``old_library``: the earlier version's, as ``--old-library``)."""
    from ..writers import redline as draw

    library = library or Library()
    old_library = old_library or library
    marked = api.redline_document(load_text(old_text, library=old_library), load_text(new_text, library=library),
                                  document, library, names, old_library)
    return draw.render(marked, fmt)


def flatten(data, path: tuple = ()) -> dict[tuple, object]:
    """Every fact by its path: {("registration", "filing_deadline_days"): 30, ...}."""
    if isinstance(data, dict) and data:
        out = {}
        for key, value in data.items():
            out.update(flatten(value, path + (key,)))
        return out
    if isinstance(data, list) and data:
        out = {}
        for i, value in enumerate(data):
            out.update(flatten(value, path + (i,)))
        return out
    return {path: data}


def facts(sheet: termsheet.TermSheet) -> dict:
    """Every fact as the model reads it (defaults filled in, so a default written out is no change),
    with the library's own facts."""
    return {**sheet.deal.model_dump(mode="json"), **json.loads(json.dumps(sheet.extra, default=str))}


def differences(old: dict, new: dict) -> list[tuple[tuple, object, object]]:
    """(path, old value, new value) for every fact that differs; absent is None."""
    before, after = flatten(old), flatten(new)
    keys = list(before) + [k for k in after if k not in before]
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def layer_folder(files: dict[str, bytes], root: Path | None = None) -> Path:
    """A matter's library layer (path → bytes, from the store) as a folder ``--library`` takes, named
    by its content: the same layer is the same folder for every worker, written once, never changed."""
    import hashlib
    import os
    import shutil

    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(files[path]).digest())
    root = Path(root) if root is not None else Path(tempfile.gettempdir()) / "assembler-matter-libraries"
    folder = root / digest.hexdigest()[:32]
    if folder.is_dir():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    # Written beside its folder (one file system, so the rename is whole) under a hidden name; a
    # write that fails part way leaves nothing behind.
    writing = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
    try:
        for path, content in files.items():
            target = writing / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            os.rename(writing, folder)
        except OSError:  # another worker wrote the same layer first: theirs is the same bytes
            if not folder.is_dir():
                raise
    finally:
        shutil.rmtree(writing, ignore_errors=True)  # nothing left of it once renamed
    return folder


EXPORT_LAYER = "matter-library"
EXPORT_FIRM = "firm-library"


def export_files(text: str, layer: dict[str, bytes], firm_dirs: tuple[str, ...] = ()) -> dict[str, bytes]:
    """A version's term sheet with the libraries it is built with, as files of one folder: the matter's
    layer, each firm library folder, and an ``assembler.toml`` naming them in that order, so that
    ``assembler build termsheet.yaml`` there makes the documents the workbench makes."""
    files = {NAME: text.encode("utf-8")}
    named = []
    if layer:
        named.append(EXPORT_LAYER)
        files.update({f"{EXPORT_LAYER}/{path}": content for path, content in layer.items()})
    for index, folder in enumerate(firm_dirs, 1):
        folder = Path(folder)
        where = f"{EXPORT_FIRM}/{index}-{folder.name or 'library'}"
        named.append(where)
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                files[f"{where}/{relative.as_posix()}"] = path.read_bytes()
    if named:
        files["assembler.toml"] = ("# The libraries this matter's documents are built with, its own first.\n"
                                   f"library = {json.dumps(named)}\n").encode("utf-8")
    return files
