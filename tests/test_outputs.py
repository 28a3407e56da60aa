"""The write step's small parts, in process: what each refusal of the operating system says, and
how a name too long for the file system is cut."""
from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest

from assembler import outputs


@pytest.mark.parametrize("number, hint", [
    (errno.EACCES, "give --out a folder you may write to"),
    (errno.EPERM, "give --out a folder you may write to"),
    (errno.EROFS, "the file system is read-only; give --out a folder on a writable one"),
    (errno.ENOSPC, "free some space, or give --out a folder on another disk"),
    (errno.ENAMETOOLONG, "give --out a shorter path"),
    (errno.EIO, "give --out a folder you may write to"),   # anything else
])
def test_each_refusal_is_one_line_naming_the_file_the_reason_and_what_would_do(number, hint):
    error = outputs.refusal(OSError(number, "the reason", "/out/agreement.pdf"), Path("/out"))
    assert error.one_line() == f"/out/agreement.pdf: cannot be written: the reason ({hint})"


def test_a_refusal_without_a_file_names_the_output_folder_and_without_a_reason_says_what_it_has():
    assert outputs.refusal(OSError(errno.EACCES, "denied"), Path("/out")).one_line() == \
        "/out: cannot be written: denied (give --out a folder you may write to)"
    assert outputs.refusal(OSError("odd"), Path("/out")).one_line() == \
        "/out: cannot be written: odd (give --out a folder you may write to)"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def test_a_name_that_fits_is_kept_whole():
    assert outputs.shortened("a" * 100, 100) == "a" * 100


def test_a_name_one_byte_too_long_keeps_its_start_and_a_hash_of_the_whole():
    name = "notice-piggyback-" + "x" * 84  # 101 bytes
    assert outputs.shortened(name, 100) == name[:87] + "-" + _hash(name)
    assert len(outputs.shortened(name, 100)) == 100


def test_names_alike_at_the_start_stay_apart_and_the_same_name_is_cut_the_same_way():
    a, b = "x" * 300 + "a", "x" * 300 + "b"
    assert outputs.shortened(a, 100) != outputs.shortened(b, 100)
    assert outputs.shortened(a, 100) == outputs.shortened(a, 100)


def test_a_cut_never_splits_a_character_nor_ends_on_a_hyphen_dot_or_space():
    name = "é" * 100  # two bytes each
    cut = outputs.shortened(name, 100)
    assert cut == "é" * 43 + "-" + _hash(name)  # 87 bytes of room: 43 whole characters
    assert outputs.shortened("ab-. " + "-" * 200, 30) == "ab-" + _hash("ab-. " + "-" * 200)


def test_file_names_leave_room_for_the_staging_names():
    # The stem gets 255 - 40 - len("docx") = 211 bytes: 198 of its own, a hyphen and 12 of hash.
    assert outputs.file_name("n" * 400, "docx") == "n" * 198 + "-" + _hash("n" * 400) + ".docx"
    assert outputs.file_name("short", "pdf") == "short.pdf"
