"""The one small shape every lint finding has, whatever rule made it (as Common Form's lint)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..errors import shown

# rule name → "error" or "warning"; filled from the rule modules by the registry (lint/__init__.py).
SEVERITY: dict[str, str] = {}


@dataclass(frozen=True)
class Finding:
    rule: str
    document: str
    place: str          # "Section 2(a)", "Article FOURTH", "preamble", or a term-sheet field
    excerpt: str
    message: str
    file: str | None = None
    line: int | None = None

    @property
    def severity(self) -> str:
        return SEVERITY[self.rule]

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        excerpt = f" «{self.excerpt}»" if self.excerpt else ""
        return shown(f"{where}{self.severity} {self.rule} {self.document} {self.place}: {self.message}{excerpt}")

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, **asdict(self)}
