"""The command line, and the package as a plain `pip install .` ships it."""
from __future__ import annotations

import subprocess
import sys
import zipfile

from .conftest import EXAMPLE, ROOT, run_cli


def test_build_writes_each_format_asked_for_and_lists_blanks(tmp_path):
    done = run_cli("build", str(EXAMPLE), "--format", "docx,txt", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([f"{stem}.{ext}" for ext in ("docx", "txt") for stem in (
        "registration-rights-agreement", "certificate-of-incorporation",
        "certificate-of-amendment-1-1997-08-28", "certificate-of-amendment-2-1999-03-19")] + ["manifest.json"])
    assert "blanks still open (8)" in done.stdout
    assert "investor.name  (preamble)" in done.stdout


def test_formats_given_one_by_one_are_all_built_and_a_wrong_one_builds_nothing(tmp_path):
    """"-f txt -f docx" is "-f txt,docx" (a plain option would keep the last alone, without a word)."""
    out = tmp_path / "out"
    done = run_cli("build", str(EXAMPLE), "-f", "txt", "--format", "docx", "-d", "registration-rights-agreement",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json", "registration-rights-agreement.docx", "registration-rights-agreement.txt"]
    wrong = run_cli("build", str(EXAMPLE), "-f", "txt", "-f", "rtf", "--out", str(tmp_path / "wrong"))
    assert wrong.returncode == 2 and "unknown format 'rtf'; accepted: docx, pdf, txt, html" in wrong.stderr
    assert not (tmp_path / "wrong").exists() and "Traceback" not in wrong.stderr


def test_default_is_all_three_formats_into_output(tmp_path):
    done = run_cli("build", str(EXAMPLE), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    suffixes = [p.suffix for p in (tmp_path / "output").iterdir() if p.name != "manifest.json"]
    assert sorted(set(suffixes)) == [".docx", ".pdf", ".txt"] and len(suffixes) == 12


def test_existing_output_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", str(EXAMPLE), "--format", "txt", "--out", str(out)).returncode == 0
    target = out / "registration-rights-agreement.txt"
    target.write_text("a lawyer's edits")
    done = run_cli("build", str(EXAMPLE), "--format", "txt", "--out", str(out))
    assert done.returncode == 2
    assert "already exists" in done.stderr and "--force" in done.stderr
    assert target.read_text() == "a lawyer's edits"
    assert run_cli("build", str(EXAMPLE), "--format", "txt", "--out", str(out), "--force").returncode == 0
    assert "REGISTRATION RIGHTS AGREEMENT" in target.read_text()


def test_unknown_format_and_missing_file_exit_2(tmp_path):
    done = run_cli("build", str(EXAMPLE), "--format", "odt", "--out", str(tmp_path))
    assert done.returncode == 2 and "odt" in done.stderr
    done = run_cli("build", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2 and "nope.yaml: file not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_wheel_ships_clauses_and_templates(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("assembler-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ["assembler/clauses/registration_rights/preamble.xml.j2",
                   "assembler/clauses/registration_rights/signature_page.xml.j2",
                   "assembler/templates/registration-rights-agreement.yaml",
                   "assembler/templates/house-style.docx", "assembler/templates/print.css",
                   "assembler/cli.py", "assembler/writers/exhibit.py",
                   # The PDF's faces and their licences (writers/pdf.py loads nothing else).
                   "assembler/fonts/LiberationSerif-Regular.ttf", "assembler/fonts/LiberationSerif-Bold.ttf",
                   "assembler/fonts/LiberationSerif-Italic.ttf", "assembler/fonts/LiberationSerif-BoldItalic.ttf",
                   "assembler/fonts/NotoNaskhArabic-Regular.ttf", "assembler/fonts/DroidSansFallback-CJK.ttf",
                   "assembler/fonts/Symbola-Symbols.ttf", "assembler/fonts/coverage.txt",
                   "assembler/fonts/OFL.txt", "assembler/fonts/Apache-2.0.txt", "assembler/fonts/LICENSES.md"]:
        assert needed in names, needed
    assert wheel.stat().st_size < 8_000_000  # fonts included, no 20 MB CJK face
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "assembler = assembler.cli:main" in entry
