"""The term sheet's problems as the form shows them: every one at once, each at its field and in
the summary at the top, in a lawyer's words (termsheet.messages.for_lawyer; the CLI says the same
problems its own way)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import termsheet
from ..termsheet.wording import WORDING
from . import form, labels


@dataclass
class Shown:
    field: str     # the form input (or group) the message belongs to
    message: str

    @property
    def anchor(self) -> str:
        return "f-" + self.field


def shown(schema: dict, found: list, names: set[str]) -> list[Shown]:
    """Each problem at the nearest field the form has, in a lawyer's words."""
    out: list[Shown] = []
    for problem in found:
        parts = labels.label(schema, problem.loc).split(" › ") if problem.loc else ["The term sheet"]
        title = parts[-1]
        if problem.loc and isinstance(problem.loc[-1], int) and len(parts) > 1:  # "Street address, line 2"
            parts = parts[:-2] + [f"{parts[-2]}, {parts[-1][:1].lower()}{parts[-1][1:]}"]
            title = parts[-1]
        message = termsheet.for_lawyer(problem, title, termsheet.Deal, plain)
        items = [p for p in parts[:-1] if re.search(r" \d+$", p)]  # "Investor 2": which one, for lists
        if items:
            message = f"{items[-1]}, {message[:1].lower()}{message[1:]}"
        out.append(Shown(nearest(form.field_name(termsheet.dotted(problem.loc)), names), message))
    return out


def nearest(name: str, names: set[str]) -> str:
    """The field itself, or the closest group around it the form shows (a mapping's key is inside it)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in names:
            return ".".join(parts)
        parts.pop()
    return ""


_TITLES = {key.split(".", 1)[1]: title for key, (title, _) in WORDING.items()}
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")
# A hint that tells the CLI's user to pass one of these has nothing a lawyer could do on the page
# ("fix them, or pass --draft …"): the page gives the error without it.
_CLI_ONLY = re.compile(r"(?<![\w-])--(draft|force|library|old-library|out|format)\b")
_SWITCH = re.compile(r"\b([a-z][a-z0-9_]*): (true|false)\b")
# A path first ("other_investors[1].assignment"), else a lone key ("par_value").
_NAME = re.compile(r"\b[a-z_]+(?:\.[a-z_0-9]+|\[\d+\])+|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    return termsheet.json_schema()


def plain(text: str) -> str:
    """A rule's words, which name fields as the YAML does ('give par_value, or no_par: true'), in the
    form's terms ('give Par value per share ($), or tick No par value')."""
    def switch(match: re.Match) -> str:
        title = _TITLES.get(match.group(1), match.group(1).replace("_", " "))
        return f"tick {title}" if match.group(2) == "true" else f"untick {title}"

    def name(match: re.Match) -> str:
        text = match.group(0)
        if "." in text or "[" in text:  # a path of the term sheet: each of its parts by its title
            path = labels.path_of(form.field_name(text))
            if path[0] not in _schema()["properties"]:
                return text  # prose ("e.g.", "i.e."), not a path
            return labels.label(_schema(), path)
        return _TITLES.get(text, text.replace("_", " "))

    text = _FLAG.sub(lambda m: m.group(1).replace("-", " ").capitalize(), text)  # the CLI's --to is the page's To
    return _NAME.sub(name, _SWITCH.sub(switch, text))


def said(exc) -> str:
    """An error the pipeline raised, for the page: what is wrong and what would do, in the form's
    terms (no file, line or path; the CLI prints the same error with them)."""
    field = plain(exc.field) if exc.field and exc.field != "(top level)" else ""
    field = field[:1].upper() + field[1:]
    text = (f"{field}: " if field else "") + plain(exc.message)
    return text + (f" ({plain(exc.hint)})" if exc.hint and not _CLI_ONLY.search(exc.hint) else "")


def in_file(exc) -> str:
    """An uploaded file's problem: where in the file (the lawyer has it open), then what, plainly."""
    where = ", ".join(part for part in (exc.file, f"line {exc.line}" if exc.line else "") if part)
    return f"{where}: {said(exc)}" if where else said(exc)
