"""``assembler serve --workers 2``, as a firm runs it: over SQLite in WAL mode and over PostgreSQL,
any worker serving any request of a session, and a session and its previews outliving a restart."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.web.browser import chromium
from tests.web.test_browser import DEADLINE, SHOTS, preview_text, retype, shot, wait

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from load import start, stop  # noqa: E402  (the load test's way of starting the CLI's server)


@pytest.fixture
def two_workers(store_url, tmp_path):
    servers = []

    def serve(port=None):
        server, url = start(tmp_path / "ws", 2, store_url, port)
        servers.append(server)
        return server, url
    yield serve
    for server in servers:
        stop(server)


def test_every_request_of_a_session_is_served_by_whichever_worker_takes_it(two_workers):
    server, url = two_workers()
    with httpx.Client(base_url=url, timeout=60) as client:
        csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        client.post("/matters", data={"_csrf": csrf, "source": "example"})
        page = client.get("/matters/1/edit").text
        from tests.web.formdata import fields
        form = fields(page)
        keys = []
        for days in range(30, 50):  # twenty posts: with sessions in one worker's memory, about half are refused
            form["registration.filing_deadline_days"] = str(days)
            response = client.post("/matters/1/preview", data=form, headers={"X-CSRF-Token": csrf})
            assert response.status_code == 200
            keys.append(re.search(r"/drafts/([\w-]+)", response.text).group(1))
        frames = [client.get(f"/matters/1/drafts/{key}").text for key in keys[-5:]]
        assert "forty-nine (49) days" in " ".join(re.sub(r"<[^>]+>", " ", frames[-1]).split())
        assert all("Change a field" not in frame for frame in frames)  # each frame found, whoever drew it
    stop(server)


def test_a_lawyer_keeps_working_across_two_workers_and_a_restart(two_workers, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    server, url = two_workers()
    with chromium(tmp_path / "downloads") as d:
        d.get(url)
        d.find_element(By.ID, "new-from-example").click()
        wait(d, lambda: d.find_elements(By.ID, "preview-frame") and "REGISTRATION RIGHTS AGREEMENT" in preview_text(d),
             timeout=60)
        retype(d, DEADLINE, "150", then=None)
        wait(d, lambda: "one hundred and fifty (150) days" in preview_text(d), timeout=60)
        shot(d, "workers-form-and-preview")
        # The server restarts under the open page, which is not reloaded: its session and CSRF token
        # are still good (held in memory, the next preview and the save would be refused).
        stop(server)
        server, _ = two_workers(int(url.rsplit(":", 1)[1]))
        retype(d, DEADLINE, "140", then=None)
        wait(d, lambda: "one hundred and forty (140) days" in preview_text(d), timeout=60)
        d.find_element(By.ID, "save").click()
        wait(d, lambda: d.find_elements(By.ID, "saved"), timeout=60)
        assert d.find_element(By.ID, "saved").text == "Saved as version 2."
        shot(d, "workers-saved-after-restart")
