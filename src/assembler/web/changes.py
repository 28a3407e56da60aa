"""The redline as the compare page shows it: each change numbered, with links to the previous and
the next, and a count at the top; the print page's running footer left out (a screen has no pages)."""
from __future__ import annotations

import lxml.html

MARKS = ("ins", "del")


def pane(html: bytes) -> bytes:
    """The redline writer's page with links to jump from change to change (no script: the pane's
    frame runs none)."""
    root = lxml.html.document_fromstring(html)
    for footer in root.find_class("page-footer"):
        footer.drop_tree()
    groups = _changes(root)
    for number, group in enumerate(groups, 1):
        group[0].set("id", f"change-{number}")
        group[-1].addnext(_jumps(number, len(groups), group[-1].tail))
        group[-1].tail = None
    title = root.find(".//h1")
    where = title if title is not None else root.body[0]
    summary = lxml.html.fragment_fromstring(
        f'<nav class="changes" aria-label="Changes"><p>{_count(len(groups))}'
        + (' <a href="#change-1" id="first-change">Go to the first change</a>' if groups else "")
        + "</p></nav>")
    where.addprevious(summary)
    # One main landmark holding the page, as every screen of the workbench has.
    main = lxml.html.Element("main")
    for child in list(root.body):
        main.append(child)
    root.body.append(main)
    head = root.find("head")
    head.append(lxml.html.fragment_fromstring('<link rel="stylesheet" href="/static/redline-pane.css">'))
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")


def _count(n: int) -> str:
    return "No changes." if n == 0 else "1 change." if n == 1 else f"{n} changes."


def _changes(root) -> list[list]:
    """The marks in reading order, those side by side (a deletion and the insertion replacing it)
    as one change; a mark inside another belongs to it."""
    groups: list[list] = []
    for mark in root.iter(*MARKS):
        if any(a.tag in MARKS for a in mark.iterancestors()):
            continue
        previous = groups[-1][-1] if groups else None
        if previous is not None and previous.getnext() is mark and not (previous.tail or "").strip():
            groups[-1].append(mark)
        else:
            groups.append([mark])
    return groups


def _jumps(number: int, total: int, tail: str | None):
    links = []
    if number > 1:
        links.append(f'<a href="#change-{number - 1}" aria-label="Previous change (change {number - 1} of {total})">'
                     "previous</a>")
    if number < total:
        links.append(f'<a href="#change-{number + 1}" aria-label="Next change (change {number + 1} of {total})">'
                     "next</a>")
    jump = lxml.html.fragment_fromstring(
        f'<span class="jump">[change {number} of {total}{": " if links else ""}{" · ".join(links)}]</span>')
    jump.tail = tail
    return jump
