"""Saving over someone else's save: a form based on an older version than the latest is not saved.
Instead the lawyer sees both sides' changes, field by field, and chooses where they collide.

Changes are read as the model reads facts (defaults filled in), so a field written out at its
default is no change. The merge starts from the latest version's term sheet and writes into it
the fields the lawyer keeps from their own edits.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from . import service

MINE, THEIRS = "mine", "theirs"


@dataclass
class Change:
    path: tuple
    base: Any
    mine: Any
    theirs: Any

    @property
    def by_me(self) -> bool:
        return self.mine != self.base

    @property
    def by_them(self) -> bool:
        return self.theirs != self.base

    @property
    def collides(self) -> bool:
        """Both changed it, to different values: only the lawyer can say which stands."""
        return self.by_me and self.by_them and self.mine != self.theirs

    @property
    def default(self) -> str:
        """What stands unless the lawyer says otherwise ('' for a collision: they must choose)."""
        if self.collides:
            return ""
        return MINE if self.by_me else THEIRS


def changes(base: dict, mine: dict, theirs: dict) -> list[Change]:
    """Every fact either side changed from the version both started from (facts as service.facts gives)."""
    b, m, t = service.flatten(base), service.flatten(mine), service.flatten(theirs)
    paths = list(dict.fromkeys([*b, *m, *t]))
    found = [Change(p, b.get(p), m.get(p), t.get(p)) for p in paths]
    return [c for c in found if c.by_me or c.by_them]


def merge(theirs_data: dict, mine_facts: dict, found: list[Change], choices: dict[int, str]) -> dict:
    """The latest version's data with each change the lawyer keeps from their own edits written in.
    ``choices``: change index → MINE or THEIRS (missing: the change's default)."""
    data = copy.deepcopy(theirs_data)
    for index, change in enumerate(found):
        if (choices.get(index) or change.default) != MINE or change.mine == change.theirs:
            continue
        _set(data, change.path, change.mine)
    return _prune(data)


def _set(data: Any, path: tuple, value: Any) -> None:
    node = data
    for here, following in zip(path, path[1:]):
        empty = [] if isinstance(following, int) else {}
        if isinstance(node, list):
            while len(node) <= here:
                node.append(copy.deepcopy(empty))
            if node[here] is None:
                node[here] = empty
        else:
            if not isinstance(node.get(here), (dict, list)):
                node[here] = empty
        node = node[here]
    last = path[-1]
    if isinstance(node, list):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _prune(data: Any) -> Any:
    """Drop what is None (a fact not given) and what is left empty by that."""
    if isinstance(data, dict):
        out = {k: _prune(v) for k, v in data.items() if v is not None}
        return {k: v for k, v in out.items() if v is not None and v != {}}
    if isinstance(data, list):
        kept = [_prune(v) for v in data if v is not None]
        return [v for v in kept if v != {}]  # an item every fact of which was taken away
    return data
