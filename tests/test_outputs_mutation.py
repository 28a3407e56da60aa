"""The write step in process, for what mutation testing showed no test held: each refusal's exact
line, what the journal says at each moment of a write, and exactly what recovery leaves of a folder
in each state a killed write can leave it in (crafted here by hand: staged files, a journal, the
targets half renamed).

The refusal tests run in a scratch folder (``monkeypatch.chdir``) with relative paths, so each
expected line is typed out whole."""
from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from assembler import outputs
from assembler.errors import OutputError

STAGING = ".assembler-staging"
JOURNAL = ".assembler-journal.json"


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file and folder below ``folder`` (hidden ones too), by its relative path."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


def _refused(files: dict, **kwargs) -> str:
    with pytest.raises(OutputError) as caught:
        outputs.write_files(files, **kwargs)
    return caught.value.one_line()


# --- refusals before anything is written ----------------------------------------------------------

def test_an_output_folder_that_is_a_file_is_refused_with_what_to_give(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out").write_bytes(b"a file")
    assert _refused({Path("out/a.txt"): b"x"}, root="out") == \
        "out: is a file, not a folder (give --out a folder; it is made if it does not exist)"
    assert _tree(tmp_path) == {"out": b"a file"}


def test_a_parent_of_the_output_folder_that_is_a_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("base").write_bytes(b"a file")
    assert _refused({Path("base/out/a.txt"): b"x"}, root="base/out") == \
        "base: is a file, where assembler must make a folder (give --out a folder whose parents are folders)"
    assert _tree(tmp_path) == {"base": b"a file"}


def test_a_folder_inside_the_output_that_is_a_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    Path("out/sub").write_bytes(b"a file")
    files = {Path("out/a.txt"): b"a", Path("out/sub/c.txt"): b"c"}
    assert _refused(files, root="out") == \
        "out/sub: is a file, where assembler must make a folder (move or rename it, or give another --out)"
    assert _tree(tmp_path) == {"out": b"<dir>", "out/sub": b"a file"}  # not even a.txt


def test_a_target_that_is_a_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out/a.txt").mkdir(parents=True)
    assert _refused({Path("out/a.txt"): b"x"}, root="out", force=True) == \
        "out/a.txt: is a folder, so an output of that name cannot be written " \
        "(move or rename the folder, or give another --out)"
    assert _tree(tmp_path) == {"out": b"<dir>", "out/a.txt": b"<dir>"}


def test_a_target_outside_the_output_folder_is_refused_and_nothing_is_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {Path("out/a.txt"): b"a", Path("out/../x.txt"): b"x"}
    assert _refused(files, root="out") == "out/../x.txt: would be written outside the output folder out"
    assert _tree(tmp_path) == {}


def test_a_name_over_255_bytes_is_refused_with_its_length_and_the_path_cut_short(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "n" * 252 + ".txt"  # 256 bytes
    assert _refused({Path("out") / name: b"x"}, root="out") == \
        "out/" + "n" * 116 + "…: has a name of 256 bytes; a file name may have at most 255"
    wide = "é" * 127 + ".txt"  # 131 characters, 258 bytes: bytes are counted, not characters
    assert _refused({Path("out") / wide: b"x"}, root="out") == \
        "out/" + "é" * 116 + "…: has a name of 258 bytes; a file name may have at most 255"
    assert _tree(tmp_path) == {}


def test_a_name_of_exactly_255_bytes_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "n" * 251 + ".txt"
    outputs.write_files({Path("out") / name: b"x"}, root="out")
    assert _tree(tmp_path) == {"out": b"<dir>", "out/" + name: b"x"}


def test_an_existing_output_needs_force_and_the_first_existing_one_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    Path("out/b.txt").write_bytes(b"old b")
    Path("out/c.txt").write_bytes(b"old c")
    files = {Path("out/a.txt"): b"a", Path("out/b.txt"): b"b", Path("out/c.txt"): b"c"}
    assert _refused(files, root="out") == "out/b.txt: already exists; pass --force to replace it"
    assert _refused(files, root="out", force=False) == "out/b.txt: already exists; pass --force to replace it"
    assert _tree(tmp_path) == {"out": b"<dir>", "out/b.txt": b"old b", "out/c.txt": b"old c"}
    outputs.write_files(files, root="out", force=True)
    assert _tree(tmp_path) == {"out": b"<dir>", "out/a.txt": b"a", "out/b.txt": b"b", "out/c.txt": b"c"}


# --- where and how the files are written ----------------------------------------------------------

def test_nothing_to_write_makes_nothing(tmp_path):
    outputs.write_files({})
    outputs.write_files({}, root=tmp_path / "out")
    assert _tree(tmp_path) == {}


def test_without_a_root_the_folder_the_files_share_is_made_with_its_parents(tmp_path):
    out = tmp_path / "new" / "deeper" / "out"
    outputs.write_files({out / "a.txt": b"a", out / "sub" / "b.txt": b"b"})
    assert _tree(tmp_path) == {"new": b"<dir>", "new/deeper": b"<dir>", "new/deeper/out": b"<dir>",
                               "new/deeper/out/a.txt": b"a", "new/deeper/out/sub": b"<dir>",
                               "new/deeper/out/sub/b.txt": b"b"}


def test_files_go_into_folders_that_exist_and_folders_that_do_not(tmp_path):
    out = tmp_path / "out"
    (out / "old").mkdir(parents=True)
    outputs.write_files({out / "old" / "a.txt": b"a", out / "new" / "two" / "b.txt": b"b",
                         out / "new" / "c.txt": b"c"}, root=out)
    assert _tree(out) == {"new": b"<dir>", "new/c.txt": b"c", "new/two": b"<dir>", "new/two/b.txt": b"b",
                          "old": b"<dir>", "old/a.txt": b"a"}


def test_a_write_the_kernel_takes_in_small_pieces_is_still_written_whole(tmp_path, monkeypatch):
    real = os.write
    monkeypatch.setattr(os, "write", lambda handle, data: real(handle, bytes(data[:3])))
    out = tmp_path / "out"
    outputs.write_files({out / "a.txt": b"0123456789", out / "b.txt": b""}, root=out)
    monkeypatch.undo()
    assert _tree(out) == {"a.txt": b"0123456789", "b.txt": b""}


def test_a_file_system_that_cannot_fsync_a_folder_is_written_all_the_same(tmp_path, monkeypatch):
    real = os.fsync

    def fsync(handle):
        if os.path.isdir(f"/proc/self/fd/{handle}"):
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "out"
    outputs.write_files({out / "a.txt": b"a", out / "sub" / "b.txt": b"b"}, root=out)
    monkeypatch.undo()
    assert _tree(out) == {"a.txt": b"a", "sub": b"<dir>", "sub/b.txt": b"b"}


def test_a_full_disk_is_one_line_naming_the_output_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def full(handle, data):
        raise OSError(errno.ENOSPC, "No space left on device")  # as the kernel says it: no file name

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OutputError) as caught:
        outputs.write_files({out / "a.txt": b"a"}, root=out)
    monkeypatch.undo()
    assert caught.value.one_line() == \
        f"{out}: cannot be written: No space left on device (free some space, or give --out a folder on another disk)"
    assert _tree(out) == {}


def test_a_failed_write_removes_the_folders_it_made_and_only_those(tmp_path, monkeypatch):
    (tmp_path / "kept").mkdir()
    out = tmp_path / "kept" / "new" / "out"

    def failing(src, dst):
        raise OSError(errno.EIO, "Input/output error", str(dst))

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError) as caught:
        outputs.write_files({out / "a.txt": b"a"}, root=out)
    monkeypatch.undo()
    assert caught.value.one_line() == \
        f"{out}/{JOURNAL}: cannot be written: Input/output error (give --out a folder you may write to)"
    assert _tree(tmp_path) == {"kept": b"<dir>"}


def test_a_failed_write_leaves_a_made_folder_someone_else_has_put_a_file_in(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def failing(files, root):
        (root / "theirs.txt").write_bytes(b"theirs")  # another program, meanwhile
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "_write", failing)
    with pytest.raises(OSError, match="No space left on device"):
        outputs.write_files({out / "a.txt": b"a"}, root=out)
    assert _tree(tmp_path) == {"out": b"<dir>", "out/theirs.txt": b"theirs"}


def test_a_folder_that_cannot_be_made_is_refused_and_the_ones_made_before_it_are_removed(tmp_path, monkeypatch):
    real = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "b":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    out = tmp_path / "a" / "b" / "c"
    with pytest.raises(OutputError) as caught:
        outputs.write_files({out / "x.txt": b"x"}, root=out)
    monkeypatch.undo()
    assert caught.value.one_line() == \
        f"{tmp_path}/a/b: cannot be written: Permission denied (give --out a folder you may write to)"
    assert _tree(tmp_path) == {}


def test_a_made_folder_that_cannot_be_removed_again_does_not_hide_the_refusal(tmp_path, monkeypatch):
    real = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "b":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    def rmdir(self):
        raise OSError(errno.EBUSY, "Device or resource busy", str(self))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(Path, "rmdir", rmdir)
    out = tmp_path / "a" / "b"
    with pytest.raises(OutputError) as caught:
        outputs.write_files({out / "x.txt": b"x"}, root=out)
    monkeypatch.undo()
    assert caught.value.one_line() == \
        f"{tmp_path}/a/b: cannot be written: Permission denied (give --out a folder you may write to)"
    assert _tree(tmp_path) == {"a": b"<dir>"}


# --- the journal at each moment of a write, and recovery from a write killed there -----------------

class Killed(BaseException):
    """The process dies here: nothing after this point runs, not even the write's own undoing."""


OLD = {"a.txt": b"old a", "keep.txt": b"not ours", "manifest.json": b'{"old": true}\n'}
NEW = {"a.txt": b"new a", "b.txt": b"new b", "sub/c.txt": b"new c", "manifest.json": b'{"new": true}\n'}
ENTRIES = [{"target": "a.txt", "staged": "0", "existed": True},
           {"target": "b.txt", "staged": "1", "existed": False},
           {"target": "sub/c.txt", "staged": "2", "existed": False},
           {"target": "manifest.json", "staged": "3", "existed": True}]
OLD_TREE = {"a.txt": b"old a", "keep.txt": b"not ours", "manifest.json": b'{"old": true}\n'}
NEW_TREE = {"a.txt": b"new a", "b.txt": b"new b", "keep.txt": b"not ours", "manifest.json": b'{"new": true}\n',
            "sub": b"<dir>", "sub/c.txt": b"new c"}
STAGED = {STAGING: b"<dir>", f"{STAGING}/0": b"new a", f"{STAGING}/1": b"new b", f"{STAGING}/2": b"new c",
          f"{STAGING}/3": b'{"new": true}\n'}


def _old_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    return out


def _killed_at(out: Path, monkeypatch, replaces: int) -> dict:
    """Write NEW into ``out`` and die just before its ``replaces``-th rename (one past the last: just
    before the staging folder is removed); return what the journal said then."""
    real = os.replace
    count = [0]

    def replace(src, dst):
        count[0] += 1
        if count[0] == replaces:
            raise Killed
        return real(src, dst)

    real_finish = outputs._finish

    def finish(root):
        if (root / JOURNAL).exists():
            raise Killed
        real_finish(root)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(outputs, "_undo", lambda *args: None)
    monkeypatch.setattr(outputs, "_finish", finish)
    with pytest.raises(Killed):
        outputs.write_files({out / name: data for name, data in NEW.items()}, force=True, root=out)
    monkeypatch.undo()
    return json.loads((out / JOURNAL).read_text()) if (out / JOURNAL).exists() else None


STAGED_JOURNAL = {"state": "staged", "entries": ENTRIES, "folders": ["sub"]}


@pytest.mark.parametrize("replaces, journal, left", [
    # 1: the journal's own rename: every file staged, no journal yet, nothing touched
    (1, None, {**OLD_TREE, **STAGED, f"{STAGING}/journal": json.dumps(STAGED_JOURNAL).encode()}),
    # 2: journal written, sub made, a.txt about to be moved aside
    (2, STAGED_JOURNAL, {**OLD_TREE, **STAGED, JOURNAL: b"", "sub": b"<dir>"}),
    # 3: a.txt moved aside, the new one not yet in its place
    (3, STAGED_JOURNAL, {**{k: v for k, v in OLD_TREE.items() if k != "a.txt"}, **STAGED, JOURNAL: b"",
                         "sub": b"<dir>", f"{STAGING}/0.old": b"old a"}),
    # 5: a.txt and b.txt placed, sub/c.txt not yet
    (5, STAGED_JOURNAL, {**OLD_TREE, "a.txt": b"new a", "b.txt": b"new b", JOURNAL: b"", "sub": b"<dir>",
                         STAGING: b"<dir>", f"{STAGING}/0.old": b"old a", f"{STAGING}/2": b"new c",
                         f"{STAGING}/3": b'{"new": true}\n'}),
    # 7: everything placed but the manifest, whose old one is aside
    (7, STAGED_JOURNAL, {"a.txt": b"new a", "b.txt": b"new b", "keep.txt": b"not ours", "sub": b"<dir>",
                         "sub/c.txt": b"new c", JOURNAL: b"", STAGING: b"<dir>", f"{STAGING}/0.old": b"old a",
                         f"{STAGING}/3": b'{"new": true}\n', f"{STAGING}/3.old": b'{"old": true}\n'}),
    # 8: everything placed; the journal about to say so
    (8, STAGED_JOURNAL, {**NEW_TREE, JOURNAL: b"", STAGING: b"<dir>", f"{STAGING}/0.old": b"old a",
                         f"{STAGING}/3.old": b'{"old": true}\n',
                         f"{STAGING}/journal": json.dumps({**STAGED_JOURNAL, "state": "placed"}).encode()}),
])
def test_a_write_that_dies_before_it_says_placed_is_undone_by_the_next(tmp_path, monkeypatch, replaces, journal, left):
    out = _old_folder(tmp_path)
    assert _killed_at(out, monkeypatch, replaces) == journal
    found = _tree(out)
    if JOURNAL in found:
        found[JOURNAL] = b""  # its content is compared above, as JSON
    assert found == left
    outputs.recover(out)
    assert _tree(out) == OLD_TREE


def test_a_write_that_dies_after_it_says_placed_is_finished_by_the_next(tmp_path, monkeypatch):
    out = _old_folder(tmp_path)
    assert _killed_at(out, monkeypatch, 99) == {"state": "placed", "entries": ENTRIES, "folders": ["sub"]}
    assert _tree(out) == {**NEW_TREE, JOURNAL: json.dumps({"state": "placed", "entries": ENTRIES,
                                                            "folders": ["sub"]}).encode(),
                          STAGING: b"<dir>", f"{STAGING}/0.old": b"old a", f"{STAGING}/3.old": b'{"old": true}\n'}
    outputs.recover(out)
    assert _tree(out) == NEW_TREE


def test_the_next_write_recovers_first_then_writes(tmp_path, monkeypatch):
    out = _old_folder(tmp_path)
    _killed_at(out, monkeypatch, 5)
    outputs.write_files({out / "d.txt": b"d"}, root=out)
    assert _tree(out) == {**OLD_TREE, "d.txt": b"d"}


# --- recovery from folders crafted by hand ---------------------------------------------------------

def _craft(out: Path, files: dict[str, bytes], journal: dict | str | None) -> None:
    out.mkdir()
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if journal is not None:
        (out / JOURNAL).write_text(journal if isinstance(journal, str) else json.dumps(journal))


def test_recovering_a_folder_with_nothing_to_recover_changes_nothing(tmp_path):
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"a", "sub/b.txt": b"b"}, None)
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"a", "sub": b"<dir>", "sub/b.txt": b"b"}


def test_staging_left_without_a_journal_is_removed_and_nothing_else_touched(tmp_path):
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"old a", f"{STAGING}/0": b"new a", f"{STAGING}/1": b"new b"}, None)
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"old a"}


def test_a_staged_journal_with_nothing_placed_yet_is_undone(tmp_path):
    """Written: every file staged, the journal saved, its new folders not yet made."""
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"old a", "keep.txt": b"k", f"{STAGING}/0": b"new a", f"{STAGING}/1": b"new b",
                 f"{STAGING}/2": b"new c"},
           {"state": "staged", "folders": ["sub", "sub/deeper"],
            "entries": [{"target": "a.txt", "staged": "0", "existed": True},
                        {"target": "b.txt", "staged": "1", "existed": False},
                        {"target": "sub/deeper/c.txt", "staged": "2", "existed": False}]})
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"old a", "keep.txt": b"k"}


def test_a_staged_journal_half_renamed_is_put_back_as_it_was(tmp_path):
    """Half renamed: a.txt and b.txt replaced, c.txt (new) placed in a new folder, d.txt moved aside
    but its new one not placed, e.txt (new) not placed."""
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"new a", "b.txt": b"new b", "sub/deeper/c.txt": b"new c", "keep.txt": b"k",
                 f"{STAGING}/0.old": b"old a", f"{STAGING}/1.old": b"old b", f"{STAGING}/3.old": b"old d",
                 f"{STAGING}/3": b"new d", f"{STAGING}/4": b"new e"},
           {"state": "staged", "folders": ["sub", "sub/deeper"],
            "entries": [{"target": "a.txt", "staged": "0", "existed": True},
                        {"target": "b.txt", "staged": "1", "existed": True},
                        {"target": "sub/deeper/c.txt", "staged": "2", "existed": False},
                        {"target": "d.txt", "staged": "3", "existed": True},
                        {"target": "e.txt", "staged": "4", "existed": False}]})
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"old a", "b.txt": b"old b", "d.txt": b"old d", "keep.txt": b"k"}


def test_a_new_folder_someone_else_has_put_a_file_in_is_left_with_it(tmp_path):
    out = tmp_path / "out"
    _craft(out, {"sub/c.txt": b"new c", "sub/theirs.txt": b"theirs"},
           {"state": "staged", "folders": ["sub"],
            "entries": [{"target": "sub/c.txt", "staged": "0", "existed": False}]})
    outputs.recover(out)
    assert _tree(out) == {"sub": b"<dir>", "sub/theirs.txt": b"theirs"}


def test_a_staged_journal_without_a_list_of_folders_is_undone_too(tmp_path):
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"new a", "b.txt": b"new b", f"{STAGING}/0.old": b"old a"},
           {"state": "staged", "entries": [{"target": "a.txt", "staged": "0", "existed": True},
                                           {"target": "b.txt", "staged": "1", "existed": False}]})
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"old a"}


def test_a_placed_journal_is_finished_keeping_every_new_file(tmp_path):
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"new a", "b.txt": b"new b", "sub/c.txt": b"new c",
                 f"{STAGING}/0.old": b"old a"},
           {"state": "placed", "folders": ["sub"],
            "entries": [{"target": "a.txt", "staged": "0", "existed": True},
                        {"target": "b.txt", "staged": "1", "existed": False},
                        {"target": "sub/c.txt", "staged": "2", "existed": False}]})
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"new a", "b.txt": b"new b", "sub": b"<dir>", "sub/c.txt": b"new c"}


@pytest.mark.parametrize("journal", ['{"state": "stag', "", "not json at all \xff"])
def test_a_journal_that_cannot_be_read_is_dropped_with_the_staging_and_nothing_else_touched(tmp_path, journal):
    out = tmp_path / "out"
    _craft(out, {"a.txt": b"new a", f"{STAGING}/0.old": b"old a"}, journal)
    outputs.recover(out)
    assert _tree(out) == {"a.txt": b"new a"}


# --- small parts ------------------------------------------------------------------------------------

def test_a_refusal_with_neither_a_file_nor_a_folder_names_the_working_folder():
    assert outputs.refusal(OSError(errno.EFBIG, "File too large")).one_line() == \
        ".: cannot be written: File too large (raise the limit on file size, or give --out a folder on another disk)"


def test_a_cut_keeps_a_capital_x_before_the_hash():
    name = "X" * 300
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    assert outputs.shortened(name, 100) == "X" * 87 + "-" + digest


# --- the lock on the output folder ------------------------------------------------------------------

def _hold(folder: Path) -> int:
    """Lock ``folder`` as another writer would: flock on a descriptor of its own."""
    import fcntl

    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def test_a_writer_finding_the_folder_locked_gives_up_with_one_line_after_its_wait(tmp_path, monkeypatch):
    import time

    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    handle = _hold(Path("out"))
    try:
        started = time.monotonic()
        line = _refused({Path("out/a.txt"): b"x"}, root="out", wait=1.2)
        waited = time.monotonic() - started
    finally:
        os.close(handle)
    assert line == ("out: another assembler has been writing into this folder for 1 s "
                    "(wait for it to finish, or give another --out)")
    assert 1.2 <= waited < 5
    assert _tree(Path("out")) == {}


def test_a_writer_waits_for_the_lock_and_then_writes(tmp_path):
    import threading
    import time

    out = tmp_path / "out"
    out.mkdir()
    handle = _hold(out)
    threading.Timer(0.3, os.close, (handle,)).start()
    started = time.monotonic()
    outputs.write_files({out / "a.txt": b"x"}, root=out, wait=10)
    assert 0.3 <= time.monotonic() - started < 5
    assert _tree(out) == {"a.txt": b"x"}


def test_the_lock_is_released_when_the_write_ends_or_fails(tmp_path):
    out = tmp_path / "out"
    outputs.write_files({out / "a.txt": b"x"}, root=out)
    os.close(_hold(out))  # free again: a second flock succeeds at once
    with pytest.raises(OutputError):
        outputs.write_files({out / "a.txt": b"y"}, root=out)  # exists, no --force
    os.close(_hold(out))
    assert _tree(out) == {"a.txt": b"x"}


def test_an_output_folder_that_cannot_be_opened_for_the_lock_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    real = os.open

    def refusing(path, flags, *args):
        if flags & os.O_DIRECTORY and str(path) == "out":
            raise PermissionError(errno.EACCES, "Permission denied")  # no file name: the lock names it
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing)
    line = _refused({Path("out/a.txt"): b"x"}, root="out")
    assert line == "out: cannot be written: Permission denied (give --out a folder you may write to)"
    assert _tree(Path("out")) == {}
