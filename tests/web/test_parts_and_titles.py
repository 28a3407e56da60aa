"""In Debian's headless Chromium: a charter, investors and amendments are parts a lawyer adds and
removes in the full form; documents are named by their titles wherever a lawyer reads them; the
compare page's redline pane shows the document alone, with a way from change to change, and a
legend naming versions."""
from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.web.test_browser import browser, preview_text, retype, shot, wait  # noqa: F401  (fixture)

# The example's documents, by the titles its assemblies give them (written out here by hand).
TITLES = ["Registration Rights Agreement", "Certificate of Incorporation",
          "Certificate of Amendment of Certificate of Incorporation Before Payment of Any Part of the Capital "
          "(No. 1, August 28, 1997)",
          "Certificate of Amendment of Certificate of Incorporation (No. 2, March 19, 1999)"]
SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")  # a file name: certificate-of-incorporation


def click(d, element_id: str) -> None:
    button = d.find_element(By.ID, element_id)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def picker(d) -> list[str]:
    return [o.text for o in Select(d.find_element(By.ID, "preview-document")).options]


def save(d, number: int) -> None:
    click(d, "save")
    wait(d, lambda: d.find_elements(By.ID, "saved"), timeout=30)
    assert d.find_element(By.ID, "saved").text == f"Saved as version {number}."


def change(d, number: int) -> str:
    """A change's marked words: its first mark and the marks right after it."""
    return d.execute_script("""
        let mark = document.getElementById(arguments[0]), text = "";
        while (mark && (mark.tagName === "INS" || mark.tagName === "DEL")) {
            text += mark.tagName + ":" + mark.textContent + " "; mark = mark.nextElementSibling; }
        return text;""", f"change-{number}")


def new_example(d) -> None:
    d.get(d.base)
    d.find_element(By.ID, "new-from-example").click()
    wait(d, lambda: d.find_elements(By.ID, "preview-frame") and "REGISTRATION RIGHTS AGREEMENT" in preview_text(d),
         timeout=30)


def test_the_full_form_adds_and_removes_the_charter_investors_and_amendments(browser):
    d = browser
    new_example(d)
    assert picker(d) == TITLES
    # Each part has its add button; what the deal has, its remove button.
    for part in ("other_investors", "agreement.amendments", "charter.amendments"):
        assert d.find_element(By.ID, f"add-{part}").is_displayed()
    assert d.find_element(By.ID, "remove-charter").text == "Remove the certificate of incorporation"
    click(d, "add-other_investors")
    wait(d, lambda: d.find_elements(By.ID, "f-other_investors.0.name"))
    removes = [b.get_attribute("aria-label") for b in d.find_elements(By.CSS_SELECTOR, "#f-other_investors > .item > button.remove")]
    assert removes == ["Remove investor 1 (Other investors)"]
    click_first = d.find_element(By.CSS_SELECTOR, "#f-other_investors > .item > button.remove")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", click_first)
    click_first.click()
    wait(d, lambda: not d.find_elements(By.ID, "f-other_investors.0.name"))

    # Without a charter: no charter fields, no charter amendments, no charter documents to preview.
    click(d, "remove-charter")
    wait(d, lambda: d.find_elements(By.ID, "add-charter"))
    shot(d, "form-without-charter")
    assert d.find_element(By.ID, "add-charter").text == "Add a certificate of incorporation"
    assert not d.find_elements(By.ID, "f-charter.name") and not d.find_elements(By.ID, "add-charter.amendments")
    assert picker(d) == TITLES[:1]
    save(d, 2)
    d.get(f"{d.base}/matters/1/versions/2/outputs")
    page = d.find_element(By.TAG_NAME, "main").text
    assert "Conformed charter" not in page and "Certificate" not in page
    assert [r.text for r in d.find_elements(By.CSS_SELECTOR, "#downloads tbody td:first-child")] == TITLES[:1]

    # Added back: its fields, empty, to fill (or remove again); saving it half-filled is refused.
    d.get(f"{d.base}/matters/1/edit")
    click(d, "add-charter")
    wait(d, lambda: d.find_elements(By.ID, "remove-charter"))
    assert d.find_element(By.ID, "f-charter.name").get_attribute("value") == ""
    assert d.find_element(By.ID, "add-charter.amendments").is_displayed()
    shot(d, "form-charter-added")
    click(d, "save")
    wait(d, lambda: d.find_elements(By.ID, "error-summary"), timeout=30)
    assert "Name in the charter: this is needed" in d.find_element(By.ID, "error-summary").text


def test_documents_are_named_by_their_titles_and_the_redline_pane_is_the_document_alone(browser):
    d = browser
    new_example(d)
    retype(d, "f-registration.filing_deadline_days", "45")
    retype(d, "f-registration.effectiveness_deadline_days", "150")
    wait(d, lambda: "forty-five (45)" in preview_text(d), timeout=30)
    assert re.fullmatch(r"Preview of Registration Rights Agreement",
                        d.find_element(By.ID, "preview-frame").get_attribute("title"))
    save(d, 2)

    d.get(f"{d.base}/matters/1/versions/2/outputs")
    rows = d.find_elements(By.CSS_SELECTOR, "#downloads tbody tr")
    assert [r.find_element(By.CSS_SELECTOR, "td").text for r in rows] == TITLES
    # File names only where the browser saves a file.
    first = rows[0].find_element(By.CSS_SELECTOR, "a")
    assert first.get_attribute("download") == "registration-rights-agreement.docx"
    assert first.get_attribute("aria-label") == "Registration Rights Agreement, DOCX"
    assert not SLUG.search(d.find_element(By.ID, "downloads").text)
    shot(d, "documents-by-title")

    d.get(f"{d.base}/matters/1/compare?a=1&b=2")
    options = Select(d.find_element(By.ID, "document")).options
    assert [o.text for o in options] == TITLES
    assert d.find_element(By.CSS_SELECTOR, "main h2:nth-of-type(2)").text == "Redline: Registration Rights Agreement"
    versions = [o.text for o in Select(d.find_element(By.ID, "a")).options]
    assert len(versions) == 2 and all(re.fullmatch(r"Version [12], saved \d{4}-\d\d-\d\d \d\d:\d\d UTC", v)
                                      for v in versions), versions
    shot(d, "compare-redline-pane")
    d.switch_to.frame(d.find_element(By.CSS_SELECTOR, "iframe.redline"))
    try:
        body = d.find_element(By.TAG_NAME, "body").text
        lines = [line for line in body.splitlines() if line.strip()]
        # The document starts at once: the count of changes, then its title; no page number, no footer.
        assert lines[0] == "2 changes. Go to the first change", lines[:3]
        assert lines[1] == "REGISTRATION RIGHTS AGREEMENT", lines[:3]
        assert "REDLINE" not in body and not d.find_elements(By.CLASS_NAME, "page-footer")
        legend = lines[2]
        assert re.fullmatch(r"Redline of version 2, saved \d{4}-\d\d-\d\d \d\d:\d\d UTC against version 1, saved "
                            r"\d{4}-\d\d-\d\d \d\d:\d\d UTC: insertions are underlined, deletions struck through, "
                            r"each a tracked change", legend), legend
        assert ".yaml" not in body
        # From the top to each change and back.
        d.find_element(By.ID, "first-change").click()
        wait(d, lambda: d.execute_script("return location.hash") == "#change-1")
        assert "(45)" in change(d, 1) and "(30)" in change(d, 1)
        d.find_element(By.CSS_SELECTOR, "a[aria-label='Next change (change 2 of 2)']").click()
        wait(d, lambda: d.execute_script("return location.hash") == "#change-2")
        assert "(150)" in change(d, 2) and "(120)" in change(d, 2)
        d.find_element(By.CSS_SELECTOR, "a[aria-label='Previous change (change 1 of 2)']").click()
        wait(d, lambda: d.execute_script("return location.hash") == "#change-1")
    finally:
        d.switch_to.default_content()
