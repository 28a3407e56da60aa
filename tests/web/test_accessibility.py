"""Issue 24, points 9 and 8, in Debian's headless Chromium: what a screen reader and a keyboard
meet in the form, and what a visitor without the token meets at sign-in."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.web.browser import chromium, served
from tests.web.test_browser import SHOTS, preview_text, retype
from tests.web.test_every_screen import axe_violations, problems_in
from tests.web.test_no_lost_work import wait


@pytest.fixture
def driver(tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with chromium(tmp_path) as d:
        yield d


def accessible_name(d, element) -> str:
    return d.execute_script("""
        const e = arguments[0];
        return (e.getAttribute('aria-label') || e.textContent).trim().replace(/\\s+/g, ' ');""", element)


def test_required_invalid_described_skip_link_and_unique_button_names(driver, tmp_path):
    d = driver
    with served(tmp_path / "ws") as base:
        d.get(base)
        d.find_element(By.ID, "new-from-example").click()
        wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
        # Required fields say so to assistive technology, not only with a hidden star.
        name = d.find_element(By.ID, "f-company.name")
        assert name.get_attribute("aria-required") == "true"
        assert d.find_element(By.ID, "f-agreement.date").get_attribute("aria-required") == "true"
        assert d.find_element(By.ID, "f-company.notices.attention").get_attribute("aria-required") is None
        required = d.find_elements(By.CSS_SELECTOR, "#termsheet-form [aria-required=true]")
        stars = d.find_elements(By.CSS_SELECTOR, "#termsheet-form .req")
        assert len(required) >= len(stars) > 20

        # A wrong value: the field is invalid, and described by its help and its message.
        retype(d, "f-registration.filing_deadline_days", "soon")
        field = d.find_element(By.ID, "f-registration.filing_deadline_days")
        wait(d, lambda: field.get_attribute("aria-invalid") == "true")
        described = field.get_attribute("aria-describedby").split()
        assert described == ["help-registration.filing_deadline_days", "err-registration.filing_deadline_days"]
        message = d.find_element(By.ID, described[1]).text
        assert message == "Filing deadline: enter a whole number of days, such as 30"

        # The first Tab reaches the skip link, and following it puts the focus on the preview.
        d.get(f"{base}/matters/1/edit?version=1")
        wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        skip = d.switch_to.active_element
        assert skip.text == "Skip to the preview" and skip.get_attribute("href").endswith("#preview")
        skip.send_keys(Keys.ENTER)
        wait(d, lambda: d.switch_to.active_element.get_attribute("id") == "preview")
        d.save_screenshot(str(SHOTS / "30-skip-link-to-preview.png"))

        # Every button's accessible name is its own: "Remove line 2 (The initial investor › … › Street address)".
        add = d.find_element(By.ID, "add-other_investors")
        assert accessible_name(d, add) == "Add investor (Other investors)"
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
        add.click()
        wait(d, lambda: d.find_elements(By.ID, "f-other_investors.0.name"))
        retype(d, "f-other_investors.0.name", "First Capital LP")
        add = d.find_element(By.ID, "add-other_investors")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
        add.click()
        wait(d, lambda: d.find_elements(By.ID, "f-other_investors.1.name"))
        buttons = d.find_elements(By.CSS_SELECTOR, "#termsheet-form button:not([disabled])")
        names = [accessible_name(d, b) for b in buttons]
        repeated = sorted({n for n in names if names.count(n) > 1})
        assert repeated == []
        assert "Remove investor 2 (Other investors)" in names
        assert "Remove line 2 (The initial investor › Notices to the investor › Notice address › Street address)" in names
        assert len(names) > 20


def test_wrong_tokens_in_the_browser_are_slowed_then_refused(driver, tmp_path):
    from assembler.web.security import LOGIN_LIMIT

    d = driver
    with served(tmp_path / "ws", token="s3cret", local_only=False) as base:
        d.get(base)
        page = d.find_element(By.TAG_NAME, "body").text
        assert "Signed in" not in page
        assert f"After {LOGIN_LIMIT} wrong tokens within a minute, sign-in from this computer is paused" in page
        for _ in range(LOGIN_LIMIT):
            d.find_element(By.ID, "token").send_keys("guess", Keys.ENTER)
            wait(d, lambda: "That token is not right." in d.find_element(By.TAG_NAME, "main").text)
        d.find_element(By.ID, "token").send_keys("s3cret", Keys.ENTER)  # right, but too late
        wait(d, lambda: "Sign-in is paused" in d.find_element(By.TAG_NAME, "main").text)
        d.save_screenshot(str(SHOTS / "31-sign-in-paused.png"))
        assert "Signed in" not in d.find_element(By.TAG_NAME, "body").text
        assert axe_violations(d) == []
        assert problems_in(d.execute_script("return document.body.innerText")) == []
