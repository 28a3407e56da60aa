"""In real headless Chromium (issue 25, point 8, with issue 27's matter library): their draft with a
clause-text edit is uploaded to a matter, accepted and saved; the matter's documents page then
downloads the DOCX (read by LibreOffice), the PDF (read by poppler) and the text with their words,
while a second matter's documents keep ours. Screenshots under tests/web/screenshots/."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ..conftest import EXAMPLE, docx_texts, pdf_text
from ..reconcile_corpus import Ours
from .browser import chromium, served
from .test_roundtrip_pages import their_draft

SHOTS = Path(__file__).resolve().parent / "screenshots"
RRA = "registration-rights-agreement"
THEIRS = "shall use its commercially reasonable efforts"
OURS = "shall use its best efforts"


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _downloads(driver) -> set[str]:
    """The files the documents page offers (its rows name documents by title; the files are in the
    links' download attributes)."""
    from selenium.webdriver.common.by import By
    return {a.get_attribute("download") for a in driver.find_elements(By.CSS_SELECTOR, "#downloads a[download]")}


def downloaded(driver, downloads: Path, link, name: str) -> Path:
    from selenium.webdriver.support.ui import WebDriverWait

    link.click()
    target = downloads / name
    WebDriverWait(driver, 90).until(lambda d: target.is_file() and target.stat().st_size > 0
                                    and not any(downloads.glob("*.crdownload")))
    return target


def test_in_chromium_accepted_clause_text_reaches_the_matters_documents_and_no_other(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    SHOTS.mkdir(exist_ok=True)
    downloads, kept = tmp_path / "downloads", tmp_path / "kept"
    downloads.mkdir()
    kept.mkdir()
    draft = tmp_path / "investor-markup.docx"
    draft.write_bytes(their_draft(Ours(EXAMPLE), ("efforts-reworded",)))
    with served(tmp_path / "workspace") as url, chromium(downloads) as driver:
        matters = []
        for _ in range(2):
            driver.get(url + "/")
            driver.find_element(By.ID, "new-from-example").click()
            found = WebDriverWait(driver, 30).until(lambda d: re.search(r"/matters/(\d+)/edit", d.current_url))
            matters.append(found.group(1))
        ours, other = matters
        driver.get(f"{url}/matters/{ours}/their-drafts")
        driver.find_element(By.ID, "draft-file").send_keys(str(draft))
        driver.find_element(By.ID, "draft-upload").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "changes"))
        radios = driver.find_elements(By.CSS_SELECTOR, "input[value=accept]")
        assert len(radios) == 1
        radios[0].click()
        driver.find_element(By.ID, "save-version").click()
        note = WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "clause-text-note"))
        assert "The documents of version 2, and of every later version of this matter, carry that wording" \
            in note.text
        driver.save_screenshot(str(SHOTS / "matter-library-saved.png"))
        driver.get(f"{url}/matters/{ours}/versions/2/outputs")
        row = driver.find_element(By.XPATH, f"//table[@id='downloads']//tr[td/a[@download='{RRA}.docx']]")
        files = {}
        for fmt in ("docx", "pdf", "txt"):
            link = row.find_element(By.XPATH, f".//a[text()='{fmt.upper()}']")
            files[fmt] = shutil.move(downloaded(driver, downloads, link, f"{RRA}.{fmt}"), kept / f"{RRA}.{fmt}")
        assert "Built with this matter's own library (overrides.yaml)" in driver.find_element(By.ID, "own-library").text
        driver.save_screenshot(str(SHOTS / "matter-library-documents.png"))
        driver.get(f"{url}/matters/{other}/versions/1/outputs")
        assert not driver.find_elements(By.ID, "own-library")
        row = driver.find_element(By.XPATH, f"//table[@id='downloads']//tr[td/a[@download='{RRA}.docx']]")
        other_text = downloaded(driver, downloads, row.find_element(By.XPATH, ".//a[text()='TXT']"), f"{RRA}.txt")
        other_pdf = downloaded(driver, downloads, row.find_element(By.XPATH, ".//a[text()='PDF']"), f"{RRA}.pdf")
    as_word = words(docx_texts([Path(files["docx"])], tmp_path / "lo")[Path(files["docx"])])
    for text in (as_word, words(pdf_text(Path(files["pdf"]))), words(Path(files["txt"]).read_text(encoding="utf-8"))):
        assert THEIRS in text and OURS not in text
    for text in (words(other_text.read_text(encoding="utf-8")), words(pdf_text(other_pdf))):
        assert OURS in text and THEIRS not in text


def test_in_chromium_an_imported_precedent_is_saved_as_a_chosen_matters_library(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from ..conftest import ROOT

    SHOTS.mkdir(exist_ok=True)
    (tmp_path / "downloads").mkdir()
    with served(tmp_path / "workspace") as url, chromium(tmp_path / "downloads") as driver:
        driver.get(url + "/")
        driver.find_element(By.ID, "new-from-example").click()
        matter = WebDriverWait(driver, 30).until(lambda d: re.search(r"/matters/(\d+)/edit", d.current_url)).group(1)
        driver.get(url + "/import")
        driver.find_element(By.ID, "precedent-file").send_keys(str(ROOT / "examples" / "precedents" / "mutual-nda.docx"))
        driver.find_element(By.ID, "precedent-name").send_keys("mutual-nda")
        driver.find_element(By.ID, "import-button").click()
        choice = Select(WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "save-matter-choice")))
        assert [o.text for o in choice.options][0] == "A new matter, started from its facts"
        choice.select_by_value(matter)
        form = driver.find_element(By.ID, "save-form")
        driver.execute_script("arguments[0].scrollIntoView()", form)
        driver.save_screenshot(str(SHOTS / "matter-library-import-choice.png"))
        driver.find_element(By.ID, "save-matter").click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith(f"/matters/{matter}?saved=2"))
        driver.get(f"{url}/matters/{matter}/versions/2/outputs")
        listed = _downloads(driver)
        assert "mutual-nda.docx" in listed and "registration-rights-agreement.docx" in listed
        assert "Built with this matter's own library" in driver.find_element(By.ID, "own-library").text
        driver.get(f"{url}/matters/{matter}/versions/1/outputs")
        assert "mutual-nda.docx" not in _downloads(driver)
