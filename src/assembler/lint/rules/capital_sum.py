"""The capital article as printed: the classes that follow the total must add up to it."""
from __future__ import annotations

import re

from ...tree import Document
from ..finding import Finding
from ..places import excerpt, texts

NAME = "capital-sum"
SEVERITY = "error"
ABOUT = "share classes that do not add up to the total authorized"
SCOPE = "document"

TOTAL = re.compile(r"total number of shares of (?:all classes of )?stock which the Corporation shall have "
                   r"authority to issue is ([\d,]+)", re.I)
CLASS = re.compile(r"^([\d,]+) of such shares shall be shares of ([^.]+)\.", re.I)


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    found = []
    printed = list(texts(document))
    for i, (where, text) in enumerate(printed):
        match = TOTAL.search(text)
        if not match:
            continue
        total = int(match.group(1).replace(",", ""))
        classes = []
        for _, following in printed[i + 1:]:
            share_class = CLASS.match(following.strip())
            if not share_class:
                break
            classes.append((share_class.group(2), int(share_class.group(1).replace(",", ""))))
        added = sum(shares for _, shares in classes)
        if classes and added != total:
            parts = " + ".join(f"{shares:,} {name}" for name, shares in classes)
            found.append(Finding(NAME, document.name, where, excerpt(text, match.start(), match.end()),
                                 f"the classes add up to {added:,} ({parts}), not the total of {total:,}"))
    return found
