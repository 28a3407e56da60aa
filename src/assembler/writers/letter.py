"""Notice letters: DOCX through the docxtpl letterhead, PDF through WeasyPrint, and text.

Every format reads the same layout, a mapping of plain strings made from the
letter, so they cannot disagree. The look lives in files a person can restyle:
``templates/letterhead.docx`` in Word (keep the {{ }} and {%p %} tags), and
``templates/letter.html.j2`` with ``templates/letter.css`` for the PDF.
"""
from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import jinja2
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from ..errors import ClauseError, OutputError
from ..layout import signature_lines
from ..library import data_dir
from ..outputs import file_name
from ..style import city_line, long_date
from ..tree import Signature, Text, plain
from .docx import save, set_properties
from .pdf import DEFAULT_VARIANT, from_html

BLANK = "__________"
FORMATS = ("docx", "pdf", "txt")
# How the letter goes, on its own "Via" line above the inside address.
DELIVERY = {"telecopier": "Via Telecopier ({fax})", "personal": "Via Hand Delivery",
            "courier": "Via Overnight Courier"}
WIDTH = 72


def layout(letter) -> dict:
    sender, recipient = letter.sender, letter.recipient
    notices = sender.notices
    contact = [f"{label} {notices[key]}" for label, key in (("Telephone", "telephone"), ("Telecopier", "telecopier"))
               if notices.get(key)]
    copy_to = recipient.notices.get("copy_to")
    return {
        "letterhead": {"name": (sender.name or BLANK).upper(), "lines": _street(notices["address"]),
                       "contact": "   ".join(contact)},
        "date": long_date(letter.date),
        "delivery": DELIVERY[letter.delivery].format(fax=recipient.notices.get("telecopier")),
        # The inside address is where the letter goes; the numbers it is sent to are not part of it.
        "recipient": address_lines(recipient.name or BLANK, recipient.notices, contact=False),
        # Pages after the first are headed with the addressee, the date and the page number.
        "continuation": {"addressee": recipient.name or BLANK, "date": long_date(letter.date)},
        "iso_date": letter.date.isoformat(),
        "subject": letter.subject,
        "salutation": "Ladies and Gentlemen:",
        "body": [{"text": value} if kind == "p" else {"lines": value} for kind, value in letter.paragraphs],
        "closing": "Very truly yours,",
        "signature": _signature(sender, letter.conformed),
        "acknowledgement_heading": "Agreed to be bound by all of the provisions of the Agreement:",
        "acknowledgements": [_signature(party, False) for party in letter.acknowledgements],
        "enclosures": letter.enclosures,
        # One rule for every address a letter prints: where it goes, not the numbers it is sent to.
        "copy_to": address_lines(copy_to["name"], copy_to, contact=False) if copy_to else [],
    }


def address_lines(name: str, notices: dict, contact: bool = True) -> list[str]:
    labels = (("Attention", "attention"), ("Telecopier", "telecopier"), ("Telephone", "telephone"))
    lines = [name, *_street(notices["address"])]
    lines += [f"{label}: {notices[key]}" for label, key in labels[:None if contact else 1] if notices.get(key)]
    return lines


def _street(address: dict) -> list[str]:
    care_of = [f"c/o {address['care_of']}"] if address.get("care_of") else []
    return [*care_of, *address["lines"], city_line(address)]


def _signature(party, conformed: bool) -> dict:
    """A party's signature block as ``layout`` decides it for every document (its lines, and whether
    the line to sign reads "/s/ Name"); the letterhead and the letter's page only draw it."""
    name, title = party.signatory.get("name"), party.signatory.get("title")
    block = Signature(entity=[Text((party.name or BLANK).upper())], name=[Text(name)] if name else [],
                      title=[Text(title)] if title else [], form="by", conformed=conformed)
    lines = {line.caption or line.kind: line.value or [] for line in signature_lines(block)}
    signed = plain(lines["By:"])
    # A name or title not known is a line to fill in, as the line to sign is.
    return {"entity": plain(lines["entity"]), "by": f"/s/ {signed}" if signed else "_" * 28,
            "name": plain(lines["Name:"]) or "_" * 28, "title": plain(lines["Title:"]) or "_" * 28}


def render(letter, fmt: str, letterhead: Path | None = None, pdf_variant: str | None = None) -> bytes:
    page = layout(letter)
    if fmt == "docx":
        return docx(page, letterhead)
    if fmt == "pdf":
        return pdf(page, letter, pdf_variant)
    return text(page)


def docx(page: dict, letterhead: Path | None = None) -> bytes:
    """The letter through a docxtpl template: ours, or a firm's own (``--letterhead``)."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    path = letterhead or data_dir("templates") / "letterhead.docx"
    template = DocxTemplate(str(path))
    try:
        # autoescape: a value holding < or & is text in the XML, never markup.
        template.render(_references_held(page), jinja_env=LETTERHEAD_ENV, autoescape=True)
        set_properties(template.docx, page["subject"], page["iso_date"])
        # docxtpl's own save() only adds media replacement, which letters do not use; ours writes
        # fixed member times in one pass.
        return save(template.docx)
    except jinja2.TemplateSyntaxError as exc:
        raise ClauseError(f"is not a valid letterhead template: {exc.message}", file=str(path),
                          hint="keep the {{ }} and {%p %} tags as templates/letterhead.docx has them") from None
    except jinja2.UndefinedError as exc:
        raise ClauseError(f"uses a name the letter does not have: {exc.message}", file=str(path),
                          hint="the names a letterhead may use are in templates/letterhead.docx") from None
    except SecurityError as exc:
        raise ClauseError(f"reaches for something a letterhead may not use: {exc}", file=str(path),
                          hint="a letterhead may only print the letter's own fields") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ClauseError(f"is not a Word document docxtpl can read ({exc})", file=str(path),
                          hint="save the letterhead from Word as .docx") from None


def _references_held(value):
    """Each "Section 2(c)(i)" in the letter's words on one line in Word: a no-break space after
    "Section", a word joiner between ")" and "(" (LibreOffice broke the Re: line there)."""
    if isinstance(value, str):
        return SECTION_NUMBER.sub(lambda m: m.group(0).replace(" ", "\u00a0").replace(")(", ")\u2060("), value)
    if isinstance(value, dict):
        return {key: _references_held(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_references_held(item) for item in value]
    return value


class _CompilingOnce(SandboxedEnvironment):
    """docxtpl compiles each part of the letterhead afresh for every letter, though the XML is the
    same each time; in a round of a thousand letters that compiling was half the work."""
    def __init__(self):
        super().__init__(autoescape=True)
        self.compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        if source not in self.compiled:
            if len(self.compiled) > 64:  # many letterheads in one process: start again
                self.compiled.clear()
            self.compiled[source] = super().from_string(source)
        return self.compiled[source]


LETTERHEAD_ENV = _CompilingOnce()


def letterhead_file(value: str | Path | None) -> Path | None:
    """A firm's letterhead from --letterhead, checked before any letter is made (None: ours)."""
    if value is None:
        return None
    if not Path(value).is_file():
        raise OutputError("is not a file", file=str(value), hint="give a .docx letterhead template")
    return Path(value)


def files(letter, formats: tuple[str, ...], letterhead: Path | None = None,
          pdf_variant: str | None = None) -> dict[str, bytes]:
    """The letter in each format, by file name."""
    return {file_name(letter.stem, fmt): render(letter, fmt, letterhead, pdf_variant) for fmt in formats}


def templates_read(formats: tuple[str, ...], letterhead: Path | None = None) -> list[Path]:
    """The template files the letters in these formats are made from, for a manifest."""
    folder = data_dir("templates")
    read = [letterhead or folder / "letterhead.docx"] if "docx" in formats else []
    if "pdf" in formats:
        read += [folder / "letter.html.j2", folder / "letter-signature.html.j2", folder / "letter.css"]
    return read


def html(page: dict) -> str:
    folder = data_dir("templates")
    env = SandboxedEnvironment(loader=FileSystemLoader(str(folder)), autoescape=True)
    env.filters["keep_refs"] = keep_refs
    # The style sheet is ours, not a value: it goes in as it is (escaping would break its quotes).
    css = Markup((folder / "letter.css").read_text(encoding="utf-8"))
    return env.get_template("letter.html.j2").render(page=page, css=css)


SECTION_NUMBER = re.compile(r"Section \d+(?:\([a-z]+\))*")


def keep_refs(text: str) -> Markup:
    """Escape, and keep each "Section 2(c)(i)" on one line: a line break between ")" and "(" is
    allowed by Unicode but wrong in a citation."""
    return Markup(SECTION_NUMBER.sub(lambda m: f'<span class="ref">{m.group(0)}</span>', str(escape(text))))


def pdf(page: dict, letter, pdf_variant: str | None = None) -> bytes:
    return from_html(html(page), page["subject"], letter.date.isoformat(), pdf_variant or DEFAULT_VARIANT)


def text(page: dict) -> bytes:
    head = page["letterhead"]
    out = [line.center(WIDTH).rstrip() for line in (head["name"], *head["lines"], head["contact"]) if line]
    out += ["", page["date"], "", page["delivery"].upper(), "", *page["recipient"], ""]
    out += textwrap.wrap("Re: " + page["subject"], WIDTH, subsequent_indent="    ") + ["", page["salutation"], ""]
    for item in page["body"]:
        out += (["    " + line for line in item["lines"]] if "lines" in item else textwrap.wrap(item["text"], WIDTH))
        out.append("")
    out += [page["closing"], ""]
    out += _signature_lines(page["signature"])
    if page["acknowledgements"]:
        out += ["", page["acknowledgement_heading"]]
        for signature in page["acknowledgements"]:
            out += [""] + _signature_lines(signature)
    for enclosure in page["enclosures"]:
        out += ["", f"Enclosure: {enclosure}"]
    if page["copy_to"]:
        out += ["", "With a copy to:", *page["copy_to"]]
    return ("\n".join(out) + "\n").encode("utf-8")


def _signature_lines(signature: dict) -> list[str]:
    return [signature["entity"], "", f"By: {signature['by']}", f"Name: {signature['name']}".rstrip(),
            f"Title: {signature['title']}".rstrip()]
