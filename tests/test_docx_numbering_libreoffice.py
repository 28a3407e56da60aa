"""The DOCX writer's list numbers as LibreOffice reads them (its own list counting, not ours): a
sub-section run into its parent's line and the siblings after it, typed articles (a charter's
"FIRST:") each numbering their sub-sections from (a), and dotted numbers with the references to
them. The trees are the in-process tests' (test_docx_writer_inprocess.py); the lines are typed here
by hand."""
from __future__ import annotations

from assembler.writers import docx

from .conftest import docx_texts
from .test_docx_writer_inprocess import deep_dotted, doc, dotted, joined, typed_charter


def test_list_numbers_as_libreoffice_reads_them(tmp_path):
    files = {
        "joined": doc(*joined()),
        "centered": doc(*typed_charter(), numbering=("ordinal-word", "lower-letter"), article_style="centered"),
        "run-in": doc(*typed_charter(), numbering=("ordinal-word", "lower-letter"), article_style="run-in"),
        "dotted": doc(dotted("decimal-dotted", "1"), numbering=("decimal", "decimal-dotted", "lower-letter")),
        "deep": doc(deep_dotted(), numbering=("decimal", "decimal-dotted", "decimal-dotted", "lower-letter")),
        "worded": doc(dotted("section-zero-dotted", "01"), numbering=("decimal", "section-zero-dotted", "lower-letter")),
    }
    paths = []
    for name, tree in files.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(docx.render(tree))
        paths.append(path)
    read = {path.stem: [line.strip().replace("\u2060", "").replace("\u00a0", " ") for line in text.splitlines()
                        if line.strip()]
            for path, text in docx_texts(paths, tmp_path / "lo").items()}
    assert read["joined"] == [
        "1. Terms", "Words.", "(a) (i) If x.", "More of (i).", "(ii) Then Section 1(a)(i) and (i).", "(iii) Third.",
        "After (a).", "(b) (i) Only.", "(ii) Two.", "(iii) Three.", "2. Other", "Next.", "(a) Sub."]
    assert read["centered"] == ["FIRST:", "(a) Common.", "(b) Preferred.", "SECOND:", "Intro.", "THIRD:", "Intro.",
                                "(a) Alpha.", "(b) Beta."]
    assert read["run-in"] == ["FIRST: (a) Common.", "(b) Preferred.", "SECOND: Intro.", "THIRD: Intro.", "(a) Alpha.",
                              "(b) Beta."]
    assert read["dotted"] == ["1. Art", "1.1 Sub.", "(a) Deep.",
                              "1.2 See Section 1.1(a), Section 1.1, 1.1(a), 1.1 and (a)."]
    assert read["deep"] == ["1. Art", "1.1 Sub.", "1.1.1 Deep.", "(a) Deepest.",
                            "1.2 See Section 1.1.1(a), 1.1.1 and 1.1.1."]
    assert read["worded"] == ["1. Art", "Section 1.01 Sub.", "(a) Deep.",
                              "Section 1.02 See Section 1.01(a), Section 1.01, 1.01(a), 1.01 and (a)."]
