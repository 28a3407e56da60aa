"""The charter through time: the certificate as filed, each amendment, and the
charter as amended through any date.

A charter's state is the original articles with every amendment up to a date
applied in order. Each Certificate of Amendment is rendered with the state just
before it (``before``) and just after it (``charter``); a conformed copy with
the state on its date and a footnote on every article that changed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from . import assembly, conditions, resolve, style
from .errors import TermSheetError
from .termsheet import Charter, CharterAmendment, TermSheet

CERTIFICATE = "certificate-of-incorporation"
# What charter clauses see besides the term sheet (``charter`` there is the charter in force).
CONTEXT_NAMES = ("ordinal", "amended", "document")
# A certificate of amendment also sees the amendment and the charter just before it.
AMENDMENT_CONTEXT_NAMES = (*CONTEXT_NAMES, "amendment", "before")
FORM_NAMES = {"before_payment": "Certificate of Amendment before payment of capital",
              "stockholders_meeting": "Certificate of Amendment", "written_consent": "Certificate of Amendment"}


def article_keys(charter_state: dict[str, Any] | None = None) -> list[str]:
    """Article keys in the certificate's order (the assembly fixes FIRST, SECOND, ...),
    leaving out the optional articles the charter does not have."""
    certificate = assembly.load(CERTIFICATE)
    keys = []
    for part in certificate.parts:
        key = part.clause.split("/", 1)[1]
        if key in ("heading", "signature"):
            continue
        if charter_state is not None and not conditions.holds(part.when, {"charter": charter_state},
                                                              certificate.path):
            continue
        keys.append(key)
    return keys


def ordinals(charter_state: dict[str, Any] | None = None) -> dict[str, str]:
    return {key: resolve.ORDINAL_WORDS[i] for i, key in enumerate(article_keys(charter_state))}


def state(charter: Charter, through: dt.date | None = None, count: int | None = None) -> dict[str, Any]:
    """The charter in force: the original with amendments applied, up to a date or a count."""
    current = charter.model_dump(mode="python", exclude={"amendments", "filed"})
    for i, amendment in enumerate(charter.amendments):
        if (through is not None and amendment.date > through) or (count is not None and i >= count):
            break
        # Only the articles the amendment names; each one whole, defaults included.
        full = amendment.changes.model_dump(mode="python")
        current.update({key: full[key] for key in amendment.changes.model_fields_set})
    return current


def changed_articles(amendment: CharterAmendment, order: dict[str, str]) -> list[str]:
    """The articles an amendment changes, in the certificate's order (``order`` is ``ordinals()``)."""
    keys = amendment.changes.model_fields_set
    return [key for key in order if key in keys]


def _common(charter: Charter) -> tuple[dict[str, str], dict[str, Any]]:
    words = ordinals(state(charter, count=0))
    return words, {"ordinal": words, "amended": {}, "document": {"conformed": False, "as_of": None}}


def original(sheet: TermSheet, number: int, as_of: dt.date | None) -> dict[str, Any]:
    """The certificate as filed."""
    charter = sheet.deal.charter
    return {**_common(charter)[1], "charter": state(charter, count=0)}


def amendment(sheet: TermSheet, number: int, as_of: dt.date | None) -> dict[str, Any]:
    """Certificate of Amendment No. ``number``: the amendment, the charter before it and after."""
    charter = sheet.deal.charter
    words, common = _common(charter)
    changed = charter.amendments[number - 1]
    info = changed.model_dump(mode="python")
    info.update(number=number, articles=changed_articles(changed, words))
    return {**common, "amendment": info, "before": state(charter, count=number - 1),
            "charter": state(charter, count=number)}


def as_amended(sheet: TermSheet, number: int, as_of: dt.date | None) -> dict[str, Any]:
    """The charter as amended through ``as_of``, a footnote on each amended article."""
    charter = sheet.deal.charter
    if as_of < charter.signed_on:
        raise TermSheetError(f"--as-of {as_of} is before the certificate of incorporation was signed "
                             f"on {charter.signed_on}", file=str(sheet.path), field="charter.signed_on")
    words, common = _common(charter)
    return {**common, "document": {"conformed": True, "as_of": as_of}, "charter": state(charter, through=as_of),
            "amended": footnotes(charter, as_of, words)}


@dataclass(frozen=True)
class Context:
    """What the code adds to the facts for a document an assembly makes (``makes.context``)."""
    build: Callable[[TermSheet, int, dt.date | None], dict[str, Any]]
    names: tuple[str, ...]  # the names it adds, for the library lint


CONTEXTS = {"charter": Context(original, CONTEXT_NAMES),
            "charter-amendment": Context(amendment, AMENDMENT_CONTEXT_NAMES),
            "charter-as-of": Context(as_amended, CONTEXT_NAMES)}


def footnotes(charter: Charter, as_of: dt.date, words: dict[str, str]) -> dict[str, str]:
    """For each article amended on or before the date, the certificates that amended it."""
    history: dict[str, list[CharterAmendment]] = {}
    for amendment in charter.amendments:
        if amendment.date <= as_of:
            for key in changed_articles(amendment, words):
                history.setdefault(key, []).append(amendment)
    notes = {}
    for key, amendments in history.items():
        latest = amendments[-1]
        text = (f"Article {words[key]} as amended by the {FORM_NAMES[latest.adoption]} dated "
                f"{style.long_date(latest.date)}")
        earlier = amendments[:-1]
        if earlier:
            dates = " and ".join(style.long_date(a.date) for a in earlier)
            text += f"; earlier amended by the Certificate{'s' if len(earlier) > 1 else ''} of Amendment dated {dates}"
        notes[key] = text + "."
    return notes
