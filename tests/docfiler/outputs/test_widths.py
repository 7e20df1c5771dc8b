"""Issue 10, item 2: column widths from what the columns hold. Every expected value below is
worked out by hand in the comment beside it (1 pt = 20 twips; cell margins 57 + 57 = 114)."""

import pytest

from docfiler.outputs.widths import Column, column_widths, text_em, widest_em


@pytest.mark.parametrize(
    ("text", "em"),
    [
        ("120", 1.5),  # 3 digits × ½
        ("序号", 2.0),  # 2 汉字
        # 盖政办发〔〕号 7 × 1, 202673 6 × ½, one gap 3|号 ¼ (none beside 〔〕)
        ("盖政办发〔2026〕73号", 10.25),
        # 年月日 3 × 1, 20261130 8 × ½, gaps 6|年 年|1 1|月 月|3 0|日: 5 × ¼
        ("2026年11月30日", 8.25),
        ("2016年3月1日", 3 + 3 + 5 * 0.25),
        ("《甲》", 3.0),  # title marks are full width
        ("2026年11月20日\n宣布失效", 8.25),  # the widest line
        ("", 0.0),
    ],
)
def test_text_widths(text, em):
    assert text_em(text) == em


def test_the_widest_of_many():
    assert widest_em(["1", "99", "120", "120"]) == 1.5
    assert widest_em([]) == 0.0


def test_catalogue_columns_at_small_4():
    # 序号 fits "序号" (24 pt): 480 + 114 = 594; 文号 10.25 em × 12 = 123 pt: 2460 + 114 = 2574;
    # dates 8.25 em × 12 = 99 pt: 1980 + 114 = 2094. Rest 8844 − 5262 = 3582: 备注 (weight 1 of
    # 5) would get 716.4 but needs only 24 pt (594); 文件名称 takes 3582 − 594 = 2988.
    columns = [
        Column(need=24, fit=True),
        Column(need=400, fit=False, weight=4, least=48),
        Column(need=123, fit=True),
        Column(need=99, fit=True),
        Column(need=24, fit=False, weight=1, least=24),
    ]
    assert column_widths(columns, 8844, 114) == [594, 2988, 2574, 2094, 594]


def test_two_wrapping_columns_share_by_weight():
    # fit: 20 pt → 400 + 114 = 514. Rest 5000 − 514 = 4486 split 3 : 1 → 3364.5 and 1121.5,
    # both under their needs; rounded down to 3364 and 1121, the spare twip to the wider one.
    columns = [
        Column(need=20, fit=True),
        Column(need=500, fit=False, weight=3, least=24),
        Column(need=500, fit=False, weight=1, least=24),
    ]
    assert column_widths(columns, 5000, 114) == [514, 3365, 1121]


def test_a_wrapping_column_keeps_its_header_on_one_line():
    # rest 2000 − 514 = 1486 by weight 9 : 1 → 1337.4 and 148.6; the second needs its header,
    # 24 pt: 480 + 114 = 594, so it gets 594 and the first the 892 left.
    columns = [
        Column(need=20, fit=True),
        Column(need=500, fit=False, weight=9, least=24),
        Column(need=500, fit=False, weight=1, least=24),
    ]
    assert column_widths(columns, 2000, 114) == [514, 892, 594]


def test_with_no_wrapping_column_the_spare_width_is_shared():
    # 514 + 714 = 1228; 772 spare, 386 each.
    columns = [Column(need=20, fit=True), Column(need=30, fit=True)]
    assert column_widths(columns, 2000, 114) == [900, 1100]


def test_when_nothing_can_fit_the_fitting_columns_give_way():
    # floors: wrapping 24 pt → 594; room for the fitting ones 1000 − 594 = 406 of their 2628
    # (514 + 2114): scaled by 406/2628 → 79.4 and 326.6, rounded up; the rest to the wrapper.
    columns = [
        Column(need=20, fit=True),
        Column(need=100, fit=True),
        Column(need=500, fit=False, weight=1, least=24),
    ]
    widths = column_widths(columns, 1000, 114)
    assert widths == [80, 327, 593]
    assert sum(widths) == 1000
