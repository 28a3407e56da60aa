"""`assembler serve` on an install without the web extra: one line naming the extra, exit 2."""
from __future__ import annotations

import subprocess
import sys

import pytest

# Runs the CLI in a fresh interpreter in which the web extra's packages cannot be imported.
WITHOUT = """
import sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == {package!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Blocked())
sys.argv = ["assembler", "serve", "--workspace", {workspace!r}]
from assembler.cli import main
main()
"""


@pytest.mark.parametrize("package", ["starlette", "uvicorn", "sqlalchemy"])
def test_serve_without_the_web_extra_names_it_and_exits_2(tmp_path, package):
    done = subprocess.run([sys.executable, "-c", WITHOUT.format(package=package, workspace=str(tmp_path))],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines == [f"assembler serve needs the web extra ({package} is not installed): "
                     "pip install 'assembler[web]'"]
    assert "Traceback" not in done.stderr and "bug" not in done.stderr
