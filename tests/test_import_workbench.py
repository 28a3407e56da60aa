"""The workbench's import page (issue 27, point 9): upload a precedent, see the draft library's facts
beside the document's preview, save it as the firm's library or as a new matter's."""
from __future__ import annotations

import re
import time

import pytest
from starlette.testclient import TestClient

from assembler.web.app import create_app

from .conftest import ROOT

PRECEDENT = ROOT / "examples" / "precedents" / "mutual-nda.docx"


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as client:
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/import").text).group(1)
        client.workspace = tmp_path / "ws"
        yield client


def upload(client, data: bytes, name: str = "") -> object:
    return client.post("/import", data={"_csrf": client.csrf, "name": name},
                       files={"precedent": ("Firm NDA.docx", data)}, follow_redirects=False)


def test_an_upload_shows_the_facts_beside_the_preview_and_saves_as_a_matter(client):
    assert 'href="/import"' in client.get("/").text
    response = upload(client, PRECEDENT.read_bytes(), "mutual-nda")
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "Mutual Non-Disclosure Agreement: 20 facts" in page
    assert "<code>recipient_notify_discloser_days</code>" in page and "Jane Roe" in page
    assert "table after paragraph 12" in page and "Section 9" in page
    frame = re.search(r'<iframe[^>]*src="(/import/[0-9a-f]{16}/preview)"', page).group(1)
    preview = client.get(frame)
    assert "default-src 'none'" in preview.headers["content-security-policy"]
    text = " ".join(re.sub(r"<[^>]+>", " ", preview.text).split())
    assert "MUTUAL NON-DISCLOSURE AGREEMENT" in text.upper() and "Confidential Information" in text
    assert "Within ten (10) business days" in text
    saved = client.post(frame.replace("/preview", "/save"), data={"_csrf": client.csrf, "as": "matter"},
                        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/matters/")
    # the matter's own library (tests/web/test_matter_library_import.py): not the firm's
    assert not (client.workspace / "libraries" / "mutual-nda").exists()
    assert not any((client.workspace / "imports").iterdir())
    overview = client.get(saved.headers["location"]).text
    assert "Mutual Non-Disclosure Agreement" in overview
    assert "mutual-nda" in client.get(saved.headers["location"] + "/versions/1/outputs").text


def test_a_hostile_or_wrong_upload_is_one_message_and_nothing_is_kept(client):
    response = upload(client, b"These are my notes, not a Word file.")
    assert response.status_code == 400
    assert "Firm NDA.docx: is not a Word document" in response.text
    assert not (client.workspace / "imports").exists() or not any((client.workspace / "imports").iterdir())
    assert upload(client, PRECEDENT.read_bytes(), "../etc").status_code == 400
    assert client.get("/import/../../etc/passwd").status_code == 404
    assert client.get("/import/0123456789abcdef").status_code == 404


def test_saving_twice_under_one_name_is_refused(client):
    first = upload(client, PRECEDENT.read_bytes(), "nda").headers["location"]
    second = upload(client, PRECEDENT.read_bytes(), "nda").headers["location"]
    assert client.post(first + "/save", data={"_csrf": client.csrf, "as": "firm"},
                       follow_redirects=False).status_code == 303
    refused = client.post(second + "/save", data={"_csrf": client.csrf, "as": "firm"})
    assert refused.status_code == 409 and "has a library named nda already" in refused.text


def test_in_chromium_a_lawyer_imports_a_precedent_and_starts_a_matter_with_it(tmp_path):
    """In a real browser: the link from the matters page, the upload, the facts table beside the
    preview frame (side by side, the preview's words the precedent's), and the save."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .web.browser import chromium, served

    shots = ROOT / "tests" / "web" / "screenshots"
    shots.mkdir(exist_ok=True)
    (tmp_path / "downloads").mkdir()
    with served(tmp_path / "workspace") as url, chromium(tmp_path / "downloads") as driver:
        driver.get(url + "/")
        driver.find_element(By.ID, "import-link").click()
        driver.find_element(By.ID, "precedent-file").send_keys(str(PRECEDENT))
        driver.find_element(By.ID, "precedent-name").send_keys("mutual-nda")
        driver.find_element(By.ID, "import-button").click()
        table = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "import-facts"))
        assert "recipient_notify_discloser_days" in table.text and "Jane Roe" in table.text
        frame = driver.find_element(By.ID, "import-preview")
        assert frame.location["x"] > table.location["x"] + table.size["width"] - 5  # beside, not below
        assert abs(frame.location["y"] - driver.find_element(By.ID, "facts-heading").location["y"]) < 80
        driver.switch_to.frame(frame)
        body = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").text)
        assert "Confidential Information" in body and "shall return or destroy" in " ".join(body.split())
        driver.switch_to.default_content()
        driver.save_screenshot(str(shots / "import-page.png"))
        driver.find_element(By.ID, "save-matter").click()
        WebDriverWait(driver, 30).until(lambda d: re.search(r"/matters/\d+$", d.current_url))
        assert "Mutual Non-Disclosure Agreement" in driver.find_element(By.TAG_NAME, "main").text
    # kept as the new matter's own library, not the firm's (tests/web/test_matter_library_import.py)
    assert not (tmp_path / "workspace" / "libraries").exists()
