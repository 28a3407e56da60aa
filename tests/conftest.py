"""Shared helpers: build a term sheet and read each output back through a real client."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "auxer-2001" / "termsheet.yaml"
SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"
SEEDS = ROOT / "tests" / "data" / "seeds"  # the reference texts, inside the project (see its README)
SEED_RRA = SEEDS / "registration-rights-agreement-2001-01-16.txt"


def pytest_sessionstart(session):
    """The suite tests the code of this checkout, never a copy installed earlier: in this process
    and in the command lines the tests start (``python -m assembler``)."""
    import tempfile

    import assembler

    expected = ROOT / "src" / "assembler"
    found = Path(assembler.__file__).resolve().parent
    # mutmut runs the tests in its own copy of the project ("mutants/"), whose children still see
    # the checkout: scripts/mutation-test leaves the tests that start them out.
    if found == expected and ROOT.name != "mutants":
        child = subprocess.run([sys.executable, "-c", "import assembler; print(assembler.__file__)"],
                               capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=60)
        found = Path(child.stdout.strip() or child.stderr.strip()).resolve().parent
        where = "the command lines the tests start import"
    else:
        where = "the tests imported"
    if found != expected:
        raise pytest.UsageError(
            f"{where} assembler from {found}, not from this checkout ({expected}); install the checkout "
            f"editable, as README's test command does: {sys.executable} -m pip install -e '.[test]'")


def need(tool: str):
    if not shutil.which(tool):
        pytest.fail(f"{tool} is not installed; run scripts/install-system-deps")


def docx_text(path: Path) -> str:
    """The DOCX as LibreOffice reads it, Word's list numbering included."""
    return docx_texts([path], path.parent / f"lo-{path.stem}")[path]


def docx_texts(paths: list[Path], out: Path) -> dict[Path, str]:
    """Many DOCX files read by LibreOffice in one run (it starts slowly)."""
    converted = _libreoffice(paths, out, "txt:Text (encoded):UTF8", "txt")
    return {path: text.read_text(encoding="utf-8-sig") for path, text in converted.items()}


def _libreoffice(paths: list[Path], out: Path, target: str, suffix: str) -> dict[Path, Path]:
    """Each file converted by LibreOffice, in one run, with a profile of its own."""
    need("soffice")
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    return {path: out / f"{path.stem}.{suffix}" for path in paths}


def libreoffice_pdfs(paths: list[Path], out: Path) -> dict[Path, Path]:
    """Many DOCX files laid out by LibreOffice as PDF in one run: headers, footers and all."""
    need("soffice")
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    return {path: out / f"{path.stem}.pdf" for path in paths}


def pdf_text(path: Path) -> str:
    need("pdftotext")
    return unhyphenated(subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                                       capture_output=True, timeout=120).stdout.decode())


def unhyphenated(text: str) -> str:
    """The words of a PDF's text whole: a word the layout hyphenated at a line's end (print.css;
    WeasyPrint draws U+2010 HYPHEN there, never the typed hyphen-minus) is one word again."""
    return re.sub(r"(\w)\u2010[ \t]*\n[ \t]*(\w)", r"\1\2", text)


def flat(text: str) -> str:
    """Fold line breaks and runs of spaces (no-break ones too); rejoin words hyphenated across lines;
    drop word joiners (a DOCX holds a cross-reference's fields together with them)."""
    text = text.replace("\u2060", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text)
    return " ".join(text.split())


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assembler", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def write_sheet(tmp_path: Path, data: dict, name: str = "termsheet.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def variant(changes: dict, base: Path = EXAMPLE) -> dict:
    """The base term sheet with dotted-path changes applied, e.g. {"rule_144.enabled": False}."""
    data = copy.deepcopy(load_yaml(base))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = copy.deepcopy(value)  # shared objects would be dumped as YAML aliases
    return data


class Built:
    """One build of a term sheet in every format, with each format's text as a reader gets it."""

    def __init__(self, sheet: Path, out: Path, document: str = "registration-rights-agreement"):
        from assembler import api
        self.result = api.build(sheet, ("docx", "pdf", "txt"), out)
        self.paths = {fmt: out / f"{document}.{fmt}" for fmt in ("docx", "pdf", "txt")}
        self._texts: dict[str, str] = {}

    def text(self, fmt: str) -> str:
        if fmt not in self._texts:
            path = self.paths[fmt]
            raw = {"txt": lambda: path.read_text(), "docx": lambda: docx_text(path),
                   "pdf": lambda: pdf_text(path)}[fmt]()
            self._texts[fmt] = flat(raw)
        return self._texts[fmt]


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Built:
    return Built(EXAMPLE, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="session")
def second_build(tmp_path_factory) -> Built:
    return Built(SECOND, tmp_path_factory.mktemp("second"))


def libreoffice_pdf(paths: list[Path], out: Path) -> dict[Path, Path]:
    """Each DOCX laid out by LibreOffice (fields updated, as Word does on printing) into a PDF."""
    return _libreoffice(paths, out, "pdf", "pdf")


def pdf_pages(path: Path) -> list[str]:
    """The PDF's text page by page (pdftotext ends each page with a form feed)."""
    return pdf_text(path).split("\f")[:-1]


REVIEW_BASIC = """
Sub Review(path As String, action As String, target As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(path), "_blank", 0, args())
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  frame = doc.getCurrentController().getFrame()
  If action = "accept" Then
    dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
  ElseIf action = "reject" Then
    dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
  Else
    dispatcher.executeDispatch(frame, ".uno:NextTrackedChange", "", 0, Array())
    If action = "accept-first" Then
      dispatcher.executeDispatch(frame, ".uno:AcceptTrackedChange", "", 0, Array())
    Else
      dispatcher.executeDispatch(frame, ".uno:RejectTrackedChange", "", 0, Array())
    End If
  End If
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = "FilterName"
  out(0).Value = "Text (encoded)"
  doc.storeToURL(ConvertToURL(target), out())
  doc.close(True)
End Sub
"""


def _review_module() -> str:
    from html import escape
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD '
            'OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
            'script:name="Module1" script:language="StarBasic">' + escape(REVIEW_BASIC) + "</script:module>\n")


def libreoffice_review(docx: Path, action: str, out: Path) -> str:
    """The DOCX opened in LibreOffice, its tracked changes handled as a reviewer does (``action``:
    "accept" or "reject" all, "accept-first" or "reject-first" only the first), saved as text. The
    work is a Basic macro in a LibreOffice profile of the test's own, run through the dispatcher
    as Edit > Track Changes would."""
    profile = out / "review-profile"
    if not (profile / "user" / "basic" / "Standard" / "script.xlb").exists():
        docx_texts([docx], out / "review-warmup")  # LibreOffice sets the profile up on first start
        import shutil as _shutil
        _shutil.copytree(out / "review-warmup" / "profile", profile, dirs_exist_ok=True)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(_review_module())
    target = out / f"{docx.stem}-{action}.txt"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    f'macro:///Standard.Module1.Review("{docx}","{action}","{target}")'],
                   check=True, capture_output=True, timeout=300)
    return target.read_text(encoding="utf-8-sig")


PDF_KINDS = ["agreement", "charter", "certificate of amendment", "conformed charter", "amendment instrument",
             "conformed copy", "amendment redline", "redline", "letter"]


@pytest.fixture(scope="session")
def pdf_kinds(tmp_path_factory) -> dict[str, Path]:
    """One PDF of every kind assembler writes, by kind (PDF_KINDS)."""
    import datetime as dt

    from assembler import api

    out = tmp_path_factory.mktemp("kinds")
    amended = ROOT / "tests" / "fixtures" / "amended-deal.yaml"
    api.build(EXAMPLE, ("pdf",), out / "build", as_of=dt.date(1998, 1, 1))
    api.amend(amended, 2, out / "amend", ("pdf",))
    api.redline(EXAMPLE, amended, out / "redline", ("pdf",))
    api.notice(EXAMPLE, "effectiveness", "initial-investor", dt.date(2001, 5, 14), out / "notice", ("pdf",))
    build, amend = out / "build", out / "amend"
    return {
        "agreement": build / "registration-rights-agreement.pdf",
        "charter": build / "certificate-of-incorporation.pdf",
        "certificate of amendment": build / "certificate-of-amendment-2-1999-03-19.pdf",
        "conformed charter": build / "certificate-of-incorporation-as-amended-through-1998-01-01.pdf",
        "amendment instrument": amend / "registration-rights-agreement-amendment-2.pdf",
        "conformed copy": amend / "registration-rights-agreement-conformed-through-amendment-2.pdf",
        "amendment redline": amend / "registration-rights-agreement-redline-amendment-2.pdf",
        "redline": out / "redline" / "registration-rights-agreement-redline.pdf",
        "letter": next((out / "notice").glob("*.pdf")),
    }


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """What a page may ask for and must never get: a secret file, a port listening on the loopback
    that nothing may connect to, and a spy on urllib's opener. After the test, ``refused_all(outside)``
    checks that nothing was fetched."""
    import socket
    import urllib.request

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the PDF")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    opened = []
    real_open = urllib.request.OpenerDirector.open
    monkeypatch.setattr(urllib.request.OpenerDirector, "open",
                        lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k))
    yield {"file": secret.as_uri(), "http": f"http://127.0.0.1:{listener.getsockname()[1]}",
           "listener": listener, "opened": opened}
    listener.close()


def refused_all(outside: dict) -> None:
    with pytest.raises(BlockingIOError):
        outside["listener"].accept()  # no connection was ever made
    assert outside["opened"] == []
