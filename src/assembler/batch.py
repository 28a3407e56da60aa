"""Batch: many documents at once, made in worker processes.

Two kinds of input:

- a folder of term sheets: each is built as ``assembler build`` builds it, into ``OUT/<its name>/``;
- one term sheet and a notice request: one letter to each recipient, into ``OUT/``.

The work goes to worker processes in small pieces. What they make comes back as bytes and is
written at the end, all at once and all or nothing (``api.write_files``), with one manifest for
the whole batch. A term sheet that cannot be built is set aside with its message and the rest go on.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, api, letters
from .errors import AssemblerError, OutputError, TermSheetError, shown
from .library import Library
from .manifest import NAME as MANIFEST
from .manifest import label, sha256
from .outputs import file_name, refusal

TERM_SHEET_SUFFIXES = (".yaml", ".yml", ".json")
# Letters go to the workers this many at a time: enough to keep the pickling small beside the
# work, few enough that the progress bar moves and both workers finish together.
LETTERS_PER_PIECE = 25

Progress = Callable[[int, int], None]  # (finished just now, total)


@dataclass
class Failure:
    source: str        # the term sheet, or the recipient
    message: str       # one line: file, line, field, what is wrong
    bug: bool = False  # an error in assembler itself, not in the input

    def one_line(self) -> str:
        """What the log prints: the source (unless the message names it) and the message, with every
        character a terminal would act on written as its escape, as the CLI writes values; so a file
        name holding a newline or an escape sequence can neither break the line nor forge another."""
        source = shown(self.source)
        message = " ".join(shown(self.message).split())
        return message if message.startswith(source) else f"{source}: {message}"


@dataclass
class BatchResult:
    total: int = 0                  # term sheets, or letters
    outputs: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def succeeded(self) -> int:
        return self.total - len(self.failures)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# -- a folder of term sheets -----------------------------------------------------------------

def term_sheets(folder: Path) -> list[Path]:
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TERM_SHEET_SUFFIXES)
    if not found:
        raise TermSheetError("holds no term sheets", file=str(folder),
                             hint="put the .yaml, .yml or .json term sheets at the top of the folder")
    return found


def output_names(paths: list[Path]) -> dict[Path, str]:
    """Each term sheet's output folder: its name without the extension, unless two share one."""
    stems = [p.stem for p in paths]
    return {p: p.stem if stems.count(p.stem) == 1 else f"{p.stem}-{p.suffix[1:].lower()}" for p in paths}


def build_folder(folder: str | Path, out: str | Path, formats: tuple[str, ...] = api.FORMATS,
                 jobs: int | None = None, force: bool = False, library_dirs: tuple[str, ...] = (),
                 as_of=None, draft: bool = False, progress: Progress | None = None,
                 pdf_variant: str | None = None) -> BatchResult:
    """Build every term sheet in ``folder``, each into ``out/<its name>/``."""
    started = time.perf_counter()
    folder, out = Path(folder), Path(out)
    if folder.resolve() == out.resolve():
        raise OutputError("is the folder the term sheets are in; write the batch somewhere else", file=str(out))
    sheets = term_sheets(folder)
    names = output_names(sheets)
    if not force:
        _refuse_existing([out / name for name in names.values()] + [out / MANIFEST])
    Library(library_dirs)  # a bad --library is one message now, not one per term sheet (each term sheet
    # without one finds its own, from an assembler.toml beside it or ASSEMBLER_LIBRARY)
    tasks = [(str(path), formats, str(out / names[path]), library_dirs, as_of, draft, pdf_variant)
             for path in sheets]
    result = BatchResult(total=len(sheets))
    files: dict[Path, bytes] = {}
    built: list[dict] = []
    for _, made, failure in _run(_build_one, [[task] for task in tasks], jobs, progress, len(tasks)):
        if failure:
            result.failures.append(failure)
            continue
        built.append(_merge_manifest(made, out))
        files.update({path: data for path, data in made.items() if path.name != MANIFEST})
    result.failures.sort(key=lambda f: f.source)
    built.sort(key=lambda entry: entry["termsheet"]["path"])
    files[out / MANIFEST] = _manifest({"input": str(folder), "termsheets": built}, files, out, result.failures)
    api.write_files(files, force=force, root=out)
    result.outputs = sorted(files)
    result.seconds = time.perf_counter() - started
    return result


def _build_one(task) -> dict[Path, bytes]:
    termsheet, formats, out, library_dirs, as_of, draft, pdf_variant = task
    files, _ = api.build_files(termsheet, formats, out, library_dirs, as_of, draft, pdf_variant=pdf_variant)
    return files


def _merge_manifest(made: dict[Path, bytes], out: Path) -> dict:
    """One term sheet's own manifest, as an entry in the batch's: its outputs named from ``out``."""
    own_path = next(path for path in made if path.name == MANIFEST)
    own = json.loads(made[own_path])
    own.pop("assembler", None)  # the batch's manifest says it once
    folder = own_path.parent.relative_to(out).as_posix()
    own["outputs"] = {f"{folder}/{name}": digest for name, digest in own["outputs"].items() if name != MANIFEST}
    return own


# -- one term sheet, a letter to each recipient -----------------------------------------------

def notices(termsheet: str | Path, request: letters.Request, out: str | Path,
            formats: tuple[str, ...] = api.FORMATS,
            jobs: int | None = None, force: bool = False, library_dirs: tuple[str, ...] = (),
            letterhead: str | Path | None = None, progress: Progress | None = None,
            pdf_variant: str | None = None) -> BatchResult:
    """The letter ``request`` describes, to each party its ``to`` names, in every format."""
    from .writers import letter as draw

    started = time.perf_counter()
    out = Path(out)
    letterhead = draw.letterhead_file(letterhead)
    library = api.library_for(termsheet, library_dirs)
    sheet = api.load_termsheet(termsheet, library)
    made = letters.letters(sheet, request, library)  # a wrong request is one message, before any work
    if not force:
        _refuse_existing([out / file_name(item.stem, fmt) for item in made for fmt in formats] + [out / MANIFEST])
    for fmt in formats:  # a bad letterhead, too, fails once here rather than once a letter
        draw.render(made[0], fmt, letterhead, pdf_variant)
    result = BatchResult(total=len(made))
    result.warnings = [f"to {item.recipient.key}: {item.late}" for item in made if item.late]
    pieces = [[(item, formats, letterhead, pdf_variant) for item in made[i:i + LETTERS_PER_PIECE]]
              for i in range(0, len(made), LETTERS_PER_PIECE)]
    files: dict[Path, bytes] = {}
    for index, rendered, failure in _run(_render_letter, pieces, jobs, progress, len(made)):
        if failure:
            failure.source = made[index].recipient.key
            result.failures.append(failure)
            continue
        files.update({out / name: data for name, data in rendered.items()})
    files = dict(sorted(files.items()))
    used = [*library.used(), *draw.templates_read(formats, letterhead)]
    description = {"input": str(termsheet),
                   "termsheet": {"path": str(termsheet), "sha256": sha256(sheet.raw)},
                   "notice": {"kind": request.kind, "to": request.to, "date": request.date.isoformat(),
                              "letters": len(made)},
                   "inputs": {label(path): sha256(path.read_bytes()) for path in sorted(set(used))}}
    files[out / MANIFEST] = _manifest(description, files, out, result.failures)
    api.write_files(files, force=force, root=out)
    result.outputs = sorted(files)
    result.seconds = time.perf_counter() - started
    return result


def _render_letter(task) -> dict[str, bytes]:
    from .writers import letter as draw

    return draw.files(*task)


# -- shared -----------------------------------------------------------------------------------

def _refuse_existing(targets: list[Path]) -> None:
    for target in targets:
        if target.exists():
            raise OutputError("already exists; pass --force to replace it", file=str(target))


def _manifest(description: dict, files: dict[Path, bytes], out: Path, failures: list[Failure]) -> bytes:
    manifest = {"assembler": __version__, **description,
                "outputs": {path.relative_to(out).as_posix(): sha256(data) for path, data in sorted(files.items())},
                "failures": [{"source": f.source, "error": f.message} for f in failures]}
    return (json.dumps(manifest, indent=2) + "\n").encode("utf-8")


def _run(work: Callable, pieces: list[list], jobs: int | None, progress: Progress | None,
         total: int) -> Iterator[tuple[int, object, Failure | None]]:
    """Run ``work`` on every task of every piece, in worker processes (in this one when ``jobs`` is 1);
    yield (the task's index over all pieces, what it made, or its failure) as pieces finish."""
    jobs = max(1, jobs or default_jobs())
    if progress:
        progress(0, total)  # the bar shows its length before the first piece is done
    starts, position = [], 0
    for piece in pieces:
        starts.append(position)
        position += len(piece)
    if jobs == 1 or len(pieces) == 1:
        outcomes = ((start, _piece(work, piece)) for start, piece in zip(starts, pieces))
        yield from _report(outcomes, progress, total)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(pieces)), mp_context=_context()) as pool:
        futures = {pool.submit(_piece, work, piece): start for start, piece in zip(starts, pieces)}
        yield from _report(((futures[f], f.result()) for f in as_completed(futures)), progress, total)


def _report(outcomes, progress: Progress | None, total: int):
    for start, results in outcomes:
        for offset, (made, failure) in enumerate(results):
            yield start + offset, made, failure
        if progress:
            progress(len(results), total)


def _piece(work: Callable, piece: list) -> list[tuple[object, Failure | None]]:
    """In a worker: each task's output, or why it failed. One bad term sheet spoils only itself."""
    results = []
    for task in piece:
        source = str(task[0]) if isinstance(task[0], (str, Path)) else ""
        try:
            results.append((work(task), None))
        except AssemblerError as exc:
            lines = [finding.one_line() for finding in getattr(exc, "findings", [])]
            results.append((None, Failure(source, "; ".join([*lines, exc.one_line()]))))
        except OSError as exc:  # the machine, not the input: a full disk, a limit on file size
            results.append((None, Failure(source, refusal(exc, source).one_line())))
        except Exception as exc:  # a bug in assembler: report it with the input that found it
            results.append((None, Failure(source, f"assembler failed ({type(exc).__name__}: {exc})", bug=True)))
    return results


def _context():
    """Workers start from a small server process that has imported assembler already: quicker than
    a fresh interpreter each, and unlike a plain fork, safe beside the progress bar's thread."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["assembler.batch", "assembler.writers.docx", "assembler.writers.letter"])
        return context
    return multiprocessing.get_context("spawn")
