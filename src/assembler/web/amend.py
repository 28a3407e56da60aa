"""Amending the signed agreement by editing it: the lawyer opens the agreement as it stands (every
amendment so far applied), changes facts in place and a section's words in place, and the
workbench writes the new amendment's ``changes`` (new values by dotted path) and ``clauses``
(section id → its new paragraphs in clause markup) itself, as the term sheet's next
``agreement.amendments`` item. The instrument, conformed copy and redline are then ``assembler
amend``'s own, of that term sheet.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import RedirectResponse

from .. import api, amendments
from ..errors import AssemblerError
from ..store import Conflict
from ..termsheet.schema import AGREEMENT_PARTS
from ..tree import Section, inlines_of, plain
from . import interview, service

# The facts an agreement amendment may change (never its own history, the charter, or the date).
AMENDABLE = ("company", "investor", "other_investors") + AGREEMENT_PARTS
FIXED = ("agreement.amendments", "agreement.date", "charter")


def leaves(data, prefix: str = "") -> dict[str, object]:
    """Every scalar fact by its path, list items by their index: {"investor.notices.address.lines.0": ...}."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            out.update(leaves(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(data, list):
        out = {}
        for i, value in enumerate(data):
            out.update(leaves(value, f"{prefix}.{i}"))
        return out
    return {prefix: data}


def shown_value(value) -> str:
    return "on" if value is True else "" if value in (False, None) else str(value)


def facts(schema: dict, data: dict, answers_pages) -> list[dict]:
    """The facts the page offers to change: those the agreement has, and those the interview asks
    about that it leaves out (an investor's name, a signatory), grouped by the part they belong to."""
    found = {path: value for path, value in leaves(data).items()
             if path.split(".")[0] in AMENDABLE and not path.startswith(FIXED)}
    labels = {q.path: q.label for page in answers_pages for q in page.questions if not q.path.startswith("_")}
    topics = {q.path: page.title for page in answers_pages for q in page.questions}
    for path in labels:
        if path.split(".")[0] in AMENDABLE and not path.startswith(FIXED) and path not in found \
                and _parent_exists(data, path):
            found[path] = None
    rows = []
    for path, value in found.items():
        kind = interview.kind_of(schema, path)[0]
        rows.append({"path": path, "name": "f." + path, "id": "fact-" + path.replace(".", "-"),
                     "label": labels.get(path) or _label(schema, path), "kind": kind, "value": shown_value(value),
                     "part": topics.get(path) or _label(schema, path.split(".")[0])})
    order = {title: i for i, title in enumerate(page.title for page in answers_pages)}
    rows.sort(key=lambda row: order.get(row["part"], len(order)))  # stable: facts keep their order
    return rows


def grouped(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """The rows by their topic, in the order the topics come."""
    out: list[tuple[str, list[dict]]] = []
    for row in rows:
        if not out or out[-1][0] != row["part"]:
            out.append((row["part"], []))
        out[-1][1].append(row)
    return out


def _parent_exists(data, path: str) -> bool:
    node = data
    for part in path.split(".")[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return isinstance(node, dict)


def _label(schema: dict, path: str) -> str:
    """A fact's name from the schema's titles, part by part ("Investor, Notices, Attention")."""
    words = []
    for part in path.split("."):
        words.append(f"line {int(part) + 1}" if part.isdigit() else part.replace("_", " "))
    return ", ".join(words).capitalize()


def typed(kind: str, text: str):
    """A value as the term sheet holds it, from what was typed (the model judges it after)."""
    text = text.strip()
    if kind == "boolean":
        return text == "on"
    if text == "":
        return None
    if kind == "integer":
        return int(text.replace(",", "")) if re.fullmatch(r"-?[\d,]+", text) else text
    if kind == "number":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return text
        return int(number) if number == number.to_integral_value() and "." not in text else float(text)
    if kind == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return text
    return text


def _set(data, path: str, value) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def changes(before: dict, after: dict) -> dict[str, object]:
    """The amendment's ``changes``: each changed fact by its dotted path. A change inside a list is
    written as the whole list at its field, since a path names fields, not list items."""
    out: dict[str, object] = {}
    old, new = leaves(before), leaves(after)
    for path in list(old) + [p for p in new if p not in old]:
        if old.get(path) == new.get(path):
            continue
        parts = path.split(".")
        cut = next((i for i, part in enumerate(parts) if part.isdigit()), len(parts))
        field = ".".join(parts[:cut])
        value = after
        for part in parts[:cut]:
            value = value.get(part) if isinstance(value, dict) else None
        out[field] = copy.deepcopy(value)
    return out


def section_texts(document) -> list[dict]:
    """Each section's own words (its paragraphs, not its sub-sections), to edit in place."""
    rows = []
    for section_id, section in document.sections.items():
        paragraphs = [" ".join(" ".join(plain(run) for run in inlines_of(block)).split())
                      for block in section.children if not isinstance(block, Section)]
        paragraphs = [p for p in paragraphs if p]
        if paragraphs:
            rows.append({"id": section_id, "number": section.number, "title": section.title or "",
                         "name": "s." + section_id, "field": "section-" + section_id.replace(".", "-"),
                         "text": "\n\n".join(paragraphs)})
    return rows


def markup(text: str) -> str:
    """Paragraphs typed by a lawyer as clause markup: each blank-line-separated paragraph a <p>, its
    words escaped (a value is text, never markup)."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def _same(a: str, b: str) -> bool:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", a.strip())] == \
        [" ".join(p.split()) for p in re.split(r"\n\s*\n", b.strip())]


class Amend:
    def __init__(self, bench):
        self.bench = bench

    def current(self, version):
        """The term sheet, and the agreement as every amendment so far leaves it."""
        sheet = self.bench.load(version.termsheet)
        count = len(sheet.deal.agreement.amendments) if sheet.deal.agreement else 0
        amended = sheet.amended(count)
        document = api.assemble_job(amendments.job(sheet, count), self.bench.preview_library, strict=False)
        return sheet, amended, count, document

    async def page(self, request: Request):
        matter, version = self.bench.version(request)
        return self.show(request, matter, version, {}, {}, {}, "")

    def show(self, request, matter, version, typed_facts: dict, typed_sections: dict, head: dict, error: str,
             status: int = 200):
        sheet, amended, count, document = self.current(version)
        if sheet.deal.agreement is None:
            return self.bench.failed(request, matter, AssemblerError("has no agreement to amend", field="agreement"))
        pages = interview.pages(interview.starting_answers({}, amended.data))
        rows = facts(self.bench.schema, amended.data, pages)
        for row in rows:
            row["value"] = typed_facts.get(row["path"], row["value"])
        sections = section_texts(document)
        for row in sections:
            row["text"] = typed_sections.get(row["id"], row["text"])
        return self.bench.page(request, "amend.html", status, matter=matter, version=version, facts=grouped(rows),
                               sections=sections, number=count + 1, head=head, error=error,
                               today=dt.date.today().isoformat())

    async def save(self, request: Request):
        matter, version = self.bench.version(request)
        posted = await request.form()
        sheet, amended, count, document = self.current(version)
        pages = interview.pages(interview.starting_answers({}, amended.data))
        rows = facts(self.bench.schema, amended.data, pages)
        typed_facts = {row["path"]: str(posted.get(row["name"], "")) for row in rows if row["kind"] != "boolean"}
        typed_facts.update({row["path"]: "on" if posted.get(row["name"]) == "on" else ""
                            for row in rows if row["kind"] == "boolean"})
        typed_sections = {key[2:]: str(value) for key, value in posted.multi_items() if key.startswith("s.")}
        head = {"date": str(posted.get("date", "")).strip(), "investors": str(posted.get("investors", "")),
                "percent": str(posted.get("percent", "")).strip()}

        after = copy.deepcopy(amended.data)
        for row in rows:
            if typed_facts[row["path"]] != row["value"]:
                _set(after, row["path"], typed(row["kind"], typed_facts[row["path"]]))
        amendment = {"date": typed("date", head["date"]),
                     "approval": {"company": True,
                                  "investors": [n.strip() for n in head["investors"].splitlines() if n.strip()],
                                  "percent_of_registrable_securities": typed("number", head["percent"])}}
        changed = changes(amended.data, after)
        if changed:
            amendment["changes"] = changed
        originals = {row["id"]: row["text"] for row in section_texts(document)}
        clauses = {sid: markup(text) for sid, text in typed_sections.items()
                   if sid in originals and not _same(text, originals[sid])}
        if clauses:
            amendment["clauses"] = clauses
        data = copy.deepcopy(sheet.data)
        data["agreement"].setdefault("amendments", []).append(amendment)
        text = service.to_yaml(data)
        try:
            self.bench.load(text).amended(count + 1)
            # The instrument must be makeable too (a replaced section must still resolve).
            service.amend(text, count + 1, ("txt",), self.bench.library_dirs)
        except AssemblerError as exc:
            return self.show(request, matter, version, typed_facts, typed_sections, head, exc.one_line(), 422)
        try:  # the amendment is drawn on this version: if another was saved since, the merge page
            number = self.bench.store.save(matter.id, text, self.bench.author(request), based_on=version.number)
        except Conflict as conflict:
            return self.bench.conflict(request, matter, text, version.number, conflict.latest, {})
        return RedirectResponse(f"/matters/{matter.id}/versions/{number}/outputs#amendments-h", status_code=303)
