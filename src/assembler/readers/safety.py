"""A Word file from outside is hostile input: open it within bounds, or refuse it in one line.

``open_package`` reads a .docx into memory member by member and refuses, with a ``DraftError``
(the CLI prints it and exits 2), anything that is not a plain Word document:

- a file over ``Limits.file_bytes``, or one that is not a zip at all;
- an OLE compound file (magic D0 CF 11 E0): a password-protected (encrypted) .docx or an old .doc;
- a zip bomb: a member whose declared or actual size passes ``member_bytes``, whose size over its
  compressed size passes ``ratio`` (members under ``small_bytes`` aside), too many members, or a
  total past ``total_bytes``. Sizes are counted as the member is inflated, so a lying header does
  not help;
- an encrypted zip member;
- macros (a macro-enabled content type, a vbaProject.bin) and embedded OLE objects;
- a package that is not a Word document (no word/document.xml as its main part).

``parse_xml`` parses one part with lxml set never to resolve an entity, load a DTD or reach the
network, and refuses any part that carries a DOCTYPE at all: a Word part never does, and a DOCTYPE
is how entity expansion (billion laughs) and external entities (XXE) come in.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import AssemblerError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ACCEPTED = "a Word document (.docx) as Word or LibreOffice saves it"


class DraftError(AssemblerError):
    """A Word file that cannot or must not be read."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 50 * 2**20      # the .docx on disk
    member_bytes: int = 100 * 2**20   # one member, inflated
    total_bytes: int = 250 * 2**20    # all members, inflated
    members: int = 5000
    ratio: int = 200                  # inflated over compressed, for members past small_bytes
    small_bytes: int = 2**20


LIMITS = Limits()


@dataclass
class Package:
    """The members of a .docx, inflated, and the name to give in messages."""
    name: str
    parts: dict[str, bytes]
    sha256: str = ""

    def get(self, member: str) -> bytes | None:
        return self.parts.get(member)


def open_package(source: str | Path | bytes, name: str | None = None, limits: Limits = LIMITS) -> Package:
    """Read ``source`` (a path or the file's bytes) as a Word package, within ``limits``."""
    if isinstance(source, (bytes, bytearray)):
        shown_name = name or "the draft"
        if len(source) > limits.file_bytes:
            raise _too_big(shown_name, len(source), limits)
        data = bytes(source)
    else:
        path = Path(source)
        shown_name = name or str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise DraftError(f"cannot be read: {exc.strerror or exc}", file=shown_name) from None
        if not path.is_file():
            raise DraftError("is not a file", file=shown_name, hint=ACCEPTED)
        if size > limits.file_bytes:  # before reading a byte of it
            raise _too_big(shown_name, size, limits)
        data = path.read_bytes()
    if data.startswith(CFB_MAGIC):
        raise DraftError("is an OLE compound file: a password-protected (encrypted) Word document or an old "
                         ".doc, which cannot be read", file=shown_name,
                         hint="remove the password in Word (File > Info > Protect Document) and save as .docx")
    if not data.startswith(ZIP_MAGIC):
        raise DraftError("is not a Word document: it is not a .docx (zip) package", file=shown_name, hint=ACCEPTED)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise DraftError(f"is not a Word document: a damaged zip ({exc})", file=shown_name, hint=ACCEPTED) from None
    if len(infos) > limits.members:
        raise DraftError(f"has {len(infos)} members, more than the {limits.members} a Word document may have",
                         file=shown_name, hint=ACCEPTED)
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DraftError(f"has an encrypted member '{info.filename}'", file=shown_name, hint=ACCEPTED)
        if info.file_size > limits.member_bytes:
            raise _bomb(shown_name, info.filename, f"declares {info.file_size} bytes inflated")
        parts[info.filename] = _inflate(archive, info, limits, shown_name, total)
        total += len(parts[info.filename])
    import hashlib
    package = Package(shown_name, parts, hashlib.sha256(data).hexdigest())
    _refuse_active_content(package)
    return package


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, name: str, total: int) -> bytes:
    """The member's bytes, read in chunks and counted as they come: a header that lies about the
    size is caught by the count, not trusted."""
    cap = min(limits.member_bytes, max(info.file_size, 0))
    chunks, got = [], 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(65536)
                if not chunk:
                    break
                got += len(chunk)
                if got > cap:
                    raise _bomb(name, info.filename, f"inflates past the {cap} bytes it declares")
                if total + got > limits.total_bytes:
                    raise _bomb(name, info.filename, f"takes the package past {limits.total_bytes} bytes inflated")
                if got > limits.small_bytes and got > limits.ratio * max(info.compress_size, 1):
                    raise _bomb(name, info.filename, f"inflates more than {limits.ratio} times its compressed size")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise DraftError(f"is not a Word document: member '{info.filename}' cannot be read ({exc})",
                         file=name, hint=ACCEPTED) from None
    return b"".join(chunks)


def _refuse_active_content(package: Package) -> None:
    name = package.name
    types = package.get("[Content_Types].xml")
    if types is None:
        raise DraftError("is not a Word document: the zip has no [Content_Types].xml", file=name, hint=ACCEPTED)
    declared = parse_xml(types, "[Content_Types].xml", name)
    content_types = {(el.get("PartName") or el.get("Extension") or ""): el.get("ContentType") or ""
                     for el in declared}
    lowered = {member.lower() for member in package.parts}
    if any("macroenabled" in ct.lower() or "vbaproject" in ct.lower() for ct in content_types.values()) \
            or any(m.endswith("vbaproject.bin") or m.endswith("vbadata.xml") for m in lowered):
        raise DraftError("holds macros (a macro-enabled .docm or a VBA project), which are refused",
                         file=name, hint="save it in Word as a plain Word Document (.docx)")
    if any(m.startswith("word/embeddings/") for m in lowered) \
            or any("oleobject" in ct.lower() for ct in content_types.values()):
        raise DraftError("holds embedded objects (OLE), which are refused", file=name,
                         hint="remove the embedded objects and save it again as .docx")
    main = content_types.get("/word/document.xml", "")
    if package.get("word/document.xml") is None or "wordprocessingml.document" not in main:
        raise DraftError("is not a Word document: no word/document.xml as its main part", file=name, hint=ACCEPTED)


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                       huge_tree=False, remove_comments=True, remove_pis=True)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def parse_xml(data: bytes, member: str, name: str):
    """One part's XML root, parsed without entities, DTDs or network; a DOCTYPE is refused."""
    if _has_doctype(data):
        raise DraftError(f"has a DOCTYPE in '{member}' (entity declarations are refused: a Word part never "
                         "has one)", file=name, hint=ACCEPTED)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DraftError(f"has XML in '{member}' that does not parse: {exc.msg}", file=name, hint=ACCEPTED) from None
    if root.getroottree().docinfo.doctype:
        raise DraftError(f"has a DOCTYPE in '{member}'", file=name, hint=ACCEPTED)
    return root


def _has_doctype(data: bytes) -> bool:
    head = data
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            head = data.decode(codec, errors="replace").encode("utf-8")
    return bool(_DOCTYPE.search(head))


def _too_big(name: str, size: int, limits: Limits) -> DraftError:
    return DraftError(f"is {size} bytes, over the {limits.file_bytes} a draft may be", file=name,
                      hint="a Word draft of a deal document is far smaller; check it is the right file")


def _bomb(name: str, member: str, what: str) -> DraftError:
    return DraftError(f"is refused as a zip bomb: member '{member}' {what}", file=name, hint=ACCEPTED)
