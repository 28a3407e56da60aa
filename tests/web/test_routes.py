"""The workbench's routes through Starlette's test client, checked against the CLI's own outputs."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import time
import zipfile

import pytest
import yaml
from starlette.testclient import TestClient

from assembler.store import os_user
from assembler.web.app import create_app
from tests.conftest import EXAMPLE
from tests.web.formdata import fields

HOSTILE = 'A & B <Holdings> "Ltd" {{ 7*7 }} <img src=x onerror=alert(1)>'
CLI = [sys.executable, "-m", "assembler"]


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as client:
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        yield client


def new_matter(client, source="example") -> int:
    response = client.post("/matters", data={"_csrf": client.csrf, "source": source}, follow_redirects=False)
    assert response.status_code == 303
    return int(re.fullmatch(r"/matters/(\d+)/edit", response.headers["location"]).group(1))


def post(client, url, data, **kw):
    return client.post(url, data={**data, "_csrf": client.csrf}, **kw)


def test_a_matter_from_the_example_opens_in_the_form(client):
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/edit").text
    for title in ("Parties", "Dates and signing", "Securities", "Registration", "Obligations", "Governing law",
                  "Other investors", "Charter", "Amendments"):
        assert f">{title}</h2>" in page
    form = fields(page)
    assert form["registration.effectiveness_deadline_days"] == "120"
    assert form["company.name"] == "The Auxer Group, Inc."
    assert form["registration.piggyback.enabled"] == "on"
    # Dates are three boxes, day, month and year; help is the schema's, written for a lawyer.
    assert (form["agreement.date.day"], form["agreement.date.month"], form["agreement.date.year"]) == ("16", "1", "2001")
    assert re.search(r'<input type="text" inputmode="numeric" class="day" id="f-agreement.date" name="agreement.date.day"', page)
    assert re.search(r'<p class="help" id="help-registration.short_form">The short form the company may use to register resales with the SEC.', page)
    # The piggyback periods sit in the switch's fieldset, hidden by CSS when it is off.
    piggyback = page[page.index('id="f-registration.piggyback"') - 60:]
    piggyback = piggyback[:piggyback.index("</fieldset>")]
    assert "switched" in piggyback
    assert re.search(r'class="field depends">\s*<label for="f-registration.piggyback.notice_days"', piggyback)
    assert "fieldset.switched:has(> .switch input[type=checkbox]:not(:checked)) > .depends { display: none; }" in \
        client.get("/static/app.css").text
    assert "Saved as" not in client.get(f"/matters/{matter}").text
    # Every field is in the form once (amendments in their own section, not also under their parent).
    names = [n for n in re.findall(r'\sname="([^"]+)"', page[page.index('<form id="termsheet-form"'):])
             if n != "_op"]  # the add and remove buttons share one name
    assert len(names) == len(set(names))
    assert "The Auxer Group, Inc." in client.get("/").text


def test_save_makes_version_two_and_the_export_is_that_term_sheet(client, tmp_path):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["registration.effectiveness_deadline_days"] = "150"
    response = post(client, f"/matters/{matter}/versions", form, follow_redirects=False)
    assert response.headers["location"] == f"/matters/{matter}?saved=2"
    page = client.get(response.headers["location"]).text
    assert "Saved as version 2." in page and "Version 2" in page
    exported = client.get(f"/matters/{matter}/versions/2/termsheet.yaml")
    data = yaml.safe_load(exported.text)
    assert data["registration"]["effectiveness_deadline_days"] == 150
    assert data["registration"]["filing_deadline_days"] == 30
    original = yaml.safe_load(client.get(f"/matters/{matter}/versions/1/termsheet.yaml").text)
    assert original == yaml.safe_load(EXAMPLE.read_text())
    compare = client.get(f"/matters/{matter}/compare?a=1&b=2").text
    row = re.search(r"<tr><td>Registration › Effectiveness deadline \(days\)</td><td>(\d+)</td><td>(\d+)</td></tr>",
                    compare)
    assert row and row.groups() == ("120", "150")
    assert compare.count("<tr><td>") == 1  # nothing else differs
    assert 'src="/matters/1/compare/1/2/registration-rights-agreement/redline.html"' in compare
    redline = client.get(f"/matters/{matter}/compare/1/2/registration-rights-agreement/redline.html").text
    assert re.search(r"<del[^>]*>[^<]*twenty[^<]*</del>", redline) and re.search(r"<ins[^>]*>[^<]*fifty[^<]*</ins>", redline)
    assert "<del" not in client.get(f"/matters/{matter}/compare/1/2/certificate-of-incorporation/redline.html").text
    # The DOCX is the CLI's redline of the same two term sheets, but for the legend, which names the
    # versions as the workbench shows them where the CLI names the files it was given.
    old, new = tmp_path / f"matter-{matter}-version-1.yaml", tmp_path / f"matter-{matter}-version-2.yaml"
    old.write_text(client.get(f"/matters/{matter}/versions/1/termsheet.yaml").text)
    new.write_text(exported.text)
    subprocess.run(CLI + ["redline", str(old), str(new), "--out", str(tmp_path / "red"), "--format", "docx"],
                   check=True, capture_output=True)
    ours = zipfile.ZipFile(io.BytesIO(
        client.get(f"/matters/{matter}/compare/1/2/registration-rights-agreement/redline.docx").content))
    theirs = zipfile.ZipFile(tmp_path / "red" / "registration-rights-agreement-redline.docx")
    assert ours.namelist() == theirs.namelist()
    for name in ours.namelist():
        expected = theirs.read(name)
        if name == "word/document.xml":
            saved = re.findall(rb"version [12], saved \d{4}-\d\d-\d\d \d\d:\d\d UTC", ours.read(name))
            assert len(saved) == 2, saved
            expected = expected.replace(new.name.encode(), saved[0]).replace(old.name.encode(), saved[1])
        assert ours.read(name) == expected, name


def test_an_invalid_save_is_refused_with_every_problem_at_once(client):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["registration.effectiveness_deadline_days"] = "0"
    form["registration.filing_deadline_days"] = "thirty"
    form.update({"agreement.date.day": "30", "agreement.date.month": "2", "agreement.date.year": "2026"})
    form["company.name"] = ""
    response = post(client, f"/matters/{matter}/versions", form)
    assert response.status_code == 422
    expected = [("company.name", "Company name: this is needed"),
                ("agreement.date", "Date of the agreement: 2026 has no 30 February"),
                ("registration.filing_deadline_days", "Filing deadline: enter a whole number of days, such as 30"),
                ("registration.effectiveness_deadline_days",
                 "Effectiveness deadline: enter a whole number of days more than 0 and no more than 100,000, "
                 "such as 30")]
    summary = response.text[response.text.index('id="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert "There are 4 problems: nothing was saved" in summary
    assert re.findall(r'<li><a href="#f-([\w.]+)">([^<]+)</a></li>', summary) == expected
    for field, message in expected:  # and each at its field, which is marked invalid
        assert re.search(rf'<p class="error" id="err-{re.escape(field)}" aria-live="polite">{message}</p>', response.text)
        assert re.search(rf'id="f-{re.escape(field)}"[^>]*aria-invalid="true"', response.text)
    # What was typed is shown as typed: the impossible date is not turned into another day.
    again = fields(response.text)
    assert (again["agreement.date.day"], again["agreement.date.month"], again["agreement.date.year"]) == \
        ("30", "2", "2026")
    assert again["registration.filing_deadline_days"] == "thirty"
    # No file, line, dotted path or library wording reaches the lawyer.
    said = re.sub(r"<[^>]+>", " ", summary)
    for word in ("termsheet.yaml", "field &#39;", "input should", "registration.filing", "pydantic", "_"):
        assert word not in said
    assert len(client.get(f"/matters/{matter}").text.split("Version ")) - 1 == 1


def test_one_problem_is_told_to_the_lawyer_and_to_the_cli_each_their_way(client, tmp_path):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["registration.effectiveness_deadline_days"] = "0"
    at_field = client.post(f"/matters/{matter}/validate", data=form, headers={
        "X-CSRF-Token": client.csrf, "HX-Trigger-Name": "registration.effectiveness_deadline_days"}).text
    elsewhere = client.post(f"/matters/{matter}/validate", data=form, headers={
        "X-CSRF-Token": client.csrf, "HX-Trigger-Name": "company.name"}).text
    assert elsewhere == ""
    # The CLI, on the same term sheet as the form makes it, says the very same.
    from assembler.web import form as drawn, service
    from assembler.termsheet import json_schema as schema
    path = tmp_path / "termsheet.yaml"
    path.write_text(service.to_yaml(drawn.read(schema(), form)))
    cli = subprocess.run(CLI + ["check", "termsheet.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert cli.returncode == 2
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "effectiveness_deadline_days" in text)
    assert cli.stderr.strip() == (f"error: termsheet.yaml:{line}: field 'registration.effectiveness_deadline_days': "
                                  "input should be greater than 0; got 0 (expected a whole number at most 100,000)")
    assert at_field == ("Effectiveness deadline: enter a whole number of days more than 0 and no more than "
                        "100,000, such as 30")
    form["registration.effectiveness_deadline_days"] = "150"
    fixed = client.post(f"/matters/{matter}/validate", data=form, headers={
        "X-CSRF-Token": client.csrf, "HX-Trigger-Name": "registration.effectiveness_deadline_days"}).text
    assert fixed == ""


def test_the_preview_is_the_writers_html_and_findings_link_to_section_and_field(client):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["registration.effectiveness_deadline_days"] = "150"
    pane = client.post(f"/matters/{matter}/preview", data=form, headers={"X-CSRF-Token": client.csrf}).text
    key = re.search(r'src="/matters/\d+/drafts/([\w-]+)"', pane).group(1)
    draft = client.get(f"/matters/{matter}/drafts/{key}")
    assert "script-src" not in draft.headers["content-security-policy"]
    assert "default-src 'none'" in draft.headers["content-security-policy"]
    pane = client.get(f"/matters/{matter}/drafts/{key}/findings").text
    text = " ".join(re.sub(r"<[^>]+>", " ", draft.text).split())
    assert "no event later than one hundred and fifty (150) days after the" in text
    # Findings: the undefined-term in Section 8 links to its section's anchor in the preview...
    link = re.search(r'<a href="/matters/\d+/drafts/[\w-]+#([\w.-]+)" target="preview">Section 1\(a\)\(i\)</a>', pane)
    assert link and f'id="{link.group(1)}"' in draft.text
    # ...and a blank links to the field behind it, which is in the form.
    assert re.search(r'<a href="#f-investor.name" aria-label="Go to the field: [^"]*">go to the field</a>', pane)
    assert 'id="f-investor.name"' in client.get(f"/matters/{matter}/edit").text


def test_the_previews_error_goes_to_its_field_and_leaves_when_fixed(client):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    good = client.post(f"/matters/{matter}/preview", data=form, headers={"X-CSRF-Token": client.csrf}).text
    form["registration.effectiveness_deadline_days"] = "10"  # before the filing deadline: a rule on the group
    pane = client.post(f"/matters/{matter}/preview", data=form, headers={"X-CSRF-Token": client.csrf}).text
    problems = re.findall(r'<li data-field="([\w.]*)">([^<]*)</li>', pane)
    assert problems == [("registration", "Registration: Effectiveness deadline (days) (10) is before Filing "
                         "deadline (days) (30); a statement cannot be declared effective before it is filed")]
    # The last good preview stays, marked out of date.
    assert "<strong>Out of date.</strong>" in pane
    assert re.search(r'<iframe name="preview" id="preview-frame" class="stale" title="[^"]*\(out of date\)"', pane)
    assert re.search(r'/drafts/([\w-]+)', pane).group(1) == re.search(r'/drafts/([\w-]+)', good).group(1)
    form["registration.effectiveness_deadline_days"] = "150"
    pane = client.post(f"/matters/{matter}/preview", data=form, headers={"X-CSRF-Token": client.csrf}).text
    assert re.findall(r'<li data-field', pane) == [] and "Out of date" not in pane
    assert 'id="preview-frame" class=""' in pane


def test_repeatable_groups_add_and_remove_items(client):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    page = post(client, f"/matters/{matter}/edit", {**form, "_op": "add:other_investors"}).text
    assert 'id="f-other_investors.0.name"' in page and "autofocus" in page
    form = fields(page)
    page = post(client, f"/matters/{matter}/edit", {**form, "_op": "add:company.principal_office.lines"}).text
    assert 'id="f-company.principal_office.lines.1"' in page
    form = fields(page)
    form["company.principal_office.lines.1"] = "Suite 5"
    page = post(client, f"/matters/{matter}/edit", {**form, "_op": "remove:company.principal_office.lines.0"}).text
    assert fields(page)["company.principal_office.lines.0"] == "Suite 5"
    assert "company.principal_office.lines.1" not in fields(page)


def test_the_review_lists_every_fact_with_a_link_and_the_open_blanks(client):
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/versions/1/review").text
    # Each fact by its titles, as the form asks for it, linking to its field.
    assert (f'<a href="/matters/{matter}/edit?version=1#f-registration.effectiveness_deadline_days">'
            "Registration › Effectiveness deadline (days)</a></td><td>120</td>") in page
    blanks = page[page.index('id="blanks"'):page.index("</ul>", page.index('id="blanks"'))]
    for name, title in (("investor.name", "The initial investor › Investor&#39;s name"),
                        ("securities.bridge_loan_shares", "Securities › Bridge loan shares"),
                        ("securities.debenture.principal_amount",
                         "Securities › Convertible debenture › Principal amount ($)")):
        assert f"#f-{name}\">{title}</a>" in blanks


def test_downloads_are_the_clis_bytes_and_are_logged(client, tmp_path):
    matter = new_matter(client)
    source = tmp_path / "deal.yaml"
    source.write_text(client.get(f"/matters/{matter}/versions/1/termsheet.yaml").text)
    subprocess.run(CLI + ["build", str(source), "--out", str(tmp_path / "cli"), "--as-of", "1998-01-01"],
                   check=True, capture_output=True)
    names = ["registration-rights-agreement", "certificate-of-incorporation",
             "certificate-of-incorporation-as-amended-through-1998-01-01"]
    for name in names:
        for fmt in ("docx", "pdf", "txt"):
            got = client.get(f"/matters/{matter}/versions/1/documents/{name}.{fmt}?as_of=1998-01-01")
            assert got.status_code == 200, (name, fmt)
            assert got.content == (tmp_path / "cli" / f"{name}.{fmt}").read_bytes(), (name, fmt)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/matters/{matter}/versions/1/all.zip").content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["termsheet"]["path"] == f"matter-{matter}-version-1.yaml"
    assert archive.read("registration-rights-agreement.pdf") == (tmp_path / "cli" /
                                                                 "registration-rights-agreement.pdf").read_bytes()
    for name in archive.namelist():
        if name != "manifest.json":
            assert manifest["outputs"][name] == hashlib.sha256(archive.read(name)).hexdigest()
    audit = client.get(f"/matters/{matter}").text
    digest = hashlib.sha256((tmp_path / "cli" / "registration-rights-agreement.docx").read_bytes())
    assert digest.hexdigest() in audit


def test_amendment_and_notice_downloads_are_the_clis(client, tmp_path):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form = fields(post(client, f"/matters/{matter}/edit", {**form, "_op": "add:agreement.amendments"}).text)
    form.update({"agreement.amendments.0.date.day": "1", "agreement.amendments.0.date.month": "6",
                 "agreement.amendments.0.date.year": "2001",
                 "agreement.amendments.0.approval.investors.0": "Perrin, Holden & Davenport Capital Corp.",
                 "agreement.amendments.0.approval.percent_of_registrable_securities": "75",
                 "agreement.amendments.0.changes": "registration.effectiveness_deadline_days: 150"})
    assert post(client, f"/matters/{matter}/versions", form, follow_redirects=False).status_code == 303
    outputs = client.get(f"/matters/{matter}/versions/2/outputs").text
    assert "Amendment No. 1" in outputs
    source = tmp_path / "deal.yaml"
    source.write_text(client.get(f"/matters/{matter}/versions/2/termsheet.yaml").text)
    subprocess.run(CLI + ["amend", str(source), "--number", "1", "--out", str(tmp_path / "amend")], check=True,
                   capture_output=True)
    for stem in ("registration-rights-agreement-redline-amendment-1", "registration-rights-agreement-amendment-1",
                 "registration-rights-agreement-conformed-through-amendment-1"):
        got = client.get(f"/matters/{matter}/versions/2/amendments/1/{stem}.docx")
        assert got.content == (tmp_path / "amend" / f"{stem}.docx").read_bytes()
    subprocess.run(CLI + ["notice", str(source), "--kind", "effectiveness", "--to", "initial-investor", "--date",
                          "2001-05-14", "--out", str(tmp_path / "notice")], check=True, capture_output=True)
    listing = client.get(f"/matters/{matter}/versions/2/notices?kind=effectiveness&to=initial-investor"
                         "&date=2001-05-14").text
    letter = sorted(p.name for p in (tmp_path / "notice").iterdir() if p.suffix == ".pdf")[0]
    assert letter.removesuffix(".pdf") in listing
    got = client.get(f"/matters/{matter}/versions/2/notices/{letter}?kind=effectiveness&to=initial-investor"
                     "&date=2001-05-14")
    assert got.content == (tmp_path / "notice" / letter).read_bytes()


def test_uploads_are_read_by_the_clis_loader_and_size_limited(client, tmp_path):
    good = client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                       files={"termsheet": ("deal.json", json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=str),
                                            "application/json")}, follow_redirects=False)
    assert good.status_code == 303
    bad = EXAMPLE.read_text().replace("filing_deadline_days", "filing_dedline_days")
    refused = client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                          files={"termsheet": ("deal.yaml", bad, "application/yaml")})
    assert refused.status_code == 400
    # Where in the file the lawyer uploaded, then what is wrong, in the form's words.
    assert ("deal.yaml, line 83: Registration › Filing dedline days: is not a known field (did you mean "
            "&#39;Filing deadline (days)&#39;?)") in refused.text
    huge = client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                       files={"termsheet": ("deal.yaml", b"#" * 3_000_000, "application/yaml")})
    # Refused inside the app, on the matters page, with the limit its form states (2,000,000 bytes).
    assert huge.status_code == 413
    assert "<h1>Matters</h1>" in huge.text and "at most 2,000,000 bytes)" in huge.text
    assert "That file is too large: a term sheet may be at most 2,000,000 bytes. Nothing was uploaded." in huge.text
    over = client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                       files={"termsheet": ("deal.yaml", b"#" * 2_000_001, "application/yaml")})
    assert over.status_code == 413
    assert "That file is 2,000,001 bytes: a term sheet may be at most 2,000,000 bytes. Nothing was uploaded." \
        in over.text
    assert "2,100,000" not in huge.text + over.text
    assert len(re.findall(r'<a href="/matters/\d+">', client.get("/").text)) == 1


def test_every_state_changing_request_needs_the_csrf_token(client):
    matter = new_matter(client)
    assert client.post("/matters", data={"source": "example"}).status_code == 403
    assert client.post("/matters", data={"source": "example", "_csrf": "guess"}).status_code == 403
    assert client.post(f"/matters/{matter}/versions", data={}).status_code == 403
    assert client.post(f"/matters/{matter}/preview", data={}).status_code == 403
    other_site = client.post("/matters", data={"source": "example", "_csrf": client.csrf},
                             headers={"Origin": "http://evil.example"})
    assert other_site.status_code == 403
    assert len(re.findall(r'<a href="/matters/\d+">', client.get("/").text)) == 1


def test_security_headers_and_loopback_only(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in response.text and not re.search(r"<[^>]*\son\w+=", response.text)
    with TestClient(client.app, base_url="http://127.0.0.1") as fresh:
        cookie = fresh.get("/").headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 421
    assert client.get("/", headers={"Host": "[2001:db8::1]:8000"}).status_code == 421
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    # Another site cannot make the browser generate (and log) a document.
    matter = new_matter(client)
    url = f"/matters/{matter}/versions/1/documents/registration-rights-agreement.txt"
    assert client.get(url, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.get(url, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.get("/matters/1/versions/1/documents/..%2F..%2Fetc%2Fpasswd.txt").status_code == 404
    assert client.get(f"/matters/{matter}/edit?version=x").status_code == 200
    assert client.get(f"/matters/{matter}/compare?a=x&b=1").status_code == 200


def test_with_a_token_every_page_needs_the_login(tmp_path):
    with TestClient(create_app(tmp_path / "ws", token="s3cret", local_only=False),
                    base_url="http://10.1.2.3") as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/login"
        sign_in = client.get("/login").text
        # An unknown visitor learns nothing about the host: no user name, no "Signed in".
        assert "Signed in" not in sign_in and os_user() not in sign_in.replace("assembler", "")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', sign_in).group(1)
        assert client.post("/login", data={"_csrf": csrf, "token": "wrong", "user": "eve"}).status_code == 403
        assert client.get("/", follow_redirects=False).status_code == 303
        before = client.cookies.get("assembler_session")
        client.post("/login", data={"_csrf": csrf, "token": "s3cret", "user": "Pat Lawyer"})
        assert client.cookies.get("assembler_session") != before  # a new session id at sign-in
        page = client.get("/")
        assert page.status_code == 200 and "Signed in as Pat Lawyer" in page.text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)  # the new session's
        client.post("/matters", data={"_csrf": csrf, "source": "example"})
        assert "<td>Pat Lawyer</td>" in client.get("/matters/1").text
        # A sign-in lasts SIGN_IN_SECONDS; then the token is asked for again.
        from assembler.web import security
        later = time.time() + security.SIGN_IN_SECONDS + 1
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(security.time, "time", lambda: later)
            assert client.get("/", follow_redirects=False).headers["location"] == "/login"
        assert client.get("/", follow_redirects=False).status_code == 200
        # A cookie whose signature does not match is no session at all.
        cookie = client.cookies.get("assembler_session")
        sid, user, signed_at, signature = cookie.split(".")
        forged = ".".join([sid, base64.urlsafe_b64encode(b"Mallory").decode(), signed_at, signature])
        client.cookies.set("assembler_session", forged)
        assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_serve_refuses_another_host_without_a_token(tmp_path):
    result = subprocess.run(CLI + ["serve", "--host", "0.0.0.0", "--workspace", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: field '--host': listening on 0.0.0.0 lets other machines in "
                                     "(give --token or --password-file, or leave --host at 127.0.0.1)")
    assert "Traceback" not in result.stderr


def test_hostile_values_are_shown_literally(client):
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["company.name"] = HOSTILE
    assert post(client, f"/matters/{matter}/versions", form, follow_redirects=False).status_code == 303
    escaped = "A &amp; B &lt;Holdings&gt; &#34;Ltd&#34; {{ 7*7 }} &lt;img src=x onerror=alert(1)&gt;"
    # a random token, or the time a matter was saved (10:49), may hold the digits 49
    listing = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "", client.get("/").text.replace(client.csrf, ""))
    assert escaped in listing and "<img src=x" not in listing and "49" not in listing
    page = client.get(f"/matters/{matter}/edit").text
    assert fields(page)["company.name"] == HOSTILE and "<img src=x" not in page
    pane = client.post(f"/matters/{matter}/preview", data=fields(page), headers={"X-CSRF-Token": client.csrf}).text
    draft = client.get("/matters/%d/drafts/%s" % (matter, re.search(r"/drafts/([\w-]+)", pane).group(1))).text
    assert "<img src=x" not in draft and "A &amp; B &lt;Holdings&gt;" in draft


def test_the_password_file_gives_the_token_and_an_empty_one_is_refused(tmp_path):
    from assembler.errors import AssemblerError
    from assembler.web.serve import token_from

    secret = tmp_path / "token"
    secret.write_text("correct horse\nignored\n")
    assert token_from(None, secret) == "correct horse"
    (tmp_path / "empty").write_text("")
    with pytest.raises(AssemblerError, match="is empty"):
        token_from(None, tmp_path / "empty")
    result = subprocess.run(CLI + ["serve", "--host", "0.0.0.0", "--password-file", str(tmp_path / "empty")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {tmp_path / 'empty'}: field '--password-file': is empty (put the "
                                     "access token on its first line)")


def test_a_name_given_at_sign_in_is_the_author_on_the_loopback_too(client):
    client.post("/login", data={"_csrf": client.csrf, "user": "Robin Paralegal"})
    client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)  # a new session's
    matter = new_matter(client)
    assert "<td>Robin Paralegal</td>" in client.get(f"/matters/{matter}").text


def test_a_blank_matter_is_the_interview_and_stores_nothing_until_finished(client):
    for _ in range(3):
        response = client.post("/matters", data={"_csrf": client.csrf, "source": "blank"}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/interview"
    page = client.get("/interview").text
    assert "What this deal needs" in page
    assert not re.search(r'id="q-_charter"[^>]* checked', page)  # no charter unless the lawyer adds one
    assert "No matters yet" in client.get("/").text
    assert "New Company" not in client.get("/interview").text


def test_assembler_serve_starts_on_the_loopback_and_keeps_matters_in_the_workspace(tmp_path):
    import time
    import urllib.request

    from tests.web.browser import free_port

    port = free_port()
    server = subprocess.Popen(CLI + ["serve", "--workspace", str(tmp_path / "ws"), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "<h1>Matters</h1>" in page and "script-src 'self'" in headers["Content-Security-Policy"]
        assert (tmp_path / "ws" / "assembler.db").is_file()
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert f"assembler workbench: http://127.0.0.1:{port}/" in out


def test_the_documents_page_offers_the_conformed_charter_as_of_a_date(client):
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/versions/1/outputs?as_of=1998-01-01").text
    href = (f"/matters/{matter}/versions/1/documents/certificate-of-incorporation-as-amended-through-1998-01-01.pdf"
            "?as_of=1998-01-01")
    assert (f'<a href="{href}" download="certificate-of-incorporation-as-amended-through-1998-01-01.pdf" '
            'aria-label="Certificate of Incorporation (as amended through January 1, 1998), PDF">PDF</a>') in page
    assert "<td>Certificate of Incorporation (as amended through January 1, 1998)</td>" in page
    assert "certificate-of-incorporation-as-amended-through" not in client.get(f"/matters/{matter}/versions/1/outputs").text
    assert client.get(f"/matters/{matter}/versions/1/outputs?as_of=1998-13-01").status_code == 400


def test_a_librarys_facts_are_in_the_form_and_its_documents_in_the_list(tmp_path):
    joinder = EXAMPLE.parent.parent / "joinder"
    with TestClient(create_app(tmp_path / "ws", library_dirs=(str(joinder / "library"),)),
                    base_url="http://127.0.0.1") as client:
        csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        created = client.post("/matters", data={"_csrf": csrf, "source": "upload"}, follow_redirects=False,
                              files={"termsheet": ("deal.yaml", (joinder / "termsheet.yaml").read_bytes(),
                                                   "application/yaml")})
        assert created.status_code == 303
        page = client.get("/matters/1/edit").text
        assert '<h2 id="more-joinder-h">Joinder</h2>' in page
        assert re.search(r'class="day" id="f-joinder.date" name="joinder.date.day"', page)
        assert "A new investor joining the Registration Rights Agreement as an Investor." in page
        assert '<option value="joinder-agreement"' in page
        form = fields(page)
        form["joinder.securities"] = "300,000 shares of Common Stock"
        form["_document"] = "joinder-agreement"
        pane = client.post("/matters/1/preview", data=form, headers={"X-CSRF-Token": csrf}).text
        draft = client.get("/matters/1/drafts/%s" % re.search(r"/drafts/([\w-]+)", pane).group(1)).text
        assert "300,000 shares of Common Stock" in draft
        assert client.post("/matters/1/versions", data={**form, "_csrf": csrf},
                           follow_redirects=False).status_code == 303
        exported = yaml.safe_load(client.get("/matters/1/versions/2/termsheet.yaml").text)
        assert exported["joinder"]["securities"] == "300,000 shares of Common Stock"


def test_wrong_tokens_are_slowed_then_refused_for_a_minute(tmp_path, monkeypatch):
    from assembler.web import security

    with TestClient(create_app(tmp_path / "ws", token="s3cret", local_only=False),
                    base_url="http://10.1.2.3") as client:
        page = client.get("/login").text
        assert f"After {security.LOGIN_LIMIT} wrong tokens within a minute" in page
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        waits = []
        for _ in range(security.LOGIN_LIMIT):
            started = time.perf_counter()
            assert client.post("/login", data={"_csrf": csrf, "token": "guess", "user": "eve"}).status_code == 403
            waits.append(time.perf_counter() - started)
        # Each answer waited longer than the one before (by LOGIN_STEP a failure).
        assert waits[-1] >= security.LOGIN_STEP * (security.LOGIN_LIMIT - 1) * 0.9
        refused = client.post("/login", data={"_csrf": csrf, "token": "s3cret", "user": "eve"})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
        assert "Sign-in is paused" in refused.text
        # A minute later the right token is let in again.
        later = time.time() + 61
        client.app.throttle.clock = lambda: later
        assert client.post("/login", data={"_csrf": csrf, "token": "s3cret", "user": "Pat"},
                           follow_redirects=False).status_code == 303


def test_a_form_open_across_a_restart_still_saves(tmp_path):
    """The CSRF token is derived from the workspace's secret, which the store keeps."""
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as first:
        first.csrf = re.search(r'name="_csrf" value="([^"]+)"', first.get("/").text).group(1)
        matter = new_matter(first)
        form = first.get(f"/matters/{matter}/edit").text
        cookie = first.cookies.get("assembler_session")
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as second:  # a new process's app
        second.cookies.set("assembler_session", cookie)
        saved = second.post(f"/matters/{matter}/versions", data=fields(form), follow_redirects=False)
        assert saved.status_code == 303, saved.text[:300]
