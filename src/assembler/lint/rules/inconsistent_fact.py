"""One fact entered twice, two ways: an address with one street number in one city but two
street names, or two near-identical names."""
from __future__ import annotations

import difflib
import re
from typing import Any, Iterable, Iterator

from ...termsheet import TermSheet, dotted
from ..finding import Finding
from ..places import RESTATED, strings

NAME = "inconsistent-fact"
SEVERITY = "error"
ABOUT = "one fact written two ways"
SCOPE = "term sheet"


def check(sheet: TermSheet) -> list[Finding]:
    """The same fact entered twice, two ways: an address with one street number in one city but
    two street names, or two near-identical names."""
    found = []
    values = list(strings(sheet.data))
    addresses = list(_addresses(sheet.data, ()))
    spots: dict[tuple, list[int]] = {}  # only the same street number in the same city can clash
    for index, (_, address) in enumerate(addresses):
        if _number(address):
            spots.setdefault((*_place(address), _number(address)), []).append(index)
    for i, j in _pairs_within(spots.values()):
        (path_a, a), (path_b, b) = addresses[i], addresses[j]
        if _street(a) != _street(b):
            found.append(_fact(sheet, path_b + ("lines",), f"{_street(b)}",
                               f"gives the street as '{_street(b)}', but {dotted(path_a)} gives "
                               f"'{_street(a)}' for the same number, city and postal code"))
    reported = {f.place for f in found}
    # Names that differ only in a number ("Fund I", "Fund II"; "Holder 0001", "Holder 0002") are
    # different names on purpose, so names are compared by what is left without their numbers.
    classes: dict[str, list[tuple[tuple, str]]] = {}
    for path, value in values:
        if _name_like(value):
            classes.setdefault(_without_numbers(_normal(value)), []).append((path, value))
    for key_a, key_b in _candidate_pairs(list(classes)):
        if not _near_twins(key_a, key_b):
            continue
        path_a, a = classes[key_a][0]
        for path_b, b in classes[key_b]:
            if dotted(path_b) not in reported:
                reported.add(dotted(path_b))
                found.append(_fact(sheet, path_b, b, f"reads '{b}', but {dotted(path_a)} reads '{a}'"))
    return found


def _candidate_pairs(keys: list[str]) -> Iterator[tuple[str, str]]:
    """The pairs worth comparing, each once, in term-sheet order. A slip of a letter or two leaves
    either the first four or the last four letters alone, so only names sharing one of those are
    compared, not every name with every other."""
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        for block in {"^" + key[:4], key[-4:] + "$"}:
            groups.setdefault(block, []).append(index)
    for i, j in _pairs_within(groups.values()):
        yield keys[i], keys[j]


def _pairs_within(groups: Iterable[list[int]]) -> list[tuple[int, int]]:
    """Each pair of indices that share a group, once, in order."""
    return sorted({(i, j) for group in groups for n, i in enumerate(group) for j in group[n + 1:]})


def _fact(sheet: TermSheet, path: tuple, value: str, message: str) -> Finding:
    return Finding(NAME, "term sheet", dotted(path), value, message, file=str(sheet.path),
                   line=sheet.line_of(path))


def _addresses(node: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(node, dict):
        if isinstance(node.get("lines"), list) and "city" in node:
            yield path, node
        for key, value in node.items():
            if key not in RESTATED:
                yield from _addresses(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _addresses(value, path + (i,))


def _place(address: dict) -> tuple[str, ...]:
    return tuple(str(address.get(k, "")).casefold() for k in ("city", "state", "postal_code"))


def _street(address: dict) -> str:
    return " ".join(str(line) for line in address["lines"])


def _number(address: dict) -> str | None:
    found = re.match(r"\s*(\d+)\b", _street(address))
    return found.group(1) if found else None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _name_like(text: str) -> bool:
    """Long enough and mostly letters: telephone numbers and dates differ by a digit on purpose."""
    return len(text) >= 8 and sum(c.isalpha() for c in text) >= 0.6 * len(text)


NUMBER_TOKEN = re.compile(r"\b(?:\d+|[ivxlc]+)\b")


def _without_numbers(name: str) -> str:
    return " ".join(NUMBER_TOKEN.sub(" ", name).split())


def _near_twins(a: str, b: str) -> bool:
    """Two normalised names that are nearly, but not quite, the same: "nelson braff", "nelson braf"."""
    if a == b or min(len(a), len(b)) < 0.8 * max(len(a), len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9
