"""The charter through time: the certificate as filed, each amendment, and the
charter as amended through any date.

A charter's state is the original articles with every amendment up to a date
applied in order. Each Certificate of Amendment is rendered with the state just
before it (``before``) and just after it (``charter``); a conformed copy with
the state on its date and a footnote on every article that changed.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from . import assembly, resolve, style
from .assembly import Job
from .errors import TermSheetError
from .termsheet import Charter, CharterAmendment, TermSheet

CERTIFICATE = "certificate-of-incorporation"
# What charter clauses see besides the term sheet (``charter`` there is the charter in force).
CONTEXT_NAMES = ("ordinal", "amended", "document")
# A certificate of amendment also sees the amendment and the charter just before it.
AMENDMENT_CONTEXT_NAMES = (*CONTEXT_NAMES, "amendment", "before")
FORMS = {"before_payment": "certificate-of-amendment-before-payment",
         "stockholders_meeting": "certificate-of-amendment",
         "written_consent": "certificate-of-amendment"}
FORM_NAMES = {"before_payment": "Certificate of Amendment before payment of capital",
              "stockholders_meeting": "Certificate of Amendment", "written_consent": "Certificate of Amendment"}


def article_keys(charter_state: dict[str, Any] | None = None) -> list[str]:
    """Article keys in the certificate's order (the assembly fixes FIRST, SECOND, ...),
    leaving out the optional articles the charter does not have."""
    parts = assembly.load(CERTIFICATE).parts
    keys = []
    for part in parts:
        key = part.clause.split("/", 1)[1]
        if key in ("heading", "signature"):
            continue
        if charter_state is not None and part.when and not _holds(part.when, charter_state):
            continue
        keys.append(key)
    return keys


def _holds(condition: str, charter_state: dict[str, Any]) -> bool:
    """An assembly condition over the charter, e.g. 'charter.provisions.compromise'."""
    node: Any = {"charter": charter_state}
    for name in condition.split("."):
        node = node[name]
    return bool(node)


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


def jobs(sheet: TermSheet, as_of: dt.date | None = None) -> list[Job]:
    """Every charter document the term sheet calls for."""
    charter = sheet.deal.charter
    base = sheet.context()
    if charter is None:
        if as_of is not None:
            raise TermSheetError("has no charter, so there is no charter to conform --as-of a date",
                                 file=str(sheet.path), field="charter")
        return []
    words = ordinals(state(charter, count=0))
    common = {"ordinal": words, "amended": {}, "document": {"conformed": False, "as_of": None}}
    out = [Job(CERTIFICATE, CERTIFICATE, {**base, **common, "charter": state(charter, count=0)},
               conformed=charter.filed)]
    for number, amendment in enumerate(charter.amendments, 1):
        info = amendment.model_dump(mode="python")
        info.update(number=number, articles=changed_articles(amendment, words))
        context = {**base, **common, "amendment": info,
                   "before": state(charter, count=number - 1), "charter": state(charter, count=number)}
        out.append(Job(FORMS[amendment.adoption], f"certificate-of-amendment-{number}-{amendment.date}", context,
                       conformed=amendment.filed))
    if as_of is not None:
        if as_of < charter.signed_on:
            raise TermSheetError(f"--as-of {as_of} is before the certificate of incorporation was signed "
                                 f"on {charter.signed_on}", file=str(sheet.path), field="charter.signed_on")
        document = {"conformed": True, "as_of": as_of}
        context = {**base, **common, "document": document, "charter": state(charter, through=as_of),
                   "amended": footnotes(charter, as_of, words)}
        out.append(Job(CERTIFICATE, f"{CERTIFICATE}-as-amended-through-{as_of}", context, conformed=True))
    return out


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
