"""A matter's life in the workbench: renamed, archived and restored, copied as the start of a new
deal, found by a word in its name or any version of its term sheet. Nothing is deleted: an archived
matter keeps its versions and its audit trail, and each step is recorded with who took it."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

NAME_LIMIT = 500  # the store's column


def _name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise HTTPException(400, "Give the matter a name.")
    if len(name) > NAME_LIMIT:
        raise HTTPException(400, f"A matter's name may be at most {NAME_LIMIT} characters.")
    return name


class Matters:
    def __init__(self, bench):
        self.bench = bench

    async def archived(self, request: Request):
        return self.bench.page(request, "archive.html", matters=self.bench.store.matters(archived=True))

    async def rename(self, request: Request):
        matter = self.bench.matter(request)
        values = await request.form()
        self.bench.store.retitle(matter.id, _name(values.get("name")), self.bench.author(request))
        return RedirectResponse(f"/matters/{matter.id}", status_code=303)

    async def archive(self, request: Request):
        matter = self.bench.matter(request)
        values = await request.form()
        archived = values.get("archived") == "1"
        self.bench.store.archive(matter.id, archived, self.bench.author(request))
        return RedirectResponse("/" if archived else f"/matters/{matter.id}", status_code=303)

    async def copy(self, request: Request):
        matter = self.bench.matter(request)
        values = await request.form()
        name = _name(values.get("name") or f"Copy of {matter.name}")
        new_id = self.bench.store.copy(matter.id, name, self.bench.author(request))
        return RedirectResponse(f"/matters/{new_id}/interview", status_code=303)
