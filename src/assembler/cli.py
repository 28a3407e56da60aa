"""The command line: a thin shell over ``assembler.api``.

Exit codes: 0 done, 2 the user's input is wrong (one line on stderr says where),
1 a bug in assembler.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import AssemblerError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Assemble deal documents from a term sheet.\n\n"
         "Example: assembler build examples/auxer-2001/termsheet.yaml --format docx,pdf,txt --out output",
)


def _fail(exc: AssemblerError) -> None:
    typer.echo(f"error: {exc.one_line()}", err=True)
    raise typer.Exit(2)


def _formats(value: str) -> tuple[str, ...]:
    from .api import FORMATS
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"unknown format '{(unknown or [value])[0]}'; accepted: "
                                 + ", ".join(FORMATS) + " (comma-separated)")
    return chosen


@app.command()
def build(
    termsheet: Path = typer.Argument(..., help="The term sheet, YAML or JSON."),
    format: str = typer.Option("docx,pdf,txt", "--format", "-f", help="Comma-separated: docx, pdf, txt."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Folder to write into."),
    force: bool = typer.Option(False, "--force", help="Replace outputs that already exist."),
    library: list[Path] = typer.Option([], "--library", help="A folder of clauses that override ours by name."),
):
    """Build every document the term sheet calls for.

    Example: assembler build examples/auxer-2001/termsheet.yaml --format docx --out output/example
    """
    from . import api

    formats = _formats(format)
    started = time.perf_counter()
    try:
        result = api.build(termsheet, formats, out, force=force, library_dirs=tuple(library))
    except AssemblerError as exc:
        _fail(exc)
    elapsed = time.perf_counter() - started
    for path in result.outputs:
        typer.echo(f"wrote {path}")
    if result.blanks:
        typer.echo(f"blanks still open ({len(result.blanks)}):")
        for name, where in result.blanks:
            typer.echo(f"  {name}" + (f"  ({where})" if where else ""))
    typer.echo(f"built in {elapsed:.2f} s")


@app.command()
def schema():
    """Print the term sheet's JSON Schema."""
    from .termsheet import json_schema
    typer.echo(json.dumps(json_schema(), indent=2))


@app.command()
def version():
    """Print assembler's version."""
    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except AssemblerError as exc:  # raised outside a command's own handling
        typer.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
