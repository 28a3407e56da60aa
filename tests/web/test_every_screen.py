"""Issue 24, points 3, 8, 9 and 11, in Debian's headless Chromium: every screen of the workbench,
visited as a lawyer reaches it, is screenshotted, scanned for programmer's language, and checked
by axe-core (vendored for the tests only, tests/web/vendor/) with no violation.

One walk visits them all (sign-in, matters, the form with its preview and findings, the form with
errors and out of date, restored edits, the merge page, the version page, review, documents,
notices, compare with its redline, a build that fails, a blank matter, an upload too large).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.web.browser import chromium, served
from tests.web.test_browser import SHOTS, preview_text, retype
from tests.web.test_no_lost_work import wait

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TOKEN = "correct horse battery staple"
# What a page for a lawyer never says.
FORBIDDEN = {
    "a dotted path": re.compile(r"\b(?:company|agreement|investor|other_investors|securities|placement_agent|"
                                r"registration|company_obligations|investor_obligations|rule_144|governing_law|"
                                r"charter|house_style|joinder)(?:\.|\[)\w"),
    "a field's key": re.compile(r"\b[a-z]+_[a-z0-9_]+\b"),
    "a CLI flag": re.compile(r"(?<![\w-])--[a-z]"),
    "the seed": re.compile(r"\bseed\b", re.I),
    "a code example": re.compile(r"\['|\{\s*\w+:|\w: (?:true|false)\b|e\.g\. '"),
    "a file and line": re.compile(r"\.(?:yaml|json):\d+"),
    # (a file's or a party's name as the CLI spells it; not the agreement's own "out-of-pocket")
    "a file name or a CLI key": re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*-(?:agreement|incorporation|amendment|"
                                           r"redline|notice|investors?|version)\b"),
    "library wording": re.compile(r"input should|pydantic|value error|string should|unable to parse", re.I),
}


def problems_in(text: str) -> list[str]:
    return [f"{what}: {match.group(0)!r} in …{text[max(0, match.start() - 40):match.end() + 40]!r}…"
            for what, pattern in FORBIDDEN.items() for match in pattern.finditer(text)]


def axe_violations(d) -> list[str]:
    d.set_script_timeout(120)
    if not d.execute_script("return typeof window.axe !== 'undefined'"):
        d.execute_script(AXE.read_text(encoding="utf-8"))
    return d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v =>
            v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
            v.nodes.slice(0, 4).map(n => n.target.join(' > ')).join(' | '))),
            e => done(['axe failed: ' + e]));""")


class Walk:
    def __init__(self, d):
        self.d = d
        self.found: list[str] = []
        self.screens: list[str] = []

    def screen(self, name: str, names_facts: bool = False) -> None:
        """Screenshot, scan and check the page as it is now. ``names_facts``: the page shows the names
        a library gives its facts (the import of a precedent, whose library is being made there),
        each beside its words; only those names may be keys."""
        d = self.d
        self.screens.append(name)
        d.save_screenshot(str(SHOTS / f"screen-{len(self.screens):02d}-{name}.png"))
        text = d.execute_script("""
            let text = document.body.innerText;
            if (arguments[0]) for (const key of document.querySelectorAll('#import-facts td code')) text = text.replace(key.innerText, '');
            // What the fields hold is read too: a value the page puts there (YAML, a path) is shown to the lawyer.
            for (const field of document.querySelectorAll('input:not([type=hidden]):not([type=password]):not([type=checkbox]):not([type=radio]):not([type=submit]), textarea'))
                text += ' ' + field.value;
            return text;""", names_facts)
        self.found += [f"{name}: {p}" for p in problems_in(text)]
        self.found += [f"{name}: axe: {v}" for v in axe_violations(d)]


@pytest.fixture
def walk(tmp_path):
    SHOTS.mkdir(exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with served(tmp_path / "ws", token=TOKEN, local_only=False) as base, chromium(downloads) as d:
        d.base = base
        yield Walk(d)


def scroll_to(d, element_id: str):
    element = d.find_element(By.ID, element_id)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    return element


def test_every_screen_speaks_plainly_and_passes_axe(walk, tmp_path):
    w, d = walk, walk.d
    d.get(d.base)
    assert d.current_url.endswith("/login")
    assert "Signed in" not in d.find_element(By.TAG_NAME, "body").text
    w.screen("sign-in")
    d.find_element(By.ID, "user").send_keys("Pat Lawyer")
    d.find_element(By.ID, "token").send_keys(TOKEN, Keys.ENTER)
    wait(d, lambda: d.find_elements(By.ID, "new-from-example"))
    w.screen("matters")

    # An upload too large: refused on the same page, with the limit the page states.
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 2_100_000)
    d.find_element(By.ID, "upload-file").send_keys(str(big))
    d.find_element(By.CSS_SELECTOR, "form.upload button").click()
    wait(d, lambda: "Nothing was uploaded" in d.find_element(By.TAG_NAME, "main").text)
    stated = re.search(r"at most ([\d,]+) bytes\)", d.find_element(By.CSS_SELECTOR, "form.upload label").text).group(1)
    assert f"a term sheet may be at most {stated} bytes" in d.find_element(By.CSS_SELECTOR, "p.error").text
    w.screen("upload-too-large")

    d.find_element(By.ID, "new-from-example").click()
    wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
    wait(d, lambda: d.find_elements(By.ID, "findings"))
    w.screen("form-and-preview")

    # Errors: out of date while typing, then every one at once on Save.
    retype(d, "f-registration.filing_deadline_days", "thirty")
    retype(d, "f-agreement.date", "30")
    retype(d, "f-agreement.date.month", "2")
    retype(d, "f-agreement.date.year", "2026")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "#preview-frame.stale"))
    wait(d, lambda: "2026 has no 30 February" in d.find_element(By.ID, "err-agreement.date").text)
    # The preview's pane is swapped as each edit's preview comes back: read it once it has settled.
    wait(d, lambda: "Out of date." in d.find_element(By.ID, "preview-error").text)
    w.screen("form-out-of-date")
    scroll_to(d, "save").click()
    wait(d, lambda: d.find_elements(By.ID, "error-summary"))
    w.screen("form-errors-on-save")
    d.get(f"{d.base}/matters/1/edit")
    wait(d, lambda: d.find_elements(By.ID, "restored"))
    w.screen("form-restored-edits")
    scroll_to(d, "discard").click()
    wait(d, lambda: not d.find_elements(By.ID, "restored") and d.find_elements(By.ID, "save"))

    # A second version, from another tab meanwhile: the merge page.
    first = d.current_window_handle
    d.switch_to.new_window("tab")
    d.get(f"{d.base}/matters/1/edit")
    wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
    retype(d, "f-registration.filing_deadline_days", "60")
    wait(d, lambda: "(60)" in preview_text(d))
    d.switch_to.window(first)
    retype(d, "f-registration.filing_deadline_days", "45")
    wait(d, lambda: "(45)" in preview_text(d))
    scroll_to(d, "save").click()
    wait(d, lambda: d.find_elements(By.ID, "saved"))
    w.screen("matter-versions")
    d.switch_to.window([h for h in d.window_handles if h != first][0])
    scroll_to(d, "save").click()
    wait(d, lambda: d.find_elements(By.ID, "changes"))
    w.screen("merge")
    d.find_element(By.ID, "save-merged").click()
    wait(d, lambda: d.find_elements(By.ID, "error-summary"))
    w.screen("merge-choice-missing")
    d.close()
    d.switch_to.window(first)

    d.get(f"{d.base}/matters/1/versions/2/review")
    w.screen("review")
    d.get(f"{d.base}/matters/1/versions/2/outputs")
    w.screen("documents")
    Select(d.find_element(By.ID, "kind")).select_by_visible_text("Effectiveness")
    d.find_element(By.ID, "choose-kind").click()  # the kind first, then only the parties it may go to
    wait(d, lambda: d.find_element(By.ID, "to-initial-investor").is_selected())
    w.screen("notice-recipients")
    d.find_element(By.ID, "make-notice").click()
    wait(d, lambda: d.find_elements(By.ID, "letters"))
    w.screen("notices")
    d.get(f"{d.base}/matters/1/compare?a=1&b=2")
    wait(d, lambda: d.find_elements(By.ID, "differences"))
    assert "Registration › Filing deadline (days)" in d.find_element(By.ID, "differences").text
    w.screen("compare")
    d.get(f"{d.base}/matters/1/versions/2/notices?kind=nonsense&to=company&date=2001-05-14")
    w.screen("cannot-build")

    d.get(d.base)
    d.find_element(By.ID, "new-blank").click()  # a blank deal is the guided interview's
    wait(d, lambda: d.find_elements(By.ID, "interview-form"))
    w.screen("interview-first-page")

    print("screens:", ", ".join(w.screens))
    assert w.found == [], "\n".join(w.found)


def frame_screen(w: Walk, frame_css: str, name: str) -> None:
    """The page inside a frame (a preview, the redline pane): scanned and checked by axe as well."""
    d = w.d
    d.switch_to.frame(d.find_element(By.CSS_SELECTOR, frame_css))
    try:
        wait(d, lambda: d.find_element(By.TAG_NAME, "body").text.strip())
        text = d.execute_script("return document.body.innerText")
        w.found += [f"{name}: {p}" for p in problems_in(text)]
        w.found += [f"{name}: axe: {v}" for v in axe_violations(d)]
    finally:
        d.switch_to.default_content()


def test_the_other_screens_speak_plainly_and_pass_axe(walk, tmp_path):
    """The screens the first walk does not reach: the form without a charter, the redline pane, the
    amendment page, the archive, the guided interview of a matter page by page to its check page,
    their draft's upload and review, a precedent's import and its draft."""
    from docx import Document

    from tests.conftest import EXAMPLE
    from tests.reconcile_corpus import Ours
    from tests.web.test_roundtrip_pages import their_draft

    w, d = walk, walk.d
    d.get(d.base)
    d.find_element(By.ID, "user").send_keys("Pat Lawyer")
    d.find_element(By.ID, "token").send_keys(TOKEN, Keys.ENTER)
    wait(d, lambda: d.find_elements(By.ID, "new-from-example"))
    d.find_element(By.ID, "new-from-example").click()
    wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
    retype(d, "f-registration.filing_deadline_days", "45")
    wait(d, lambda: "(45)" in preview_text(d))
    scroll_to(d, "save").click()
    wait(d, lambda: d.find_elements(By.ID, "saved"))

    d.get(f"{d.base}/matters/1/compare?a=1&b=2")
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, "iframe.redline"))
    frame_screen(w, "iframe.redline", "redline-pane")
    d.get(f"{d.base}/matters/1/versions/2/amend")
    w.screen("amend")
    d.find_element(By.ID, "amend-date").send_keys("06012001")
    d.find_element(By.ID, "amend-investors").send_keys("Perrin, Holden & Davenport Capital Corp.")
    d.find_element(By.ID, "amend-percent").send_keys("75")
    retype(d, "fact-registration-filing_deadline_days", "60", then=None)
    d.find_element(By.ID, "make-amendment").click()
    wait(d, lambda: d.find_elements(By.ID, "amendments"))
    d.get(f"{d.base}/matters/1/edit")
    wait(d, lambda: d.find_elements(By.ID, "f-agreement.amendments.0.changes"))
    w.screen("form-with-an-amendment")
    wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
    frame_screen(w, "#preview-frame", "preview-pane")
    d.get(f"{d.base}/archive")
    w.screen("archive")

    d.get(f"{d.base}/matters/1/interview")
    for page in range(1, 40):
        wait(d, lambda: d.find_elements(By.ID, "page-title"))
        title = d.find_element(By.ID, "page-title").text
        w.screen(f"interview-page-{page}")
        if title == "Check your answers":
            break
        scroll_to(d, "continue").click()
        wait(d, lambda: d.find_element(By.ID, "page-title").text != title)
    assert title == "Check your answers", title

    d.get(f"{d.base}/matters/1/their-drafts")
    w.screen("their-draft-upload")
    draft = tmp_path / "Investor markup.docx"
    draft.write_bytes(their_draft(Ours(EXAMPLE)))
    d.find_element(By.ID, "draft-file").send_keys(str(draft))
    d.find_element(By.ID, "draft-upload").click()
    wait(d, lambda: d.find_elements(By.ID, "changes"), timeout=60)
    w.screen("their-draft-review")
    frame_screen(w, "#roundtrip-preview", "their-draft-preview")

    d.get(f"{d.base}/import")
    w.screen("import")
    precedent = Document()
    precedent.add_paragraph("Consulting Agreement", style="Title")
    precedent.add_paragraph("1. The Consultant shall provide the services for [___] days from [Date].")
    precedent.save(str(tmp_path / "consulting.docx"))
    d.find_element(By.ID, "precedent-file").send_keys(str(tmp_path / "consulting.docx"))
    d.find_element(By.ID, "import-button").click()
    wait(d, lambda: d.find_elements(By.ID, "import-facts"), timeout=60)
    w.screen("import-draft", names_facts=True)
    frame_screen(w, "#import-preview", "import-preview")

    d.get(f"{d.base}/matters/1/edit")
    wait(d, lambda: "REGISTRATION RIGHTS AGREEMENT" in preview_text(d))
    scroll_to(d, "remove-charter").click()
    wait(d, lambda: d.find_elements(By.ID, "add-charter"))
    w.screen("form-without-charter")

    print("screens:", ", ".join(w.screens))
    assert w.found == [], "\n".join(w.found)
