"""The import itself: a precedent's outline, paragraph by paragraph turned into clause markup."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..termsheet.schema import Deal
from . import placeholders as ph
from .outline import Outline, Section, outline
from .reading import Para, Precedent, Unmapped, read
from .references import Unresolved, definition_spans, escape, reference_spans

SIGN_LINE = re.compile(r"^\s*(By|Name|Title|Its)\s*:\s*", re.I)
CAPTIONS = ("Authorized Officer", "Print or Type")
LINE_SIGNATURE = re.compile(r"^\s*(/s/.*|_{5,})\s*$")


@dataclass
class ImportResult:
    name: str
    key: str                          # the library's top-level fact
    title: str
    out: Path
    outline: Outline
    facts: dict[str, ph.Fact]
    findings: list[ph.Finding]
    unresolved: list[Unresolved]
    resolved: list[str]
    definitions: list[str]
    unmapped: list[Unmapped]
    signatures: int = 0
    company_name: str = "the company's name"
    conformed: bool = False
    clauses: dict[str, str] = field(default_factory=dict)   # clause name → markup
    files: list[Path] = field(default_factory=list)


class _Importer:
    def __init__(self, precedent: Precedent, name: str, key: str):
        self.precedent = precedent
        self.name, self.key = name, key
        self.book = ph.FactBook(key)
        self.defined: set[str] = set()
        self.definitions: list[str] = []
        self.unresolved: list[Unresolved] = []
        self.resolved: list[str] = []
        self.signatures = 0
        self.conformed = False  # the precedent's signatures are printed "/s/ Name"
        self.outline = outline(precedent.paragraphs, id_prefix(key))
        self.numbers: dict[str, str] = {}
        for section in self.outline.all_sections():
            self.numbers.setdefault(section.number, section.id)
            if section.level == 1:
                self.numbers.setdefault(str(section.value), section.id)

    # -- one paragraph -----------------------------------------------------------------------------

    def inline(self, para: Para, start: int, place: str, hint: str, end: int | None = None) -> str:
        text = para.text if end is None else para.text[:end]
        spans, switches = ph.bracket_spans(text, start, self.book, place, para)
        spans += ph.marked_spans(para, start, self.book, place, spans)
        spans += ph.words_and_figures(text, start, self.book, place, hint, spans)
        spans += definition_spans(text, start, self.defined, spans)
        self.definitions += [s.markup for s in spans if s.markup.startswith("<def>")]
        spans += reference_spans(text, start, self.numbers, place, spans, self.unresolved, self.resolved)
        spans += switches + ph.comment_switches(para, start, self.book, place, self.precedent.comments)
        return _emit(para, text, start, spans)

    def paragraph(self, para: Para, start: int, place: str, hint: str) -> str:
        body = self.inline(para, start, place, hint).strip()
        if not body:
            return ""
        attrs = ' align="center"' if para.align == "center" else ""
        breaks = "<pagebreak/>\n" if para.page_break else ""
        return f"{breaks}<p{attrs}>{body}</p>"

    # -- the parts -----------------------------------------------------------------------------------

    def opening(self) -> str:
        out = []
        for para in self.outline.opening:
            if para is self.outline.title:
                out.append(f"<title>{escape(' '.join(para.text.split()))}</title>")
            else:
                out.append(self.paragraph(para, 0, "the opening", "opening"))
        return "\n".join(filter(None, out)) + "\n"

    def section(self, section: Section, depth: int = 0) -> str:
        pad = "  " * depth
        title = f' title="{escape(section.title).replace(chr(34), "&quot;")}"' if section.title else ""
        place = f"Section {section.number}"
        hint = "_".join(section.id.split(".")[-1].split("_")[:2])
        lines = [f'{pad}<section id="{section.id}"{title}>']
        for para, start in section.paragraphs[:1]:
            lines.append(pad + "  " + self.paragraph(para, start, place, hint))
        for child in section.children:
            lines.append(self.section(child, depth + 1))
        for para, start in section.paragraphs[1:]:
            lines.append(pad + "  " + self.paragraph(para, start, place, hint))
        lines.append(f"{pad}</section>")
        return "\n".join(line for line in lines if line.strip())

    def closing(self) -> str:
        paras = self.outline.closing
        out, i = [], 0
        while i < len(paras):
            para = paras[i]
            text = para.text.strip()
            if i + 1 < len(paras) and SIGN_LINE.match(paras[i + 1].text) and \
                    SIGN_LINE.match(paras[i + 1].text).group(1).lower() == "by" and not SIGN_LINE.match(text) \
                    and len(text.split()) <= 12 and not ph.BLANKISH.match(text):
                i = self.signature(paras, i, with_entity=True, out=out)
                continue
            if SIGN_LINE.match(text) and SIGN_LINE.match(text).group(1).lower() == "by":
                i = self.signature(paras, i, with_entity=False, out=out)
                continue
            if LINE_SIGNATURE.match(text) and i + 1 < len(paras) and "," in paras[i + 1].text:
                i = self.line_signature(paras, i, out)
                continue
            if para.style.lower() == "legend" or (text.startswith("[") and text.endswith("]") and text.isupper()):
                inner = " ".join(text.strip("[]").split())
                out.append(("<pagebreak/>\n" if para.page_break else "") + f"<legend>{escape(inner)}</legend>")
            else:
                out.append(self.paragraph(para, 0, "the signature page", "signature"))
            i += 1
        return "\n".join(filter(None, out)) + "\n"

    def line_signature(self, paras: list[Para], i: int, out: list[str]) -> int:
        """A line, signed "/s/ Name" or blank, with "Name, Title" under it (an incorporator's)."""
        if paras[i].text.strip().startswith("/s/"):
            self.conformed = True
        under = paras[i + 1]
        comma = under.text.rindex(",")
        name = self.inline(under, 0, "the signature page", "signatory", end=comma).strip()
        title = self.inline(under, comma + 1, "the signature page", "signatory").strip()
        self.signatures += 1
        out.append(f'<signature form="line"><name>{name}</name><title>{title}</title></signature>')
        return i + 2

    def signature(self, paras: list[Para], i: int, with_entity: bool, out: list[str]) -> int:
        parts = {}
        place = "the signature page"
        if with_entity:
            entity = paras[i]
            parts["entity"] = self.inline(entity, 0, place, "signatory").strip()
            if entity.page_break:
                out.append("<pagebreak/>")
            i += 1
        if "/s/" in paras[i].text:
            self.conformed = True
        i += 1  # the "By:" line
        form = ""
        while i < len(paras):
            caption = " ".join(paras[i].text.split()).strip("()")
            if caption in CAPTIONS:  # "Authorized Officer", "Print or Type": the form prints them
                form = ' form="officer"' if caption == "Authorized Officer" else form
                i += 1
                continue
            m = SIGN_LINE.match(paras[i].text)
            if not m or m.group(1).lower() == "by":
                break
            value_start = m.end()
            value = paras[i].text[value_start:]
            field_name = "title" if m.group(1).lower() in ("title", "its") else "name"
            parts[field_name] = "" if ph.BLANKISH.match(value) else self.inline(paras[i], value_start, place,
                                                                              "signatory").strip()
            i += 1
        self.signatures += 1
        inner = "".join(f"<{k}>{v}</{k}>" for k, v in parts.items())
        out.append(f"<signature{form}>{inner}</signature>")
        return i


def _emit(para: Para, text: str, start: int, spans: list[ph.Span]) -> str:
    """The paragraph's text from ``start`` as markup: spans in place of what they cover, the rest
    escaped, with bold, italic and underline kept."""
    marks = []
    for run in para.runs:
        marks += [(run.bold, run.italic, run.underline)] * len(run.text)
    marks = marks[:len(text)] + [(False, False, False)] * max(0, len(text) - len(marks))
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    out, pos = [], start
    for span in ordered:
        if span.start < pos:
            continue
        out.append(_marked(text, marks, pos, span.start))
        out.append(span.markup)
        pos = span.end
    out.append(_marked(text, marks, pos, len(text)))
    return " ".join("".join(out).replace("\n", " ").split(" ")) if out else ""


def _marked(text: str, marks: list, start: int, end: int) -> str:
    out, i = [], start
    while i < end:
        j = i
        while j < end and marks[j] == marks[i]:
            j += 1
        piece = escape(text[i:j].replace("\t", " "))
        bold, italic, underline = marks[i]
        if piece.strip():
            for on, tag in ((underline, "u"), (italic, "i"), (bold, "b")):
                if on:
                    piece = f"<{tag}>{piece}</{tag}>"
        out.append(piece)
        i = j
    return "".join(out)


def id_prefix(key: str) -> str:
    """Section ids start short: "registration_rights_agreement" → "rra"."""
    words = [w for w in key.split("_") if w not in ("precedent", "terms")]
    return "".join(w[0] for w in words) if len(words) >= 3 else "_".join(words) or key


def library_key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "precedent"
    if key[0].isdigit():
        key = "doc_" + key
    return key + "_terms" if key in Deal.model_fields else key


def _our_assemblies() -> set[str]:
    from ..library import data_dir
    return {path.stem for path in data_dir("templates").glob("*.yaml")}


def import_precedent(path: str | Path, out: str | Path, name: str | None = None,
                     force: bool = False) -> ImportResult:
    """Read a precedent and write its draft library into ``out``."""
    from .library_writer import write_library

    if name is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", name):
        from .reading import ImportRefused
        raise ImportRefused(f"'{name}' cannot name a document", field="--name",
                            hint="lower-case letters, digits and hyphens, e.g. mutual-nda")
    precedent = read(path)
    title = ""
    if name is None:
        probe = outline(precedent.paragraphs, "probe")
        title = " ".join(probe.title.text.split()) if probe.title else Path(path).stem
        name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "precedent"
    if name in _our_assemblies():  # a library's assembly of our name would replace ours
        name += "-precedent"
    key = library_key(name)
    importer = _Importer(precedent, name, key)
    if importer.outline.title is not None:
        title = " ".join(importer.outline.title.text.split())
    title = title or name.replace("-", " ").title()
    clauses = {"opening": importer.opening()}
    for section in importer.outline.sections:
        clause = section.id.split(".")[-1]
        while clause in clauses:
            clause += "_2"
        clauses[clause] = importer.section(section) + "\n"
    clauses["signature"] = importer.closing()
    conformed = importer.conformed
    result = ImportResult(name, key, title, Path(out), importer.outline, importer.book.facts,
                          importer.book.findings, importer.unresolved, importer.resolved,
                          [d[5:-6] for d in importer.definitions],
                          # a comment marking a passage optional was mapped: its switch says so
                          [u for u in precedent.unmapped
                           if not (u.kind == "comment" and ph.OPTIONAL_COMMENT.search(u.detail))],
                          importer.signatures, clauses=clauses, conformed=conformed)
    write_library(result, force=force)
    return result
