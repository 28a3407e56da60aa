"""The guided interview's routes: a new deal (nothing is stored until the lawyer finishes) or a new
version of a matter, a page at a time; see ``interview`` for the pages and the answers."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse

from ..errors import AssemblerError
from . import form, interview, service


class Interview:
    def __init__(self, bench):
        self.bench = bench
        self.standard = interview.standard_positions(bench.library_dirs)

    async def start_new(self, request: Request):
        return self.show(request, None, interview.starting_answers(self.standard), "deal")

    async def start_matter(self, request: Request):
        matter = self.bench.matter(request)
        version = self.bench.store.version(matter.id)
        data = self.bench.load(version.termsheet).data
        return self.show(request, matter, interview.starting_answers(self.standard, data), "deal",
                         based_on=version.number)

    async def step_new(self, request: Request):
        return await self.step(request, None)

    async def step_matter(self, request: Request):
        return await self.step(request, self.bench.matter(request))

    async def step(self, request: Request, matter):
        posted = await request.form()
        schema = self.bench.schema
        # The version the interview started from: saving checks none was saved since (the merge page if so).
        based_on = int(posted.get("_version", "")) if str(posted.get("_version", "")).isdigit() else None
        answers = interview.read_answers(posted)
        current = posted.get("_page", "")
        page = next((p for p in interview.pages(answers) if p.id == current), None)
        if page is not None:
            answers = interview.read_page(posted, page, schema, answers)
        go = posted.get("_go", "next")
        back_to_check = posted.get("_return") == interview.CHECK
        if go.startswith("page:"):
            return self.show(request, matter, answers, go[5:], back_to_check=True, based_on=based_on)
        if go == "finish":
            return self.finish(request, matter, answers, based_on)
        if go == "next" and page is not None:
            wrong = interview.problems(page, schema, answers)
            if wrong:  # stay on the page, each problem at its question and in a summary above
                return self.show(request, matter, answers, page.id, back_to_check=back_to_check, errors=wrong,
                                 status=422, based_on=based_on)
        if go == "next" and back_to_check:
            return self.show(request, matter, answers, interview.CHECK, based_on=based_on)
        target = interview.next_page(answers, current, -1 if go == "back" else 1)
        return self.show(request, matter, answers, target, based_on=based_on)

    def data(self, matter, answers: dict, based_on: int | None = None) -> dict:
        version = (self.bench.store.version(matter.id, based_on) or self.bench.store.version(matter.id)) if matter else None
        base = self.bench.load(version.termsheet).data if version else None
        return interview.to_data(self.bench.schema, answers, base)

    def show(self, request: Request, matter, answers: dict, page_id: str, back_to_check: bool = False,
             status: int = 200, errors: dict | None = None, based_on: int | None = None):
        pages = interview.applicable(answers)
        ids = [p.id for p in pages]
        action = f"/matters/{matter.id}/interview" if matter else "/interview"
        common = dict(matter=matter, action=action, answers=answers, steps=pages + [None], based_on=based_on)
        if page_id not in ids:
            problems = self.problems(matter, answers, based_on)
            return self.bench.page(request, "interview/check.html", status, current=interview.CHECK,
                                   position=len(pages) + 1, total=len(pages) + 1, problems=problems,
                                   summary=interview.summary(self.bench.schema, answers, self.standard), **common)
        page = pages[ids.index(page_id)]
        carried = {k: v for k, v in answers.items() if k not in {q.path for q in page.questions}}
        return self.bench.page(request, "interview/page.html", status, page=page, current=page.id,
                               position=ids.index(page_id) + 1, total=len(pages) + 1, carried=carried,
                               questions=interview.view(page, self.bench.schema, answers, self.standard),
                               back_to_check=back_to_check, first=ids.index(page_id) == 0, errors=errors or {},
                               **common)

    def problems(self, matter, answers: dict, based_on: int | None = None) -> list[dict]:
        """What stops the term sheet being saved, each with the page to put it right on."""
        try:
            self.bench.load(service.to_yaml(self.data(matter, answers, based_on)))
        except AssemblerError as exc:
            at = form.field_name(exc.field)
            page = next((p for p in interview.applicable(answers) for q in p.questions
                         if at and (q.path == at or q.path.startswith(at + ".") or at.startswith(q.path + "."))),
                        None)
            if page is None:  # a whole group: the first page asking about any of it
                top = at.split(".")[0] if at else ""
                page = next((p for p in interview.applicable(answers)
                             if top and any(q.path.split(".")[0] == top for q in p.questions)), None)
            return [{"message": exc.one_line(), "page": page}]
        return []

    def finish(self, request: Request, matter, answers: dict, based_on: int | None = None):
        if self.problems(matter, answers, based_on):
            return self.show(request, matter, answers, interview.CHECK, status=422, based_on=based_on)
        text = service.to_yaml(self.data(matter, answers, based_on))
        sheet = self.bench.load(text)
        user = self.bench.author(request)
        if matter is None:
            matter_id = self.bench.store.create_matter(service.matter_name(sheet), text, user)
            return RedirectResponse(f"/matters/{matter_id}?saved=1", status_code=303)
        return self.bench.commit(request, matter, text, based_on)  # another save since: the merge page
