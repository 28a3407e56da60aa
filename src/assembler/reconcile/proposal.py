"""What the accepted changes make: a term sheet (only the changed keys touched, its comments and
key order kept, a comment naming each change's section) and a matter library (overrides.yaml by
section id, and any clause replaced whole) layered over the firm's."""
from __future__ import annotations

import copy
import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml as pyyaml

from ..tree import Document


@dataclass
class Proposal:
    context: object
    changes: list
    data: dict
    overrides: dict = field(default_factory=dict)   # {"replace": {}, "insert_after": {}, "delete": []}
    clauses: dict = field(default_factory=dict)     # clause name → markup

    @classmethod
    def of(cls, ctx, changes: list) -> "Proposal":
        from .engine import _with
        data = copy.deepcopy(ctx.sheet.data)
        overrides: dict = {"replace": {}, "insert_after": {}, "insert_before": {}, "delete": []}
        clauses: dict = {}
        for change in changes:
            if change.fact:
                data = _with(data, tuple(_path(change.fact[0])), change.fact[2])
            for key, value in change.override.items():
                if key == "clause":
                    clauses.update(value)
                elif key == "delete":
                    overrides["delete"] += [v for v in value if v not in overrides["delete"]]
                else:
                    overrides[key].update(value)
        return cls(ctx, list(changes), data, {k: v for k, v in overrides.items() if v}, clauses)

    # -- the matter library -------------------------------------------------------------------
    def library_files(self) -> dict[str, str]:
        """Relative path → text of the matter library."""
        files = {}
        if self.overrides:
            files["overrides.yaml"] = _overrides_yaml(self.context.job.assembly, self.overrides, self.changes)
        for clause, markup in self.clauses.items():
            files[f"{clause}.xml.j2"] = ("{# reconcile: this clause as their draft has it; it replaces ours "
                                         "for this matter #}\n" + markup + "\n")
        return files

    def write_library(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.library_files().items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return folder

    def build(self) -> Document | None:
        """The document as the proposal makes it (the matter library over the firm's); built once."""
        if not hasattr(self, "_built"):
            self._built = self._build()
        return self._built

    def _build(self) -> Document | None:
        with tempfile.TemporaryDirectory(prefix="assembler-matter-") as tmp:
            folder = self.write_library(Path(tmp) / "matter")
            return self.context.build(self.data, (folder,) if self.library_files() else ())

    # -- the term sheet -----------------------------------------------------------------------
    def termsheet_yaml(self) -> str:
        """The term sheet with only the changed keys touched (ruamel.yaml round trip)."""
        from ruamel.yaml import YAML

        from ruamel.yaml.util import load_yaml_guess_indent

        sheet = self.context.sheet
        text = sheet.raw.decode("utf-8")
        if sheet.path.suffix.lower() == ".json":
            text = pyyaml.safe_dump(pyyaml.safe_load(text), sort_keys=False)
        _, sequence_indent, offset = load_yaml_guess_indent(text)  # ruamel's documented way to keep them
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 4096
        yaml.indent(mapping=offset or 2, sequence=sequence_indent or 2, offset=offset or 0)
        root = yaml.load(text)
        for change in self.changes:
            if not change.fact:
                continue
            path = _path(change.fact[0])
            node = root
            for part in path[:-1]:
                if isinstance(node, dict) and part not in node:
                    node[part] = {}
                node = node[part]
            node[path[-1]] = _yaml_value(change.fact[2])
            where = f"Section {change.number}" if change.number and not change.number.startswith("@") else \
                change.section
            note = f"reconcile: change {change.id}, {where} (was {_shown(change.fact[1])})"
            _comment(node, path[-1], note)
        out = io.StringIO()
        yaml.dump(root, out)
        return out.getvalue()


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "nothing" if value is None else str(_yaml_value(value))


def _comment(node, key, note: str) -> None:
    """An end-of-line comment at ``key``, keeping the comment or blank lines already after it."""
    items = getattr(node, "ca", None).items if hasattr(node, "ca") else {}
    token = None
    entry = items.get(key)
    if entry:
        token = next((t for t in entry if t is not None and hasattr(t, "value")), None)
    if token is None:
        node.yaml_add_eol_comment(note, key)
        return
    value = token.value
    if value.lstrip(" ").startswith("#"):
        first, newline, rest = value.partition("\n")
        token.value = f"{first}; {note}{newline}{rest}"
    else:
        token.value = f"  # {note}" + (value if value.startswith("\n") else "\n" + value.lstrip(" "))


def _path(dotted_path: str) -> list:
    """"company.principal_office.lines[0]" → ["company", "principal_office", "lines", 0]."""
    import re
    parts: list = []
    for piece in dotted_path.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", piece)
        if name:
            parts.append(name)
        parts += [int(i) for i in indexes if i != ""]
    return parts


def _yaml_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _overrides_yaml(assembly: str, overrides: dict, changes: list) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    entry: dict = {}
    for key in ("replace", "insert_after", "insert_before"):
        if overrides.get(key):
            entry[key] = {sid: LiteralScalarString(markup + "\n") for sid, markup in overrides[key].items()}
    if overrides.get("delete"):
        entry["delete"] = list(overrides["delete"])
    yaml = YAML()
    yaml.width = 4096
    out = io.StringIO()
    out.write("# The matter's changes to our documents by section id, from reconcile (see docs/reconcile.md).\n")
    yaml.dump({assembly: entry}, out)
    return out.getvalue()
