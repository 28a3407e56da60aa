"""Issue 24, point 1, in Debian's headless Chromium: the workbench never loses a lawyer's work.

Two tabs saving from one version meet a merge page, not a silent overwrite; edits typed before a
server restart are saved after it, and come back when the form is opened again; leaving with unsaved
edits warns; an indicator says saved or unsaved; Enter in a field never saves.
"""
from __future__ import annotations

import re
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.web.browser import chromium, free_port, served
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.test_browser import SHOTS, preview_text, retype, shot


def wait(driver, condition, timeout=20):
    """Until ``condition()``; a frame swapped by htmx while it is read is just read again."""
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(
        lambda d: condition())

FILING = "f-registration.filing_deadline_days"
EFFECTIVE = "f-registration.effectiveness_deadline_days"


@pytest.fixture
def driver(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    SHOTS.mkdir(exist_ok=True)
    with chromium(downloads) as d:
        yield d


def term_sheet(base: str, matter: int, number: int) -> str:
    with urllib.request.urlopen(f"{base}/matters/{matter}/versions/{number}/termsheet.yaml") as response:
        return response.read().decode()


def fact(text: str, key: str) -> str:
    return re.search(rf"^\s*{key}: (.*)$", text, re.M).group(1)


def new_example(d, base: str) -> None:
    d.get(base)
    d.find_element(By.ID, "new-from-example").click()
    wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))


def status(d) -> str:
    return d.find_element(By.ID, "save-status").text


def warns_on_leaving(d) -> bool:
    """Whether the page would ask before it is left: its beforeunload handler cancels the event.
    (Headless Chromium under chromedriver leaves without showing the dialog, so the page's own
    answer is what is asked for, by dispatching the event the browser sends on leaving.)"""
    return d.execute_script("var e = new Event('beforeunload', {cancelable: true});"
                            "window.dispatchEvent(e); return e.defaultPrevented;")


def test_two_tabs_saving_from_one_version_meet_a_merge_page(driver, tmp_path):
    d = driver
    with served(tmp_path / "ws") as base:
        new_example(d, base)
        first = d.current_window_handle
        d.switch_to.new_window("tab")
        d.get(f"{base}/matters/1/edit")
        wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
        retype(d, FILING, "60")
        retype(d, EFFECTIVE, "150")
        wait(d, lambda: "(150)" in preview_text(d))
        d.switch_to.window(first)
        retype(d, FILING, "45")
        wait(d, lambda: "(45)" in preview_text(d))
        d.find_element(By.ID, "save").click()
        wait(d, lambda: d.find_elements(By.ID, "saved"))
        assert d.find_element(By.ID, "saved").text == "Saved as version 2."

        # The second tab, still on version 1, saves: nothing is overwritten; both sides are shown.
        d.switch_to.window([h for h in d.window_handles if h != first][0])
        d.find_element(By.ID, "save").click()
        wait(d, lambda: d.find_elements(By.ID, "changes"))
        assert "Nothing was saved yet. You started from version 1" in d.find_element(By.ID, "conflict").text
        rows = {r.find_element(By.TAG_NAME, "th").text: [c.text for c in r.find_elements(By.TAG_NAME, "td")]
                for r in d.find_elements(By.CSS_SELECTOR, "#changes tbody tr")}
        filing = next(v for k, v in rows.items() if "Filing deadline" in k)
        effective = next(v for k, v in rows.items() if "Effectiveness deadline" in k)
        assert filing[:3] == ["30", "60", "45"]            # version 1, yours, version 2's
        assert effective[:3] == ["120", "150", "unchanged"]
        assert "Yours: 150" in effective[3]
        assert len(rows) == 2
        shot(d, "20-merge-page")
        # Saving without choosing where both changed the same fact: asked again, with a summary.
        d.find_element(By.ID, "save-merged").click()
        wait(d, lambda: d.find_elements(By.ID, "error-summary"))
        assert "choose which value stands" in d.find_element(By.ID, "error-summary").text
        shot(d, "21-merge-page-choice-missing")
        d.find_element(By.ID, "error-summary").find_element(By.TAG_NAME, "a").click()
        chosen = d.switch_to.active_element
        assert chosen.get_attribute("value") == "mine"
        chosen.click()
        d.find_element(By.ID, "save-merged").click()
        wait(d, lambda: d.find_elements(By.ID, "saved"))
        assert d.find_element(By.ID, "saved").text == "Saved as version 3."
        merged = term_sheet(base, 1, 3)
        assert fact(merged, "filing_deadline_days") == "60" and fact(merged, "effectiveness_deadline_days") == "150"
        assert fact(term_sheet(base, 1, 2), "filing_deadline_days") == "45"  # the other's save is kept as it was


def test_edits_survive_a_restart_and_save_after_it(driver, tmp_path):
    d = driver
    port = free_port()
    with served(tmp_path / "ws", port=port) as base:
        new_example(d, base)
        assert status(d) == "No unsaved changes"
        retype(d, FILING, "77")
        wait(d, lambda: "(77)" in preview_text(d))
        assert status(d) == "Unsaved changes (kept as a draft)"
    # The server is stopped and started again; the page stays open in the browser.
    with served(tmp_path / "ws", port=port) as base:
        retype(d, EFFECTIVE, "155")
        wait(d, lambda: "(155)" in preview_text(d))  # the preview still follows the form
        d.find_element(By.ID, "save").click()       # and Save keeps every keystroke: no stale-form refusal
        wait(d, lambda: d.find_elements(By.ID, "saved"))
        assert d.find_element(By.ID, "saved").text == "Saved as version 2."
        saved = term_sheet(base, 1, 2)
        assert fact(saved, "filing_deadline_days") == "77" and fact(saved, "effectiveness_deadline_days") == "155"

        # Typed, not saved, and the server restarts while the tab is closed: the form brings it back.
        d.get(f"{base}/matters/1/edit")
        wait(d, lambda: "(77)" in preview_text(d))
        retype(d, FILING, "88")
        wait(d, lambda: "(88)" in preview_text(d))
    with served(tmp_path / "ws", port=port) as base:
        d.get(f"{base}/matters/1/edit")
        wait(d, lambda: d.find_elements(By.ID, "restored"))
        assert "Your unsaved changes from" in d.find_element(By.ID, "restored").text
        assert d.find_element(By.ID, FILING).get_attribute("value") == "88"
        assert status(d) == "Unsaved changes (kept as a draft)"
        wait(d, lambda: "(88)" in preview_text(d))
        shot(d, "22-unsaved-edits-restored")
        d.find_element(By.ID, "discard").click()
        wait(d, lambda: not d.find_elements(By.ID, "restored"))
        assert d.find_element(By.ID, FILING).get_attribute("value") == "77"
        assert status(d) == "No unsaved changes"


def test_leaving_with_unsaved_edits_warns_and_enter_never_saves(driver, tmp_path):
    d = driver
    with served(tmp_path / "ws") as base:
        new_example(d, base)
        assert not warns_on_leaving(d)  # nothing typed: no warning
        field = d.find_element(By.ID, "f-company.name")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        field.send_keys(" Holdings", Keys.ENTER)
        wait(d, lambda: "Holdings" in preview_text(d))
        assert d.current_url == f"{base}/matters/1/edit"   # Enter did not submit
        assert status(d) == "Unsaved changes (kept as a draft)"
        shot(d, "23-unsaved-indicator")
        for other in ("f-registration.filing_deadline_days", "f-agreement.date.year"):
            if d.find_elements(By.ID, other):
                d.find_element(By.ID, other).send_keys(Keys.ENTER)
        assert d.current_url == f"{base}/matters/1/edit"
        assert warns_on_leaving(d)                      # unsaved: the browser asks before leaving
        d.find_element(By.ID, "save").click()
        wait(d, lambda: d.find_elements(By.ID, "saved"))  # saving is leaving without a warning
        d.get(f"{base}/matters/1/edit")
        assert not warns_on_leaving(d)
        d.get(f"{base}/matters/1")
        assert len(d.find_elements(By.CSS_SELECTOR, "#versions tbody tr")) == 2  # Enter saved nothing; Save did
