"""Issue 24, point 2, in Debian's headless Chromium: errors as a good form gives them."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.web.browser import chromium, served
from tests.web.test_browser import SHOTS, preview_text, retype
from tests.web.test_no_lost_work import wait

EXPECTED = ["Date of the agreement: 2026 has no 30 February",
            "Filing deadline: enter a whole number of days, such as 30",
            "Effectiveness deadline: enter a whole number of days more than 0 and no more than 100,000, such as 30"]


@pytest.fixture
def driver(tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with chromium(tmp_path) as d:
        yield d


def test_every_error_at_once_the_preview_out_of_date_and_a_lawyers_words(driver, tmp_path):
    d = driver
    with served(tmp_path / "ws") as base:
        d.get(base)
        d.find_element(By.ID, "new-from-example").click()
        wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
        retype(d, "f-agreement.date", "30")
        retype(d, "f-agreement.date.month", "2")
        retype(d, "f-agreement.date.year", "2026")
        retype(d, "f-registration.filing_deadline_days", "thirty")
        retype(d, "f-registration.effectiveness_deadline_days", "0")
        # While typing: the preview is marked out of date and lists them all; each is at its field.
        wait(d, lambda: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#preview-error li")] == EXPECTED)
        assert "Out of date." in d.find_element(By.ID, "preview-error").text
        frame = d.find_element(By.ID, "preview-frame")
        assert "stale" in frame.get_attribute("class") and frame.get_attribute("title").endswith("(out of date)")
        assert "January 16, 2001" in preview_text(d)  # the last good draft, never "February 30" as another day
        assert "2026" not in preview_text(d) and "March 2, 2026" not in preview_text(d)
        wait(d, lambda: d.find_element(By.ID, "err-registration.filing_deadline_days").text == EXPECTED[1])
        for box in ("f-agreement.date", "f-agreement.date.month", "f-agreement.date.year"):
            assert d.find_element(By.ID, box).get_attribute("aria-invalid") == "true"

        # Save: nothing saved; every problem in a summary at the top, which has the focus.
        save = d.find_element(By.ID, "save")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
        save.click()
        wait(d, lambda: d.find_elements(By.ID, "error-summary"))
        summary = d.find_element(By.ID, "error-summary")
        assert summary.find_element(By.TAG_NAME, "h2").text == "There are 3 problems: nothing was saved"
        assert [a.text for a in summary.find_elements(By.TAG_NAME, "a")] == EXPECTED
        assert d.switch_to.active_element.get_attribute("id") == "error-summary"
        for field, message in (("agreement.date", EXPECTED[0]), ("registration.filing_deadline_days", EXPECTED[1])):
            assert d.find_element(By.ID, f"err-{field}").text == message
        d.save_screenshot(str(SHOTS / "40-every-error-on-save.png"))
        # Each link takes the lawyer into its field.
        summary.find_elements(By.TAG_NAME, "a")[1].click()
        assert d.switch_to.active_element.get_attribute("id") == "f-registration.filing_deadline_days"
        assert d.switch_to.active_element.get_attribute("value") == "thirty"  # as typed, kept

        # Fixed, one by one: the messages go, and with the last the preview follows the form again.
        retype(d, "f-registration.filing_deadline_days", "30")
        retype(d, "f-registration.effectiveness_deadline_days", "120")
        wait(d, lambda: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#preview-error li")] == EXPECTED[:1])
        assert d.find_element(By.ID, "err-registration.filing_deadline_days").text == ""
        assert d.find_element(By.ID, "f-registration.filing_deadline_days").get_attribute("aria-invalid") is None
        retype(d, "f-agreement.date.month", "3")
        wait(d, lambda: "March 30, 2026" in preview_text(d))
        assert not d.find_elements(By.ID, "preview-error")
        assert "stale" not in d.find_element(By.ID, "preview-frame").get_attribute("class")
        assert not d.find_element(By.ID, "error-summary").is_displayed()
