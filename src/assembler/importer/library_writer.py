"""Write an imported precedent as a library folder, all or nothing:

    assemblies/NAME.yaml       the document: title, numbering, its clauses in order
    KEY/*.xml.j2               the opening, one clause per top-level section, the signature page
    facts.schema.yaml          the facts found, under one top-level key
    termsheet.skeleton.yaml    a term sheet to fill: each fact with a comment quoting where it appears
    import-report.txt, .json   what was mapped and what was not, with places
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from ..errors import OutputError

REPORT_FILES = ("import-report.txt", "import-report.json")
SKELETON = "termsheet.skeleton.yaml"


def write_library(result, force: bool = False) -> None:
    out = result.out
    if out.exists() and not out.is_dir():
        raise OutputError("exists and is not a folder", file=str(out), hint="give --out a new folder")
    if out.exists() and any(out.iterdir()) and not force:
        raise OutputError("already exists and is not empty; pass --force to replace the library there",
                          file=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=out.parent))
    try:
        files = _write(result, staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.files = [out / f for f in files]


def _write(result, folder: Path) -> list[str]:
    written = []

    def put(relative: str, text: str) -> None:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(relative)

    put(f"assemblies/{result.name}.yaml", _assembly(result))
    for clause, markup in result.clauses.items():
        put(f"{result.key}/{clause}.xml.j2", _header(result, clause) + markup)
    put("facts.schema.yaml", _schema(result))
    put(SKELETON, _skeleton(result))
    report = report_data(result)
    put("import-report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    put("import-report.txt", report_text(report))
    return written


def _header(result, clause: str) -> str:  # noqa: ARG001  (one header for every clause)
    return "{#- Imported from a Word precedent by `assembler library import`: a draft to refine by hand. -#}\n"


def _assembly(result) -> str:
    data = {
        "name": result.name,
        "title": result.title,
        "makes": {"when": f"{result.key} is not none", "name": result.name, **({"conformed": "true"} if result.conformed else {})},
        "numbering": result.outline.numbering,
        "article_style": result.outline.article_style,
    }
    dates = [n for n, f in result.facts.items() if f.kind == "date"]
    if dates:
        data["date"] = f"{result.key}.{dates[0]}"
    data["clauses"] = [f"{result.key}/{clause}" for clause in result.clauses]
    head = (f"# {result.title}, imported from a Word precedent by `assembler library import`.\n"
            f"# Built whenever a term sheet holds `{result.key}` (see termsheet.skeleton.yaml).\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _schema(result) -> str:
    properties = {}
    for name, fact in result.facts.items():
        spec = fact.schema()
        if "$ref" in spec:  # left blank, it builds as a blank to fill
            spec = {"anyOf": [{"$ref": spec.pop("$ref")}, {"type": "null"}], **spec}
        elif fact.kind != "switch":
            spec["type"] = [spec["type"], "null"]
        properties[name] = spec
    data = {"type": "object", "properties": {result.key: {
        "description": f"The facts of the {result.title}, imported from its Word precedent.",
        "type": "object", "additionalProperties": False, "properties": properties}}}
    head = ("# The facts the imported precedent reads: JSON Schema, written in YAML.\n"
            "# A fact left null builds as a blank; `assembler check` lists the blanks still open.\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _skeleton(result) -> str:
    lines = [f"# A term sheet for the {result.title}, imported by `assembler library import`.",
             "# Fill each fact (null builds as a blank); each comment quotes where it appears in the precedent.",
             f"#   assembler build {SKELETON} --library <this folder>",
             "company:  # assembler's own fact: every term sheet names the company it is drafted for",
             f"  name: {_scalar(result.company_name)}",
             "  entity_type: corporation",
             "  jurisdiction: Delaware",
             f"{result.key}:" + ("" if result.facts else " {}  # the precedent has no facts yet: add them here")]
    for name, fact in result.facts.items():
        for place in fact.places[:3]:
            lines.append(f"  # {' '.join(place.split())}")
        if len(fact.places) > 3:
            lines.append(f"  # … and {len(fact.places) - 3} more place(s)")
        kind = {"count": f"a whole number (written «{fact.unit or ''}» by `count`)", "money": "an amount",
                "money_words": "an amount (written in words and figures)", "date": "a date, YYYY-MM-DD",
                "switch": "true keeps the optional text, false leaves it out", "number": "a whole number",
                "percent": "a percentage",
                "address": "an address: {lines: [...], city: ..., state: ..., postal_code: ...}"}.get(fact.kind, "text")
        lines.append(f"  {name}: {_scalar(fact.value)}  # {kind}")
    return "\n".join(lines) + "\n"


def report_data(result) -> dict:
    return {
        "name": result.name,
        "title": result.title,
        "key": result.key,
        "numbering": result.outline.numbering,
        "sections": [{"id": s.id, "number": s.number, "title": s.title} for s in result.outline.all_sections()],
        "facts": [{"name": n, "kind": f.kind, "unit": f.unit, "value": f.value, "placeholders": f.placeholders,
                   "places": f.places} for n, f in result.facts.items()],
        "definitions": result.definitions,
        "references": {"resolved": result.resolved,
                       "unresolved": [{"place": u.place, "text": u.text} for u in result.unresolved]},
        "signatures": result.signatures,
        "findings": [{"rule": f.rule, "place": f.place, "message": f.message} for f in result.findings],
        "not_mapped": [{"kind": u.kind, "place": u.place, "detail": u.detail} for u in result.unmapped],
    }


def report_text(report: dict) -> str:
    lines = [f"Import of the {report['title']} → library key `{report['key']}`", ""]
    lines.append(f"Mapped: {len(report['sections'])} section(s) (numbering {', '.join(report['numbering'])}); "
                 f"{len(report['facts'])} fact(s); {len(report['definitions'])} definition(s); "
                 f"{len(report['references']['resolved'])} reference(s) as <ref>; "
                 f"{report['signatures']} signature block(s).")
    lines += ["", "Facts:"]
    for fact in report["facts"]:
        lines.append(f"  {report['key']}.{fact['name']} ({fact['kind']}): "
                     + "; ".join(fact["places"][:2]))
    lines += ["", "References that name no section (left as typed):"]
    lines += [f"  {u['place']}: «{u['text']}»" for u in report["references"]["unresolved"]] or ["  none"]
    lines += ["", "Findings:"]
    lines += [f"  {f['rule']}: {f['place']}: {f['message']}" for f in report["findings"]] or ["  none"]
    lines += ["", "Not mapped (left for you):"]
    lines += [f"  {u['kind']} {u['place']}: {u['detail']}" for u in report["not_mapped"]] or ["  nothing"]
    return "\n".join(lines) + "\n"
