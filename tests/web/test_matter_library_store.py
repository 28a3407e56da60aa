"""A matter's own library in the store (migration 0005), on SQLite and PostgreSQL: kept with the
version that changed it, read back as any later version has it, never mixed with another matter's."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect

from assembler.store import Store


def test_a_layer_is_kept_by_version_and_read_back_as_each_version_has_it(store_url):
    store = Store(store_url)
    try:
        assert "matter_library_files" in inspect(store.engine).get_table_names()
        one = store.create_matter("Alpha", "a: 1\n", "amy")
        two = store.create_matter("Beta", "b: 1\n", "bob")
        assert store.library(one) == {} and store.library_version(one) is None
        store.save(one, "a: 2\n", "amy")                                  # version 2: no layer yet
        layer = {"overrides.yaml": b"rra:\n  replace: {x: 'forty-five'}\n", "rr.x.xml.j2": "\u00a7 caf\u00e9".encode()}
        assert store.save(one, "a: 3\n", "amy", library=layer, why="their draft") == 3
        store.save(one, "a: 4\n", "amy")                                  # version 4 inherits version 3's
        assert store.library(one, 2) == {} and store.library(one, 3) == layer and store.library(one, 4) == layer
        assert store.library(one) == layer and store.library_version(one, 4) == 3
        assert store.library(two) == {}                                    # the other matter has none
        newer = {"overrides.yaml": b"rra:\n  delete: [y]\n"}
        store.save(one, "a: 5\n", "amy", library=newer)
        assert store.library(one) == newer and store.library(one, 4) == layer   # nothing replaced
        events = [e.what for e in store.events(one)]
        assert "Version 3: the matter's library is now overrides.yaml, rr.x.xml.j2 (their draft)" in events
        copied = store.copy(one, "Alpha copy", "amy")
        assert store.library(copied) == newer and store.versions(copied)[0].number == 1
    finally:
        store.close()


def test_a_new_matter_may_start_with_a_layer_and_a_bad_path_saves_nothing(store_url):
    store = Store(store_url)
    try:
        matter = store.create_matter("NDA", "nda: {}\n", "amy", library={"assemblies/nda.yaml": b"title: NDA\n"})
        assert store.library(matter, 1) == {"assemblies/nda.yaml": b"title: NDA\n"}
        for bad in ("../escape.xml.j2", "/etc/passwd", "a//b", "c:/x", ""):
            with pytest.raises(ValueError):
                store.save(matter, "nda: {x: 1}\n", "amy", library={bad: b"x"})
        assert [v.number for v in store.versions(matter)] == [1]          # the version went with it
    finally:
        store.close()
