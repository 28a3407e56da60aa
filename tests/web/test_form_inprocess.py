"""The term-sheet form (web/form.py) from a small schema typed by hand, and read back from posted
fields typed by hand: sections, labels, switches, repeatable groups, and each kind of value. In
process, for mutation testing (scripts/mutation-test form); the form drawn from the real schema
is driven in tests/web/test_routes.py and in Chromium."""
from __future__ import annotations

import datetime as dt

from assembler.web import form

SCHEMA = {
    "$defs": {
        "Address": {"type": "object", "title": "Address", "description": "An address",
                    "properties": {"lines": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                                             "title": "Street Lines"},
                                   "city": {"type": "string"}},
                    "required": ["lines", "city"]},
        "Investor": {"type": "object", "properties": {
            "name": {"type": "string", "description": "Legal name"},
            "address": {"$ref": "#/$defs/Address"}}, "required": ["name"]},
        "Piggyback": {"type": "object", "properties": {
            "enabled": {"type": "boolean", "default": False},
            "notice_days": {"type": "integer", "default": 15}}},
        "Stock": {"type": "object", "properties": {
            "no_par": {"type": "boolean", "default": False},
            "par_value": {"anyOf": [{"type": "string"}, {"type": "number"}]},
            "kind": {"type": "string"}}},
    },
    "type": "object",
    "required": ["company"],
    "properties": {
        "company": {"type": "object", "properties": {
            "name": {"type": "string", "title": "Company Name"},
            "principal_office": {"$ref": "#/$defs/Address", "description": "Where it is"}}},
        "agreement": {"type": "object", "properties": {
            "date": {"type": "string", "format": "date"},
            "amendments": {"type": "array", "items": {"type": "object", "properties": {
                "date": {"type": "string", "format": "date"}}}}}},
        "registration": {"type": "object", "properties": {
            "piggyback": {"$ref": "#/$defs/Piggyback"},
            "form": {"enum": ["S-1", "S-3"], "default": "S-3"},
            "percent": {"type": "number"},
            "count": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}},
        "securities": {"$ref": "#/$defs/Stock"},
        "other_investors": {"type": "array", "items": {"$ref": "#/$defs/Investor"}, "x-item-title": "Investor"},
        "facts": {"type": "object", "additionalProperties": True, "title": "Library Facts"},
        "deal_code": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "addresses": {"type": "array", "items": {"$ref": "#/$defs/Address"}, "minItems": 2},
    },
}

DATA = {
    "company": {"name": "Brightwater Robotics Corp.",
                "principal_office": {"lines": ["400 Innovation Way", "Suite 210"], "city": "Reno"}},
    "agreement": {"date": dt.date(2024, 3, 5), "amendments": [{"date": dt.date(2024, 6, 1)}]},
    "registration": {"piggyback": {"enabled": True}, "percent": 62.5},
    "other_investors": [{"name": "Tidewater Partners LLC"}],
    "facts": {"fund": "Harbor", "years": 3},
}


def flat(sections):
    return {node.name: node for node in _walk([n for _, _, nodes in sections for n in nodes])}


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def test_the_sections_and_what_each_holds():
    sections = form.build(SCHEMA, DATA)
    assert [(sid, title, [n.name for n in nodes]) for sid, title, nodes in sections] == [
        ("parties", "Parties", ["company"]),
        ("dates", "Dates and signing", ["agreement"]),
        ("securities", "Securities", ["securities"]),
        ("registration", "Registration", ["registration"]),
        ("investors", "Other investors", ["other_investors"]),
        ("amendments", "Amendments", ["agreement.amendments"]),
        ("more-facts", "Library Facts", ["facts"]),
        ("more-deal_code", "Deal Code", ["deal_code"]),
        ("more-addresses", "Addresses", ["addresses"])]
    agreement = sections[1][2][0]
    assert [c.name for c in agreement.children] == ["agreement.date"]  # its amendments are shown apart
    assert form.names(sections) >= {"company", "company.principal_office.lines.1", "agreement.amendments.0.date",
                                    "other_investors.0.address.city", "facts"}
    assert "agreement.amendments" in form.names(sections) and "agreement.amendment" not in form.names(sections)


def test_labels_help_and_required():
    nodes = flat(form.build(SCHEMA, DATA))
    name = nodes["company.name"]
    assert (name.kind, name.label, name.value, name.required) == ("string", "Company Name",
                                                                  "Brightwater Robotics Corp.", False)
    assert (name.id, name.section_id) == ("f-company.name", "s-company.name")
    office = nodes["company.principal_office"]
    # The property's key says more than the model's own title ("Address"); its description wins.
    assert (office.kind, office.label, office.help) == ("object", "Principal Office", "Where it is")
    assert nodes["company.principal_office.city"].required and nodes["company.principal_office.city"].label == "City"
    assert nodes["other_investors.0.address"].help == "An address"
    assert nodes["other_investors.0.name"].help == "Legal name" and nodes["other_investors.0.name"].required
    assert nodes["company"].required and not nodes["agreement"].required


def test_kinds_and_values():
    nodes = flat(form.build(SCHEMA, DATA))
    assert (nodes["agreement.date"].kind, nodes["agreement.date"].value) == ("date", "2024-03-05")
    assert (nodes["registration.percent"].kind, nodes["registration.percent"].value) == ("number", "62.5")
    assert (nodes["registration.count"].kind, nodes["registration.count"].value) == ("integer", "")
    form_kind = nodes["registration.form"]
    assert (form_kind.kind, form_kind.options, form_kind.value) == ("enum", ["S-1", "S-3"], "S-3")
    # "number or string" (a Decimal) is one number input.
    assert nodes["securities.par_value"].kind == "number"
    assert (nodes["deal_code"].kind, nodes["deal_code"].value) == ("string", "")
    facts = nodes["facts"]
    assert (facts.kind, facts.value) == ("mapping", "fund: Harbor\nyears: 3")
    assert flat(form.build(SCHEMA, {}))["facts"].value == ""
    assert flat(form.build(SCHEMA, {"facts": {"name": "Zoë"}}))["facts"].value == "name: Zoë"
    assert flat(form.build(SCHEMA, {"registration": {"form": "S-1"}}))["registration.form"].value == "S-1"
    enum_without_default = {**SCHEMA, "properties": {"x": {"enum": [1, 2]}}}
    assert flat(form.build(enum_without_default, {}))["x"].value == ""
    assert flat(form.build(enum_without_default, {}))["x"].options == ["1", "2"]


def test_switches():
    nodes = flat(form.build(SCHEMA, DATA))
    piggyback = nodes["registration.piggyback"]
    assert piggyback.switch == "enabled" and piggyback.hidden_when_on == []
    assert nodes["registration.piggyback.enabled"].value is True
    assert not nodes["registration.piggyback.enabled"].depends and nodes["registration.piggyback.notice_days"].depends
    assert nodes["registration.piggyback.notice_days"].value == ""
    assert flat(form.build(SCHEMA, {}))["registration.piggyback.enabled"].value is False
    stock = nodes["securities"]
    assert (stock.switch, stock.hidden_when_on) == ("no_par", ["securities.par_value"])
    assert nodes["securities.par_value"].depends and not nodes["securities.kind"].depends
    assert not nodes["securities.no_par"].depends
    assert nodes["company"].switch == "" and not nodes["company.name"].depends
    # "enabled" that is not a boolean is no switch.
    other = {**SCHEMA, "properties": {"x": {"type": "object", "properties": {"enabled": {"type": "string"},
                                                                            "y": {"type": "string"}}}}}
    assert flat(form.build(other, {}))["x"].switch == "" and not flat(form.build(other, {}))["x.y"].depends


def test_repeatable_groups():
    nodes = flat(form.build(SCHEMA, DATA))
    investors = nodes["other_investors"]
    assert (investors.kind, investors.item_label, investors.minimum) == ("array", "Investor", 0)
    assert [(c.name, c.label) for c in investors.children] == [("other_investors.0", "Investor 1")]
    lines = nodes["company.principal_office.lines"]
    assert (lines.item_label, lines.minimum) == ("Street Line", 1)
    assert [(c.name, c.label, c.value) for c in lines.children] == [
        ("company.principal_office.lines.0", "Street Line 1", "400 Innovation Way"),
        ("company.principal_office.lines.1", "Street Line 2", "Suite 210")]
    # A required list shows its minimum of empty items; one not required shows none.
    empty = flat(form.build(SCHEMA, {"company": {"principal_office": {"city": "Reno"}}}))
    assert [c.value for c in empty["company.principal_office.lines"].children] == [""]
    assert empty["addresses"].children == [] and empty["addresses"].minimum == 2
    required = {**SCHEMA, "required": ["addresses"]}
    assert [c.label for c in flat(form.build(required, {}))["addresses"].children] == ["Address 1", "Address 2"]
    assert flat(form.build(SCHEMA, {"other_investors": "not a list"}))["other_investors"].children == []
    assert flat(form.build(SCHEMA, DATA))["agreement.amendments"].item_label == "Amendment"


def test_singular_labels():
    assert form._singular("Investors") == "Investor"
    assert form._singular("Addresses") == "Address"
    assert form._singular("Address") == "Address"
    assert form._singular("Lines") == "Line"
    assert form._singular("Data") == "Data"


def test_get_by_path():
    data = {"a": [{"b": 1}, {"b": 2}]}
    assert form._get(data, ("a", 1, "b")) == 2
    assert form._get(data, ("a", 2, "b")) is None
    assert form._get(data, ("a", "0")) is None
    assert form._get(data, ()) == data
    assert form._get(None, ("a",)) is None


def fields(**values) -> dict:
    return {key.replace("__", "."): value for key, value in values.items()}


def test_reading_values_back():
    posted = {"company.name": "  Brightwater  ", "company.principal_office.lines.__count": "2",
              "company.principal_office.lines.0": "400 Innovation Way", "company.principal_office.lines.1": " ",
              "company.principal_office.city": "Reno",
              "agreement.date": "2024-03-05", "registration.percent": "62.5", "registration.count": "1,200",
              "registration.piggyback.enabled.__box": "1", "registration.piggyback.enabled": "on",
              "registration.piggyback.notice_days": "15", "registration.form": "S-1",
              "facts": "fund: Harbor\nyears: 3", "deal_code": "", "securities.par_value": "0.0001"}
    assert form.read(SCHEMA, posted) == {
        "company": {"name": "Brightwater", "principal_office": {"lines": ["400 Innovation Way"], "city": "Reno"}},
        "agreement": {"date": dt.date(2024, 3, 5)},
        "registration": {"piggyback": {"enabled": True, "notice_days": 15}, "form": "S-1", "percent": 62.5,
                         "count": 1200},
        "securities": {"par_value": 0.0001},
        "facts": {"fund": "Harbor", "years": 3}}
    assert form.read(SCHEMA, {}) == {}


def test_a_switch_at_its_default_alone_leaves_its_section_out():
    assert form.read(SCHEMA, {"registration.piggyback.enabled.__box": "1"}) == {}
    assert form.read(SCHEMA, {"registration.piggyback.enabled.__box": "1", "registration.piggyback.enabled": "on"}) \
        == {"registration": {"piggyback": {"enabled": True}}}
    assert form.read(SCHEMA, {"registration.piggyback.enabled": "on"}) == {}  # no box: not on the page
    assert form.read(SCHEMA, {"registration.piggyback.enabled.__box": "1", "registration.piggyback.enabled": "yes"}) \
        == {}


def test_numbers_as_typed():
    def number(text):
        return form.read(SCHEMA, {"registration.percent": text})["registration"]["percent"]

    assert number("62.5") == 62.5
    assert number("1,000") == 1000 and isinstance(number("1,000"), int)
    assert number("-3") == -3 and isinstance(number("-3"), int)
    assert number("3.0") == 3.0 and isinstance(number("3.0"), float)
    assert number("0.10") == "0.10"  # a float would print it back as 0.1
    assert number("1e3") == "1e3"
    assert number("lots") == "lots"
    assert form.read(SCHEMA, {"registration.count": "twelve"}) == {"registration": {"count": "twelve"}}
    assert form.read(SCHEMA, {"registration.count": "-12"}) == {"registration": {"count": -12}}
    assert form.read(SCHEMA, {"agreement.date": "2024-02-30"}) == {"agreement": {"date": "2024-02-30"}}
    assert form.read(SCHEMA, {"facts": "a: [b"}) == {"facts": "a: [b"}


def test_dates_from_three_boxes():
    def date(day, month, year):
        return form.read(SCHEMA, {"agreement.date.day": day, "agreement.date.month": month,
                                  "agreement.date.year": year}).get("agreement", {}).get("date")

    assert date("5", "3", "2024") == dt.date(2024, 3, 5)
    assert date(" 5 ", "03", "2024") == dt.date(2024, 3, 5)
    assert date("30", "2", "2026") == "2026-02-30"
    assert date("", "", "") is None
    assert date("5", "", "") == "--5"
    assert date("x", "3", "2024") == "2024-3-x"
    assert date("5", "3", "24") == dt.date(24, 3, 5)
    assert form._date("1", "2", "") == "-2-1"
    assert form.read(SCHEMA, {"agreement.date.day": "5", "agreement.date.month": "3"}) == {}


def test_repeatable_groups_read_back_added_and_removed():
    posted = {"other_investors.__count": "3", "other_investors.0.name": "A", "other_investors.1.name": "",
              "other_investors.2.name": "C"}
    assert form.read(SCHEMA, posted) == {"other_investors": [{"name": "A"}, {"name": "C"}]}
    assert form.read(SCHEMA, posted, ("remove", "other_investors.0")) == {"other_investors": [{"name": "C"}]}
    assert form.read(SCHEMA, posted, ("remove", "other_investors.2")) == {"other_investors": [{"name": "A"}]}
    assert form.read(SCHEMA, posted, ("add", "other_investors")) == {
        "other_investors": [{"name": "A"}, {"name": "C"}, {}]}
    assert form.read(SCHEMA, posted, ("add", "other_investors.0")) == {"other_investors": [{"name": "A"},
                                                                                          {"name": "C"}]}
    lines = {"company.principal_office.lines.__count": "1", "company.principal_office.lines.0": "x"}
    assert form.read(SCHEMA, lines, ("add", "company.principal_office.lines")) == {
        "company": {"principal_office": {"lines": ["x", ""]}}}
    assert form.read(SCHEMA, {"other_investors.__count": "x"}) == {}
    assert form.read(SCHEMA, {"other_investors.__count": "0"}, ("add", "other_investors")) == {
        "other_investors": [{}]}


def test_int_and_field_name():
    assert form._int(" 1,200 ") == 1200 and form._int("-5") == -5 and form._int(7) == 7
    assert form._int("1.5") is None and form._int(None) is None and form._int("") is None
    assert form.field_name("other_investors[0].notices.address.lines[12]") == \
        "other_investors.0.notices.address.lines.12"
    assert form.field_name(None) == "" and form.field_name("company.name") == "company.name"


def test_the_real_schemas_sections():
    """Every section of the real form, in this order, from the term sheet's schema."""
    from assembler import termsheet
    from assembler.library import Library

    sections = form.build(termsheet.json_schema(Library()), {})
    assert [sid for sid, _, _ in sections][:9] == [
        "parties", "dates", "securities", "registration", "obligations", "governing-law", "investors", "charter",
        "amendments"]
    # The charter is a part the deal may not have: without it, the form asks nothing of it, not even
    # its amendments; once added (even empty), its amendments are asked beside the agreement's.
    charter, amendments = sections[7][2][0], sections[8][2]
    assert (charter.name, charter.part, charter.present) == ("charter", True, False)
    assert [node.name for node in amendments] == ["agreement.amendments"]
    with_charter = form.build(termsheet.json_schema(Library()), {"charter": {}})
    charter, amendments = with_charter[7][2][0], with_charter[8][2]
    assert (charter.name, charter.part, charter.present) == ("charter", True, True)
    assert [node.name for node in amendments] == ["agreement.amendments", "charter.amendments"]


EXTRA = {
    "$defs": {"Flag": {"type": "boolean"},
              "Office": {"type": "object", "properties": {"city": {"type": "string"}}}},
    "type": "object",
    "properties": {
        "office": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/Office"}]},
        "count": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "bare": {"properties": {"x": {"type": "string"}}},
        "tags": {"type": "array"},
        "names": {"type": "array", "items": {"type": "string"}},
        "resale": {"type": "object", "properties": {"enabled": {"$ref": "#/$defs/Flag", "default": True},
                                                    "days": {"type": "integer"}}},
        "facts": {"type": "object", "additionalProperties": True},
        "people": {"type": "array", "items": {"type": "object", "properties": {
            "lines": {"type": "array", "items": {"type": "string"}}}}},
    },
}


def test_a_schema_with_no_required_list_and_odd_shapes():
    nodes = flat(form.build(EXTRA, {"facts": {"years": 3, "fund": "Harbor"}}))
    assert nodes["office"].kind == "object" and nodes["office.city"].kind == "string"  # null first in anyOf
    assert nodes["count"].kind == "integer"  # a string or an integer: one number input
    assert nodes["bare"].kind == "object"  # properties without a type
    assert nodes["tags"].children == [] and nodes["names"].children == []
    assert nodes["facts"].value == "years: 3\nfund: Harbor"  # the keys in the order given
    assert nodes["count"].help == "" and not nodes["count"].required
    resale = nodes["resale"]
    assert resale.switch == "enabled" and nodes["resale.days"].depends
    assert nodes["resale.enabled"].value is True  # its default, with nothing given
    required = {**EXTRA, "required": ["names"]}
    assert flat(form.build(required, {}))["names"].children == []  # required, with no minimum: none
    items = flat(form.build(EXTRA, {"names": ["a"]}))
    assert items["names.0"].required is True and items["names.0"].label == "Name 1"


def test_reading_odd_shapes_back():
    assert form.read(EXTRA, {"resale.enabled.__box": "1", "resale.enabled": "on"}) == {}  # at its default
    assert form.read(EXTRA, {"resale.enabled.__box": "1"}) == {"resale": {"enabled": False}}
    assert form.read(EXTRA, {"tags.__count": "1", "tags.0": "x"}) == {"tags": ["x"]}
    assert form.read(EXTRA, {"tags.__count": "0"}, ("add", "tags")) == {"tags": [""]}
    assert form.read(EXTRA, {"names.0": "a"}) == {}  # no count: no items
    assert form.read(EXTRA, {"names.__count": "0", "names.0": "a"}) == {}
    posted = {"people.__count": "1", "people.0.lines.__count": "1", "people.0.lines.0": "x"}
    assert form.read(EXTRA, posted, ("add", "people.0.lines")) == {"people": [{"lines": ["x", ""]}]}
    assert form.read(EXTRA, {**posted, "people.0.lines.__count": "2", "people.0.lines.1": "y"},
                     ("remove", "people.0.lines.0")) == {"people": [{"lines": ["y"]}]}
    assert form.read(SCHEMA, {"registration.percent": "1,000.5"}) == {"registration": {"percent": 1000.5}}
    assert form.read(SCHEMA, {"agreement.date.day": "", "agreement.date.month": "3",
                              "agreement.date.year": ""}) == {"agreement": {"date": "-3-"}}


def test_a_boolean_without_a_default_is_off_and_read_back_only_when_on():
    schema = {"type": "object", "properties": {"x": {"type": "object", "properties": {"flag": {"type": "boolean"}}}}}
    assert flat(form.build(schema, {}))["x.flag"].value is False
    assert form.read(schema, {"x.flag.__box": "1"}) == {}
    assert form.read(schema, {"x.flag.__box": "1", "x.flag": "on"}) == {"x": {"flag": True}}


def test_a_library_facts_type_list():
    """A fact of a matter's library is typed as a list ("string or null", the importer's): the
    first kind not null is the input's, the others say it may be left out."""
    assert form._resolve({}, {"type": ["string", "null"], "title": "Fund"}) == (
        {"type": "string", "title": "Fund"}, True)
    assert form._resolve({}, {"type": ["null", "integer"]}) == ({"type": "integer"}, True)
    assert form._resolve({}, {"type": ["integer", "string"]}) == ({"type": "integer"}, False)
    assert form._resolve({}, {"type": ["integer"]}) == ({"type": "integer"}, False)
    assert form._resolve({}, {"type": ["null"]}) == ({"type": "string"}, True)
    # Nullable once stays nullable: an optional (anyOf with null) whose option is a type list.
    assert form._resolve({}, {"anyOf": [{"type": ["integer"]}, {"type": "null"}]}) == ({"type": "integer"}, True)
    assert form._resolve({}, {"anyOf": [{"type": "string"}]}) == ({"type": "string"}, False)
    assert form._resolve({}, {"type": "string"})[1] is False  # neither an anyOf nor a list: not nullable
    assert form._resolve({}, {"anyOf": [{"type": ["string", "null"]}]}) == ({"type": "string"}, True)
    nodes = flat(form.build({"type": "object", "properties": {
        "fund": {"type": ["string", "null"], "title": "Fund"},
        "years": {"type": ["null", "integer"]}}}, {"years": 3}))
    assert (nodes["fund"].kind, nodes["fund"].label, nodes["fund"].value) == ("string", "Fund", "")
    assert (nodes["years"].kind, nodes["years"].value) == ("integer", "3")


def test_a_mappings_entries():
    schema = {"type": "object", "properties": {"facts": {"type": "object", "additionalProperties": True}}}
    assert flat(form.build(schema, {"facts": {"fund": "Harbor", "years": 3}}))["facts"].mapping == {
        "fund": "Harbor", "years": 3}
    assert flat(form.build(schema, {}))["facts"].mapping == {}
    assert flat(form.build(schema, {"facts": ["a", "list"]}))["facts"].mapping == {}


PARTED = {"type": "object", "properties": {
    "charter": {"type": "object", "properties": {"name": {"type": "string"},
                                                 "blank_check": {"type": "boolean", "default": False}}},
    "company": {"type": "object", "properties": {"name": {"type": "string"}}}}}


def test_a_part_is_there_until_removed():
    """The charter is a part: there, even with nothing filled in, once added, until removed."""
    assert form.read(PARTED, {}) == {}
    assert form.read(PARTED, {"charter.__part": "1"}) == {"charter": {}}
    assert form.read(PARTED, {"charter.__part": "1", "charter.blank_check.__box": "1"}) == {
        "charter": {"blank_check": False}}
    assert form.read(PARTED, {}, ("add", "charter")) == {"charter": {}}
    assert form.read(PARTED, {"charter.__part": "1", "charter.name": "X"}, ("remove", "charter")) == {}
    assert form.read(PARTED, {"charter.name": "X"}, ("remove", "charter")) == {}
    assert form.read(PARTED, {"charter.name": "X"}) == {"charter": {"name": "X"}}
    # Another object is not a part: empty, it is left out, and a "remove" or "add" of it does nothing.
    assert form.read(PARTED, {"company.__part": "1"}) == {}
    assert form.read(PARTED, {"company.name": "Y"}, ("remove", "company")) == {"company": {"name": "Y"}}
    assert form.read(PARTED, {}, ("add", "company")) == {}
    assert form.read(PARTED, {"charter.__part": "1"}, ("remove", "company")) == {"charter": {}}
