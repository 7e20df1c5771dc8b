"""The search box finds any piece of a document number, not only its start (issue 11, item 4).

Expected numbers are read off the sample register (sample_docs/register.toml) by hand.
"""

from __future__ import annotations

import pytest

from docfiler.queries import documents as queries
from docfiler.queries import register as browse

YEAR_2016 = {
    "盖政办〔2016〕125号",
    "盖政办发〔2016〕14号",
    "盖政办发〔2016〕51号",
    "盖政办发〔2016〕67号",
    "盖政办发〔2016〕85号",
    "盖政办发〔2016〕88号",
    "盖政发〔2016〕117号",
    "盖政发〔2016〕9号",
}
GAI_ZHENG_FA = {
    "盖政发〔2010〕49号",
    "盖政发〔2012〕72号",
    "盖政发〔2015〕31号",
    "盖政发〔2016〕117号",
    "盖政发〔2016〕9号",
    "盖政发〔2017〕58号",
    "盖政发〔2018〕24号",
    "盖政发〔2022〕38号",
    "盖政发〔2023〕29号",
    "盖政发〔2024〕33号",
    "盖政发〔2025〕27号",
    "盖政发〔2026〕101号",
    "盖政发〔2026〕104号",
    "盖政发〔2026〕21号",
    "盖政发〔2026〕96号",
}
FOUND = {
    "2016〕9": {"盖政发〔2016〕9号"},
    "（2016）9": {"盖政发〔2016〕9号"},
    "〔2016〕1": {"盖政办发〔2016〕14号", "盖政发〔2016〕117号", "盖政办〔2016〕125号"},
    "9号": {
        "盖政办发〔2020〕9号",
        "盖政发〔2016〕9号",
        "盖政发〔2023〕29号",
        "盖民发〔2026〕39号",
        "盖自然资发〔2026〕19号",
        "盖政办发〔2014〕19号",
        "盖政发〔2010〕49号",
    },
    "117": {"盖政发〔2016〕117号"},
    "2016": YEAR_2016,
    "盖政发": GAI_ZHENG_FA,
    "财发〔2020": {"盖财发〔2020〕46号"},
    "第46号": {"盖财发〔2020〕46号"},
    "〔2020〕０４６号": {"盖财发〔2020〕46号"},
    "救助 2016": {"盖政发〔2016〕9号"},
    "管理办法 〔2026〕": {
        "盖政办发〔2026〕66号",
        "盖政办发〔2026〕73号",
        "盖政办发〔2026〕81号",
        "盖政办发〔2026〕86号",
        "盖政发〔2026〕101号",
        "盖政发〔2026〕104号",
        "盖政发〔2026〕96号",
        "盖教发〔2026〕41号",
        "盖自然资发〔2026〕19号",
        "盖财发〔2026〕58号",
    },
    "〔2017〕9": set(),
}


def register_numbers(office, search: str) -> list[str]:
    numbers, offset = [], 0
    filters = browse.RegisterFilter(search=search)
    while True:
        page = browse.register_page(office=office, filters=filters, offset=offset, limit=7)
        numbers += [row.doc_number for row in page.rows]
        if not page.has_more:
            return numbers
        offset += 7


@pytest.mark.parametrize("search", list(FOUND))
def test_any_piece_of_a_number_finds_it_in_the_register(sample_office, search):
    numbers = register_numbers(sample_office, search)
    assert set(numbers) == FOUND[search]
    assert len(numbers) == len(FOUND[search])
    filters = browse.RegisterFilter(search=search)
    assert browse.register_count(office=sample_office, filters=filters) == len(FOUND[search])


@pytest.mark.parametrize("search", list(FOUND))
def test_the_cli_listing_finds_the_same(sample_office, search):
    found = queries.list_documents(office=sample_office, search=search)
    assert {view["doc_number"] for view in found} == FOUND[search]


@pytest.mark.parametrize("search", ["2016〕9", "政办发", "9号"])
def test_every_plan_finds_the_same_pieces(sample_office, monkeypatch, search):
    walked = register_numbers(sample_office, search)
    monkeypatch.setattr(browse, "_covered", lambda *_: False)
    monkeypatch.setattr(browse, "_walk_within_budget", lambda *_: None)
    assert register_numbers(sample_office, search) == walked


def test_a_piece_of_an_agency_code_finds_its_numbers(sample_office):
    assert len(register_numbers(sample_office, "政办发")) == 17
    # 救助 is in no agency code: only titles are searched
    assert set(register_numbers(sample_office, "救助")) == {
        "盖政发〔2016〕9号",
        "盖民发〔2019〕21号",
        "盖民发〔2024〕3号",
    }
