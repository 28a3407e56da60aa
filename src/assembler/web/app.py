"""The workbench: Starlette routes over the store and the pipeline (through ``service``).

Matters are addressed by id, versions by number; nothing from the browser names a file, and the
clause library is the one the server was started with, under the matter's own layer if it has one.
"""
from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import re
import secrets
from urllib.parse import quote
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import termsheet
from ..errors import AssemblerError
from ..library import Library
from ..store import Conflict, Store, os_user
from ..termsheet.wording import CHOICES
from . import changes, concurrency, errors_view, form, labels, notices, security, service
from .amend import Amend
from .guided import Interview
from .matters import Matters

HERE = Path(__file__).resolve().parent
UPLOAD_LIMIT = termsheet.MAX_BYTES
FORMATS = ("docx", "pdf", "txt")
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "json": "application/json",
         "zip": "application/zip", "html": "text/html; charset=utf-8", "yaml": "application/yaml; charset=utf-8"}


def export_name(matter, number: int) -> str:
    """The file a version's term sheet downloads as."""
    return f"matter-{matter.id}-version-{number}.yaml"


# The matter's own library layer (its folder) for the request being answered: set when a matter's page
# reads the matter (Workbench.matter, .version), so every build of it goes over the firm's library.
_LAYER: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("matter_layer", default=())


class Workbench:
    def __init__(self, store: Store, library_dirs: tuple[str, ...] = (), workspace: str | Path | None = None):
        self.store = store
        self.firm_dirs = tuple(str(d) for d in library_dirs)
        self.workspace = Path(workspace) if workspace is not None else None
        self._libraries: dict[tuple[str, ...], tuple] = {}
        self._layers: dict[tuple[int, int], str] = {}
        self.templates = Environment(loader=PackageLoader("assembler.web", "templates"),
                                     autoescape=select_autoescape(default=True, default_for_string=True),
                                     trim_blocks=True, lstrip_blocks=True)
        # A choice's stored value ("before_payment") as the form offers it ("Before any payment for stock").
        self.templates.filters["choice"] = lambda value: CHOICES.get(value, value) if isinstance(value, str) else value

    @property
    def library_dirs(self) -> tuple[str, ...]:
        """The library folders a build uses: the matter's own layer (if the page is a matter's and it
        has one) over the firm's, as ``--library LAYER --library FIRM`` gives them to the CLI."""
        return (*_LAYER.get(), *self.firm_dirs)

    @library_dirs.setter
    def library_dirs(self, dirs: tuple[str, ...]) -> None:
        self.firm_dirs = tuple(str(d) for d in dirs)

    def _prepared(self) -> tuple:
        # The preview's library lives as long as the server (one per layering): it checks each
        # clause's includes once, not at every keystroke. Builds make their own, which records what
        # the manifest lists. The form is drawn from our schema joined with the facts it declares.
        dirs = self.library_dirs
        if dirs not in self._libraries:
            library = Library(dirs)
            self._libraries[dirs] = (library, termsheet.json_schema(library), termsheet.library_facts(library))
        return self._libraries[dirs]

    @property
    def preview_library(self) -> Library:
        return self._prepared()[0]

    @property
    def schema(self) -> dict:
        return self._prepared()[1]

    @property
    def facts(self):
        return self._prepared()[2]

    def layer(self, matter_id: int, number: int | None = None) -> tuple[str, ...]:
        """The folder of the matter's library layer as version ``number`` (the latest) has it, if any.
        A version's layer never changes, so its folder is written once per process and reused."""
        found = self.store.library_version(matter_id, number)
        if found is None:
            return ()
        folder = self._layers.get((matter_id, found))
        if folder is None or not Path(folder).is_dir():
            root = (self.workspace / "matter-libraries") if self.workspace is not None else None
            folder = self._layers[matter_id, found] = str(service.layer_folder(self.store.library(matter_id, found),
                                                                               root))
        return (folder,)

    def use_matter(self, matter_id: int, number: int | None = None) -> None:
        """This request builds with the matter's layer, as version ``number`` (the latest) has it."""
        _LAYER.set(self.layer(matter_id, number))

    def library(self) -> Library:
        return Library(self.library_dirs)

    def author(self, request: Request) -> str:
        return author(request)

    def load(self, text: str):
        """A term sheet from its text, with the facts the server's library declares."""
        return service.load_text(text, library=self.preview_library)

    # -- helpers ------------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, headers: dict | None = None,
             **values) -> HTMLResponse:
        session = request.scope["state"]["session"]
        guard = request.scope["state"].get("guard")
        # Who is signed in is said only to someone signed in (or on a workbench with no token).
        signed_in = session.user is not None or not (guard and guard.token)
        html = self.templates.get_template(name).render(csrf=session.csrf, user=author(request),
                                                        signed_in=signed_in, **values)
        return HTMLResponse(html, status_code=status, headers=headers)

    def matter(self, request: Request):
        matter = self.store.matter(int(request.path_params["matter"]))
        if matter is None:
            raise HTTPException(404, "No such matter.")
        self.use_matter(matter.id)
        return matter

    def version(self, request: Request):
        matter = self.matter(request)
        number = request.path_params.get("number")
        found = self.store.version(matter.id, int(number) if number is not None else None)
        if found is None:
            raise HTTPException(404, "No such version.")
        self.use_matter(matter.id, found.number)
        return matter, found

    def remember(self, matter_id: int, shown: service.Preview) -> str:
        """Keep the preview in the store, for whichever worker is asked for its frame and findings."""
        key = secrets.token_urlsafe(12)
        self.store.keep_preview(key, matter_id, shown.document.name, shown.sheet.raw.decode("utf-8"), shown.html,
                                sorted(shown.names))
        return key

    def download(self, request: Request, matter, number: int, filename: str, data: bytes) -> Response:
        self.store.log(matter.id, number, filename, data, author(request))
        kind = filename.rsplit(".", 1)[-1]
        return Response(data, media_type=MEDIA.get(kind, "application/octet-stream"),
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    # -- matters ------------------------------------------------------------------------------

    async def home(self, request: Request, status: int = 200, error: str = ""):
        search = request.query_params.get("q", "")[:200]
        return self.page(request, "home.html", status, matters=self.store.matters(search=search), limit=UPLOAD_LIMIT,
                         example=service.example_label(), error=error, search=search,
                         archived=len(self.store.matters(archived=True)))

    def too_large(self, request: Request) -> Response:
        """A request past the Guard's bound: an upload far too large, refused on the matters page."""
        return self.page(request, "home.html", 413, matters=self.store.matters(), limit=UPLOAD_LIMIT,
                         example=service.example_label(), error=too_large_message(None), search="",
                         archived=len(self.store.matters(archived=True)))

    async def create(self, request: Request):
        values = await request.form()
        source = values.get("source")
        if source == "upload":
            upload = values.get("termsheet")
            if upload is None or not getattr(upload, "filename", ""):
                return await self.home(request, 400, "Choose a YAML or JSON term sheet to upload.")
            raw = await upload.read()  # the whole request is bounded by the Guard already
            if len(raw) > UPLOAD_LIMIT:
                return await self.home(request, 413, too_large_message(len(raw)))
            try:
                text = service.from_upload(raw, upload.filename, self.preview_library)
            except AssemblerError as exc:
                return await self.home(request, 400, errors_view.in_file(exc))
        elif source == "example":
            text = service.example_text()
        else:  # a blank deal is the interview's: nothing is stored until the lawyer finishes it
            return RedirectResponse("/interview", status_code=303)
        sheet = self.load(text)
        matter_id = self.store.create_matter(service.matter_name(sheet), text, author(request))
        return RedirectResponse(f"/matters/{matter_id}/edit", status_code=303)

    async def overview(self, request: Request):
        matter = self.matter(request)
        versions = self.store.versions(matter.id)
        audit = self.store.audit(matter.id)
        return self.page(request, "matter.html", matter=matter, versions=versions,
                         audit=audit, named=self.audit_names(matter.id, audit),
                         saved=request.query_params.get("saved"), events=self.store.events(matter.id))

    def audit_names(self, matter_id: int, audit) -> dict[int, str]:
        """Each generated document of the audit trail by its title and format ("Registration Rights
        Agreement (PDF)"), where its version makes a document of that name; the file's own name is
        kept beside it, since the SHA-256 is that file's."""
        titles: dict[int, dict[str, str]] = {}
        named = {}
        for entry in audit:
            stem, _, ext = entry.filename.rpartition(".")
            if entry.version not in titles:
                # titled as that version makes its documents: with its own layer of the matter's library
                found = self.store.version(matter_id, entry.version)
                library = self.version_library(matter_id, entry.version)
                try:
                    titles[entry.version] = service.document_titles(service.load_text(found.termsheet,
                                                                                      library=library),
                                                                     library=library) if found else {}
                except AssemblerError:
                    titles[entry.version] = {}
            if stem in titles[entry.version]:
                named[entry.id] = f"{titles[entry.version][stem]} ({ext.upper()})"
        return named

    async def export(self, request: Request):
        matter, version = self.version(request)
        filename = export_name(matter, version.number)
        return Response(version.termsheet.encode("utf-8"), media_type=MEDIA["yaml"],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    # -- the form -----------------------------------------------------------------------------

    async def edit(self, request: Request):
        matter, version = self.version(request)
        number = request.query_params.get("version", "")
        if number.isdigit():
            version = self.store.version(matter.id, int(number)) or version
        kept = None if number.isdigit() else self.store.draft(matter.id, owner(request))
        if kept is not None:  # unsaved edits from before (a restart, a closed tab): back as they were typed
            return self.editor(request, matter, yaml.safe_load(kept.termsheet) or {}, kept.base_version, None,
                               dirty=True, restored=kept)
        sheet = self.load(version.termsheet)
        return self.editor(request, matter, sheet.data, version.number, None)

    def editor(self, request: Request, matter, data: dict, number: int, error: AssemblerError | None,
               status: int = 200, focus: str = "", document: str = "", dirty: bool = False, restored=None):
        sections = form.build(self.schema, data)
        try:
            titles = service.document_titles(self.load(service.to_yaml(data)), library=self.preview_library)
        except AssemblerError:  # a draft mid-edit: offer the documents the saved version makes
            titles = service.document_titles(self.load(self.store.version(matter.id).termsheet),
                                             library=self.preview_library)
        names = list(titles)
        # Every problem at once, at its field and in the summary, in a lawyer's words.
        problems = self.problems(data, sections) if error is not None or restored is not None else []
        errors: dict[str, str] = {}
        for shown in problems:
            errors.setdefault(shown.field, shown.message)
        return self.page(request, "edit.html", status, matter=matter, sections=sections, number=number,
                         documents=names, titles=titles, document=document or (names[0] if names else ""),
                         errors=errors, problems=problems, saving=error is not None,
                         error=errors_view.said(error) if error is not None and not problems else "",
                         focus=focus, dirty=dirty, restored=restored, describe=self.describe,
                         choices=CHOICES, written=form.WRITTEN)

    def problems(self, data: dict, sections=None) -> list:
        sections = sections if sections is not None else form.build(self.schema, data)
        return errors_view.shown(self.schema, termsheet.problems(data, self.facts), form.names(sections))

    def describe(self, name: str) -> str:
        """Where a field is, in the form's words: 'The company › Principal office › Street address'."""
        return labels.label(self.schema, labels.path_of(name))

    async def redraw(self, request: Request):
        """Add or remove an item of a repeatable group: the form comes back with it, unsaved."""
        matter = self.matter(request)
        values = await request.form()
        op = values.get("_op", "")
        action, _, target = op.partition(":")
        ops = (action, target) if action in ("add", "remove") else None
        data = form.read(self.schema, values, ops)
        focus = ""
        if ops and action == "add":
            count = _number(values.get(f"{target}.__count"), 0)
            focus = f"{target}.{count}"
        self.store.keep_draft(matter.id, owner(request), _number(values.get("_version"), 0), service.to_yaml(data))
        return self.editor(request, matter, data, _number(values.get("_version"), 0), None, focus=focus,
                           document=values.get("_document", ""), dirty=True)

    async def save(self, request: Request):
        matter = self.matter(request)
        values = await request.form()
        data = form.read(self.schema, values)
        text = service.to_yaml(data)
        based_on = _number(values.get("_version"), 0) or None
        try:
            self.load(text)
        except AssemblerError as exc:
            self.store.keep_draft(matter.id, owner(request), based_on or 0, text)  # nothing typed is lost
            return self.editor(request, matter, data, based_on or 0, exc, status=422,
                               document=values.get("_document", ""), dirty=True)
        return self.commit(request, matter, text, based_on)

    def commit(self, request: Request, matter, text: str, based_on: int | None):
        """Save a checked term sheet as the next version, unless another was saved since it was opened.
        Then the conflict page starts with nothing chosen: a choice made on an earlier conflict page was
        against other values (and its numbers name other rows)."""
        try:
            number = self.store.save(matter.id, text, author(request), based_on=based_on)
        except Conflict as conflict:
            self.store.keep_draft(matter.id, owner(request), based_on or 0, text)
            return self.conflict(request, matter, text, based_on, conflict.latest, {})
        self.store.drop_draft(matter.id, owner(request))
        name = service.matter_name(self.load(text))
        previous = service.matter_name(self.load(self.store.version(matter.id, number - 1).termsheet))
        if name != matter.name and matter.name == previous:  # a name the lawyer gave it stays
            self.store.rename(matter.id, name)
        return RedirectResponse(f"/matters/{matter.id}?saved={number}", status_code=303)

    def conflict(self, request: Request, matter, text: str, based_on: int, latest: int, choices: dict,
                 missing: tuple = (), status: int = 409):
        """Both sides' changes since ``based_on``, field by field, to merge (see concurrency)."""
        base, theirs = self.store.version(matter.id, based_on), self.store.version(matter.id, latest)
        found = concurrency.changes(*(service.facts(self.load(t)) for t in (base.termsheet, text, theirs.termsheet)))
        rows = [{"index": i, "label": labels.label(self.schema, c.path), "change": c,
                 "choice": choices.get(i) or c.default, "missing": i in missing} for i, c in enumerate(found)]
        return self.page(request, "conflict.html", status, matter=matter, base=base, theirs=theirs, rows=rows,
                         mine=text, missing=[r for r in rows if r["missing"]])

    async def merge(self, request: Request):
        """The conflict page's choices: the merged term sheet saved on top of the latest version."""
        matter = self.matter(request)
        values = await request.form()
        text, based_on, latest = values.get("_mine", ""), _number(values.get("_base"), 0), _number(values.get("_theirs"), 0)
        base, theirs = self.store.version(matter.id, based_on), self.store.version(matter.id, latest)
        if base is None or theirs is None:
            raise HTTPException(404, "No such version.")
        try:
            mine = self.load(text)
        except AssemblerError:
            raise HTTPException(400, "The form sent to merge was damaged: open the matter and edit again.")
        found = concurrency.changes(service.facts(self.load(base.termsheet)), service.facts(mine),
                                    service.facts(self.load(theirs.termsheet)))
        choices = {i: values.get(f"pick-{i}", "") for i in range(len(found))}
        choices = {i: c for i, c in choices.items() if c in (concurrency.MINE, concurrency.THEIRS)}
        missing = tuple(i for i, c in enumerate(found) if c.collides and i not in choices)
        if missing:
            return self.conflict(request, matter, text, based_on, latest, choices, missing, status=422)
        merged = concurrency.merge(self.load(theirs.termsheet).data, service.facts(mine), found, choices)
        merged_text = service.to_yaml(merged)
        try:
            self.load(merged_text)
        except AssemblerError as exc:  # the two sides' facts do not fit together: fix it in the form
            self.store.keep_draft(matter.id, owner(request), latest, merged_text)
            return self.editor(request, matter, merged, latest, exc, status=422, dirty=True)
        return self.commit(request, matter, merged_text, latest)

    async def discard(self, request: Request):
        """Throw away the restored unsaved edits: the form opens at the latest version again."""
        matter = self.matter(request)
        self.store.drop_draft(matter.id, owner(request))
        return RedirectResponse(f"/matters/{matter.id}/edit", status_code=303)

    async def validate(self, request: Request):
        """The CLI's message for the field just edited, if the term sheet is wrong there."""
        values = await request.form()
        edited = request.headers.get("hx-trigger-name") or values.get("_field", "")
        for shown in self.problems(form.read(self.schema, values)):
            if shown.field and (edited == shown.field or edited.startswith(shown.field + ".")):
                return HTMLResponse(_escape(shown.message))
        return HTMLResponse("")

    async def preview(self, request: Request):
        matter = self.matter(request)
        values = await request.form()
        data = form.read(self.schema, values)
        if values.get("_dirty") == "1":  # typed and not saved: kept in the store, not in this process
            self.store.keep_draft(matter.id, owner(request), _number(values.get("_version"), 0), service.to_yaml(data))
        wanted = values.get("_document", "")
        names = {name.removesuffix(".__box") for name in values.keys() if not name.endswith(".__count")}
        try:
            sheet = self.load(service.to_yaml(data))
            shown = service.preview(sheet, wanted, self.preview_library)
        except AssemblerError as exc:
            # The last good preview stays (whichever worker drew it), marked out of date, with every problem listed.
            problems = self.problems(data) or [errors_view.Shown("", exc.message)]
            return self.page(request, "preview.html", matter=matter, problems=problems,
                             key=self.store.latest_preview_key(matter.id), document=wanted, title="the draft")
        shown.names = names
        key = self.remember(matter.id, shown)
        title = service.document_titles(sheet, library=self.preview_library).get(shown.document.name,
                                                                                  shown.document.title)
        return self.page(request, "preview.html", matter=matter, problems=[], key=key,
                         document=shown.document.name, title=title)

    def shown(self, request: Request) -> service.Preview | None:
        """The preview a key names, assembled again from the term sheet it was drawn from (the
        store keeps its page and text; findings need the document itself)."""
        kept = self.store.preview(int(request.path_params["matter"]), request.path_params["key"])
        if kept is None:
            return None
        shown = service.preview(self.load(kept.termsheet), kept.document, self.preview_library)
        shown.names = set(kept.names.split("\n"))
        return shown

    async def draft(self, request: Request):
        kept = self.store.preview(int(request.path_params["matter"]), request.path_params["key"])
        if kept is None:
            return HTMLResponse("<!DOCTYPE html><title>Preview</title><p>Change a field to see the preview.</p>",
                                headers={"Content-Security-Policy": security.PREVIEW_CSP})
        return HTMLResponse(on_screen(kept.html), headers={"Content-Security-Policy": security.PREVIEW_CSP})

    async def findings(self, request: Request):
        matter = self.matter(request)
        shown = self.shown(request)
        if shown is None:
            return HTMLResponse("")
        found = [finding_view(f, shown.document, shown.names, self.schema) for f in service.findings(shown)]
        return self.page(request, "findings.html", matter=matter, key=request.path_params["key"], findings=found)

    # -- review, outputs, compare -------------------------------------------------------------

    async def review(self, request: Request):
        matter, version = self.version(request)
        sheet = self.load(version.termsheet)
        facts = [(form.field_name(termsheet.dotted(path)), labels.label(self.schema, path), value)
                 for path, value in service.flatten(sheet.data).items()]
        blanks = []
        titles = service.document_titles(sheet, library=self.preview_library)
        for document in service.documents(sheet, self.library()):
            blanks += [(titles.get(document.name, document.title), name, self.describe(name),
                        errors_view.plain(where or ""))
                       for name, where in document.blanks]
        return self.page(request, "review.html", matter=matter, version=version, facts=facts, blanks=blanks)

    async def outputs(self, request: Request):
        matter, version = self.version(request)
        sheet = self.load(version.termsheet)
        as_of = _date(request.query_params.get("as_of"))
        amendments = sheet.deal.agreement.amendments if sheet.deal.agreement else []
        kind = request.query_params.get("kind", "")
        kind = kind if kind in notices.kinds() else notices.kinds()[0]
        return self.page(request, "outputs.html", matter=matter, version=version,
                         documents=service.document_titles(sheet, as_of, self.library()), formats=FORMATS,
                         as_of=as_of.isoformat() if as_of else "", amendments=list(range(1, len(amendments) + 1)),
                         kinds={k: notices.kind_label(k) for k in notices.kinds()}, kind=kind,
                         kind_label=notices.kind_label(kind), recipients=notices.recipients(sheet, kind),
                         senders=notices.senders(sheet, kind), today=dt.date.today().isoformat(),
                         own_library=sorted(self.store.library(matter.id, version.number)),
                         has_charter=sheet.deal.charter is not None)

    async def document_file(self, request: Request):
        matter, version = self.version(request)
        name, fmt = request.path_params["name"], request.path_params["fmt"]
        if fmt not in FORMATS:
            raise HTTPException(404, "No such format.")
        as_of = _date(request.query_params.get("as_of"))
        try:
            files = service.build(version.termsheet, (fmt,), self.library_dirs, as_of, only=(name,))
        except AssemblerError as exc:
            return self.failed(request, matter, exc)
        filename = f"{name}.{fmt}"
        return self.download(request, matter, version.number, filename, files[filename])

    async def zip_file(self, request: Request):
        matter, version = self.version(request)
        as_of = _date(request.query_params.get("as_of"))
        try:
            files = service.build(version.termsheet, FORMATS, self.library_dirs, as_of)
        except AssemblerError as exc:
            return self.failed(request, matter, exc)
        files = service.manifest_for(files, f"matter-{matter.id}-version-{version.number}.yaml")
        for filename, data in files.items():
            self.store.log(matter.id, version.number, filename, data, author(request))
        return self.download(request, matter, version.number,
                             f"matter-{matter.id}-version-{version.number}.zip", service.zip_of(files))

    async def amendment_file(self, request: Request):
        matter, version = self.version(request)
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            raise HTTPException(404, "No such format.")
        try:
            files = service.amend(version.termsheet, int(request.path_params["amendment"]), (fmt,),
                                  self.library_dirs)
        except AssemblerError as exc:
            return self.failed(request, matter, exc)
        filename = f"{request.path_params['name']}.{fmt}"
        if filename not in files:
            raise HTTPException(404, "No such document.")
        return self.download(request, matter, version.number, filename, files[filename])

    async def notices(self, request: Request):
        """The letters for a kind, recipients and date: listed, each to download (same query + file)."""
        matter, version = self.version(request)
        query = request.query_params
        # Several recipients as the CLI takes them: boxes ticked on the page, or the list a letter's link carries.
        kind, to, when = query.get("kind", ""), ",".join(query.getlist("to")), _date(query.get("date")) or dt.date.today()
        sender = query.get("from") or None
        filename = request.path_params.get("filename")
        formats = (filename.rsplit(".", 1)[-1],) if filename else FORMATS
        if formats[0] not in FORMATS:
            raise HTTPException(404, "No such format.")
        try:
            files = service.notice(version.termsheet, kind, to, when, formats, self.library_dirs,
                                   _date(query.get("event_date")), _date(query.get("filing_date")), sender)
        except AssemblerError as exc:
            return self.failed(request, matter, exc)
        if filename:
            if filename not in files:
                raise HTTPException(404, "No such letter.")
            return self.download(request, matter, version.number, filename, files[filename])
        names = sorted({name.rsplit(".", 1)[0] for name in files})
        extra = "".join(f"&{k}={query[k]}" for k in ("event_date", "filing_date") if _date(query.get(k)))
        extra += f"&from={quote(sender)}" if sender else ""
        sheet = self.load(version.termsheet)
        letters = {stem: notices.letter_label(stem, kind, sheet) for stem in names}
        return self.page(request, "notices.html", matter=matter, version=version, letters=letters,
                         formats=FORMATS, kind=kind, kind_label=notices.kind_label(kind), to=to,
                         date=when.isoformat(), extra=extra)

    async def compare(self, request: Request):
        matter = self.matter(request)
        versions = self.store.versions(matter.id)
        a = _number(request.query_params.get("a"), max(1, len(versions) - 1))
        b = _number(request.query_params.get("b"), len(versions))
        old, new = self.store.version(matter.id, a), self.store.version(matter.id, b)
        if old is None or new is None:
            raise HTTPException(404, "No such version.")
        old_library, library = self.version_library(matter.id, a), self.version_library(matter.id, b)
        old_sheet, new_sheet = (service.load_text(old.termsheet, library=old_library),
                                service.load_text(new.termsheet, library=library))
        before, after = service.facts(old_sheet), service.facts(new_sheet)
        facts = [(labels.label(self.schema, path), x, y) for path, x, y in service.differences(before, after)]
        older = set(service.document_names(old_sheet, library=old_library))
        titles = {n: t for n, t in service.document_titles(new_sheet, library=library).items() if n in older}
        document = request.query_params.get("document") or next(iter(titles), "")
        return self.page(request, "compare.html", matter=matter, versions=versions, a=a, b=b, facts=facts,
                         documents=titles, document=document if document in titles else "")

    async def redline(self, request: Request):
        matter = self.matter(request)
        old = self.store.version(matter.id, int(request.path_params["a"]))
        new = self.store.version(matter.id, int(request.path_params["b"]))
        if old is None or new is None:
            raise HTTPException(404, "No such version.")
        fmt, document = request.path_params["fmt"], request.path_params["document"]
        if fmt not in ("html", "docx", "pdf", "txt"):
            raise HTTPException(404, "No such format.")
        try:
            # The legend names the versions as the lawyer knows them, when the document's own date
            # does not tell them apart (the CLI names the files it was given there); each version
            # is built with its own layer of the matter's library.
            data = service.redline(old.termsheet, new.termsheet, document, fmt,
                                   self.version_library(matter.id, new.number),
                                   (version_label(old), version_label(new)),
                                   old_library=self.version_library(matter.id, old.number))
        except AssemblerError as exc:
            return self.failed(request, matter, exc)
        if fmt == "html":
            return HTMLResponse(changes.pane(data), headers={"Content-Security-Policy": security.PREVIEW_CSP})
        filename = f"{document}-redline-v{old.number}-v{new.number}.{fmt}"
        return self.download(request, matter, new.number, filename, data)

    def version_library(self, matter_id: int, number: int) -> Library:
        """The library version ``number`` of the matter is built with: its layer over the firm's."""
        return Library((*self.layer(matter_id, number), *self.firm_dirs))

    async def matter_export(self, request: Request):
        """The version's term sheet with the matter's library and the firm's, in one ZIP:
        ``assembler build termsheet.yaml`` in its folder makes the documents this workbench makes."""
        matter, version = self.version(request)
        layer = self.store.library(matter.id, version.number)
        data = service.zip_of(service.export_files(version.termsheet, layer, self.firm_dirs))
        return self.download(request, matter, version.number,
                             f"matter-{matter.id}-version-{version.number}-with-library.zip", data)

    def failed(self, request: Request, matter, exc: AssemblerError):
        findings = [errors_view.plain(f"{f.place}: {f.message}") for f in getattr(exc, "findings", [])]
        return self.page(request, "failed.html", 422, matter=matter, error=errors_view.said(exc), findings=findings)

    # -- login ----------------------------------------------------------------------------------

    async def login(self, request: Request):
        guard = request.scope["state"]["guard"]
        if request.method == "GET":
            return self.page(request, "login.html", needs_token=bool(guard.token), error="",
                             limit=security.LOGIN_LIMIT)
        values = await request.form()
        user = (values.get("user") or "").strip() or os_user()
        client = request.client.host if request.client else ""
        counted = guard.throttle.begin(client)
        if counted is None:
            return self.page(request, "login.html", 429, needs_token=True, limit=security.LOGIN_LIMIT,
                             error=f"Sign-in is paused: {security.LOGIN_LIMIT} wrong tokens were given from this "
                                   "computer within a minute. Wait a minute, then try again.",
                             headers={"Retry-After": "60"})
        attempt, wait = counted
        await asyncio.sleep(wait)
        cookie = guard.login(request.scope["state"]["session"], values.get("token", ""), user)
        if cookie is None:
            return self.page(request, "login.html", 403, needs_token=True, limit=security.LOGIN_LIMIT,
                             error="That token is not right.")
        guard.throttle.succeeded(attempt)
        response = RedirectResponse("/", status_code=303)
        response.headers.append("set-cookie", f"{security.COOKIE}={cookie}; Path=/; HttpOnly; SameSite=Strict")
        return response


def version_label(version) -> str:
    """A version as a lawyer names it: "version 3, saved 2026-12-06 05:10 UTC"."""
    saved = version.created_at
    if saved.tzinfo is not None:
        saved = saved.astimezone(dt.timezone.utc)
    return f"version {version.number}, saved {saved:%Y-%m-%d %H:%M} UTC"


def too_large_message(size: int | None) -> str:
    """The upload limit as the form states it (UPLOAD_LIMIT), whatever size was sent."""
    sent = f"That file is {size:,} bytes" if size else "That file is too large"
    return f"{sent}: a term sheet may be at most {UPLOAD_LIMIT:,} bytes. Nothing was uploaded."


def on_screen(html: bytes) -> bytes:
    """The writer's page as it is, plus a stylesheet for the screen (a browser has no page boxes for
    the running footer and page number that print.css sets), its body in one main landmark."""
    html = html.replace(b"</head>", b'<link rel="stylesheet" href="/static/preview.css"></head>', 1)
    # The document is the frame's one main landmark, as every screen has one.
    if html.count(b"<body>") == 1 and html.count(b"</body>") == 1:
        html = html.replace(b"<body>", b"<body><main>", 1).replace(b"</body>", b"</main></body>", 1)
    return html


def owner(request: Request) -> str:
    """Whose unsaved edits a draft is: this browser's session."""
    return request.scope["state"]["session"].sid


def author(request: Request) -> str:
    session = request.scope.get("state", {}).get("session")
    return (session.user if session and session.user else None) or os_user()


def _escape(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))


def _number(value, default: int) -> int:
    """A whole number from a form or query; what the page put there, or the default if tampered with."""
    return int(value) if isinstance(value, str) and value.isdigit() else default


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise HTTPException(400, "Give the date as YYYY-MM-DD.")


_FIELD = re.compile(r"[a-z_]+(?:\.[a-z_0-9]+|\[\d+\])+")


def finding_view(finding, document, names: set[str], schema: dict | None = None) -> dict:
    """A finding with the section of the preview it is in and the form field behind it."""
    anchor = ""
    for section in document.sections.values():
        for word in ("Section", "Article"):
            label = f"{word} {section.number}"
            if finding.place == label or finding.place.startswith(label + ","):
                anchor = section.id
    behind = ""
    for match in _FIELD.finditer(f"{finding.place} {finding.message}"):
        candidate = form.field_name(match.group(0))
        if candidate in names:
            behind = candidate
            break
    place = errors_view.plain(finding.place)
    if schema is not None and _FIELD.fullmatch(finding.place):  # a fact of the term sheet: its titles
        place = labels.label(schema, labels.path_of(form.field_name(finding.place)))
    return {"severity": finding.severity, "rule": finding.rule, "place": place,
            "message": errors_view.plain(finding.message), "excerpt": finding.excerpt, "anchor": anchor,
            "field": behind}


def create_app(workspace: str | Path = ".", library_dirs: tuple[str, ...] = (), token: str | None = None,
               database_url: str | None = None, local_only: bool = True) -> Starlette:
    from ..store import default_url

    from .importing import ImportPages, saved_libraries
    from .roundtrip import RoundTripPages

    Path(workspace).mkdir(parents=True, exist_ok=True)
    bench = Workbench(Store(database_url or default_url(workspace)),
                      (*library_dirs, *saved_libraries(Path(workspace))), workspace)
    m = "/matters/{matter:int}"
    v = m + "/versions/{number:int}"
    routes = [
        Route("/", bench.home),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/login", bench.login, methods=["GET", "POST"]),
        Route("/matters", bench.create, methods=["POST"]),
        Route(m, bench.overview),
        Route(m + "/edit", bench.edit),
        Route(m + "/edit", bench.redraw, methods=["POST"]),
        Route(m + "/versions", bench.save, methods=["POST"]),
        Route(m + "/merge", bench.merge, methods=["POST"]),
        Route(m + "/draft/discard", bench.discard, methods=["POST"]),
        Route(m + "/validate", bench.validate, methods=["POST"]),
        Route(m + "/preview", bench.preview, methods=["POST"]),
        Route(m + "/drafts/{key}", bench.draft),
        Route(m + "/drafts/{key}/findings", bench.findings),
        Route(m + "/compare", bench.compare),
        Route(m + "/compare/{a:int}/{b:int}/{document}/redline.{fmt}", bench.redline),
        Route(v + "/termsheet.yaml", bench.export),
        Route(v + "/review", bench.review),
        Route(v + "/outputs", bench.outputs),
        Route(v + "/documents/{name}.{fmt}", bench.document_file),
        Route(v + "/all.zip", bench.zip_file),
        Route(v + "/with-library.zip", bench.matter_export),
        Route(v + "/amendments/{amendment:int}/{name}.{fmt}", bench.amendment_file),
        Route(v + "/notices", bench.notices),
        Route(v + "/notices/{filename}", bench.notices),
        *ImportPages(bench, Path(workspace)).routes(),
        *RoundTripPages(bench, Path(workspace)).routes(),  # their Word draft reviewed (web/roundtrip.py)
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    guided, matters, amend = Interview(bench), Matters(bench), Amend(bench)
    routes[-1:-1] = [
        Route("/interview", guided.start_new),
        Route("/interview", guided.step_new, methods=["POST"]),
        Route(m + "/interview", guided.start_matter),
        Route(m + "/interview", guided.step_matter, methods=["POST"]),
        Route("/archive", matters.archived),
        Route(m + "/rename", matters.rename, methods=["POST"]),
        Route(m + "/archive", matters.archive, methods=["POST"]),
        Route(m + "/copy", matters.copy, methods=["POST"]),
        Route(v + "/amend", amend.page),
        Route(v + "/amend", amend.save, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.state.workbench = bench

    async def firm_first(scope, receive, send):  # no request inherits a matter's layer from another
        _LAYER.set(())
        await app(scope, receive, send)

    guarded = security.Guard(firm_first, token, local_only, max_body=UPLOAD_LIMIT + 100_000,
                             secret=bench.store.secret(), store=bench.store)
    guarded.too_large = bench.too_large
    guarded.workbench = bench
    return guarded


async def _http_error(request: Request, exc: HTTPException):
    return HTMLResponse(f"<!DOCTYPE html><html lang=\"en\"><title>{exc.status_code}</title><main><h1>"
                        f"{_escape(str(exc.detail))}</h1><p><a href=\"/\">Matters</a></p></main></html>",
                        status_code=exc.status_code)
