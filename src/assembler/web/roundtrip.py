"""The workbench's side of the Word round trip (docs/reconcile.md): the other side's draft uploaded
to a matter, each change reviewed beside the preview, accepted or rejected; the accepted ones saved
as the matter's next version, the reply downloaded.

A thin shell over ``assembler.reconcile``. A received draft lives in the workspace under
``their-drafts/<random id>/`` (the browser names it by that id only, never by a path). The audit
trail records the draft's SHA-256 when it is received, and the decisions (a small YAML file kept
beside the draft, by its SHA-256 too) when they are saved. Accepted clause text joins the matter's
own library layer in the store, saved with the new version, so every later build of the matter
(preview, documents, amendments, notices, compare) carries it; the firm's library is not changed.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import tempfile
from collections import OrderedDict
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from .. import api
from ..errors import AssemblerError, shown
from ..library import Library
from ..overrides import FILE as OVERRIDES
from ..readers import read_docx
from ..readers.safety import ACCEPTED
from . import form, security, service

KEY = re.compile(r"^[0-9a-f]{16}$")
FOLDER = "their-drafts"
KEPT = 8                    # results kept in memory; others are read again from the stored draft
KINDS = {"fact": "A fact", "switch": "A switch", "clause": "Clause text", "new-section": "A new section",
         "deleted-section": "A deleted section", "moved-section": "A moved section"}
CHOICES = ("accept", "reject")
GONE = ("switch", "deleted-section")  # their section is not in the preview to jump to


def plain_refusal(exc: AssemblerError, filename: str) -> str:
    """A refused draft in one plain sentence: the file, what is wrong, and what would be read."""
    what = " ".join(shown(exc.message).split()).rstrip(".")
    sentence = f"{filename} was not read: it {what}." if what.startswith(("is ", "has ", "holds ", "cannot ", "matches ")) else \
        f"{filename} was not read: {what}."
    if exc.hint == ACCEPTED:
        sentence = sentence[:-1] + f"; upload {ACCEPTED}."
    elif exc.hint:
        hint = exc.hint.replace("name another with --document", "choose another document")
        sentence = sentence[:-1] + f"; {hint}."
    return sentence


def upload_name(filename: str) -> str:
    """The uploaded file's own name, without any folder a browser sent, one line, at most 120 characters."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    return " ".join(shown(name).split())[:120] or "their-draft.docx"


class RoundTripPages:
    def __init__(self, bench, workspace: Path):
        self.bench = bench
        self.workspace = Path(workspace)
        self.results: OrderedDict[str, object] = OrderedDict()

    def routes(self) -> list[Route]:
        m = "/matters/{matter:int}/their-drafts"
        return [Route(m, self.form), Route(m, self.upload, methods=["POST"]),
                Route(m + "/{key}", self.review), Route(m + "/{key}", self.decide, methods=["POST"]),
                Route(m + "/{key}/preview", self.preview, methods=["GET", "POST"]),
                Route(m + "/{key}/saved/{number:int}", self.saved),
                Route(m + "/{key}/saved/{number:int}/clause-text.zip", self.library_zip),
                Route(m + "/{key}/saved/{number:int}/documents/{name}.{fmt}", self.document_file)]

    # -- the received draft --------------------------------------------------------------------

    def folder(self, request: Request, matter) -> tuple[Path, dict]:
        key = request.path_params["key"]
        folder = self.workspace / FOLDER / key
        if not KEY.match(key) or not (folder / "meta.json").is_file():
            raise HTTPException(404, "No such draft.")
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta["matter"] != matter.id:
            raise HTTPException(404, "No such draft.")
        return folder, meta

    def reconciled(self, key: str, folder: Path, meta: dict):
        """The reconcile result of a stored draft against the version it was reviewed on."""
        if key in self.results:
            self.results.move_to_end(key)
            return self.results[key]
        version = self.bench.store.version(meta["matter"], meta["version"])
        self.bench.use_matter(meta["matter"], meta["version"])  # ours as that version was built
        result = self.run(version.termsheet, (folder / "draft.docx").read_bytes(), meta["document"],
                          meta["filename"])
        self.keep(key, result)
        return result

    def run(self, text: str, draft, document: str | None, filename: str):
        from ..reconcile import reconcile

        with tempfile.TemporaryDirectory(prefix="assembler-web-") as folder:
            sheet = Path(folder) / service.NAME
            sheet.write_text(text, encoding="utf-8")
            return reconcile(sheet, draft, document or None, self.bench.library_dirs, draft_name=filename)

    def keep(self, key: str, result) -> None:
        self.results[key] = result
        while len(self.results) > KEPT:
            self.results.popitem(last=False)

    # -- pages -----------------------------------------------------------------------------------

    async def form(self, request: Request, status: int = 200, error: str = ""):
        matter, version = self.bench.version(request)
        titles = service.document_titles(self.bench.load(version.termsheet), library=self.bench.preview_library)
        return self.bench.page(request, "roundtrip/upload.html", status, matter=matter, version=version,
                               documents=titles, error=error, received=self.received(matter.id))

    def received(self, matter_id: int) -> list[dict]:
        """The drafts received on this matter, newest first, each with the versions saved from it."""
        found = []
        for meta_file in (self.workspace / FOLDER).glob("*/meta.json"):
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            if meta["matter"] == matter_id:
                saved = sorted(int(p.stem.removeprefix("decisions-v")) for p in meta_file.parent.glob("decisions-v*.yaml"))
                found.append({**meta, "key": meta_file.parent.name, "saved": saved})
        return sorted(found, key=lambda m: m.get("received_at", ""), reverse=True)

    async def upload(self, request: Request):
        from .app import author

        matter, version = self.bench.version(request)
        values = await request.form()
        upload = values.get("draft")
        if upload is None or not getattr(upload, "filename", ""):
            return await self.form(request, 400, "Choose their Word draft (.docx) to upload.")
        filename = upload_name(upload.filename)
        raw = await upload.read()  # the whole request is bounded by the Guard already
        names = service.document_names(self.bench.load(version.termsheet), library=self.bench.preview_library)
        document = values.get("document") or ""
        try:
            draft = read_docx(raw, filename)
            if document not in names:  # not chosen: the one our DOCX names, else the first
                named = draft.properties.get("custom", {}).get("AssemblerDocument")
                document = named if named in names else ""
            result = self.run(version.termsheet, draft, document, filename)
        except AssemblerError as exc:
            return await self.form(request, 400, plain_refusal(exc, filename))
        key = secrets.token_hex(8)
        folder = self.workspace / FOLDER / key
        folder.mkdir(parents=True)
        (folder / "draft.docx").write_bytes(raw)
        meta = {"matter": matter.id, "version": version.number, "document": result.document.name,
                "filename": filename, "received_by": author(request),
                "received_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")}
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        self.keep(key, result)
        self.bench.store.log(matter.id, version.number, f"their draft received: {filename}", raw, author(request))
        return RedirectResponse(f"/matters/{matter.id}/their-drafts/{key}", status_code=303)

    async def review(self, request: Request, status: int = 200, error: str = "", chosen: dict | None = None,
                     undecided: list[str] | None = None):
        matter = self.bench.matter(request)
        folder, meta = self.folder(request, matter)
        result = self.reconciled(folder.name, folder, meta)
        return self.bench.page(request, "roundtrip/review.html", status, matter=matter, meta=meta,
                               key=folder.name, view=self.view(result, matter, meta), error=error,
                               chosen=chosen or {}, undecided=undecided or [])

    async def preview(self, request: Request):
        """Their draft as the proposal builds it, drawn as the preview is: every change accepted, or
        (posted from the review's form) the changes rejected there left out. Each section carries
        its id, which the review's links jump to."""
        from ..writers import html
        from .app import on_screen

        matter = self.bench.matter(request)
        folder, meta = self.folder(request, matter)
        result = self.reconciled(folder.name, folder, meta)
        decisions = None
        if request.method == "POST":
            values = await request.form()
            decisions = {c.id: "reject" if values.get(f"decision-{c.id}") == "reject" else "accept"
                         for c in result.changes}
        built = result.apply(decisions).build()
        if built is None:  # not ours instead: the frame says it shows their text
            return HTMLResponse("<!DOCTYPE html><html lang=\"en\"><title>Preview</title><p>These changes do not "
                                "build into a document, so there is no preview; each is listed beside.</p></html>",
                                headers={"Content-Security-Policy": security.PREVIEW_CSP})
        return HTMLResponse(on_screen(html.render(built)), headers={"Content-Security-Policy": security.PREVIEW_CSP})

    async def decide(self, request: Request):
        from .app import author

        matter = self.bench.matter(request)
        folder, meta = self.folder(request, matter)
        result = self.reconciled(folder.name, folder, meta)
        values = await request.form()
        chosen = {c.id: values.get(f"decision-{c.id}") for c in result.changes
                  if values.get(f"decision-{c.id}") in CHOICES}
        if values.get("action") == "reply":
            from ..reconcile.reply import reply

            data = reply(result, chosen, author(request))
            stem = Path(meta["filename"]).stem or "their-draft"
            return self.bench.download(request, matter, meta["version"], f"reply-to-{_file_safe(stem)}.docx", data)
        undecided = [c.id for c in result.changes if c.id not in chosen]
        if undecided:
            return await self.review(request, 422, "Accept or reject every change before you save.", chosen,
                                     undecided)
        latest = self.bench.store.version(matter.id)
        if latest.number != meta["version"]:
            return await self.review(request, 409, f"Version {latest.number} was saved after this draft was "
                                     f"received on version {meta['version']}; upload their draft again to "
                                     "review it against the latest version.", chosen)
        proposal = result.apply(chosen)
        text = proposal.termsheet_yaml()
        written = proposal.library_files()
        layer = merged_layer(self.bench.store.library(matter.id, latest.number), written) if written else None
        try:
            self.bench.load(text)
        except AssemblerError as exc:
            return await self.review(request, 422, f"The accepted changes do not make a valid term sheet: "
                                     f"{exc.message}.", chosen)
        try:
            if layer is not None:  # the matter's layer as it will be: its documents must still build
                library = Library((str(service.layer_folder(layer, self.workspace / "matter-libraries")),
                                   *self.bench.firm_dirs))
                service.documents(service.load_text(text, library=library), library)
        except AssemblerError as exc:
            return await self.review(request, 422, "With the accepted clause text, this matter's documents do not "
                                     f"build: {exc.message}.", chosen)
        who = author(request)
        number = self.bench.store.save(matter.id, text, who, library=layer,
                                       why=f"clause text accepted from their draft {meta['filename']}")
        record = decisions_yaml(meta, result, chosen, number)
        (folder / f"decisions-v{number}.yaml").write_text(record, encoding="utf-8")
        accepted = [i for i, d in chosen.items() if d == "accept"]
        rejected = [i for i, d in chosen.items() if d == "reject"]
        summary = (f"decisions on their draft {meta['filename']} (SHA-256 {result.draft_hash[:12]}…): "
                   f"accepted {', '.join(accepted) or 'none'}; rejected {', '.join(rejected) or 'none'}")
        self.bench.store.log(matter.id, number, summary[:500], record.encode("utf-8"), who)
        if written:
            # What this draft added, as reconcile wrote it, beside the draft; the layer is in the store.
            proposal.write_library(folder / f"matter-library-v{number}")
            for name, content in sorted(written.items()):
                self.bench.store.log(matter.id, number, f"matter library (clause text): {name}",
                                     content.encode("utf-8"), who)
            return RedirectResponse(f"/matters/{matter.id}/their-drafts/{folder.name}/saved/{number}",
                                    status_code=303)
        return RedirectResponse(f"/matters/{matter.id}?saved={number}", status_code=303)

    def library_of(self, folder: Path, matter_id: int, number: int) -> dict[str, bytes]:
        """The matter's library layer as the version saved from this draft has it."""
        if not (folder / f"matter-library-v{number}").is_dir():
            raise HTTPException(404, "No clause text was accepted for that version.")
        return self.bench.store.library(matter_id, number)

    async def saved(self, request: Request):
        """Saved with clause text accepted: say plainly where their wording is kept."""
        matter = self.bench.matter(request)
        folder, meta = self.folder(request, matter)
        number = int(request.path_params["number"])
        files = self.library_of(folder, matter.id, number)
        result = self.reconciled(folder.name, folder, meta)
        record = yaml.safe_load((folder / f"decisions-v{number}.yaml").read_text(encoding="utf-8"))
        kept = [_where(c) for c in result.changes
                if record["decisions"].get(c.id) == "accept" and c.kind not in ("fact", "switch")]
        return self.bench.page(request, "roundtrip/saved.html", matter=matter, key=folder.name, number=number,
                               kept=kept, files=sorted(files), document=result.document.name,
                               title=result.document.title)

    async def document_file(self, request: Request):
        """A document of the saved version, as its documents page gives it: the matter's library
        (their accepted wording) over the firm's."""
        from .app import FORMATS

        matter = self.bench.matter(request)
        folder, meta = self.folder(request, matter)
        number = int(request.path_params["number"])
        name, fmt = request.path_params["name"], request.path_params["fmt"]
        self.library_of(folder, matter.id, number)
        version = self.bench.store.version(matter.id, number)
        if fmt not in FORMATS or version is None:
            raise HTTPException(404, "No such document.")
        self.bench.use_matter(matter.id, number)
        try:
            files = service.build(version.termsheet, (fmt,), self.bench.library_dirs, only=(name,))
        except AssemblerError as exc:
            return self.bench.failed(request, matter, exc)
        filename = f"{name}.{fmt}"
        if filename not in files:
            raise HTTPException(404, "No such document.")
        return self.bench.download(request, matter, number, f"{name}-with-their-wording.{fmt}", files[filename])

    async def library_zip(self, request: Request):
        matter = self.bench.matter(request)
        folder, _ = self.folder(request, matter)
        number = int(request.path_params["number"])
        return self.bench.download(request, matter, number, f"matter-{matter.id}-version-{number}-clause-text.zip",
                                   service.zip_of(self.library_of(folder, matter.id, number)))

    # -- what the review shows --------------------------------------------------------------------

    def view(self, result, matter, meta: dict) -> dict:
        from ..reconcile.report import _short, redline

        labels = field_labels(self.bench.schema, result.context.sheet.data)
        changes = []
        for change in result.changes:
            fact = None
            if change.fact:
                path, ours, theirs = change.fact
                fact = {"label": labels.get(form.field_name(path), _words(path)),
                        "ours": _value(ours), "theirs": _value(theirs)}
            changes.append({
                "id": change.id, "kind": KINDS.get(change.kind, change.kind), "kind_key": change.kind,
                "where": _where(change), "anchor": "" if change.section.startswith("@") or change.kind in GONE else change.section,
                "explanation": explained(change, fact), "fact": fact, "authors": change.authors,
                "dates": [d[:10] for d in change.dates], "comments": change.comments,
                "redline": _short(redline(change.ours, change.theirs))})
        versions = {"sha256:" + _sha(v.termsheet): v.number for v in self.bench.store.versions(matter.id)}
        given = result.context.draft.properties.get("custom", {}).get(api.VERSION_PROPERTY, "")
        return {"changes": changes, "findings": [f"{f.section}: {f.message}" for f in result.findings],
                "exact": result.round_trip.exact, "differences": result.round_trip.differences,
                "matched": round(result.matched * 100), "authors": result.context.draft.authors,
                "title": result.document.title, "from_version": versions.get(given), "drift": result.drift,
                "sha256": result.draft_hash}


def explained(change, fact: dict | None) -> str:
    """What the change means for the deal, for a lawyer: no field path, no library wording (the
    engine's own explanation, for the CLI's report, names those)."""
    where = _where(change)
    if change.kind == "fact" and fact:
        reach = f" It appears in {len(change.sections)} sections." if len(change.sections) > 1 else ""
        return (f"Their words are how this deal writes “{fact['label']}”. Built with {fact['theirs']} instead "
                f"of {fact['ours']}, the text reads exactly as theirs; accepting changes that fact.{reach}")
    if change.kind == "switch" and fact:
        return (f"They deleted {where} whole. Accepting turns off “{fact['label']}”, which takes it out; the "
                "sections after it renumber and every cross-reference follows.")
    if change.kind == "clause":
        return ("A change of wording that no fact of the deal explains. Accepting keeps their wording for this "
                "matter only; the firm's library is not changed.")
    if change.kind == "deleted-section":
        return f"They deleted {where}, and no option of the deal takes it out. Accepting deletes it for this matter only."
    if change.kind == "moved-section":
        after = re.search(r"moved after (Section [^:]+):", change.explanation)
        return (f"They moved {where}{' after ' + after.group(1) if after else ''}. Accepting moves it for this "
                "matter only; references to it follow.")
    if change.kind == "new-section":
        if not change.override:
            return ("They added a new section where no section of ours stands before or after it at its level, "
                    "so it cannot be placed; accepting it changes nothing.")
        return f"They added a new section {where}. Accepting adds it for this matter only."
    return change.explanation


def merged_layer(layer: dict[str, bytes], written: dict[str, str]) -> dict[str, bytes]:
    """The matter's layer with what reconcile wrote for this draft on top: a clause file replaces
    the one of the same name; overrides.yaml entries join the layer's, a section's newer text in
    place of its older (reconcile read their draft against the layer, so theirs is the newer)."""
    files = dict(layer)
    for path, text in written.items():
        if path == OVERRIDES and path in files:
            files[path] = _merged_overrides(files[path].decode("utf-8"), text).encode("utf-8")
        else:
            files[path] = text.encode("utf-8")
    return files


NEW_SECTION = re.compile(r'id="(matter\.new_(\d+))"')


def _renumbered(kept: str, new: str) -> str:
    """Reconcile names the sections a draft adds matter.new_1, _2, … afresh each time: one the layer
    holds already takes the next free number, wherever the new text names it in quotes (its id,
    a reference to it); a key naming the layer's own section (a replace of it) is left alone."""
    taken = {match.group(1) for match in NEW_SECTION.finditer(kept)}
    highest = max((int(match.group(2)) for match in NEW_SECTION.finditer(kept)), default=0)
    for section_id in dict.fromkeys(match.group(1) for match in NEW_SECTION.finditer(new)):
        if section_id in taken:
            highest += 1
            new = new.replace(f'"{section_id}"', f'"matter.new_{highest}"')
    return new


def _merged_overrides(kept: str, new: str) -> str:
    import io

    from ruamel.yaml import YAML

    new = _renumbered(kept, new)

    yaml = YAML()  # round trip: the layer's comments stay
    yaml.width = 4096
    into, given = yaml.load(kept) or {}, yaml.load(new) or {}
    for assembly, changes in given.items():
        target = into.setdefault(assembly, {})
        for key in ("replace", "insert_after", "insert_before"):
            for section_id, markup in (changes.get(key) or {}).items():
                if _into_inserted(target, section_id, markup, key):
                    continue
                target.setdefault(key, {})[section_id] = markup
        for section_id in changes.get("delete") or []:
            deleted = target.setdefault("delete", [])
            if section_id not in deleted:
                deleted.append(section_id)
    out = io.StringIO()
    yaml.dump(into, out)
    return out.getvalue()


def _into_inserted(target: dict, section_id: str, markup: str, key: str) -> bool:
    """A new text for a section the layer itself inserts, or new sections after it, go into that
    insertion (an overrides file's ids must all be in the document before any insertion is made).
    False if no insertion holds it, or its markup is not plain enough to rewrite (the save then says
    the build's error)."""
    from lxml import etree
    from ruamel.yaml.scalarstring import LiteralScalarString


    for anchor, text in (target.get("insert_after") or {}).items():
        if f'id="{section_id}"' not in text:
            continue
        try:
            root = etree.fromstring(f"<root>{text}</root>")
            new = etree.fromstring(f"<root>{markup}</root>")
        except etree.XMLSyntaxError:
            return False
        found = [el for el in root.iter("section") if el.get("id") == section_id]
        if not found or (new.text or "").strip() or (found[0].text or "").strip():
            return False
        section, blocks = found[0], list(new)
        own = [child for child in section if child.tag != "section"]
        if key == "insert_after":  # right after it, among its siblings
            for block in reversed(blocks):
                block.tail = section.tail
                section.addnext(block)
        elif key == "insert_before":
            for block in blocks:
                block.tail = section.tail
                section.addprevious(block)
        elif len(own) == len(blocks):  # one for one, as assembly.apply_edits replaces them
            for old, block in zip(own, blocks):
                block.tail = old.tail
                section.replace(old, block)
        else:
            for old in own:
                section.remove(old)
            for index, block in enumerate(blocks):
                section.insert(index, block)
        written = (root.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in root)
        target["insert_after"][anchor] = LiteralScalarString(written.rstrip("\n") + "\n")
        return True
    return False


def decisions_yaml(meta: dict, result, chosen: dict[str, str], number: int) -> str:
    """The record the audit trail points to: the draft by its SHA-256, and each change's decision."""
    lines = [f"# Decisions on their draft, saved as version {number}.",
             f"draft: {json.dumps(meta['filename'], ensure_ascii=False)}",
             f"draft_sha256: {result.draft_hash}", f"reviewed_on_version: {meta['version']}", "decisions:"]
    lines += [f"  '{c.id}': {chosen[c.id]}  # {KINDS.get(c.kind, c.kind).lower()}, {_where(c)}"
              for c in result.changes if c.id in chosen]
    return "\n".join(" ".join(shown(line).split()) if not line.startswith("  ") else "  " + " ".join(shown(line).split())
                     for line in lines) + "\n"


def field_labels(schema: dict, data: dict) -> dict[str, str]:
    """Each form field's name → its labels from the top down ("Registration › Filing deadline")."""
    labels: dict[str, str] = {}

    def walk(node, above: tuple[str, ...]) -> None:
        chain = (*above, node.label) if node.label else above
        labels[node.name] = " › ".join(chain)
        for child in node.children:
            walk(child, chain)
    for _, _, nodes in form.build(schema, data):
        for node in nodes:
            walk(node, ())
    return labels


def _where(change) -> str:
    if change.kind == "new-section":  # its number is theirs, typed, and may lack its parent's
        placed = re.search(r"(after|before) (Section [^,]+),", change.explanation)
        return f"{placed.group(1)} {placed.group(2)}" if placed else "not placed"
    if change.section.startswith("@"):
        return change.section[1:].replace("_", " ").replace("/", ", ")
    return f"Section {change.number}" if change.number else "A new section"


def _words(path: str) -> str:
    return " › ".join(part.replace("_", " ").capitalize() for part in re.sub(r"\[\d+\]", "", path).split("."))


def _value(value) -> str:
    from ..reconcile.proposal import _shown
    return "yes" if value is True else "no" if value is False else _shown(value)


def _sha(text: str) -> str:
    import hashlib
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_safe(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:80] or "their-draft"
