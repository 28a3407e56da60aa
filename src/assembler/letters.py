"""Notice letters under the agreement: who writes to whom, about what, and by when.

Each kind of letter names the agreement sections it is given under, by id. The
numbers are read from the agreement as the term sheet assembles it on the
letter's date (the amendments signed by then applied), so a letter cites the
section the signed text has. Addresses come from the notices section's data,
as later changed by notice; deadlines are computed from the agreement's terms
by the counting rules of ``business_days``, which ``explain`` sets out (``notice --explain``)
rather than the letter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import amendments, markup, resolve
from .business_days import Calendar
from .errors import ClauseError, TermSheetError
from .library import Library
from .outputs import shortened
from .pipeline import assemble_job
from .termsheet import TermSheet
from .tree import AddressBlock, Blank, Document, Paragraph, Title, inlines_of, plain

NOTICES_SECTION = "rr.miscellaneous.notices"
# What letter clauses see besides the term sheet: the letter's own facts, under ``letter``.
CONTEXT_NAMES = ("letter",)
DELIVERY_METHODS = {"personal": "personal delivery", "telecopier": "telecopier",
                    "courier": "nationally recognized overnight courier"}


@dataclass(frozen=True)
class Kind:
    name: str
    sections: tuple[str, ...]  # the sections the letter is given under; the first is the main one
    sender: str                # "company", "investor" or "any"
    recipients: str            # "initial-investor", "investors", "company" or "others"
    event: str | None = None   # what --event-date is the date of
    needs_filing_date: bool = False
    switch: tuple[str, ...] | None = None  # a term-sheet switch that must be on

    @property
    def clause(self) -> str:
        """The clause that holds the letter's words."""
        return f"letters/{self.name.replace('-', '_')}"


KINDS = {kind.name: kind for kind in [
    Kind("comments", ("rr.registration.filing",), "company", "initial-investor",
         event="the Company's receipt of the Commission's comments"),
    Kind("effectiveness", ("rr.registration.filing",), "company", "initial-investor",
         event="the Commission's declaration of effectiveness"),
    Kind("piggyback", ("rr.registration.piggyback.notice",), "company", "investors",
         needs_filing_date=True, switch=("registration", "piggyback", "enabled")),
    Kind("requested-information", ("rr.investor_obligations.information",), "company", "investors",
         needs_filing_date=True),
    Kind("misstatement", ("rr.company_obligations.misstatement", "rr.investor_obligations.discontinue"),
         "company", "investors", event="the Company becoming aware of the misstatement or omission"),
    Kind("stop-order", ("rr.company_obligations.stop_order", "rr.investor_obligations.discontinue"),
         "company", "investors", event="the issuance of the stop order or suspension"),
    Kind("resumption", ("rr.investor_obligations.discontinue", "rr.company_obligations.misstatement",
                        "rr.company_obligations.stop_order"), "company", "investors",
         event="the day dispositions may resume"),
    Kind("assignment", ("rr.assignment",), "investor", "company"),
    Kind("address-change", (NOTICES_SECTION,), "any", "others"),
]}


@dataclass
class Party:
    key: str             # how --to and --from name it
    role: str            # "the Company", "the Initial Investor", "an Investor"
    name: str | None
    notices: dict        # the notice details in force on the letter's date
    signatory: dict
    changes: list[dict] = field(default_factory=list)  # its address changes given by then
    assignment: dict | None = None
    path: str = ""       # where the term sheet holds it, for messages


@dataclass
class Letter:
    kind: Kind
    sender: Party
    recipient: Party
    date: dt.date
    delivery: str
    delivered: dt.date
    subject: str
    paragraphs: list[tuple[str, Any]]  # ("p", text) or ("address", [lines])
    conformed: bool
    acknowledgements: list[Party] = field(default_factory=list)
    enclosures: list[str] = field(default_factory=list)
    blanks: list[tuple[str, str]] = field(default_factory=list)
    late: str | None = None
    rule: str = ""                                     # the counting rules, in words
    timing: dict = field(default_factory=dict)         # the dates the letter states, by name

    def explain(self) -> str:
        """How the letter's dates were counted: for the person sending it, not for the letter."""
        lines = [f"{self.stem}:", f"  given on {self.delivered} ({self.delivery}, sent {self.date})"]
        lines += [f"  {name.replace('_', ' ')}: {value}" for name, value in self.timing.items() if name != "late"]
        return "\n".join(lines + [f"  counting rules: {self.rule}"])

    @property
    def stem(self) -> str:
        # A party named at length is cut, so that the kind and the date stay in the file's name.
        return f"notice-{self.kind.name}-{shortened(self.recipient.key, 120)}-{self.date.isoformat()}"


@dataclass
class Request:
    """What the person asking for letters said, beyond the term sheet."""
    kind: str
    to: str
    date: dt.date
    sender: str | None = None
    event_date: dt.date | None = None
    filing_date: dt.date | None = None
    delivery: str | None = None
    conformed: bool = False


def letters(sheet: TermSheet, request: Request, library: Library | None = None) -> list[Letter]:
    """One letter for each recipient ``request.to`` names."""
    library = library or Library()
    name = str(sheet.path)
    if sheet.deal.agreement is None:
        raise TermSheetError("has no agreement, so no notices under it", file=name, field="agreement")
    kind = KINDS.get(request.kind)
    if kind is None:
        raise TermSheetError(f"no such kind of notice: '{request.kind}'", field="--kind",
                             hint="accepted: " + ", ".join(KINDS))
    if request.date < sheet.deal.agreement.date:
        raise TermSheetError(f"the letter's date {request.date} is before the agreement's "
                             f"({sheet.deal.agreement.date})", field="--date")

    version = sum(1 for a in sheet.deal.agreement.amendments if a.date <= request.date)
    current = sheet.amended(version)
    agreement = _agreement(sheet, version, library)
    _check_provided(current, kind, agreement, name)

    base = current.context()
    parties = _parties(current, base, request.date)
    sender = _sender(kind, request, parties)
    recipients = _recipients(kind, request, parties, sender)
    if request.conformed and not sender.signatory.get("name"):
        raise TermSheetError("cannot be conformed: the signer's name is not in the term sheet", file=name,
                             field=f"{sender.path}.signatory.name",
                             hint="add the signer's name, or leave out --conformed for a signature line")
    calendar = Calendar(current.deal.agreement.business_day_calendar)
    facts = _facts(kind, request, sender, parties, calendar)
    # What every recipient's letter says alike; each adds its delivery, deadlines and address.
    common = {"kind": kind.name, "date": request.date, "sender": sender,
              "event_date": facts.get("event_date"), "filing_date": request.filing_date,
              "assignments": facts.get("assignments", []), "change": facts.get("change"),
              "rule": calendar.rule(), "conformed": request.conformed,
              "amendments": [{"number": n, "date": a.date} for n, a in
                             enumerate(sheet.deal.agreement.amendments[:version], 1)]}

    found = []
    for recipient in recipients:
        delivery = _delivery(request.delivery, recipient)
        delivered = calendar.delivered(request.date, delivery)
        timing = _timing(kind, current, request, facts, delivered, calendar)
        context = {**base, "letter": {**common, "recipient": recipient, "delivery": DELIVERY_METHODS[delivery],
                                      "delivered": delivered, "timing": timing}}
        subject, paragraphs, blanks = _body(kind, context, agreement, library)
        found.append(Letter(
            kind=kind, sender=sender, recipient=recipient, date=request.date, delivery=delivery,
            delivered=delivered, subject=subject, paragraphs=paragraphs, conformed=request.conformed,
            acknowledgements=facts.get("assignees", []), enclosures=_enclosures(kind),
            blanks=blanks + _party_blanks(sender, recipient, request.conformed), late=timing.get("late"),
            rule=calendar.rule(), timing=timing))
    return found


def _agreement(sheet: TermSheet, version: int, library: Library) -> Document:
    return assemble_job(amendments.job(sheet, version), library)


def _check_provided(sheet: TermSheet, kind: Kind, agreement: Document, name: str) -> None:
    """Refuse a kind of notice the agreement, as it stands, does not provide for."""
    if kind.switch:
        node: Any = sheet.deal
        for part in kind.switch:
            node = getattr(node, part)
        if not node:
            dotted = ".".join(kind.switch)
            raise TermSheetError(f"the agreement provides for no {kind.name} notice: {dotted} is off",
                                 file=name, line=sheet.line_of(kind.switch), field=dotted,
                                 hint=f"turn {dotted} on to give the Investors these rights")
    for section_id in (*kind.sections, NOTICES_SECTION):
        if section_id not in agreement.sections:
            raise TermSheetError(f"the agreement as it stands has no section '{section_id}', which a "
                                 f"{kind.name} notice is given under", file=name, field="--kind",
                                 hint="check the amendments under agreement.amendments")


def _in_force(notices: dict, changes: list[dict], date: dt.date) -> tuple[dict, list[dict]]:
    given = [change for change in changes if change["date"] <= date]
    if not given:
        return notices, []
    latest = {k: v for k, v in given[-1].items() if k != "date"}
    return latest, given


def _parties(sheet: TermSheet, data: dict, date: dt.date) -> dict[str, Party]:
    """The parties as ``data`` (the sheet's context) holds them, with the notices in force on ``date``."""
    company = data["company"]
    notices, changes = _in_force(company["notices"], company["address_changes"], date)
    parties = {"company": Party("company", "the Company", company["name"], notices, company["signatory"],
                                changes, path="company")}
    records = [("initial-investor", "investor", data["investor"])]
    records += [(investor.key, f"other_investors[{i}]", data["other_investors"][i])
                for i, investor in enumerate(sheet.deal.other_investors)]
    for key, path, record in records:
        notices, changes = _in_force(record["notices"], record["address_changes"], date)
        role = "the Initial Investor" if key == "initial-investor" else "an Investor"
        parties[key] = Party(key, role, record["name"], notices, record["signatory"], changes,
                             record.get("assignment"), path)
    return parties


def _investor_keys(parties: dict[str, Party]) -> list[str]:
    return [key for key in parties if key != "company"]


def _sender(kind: Kind, request: Request, parties: dict[str, Party]) -> Party:
    investors = _investor_keys(parties)
    key = request.sender
    if key is None:
        if kind.sender == "investor":
            assignors = sorted({p.assignment["assignor"] for p in parties.values() if p.assignment})
            if len(assignors) != 1:
                raise TermSheetError(f"{_a(kind.name)} notice comes from an Investor; say which with --from",
                                     field="--from", hint="investors: " + ", ".join(investors))
            key = assignors[0]
        else:
            key = "company"
    if key not in parties:
        raise TermSheetError(f"'{key}' is not a party to the agreement", field="--from",
                             hint="accepted: " + ", ".join(parties))
    if kind.sender == "company" and key != "company":
        raise TermSheetError(f"{_a(kind.name)} notice is the Company's to give, not {parties[key].role}'s",
                             field="--from", hint="leave out --from, or give --from company")
    if kind.sender == "investor" and key == "company":
        raise TermSheetError(f"{_a(kind.name)} notice is given by an Investor to the Company", field="--from",
                             hint="give --from with one of: " + ", ".join(investors))
    return parties[key]


def _recipients(kind: Kind, request: Request, parties: dict[str, Party], sender: Party) -> list[Party]:
    """The parties ``--to`` names: one, several separated by commas, or all-investors; each once."""
    found: dict[str, Party] = {}
    for to in request.to.split(","):
        if to.strip():
            found.update((party.key, party) for party in _recipient(kind, to.strip(), parties, sender))
    if not found:
        raise TermSheetError("names nobody to write to", field="--to",
                             hint="accepted: " + ", ".join([*parties, "all-investors"]))
    return list(found.values())


def _recipient(kind: Kind, to: str, parties: dict[str, Party], sender: Party) -> list[Party]:
    investors = [key for key in _investor_keys(parties) if key != sender.key]
    if to == "all-investors":
        if kind.recipients in ("company", "initial-investor"):
            raise TermSheetError(f"the agreement sends {_a(kind.name)} notice to "
                                 f"{'the Company' if kind.recipients == 'company' else 'the Initial Investor'}"
                                 " only", field="--to", hint=f"give --to {kind.recipients}")
        if not investors:
            raise TermSheetError("there are no investors to write to", field="--to")
        return [parties[key] for key in investors]
    if to not in parties:
        raise TermSheetError(f"'{to}' is not a party to the agreement", field="--to",
                             hint="accepted: " + ", ".join([*parties, "all-investors"]))
    allowed = {"company": ["company"], "initial-investor": ["initial-investor"],
               "investors": investors, "others": [key for key in parties if key != sender.key]}[kind.recipients]
    if to not in allowed:
        raise TermSheetError(f"{_a(kind.name)} notice does not go to {parties[to].role} ({to})", field="--to",
                             hint="accepted: " + ", ".join(allowed + (["all-investors"] if kind.recipients in
                                                                       ("investors", "others") else [])))
    return [parties[to]]


def _delivery(method: str | None, recipient: Party) -> str:
    fax = recipient.notices.get("telecopier")
    if method is None:
        return "telecopier" if fax else "courier"
    if method not in DELIVERY_METHODS:
        raise TermSheetError(f"'{method}' is not a way the notices section allows",
                             field="--delivery", hint="accepted: " + ", ".join(DELIVERY_METHODS))
    if method == "telecopier" and not fax:
        raise TermSheetError(f"{recipient.role} has no telecopier number for notices", field="--delivery",
                             hint="choose personal or courier, or add the number to the term sheet")
    return method


def _facts(kind: Kind, request: Request, sender: Party, parties: dict[str, Party],
           calendar: Calendar) -> dict:
    """The facts a kind of letter reports, beyond the agreement's terms."""
    facts: dict = {}
    if kind.event:
        facts["event_date"] = request.event_date or request.date
        if facts["event_date"] > request.date:
            raise TermSheetError(f"the event date {facts['event_date']} is after the letter's date "
                                 f"{request.date}", field="--event-date",
                                 hint=f"give the date of {kind.event}, on or before the letter's")
    if kind.needs_filing_date:
        if request.filing_date is None:
            raise TermSheetError(f"{_a(kind.name)} notice states the anticipated filing date of the "
                                 "registration statement", field="--filing-date",
                                 hint="give --filing-date YYYY-MM-DD")
        if request.filing_date <= request.date:
            raise TermSheetError(f"the anticipated filing date {request.filing_date} is not after the "
                                 f"letter's date {request.date}", field="--filing-date")
    if kind.name == "assignment":
        assignees = [p for p in parties.values()
                     if p.assignment and p.assignment["assignor"] == sender.key
                     and p.assignment["date"] <= request.date]
        if not assignees:
            raise TermSheetError(f"{sender.key} has assigned no registration rights by {request.date}",
                                 field="other_investors",
                                 hint="add the transferee under other_investors with assignment: "
                                      f"{{assignor: {sender.key}, date: ..., securities: ...}}")
        facts["assignees"] = assignees
        facts["assignments"] = [{"assignee": p, **p.assignment} for p in assignees]
    if kind.name == "address-change":
        if not sender.changes:
            raise TermSheetError(f"{sender.role} ({sender.key}) has no change of address dated on or before "
                                 f"{request.date}", field=f"{sender.path}.address_changes",
                                 hint="add the new address under address_changes, with its date")
        facts["change"] = sender.changes[-1]
    return facts


def _timing(kind: Kind, sheet: TermSheet, request: Request, facts: dict, delivered: dt.date,
            calendar: Calendar) -> dict:
    """The deadlines the letter states, and whether it is late for its own."""
    deal = sheet.deal
    timing: dict = {}
    late_for = None
    if kind.name in ("comments", "effectiveness"):
        hours = (deal.registration.comment_notice_hours if kind.name == "comments"
                 else deal.registration.effectiveness_notice_hours)
        timing["hours"] = hours
        timing["due"] = calendar.hours_after(facts["event_date"], hours)
        late_for = timing["due"]
    elif kind.name == "piggyback":
        piggyback = deal.registration.piggyback
        timing["latest_notice"] = calendar.days_before(request.filing_date, piggyback.notice_days)
        timing["response_due"] = calendar.days_after(delivered, piggyback.response_days)
        late_for = timing["latest_notice"]
    elif kind.name == "requested-information":
        obligations = deal.investor_obligations
        timing["latest_notice"] = calendar.days_before(request.filing_date,
                                                       obligations.requested_information_notice_days)
        timing["response_due"] = calendar.business_days(request.filing_date,
                                                        -obligations.non_responsive_business_days)
        late_for = timing["latest_notice"]
    elif kind.name == "address-change":
        timing["effective"] = delivered
    if late_for is not None and delivered > late_for:
        timing["late"] = (f"sent on {request.date} by this method, the notice is given on {delivered}, "
                          f"after it was due ({late_for})")
    return timing


def _body(kind: Kind, context: dict, agreement: Document,
          library: Library) -> tuple[str, list[tuple[str, Any]], list]:
    """The kind's clause, rendered and parsed, its references read from the agreement."""
    clause = kind.clause
    path = str(library.path_of(clause))
    blocks = markup.parse(library.render(clause, context), path)
    body = Document(name=clause, title="", blocks=blocks, numbering=[])
    body.sections = agreement.sections
    resolve.fill_references(body)
    subject, items, blanks = "", [], []
    for block in blocks:
        if isinstance(block, Title):
            subject = _words(plain(block.inlines))
        elif isinstance(block, Paragraph):
            items.append(("p", _words(plain(block.inlines))))
        elif isinstance(block, AddressBlock):
            items.append(("address", [(f"{line.label}: " if line.label else "") + _words(plain(line.inlines))
                                      for line in block.lines]))
        else:
            raise ClauseError("may hold only <title>, <p> and <address> in a letter", file=path)
        blanks += [(item.name, "letter") for run in inlines_of(block) for item in run if isinstance(item, Blank)]
    return subject, items, blanks


def _words(text: str) -> str:
    return " ".join(text.split())


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _enclosures(kind: Kind) -> list[str]:
    return {"comments": ["Copy of the Commission's written comments"],
            "resumption": ["Supplemented or amended Prospectus"]}.get(kind.name, [])


def _party_blanks(sender: Party, recipient: Party, conformed: bool) -> list[tuple[str, str]]:
    blanks = []
    for party, where in ((sender, "letterhead"), (recipient, "address")):
        if not party.name:
            blanks.append((f"{party.path}.name", where))
    if not conformed and not sender.signatory.get("name"):
        blanks.append((f"{sender.path}.signatory.name", "signature"))
    return blanks


