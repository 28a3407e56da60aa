"""The workbench's import page: upload a Word precedent, see the draft library's facts beside the
document's preview, and save it as the firm's library or as a new matter's.

A draft lives in the workspace under ``imports/<random id>/`` (the browser names it by that id only,
never by a path); saving moves it to ``libraries/<name>/``, which the workbench joins to the clause
library it builds with, now and at every later start.
"""
from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from .. import termsheet
from ..errors import AssemblerError
from ..library import Library
from . import security, service

DRAFT = re.compile(r"^[0-9a-f]{16}$")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


def saved_libraries(workspace: Path) -> tuple[str, ...]:
    """The libraries imported and saved in this workspace, to join at start."""
    folder = workspace / "libraries"
    return tuple(str(p) for p in sorted(folder.iterdir()) if p.is_dir()) if folder.is_dir() else ()


# What each kind of fact the importer finds holds, in a lawyer's words (importer/placeholders.py).
KINDS = {"string": "text", "address": "an address", "count": "a whole number", "number": "a number",
         "money": "an amount of money", "money_words": "an amount of money, in words", "date": "a date",
         "percent": "a percentage", "switch": "yes or no"}


class ImportPages:
    def __init__(self, bench, workspace: Path):
        self.bench = bench
        self.workspace = Path(workspace)

    def routes(self) -> list[Route]:
        return [Route("/import", self.form), Route("/import", self.upload, methods=["POST"]),
                Route("/import/{draft}", self.draft), Route("/import/{draft}/preview", self.preview),
                Route("/import/{draft}/save", self.save, methods=["POST"])]

    def folder(self, request: Request) -> Path:
        draft = request.path_params["draft"]
        folder = self.workspace / "imports" / draft
        if not DRAFT.match(draft) or not (folder / "import-report.json").is_file():
            raise HTTPException(404, "No such imported draft.")
        return folder

    async def form(self, request: Request, status: int = 200, error: str = ""):
        return self.bench.page(request, "import.html", status, error=error, result=None)

    async def upload(self, request: Request):
        from ..importer import import_precedent

        values = await request.form()
        upload = values.get("precedent")
        if upload is None or not getattr(upload, "filename", ""):
            return await self.form(request, 400, "Choose a Word precedent (.docx) to upload.")
        name = (values.get("name") or "").strip().lower() or None
        if name is not None and not NAME.match(name):
            return await self.form(request, 400, "A name is lower-case letters, digits and hyphens, "
                                                 "e.g. mutual-nda.")
        raw = await upload.read()  # the whole request is bounded by the Guard already
        draft = secrets.token_hex(8)
        with tempfile.TemporaryDirectory() as folder:
            precedent = Path(folder) / "precedent.docx"
            precedent.write_bytes(raw)
            try:
                import_precedent(precedent, self.workspace / "imports" / draft, name=name)
            except AssemblerError as exc:
                shown = exc.one_line().replace(str(precedent), upload.filename)
                return await self.form(request, 400, shown)
        return RedirectResponse(f"/import/{draft}", status_code=303)

    def library_of(self, folder: Path) -> Library:
        return Library((*self.bench.library_dirs, str(folder)))

    async def draft(self, request: Request):
        import json

        folder = self.folder(request)
        report = json.loads((folder / "import-report.json").read_text(encoding="utf-8"))
        return self.bench.page(request, "import.html", error="", result=report, draft=folder.name, kinds=KINDS)

    async def preview(self, request: Request):
        from .app import on_screen

        folder = self.folder(request)
        try:
            library = self.library_of(folder)
            sheet = service.load_text((folder / "termsheet.skeleton.yaml").read_text(encoding="utf-8"),
                                      library=library)
            shown = service.preview(sheet, "", library)
        except AssemblerError as exc:
            return HTMLResponse(f"<!DOCTYPE html><title>Preview</title><p>{_escape(exc.one_line())}</p>",
                                headers={"Content-Security-Policy": security.PREVIEW_CSP})
        return HTMLResponse(on_screen(shown.html), headers={"Content-Security-Policy": security.PREVIEW_CSP})

    async def save(self, request: Request):
        import json

        folder = self.folder(request)
        values = await request.form()
        report = json.loads((folder / "import-report.json").read_text(encoding="utf-8"))
        target = self.workspace / "libraries" / report["name"]
        if target.exists():
            return self.bench.page(request, "import.html", 409, result=report, draft=folder.name, kinds=KINDS,
                                   error=f"The workspace has a library named {report['name']} already; "
                                         "import again with another name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder), str(target))
        self.join(target)
        if values.get("as") == "matter":
            text = (target / "termsheet.skeleton.yaml").read_text(encoding="utf-8")
            matter_id = self.bench.store.create_matter(report["title"], text, _author(request))
            return RedirectResponse(f"/matters/{matter_id}", status_code=303)
        return RedirectResponse("/", status_code=303)

    def join(self, library: Path) -> None:
        """The saved library joins the one the workbench builds with (and draws its form from)."""
        bench = self.bench
        bench.library_dirs = (*bench.library_dirs, str(library))
        bench.preview_library = Library(bench.library_dirs)
        bench.schema = termsheet.json_schema(bench.preview_library)


def _author(request: Request) -> str:
    from .app import author
    return author(request)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
