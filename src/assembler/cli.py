"""The command line: a thin shell over ``assembler.api``.

Exit codes: 0 done, 2 the user's input is wrong (one line on stderr says where),
1 a bug in assembler.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from typer.exceptions import TyperException

from . import __version__
from .errors import AssemblerError, OutputError, shown

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Assemble deal documents from a term sheet.\n\n"
         "Example: assembler build examples/auxer-2001/termsheet.yaml --format docx,pdf,txt --out output",
)


# Options several commands share, declared once.
# A list, so that "-f pdf -f txt" gives both, as "-f pdf,txt" does (a plain option keeps only the last).
FORMAT = typer.Option(["docx,pdf,txt"], "--format", "-f", help="Comma-separated or repeated: docx, pdf, txt, html "
                      "(an EDGAR exhibit).")
OUT = typer.Option(Path("output"), "--out", "-o", help="Folder to write into.")
FORCE = typer.Option(False, "--force", help="Replace outputs that already exist.")
LIBRARY = typer.Option([], "--library", help="A firm's library folder: its clauses (overriding ours of the same "
                       "name), assemblies/, facts.schema.yaml and overrides.yaml. Given more than once, the first "
                       "has the last word. Else assembler.toml beside "
                       "the term sheet, else $ASSEMBLER_LIBRARY, names it.")
PDF_VARIANTS = ("pdf/a-2b", "pdf/a-1b", "pdf/ua-1")  # writers/pdf.py's VARIANTS, without importing it


def _pdf_variant(value: str) -> str:
    if value not in PDF_VARIANTS:
        raise typer.BadParameter(f"unknown PDF variant '{value}'; accepted: " + ", ".join(PDF_VARIANTS))
    return value


PDF_VARIANT = typer.Option("pdf/a-2b", "--pdf-variant", callback=_pdf_variant,
                           help="The standard every PDF meets: pdf/a-2b, pdf/a-1b or pdf/ua-1 (each tagged).")
# The letter's own options, for `notice` and for a round of notices in `batch`.
LETTER_DATE = typer.Option(None, "--date", metavar="DATE", help="The letter's date (YYYY-MM-DD); today if left out.")
SENDER = typer.Option(None, "--from", help="Who gives the notice, if not the Company: initial-investor or an "
                      "investor's id.")
EVENT_DATE = typer.Option(None, "--event-date", metavar="DATE", help="When the event the notice reports happened "
                          "(comments received, declared effective, ...); the letter's date if left out.")
FILING_DATE = typer.Option(None, "--filing-date", metavar="DATE", help="The anticipated filing date (piggyback, "
                           "requested-information).")
DELIVERY = typer.Option(None, "--delivery", help="personal, telecopier or courier; telecopier if the addressee "
                        "has a number, else courier.")
CONFORMED = typer.Option(False, "--conformed", help="Sign as '/s/ Name' (a conformed copy).")
LETTERHEAD = typer.Option(None, "--letterhead", help="A firm's own docxtpl letterhead (.docx) in place of "
                          "templates/letterhead.docx.")


def _fail(exc: AssemblerError) -> None:
    for finding in getattr(exc, "findings", []):  # a LintError lists what it found, one a line
        typer.echo(finding.one_line(), err=True)
    typer.echo(f"error: {exc.one_line()}", err=True)
    raise typer.Exit(2)


def _command(name: str, *arguments: object, library: list[Path] = (), **options: object) -> str:
    """A command line to print as a hint, with the run's own --library and options, so that run as
    printed it does what the hint says."""
    import shlex

    words = ["assembler", name, *map(str, arguments)]
    words += [part for folder in library for part in ("--library", str(folder))]
    words += [part for option, value in options.items() if value is not None for part in (option, str(value))]
    return " ".join(shlex.quote(shown(word)) for word in words)


def _formats(given: list[str], accepted: tuple[str, ...] | None = None) -> tuple[str, ...]:
    if accepted is None:
        from .api import ACCEPTED as accepted  # imported here: the CLI starts without the pipeline
    value = ",".join(given)
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in accepted]
    if unknown or not chosen:
        raise typer.BadParameter(f"unknown format '{(unknown or [value])[0]}'; accepted: "
                                 + ", ".join(accepted) + " (comma-separated)")
    return chosen


@app.command()
def build(
    termsheet: Path = typer.Argument(..., help="The term sheet, YAML or JSON."),
    format: list[str] = FORMAT,
    out: Path = OUT,
    force: bool = FORCE,
    library: list[Path] = LIBRARY,
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE",
                                        help="Also build the charter as amended through DATE (YYYY-MM-DD)."),
    draft: bool = typer.Option(False, "--draft", help="Write even if `assembler check` finds errors; every "
                               "page then says DRAFT."),
    document: list[str] = typer.Option([], "--document", "-d", help="Build only this document (by its file "
                                       "name without extension, e.g. registration-rights-agreement); "
                                       "repeat for more."),
    pdf_variant: str = PDF_VARIANT,
):
    """Build every document the term sheet calls for: the agreement, the certificate of
    incorporation and each certificate of amendment (and, with --as-of, the conformed charter).

    Example: assembler build examples/auxer-2001/termsheet.yaml --as-of 1998-01-01 --out output/example
    """
    from . import api

    formats = _formats(format)
    when = _date(as_of)
    started = time.perf_counter()
    try:
        result = api.build(termsheet, formats, out, force=force, library_dirs=tuple(library), as_of=when,
                           draft=draft, only=tuple(document), pdf_variant=pdf_variant)
    except AssemblerError as exc:
        _fail(exc)
    for warning in result.warnings:
        typer.echo(f"warning: {warning.one_line()}", err=True)
    elapsed = time.perf_counter() - started
    _wrote(result.outputs, result.blanks)
    counts = {severity: sum(1 for f in result.findings if f.severity == severity) for severity in ("error", "warning")}
    if any(counts.values()):
        again = _command("check", termsheet, library=library, **{"--as-of": as_of})
        typer.echo(f"check: {counts['error']} error(s), {counts['warning']} warning(s); `{again}` lists them")
    typer.echo(f"built in {elapsed:.2f} s")


@app.command()
def check(
    termsheet: Path = typer.Argument(..., help="The term sheet, YAML or JSON."),
    as_json: bool = typer.Option(False, "--json", help="The findings as a JSON list."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    library: list[Path] = LIBRARY,
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE",
                                        help="Also check the charter as amended through DATE (YYYY-MM-DD)."),
):
    """Run every lint rule over every document the term sheet assembles, and over the term sheet.

    One finding a line: severity, rule, document, place, message and excerpt. Exit 0 with no
    errors, 1 with errors (with --strict, with warnings too), 2 if the term sheet cannot be read.

    Example: assembler check examples/auxer-2001/termsheet.yaml --json
    """
    from . import api

    try:
        findings = api.check(termsheet, _date(as_of), tuple(library))
    except AssemblerError as exc:
        _fail(exc)
    _report(findings, as_json)
    failing = [f for f in findings if f.severity == "error" or strict]
    raise typer.Exit(1 if failing else 0)


@app.command()
def lint(
    termsheets: list[Path] = typer.Argument(None, help="Term sheets to check the references against too, "
                                            "as each makes its documents (the library's overrides applied)."),
    library: list[Path] = LIBRARY,
    as_json: bool = typer.Option(False, "--json", help="The findings as a JSON list."),
):
    """Lint the clause library itself: every variable a clause uses is a term-sheet field (ours, or
    one the library's facts.schema.yaml declares), every clause is reachable from an assembly (ours
    or the library's), every reference names a section some clause defines, none a section the
    overrides delete, and none one a switch can take out unless under that switch. With term
    sheets, every reference of every document each makes, as it makes them.

    Exit 0 when clean, 1 with findings.

    Example: assembler lint --library firm-clauses
    """
    from . import api
    from .library import Library, library_dirs
    from .lint import check_library

    termsheets = termsheets or []
    try:
        folders = library_dirs(library, termsheet=termsheets[0]) if termsheets else \
            library_dirs(library, folder=Path.cwd())
        findings = check_library(Library(folders))
        for termsheet in termsheets:
            findings += [finding for finding in api.check(termsheet, None, tuple(folders))
                         if finding.rule == "broken-ref"]
    except AssemblerError as exc:
        _fail(exc)
    _report(findings, as_json)
    raise typer.Exit(1 if findings else 0)


def _report(findings: list, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
        return
    for finding in findings:
        typer.echo(finding.one_line())
    errors = sum(1 for f in findings if f.severity == "error")
    typer.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)


@app.command()
def amend(
    termsheet: Path = typer.Argument(..., help="The term sheet, with its amendments under agreement.amendments."),
    number: int = typer.Option(..., "--number", "-n", help="Which amendment: 1 for Amendment No. 1."),
    format: list[str] = FORMAT,
    out: Path = OUT,
    force: bool = FORCE,
    library: list[Path] = LIBRARY,
    pdf_variant: str = PDF_VARIANT,
):
    """Write Amendment No. N to the agreement, the conformed copy through it, and its redline.

    Example: assembler amend deal.yaml --number 1 --out output/amendment-1
    """
    from . import api

    try:
        paths = api.amend(termsheet, number, out, _formats(format), force=force, library_dirs=tuple(library),
                          pdf_variant=pdf_variant)
    except AssemblerError as exc:
        _fail(exc)
    _wrote(paths)


@app.command()
def redline(
    old: Path = typer.Argument(..., help="The term sheet of the version before."),
    new: Path = typer.Argument(..., help="The term sheet of the version after."),
    out: Path = OUT,
    format: list[str] = typer.Option(["docx,pdf"], "--format", "-f", help="Comma-separated or repeated: docx, pdf, "
                                     "html, txt."),
    force: bool = FORCE,
    library: list[Path] = LIBRARY,
    document: Optional[str] = typer.Option(None, "--document", "-d", help="Which document to compare, by its "
                                           "file name without extension; the first the new term sheet makes "
                                           "if left out."),
    pdf_variant: str = PDF_VARIANT,
    old_library: list[Path] = typer.Option([], "--old-library", help="The library the old version was made "
                                           "with, if not the new one's (--library, else assembler.toml beside "
                                           "each term sheet, which must then name the same library)."),
):
    """Redline a document two term sheets make (the agreement, unless --document names another):
    DOCX with tracked changes, PDF marked up.

    Example: assembler redline examples/auxer-2001/termsheet.yaml amended.yaml --out output/redline
    """
    from . import api

    from .writers.redline import FORMATS
    try:
        paths = api.redline(old, new, out, _formats(format, FORMATS), force=force, document=document,
                            library_dirs=tuple(library), pdf_variant=pdf_variant,
                            old_library_dirs=tuple(old_library))
    except AssemblerError as exc:
        _fail(exc)
    _wrote(paths)


@app.command()
def notice(
    termsheet: Path = typer.Argument(..., help="The term sheet of the agreement the notice is given under."),
    kind: str = typer.Option(..., "--kind", "-k", help="comments, effectiveness, piggyback, "
                             "requested-information, misstatement, stop-order, resumption, assignment, "
                             "address-change."),
    to: str = typer.Option(..., "--to", help="company, initial-investor, an investor's id, or all-investors "
                           "(one letter each); several separated by commas."),
    date: Optional[str] = LETTER_DATE,
    sender: Optional[str] = SENDER,
    event_date: Optional[str] = EVENT_DATE,
    filing_date: Optional[str] = FILING_DATE,
    delivery: Optional[str] = DELIVERY,
    conformed: bool = CONFORMED,
    letterhead: Optional[Path] = LETTERHEAD,
    explain: bool = typer.Option(False, "--explain", help="Also print how each letter's dates were counted "
                                 "(the letters themselves do not say)."),
    format: list[str] = FORMAT,
    out: Path = OUT,
    force: bool = FORCE,
    library: list[Path] = LIBRARY,
    pdf_variant: str = PDF_VARIANT,
):
    """Write a notice letter the agreement calls for, addressed as its notices section says.

    Example: assembler notice examples/auxer-2001/termsheet.yaml --kind effectiveness
    --to initial-investor --date 2001-05-14 --out output/notices
    """
    import datetime as dt

    from . import api

    when = _date(date, "--date") or dt.date.today()
    try:
        result = api.notice(termsheet, kind, to, when, out, _formats(format), force=force, sender=sender,
                            event_date=_date(event_date, "--event-date"),
                            filing_date=_date(filing_date, "--filing-date"),
                            delivery=delivery, conformed=conformed, library_dirs=tuple(library),
                            letterhead=letterhead, pdf_variant=pdf_variant)
    except AssemblerError as exc:
        _fail(exc)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    _wrote(result.outputs, result.blanks)
    if explain:
        for letter in result.letters:
            typer.echo(letter.explain())


@app.command()
def batch(
    input: Path = typer.Argument(..., help="A folder of term sheets, or one term sheet for a round of notices."),
    out: Path = OUT,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes; as many as there "
                                       "are CPUs if left out. 1 works in this process."),
    format: list[str] = FORMAT,
    force: bool = FORCE,
    library: list[Path] = LIBRARY,
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE",
                                        help="Folder: also build each charter as amended through DATE."),
    draft: bool = typer.Option(False, "--draft", help="Folder: write even where `assembler check` finds errors, "
                               "marked DRAFT."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="One term sheet: the kind of notice, as for "
                                       "`assembler notice`."),
    to: str = typer.Option("all-investors", "--to", help="One term sheet: who gets a letter; all-investors, "
                           "or party ids separated by commas."),
    date: Optional[str] = LETTER_DATE,
    sender: Optional[str] = SENDER,
    event_date: Optional[str] = EVENT_DATE,
    filing_date: Optional[str] = FILING_DATE,
    delivery: Optional[str] = DELIVERY,
    conformed: bool = CONFORMED,
    letterhead: Optional[Path] = LETTERHEAD,
    pdf_variant: str = PDF_VARIANT,
):
    """Build many documents at once, in worker processes, with a progress bar.

    INPUT a folder: every term sheet in it (.yaml, .yml, .json) is built as `assembler build` builds
    it, into OUT/<its name>/. INPUT one term sheet: a notice letter (--kind) to each recipient (--to,
    all investors if left out; --date, --from and the other letter options as for `assembler notice`),
    into OUT/. Either way OUT/manifest.json lists every input and output.
    A term sheet that cannot be built is reported at the end, the rest are written, and the exit code is 2.

    Example: assembler batch deals/ --out output/deals --jobs 2

    Example: assembler batch deal.yaml --kind piggyback --filing-date 2024-06-20 --date 2024-06-03 --out output/round
    """
    import datetime as dt

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import batch as run
    from .letters import Request

    formats = _formats(format)
    if not input.exists():
        _fail(OutputError("not found", file=str(input), hint="give a folder of term sheets, or one term sheet"))
    if input.is_dir():
        given = [name for name, value in (("--kind", kind), ("--date", date), ("--from", sender),
                                          ("--event-date", event_date), ("--filing-date", filing_date),
                                          ("--delivery", delivery), ("--letterhead", letterhead)) if value]
        if given or conformed:
            raise typer.BadParameter(f"{(given or ['--conformed'])[0]} is for a round of notices from one term "
                                     "sheet; a folder is built as `assembler build` builds each term sheet")
    elif input.is_file() and kind is None:
        raise typer.BadParameter("one term sheet is a round of notices: give --kind (or give a folder of term "
                                 "sheets to build each)", param_hint="--kind")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("letters" if kind else "term sheets", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, advance=done, total=total)

        try:
            if kind is None:
                result = run.build_folder(input, out, formats, jobs, force=force, library_dirs=tuple(library),
                                          as_of=_date(as_of), draft=draft, progress=advance,
                                          pdf_variant=pdf_variant)
            else:
                request = Request(kind=kind, to=to, date=_date(date, "--date") or dt.date.today(), sender=sender,
                                  event_date=_date(event_date, "--event-date"),
                                  filing_date=_date(filing_date, "--filing-date"), delivery=delivery,
                                  conformed=conformed)
                result = run.notices(input, request, out, formats, jobs, force=force, library_dirs=tuple(library),
                                     letterhead=letterhead, progress=advance, pdf_variant=pdf_variant)
        except AssemblerError as exc:
            bar.stop()
            _fail(exc)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for failure in result.failures:
        typer.echo(f"failed: {failure.one_line()}", err=True)
    what = "letters" if kind else "term sheets"
    typer.echo(f"{result.succeeded} of {result.total} {what} done, {len(result.outputs)} files written to {out} "
               f"in {result.seconds:.1f} s ({result.succeeded / max(result.seconds, 1e-9):.1f} {what} a second)")
    if result.failures:
        typer.echo(f"{len(result.failures)} failed (listed above)", err=True)
        raise typer.Exit(1 if any(f.bug for f in result.failures) else 2)


def _wrote(paths: list[Path], blanks: list[tuple[str, str]] = ()) -> None:
    for path in paths:
        typer.echo(f"wrote {path}")
    if blanks:
        typer.echo(f"blanks still open ({len(blanks)}):")
        for name, where in blanks:
            typer.echo(f"  {name}" + (f"  ({where})" if where else ""))


def _date(value: str | None, option: str = "--as-of"):
    """A YYYY-MM-DD option as a date; None when the option was not given."""
    import datetime as dt
    if value is None:
        return None
    from .termsheet.schema import EARLIEST, LATEST

    try:
        when = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; give it as YYYY-MM-DD, e.g. 1998-01-01",
                                 param_hint=option)
    if not EARLIEST <= when <= LATEST:
        raise typer.BadParameter(f"{value} is outside the calendar assembler counts in; give a date from "
                                 f"{EARLIEST} to {LATEST}", param_hint=option)
    return when


@app.command()
def serve(
    workspace: Path = typer.Option(Path("."), "--workspace", "-w", help="Folder the matters are kept in "
                                   "(assembler.db, SQLite)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Any but the loopback needs "
                             "--token or --password-file."),
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    library: list[Path] = LIBRARY,
    token: Optional[str] = typer.Option(None, "--token", help="Access token the browser must give to sign in."),
    password_file: Optional[Path] = typer.Option(None, "--password-file", help="A file whose first line is "
                                                 "the access token (kept off the command line)."),
    database: Optional[str] = typer.Option(None, "--database", envvar="ASSEMBLER_DATABASE_URL",
                                           help="A SQLAlchemy URL in place of the workspace's SQLite, e.g. "
                                           "postgresql+psycopg://user:pass@host/db."),
    open_browser: bool = typer.Option(False, "--open", help="Open the workbench in the default browser."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes serving requests at "
                                "once (sessions are signed with a secret the database keeps, and previews "
                                "live there, so any worker serves any request)."),
):
    """Start the web workbench: matters, the term-sheet form, a live preview, documents, notices.

    Example: assembler serve --workspace deals --open
    """
    from .library import library_dirs

    missing = _missing_web_extra()
    if missing:
        typer.echo(f"assembler serve needs the web extra ({missing} is not installed): "
                   "pip install 'assembler[web]'", err=True)
        raise typer.Exit(2)
    from .web import serve as run

    try:
        run.main(workspace, host, port, tuple(library_dirs(library, folder=Path.cwd())), token, password_file, database,
                 open_browser, workers=workers)
    except AssemblerError as exc:
        _fail(exc)


def _missing_web_extra() -> str:
    """The first package of the web extra this install lacks, or ''."""
    import importlib.util

    def found(name: str) -> bool:
        try:
            return importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            return False
    for name in ("starlette", "uvicorn", "sqlalchemy", "alembic"):
        if not found(name):
            return name
    return "" if found("python_multipart") or found("multipart") else "python-multipart"


@app.command()
def schema(library: list[Path] = LIBRARY):
    """Print the term sheet's JSON Schema: our facts and those the library's facts.schema.yaml adds.

    Example: assembler schema --library examples/joinder/library
    """
    from .library import Library, library_dirs
    from .termsheet import json_schema

    try:
        typer.echo(json.dumps(json_schema(Library(library_dirs(library, folder=Path.cwd()))), indent=2))
    except AssemblerError as exc:
        _fail(exc)


@app.command()
def version():
    """Print assembler's version."""
    typer.echo(__version__)


@app.command()
def reconcile(
    termsheet: Path = typer.Argument(..., help="The term sheet that made our draft."),
    draft: Path = typer.Argument(..., help="Their draft: our DOCX as it came back (tracked changes or not)."),
    document: Optional[str] = typer.Option(None, "--document", "-d", help="Which document the draft is of, by its "
                                           "file name without extension; the first the term sheet makes if "
                                           "left out."),
    library: list[Path] = LIBRARY,
    out: Path = typer.Option(Path("output/reconcile"), "--out", "-o", help="Folder to write into."),
    accept: list[str] = typer.Option([], "--accept", help="Change ids to accept (comma-separated or repeated); "
                                     "alone, only these are accepted."),
    reject: list[str] = typer.Option([], "--reject", help="Change ids to reject; alone, all others are accepted."),
    decisions: Optional[Path] = typer.Option(None, "--decisions", help="A YAML file of change id: accept|reject."),
    reply: bool = typer.Option(False, "--reply", help="Also write reply.docx: their draft with our rejections as "
                               "tracked changes under --author."),
    author: str = typer.Option("assembler", "--author", help="The author name of our tracked changes in the reply."),
    force: bool = FORCE,
):
    """Read the other side's marked-up DOCX back onto the deal: each change explained as a fact, a
    switch or clause text; a proposed term sheet and a matter library that build their text.

    Example: assembler reconcile examples/auxer-2001/termsheet.yaml their-draft.docx --out output/reconcile
    """
    from .reconcile.run import run

    try:
        result, paths = run(termsheet, draft, out, document, tuple(library), tuple(accept), tuple(reject),
                            decisions, reply, author, force)
    except AssemblerError as exc:
        _fail(exc)
    kinds: dict[str, int] = {}
    for change in result.changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    typer.echo(f"{len(result.changes)} change(s): " + (", ".join(f"{n} {k}" for k, n in kinds.items()) or "none"))
    typer.echo("round trip: " + ("exact" if result.round_trip.exact else
                                 f"NOT exact, {len(result.round_trip.differences)} difference(s) in the report"))
    for finding in result.findings:
        typer.echo(f"finding: {finding.one_line()}")
    _wrote(paths)


# -- assembler library …: a firm's library itself -------------------------------------------------
library_app = typer.Typer(no_args_is_help=True, help="Work on a firm's library: import a Word precedent into one.")
app.add_typer(library_app, name="library")


@library_app.command("import")
def library_import(
    precedent: Path = typer.Argument(..., help="The Word precedent (.docx)."),
    out: Path = typer.Option(..., "--out", "-o", help="The folder to write the draft library into."),
    name: Optional[str] = typer.Option(None, "--name", help="The document's name (its assembly and output "
                                       "file); from the precedent's title if left out."),
    force: bool = typer.Option(False, "--force", help="Replace a library already in --out."),
):
    """Turn a Word precedent into a draft library: an assembly, one clause per top-level section,
    facts.schema.yaml, a term-sheet skeleton and an import report.

    Example: assembler library import precedent.docx --out firm-library --name mutual-nda
    """
    from .importer import import_precedent

    try:
        result = import_precedent(precedent, out, name=name, force=force)
    except AssemblerError as exc:
        _fail(exc)
    typer.echo(f"imported the {result.title}: {sum(1 for _ in result.outline.all_sections())} section(s), "
               f"{len(result.facts)} fact(s), {len(result.resolved)} reference(s) as <ref>, "
               f"{len(result.unresolved)} left as typed, {len(result.findings)} finding(s), "
               f"{len(result.unmapped)} thing(s) not mapped")
    for path in result.files:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: fill {out / 'termsheet.skeleton.yaml'}, then "
               f"assembler build {out / 'termsheet.skeleton.yaml'} --library {out}")


def main() -> None:
    # A build stopped with SIGTERM unwinds like an interrupted one, so its write step puts the folder
    # back as it was (SIGKILL cannot be caught; the next write into the folder recovers from that).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        code = app(standalone_mode=False)
    except AssemblerError as exc:  # raised outside a command's own handling
        typer.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("error: interrupted; nothing was written", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except TyperException as exc:  # a usage error: one line, as every other error is
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        command = getattr(getattr(exc, "ctx", None), "command_path", "assembler")
        typer.echo(f"error: {shown(' '.join(message.split()))} (see `{command} --help`)", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except OSError as exc:  # the machine refused (a full disk, a limit on file size): not a bug
        from .outputs import refusal
        typer.echo(f"error: {refusal(exc).one_line()}", err=True)
        sys.exit(2)
    except Exception as exc:  # a bug in assembler, not the user's input: say so in one line
        if os.environ.get("ASSEMBLER_DEBUG"):
            raise
        typer.echo(f"error: assembler failed ({type(exc).__name__}: {shown(str(exc))[:300]}); this is a bug in "
                   "assembler, not in your input: please report it (ASSEMBLER_DEBUG=1 shows the traceback)",
                   err=True)
        sys.exit(1)
    sys.exit(code or 0)


if __name__ == "__main__":
    main()

