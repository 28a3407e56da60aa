"""The write step: a command's outputs land in their folder all together, or not at all.

A build may be killed at any moment, or fail half way (a full disk, a folder it may not write), and
two builds may aim at one folder at once. So, under a lock on the folder:

1. every file is written whole into a staging folder inside the output folder, and fsynced;
2. a journal says which staged file goes where, and whether a file was there before;
3. each target is moved aside (if it exists) and the staged file renamed into its place;
4. the journal is marked placed, then the staging folder (with what was replaced) is removed.

If anything fails in 1–3 the folder is put back as it was. If the process dies, the next write into
the folder reads the journal first: before step 4 it puts the folder back as it was, after it, it
finishes. Either way the folder is as it was, or wholly new, and its manifest matches its files.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from .errors import OutputError

JOURNAL = ".assembler-journal.json"
STAGING = ".assembler-staging"
NAME_MAX = 255          # bytes in one file name, on every file system we write to
LOCK_WAIT = 30.0        # seconds a second writer waits for the first before it gives up


def shortened(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` bytes, else its start and a hash of the whole: two long names
    that begin alike still differ, and the same name is always cut the same way."""
    if len(text.encode("utf-8")) <= limit:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    kept = text.encode("utf-8")[:limit - len(digest) - 1].decode("utf-8", "ignore").rstrip("-. ")
    return f"{kept}-{digest}"


def file_name(stem: str, extension: str) -> str:
    """``stem.extension``, shortened if the file system could not hold it (room is kept for the
    staging and backup names the write step makes beside it)."""
    return f"{shortened(stem, NAME_MAX - 40 - len(extension))}.{extension}"


def write_files(files: dict[Path, bytes], force: bool = False, root: str | Path | None = None,
                wait: float = LOCK_WAIT) -> None:
    """Write every file or none. Refuse before writing if any target exists (unless ``force``), is a
    folder, or lies outside ``root`` (default: the folder the files share)."""
    if not files:
        return
    root = Path(root) if root is not None else Path(os.path.commonpath([p.parent for p in files]))
    _check_targets(files, root)
    made = _make_folder(root)
    try:
        with _locked(root, wait):
            recover(root)
            if not force:
                existing = [str(p) for p in files if p.exists()]
                if existing:
                    raise OutputError("already exists; pass --force to replace it", file=existing[0])
            _write(files, root)
    except BaseException:
        for folder in reversed(made):  # a folder this call made, left empty by the failure
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _check_targets(files: dict[Path, bytes], root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise OutputError("is a file, not a folder", file=str(root),
                          hint="give --out a folder; it is made if it does not exist")
    for folder in root.parents:
        if folder.exists() and not folder.is_dir():
            raise OutputError("is a file, where assembler must make a folder", file=str(folder),
                              hint="give --out a folder whose parents are folders")
    inside = root.resolve()
    for path in files:
        if not path.resolve().is_relative_to(inside):
            raise OutputError(f"would be written outside the output folder {root}", file=str(path))
        if len(path.name.encode("utf-8")) > NAME_MAX:
            raise OutputError(f"has a name of {len(path.name.encode('utf-8'))} bytes; a file name may have "
                              f"at most {NAME_MAX}", file=str(path)[:120] + "…")
        if path.is_dir():
            raise OutputError("is a folder, so an output of that name cannot be written",
                              file=str(path), hint="move or rename the folder, or give another --out")
        for parent in path.relative_to(root).parents:
            folder = root / parent
            if folder.exists() and not folder.is_dir():
                raise OutputError("is a file, where assembler must make a folder", file=str(folder),
                                  hint="move or rename it, or give another --out")


def _make_folder(root: Path) -> list[Path]:
    """Make the output folder and any missing parents; return those made, outermost first."""
    missing = [folder for folder in [root, *root.parents] if not folder.exists()]
    made = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            made.append(folder)
    except OSError as exc:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise refusal(exc, root) from None
    return made


def refusal(exc: OSError, where: Path | str = ".") -> OutputError:
    """An operating-system refusal as one line that says what would do."""
    reason = exc.strerror or str(exc)
    hints = {errno.EACCES: "give --out a folder you may write to",
             errno.EPERM: "give --out a folder you may write to",
             errno.EROFS: "the file system is read-only; give --out a folder on a writable one",
             errno.ENOSPC: "free some space, or give --out a folder on another disk",
             errno.EFBIG: "raise the limit on file size, or give --out a folder on another disk",
             errno.ENAMETOOLONG: "give --out a shorter path"}
    return OutputError(f"cannot be written: {reason}", file=str(exc.filename or where),
                       hint=hints.get(exc.errno, "give --out a folder you may write to"))


def _locked(root: Path, wait: float):
    """An exclusive lock on the output folder itself (no lock file is left behind): a second writer
    waits for the first, and gives up with a message after ``wait`` seconds."""
    try:
        handle = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise refusal(exc, root) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(f"another assembler has been writing into this folder for {wait:.0f} s",
                                      file=str(root), hint="wait for it to finish, or give another --out") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock


# Wrapped after its definition, not with ``@``: mutmut leaves decorated functions unmutated, and the
# lock is part of the write step's mutation score (docs/testing.md).
_locked = contextlib.contextmanager(_locked)


def _write(files: dict[Path, bytes], root: Path) -> None:
    staging = root / STAGING
    entries: list[dict] = []
    folders: list[str] = []
    try:
        staging.mkdir()
        for number, (path, data) in enumerate(files.items()):
            staged = staging / str(number)
            _write_whole(staged, data)
            entries.append({"target": path.relative_to(root).as_posix(), "staged": staged.name,
                            "existed": path.exists()})
        folders = _folders_needed(files, root)
        _save_journal(root, {"state": "staged", "entries": entries, "folders": folders})
        for folder in folders:
            (root / folder).mkdir()
        for entry in entries:
            target, staged = root / entry["target"], staging / entry["staged"]
            if entry["existed"]:
                os.replace(target, staging / (entry["staged"] + ".old"))
            os.replace(staged, target)
        for folder in {path.parent for path in files}:
            _sync_folder(folder)
        _save_journal(root, {"state": "placed", "entries": entries, "folders": folders})
    except BaseException as exc:
        _undo(root, entries, folders)
        if isinstance(exc, OSError):
            raise refusal(exc, root) from None
        raise
    _finish(root)


def _write_whole(path: Path, data: bytes) -> None:
    """Write and fsync, so the rename that follows never exposes a file the disk does not hold yet.
    Created 0666 less the umask, as any tool's output is (mkstemp's 0600 is for secrets)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)
    finally:
        os.close(handle)


def _folders_needed(files: dict[Path, bytes], root: Path) -> list[str]:
    needed = []
    for path in files:
        for parent in reversed(path.relative_to(root).parents):
            folder = parent.as_posix()
            if folder != "." and not (root / parent).exists() and folder not in needed:
                needed.append(folder)
    return needed


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _save_journal(root: Path, journal: dict) -> None:
    staged = root / STAGING / "journal"
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    _write_whole(staged, json.dumps(journal).encode("utf-8"))
    os.replace(staged, root / JOURNAL)
    _sync_folder(root)


def _journal(root: Path) -> dict:
    try:
        return json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def recover(root: Path) -> None:
    """Finish or undo what a write killed part way left in ``root``. Call it holding the lock."""
    journal = _journal(root)
    if journal.get("state") == "staged":
        _undo(root, journal["entries"], journal.get("folders", []))  # which ends by finishing
    else:
        _finish(root)


def _undo(root: Path, entries: list[dict], folders: list[str]) -> None:
    """Put every target back as it was before the write began."""
    staging = root / STAGING
    for entry in reversed(entries):
        target, staged = root / entry["target"], staging / entry["staged"]
        backup = staging / (entry["staged"] + ".old")
        if backup.exists():
            os.replace(backup, target)
        elif not entry["existed"] and not staged.exists() and target.exists():
            target.unlink()  # it was placed, and there was nothing there before
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            (root / folder).rmdir()
    _finish(root)


def _finish(root: Path) -> None:
    shutil.rmtree(root / STAGING, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        (root / JOURNAL).unlink()
    _sync_folder(root)
