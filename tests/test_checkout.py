"""The suite runs the code of this checkout: README's test command installs it editable, CI runs
that very command, and tests/conftest.py stops a session that imports another copy."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("Run the whole test suite"):]
    return re.search(r"```sh\n(.*?)\n```", section, re.S).group(1).strip()


def test_readme_installs_the_checkout_editable_and_ci_runs_that_command():
    command = readme_test_command()
    assert "pip install -q -e '.[test]'" in command and command.endswith("python -m pytest")
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
    assert command in ci, f".ci/run does not run README's test command ({command})"


def test_the_suite_imports_this_checkout():
    import assembler

    assert Path(assembler.__file__).resolve().parent == ROOT / "src" / "assembler"


def test_a_session_that_imports_an_older_copy_stops_at_once(tmp_path):
    """An older copy of the package ahead of the checkout (as a plain install left in the virtualenv
    would be): the session stops before any test, naming the copy and the fix."""
    old = tmp_path / "site" / "assembler"
    shutil.copytree(ROOT / "src" / "assembler", old, ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          f"{Path(__file__).name}::test_the_suite_imports_this_checkout"],
                         cwd=ROOT / "tests", capture_output=True, text=True, timeout=300,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "site")})
    assert run.returncode != 0
    assert f"imported assembler from {old}, not from this checkout ({ROOT / 'src' / 'assembler'})" in run.stderr
    assert "pip install -e '.[test]'" in run.stderr and "passed" not in run.stdout
