"""The import page (issue 27, point 9) in real headless Chromium, for what the importer's own test
(tests/test_import_workbench.py) leaves out: hostile uploads refused inside the page, and a
precedent's angle brackets, ampersands and braces shown as text in the facts table and the preview.
Screenshots under tests/web/screenshots/."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document

from .browser import chromium, served

SHOTS = Path(__file__).resolve().parent / "screenshots"
ODD = '1. {{ 7*7 }} and A & B <Holdings> "Ltd" is [<b>Party</b> Name] for [___] days.'


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 2**20))
    return out.getvalue()


def test_in_chromium_hostile_precedents_are_refused_and_odd_words_stay_text(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    SHOTS.mkdir(exist_ok=True)
    (tmp_path / "downloads").mkdir()
    (tmp_path / "notes.docx").write_bytes(b"These are my notes, not a Word file.")
    (tmp_path / "bomb.docx").write_bytes(_bomb())
    precedent = Document()
    precedent.add_paragraph("Odd Characters Agreement", style="Title")
    precedent.add_paragraph(ODD)
    precedent.save(str(tmp_path / "odd.docx"))
    with served(tmp_path / "workspace") as url, chromium(tmp_path / "downloads") as driver:
        for name, words in (("notes.docx", "notes.docx: is not a Word document"),
                            ("bomb.docx", "bomb.docx: is refused as a zip bomb")):
            driver.get(url + "/import")
            driver.find_element(By.ID, "precedent-file").send_keys(str(tmp_path / name))
            driver.find_element(By.ID, "import-button").click()
            error = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "import-error"))
            assert error.text.startswith(words) and "\n" not in error.text, error.text
            assert "Traceback" not in driver.page_source and driver.find_element(By.ID, "precedent-file")
            driver.save_screenshot(str(SHOTS / f"import-refused-{name.split('.')[0]}.png"))
        assert not (tmp_path / "workspace" / "imports").exists() or \
            not any((tmp_path / "workspace" / "imports").iterdir())
        driver.get(url + "/import")
        driver.find_element(By.ID, "precedent-file").send_keys(str(tmp_path / "odd.docx"))
        driver.find_element(By.ID, "import-button").click()
        table = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "import-facts"))
        assert not table.find_elements(By.TAG_NAME, "b")  # the precedent's "<b>" is text, not markup
        assert '" is [<b>Party</b> Name] for [___] days.' in table.text, table.text
        driver.switch_to.frame(driver.find_element(By.ID, "import-preview"))
        body = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").text)
        assert "{{ 7*7 }} and A & B <Holdings>" in " ".join(body.split()) and "49" not in body
        assert not driver.find_elements(By.CSS_SELECTOR, "b, holdings")
        driver.switch_to.default_content()
        driver.save_screenshot(str(SHOTS / "import-odd-characters.png"))
