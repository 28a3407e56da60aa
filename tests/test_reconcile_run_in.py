"""Reconcile and the run-in: our DOCX sets Section 2(c), which has no words of its own, and its first
sub-section in one paragraph, "(c) (i) If the Company proposes …" (2(c)'s list number, "(i)" typed
and bookmarked). Read back, that paragraph is two sections: 2(c), with no words, and 2(c)(i)."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from assembler.reconcile import reconcile
from assembler.reconcile.reply import reply
from assembler.writers.docx import _bookmark_name

from .conftest import EXAMPLE, flat, libreoffice_review
from .reconcile_corpus import Edit, Ours, apply

PARENT, NOTICE, PRORATION = ("rr.registration.piggyback", "rr.registration.piggyback.notice",
                             "rr.registration.piggyback.proration")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REWORDED = Edit("run-in-reworded", "clause", [("replace", NOTICE, "If the Company proposes to register",
                                               "Whenever the Company intends to register")])


@pytest.fixture(scope="module")
def ours():
    return Ours(EXAMPLE)


def _run_in_units(result):
    """Their units read from the paragraph that opens with 2(c)'s number."""
    source = next(u.source for u in result.their_units if u.owner == NOTICE)
    return [u for u in result.their_units if u.source == source]


@pytest.mark.parametrize("form", ["tracked", "untracked"])
def test_a_change_in_the_run_in_paragraph_is_the_sub_sections(ours, form):
    """Reworded inside "(c) (i) If …": one wording change of 2(c)(i), none of 2(c); the override
    replaces 2(c)(i) by id, without the "(i)" its paragraph types; the proposal builds their text."""
    result = reconcile(EXAMPLE, apply(ours, REWORDED, form))
    assert [(c.kind, c.section, c.number) for c in result.changes] == [("clause", NOTICE, "2(c)(i)")]
    markup = result.changes[0].override["replace"][NOTICE]
    assert markup.startswith("<p>Whenever the Company intends to register"), markup[:60]
    assert result.round_trip.exact, result.round_trip.differences[:4]
    if form == "tracked":
        assert result.changes[0].authors == ["Investor Counsel"]


def test_the_run_in_paragraph_is_read_as_two_sections_each_with_its_bookmark(ours):
    """Untouched, the paragraph is 2(c)'s number with no words, then 2(c)(i)'s words after its typed
    label; each part carries its own section's bookmark."""
    result = reconcile(EXAMPLE, ours.data)
    assert (result.changes, result.round_trip.exact) == ([], True)
    parent, child = _run_in_units(result)
    assert (parent.owner, parent.number, parent.text(), parent.bookmarks) == (PARENT, "(c)", "", [PARENT])
    assert (child.owner, child.number, child.run_in, child.bookmarks) == (NOTICE, "(i)", True, [NOTICE])
    assert child.text().startswith("If the Company proposes to register")


def test_a_run_in_rewritten_past_recognition_is_still_its_section_by_its_bookmark(ours):
    """Their words share little with ours, but the paragraph keeps our bookmarks: 2(c)(i) reworded,
    not 2(c) deleted and a section added."""
    first_words = ("If the Company proposes to register any of its warrants, Common Stock or any other shares of "
                   "common stock of the Company under the Securities Act")
    edit = Edit("run-in-rewritten", "clause", [("replace", NOTICE, first_words, "Should the issuer file for any offering")])
    result = reconcile(EXAMPLE, apply(ours, edit, "untracked"))
    assert [(c.kind, c.section) for c in result.changes] == [("clause", NOTICE)]
    assert result.round_trip.exact, result.round_trip.differences[:4]


def _bookmarked(docx: bytes, name: str) -> str:
    """The text inside the bookmark ``name`` of the reply's body (its kept and deleted words)."""
    import io
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    start = next(e for e in root.iter(f"{{{W}}}bookmarkStart") if e.get(f"{{{W}}}name") == name)
    ident, inside, text = start.get(f"{{{W}}}id"), False, ""
    for node in root.iter(f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd", f"{{{W}}}t", f"{{{W}}}delText"):
        if node is start:
            inside = True
        elif node.tag == f"{{{W}}}bookmarkEnd" and node.get(f"{{{W}}}id") == ident:
            return text
        elif inside and node.tag != f"{{{W}}}bookmarkStart" and node.tag != f"{{{W}}}bookmarkEnd":
            text += node.text or ""
    raise AssertionError(f"bookmark {name} never ends")


def test_the_reply_rejecting_a_change_in_the_run_in_keeps_its_label_and_bookmark(ours, tmp_path):
    """Their clean copy reworded 2(c)(i); we reject it. The reply redlines the one paragraph back to
    "(c) (i) If the Company proposes …", the typed "(i)" kept and alone in 2(c)(i)'s bookmark (a REF
    to 2(c)(i) shows that bookmark's text); LibreOffice reads our words accepted, theirs rejected."""
    result = reconcile(EXAMPLE, apply(ours, REWORDED, "untracked"))
    answer = reply(result, {result.changes[0].id: "reject"}, "Company Counsel")
    assert _bookmarked(answer, _bookmark_name(NOTICE)) == "(i)"
    path = tmp_path / "reply.docx"
    path.write_bytes(answer)
    (tmp_path / "review").mkdir()
    accepted = flat(libreoffice_review(path, "accept", tmp_path / "review"))
    rejected = flat(libreoffice_review(path, "reject", tmp_path / "review"))
    assert "(c) (i) If the Company proposes to register any of its warrants" in accepted
    assert "Whenever the Company intends" not in accepted
    assert "(c) (i) Whenever the Company intends to register any of its warrants" in rejected
    assert "(ii) If a registration pursuant to this Section" in accepted


def test_the_reply_puts_back_a_deleted_run_in_as_one_paragraph_numbered_as_ours(ours, tmp_path):
    """They deleted 2(c) and the definition only it uses, untracked; we reject the switch. The reply
    inserts each back in its own place, 2(c) as "(c) (i) If …" and its next sub-section numbered
    "(ii)" by Word's list: accepted in LibreOffice, it reads as our draft word for word."""
    from .conftest import docx_texts
    from .reconcile_corpus import example_edits
    edit = next(e for e in example_edits() if e.name == "piggyback-off")
    result = reconcile(EXAMPLE, apply(ours, edit, "untracked"))
    assert [c.kind for c in result.changes] == ["switch"]
    path = tmp_path / "reply.docx"
    path.write_bytes(reply(result, {c.id: "reject" for c in result.changes}, "Company Counsel"))
    (tmp_path / "ours.docx").write_bytes(ours.data)
    (tmp_path / "review").mkdir()
    accepted = flat(libreoffice_review(path, "accept", tmp_path / "review"))
    rejected = flat(libreoffice_review(path, "reject", tmp_path / "review"))
    mine = flat(docx_texts([tmp_path / "ours.docx"], tmp_path / "lo")[tmp_path / "ours.docx"])
    assert "(c) (i) If the Company proposes" in accepted and "(ii) If a registration pursuant" in accepted
    assert accepted == mine
    assert "If the Company proposes" not in rejected and '"Public Offering"' not in rejected
