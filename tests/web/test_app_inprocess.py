"""The workbench's routes (web/app.py) in process through Starlette's test client, with text
downloads only (no PDF, no LibreOffice): each page's status and the words it must hold, typed by
hand; each refusal as its status and words. For mutation testing (scripts/mutation-test app); the
downloads' bytes against the CLI's, and the pages in Chromium, are tests/web/test_routes.py's and
the browser tests'."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from assembler.web import app as webapp
from assembler.web.app import create_app

from ..conftest import EXAMPLE, ROOT
from .formdata import fields

SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("ws")
    with TestClient(create_app(workspace), base_url="http://127.0.0.1") as client:
        client.workspace = workspace
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        yield client


def post(client, url, data=None, **kw):
    return client.post(url, data={**(data or {}), "_csrf": client.csrf}, **kw)


def upload(client, text: str, name: str = "deal.yaml"):
    return client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                       files={"termsheet": (name, text.encode(), "application/yaml")}, follow_redirects=False)


def new_matter(client, text: str | None = None) -> int:
    response = upload(client, text) if text else post(client, "/matters", {"source": "example"},
                                                       follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(re.fullmatch(r"/matters/(\d+)/edit", response.headers["location"]).group(1))


@pytest.fixture(scope="module")
def second(client) -> int:
    return new_matter(client, SECOND.read_text())


@pytest.fixture(scope="module")
def example(client) -> int:
    return new_matter(client)


# -- helpers ------------------------------------------------------------------------------------------

def test_small_helpers():
    assert webapp.export_name(type("M", (), {"id": 7})(), 3) == "matter-7-version-3.yaml"
    limit = f"{webapp.UPLOAD_LIMIT:,}"
    assert webapp.too_large_message(2_000_000) == (
        f"That file is 2,000,000 bytes: a term sheet may be at most {limit} bytes. Nothing was uploaded.")
    assert webapp.too_large_message(None) == (
        f"That file is too large: a term sheet may be at most {limit} bytes. Nothing was uploaded.")
    assert webapp.on_screen(b"<head></head><head></head>") == (
        b'<head><link rel="stylesheet" href="/static/preview.css"></head><head></head>')
    page = b"<html><head></head><body><p>x</p></body></html>"
    assert webapp.on_screen(page) == (b'<html><head><link rel="stylesheet" href="/static/preview.css"></head>'
                                      b"<body><main><p>x</p></main></body></html>")
    for odd in (b"<body><p>x</p>", b"<p>x</p></body>", b"<body><body></body>", b"<body></body></body>"):
        assert webapp.on_screen(odd) == odd  # not one body: no landmark added
    assert webapp._number("12", 3) == 12 and webapp._number("-1", 3) == 3 and webapp._number(None, 3) == 3
    assert webapp._number(5, 3) == 3
    assert webapp._date("2024-03-05") == dt.date(2024, 3, 5) and webapp._date("") is None
    assert webapp._date(None) is None
    with pytest.raises(webapp.HTTPException) as refused:
        webapp._date("5 March")
    assert (refused.value.status_code, refused.value.detail) == (400, "Give the date as YYYY-MM-DD.")
    assert webapp._escape("<a & b>") == "&lt;a &amp; b&gt;"
    assert webapp.MEDIA["txt"] == "text/plain; charset=utf-8" and webapp.FORMATS == ("docx", "pdf", "txt")


def test_a_version_is_named_by_its_number_and_its_time_in_utc(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")  # the server's own zone is not UTC
    time.tzset()
    try:
        saved = type("Version", (), {"number": 3})()
        saved.created_at = dt.datetime(2026, 12, 6, 7, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        assert webapp.version_label(saved) == "version 3, saved 2026-12-06 05:10 UTC"
        saved.created_at = dt.datetime(2026, 12, 6, 5, 10)  # as SQLite gives it back: UTC, without a zone
        assert webapp.version_label(saved) == "version 3, saved 2026-12-06 05:10 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_workbench_without_a_workspace_keeps_layers_in_the_temporary_folder(tmp_path):
    from assembler.store import Store

    bench = webapp.Workbench(Store(f"sqlite:///{tmp_path / 'bench.db'}"), (str(JOINDER / "library"),))
    assert bench.workspace is None and bench.firm_dirs == (str(JOINDER / "library"),)
    matter = bench.store.create_matter("Layered", SECOND.read_text(), "Ana Ruiz",
                                       library={"overrides.yaml": b"registration-rights-agreement: {}\n"})
    folder = Path(bench.layer(matter)[0])
    assert folder.parent.name == "assembler-matter-libraries" and (folder / "overrides.yaml").is_file()
    bench.store.close()


def test_finding_view():
    from assembler.tree import Document, Section

    a = Section(id="rr.a", title=None, children=[], level=2, label="(a)", number="2(a)")
    first = Section(id="c.first", title=None, children=[], level=1, label="FIRST:", number="FIRST")
    document = Document(name="d", title="", blocks=[], numbering=[], sections={"rr.a": a, "c.first": first})

    class Finding:
        severity, rule, excerpt = "warning", "undefined-term", "the Shares"

        def __init__(self, place, message):
            self.place, self.message = place, message

    view = webapp.finding_view(Finding("Section 2(a), second sentence", "see registration.filing_deadline_days"),
                               document, {"registration.filing_deadline_days"})
    assert view == {"severity": "warning", "rule": "undefined-term", "place": "Section 2(a), second sentence",
                    "message": "see Registration › Filing deadline (days)", "excerpt": "the Shares",
                    "anchor": "rr.a", "field": "registration.filing_deadline_days"}
    assert webapp.finding_view(Finding("Article FIRST", "x"), document, set())["anchor"] == "c.first"
    assert webapp.finding_view(Finding("Section 2(a)x", "x"), document, set())["anchor"] == ""
    assert webapp.finding_view(Finding("Section 2(a)", "other_investors[1].name and company.name"), document,
                               {"company.name", "other_investors.1.name"})["field"] == "other_investors.1.name"
    assert webapp.finding_view(Finding("Section 2(a)", "company.name"), document, set())["field"] == ""
    schema = {"type": "object", "properties": {"company": {"type": "object", "title": "Issuer",
                                                           "properties": {"name": {"type": "string",
                                                                                   "title": "Legal name"}}}}}
    # A fact of the term sheet is named by the schema's titles, when the schema is given.
    assert webapp.finding_view(Finding("company.name", "is long"), document, set(), schema)["place"] == \
        "Issuer › Legal name"
    assert webapp.finding_view(Finding("company.name", "is long"), document, set())["place"] == \
        "The company › Company name"
    assert webapp.finding_view(Finding("Section 2(a)", "x"), document, set(), schema)["place"] == "Section 2(a)"


# -- matters ------------------------------------------------------------------------------------------

def test_home_and_a_matter_from_the_example(client, example):
    home = client.get("/")
    assert home.status_code == 200 and "The Auxer Group, Inc." in home.text
    assert 'class="error"' not in home.text  # nothing went wrong: no error paragraph
    assert "The Auxer Group, Inc., 2001" in home.text  # the example, as offered
    page = client.get(f"/matters/{example}/edit").text
    assert fields(page)["company.name"] == "The Auxer Group, Inc."
    overview = client.get(f"/matters/{example}")
    assert overview.status_code == 200 and "Version 1" in overview.text
    assert client.get("/?q=Auxer").text.count("The Auxer Group, Inc.") >= 1
    assert "The Auxer Group, Inc.</a>" not in client.get("/?q=Nothing%20like%20it").text


def test_uploads_and_their_refusals(client):
    empty = client.post("/matters", data={"_csrf": client.csrf, "source": "upload"})
    choose = '<p class="error" role="alert">Choose a YAML or JSON term sheet to upload.</p>'
    assert empty.status_code == 400 and choose in empty.text
    # the browser's part for no file chosen (no file name), and a plain field in its place
    unnamed = client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                          files={"termsheet": ("", b"", "application/octet-stream")})
    assert unnamed.status_code == 400 and choose in unnamed.text
    typed = client.post("/matters", data={"_csrf": client.csrf, "source": "upload", "termsheet": "company: x"})
    assert typed.status_code == 400 and choose in typed.text
    # a term sheet of exactly the limit is taken
    text = SECOND.read_text()
    padded = text + "#" * (webapp.UPLOAD_LIMIT - len(text.encode()) - 1) + "\n"
    assert len(padded.encode()) == webapp.UPLOAD_LIMIT and upload(client, padded).status_code == 303
    bad = upload(client, "company: [", "mine.yaml")
    assert bad.status_code == 400 and "mine.yaml" in bad.text
    large = upload(client, "x" * (webapp.UPLOAD_LIMIT + 1))
    assert large.status_code == 413 and f"{webapp.UPLOAD_LIMIT + 1:,} bytes" in large.text
    blank = post(client, "/matters", {"source": "blank"}, follow_redirects=False)
    assert (blank.status_code, blank.headers["location"]) == (303, "/interview")
    assert client.get("/matters/999999").status_code == 404
    assert "No such matter." in client.get("/matters/999999").text
    assert client.get("/favicon.ico").status_code == 204


def test_a_request_past_the_bound_is_refused_on_the_matters_page(client):
    response = client.post("/matters", content=b"x" * (webapp.UPLOAD_LIMIT + 200_000),
                           headers={"x-csrf-token": client.csrf, "content-type": "application/octet-stream"})
    assert response.status_code == 413 and "That file is too large" in response.text


def test_each_refusal_says_what_is_missing(client, second):
    amended = new_matter(client, (ROOT / "tests" / "fixtures" / "amended-deal.yaml").read_text())
    v = f"/matters/{second}/versions/1"
    for address, status, said in (
            (f"/matters/{second}/versions/9/review", 404, "No such version."),
            ("/matters/999999/edit", 404, "No such matter."),
            (f"{v}/documents/registration-rights-agreement.exe", 404, "No such format."),
            (f"/matters/{second}/compare/1/9/registration-rights-agreement/redline.txt", 404, "No such version."),
            (f"/matters/{second}/compare/1/1/registration-rights-agreement/redline.exe", 404, "No such format."),
            (f"/matters/{amended}/versions/1/amendments/1/nothing.txt", 404, "No such document."),
            (f"/matters/{amended}/versions/1/amendments/1/nothing.exe", 404, "No such format.")):
        refused = client.get(address)
        assert (refused.status_code, re.search(r"<h1>(.*?)</h1>", refused.text).group(1)) == (status, said), address
    # a build that cannot be made: its page leads back to the matter's form
    for address in (f"/matters/{second}/compare/1/1/no-such-document/redline.txt",
                    f"/matters/{amended}/versions/1/amendments/9/x.txt",
                    f"{v}/notices?kind=payment&to=company&date=2024-05-10"):
        failed = client.get(address)
        matter = address.split("/")[2]
        assert failed.status_code == 422 and f'<p><a href="/matters/{matter}/edit">Back to the form</a></p>' in \
            failed.text, address


def test_export_is_the_version_as_saved(client, second):
    exported = client.get(f"/matters/{second}/versions/1/termsheet.yaml")
    assert exported.text == SECOND.read_text()
    assert exported.headers["content-disposition"] == f'attachment; filename="matter-{second}-version-1.yaml"'
    assert exported.headers["content-type"].startswith("application/yaml")
    assert client.get(f"/matters/{second}/versions/9/termsheet.yaml").status_code == 404


def test_each_route_answers_at_its_address_and_method(tmp_path):
    """The route table (create_app), in an app of its own: each address the pages link or post to
    answers with its own page (a refusal of its own where building would be slow), not Starlette's
    404 or 405; the Guard is set with the workbench's bound, its too-large page and localhost only."""
    import io
    import zipfile

    firm = ROOT / "examples" / "firm-override" / "library"  # adds a jury waiver to Section 11(e)
    workspace = tmp_path / "new" / "ws"                       # a folder not made yet, nor its parent
    libraries = (str(firm), str(JOINDER / "library"))          # the second declares the joinder's facts
    with TestClient(create_app(workspace, library_dirs=libraries), base_url="http://127.0.0.1") as web:
        home = web.get("/").text
        assert f'<span class="who">Signed in as {webapp.os_user()} · ' in home  # no token: the computer's user
        assert '<input type="search" id="search" name="q" value="">' in home
        web.csrf = re.search(r'name="_csrf" value="([^"]+)"', home).group(1)
        matter = new_matter(web, SECOND.read_text())
        m, v = f"/matters/{matter}", f"/matters/{matter}/versions/1"
        store = web.app.workbench.store  # the workbench the server closes at shutdown
        assert [version.number for version in store.versions(matter)] == [1]
        # the firm's library declares facts: a term sheet using them uploads, and its form and preview have them
        joinder = new_matter(web, (JOINDER / "termsheet.yaml").read_text())
        page = web.get(f"/matters/{joinder}/edit").text
        assert '<h2 id="' in page and ">Joinder</h2>" in page
        assert fields(page)["joinder.securities"] == "150,000 Debenture Shares"
        assert '<option value="joinder-agreement">Joinder Agreement</option>' in page
        shown = post(web, f"/matters/{joinder}/preview", {**fields(page), "_document": "joinder-agreement"})
        assert 'title="Preview of Joinder Agreement"' in shown.text
        # a matter's own layer is a folder of this workspace
        layered = store.create_matter("Layered", SECOND.read_text(), "Ana Ruiz",
                                      library={"overrides.yaml": (firm / "overrides.yaml").read_bytes()})
        assert web.get(f"/matters/{layered}/versions/1/outputs").status_code == 200
        assert len([p for p in (workspace / "matter-libraries").iterdir() if not p.name.startswith(".")]) == 1
        # The pages' templates: values escaped, blocks leaving no blank lines, stored choices in words.
        assert "No matter holds “&lt;i&gt;Acme &amp; Sons&lt;/i&gt;”." in web.get("/?q=<i>Acme %26 Sons</i>").text
        assert ('  <tbody>\n  <tr><td><a href="%s">Brightwater Robotics Corp.</a></td><td>1</td>\n' % m) in \
            web.get("/").text
        charter = new_matter(web, (ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text())
        review = web.get(f"/matters/{charter}/versions/1/review").text
        none = new_matter(web, SECOND.read_text() + "other_investors: []\n")  # an empty list among the facts
        listed = web.get(f"/matters/{none}/versions/1/review")
        assert listed.status_code == 200 and "#f-other_investors\">Other investors</a></td><td>" in listed.text
        assert "#f-charter.amendments.0.adopted_by\">Certificate of incorporation › Amendments to the charter › " \
               "Amendment 1 › Adopted by</a></td><td>The directors</td></tr>" in review
        assert "<td>By written consent of stockholders</td>" in review and "<td>Annual meeting</td>" in review
        assert "The company › Company name</a></td><td>Larkspur Analytics, Inc.</td></tr>" in review
        long = web.get("/?q=" + "x" * 250).text  # a search is cut at 200 characters
        assert f'name="q" value="{"x" * 200}">' in long
        # the firm's library, given to the workbench: its jury waiver is in the documents and the amendments
        document = " ".join(web.get(f"{v}/documents/registration-rights-agreement.txt").text.split())
        assert "irrevocably waives all right to trial by jury" in document
        amended = new_matter(web, (ROOT / "tests" / "fixtures" / "amended-deal.yaml").read_text())
        conformed = web.get(f"/matters/{amended}/versions/1/amendments/1/"
                            "registration-rights-agreement-conformed-through-amendment-1.txt")
        assert "irrevocably waives all right to trial by jury" in " ".join(conformed.text.split())

        def title(response) -> str:
            return re.search(r"<title>(.*?)</title>", response.text).group(1)

        def h1(response) -> str:
            return re.search(r"<h1>(.*?)</h1>", response.text, re.S).group(1)

        assert (web.get("/").status_code, title(web.get("/"))) == (200, "Matters · assembler workbench")
        assert web.get("/favicon.ico").status_code == 204
        assert title(web.get("/login")) == "Sign in · assembler workbench"
        assert post(web, "/login", {"user": "Cy"}, follow_redirects=False).headers["location"] == "/"
        web.csrf = re.search(r'name="_csrf" value="([^"]+)"', web.get("/").text).group(1)
        assert h1(web.get(m)) == "Brightwater Robotics Corp."
        form = fields(web.get(f"{m}/edit").text)
        assert h1(web.get(f"{m}/edit")).startswith("Brightwater Robotics Corp. <span class=\"sub\">editing from")
        redrawn = post(web, f"{m}/edit", {**form, "_op": "add:other_investors"})
        assert redrawn.status_code == 200 and 'name="other_investors.0.name"' in redrawn.text
        assert post(web, f"{m}/draft/discard", follow_redirects=False).headers["location"] == f"{m}/edit"
        assert post(web, f"{m}/validate", {**form, "_field": "registration.filing_deadline_days",
                                           "registration.filing_deadline_days": "x"}).text == (
            "Filing deadline: enter a whole number of days, such as 30")
        previewed = post(web, f"{m}/preview", form)
        assert previewed.status_code == 200 and "/drafts/" in previewed.text
        key = re.search(r"/drafts/([\w-]+)", previewed.text).group(1)
        assert "Brightwater Robotics Corp." in web.get(f"{m}/drafts/{key}").text
        assert web.get(f"{m}/drafts/{key}/findings").status_code == 200
        saved = post(web, f"{m}/versions", {**form, "_version": "1"}, follow_redirects=False)
        assert saved.headers["location"] == f"{m}?saved=2"
        merged = post(web, f"{m}/merge", {"_base": "9", "_theirs": "9"})
        assert (merged.status_code, h1(merged)) == (404, "No such version.")
        assert title(web.get(f"{m}/compare")) == "Compare · Brightwater Robotics Corp. · assembler workbench"
        red = web.get(f"{m}/compare/1/2/registration-rights-agreement/redline.txt")
        assert red.status_code == 200 and "Brightwater Robotics Corp." in red.text
        assert web.get(f"{v}/termsheet.yaml").text == SECOND.read_text()
        assert title(web.get(f"{v}/review")).startswith("Review · Brightwater Robotics Corp.")
        assert title(web.get(f"{v}/outputs")).startswith("Documents · Brightwater Robotics Corp.")
        for address in (f"{v}/documents/x.exe", f"{v}/amendments/1/x.exe", f"{v}/notices/x.exe"):
            refused = web.get(address)
            assert (refused.status_code, h1(refused)) == (404, "No such format."), address
        for address in (f"{v}/all.zip?as_of=x", f"{v}/notices?date=x"):
            refused = web.get(address)
            assert (refused.status_code, h1(refused)) == (400, "Give the date as YYYY-MM-DD."), address
        exported = web.get(f"{v}/with-library.zip")
        with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
            assert sorted(archive.namelist()) == [
                "assembler.toml", "firm-library/1-library/overrides.yaml",
                "firm-library/2-library/assemblies/joinder-agreement.yaml", "firm-library/2-library/facts.schema.yaml",
                "firm-library/2-library/joinder/opening.xml.j2", "firm-library/2-library/joinder/signature.xml.j2",
                "firm-library/2-library/joinder/terms.xml.j2", "termsheet.yaml"]
        assert title(web.get("/interview")) == "What this deal needs · New deal · assembler workbench"
        assert post(web, "/interview").status_code == 200
        assert title(web.get(f"{m}/interview")).startswith("What this deal needs · Brightwater Robotics Corp.")
        assert post(web, f"{m}/interview").status_code == 200
        assert (h1(web.get("/archive")), h1(post(web, f"{m}/rename"))) == ("Archived matters", "Give the matter a name.")
        assert post(web, f"{m}/archive", {"archived": "0"}, follow_redirects=False).headers["location"] == m
        assert post(web, f"{m}/copy", {"name": "Copy"}, follow_redirects=False).headers["location"].endswith(
            "/interview")
        assert h1(web.get(f"{v}/amend")).startswith("Amendment No. 1 to the agreement")
        assert post(web, f"{v}/amend").status_code == 422
        assert h1(web.get("/import")) == "Import a Word precedent"
        assert h1(web.get(f"{m}/their-drafts")) == "Their draft: Brightwater Robotics Corp."
        assert h1(web.get(f"{m}/their-drafts/nokey/saved/1/documents/x.txt")) == "No such draft."
        assert web.get("/static/app.css").text.startswith("/* The workbench's own look.")
        missing = web.get("/matters/999999")
        assert missing.text == ('<!DOCTYPE html><html lang="en"><title>404</title><main><h1>No such matter.</h1>'
                                '<p><a href="/">Matters</a></p></main></html>')
        # the Guard: the workbench's bound (the upload limit and 100,000 bytes for the form around it)
        bound = webapp.UPLOAD_LIMIT + 100_000
        at = web.post("/matters", content=b"x" * bound, follow_redirects=False,
                      headers={"x-csrf-token": web.csrf, "content-type": "application/octet-stream"})
        assert (at.status_code, at.headers["location"]) == (303, "/interview")
        past = web.post("/matters", content=b"x" * (bound + 1),
                        headers={"x-csrf-token": web.csrf, "content-type": "application/octet-stream"})
        assert past.status_code == 413 and "<h1>Matters</h1>" in past.text and "That file is too large" in past.text
        assert f'<tr><td><a href="{m}">Brightwater Robotics Corp.</a></td>' in past.text  # the matters, as at home
        assert "From the example deal (The Auxer Group, Inc., 2001)" in past.text
        assert '<input type="search" id="search" name="q" value="">' in past.text
        assert post(web, f"/matters/{charter}/archive", {"archived": "1"}, follow_redirects=False).status_code == 303
        archived = '<p><a href="/archive" id="archived-link">Archived matters (1)</a></p>'
        assert archived in web.get("/").text
        assert archived in web.post("/matters", content=b"x" * (bound + 1), headers={
            "x-csrf-token": web.csrf, "content-type": "application/octet-stream"}).text
    with TestClient(create_app(tmp_path / "ws"), base_url="http://assembler.example.com") as far:
        refused = far.get("/")
        assert (refused.status_code, refused.text) == (421, "This workbench answers only to localhost.")


# -- the form -------------------------------------------------------------------------------------------

def test_save_rename_and_compare(client):
    matter = new_matter(client, SECOND.read_text())
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["company.name"] = "Brightwater Robotics Inc."
    form["_version"] = "1"
    saved = post(client, f"/matters/{matter}/versions", form, follow_redirects=False)
    assert (saved.status_code, saved.headers["location"]) == (303, f"/matters/{matter}?saved=2")
    assert "Brightwater Robotics Inc." in client.get("/").text  # the matter follows the company's name
    exported = yaml.safe_load(client.get(f"/matters/{matter}/versions/2/termsheet.yaml").text)
    assert exported["company"]["name"] == "Brightwater Robotics Inc."
    compare = client.get(f"/matters/{matter}/compare?a=1&b=2").text
    assert "Brightwater Robotics Corp." in compare and "Brightwater Robotics Inc." in compare
    missing = client.get(f"/matters/{matter}/compare?a=1&b=7")
    assert missing.status_code == 404 and "<main><h1>No such version.</h1>" in missing.text
    default = client.get(f"/matters/{matter}/compare").text
    assert "Brightwater Robotics Corp." in default
    # What the compare page says: the two versions chosen (by default the last two), the facts that
    # differ by their titles, and the first document's redline with its downloads.
    for page in (compare, default):
        assert f"<h1>Compare versions: Brightwater Robotics Inc.</h1>" in page
        assert '<select id="a" name="a"><option value="1" selected>Version 1, saved ' in page
        assert '<select id="b" name="b"><option value="1">Version 1, saved ' in page
        assert '<option value="2" selected>Version 2, saved ' in page
        assert "<caption>Version 1 against version 2</caption>" in page
        assert ("<tr><td>The company › Company name</td><td>Brightwater Robotics Corp.</td>"
                "<td>Brightwater Robotics Inc.</td></tr>") in page
        assert page.count("<tr><td>") == 1  # nothing else differs
        assert '<option value="registration-rights-agreement" selected>Registration Rights Agreement</option>' in page
        assert "<h2>Redline: Registration Rights Agreement</h2>" in page
        base = f"/matters/{matter}/compare/1/2/registration-rights-agreement"
        assert f'<a href="{base}/redline.docx" download>DOCX (tracked changes)</a>' in page
        assert (f'title="Redline of Registration Rights Agreement, version 2 against version 1" '
                f'src="{base}/redline.html"') in page
    same = client.get(f"/matters/{matter}/compare?a=2&b=2").text
    assert "<p>None: the two versions hold the same facts.</p>" in same and "<caption>" not in same
    assert "/compare/2/2/registration-rights-agreement/redline.html" in same
    unknown = client.get(f"/matters/{matter}/compare?document=no-such-document").text
    assert "<h2>Redline:" not in unknown and "redline.html" not in unknown
    assert " selected>Registration Rights Agreement</option>" not in unknown
    red = client.get(f"/matters/{matter}/compare/1/2/registration-rights-agreement/redline.txt")
    assert red.status_code == 200 and "[-Corp.-]" in red.text and "[+Inc.+]" in red.text
    assert red.headers["content-disposition"] == (
        'attachment; filename="registration-rights-agreement-redline-v1-v2.txt"')
    html = client.get(f"/matters/{matter}/compare/1/2/registration-rights-agreement/redline.html")
    # Each change is numbered, the first one linked from the top (the compare pane's change links).
    assert 'Brightwater Robotics <del id="change-1">Corp.,</del> <ins>Inc.,</ins>' in html.text
    assert '<a href="#change-1" id="first-change">' in html.text and html.headers["content-security-policy"].startswith("default-src 'none'")
    assert client.get(f"/matters/{matter}/compare/1/2/registration-rights-agreement/redline.exe").status_code == 404
    assert client.get(f"/matters/{matter}/compare/1/9/registration-rights-agreement/redline.txt").status_code == 404
    failed = client.get(f"/matters/{matter}/compare/1/2/no-such-document/redline.txt")
    assert failed.status_code == 422
    # A save based on version 1 now meets version 2: the conflict page.
    form["company.name"] = "Brightwater Robotics Co."
    conflict = post(client, f"/matters/{matter}/versions", form)
    assert conflict.status_code == 409 and "Brightwater Robotics Co." in conflict.text
    # A third version: the compare page then sets the last two side by side, 2 against 3.
    form["_version"] = "2"
    assert post(client, f"/matters/{matter}/versions", form, follow_redirects=False).status_code == 303
    third = client.get(f"/matters/{matter}/compare").text
    assert '<option value="2" selected>Version 2, saved ' in third and "<caption>Version 2 against version 3</caption>" in third


def test_an_invalid_save_keeps_what_was_typed(client, second):
    form = fields(client.get(f"/matters/{second}/edit").text)
    form["registration.filing_deadline_days"] = "thirty"
    form["_version"] = "1"
    refused = post(client, f"/matters/{second}/versions", form)
    assert refused.status_code == 422 and "Filing deadline" in refused.text
    again = client.get(f"/matters/{second}/edit").text
    assert fields(again)["registration.filing_deadline_days"] == "thirty"  # the draft, back as typed
    assert client.get(f"/matters/{second}/edit?version=1").text.count('value="thirty"') == 0
    discarded = post(client, f"/matters/{second}/draft/discard", follow_redirects=False)
    assert (discarded.status_code, discarded.headers["location"]) == (303, f"/matters/{second}/edit")
    assert fields(client.get(f"/matters/{second}/edit").text)["registration.filing_deadline_days"] != "thirty"


def test_the_form_as_opened_saved_wrong_and_restored(client):
    matter = new_matter(client, SECOND.read_text())
    edit = f"/matters/{matter}/edit"
    page = client.get(edit).text
    assert f"<h1>Brightwater Robotics Corp. <span class=\"sub\">editing from version 1</span></h1>" in page
    assert '<span id="save-status" role="status" class="saved">No unsaved changes</span>' in page
    assert fields(page)["_document"] == "registration-rights-agreement" and 'id="error-summary"' not in page
    assert 'id="form-error"' not in page and 'role="alert"' not in page
    form = {**fields(page), "_version": "1"}
    # A wrong save: nothing saved; every problem in the summary and at its field; the document chosen kept.
    wrong = {**form, "registration.filing_deadline_days": "thirty", "company.name": ""}
    refused = post(client, f"/matters/{matter}/versions", wrong)
    assert refused.status_code == 422
    assert '<h2 id="error-summary-h">There are 2 problems: nothing was saved</h2>' in refused.text
    assert ('<p class="error" id="err-registration.filing_deadline_days" aria-live="polite">Filing deadline: enter a '
            "whole number of days, such as 30</p>") in refused.text
    assert '<p class="error" id="err-company.name" aria-live="polite">Company name: this is needed</p>' in refused.text
    assert fields(refused.text)["_version"] == "1" and fields(refused.text)["_dirty"] == "1"
    assert '<span id="save-status" role="status" class="unsaved">Unsaved changes (kept as a draft)</span>' in refused.text
    assert 'id="form-error"' not in refused.text
    # Opened again: the draft, with its problems, not yet saved; the version asked for, without it.
    again = client.get(edit).text
    assert '<h2 id="error-summary-h">There are 2 problems in these unsaved changes</h2>' in again
    assert "(started from version 1)" in again and fields(again)["company.name"] == ""
    assert '<span id="save-status" role="status" class="unsaved">' in again
    asked = client.get(f"{edit}?version=1").text
    assert fields(asked)["company.name"] == "Brightwater Robotics Corp." and 'id="restored"' not in asked
    # a redraw of a wrong form keeps it, unsaved, without the summary (that is for a save)
    redrawn = post(client, edit, {**wrong, "_op": "add:other_investors"})
    assert redrawn.status_code == 200 and 'id="error-summary"' not in redrawn.text
    # A wrong save from no version at all: its draft is based on none.
    unbased = post(client, f"/matters/{matter}/versions", {k: v for k, v in wrong.items()
                                                           if k not in ("_version", "_document")})
    assert fields(unbased.text)["_version"] == "0" and "editing from version 0</span>" in unbased.text
    assert fields(unbased.text)["_document"] == "registration-rights-agreement"  # none sent: the first
    assert "(started from version 0)" in client.get(edit).text
    # Saved: the draft dropped; an older version opened on request, the latest by default.
    saved = post(client, f"/matters/{matter}/versions", {**form, "company.name": "Brightwater Robotics Inc.",
                                                         "_document": "registration-rights-agreement"},
                 follow_redirects=False)
    assert saved.headers["location"] == f"/matters/{matter}?saved=2"
    latest = client.get(edit).text
    assert 'id="restored"' not in latest and fields(latest)["company.name"] == "Brightwater Robotics Inc."
    older = client.get(f"{edit}?version=1").text
    assert fields(older)["company.name"] == "Brightwater Robotics Corp." and "editing from version 1</span>" in older
    assert fields(client.get(f"{edit}?version=9").text)["company.name"] == "Brightwater Robotics Inc."
    # A save of a form that names no version is saved on top of the latest.
    unbased = post(client, f"/matters/{matter}/versions", {k: v for k, v in form.items() if k != "_version"},
                   follow_redirects=False)
    assert unbased.headers["location"] == f"/matters/{matter}?saved=3"
    # A name the lawyer gave the matter stays when the company's name changes.
    post(client, f"/matters/{matter}/rename", {"name": "Brightwater PIPE"})
    post(client, f"/matters/{matter}/versions", {**form, "_version": "3", "company.name": "Brightwater Holdings Inc."})
    assert f'<a href="/matters/{matter}">Brightwater PIPE</a>' in client.get("/").text


def test_a_conflicting_save_keeps_the_draft_based_on_the_version_it_started_from(client):
    matter = new_matter(client, SECOND.read_text())
    form = {**fields(client.get(f"/matters/{matter}/edit").text), "_version": "1"}
    post(client, f"/matters/{matter}/versions", {**form, "company.signatory.title": "President"})
    assert post(client, f"/matters/{matter}/versions", {**form, "governing_law.forum_city": "City of Dover"}
                ).status_code == 409
    kept = client.get(f"/matters/{matter}/edit").text
    assert "(started from version 1)" in kept and fields(kept)["governing_law.forum_city"] == "City of Dover"


def test_validate_names_the_field_just_edited(client, second):
    form = fields(client.get(f"/matters/{second}/edit").text)
    # A problem of a group (effective before filed) is said at any of its fields; nothing named: nothing said.
    late = {**form, "registration.filing_deadline_days": "200"}
    said = post(client, f"/matters/{second}/validate", {**late, "_field": "registration.filing_deadline_days"})
    assert "a statement cannot be declared effective before it is filed" in said.text
    assert post(client, f"/matters/{second}/validate", late).text == ""
    assert post(client, f"/matters/{second}/validate", {**late, "_field": "registration_x"}).text == ""
    form["registration.filing_deadline_days"] = "thirty"
    said = post(client, f"/matters/{second}/validate", {**form, "_field": "registration.filing_deadline_days"})
    assert "Filing deadline" in said.text and "whole number" in said.text
    other = post(client, f"/matters/{second}/validate", {**form, "_field": "company.name"})
    assert other.text == ""
    by_header = post(client, f"/matters/{second}/validate", form,
                     headers={"hx-trigger-name": "registration.filing_deadline_days"})
    assert "Filing deadline" in by_header.text


def test_redraw_adds_and_removes_an_item(client, second, example):
    form = fields(client.get(f"/matters/{second}/edit").text)
    count = int(form.get("other_investors.__count", "0"))
    added = post(client, f"/matters/{second}/edit", {**form, "_op": "add:other_investors", "_version": "1"})
    assert added.status_code == 200
    assert f'name="other_investors.{count}.name"' in added.text
    # The new item's fields take the focus, and only they; the form is unsaved, kept as a draft.
    focused = re.findall(r'name="([^"]+)"[^>]* autofocus', added.text)
    assert focused and all(name.startswith(f"other_investors.{count}.") for name in focused), focused
    assert f"other_investors.{count}.name" in focused
    assert '<input type="hidden" name="_dirty" id="dirty" value="1">' in added.text
    assert '<span id="save-status" role="status" class="unsaved">Unsaved changes (kept as a draft)</span>' in added.text
    assert f'name="other_investors.{count}.name"' in client.get(f"/matters/{second}/edit").text  # the draft
    # The document being previewed stays chosen (by default the first).
    def previewed(page: str) -> list[tuple[str, str]]:
        picker = page.split('<select id="preview-document" name="_document">', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="([^"]+)"( selected)?>', picker)
    assert previewed(added.text) == [("registration-rights-agreement", " selected")]
    whole = fields(client.get(f"/matters/{example}/edit").text)  # the example deal makes several documents
    bare = {k: v for k, v in whole.items() if k != "_document"}
    one = post(client, f"/matters/{example}/edit", {**bare, "_op": "add:other_investors"}).text
    # A second item after one filled in: the new one is numbered after the count posted.
    listed = {k: v for k, v in fields(one).items() if k != "_document"}
    assert listed["other_investors.__count"] == "1"
    more = post(client, f"/matters/{example}/edit", {**listed, "other_investors.0.name": "Kestrel Fund LP",
                                                     "_op": "add:other_investors"}).text
    focused = re.findall(r'name="([^"]+)"[^>]* autofocus', more)
    assert focused and all(n.startswith("other_investors.1.") for n in focused), focused
    offered = previewed(more)  # no document sent: the first
    assert len(offered) > 1 and offered[0][1] == " selected" and not any(chosen for _, chosen in offered[1:])
    # Without the group's count (none listed yet), the new item is the first.
    uncounted = {k: v for k, v in bare.items() if k != "other_investors.__count" and not k.startswith("other_investors.")}
    first = post(client, f"/matters/{example}/edit", {**uncounted, "_op": "add:other_investors"}).text
    assert re.search(r'name="other_investors\.0\.name"[^>]* autofocus', first)
    last = offered[-1][0]
    kept = post(client, f"/matters/{example}/edit", {**whole, "_op": "add:other_investors", "_document": last})
    assert [name for name, chosen in previewed(kept.text) if chosen] == [last]
    post(client, f"/matters/{example}/draft/discard")
    assert '<input type="hidden" name="_version" value="1">' in added.text  # still based on version 1
    assert '<input type="hidden" name="_version" value="1">' in client.get(f"/matters/{second}/edit").text
    # Removing an item (one filled in: an empty one is not kept): gone from the form, nothing
    # focused; an unknown operation, or none, adds nothing.
    again = {**fields(added.text), f"other_investors.{count}.name": "Kestrel Fund LP"}
    removed = post(client, f"/matters/{second}/edit", {**again, "_op": f"remove:other_investors.{count}",
                                                       "_version": "1"})
    assert removed.status_code == 200 and f'name="other_investors.{count}.name"' not in removed.text
    assert " autofocus" not in removed.text
    odd = post(client, f"/matters/{second}/edit", {**form, "_op": "copy:other_investors", "_version": "1"})
    assert f'name="other_investors.{count}.name"' not in odd.text and " autofocus" not in odd.text
    plain = {k: v for k, v in again.items() if k not in ("_op", "_version")}
    none = post(client, f"/matters/{second}/edit", plain)
    assert none.status_code == 200 and "Kestrel Fund LP" in none.text and " autofocus" not in none.text
    assert '<input type="hidden" name="_version" value="0">' in none.text  # no version sent: based on none
    assert '<input type="hidden" name="_version" value="0">' in client.get(f"/matters/{second}/edit").text
    post(client, f"/matters/{second}/draft/discard")


def test_preview_draft_and_findings(client, second):
    form = fields(client.get(f"/matters/{second}/edit").text)
    shown = post(client, f"/matters/{second}/preview", {**form, "_document": "registration-rights-agreement"})
    assert shown.status_code == 200
    key = re.search(r'/drafts/([\w-]+)', shown.text).group(1)
    frame = client.get(f"/matters/{second}/drafts/{key}")
    assert "Brightwater Robotics Corp." in frame.text and '/static/preview.css' in frame.text
    assert frame.headers["content-security-policy"].startswith("default-src 'none'")
    assert client.get(f"/matters/{second}/drafts/nokey").text.endswith("<p>Change a field to see the preview.</p>")
    assert client.get(f"/matters/{second}/drafts/{key}/findings").status_code == 200
    assert client.get(f"/matters/{second}/drafts/nokey/findings").text == ""
    broken = post(client, f"/matters/{second}/preview", {**form, "company.name": "", "_dirty": "1"})
    assert broken.status_code == 200 and "Company name" in broken.text
    post(client, f"/matters/{second}/draft/discard")


def test_the_preview_its_findings_and_the_draft_it_keeps(client):
    """The preview pane: the frame of the document chosen, titled as the documents page titles it;
    its findings with the place in the form's words and links to the field or the section; while
    the form is wrong, the last good preview marked out of date with every problem; and what was
    typed kept as a draft only when it is unsaved."""
    deal = yaml.safe_load(SECOND.read_text())
    deal["investor"]["signatory"]["name"] = "Marcus Oyelaren"  # the notices' attention reads "Oyelaran"
    matter = new_matter(client, yaml.safe_dump(deal))
    form = {**fields(client.get(f"/matters/{matter}/edit").text), "_version": "1"}
    shown = post(client, f"/matters/{matter}/preview", form)
    key = re.search(r'src="/matters/%d/drafts/([\w-]+)"' % matter, shown.text).group(1)
    assert shown.text == (
        '<ul class="live-problems" id="live-problems" hidden></ul>\n'
        f'<iframe name="preview" id="preview-frame" class="" title="Preview of Registration Rights Agreement" '
        f'src="/matters/{matter}/drafts/{key}"></iframe>\n<h3>Check</h3>\n'
        f'<div id="findings-pane" hx-get="/matters/{matter}/drafts/{key}/findings" hx-trigger="load" '
        'hx-swap="innerHTML"><p>Checking…</p></div>\n')
    assert 'id="restored"' not in client.get(f"/matters/{matter}/edit").text  # nothing typed: no draft
    found = client.get(f"/matters/{matter}/drafts/{key}/findings").text
    assert ('<li class="error"><span class="sev">error</span>\n    reads &#39;Marcus Oyelaren&#39;, but The initial '
            "investor › Notices to the investor › Attention reads &#39;Marcus Oyelaran&#39;\n<span class=\"place\">(in "
            "The initial investor › Investor&#39;s signatory › Signatory&#39;s name)</span> · "
            '<a href="#f-investor.signatory.name" aria-label="Go to the field: reads') in found
    assert (f'<a href="/matters/{matter}/drafts/{key}#rr.assignment" target="preview">Section 8</a></li>') in found
    # another matter's key finds nothing here; the frame of no preview says what to do, locked down the same
    other = new_matter(client, SECOND.read_text())
    assert client.get(f"/matters/{other}/drafts/{key}/findings").text == ""
    empty = client.get(f"/matters/{matter}/drafts/nokey")
    assert empty.headers["content-security-policy"] == client.get(
        f"/matters/{matter}/drafts/{key}").headers["content-security-policy"]
    assert empty.headers["content-security-policy"].startswith("default-src 'none'")
    # Unsaved and wrong: the last good preview, out of date, with the problem; the draft kept, based on 1.
    broken = post(client, f"/matters/{matter}/preview", {**form, "company.name": "", "_dirty": "1"})
    assert broken.text == (
        '<ul class="live-problems" id="live-problems" hidden><li data-field="company.name">Company name: this is '
        'needed</li></ul>\n<div class="out-of-date" role="status" id="preview-error">\n  <p><strong>Out of '
        'date.</strong> The preview shows the term sheet as it was before\n  this problem; fix\n  it and it '
        'follows the form again.</p>\n  <ul><li><a href="#f-company.name">Company name: this is needed</a></li>'
        '</ul>\n</div>\n'
        f'<iframe name="preview" id="preview-frame" class="stale" title="Preview of the draft (out of date)" '
        f'src="/matters/{matter}/drafts/{key}"></iframe>\n')
    kept = client.get(f"/matters/{matter}/edit").text
    assert fields(kept)["company.name"] == "" and "(started from version 1)" in kept
    # typed from no version at all: the draft is based on none
    post(client, f"/matters/{matter}/preview", {**{k: v for k, v in form.items() if k != "_version"},
                                                "company.name": "Brightwater Robotics, Inc.", "_dirty": "1"})
    kept = client.get(f"/matters/{matter}/edit").text
    assert fields(kept)["company.name"] == "Brightwater Robotics, Inc." and "(started from version 0)" in kept
    post(client, f"/matters/{matter}/draft/discard")


def test_the_preview_of_a_document_chosen_and_its_findings(client, example):
    charter = new_matter(client, (ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text())
    form = fields(client.get(f"/matters/{charter}/edit").text)
    second = post(client, f"/matters/{charter}/preview", {**form, "_document": "certificate-of-amendment-2-2018-06-04"})
    assert ('title="Preview of Certificate of Amendment of Certificate of Incorporation (No. 2, June 4, 2018)"'
            in second.text)
    key = re.search(r"/drafts/([\w-]+)", second.text).group(1)
    assert "CERTIFICATE OF AMENDMENT" in client.get(f"/matters/{charter}/drafts/{key}").text
    assert client.get(f"/matters/{charter}/drafts/{key}/findings").text == '<p id="findings">No findings.</p>'
    # The example deal: the agreement's findings are not the charter's.
    whole = fields(client.get(f"/matters/{example}/edit").text)
    agreement = post(client, f"/matters/{example}/preview", {**whole, "_document": "registration-rights-agreement"})
    key = re.search(r"/drafts/([\w-]+)", agreement.text).group(1)
    assert "defines &#34;Controlling&#34; but never uses it" in client.get(
        f"/matters/{example}/drafts/{key}/findings").text
    charter = post(client, f"/matters/{example}/preview", {**whole, "_document": "certificate-of-incorporation"})
    assert 'title="Preview of Certificate of Incorporation"' in charter.text
    key = re.search(r"/drafts/([\w-]+)", charter.text).group(1)
    assert "defines &#34;Controlling&#34;" not in client.get(f"/matters/{example}/drafts/{key}/findings").text


# -- review, outputs and downloads ----------------------------------------------------------------------

def test_the_form_lists_an_amendment_made_by_editing_the_agreement(client):
    amended = new_matter(client, (ROOT / "tests" / "fixtures" / "amended-deal.yaml").read_text())
    page = client.get(f"/matters/{amended}/edit").text
    assert ('<div class="field written" id="f-agreement.amendments.0.changes">\n  <input type="hidden" '
            'name="agreement.amendments.0.changes" value="registration.effectiveness_deadline_days: 150\n'
            'investor.notices.attention: Jane Q. Doe">\n  <span class="label">Facts it changes</span>\n  <ul><li>'
            "Registration › Effectiveness deadline (days): 150</li>") in page


def test_review_lists_the_facts_and_blanks(client, example):
    review = client.get(f"/matters/{example}/versions/1/review")
    assert review.status_code == 200 and "The Auxer Group, Inc." in review.text
    assert "investor.name" in review.text or "Investor" in review.text
    amended = new_matter(client, (ROOT / "tests" / "fixtures" / "amended-deal.yaml").read_text())
    page = client.get(f"/matters/{amended}/versions/1/review").text
    assert "<h1>Review: The Auxer Group, Inc., version 1</h1>" in page
    blanks = re.findall(r"<li>(.*?)</li>", page.split('<ul id="blanks">')[1].split("</ul>")[0])
    assert blanks[:2] == [
        f'<a href="/matters/{amended}/edit?version=1#f-investor.name">The initial investor › Investor&#39;s name</a> '
        "in Registration Rights Agreement, preamble",
        f'<a href="/matters/{amended}/edit?version=1#f-securities.bridge_loan_shares">Securities › Bridge loan '
        "shares</a> in Registration Rights Agreement, recitals"]
    assert len(blanks) == 8
    assert (f'<tr><td><a href="/matters/{amended}/edit?version=1#f-company.name">The company › Company name</a></td>'
            "<td>The Auxer Group, Inc.</td></tr>") in page
    assert (f'<a href="/matters/{amended}/edit?version=1#f-agreement.amendments.0.changes.registration'
            '.effectiveness_deadline_days">') in page or "effectiveness_deadline_days" in page


def test_outputs_page(client, example, second):
    page = client.get(f"/matters/{example}/versions/1/outputs").text
    assert "certificate-of-incorporation" in page and "registration-rights-agreement" in page
    as_of = client.get(f"/matters/{example}/versions/1/outputs?as_of=1998-01-01").text
    assert "certificate-of-incorporation-as-amended-through-1998-01-01" in as_of
    assert client.get(f"/matters/{example}/versions/1/outputs?as_of=nope").status_code == 400
    assert client.get(f"/matters/{second}/versions/1/outputs?kind=piggyback").status_code == 200


def test_the_documents_page_says_what_this_version_makes(client):
    amended = new_matter(client, (ROOT / "tests" / "fixtures" / "amended-deal.yaml").read_text())
    base = f"/matters/{amended}/versions/1"
    page = client.get(f"{base}/outputs?kind=address-change").text
    assert "<h1>Documents: The Auxer Group, Inc., version 1</h1>" in page
    assert "<caption>Each document of this version</caption>" in page
    assert (f'<tr><td>Registration Rights Agreement</td><td><a href="{base}/documents/registration-rights-agreement.docx" '
            'download="registration-rights-agreement.docx" aria-label="Registration Rights Agreement, DOCX">DOCX</a>'
            ) in page
    assert "<h2>Conformed charter</h2>" not in page  # this deal has no charter
    # its two agreement amendments, each with its instrument, conformed copy and redline
    assert re.findall(r"<li>Amendment No\. (\d+):", page) == ["1", "2"]
    assert f'conformed copy <a href="{base}/amendments/2/registration-rights-agreement-conformed-through-amendment-2.docx"' \
        in page
    # the kind of notice asked for, and who it may go to and come from
    assert '<option value="address-change" selected>Address change</option>' in page
    assert '<input type="hidden" name="kind" value="address-change">' in page
    assert "<legend>To (an address change notice may go to these)</legend>" in page
    assert re.findall(r'<input type="checkbox" id="to-([a-z-]+)" name="to"', page) == [
        "all-investors", "company", "initial-investor"]
    assert ('<select id="from" name="from"><option value="company">The Company (The Auxer Group, Inc.)</option>'
            '<option value="initial-investor">The Initial Investor</option></select>') in page
    assert f'<input type="date" id="notice-date" name="date" value="{dt.date.today().isoformat()}">' in page
    assert 'id="own-library"' not in page
    # an unknown kind: the first, comments, to its one possible recipient (ticked), from no choice
    first = client.get(f"{base}/outputs?kind=payment").text
    assert '<option value="comments" selected>Comments</option>' in first
    assert "<legend>To (a comments notice may go to these)</legend>" in first
    assert ('<input type="checkbox" id="to-initial-investor" name="to" value="initial-investor" checked>' in first)
    assert '<select id="from"' not in first
    # a charter: the form for the conformed copy, and as of a date, that copy among the documents
    charter = new_matter(client, (ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text())
    base = f"/matters/{charter}/versions/1"
    page = client.get(f"{base}/outputs?as_of=2016-01-01").text
    assert "<caption>Each document of this version, with the charter as amended through 2016-01-01</caption>" in page
    assert ("<tr><td>Certificate of Incorporation (as amended through January 1, 2016)</td><td><a href=\""
            f"{base}/documents/certificate-of-incorporation-as-amended-through-2016-01-01.docx?as_of=2016-01-01\"") in page
    assert f'<a class="button" href="{base}/all.zip?as_of=2016-01-01" download>' in page
    assert '<input type="date" id="as-of" name="as_of" value="2016-01-01">' in page
    assert "<h2>Conformed charter</h2>" in page and "<p>None yet.</p>" in page  # no agreement amendment
    plain = client.get(f"{base}/outputs").text
    assert '<input type="date" id="as-of" name="as_of" value="">' in plain and "as-amended-through" not in plain
    assert "<p>This deal has nobody a comments notice may go to.</p>" in plain


def test_a_document_as_of_a_date_and_the_audit_trail_by_title(client):
    charter = new_matter(client, (ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text())
    base = f"/matters/{charter}/versions/1/documents"
    conformed = client.get(f"{base}/certificate-of-incorporation-as-amended-through-2016-01-01.txt?as_of=2016-01-01")
    assert conformed.status_code == 200 and "(as amended through January 1, 2016)" in conformed.text
    assert client.get(f"{base}/certificate-of-amendment-3-2021-09-15.txt").status_code == 200
    # version 2 takes the third amendment out: the trail still names version 1's certificate by its title
    form = fields(client.get(f"/matters/{charter}/edit").text)
    less = post(client, f"/matters/{charter}/edit", {**form, "_op": "remove:charter.amendments.2", "_version": "1"})
    assert "certificate-of-amendment-3-2021-09-15" not in less.text.split('id="preview-document"')[1].split(
        "</select>")[0]  # the draft's own documents are offered
    saved = post(client, f"/matters/{charter}/versions", {**fields(less.text), "_version": "1"}, follow_redirects=False)
    assert saved.headers["location"] == f"/matters/{charter}?saved=2"
    overview = client.get(f"/matters/{charter}?saved=2").text
    assert '<p class="notice" role="status" id="saved">Saved as version 2.</p>' in overview
    assert ("<td>1</td><td>Certificate of Amendment of Certificate of Incorporation (No. 3, September 15, 2021) (TXT)"
            '<br><span class="file">certificate-of-amendment-3-2021-09-15.txt</span></td>') in overview
    assert ("<td>1</td><td>Certificate of Incorporation (as amended through January 1, 2016) (TXT)<br>" not in overview)
    assert ("<td>1</td><td>certificate-of-incorporation-as-amended-through-2016-01-01.txt</td>" in overview)
    assert '<p class="notice" role="status" id="saved">' not in client.get(f"/matters/{charter}").text
    assert "<h2>History of the matter</h2>" not in overview or "<ul id=\"events\">" in overview


def test_the_audit_trail_names_each_version_by_its_own_layer(client, joined):
    for number in (2, 3):
        assert client.get(f"/matters/{joined}/versions/{number}/documents/joinder-agreement.txt").status_code == 200
    overview = client.get(f"/matters/{joined}").text
    assert ('<td>2</td><td>Joinder Agreement (TXT)<br><span class="file">joinder-agreement.txt</span></td>'
            in overview)
    assert ('<td>3</td><td>Joinder to the Registration Rights Agreement (TXT)<br><span class="file">'
            'joinder-agreement.txt</span></td>') in overview
    assert "Version 3: the matter&#39;s library is now assemblies/joinder-agreement.yaml, facts.schema.yaml" in overview


def test_document_downloads(client, second):
    base = f"/matters/{second}/versions/1"
    got = client.get(f"{base}/documents/registration-rights-agreement.txt")
    assert got.status_code == 200 and "Brightwater Robotics Corp." in got.text
    assert got.headers["content-type"] == "text/plain; charset=utf-8"
    assert got.headers["content-disposition"] == 'attachment; filename="registration-rights-agreement.txt"'
    assert client.get(f"{base}/documents/registration-rights-agreement.exe").status_code == 404
    failed = client.get(f"{base}/documents/no-such-document.txt")
    assert failed.status_code == 422


def test_a_build_refused_says_why_with_each_finding(client):
    """A deal whose documents have a lint error (the signatory's name spelt two ways): nothing to
    download, the error and each finding in a lawyer's words, and the way back to the form."""
    deal = yaml.safe_load(SECOND.read_text())
    deal["investor"]["signatory"]["name"] = "Marcus Oyelaren"  # the notices' attention reads "Oyelaran"
    matter = new_matter(client, yaml.safe_dump(deal))
    refused = client.get(f"/matters/{matter}/versions/1/documents/registration-rights-agreement.txt")
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("text/html")
    assert "<title>Cannot build · assembler workbench</title>" in refused.text
    assert "<h1>Cannot build this</h1>" in refused.text
    assert '<p class="error" role="alert">1 error in the assembled documents; nothing written' in refused.text
    assert ("<ul><li>The initial investor › Investor&#39;s signatory › Signatory&#39;s name: reads "
            "&#39;Marcus Oyelaren&#39;, but The initial investor › Notices to the investor › Attention reads "
            "&#39;Marcus Oyelaran&#39;</li></ul>") in refused.text
    assert f'<p><a href="/matters/{matter}/edit">Back to the form</a></p>' in refused.text
    assert client.get(f"/matters/{matter}").text.count("<code>") == 0  # nothing generated, nothing logged


def test_notices(client, second):
    base = f"/matters/{second}/versions/1/notices"
    listed = client.get(f"{base}?kind=effectiveness&to=initial-investor&date=2024-05-10")
    assert listed.status_code == 200 and "notice-effectiveness-initial-investor-2024-05-10" in listed.text
    letter = client.get(f"{base}/notice-effectiveness-initial-investor-2024-05-10.txt"
                        "?kind=effectiveness&to=initial-investor&date=2024-05-10")
    assert letter.status_code == 200 and "May 10, 2024" in letter.text
    assert client.get(f"{base}/notice-x.txt?kind=effectiveness&to=initial-investor&date=2024-05-10").status_code \
        == 404
    assert client.get(f"{base}/x.exe?kind=effectiveness&to=initial-investor&date=2024-05-10").status_code == 404
    refused = client.get(f"{base}?kind=payment&to=company&date=2024-05-10")
    assert refused.status_code == 422 and "no such kind of notice" in refused.text
    piggyback = client.get(f"{base}?kind=piggyback&to=initial-investor&date=2024-06-03&filing_date=2024-06-20")
    assert "filing_date=2024-06-20" in piggyback.text


def test_letters_to_several_from_a_party_chosen(client):
    """The letters page as the outputs page's form asks it (boxes ticked, a sender, an event date):
    each letter listed by whom it goes to, its links carrying the same query; a letter downloads
    with the sender's words."""
    import copy

    deal = yaml.safe_load(SECOND.read_text())
    deal["investor"]["address_changes"] = [{
        "date": "2024-04-01", "attention": "Lena Brandt",
        "address": {"lines": ["1 Harbor Point"], "city": "Stamford", "state": "Connecticut", "postal_code": "06902"}}]
    deal["other_investors"] = [{"name": "Kestrel Fund LP", "notices": copy.deepcopy(deal["investor"]["notices"])}]
    matter = new_matter(client, yaml.safe_dump(deal))
    base = f"/matters/{matter}/versions/1/notices"
    query = "kind=address-change&to=company&to=all-investors&date=2024-05-10&event_date=2024-05-01&from=initial-investor"
    page = client.get(f"{base}?{query}").text
    assert "<h1>Address change notice: Brightwater Robotics Corp.</h1>" in page
    assert "<p>2 letters, dated 2024-05-10, under version 1.</p>" in page
    carried = "kind=address-change&amp;to=company%2Call-investors&amp;date=2024-05-10&amp;event_date=2024-05-01" \
              "&amp;from=initial-investor"
    assert (f'<li>To The Company (Brightwater Robotics Corp.): <a href="{base}/notices/'.replace("/notices/notices/", "/notices/")
            + f'notice-address-change-company-2024-05-10.docx?{carried}" download="notice-address-change-company-'
            '2024-05-10.docx" aria-label="To The Company (Brightwater Robotics Corp.), DOCX">DOCX</a>') in page
    assert f'<li>To Kestrel Fund LP: <a href="{base}/notice-address-change-kestrel-fund-lp-2024-05-10.docx?{carried}"' \
        in page
    assert page.count("<li>To ") == 2
    assert f'<p><a href="/matters/{matter}/versions/1/outputs">Back to the documents</a></p>' in page
    letter = client.get(f"{base}/notice-address-change-company-2024-05-10.txt?{query}")
    assert letter.headers["content-disposition"] == 'attachment; filename="notice-address-change-company-2024-05-10.txt"'
    words = " ".join(letter.text.split())
    assert words.startswith("HARBORVIEW OPPORTUNITY FUND, L.P. 1 Harbor Point Stamford, Connecticut 06902 May 10, 2024")
    assert "Attention: Lena Brandt" in words
    assert client.get(f"{base}/notice-address-change-nobody-2024-05-10.txt?{query}").text.count(
        "<h1>No such letter.</h1>") == 1
    assert "<h1>No such format.</h1>" in client.get(f"{base}/x.exe?{query}").text
    assert "<h1>No such letter.</h1>" in client.get(f"{base}/notice.company.txt?{query}").text  # its last part
    kindless = client.get(f"{base}?to=initial-investor&date=2024-05-10")  # no kind asked: named as none
    assert kindless.status_code == 422 and "Kind: no such kind of notice: &#39;&#39; (accepted: comments," in \
        kindless.text
    # the date of the event, where a letter states it; no date: today's
    effective = client.get(f"{base}/notice-effectiveness-initial-investor-2024-05-10.txt?kind=effectiveness"
                           "&to=initial-investor&date=2024-05-10&event_date=2024-05-01")
    assert effective.status_code == 200 and "May 1, 2024" in " ".join(effective.text.split())
    today = client.get(f"{base}?kind=effectiveness&to=initial-investor").text
    assert re.findall(r'href="[^"]*\.txt\?([^"]*)"', today) == [
        f"kind=effectiveness&amp;to=initial-investor&amp;date={dt.date.today().isoformat()}"]  # no sender, no more
    both = client.get(f"{base}?kind=piggyback&to=initial-investor&date=2024-06-03&event_date=2024-06-01"
                      "&filing_date=2024-06-20").text
    assert "&amp;date=2024-06-03&amp;event_date=2024-06-01&amp;filing_date=2024-06-20\"" in both
    assert f"<p>1 letter, dated {dt.date.today().isoformat()}, under version 1.</p>" in today


def test_amendment_downloads(client):
    matter = new_matter(client, (ROOT / "tests" / "fixtures" / "amended-deal.yaml").read_text())
    base = f"/matters/{matter}/versions/1/amendments/1"
    instrument = client.get(f"{base}/registration-rights-agreement-amendment-1.txt")
    assert instrument.status_code == 200 and instrument.headers["content-type"] == "text/plain; charset=utf-8"
    assert instrument.headers["content-disposition"] == \
        'attachment; filename="registration-rights-agreement-amendment-1.txt"'
    assert " ".join(instrument.text.split()).startswith(
        "AMENDMENT NO. 1 TO REGISTRATION RIGHTS AGREEMENT Amendment No. 1 dated June 1, 2001")
    logged = client.app.workbench.store.audit(matter)
    assert [(e.version, e.filename) for e in logged] == [(1, "registration-rights-agreement-amendment-1.txt")]
    overview = client.get(f"/matters/{matter}").text
    assert "<td>1</td><td>registration-rights-agreement-amendment-1.txt</td>" in overview
    missing = client.get(f"{base}/nothing.txt")
    assert missing.status_code == 404
    assert client.get(f"{base}/nothing.exe").status_code == 404
    assert client.get(f"/matters/{matter}/versions/1/amendments/9/x.txt").status_code == 422


# -- sign-in ---------------------------------------------------------------------------------------------

def test_sign_in_with_a_token(tmp_path):
    with TestClient(create_app(tmp_path / "ws", token="right"), base_url="http://127.0.0.1") as web:
        assert web.get("/", follow_redirects=False).headers["location"] == "/login"
        page = web.get("/login")
        assert page.status_code == 200
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
        wrong = web.post("/login", data={"_csrf": csrf, "token": "wrong", "user": "Ana"})
        assert wrong.status_code == 403 and "That token is not right." in wrong.text
        right = web.post("/login", data={"_csrf": csrf, "token": "right", "user": " Ana "}, follow_redirects=False)
        assert (right.status_code, right.headers["location"]) == (303, "/")
        assert "HttpOnly; SameSite=Strict" in right.headers["set-cookie"]
        assert web.get("/").status_code == 200


PAUSE_HELP = "After 5 wrong tokens within a minute, sign-in from this computer is paused for a minute."


def signed_in_as(response) -> str:
    """Who the session cookie the sign-in set names (sid.user-in-base64.when.signature)."""
    import base64

    value = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    return base64.urlsafe_b64decode(value.split(".")[1]).decode()


def test_sign_in_waits_longer_after_each_wrong_token_then_pauses(tmp_path, monkeypatch):
    import asyncio

    waits, sleep = [], asyncio.sleep

    async def counted(seconds):
        waits.append(seconds)
        await sleep(0)
    monkeypatch.setattr(webapp.asyncio, "sleep", counted)
    with TestClient(create_app(tmp_path / "ws", token="right"), base_url="http://127.0.0.1") as web:
        page = web.get("/login")
        assert page.status_code == 200 and 'for="token">Access token</label>' in page.text
        assert f'<p class="help">{PAUSE_HELP}</p>' in page.text and "Signed in as" not in page.text
        assert 'class="error"' not in page.text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
        for _ in range(5):
            wrong = web.post("/login", data={"_csrf": csrf, "token": "wrong", "user": "Eve"})
            assert wrong.status_code == 403
            assert '<p class="error" role="alert">That token is not right.</p>' in wrong.text
            assert 'for="token">Access token</label>' in wrong.text and PAUSE_HELP in wrong.text
        assert waits == pytest.approx([0.0, 0.3, 0.6, 0.9, 1.2])
        # The sixth in the minute is refused before its token is read: even the right one.
        paused = web.post("/login", data={"_csrf": csrf, "token": "right", "user": "Eve"}, follow_redirects=False)
        assert (paused.status_code, paused.headers["retry-after"]) == (429, "60")
        assert ('<p class="error" role="alert">Sign-in is paused: 5 wrong tokens were given from this computer '
                'within a minute. Wait a minute, then try again.</p>') in paused.text
        assert 'for="token">Access token</label>' in paused.text and PAUSE_HELP in paused.text
        assert len(waits) == 5 and "set-cookie" not in paused.headers


def test_a_right_token_is_not_counted_and_the_name_is_recorded(tmp_path, monkeypatch):
    import asyncio

    waits, sleep = [], asyncio.sleep

    async def counted(seconds):
        waits.append(seconds)
        await sleep(0)
    monkeypatch.setattr(webapp.asyncio, "sleep", counted)
    with TestClient(create_app(tmp_path / "ws", token="right"), base_url="http://127.0.0.1") as web:
        for _ in range(6):
            # Each sign-in starts a new session (a new id): its form's token is read again.
            csrf = re.search(r'name="_csrf" value="([^"]+)"', web.get("/login").text).group(1)
            right = web.post("/login", data={"_csrf": csrf, "token": "right", "user": " Ana Ruiz "},
                             follow_redirects=False)
            assert (right.status_code, right.headers["location"]) == (303, "/")
            assert signed_in_as(right) == "Ana Ruiz"
        assert waits == [0.0] * 6  # each right one forgotten: none waits
        home = web.get("/")
        assert home.status_code == 200 and "Signed in as Ana Ruiz" in home.text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', web.get("/login").text).group(1)
        nameless = web.post("/login", data={"_csrf": csrf, "token": "right", "user": "  "}, follow_redirects=False)
        assert signed_in_as(nameless) == webapp.os_user()  # no name given: the computer's login name
        csrf = re.search(r'name="_csrf" value="([^"]+)"', web.get("/login").text).group(1)
        unnamed = web.post("/login", data={"_csrf": csrf, "token": "right"}, follow_redirects=False)
        assert signed_in_as(unnamed) == webapp.os_user()  # no name field at all: the same
        csrf = re.search(r'name="_csrf" value="([^"]+)"', web.get("/login").text).group(1)
        tokenless = web.post("/login", data={"_csrf": csrf, "user": "Eve"})
        assert tokenless.status_code == 403 and "That token is not right." in tokenless.text


def test_sign_in_without_a_token_asks_only_a_name(tmp_path):
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as web:
        page = web.get("/login")
        assert page.status_code == 200 and 'id="user" name="user"' in page.text
        assert "Access token" not in page.text and PAUSE_HELP not in page.text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
        signed = web.post("/login", data={"_csrf": csrf, "user": "Bo"}, follow_redirects=False)
        assert (signed.status_code, signed.headers["location"]) == (303, "/") and signed_in_as(signed) == "Bo"
        # What Bo does is recorded as Bo's: the version saved, the matter renamed.
        csrf = re.search(r'name="_csrf" value="([^"]+)"', web.get("/").text).group(1)
        made = web.post("/matters", data={"_csrf": csrf, "source": "upload"}, follow_redirects=False,
                        files={"termsheet": ("deal.yaml", SECOND.read_bytes(), "application/yaml")})
        matter = int(made.headers["location"].split("/")[2])
        assert web.post(f"/matters/{matter}/rename", data={"_csrf": csrf, "name": "Brightwater PIPE"},
                        follow_redirects=False).status_code == 303
        page = web.get(f"/matters/{matter}").text
        assert '<span class="who">Signed in as Bo · <a href="/login">sign in as someone else</a></span>' in page
        assert re.search(r"<tr><td>Version 1</td><td>[^<]+ UTC</td><td>Bo</td>", page)
        assert re.search(r'<li>[^<]+ UTC: Renamed from [^<]*Brightwater Robotics Corp\.[^<]* \(Bo\)</li>', page), \
            page[page.find('id="events"'):][:400]


def test_wrong_tokens_are_counted_per_address(tmp_path, monkeypatch):
    import asyncio

    sleep = asyncio.sleep

    async def quick(seconds):
        await sleep(0)
    monkeypatch.setattr(webapp.asyncio, "sleep", quick)
    bench = create_app(tmp_path / "ws", token="right")
    with TestClient(bench, base_url="http://127.0.0.1", client=("10.0.0.1", 5000)) as one, \
            TestClient(bench, base_url="http://127.0.0.1", client=("10.0.0.2", 5000)) as other:
        csrf = re.search(r'name="_csrf" value="([^"]+)"', one.get("/login").text).group(1)
        for _ in range(5):
            assert one.post("/login", data={"_csrf": csrf, "token": "wrong", "user": "Eve"}).status_code == 403
        assert one.post("/login", data={"_csrf": csrf, "token": "wrong", "user": "Eve"}).status_code == 429
        csrf = re.search(r'name="_csrf" value="([^"]+)"', other.get("/login").text).group(1)
        assert other.post("/login", data={"_csrf": csrf, "token": "wrong", "user": "Eve"}).status_code == 403


# -- the conflict page's merge ----------------------------------------------------------------------------

def merge_form(page: str) -> dict[str, str]:
    """The conflict page's form as a browser sends it with nothing chosen: its hidden fields."""
    import html

    form = page[page.index('<form method="post" action="/matters/'):]
    form = form[:form.index("</form>")]
    return {name: html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)}


def a_conflict(client) -> tuple[int, dict[str, str]]:
    """Two lawyers save from version 1 of a new matter: the second meets the first's version 2. They
    both changed the effectiveness deadline and the forum city; each changed one fact alone."""
    matter = new_matter(client, SECOND.read_text())
    form = {**fields(client.get(f"/matters/{matter}/edit").text), "_version": "1"}
    theirs = {**form, "registration.effectiveness_deadline_days": "60", "company.signatory.title": "President",
              "governing_law.forum_city": "City of Newark"}
    assert post(client, f"/matters/{matter}/versions", theirs, follow_redirects=False).status_code == 303
    mine = {**form, "registration.filing_deadline_days": "80", "registration.effectiveness_deadline_days": "100",
            "governing_law.forum_city": "City of Dover", "company.name": "Brightwater Robotics Inc."}
    conflict = post(client, f"/matters/{matter}/versions", mine)
    assert conflict.status_code == 409
    client.conflict_page = conflict.text
    return matter, merge_form(conflict.text)


COLLISIONS = ("Registration › Effectiveness deadline (days)", "Governing law and forum › Forum city")


def test_the_conflict_page_lists_both_sides_changes(client):
    matter, sent = a_conflict(client)
    page = client.get(f"/matters/{matter}/edit").text  # my edits, kept as a draft based on version 1
    assert fields(page)["governing_law.forum_city"] == "City of Dover" and 'id="restored"' in page
    assert '<input type="hidden" name="_version" value="1">' in page
    assert (sent["_base"], sent["_theirs"]) == ("1", "2")
    page = client.conflict_page
    assert "<h1>Merge your changes: Brightwater Robotics Corp.</h1>" in page
    assert "Nothing was saved yet. You started from version 1, and\n  " in page and " saved version 2 since (" in page
    assert "<caption>Changes since version 1</caption>" in page
    assert ('<tr class="" id="change-1">\n      <th scope="row">The company › Company&#39;s signatory › '
            "Signatory&#39;s title</th>\n      <td>Chief Executive Officer</td>\n      <td>unchanged</td>\n"
            "      <td>President</td>") in page
    assert '<tr class="collides" id="change-' in page and 'aria-invalid="true"' not in page
    assert ('<button type="submit" id="save-merged">Save the merged term sheet as version 3</button>') in page
    assert f'<form method="post" action="/matters/{matter}/merge" id="merge-form">' in page
    mine = yaml.safe_load(sent["_mine"])
    assert mine["registration"]["filing_deadline_days"] == 80 and mine["company"]["name"] == "Brightwater Robotics Inc."
    # one row per fact either side changed; the two both changed are the lawyer's choice, the others kept
    assert sorted(k for k in sent if k.startswith("pick-")) == ["pick-0", "pick-2"]  # mine alone: kept as mine
    assert all(sent[k] == "mine" for k in sent if k.startswith("pick-"))


def test_a_merge_saves_each_sides_changes_and_the_choice_made(client):
    matter, sent = a_conflict(client)
    picks = collisions(merge_page(client, matter, sent))
    assert sorted(picks) == sorted(COLLISIONS), picks
    effectiveness, forum = (picks[label] for label in COLLISIONS)
    # One collision chosen, the other not: refused, the choice made kept, the one missing named.
    half = post(client, f"/matters/{matter}/merge", {**sent, f"pick-{effectiveness}": "mine"})
    assert half.status_code == 422
    assert (f'<li><a href="#pick-{forum}-mine">Governing law and forum › Forum city: choose which value '
            'stands</a></li>') in half.text
    assert f'id="pick-{effectiveness}-mine" value="mine" checked>' in half.text
    assert f'id="pick-{forum}-mine" value="mine">' in half.text and " checked>" not in half.text.split(
        f'id="pick-{forum}-mine"')[1].split("</fieldset>")[0]
    assert f'<p class="error" id="pick-{forum}-error">Governing law and forum › Forum city: choose which' in half.text
    assert half.text.count('aria-invalid="true"') == 1
    # A value that is neither side's is no choice.
    odd = post(client, f"/matters/{matter}/merge", {**sent, f"pick-{effectiveness}": "mine", f"pick-{forum}": "both"})
    assert odd.status_code == 422 and f"#pick-{forum}-mine" in odd.text
    assert f"#pick-{effectiveness}-mine" not in odd.text
    # Both chosen: saved as version 3 on top of theirs, with every change of either side.
    saved = post(client, f"/matters/{matter}/merge", {**sent, f"pick-{effectiveness}": "mine",
                                                      f"pick-{forum}": "theirs"}, follow_redirects=False)
    assert (saved.status_code, saved.headers["location"]) == (303, f"/matters/{matter}?saved=3")
    merged = yaml.safe_load(client.get(f"/matters/{matter}/versions/3/termsheet.yaml").text)
    assert merged["registration"]["filing_deadline_days"] == 80           # mine alone
    assert merged["registration"]["effectiveness_deadline_days"] == 100   # both, mine chosen
    assert merged["governing_law"]["forum_city"] == "City of Newark"      # both, theirs chosen
    assert merged["company"]["signatory"]["title"] == "President"         # theirs alone
    assert merged["company"]["name"] == "Brightwater Robotics Inc."       # mine alone: the matter follows it
    assert f'<a href="/matters/{matter}">Brightwater Robotics Inc.</a>' in client.get("/").text
    # the draft is gone: the form opens at version 3
    page = client.get(f"/matters/{matter}/edit").text
    assert 'id="restored"' not in page and '<input type="hidden" name="_version" value="3">' in page
    # The same merge sent again meets version 3: the conflict page again, from version 2 this time.
    again = post(client, f"/matters/{matter}/merge", {**sent, f"pick-{effectiveness}": "mine",
                                                      f"pick-{forum}": "theirs"})
    assert again.status_code == 409
    assert "You started from version 2, and" in again.text and "saved version 3 since" in again.text
    assert '<input type="hidden" name="_base" value="2">' in again.text


def merge_page(client, matter: int, sent: dict[str, str]) -> str:
    """The conflict page as the merge form sent back with nothing chosen draws it."""
    page = post(client, f"/matters/{matter}/merge", sent)
    assert page.status_code == 422
    return page.text


def collisions(page: str) -> dict[str, str]:
    """Each fact both sides changed, by its label: the number of its choice (pick-N)."""
    return dict(re.findall(r'<legend>Which value of (.+?) stands\?</legend>\s*(?:<p class="error"[^>]*>[^<]*</p>\s*)?'
                           r'<label><input type="radio" name="pick-(\d+)"', page))


def test_a_merge_meeting_a_newer_version_asks_again_with_nothing_chosen(client):
    matter, sent = a_conflict(client)
    picks = collisions(merge_page(client, matter, sent))
    chosen = {f"pick-{picks[COLLISIONS[0]]}": "mine", f"pick-{picks[COLLISIONS[1]]}": "theirs"}
    # Meanwhile a third lawyer saves version 3 from version 2, with another effectiveness deadline.
    form = {**fields(client.get(f"/matters/{matter}/edit?version=2").text), "_version": "2",
            "registration.effectiveness_deadline_days": "70"}
    assert post(client, f"/matters/{matter}/versions", form, follow_redirects=False).status_code == 303
    # Sent with a choice missing, the page is drawn again against the version it was drawn for (2).
    half = post(client, f"/matters/{matter}/merge", {**sent, f"pick-{picks[COLLISIONS[0]]}": "mine"})
    assert half.status_code == 422 and '<input type="hidden" name="_theirs" value="2">' in half.text
    assert "saved version 2 since" in half.text
    again = post(client, f"/matters/{matter}/merge", {**sent, **chosen})
    assert again.status_code == 409 and "You started from version 2, and" in again.text
    assert "saved version 3 since" in again.text
    # The choice made was against version 2's 60 days: against version 3's 70 none is made yet.
    assert list(collisions(again.text)) == [COLLISIONS[0]]
    assert "<td>100</td>\n      <td>70</td>" in again.text and " checked>" not in again.text


def test_a_merge_whose_facts_do_not_fit_together_goes_back_to_the_form(client):
    matter, sent = a_conflict(client)
    picks = collisions(merge_page(client, matter, sent))
    # Theirs for the effectiveness deadline (60 days) with my filing deadline (80): effective before filed.
    chosen = {f"pick-{picks[COLLISIONS[0]]}": "theirs", f"pick-{picks[COLLISIONS[1]]}": "mine"}
    back = post(client, f"/matters/{matter}/merge", {**sent, **chosen})
    assert back.status_code == 422
    assert "There is a problem: nothing was saved" in back.text
    assert "a statement cannot be declared effective before it is filed" in back.text
    merged = fields(back.text)
    assert (merged["registration.filing_deadline_days"], merged["registration.effectiveness_deadline_days"],
            merged["governing_law.forum_city"], merged["company.signatory.title"]) == (
        "80", "60", "City of Dover", "President")
    assert merged["_version"] == "2" and merged["_dirty"] == "1"  # based on theirs, unsaved
    assert [v.number for v in client.app.workbench.store.versions(matter)] == [1, 2]
    kept = client.get(f"/matters/{matter}/edit").text  # the merged form, kept as a draft on version 2
    assert fields(kept)["registration.effectiveness_deadline_days"] == "60" and 'id="restored"' in kept
    assert "(started from version 2)" in kept


def test_a_merge_form_tampered_with_is_refused(client):
    matter, sent = a_conflict(client)
    for wrong in ({"_base": "9"}, {"_theirs": "9"}, {"_base": "x"}, {"_theirs": ""}):
        refused = post(client, f"/matters/{matter}/merge", {**sent, **wrong})
        assert refused.status_code == 404 and "<h1>No such version.</h1>" in refused.text, wrong
    damaged = post(client, f"/matters/{matter}/merge", {**sent, "_mine": "company: ["})
    assert damaged.status_code == 400
    assert "<h1>The form sent to merge was damaged: open the matter and edit again.</h1>" in damaged.text
    blank = post(client, f"/matters/{matter}/merge", {k: v for k, v in sent.items() if k != "_mine"})
    assert blank.status_code == 400
    assert [v.number for v in client.app.workbench.store.versions(matter)] == [1, 2]


# -- a matter's own library: each version built with its own layer ----------------------------------------

JOINDER = ROOT / "examples" / "joinder"
BOUND = "with the same force and effect as if it had signed"   # the joinder's words in version 2's layer


def joinder_layer(retitled: bool = False) -> dict[str, bytes]:
    """examples/joinder's library as a matter's layer: it declares the joinder's facts and makes the
    Joinder Agreement. ``retitled``: the layer a later version has, the document's title and one
    sentence changed."""
    library = JOINDER / "library"
    files = {path.relative_to(library).as_posix(): path.read_bytes()
             for path in sorted(library.rglob("*")) if path.is_file()}
    if retitled:
        files["assemblies/joinder-agreement.yaml"] = files["assemblies/joinder-agreement.yaml"].replace(
            b"title: Joinder Agreement", b"title: Joinder to the Registration Rights Agreement")
        files["joinder/terms.xml.j2"] = files["joinder/terms.xml.j2"].replace(
            b"with the same force and effect", b"with the same effect")
    return files


@pytest.fixture(scope="module")
def joined(client) -> int:
    """A matter of three versions: 1 without a joinder and no library of its own; 2 with the joinder
    and the joinder's library as its layer; 3 the securities changed, with a layer retitled."""
    store = client.app.workbench.store
    full = (JOINDER / "termsheet.yaml").read_text()
    before = {k: v for k, v in yaml.safe_load(full).items() if k != "joinder"}
    matter = store.create_matter("Lanternfish joinder", yaml.safe_dump(before, sort_keys=False), "Ana Ruiz")
    store.save(matter, full, "Ana Ruiz", library=joinder_layer())
    store.save(matter, full.replace("150,000 Debenture Shares", "175,000 Debenture Shares"), "Bo Lind",
               library=joinder_layer(retitled=True))
    return matter


def offered(page: str) -> list[str]:
    """The compare page's documents, as "name: title" (chosen marked with *)."""
    picker = page.split('<select id="document" name="document">', 1)[1].split("</select>", 1)[0]
    return [f"{name}: {title}{' *' if chosen else ''}"
            for name, chosen, title in re.findall(r'<option value="([^"]+)"( selected)?>([^<]*)</option>', picker)]


def test_compare_builds_each_version_with_its_own_layer(client, joined):
    later = client.get(f"/matters/{joined}/compare?a=2&b=3")
    assert later.status_code == 200
    assert re.findall(r"<tr><td>.*?</tr>", later.text) == [
        "<tr><td>Joinder › Securities held</td><td>150,000 Debenture Shares</td><td>175,000 Debenture Shares</td></tr>"]
    # the documents both versions make, by version 3's titles
    assert offered(later.text) == ["registration-rights-agreement: Registration Rights Agreement *",
                                   "joinder-agreement: Joinder to the Registration Rights Agreement"]
    # version 2 against itself: version 2's titles (its layer), not the latest's
    same = client.get(f"/matters/{joined}/compare?a=2&b=2").text
    assert offered(same) == ["registration-rights-agreement: Registration Rights Agreement *",
                             "joinder-agreement: Joinder Agreement"]
    assert "<p>None: the two versions hold the same facts.</p>" in same
    # version 1 made no joinder: it is not offered against version 2; its facts come in
    first = client.get(f"/matters/{joined}/compare?a=1&b=2").text
    assert offered(first) == ["registration-rights-agreement: Registration Rights Agreement *"]
    assert "<tr><td>Joinder › Securities held</td><td>(not given)</td><td>150,000 Debenture Shares</td></tr>" in first
    chosen = client.get(f"/matters/{joined}/compare?a=2&b=3&document=joinder-agreement").text
    assert offered(chosen)[1] == "joinder-agreement: Joinder to the Registration Rights Agreement *"
    assert "<h2>Redline: Joinder to the Registration Rights Agreement</h2>" in chosen


def test_a_redline_builds_each_version_with_its_own_layer(client, joined):
    base = f"/matters/{joined}/compare"
    red = client.get(f"{base}/2/3/joinder-agreement/redline.txt")
    assert red.status_code == 200
    assert red.headers["content-disposition"] == 'attachment; filename="joinder-agreement-redline-v2-v3.txt"'
    words = " ".join(red.text.split())
    assert "with the same [-force and-] effect" in words and "[-150,000-] [+175,000+] Debenture Shares" in words
    assert "Redline of version 3, saved " in words and " against version 2, saved " in words
    same = " ".join(client.get(f"{base}/2/2/joinder-agreement/redline.txt").text.split())
    assert BOUND in same and "[-" not in same.split("deletions [- -]", 1)[1]
    assert "[+" not in same.split("deletions [- -]", 1)[1]
    # version 1 has no joinder: no redline of it
    assert client.get(f"{base}/1/2/joinder-agreement/redline.txt").status_code == 422
    # in Word with tracked changes, and in PDF; in the compare page's pane, locked down as a preview
    word = client.get(f"{base}/2/3/joinder-agreement/redline.docx")
    assert word.headers["content-disposition"] == 'attachment; filename="joinder-agreement-redline-v2-v3.docx"'
    assert word.content.startswith(b"PK") and word.headers["content-type"] == webapp.MEDIA["docx"]
    printed = client.get(f"{base}/2/3/joinder-agreement/redline.pdf")
    assert printed.content.startswith(b"%PDF-") and printed.headers["content-type"] == "application/pdf"
    pane = client.get(f"{base}/2/3/joinder-agreement/redline.html")
    assert pane.headers["content-security-policy"] == client.get(
        f"/matters/{joined}/drafts/nokey").headers["content-security-policy"]
    assert "<del" in pane.text and "force and" in pane.text


def test_downloads_and_the_documents_page_use_the_versions_layer(client, joined):
    base = f"/matters/{joined}/versions"
    second = client.get(f"{base}/2/documents/joinder-agreement.txt")
    assert second.status_code == 200 and BOUND in " ".join(second.text.split())
    third = " ".join(client.get(f"{base}/3/documents/joinder-agreement.txt").text.split())
    assert "with the same effect as if it had signed" in third and "175,000 Debenture Shares" in third
    assert client.get(f"{base}/1/documents/joinder-agreement.txt").status_code == 422
    page = client.get(f"{base}/2/outputs").text
    assert ("<p id=\"own-library\">Built with this matter's own library (assemblies/joinder-agreement.yaml, "
            "facts.schema.yaml, joinder/opening.xml.j2, joinder/signature.xml.j2, joinder/terms.xml.j2) over the "
            "firm's.</p>") in page
    assert 'href="/matters/%d/versions/2/documents/joinder-agreement.txt"' % joined in page
    assert 'id="own-library"' not in client.get(f"{base}/1/outputs").text


def test_each_layer_is_a_folder_of_the_workspace_written_again_if_removed(client, joined):
    import shutil

    base = f"/matters/{joined}/versions"
    assert client.get(f"{base}/2/documents/joinder-agreement.txt").status_code == 200
    assert client.get(f"{base}/3/documents/joinder-agreement.txt").status_code == 200
    kept = client.workspace / "matter-libraries"
    folders = sorted(p for p in kept.iterdir() if not p.name.startswith("."))
    assert len(folders) == 2 and all(sorted(f.relative_to(folder).as_posix() for f in folder.rglob("*.yaml")) == [
        "assemblies/joinder-agreement.yaml", "facts.schema.yaml"] for folder in folders)
    titles = sorted((folder / "assemblies" / "joinder-agreement.yaml").read_text().split("title: ")[1].split("\n")[0]
                    for folder in folders)
    assert titles == ["Joinder Agreement", "Joinder to the Registration Rights Agreement"]
    shutil.rmtree(kept)  # someone cleaned the workspace: the next build writes the layer again
    again = client.get(f"{base}/2/documents/joinder-agreement.txt")
    assert again.status_code == 200 and BOUND in " ".join(again.text.split())
    assert sorted(p for p in kept.iterdir() if not p.name.startswith(".")) == folders  # the same folders


def test_the_form_of_a_matter_with_a_layer(client, joined):
    page = client.get(f"/matters/{joined}/edit").text
    assert fields(page)["joinder.securities"] == "175,000 Debenture Shares"
    assert ('<option value="joinder-agreement">Joinder to the Registration Rights Agreement</option>') in page
    # a wrong save: one problem (the joinder's facts are the layer's, not unknown), the layer's documents offered
    refused = post(client, f"/matters/{joined}/versions", {**fields(page), "registration.filing_deadline_days": "x",
                                                          "_document": "joinder-agreement"})
    assert refused.status_code == 422 and '<h2 id="error-summary-h">There is a problem: nothing was saved</h2>' in \
        refused.text
    assert ('<option value="joinder-agreement" selected>Joinder to the Registration Rights Agreement</option>'
            in refused.text)
    post(client, f"/matters/{joined}/draft/discard")


def test_the_preview_and_review_title_a_layers_document_as_the_layer_does(client, joined):
    form = fields(client.get(f"/matters/{joined}/edit").text)
    shown = post(client, f"/matters/{joined}/preview", {**form, "_document": "joinder-agreement"})
    assert 'title="Preview of Joinder to the Registration Rights Agreement"' in shown.text
    # Blanks in the agreement and in the layer's joinder (the company's signatory has no title), each by
    # its document's title.
    deal = yaml.safe_load((JOINDER / "termsheet.yaml").read_text())
    del deal["company"]["signatory"]["title"]
    matter = client.app.workbench.store.create_matter("Untitled signatory", yaml.safe_dump(deal, sort_keys=False),
                                                      "Ana Ruiz", library=joinder_layer(retitled=True))
    page = client.get(f"/matters/{matter}/versions/1/review").text
    field = (f'<a href="/matters/{matter}/edit?version=1#f-company.signatory.title">The company › Company&#39;s '
             "signatory › Signatory&#39;s title</a>")
    assert page.split('<ul id="blanks">')[1].split("</ul>")[0] == (
        f"<li>{field} in Registration Rights Agreement, signature page</li>"
        f"<li>{field} in Joinder to the Registration Rights Agreement, signature</li>")


def test_the_findings_of_a_layers_document_name_its_facts_by_the_layers_titles(client):
    deal = yaml.safe_load((JOINDER / "termsheet.yaml").read_text())
    deal["joinder"]["investor"]["notices"]["attention"] = "Theodore Ablet"  # the signatory is Theodore Ablett
    matter = client.app.workbench.store.create_matter("Misspelt", yaml.safe_dump(deal, sort_keys=False), "Ana Ruiz",
                                                      library=joinder_layer(retitled=True))
    form = fields(client.get(f"/matters/{matter}/edit").text)
    shown = post(client, f"/matters/{matter}/preview", {**form, "_document": "joinder-agreement"})
    key = re.search(r"/drafts/([\w-]+)", shown.text).group(1)
    said = "reads &#39;Theodore Ablett&#39;, but joinder.investor.notices.attention reads &#39;Theodore Ablet&#39;"
    assert client.get(f"/matters/{matter}/drafts/{key}/findings").text == (
        '<ul class="findings" id="findings">\n  <li class="error"><span class="sev">error</span>\n'
        f"    {said}\n<span class=\"place\">(in Joinder › The joining investor › Investor&#39;s signatory › "
        'Signatory&#39;s name)</span> · <a href="#f-joinder.investor.signatory.name" aria-label="Go to the field: '
        f'{said}">go to the field</a></li>\n</ul>\n')


def test_a_clause_of_the_layer_that_cannot_be_drawn_is_said_in_the_preview(client):
    layer = joinder_layer()
    layer["joinder/terms.xml.j2"] = layer["joinder/terms.xml.j2"].replace(
        b"{{ joinder.securities }} held", b"{{ joinder.securities.count() }} held")  # a call with no argument
    matter = client.app.workbench.store.create_matter("Broken clause", (JOINDER / "termsheet.yaml").read_text(),
                                                      "Ana Ruiz", library=layer)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    said = post(client, f"/matters/{matter}/preview", {**form, "_document": "joinder-agreement"})
    problem = "failed while rendering: TypeError: count() takes at least 1 argument (0 given)"
    assert said.text == (
        f'<ul class="live-problems" id="live-problems" hidden><li data-field="">{problem}</li></ul>\n'
        '<div class="out-of-date" role="status" id="preview-error">\n  <p><strong>Out of date.</strong> The preview '
        "shows the term sheet as it was before\n  this problem; fix\n  it and it follows the form again.</p>\n"
        f"  <ul><li>{problem}</li></ul>\n</div>\n")


def test_a_version_downloads_with_its_libraries(client, joined):
    import io
    import zipfile

    got = client.get(f"/matters/{joined}/versions/2/with-library.zip")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert got.headers["content-disposition"] == \
        f'attachment; filename="matter-{joined}-version-2-with-library.zip"'
    with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
        assert sorted(archive.namelist()) == [
            "assembler.toml", "matter-library/assemblies/joinder-agreement.yaml", "matter-library/facts.schema.yaml",
            "matter-library/joinder/opening.xml.j2", "matter-library/joinder/signature.xml.j2",
            "matter-library/joinder/terms.xml.j2", "termsheet.yaml"]
        assert archive.read("termsheet.yaml").decode() == (JOINDER / "termsheet.yaml").read_text()
        assert b"title: Joinder Agreement" in archive.read("matter-library/assemblies/joinder-agreement.yaml")
    with zipfile.ZipFile(io.BytesIO(client.get(f"/matters/{joined}/versions/3/with-library.zip").content)) as third:
        assert b"Joinder to the Registration" in third.read("matter-library/assemblies/joinder-agreement.yaml")
    with zipfile.ZipFile(io.BytesIO(client.get(f"/matters/{joined}/versions/1/with-library.zip").content)) as first:
        assert first.namelist() == ["termsheet.yaml"]  # no library of its own, no firm folder: the term sheet
    logged = [e.filename for e in client.app.workbench.store.audit(joined)]
    assert f"matter-{joined}-version-2-with-library.zip" in logged
    assert client.get(f"/matters/{joined}/versions/9/with-library.zip").status_code == 404


# -- the ZIP of every format (last: it builds PDFs and DOCX) ------------------------------------------------

def test_the_zip_holds_every_document_in_every_format_with_the_manifest(client):
    import io
    import json
    import zipfile

    matter = new_matter(client, (ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text())
    base = f"/matters/{matter}/versions/1/all.zip"
    got = client.get(f"{base}?as_of=2019-01-01")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert got.headers["content-disposition"] == f'attachment; filename="matter-{matter}-version-1.zip"'
    stems = ["certificate-of-amendment-1-2015-02-20", "certificate-of-amendment-2-2018-06-04",
             "certificate-of-amendment-3-2021-09-15", "certificate-of-incorporation",
             "certificate-of-incorporation-as-amended-through-2019-01-01"]
    members = sorted([f"{stem}.{fmt}" for stem in stems for fmt in ("docx", "pdf", "txt")] + ["manifest.json"])
    with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
        assert sorted(archive.namelist()) == members
        manifest = json.loads(archive.read("manifest.json"))
        conformed = archive.read("certificate-of-incorporation-as-amended-through-2019-01-01.txt").decode()
        assert archive.read("certificate-of-incorporation.pdf").startswith(b"%PDF-")
        assert archive.read("certificate-of-incorporation.docx").startswith(b"PK")
    # the manifest names the term sheet by the matter and version, not a temporary file
    assert manifest["termsheet"]["path"] == f"matter-{matter}-version-1.yaml"
    # as of 2019: the name the 2018 amendment gave, not the 2021 one's purpose
    assert "LARKSPUR DATA, INC." in conformed and "(as amended through January 1, 2019)" in conformed
    # every file of it in the audit trail, and the ZIP itself
    logged = sorted(entry.filename for entry in client.app.workbench.store.audit(matter))
    assert logged == sorted(members + [f"matter-{matter}-version-1.zip"])
    overview = client.get(f"/matters/{matter}").text
    assert "Certificate of Incorporation (PDF)<br><span class=\"file\">certificate-of-incorporation.pdf</span>" \
        in overview
    assert client.get(f"{base}?as_of=nope").status_code == 400
    early = client.get(f"{base}?as_of=2010-01-01")  # before the charter was signed: nothing built
    assert early.status_code == 422 and "<h1>Cannot build this</h1>" in early.text
    assert "As of 2010-01-01 is before the certificate of incorporation was signed on 2015-02-10" in early.text
    assert f'<p><a href="/matters/{matter}/edit">Back to the form</a></p>' in early.text
    assert len(client.app.workbench.store.audit(matter)) == len(logged)
