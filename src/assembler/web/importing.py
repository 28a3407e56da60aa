"""The workbench's import page: upload a Word precedent, see the draft library's facts beside the
document's preview, and save it as the firm's library or as a matter's.

A draft lives in the workspace under ``imports/<random id>/`` (the browser names it by that id only,
never by a path). Saved as the firm's, it moves to ``libraries/<name>/``, which the workbench joins
to the clause library it builds with for every matter, now and at every later start. Saved as a
matter's, its files become that matter's own library layer in the store (a new matter starting from
the skeleton, or the next version of one, with the precedent's facts added): no other matter sees it.
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

from ..errors import AssemblerError
from ..library import Library
from ..store import Conflict
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

    def shown(self, request: Request, folder: Path, report: dict, status: int = 200, error: str = ""):
        return self.bench.page(request, "import.html", status, result=report, draft=folder.name, error=error,
                               matters=self.bench.store.matters(), kinds=KINDS)

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
        return self.shown(request, folder, report)

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
        if values.get("as") == "matter":
            return self.save_for_matter(request, folder, report, values.get("matter") or "new")
        target = self.workspace / "libraries" / report["name"]
        if target.exists():
            return self.shown(request, folder, report, 409, f"The workspace has a library named {report['name']} "
                                                             "already; import again with another name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder), str(target))
        self.join(target)
        return RedirectResponse("/", status_code=303)

    def save_for_matter(self, request: Request, folder: Path, report: dict, chosen: str):
        """The draft library as one matter's own: a new matter starting from the skeleton, or the next
        version of the chosen one, its term sheet given the precedent's facts it lacks."""
        store = self.bench.store
        files = layer_files(folder)
        skeleton = (folder / "termsheet.skeleton.yaml").read_text(encoding="utf-8")
        why = f"imported from the precedent {report['title']}"
        if chosen == "new":
            matter_id = store.create_matter(report["title"], skeleton, _author(request), library=files, why=why)
            shutil.rmtree(folder)
            return RedirectResponse(f"/matters/{matter_id}", status_code=303)
        matter = store.matter(int(chosen)) if chosen.isdigit() else None
        if matter is None or matter.archived:
            return self.shown(request, folder, report, 400, "Choose a matter from the list, or a new one.")
        from .roundtrip import merged_layer

        latest = store.version(matter.id)
        layer = merged_layer(store.library(matter.id), {p: c.decode("utf-8") for p, c in files.items()})
        text = with_facts(latest.termsheet, skeleton)
        library = Library((str(service.layer_folder(layer, self.workspace / "matter-libraries")),
                           *self.bench.firm_dirs))
        try:
            service.documents(service.load_text(text, library=library), library)
        except AssemblerError as exc:
            return self.shown(request, folder, report, 422, f"{matter.name} cannot take this library: "
                                                             f"{exc.one_line()}")
        try:
            number = store.save(matter.id, text, _author(request), based_on=latest.number, library=layer, why=why)
        except Conflict as conflict:
            return self.shown(request, folder, report, 409, f"Version {conflict.latest} of {matter.name} was saved "
                                                             "just now; save again to add the library to it.")
        shutil.rmtree(folder)
        return RedirectResponse(f"/matters/{matter.id}?saved={number}", status_code=303)

    def join(self, library: Path) -> None:
        """The saved library joins the firm's, which the workbench builds with (and draws its form from)."""
        self.bench.library_dirs = (*self.bench.firm_dirs, str(library))


NOT_LIBRARY = ("import-report.json", "import-report.txt", "termsheet.skeleton.yaml")


def layer_files(folder: Path) -> dict[str, bytes]:
    """The draft library's files, as a matter's layer keeps them (the report and skeleton are not library)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).as_posix() not in NOT_LIBRARY}


def with_facts(text: str, skeleton: str) -> str:
    """The matter's term sheet with each of the skeleton's top-level facts it lacks added (with the
    skeleton's comments); what it holds already stays as it is."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    data, given = yaml.load(text), yaml.load(skeleton)
    for key, value in given.items():
        if key not in data:
            data[key] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _author(request: Request) -> str:
    from .app import author
    return author(request)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
