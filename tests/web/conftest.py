"""The workbench's tests: a store on SQLite, and on PostgreSQL when CI gives one."""
from __future__ import annotations

import os

import pytest

PG_URL = os.environ.get("ASSEMBLER_TEST_DATABASE_URL")


def _fresh_postgres(url: str) -> str:
    """Empty the test database, so each test starts from no tables at all (migrations included)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


# PostgreSQL runs whenever the URL is set (CI sets it: .ci/run starts the server), and is then never
# skipped; without it only SQLite runs, and the run says why.
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(params=DATABASES)
def store_url(request, tmp_path):
    if request.param == "postgresql":
        return _fresh_postgres(PG_URL)
    return f"sqlite:///{tmp_path / 'assembler.db'}"


def pytest_report_header(config):
    return ("workbench storage: SQLite and PostgreSQL" if PG_URL else
            "workbench storage: SQLite only (set ASSEMBLER_TEST_DATABASE_URL, as .ci/run does, for PostgreSQL)")
