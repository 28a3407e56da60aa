"""Every page of a matter, found by crawling the workbench in Chromium, shows a hostile company name
as the text it is, and nothing in it becomes an element.

The matter is the example deal with the amended deal's agreement amendments (so it has charter
amendments, agreement amendments, two versions to compare and notices to make); version 2 names the
company with markup, a template expression, an entity and quotes. The crawl starts at the home page
and follows every same-origin link, frame and htmx ``hx-get`` it finds, and submits every GET form
with the values it holds, so a page added to the workbench is checked without being listed here.
Files (DOCX, PDF, text, ZIP, YAML) are downloads, not pages, and are left to the writers' tests. The
error pages are reached by what a user could type or tamper with: a matter or version that does not
exist, a bad date, a kind of notice holding the hostile name itself.
"""
from __future__ import annotations

import re
import time
import urllib.parse
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import EXAMPLE, ROOT, load_yaml, variant, write_sheet
from tests.web.browser import chromium, served

SHOTS = Path(__file__).resolve().parent / "screenshots"
HOSTILE = 'A &amp; B <Holdings> "Ltd" {{ 7*7 }} <img src=x onerror=alert(1)><b id="injected">Q</b>'
MOST = 200  # pages; the crawl of one matter finds about 30
MARKER = "Holdings"  # every place the name is shown holds this word; each must hold the whole name
FILES = (".docx", ".pdf", ".txt", ".zip", ".yaml", ".json", ".css", ".js", ".png", ".ico")
# What the name could have turned into an element, had it been written raw anywhere.
INJECTED = 'img[src="x"], [onerror], #injected'
# Each kind of page the crawl must reach, by its path; and whether the page names the matter.
KINDS = {
    "home": (r"/", True),
    "versions": (r"/matters/\d+", True),
    "form": (r"/matters/\d+/edit", True),
    "preview": (r"/matters/\d+/drafts/[\w-]+", True),
    "check": (r"/matters/\d+/drafts/[\w-]+/findings", False),
    "review": (r"/matters/\d+/versions/\d+/review", True),
    "documents": (r"/matters/\d+/versions/\d+/outputs", True),
    "notices": (r"/matters/\d+/versions/\d+/notices", True),
    "compare": (r"/matters/\d+/compare", True),
    "redline": (r"/matters/\d+/compare/\d+/\d+/[\w-]+/redline\.html", True),
    "sign-in": (r"/login", False),
}

# Read in the page (and run again in each frame): the text a reader sees, the values the inputs
# hold, and what the name could have injected.
READ = """
const texts = [document.title, document.documentElement.textContent];
document.querySelectorAll('input, textarea, select').forEach(e => texts.push(e.value));
return {texts: texts, injected: Array.from(document.querySelectorAll(arguments[0])).map(e => e.outerHTML)};
"""
LINKS = """
const found = [];
document.querySelectorAll('a[href]:not([download])').forEach(a => found.push(a.href));
document.querySelectorAll('iframe[src]').forEach(f => found.push(f.src));
document.querySelectorAll('[hx-get]').forEach(e => found.push(new URL(e.getAttribute('hx-get'), location.href).href));
document.querySelectorAll('form').forEach(f => {
  if ((f.getAttribute('method') || 'get').toLowerCase() !== 'get') return;
  const url = new URL(f.action);
  new FormData(f).forEach((value, name) => url.searchParams.append(name, value));
  found.push(url.href);
});
return found;
"""


def kind_of(url: str) -> str | None:
    path = urllib.parse.urlsplit(url).path
    return next((kind for kind, (pattern, _) in KINDS.items() if re.fullmatch(pattern, path)), None)


def settled(driver, timeout: float = 60) -> None:
    """Wait until htmx has no request running and the page has stopped changing."""
    last, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = driver.execute_script(
            "return document.readyState === 'complete' && !document.querySelector('.htmx-request')"
            " ? document.documentElement.innerHTML : null")
        if now is not None and now == last:
            return
        last = now
        time.sleep(0.4)
    raise AssertionError(f"{driver.current_url} kept changing for {timeout} s")


def read(driver) -> list[dict]:
    """The page and each frame in it, read by READ."""
    seen = [driver.execute_script(READ, INJECTED)]
    for frame in driver.find_elements(By.TAG_NAME, "iframe"):
        driver.switch_to.frame(frame)
        try:
            seen.append(driver.execute_script(READ, INJECTED))
        finally:
            driver.switch_to.default_content()
    return seen


def problems_of(url: str, seen: list[dict]) -> tuple[list[str], bool]:
    """What is wrong on the page, and whether it showed the whole name at least once."""
    problems, shown = [], False
    for place in seen:
        problems += [f"{url}: an element from the name: {html}" for html in place["injected"]]
        for text in place["texts"]:
            whole, parts = text.count(HOSTILE), text.count(MARKER)
            shown |= whole > 0
            if parts != whole:
                at = text.index(MARKER)
                problems.append(f"{url}: the name is not shown as typed: …{text[max(0, at - 40):at + 120]!r}…")
    return problems, shown


def make_matter(driver, tmp_path: Path) -> int:
    """Upload the deal, then rename its company to HOSTILE in the form and save: version 2."""
    amended = load_yaml(ROOT / "tests" / "fixtures" / "amended-deal.yaml")
    sheet = write_sheet(tmp_path, variant({"agreement.amendments": amended["agreement"]["amendments"]}, base=EXAMPLE))
    driver.get(driver.base)
    driver.find_element(By.ID, "upload-file").send_keys(str(sheet))
    driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.ID, "preview-frame"))
    matter = int(re.search(r"/matters/(\d+)/edit", driver.current_url).group(1))
    name = driver.find_element(By.ID, "f-company.name")
    name.clear()
    name.send_keys(HOSTILE)
    assert name.get_attribute("value") == HOSTILE
    name.send_keys(Keys.TAB)
    settled(driver)
    driver.find_element(By.ID, "save").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.ID, "saved"))
    return matter


def error_pages(base: str, matter: int) -> dict[str, str]:
    """Pages a user reaches by a wrong address or a tampered query (each must escape what it echoes),
    with the heading each shows."""
    hostile = urllib.parse.quote(HOSTILE)
    v = f"{base}/matters/{matter}/versions/2"
    return {f"{base}/matters/999": "No such matter.",
            f"{base}/matters/{matter}/versions/99/review": "No such version.",
            f"{base}/matters/{matter}/compare?a=1&b=99": "No such version.",
            f"{v}/outputs?as_of={hostile}": "Give the date as YYYY-MM-DD.",
            f"{v}/notices?kind={hostile}&to=initial-investor&date=2001-05-14": "Cannot build this"}


def test_every_page_of_a_matter_shows_a_hostile_name_as_text(tmp_path):
    SHOTS.mkdir(exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with served(tmp_path / "workspace") as base, chromium(downloads) as driver:
        driver.base = base
        matter = make_matter(driver, tmp_path)
        errors = error_pages(base, matter)
        queue, visited, problems, headings = [f"{base}/", *errors], {}, [], {}
        while queue:
            url = urllib.parse.urldefrag(queue.pop(0)).url
            path = urllib.parse.urlsplit(url).path
            if url in visited or not url.startswith(base + "/") or path.startswith("/static/") \
                    or path.endswith(FILES):
                continue
            assert len(visited) < MOST, f"more than {MOST} pages: a link that makes new addresses without end?"
            driver.get(url)
            settled(driver)
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text
            # A page that fails is not a page of the matter: Starlette's own answer to an exception.
            if driver.execute_script("return document.body ? document.body.innerText.trim() : ''") == \
                    "Internal Server Error":
                problems.append(f"{url}: the server failed (500)")
            found, shown = problems_of(url, read(driver))
            problems += found
            visited[url] = shown
            headings[url] = driver.execute_script("const h = document.querySelector('h1'); return h && h.textContent")
            queue += [link for link in driver.execute_script(LINKS) if link.startswith(base + "/")]
            if kind_of(url) in ("review", "compare", "documents", "notices"):
                driver.save_screenshot(str(SHOTS / f"crawl-{kind_of(url)}.png"))

    assert problems == [], "\n".join(problems)
    reached = {kind_of(url) for url in visited}
    assert set(KINDS) <= reached, f"the crawl never reached {set(KINDS) - reached}: {sorted(visited)}"
    for kind, (_, names_matter) in KINDS.items():
        if names_matter:
            assert any(shown for url, shown in visited.items() if kind_of(url) == kind), \
                f"no {kind} page showed the name: {[u for u in visited if kind_of(u) == kind]}"
    assert {url: headings.get(url) for url in errors} == errors
    # The notice refused for its kind echoes the name it was given, escaped.
    assert visited[list(errors)[-1]]
    print(f"crawled {len(visited)} pages: " + ", ".join(sorted(visited)))
