"""Amending the signed agreement by editing it, in Chromium: the workbench writes the amendment, and
its instrument, conformed copy and redline are ``assembler amend``'s of the exported term sheet."""
from __future__ import annotations

import subprocess
import sys

import yaml
from selenium.webdriver.common.by import By

from tests.web.test_browser import browser, download, shot, wait, words  # noqa: F401 (a fixture)

NEW_EXPENSES = ("All expenses of registration, including the reasonable fees of one counsel for the Investors "
                "up to $25,000 & no more, shall be borne by the Company.")
STEMS = ("registration-rights-agreement-amendment-1", "registration-rights-agreement-conformed-through-amendment-1",
         "registration-rights-agreement-redline-amendment-1")


def test_an_amendment_made_by_editing_the_signed_agreement_is_the_clis(browser, tmp_path):
    d = browser
    d.get(d.base)
    d.find_element(By.ID, "new-from-example").click()
    wait(d, lambda: d.find_elements(By.ID, "f-company.name"))
    d.get(f"{d.base}/matters/1/versions/1/outputs")
    d.find_element(By.ID, "amend-link").click()
    wait(d, lambda: d.find_elements(By.ID, "amend-form"))
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Amendment No. 1 to the agreement")

    # The amendment's own facts.
    date = d.find_element(By.ID, "amend-date")
    date.send_keys("06012001")
    d.find_element(By.ID, "amend-investors").send_keys("Perrin, Holden & Davenport Capital Corp.")
    d.find_element(By.ID, "amend-percent").send_keys("75")
    # A fact changed in place: the filing deadline; and one added: the investor's attention line.
    deadline = d.find_element(By.ID, "fact-registration-filing_deadline_days")
    assert deadline.get_attribute("value") == "30"
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", deadline)
    deadline.clear()
    deadline.send_keys("45")
    attention = d.find_element(By.ID, "fact-investor-notices-attention")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", attention)
    attention.clear()
    attention.send_keys("Jane Q. Doe")
    # A section's words changed in place.
    expenses = d.find_element(By.ID, "section-rr-expenses")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", expenses)
    assert "shall be borne by the Company" in expenses.get_attribute("value")
    expenses.clear()
    expenses.send_keys(NEW_EXPENSES)
    shot(d, "amend-by-editing")
    d.find_element(By.ID, "make-amendment").click()
    wait(d, lambda: d.find_elements(By.ID, "amendments"))
    assert "Amendment No. 1" in d.find_element(By.ID, "amendments").text
    shot(d, "amend-saved")

    # What the workbench wrote, in the version's term sheet.
    # (read over HTTP: the browser saves it under the version's name, not the link's)
    import httpx
    sheet = tmp_path / "matter-1-version-2.yaml"
    sheet.write_bytes(httpx.get(f"{d.base}/matters/1/versions/2/termsheet.yaml").content)
    amendment = yaml.safe_load(sheet.read_text(encoding="utf-8"))["agreement"]["amendments"][0]
    assert amendment["changes"] == {"registration.filing_deadline_days": 45, "investor.notices.attention": "Jane Q. Doe"}
    assert amendment["clauses"] == {"rr.expenses": "<p>All expenses of registration, including the reasonable fees "
                                                   "of one counsel for the Investors up to $25,000 &amp; no more, "
                                                   "shall be borne by the Company.</p>"}
    assert amendment["approval"] == {"company": True, "investors": ["Perrin, Holden & Davenport Capital Corp."],
                                     "percent_of_registrable_securities": 75}

    # The three documents from the workbench equal the CLI's, of that exported term sheet.
    out = tmp_path / "cli"
    subprocess.run([sys.executable, "-m", "assembler", "amend", str(sheet), "--number", "1", "--format", "txt,docx",
                    "--out", str(out)], check=True, capture_output=True)
    d.get(f"{d.base}/matters/1/versions/2/outputs")
    for stem in STEMS:
        got = download(d, f"//ul[@id='amendments']//a[contains(@href, '/{stem}.txt')]")
        assert got.read_bytes() == (out / f"{stem}.txt").read_bytes(), stem
    instrument = words((out / f"{STEMS[0]}.txt").read_text())
    assert "forty-five (45)" in instrument.lower() and "Jane Q. Doe" in instrument
    assert "up to $25,000 & no more, shall be borne by the Company" in instrument
    docx = download(d, f"//ul[@id='amendments']//a[contains(@href, '/{STEMS[1]}.docx')]")
    from tests.conftest import docx_text
    assert words(docx_text(docx)) == words(docx_text(out / f"{STEMS[1]}.docx"))
