"""Read a page's form fields as a browser would submit them (for the route tests)."""
from __future__ import annotations

import html
import re


def _attrs(text: str) -> dict:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', text)}


def fields(page: str) -> dict[str, str]:
    form = page[page.index('<form id="termsheet-form"'):]
    form = form[:form.index("</form>")]
    out: dict[str, str] = {}
    for match in re.finditer(r"<input ([^>]*)>", form):
        attrs = _attrs(match.group(1))
        if "name" not in attrs:
            continue
        if attrs.get("type") == "checkbox":
            if re.search(r"\schecked\b", match.group(1)):
                out[attrs["name"]] = "on"
            continue
        out[attrs["name"]] = attrs.get("value", "")
    for match in re.finditer(r"<textarea ([^>]*)>(.*?)</textarea>", form, re.S):
        out[_attrs(match.group(1))["name"]] = html.unescape(match.group(2))
    for match in re.finditer(r"<select ([^>]*)>(.*?)</select>", form, re.S):
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)</option>', match.group(2))
        out[_attrs(match.group(1))["name"]] = html.unescape((chosen.group(1) if chosen.group(1) is not None else chosen.group(2)) if chosen else "")
    return out
