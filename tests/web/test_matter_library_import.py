"""The import page's two saves (issue 27, point 9): "the firm's library" joins every matter's builds;
"a matter's library" (a new matter, or one chosen) is that matter's own layer in the store, and no
other matter, nor the firm's library folder, sees it."""
from __future__ import annotations

import re

import pytest
import yaml
from starlette.testclient import TestClient

from assembler.web.app import create_app

from ..conftest import ROOT

PRECEDENT = ROOT / "examples" / "precedents" / "mutual-nda.docx"
DEAL = ROOT / "examples" / "precedents" / "mutual-nda-deal.yaml"
NDA = "mutual-nda"


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as client:
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        client.workspace = tmp_path / "ws"
        yield client


def imported(client) -> str:
    response = client.post("/import", data={"_csrf": client.csrf, "name": NDA},
                           files={"precedent": ("Firm NDA.docx", PRECEDENT.read_bytes())}, follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"]


def example_matter(client) -> int:
    made = client.post("/matters", data={"_csrf": client.csrf, "source": "example"}, follow_redirects=False)
    return int(re.search(r"/matters/(\d+)", made.headers["location"]).group(1))


def upload_deal(client) -> object:
    return client.post("/matters", data={"_csrf": client.csrf, "source": "upload"},
                       files={"termsheet": ("nda.yaml", DEAL.read_bytes())}, follow_redirects=False)


def makes(client, matter: int, number: int = 1) -> list[str]:
    page = client.get(f"/matters/{matter}/versions/{number}/outputs").text
    return sorted(set(re.findall(rf"/matters/{matter}/versions/{number}/documents/([a-z0-9-]+)\.pdf", page)))


def test_saved_as_the_firms_library_every_matter_builds_with_it(client):
    before = upload_deal(client)
    assert before.status_code == 400 and "Mutual nda: is not a known field" in before.text  # no library yet
    location = imported(client)
    saved = client.post(location + "/save", data={"_csrf": client.csrf, "as": "firm"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/"
    assert (client.workspace / "libraries" / NDA / "assemblies" / f"{NDA}.yaml").is_file()
    bench = client.app.workbench
    assert any(d.endswith(f"libraries/{NDA}") for d in bench.firm_dirs)
    made = upload_deal(client)                                        # any new matter may use it
    assert made.status_code == 303, made.text
    matter = int(re.search(r"/matters/(\d+)", made.headers["location"]).group(1))
    assert makes(client, matter) == [NDA] and bench.store.library(matter) == {}
    text = " ".join(client.get(f"/matters/{matter}/versions/1/documents/{NDA}.txt").text.split())
    assert "Quillon Analytics LLC" in text and "Lumen Harbor Inc." in text
    # and at the next start
    with TestClient(create_app(client.workspace), base_url="http://127.0.0.1") as again:
        assert any(d.endswith(f"libraries/{NDA}") for d in again.app.workbench.firm_dirs)


def test_saved_as_a_new_matters_library_only_that_matter_has_it(client):
    other = example_matter(client)
    location = imported(client)
    page = client.get(location).text
    assert f'<option value="{other}">' in page and '<option value="new">' in page
    saved = client.post(location + "/save", data={"_csrf": client.csrf, "as": "matter", "matter": "new"},
                        follow_redirects=False)
    assert saved.status_code == 303
    matter = int(re.fullmatch(r"/matters/(\d+)", saved.headers["location"]).group(1))
    assert not (client.workspace / "libraries").exists() and not any((client.workspace / "imports").iterdir())
    bench = client.app.workbench
    layer = bench.store.library(matter)
    assert f"assemblies/{NDA}.yaml" in layer and "facts.schema.yaml" in layer
    assert "termsheet.skeleton.yaml" not in layer and "import-report.json" not in layer
    assert makes(client, matter) == [NDA]
    assert "Mutual Non-Disclosure Agreement" in client.get(f"/matters/{matter}").text
    nda = client.get(f"/matters/{matter}/versions/1/documents/{NDA}.txt")
    assert nda.status_code == 200 and "MUTUAL NON-DISCLOSURE AGREEMENT" in nda.text.upper()
    # the form of that matter asks for the precedent's facts; the firm's and the other matter's do not
    assert 'name="mutual_nda.counterparty"' in client.get(f"/matters/{matter}/edit").text
    assert "mutual_nda" not in client.get(f"/matters/{other}/edit").text
    assert NDA not in makes(client, other)
    assert bench.firm_dirs == () and "Mutual nda: is not a known field" in upload_deal(client).text  # not the firm's


def test_saved_as_a_chosen_matters_library_it_is_that_matters_next_version(client):
    matter, other = example_matter(client), example_matter(client)
    location = imported(client)
    saved = client.post(location + "/save", data={"_csrf": client.csrf, "as": "matter", "matter": str(matter)},
                        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/matters/{matter}?saved=2"
    store = client.app.workbench.store
    assert store.library(matter, 1) == {} and f"assemblies/{NDA}.yaml" in store.library(matter, 2)
    assert NDA in makes(client, matter, 2) and "registration-rights-agreement" in makes(client, matter, 2)
    assert NDA not in makes(client, matter, 1) and NDA not in makes(client, other)
    old, new = (yaml.safe_load(client.get(f"/matters/{matter}/versions/{n}/termsheet.yaml").text) for n in (1, 2))
    assert new["company"] == old["company"] and new["registration"] == old["registration"]  # kept as it was
    assert set(new) - set(old) == {"mutual_nda"} and "counterparty" in new["mutual_nda"]
    kept = client.get(f"/matters/{matter}/versions/2/termsheet.yaml").text
    assert "# the opening:" in kept                                    # the skeleton's comments come too
    events = client.get(f"/matters/{matter}").text
    assert "imported from the precedent Mutual Non-Disclosure Agreement" in events


def test_a_matter_that_is_not_there_is_refused_and_the_draft_kept(client):
    location = imported(client)
    refused = client.post(location + "/save", data={"_csrf": client.csrf, "as": "matter", "matter": "999"})
    assert refused.status_code == 400 and "Choose a matter from the list, or a new one." in refused.text
    assert client.get(location).status_code == 200
