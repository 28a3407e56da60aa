"""The charter through time, in process, with what each step must give typed out by hand: the
articles in force on a date or after a count of amendments, the ordinal words, the footnotes'
exact words, the context each kind of charter document sees, and the refusal of a date before
incorporation. (tests/test_charter.py reads the same documents through LibreOffice and the CLI.)"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import EXAMPLE, ROOT, variant, write_sheet

SECOND_CHARTER = ROOT / "tests" / "fixtures" / "second-charter.yaml"
D = dt.date


def load(path):
    from assembler import api

    return api.load_termsheet(path, api.library_for(path, ()))


@pytest.fixture(scope="module")
def second():
    return load(SECOND_CHARTER)


@pytest.fixture(scope="module")
def auxer():
    return load(EXAMPLE)


ALL = ["name", "registered_office", "purpose", "capital", "incorporator", "existence", "compromise", "management",
       "director_liability", "indemnification", "amendment", "section_203"]
WORDS = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
         "ELEVENTH", "TWELFTH"]


def test_article_keys_and_ordinals_follow_the_assembly_and_leave_out_what_the_charter_lacks(second):
    from assembler import charter

    assert charter.article_keys() == ALL
    assert charter.ordinals() == dict(zip(ALL, WORDS))
    state = charter.state(second.deal.charter, count=0)
    assert charter.article_keys(state) == ALL
    state["provisions"] = {**state["provisions"], "compromise": False, "section_203_opt_out": False}
    kept = [k for k in ALL if k not in ("compromise", "section_203")]
    assert charter.article_keys(state) == kept
    assert charter.ordinals(state) == dict(zip(kept, WORDS))


def test_the_state_on_a_date_and_after_a_count(second):
    from assembler import charter

    c = second.deal.charter
    shares = lambda s: s["capital"]["total_shares"]  # noqa: E731
    assert shares(charter.state(c)) == 60_000_000 and charter.state(c)["name"] == "LARKSPUR DATA, INC."
    assert "amendments" not in charter.state(c) and "filed" not in charter.state(c)
    for through, total, name, purpose in [
            (D(2015, 2, 19), 10_000_000, "LARKSPUR ANALYTICS, INC.", "to develop, license and sell data analysis software"),
            (D(2015, 2, 20), 10_000_000, "LARKSPUR ANALYTICS, INC.", "to engage in any lawful act or activity relating to data analysis"),
            (D(2018, 6, 3), 10_000_000, "LARKSPUR ANALYTICS, INC.", "to engage in any lawful act or activity relating to data analysis"),
            (D(2018, 6, 4), 30_000_000, "LARKSPUR DATA, INC.", "to engage in any lawful act or activity relating to data analysis"),
            (D(2021, 9, 14), 30_000_000, "LARKSPUR DATA, INC.", "to engage in any lawful act or activity relating to data analysis"),
            (D(2021, 9, 15), 60_000_000, "LARKSPUR DATA, INC.", "to engage in any lawful act or activity relating to data analysis")]:
        state = charter.state(c, through=through)
        assert (shares(state), state["name"], state["purpose"]) == (total, name, purpose), through
    for count, total in [(0, 10_000_000), (1, 10_000_000), (2, 30_000_000), (3, 60_000_000), (9, 60_000_000)]:
        assert shares(charter.state(c, count=count)) == total, count
    # An amendment brings each article it names whole, with its defaults.
    from decimal import Decimal
    assert charter.state(c, count=2)["capital"] == {
        "total_shares": 30_000_000, "par_value": Decimal("0.0001"), "no_par": False,
        "classes": [{"name": "common stock", "shares": 25_000_000}, {"name": "preferred stock", "shares": 5_000_000}],
        "preferred_terms_by": "board of directors"}


def test_changed_articles_in_the_certificates_order(second):
    from assembler import charter

    order = charter.ordinals()
    assert [charter.changed_articles(a, order) for a in second.deal.charter.amendments] == \
        [["purpose"], ["name", "capital"], ["capital"]]


def test_the_footnotes_name_the_latest_certificate_and_the_earlier_ones(second):
    from assembler import charter

    c, words = second.deal.charter, charter.ordinals()
    assert charter.footnotes(c, D(2015, 2, 19), words) == {}
    assert charter.footnotes(c, D(2015, 2, 20), words) == {
        "purpose": "Article THIRD as amended by the Certificate of Amendment before payment of capital dated "
                   "February 20, 2015."}
    assert charter.footnotes(c, D(2021, 9, 15), words) == {
        "purpose": "Article THIRD as amended by the Certificate of Amendment before payment of capital dated "
                   "February 20, 2015.",
        "name": "Article FIRST as amended by the Certificate of Amendment dated June 4, 2018.",
        "capital": "Article FOURTH as amended by the Certificate of Amendment dated September 15, 2021; earlier "
                   "amended by the Certificate of Amendment dated June 4, 2018."}


def test_two_earlier_certificates_are_named_together(tmp_path, auxer):
    from assembler import charter

    third = {"date": "2000-05-01", "adoption": "stockholders_meeting", "meeting": "annual",
             "signer": {"name": "Eugene Chiaramonte", "title": "President"},
             "changes": {"capital": {"total_shares": 275000000, "par_value": 0.001,
                                     "classes": [{"name": "common stock", "shares": 250000000},
                                                 {"name": "preferred stock", "shares": 25000000}],
                                     "preferred_terms_by": "board of directors"}}}
    data = variant({})
    data["charter"]["amendments"].append(third)
    sheet = load(write_sheet(tmp_path, data))
    notes = charter.footnotes(sheet.deal.charter, D(2000, 5, 1), charter.ordinals())
    assert notes == {"capital": "Article FOURTH as amended by the Certificate of Amendment dated May 1, 2000; "
                                "earlier amended by the Certificates of Amendment dated August 28, 1997 and "
                                "March 19, 1999."}


def test_what_each_charter_document_sees(second):
    from assembler import charter

    assert {name: context.names for name, context in charter.CONTEXTS.items()} == {
        "charter": ("ordinal", "amended", "document"),
        "charter-amendment": ("ordinal", "amended", "document", "amendment", "before"),
        "charter-as-of": ("ordinal", "amended", "document")}
    assert charter.CONTEXTS["charter"].build is charter.original
    assert charter.CONTEXTS["charter-amendment"].build is charter.amendment
    assert charter.CONTEXTS["charter-as-of"].build is charter.as_amended

    filed = charter.original(second, 0, None)
    assert filed["charter"]["name"] == "LARKSPUR ANALYTICS, INC." and filed["amended"] == {}
    assert filed["charter"]["purpose"] == "to develop, license and sell data analysis software"
    assert filed["document"] == {"conformed": False, "as_of": None}
    assert filed["ordinal"] == dict(zip(ALL, WORDS))

    second_amendment = charter.amendment(second, 2, None)
    assert second_amendment["amendment"]["number"] == 2
    assert second_amendment["amendment"]["articles"] == ["name", "capital"]
    assert second_amendment["amendment"]["date"] == D(2018, 6, 4)
    assert second_amendment["before"]["name"] == "LARKSPUR ANALYTICS, INC."
    assert second_amendment["before"]["purpose"] == "to engage in any lawful act or activity relating to data analysis"
    assert second_amendment["charter"]["name"] == "LARKSPUR DATA, INC."
    assert second_amendment["before"]["capital"]["total_shares"] == 10_000_000
    assert second_amendment["charter"]["capital"]["total_shares"] == 30_000_000
    assert second_amendment["document"] == {"conformed": False, "as_of": None} and second_amendment["amended"] == {}
    assert charter.amendment(second, 1, None)["before"]["purpose"] == \
        "to develop, license and sell data analysis software"

    conformed = charter.as_amended(second, 0, D(2018, 6, 4))
    assert conformed["document"] == {"conformed": True, "as_of": D(2018, 6, 4)}
    assert conformed["charter"]["capital"]["total_shares"] == 30_000_000
    assert set(conformed["amended"]) == {"purpose", "name", "capital"}
    assert conformed["ordinal"]["capital"] == "FOURTH"
    # On the day of signing itself, the charter as filed.
    assert charter.as_amended(second, 0, D(2015, 2, 10))["amended"] == {}


def test_a_date_before_incorporation_is_refused(second):
    from assembler import charter
    from assembler.errors import TermSheetError

    with pytest.raises(TermSheetError) as refused:
        charter.as_amended(second, 0, D(2015, 2, 9))
    assert refused.value.one_line() == (
        f"{SECOND_CHARTER}: field 'charter.signed_on': --as-of 2015-02-09 is before the certificate of "
        "incorporation was signed on 2015-02-10")


def test_the_form_names():
    from assembler import charter

    assert charter.FORM_NAMES == {"before_payment": "Certificate of Amendment before payment of capital",
                                  "stockholders_meeting": "Certificate of Amendment",
                                  "written_consent": "Certificate of Amendment"}
    assert charter.CERTIFICATE == "certificate-of-incorporation"


def test_a_charter_without_an_optional_article_numbers_the_rest_up(tmp_path):
    """The ordinals every charter document sees come from the charter as filed, without the articles
    it leaves out (amendments cannot add or drop one: they change name, office, purpose, capital)."""
    from assembler import charter

    data = variant({"charter.provisions.compromise": False})
    sheet = load(write_sheet(tmp_path, data))
    kept = [k for k in ALL if k != "compromise"]
    expected = dict(zip(kept, WORDS))
    assert charter.original(sheet, 0, None)["ordinal"] == expected
    assert charter.amendment(sheet, 2, None)["ordinal"] == expected
    assert charter.as_amended(sheet, 0, D(2000, 1, 1))["ordinal"] == expected
    assert charter.as_amended(sheet, 0, D(2000, 1, 1))["amended"]["capital"].startswith("Article FOURTH ")
