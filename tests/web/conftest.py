"""The workbench's tests: a store on SQLite, and on PostgreSQL when CI gives one."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _postgres_url() -> str | None:
    """The PostgreSQL the storage tests also run against: the one ASSEMBLER_TEST_DATABASE_URL names,
    else Debian's, started on localhost by scripts/test-postgres where it is installed and we may
    start it (as root, as CI and a fresh machine run the suite). So README's one test command runs
    them on both databases."""
    given = os.environ.get("ASSEMBLER_TEST_DATABASE_URL")
    if given or not Path("/usr/lib/postgresql").is_dir() or os.geteuid() != 0:
        return given
    started = subprocess.run([str(ROOT / "scripts" / "test-postgres")], capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        raise RuntimeError(f"scripts/test-postgres failed: {started.stderr.strip()}")
    return started.stdout.strip()


PG_URL = _postgres_url()


def _fresh_postgres(url: str) -> str:
    """Empty the test database, so each test starts from no tables at all (migrations included)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


# PostgreSQL runs whenever there is one (named, or started above, as in CI), and is then never
# skipped; without it only SQLite runs, and the run's header says why.
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(params=DATABASES)
def store_url(request, tmp_path):
    if request.param == "postgresql":
        return _fresh_postgres(PG_URL)
    return f"sqlite:///{tmp_path / 'assembler.db'}"


def pytest_report_header(config):
    return ("workbench storage: SQLite and PostgreSQL" if PG_URL else
            "workbench storage: SQLite only (set ASSEMBLER_TEST_DATABASE_URL, or run as root with Debian's "
            "postgresql installed, for PostgreSQL too)")
