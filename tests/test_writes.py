"""The write step under faults and company: a failure at any step, a process killed at any moment,
two builds at once, a folder that cannot be written, the umask."""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from assembler import outputs
from assembler.errors import OutputError

from .conftest import EXAMPLE, ROOT

FILES = {"a.txt": b"new a", "b.txt": b"new b", "sub/c.txt": b"new c", "manifest.json": b'{"new": true}\n'}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file and folder below ``folder`` (hidden ones too), by its relative path."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


def _old_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_bytes(b"old a")
    (out / "manifest.json").write_bytes(b'{"old": true}\n')
    (out / "keep.txt").write_bytes(b"not ours")
    return out


def _strikes(operation: str, args: tuple) -> int:
    """Whether a fault may strike this call: a folder's fsync is best effort (not every file system
    has one), so only files' fsyncs count."""
    if operation == "fsync":
        return int(stat.S_ISREG(os.fstat(args[0]).st_mode))
    return 1


def _count_steps(tmp_path: Path, monkeypatch) -> dict[str, int]:
    """How many times a successful write calls each of the operations a fault can strike."""
    counts = {"write": 0, "fsync": 0, "replace": 0}
    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace}
    for name in real:
        def counted(*args, _name=name):
            counts[_name] += _strikes(_name, args)
            return real[_name](*args)
        monkeypatch.setattr(os, name, counted)
    (tmp_path / "count").mkdir()
    out = _old_folder(tmp_path / "count")
    outputs.write_files({out / name: data for name, data in FILES.items()}, force=True, root=out)
    monkeypatch.undo()
    return counts


@pytest.mark.parametrize("operation", ["write", "fsync", "replace"])
def test_a_failure_at_every_step_leaves_the_folder_as_it_was(tmp_path, monkeypatch, operation):
    total = _count_steps(tmp_path, monkeypatch)[operation]
    assert total >= 4
    real = getattr(os, operation)
    for failing in range(1, total + 1):
        case = tmp_path / f"{operation}-{failing}"
        case.mkdir()
        out = _old_folder(case)
        before = _tree(out)
        calls = []

        def flaky(*args):
            calls.extend([args] * _strikes(operation, args))
            if len(calls) == failing and _strikes(operation, args):
                raise OSError(28, "No space left on device")
            return real(*args)

        monkeypatch.setattr(os, operation, flaky)
        with pytest.raises(OutputError, match="cannot be written: No space left on device"):
            outputs.write_files({out / name: data for name, data in FILES.items()}, force=True, root=out)
        monkeypatch.undo()
        assert _tree(out) == before, f"{operation} #{failing}"


def test_files_are_written_0644_under_umask_022_and_0640_under_027(tmp_path):
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        previous = os.umask(umask)
        try:
            out = tmp_path / f"u{umask:o}"
            outputs.write_files({out / "a.txt": b"x"}, root=out)
        finally:
            os.umask(previous)
        assert (out / "a.txt").stat().st_mode & 0o777 == mode


def test_data_is_fsynced_before_it_is_renamed_into_place(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))),
                                                 real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda src, dst: (events.append(("replace", str(src))), real_replace(src, dst))[1])
    out = tmp_path / "out"
    outputs.write_files({out / "a.txt": b"x", out / "b.txt": b"y"}, root=out)
    staged = [path for kind, path in events if kind == "replace" and "/.assembler-staging/" in path
              and not path.endswith("journal")]
    assert len(staged) == 2
    for path in staged:
        synced = events.index(("fsync", path))
        assert synced < events.index(("replace", path)), path


# --- processes killed part way ------------------------------------------------------------------

PAUSING_BUILD = textwrap.dedent("""
    import os, sys, time
    from assembler import api
    real = os.replace
    count = [0]
    def slow(src, dst):
        count[0] += 1
        print(f"replace {count[0]}", flush=True)
        time.sleep(0.3)
        return real(src, dst)
    os.replace = slow
    sys.argv = ["assembler", "build", sys.argv[1], "--out", sys.argv[2], "--format", "txt", "--force"]
    from assembler.cli import main
    main()
""")


def _start(sheet: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PAUSING_BUILD, str(sheet), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _build_plainly(sheet: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assembler", "build", str(sheet), "--out", str(out), "--format",
                           "txt", "--force"], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    """The folder as a first build left it, and as a build of a changed term sheet leaves it."""
    folder = tmp_path_factory.mktemp("versions")
    changed = folder / "changed.yaml"
    changed.write_text(EXAMPLE.read_text(encoding="utf-8").replace("The Auxer Group, Inc.", "Larkspur Holdings, Inc."),
                       encoding="utf-8")
    old, new = folder / "old", folder / "new"
    assert _build_plainly(EXAMPLE, old).returncode == 0
    assert _build_plainly(changed, new).returncode == 0
    return {"changed": changed, "old": _tree(old), "new": _tree(new), "folder": folder}


@pytest.mark.other_processes
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.parametrize("after_replaces", [0, 1, 3, 6])
def test_a_build_killed_at_any_moment_leaves_the_folder_old_or_new(two_versions, tmp_path, signal_number,
                                                                   after_replaces):
    out = tmp_path / "out"
    shutil.copytree(two_versions["folder"] / "old", out)
    process = _start(two_versions["changed"], out)
    seen = 0
    while seen < after_replaces:
        line = process.stdout.readline()
        assert line, process.stderr.read()
        seen += line.startswith("replace")
    time.sleep(0.1)
    process.send_signal(signal_number)
    process.wait(timeout=60)
    left = _tree(out)
    if signal_number == signal.SIGTERM:  # caught: the write puts the folder back before it exits
        assert left == two_versions["old"]
    else:  # nothing runs after SIGKILL; the journal is there for the next write
        assert {k: v for k, v in left.items() if not k.startswith(".assembler")} in (
            two_versions["old"], two_versions["new"]) or (out / outputs.JOURNAL).exists()
    # The next write into the folder finishes or undoes what was left, then does its own work.
    with outputs._locked(out, 5):
        outputs.recover(out)
    assert _tree(out) in (two_versions["old"], two_versions["new"])
    assert _build_plainly(EXAMPLE, out).returncode == 0
    assert _tree(out) == two_versions["old"]


@pytest.mark.other_processes
def test_the_manifest_always_matches_the_files_beside_it(two_versions, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(two_versions["folder"] / "old", out)
    process = _start(two_versions["changed"], out)
    for _ in range(4):
        process.stdout.readline()
    process.kill()
    process.wait(timeout=60)
    with outputs._locked(out, 5):
        outputs.recover(out)
    import hashlib
    manifest = json.loads((out / "manifest.json").read_text())
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.other_processes
def test_two_builds_into_one_folder_never_interleave(two_versions, tmp_path):
    """The second waits for the first's lock; the folder ends as one whole build, never a mix."""
    out = tmp_path / "out"
    first = _start(two_versions["changed"], out)
    assert first.stdout.readline().startswith("replace")  # it holds the lock now
    second = subprocess.Popen([sys.executable, "-m", "assembler", "build", str(EXAMPLE), "--out", str(out),
                               "--format", "txt", "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.wait(timeout=120) == 0
    assert second.wait(timeout=120) == 0
    assert _tree(out) == two_versions["old"]  # the second (the example) finished last, and whole


def test_a_second_writer_gives_up_after_waiting(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with outputs._locked(out, 1):
        started = time.monotonic()
        with pytest.raises(OutputError, match="another assembler has been writing into this folder"):
            outputs.write_files({out / "a.txt": b"x"}, root=out, wait=0.5)
        assert time.monotonic() - started >= 0.5
    assert not (out / "a.txt").exists()


# --- folders that cannot be written ------------------------------------------------------------

@pytest.mark.other_processes
def test_a_read_only_file_system_is_one_line_and_exit_2(tmp_path):
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is needed to mount a read-only file system")
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (f"mount -t tmpfs -o ro,size=1m tmpfs {mount} && "
              f"{sys.executable} -m assembler build {EXAMPLE} --out {mount}/out --format txt")
    # As root, or in a user namespace of our own when not root.
    command = ["unshare", "-m", "sh", "-c", script] if os.geteuid() == 0 else ["unshare", "-rm", "sh", "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {mount}/out: cannot be written: Read-only file system (the file system is read-only; give --out "
        "a folder on a writable one)"]


@pytest.mark.other_processes
def test_permission_denied_as_an_ordinary_user_is_one_line_and_exit_2():
    # A folder of its own under /tmp (every user may pass through /tmp), readable by all, holding the
    # term sheet and a folder nobody but root may write into.
    folder = Path(tempfile.mkdtemp(prefix="assembler-permission-"))
    try:
        folder.chmod(0o755)
        locked = folder / "locked"
        locked.mkdir(mode=0o555)
        locked.chmod(0o555)
        sheet = folder / "deal.yaml"
        sheet.write_bytes(EXAMPLE.read_bytes())
        sheet.chmod(0o644)
        command = [sys.executable, "-m", "assembler", "build", str(sheet), "--out", str(locked / "out"),
                   "--format", "txt"]
        if os.geteuid() == 0:  # root may write anywhere: run as nobody, as an ordinary user would
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/",
                                env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"error: {locked}/out: cannot be written: Permission denied (give --out a folder you may write to)"]
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)
        shutil.rmtree(folder)


def test_a_term_sheet_is_never_read_past_the_size_limit(tmp_path, monkeypatch):
    """Even when the file grows after it was measured (here: stat is told a small size), no more than
    one byte past the limit is read, and the file is refused."""
    from assembler.errors import TermSheetError
    from assembler.termsheet import MAX_BYTES, source

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES * 3))
    real_fstat, real_read = os.fstat, os.read
    read = []

    class Small:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(source.os, "fstat", lambda fd: Small(real_fstat(fd)))
    monkeypatch.setattr(source.os, "read", lambda fd, n: read.append(real_read(fd, n)) or read[-1])
    with pytest.raises(TermSheetError, match="a term sheet may be at most"):
        api_load(big)
    assert sum(map(len, read)) == MAX_BYTES + 1


def api_load(path):
    from assembler import api
    return api.load_termsheet(path)
