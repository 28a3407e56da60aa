"""The term sheet's own facts as typed, strict pydantic models: ``Deal`` and its parts.

Every model refuses a key it does not know (``extra="forbid"``), so a misspelt field is an
error with a suggestion, never a silently ignored fact. A library's new top-level facts are
declared in its own schema file and validated apart (see ``extension``).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def visible_controls(value: str) -> str:
    """Control characters have no place in XML or print; show each as its Unicode control
    picture (U+0007 → ␇), so the value still comes out literally, and harmlessly. Noncharacters
    (U+FFFE, U+FFFF) and lone surrogates have no picture and cannot be written as UTF-8 at all:
    they show as the replacement character, U+FFFD."""
    return _INVISIBLE.sub(lambda m: chr(0x2400 + ord(m.group(0))) if ord(m.group(0)) < 32 else
                          "\u2421" if m.group(0) == "\x7f" else "\ufffd", value)


# Bounds that every value can be written within: numbers in words (num2words stops below 10**18),
# periods whose deadlines a calendar can count, dates whose deadlines stay in the calendar, text a page
# can set. A value past them is refused with its field and line, never half rendered.
MAX_COUNT = 10**15 - 1
MAX_PERIOD = 100_000
MAX_AMOUNT = 10**12
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2199, 12, 31)
Text = Annotated[str, Field(min_length=1, max_length=2_000), AfterValidator(visible_controls)]
LongText = Annotated[str, Field(min_length=1, max_length=100_000), AfterValidator(visible_controls)]
Count = Annotated[int, Field(gt=0, le=MAX_COUNT)]
Period = Annotated[int, Field(gt=0, le=MAX_PERIOD)]  # days, hours, months, years, counterparts
Amount = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, decimal_places=6)]
Date = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Address(Model):
    care_of: Text | None = Field(None, description="Rendered as a 'c/o' line before the address lines.")
    lines: list[Text] = Field(min_length=1, description="Street lines, e.g. ['1 Main Street', 'Suite 100'].")
    city: Text
    state: Text
    postal_code: Text


class Counsel(Model):
    name: Text
    address: Address
    attention: Text | None = None
    telecopier: Text | None = None
    telephone: Text | None = None


class Notices(Model):
    """Where and to whom notices under the agreement go (Section 11(c) of the seed)."""
    address: Address
    attention: Text | None = None
    telecopier: Text | None = None
    telephone: Text | None = None
    copy_to: Counsel | None = None


class AddressChange(Notices):
    """A new notice address, given to the other parties by notice under the notices section."""
    date: Date = Field(description="The day the notice of the change is given; letters dated on or "
                                      "after it use the new address")


Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
RESERVED_PARTIES = ("company", "initial-investor", "all-investors")


class Signatory(Model):
    name: Text | None = None
    title: Text | None = None


class Company(Model):
    name: Text
    entity_type: Text = Field(description="e.g. 'corporation'")
    jurisdiction: Text = Field(description="State of organisation, e.g. 'Delaware'")
    principal_office: Address | None = Field(None, description="Required for the agreement.")
    notices: Notices | None = Field(None, description="Required for the agreement.")
    address_changes: list[AddressChange] = Field([], description="Later notice addresses, in date order")
    signatory: Signatory = Signatory()


class Investor(Model):
    name: Text | None = Field(None, description="Left blank in the seed; rendered as a blank when absent.")
    entity_type: Text | None = None
    jurisdiction: Text | None = None
    notices: Notices
    address_changes: list[AddressChange] = Field([], description="Later notice addresses, in date order")
    signatory: Signatory = Signatory()


class Assignment(Model):
    """How an Investor came to hold registration rights by assignment (the agreement's assignment section)."""
    assignor: Slug = Field(description="Who assigned: 'initial-investor' or another investor's id")
    date: Date
    securities: Text = Field(description="The securities whose registration rights were assigned, "
                                         "e.g. '250,000 Debenture Shares'")


class OtherInvestor(Investor):
    """An Investor besides the Initial Investor: its notice address is the one it gave the Company."""
    id: Slug | None = Field(None, description="How --to and --from name it; defaults to its name in "
                                              "lower case with hyphens")
    name: Text
    assignment: Assignment | None = None
    party: bool = Field(False, description="Signs the Agreement as an Initial Investor, beside `investor`: "
                        "named in the preamble and the Schedule of Investors, with a signature block")

    @model_validator(mode="after")
    def _party_or_assignee(self):
        return _other_investor_party_or_assignee(self)

    @property
    def key(self) -> str:
        return self.id or slug(self.name)


# Each model's cross-field check is a plain function after its class, which the class's
# validator calls: mutmut leaves decorated functions unmutated, and these are the rules.

def _other_investor_party_or_assignee(model):
    if model.party and model.assignment is not None:
        raise ValueError("is both a party to the Agreement (party: true) and an assignee (assignment); "
                         "an Initial Investor holds its rights as a party, so give one or the other")
    return model


def slug(text: str) -> str:
    """ "Acme Fund, L.P." → "acme-fund-l-p" """
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


class Approval(Model):
    """Who approved an amendment. Section 9 of the agreement needs the Company and Investors
    holding a majority-in-interest of the Registrable Securities."""
    company: bool = True
    investors: list[Text] = Field(min_length=1, description="The approving Investors, by name")
    percent_of_registrable_securities: Annotated[Decimal, Field(gt=0, le=100)]

    @model_validator(mode="after")
    def _majority(self):
        return _approval_majority(self)


def _approval_majority(model):
    if not model.company:
        raise ValueError("an amendment needs the Company's written consent (Section 9)")
    if model.percent_of_registrable_securities <= 50:
        raise ValueError(f"Investors holding {model.percent_of_registrable_securities}% of the Registrable "
                         "Securities are not a majority-in-interest (Section 9 needs more than 50%)")
    return model


class AgreementAmendment(Model):
    """A dated change to the signed agreement."""
    date: Date
    approval: Approval
    changes: dict[str, Any] = Field({}, description="New term-sheet values by dotted path, e.g. "
                                                    "'registration.effectiveness_deadline_days: 150'")
    clauses: dict[str, LongText] = Field({}, description="Section id → its new text in clause markup "
                                                     "(paragraphs), replacing the section's own text")
    add_after: dict[str, LongText] = Field({}, description="Section id → new sections in clause markup "
                                                       "(<section id=...>), added right after it")

    @model_validator(mode="after")
    def _something(self):
        return _agreement_amendment_something(self)


def _agreement_amendment_something(model):
    if not model.changes and not model.clauses and not model.add_after:
        raise ValueError("changes nothing; give changes (new values), clauses (new text) or "
                         "add_after (new sections)")
    for path in model.changes:
        # An amendment cannot rewrite the history it belongs to, nor the charter.
        if path.startswith(("agreement.amendments", "agreement.date", "charter")):
            raise ValueError(f"cannot change '{path}' by amendment")
    return model


class Agreement(Model):
    date: Date
    closing_date: Date
    counterparts: Period
    footer: Text | None = Field(None, description="Text every page carries in its footer.")
    business_day_calendar: Text = Field("US", description="Holidays that are not business days, for "
                                        "deadlines in notice letters: a country (US), a country and "
                                        "subdivision (US-NY) or a market (NYSE)")
    amendments: list[AgreementAmendment] = Field([], description="Amendments after signing, in order")

    @model_validator(mode="after")
    def _amendment_dates(self):
        return _agreement_amendment_dates(self)


def _agreement_amendment_dates(model):
    previous = model.date
    for i, amendment in enumerate(model.amendments, 1):
        if amendment.date < previous:
            raise ValueError(f"Amendment No. {i} is dated {amendment.date}, before "
                             f"{'the agreement' if i == 1 else f'Amendment No. {i - 1}'} ({previous})")
        previous = amendment.date
    return model


class Debenture(Model):
    interest_rate_percent: Annotated[Decimal, Field(gt=0, le=100)]
    principal_amount: Amount | None = None


class Securities(Model):
    common_stock_par_value: Amount
    bridge_loan_shares: Count | None = None
    debenture: Debenture
    conversion_price: Amount
    purchase_agreement_title: Text = Field(description="e.g. 'Note Purchase Agreement'")


class PlacementAgent(Model):
    name: Text
    short_name: Text


class Piggyback(Model):
    enabled: bool = True
    notice_days: Period | None = Field(None, description="needed when piggyback registration is on")
    response_days: Period | None = Field(None, description="needed when piggyback registration is on")

    @model_validator(mode="after")
    def _days_when_enabled(self):
        return _piggyback_days_when_enabled(self)


def _piggyback_days_when_enabled(model):
    missing = [name for name in ("notice_days", "response_days") if getattr(model, name) is None]
    if model.enabled and missing:
        raise ValueError(f"turns piggyback registration on but gives no {' or '.join(missing)}; "
                         "give the day counts, or enabled: false")
    return model


class Registration(Model):
    filing_deadline_days: Period
    effectiveness_deadline_days: Period
    comment_notice_hours: Period
    effectiveness_notice_hours: Period
    acceleration_request_business_days: Period
    acceleration_window_hours: Period
    short_form: Annotated[Text, AfterValidator(lambda v: re.sub(r"(?i)^form\s+", "", v))] = Field(
        description="The short-form registration statement, 'S-1' or 'Form S-1' (the clauses say 'Form').")
    registration_period_years: Period
    piggyback: Piggyback

    @model_validator(mode="after")
    def _effectiveness_after_filing(self):
        return _registration_effectiveness_after_filing(self)


def _registration_effectiveness_after_filing(model):
    if model.effectiveness_deadline_days < model.filing_deadline_days:
        raise ValueError(
            f"effectiveness_deadline_days ({model.effectiveness_deadline_days}) is before "
            f"filing_deadline_days ({model.filing_deadline_days}); a statement cannot be "
            "declared effective before it is filed")
    return model


class CompanyObligations(Model):
    transfer_agent_delivery_business_days: Period
    earnings_statement_months: Period
    nasd_qualified_independent_underwriter: bool = True


class InvestorObligations(Model):
    requested_information_notice_days: Period
    non_responsive_business_days: Period


class Rule144(Model):
    enabled: bool = True


def _city_of(value: str) -> str:
    """The forum as the clauses word it: "Wilmington" → "City of Wilmington"; a value already
    naming its kind of place ("City of New York", "Borough of Manhattan") as given."""
    return value if re.match(r"(?i)(city|town|village|borough|county|parish) of ", value) else f"City of {value}"


class HouseStyle(Model):
    """How values are written across every document of the deal."""
    money_leading_zero: bool = Field(True, description="'$0.0001' (true, the default) or '$.0001' (false), "
                                     "for par values and every money figure below one dollar")
    number_words_and: bool = Field(True, description="'one hundred and eighty' (true, the default, as the "
                                   "seed writes it) or the US 'one hundred eighty' (false), in every number "
                                   "written in words")


class GoverningLaw(Model):
    state: Text
    forum_city: Annotated[Text, AfterValidator(_city_of)] = Field(
        description="'City of Springfield' or 'Springfield' (the clauses say 'the City of …')")
    forum_state: Text


# -- the charter ------------------------------------------------------------------------------

class RegisteredAddress(Address):
    county: Text = Field(description="The county of the registered office, e.g. 'Kent'")


class RegisteredOffice(Model):
    address: RegisteredAddress
    agent: Text


class ShareClass(Model):
    name: Text = Field(description="e.g. 'common stock', 'preferred stock'")
    shares: Count


class Capital(Model):
    """Article FOURTH: the authorized capital by class."""
    total_shares: Count
    par_value: Amount | None = Field(None, description="Par value of each share; give no_par: true instead "
                                                       "for shares without par value.")
    no_par: bool = False
    classes: list[ShareClass] = Field(min_length=1)
    preferred_terms_by: Text | None = Field(None, description="Who may fix the terms of preferred stock by "
                                                              "resolution (blank-check), e.g. 'board of directors'")

    @model_validator(mode="after")
    def _adds_up(self):
        return _capital_adds_up(self)


def _capital_adds_up(model):
    if model.par_value is None and not model.no_par:
        raise ValueError("gives no par value; set par_value, or no_par: true for shares without par value")
    if model.par_value is not None and model.no_par:
        raise ValueError("sets both par_value and no_par: true; choose one")
    added = sum(c.shares for c in model.classes)
    if added != model.total_shares:
        parts = " + ".join(f"{c.shares:,} {c.name}" for c in model.classes)
        raise ValueError(f"classes add up to {added:,} ({parts}), not the total_shares of "
                         f"{model.total_shares:,}")
    return model


class Incorporator(Model):
    name: Text
    address: Address


class Signer(Model):
    name: Text
    title: Text


class CharterChanges(Model):
    """The articles an amendment changes, with their new values."""
    name: Text | None = None
    registered_office: RegisteredOffice | None = None
    purpose: LongText | None = None
    capital: Capital | None = None

    @model_validator(mode="after")
    def _something(self):
        return _charter_changes_something(self)


def _charter_changes_something(model):
    if not model.model_fields_set:
        raise ValueError("changes nothing; name at least one of name, registered_office, purpose, capital")
    for name in sorted(model.model_fields_set):
        if getattr(model, name) is None:  # "capital: null" would print the article with nothing in it
            raise ValueError(f"names {name} but gives it no value; give its new value, or leave {name} out")
    return model


class CharterAmendment(Model):
    date: Date
    adoption: Literal["before_payment", "stockholders_meeting", "written_consent"] = Field(
        description="before_payment: DGCL 241; stockholders_meeting: 242 with a meeting under 222; "
                    "written_consent: 242 with consent under 228")
    adopted_by: Literal["incorporator", "directors"] | None = Field(
        None, description="For before_payment: who adopted it")
    meeting: Literal["special", "annual"] = "special"
    schedule: Text | None = Field(None, description="Label of the schedule carrying the new articles, e.g. '1A'")
    signer: Signer
    changes: CharterChanges
    filed: bool = Field(False, description="Already signed and filed: print it as a conformed copy "
                                           "('/s/ Name') rather than with a line to sign")

    @model_validator(mode="after")
    def _adopted_by(self):
        return _charter_amendment_adopted_by(self)


def _charter_amendment_adopted_by(model):
    if model.adoption == "before_payment" and model.adopted_by is None:
        raise ValueError("a before_payment (DGCL 241) amendment needs adopted_by: incorporator or directors")
    if model.adoption != "before_payment" and model.adopted_by is not None:
        raise ValueError("adopted_by is only for before_payment amendments; after payment the board "
                         "and the stockholders adopt it")
    return model


class Provisions(Model):
    """The optional articles after SIXTH; each one left out renumbers those after it."""
    compromise: bool = Field(True, description="Compromise or arrangement with creditors (DGCL 102(b)(2))")
    management: bool = Field(True, description="Management of the business and the by-laws")
    director_liability: bool = Field(True, description="Directors' personal liability eliminated (DGCL 102(b)(7))")
    indemnification: bool = Field(True, description="Indemnification to the fullest extent of DGCL 145")
    amendment: bool = Field(True, description="Reserved power to amend the certificate")
    section_203_opt_out: bool = Field(True, description="Elects not to be governed by DGCL 203")


class Charter(Model):
    """A Delaware Certificate of Incorporation and its amendments."""
    name: Text
    signed_on: Date
    registered_office: RegisteredOffice
    purpose: LongText | None = Field(None, description="Left out: any lawful act or activity (DGCL 102(a)(3))")
    capital: Capital
    incorporator: Incorporator
    existence: Text = "perpetual"
    provisions: Provisions = Provisions()
    first_stock_payment: Date | None = Field(
        None, description="When the company first received payment for any of its stock")
    filed: bool = Field(False, description="The certificate was signed and filed: print it as a conformed "
                                           "copy ('/s/ Name') rather than with a line to sign")
    amendments: list[CharterAmendment] = []

    def history_problems(self) -> list[tuple[tuple, str, str | None]]:
        """Amendments out of time: before incorporation, out of order, or a DGCL 241 amendment
        after stock was paid for. (where, what is wrong, what would do)"""
        found = []
        previous = self.signed_on
        for i, amendment in enumerate(self.amendments):
            where = ("charter", "amendments", i)
            if amendment.date < self.signed_on:
                found.append((where + ("date",), f"is {amendment.date}, before the certificate of "
                              f"incorporation was signed ({self.signed_on})", None))
            elif amendment.date < previous:
                found.append((where + ("date",), f"is {amendment.date}, before the amendment above it "
                              f"({previous})", "list amendments in date order"))
            previous = max(previous, amendment.date)
            paid = self.first_stock_payment
            if amendment.adoption == "before_payment" and paid is not None and amendment.date >= paid:
                found.append((where + ("adoption",), f"is before_payment (DGCL 241), but this amendment "
                              f"({amendment.date}) is on or after the day stock was first paid for ({paid})",
                              "after payment use stockholders_meeting or written_consent (DGCL 242)"))
        return found


AGREEMENT_PARTS = ("investor", "securities", "placement_agent", "registration", "company_obligations",
                   "investor_obligations", "governing_law")


class Deal(Model):
    """Every deal-specific fact: the Registration Rights Agreement's, and the charter's."""
    company: Company
    agreement: Agreement | None = Field(None, description="Give it to build the Registration Rights Agreement")
    investor: Investor | None = Field(None, description="The Initial Investor")
    other_investors: list[OtherInvestor] = Field([], description="Investors besides the Initial Investor, "
                                                 "with the notice address each gave the Company")
    securities: Securities | None = None
    placement_agent: PlacementAgent | None = None
    registration: Registration | None = None
    company_obligations: CompanyObligations | None = None
    investor_obligations: InvestorObligations | None = None
    rule_144: Rule144 = Rule144()
    governing_law: GoverningLaw | None = None
    charter: Charter | None = None
    house_style: HouseStyle = HouseStyle()

    @model_validator(mode="after")
    def _whole_agreement(self, info: ValidationInfo):
        # A term sheet for a library's own document (an imported precedent) holds that library's
        # facts in place of an agreement or a charter.
        if (info.context or {}).get("library_facts"):
            return self
        return _deal_whole_agreement(self)

    def party_problems(self) -> list[tuple[tuple, str, str | None]]:
        """What pydantic cannot see field by field: (where, what is wrong, what would do)."""
        from ..business_days import calendar_problem

        found = self.charter.history_problems() if self.charter is not None else []
        # The default calendar needs no check, and checking costs the holidays package's import.
        if self.agreement is not None and "business_day_calendar" in self.agreement.model_fields_set:
            problem = calendar_problem(self.agreement.business_day_calendar)
            if problem:
                found.append((("agreement", "business_day_calendar"), problem[0], problem[1]))
        known = ["initial-investor"]
        for i, investor in enumerate(self.other_investors):
            where = ("other_investors", i, "id")
            if investor.key in RESERVED_PARTIES:
                found.append((where, f"'{investor.key}' is reserved", "give another id; "
                              + ", ".join(RESERVED_PARTIES) + " name groups on the command line"))
            elif investor.key in known:
                found.append((where, f"'{investor.key}' is the id of another investor too",
                              "give each investor its own id"))
            if investor.key not in known:  # the hint's list of known ids names each once
                known.append(investor.key)
        for i, investor in enumerate(self.other_investors):
            if investor.assignment and investor.assignment.assignor not in known:
                found.append((("other_investors", i, "assignment", "assignor"),
                              f"names '{investor.assignment.assignor}', who is not an investor here",
                              "known: " + ", ".join(known)))
        parties = [(("company",), self.company)] + ([(("investor",), self.investor)] if self.investor else [])
        parties += [(("other_investors", i), investor) for i, investor in enumerate(self.other_investors)]
        for path, party in parties:
            dates = [change.date for change in party.address_changes]
            if dates != sorted(dates):
                found.append((path + ("address_changes",), "are not in date order",
                              "list them oldest first"))
        return found

    def agreement_gaps(self) -> list[tuple[str, ...]]:
        """Field paths the agreement needs that this term sheet leaves out."""
        if self.agreement is None:
            return []
        gaps = [(part,) for part in AGREEMENT_PARTS if getattr(self, part) is None]
        gaps += [("company", f) for f in ("principal_office", "notices") if getattr(self.company, f) is None]
        return gaps


def _deal_whole_agreement(model):
    if model.agreement is None and model.charter is None:
        raise ValueError("holds neither an agreement nor a charter; nothing to build")
    return model
