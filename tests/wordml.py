"""Word files written by hand for the reader's tests: WordprocessingML as Word writes it, so the
tests do not depend on the writer they check the reader against."""
from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"


def content_types(main: str = CT_MAIN, extra: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.numbering+xml"/>'
            '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.comments+xml"/>'
            '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'custom-properties+xml"/>'
            f"{extra}</Types>")


PACKAGE_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'officeDocument" Target="word/document.xml"/></Relationships>')

DOCUMENT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'numbering" Target="numbering.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'comments" Target="comments.xml"/></Relationships>')

# A list like ours: "1." then "(a)" then "(i)".
NUMBERING = (f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="7">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
             '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>')


def document(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" '
            f'xmlns:r="{R_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>')


def comments(*items: tuple[str, str, str]) -> str:
    """(id, author, text) each."""
    inner = "".join(f'<w:comment w:id="{i}" w:author="{a}" w:date="2026-01-02T03:04:05Z" w:initials="X">'
                    f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:comment>" for i, a, t in items)
    return f'<w:comments xmlns:w="{W_NS}">{inner}</w:comments>'


def custom_properties(**values: str) -> str:
    props = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n + 2}" name="{k}">'
                    f"<vt:lpwstr>{v}</vt:lpwstr></property>" for n, (k, v) in enumerate(values.items()))
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' + props + "</Properties>")


def package(body: str = "<w:p><w:r><w:t>Hello.</w:t></w:r></w:p>", *, main_type: str = CT_MAIN,
            numbering: str | None = NUMBERING, comments_xml: str | None = None, custom: str | None = None,
            document_xml: str | None = None, extra: dict[str, bytes] | None = None, types_extra: str = "") -> bytes:
    """A .docx's bytes from a body of WordprocessingML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(main_type, types_extra))
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", document_xml if document_xml is not None else document(body))
        if numbering:
            archive.writestr("word/numbering.xml", numbering)
        if comments_xml:
            archive.writestr("word/comments.xml", comments_xml)
        if custom:
            archive.writestr("docProps/custom.xml", custom)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str, author: str = "Ann", ident: int = 1) -> str:
    return f'<w:ins w:id="{ident}" w:author="{author}" w:date="2026-01-02T00:00:00Z">{r(text)}</w:ins>'


def dele(text: str, author: str = "Ann", ident: int = 2) -> str:
    return (f'<w:del w:id="{ident}" w:author="{author}" w:date="2026-01-02T00:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def numbered(level: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
