"""``assembler serve``: a local web workbench over the Python API (Starlette, Jinja and htmx)."""
