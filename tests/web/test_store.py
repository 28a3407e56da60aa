"""The store: matters, versions, the audit log, and Alembic's migrations, on each database."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine, inspect

from assembler.store import Store

YAML_1 = "company:\n  name: First\n"
YAML_2 = "company:\n  name: Second\n"


def test_migrations_make_the_tables_and_record_their_revision(store_url):
    store = Store(store_url)
    store.close()
    engine = create_engine(store_url)
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        revisions = set(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    engine.dispose()
    assert {"matters", "versions", "audit", "alembic_version", "matter_events", "previews", "drafts",
            "secrets"} <= tables
    # The heads: each migration no other follows (0002; 0005 after 0003; any other branch's).
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from assembler.store import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert {"0002_drafts_and_secret", "0004_sign_in_attempts", "0005_matter_library"} <= revisions
    assert revisions == set(ScriptDirectory.from_config(config).get_heads())
    assert "sign_in_attempts" in tables and "matter_library_files" in tables
    Store(store_url).close()  # opening again finds the schema current and changes nothing


def test_every_save_is_a_new_version_with_its_author(store_url):
    store = Store(store_url)
    matter = store.create_matter("Deal & Co <1>", YAML_1, "alice")
    assert store.save(matter, YAML_2, "bob") == 2
    assert store.save(matter, YAML_1, "alice") == 3
    versions = store.versions(matter)
    assert [(v.number, v.author, v.termsheet) for v in versions] == [
        (1, "alice", YAML_1), (2, "bob", YAML_2), (3, "alice", YAML_1)]
    assert all(v.created_at is not None for v in versions)
    assert store.version(matter).number == 3
    assert store.version(matter, 2).termsheet == YAML_2
    assert store.version(matter, 9) is None
    listed = store.matters()
    assert [(m.id, m.name, m.versions) for m in listed] == [(matter, "Deal & Co <1>", 3)]
    other = store.create_matter("Other", YAML_2, "carol")
    assert store.save(other, YAML_1, "carol") == 2  # numbered per matter
    store.close()


def test_the_audit_log_keeps_each_document_by_its_sha256(store_url):
    store = Store(store_url)
    matter = store.create_matter("Deal", YAML_1, "alice")
    data = b"%PDF-1.7 not really"
    digest = store.log(matter, 1, "registration-rights-agreement.pdf", data, "alice")
    assert digest == hashlib.sha256(data).hexdigest()
    entry, = store.audit(matter)
    assert (entry.filename, entry.sha256, entry.size, entry.version, entry.author) == (
        "registration-rights-agreement.pdf", digest, len(data), 1, "alice")
    store.close()


def test_the_versions_survive_reopening(store_url):
    store = Store(store_url)
    matter = store.create_matter("Deal", YAML_1, "alice")
    store.close()
    again = Store(store_url)
    assert again.version(matter).termsheet == YAML_1
    again.close()


def test_the_migrations_make_exactly_the_models_tables(store_url):
    """A model changed without a migration (or the other way round) shows up here as a difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from assembler.store.models import Base

    Store(store_url).close()
    engine = create_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_matters_life_is_recorded_and_nothing_is_deleted(store_url):
    store = Store(store_url)
    first = store.create_matter("Auxer", YAML_1, "alice")
    store.log(first, 1, "agreement.pdf", b"%PDF", "alice")
    store.retitle(first, "Auxer 2001", "bob")
    copy = store.copy(first, "Auxer 2002", "bob")
    store.archive(first, True, "carol")
    assert [m.name for m in store.matters()] == ["Auxer 2002"]
    assert [m.name for m in store.matters(archived=True)] == ["Auxer 2001"]
    assert store.matter(first).archived and store.matter(copy).copied_from == first
    assert [e.what for e in store.events(first)] == ["Renamed from \u201cAuxer\u201d to \u201cAuxer 2001\u201d",
                                                     f"Copied as the start of matter {copy}", "Archived"]
    assert [a.filename for a in store.audit(first)] == ["agreement.pdf"]  # the trail stays
    assert store.version(copy).termsheet == YAML_1
    assert [m.name for m in store.matters(search="SECOND")] == []
    store.save(copy, YAML_2, "bob")
    assert [m.name for m in store.matters(search="SECOND")] == ["Auxer 2002"]
    store.close()


def test_saves_from_several_threads_each_get_their_own_number(store_url):
    from concurrent.futures import ThreadPoolExecutor

    store = Store(store_url)
    matter = store.create_matter("Busy", YAML_1, "alice")
    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda i: store.save(matter, f"company:\n  name: N{i}\n", f"user{i}"), range(40)))
    assert sorted(numbers) == list(range(2, 42))
    assert len(store.versions(matter)) == 41
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_a_save_from_an_older_version_is_refused_and_nothing_is_saved(store_url):
    from assembler.store import Conflict

    store = Store(store_url)
    matter = store.create_matter("A", YAML_1, "pat")
    assert store.save(matter, YAML_2, "pat", based_on=1) == 2
    with pytest.raises(Conflict) as refused:
        store.save(matter, YAML_1, "sam", based_on=1)
    assert refused.value.latest == 2
    assert [v.number for v in store.versions(matter)] == [1, 2]
    assert store.save(matter, YAML_1, "sam", based_on=2) == 3
    store.close()


def test_drafts_are_kept_per_matter_and_owner_and_the_secret_never_changes(store_url):
    store = Store(store_url)
    matter = store.create_matter("A", YAML_1, "pat")
    store.keep_draft(matter, "tab-a", 1, "typed: 1\n")
    store.keep_draft(matter, "tab-a", 1, "typed: 2\n")  # replaced, not added
    store.keep_draft(matter, "tab-b", 1, "other: 1\n")
    assert store.draft(matter, "tab-a").termsheet == "typed: 2\n"
    assert store.draft(matter, "tab-b").termsheet == "other: 1\n"
    store.drop_draft(matter, "tab-a")
    assert store.draft(matter, "tab-a") is None and store.draft(matter, "tab-b") is not None
    secret = store.secret()
    store.close()
    again = Store(store_url)  # another process, or a restart: the same secret
    assert again.secret() == secret and len(secret) >= 40
    assert again.draft(matter, "tab-b").termsheet == "other: 1\n"
    again.close()
