"""Kept for callers of ``clause_lint.check``: the library rules now live in ``lint``."""
from .lint import check_library as check  # noqa: F401
