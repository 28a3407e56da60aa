"""No false alarms: everything the style filters write lints clean, and a mismatch is still caught."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from assembler import lint, style
from assembler.tree import Document, Paragraph, Text


def _document(sentences: list[str]) -> Document:
    # Sentences as the clauses set them: "within thirty (30) days after ...", one paragraph each.
    return Document(name="probe", title="Probe", numbering=["decimal"],
                    blocks=[Paragraph([Text(sentence)]) for sentence in sentences])


def test_every_count_from_0_to_100000_lints_clean():
    sentences = [f"The Company shall act within {style.count(n, 'day')} after the Closing Date."
                 for n in range(100_001)]
    # In chunks of a thousand sentences, so a finding names a small paragraph.
    for start in range(0, len(sentences), 1000):
        found = lint.words_and_numerals(_document([" ".join(sentences[start:start + 1000])]))
        assert found == [], found[0].one_line()


def test_counts_past_a_million_lint_clean():
    for n in (1_000_000, 2_880_000, 999_999_999, 1_000_000_001, 999_999_999_999_999):
        assert lint.words_and_numerals(_document([f"Issue {style.count(n, 'share')} now."])) == [], n


def test_the_words_of_a_count_are_read_back_to_its_number():
    # Hand-written: what the rule reads, not what style writes.
    assert lint.words_numerals_mismatch.words_value("two thousand, eight hundred and eighty".replace(",", "").split()) == 2880
    assert lint.words_numerals_mismatch.words_value(["one", "hundred", "and", "twenty"]) == 120


def test_a_real_mismatch_is_still_found_with_commas_and_long_numbers():
    found = lint.words_and_numerals(_document([
        "within two thousand, eight hundred and eighty (2,881) hours",
        "within thirty (31) days"]))
    assert [f.message for f in found] == [
        "says two thousand, eight hundred and eighty in words but 2,881 in figures "
        "(two thousand, eight hundred and eighty-one)",
        "says thirty in words but 31 in figures (thirty-one)"]


@settings(max_examples=400, deadline=None)
@given(st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1000000000000"), places=6,
                   allow_nan=False, allow_infinity=False))
def test_money_in_words_and_figures_lints_clean(amount):
    sentences = [f"at a price of {style.money_words(amount)} per share",
                 f"a principal amount of {style.money(amount)}"]
    assert lint.check_document(_document(sentences)) == []


def test_the_phrase_refused_before_is_accepted_with_or_without_the_thousands_comma():
    for figures in ("2880", "2,880"):
        sentence = f"within two thousand, eight hundred and eighty ({figures}) hours"
        assert lint.words_and_numerals(_document([sentence])) == [], figures
