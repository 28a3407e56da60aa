"""The URL fetcher's refusal, triggered on every path that lays out HTML: a document's PDF (build),
a redline's PDF and a letter's PDF. The page each writer makes is given a tag asking for a local
file or the network; the command stops with one line naming the URL, writes nothing, and nothing
is fetched. (test_pdf_standards.py feeds such pages to the PDF step itself.)"""
from __future__ import annotations

import datetime as dt

import pytest

from assembler import api
from assembler.errors import OutputError
from assembler.writers import html as html_writer
from assembler.writers import letter as letter_writer

from .conftest import EXAMPLE, SECOND, refused_all, variant, write_sheet


@pytest.fixture
def hostile(outside):
    """The outside resources, and the tags a page would ask for them with; nothing fetched after."""
    urls = {"file": outside["file"], "http": outside["http"] + "/x.css"}
    tags = {"file": f'<img src="{urls["file"]}">', "http": f'<link rel="stylesheet" href="{urls["http"]}">'}
    yield {"urls": urls, "tags": tags}
    refused_all(outside)


def _asking(render, tag):
    def wrapped(*args, **kwargs):
        return render(*args, **kwargs).replace("</body>", tag + "</body>")
    return wrapped


def _refused(caught, url):
    message = caught.value.one_line()
    assert "\n" not in message and "refused" in message and url in message, message


@pytest.mark.parametrize("kind", ["file", "http"])
def test_a_document_pdf_asking_for_outside_resources_is_refused_and_nothing_written(hostile, monkeypatch,
                                                                                    tmp_path, kind):
    monkeypatch.setattr(html_writer, "page", _asking(html_writer.page, hostile["tags"][kind]))
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        api.build(EXAMPLE, ("txt", "docx", "pdf"), out)
    _refused(caught, hostile["urls"][kind])
    assert not out.exists()


@pytest.mark.parametrize("kind", ["file", "http"])
def test_a_redline_pdf_asking_for_outside_resources_is_refused_and_nothing_written(hostile, monkeypatch,
                                                                                   tmp_path, kind):
    new = write_sheet(tmp_path, variant({"registration.effectiveness_deadline_days": 150}), "new.yaml")
    monkeypatch.setattr(html_writer, "page", _asking(html_writer.page, hostile["tags"][kind]))
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        api.redline(EXAMPLE, new, out, ("docx", "pdf"))
    _refused(caught, hostile["urls"][kind])
    assert not out.exists()


@pytest.mark.parametrize("kind", ["file", "http"])
def test_a_letter_pdf_asking_for_outside_resources_is_refused_and_nothing_written(hostile, monkeypatch,
                                                                                  tmp_path, kind):
    monkeypatch.setattr(letter_writer, "html", _asking(letter_writer.html, hostile["tags"][kind]))
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        api.notice(SECOND, "effectiveness", "initial-investor", dt.date(2024, 5, 10), out, ("txt", "pdf"))
    _refused(caught, hostile["urls"][kind])
    assert not out.exists()
