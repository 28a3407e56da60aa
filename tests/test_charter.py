"""Charter papers: the certificate, each form of amendment, the conformed charter, the checks."""
from __future__ import annotations

import datetime as dt

import pytest

from assembler import api, charter
from assembler.errors import TermSheetError

from . import fidelity
from .conftest import EXAMPLE, ROOT, SEEDS, docx_text, flat, load_yaml, pdf_text, run_cli, write_sheet

SECOND = ROOT / "tests" / "fixtures" / "second-charter.yaml"
SEED_FILES = {
    "certificate-of-incorporation": "certificate-of-incorporation-1997-07-31.txt",
    "certificate-of-amendment-1-1997-08-28": "charter-amendment-1997-08-28-before-payment.txt",
    "certificate-of-amendment-2-1999-03-19": "charter-amendment-1999-03-19-signed.txt",
}


def _texts(sheet_path, as_of=None) -> dict[str, str]:
    sheet = api.load_termsheet(sheet_path)
    return {d.name: flat(api.render(d, "txt").decode()) for d in api.documents(sheet, as_of)}


@pytest.fixture(scope="module")
def example_charter(tmp_path_factory):
    out = tmp_path_factory.mktemp("charter")
    api.build(EXAMPLE, ("txt", "docx", "pdf"), out)
    return out


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("stem", list(SEED_FILES))
def test_fidelity_to_the_charter_seeds_is_at_least_098(example_charter, stem, fmt):
    ratio, differences = fidelity.fidelity(example_charter / f"{stem}.{fmt}", SEEDS / SEED_FILES[stem])
    assert ratio >= 0.98, f"{stem}.{fmt}: {ratio:.4f}; biggest differences: {differences[:3]}"


def test_241_form_has_its_statutory_statements():
    text = _texts(EXAMPLE)["certificate-of-amendment-1-1997-08-28"]
    for expected in ["BEFORE PAYMENT OF ANY PART OF THE CAPITAL",
                     "2. The corporation has not received any payment of any of its stock.",
                     "by striking out Article FOURTH thereof",
                     "is 75,000,000. The par value of each of such shares is $0.001.",
                     "pursuant to the provisions of Section 241 of the General Corporation Law of the State of Delaware, "
                     "by the sole incorporator, no directors having been named",
                     "Signed on August 28, 1997", "/s/ Eugene Chiaramonte", "Eugene Chiaramonte, Incorporator"]:
        assert expected in text, expected


def test_241_by_directors():
    text = _texts(SECOND)["certificate-of-amendment-1-2015-02-20"]
    assert "Section 241" in text and "board of directors" in text.lower()
    assert "sole incorporator" not in text
    assert "by striking out Article THIRD thereof" in text
    assert "relating to data analysis" in text


def test_242_meeting_form_has_its_statutory_statements():
    text = _texts(EXAMPLE)["certificate-of-amendment-2-1999-03-19"]
    for expected in ["STATE OF DELAWARE", "DOES HEREBY CERTIFY",
                     "FIRST: That at a meeting of the Board of Directors of The Auxer Group, Inc."[:40],
                     "calling a meeting of the stockholders", "numbered \"Fourth\"", "See attached schedule 1A",
                     "SECOND: That thereafter, pursuant to resolution of its Board of Directors, a special meeting",
                     "Section 222 of the General Corporation Law of the State of Delaware",
                     "THIRD: That said amendment was duly adopted in accordance with the provisions of Section 242",
                     "FOURTH: That the capital of said corporation shall not be reduced",
                     "this 19th day of March, 1999", "Authorized Officer", "Title: President",
                     "Schedule - 1A", "is 175,000,000"]:
        assert expected in text, expected


def test_228_form_changing_two_articles():
    text = _texts(SECOND)["certificate-of-amendment-2-2018-06-04"]
    for expected in ["Section 228 of the General Corporation Law of the State of Delaware",
                     "in lieu of a meeting and vote of stockholders", "written consent",
                     "Section 242", "shall not be reduced", "\"First\"", "\"Fourth\"", "Schedule - A",
                     "LARKSPUR DATA, INC.", "is 30,000,000", "25,000,000 of such shares",
                     "Tomasz Wren", "Chief Executive Officer", "4th day of June, 2018"]:
        assert expected in text, expected
    assert "Section 222" not in text and "special meeting" not in text
    # The certificate is filed under the name the corporation had before it.
    assert "LARKSPUR ANALYTICS, INC." in text or "Larkspur Analytics, Inc." in text


def test_annual_meeting_variant():
    text = _texts(SECOND)["certificate-of-amendment-3-2021-09-15"]
    assert "an annual meeting of the stockholders" in text and "a annual" not in text
    assert "Section 222" in text and "is 60,000,000" in text


def test_conformed_copy_between_two_amendments_shows_the_first_only():
    texts = _texts(SECOND, as_of=dt.date(2019, 1, 1))
    conformed = texts["certificate-of-incorporation-as-amended-through-2019-01-01"]
    assert "as amended through January 1, 2019" in conformed
    assert "LARKSPUR DATA, INC." in conformed and "is 30,000,000" in conformed      # the 2018 amendment
    assert "is 60,000,000" not in conformed and "is 10,000,000" not in conformed  # not 2021, not the original
    assert "relating to data analysis" in conformed                               # the 2015 amendment
    assert "Article FIRST as amended by the Certificate of Amendment dated June 4, 2018" in conformed
    assert "Article FOURTH as amended by the Certificate of Amendment dated June 4, 2018" in conformed
    assert "Article THIRD as amended by the Certificate of Amendment before payment of capital dated " \
           "February 20, 2015" in conformed
    assert "/s/ Miriam Okafor" in conformed
    earlier = _texts(SECOND, as_of=dt.date(2015, 2, 15))["certificate-of-incorporation-as-amended-through-2015-02-15"]
    assert "is 10,000,000" in earlier and "as amended by" not in earlier


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_conformed_copy_footnotes_in_docx_and_pdf(tmp_path, fmt):
    result = api.build(SECOND, (fmt,), tmp_path, as_of=dt.date(2019, 1, 1))
    path = next(p for p in result.outputs if "as-amended-through" in p.name)
    text = flat(docx_text(path) if fmt == "docx" else pdf_text(path))
    assert "/s/ Miriam Okafor" in text
    if fmt == "docx":  # LibreOffice's text export leaves footnotes out; read Word's footnotes part
        import re
        import zipfile
        archive = zipfile.ZipFile(path)
        text = flat(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", archive.read("word/footnotes.xml").decode())))
        body = archive.read("word/document.xml").decode()
        assert body.count("<w:footnoteReference") == 3
        # One footnotes part, tied to the document once (Word refuses a second).
        assert archive.namelist().count("word/footnotes.xml") == 1
        assert archive.read("word/_rels/document.xml.rels").decode().count("relationships/footnotes") == 1
    assert "Article FOURTH as amended by the Certificate of Amendment dated June 4, 2018" in text


def test_as_of_on_the_cli(tmp_path):
    done = run_cli("build", str(EXAMPLE), "--format", "txt", "--out", str(tmp_path), "--as-of", "1998-01-01")
    assert done.returncode == 0, done.stderr
    conformed = (tmp_path / "certificate-of-incorporation-as-amended-through-1998-01-01.txt").read_text()
    assert "75,000,000" in conformed and "175,000,000" not in conformed
    assert "warning:" in done.stderr and "President" in done.stderr   # the seed's blank-check slip
    bad = run_cli("build", str(EXAMPLE), "--format", "txt", "--out", str(tmp_path / "x"), "--as-of", "1998-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_article_ordinals_follow_the_assembly():
    assert charter.ordinals()["capital"] == "FOURTH"
    assert charter.ordinals()["amendment"] == "ELEVENTH"


# -- checks -------------------------------------------------------------------------------------

def _charter_error(tmp_path, edit) -> TermSheetError:
    data = load_yaml(SECOND)
    edit(data["charter"])
    with pytest.raises(TermSheetError) as caught:
        api.load_termsheet(write_sheet(tmp_path, data))
    return caught.value


def test_classes_must_add_up(tmp_path):
    err = _charter_error(tmp_path, lambda c: c["capital"].update(total_shares=9000000))
    assert "add up to 10,000,000" in err.one_line() and "9,000,000" in err.one_line()
    assert err.field == "charter.capital" and err.line is not None


def test_par_value_or_no_par(tmp_path):
    err = _charter_error(tmp_path, lambda c: c["capital"].pop("par_value"))
    assert "no_par" in err.one_line()
    data = load_yaml(SECOND)
    data["charter"]["capital"].pop("par_value")
    data["charter"]["capital"]["no_par"] = True
    text = _texts(write_sheet(tmp_path, data))["certificate-of-incorporation"]
    assert "without par value" in text


def test_amendments_after_incorporation_in_date_order(tmp_path):
    err = _charter_error(tmp_path, lambda c: c["amendments"][0].update(date=dt.date(2014, 1, 1)))
    assert "before the certificate of incorporation was signed" in err.one_line()
    err = _charter_error(tmp_path, lambda c: c["amendments"][2].update(date=dt.date(2017, 1, 1)))
    assert "date order" in err.one_line()


def test_241_amendment_refused_after_payment(tmp_path):
    err = _charter_error(tmp_path, lambda c: c.update(first_stock_payment=dt.date(2015, 2, 15)))
    assert "241" in err.one_line() and "2015-02-15" in err.one_line()


def test_blank_check_power_to_an_officer_is_a_warning_not_an_error():
    sheet = api.load_termsheet(EXAMPLE)
    assert len(sheet.warnings) == 1
    warning = sheet.warnings[0].one_line()
    assert "President" in warning and "102(a)(4)" in warning and "termsheet.yaml:" in warning


def test_charter_only_term_sheet_builds_no_agreement(tmp_path):
    names = [d.name for d in api.documents(api.load_termsheet(SECOND))]
    assert "registration-rights-agreement" not in names
    assert names[0] == "certificate-of-incorporation" and len(names) == 4


def test_optional_articles_are_switches_and_later_articles_renumber(tmp_path):
    data = load_yaml(SECOND)
    data["charter"]["provisions"] = {"compromise": False, "section_203_opt_out": False}
    texts = _texts(write_sheet(tmp_path, data))
    certificate = texts["certificate-of-incorporation"]
    assert "compromise or arrangement" not in certificate and "Section 203" not in certificate
    assert "SEVENTH: For the management of the business" in certificate   # was EIGHTH
    assert "this Article TENTH." in certificate                           # was ELEVENTH
    assert "ELEVENTH" not in certificate and "TWELFTH" not in certificate
    # The certificates of amendment cite the articles by the same ordinals.
    assert 'numbered "First" and "Fourth"' in texts["certificate-of-amendment-2-2018-06-04"]
