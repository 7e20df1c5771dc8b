"""docnumber.number_fragment: a search word read as any piece of a document number."""

from __future__ import annotations

import pytest

from docfiler.domain.docnumber import NumberFragment, number_fragment


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("〔2016〕9", NumberFragment("〔2016〕9", number_only=True, year=2016)),
        ("（2016）09号", NumberFragment("〔2016〕9号", number_only=True, year=2016)),
        ("2019]21", NumberFragment("2019〕21", number_only=True, year=2019)),
        ("第46号", NumberFragment("46号", number_only=True, year=None)),
        ("9號", NumberFragment("9号", number_only=True, year=None)),
        ("１１７", NumberFragment("117", number_only=False, year=None)),
        ("2016", NumberFragment("2016", number_only=False, year=None)),
        ("〔201", NumberFragment("〔201", number_only=True, year=None)),
    ],
)
def test_pieces_of_numbers(word, expected):
    assert number_fragment(word) == expected


@pytest.mark.parametrize("word", ["救助", "盖政发", "", "   "])
def test_words_without_digits_or_brackets_are_not_pieces(word):
    assert number_fragment(word) is None
