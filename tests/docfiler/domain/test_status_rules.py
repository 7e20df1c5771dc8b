"""Status from dated events, read off a document; the refusal of an unknown status."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from docfiler.domain.status import Ending, ending, parse_status, status_of
from docfiler.errors import ValidationError

D = dt.date
AS_OF = D(2020, 6, 15)


def document(**events: dt.date | None) -> SimpleNamespace:
    base = {
        "published_on": D(2016, 3, 1),
        "effective_on": None,
        "valid_until": None,
        "repealed_on": None,
        "declared_invalid_on": None,
    }
    return SimpleNamespace(**{**base, **events})


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ({}, "in_force"),
        ({"published_on": None}, "draft"),
        ({"effective_on": D(2020, 7, 1)}, "published"),
        ({"valid_until": D(2020, 6, 14)}, "lapsed"),
        ({"repealed_on": D(2018, 1, 1)}, "repealed"),
        ({"declared_invalid_on": D(2018, 1, 1)}, "declared_invalid"),
    ],
)
def test_status_of_reads_every_event(events, status):
    assert status_of(document(**events), AS_OF) == status


def test_an_unknown_status_lists_the_choices_in_order():
    with pytest.raises(ValidationError) as refused:
        parse_status("有效")
    assert str(refused.value) == (
        "状态“有效”无法识别，可选：draft（草案）、published（已公布未施行）、"
        "in_force（现行有效）、lapsed（已失效）、repealed（已废止）、"
        "declared_invalid（已宣布失效）。"
    )


# ---------------------------------------------------------------------------- ending


def ended(**events) -> SimpleNamespace:
    reasons = {"repeal_reason": events.pop("repeal_reason", None)}
    reasons["invalid_reason"] = events.pop("invalid_reason", None)
    return SimpleNamespace(**vars(document(**events)), **reasons)


def test_a_repeal_ends_on_its_day_with_its_reason():
    repealed = ended(repealed_on=D(2018, 1, 1), repeal_reason="已被盖政发〔2017〕12号替代")
    assert ending(repealed, AS_OF) == Ending(
        "repealed", D(2018, 1, 1), "废止", "已被盖政发〔2017〕12号替代"
    )


def test_a_declaration_of_invalidity_ends_on_its_day_with_its_reason():
    invalid = ended(declared_invalid_on=D(2018, 1, 1), invalid_reason="调整对象已消失")
    assert ending(invalid, AS_OF) == Ending(
        "declared_invalid", D(2018, 1, 1), "宣布失效", "调整对象已消失"
    )


def test_no_reason_recorded_is_left_empty_never_invented():
    assert ending(ended(repealed_on=D(2018, 1, 1)), AS_OF).reason == ""
    assert ending(ended(declared_invalid_on=D(2018, 1, 1)), AS_OF).reason == ""


def test_a_lapse_ends_the_day_after_the_last_valid_day():
    lapsed = ended(valid_until=D(2020, 6, 14))
    assert ending(lapsed, AS_OF) == Ending("lapsed", D(2020, 6, 15), "失效", "有效期届满")


@pytest.mark.parametrize(
    "events",
    [
        {},  # in force
        {"published_on": None},  # draft
        {"effective_on": D(2020, 7, 1)},  # published, awaiting effect
        {"valid_until": AS_OF},  # its last valid day
        {"repealed_on": AS_OF + dt.timedelta(days=1)},  # repeal not yet in effect
    ],
)
def test_no_ending_while_not_ended(events):
    assert ending(ended(**events), AS_OF) is None
