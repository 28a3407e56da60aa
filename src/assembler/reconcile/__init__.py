"""Reconcile: the other side's Word draft read back onto the deal (see docs/reconcile.md).

    from assembler import reconcile
    result = reconcile.reconcile("termsheet.yaml", "their-draft.docx")
    result.changes            # each change explained: fact, switch, clause, new/deleted/moved section
    result.findings           # words and figures that disagree, typed references, terms, …
    result.round_trip.exact   # the proposal builds their accepted text word for word
    proposal = result.apply({"1": "accept", "2": "reject"})   # None: accept all
    proposal.termsheet_yaml(); proposal.library_files(); proposal.build()
    reconcile.write(result, proposal, "out/")  # the report (txt, html, json), term sheet, matter library
"""
from .engine import PROPERTY, Change, Finding, Result, RoundTrip, compare, reconcile, sheet_hash
from .proposal import Proposal

__all__ = ["reconcile", "Result", "Change", "Finding", "RoundTrip", "Proposal", "compare", "sheet_hash", "PROPERTY"]
