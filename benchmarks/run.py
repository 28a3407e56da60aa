"""assembler's benchmark: how long a build takes, and how much memory, on this machine.

    .venv/bin/python benchmarks/run.py            # everything, 5 runs of each timing (about 2 minutes)
    .venv/bin/python benchmarks/run.py --quick    # no batches, no 8x agreement (about 40 seconds)

It measures, as the median of --runs runs:

- a cold ``assembler build`` of the example agreement (a new process each time, as a person at a
  terminal runs it): DOCX only, then DOCX + PDF + text; and of the whole example deal;
- the in-process build of the agreement for each format: term sheet read, clauses assembled,
  linted, rendered (``api.build_files``), in a process that has built once already;
- LibreOffice headless converting the same DOCX to PDF, which is how docassemble users get a PDF
  (each run a new soffice process, with a profile it has used before): our in-process PDF as a share
  of it (target 0.8), and our cold all-format build of the agreement as a share of it (target 1.0);
- peak memory (maximum resident set) of each cold build;
- the agreement with its body repeated 2, 4 and 8 times (benchmarks/repeated.py), against once;
- ``assembler batch``: 1,000 notice letters (DOCX) and 100 agreements (PDF, target 60 s), with
  --jobs workers.

It prints one table with the targets beside the figures, and exits 1 if a target is missed.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

EXAMPLE = ROOT / "examples" / "auxer-2001" / "termsheet.yaml"
AGREEMENT = "registration-rights-agreement"
BIN = Path(sys.executable).parent
ASSEMBLER = str(BIN / "assembler") if (BIN / "assembler").exists() else None


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    met: bool | None = None  # None: no target

    def line(self, width: int) -> str:
        verdict = "" if self.met is None else ("met" if self.met else "MISSED")
        return f"| {self.measure:<{width}} | {self.value:>12} | {self.target:<12} | {verdict:<6} |"


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child(command: list[str]) -> tuple[float, int, str, float]:
    """Run a command; its wall time, peak memory in bytes (its own, from wait4), its stderr, and the
    CPU time it and the processes it waited for used (user + system, from wait4).
    Each command is started by a small helper process (see ``LAUNCHER``), not by the benchmark."""
    return LAUNCHER.submit(_spawn, command).result()


def _spawn(command: list[str]) -> tuple[float, int, str, float]:
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return elapsed, usage.ru_maxrss * 1024, stderr, usage.ru_utime + usage.ru_stime


# Linux counts in a process's peak resident set the pages of whatever image it started as, before
# it exec'd: a command forked from this benchmark, grown to a few hundred MB by the in-process
# runs, would report that as its own peak. So commands are started from a helper process made
# while the benchmark is still small (a fresh interpreter from a forkserver, about 20 MB).
LAUNCHER: ProcessPoolExecutor


def cold_builds(command: list[str], runs: int) -> tuple[float, int]:
    results = [child(command)[:2] for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each timing; the median is reported")
    parser.add_argument("--quick", action="store_true", help="leave out the batches and the 8x agreement")
    parser.add_argument("--letters", type=int, default=1000, help="letters in the notice round")
    parser.add_argument("--agreements", type=int, default=100, help="term sheets in the agreement batch")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the batches")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    if ASSEMBLER is None:
        raise SystemExit("run this with the Python of the virtualenv assembler is installed in "
                         "(.venv/bin/python benchmarks/run.py)")
    warnings.simplefilter("ignore")  # PDF libraries' notes about optional libraries
    # Imported here, not at the top: the launcher process imports this file, and stays small.
    import deals  # benchmarks/ is not a package
    from repeated import repeated_agreement

    from assembler import api, lint, writers
    from assembler.library import Library

    global LAUNCHER
    LAUNCHER = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    runs = options.runs
    rows: list[Row] = []
    figures: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="assembler-bench-"))
    try:
        # -- cold command line ------------------------------------------------------------------
        build = [ASSEMBLER, "build", str(EXAMPLE), "--force", "--out", str(work / "cold")]
        docx_only = build + ["--document", AGREEMENT, "--format", "docx"]
        figures["cold_docx"], figures["cold_docx_peak"] = cold_builds(docx_only, runs)
        rows.append(Row("cold `assembler build`, agreement, DOCX only", s(figures["cold_docx"]), "<= 0.50 s",
                        figures["cold_docx"] <= 0.5))
        # The same command once more, with Python reporting every module it imports.
        _, _, imports, _ = child([sys.executable, "-X", "importtime", "-m", "assembler", *docx_only[1:]])
        modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in imports.splitlines()}
        rows.append(Row("  ... WeasyPrint imported", "yes" if "weasyprint" in modules else "no", "no",
                        "weasyprint" not in modules))
        figures["cold_all"], figures["cold_all_peak"] = cold_builds(
            build + ["--document", AGREEMENT, "--format", "docx,pdf,txt"], runs)
        rows.append(Row("cold `assembler build`, agreement, DOCX+PDF+text", s(figures["cold_all"])))
        figures["cold_deal_docx"], _ = cold_builds(build + ["--format", "docx"], runs)
        rows.append(Row("cold `assembler build`, whole example (4 documents), DOCX", s(figures["cold_deal_docx"]),
                        "<= 0.50 s", figures["cold_deal_docx"] <= 0.5))
        figures["cold_deal"], figures["cold_deal_peak"] = cold_builds(build + ["--format", "docx,pdf,txt"], runs)
        rows.append(Row("cold `assembler build`, whole example (4 documents), all", s(figures["cold_deal"])))
        for key, label in (("cold_docx_peak", "agreement DOCX only"), ("cold_all_peak", "agreement, all formats"),
                           ("cold_deal_peak", "whole example, all formats")):
            rows.append(Row(f"peak memory, cold build, {label}", mb(figures[key]), "<= 200 MB",
                            figures[key] <= 200 * 2**20))

        # -- in process -------------------------------------------------------------------------
        library = Library()
        for fmt in ("docx", "pdf", "txt"):
            def one(fmt=fmt):
                return api.build_files(EXAMPLE, (fmt,), work / "warm", only=(AGREEMENT,))
            one()  # the first build in a process imports and compiles; the figure is for the ones after
            figures[f"warm_{fmt}"] = median_time(one, runs)
        rows.append(Row("in-process build, agreement, DOCX", ms(figures["warm_docx"]), "<= 50 ms",
                        figures["warm_docx"] <= 0.05))
        rows.append(Row("in-process build, agreement, PDF", ms(figures["warm_pdf"])))
        rows.append(Row("in-process build, agreement, text", ms(figures["warm_txt"])))

        # -- LibreOffice ------------------------------------------------------------------------
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            folder = work / "libreoffice"
            folder.mkdir()
            docx = folder / f"{AGREEMENT}.docx"
            docx.write_bytes(api.build_files(EXAMPLE, ("docx",), folder, only=(AGREEMENT,))[0][docx])
            profile = (work / "libreoffice-profile").as_uri()
            convert = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                       "--outdir", str(folder / "pdf"), str(docx)]
            child(convert)  # the first run creates LibreOffice's profile; a docassemble server has one
            cold_all = build + ["--document", AGREEMENT, "--format", "docx,pdf,txt"]
            # Ours and LibreOffice's taken in turn, so that a busy spell of the machine falls on both;
            # CPU time (user + system) beside wall time, since other work on the machine takes the
            # cores but not the CPU seconds a conversion needs.
            taken: dict[str, list[float]] = {key: [] for key in ("pdf", "pdf_cpu", "lo", "lo_cpu", "cold", "cold_cpu")}
            pdf_build = lambda: api.build_files(EXAMPLE, ("pdf",), work / "warm", only=(AGREEMENT,))  # noqa: E731
            for _ in range(runs):
                started, cpu = time.perf_counter(), time.process_time()
                pdf_build()
                taken["pdf"].append(time.perf_counter() - started)
                taken["pdf_cpu"].append(time.process_time() - cpu)
                elapsed, _, _, cpu = child(convert)
                taken["lo"].append(elapsed)
                taken["lo_cpu"].append(cpu)
                elapsed, _, _, cpu = child(cold_all)
                taken["cold"].append(elapsed)
                taken["cold_cpu"].append(cpu)
            for key, values in taken.items():
                figures[f"turns_{key}"] = statistics.median(values)
            figures["libreoffice"] = figures["turns_lo"]
            rows.append(Row("LibreOffice headless, same DOCX to PDF", ms(figures["libreoffice"])))
            rows.append(Row("  ... its CPU time", ms(figures["turns_lo_cpu"])))
            rows.append(Row("in-process PDF, taken in turn with LibreOffice", ms(figures["turns_pdf"])))
            rows.append(Row("  ... its CPU time", ms(figures["turns_pdf_cpu"])))
            ratio = figures["turns_pdf"] / figures["turns_lo"]
            figures["pdf_ratio"] = ratio
            rows.append(Row("  our in-process PDF / LibreOffice's", f"{ratio:.2f}", "<= 0.80", ratio <= 0.8))
            figures["pdf_cpu_ratio"] = figures["turns_pdf_cpu"] / figures["turns_lo_cpu"]
            rows.append(Row("  ... in CPU time", f"{figures['pdf_cpu_ratio']:.2f}"))
            cold = figures["turns_cold"] / figures["turns_lo"]
            figures["cold_ratio"] = cold
            rows.append(Row("cold build, agreement, all formats, taken in turn", s(figures["turns_cold"])))
            rows.append(Row("  our cold build, all formats / LibreOffice's", f"{cold:.2f}", "<= 1.00", cold <= 1.0))
            figures["cold_cpu_ratio"] = figures["turns_cold_cpu"] / figures["turns_lo_cpu"]
            rows.append(Row("  ... in CPU time", f"{figures['cold_cpu_ratio']:.2f}"))
        else:
            rows.append(Row("LibreOffice headless, same DOCX to PDF", "not found", "", None))

        # -- linear cost ------------------------------------------------------------------------
        sheet = api.load_termsheet(EXAMPLE)
        sizes = (1, 2, 4) if options.quick else (1, 2, 4, 8)
        for fmt in ("docx", "pdf", "txt"):
            def longer(times, fmt=fmt):
                document = repeated_agreement(sheet, times, library)
                lint.check(sheet, [document])
                return writers.render(document, fmt)
            longer(1)
            # Sizes taken in turn within each round, so a slow spell of the machine falls on all alike.
            taken: dict[int, list[float]] = {times: [] for times in sizes}
            for _ in range(runs):
                for times in sizes:
                    started = time.perf_counter()
                    longer(times)
                    taken[times].append(time.perf_counter() - started)
            base = statistics.median(taken[1])
            for times in sizes[1:]:
                ratio = statistics.median(taken[times]) / base
                figures[f"linear_{fmt}_{times}"] = ratio
                limit = 1.1 * times
                rows.append(Row(f"agreement x{times}, {fmt.upper() if fmt != 'txt' else 'text'}, time / x1",
                                f"{ratio:.2f}x", f"<= {limit:.1f}x", ratio <= limit))

        # -- batches ----------------------------------------------------------------------------
        if not options.quick:
            # Requested-information notices go to every Investor: the Initial Investor and the holders.
            holders = deals.holders(options.letters - 1, work / "holders.yaml")
            elapsed, peak, _, _ = child([ASSEMBLER, "batch", str(holders), "--kind", "requested-information",
                                         "--date", "2001-05-14", "--filing-date", "2001-06-20", "--format", "docx",
                                         "--jobs", str(options.jobs), "--out", str(work / "round")])
            letters = len(list((work / "round").glob("*.docx")))
            figures["batch_letters_seconds"] = elapsed
            rows.append(Row(f"`assembler batch`: {letters:,} notice letters, DOCX, {options.jobs} jobs",
                            s(elapsed), "<= 20 s" if letters >= 1000 else "", elapsed <= 20 if letters >= 1000
                            else None))
            rows.append(Row("  ... letters a second", f"{letters / elapsed:.0f}"))
            rows.append(Row("  ... peak memory of the main process", mb(peak)))
            folder = work / "agreements"
            deals.agreements(options.agreements, folder)
            elapsed, peak, _, _ = child([ASSEMBLER, "batch", str(folder), "--format", "pdf", "--jobs",
                                         str(options.jobs), "--out", str(work / "agreements-out")])
            figures["batch_agreements_seconds"] = elapsed
            rows.append(Row(f"`assembler batch`: {options.agreements} agreements, PDF, {options.jobs} jobs",
                            s(elapsed), "<= 60 s" if options.agreements >= 100 else "",
                            elapsed <= 60 if options.agreements >= 100 else None))
            rows.append(Row("  ... agreements a second", f"{options.agreements / elapsed:.1f}"))
            rows.append(Row("  ... peak memory of the main process", mb(peak)))
    finally:
        LAUNCHER.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    width = max(len(row.measure) for row in rows)
    print(f"assembler benchmark: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"median of {runs} runs, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"| {'measure':<{width}} | {'figure':>12} | {'target':<12} | {'':<6} |")
    print(f"|{'-' * (width + 2)}|{'-' * 14}|{'-' * 14}|{'-' * 8}|")
    for row in rows:
        print(row.line(width))
    missed = [row.measure.strip() for row in rows if row.met is False]
    if options.json:
        # The figures, and the table as printed: benchmarks/readme_table.py renders README's from it.
        kept = {**figures, "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "runs": runs,
                                       "load": round(os.getloadavg()[0], 1)},
                "table": [[row.measure, row.value, row.target, row.met] for row in rows]}
        options.json.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
    if missed:
        print("missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
