"""The guided interview: the term sheet asked for a page at a time, by topic, skipping what the deal
does not need, with the firm's standard positions filled in, and a page to check the answers.

Every answer travels with each page as a hidden field (``a.<path>``), so Back and "Change" lose
nothing and no worker holds an interview in memory. The answers become term-sheet data the way
the full form's fields do (``form.read``): the same schema, the same conversions. Only the pages
and their questions' wording live here; kinds (date, number, choice) come from the schema.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from . import form
from ..termsheet.messages import DATE_EXAMPLE

STANDARD_FILE = "standard-positions.yaml"
ON = "on"
CHECK = "check"


@dataclass(frozen=True)
class Question:
    path: str                  # the term sheet's field, or a control answer starting with "_"
    label: str
    help: str = ""
    kind: str = ""             # "boolean" for control answers; the schema's kind otherwise


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = ()
    when: Callable[[dict], bool] = field(default=lambda answers: True)


def _on(key: str) -> Callable[[dict], bool]:
    return lambda answers: answers.get(key) == ON


def _agreement(answers: dict) -> bool:
    return answers.get("_agreement") == ON


def _both(*tests: Callable[[dict], bool]) -> Callable[[dict], bool]:
    return lambda answers: all(test(answers) for test in tests)


def _address(prefix: str, care_of: bool = False, county: bool = False) -> tuple[Question, ...]:
    asked = [Question(f"{prefix}.care_of", "Care of (optional)", "A firm or person the post goes through.")] \
        if care_of else []
    asked += [Question(f"{prefix}.lines.0", "Street address"),
              Question(f"{prefix}.lines.1", "Street address, second line (optional)"),
              Question(f"{prefix}.city", "City or town")]
    if county:
        asked.append(Question(f"{prefix}.county", "County"))
    asked += [Question(f"{prefix}.state", "State"), Question(f"{prefix}.postal_code", "ZIP code")]
    return tuple(asked)


def _contact(prefix: str) -> tuple[Question, ...]:
    return (Question(f"{prefix}.attention", "For the attention of (optional)"),
            Question(f"{prefix}.telephone", "Telephone (optional)"),
            Question(f"{prefix}.telecopier", "Fax (optional)",
                     "Notices may go by fax only where a number is given."))


def _counsel(prefix: str) -> tuple[Question, ...]:
    return (Question(f"{prefix}.name", "Law firm"), *_address(f"{prefix}.address"), *_contact(prefix))


def pages(answers: dict) -> list[Page]:
    """Every page of the interview, in order; ``applicable`` says which this deal needs."""
    found = [
        Page("deal", "What this deal needs",
             "Choose the documents to draft. Parts you leave out are not asked about.",
             (Question("_agreement", "A registration rights agreement", kind="boolean"),
              Question("_charter", "A certificate of incorporation (Delaware) and its amendments", kind="boolean"),
              Question("_others", "How many investors besides the Initial Investor?",
                       "Each gets a page of its own. Leave at 0 if there are none.", kind="integer"))),
        Page("company", "The company", "",
             (Question("company.name", "The company's full legal name"),
              Question("company.entity_type", "Kind of entity", "For example, corporation."),
              Question("company.jurisdiction", "State of incorporation"))),
        Page("company-office", "The company's principal office", "",
             _address("company.principal_office"), when=_agreement),
        Page("company-notices", "Notices to the company", "",
             (Question("_company_same", "Send notices to the principal office", kind="boolean"),
              *_contact("company.notices"),
              Question("_company_counsel", "Send a copy of each notice to the company's counsel", kind="boolean")),
             when=_agreement),
        Page("company-notice-address", "The company's address for notices", "",
             _address("company.notices.address"),
             when=_both(_agreement, lambda a: a.get("_company_same") != ON)),
        Page("company-counsel", "The company's counsel", "Copies of notices to the company go here.",
             _counsel("company.notices.copy_to"), when=_both(_agreement, _on("_company_counsel"))),
        Page("investor", "The Initial Investor", "",
             (Question("investor.name", "The Initial Investor's full legal name"),
              Question("investor.entity_type", "Kind of entity (optional)"),
              Question("investor.jurisdiction", "Where it is organised (optional)")), when=_agreement),
        Page("investor-notices", "Notices to the Initial Investor", "",
             (*_address("investor.notices.address", care_of=True), *_contact("investor.notices"),
              Question("_investor_counsel", "Send a copy of each notice to the investor's counsel",
                       kind="boolean")), when=_agreement),
        Page("investor-counsel", "The Initial Investor's counsel", "",
             _counsel("investor.notices.copy_to"), when=_both(_agreement, _on("_investor_counsel"))),
        Page("dates", "Dates and signing", "",
             (Question("agreement.date", "Date of the agreement"),
              Question("agreement.closing_date", "Closing date"),
              Question("agreement.counterparts", "Number of counterparts")), when=_agreement),
        Page("securities", "The securities", "",
             (Question("securities.purchase_agreement_title", "Title of the purchase agreement"),
              Question("securities.common_stock_par_value", "Par value of the common stock, in dollars"),
              Question("securities.conversion_price", "Conversion price per share, in dollars"),
              Question("securities.debenture.interest_rate_percent", "Debenture interest rate, per cent a year"),
              Question("securities.debenture.principal_amount", "Debenture principal amount, in dollars (optional)"),
              Question("securities.bridge_loan_shares", "Bridge loan shares (optional)")), when=_agreement),
        Page("placement-agent", "The placement agent", "",
             (Question("placement_agent.name", "The placement agent's full legal name"),
              Question("placement_agent.short_name", "Short name used in the agreement", "For example, its initials.")),
             when=_agreement),
        Page("registration", "Registration", "",
             (Question("registration.filing_deadline_days", "Days to file the registration statement"),
              Question("registration.effectiveness_deadline_days", "Days for it to be declared effective"),
              Question("registration.comment_notice_hours", "Hours to tell the investor of comments"),
              Question("registration.effectiveness_notice_hours", "Hours to tell the investor of effectiveness"),
              Question("registration.acceleration_request_business_days",
                       "Business days' notice of a request to accelerate"),
              Question("registration.acceleration_window_hours", "Hours the acceleration request covers"),
              Question("registration.short_form", "Short-form registration statement", "The short form the company may use to register resales with the SEC."),
              Question("registration.registration_period_years", "Years the statement is kept effective"),
              Question("registration.piggyback.enabled", "Piggyback registration rights")), when=_agreement),
        Page("piggyback", "Piggyback registration", "",
             (Question("registration.piggyback.notice_days", "Days' notice of a planned registration"),
              Question("registration.piggyback.response_days", "Days the investor has to ask to be included")),
             when=_both(_agreement, _on("registration.piggyback.enabled"))),
        Page("obligations", "Obligations", "",
             (Question("company_obligations.transfer_agent_delivery_business_days",
                       "Business days to deliver shares through the transfer agent"),
              Question("company_obligations.earnings_statement_months", "Months to publish an earnings statement"),
              Question("company_obligations.nasd_qualified_independent_underwriter",
                       "The company pays for a qualified independent underwriter if one is needed"),
              Question("investor_obligations.requested_information_notice_days",
                       "Days' notice for the information the company asks of investors"),
              Question("investor_obligations.non_responsive_business_days",
                       "Business days before an investor who does not answer is left out"),
              Question("rule_144.enabled", "The company's Rule 144 reporting covenant")), when=_agreement),
        Page("governing-law", "Governing law and courts", "",
             (Question("governing_law.state", "The law that governs the agreement (state)"),
              Question("governing_law.forum_city", "City of the courts"),
              Question("governing_law.forum_state", "State of the courts")), when=_agreement),
        Page("signatories", "Who signs", "Leave a name blank to print a line for it.",
             (Question("company.signatory.name", "Signing for the company: name (optional)"),
              Question("company.signatory.title", "Signing for the company: title (optional)"),
              Question("investor.signatory.name", "Signing for the Initial Investor: name (optional)"),
              Question("investor.signatory.title", "Signing for the Initial Investor: title (optional)")),
             when=_agreement),
    ]
    for i in range(_count(answers.get("_others"))):
        p = f"other_investors.{i}"
        found.append(Page(f"other-investor-{i + 1}", f"Other investor {i + 1}", "",
                          (Question(f"{p}.name", "Full legal name"),
                           Question(f"{p}.party", "Signs the agreement as an Initial Investor"),
                           *_address(f"{p}.notices.address", care_of=True), *_contact(f"{p}.notices")),
                          when=_agreement))
    found += [
        Page("charter", "The certificate of incorporation", "",
             (Question("charter.name", "The company's name as the certificate gives it"),
              Question("charter.signed_on", "Date the certificate was signed"),
              Question("charter.filed", "Already signed and filed (print a conformed copy)")),
             when=_on("_charter")),
        Page("charter-office", "Registered office and agent", "",
             (*_address("charter.registered_office.address", county=True),
              Question("charter.registered_office.agent", "Registered agent")), when=_on("_charter")),
        Page("charter-capital", "Authorised shares", "",
             (Question("charter.capital.total_shares", "Total shares the company may issue"),
              Question("charter.capital.par_value", "Par value per share, in dollars"),
              Question("charter.capital.classes.0.name", "First class of shares", "For example, common stock."),
              Question("charter.capital.classes.0.shares", "Shares of the first class"),
              Question("charter.capital.classes.1.name", "Second class of shares (optional)"),
              Question("charter.capital.classes.1.shares", "Shares of the second class (optional)"),
              Question("charter.capital.preferred_terms_by", "Who may fix the terms of preferred stock (optional)",
                       "For example, board of directors.")), when=_on("_charter")),
        Page("incorporator", "The incorporator", "",
             (Question("charter.incorporator.name", "Incorporator's name"),
              *_address("charter.incorporator.address")), when=_on("_charter")),
    ]
    return found


def applicable(answers: dict) -> list[Page]:
    return [page for page in pages(answers) if page.when(answers)]


def _count(value) -> int:
    text = str(value or "").strip()
    return min(int(text), 50) if text.isdigit() else 0


# --- standard positions ----------------------------------------------------------------------

def standard_positions(library_dirs: tuple[str, ...] = ()) -> dict[str, str]:
    """The firm's positions, as answers: the last library folder holding the file wins, else ours."""
    candidates = [Path(d) / STANDARD_FILE for d in library_dirs] + [Path(__file__).with_name(STANDARD_FILE)]
    chosen = next((c for c in reversed(candidates[:-1]) if c.is_file()), candidates[-1])
    data = yaml.safe_load(chosen.read_text(encoding="utf-8")) or {}
    return {path: value for path, value in flat_answers(data).items() if value != ""}


def flat_answers(data, prefix: str = "") -> dict[str, str]:
    """Term-sheet data as answers: each scalar by its dotted path, as its field would show it."""
    out: dict[str, str] = {}
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else None
    if items is None:
        out[prefix] = ON if data is True else "" if data in (False, None) else str(data)
        return out
    for key, value in items:
        out.update(flat_answers(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def starting_answers(standard: dict[str, str], data: dict | None = None) -> dict[str, str]:
    """A new deal: the standard positions and the usual choices. An existing one: its own facts."""
    if data is None:
        return {**standard, "_agreement": ON, "_charter": "", "_others": "0", "_company_same": ON}
    answers = flat_answers(data)
    company = data.get("company", {})
    same = company.get("notices", {}).get("address") == company.get("principal_office") or \
        not company.get("notices")
    answers.update({"_agreement": ON if data.get("agreement") else "", "_charter": ON if data.get("charter") else "",
                    "_others": str(len(data.get("other_investors", []))), "_company_same": ON if same else "",
                    "_company_counsel": ON if company.get("notices", {}).get("copy_to") else "",
                    "_investor_counsel": ON if (data.get("investor") or {}).get("notices", {}).get("copy_to") else ""})
    if "registration.piggyback.enabled" not in answers and data.get("registration"):
        answers["registration.piggyback.enabled"] = ON  # the model's default
    return answers


# --- the answers as term-sheet data ------------------------------------------------------------

def kind_of(schema: dict, path: str) -> tuple[str, list[str]]:
    """The schema's kind of the field at ``path`` (and an enum's options)."""
    node = {"properties": schema["properties"], "type": "object"}
    for part in path.split("."):
        node, _ = form._resolve(schema, node)
        if part.isdigit():
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    node, _ = form._resolve(schema, node)
    kind = form._kind(node)
    return kind, [str(o) for o in node.get("enum", [])]


def required(schema: dict, path: str) -> bool:
    """Whether the schema requires the field once its part is there (a list's first item, if the
    list must have one)."""
    node = {"properties": schema["properties"], "type": "object", "required": schema.get("required", [])}
    needed = True
    for part in path.split("."):
        node, _ = form._resolve(schema, node)
        if part.isdigit():
            needed = int(part) < node.get("minItems", 0)
            node = node.get("items", {})
        else:
            needed = part in node.get("required", [])
            node = node.get("properties", {}).get(part, {})
    return needed


def asked(answers: dict) -> list[Question]:
    """The questions of the pages this deal needs (a skipped page's answers are kept, not used)."""
    return [q for page in applicable(answers) for q in page.questions]


def form_values(schema: dict, answers: dict) -> dict[str, str]:
    """The answers as the full form would post them, for ``form.read``."""
    values: dict[str, str] = {}
    for question in asked(answers):
        if question.path.startswith("_"):
            continue
        value = answers.get(question.path, "")
        if kind_of(schema, question.path)[0] == "boolean":
            values[question.path + ".__box"] = "1"
            if value == ON:
                values[question.path] = ON
        else:
            values[question.path] = value
    # A list of lines the interview asks two of keeps the rest it holds (a third street line).
    lists = {q.path.rsplit(".", 1)[0] for q in asked(answers) if q.path.rsplit(".", 1)[-1].isdigit()}
    for name, value in answers.items():
        prefix, _, last = name.rpartition(".")
        if prefix in lists and last.isdigit() and name not in values:
            values[name] = value
    if _agreement(answers) and answers.get("_company_same") == ON:
        office = "company.principal_office."
        values.update({"company.notices.address." + k[len(office):]: v for k, v in list(values.items())
                       if k.startswith(office)})
    for name in list(values):  # each list's length, as the full form sends it
        parts = name.split(".")
        for i, part in enumerate(parts):
            if part.isdigit():
                counted = ".".join(parts[:i]) + ".__count"
                values[counted] = str(max(int(values.get(counted, "0")), int(part) + 1))
    return values


PARTS_OF_AGREEMENT = ("agreement", "investor", "other_investors", "securities", "placement_agent", "registration",
                      "company_obligations", "investor_obligations", "rule_144", "governing_law")


def to_data(schema: dict, answers: dict, base: dict | None = None) -> dict:
    """The term sheet the answers make; over ``base`` (the version being changed), whose facts the
    interview does not ask about (amendments, address changes, house style) stay as they are."""
    given = form.read(schema, form_values(schema, answers))
    data = copy.deepcopy(base) if base else {}
    _merge(data, given)
    for question in asked(answers):
        if not question.path.startswith("_") and answers.get(question.path, "") == "" \
                and kind_of(schema, question.path)[0] != "boolean":
            _remove(data, question.path.split("."))
    if not _agreement(answers):
        for key in PARTS_OF_AGREEMENT:
            data.pop(key, None)
        for key in ("principal_office", "notices"):
            data.get("company", {}).pop(key, None)
    if answers.get("_charter") != ON:
        data.pop("charter", None)
    others = data.get("other_investors")
    if isinstance(others, list):
        del others[_count(answers.get("_others")):]
        if not others:
            data.pop("other_investors")
    for party in ("company", "investor"):  # counsel turned off: no copy
        key = "_company_counsel" if party == "company" else "_investor_counsel"
        if answers.get(key) != ON:
            (data.get(party) or {}).get("notices", {}).pop("copy_to", None)
    return _order(schema, data)


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list) and value and isinstance(value[0], dict):
            for i, item in enumerate(value):
                if i < len(into[key]) and isinstance(into[key][i], dict):
                    _merge(into[key][i], item)
                else:
                    into[key].append(item)
        else:
            into[key] = value


def _remove(data, parts: list[str]) -> None:
    for i, part in enumerate(parts[:-1]):
        key = int(part) if part.isdigit() else part
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return
    last = parts[-1]
    if isinstance(data, dict):
        data.pop(last, None)
    elif isinstance(data, list) and last.isdigit() and int(last) < len(data) and data[int(last)] in ("", None):
        del data[int(last)]


def _order(schema: dict, data: dict) -> dict:
    """Top-level facts in the schema's order, as the full form writes them."""
    order = list(schema["properties"])
    return {key: data[key] for key in sorted(data, key=lambda k: order.index(k) if k in order else len(order))}


# --- reading a page back -----------------------------------------------------------------------

def read_answers(posted) -> dict[str, str]:
    """Every answer a page carried (its own fields and the hidden ones)."""
    return {name[2:]: str(value) for name, value in posted.multi_items() if name.startswith("a.")}


def read_page(posted, page: Page, schema: dict, answers: dict) -> dict[str, str]:
    """The page's own answers over the carried ones: a box left unticked is an answer too."""
    answers = dict(answers)
    for question in page.questions:
        kind = question.kind or kind_of(schema, question.path)[0]
        raw = posted.get("a." + question.path)
        if kind == "boolean":
            answers[question.path] = ON if raw == ON else ""
        elif raw is not None:
            answers[question.path] = str(raw).strip()
    return answers


def problems(page: Page, schema: dict, answers: dict) -> dict[str, str]:
    """What is wrong with a page's answers on their face, by question: a required one left empty, a
    number or date that is not one. (The whole term sheet is judged on the check page.)"""
    found = {}
    for question in page.questions:
        kind = question.kind or kind_of(schema, question.path)[0]
        value = answers.get(question.path, "").strip()
        if kind == "boolean":
            continue
        if not value:
            if not question.path.startswith("_") and "(optional)" not in question.label \
                    and required(schema, question.path):
                found[question.path] = f"{question.label}: this is needed; give it, or go back and leave out the part that needs it."
            continue
        if kind == "integer" and not re.fullmatch(r"\d[\d,]*", value):
            found[question.path] = f"{question.label}: enter a whole number, such as 30."
        elif kind == "number" and not re.fullmatch(r"(\d[\d,]*)?(\.\d+)?", value):
            found[question.path] = f"{question.label}: enter a number, such as 0.001 or 1,500,000."
        elif kind == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                found[question.path] = f"{question.label}: enter a real date, such as {DATE_EXAMPLE}."
    return found


def view(page: Page, schema: dict, answers: dict, standard: dict[str, str]) -> list[dict]:
    """The page's questions as the template draws them."""
    shown = []
    for question in page.questions:
        kind, options = (question.kind, []) if question.kind else kind_of(schema, question.path)
        value = answers.get(question.path, "")
        shown.append({"name": "a." + question.path, "id": "q-" + question.path.replace(".", "-"),
                      "label": question.label, "help": question.help, "kind": kind, "options": options,
                      "value": value, "standard": question.path in standard and standard[question.path] == value,
                      "required": kind != "boolean" and not question.path.startswith("_")
                      and "(optional)" not in question.label and required(schema, question.path)})
    return shown


def next_page(answers: dict, current: str, step: int) -> str:
    """The page after (step 1) or before (step -1) ``current`` among those this deal needs."""
    ids = [page.id for page in applicable(answers)] + [CHECK]
    if current not in ids:
        return ids[0]
    return ids[max(0, min(len(ids) - 1, ids.index(current) + step))]


def summary(schema: dict, answers: dict, standard: dict[str, str]) -> list[dict]:
    """The check-your-answers page: each page this deal needs, its questions and answers."""
    return [{"page": page, "rows": view(page, schema, answers, standard)} for page in applicable(answers)]
