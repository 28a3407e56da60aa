"""Who a kind of notice may go to and come from, as the agreement (and so ``letters``) allows, for
the documents page to offer only those: the CLI's ``--to`` list and ``--from``, as boxes to tick."""
from __future__ import annotations

from dataclasses import dataclass

from .. import letters, termsheet

ALL_INVESTORS = "all-investors"


@dataclass(frozen=True)
class Choice:
    key: str      # as ``--to`` / ``--from`` names it
    label: str


def parties(sheet: termsheet.TermSheet) -> list[Choice]:
    deal = sheet.deal
    found = [Choice("company", f"The Company ({deal.company.name})")]
    if deal.investor is not None:
        found.append(Choice("initial-investor", "The Initial Investor" +
                            (f" ({deal.investor.name})" if deal.investor.name else "")))
    found += [Choice(other.key, other.name + (" (an Initial Investor)" if other.party else ""))
              for other in deal.other_investors]
    return found


def recipients(sheet: termsheet.TermSheet, kind_name: str) -> list[Choice]:
    """The parties this kind of notice may be sent to, "all investors" first where it may go to each."""
    kind = letters.KINDS[kind_name]
    everyone = parties(sheet)
    initial = {"initial-investor"} | {o.key for o in sheet.deal.other_investors if o.party}
    if kind.recipients == "company":
        return [c for c in everyone if c.key == "company"]
    if kind.recipients == "initial-investor":
        return [c for c in everyone if c.key in initial]
    investors = [c for c in everyone if c.key != "company"]
    group = [Choice(ALL_INVESTORS, "All investors (one letter each)")] if investors else []
    return group + (everyone if kind.recipients == "others" else investors)


def senders(sheet: termsheet.TermSheet, kind_name: str) -> list[Choice]:
    """Who may send it: the Company, unless the kind comes from an Investor (or from anyone)."""
    kind = letters.KINDS[kind_name]
    everyone = parties(sheet)
    if kind.sender == "company":
        return everyone[:1]
    if kind.sender == "investor":
        return [c for c in everyone if c.key != "company"]
    return everyone


def kinds() -> list[str]:
    return list(letters.KINDS)


def kind_label(kind_name: str) -> str:
    """A kind as the documents page offers it: "stop-order" → "Stop order"."""
    return kind_name.replace("-", " ").capitalize()


def letter_label(stem: str, kind_name: str, sheet: termsheet.TermSheet) -> str:
    """A letter as a lawyer reads it, from the file name ``letters`` gives it
    ("notice-effectiveness-initial-investor-2001-05-14" → "To The Initial Investor (…)")."""
    prefix = f"notice-{kind_name}-"
    if not stem.startswith(prefix) or len(stem) < len(prefix) + 11:
        return stem
    key = stem[len(prefix):-11]
    named = {c.key: c.label for c in parties(sheet)}
    return "To " + named.get(key, key.replace("-", " "))
