"""The guided interview and a matter's life, end to end in Debian's headless Chromium.

Deal B is a second deal, not the example: a Nevada company, an investor in Seattle, no charter, no
other investors, piggyback rights off, the firm's standard positions taken as they stand. Every
field the lawyer types into is counted, and each was empty before (the interview makes the lawyer
clear nothing).
"""
from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.conftest import docx_text
from tests.web.test_browser import browser, download, shot, wait, words  # noqa: F401 (a fixture)

# Deal B's own facts, by the interview's question ids: 21 typed fields.
DEAL_B = {
    "q-company-name": "Northwind Robotics, Inc.",
    "q-company-jurisdiction": "Nevada",
    "q-company-principal_office-lines-0": "2200 Sierra Vista Parkway",
    "q-company-principal_office-city": "Reno",
    "q-company-principal_office-state": "Nevada",
    "q-company-principal_office-postal_code": "89502",
    "q-company-notices-attention": "Chief Financial Officer",
    "q-investor-name": "Cascade Growth Partners II, L.P.",
    "q-investor-notices-address-lines-0": "500 Pine Street",
    "q-investor-notices-address-lines-1": "Suite 1800",
    "q-investor-notices-address-city": "Seattle",
    "q-investor-notices-address-state": "Washington",
    "q-investor-notices-address-postal_code": "98101",
    "q-investor-notices-attention": "Dana Whitfield",
    "q-agreement-date": "03022026",            # typed as the browser's date field takes it
    "q-agreement-closing_date": "03042026",
    "q-securities-common_stock_par_value": "0.0001",
    "q-securities-conversion_price": "1.25",
    "q-securities-debenture-interest_rate_percent": "6.5",
    "q-placement_agent-name": "Harbor Point Securities LLC",
    "q-placement_agent-short_name": "Harbor Point",
}
UNTICK = {"q-registration-piggyback-enabled"}   # deal B gives no piggyback rights: a click, not typing
MAX_TYPED = 25


def title(d) -> str:
    return d.find_element(By.ID, "page-title").text


def test_deal_b_from_a_blank_matter_through_the_interview(browser):
    d = browser
    d.get(d.base)
    d.find_element(By.ID, "new-blank").click()           # "blank" is the interview: nothing stored yet
    wait(d, lambda: d.find_elements(By.ID, "page-title"))
    d.get(d.base)
    assert "No matters yet" in d.find_element(By.TAG_NAME, "main").text
    d.find_element(By.ID, "new-interview").click()
    wait(d, lambda: title(d) == "What this deal needs")
    assert d.find_element(By.ID, "progress").text.startswith("Step 1 of ")
    # A blank deal has no charter: the lawyer adds one here if the deal needs it.
    assert not d.find_element(By.ID, "q-_charter").is_selected()
    shot(d, "interview-1-what-the-deal-needs")

    typed, titles, standard_seen = [], [], 0
    while title(d) != "Check your answers":
        titles.append(title(d))
        standard_seen += len(d.find_elements(By.CSS_SELECTOR, "#interview-form .standard"))
        for element in d.find_elements(By.CSS_SELECTOR, "#interview-form input:not([type=hidden])"):
            key = element.get_attribute("id")
            if key in DEAL_B:
                assert element.get_attribute("value") == "", f"{key} had to be cleared"
                element.send_keys(DEAL_B[key])
                typed.append(key)
            elif key in UNTICK and element.is_selected():
                element.click()
        shot(d, f"interview-page-{len(titles):02d}")
        d.find_element(By.ID, "continue").click()
        wait(d, lambda: d.find_elements(By.ID, "page-title") and title(d) not in titles[-1:])
    assert len(typed) == len(DEAL_B) and len(typed) <= MAX_TYPED, typed
    print(f"deal B: {len(typed)} typed fields, none cleared, over {len(titles)} pages")

    # Skip logic: no charter pages, no piggyback periods, no page for the company's notice address
    # (the same as the principal office), no counsel pages.
    for skipped in ("The certificate of incorporation", "Piggyback registration",
                    "The company's address for notices", "The company's counsel"):
        assert skipped not in titles
    assert {"The company", "Registration", "Governing law and courts"} <= set(titles)
    assert standard_seen >= 15  # the registration, obligations and governing-law positions, marked

    # Check your answers: every answer, the standard ones marked; change one page and come back.
    page = words(d.find_element(By.TAG_NAME, "main").text).lower()  # the "standard" mark is set in capitals
    assert "northwind robotics, inc." in page and "cascade growth partners ii, l.p." in page
    assert "days to file the registration statement 30 standard" in page
    assert "piggyback registration rights no" in page
    shot(d, "interview-check-your-answers")
    d.find_element(By.CSS_SELECTOR, "button[aria-label='Change The Initial Investor']").click()
    wait(d, lambda: title(d) == "The Initial Investor")
    assert d.find_element(By.ID, "q-investor-name").get_attribute("value") == "Cascade Growth Partners II, L.P."
    d.find_element(By.ID, "q-investor-jurisdiction").send_keys("Delaware")   # one more fact: typed field 22
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "Check your answers")
    assert "Where it is organised (optional) Delaware" in words(d.find_element(By.TAG_NAME, "main").text)

    # Back, and Back again, loses nothing.
    d.find_element(By.ID, "back").click()
    wait(d, lambda: title(d) == "Who signs")
    d.find_element(By.ID, "back").click()
    wait(d, lambda: title(d) == "Governing law and courts")
    assert d.find_element(By.ID, "q-governing_law-state").get_attribute("value") == "New York"
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "Who signs")
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "Check your answers")
    assert "Harbor Point Securities LLC" in d.find_element(By.TAG_NAME, "main").text
    d.find_element(By.ID, "finish").click()
    wait(d, lambda: d.find_elements(By.ID, "saved"))
    shot(d, "interview-matter-created")

    # The matter: one, named for the company, its documents the agreement's alone.
    d.get(d.base)
    assert [a.text for a in d.find_elements(By.CSS_SELECTOR, "table.list td a")] == ["Northwind Robotics, Inc."]
    d.get(f"{d.base}/matters/1/versions/1/outputs")
    documents = [td.text for td in d.find_elements(By.CSS_SELECTOR, "#downloads tbody tr td:first-child")]
    assert documents == ["Registration Rights Agreement"]
    agreement = words(docx_text(download(d, "//tr[td[text()='Registration Rights Agreement']]//a[text()='DOCX']")))
    for fact in ("Northwind Robotics, Inc.", "Nevada", "Cascade Growth Partners II, L.P.", "500 Pine Street",
                 "Suite 1800", "Seattle, Washington 98101", "Dana Whitfield", "Company to Harbor Point or investors introduced",
                 "March 2, 2026", "2200 Sierra Vista Parkway", "Chief Financial Officer"):
        assert fact in agreement, fact
    assert "thirty (30) days" in agreement            # the standard filing deadline
    assert "give prompt written notice at least" not in agreement  # no piggyback section
    # The notices section gives the principal office as the company's address for notices.
    notices = agreement[agreement.index("Chief Financial Officer") - 300:agreement.index("Chief Financial Officer")]
    assert "2200 Sierra Vista Parkway" in notices and "Reno, Nevada 89502" in notices

    # The full form stays, for those who want it.
    d.get(f"{d.base}/matters/1/edit")
    wait(d, lambda: d.find_elements(By.ID, "f-company.name"))
    assert d.find_element(By.ID, "f-company.name").get_attribute("value") == "Northwind Robotics, Inc."


def test_a_charter_and_other_investors_are_pages_a_lawyer_adds(browser):
    d = browser
    d.get(d.base + "/interview")
    d.find_element(By.ID, "q-_charter").click()
    other = d.find_element(By.ID, "q-_others")
    other.send_keys(Keys.BACKSPACE, "1")
    d.find_element(By.CSS_SELECTOR, "label[for=q-_agreement]").click()  # a charter alone: no agreement pages
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "The company")
    steps = d.find_element(By.CSS_SELECTOR, "ol.steps").text
    assert "Authorised shares" in steps and "The incorporator" in steps
    assert "Registration" not in steps and "Other investor 1" not in steps  # no agreement, no investors
    shot(d, "interview-charter-only")
    d.find_element(By.ID, "back").click()
    wait(d, lambda: title(d) == "What this deal needs")
    assert d.find_element(By.ID, "q-_charter").is_selected() and d.find_element(By.ID, "q-_others").get_attribute(
        "value") == "1"
    d.find_element(By.CSS_SELECTOR, "label[for=q-_agreement]").click()
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "The company")
    steps = d.find_element(By.CSS_SELECTOR, "ol.steps").text
    assert "Other investor 1" in steps and "Registration" in steps and "Piggyback registration" in steps


def test_a_matter_is_renamed_searched_copied_and_archived_with_its_trail_kept(browser):
    d = browser
    d.get(d.base)
    d.find_element(By.ID, "new-from-example").click()
    wait(d, lambda: d.find_elements(By.ID, "f-company.name"))
    d.get(d.base)
    shot(d, "matters-home")
    d.get(f"{d.base}/matters/1")
    shot(d, "matter-overview")
    name = d.find_element(By.ID, "rename")
    name.clear()
    name.send_keys("Auxer bridge financing 2001")
    d.find_element(By.ID, "rename-button").click()
    wait(d, lambda: d.find_element(By.TAG_NAME, "h1").text == "Auxer bridge financing 2001")
    assert "Renamed from “The Auxer Group, Inc.” to “Auxer bridge financing 2001”" in d.find_element(By.ID, "events").text

    # A document generated, so there is an audit trail to keep.
    d.get(f"{d.base}/matters/1/versions/1/outputs")
    download(d, "//tr[td[text()='Registration Rights Agreement']]//a[text()='TXT']")

    # Copied as the start of a new deal: the interview opens on the copy.
    d.get(f"{d.base}/matters/1")
    copy = d.find_element(By.ID, "copy-name")
    copy.clear()
    copy.send_keys("Auxer follow-on 2002")
    d.find_element(By.ID, "copy-button").click()
    wait(d, lambda: d.find_elements(By.ID, "page-title"))
    assert "Auxer follow-on 2002" in d.find_element(By.CSS_SELECTOR, ".caption").text
    assert re.search(r"/matters/2/interview$", d.current_url)

    # Search by a word in the term sheet (the investor's counsel), and by name.
    d.get(d.base + "/?q=kishner")
    assert [a.text for a in d.find_elements(By.CSS_SELECTOR, "table.list td a")] == [
        "Auxer bridge financing 2001", "Auxer follow-on 2002"]
    d.get(d.base + "/?q=follow-on")
    assert [a.text for a in d.find_elements(By.CSS_SELECTOR, "table.list td a")] == ["Auxer follow-on 2002"]
    d.get(d.base + "/?q=Northwind")
    assert d.find_element(By.ID, "no-match").text == "No matter holds “Northwind”."
    shot(d, "matters-search")

    # Archived: out of the list, its versions and audit trail kept; restored.
    d.get(f"{d.base}/matters/1")
    d.find_element(By.ID, "archive-button").click()
    wait(d, lambda: d.find_elements(By.ID, "archived-link"))
    assert [a.text for a in d.find_elements(By.CSS_SELECTOR, "table.list td a")] == ["Auxer follow-on 2002"]
    d.find_element(By.ID, "archived-link").click()
    shot(d, "matters-archive")
    d.find_element(By.LINK_TEXT, "Auxer bridge financing 2001").click()
    assert d.find_elements(By.ID, "archived-note")
    # The document by its title, with the file its SHA-256 is of.
    assert "Registration Rights Agreement (TXT)\nregistration-rights-agreement.txt" in d.find_element(By.ID, "audit").text
    assert "Archived" in d.find_element(By.ID, "events").text
    shot(d, "matter-archived")
    d.find_element(By.ID, "archive-button").click()
    wait(d, lambda: not d.find_elements(By.ID, "archived-note"))
    d.get(d.base)
    assert len(d.find_elements(By.CSS_SELECTOR, "table.list td a")) == 2


OTHERS = """
other_investors:
  - name: Crestview Opportunity Fund, L.P.
    notices:
      address: {lines: [9 West 57th Street], city: New York, state: New York, postal_code: "10019"}
      attention: Priya Raman
  - name: Lakeshore Capital Partners LLC
    notices:
      address: {lines: [233 South Wacker Drive], city: Chicago, state: Illinois, postal_code: "60606"}
"""


def test_notices_go_to_several_recipients_or_all_investors_as_the_cli_allows(browser, tmp_path):
    import subprocess
    import sys

    from tests.conftest import EXAMPLE

    d = browser
    sheet = tmp_path / "three-investors.yaml"
    sheet.write_text(EXAMPLE.read_text(encoding="utf-8") + OTHERS, encoding="utf-8")
    d.get(d.base)
    d.find_element(By.ID, "upload-file").send_keys(str(sheet))
    d.find_element(By.CSS_SELECTOR, "form.upload button").click()
    wait(d, lambda: d.find_elements(By.ID, "f-company.name"))
    d.get(f"{d.base}/matters/1/versions/1/outputs")

    # A 2(a) notice goes to the Initial Investor only: nothing else is offered.
    offered = [e.get_attribute("value") for e in d.find_elements(By.CSS_SELECTOR, "#recipients input")]
    assert offered == ["initial-investor"]
    from selenium.webdriver.support.ui import Select
    Select(d.find_element(By.ID, "kind")).select_by_visible_text("Misstatement")
    d.find_element(By.ID, "choose-kind").click()
    wait(d, lambda: len(d.find_elements(By.CSS_SELECTOR, "#recipients input")) > 1)
    offered = [e.get_attribute("value") for e in d.find_elements(By.CSS_SELECTOR, "#recipients input")]
    assert offered == ["all-investors", "initial-investor", "crestview-opportunity-fund-l-p",
                       "lakeshore-capital-partners-llc"]
    shot(d, "notices-recipients")

    # Two of them.
    for key in ("crestview-opportunity-fund-l-p", "lakeshore-capital-partners-llc"):
        d.find_element(By.ID, f"to-{key}").click()
    d.find_element(By.ID, "notice-date").send_keys("05142001")
    d.find_element(By.ID, "make-notice").click()
    wait(d, lambda: d.find_elements(By.ID, "letters"))
    listed = [li.text.split(":")[0] for li in d.find_elements(By.CSS_SELECTOR, "#letters li")]
    assert listed == ["To Crestview Opportunity Fund, L.P.", "To Lakeshore Capital Partners LLC"]
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Misstatement notice")
    # The files keep the CLI's names, for the browser to save them under.
    saved_as = [a.get_attribute("download") for a in d.find_elements(By.XPATH, "//ul[@id='letters']//a[text()='DOCX']")]
    assert saved_as == ["notice-misstatement-crestview-opportunity-fund-l-p-2001-05-14.docx",
                        "notice-misstatement-lakeshore-capital-partners-llc-2001-05-14.docx"]
    shot(d, "notices-two-letters")
    letter = words(docx_text(download(d, "//ul[@id='letters']/li[2]//a[text()='DOCX']")))
    assert "Lakeshore Capital Partners LLC" in letter and "233 South Wacker Drive" in letter

    # All investors: the same letters as the CLI's --to all-investors.
    d.back()
    d.get(f"{d.base}/matters/1/versions/1/outputs?kind=misstatement")
    d.find_element(By.ID, "to-all-investors").click()
    d.find_element(By.ID, "notice-date").send_keys("05142001")
    d.find_element(By.ID, "make-notice").click()
    wait(d, lambda: d.find_elements(By.ID, "letters"))
    listed = sorted(a.get_attribute("download").removesuffix(".txt")
                    for a in d.find_elements(By.XPATH, "//ul[@id='letters']//a[text()='TXT']"))
    out = tmp_path / "cli"
    subprocess.run([sys.executable, "-m", "assembler", "notice", str(sheet), "--kind", "misstatement", "--to",
                    "all-investors", "--date", "2001-05-14", "--format", "txt", "--out", str(out)],
                   check=True, capture_output=True)
    assert listed == sorted(p.stem for p in out.glob("*.txt")) and len(listed) == 3


def test_a_page_with_a_missing_or_malformed_answer_stays_with_each_problem_at_its_question(browser):
    d = browser
    d.get(d.base + "/interview")
    others = d.find_element(By.ID, "q-_others")
    others.send_keys(Keys.BACKSPACE, "two")
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: d.find_elements(By.ID, "error-summary"))
    assert title(d) == "What this deal needs"
    assert d.find_element(By.ID, "error-summary").text.endswith(
        "How many investors besides the Initial Investor?: enter a whole number, such as 30.")
    field = d.find_element(By.ID, "q-_others")
    assert field.get_attribute("aria-invalid") == "true"
    assert "q-_others-error" in field.get_attribute("aria-describedby")
    field.clear()
    field.send_keys("0")
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "The company")
    d.find_element(By.ID, "q-company-jurisdiction").send_keys("Nevada")
    d.find_element(By.ID, "continue").click()          # the name left empty
    wait(d, lambda: d.find_elements(By.ID, "error-summary"))
    summary = d.find_element(By.ID, "error-summary")
    assert "The company's full legal name: this is needed" in summary.text
    assert d.find_element(By.ID, "q-company-jurisdiction").get_attribute("value") == "Nevada"  # nothing lost
    assert d.find_element(By.ID, "q-company-jurisdiction").get_attribute("aria-invalid") is None
    assert d.find_element(By.ID, "q-company-name").get_attribute("aria-required") == "true"
    shot(d, "interview-problem-on-the-page")
    from tests.web.test_every_screen import axe_violations, problems_in  # issue 24's scan and axe here too
    assert problems_in(d.execute_script("return document.body.innerText")) == [] and axe_violations(d) == []
    summary.find_element(By.LINK_TEXT, "The company's full legal name: this is needed; give it, or go back and "
                                       "leave out the part that needs it.").click()
    assert d.switch_to.active_element.get_attribute("id") == "q-company-name"
    d.switch_to.active_element.send_keys("Northwind Robotics, Inc.")
    d.find_element(By.ID, "continue").click()
    wait(d, lambda: title(d) == "The company's principal office")
