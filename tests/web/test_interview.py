"""The interview's answers as term-sheet data, and a matter's life, through the routes."""
from __future__ import annotations

import html
import re

import yaml

from assembler.web import interview
from tests.web.test_routes import client, new_matter, post  # noqa: F401 (a fixture)


def schema():
    from assembler import termsheet
    from assembler.library import Library
    return termsheet.json_schema(Library())


def test_standard_positions_come_from_the_firms_file_and_a_library_may_replace_it(tmp_path):
    ours = interview.standard_positions()
    assert ours["registration.filing_deadline_days"] == "30" and ours["governing_law.state"] == "New York"
    (tmp_path / "standard-positions.yaml").write_text("registration: {filing_deadline_days: 60}\n")
    theirs = interview.standard_positions((str(tmp_path),))
    assert theirs == {"registration.filing_deadline_days": "60"}


def test_notices_to_the_principal_office_copy_it_and_a_different_address_is_asked_for():
    s = schema()
    answers = {**interview.starting_answers(interview.standard_positions()),
               "company.name": "Northwind Robotics, Inc.", "company.principal_office.lines.0": "2200 Sierra Vista Parkway",
               "company.principal_office.city": "Reno", "company.principal_office.state": "Nevada",
               "company.principal_office.postal_code": "89502"}
    data = interview.to_data(s, answers)
    assert data["company"]["notices"]["address"] == data["company"]["principal_office"] == {
        "lines": ["2200 Sierra Vista Parkway"], "city": "Reno", "state": "Nevada", "postal_code": "89502"}
    ids = [p.id for p in interview.applicable(answers)]
    assert "company-notice-address" not in ids and "charter" not in ids and "piggyback" in ids
    answers.update({"_company_same": "", "company.notices.address.lines.0": "PO Box 7",
                    "company.notices.address.city": "Sparks", "company.notices.address.state": "Nevada",
                    "company.notices.address.postal_code": "89431"})
    assert "company-notice-address" in [p.id for p in interview.applicable(answers)]
    assert interview.to_data(s, answers)["company"]["notices"]["address"]["city"] == "Sparks"


def test_piggyback_off_drops_its_periods_and_a_skipped_page_keeps_its_answers():
    s = schema()
    answers = {**interview.starting_answers(interview.standard_positions()), "registration.piggyback.enabled": ""}
    assert "piggyback" not in [p.id for p in interview.applicable(answers)]
    assert interview.to_data(s, answers)["registration"]["piggyback"] == {"enabled": False}
    assert answers["registration.piggyback.notice_days"] == "20"  # kept for when it is turned on again
    answers["_agreement"] = ""
    answers["_charter"] = "on"
    data = interview.to_data(s, answers)
    assert "registration" not in data and "agreement" not in data and "principal_office" not in data["company"]


def test_an_existing_matter_keeps_what_the_interview_does_not_ask(client):
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/interview").text
    assert 'id="q-_charter" name="a._charter" value="on" checked' in page  # the example has a charter
    answers = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(r'name="(a\.[^"]+)" value="([^"]*)"', page)}
    answers["a.company.name"] = "The Auxer Group, Inc. (renamed)"
    response = post(client, f"/matters/{matter}/interview", {**answers, "_page": "check", "_go": "finish"},
                    follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/matters/{matter}?saved=2"
    before = yaml.safe_load(client.get(f"/matters/{matter}/versions/1/termsheet.yaml").text)
    after = yaml.safe_load(client.get(f"/matters/{matter}/versions/2/termsheet.yaml").text)
    assert after["company"]["name"] == "The Auxer Group, Inc. (renamed)"
    after["company"]["name"] = before["company"]["name"]
    assert after == before  # the charter's amendments, the footer, the counsel: all kept


def test_the_check_page_names_what_is_missing_and_the_page_to_put_it_right(client):
    response = post(client, "/interview", {"a._agreement": "on", "a._others": "0", "a._company_same": "on",
                                          "_page": "check", "_go": "finish"})
    assert response.status_code == 422
    assert "There is a problem" in response.text and "Put it right on" in response.text
    assert "No matters yet" in client.get("/").text


def test_rename_archive_copy_and_search(client):
    matter = new_matter(client)
    post(client, f"/matters/{matter}/rename", {"name": "  Auxer   2001 "})
    assert "<h1>Auxer 2001</h1>" in client.get(f"/matters/{matter}").text
    assert post(client, f"/matters/{matter}/rename", {"name": " "}).status_code == 400
    response = post(client, f"/matters/{matter}/copy", {"name": "Auxer 2002"}, follow_redirects=False)
    assert response.headers["location"] == f"/matters/{matter + 1}/interview"
    assert client.get(f"/matters/{matter + 1}/versions/1/termsheet.yaml").text == \
        client.get(f"/matters/{matter}/versions/1/termsheet.yaml").text
    # A matter the lawyer named keeps its name when the company's name changes in a save.
    assert "Started as a copy of matter 1, version 1" in client.get(f"/matters/{matter + 1}").text
    assert re.findall(r'<td><a href="/matters/\d+">([^<]+)</a>', client.get("/?q=perrin").text) == \
        ["Auxer 2001", "Auxer 2002"]
    assert re.findall(r'<td><a href="/matters/\d+">([^<]+)</a>', client.get("/?q=2002").text) == ["Auxer 2002"]
    assert "No matter holds" in client.get("/?q=100%25").text  # a % is a character, not a wildcard
    post(client, f"/matters/{matter}/archive", {"archived": "1"})
    assert re.findall(r'<td><a href="/matters/\d+">([^<]+)</a>', client.get("/").text) == ["Auxer 2002"]
    assert "Auxer 2001" in client.get("/archive").text
    assert "Archived" in client.get(f"/matters/{matter}").text


def test_an_amendments_changes_name_fields_and_a_list_changes_whole():
    from assembler.web import amend
    before = {"registration": {"filing_deadline_days": 30},
              "investor": {"notices": {"address": {"lines": ["5 Hanover Square"], "city": "New York"}}}}
    after = {"registration": {"filing_deadline_days": 45},
             "investor": {"notices": {"address": {"lines": ["5 Hanover Square", "Floor 9"], "city": "New York"},
                                      "attention": "Jane Q. Doe"}}}
    assert amend.changes(before, after) == {"registration.filing_deadline_days": 45,
                                            "investor.notices.address.lines": ["5 Hanover Square", "Floor 9"],
                                            "investor.notices.attention": "Jane Q. Doe"}
    assert amend.markup("First & <b>one</b>.\n\n  Second\n line. ") == \
        "<p>First &amp; &lt;b&gt;one&lt;/b&gt;.</p><p>Second line.</p>"


def test_an_amendment_the_agreement_does_not_allow_is_refused_with_what_was_typed_kept(client):
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/versions/1/amend").text
    values = {m.group(1): html.unescape(m.group(2))
              for m in re.finditer(r'<input type="(?:text|date)" id="[^"]*" name="([^"]+)" value="([^"]*)"', page)}
    values.update({"date": "2001-06-01", "investors": "Harbor Lane Partners", "percent": "40",
                   "f.registration.filing_deadline_days": "45"})
    response = post(client, f"/matters/{matter}/versions/1/amend", values)
    assert response.status_code == 422
    assert "majority-in-interest" in response.text
    assert 'name="f.registration.filing_deadline_days" value="45"' in response.text
    assert len(re.findall(r"<td>Version \d+</td>", client.get(f"/matters/{matter}").text)) == 1  # nothing saved


def test_a_nevada_style_charter_only_deal_through_the_interview_builds_its_certificate(client):
    answers = {"_agreement": "", "_charter": "on", "_others": "0",
               "company.name": "Sable Creek Therapeutics, Inc.", "company.entity_type": "corporation",
               "company.jurisdiction": "Delaware", "charter.name": "SABLE CREEK THERAPEUTICS, INC.",
               "charter.signed_on": "2026-02-10", "charter.registered_office.address.lines.0": "251 Little Falls Drive",
               "charter.registered_office.address.city": "Wilmington",
               "charter.registered_office.address.county": "New Castle",
               "charter.registered_office.address.state": "Delaware",
               "charter.registered_office.address.postal_code": "19808",
               "charter.registered_office.agent": "Corporation Service Company",
               "charter.capital.total_shares": "15,000,000", "charter.capital.par_value": "0.0001",
               "charter.capital.classes.0.name": "common stock", "charter.capital.classes.0.shares": "10000000",
               "charter.capital.classes.1.name": "preferred stock", "charter.capital.classes.1.shares": "5000000",
               "charter.capital.preferred_terms_by": "board of directors",
               "charter.incorporator.name": "Ada Whitlock", "charter.incorporator.address.lines.0": "1 Harbor Way",
               "charter.incorporator.address.city": "Boston", "charter.incorporator.address.state": "Massachusetts",
               "charter.incorporator.address.postal_code": "02110",
               # answers from agreement pages the deal skips: kept, not used
               "registration.filing_deadline_days": "30", "investor.name": "Nobody"}
    response = post(client, "/interview", {**{f"a.{k}": v for k, v in answers.items()}, "_page": "check",
                                           "_go": "finish"}, follow_redirects=False)
    assert response.status_code == 303, response.text[:2000]
    data = yaml.safe_load(client.get("/matters/1/versions/1/termsheet.yaml").text)
    assert set(data) == {"company", "charter"}
    assert data["charter"]["capital"]["classes"] == [{"name": "common stock", "shares": 10000000},
                                                     {"name": "preferred stock", "shares": 5000000}]
    text = client.get("/matters/1/versions/1/documents/certificate-of-incorporation.txt").text
    assert "SABLE CREEK THERAPEUTICS, INC." in text and "251 Little Falls Drive" in text and "Ada Whitlock" in text
    assert "15,000,000" in text


def test_a_third_street_line_the_interview_does_not_ask_about_is_kept():
    s = schema()
    data = {"company": {"name": "Acme, Inc.", "entity_type": "corporation", "jurisdiction": "Delaware",
                        "principal_office": {"lines": ["1 Main Street", "Suite 100", "Mail Stop 7"],
                                             "city": "Dover", "state": "Delaware", "postal_code": "19901"}},
            "agreement": {"date": "2026-01-05"}}
    answers = interview.starting_answers({}, data)
    assert interview.to_data(s, answers, data)["company"]["principal_office"]["lines"] == [
        "1 Main Street", "Suite 100", "Mail Stop 7"]
    answers["company.principal_office.lines.1"] = ""   # the second line cleared: the rest close up
    assert interview.to_data(s, answers, data)["company"]["principal_office"]["lines"] == [
        "1 Main Street", "Mail Stop 7"]


def test_a_name_the_lawyer_gave_survives_a_save_that_changes_the_company_name(client):
    from tests.web.formdata import fields
    matter = new_matter(client)
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["company.name"] = "Auxer Holdings, Inc."
    post(client, f"/matters/{matter}/versions", form)
    assert "<h1>Auxer Holdings, Inc.</h1>" in client.get(f"/matters/{matter}").text  # named for the company
    post(client, f"/matters/{matter}/rename", {"name": "Project Falcon"})
    form = fields(client.get(f"/matters/{matter}/edit").text)  # the form again, at version 2
    form["company.name"] = "Auxer Group Holdings, Inc."
    post(client, f"/matters/{matter}/versions", form)
    assert "<h1>Project Falcon</h1>" in client.get(f"/matters/{matter}").text  # the lawyer's name stays


def test_an_interview_finished_after_another_save_meets_the_merge_page_and_overwrites_nothing(client):
    from tests.web.formdata import fields
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/interview").text
    answers = {m.group(1): html.unescape(m.group(2))
               for m in re.finditer(r'name="(a\.[^"]+|_version)" value="([^"]*)"', page)}
    assert answers["_version"] == "1"  # the version the interview started from travels with each page
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["registration.filing_deadline_days"] = "75"  # someone else saves version 2 meanwhile
    assert post(client, f"/matters/{matter}/versions", form, follow_redirects=False).status_code == 303
    answers["a.company.name"] = "The Auxer Group, Inc. (renamed)"
    response = post(client, f"/matters/{matter}/interview", {**answers, "_page": "check", "_go": "finish"},
                    follow_redirects=False)
    assert response.status_code == 409 and 'id="merge-form"' in response.text
    assert "You started from version 1" in " ".join(response.text.split())
    latest = yaml.safe_load(client.get(f"/matters/{matter}/versions/2/termsheet.yaml").text)
    assert latest["registration"]["filing_deadline_days"] == 75
    assert client.get(f"/matters/{matter}/versions/3/termsheet.yaml").status_code == 404  # nothing saved
    merged = {name: html.unescape(re.search(f'name="{name}" value="([^"]*)"', response.text).group(1))
              for name in ("_mine", "_base", "_theirs")}
    saved = post(client, f"/matters/{matter}/merge", merged, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/matters/{matter}?saved=3"
    both = yaml.safe_load(client.get(f"/matters/{matter}/versions/3/termsheet.yaml").text)
    assert both["company"]["name"] == "The Auxer Group, Inc. (renamed)"  # the interview's change
    assert both["registration"]["filing_deadline_days"] == 75  # and the other save's, both kept


def test_an_amendment_drawn_on_an_older_version_meets_the_merge_page(client):
    from tests.web.formdata import fields
    matter = new_matter(client)
    page = client.get(f"/matters/{matter}/versions/1/amend").text
    values = {m.group(1): html.unescape(m.group(2))
              for m in re.finditer(r'<input type="(?:text|date)" id="[^"]*" name="([^"]+)" value="([^"]*)"', page)}
    values.update({"date": "2001-06-01", "investors": "Harbor Lane Partners", "percent": "60",
                   "f.registration.filing_deadline_days": "45"})
    form = fields(client.get(f"/matters/{matter}/edit").text)
    form["company.notices.attention"] = "General Counsel (version 2)"  # saved meanwhile
    assert post(client, f"/matters/{matter}/versions", form, follow_redirects=False).status_code == 303
    response = post(client, f"/matters/{matter}/versions/1/amend", values, follow_redirects=False)
    assert response.status_code == 409 and 'id="merge-form"' in response.text
    assert client.get(f"/matters/{matter}/versions/3/termsheet.yaml").status_code == 404  # nothing saved
    merged = {name: html.unescape(re.search(f'name="{name}" value="([^"]*)"', response.text).group(1))
              for name in ("_mine", "_base", "_theirs")}
    assert post(client, f"/matters/{matter}/merge", merged, follow_redirects=False).status_code == 303
    both = yaml.safe_load(client.get(f"/matters/{matter}/versions/3/termsheet.yaml").text)
    assert both["company"]["notices"]["attention"] == "General Counsel (version 2)"
    assert both["agreement"]["amendments"][-1]["changes"]["registration.filing_deadline_days"] == 45
