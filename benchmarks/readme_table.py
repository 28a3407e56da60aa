"""README's benchmark table, rendered from what `benchmarks/run.py --json FILE` wrote.

    .venv/bin/python benchmarks/run.py --json benchmarks/latest.json
    .venv/bin/python benchmarks/readme_table.py benchmarks/latest.json --write README.md

Without --write it prints the table. With it, the table between README's two marker comments is
replaced, so README's figures are always one run's, never typed by hand (tests/test_docs_examples.py
checks that README holds exactly what this renders from benchmarks/latest.json).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

START = "<!-- benchmark-table: rendered by benchmarks/readme_table.py from benchmarks/latest.json -->"
END = "<!-- end of benchmark-table -->"


def render(figures: dict) -> str:
    machine = figures["machine"]
    load = f", load average {machine['load']} at the end" if "load" in machine else ""
    lines = [f"On this project's {machine['cpus']}-core machine (Python {machine['python']}, "
             f"median of {machine['runs']} runs{load}):", "",
             "| measure | figure | target | |", "|---|---:|---|---|"]
    for measure, value, target, met in figures["table"]:
        verdict = "" if met is None else ("met" if met else "**missed**")
        measure = measure.replace("...", "…").strip()
        lines.append(f"| {measure} | {value} | {target.replace('<=', '≤')} | {verdict} |")
    return "\n".join(lines)


def replace(readme: str, table: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README has no table between {START!r} and {END!r}")
    return pattern.sub(lambda _: f"{START}\n{table}\n{END}", readme)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", type=Path, help="the JSON benchmarks/run.py --json wrote")
    parser.add_argument("--write", type=Path, metavar="README", help="replace the table in this file")
    options = parser.parse_args()
    table = render(json.loads(options.figures.read_text(encoding="utf-8")))
    if options.write:
        options.write.write_text(replace(options.write.read_text(encoding="utf-8"), table), encoding="utf-8")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
