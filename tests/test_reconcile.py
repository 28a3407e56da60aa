"""`assembler reconcile` end to end: the command, its refusals (one line, exit 2, nothing
written), the version its draft came from, decisions, the proposed term sheet, and the reply read
back by LibreOffice."""
from __future__ import annotations

from difflib import SequenceMatcher

import io
import re
import json
import zipfile
from pathlib import Path

import pytest

from assembler import api
from assembler.readers import read_docx

from .conftest import EXAMPLE, docx_texts, flat, libreoffice_review, run_cli, variant, write_sheet
from .reconcile_corpus import Edit, Ours, apply, example_edits
from .wordml import CT_MACRO, package

EDITS = {e.name: e for e in example_edits()}


@pytest.fixture(scope="module")
def ours():
    return Ours(EXAMPLE)


@pytest.fixture(scope="module")
def combo(ours, tmp_path_factory):
    """A tracked draft with a switch, two facts, a wording change and a new section, by three authors."""
    edit = Edit("combo", "mixed", EDITS["filing-days"].ops + EDITS["efforts-reworded"].ops
                + EDITS["rule-144-off"].ops + EDITS["jury-waiver-added"].ops + EDITS["company-attention"].ops,
                comment="Our client needs more time.")
    path = tmp_path_factory.mktemp("combo") / "their-draft.docx"
    path.write_bytes(apply(ours, edit, "tracked"))
    return path


def _hostile(tmp_path: Path) -> dict[str, Path]:
    files = {}

    def put(name: str, data: bytes) -> None:
        files[name] = tmp_path / name
        files[name].write_bytes(data)

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 2**20))
    put("bomb.docx", bomb.getvalue())
    xxe = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           "<w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
    put("xxe.docx", package(document_xml=xxe))
    put("macros.docm", package(main_type=CT_MACRO))
    put("ole.docx", package(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)}))
    put("notes.docx", b"just some text")
    put("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    files["huge.docx"] = tmp_path / "huge.docx"
    with files["huge.docx"].open("wb") as f:
        f.truncate(50 * 2**20 + 1)
    return files


@pytest.mark.parametrize("name, words", [
    ("bomb.docx", "zip bomb"), ("xxe.docx", "DOCTYPE"), ("macros.docm", "macros"), ("ole.docx", "embedded objects"),
    ("notes.docx", "not a Word document"), ("locked.docx", "password-protected"), ("huge.docx", "over the")])
def test_a_hostile_draft_is_one_line_exit_2_and_nothing_written(tmp_path, name, words):
    draft = _hostile(tmp_path)[name]
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(draft), "--out", str(out))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr and "passwd" not in done.stdout + done.stderr
    assert not out.exists()


def test_a_draft_of_another_document_is_refused(tmp_path):
    """The charter's DOCX given as a draft of the agreement."""
    api.build(EXAMPLE, ("docx",), tmp_path / "build", only=("certificate-of-incorporation",))
    draft = tmp_path / "build" / "certificate-of-incorporation.docx"
    done = run_cli("reconcile", str(EXAMPLE), str(draft), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert re.search(r"matches [0-9]% of the Registration Rights Agreement: it is a draft of another document", done.stderr)
    assert not (tmp_path / "out").exists()


def test_our_docx_names_its_version_and_reconciles_to_nothing(tmp_path):
    api.build(EXAMPLE, ("docx",), tmp_path / "build", only=("registration-rights-agreement",))
    draft = tmp_path / "build" / "registration-rights-agreement.docx"
    from assembler.reconcile import reconcile, sheet_hash
    assert read_docx(draft).properties["custom"]["AssemblerTermSheet"] == sheet_hash(api.load_termsheet(EXAMPLE))
    same = reconcile(EXAMPLE, draft)
    assert (same.version, same.changes, same.round_trip.exact) == ("current", [], True)
    later = write_sheet(tmp_path, variant({"registration.filing_deadline_days": 60}), "later.yaml")
    moved_on = reconcile(later, draft)
    assert moved_on.version == "earlier"
    assert [(c.kind, c.fact) for c in moved_on.changes] == [("fact", ("registration.filing_deadline_days", 60, 30))]


def test_the_command_writes_the_report_the_term_sheet_and_the_matter_library(combo, tmp_path):
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(combo), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "5 change(s): 1 switch, 2 fact, 1 clause, 1 new-section" in done.stdout
    assert "round trip: exact" in done.stdout
    report = json.loads((out / "reconcile-report.json").read_text())
    assert [c["kind"] for c in report["changes"]] == ["switch", "fact", "fact", "clause", "new-section"]
    filing = report["changes"][1]
    assert filing["fact"] == {"path": "registration.filing_deadline_days", "ours": 30, "theirs": 45}
    assert filing["authors"] == ["Investor Counsel"] and filing["number"] == "2(a)"
    assert report["changes"][2]["comments"] == ["Investor Counsel: Our client needs more time."]
    assert report["round_trip"] == {"exact": True, "differences": []}
    text = (out / "reconcile-report.txt").read_text()
    assert "[-thirty (30)-] {+forty-five (45)+}" in text and "[-best-] {+commercially reasonable+}" in text
    # The term sheet: only the changed keys differ, each with a comment naming its section.
    before = EXAMPLE.read_text().splitlines()
    after = (out / "proposed-termsheet.yaml").read_text().splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert [b.split("#")[0].strip() for _, b in changed] == [
        "attention: Jane Q. Doe", "filing_deadline_days: 45", "enabled: false"]
    assert all("# reconcile: change" in b for _, b in changed)
    assert "Section 2(a) (was 30)" in changed[1][1]
    # The matter library: the wording by id, the 2(a) facts still variables, the new section after 11(m).
    overrides = (out / "matter-library" / "overrides.yaml").read_text()
    assert "rr.registration.filing: |" in overrides and "commercially reasonable efforts" in overrides
    assert "{{ registration.filing_deadline_days | count('day') }}" in overrides
    assert 'rr.miscellaneous.counterparts: |' in overrides and 'title="Waiver of Jury Trial"' in overrides


def test_building_the_proposal_gives_their_text(ours, tmp_path):
    """The loop in four commands, read by LibreOffice: their clean draft and our build of the
    proposal come out with the same words, paragraph by paragraph."""
    edit = Edit("loop", "mixed", EDITS["forum-city"].ops + EDITS["pronouns-reworded"].ops
                + EDITS["piggyback-off"].ops)
    draft = tmp_path / "their-draft.docx"
    draft.write_bytes(apply(ours, edit, "untracked"))
    out = tmp_path / "out"
    assert run_cli("reconcile", str(EXAMPLE), str(draft), "--out", str(out)).returncode == 0
    built = run_cli("build", str(out / "proposed-termsheet.yaml"), "--library", str(out / "matter-library"),
                    "--format", "docx", "--out", str(tmp_path / "accepted"))
    assert built.returncode == 0, built.stderr
    accepted = tmp_path / "accepted" / "registration-rights-agreement.docx"
    texts = docx_texts([draft, accepted], tmp_path / "lo")
    theirs, built_words = flat(texts[draft]).split(), flat(texts[accepted]).split()
    differences = [(" ".join(theirs[a1 - 3:a2 + 3]), " ".join(built_words[b1 - 3:b2 + 3]))
                   for op, a1, a2, b1, b2 in SequenceMatcher(None, theirs, built_words, autojunk=False).get_opcodes()
                   if op != "equal"]
    assert not differences
    assert "City of Buffalo" in texts[accepted] and "may reasonably require" in texts[accepted]


def test_an_unchanged_cross_reference_is_no_change_and_a_closing_sentence_stays_after_the_addresses(ours, tmp_path):
    """Our DOCX holds "Section 11(c)" together with a word joiner between its level fields: read back,
    that is no wording change. Their closing sentence of the notices, after the addresses, reworded:
    the override keeps it after them and its reference a <ref> to the section."""
    edit = Edit("closing", "clause", [("replace", "rr.miscellaneous.notices", "may change the foregoing address",
                                       "may change its address")])
    draft = tmp_path / "their-draft.docx"
    draft.write_bytes(apply(ours, edit, "untracked"))
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(draft), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 change(s): 1 clause" in done.stdout and "round trip: exact" in done.stdout
    overrides = (out / "matter-library" / "overrides.yaml").read_text(encoding="utf-8")
    assert list(re.findall(r"^    (rr\.[\w.]+): \|", overrides, re.M)) == ["rr.miscellaneous.notices"]
    assert 'may change its address by notice given pursuant to this <ref to="rr.miscellaneous.notices"/>.' \
        in overrides and "\u2060" not in overrides
    built = run_cli("build", str(out / "proposed-termsheet.yaml"), "--library", str(out / "matter-library"),
                    "--format", "txt", "--out", str(tmp_path / "accepted"))
    assert built.returncode == 0, built.stderr
    text = " ".join((tmp_path / "accepted" / "registration-rights-agreement.txt").read_text(encoding="utf-8").split())
    assert text.index("if to the Company, to:") < text.index("if to any other Investor") \
        < text.index("may change its address by notice given pursuant to this Section 11(c).") \
        < text.index("Failure of any party")


def test_accept_and_reject_choose_what_the_proposal_carries(combo, tmp_path):
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(combo), "--out", str(out), "--accept", "2", "--accept", "5")
    assert done.returncode == 0, done.stderr
    sheet = (out / "proposed-termsheet.yaml").read_text()
    assert "filing_deadline_days: 45" in sheet and "Jane Q. Doe" not in sheet and "enabled: false" not in sheet
    overrides = (out / "matter-library" / "overrides.yaml").read_text()
    assert "matter.new_1" in overrides and "rr.registration.filing" not in overrides
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("1: accept\n9: reject\n")
    wrong = run_cli("reconcile", str(EXAMPLE), str(combo), "--out", str(tmp_path / "x"), "--decisions", str(decisions))
    assert wrong.returncode == 2 and "change '9'" in wrong.stderr and not (tmp_path / "x").exists()


def test_the_reply_carries_our_rejections_as_tracked_changes(combo, tmp_path):
    """Reject the filing days (2) and the wording (4), accept the rest: LibreOffice accepting every
    change of the reply reads our words back; rejecting them, their proposal."""
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(combo), "--out", str(out), "--reject", "2,4", "--reply",
                   "--author", "Company Counsel")
    assert done.returncode == 0, done.stderr
    reply = read_docx(out / "reply.docx")
    assert reply.authors == ["Company Counsel"]
    (tmp_path / "review").mkdir()
    accepted = flat(libreoffice_review(out / "reply.docx", "accept", tmp_path / "review"))
    rejected = flat(libreoffice_review(out / "reply.docx", "reject", tmp_path / "review"))
    assert "not later than thirty (30) days" in accepted and "shall use its best efforts" in accepted
    assert "not later than forty-five (45) days" in rejected and "commercially reasonable efforts" in rejected
    for both in (accepted, rejected):  # their accepted changes are plain text in the reply
        assert "Jane Q. Doe" in both and "Waiver of Jury Trial" in both and "With a view to making" not in both


def test_the_html_report_reads_in_chromium(combo, tmp_path):
    """The report in a real browser: each change a section with its redline marked as <del>/<ins>,
    its author and its comment; a screenshot is kept beside it for a person to look at."""
    from selenium.webdriver.common.by import By

    from .web.browser import chromium

    out = tmp_path / "out"
    assert run_cli("reconcile", str(EXAMPLE), str(combo), "--out", str(out)).returncode == 0
    with chromium(tmp_path / "downloads") as driver:
        driver.get((out / "reconcile-report.html").as_uri())
        changes = driver.find_elements(By.CSS_SELECTOR, "section.change")
        assert [c.find_element(By.TAG_NAME, "h2").text for c in changes] == [
            "[1] switch: Section 7 (rr.rule_144)", "[2] fact: Section 2(a) (rr.registration.filing)",
            "[3] fact: Section 11(c)(i) (rr.miscellaneous.notices.company)",
            "[4] clause text: Section 2(a) (rr.registration.filing)", "[5] new section: Section (n) (matter.new_1)"]
        fact = changes[1]
        assert [e.text for e in fact.find_elements(By.TAG_NAME, "del")] == ["thirty (30)"]
        assert [e.text for e in fact.find_elements(By.TAG_NAME, "ins")] == ["forty-five (45)"]
        assert fact.find_element(By.CSS_SELECTOR, ".who").text.startswith("Investor Counsel")
        assert changes[2].find_element(By.CSS_SELECTOR, ".comments").text == \
            "Investor Counsel: Our client needs more time."
        driver.set_window_size(1100, 1400)
        driver.save_screenshot(str(tmp_path / "reconcile-report.png"))
    assert (tmp_path / "reconcile-report.png").stat().st_size > 10_000


def test_a_tracked_draft_of_an_earlier_version_is_told_from_our_own_changes_since(ours, tmp_path):
    """Their draft came from the term sheet before we moved the filing deadline to 60 days; they
    reworded 11(j) only. Reconciled against our current term sheet, the deadline is not theirs to
    change back: only the wording is a change, and the proposal keeps our 60 days."""
    api.build(EXAMPLE, ("docx",), tmp_path / "v1", only=("registration-rights-agreement",))
    stamped = Ours(EXAMPLE)
    stamped.data = (tmp_path / "v1" / "registration-rights-agreement.docx").read_bytes()
    draft = tmp_path / "their-draft.docx"
    draft.write_bytes(apply(stamped, EDITS["pronouns-reworded"], "tracked"))
    later = write_sheet(tmp_path, variant({"registration.filing_deadline_days": 60}), "later.yaml")
    from assembler.reconcile import reconcile
    result = reconcile(later, draft)
    assert result.version == "earlier" and result.drift == ["2(a)"]
    assert [(c.kind, c.section) for c in result.changes] == [("clause", "rr.miscellaneous.pronouns")]
    assert result.round_trip.exact
    assert "not later than sixty (60) days" in " ".join(u.text() for u in result.their_units)


def test_the_reply_to_a_clean_copy_redlines_our_rejection_word_by_word(ours, tmp_path):
    edit = Edit("clean", "mixed", EDITS["filing-days"].ops + EDITS["pronouns-reworded"].ops)
    draft = tmp_path / "their-clean-copy.docx"
    draft.write_bytes(apply(ours, edit, "untracked"))
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(draft), "--out", str(out), "--accept", "1", "--reject", "2",
                   "--reply", "--author", "Company Counsel")
    assert done.returncode == 0, done.stderr
    reply = read_docx(out / "reply.docx")
    assert reply.authors == ["Company Counsel"]
    assert [(c.kind, c.text) for c in reply.changes if c.kind != "format"] == [("insert", " may require")] or \
        {c.text.strip() for c in reply.changes if c.kind == "delete"} == {"reasonably"}
    (tmp_path / "review").mkdir()
    accepted = flat(libreoffice_review(out / "reply.docx", "accept", tmp_path / "review"))
    rejected = flat(libreoffice_review(out / "reply.docx", "reject", tmp_path / "review"))
    assert "as the context may require" in accepted and "forty-five (45) days" in accepted
    assert "as the context may reasonably require" in rejected and "forty-five (45) days" in rejected


def test_the_charter_with_its_typed_articles_reconciles(tmp_path):
    """The certificate of incorporation ("FIRST:" typed, not list-numbered): unchanged, nothing to
    explain; its registered agent renamed, the fact."""
    name = "certificate-of-incorporation"
    data = api.render(api.assemble(api.load_termsheet(EXAMPLE), name), "docx")
    from assembler.reconcile import reconcile
    same = reconcile(EXAMPLE, data, document=name)
    assert (same.changes, same.round_trip.exact) == ([], True)
    parts = {n: zipfile.ZipFile(io.BytesIO(data)).read(n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"Corporation Service Company",
                                                                    b"Registered Agents Legal Services")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, blob in parts.items():
            archive.writestr(member, blob)
    changed = reconcile(EXAMPLE, buffer.getvalue(), document=name)
    assert [(c.kind, c.fact) for c in changed.changes] == [
        ("fact", ("charter.registered_office.agent", "Corporation Service Company", "Registered Agents Legal Services"))]
    assert changed.changes[0].number == "SECOND" and changed.round_trip.exact


def test_our_docx_resaved_by_libreoffice_has_nothing_to_explain(tmp_path):
    """A trip through LibreOffice (its own styles, fields, bookmarks and properties written back)
    is no change: the version is still named and the round trip exact."""
    from .conftest import _libreoffice

    api.build(EXAMPLE, ("docx",), tmp_path / "build", only=("registration-rights-agreement",))
    source = tmp_path / "build" / "registration-rights-agreement.docx"
    resaved = _libreoffice([source], tmp_path / "lo", "docx:MS Word 2007 XML", "docx")[source]
    assert resaved.read_bytes() != source.read_bytes()
    from assembler.reconcile import reconcile
    result = reconcile(EXAMPLE, resaved)
    assert (result.version, result.changes, result.round_trip.exact) == ("current", [], True)


def test_findings_on_their_draft_name_what_it_left_undefined_or_unused(ours):
    """2(c) deleted alone leaves "Public Offering" defined for nothing (and is no switch, which would
    take the definition too); a new capitalised term is used but nowhere defined."""
    from assembler.reconcile import reconcile

    alone = reconcile(EXAMPLE, apply(ours, Edit("pig", "delete", [("delete", "rr.registration.piggyback")]),
                                     "tracked"))
    assert [(c.kind, c.section) for c in alone.changes] == [("deleted-section", "rr.registration.piggyback")]
    assert [(f.rule, f.section) for f in alone.findings] == [("unused-definition", "Section 1(a)(viii)")]
    assert '"Public Offering"' in alone.findings[0].message
    term = reconcile(EXAMPLE, apply(ours, Edit("term", "clause", [
        ("replace", "rr.definitions.terms.investor", "any transferee or assignee", "any Permitted Transferee")]),
        "untracked"))
    assert [(f.rule, f.section) for f in term.findings] == [("undefined-term", "Section 1(a)(v)")]
    assert '"Permitted Transferee"' in term.findings[0].message
    assert alone.round_trip.exact and term.round_trip.exact


@pytest.mark.parametrize("form", ["tracked", "untracked"])
def test_a_reply_rejecting_everything_reads_as_our_draft_once_accepted(ours, tmp_path, form):
    """Every change rejected (a switch, facts, a wording change, a deleted and a new section): the
    reply, with all our tracked changes accepted in LibreOffice, is our own draft word for word; with
    them rejected, it has their words."""
    names = ["filing-days", "efforts-reworded", "company-attention", "pronouns-deleted", "jury-waiver-added",
             "rule-144-off"]
    draft = tmp_path / "their-draft.docx"
    draft.write_bytes(apply(ours, Edit("all", "mixed", [op for n in names for op in EDITS[n].ops]), form))
    from assembler.reconcile import reconcile
    from assembler.reconcile.reply import reply
    result = reconcile(EXAMPLE, draft)
    assert sorted(c.kind for c in result.changes) == ["clause", "deleted-section", "fact", "fact", "new-section",
                                                       "switch"]
    answer = tmp_path / "reply.docx"
    answer.write_bytes(reply(result, {c.id: "reject" for c in result.changes}, "Company Counsel"))
    (tmp_path / "ours.docx").write_bytes(ours.data)
    (tmp_path / "review").mkdir()
    accepted = flat(libreoffice_review(answer, "accept", tmp_path / "review"))
    rejected = flat(libreoffice_review(answer, "reject", tmp_path / "review"))
    assert accepted == flat(docx_texts([tmp_path / "ours.docx"], tmp_path / "lo")[tmp_path / "ours.docx"])
    for theirs in ("forty-five (45) days", "commercially reasonable efforts", "Jane Q. Doe", "Waiver of Jury Trial"):
        assert theirs in rejected and theirs not in accepted
    assert "With a view to making available" not in rejected and "may require" not in rejected


def test_their_wording_of_the_firms_sections_comes_back_over_the_firms_library(tmp_path):
    """Our draft made with a firm's library that adds a section and rewords one of ours. Their new
    wording of both is read back as the matter's clause text, and the matter's layer, given first,
    has the last word over the firm's: the rebuild is exact and the build gives their words."""
    firm = tmp_path / "firm"
    firm.mkdir()
    (firm / "overrides.yaml").write_text(
        "registration-rights-agreement:\n"
        "  replace:\n    rr.miscellaneous.headings: <p>The firm's headings are for reference only.</p>\n"
        "  insert_after:\n    rr.miscellaneous.counterparts: |\n"
        '      <section id="firm.jury_waiver" title="Waiver of Jury Trial"><p>Each party waives trial by jury.'
        "</p></section>\n", encoding="utf-8")
    built = run_cli("build", str(EXAMPLE), "--library", str(firm), "--format", "docx", "--document",
                    "registration-rights-agreement", "--out", str(tmp_path / "ours"))
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(tmp_path / "ours" / "registration-rights-agreement.docx") as ours:
        parts = {name: ours.read(name) for name in ours.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    for old, new in (("Each party waives trial by jury.", "Each party knowingly waives trial by jury."),
                     ("are for reference only.", "bind no one.")):
        assert body.count(old) == 1, old
        body = body.replace(old, new)
    parts["word/document.xml"] = body.encode("utf-8")
    draft = tmp_path / "their-draft.docx"
    with zipfile.ZipFile(draft, "w", zipfile.ZIP_DEFLATED) as theirs:
        for name, data in parts.items():
            theirs.writestr(name, data)
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(draft), "--library", str(firm), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 change(s): 2 clause" in done.stdout and "round trip: exact" in done.stdout
    overrides = (out / "matter-library" / "overrides.yaml").read_text(encoding="utf-8")
    assert "firm.jury_waiver: |" in overrides and "rr.miscellaneous.headings: |" in overrides
    built = run_cli("build", str(out / "proposed-termsheet.yaml"), "--library", str(out / "matter-library"),
                    "--library", str(firm), "--format", "txt", "--out", str(tmp_path / "accepted"))
    assert built.returncode == 0, built.stderr
    text = " ".join((tmp_path / "accepted" / "registration-rights-agreement.txt").read_text(encoding="utf-8").split())
    assert "WAIVER OF JURY TRIAL. Each party knowingly waives trial by jury." in text
    assert "The firm's headings bind no one." in text and "for reference only" not in text


def test_the_reply_redlines_only_the_words_they_changed_and_keeps_their_no_break_spaces(ours, tmp_path):
    """Their clean copy drops one word of 2(c)(i), whose "Rule 145" our DOCX holds with a no-break
    space. Rejected, the reply inserts that one word back and writes the rest as they have it."""
    edit = Edit("prompt", "clause", [("replace", "rr.registration.piggyback.notice", "give prompt written notice",
                                      "give written notice")])
    draft = tmp_path / "their-clean-copy.docx"
    draft.write_bytes(apply(ours, edit, "untracked"))
    assert "Rule\u00a0145" in zipfile.ZipFile(draft).read("word/document.xml").decode("utf-8")
    out = tmp_path / "out"
    done = run_cli("reconcile", str(EXAMPLE), str(draft), "--out", str(out), "--reject", "1", "--reply",
                   "--author", "Company Counsel")
    assert done.returncode == 0, done.stderr
    assert "1 change(s): 1 clause" in done.stdout
    reply = read_docx(out / "reply.docx")
    assert [(c.kind, c.text) for c in reply.changes if c.kind != "format"] == [("insert", " prompt")]
    body = zipfile.ZipFile(out / "reply.docx").read("word/document.xml").decode("utf-8")
    assert "Rule\u00a0145" in body and "Rule 145" not in body
