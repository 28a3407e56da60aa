"""What the DOCX reader gives: paragraphs, their revisions, numbering, bookmarks, fields, comments."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# Characters Word and LibreOffice put in for plain ones, and what they stand for when texts are compared.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u2002": " ", "\u2003": " ",
                         "\u2011": "-", "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None,
                         "\t": " ", "\n": " ", "\r": " ", "\x0b": " "})
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)  # reconcile compares the same paragraphs build after build
def comparable(text: str) -> str:
    """``text`` as it is compared: straight quotes, plain spaces for no-break ones, tabs and line
    breaks, one space between words, no soft hyphens. The text itself keeps what Word wrote."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


@dataclass
class Comment:
    id: str
    author: str
    date: str
    initials: str
    text: str


@dataclass
class Change:
    """One revision: ``kind`` is insert, delete, move-from, move-to, paragraph-insert,
    paragraph-delete (a paragraph mark) or format; ``text`` the words it inserts or deletes."""
    id: str
    kind: str
    author: str
    date: str
    paragraph: int
    text: str = ""
    comment_ids: set = field(default_factory=set, repr=False)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Field:
    """A Word field: its instruction ("REF _Ref123 \\n \\h"), kind ("REF"), the bookmark a REF,
    PAGEREF or NOTEREF points to, and its cached result as sent and as proposed."""
    instruction: str
    kind: str
    target: str | None
    sent: str
    proposed: str
    start: int | None = None  # where its result stands in the paragraph's proposed text
    end: int | None = None

    @classmethod
    def of(cls, code: str, sent: str, proposed: str) -> "Field":
        words = code.split()
        kind = words[0].upper() if words else ""
        target = words[1] if kind in ("REF", "PAGEREF", "NOTEREF") and len(words) > 1 else None
        return cls(" ".join(words), kind, target, sent, proposed)


@dataclass
class Segment:
    """A stretch of a paragraph's text under one revision (``kind`` None: unchanged)."""
    text: str
    kind: str | None
    change: Change | None = None


@dataclass
class ReadParagraph:
    """A paragraph of the file as Word holds it (both views' text in one)."""
    index: int
    in_table: bool = False
    style: str | None = None
    style_id: str | None = None
    sent_style_id: str | None = None
    num_pr: tuple | None = None
    sent_num_pr: tuple | None = None
    sent_text: str = ""
    proposed_text: str = ""
    number: str | None = None      # as proposed: the list label ("(c)") or the typed number
    level: int | None = None       # 0 for the outermost
    numbering: str | None = None   # "list" (Word's numbering), "typed" or None
    sent_number: str | None = None
    sent_level: int | None = None
    mark: str | None = None        # "insert" or "delete": the paragraph mark is a revision
    bookmarks: list[str] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.kind != "format" for c in self.changes)


@dataclass
class ViewParagraph:
    """A paragraph of one view (as sent, or as proposed): ``sources`` are the indexes of the
    file's paragraphs joined into it where a paragraph mark is absent in this view."""
    text: str
    style: str | None
    num_pr: tuple | None
    sources: list[int]
    bookmarks: list[str]
    number: str | None = None
    level: int | None = None
    numbering: str | None = None
    fields: list = field(default_factory=list)  # (start, end, Field) in ``text``, as proposed only

    @property
    def comparable(self) -> str:
        return comparable(self.text)


@dataclass
class ReadDocument:
    paragraphs: list[ReadParagraph]
    changes: list[Change]
    comments: dict[str, Comment]
    bookmarks: dict[str, int]
    properties: dict
    name: str
    sent: list[ViewParagraph] = field(default_factory=list)
    proposed: list[ViewParagraph] = field(default_factory=list)
    parts: dict = field(default_factory=dict, repr=False)  # the package's members, as read
    sha256: str = ""                                         # of the file's bytes

    @property
    def authors(self) -> list[str]:
        return sorted({c.author for c in self.changes if c.author})

    @property
    def tracked(self) -> bool:
        return any(c.kind != "format" for c in self.changes)

    def text(self, view: str = "proposed") -> str:
        return "\n".join(p.text for p in getattr(self, view))
