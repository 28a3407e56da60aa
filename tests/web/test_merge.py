"""The merge of two saves from one version (web/concurrency.py), on the example's facts."""
from __future__ import annotations

import copy

import yaml

from assembler.web import concurrency, service
from tests.conftest import EXAMPLE


def facts(data: dict) -> dict:
    return service.facts(service.load_text(service.to_yaml(data)))


def test_each_side_keeps_its_changes_and_a_collision_is_the_lawyers_choice():
    base = yaml.safe_load(EXAMPLE.read_text())
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["registration"]["filing_deadline_days"] = 60
    mine["other_investors"] = [{"name": "First Capital LP", "notices": copy.deepcopy(base["investor"]["notices"])}]
    del mine["agreement"]["footer"]
    theirs["registration"]["filing_deadline_days"] = 45
    theirs["company"]["name"] = "Auxer Holdings, Inc."
    found = concurrency.changes(facts(base), facts(mine), facts(theirs))
    collisions = [c for c in found if c.collides]
    assert [(c.path, c.base, c.mine, c.theirs) for c in collisions] == \
        [(("registration", "filing_deadline_days"), 30, 60, 45)]
    assert collisions[0].default == ""  # no side is taken for the lawyer
    index = found.index(collisions[0])
    for choice, filing in ((concurrency.MINE, 60), (concurrency.THEIRS, 45)):
        merged = service.load_text(service.to_yaml(
            concurrency.merge(theirs, facts(mine), found, {index: choice}))).deal
        assert merged.registration.filing_deadline_days == filing
        assert merged.company.name == "Auxer Holdings, Inc."                 # theirs
        assert [i.name for i in merged.other_investors] == ["First Capital LP"]  # mine, added
        assert merged.other_investors[0].notices.address.city == base["investor"]["notices"]["address"]["city"]
        assert merged.agreement.footer is None                             # mine, taken away


def test_nothing_changed_on_either_side_is_no_change():
    base = yaml.safe_load(EXAMPLE.read_text())
    assert concurrency.changes(facts(base), facts(copy.deepcopy(base)), facts(copy.deepcopy(base))) == []
