"""The command's work, as one call: reconcile, decide, write (the CLI and a web page sit on it)."""
from __future__ import annotations

from pathlib import Path

from ..datafile import read_yaml
from ..errors import AssemblerError
from .engine import Result, reconcile
from .report import write

CHOICES = ("accept", "reject")


def decisions(result: Result, accept: tuple[str, ...] = (), reject: tuple[str, ...] = (),
              decisions_file: Path | None = None) -> dict[str, str] | None:
    """Change id → "accept" or "reject"; None when nothing was decided (accept them all).
    ``--accept`` alone accepts only those; ``--reject`` alone accepts all but those."""
    given: dict[str, str] = {}
    if decisions_file is not None:
        data = read_yaml(Path(decisions_file))
        if not isinstance(data, dict) or not all(str(v) in CHOICES for v in data.values()):
            raise AssemblerError("is not a mapping of change ids to accept or reject", file=str(decisions_file),
                                 hint="write one line a change: '3: accept'")
        given.update({str(k): str(v) for k, v in data.items()})
    given.update({i: "accept" for i in _ids(accept)})
    given.update({i: "reject" for i in _ids(reject)})
    known = {c.id for c in result.changes}
    unknown = sorted(set(given) - known)
    if unknown:
        raise AssemblerError(f"names change '{unknown[0]}', which this draft does not have",
                             field="--accept/--reject", hint="its changes: " + (", ".join(sorted(known, key=int))
                                                                               or "none"))
    if not given:
        return None
    if reject and not accept and decisions_file is None:
        return {c.id: given.get(c.id, "accept") for c in result.changes}
    return given


def _ids(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


def run(termsheet: Path, draft: Path, out: Path, document: str | None = None, library_dirs: tuple = (),
        accept: tuple[str, ...] = (), reject: tuple[str, ...] = (), decisions_file: Path | None = None,
        reply: bool = False, author: str = "assembler", force: bool = False) -> tuple[Result, list[Path]]:
    result = reconcile(termsheet, draft, document, library_dirs)
    chosen = decisions(result, accept, reject, decisions_file)
    proposal = result.apply(chosen)
    reply_docx = None
    if reply:
        from .reply import reply as make_reply
        reply_docx = make_reply(result, chosen, author)
    return result, write(result, proposal, out, force=force, reply=reply_docx)
