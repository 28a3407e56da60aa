"""What reconcile writes in --out: the report (text, HTML, JSON), the proposed term sheet and the
matter library. Everything is written together or not at all (``outputs.write_files``)."""
from __future__ import annotations

import difflib
import html
import json
from pathlib import Path

from ..outputs import write_files

LIBRARY_FOLDER = "matter-library"
KINDS = {"fact": "fact", "switch": "switch", "clause": "clause text", "new-section": "new section",
         "deleted-section": "deleted section", "moved-section": "moved section"}


def redline(ours: str, theirs: str) -> list[tuple[str, str]]:
    """Their words against ours: (kind, words) with kind "", "del" or "ins"."""
    a, b = ours.split(), theirs.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(b[j1:j2])))
    return out


def _short(pieces: list[tuple[str, str]], keep: int = 12) -> list[tuple[str, str]]:
    """Unchanged stretches cut to their last and first few words around each change."""
    out = []
    for k, (kind, words) in enumerate(pieces):
        if kind or len(words.split()) <= 2 * keep:
            out.append((kind, words))
            continue
        w = words.split()
        head = " ".join(w[:keep]) if k > 0 else ""
        tail = " ".join(w[-keep:]) if k < len(pieces) - 1 else ""
        out.append(("", " … ".join(x for x in (head, tail) if x) if head or tail else "…"))
    return out


def text_report(result) -> str:
    lines = [f"Reconcile of {result.context.draft.name} against {result.document.title} "
             f"({result.document.name})", ""]
    lines += _summary(result) + [""]
    for change in result.changes:
        lines.append(f"[{change.id}] {KINDS[change.kind]}: {_where(change)}")
        lines.append(f"    {change.explanation}")
        if change.fact:
            lines.append(f"    {change.fact[0]}: {_value(change.fact[1])} → {_value(change.fact[2])}")
        if change.authors:
            lines.append("    by " + ", ".join(change.authors) + (f" ({', '.join(d[:10] for d in change.dates)})"
                                                                  if change.dates else ""))
        for comment in change.comments:
            lines.append(f"    comment: {comment}")
        marked = "".join(f" [-{w}-]" if k == "del" else f" {{+{w}+}}" if k == "ins" else f" {w}"
                         for k, w in _short(redline(change.ours, change.theirs)))
        lines.append("    redline:" + marked)
        lines.append("")
    if result.findings:
        lines.append("Findings on their draft:")
        lines += [f"  {f.one_line()}" for f in result.findings]
        lines.append("")
    if not result.round_trip.exact:
        lines.append("Differences between the proposal as built and their draft (- proposal, + theirs):")
        lines += [f"  {d}" for d in result.round_trip.differences]
    return "\n".join(lines).rstrip() + "\n"


def _value(value) -> str:
    from .proposal import _shown
    return _shown(value)


def _summary(result) -> list[str]:
    counts = {}
    for change in result.changes:
        counts[KINDS[change.kind]] = counts.get(KINDS[change.kind], 0) + 1
    version = {"current": "made from this term sheet (its hash matches)",
               "earlier": "made from another version of the term sheet (its hash differs)",
               "unknown": "carrying no term-sheet hash (a copy, or made before versions were stamped)"}[result.version]
    trip = "exact: the proposal builds their text word for word" if result.round_trip.exact else \
        f"NOT exact: {len(result.round_trip.differences)} line(s) differ (listed at the end)"
    authors = ", ".join(result.context.draft.authors) or "none (untracked)"
    drift = [f"Sections our term sheet changed since their version, which they left as sent (ours stand): "
             f"{', '.join(result.drift)}."] if result.drift else []
    return [f"Draft: {version}; {round(result.matched * 100)}% of our paragraphs found in it unchanged.", *drift,
            f"Revision authors: {authors}.",
            "Changes: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "none") + ".",
            f"Round trip: {trip}."]


def _where(change) -> str:
    if change.section.startswith("@"):
        return change.section[1:].replace("_", " ")
    return f"Section {change.number} ({change.section})" if change.number else change.section


def html_report(result) -> str:
    e = html.escape
    rows = []
    for change in result.changes:
        marked = "".join(f"<del>{e(w)}</del> " if k == "del" else f"<ins>{e(w)}</ins> " if k == "ins" else
                         f"{e(w)} " for k, w in _short(redline(change.ours, change.theirs)))
        comments = "".join(f"<li>{e(c)}</li>" for c in change.comments)
        fact = f"<p class=fact><code>{e(change.fact[0])}</code>: {e(_value(change.fact[1]))} → " \
               f"{e(_value(change.fact[2]))}</p>" if change.fact else ""
        rows.append(f'<section class="change {e(change.kind)}" id="change-{e(change.id)}">'
                    f"<h2>[{e(change.id)}] {e(KINDS[change.kind])}: {e(_where(change))}</h2>"
                    f"<p>{e(change.explanation)}</p>{fact}"
                    f"<p class=who>{e(', '.join(change.authors) or 'untracked')}"
                    f"{(' · ' + e(', '.join(d[:10] for d in change.dates))) if change.dates else ''}</p>"
                    f"{'<ul class=comments>' + comments + '</ul>' if comments else ''}"
                    f"<p class=redline>{marked}</p></section>")
    findings = "".join(f"<li>{e(f.one_line())}</li>" for f in result.findings)
    diffs = "".join(f"<li>{e(d)}</li>" for d in result.round_trip.differences)
    summary = "".join(f"<p>{e(line)}</p>" for line in _summary(result))
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Reconcile: "
            f"{e(result.context.draft.name)}</title><style>body{{font:15px/1.5 serif;max-width:60em;margin:2em auto}}"
            "ins{color:#05620f;text-decoration:underline}del{color:#a00}.change{border-top:1px solid #ccc}"
            ".who{color:#555}</style></head><body>"
            f"<h1>Reconcile of {e(result.context.draft.name)}</h1>{summary}{''.join(rows)}"
            f"{'<h2>Findings on their draft</h2><ul>' + findings + '</ul>' if findings else ''}"
            f"{'<h2>Round-trip differences</h2><ul>' + diffs + '</ul>' if diffs else ''}</body></html>\n")


def json_report(result) -> str:
    return json.dumps({
        "draft": result.context.draft.name, "draft_sha256": result.draft_hash, "document": result.document.name, "version": result.version,
        "matched": round(result.matched, 4), "drift": result.drift, "authors": result.context.draft.authors,
        "round_trip": {"exact": result.round_trip.exact, "differences": result.round_trip.differences},
        "changes": [c.as_dict() for c in result.changes],
        "findings": [f.__dict__ for f in result.findings]}, indent=2, default=str, ensure_ascii=False) + "\n"


def files(result, proposal, out: Path, reply: bytes | None = None) -> dict[Path, bytes]:
    out = Path(out)
    found = {out / "reconcile-report.txt": text_report(result).encode(),
             out / "reconcile-report.html": html_report(result).encode(),
             out / "reconcile-report.json": json_report(result).encode(),
             out / "proposed-termsheet.yaml": proposal.termsheet_yaml().encode()}
    for name, text in proposal.library_files().items():
        found[out / LIBRARY_FOLDER / name] = text.encode()
    if reply is not None:
        found[out / "reply.docx"] = reply
    return found


def write(result, proposal, out: Path, force: bool = False, reply: bytes | None = None) -> list[Path]:
    made = files(result, proposal, out, reply)
    write_files(made, force=force, root=out)
    return list(made)
