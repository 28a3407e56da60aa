"""The workbench's side of the Word round trip (issue 25, point 8): their draft uploaded to a matter,
each change listed beside the preview with its explanation, author and comment; decisions saved as
a new version with the draft's SHA-256 and the decisions in the audit trail; the reply downloaded.
Hostile uploads are refused inside the app in one plain sentence, and every value stays text."""
from __future__ import annotations

import copy
import hashlib
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from assembler.readers import read_docx
from assembler.web.app import create_app

from ..conftest import EXAMPLE
from ..reconcile_corpus import AUTHORS, Edit, Ours, apply, example_edits
from ..wordml import CT_MACRO, package

EDITS = {e.name: e for e in example_edits()}
COMMENT = "Our client needs more time."
XXE = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       "<w:t>&x;</w:t></w:r></w:p></w:body></w:document>")


@pytest.fixture(scope="module")
def ours():
    return Ours(EXAMPLE)


def their_draft(ours, names=("filing-days", "rule-144-off", "efforts-reworded"), comment=COMMENT,
                stamped: bytes | None = None) -> bytes:
    """Their tracked draft: one author per edit, in order (AUTHORS), the comment on the first. Made
    from ``stamped`` (our DOCX as the workbench downloads it, naming its term sheet) when given."""
    ops = [op for name in names for op in EDITS[name].ops]
    if stamped is not None:
        ours = copy.copy(ours)
        ours.data = stamped
        ours._mappings = {}
    return apply(ours, Edit("web", "mixed", ops, comment=comment), "tracked")


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as client:
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        client.workspace = tmp_path / "ws"
        made = client.post("/matters", data={"_csrf": client.csrf, "source": "example"}, follow_redirects=False)
        client.matter = int(re.search(r"/matters/(\d+)", made.headers["location"]).group(1))
        yield client


def upload(client, data: bytes, filename: str = "Investor markup.docx"):
    return client.post(f"/matters/{client.matter}/their-drafts", data={"_csrf": client.csrf},
                       files={"draft": (filename, data)}, follow_redirects=False)


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def changes_of(page: str) -> dict[str, str]:
    """Each change's legend → its whole text, as the review lists them."""
    found = {}
    for item in re.findall(r'<li class="change[^"]*" id="change-\d+">(.*?)</li>', page, re.S):
        legend = text_of(re.search(r"<legend>(.*?)</legend>", item, re.S).group(1))
        found[legend] = text_of(item)
    return found


def test_the_matter_page_links_to_the_upload(client):
    page = client.get(f"/matters/{client.matter}").text
    assert f'href="/matters/{client.matter}/their-drafts"' in page
    form = client.get(f"/matters/{client.matter}/their-drafts").text
    assert 'name="draft"' in form and "version 1, the latest" in form


def test_the_review_lists_each_change_with_its_explanation_author_and_comment(client, ours):
    ours_docx = client.get(f"/matters/{client.matter}/versions/1/documents/registration-rights-agreement.docx")
    draft = their_draft(ours, stamped=ours_docx.content)
    response = upload(client, draft)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    changes = changes_of(page)
    assert len(changes) == 3, changes
    by_kind = {legend.split(": ", 1)[1].split(",")[0]: text for legend, text in changes.items()}
    # the fact: thirty → forty-five days, by the first author, with the comment
    fact = by_kind["A fact"]
    assert "30 → 45" in fact and "filing deadline" in fact.lower(), fact
    assert "Built with 45 instead of 30, the text reads exactly as theirs" in fact
    assert "thirty (30) forty-five (45)" in fact  # the redline: ours struck, theirs inserted
    assert f"By {AUTHORS[0]}" in fact and f"Comment: {AUTHORS[0]}: {COMMENT}" in fact
    # the switch: the Rule 144 article deleted whole
    assert "They deleted Section 7 whole" in by_kind["A switch"] and "Rule 144" in by_kind["A switch"]
    assert f"By {AUTHORS[1]}" in by_kind["A switch"]
    # the clause text: best efforts reworded, no fact explains it
    assert "best commercially reasonable" in by_kind["Clause text"]
    assert "no fact of the deal explains" in by_kind["Clause text"] and f"By {AUTHORS[2]}" in by_kind["Clause text"]
    assert "<del>best</del>" in page and "<ins>commercially reasonable</ins>" in page
    summary = text_of(re.search(r'<ul class="summary".*?</ul>', page, re.S).group(0))
    assert "made from version 1" in summary and "rebuilds their text word for word" in summary
    assert hashlib.sha256(draft).hexdigest() in summary
    # no dotted path or programmer's words on the page
    assert "registration.filing_deadline_days" not in page and "rule_144" not in text_of(page)
    # the preview beside the list: their text as the accepted changes build it, sections by id
    frame = re.search(r'<iframe[^>]*src="([^"]+/preview)"', page).group(1)
    preview = client.get(frame)
    assert "default-src 'none'" in preview.headers["content-security-policy"]
    shown = text_of(preview.text)
    assert "not later than forty-five (45) days" in shown and "commercially reasonable efforts" in shown
    assert 'id="rr.rule_144"' not in preview.text and "thirty (30) days after the Closing" not in shown
    anchor = re.search(r'href="[^"]+/preview#([^"]+)" target="preview"', page).group(1)
    assert f'id="{anchor}"' in preview.text


def decide(client, location: str, page: str, wanted: dict[str, str], action: str = "save"):
    legends = {legend.split(":")[0].split()[-1]: legend for legend in changes_of(page)}
    data = {"_csrf": client.csrf, "action": action}
    for number, legend in legends.items():
        kind = legend.split(": ", 1)[1].split(",")[0]
        if kind in wanted:
            data[f"decision-{number}"] = wanted[kind]
    return client.post(location, data=data, follow_redirects=False)


def test_decisions_save_a_new_version_and_go_into_the_audit_trail(client, ours):
    draft = their_draft(ours)
    location = upload(client, draft).headers["location"]
    page = client.get(location).text
    # a save with a change left undecided is refused, and the choices made are kept
    partial = decide(client, location, page, {"A fact": "accept"})
    assert partial.status_code == 422
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', partial.text, re.S).group(0)
    undecided = re.findall(r'<a href="#accept-(\d+)">Change \1 has no decision yet</a>', summary)
    assert len(undecided) == 2 and all(f'id="accept-{i}"' in partial.text for i in undecided)
    assert len(re.findall(r'<fieldset aria-invalid="true" aria-describedby="undecided-(\d+)"', partial.text)) == 2
    assert re.search(r'id="accept-\d+" value="accept" required checked', partial.text)
    saved = decide(client, location, page, {"A fact": "accept", "A switch": "reject", "Clause text": "reject"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/matters/{client.matter}?saved=2"
    new = yaml.safe_load(client.get(f"/matters/{client.matter}/versions/2/termsheet.yaml").text)
    old = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert new["registration"]["filing_deadline_days"] == 45
    assert new["rule_144"] == old["rule_144"]  # the rejected switch left as ours
    old["registration"]["filing_deadline_days"] = 45
    assert new == old  # nothing else touched
    overview = client.get(saved.headers["location"]).text
    audit = text_of(re.search(r'<table class="list" id="audit">.*?</table>', overview, re.S).group(0))
    digest = hashlib.sha256(draft).hexdigest()
    assert f"their draft received: Investor markup.docx {digest}" in audit
    record = next((client.workspace / "their-drafts").glob("*/decisions-v2.yaml"))
    assert hashlib.sha256(record.read_bytes()).hexdigest() in audit
    assert re.search(r"decisions on their draft Investor markup\.docx \(SHA-256 " + digest[:12]
                     + r"…\): accepted \d; rejected \d, \d", audit), audit
    listed = client.get(f"/matters/{client.matter}/their-drafts").text
    row = text_of(re.search(r'<table class="list" id="received">.*?</table>', listed, re.S).group(0))
    assert re.search(r"Investor markup\.docx \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \S+ Version 1 Version 2", row), row
    assert f'href="{location}"' in listed
    kept = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert kept["draft_sha256"] == digest and sorted(kept["decisions"].values()) == ["accept", "reject", "reject"]
    # the built document of version 2 has their days
    built = client.get(f"/matters/{client.matter}/versions/2/documents/registration-rights-agreement.txt")
    assert "not later than forty-five (45) days" in built.text and "best efforts" in built.text


def test_the_preview_follows_the_decisions_posted(client, ours):
    location = upload(client, their_draft(ours)).headers["location"]
    page = client.get(location).text
    legends = {legend.split(": ", 1)[1].split(",")[0]: legend.split(":")[0].split()[-1] for legend in changes_of(page)}
    shown = client.post(location + "/preview", data={"_csrf": client.csrf, f"decision-{legends['A fact']}": "reject",
                                                     f"decision-{legends['A switch']}": "reject"})
    assert "default-src 'none'" in shown.headers["content-security-policy"]
    words = text_of(shown.text)
    assert "not later than thirty (30) days" in words and 'id="rr.rule_144"' in shown.text  # rejected: ours
    assert "commercially reasonable efforts" in words  # undecided: theirs


def test_accepted_clause_text_is_kept_as_the_matter_library_in_the_audit(client, ours):
    location = upload(client, their_draft(ours)).headers["location"]
    page = client.get(location).text
    saved = decide(client, location, page, {"A fact": "reject", "A switch": "accept", "Clause text": "accept"})
    assert saved.status_code == 303 and re.fullmatch(rf"/matters/{client.matter}/their-drafts/[0-9a-f]{{16}}/saved/2",
                                                     saved.headers["location"])
    note = text_of(client.get(saved.headers["location"]).text)
    assert "Saved as version 2." in note and "Their wording you accepted for Section 2(a) is kept" in note
    assert "The documents of version 2, and of every later version of this matter, carry that wording" in note
    page = client.get(saved.headers["location"]).text
    link = re.search(r'href="([^"]+/versions/2/documents/registration-rights-agreement\.txt)"', page).group(1)
    theirs = client.get(link)
    assert theirs.headers["content-disposition"] == 'attachment; filename="registration-rights-agreement.txt"'
    words = " ".join(theirs.text.split())
    assert "shall use its commercially reasonable efforts" in words
    assert "With a view to making available to the Investors the benefits of Rule 144" not in words  # switched off
    assert "not later than thirty (30) days" in words  # the rejected fact stays ours
    plain = client.get(f"/matters/{client.matter}/versions/1/documents/registration-rights-agreement.txt")
    assert "shall use its best efforts" in " ".join(plain.text.split())  # version 1: the firm's words
    bundle = client.get(saved.headers["location"] + "/clause-text.zip")
    assert bundle.headers["content-disposition"] == \
        f'attachment; filename="matter-{client.matter}-version-2-clause-text.zip"'
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert "commercially reasonable efforts" in archive.read("overrides.yaml").decode("utf-8")
    new = yaml.safe_load(client.get(f"/matters/{client.matter}/versions/2/termsheet.yaml").text)
    assert new["rule_144"]["enabled"] is False and new["registration"]["filing_deadline_days"] == 30
    overrides = next((client.workspace / "their-drafts").glob("*/matter-library-v2/overrides.yaml"))
    assert "commercially reasonable efforts" in overrides.read_text(encoding="utf-8")
    audit = client.get(f"/matters/{client.matter}").text
    assert "matter library (clause text): overrides.yaml" in audit
    assert hashlib.sha256(overrides.read_bytes()).hexdigest() in audit


def test_the_reply_is_a_download_with_our_rejections_tracked(client, ours):
    location = upload(client, their_draft(ours)).headers["location"]
    page = client.get(location).text
    response = decide(client, location, page, {"A fact": "accept", "A switch": "reject"}, action="reply")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="reply-to-Investor-markup.docx"'
    reply = read_docx(response.content)
    ours_now = {c.author for c in reply.changes} - set(AUTHORS)
    assert ours_now == {"unknown"} or len(ours_now) == 1  # our author: the signed-in user
    # Our writer holds "Rule 144" and "Section 7" together with a no-break space: words, as read.
    proposed = reply.text("proposed").replace("\u00a0", " ")
    assert "forty-five (45) days" in proposed          # accepted: plain
    assert "With a view to making available to the Investors the benefits of Rule 144" in proposed  # rejected: back
    assert "commercially reasonable efforts" in proposed  # undecided: left as they had it
    audit = client.get(f"/matters/{client.matter}").text
    assert "reply-to-Investor-markup.docx" in audit and hashlib.sha256(response.content).hexdigest() in audit


def test_a_save_on_an_older_version_is_refused(client, ours):
    location = upload(client, their_draft(ours)).headers["location"]
    page = client.get(location).text
    client.app.workbench.store.save(client.matter, EXAMPLE.read_text(encoding="utf-8"), "a colleague")
    refused = decide(client, location, page, {"A fact": "accept", "A switch": "accept", "Clause text": "accept"})
    assert refused.status_code == 409 and "upload their draft again" in text_of(refused.text)
    assert re.search(r'id="accept-\d+" value="accept" required checked', refused.text)  # the choices kept
    assert len(re.findall(r"<td>Version \d+</td>", client.get(f"/matters/{client.matter}").text)) == 2


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 2**20))
    return out.getvalue()


@pytest.mark.parametrize("data, filename, words", [
    (b"These are my notes, not a Word file.", "notes.docx",
     "notes.docx was not read: it is not a Word document: it is not a .docx (zip) package"),
    (_bomb(), "bomb.docx", "bomb.docx was not read: it is refused as a zip bomb"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "locked.docx",
     "locked.docx was not read: it is an OLE compound file: a password-protected"),
    (package(document_xml=XXE), "xxe.docx", "xxe.docx was not read: it has a DOCTYPE"),
    (package(main_type=CT_MACRO), "macros.docm", "macros.docm was not read: it holds macros"),
    (package(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)}), "ole.docx",
     "ole.docx was not read: it "),
])
def test_a_hostile_upload_is_one_plain_sentence_and_nothing_is_kept(client, data, filename, words):
    response = upload(client, data, filename)
    assert response.status_code == 400
    message = re.findall(r'<p class="error" role="alert" id="roundtrip-error">(.*?)</p>', response.text, re.S)
    assert len(message) == 1 and text_of(message[0]).startswith(words), message
    assert "root:" not in response.text  # no entity resolved
    assert text_of(message[0]).count(". ") == 0 and "Traceback" not in response.text
    assert "Their draft:" in response.text and 'name="draft"' in response.text  # still inside the app
    assert not (client.workspace / "their-drafts").exists()
    assert "No document generated yet." in client.get(f"/matters/{client.matter}").text


def test_a_draft_of_another_document_is_refused_in_a_sentence(client):
    charter = client.get(f"/matters/{client.matter}/versions/1/documents/certificate-of-incorporation.docx").content
    response = client.post(f"/matters/{client.matter}/their-drafts",
                           data={"_csrf": client.csrf, "document": "registration-rights-agreement"},
                           files={"draft": ("wrong.docx", charter)}, follow_redirects=False)
    assert response.status_code == 400
    assert re.search(r"wrong\.docx was not read: it matches \d+% of the Registration Rights Agreement",
                     text_of(response.text)), text_of(response.text)
    assert "--document" not in response.text
    # left to choose, the document our DOCX names is the one it is read against
    named = upload(client, charter, "charter.docx")
    assert named.status_code == 303
    page = client.get(named.headers["location"]).text
    assert "Their changes to the Certificate of Incorporation" in text_of(page) and "None: their draft is our text" in page


def test_values_from_their_draft_stay_text(client, ours):
    hostile = '<script>alert(1)</script> {{ 7*7 }} & "quoted"'
    response = upload(client, their_draft(ours, ("filing-days",), comment=hostile), '<i>x&{{1}}.docx')
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "<script>alert" not in page and "<i>x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &amp; &#34;quoted&#34;" in page
    assert f"Comment: {AUTHORS[0]}: {hostile}" in text_of(page), text_of(page)
    assert "&lt;i&gt;x&amp;{{1}}.docx" in page
    listed = client.get(f"/matters/{client.matter}/their-drafts").text
    assert "&lt;i&gt;x&amp;{{1}}.docx</a>" in listed and "<i>x" not in listed


def test_another_matters_draft_is_not_found(client, ours):
    location = upload(client, their_draft(ours)).headers["location"]
    other = client.post("/matters", data={"_csrf": client.csrf, "source": "example"}, follow_redirects=False)
    number = re.search(r"/matters/(\d+)", other.headers["location"]).group(1)
    stolen = location.replace(f"/matters/{client.matter}/", f"/matters/{number}/")
    assert client.get(stolen).status_code == 404
    assert client.get(location.rsplit("/", 1)[0] + "/../../etc").status_code == 404


def test_in_chromium_a_lawyer_reviews_their_draft_decides_and_saves(tmp_path, ours):
    """In a real browser: the link on the matter page, the upload, the changes beside the preview
    (side by side; a change's link scrolls the preview to its section), the decisions, the save, the
    audit trail; a hostile upload refused in the page. Screenshots under tests/web/screenshots/."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .browser import chromium, served

    shots = Path(__file__).resolve().parent / "screenshots"
    shots.mkdir(exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    junk = tmp_path / "notes.docx"
    junk.write_bytes(b"These are my notes, not a Word file.")
    with served(tmp_path / "workspace") as url, chromium(downloads) as driver:
        driver.get(url + "/")
        driver.find_element(By.ID, "new-from-example").click()
        matter = WebDriverWait(driver, 30).until(lambda d: re.search(r"/matters/(\d+)/edit", d.current_url)).group(1)
        driver.get(f"{url}/matters/{matter}")
        driver.find_element(By.ID, "their-draft-link").click()
        # a hostile upload: one sentence in the page, the form still there
        driver.find_element(By.ID, "draft-file").send_keys(str(junk))
        driver.find_element(By.ID, "draft-upload").click()
        error = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "roundtrip-error"))
        assert error.text.startswith("notes.docx was not read: it is not a Word document")
        driver.save_screenshot(str(shots / "roundtrip-refused.png"))
        # their draft, made from our DOCX as the workbench gives it
        driver.get(f"{url}/matters/{matter}/versions/1/outputs")
        docx = downloads / "registration-rights-agreement.docx"
        driver.get(f"{url}/matters/{matter}/versions/1/documents/registration-rights-agreement.docx")
        WebDriverWait(driver, 30).until(lambda d: docx.is_file() and docx.stat().st_size > 0)
        draft = tmp_path / "Investor markup.docx"
        draft.write_bytes(their_draft(ours, stamped=docx.read_bytes()))
        driver.get(f"{url}/matters/{matter}/their-drafts")
        driver.find_element(By.ID, "draft-file").send_keys(str(draft))
        driver.find_element(By.ID, "draft-upload").click()
        changes = WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "changes"))
        items = changes.find_elements(By.CSS_SELECTOR, "li.change")
        assert len(items) == 3
        frame = driver.find_element(By.ID, "roundtrip-preview")
        assert frame.location["x"] > changes.location["x"] + changes.size["width"] - 5  # beside, not below
        fact = next(i for i in items if "A fact" in i.text)
        assert "30 → 45" in fact.text and f"By {AUTHORS[0]}" in fact.text and COMMENT in fact.text
        assert "made from version 1" in driver.find_element(By.ID, "draft-summary").text
        driver.save_screenshot(str(shots / "roundtrip-review-top.png"))
        fact.find_element(By.LINK_TEXT, "Show in the preview").click()
        driver.switch_to.frame(frame)
        WebDriverWait(driver, 30).until(lambda d: "forty-five (45) days" in d.find_element(By.TAG_NAME, "body").text)
        section = driver.find_element(By.ID, "rr.registration.filing")
        assert driver.execute_script("return arguments[0].getBoundingClientRect().top", section) < 200  # scrolled to it
        driver.switch_to.default_content()
        driver.save_screenshot(str(shots / "roundtrip-review.png"))
        for item in items:
            choice = "accept" if "A fact" in item.text else "reject"
            item.find_element(By.CSS_SELECTOR, f"input[value={choice}]").click()
        driver.find_element(By.ID, "preview-decisions").click()
        driver.switch_to.frame(frame)
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "rr.rule_144"))  # rejected: back
        assert "shall use its best efforts" in " ".join(driver.find_element(By.TAG_NAME, "body").text.split())
        driver.switch_to.default_content()
        driver.find_element(By.ID, "save-version").click()
        WebDriverWait(driver, 60).until(lambda d: d.current_url.endswith("?saved=2"))
        audit = driver.find_element(By.ID, "audit").text
        assert hashlib.sha256(draft.read_bytes()).hexdigest() in audit
        assert re.search(r"decisions on their draft Investor markup\.docx \(SHA-256 \w{12}…\): accepted \d; "
                         r"rejected \d, \d", audit), audit
        driver.save_screenshot(str(shots / "roundtrip-saved.png"))
        driver.find_element(By.ID, "their-draft-link").click()
        received = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "received"))
        assert "Investor markup.docx" in received.text and "Version 2" in received.text
        driver.save_screenshot(str(shots / "roundtrip-upload.png"))
    new = yaml.safe_load(next((tmp_path / "workspace").glob("their-drafts/*/decisions-v2.yaml")).read_text())
    assert sorted(new["decisions"].values()) == ["accept", "reject", "reject"]


def test_in_chromium_accepted_clause_text_is_said_plainly_and_downloads(tmp_path, ours):
    """Accepting every change, their wording included: the page after the save says where it is kept
    and that the matter's documents carry it; the clause text downloads."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .browser import chromium, served

    shots = Path(__file__).resolve().parent / "screenshots"
    shots.mkdir(exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    draft = tmp_path / "their-draft.docx"
    draft.write_bytes(their_draft(ours))
    with served(tmp_path / "workspace") as url, chromium(downloads) as driver:
        driver.get(url + "/")
        driver.find_element(By.ID, "new-from-example").click()
        matter = WebDriverWait(driver, 30).until(lambda d: re.search(r"/matters/(\d+)/edit", d.current_url)).group(1)
        driver.get(f"{url}/matters/{matter}/their-drafts")
        driver.find_element(By.ID, "draft-file").send_keys(str(draft))
        driver.find_element(By.ID, "draft-upload").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "changes"))
        driver.find_element(By.ID, "save-version").click()  # nothing decided: the browser asks first
        assert re.search(r"/their-drafts/[0-9a-f]{16}$", driver.current_url)
        invalid = driver.execute_script("return document.querySelectorAll('input[type=radio]:invalid').length")
        assert invalid == 6
        for radio in driver.find_elements(By.CSS_SELECTOR, "input[value=accept]"):
            radio.click()
        driver.find_element(By.ID, "save-version").click()
        note = WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "clause-text-note"))
        assert "carry that wording" in note.text
        assert "Their wording you accepted for Section 2(a)" in driver.find_element(By.TAG_NAME, "main").text
        driver.save_screenshot(str(shots / "roundtrip-clause-text-saved.png"))
        # Issue 24's scan and axe on this screen too (the walks in test_every_screen reach the others).
        from .test_every_screen import axe_violations, problems_in
        assert problems_in(driver.execute_script("return document.body.innerText")) == []
        assert axe_violations(driver) == []
        driver.find_element(By.ID, "clause-text-download").click()
        bundle = downloads / f"matter-{matter}-version-2-clause-text.zip"
        WebDriverWait(driver, 30).until(lambda d: bundle.is_file() and bundle.stat().st_size > 0)
        driver.find_element(By.ID, "with-wording-docx").click()
        built = downloads / "registration-rights-agreement.docx"
        WebDriverWait(driver, 60).until(lambda d: built.is_file() and built.stat().st_size > 0)
    assert "shall use its commercially reasonable efforts" in read_docx(built).text()
    with zipfile.ZipFile(bundle) as archive:
        assert "commercially reasonable efforts" in archive.read("overrides.yaml").decode("utf-8")


def test_a_draft_of_an_earlier_version_is_read_against_the_latest(client, ours):
    """Their draft of version 1 comes back after version 2 changed a fact they left alone: the
    review says which version it was made from, and our change since is not proposed back."""
    ours_docx = client.get(f"/matters/{client.matter}/versions/1/documents/registration-rights-agreement.docx")
    draft = their_draft(ours, ("filing-days",), stamped=ours_docx.content)
    changed = EXAMPLE.read_text(encoding="utf-8").replace("earnings_statement_months: 3",
                                                          "earnings_statement_months: 4")
    assert changed != EXAMPLE.read_text(encoding="utf-8")
    client.app.workbench.store.save(client.matter, changed, "a colleague")
    page = client.get(upload(client, draft).headers["location"]).text
    summary = text_of(re.search(r'<ul class="summary".*?</ul>', page, re.S).group(0))
    assert "made from version 1; read against version 2" in summary
    changes = changes_of(page)
    assert len(changes) == 1 and "30 → 45" in next(iter(changes.values())), changes
    assert "Sections we changed since their version" in summary


def test_a_clean_copy_is_reviewed_and_the_reply_redlines_our_rejection(client, ours):
    """Edited without tracking: no author to show; rejecting the change, the reply redlines their
    words back to ours under our name."""
    draft = apply(ours, Edit("clean", "fact", EDITS["filing-days"].ops), "untracked")
    location = upload(client, draft, "clean copy.docx").headers["location"]
    page = client.get(location).text
    assert "Revised by: no tracked changes (a clean copy)." in text_of(page)
    (legend, text), = changes_of(page).items()
    assert "A fact" in legend and "Made without tracking" in text and "30 → 45" in text
    response = decide(client, location, page, {"A fact": "reject"}, action="reply")
    reply = read_docx(response.content)
    assert reply.tracked and len({c.author for c in reply.changes}) == 1
    assert "not later than thirty (30) days" in reply.text("proposed")   # our words, as our change
    assert "not later than forty-five (45) days" in reply.text("sent")   # theirs, as they sent it


def test_deleted_moved_and_new_sections_are_explained_where_they_stand(client, ours):
    draft = their_draft(ours, ("pronouns-deleted", "headings-moved", "jury-waiver-added", "words-figures-disagree"))
    page = client.get(upload(client, draft).headers["location"]).text
    legends = [legend.split(": ", 1)[1] for legend in changes_of(page)]
    assert sorted(legends) == ["A deleted section, Section 11(j)", "A moved section, Section 11(k)",
                               "A new section, after Section 11(m)", "Clause text, Section 2(a)"], legends
    text = text_of(page)
    assert "They moved Section 11(k) after Section 11(m)." in text
    assert "They added a new section after Section 11(m). Accepting adds it for this matter only." in text
    findings = text_of(re.search(r'<ul id="draft-findings">.*?</ul>', page, re.S).group(0))
    assert "Section 2(a): says forty-five in words but 30 in figures" in findings
