"""`--format html`: the page as an EDGAR exhibit. One test a rule of the EDGAR Filer Manual,
Volume II, chapter 5, as far as it can be checked here (README lists them)."""
from __future__ import annotations

import datetime as dt
import re

import lxml.html
import pytest

from assembler import api

from .conftest import EXAMPLE, flat, run_cli, variant, write_sheet

# HTML 3.2 with the HTML 4.0 additions EDGAR takes; what we write must stay inside it.
ALLOWED_TAGS = {"html", "head", "meta", "title", "body", "a", "address", "b", "big", "blockquote", "br", "caption",
                "center", "cite", "code", "dd", "dfn", "dir", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4",
                "h5", "h6", "hr", "i", "kbd", "li", "menu", "ol", "p", "pre", "samp", "small", "strike", "strong",
                "sub", "sup", "table", "td", "th", "tr", "tt", "u", "ul", "var"}
ACTIVE = {"script", "applet", "object", "embed", "iframe", "frame", "frameset", "form", "input", "button", "select",
          "textarea", "link", "base", "style", "noscript", "svg", "math", "video", "audio", "img"}
CSS1 = {"font-family", "font-size", "font-weight", "font-style", "text-align", "text-indent", "text-transform",
        "text-decoration", "margin-left", "margin-right", "margin-top", "margin-bottom", "color", "padding-left",
        "padding-right",
        # CSS2, which EDGAR's viewers and filing agents' HTML use: the page's reading width, the page break.
        "max-width", "page-break-after"}


@pytest.fixture(scope="module")
def exhibits(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("html")
    result = api.build(EXAMPLE, ("html", "txt"), out, as_of=dt.date(1998, 1, 1))
    return {p.stem: p.read_bytes() for p in result.outputs if p.suffix == ".html"}


def _tree(data: bytes):
    return lxml.html.fromstring(data)


def test_every_document_is_written_as_html_when_asked(exhibits):
    assert set(exhibits) == {"registration-rights-agreement", "certificate-of-incorporation",
                             "certificate-of-amendment-1-1997-08-28", "certificate-of-amendment-2-1999-03-19",
                             "certificate-of-incorporation-as-amended-through-1998-01-01"}
    for data in exhibits.values():
        assert data.startswith(b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">')


def test_rule_only_the_tags_edgar_takes(exhibits):
    for name, data in exhibits.items():
        tags = {element.tag for element in _tree(data).iter() if isinstance(element.tag, str)}
        assert tags <= ALLOWED_TAGS, (name, tags - ALLOWED_TAGS)
        assert data.count(b"<html") == 1


def test_rule_no_script_and_no_active_content(exhibits):
    for name, data in exhibits.items():
        tree = _tree(data)
        assert not [e.tag for e in tree.iter() if e.tag in ACTIVE], name
        for element in tree.iter():
            assert not any(attribute.lower().startswith("on") for attribute in element.attrib), name
        assert b"javascript:" not in data.lower() and b"<script" not in data.lower()


def test_rule_no_external_reference(exhibits):
    for name, data in exhibits.items():
        tree = _tree(data)
        ids = {element.get("id") for element in tree.iter() if element.get("id")}
        for element in tree.iter():
            assert "src" not in element.attrib and "background" not in element.attrib, name
            href = element.get("href")
            if href is not None:
                assert href.startswith("#") and href[1:] in ids, (name, href)
        assert not re.search(rb"url\s*\(|@import|@font-face", data, re.I), name


def test_rule_styles_are_inline_and_css1(exhibits):
    for name, data in exhibits.items():
        for element in _tree(data).iter():
            style = element.get("style")
            if style:
                properties = {part.split(":")[0].strip() for part in style.split(";") if part.strip()}
                assert properties <= CSS1, (name, properties - CSS1)
            assert "class" not in element.attrib


def test_rule_ascii_only_with_character_references(exhibits):
    for data in exhibits.values():
        assert max(data) < 128
    sheet_text = flat(_tree(exhibits["registration-rights-agreement"]).text_content())
    assert "Registration Rights Agreement dated January 16, 2001 (this \"Agreement\")" in sheet_text


def test_the_words_are_the_documents(exhibits, tmp_path):
    text = flat(_tree(exhibits["registration-rights-agreement"]).text_content())
    for phrase in ("The Auxer Group, Inc., a Delaware corporation", "Registration Statement pursuant to this Section 2(a)",
                   "IN WITNESS WHEREOF", "By: ______________________________"):
        assert phrase in text, phrase
    conformed = flat(_tree(exhibits["certificate-of-incorporation-as-amended-through-1998-01-01"]).text_content())
    # The footnote's call stays in the text; its words come after the text, numbered.
    assert "The par value of each of such shares is $0.001.1" in conformed
    assert conformed.endswith("1 Article FOURTH as amended by the Certificate of Amendment before payment of "
                              "capital dated August 28, 1997.")


def test_hostile_values_are_text_in_the_exhibit(tmp_path):
    value = '<img src="file:///etc/passwd"> <a href="http://x">y</a> & {{ 7*7 }} Αθηνά'
    sheet = write_sheet(tmp_path, variant({"company.name": value}))
    out = tmp_path / "out"
    done = run_cli("build", str(sheet), "--format", "html", "--document", "registration-rights-agreement",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    data = (out / "registration-rights-agreement.html").read_bytes()
    tree = _tree(data)
    assert not [e for e in tree.iter() if e.tag in ("img",) or (e.tag == "a" and not e.get("href", "#").startswith("#"))]
    assert value in flat(tree.text_content())
    assert max(data) < 128 and b"&#913;&#952;&#951;&#957;&#940;" in data  # "Αθηνά" as references


# -- issue 23: the exhibit as a page to read --------------------------------------------------------

def test_the_page_has_margins_and_a_reading_width(exhibits):
    for name, data in exhibits.items():
        style = _tree(data).find("body").get("style")
        assert "max-width: 6.5in" in style and "margin-left: auto" in style and "padding-left: 0.5in" in style, name


def test_cross_references_read_as_text(exhibits):
    links = [a for a in _tree(exhibits["registration-rights-agreement"]).iter("a") if a.get("href")]
    assert len(links) > 20
    assert all(a.get("style") == "color: #000000; text-decoration: none" for a in links)


def test_a_page_break_follows_the_signature_page_legend(exhibits):
    data = exhibits["registration-rights-agreement"].decode()
    legend = data.index("NEXT PAGE IS SIGNATURE PAGE")
    assert data.index('<hr style="page-break-after: always">', legend) < data.index("IN WITNESS WHEREOF")


def test_notice_blocks_are_spaced(exhibits):
    tree = _tree(exhibits["registration-rights-agreement"])
    blocks = [d for d in tree.iter("div") if "margin-left: 1.5in" in (d.get("style") or "")]
    assert len(blocks) >= 3 and all("margin-bottom: 12pt" in d.get("style") for d in blocks)
