"""Load a term sheet (YAML or JSON) and validate it into a typed ``Deal``.

Errors name the file, the line, the field, what is wrong and what would be
accepted. Line numbers come from the YAML node tree (JSON is read by the same
parser, being YAML's subset for our purposes).
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import stat
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import TermSheetError

MAX_BYTES = 2_000_000
MAX_DEPTH = 40

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
        if self.party and self.assignment is not None:
            raise ValueError("is both a party to the Agreement (party: true) and an assignee (assignment); "
                             "an Initial Investor holds its rights as a party, so give one or the other")
        return self

    @property
    def key(self) -> str:
        return self.id or slug(self.name)


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
        if not self.company:
            raise ValueError("an amendment needs the Company's written consent (Section 9)")
        if self.percent_of_registrable_securities <= 50:
            raise ValueError(f"Investors holding {self.percent_of_registrable_securities}% of the Registrable "
                             "Securities are not a majority-in-interest (Section 9 needs more than 50%)")
        return self


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
        if not self.changes and not self.clauses and not self.add_after:
            raise ValueError("changes nothing; give changes (new values), clauses (new text) or "
                             "add_after (new sections)")
        for path in self.changes:
            # An amendment cannot rewrite the history it belongs to, nor the charter.
            if path.startswith(("agreement.amendments", "agreement.date", "charter")):
                raise ValueError(f"cannot change '{path}' by amendment")
        return self


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
        previous = self.date
        for i, amendment in enumerate(self.amendments, 1):
            if amendment.date < previous:
                raise ValueError(f"Amendment No. {i} is dated {amendment.date}, before "
                                 f"{'the agreement' if i == 1 else f'Amendment No. {i - 1}'} ({previous})")
            previous = amendment.date
        return self


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
        missing = [name for name in ("notice_days", "response_days") if getattr(self, name) is None]
        if self.enabled and missing:
            raise ValueError(f"turns piggyback registration on but gives no {' or '.join(missing)}; "
                             "give the day counts, or enabled: false")
        return self


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
        if self.effectiveness_deadline_days < self.filing_deadline_days:
            raise ValueError(
                f"effectiveness_deadline_days ({self.effectiveness_deadline_days}) is before "
                f"filing_deadline_days ({self.filing_deadline_days}); a statement cannot be "
                "declared effective before it is filed")
        return self


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
        if self.par_value is None and not self.no_par:
            raise ValueError("gives no par value; set par_value, or no_par: true for shares without par value")
        if self.par_value is not None and self.no_par:
            raise ValueError("sets both par_value and no_par: true; choose one")
        added = sum(c.shares for c in self.classes)
        if added != self.total_shares:
            parts = " + ".join(f"{c.shares:,} {c.name}" for c in self.classes)
            raise ValueError(f"classes add up to {added:,} ({parts}), not the total_shares of "
                             f"{self.total_shares:,}")
        return self


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
        if not self.model_fields_set:
            raise ValueError("changes nothing; name at least one of name, registered_office, purpose, capital")
        return self


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
        if self.adoption == "before_payment" and self.adopted_by is None:
            raise ValueError("a before_payment (DGCL 241) amendment needs adopted_by: incorporator or directors")
        if self.adoption != "before_payment" and self.adopted_by is not None:
            raise ValueError("adopted_by is only for before_payment amendments; after payment the board "
                             "and the stockholders adopt it")
        return self


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
                              f"({amendment.date}) comes after stock was first paid for ({paid})",
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
    def _whole_agreement(self):
        if self.agreement is None and self.charter is None:
            raise ValueError("holds neither an agreement nor a charter; nothing to build")
        return self

    def party_problems(self) -> list[tuple[tuple, str, str | None]]:
        """What pydantic cannot see field by field: (where, what is wrong, what would do)."""
        from .business_days import calendar_problem

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


class TermSheet:
    """A validated deal together with where it came from."""

    def __init__(self, deal: Deal, path: Path, raw: bytes, lines: dict[tuple, int], data: dict | None = None,
                 version: int = 0):
        self.deal = deal
        self.path = path
        self.raw = raw
        self.lines = lines
        self.data = data if data is not None else {}
        self.version = version  # how many agreement amendments are applied
        self.warnings = _warnings(deal, lines, str(path))

    def amended(self, count: int) -> "TermSheet":
        """The term sheet as its first ``count`` agreement amendments leave it."""
        amendments = self.deal.agreement.amendments if self.deal.agreement else []
        if not 0 <= count <= len(amendments):
            raise TermSheetError(f"has {len(amendments)} agreement amendment(s); there is no Amendment No. {count}",
                                 file=str(self.path), field="agreement.amendments")
        data = json.loads(json.dumps(self.data, default=str))
        for number, amendment in enumerate(amendments[:count], 1):
            for dotted, value in amendment.changes.items():
                where = ("agreement", "amendments", number - 1, "changes", dotted)
                _set_path(data, dotted, value, str(self.path), self.lines.get(where))
        deal = validate(data, self.lines, str(self.path))
        return TermSheet(deal, self.path, self.raw, self.lines, data, version=count)

    def context(self) -> dict[str, Any]:
        """The variables clauses see: the term sheet's top-level keys, every field present."""
        return self.deal.model_dump(mode="python")

    def line_of(self, path: tuple) -> int | None:
        return _line_for(self.lines, path)


def load(path: str | Path) -> TermSheet:
    path = Path(path)
    name = str(path)
    raw = read(path)
    data, lines = parse(raw, name)
    return TermSheet(validate(data, lines, name), path, raw, lines, data)


KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def read(path: Path) -> bytes:
    """A term sheet's bytes: only from a regular file, and never more than MAX_BYTES of it. The file
    is opened without blocking and checked again once open, so a pipe or device put in its place
    cannot make a build wait, or read without end."""
    name = str(path)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise TermSheetError("file not found", file=name, hint="give the path of a .yaml or .json term sheet") from None
    except IsADirectoryError:
        raise TermSheetError("is a folder, not a term sheet", file=name,
                             hint="give the path of a .yaml or .json term sheet") from None
    except OSError as exc:
        raise TermSheetError(f"cannot be read: {exc.strerror}", file=name,
                             hint="give the path of a readable .yaml or .json term sheet") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise TermSheetError(f"is {kind}, not a term-sheet file", file=name,
                                 hint="give the path of a .yaml or .json term sheet")
        if info.st_size > MAX_BYTES:
            raise TermSheetError(f"is {info.st_size:,} bytes; a term sheet may be at most {MAX_BYTES:,}",
                                 file=name, line=1, field=TOP_LEVEL)
        os.set_blocking(handle, True)
        chunks, size = [], 0
        while size <= MAX_BYTES:  # the file may grow after the check: read one byte past the limit at most
            chunk = os.read(handle, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise TermSheetError(f"cannot be read: {exc.strerror}", file=name) from None
    finally:
        os.close(handle)
    return b"".join(chunks)


def parse(raw: bytes, name: str) -> tuple[Any, dict[tuple, int]]:
    """Bytes → plain data, and the line where each field path starts."""
    if len(raw) > MAX_BYTES:
        raise TermSheetError(f"is {len(raw):,} bytes; a term sheet may be at most {MAX_BYTES:,}", file=name,
                             line=1, field=TOP_LEVEL)
    if not raw.strip():
        raise TermSheetError("is empty", file=name, line=1, field=TOP_LEVEL,
                             hint="expected a mapping such as 'company: {name: ...}'")
    if b"\x00" in raw:
        raise TermSheetError("is a binary file, not YAML or JSON text", file=name,
                             line=raw[:raw.index(b"\x00")].count(b"\n") + 1, field=TOP_LEVEL)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TermSheetError(f"is not UTF-8 text (byte {exc.start})", file=name,
                             line=raw[:exc.start].count(b"\n") + 1, field=TOP_LEVEL,
                             hint="save the file as UTF-8")
    if name.lower().endswith(".json"):
        data, lines = _parse_json(text, name)
    else:
        data, lines = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise TermSheetError(f"holds a {type(data).__name__}, not a mapping of fields", file=name, line=1,
                             field=TOP_LEVEL)
    return data, lines


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    try:
        # An alias is refused where it stands (the composer would hand back the anchored node, and
        # with it the anchor's line); nine aliases of nine aliases are a "billion laughs".
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise TermSheetError("uses a YAML alias (*name); write the value out in full", file=name,
                                     line=line, field=field_at(text, line))
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # libyaml marks a problem found at the end of the file on the line after the last.
        line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 1
        raise TermSheetError(f"is not valid YAML: {exc.problem or exc.context}", file=name, line=line,
                             field=field_at(text, line))
    except yaml.YAMLError as exc:
        raise TermSheetError(f"is not valid YAML: {exc}", file=name, line=1, field=TOP_LEVEL)
    if node is None:
        raise TermSheetError("is empty", file=name, line=1, field=TOP_LEVEL,
                             hint="expected a mapping such as 'company: {name: ...}'")
    lines: dict[tuple, int] = {}
    data = _construct(node, (), lines, name, set())
    return data, lines


def _parse_json(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    """JSON by JSON's own rules (so "\\ud83d\\ude00" is an emoji, as JSON says), with the line of
    every field from a scan of the same text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TermSheetError(f"is not valid JSON: {exc.msg}", file=name, line=exc.lineno,
                             field=field_at(text, exc.lineno)) from None
    except RecursionError:
        raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=1, field=TOP_LEVEL) from None
    return data, json_lines(text, name)


_JSON_TOKEN = re.compile(r'''"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+''')


def json_lines(text: str, name: str) -> dict[tuple, int]:
    """The line each field path of a (valid) JSON text starts on; refuses a key set twice and deep
    nesting, as the YAML reader does."""
    lines: dict[tuple, int] = {}
    stack: list[list] = []  # per open container: [path, is_object, next index or pending key, keys seen]
    line, position = 1, 0
    expect_key = False
    for match in _JSON_TOKEN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        token = match.group(0)
        if token in ",:":
            continue
        if token in "}]":
            stack.pop()
            expect_key = bool(stack) and stack[-1][1]
            continue
        if stack and stack[-1][1] and expect_key:  # a key of the open object
            key = json.loads(token)
            if key in stack[-1][3]:
                raise TermSheetError(f"sets '{key}' twice", file=name, line=line, field=dotted(stack[-1][0] + (key,)))
            stack[-1][3].add(key)
            stack[-1][2] = key
            expect_key = False
            continue
        if not stack:
            path: tuple = ()
        elif stack[-1][1]:
            path = stack[-1][0] + (stack[-1][2],)
            expect_key = True
        else:
            path = stack[-1][0] + (stack[-1][2],)
            stack[-1][2] += 1
        lines.setdefault(path, line)
        if len(path) > MAX_DEPTH:
            raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=line, field=dotted(path))
        if token in "{[":
            stack.append([path, token == "{", 0, set()])
            expect_key = token == "{"
    return lines


TOP_LEVEL = "(top level)"
# libyaml's parser when PyYAML has it: a tenth of the pure-Python one's time, same events and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY = re.compile(r"""^(\s*)(?:-\s+)?["']?([\w.-]+)["']?\s*:""")


def field_at(text: str, line: int) -> str:
    """The dotted field a line of YAML (or JSON) sits in, read from the keys and indentation above
    it: for a file that does not parse, the best the message can say."""
    path: list[tuple[int, str]] = []
    for row in text.splitlines()[:line]:
        match = _KEY.match(row)
        if not match:
            continue
        indent = len(match.group(1))
        while path and path[-1][0] >= indent:
            path.pop()
        path.append((indent, match.group(2)))
    return ".".join(key for _, key in path) or TOP_LEVEL


_constructor = yaml.constructor.SafeConstructor()


def _construct(node, path: tuple, lines: dict, name: str, seen: set) -> Any:
    """Build plain data from the node tree, refusing aliases and deep nesting."""
    lines[path] = node.start_mark.line + 1
    if len(path) > MAX_DEPTH:
        raise TermSheetError(f"nests deeper than {MAX_DEPTH} levels", file=name, line=lines[path],
                             field=dotted(path))
    if id(node) in seen:  # the composer hands back the anchored node itself for an alias
        raise TermSheetError("uses a YAML alias (*name); write the value out in full", file=name,
                             line=lines[path], field=dotted(path))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise TermSheetError("has a key that is not plain text", file=name,
                                     line=key_node.start_mark.line + 1, field=dotted(path))
            key = str(_constructor.construct_object(key_node))
            if key in out:
                raise TermSheetError(f"sets '{key}' twice", file=name, line=key_node.start_mark.line + 1,
                                     field=dotted(path + (key,)))
            out[key] = _construct(value_node, path + (key,), lines, name, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, name, seen) for i, item in enumerate(node.value)]
    try:
        return _constructor.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        raise TermSheetError(f"has a value that cannot be read ({exc})", file=name, line=lines[path],
                             field=dotted(path))


def _set_path(data: dict, dotted: str, value: Any, name: str, line: int | None) -> None:
    """Set a term-sheet value by its dotted path, refusing a path the term sheet does not have."""
    node = data
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if not isinstance(node, dict) or (part not in node and i < len(parts) - 1):
            raise TermSheetError(f"changes '{dotted}', which is not a field of this term sheet", file=name,
                                 line=line, field=dotted)
        if i == len(parts) - 1:
            node[part] = value
        else:
            node = node[part]


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out or TOP_LEVEL


def _line_for(lines: dict[tuple, int], path: tuple) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _visible(data: Any) -> Any:
    """Every text value with its invisible characters shown (see visible_controls): before
    validation, since pydantic refuses a lone surrogate that JSON's escapes can make."""
    if isinstance(data, str):
        return visible_controls(data)
    if isinstance(data, dict):
        return {key: _visible(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_visible(value) for value in data]
    return data


def validate(data: dict, lines: dict[tuple, int], name: str, model: type[BaseModel] = Deal) -> Deal:
    try:
        deal = model.model_validate(_visible(data))
    except ValidationError as exc:
        raise _first_error(exc, lines, name, model) from None
    gaps = deal.agreement_gaps() if isinstance(deal, Deal) else []
    if gaps:
        raise TermSheetError("is required for the agreement but missing", file=name,
                             line=_line_for(lines, gaps[0][:-1]) or lines.get(("agreement",)),
                             field=dotted(gaps[0]), hint=_accepts(model, gaps[0]))
    for path, problem, hint in (deal.party_problems() if isinstance(deal, Deal) else []):
        raise TermSheetError(problem, file=name, line=_line_for(lines, path), field=dotted(path), hint=hint)
    return deal


def _warnings(deal: Deal, lines: dict, name: str) -> list[TermSheetError]:
    """Things a lawyer should look at that do not stop the build."""
    found = []
    if deal.charter is None:
        return found
    capitals = [(("charter", "capital"), deal.charter.capital)]
    capitals += [(("charter", "amendments", i, "changes", "capital"), a.changes.capital)
                 for i, a in enumerate(deal.charter.amendments) if a.changes.capital]
    for path, capital in capitals:
        holder = capital.preferred_terms_by
        if holder and "board" not in holder.lower():
            found.append(TermSheetError(
                f"gives blank-check authority over preferred stock to '{holder}', not the board of "
                "directors; DGCL 102(a)(4) and 151(g) give it to the board", file=name,
                line=_line_for(lines, path + ("preferred_terms_by",)), field=dotted(path + ("preferred_terms_by",))))
    return found


def _first_error(exc: ValidationError, lines: dict, name: str, model: type[BaseModel]) -> TermSheetError:
    errors = exc.errors(include_url=False)
    # A misspelt key shows up twice, as unknown and as missing; the unknown one says more.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(err["loc"])
    field = dotted(loc)
    kind = err["type"]
    if kind == "missing":
        return TermSheetError("is required but missing", file=name, line=_line_for(lines, loc[:-1]),
                              field=field, hint=_accepts(model, loc))
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"known fields here: {', '.join(known)}"
        return TermSheetError("is not a known field", file=name, line=_line_for(lines, loc), field=field,
                              hint=hint)
    got = err.get("input")
    if kind == "value_error" and isinstance(got, (dict, list)):
        # A rule across several fields (dates in order, classes adding up): its message says it all.
        return TermSheetError(err["msg"].removeprefix("Value error, "), file=name, line=_line_for(lines, loc),
                              field=field)
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = err["msg"][0].lower() + err["msg"][1:]
    msg = msg.removeprefix("value error, ")
    return TermSheetError(f"{msg}; got {shown}", file=name, line=_line_for(lines, loc), field=field,
                          hint=_unsaid(_accepts(model, loc), msg))


def _unsaid(hint: str | None, msg: str) -> str | None:
    """The hint without the bound the message has just stated ("should be greater than 0")."""
    said = re.search(r"should be (greater than|less than or equal to|at most) (\S+)", msg)
    if not hint or not said:
        return hint
    phrase = "at most" if said.group(1) != "greater than" else "greater than"
    value = said.group(2)
    return re.sub(rf"( and)? {phrase} {re.escape(value)}( and)?", lambda m: " " if m.group(1) and m.group(2) else "",
                  hint, count=1).replace("  ", " ")


def _field_info(model: type[BaseModel], loc: tuple):
    """The pydantic FieldInfo at a location, following nested models."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        current = _model_of(info.annotation)
    return info


def _model_of(annotation):
    """The pydantic model inside an annotation such as ``Registration | None`` or ``list[ShareClass]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found:
            return found
    return None


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current = model if not loc else _model_of(getattr(_field_info(model, loc), "annotation", None))
    return sorted(current.model_fields) if current else []


def _limits(metadata: list) -> str:
    """A type's bounds in words, each once however many layers of the type state it:
    "from 1800-01-01 to 2199-12-31", "greater than 0 and at most 100,000"."""
    found: dict[str, Any] = {}
    for meta in metadata:
        for inner in getattr(meta, "metadata", [meta]):  # Annotated inside Optional wraps a FieldInfo
            for name in ("gt", "ge", "lt", "le", "max_length", "decimal_places"):
                if getattr(inner, name, None) is not None:
                    found[name] = getattr(inner, name)
    shown = {name: f"{value:,}" if isinstance(value, int) and value >= 10_000 else str(value)
             for name, value in found.items()}
    low = f"from {shown['ge']}" if "ge" in shown else f"greater than {shown['gt']}" if "gt" in shown else ""
    high = f"less than {shown['lt']}" if "lt" in shown else f"at most {shown['le']}" if "le" in shown else ""
    if "ge" in shown and high.startswith("at most"):
        range_ = f"{low} to {shown['le']}"
    else:
        range_ = " and ".join(part for part in (low, high) if part)
    extra = [f"of at most {shown['max_length']} characters"] if "max_length" in shown else []
    extra += [f"with at most {shown['decimal_places']} decimal places"] if "decimal_places" in shown else []
    return " ".join(part for part in (range_, *extra) if part)


def _accepts(model: type[BaseModel], loc: tuple) -> str | None:
    info = _field_info(model, loc)
    if info is None:
        return None
    ann = info.annotation
    names = {int: "a whole number", Decimal: "a number", dt.date: "a date like 2024-03-05",
             bool: "true or false", str: "text"}
    # "Amount | None" is Optional[Annotated[Decimal, Gt(0)]]: look inside for the type and its bounds.
    candidates = [(ann, info.metadata)] + [(getattr(arg, "__origin__", arg), getattr(arg, "__metadata__", ()))
                                          for arg in getattr(ann, "__args__", ())]
    for typ, words in names.items():
        for candidate, metadata in candidates:
            if candidate is not typ:
                continue
            text = " ".join([f"expected {words}", _limits([*info.metadata, *metadata])]).rstrip()
            return text + (f"; {info.description}" if info.description else "")
    sub = _model_of(ann)
    if sub:
        return "expected a mapping with " + ", ".join(sorted(sub.model_fields))
    return info.description


def json_schema() -> dict:
    return Deal.model_json_schema()
