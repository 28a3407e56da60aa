"""Made-up deals for the benchmark, derived from the example term sheet.

- ``holders``: the example with N more investors, each with its own notice address, for a
  round of notice letters.
- ``agreements``: N agreement-only term sheets (no charter), each with its own company name,
  address and share numbers, for a batch of agreements.

Every name here is invented ("Holder 0001 Capital LLC", "Deal 001 Holdings, Inc.").
"""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "auxer-2001" / "termsheet.yaml"


def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def holders(count: int, path: Path) -> Path:
    data = example()
    data["other_investors"] = [{
        "id": f"holder-{i:04d}",
        "name": f"Holder {i:04d} Capital LLC",
        "notices": {"address": {"lines": [f"{100 + i} Market Street"], "city": "Wilmington",
                                "state": "Delaware", "postal_code": "19801"},
                    "attention": f"Officer {i:04d}", "telephone": f"302.555.{i % 10000:04d}"},
        "signatory": {"name": f"Officer {i:04d}", "title": "Manager"},
    } for i in range(1, count + 1)]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def agreements(count: int, folder: Path) -> list[Path]:
    base = example()
    base.pop("charter", None)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(1, count + 1):
        data = copy.deepcopy(base)
        data["company"]["name"] = f"Deal {i:03d} Holdings, Inc."
        for holder in (data["company"]["principal_office"], data["company"]["notices"]["address"]):
            holder["lines"] = [f"{i} Commerce Drive"]
        path = folder / f"deal-{i:03d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        made.append(path)
    return made
