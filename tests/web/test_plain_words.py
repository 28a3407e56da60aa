"""Issue 24, point 3: every fact of the term sheet, ours and a library's, has a title and help
written for a lawyer, and none of it is a path, a key, a flag, code or 'the seed'."""
from __future__ import annotations

import pytest

from assembler.termsheet import Deal, json_schema
from assembler.termsheet.messages import model_of
from assembler.termsheet.wording import WORDING
from tests.conftest import EXAMPLE
from tests.web.test_every_screen import problems_in

JOINDER = EXAMPLE.parent.parent / "joinder" / "library"


def properties(schema: dict):
    """(where, property) for every property of the schema, nested ones included."""
    def walk(node: dict, where: str):
        for key, prop in node.get("properties", {}).items():
            yield f"{where}.{key}", prop
            yield from walk(prop, f"{where}.{key}")
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], where + "[]")
    yield from walk(schema, "Deal")
    for name, definition in schema.get("$defs", {}).items():
        yield from walk(definition, name)


@pytest.mark.parametrize("library", [None, JOINDER], ids=["ours", "joinder-library"])
def test_every_fact_has_a_title_and_help_in_plain_words(library):
    found = list(properties(json_schema(library)))
    assert len(found) > 150 if library is None else len(found) > 160
    missing = [where for where, prop in found if not (prop.get("title") and prop.get("description"))]
    assert missing == []
    said = [f"{where}: {p}" for where, prop in found
            for p in problems_in(f"{prop['title']}. {prop['description']}")]
    assert said == []


def test_every_field_of_every_model_has_its_wording():
    """The wording is per model and field: a field added to a model without it fails here."""
    from assembler.termsheet.wording import wording

    seen, missing = set(), []

    def walk(model):
        if model in seen:
            return
        seen.add(model)
        for key, info in model.model_fields.items():
            if wording(model.__name__, key) is None:
                missing.append(f"{model.__name__}.{key}")
            inner = model_of(info.annotation)
            if inner:
                walk(inner)
    walk(Deal)
    assert missing == []
    assert len(WORDING) > 130


def test_a_rules_words_name_fields_as_the_form_does():
    from assembler.web.errors_view import plain

    assert plain("leaves investor.name blank") == "leaves The initial investor › Investor's name blank"
    assert plain("set par_value, or no_par: true for shares without par value") == \
        "set Par value per share ($), or tick No par value for shares without par value"
    assert plain("names other_investors[1].assignment.assignor") == \
        "names Other investors › Investor 2 › Assignment › Assigned by"
    assert plain("field '--to': give one") == "field 'To': give one"
    for prose in ("Section 1(a)(i) of the Agreement", "a signature page, i.e. the last one"):
        assert plain(prose) == prose  # nothing to change


def test_a_hint_to_pass_a_command_line_option_the_pages_lack_is_left_out():
    from assembler.errors import ClauseError, LintError
    from assembler.web.errors_view import said

    assert said(LintError(["one"])) == "1 error in the assembled documents; nothing written"
    assert said(ClauseError("uses a character the fonts lack", hint="build with --draft to print its code")) == \
        "uses a character the fonts lack"
    assert said(ClauseError("gives no recipient", hint="give --to, e.g. --to investor")) == \
        "gives no recipient (give To, e.g. To investor)"
