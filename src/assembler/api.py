"""The Python API: assemble a document from a term sheet, write it out.

    from assembler import api
    sheet = api.load_termsheet("examples/auxer-2001/termsheet.yaml")
    document = api.assemble(sheet)
    api.write(document, "pdf", "output/agreement.pdf")
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import assembly, documents as registry, manifest, resolve, termsheet, writers
from .outputs import file_name, write_files  # noqa: F401  (write_files is part of the API)
from .assembly import Job
from .errors import ClauseError, OutputError
from .library import Library
from .library import library_dirs as library_dirs_for
from .pipeline import assemble_job
from .tree import Document

FORMATS = ("docx", "pdf", "txt")
ACCEPTED = FORMATS + ("html",)  # html (an EDGAR exhibit) only when asked for


def load_termsheet(path: str | Path, library: Library | None = None) -> termsheet.TermSheet:
    """``library``: whose ``facts.schema.yaml`` adds facts the term sheet may hold."""
    return termsheet.load(path, library)


def library_for(termsheet_path: str | Path | None, library_dirs: tuple[str, ...] = ()) -> Library:
    """The library a command uses: ``--library``, else ``assembler.toml`` beside the term sheet,
    else ``ASSEMBLER_LIBRARY`` (see ``library.library_dirs``)."""
    return Library(library_dirs_for(library_dirs, termsheet_path))


def assemble(sheet: termsheet.TermSheet, document: str | None = None,
             library: Library | None = None) -> Document:
    """Term sheet → clauses → tree → resolved tree, for one of the documents the term sheet makes
    (by its output name; the first it makes if none is named)."""
    library = library or Library()
    planned = _chosen(jobs(sheet, library=library), (document,) if document else (), str(sheet.path))
    return _assembled(sheet, planned[:1], library)[0]


def jobs(sheet: termsheet.TermSheet, as_of: dt.date | None = None, library: Library | None = None) -> list[Job]:
    """Every document the term sheet makes, as the assemblies (ours and the library's) declare."""
    return registry.jobs(sheet, as_of, library)


def documents(sheet: termsheet.TermSheet, as_of: dt.date | None = None,
              library: Library | None = None, strict: bool = True) -> list[Document]:
    library = library or Library()
    return _assembled(sheet, jobs(sheet, as_of, library), library, strict)


def _assembled(sheet: termsheet.TermSheet, planned: list[Job], library: Library, strict: bool = True) -> list[Document]:
    """Each job's resolved tree; a clause that fails on a value says where the term sheet holds it."""
    try:
        return [assemble_job(job, library, strict) for job in planned]
    except ClauseError as exc:
        raise exc.locate(sheet) from None


def check(termsheet_path: str | Path, as_of: dt.date | None = None,
          library_dirs: tuple[str, ...] = ()) -> list:
    """Every lint rule over every document the term sheet assembles: a list of ``lint.Finding``."""
    from . import lint

    library = library_for(termsheet_path, library_dirs)
    sheet = load_termsheet(termsheet_path, library)
    # Not strict: a broken reference is left in the tree for lint to report, with the rest.
    return lint.check(sheet, _assembled(sheet, jobs(sheet, as_of, library), library, strict=False))


def render(document: Document, fmt: str, pdf_variant: str | None = None) -> bytes:
    """``pdf_variant``: pdf/a-2b (the default), pdf/a-1b or pdf/ua-1."""
    if fmt not in writers.FORMATS:
        raise OutputError(f"unknown format '{fmt}'", hint="accepted: " + ", ".join(writers.FORMATS))
    return writers.render(document, fmt, pdf_variant)


def write(document: Document, fmt: str, path: str | Path, force: bool = False) -> Path:
    path = Path(path)
    write_files({path: render(document, fmt)}, force=force)
    return path


def redline(old_path: str | Path, new_path: str | Path, out: str | Path = "output",
            formats: tuple[str, ...] = ("docx", "pdf"), force: bool = False,
            document: str | None = None, library_dirs: tuple[str, ...] = (),
            pdf_variant: str | None = None, old_library_dirs: tuple[str, ...] = ()) -> list[Path]:
    """Compare one document (the first the new term sheet makes, if none is named) as two term
    sheets make it; write the redline in each format. Both are made with ``library_dirs``; without
    them each term sheet's own (``assembler.toml`` beside it), which must be the same library unless
    ``old_library_dirs`` says which the old version was made with."""
    from .writers import redline as draw

    library = library_for(new_path, library_dirs)
    if old_library_dirs:
        old_library = library_for(old_path, old_library_dirs)
    elif library_dirs:
        old_library = library
    else:
        old_library = library_for(old_path)
        if _folders(old_library) != _folders(library):
            raise ClauseError(f"resolves to another library than {new_path} does ("
                              f"{', '.join(map(str, old_library.user_dirs)) or 'none'}; "
                              f"{', '.join(map(str, library.user_dirs)) or 'none'})", file=str(old_path),
                              hint="pass --library for both versions, or --old-library for the old one's")
    marked = redline_document(load_termsheet(old_path, old_library), load_termsheet(new_path, library), document,
                              library, (Path(old_path).name, Path(new_path).name), old_library)
    files = {Path(out) / file_name(marked.name, fmt): draw.render(marked, fmt, pdf_variant) for fmt in formats}
    write_files(files, force=force, root=out)
    return list(files)


def _folders(library: Library) -> list[Path]:
    return [folder.resolve() for folder in library.user_dirs]


def redline_document(old_sheet: termsheet.TermSheet, new_sheet: termsheet.TermSheet, document: str | None,
                     library: Library, names: tuple[str, str], old_library: Library | None = None) -> Document:
    """The redline of one document between two term sheets, as a document tree. The legend names the
    versions by their dates, or by ``names`` (their files) when both carry the same date."""
    from . import redline as compare

    new = assemble(new_sheet, document, library)
    old = assemble(old_sheet, new.name, old_library or library)
    shown = [compare.version_name(d, name) if old.date != new.date else name
             for d, name in ((old, names[0]), (new, names[1]))]
    return compare.redline(old, new, compare.legend(*shown))


def amend(termsheet_path: str | Path, number: int, out: str | Path = "output",
          formats: tuple[str, ...] = FORMATS, force: bool = False,
          library_dirs: tuple[str, ...] = (), pdf_variant: str | None = None) -> list[Path]:
    """For Amendment No. ``number``: the instrument, the conformed copy through it, and the
    redline against the version before it."""
    from . import amendments
    from .errors import TermSheetError
    from .redline import legend, redline
    from .writers import redline as draw

    library = library_for(termsheet_path, library_dirs)
    sheet = load_termsheet(termsheet_path, library)
    listed = sheet.deal.agreement.amendments if sheet.deal.agreement else []
    if not 1 <= number <= len(listed):
        raise TermSheetError(f"has {len(listed)} agreement amendment(s); there is no Amendment No. {number}",
                             file=str(termsheet_path), field="agreement.amendments",
                             hint=f"give --number from 1 to {len(listed)}" if listed else
                             "add the amendment under agreement.amendments")
    versions = _assembled(sheet, [amendments.job(sheet, v) for v in range(number + 1)], library)
    history = [amendments.changes(versions[v - 1], versions[v]) for v in range(1, number + 1)]

    context = amendments.instrument_context(sheet, number, versions[-2], versions[-1], history[-1])
    instrument = assembly.build_tree(assembly.load(amendments.INSTRUMENT, library), context, library)
    amendments.fill_excerpts(instrument, versions[-1])
    instrument.name = f"{amendments.AGREEMENT}-amendment-{number}"
    instrument.title = f"Amendment No. {number} to {versions[-1].title}"
    resolve.resolve(instrument)

    # conform() marks up the tree it is given; the comparison below needs version N unmarked.
    conformed = amendments.conform(copy.deepcopy(versions[-1]), sheet, history)
    conformed.name = f"{amendments.AGREEMENT}-conformed-through-amendment-{number}"

    before = "the Agreement as signed" if number == 1 else f"the Agreement as amended by Amendment No. {number - 1}"
    marked = redline(versions[-2], versions[-1],
                     legend(before, f"the Agreement as amended by Amendment No. {number}"),
                     date=str(listed[number - 1].date))
    marked.title = f"{versions[-1].title} (redline, Amendment No. {number})"
    files: dict[Path, bytes] = {}
    out = Path(out)
    for document in (instrument, conformed):
        for fmt in formats:
            files[out / file_name(document.name, fmt)] = render(document, fmt, pdf_variant)
    for fmt in formats:
        files[out / f"{amendments.AGREEMENT}-redline-amendment-{number}.{fmt}"] = draw.render(marked, fmt, pdf_variant)
    write_files(files, force=force, root=out)
    return list(files)


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    blanks: list[tuple[str, str]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    findings: list = field(default_factory=list)


def build(termsheet_path: str | Path, formats: tuple[str, ...] = FORMATS, out: str | Path = "output",
          force: bool = False, library_dirs: tuple[str, ...] = (), as_of: dt.date | None = None,
          draft: bool = False, only: tuple[str, ...] = (), pdf_variant: str | None = None) -> BuildResult:
    """Assemble every document the term sheet calls for (or those ``only`` names), lint them, render
    every format, write them together. Lint errors stop the build, unless ``draft``: then every page
    is marked DRAFT."""
    files, result = build_files(termsheet_path, formats, out, library_dirs, as_of, draft, only, pdf_variant)
    write_files(files, force=force, root=out)
    return result


def build_files(termsheet_path: str | Path, formats: tuple[str, ...] = FORMATS, out: str | Path = "output",
                library_dirs: tuple[str, ...] = (), as_of: dt.date | None = None, draft: bool = False,
                only: tuple[str, ...] = (), pdf_variant: str | None = None) -> tuple[dict[Path, bytes], BuildResult]:
    """What ``build`` would write, path by path, without writing it (``batch`` writes many at once)."""
    from . import lint
    from .errors import LintError

    library = library_for(termsheet_path, library_dirs)
    sheet = load_termsheet(termsheet_path, library)
    planned = _chosen(jobs(sheet, as_of, library), only, str(termsheet_path))
    assembled = _assembled(sheet, planned, library, strict=False)
    result = BuildResult(warnings=sheet.warnings, findings=lint.check(sheet, assembled, pdf="pdf" in formats))
    if lint.errors(result.findings) and not draft:
        raise LintError(lint.errors(result.findings))
    files: dict[Path, bytes] = {}
    out = Path(out)
    for document in assembled:
        document.draft = draft
        result.documents.append(document)
        result.blanks += document.blanks
        for fmt in formats:
            files[out / file_name(document.name, fmt)] = render(document, fmt, pdf_variant)
            if fmt == "docx":  # the draft that comes back names the term sheet that made it (reconcile)
                files[out / file_name(document.name, fmt)] = stamp_version(files[out / file_name(document.name, fmt)],
                                                                          sheet, document)
    found = assembly.paths_of(library)
    files[out / manifest.NAME] = manifest.build(Path(termsheet_path), sheet.raw, library.used(),
                                                {job.assembly: found[job.assembly] for job in planned}, formats, files)
    result.outputs = list(files)
    return files, result


VERSION_PROPERTY = "AssemblerTermSheet"  # the DOCX custom property that names the term sheet's version


def sheet_hash(sheet: termsheet.TermSheet) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(sheet.raw).hexdigest()


def stamp_version(data: bytes, sheet: termsheet.TermSheet, document: Document) -> bytes:
    """Our DOCX with what identifies its version in its custom properties: the term sheet's hash
    and the document's name, which ``reconcile`` reads back from the other side's draft."""
    from .writers.docx import with_custom_properties

    return with_custom_properties(data, {VERSION_PROPERTY: sheet_hash(sheet), "AssemblerDocument": document.name})


def _chosen(planned: list[Job], names: tuple[str, ...], termsheet_name: str) -> list[Job]:
    """The jobs ``names`` asks for (all of them when it names none)."""
    from .errors import TermSheetError

    known = [job.name for job in planned]
    if not known:
        raise TermSheetError("makes no document: it has neither an agreement nor a charter, and no library "
                             "assembly's condition holds", file=termsheet_name)
    for name in names:
        if name not in known:
            raise TermSheetError(f"makes no document called '{name}'", file=termsheet_name, field="--document",
                                 hint="it makes: " + ", ".join(known))
    return [job for job in planned if job.name in names] if names else planned


@dataclass
class NoticeResult:
    outputs: list[Path] = field(default_factory=list)
    letters: list = field(default_factory=list)
    blanks: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def notice(termsheet_path: str | Path, kind: str, to: str, date: dt.date, out: str | Path = "output",
           formats: tuple[str, ...] = FORMATS, force: bool = False, sender: str | None = None,
           event_date: dt.date | None = None, filing_date: dt.date | None = None,
           delivery: str | None = None, conformed: bool = False,
           library_dirs: tuple[str, ...] = (), letterhead: str | Path | None = None,
           pdf_variant: str | None = None) -> NoticeResult:
    """Write the notice letter of ``kind`` to each party ``to`` names ("all-investors" for each Investor)."""
    from . import letters
    from .writers import letter as draw

    letterhead = draw.letterhead_file(letterhead)
    library = library_for(termsheet_path, library_dirs)
    sheet = load_termsheet(termsheet_path, library)
    request = letters.Request(kind=kind, to=to, date=date, sender=sender, event_date=event_date,
                              filing_date=filing_date, delivery=delivery, conformed=conformed)
    result = NoticeResult(letters=letters.letters(sheet, request, library))
    files: dict[Path, bytes] = {}
    for item in result.letters:
        files.update({Path(out) / name: data for name, data in draw.files(item, formats, letterhead, pdf_variant).items()})
        result.blanks += [(name, f"{item.recipient.key}: {where}") for name, where in item.blanks]
        if item.late:
            result.warnings.append(f"to {item.recipient.key}: {item.late}")
    write_files(files, force=force, root=out)
    result.outputs = list(files)
    return result
