"""A library's data files (assemblies, overrides, a facts schema): YAML read once, its errors one line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ClauseError

# libyaml's parser when PyYAML has it: the same data, a tenth of the time.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    except UnicodeDecodeError as exc:
        raise ClauseError(f"is not UTF-8 text (byte {exc.start})", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ClauseError(f"is not valid YAML: {getattr(exc, 'problem', None) or exc}", file=str(path),
                          line=mark.line + 1 if mark else None) from None
