"""Notice letters in process: who writes to whom, with which dates, and each refusal as its exact
line (letters.py); for mutation testing (scripts/mutation-test letters). The letters as a reader
gets them (LibreOffice, poppler) are read in tests/test_notices.py. The dates are worked out by
hand from the second deal's terms and the 2024 calendar, as test_notices.py explains."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from assembler import letters, termsheet
from assembler.errors import AssemblerError, ClauseError
from assembler.letters import Request
from assembler.library import Library

from .conftest import EXAMPLE, ROOT, variant, write_sheet
from .test_notices import PARTIES

SECOND = ROOT / "tests" / "fixtures" / "second-deal.yaml"
AMENDED = ROOT / "tests" / "fixtures" / "amended-deal.yaml"
D = dt.date
COUNTING = ("A business day is a day other than a Saturday, a Sunday or one of the United States federal "
            "holidays.")
EVERYONE = "company, initial-investor, tidewater, kestrel-growth-fund-l-p"
KESTREL = "kestrel-growth-fund-l-p"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    return termsheet.load(write_sheet(tmp_path_factory.mktemp("deal"), variant(PARTIES, base=SECOND)))


def load(tmp_path: Path, changes: dict, base: Path = SECOND):
    return termsheet.load(write_sheet(tmp_path, variant(changes, base=base)))


def make(sheet, kind: str, to: str, date: str, **kw) -> list[letters.Letter]:
    kw = {key: (D.fromisoformat(value) if key.endswith("date") else value) for key, value in kw.items()}
    return letters.letters(sheet, Request(kind=kind, to=to, date=D.fromisoformat(date), **kw))


def one(sheet, kind, to, date, **kw) -> letters.Letter:
    found = make(sheet, kind, to, date, **kw)
    assert len(found) == 1
    return found[0]


def words(letter: letters.Letter) -> str:
    return " ".join([letter.subject] + [value if kind == "p" else " / ".join(value)
                                        for kind, value in letter.paragraphs])


def refusal(sheet, kind, to, date="2024-06-03", **kw) -> str:
    with pytest.raises(AssemblerError) as refused:
        make(sheet, kind, to, date, **kw)
    return refused.value.one_line()


# -- each kind: its section, its parties, its dates -----------------------------------------------

def test_comments(sheet):
    letter = one(sheet, "comments", "initial-investor", "2024-05-02", event_date="2024-05-01")
    assert letter.subject == ("Registration Rights Agreement dated March 5, 2024 — Notice under Section 2(a): "
                              "comments of the Commission on the Registration Statement")
    assert (letter.sender.key, letter.recipient.key, letter.delivery) == ("company", "initial-investor", "telecopier")
    assert (letter.date, letter.delivered, letter.late) == (D(2024, 5, 2), D(2024, 5, 2), None)
    assert letter.timing == {"hours": 36, "due": D(2024, 5, 3)}
    assert letter.enclosures == ["Copy of the Commission's written comments"]
    assert letter.acknowledgements == [] and letter.blanks == [] and letter.conformed is False
    text = words(letter)
    assert "on May 1, 2024 it received comments from the Commission" in text
    assert "thirty-six (36) hours" in text and "by the same time of day on May 3, 2024" in text
    assert "by telecopier to 203.555.0170, with a copy to Ostrander Vale LLP" in text
    assert letter.stem == "notice-comments-initial-investor-2024-05-02"
    assert letter.rule.startswith(COUNTING)


def test_effectiveness_event_defaults_to_the_letter_date(sheet):
    letter = one(sheet, "effectiveness", "initial-investor", "2024-05-10")
    assert letter.timing == {"hours": 12, "due": D(2024, 5, 11)}
    assert "on May 10, 2024 the Commission declared the Registration Statement" in words(letter)
    assert "Notice under Section 2(a):" in letter.subject and letter.enclosures == []


def test_piggyback(sheet):
    letter = one(sheet, "piggyback", KESTREL, "2024-06-03", filing_date="2024-06-20")
    assert "Notice under Section 2(c)(i):" in letter.subject
    assert letter.timing == {"latest_notice": D(2024, 6, 5), "response_due": D(2024, 6, 17)}
    text = words(letter)
    for said in ("with the Commission on June 20, 2024", "within twelve (12) days after your receipt",
                 "no later than June 17, 2024", "at least fifteen (15) days before", "no later than June 5, 2024",
                 "by telecopier to 415.555.0150, with a copy to Ferris Noble LLP"):
        assert said in text
    assert letter.explain().splitlines()[:4] == [
        "notice-piggyback-kestrel-growth-fund-l-p-2024-06-03:",
        "  given on 2024-06-03 (telecopier, sent 2024-06-03)",
        "  latest notice: 2024-06-05",
        "  response due: 2024-06-17"]
    assert letter.explain().splitlines()[4] == "  counting rules: " + letter.rule
    assert len(letter.explain().splitlines()) == 5


def test_requested_information_goes_by_courier_to_an_investor_without_a_telecopier(sheet):
    letter = one(sheet, "requested-information", "tidewater", "2024-06-03", filing_date="2024-06-20")
    assert "Notice under Section 4(a):" in letter.subject
    assert (letter.delivery, letter.delivered) == ("courier", D(2024, 6, 4))
    # Nine days before June 20 is June 11; four business days before it, over Juneteenth, June 13.
    assert letter.timing == {"latest_notice": D(2024, 6, 11), "response_due": D(2024, 6, 13)}
    text = words(letter)
    assert "no later than June 13, 2024" in text and "four (4) business days before" in text
    assert "by overnight courier will be on the next business day, June 4, 2024" in text


def test_misstatement_stop_order_and_resumption(sheet):
    misstatement = one(sheet, "misstatement", "initial-investor", "2024-08-01", event_date="2024-07-31")
    assert "Notice under Section 3(e):" in misstatement.subject and misstatement.timing == {}
    assert "on July 31, 2024 it became aware" in words(misstatement)
    assert "Under Section 4(c)" in words(misstatement)
    stop = one(sheet, "stop-order", KESTREL, "2024-08-02")
    assert "Notice under Section 3(f):" in stop.subject
    assert "on August 2, 2024 the Commission issued a stop order" in words(stop)
    resumption = one(sheet, "resumption", "initial-investor", "2024-08-20", event_date="2024-08-19")
    assert "Notice under Section 4(c):" in resumption.subject
    assert "notice under Section 3(e) or 3(f)" in words(resumption) and "as of August 19, 2024" in words(resumption)
    assert resumption.enclosures == ["Supplemented or amended Prospectus"]


def test_assignment_comes_from_the_one_assignor_and_is_countersigned(sheet):
    letter = one(sheet, "assignment", "company", "2024-04-03")
    assert (letter.sender.key, letter.recipient.key) == ("initial-investor", "company")
    assert letter.sender.role == "the Initial Investor" and letter.recipient.role == "the Company"
    assert "Notice under Section 8:" in letter.subject
    assert [party.key for party in letter.acknowledgements] == ["tidewater"]
    assert letter.acknowledgements[0].role == "an Investor"
    text = words(letter)
    assert "on April 2, 2024, to Tidewater Partners LLC" in text and "400,000 Debenture Shares" in text
    assert "(Harborview Opportunity Fund, L.P., the \"Assignor\")" in text
    # Given on the day of the assignment: it counts.
    assert one(sheet, "assignment", "company", "2024-04-02").acknowledgements[0].key == "tidewater"


def test_address_change_is_effective_when_given_and_lists_the_new_address(sheet):
    letter = one(sheet, "address-change", "company", "2024-07-01", sender="initial-investor")
    assert "Notice under Section 11(c):" in letter.subject
    assert letter.timing == {"effective": D(2024, 7, 1)}
    assert "from the day this notice is given, July 1, 2024" in words(letter)
    addresses = [value for kind, value in letter.paragraphs if kind == "address"]
    assert addresses == [["Harborview Opportunity Fund, L.P.", "1 Harbor Point", "Floor 9",
                          "Stamford, Connecticut 06902", "Attention: Lena Brandt", "Telecopier: 203.555.0190",
                          "Telephone: 203.555.0191"]]
    assert letter.explain().splitlines()[2] == "  effective: 2024-07-01"


def test_a_notice_on_its_due_day_is_on_time_and_the_day_after_is_late(sheet):
    on_time = one(sheet, "effectiveness", "initial-investor", "2024-05-11", event_date="2024-05-10")
    assert on_time.late is None and "late" not in on_time.timing
    late = one(sheet, "effectiveness", "initial-investor", "2024-05-13", event_date="2024-05-10")
    assert late.late == ("sent on 2024-05-13 by this method, the notice is given on 2024-05-13, "
                         "after it was due (2024-05-11)")
    assert "  late:" not in late.explain() and "sent on 2024-05-13 by" not in late.explain()
    # By courier, the piggyback notice sent on its last day is given the next business day: late.
    assert one(sheet, "piggyback", KESTREL, "2024-06-05", filing_date="2024-06-20").late is None
    courier = one(sheet, "piggyback", KESTREL, "2024-06-05", filing_date="2024-06-20", delivery="courier")
    assert (courier.delivered, courier.timing["latest_notice"]) == (D(2024, 6, 6), D(2024, 6, 5))
    assert courier.late == ("sent on 2024-06-05 by this method, the notice is given on 2024-06-06, "
                            "after it was due (2024-06-05)")
    info = one(sheet, "requested-information", "tidewater", "2024-06-11", filing_date="2024-06-20")
    assert info.delivered == D(2024, 6, 12) and info.late.endswith("after it was due (2024-06-11)")


def test_delivery_methods(sheet):
    personal = one(sheet, "stop-order", "tidewater", "2024-08-02", delivery="personal")
    assert (personal.delivery, personal.delivered) == ("personal", D(2024, 8, 2))
    assert "by personal delivery" in words(personal)
    courier = one(sheet, "stop-order", KESTREL, "2024-08-02", delivery="courier")
    assert (courier.delivery, courier.delivered) == ("courier", D(2024, 8, 5))  # over the weekend
    assert "nationally recognized overnight courier" in words(courier)
    assert one(sheet, "stop-order", KESTREL, "2024-08-02").delivery == "telecopier"


# -- who gets a letter ------------------------------------------------------------------------------

def test_recipients_by_comma_each_once_and_all_investors(sheet):
    found = make(sheet, "misstatement", f"tidewater, ,{KESTREL},tidewater", "2024-08-01")
    assert [letter.recipient.key for letter in found] == ["tidewater", KESTREL]
    every = make(sheet, "misstatement", "all-investors", "2024-08-01")
    assert [letter.recipient.key for letter in every] == ["initial-investor", "tidewater", KESTREL]
    others = make(sheet, "address-change", "all-investors", "2024-07-01", sender="initial-investor")
    assert [letter.recipient.key for letter in others] == ["tidewater", KESTREL]
    anyone = make(sheet, "address-change", f"company,{KESTREL}", "2024-07-01", sender="initial-investor")
    assert [letter.recipient.key for letter in anyone] == ["company", KESTREL]


def test_an_other_investor_that_is_a_party_gets_what_the_initial_investor_gets(tmp_path):
    parties = copy.deepcopy(PARTIES)
    parties["other_investors"][1]["party"] = True
    sheet = load(tmp_path, parties)
    letter = one(sheet, "effectiveness", KESTREL, "2024-05-10")
    assert letter.recipient.role == "an Initial Investor" and letter.recipient.path == "other_investors[1]"
    assert refusal(sheet, "effectiveness", "tidewater") == (
        "field '--to': an effectiveness notice does not go to an Investor (tidewater) "
        f"(accepted: initial-investor, {KESTREL})")


def test_the_notices_in_force_are_the_latest_given_by_the_letter_date(tmp_path):
    parties = copy.deepcopy(PARTIES)
    later = copy.deepcopy(parties["investor.address_changes"][0])
    later.update(date="2024-09-02", attention="Noor Haddad", telecopier="203.555.0999")
    parties["investor.address_changes"].append(later)
    sheet = load(tmp_path, parties)

    def attention(date):
        letter = one(sheet, "stop-order", "initial-investor", date)
        return letter.recipient.notices["attention"], letter.recipient.notices.get("telecopier"), \
            len(letter.recipient.changes)

    assert attention("2024-06-30") == ("Marcus Oyelaran", "203.555.0170", 0)
    assert attention("2024-07-01") == ("Lena Brandt", "203.555.0190", 1)
    assert attention("2024-09-02") == ("Noor Haddad", "203.555.0999", 2)
    assert "date" not in one(sheet, "stop-order", "initial-investor", "2024-09-02").recipient.notices
    change = one(sheet, "address-change", "company", "2024-09-02", sender="initial-investor")
    assert "Attention: Noor Haddad" in [line for kind, value in change.paragraphs if kind == "address"
                                         for line in value]


def test_amendments_signed_by_the_letter_date_apply(tmp_path):
    sheet = load(tmp_path, {"other_investors": [dict(PARTIES["other_investors"][0], assignment={
        "assignor": "initial-investor", "date": "2001-03-01", "securities": "1,000 Debenture Shares"})],
        "investor.signatory": {"name": "Pat Lee", "title": "Partner"}}, base=AMENDED)
    before = one(sheet, "assignment", "company", "2001-09-09")
    assert "Notice under Section 8:" in before.subject
    assert "as amended by Amendment No. 1 dated June 1, 2001 of the" not in words(before)
    on = one(sheet, "assignment", "company", "2001-09-10")
    assert "Notice under Section 7:" in on.subject and "Section 10(c) of the Agreement" in words(on)
    assert ("as amended by Amendment No. 1 dated June 1, 2001 and Amendment No. 2 dated September 10, 2001"
            in words(on))
    assert one(sheet, "effectiveness", "initial-investor", "2001-06-01").recipient.notices["attention"] \
        == "Jane Q. Doe"
    assert one(sheet, "effectiveness", "initial-investor", "2001-05-31").recipient.notices["attention"] \
        == "Nelson Braff"


# -- blanks -----------------------------------------------------------------------------------------

def test_the_example_leaves_its_open_facts_as_blanks():
    sheet = termsheet.load(EXAMPLE)
    letter = one(sheet, "effectiveness", "initial-investor", "2001-05-14")
    assert ("investor.name", "address") in letter.blanks
    assert ("company.signatory.name", "signature") in letter.blanks
    assert ("company.name", "letterhead") not in letter.blanks


def test_party_blanks_name_where_each_goes(tmp_path):
    sheet = load(tmp_path, {**PARTIES, "company.signatory": {"title": "Chief Executive Officer"}})
    letter = one(sheet, "stop-order", KESTREL, "2024-08-02")
    assert letter.blanks == [("company.signatory.name", "signature")]
    assert letter.sender.path == "company"
    investor = one(sheet, "assignment", "company", "2024-04-03")
    assert investor.blanks == [] and investor.sender.path == "investor"


def test_a_conformed_letter_has_no_signature_blank(sheet):
    letter = one(sheet, "comments", "initial-investor", "2024-05-02", conformed=True)
    assert letter.conformed is True and letter.blanks == []


# -- refusals, each as its exact line ---------------------------------------------------------------

def test_kind_and_date_refusals(sheet):
    assert refusal(sheet, "payment", "company") == (
        "field '--kind': no such kind of notice: 'payment' (accepted: comments, effectiveness, piggyback, "
        "requested-information, misstatement, stop-order, resumption, assignment, address-change)")
    assert refusal(sheet, "comments", "initial-investor", "2024-03-04") == (
        "field '--date': the letter's date 2024-03-04 is before the agreement's (2024-03-05)")
    assert one(sheet, "comments", "initial-investor", "2024-03-05").date == D(2024, 3, 5)


def test_sender_refusals(sheet, tmp_path):
    assert refusal(sheet, "stop-order", "tidewater", sender="nobody") == (
        f"field '--from': 'nobody' is not a party to the agreement (accepted: {EVERYONE})")
    assert refusal(sheet, "comments", "initial-investor", sender="tidewater") == (
        "field '--from': a comments notice is the Company's to give, not an Investor's "
        "(leave out --from, or give --from company)")
    assert refusal(sheet, "effectiveness", "initial-investor", sender="initial-investor") == (
        "field '--from': an effectiveness notice is the Company's to give, not the Initial Investor's "
        "(leave out --from, or give --from company)")
    assert refusal(sheet, "assignment", "company", sender="company") == (
        "field '--from': an assignment notice is given by an Investor to the Company "
        f"(give --from with one of: initial-investor, tidewater, {KESTREL})")
    assert one(sheet, "stop-order", KESTREL, "2024-08-02", sender="company").sender.key == "company"
    nobody_assigned = load(tmp_path, {"other_investors": [
        {k: v for k, v in PARTIES["other_investors"][0].items() if k != "assignment"}]})
    assert refusal(nobody_assigned, "assignment", "company") == (
        "field '--from': an assignment notice comes from an Investor; say which with --from "
        "(investors: initial-investor, tidewater)")


def test_recipient_refusals(sheet):
    accepted = f"accepted: {EVERYONE}, all-investors"
    assert refusal(sheet, "comments", " , ") == f"field '--to': names nobody to write to ({accepted})"
    assert refusal(sheet, "comments", "nobody") == (
        f"field '--to': 'nobody' is not a party to the agreement ({accepted})")
    assert refusal(sheet, "effectiveness", "all-investors") == (
        "field '--to': the agreement sends an effectiveness notice to the Initial Investor only "
        "(give --to initial-investor)")
    assert refusal(sheet, "assignment", "all-investors", sender="initial-investor") == (
        "field '--to': the agreement sends an assignment notice to the Company only (give --to company)")
    assert refusal(sheet, "effectiveness", "company") == (
        "field '--to': an effectiveness notice does not go to the Company (company) (accepted: initial-investor)")
    assert refusal(sheet, "misstatement", "company") == (
        "field '--to': a misstatement notice does not go to the Company (company) "
        f"(accepted: initial-investor, tidewater, {KESTREL}, all-investors)")
    assert refusal(sheet, "assignment", "tidewater", sender="initial-investor") == (
        "field '--to': an assignment notice does not go to an Investor (tidewater) (accepted: company)")
    assert refusal(sheet, "address-change", "initial-investor", "2024-07-01", sender="initial-investor") == (
        "field '--to': an address-change notice does not go to the Initial Investor (initial-investor) "
        f"(accepted: company, tidewater, {KESTREL}, all-investors)")
    # An investor's notice to "the investors" does not go to itself.
    assert refusal(sheet, "misstatement", "tidewater", sender="tidewater").startswith(
        "field '--from': a misstatement notice is the Company's to give")


def test_no_investors_to_write_to(tmp_path):
    sheet = load(tmp_path, {"investor.address_changes": PARTIES["investor.address_changes"]})
    assert refusal(sheet, "address-change", "all-investors", "2024-07-01", sender="initial-investor") == (
        "field '--to': there are no investors to write to")


def test_delivery_refusals(sheet):
    assert refusal(sheet, "stop-order", "tidewater", delivery="pigeon") == (
        "field '--delivery': 'pigeon' is not a way the notices section allows "
        "(accepted: personal, telecopier, courier)")
    assert refusal(sheet, "stop-order", "tidewater", delivery="telecopier") == (
        "field '--delivery': an Investor has no telecopier number for notices "
        "(choose personal or courier, or add the number to the term sheet)")
    assert one(sheet, "stop-order", KESTREL, "2024-08-02", delivery="telecopier").delivered == D(2024, 8, 2)


def test_fact_refusals(sheet):
    assert refusal(sheet, "misstatement", "tidewater", "2024-08-01", event_date="2024-08-02") == (
        "field '--event-date': the event date 2024-08-02 is after the letter's date 2024-08-01 (give the date "
        "of the Company becoming aware of the misstatement or omission, on or before the letter's)")
    assert one(sheet, "misstatement", "tidewater", "2024-08-01", event_date="2024-08-01").date == D(2024, 8, 1)
    assert refusal(sheet, "piggyback", "tidewater") == (
        "field '--filing-date': a piggyback notice states the anticipated filing date of the registration "
        "statement (give --filing-date YYYY-MM-DD)")
    assert refusal(sheet, "requested-information", "tidewater") == (
        "field '--filing-date': a requested-information notice states the anticipated filing date of the "
        "registration statement (give --filing-date YYYY-MM-DD)")
    assert refusal(sheet, "piggyback", "tidewater", filing_date="2024-06-03") == (
        "field '--filing-date': the anticipated filing date 2024-06-03 is not after the letter's date 2024-06-03")
    assert one(sheet, "piggyback", "tidewater", "2024-06-03", filing_date="2024-06-04").late is not None
    assert refusal(sheet, "assignment", "company", "2024-04-01") == (
        "field 'other_investors': initial-investor has assigned no registration rights by 2024-04-01 "
        "(add the transferee under other_investors with assignment: {assignor: initial-investor, date: ..., "
        "securities: ...})")
    assert refusal(sheet, "assignment", "company", "2024-04-03", sender="tidewater").startswith(
        "field 'other_investors': tidewater has assigned no registration rights by 2024-04-03")
    assert refusal(sheet, "address-change", "initial-investor", "2024-07-01", sender="company") == (
        "field 'company.address_changes': the Company (company) has no change of address dated on or before "
        "2024-07-01 (add the new address under address_changes, with its date)")
    assert refusal(sheet, "address-change", "company", "2024-06-30", sender="initial-investor") == (
        "field 'investor.address_changes': the Initial Investor (initial-investor) has no change of address "
        "dated on or before 2024-06-30 (add the new address under address_changes, with its date)")


def test_conformed_needs_the_signers_name(tmp_path):
    sheet = load(tmp_path, {**PARTIES, "company.signatory": {"title": "Chief Executive Officer"}})
    message = refusal(sheet, "comments", "initial-investor", "2024-05-02", conformed=True)
    assert message == (
        f"{sheet.path}: field 'company.signatory.name': cannot be conformed: the signer's name is not in the "
        "term sheet (add the signer's name, or leave out --conformed for a signature line)")


def test_a_notice_the_agreement_does_not_provide_for(tmp_path):
    sheet = load(tmp_path, {**PARTIES, "registration.piggyback.enabled": False})
    line = next(i for i, text in enumerate(Path(sheet.path).read_text().splitlines(), 1) if "enabled: false" in text)
    assert refusal(sheet, "piggyback", "tidewater", filing_date="2024-06-20") == (
        f"{sheet.path}:{line}: field 'registration.piggyback.enabled': the agreement provides for no piggyback "
        "notice: registration.piggyback.enabled is off (turn registration.piggyback.enabled on to give the "
        "Investors these rights)")


def test_a_section_the_amended_agreement_lacks(tmp_path, monkeypatch):
    """The amended example's No. 2 (September 10, 2001) takes out Rule 144: a kind of letter given
    under it is refused from that day, naming the section, and written the day before."""
    sheet = load(tmp_path, {}, base=AMENDED)
    monkeypatch.setitem(letters.KINDS, "rule-144", letters.Kind("rule-144", ("rr.rule_144",), "company", "investors"))
    assert refusal(sheet, "rule-144", "initial-investor", "2001-09-10") == (
        f"{sheet.path}: field '--kind': the agreement as it stands has no section 'rr.rule_144', which a "
        "rule-144 notice is given under (check the amendments under agreement.amendments)")
    with pytest.raises(AssemblerError) as refused:  # the day before, only the clause is missing
        make(sheet, "rule-144", "initial-investor", "2001-09-09")
    assert "rr.rule_144" not in refused.value.one_line()
    assert "letters/rule_144" in refused.value.one_line()


def test_no_agreement():
    sheet = termsheet.load(ROOT / "tests" / "fixtures" / "second-charter.yaml")
    assert refusal(sheet, "comments", "initial-investor") == (
        f"{sheet.path}: field 'agreement': has no agreement, so no notices under it")


def test_a_letter_clause_may_hold_only_title_p_and_address(tmp_path, sheet):
    folder = tmp_path / "lib" / "letters"
    folder.mkdir(parents=True)
    (folder / "comments.xml.j2").write_text("<title>T</title>\n<p>One.</p>\n<pagebreak/>\n")
    with pytest.raises(ClauseError) as refused:
        letters.letters(sheet, Request("comments", "initial-investor", D(2024, 5, 2)), Library([tmp_path / "lib"]))
    assert refused.value.one_line() == (
        f"{folder / 'comments.xml.j2'}: may hold only <title>, <p> and <address> in a letter")


def test_a_letter_clause_of_a_firm_and_its_blanks(tmp_path, sheet):
    folder = tmp_path / "lib" / "letters"
    folder.mkdir(parents=True)
    (folder / "comments.xml.j2").write_text(
        "<title>Notice   to {{ letter.recipient.name }}</title>\n<p>Under <ref to=\"rr.registration.filing\"/>,\n"
        "  by   {{ letter.delivery }}.</p>\n<address><line>Street</line><contact label=\"Attention\">Ada</contact>"
        "</address>\n")
    letter = letters.letters(sheet, Request("comments", "initial-investor", D(2024, 5, 2)),
                             Library([tmp_path / "lib"]))[0]
    assert letter.subject == "Notice to Harborview Opportunity Fund, L.P."
    assert letter.paragraphs == [("p", "Under Section 2(a), by telecopier."),
                                 ("address", ["Street", "Attention: Ada"])]


def firm_clause(tmp_path, text: str, name: str = "comments") -> Library:
    folder = tmp_path / "firm" / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.xml.j2").write_text(text)
    return Library([tmp_path / "firm"])


def test_what_a_firms_letter_clause_may_use(tmp_path, sheet):
    library = firm_clause(tmp_path, "<p>{{ letter.kind }}|{{ letter.rule[:14] }}|{{ letter.conformed }}|"
                                    "{{ letter.assignments | length }}|{{ letter.change }}</p>\n"
                                    "<p><blank name=\"one\"/></p><p>and <blank name=\"two\"/></p>\n")
    letter = letters.letters(sheet, Request("comments", "initial-investor", D(2024, 5, 2), conformed=True),
                             library)[0]
    assert letter.subject == ""  # no <title>: no subject
    assert letter.paragraphs == [("p", "comments|A business day|True|0|None"), ("p", "__________"),
                                 ("p", "and __________")]
    assert letter.blanks == [("one", "letter"), ("two", "letter")]


def test_a_firms_letter_clause_that_does_not_parse_is_named(tmp_path, sheet):
    library = firm_clause(tmp_path, "<p>unclosed\n")
    with pytest.raises(ClauseError) as refused:
        letters.letters(sheet, Request("comments", "initial-investor", D(2024, 5, 2)), library)
    assert refused.value.one_line().startswith(f"{tmp_path / 'firm' / 'letters' / 'comments.xml.j2'}:")


def test_the_agreement_is_the_one_the_library_makes(tmp_path, sheet):
    """A firm's library whose assignment clause has another id: the agreement it makes cannot cite
    rr.assignment, where ours would have made the letter."""
    folder = tmp_path / "firm" / "registration_rights"
    folder.mkdir(parents=True)
    (folder / "assignment.xml.j2").write_text('<section id="rr.transfer" title="Transfer"><p>Words.</p></section>\n')
    library = Library([tmp_path / "firm"])
    with pytest.raises(AssemblerError) as refused:
        letters.letters(sheet, Request("assignment", "company", D(2024, 4, 3)), library)
    assert "refers to section 'rr.assignment', which is not in this document" in refused.value.one_line()


def test_the_companys_own_change_of_address(tmp_path):
    moved = {**PARTIES, "company.address_changes": [{
        "date": "2024-07-01", "address": {"lines": ["9 Lake Road"], "city": "Carson City", "state": "Nevada",
                                          "postal_code": "89701"},
        "attention": "Dana K. Whitfield", "telecopier": "775.555.0900"}]}
    sheet = load(tmp_path, moved)
    before = one(sheet, "stop-order", KESTREL, "2024-06-30")
    assert before.sender.notices["address"]["lines"] == ["400 Innovation Way", "Suite 210"]
    assert before.sender.changes == []
    after = one(sheet, "address-change", "initial-investor", "2024-07-01")
    assert after.sender.key == "company" and after.sender.notices["address"]["lines"] == ["9 Lake Road"]
    assert [change["date"] for change in after.sender.changes] == [D(2024, 7, 1)]
    assert "9 Lake Road" in words(after)


def test_a_sender_not_named_is_a_blank_on_the_letterhead(tmp_path):
    sheet = load(tmp_path, {**PARTIES, "investor.name": None})
    letter = one(sheet, "assignment", "company", "2024-04-03")
    assert ("investor.name", "letterhead") in letter.blanks
    assert ("investor.name", "address") not in letter.blanks
