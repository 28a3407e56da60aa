"""Errors a user can act on.

Every error the user can fix (a bad term sheet, a clause that does not render,
a reference to a clause that is not in the document) is an ``AssemblerError``:
the CLI prints its one-line message and exits 2. Anything else is a bug.
"""
from __future__ import annotations

import re

# What a terminal or a log must never receive from input as it is: C0 and C1 controls (escape
# sequences can erase or forge lines), DEL, bidi controls (they reorder what is shown), line and
# paragraph separators, noncharacters and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def shown(text: str) -> str:
    """Text from input as it may be echoed: every unsafe character written as its escape (ESC as
    \\x1b, a right-to-left override as \\u202e, a newline as \\n), so one message is one line and
    says exactly what the input held."""
    return _UNSAFE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii")
                       if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


class AssemblerError(Exception):
    """A problem in the user's input, reported as one line."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        parts = [where] if where else []
        if self.field:
            parts.append(f"field '{self.field}'")
        head = ": ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(shown(text).split())  # one line, whatever the value held


class TermSheetError(AssemblerError):
    """The term sheet cannot be read or does not validate."""


class ClauseError(AssemblerError):
    """A clause template does not render or does not parse."""
    fed_by: list[str] = []  # the term-sheet fields the failing line reads, for the message to name

    def locate(self, sheet) -> "ClauseError":
        """Name where in the term sheet the values that fed the failing line are."""
        if self.fed_by:
            self.hint = "the value comes from " + ", ".join(
                f"'{name}' at {sheet.path}:{sheet.line_of(tuple(name.split('.')))}" for name in self.fed_by)
        return self


class BrokenReferenceError(AssemblerError):
    """A cross-reference names a clause that is not in the document."""


class OutputError(AssemblerError):
    """An output cannot be written where it was asked for."""


class LintError(AssemblerError):
    """The assembled documents have lint errors; nothing is written unless a draft is asked for."""

    def __init__(self, findings: list):
        self.findings = findings
        count = len(findings)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the assembled documents; nothing "
                         "written", hint="fix them, or pass --draft to write drafts marked DRAFT")
