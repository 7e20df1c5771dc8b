"""The catalogue of valid documents and the list of repealed and invalid documents, read back from
the .docx. Every expected row is written out by hand from sample_docs/register.toml (and its
README's table of states on 2026-11-26), never computed by docfiler."""

import datetime as dt

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from docfiler.errors import NotFoundError, ValidationError
from docfiler.outputs.catalogue import make_catalogue, make_repealed_list
from docfiler.services.imports import import_documents
from tests.docfiler.outputs.read_back import numbers, numbers_of, outline

D = dt.date
CATALOGUE_HEADER = ["序号", "文件名称", "文号", "发布日期", "备注"]
VALIDITY_HEADER = ["序号", "文件名称", "文号", "发布日期", "有效期至", "备注"]
REPEALED_HEADER = ["序号", "文件名称", "文号", "发布日期", "废止/失效日期", "理由"]

NATURAL_RESOURCES_TABLE = [
    CATALOGUE_HEADER,
    [
        "1",
        "《盖州市农村村民住宅用地审批管理办法》",
        "盖自然资发〔2024〕23号",
        "2024年7月31日",
        "",
    ],
    [
        "2",
        "《盖州市国有建设用地使用权网上交易管理办法》",
        "盖自然资发〔2026〕19号",
        "2026年7月1日",
        "",
    ],
]
"""盖州市自然资源局's documents in force on 2026-11-26, as its table in the catalogue."""

GOVERNMENT_ROWS = [
    ["1", "《盖州市城乡居民临时救助实施办法》", "盖政发〔2016〕9号", "2016年2月3日", ""],
    [
        "2",
        "《关于公布新一轮自主清理调整行政审批事项及最终保留行政许可事项的决定》",
        "盖政发〔2016〕117号",
        "2016年11月16日",
        "",
    ],
    ["3", "《盖州市城市供热管理办法》", "盖政发〔2022〕38号", "2022年5月18日", ""],
    [
        "4",
        "《盖州市城乡居民最低生活保障实施办法》",
        "盖政发〔2023〕29号",
        # 盖政发〔2025〕27号 amended it: published 2025-04-16 (in force 2025-06-01).
        "2023年4月12日\n2025年4月16日修改",
        "根据盖政发〔2025〕27号修改",
    ],
    [
        "5",
        "《盖州市国有土地上房屋征收与补偿实施办法》",
        "盖政发〔2024〕33号",
        "2024年4月17日",
        "",
    ],
    # Not 盖政发〔2025〕27号: a 修改决定 is no document in force of its own.
    ["6", "《盖州市优化营商环境若干规定》", "盖政发〔2026〕21号", "2026年3月18日", ""],
    # Published 2026-11-06, in force from 2027-01-01: valid, listed, marked.
    [
        "7",
        "《盖州市城市生活垃圾分类管理办法》",
        "盖政发〔2026〕96号",
        "2026年11月6日",
        "2027年1月1日起施行",
    ],
]
"""盖州市人民政府's documents in the catalogue of 2026-11-26."""

OFFICE_ROWS = [
    [
        "8",  # 序号 runs on through the whole list
        "《关于公布市政府部门行政审批中介服务事项清单的通知》",
        "盖政办发〔2016〕14号",
        "2016年3月23日",
        "",
    ],
    [
        "9",
        "《关于公布盖州市人民政府现行有效规范性文件目录的通知》",
        "盖政办发〔2016〕51号",
        "2016年5月20日",
        "",
    ],
    [
        "10",
        "《盖州市行政机关制定行政执法自由裁量基本标准规定》",
        "盖政办发〔2016〕67号",
        "2016年7月6日",
        "",
    ],
    ["11", "《盖州市重大行政处罚决定备案审查办法》", "盖政办发〔2016〕85号", "2016年9月1日", ""],
    [
        "12",
        "《关于公布市政府取消行政审批等事项后续监管措施清单的通知》",
        "盖政办发〔2016〕88号",
        "2016年9月14日",
        "",
    ],
    ["13", "《盖州市政府投资项目管理办法》", "盖政办发〔2022〕6号", "2022年2月8日", ""],
    [
        "14",
        "《盖州市城区共享电动自行车停放管理暂行办法》",
        "盖政办发〔2025〕42号",
        "2025年6月11日",
        "暂行",
    ],
    ["15", "《盖州市城区公共停车场建设和管理办法》", "盖政办发〔2026〕66号", "2026年9月9日", ""],
    ["16", "《盖州市城区临时占道经营管理办法》", "盖政办发〔2026〕73号", "2026年10月15日", ""],
    [
        "17",
        "《盖州市城区餐饮服务业油烟污染防治管理办法》",
        "盖政办发〔2026〕81号",
        "2026年11月18日",
        "",
    ],
]
"""盖州市人民政府办公室's documents in the catalogue of 2026-11-26."""

CATALOGUE_ON_2026_11_26 = [
    # The government's own catalogue (盖政办发〔2016〕51号): 市政府 and 市政府办公室.
    "盖州市人民政府现行有效行政规范性文件目录",
    "（截至2026年11月26日，共17件）",
    # The 2016 documents state no validity period (sample_docs/README.md): still in force.
    "盖州市人民政府（7件）",
    [CATALOGUE_HEADER, *GOVERNMENT_ROWS],
    "盖州市人民政府办公室（10件）",
    [CATALOGUE_HEADER, *OFFICE_ROWS],
]

EVERY_AUTHORITY_ON_2026_11_26 = [
    "盖州市现行有效行政规范性文件目录",
    "（截至2026年11月26日，共23件）",
    "盖州市人民政府（7件）",
    [CATALOGUE_HEADER, *GOVERNMENT_ROWS],
    "盖州市人民政府办公室（10件）",
    [CATALOGUE_HEADER, *OFFICE_ROWS],
    "盖州市民政局（1件）",
    [
        CATALOGUE_HEADER,
        ["18", "《盖州市特困人员救助供养实施细则》", "盖民发〔2024〕3号", "2024年2月19日", ""],
    ],
    "盖州市财政局（1件）",
    [
        CATALOGUE_HEADER,
        ["19", "《盖州市财政专项资金管理办法》", "盖财发〔2023〕27号", "2023年7月10日", ""],
    ],
    "盖州市自然资源局（2件）",
    [
        CATALOGUE_HEADER,
        [
            "20",
            "《盖州市农村村民住宅用地审批管理办法》",
            "盖自然资发〔2024〕23号",
            "2024年7月31日",
            "",
        ],
        [
            "21",
            "《盖州市国有建设用地使用权网上交易管理办法》",
            "盖自然资发〔2026〕19号",
            "2026年7月1日",
            "",
        ],
    ],
    "盖州市教育局（2件）",
    [
        CATALOGUE_HEADER,
        [
            "22",
            "《盖州市义务教育学校招生入学管理办法》",
            "盖教发〔2025〕15号",
            "2025年5月9日",
            "",
        ],
        # Published 2026-11-20, in force from 2026-12-01.
        [
            "23",
            "《盖州市校外培训机构监督管理办法》",
            "盖教发〔2026〕41号",
            "2026年11月20日",
            "2026年12月1日起施行",
        ],
    ],
]
"""--all: every authority, in the rulebook's order (市政府, 市政府办公室), then the departments in
the order the register adds them."""

REPEALED_SINCE_2022 = [
    "盖州市废止和失效行政规范性文件目录",
    "（2022年1月1日至2026年11月26日，共8件）",
    "盖州市人民政府（2件）",
    [
        REPEALED_HEADER,
        [
            "1",
            "《盖州市城市供热管理办法》",
            "盖政发〔2017〕58号",
            "2017年7月12日",
            "2022年7月1日\n废止",  # when 盖政发〔2022〕38号 took effect
            "被盖政发〔2022〕38号废止",
        ],
        [
            "2",
            "《盖州市人民政府关于修改〈盖州市城市绿化管理办法〉的决定》",
            "盖政发〔2018〕24号",
            "2018年4月4日",
            "2023年4月4日\n失效",  # 5 years from 2018-04-04
            "有效期届满",
        ],
    ],
    "盖州市人民政府办公室（3件）",
    [
        REPEALED_HEADER,
        [
            "3",
            "《盖州市住宅小区物业服务管理办法》",
            "盖政办发〔2018〕57号",
            "2018年8月22日",
            "2023年9月1日\n失效",
            "有效期届满",
        ],
        [
            "4",
            "《盖州市再生资源回收管理实施办法》",
            "盖政办发〔2019〕61号",
            "2019年8月28日",
            "2024年6月28日\n宣布失效",
            "制定依据《营口市再生资源回收管理办法》（营口市人民政府令第20号）已于2024年被"
            "营口市人民政府令第35号废止，本文件失去制定依据，经2024年清理宣布失效。",
        ],
        [
            "5",
            "《盖州市应对新冠肺炎疫情支持中小微企业共渡难关若干政策措施》",
            "盖政办发〔2020〕9号",
            "2020年2月24日",
            "2024年6月28日\n宣布失效",
            "疫情期间阶段性惠企政策已执行完毕，调整对象已消失，经2024年清理宣布失效。",
        ],
    ],
    "盖州市民政局（1件）",
    [
        REPEALED_HEADER,
        [
            "6",
            "《盖州市特困人员救助供养实施细则》",
            "盖民发〔2019〕21号",
            "2019年6月5日",
            "2024年4月1日\n废止",
            "被盖民发〔2024〕3号废止",
        ],
    ],
    "盖州市财政局（1件）",
    [
        REPEALED_HEADER,
        [
            "7",
            "《盖州市农业产业化发展专项资金管理办法》",
            "盖财发〔2020〕46号",
            "2020年11月11日",
            "2026年1月1日\n失效",  # valid_until 2025-12-31
            "有效期届满",
        ],
    ],
    "盖州市教育局（1件）",
    [
        REPEALED_HEADER,
        [
            "8",
            "《盖州市中小学课后服务管理办法（试行）》",
            "盖教发〔2021〕5号",
            "2021年2月8日",
            "2023年3月1日\n失效",  # 试行: 2 years from 2021-03-01
            "有效期届满",
        ],
    ],
]


def test_the_catalogue_lists_every_valid_document_of_the_government_and_nothing_else(
    demo, tmp_path
):
    # Left out on 2026-11-26: drafts (盖政办〔2016〕125号, 盖政办发〔2026〕86号 …), signed but
    # unpublished (盖财发〔2026〕58号), the 修改决定 盖政发〔2025〕27号, the departments' documents
    # (their own catalogues), and everything lapsed, repealed or declared invalid. Published but
    # not yet in force (盖政发〔2026〕96号) is valid: listed, with its 施行日期 in 备注.
    out = tmp_path / "目录.docx"
    result = make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26))
    assert outline(out) == CATALOGUE_ON_2026_11_26
    assert result.path == out
    assert result.title == "盖州市人民政府现行有效行政规范性文件目录"
    assert result.rows == 17
    assert list(result.documents) == numbers_of(CATALOGUE_ON_2026_11_26)


def test_every_authority_with_all(demo, tmp_path):
    out = tmp_path / "全部.docx"
    result = make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26), everyone=True)
    assert outline(out) == EVERY_AUTHORITY_ON_2026_11_26
    assert result.rows == 23


def test_a_document_awaiting_effect_is_listed_plain_once_in_force(demo, tmp_path):
    out = tmp_path / "2027.docx"
    make_catalogue(office=demo, output=out, as_of=D(2027, 1, 2))
    rows = {row[2]: row for table in outline(out) if isinstance(table, list) for row in table}
    assert rows["盖政发〔2026〕96号"][3:] == ["2026年11月6日", ""]
    assert len(rows) - 1 == 17  # the same 17 documents (the header rows left out)


def test_a_past_date_reproduces_the_catalogue_as_it_stood(demo, tmp_path):
    out = tmp_path / "2017.docx"
    result = make_catalogue(office=demo, output=out, as_of=D(2017, 1, 1))
    # 盖政发〔2012〕72号 was repealed only in 2017-09; 盖政办发〔2014〕19号 (暂行, 2 years) had
    # lapsed on 2016-05-01; 盖政发〔2010〕49号 and 盖政办发〔2011〕58号 had lapsed before.
    assert numbers(out) == [
        "盖政发〔2012〕72号",
        "盖政发〔2015〕31号",
        "盖政发〔2016〕9号",
        "盖政发〔2016〕117号",
        "盖政办发〔2016〕14号",
        "盖政办发〔2016〕51号",
        "盖政办发〔2016〕67号",
        "盖政办发〔2016〕85号",
        "盖政办发〔2016〕88号",
    ]
    assert outline(out)[:3] == [
        "盖州市人民政府现行有效行政规范性文件目录",
        "（截至2017年1月1日，共9件）",
        "盖州市人民政府（4件）",
    ]
    assert result.rows == 9


def test_the_catalogue_of_one_authority(demo, tmp_path):
    out = tmp_path / "自然资源局.docx"
    result = make_catalogue(
        office=demo, output=out, as_of=D(2026, 11, 26), authorities=["盖州市自然资源局"]
    )
    assert outline(out) == [
        "盖州市自然资源局现行有效行政规范性文件目录",
        "（截至2026年11月26日，共2件）",
        "盖州市自然资源局（2件）",
        NATURAL_RESOURCES_TABLE,
    ]
    assert result.title == "盖州市自然资源局现行有效行政规范性文件目录"
    with pytest.raises(NotFoundError, match="没有名为“盖州市不存在局”的制定机关"):
        make_catalogue(office=demo, output=tmp_path / "x.docx", authorities=["盖州市不存在局"])
    assert not (tmp_path / "x.docx").exists()


def test_several_authorities_each_counted_none_silently_dropped(demo, tmp_path):
    out = tmp_path / "两局.docx"
    result = make_catalogue(
        office=demo,
        output=out,
        as_of=D(2026, 11, 26),
        authorities=["盖州市教育局", "盖州市民政局", "盖州市教育局"],
    )
    # Groups in the register's order of authorities (民政局 before 教育局), 序号 running on.
    assert outline(out)[:3] == [
        "盖州市现行有效行政规范性文件目录",
        "（截至2026年11月26日，共3件）",
        "盖州市民政局（1件）",
    ]
    assert [row[:3] for row in outline(out)[5][1:]] == [
        ["2", "《盖州市义务教育学校招生入学管理办法》", "盖教发〔2025〕15号"],
        ["3", "《盖州市校外培训机构监督管理办法》", "盖教发〔2026〕41号"],
    ]
    assert result.rows == 3
    # The government and its office named one by one: the government's catalogue.
    both = make_catalogue(
        office=demo,
        output=tmp_path / "政府.docx",
        as_of=D(2026, 11, 26),
        authorities=["盖州市人民政府", "盖州市人民政府办公室"],
    )
    assert both.title == "盖州市人民政府现行有效行政规范性文件目录"
    assert list(both.documents) == numbers_of(CATALOGUE_ON_2026_11_26)
    with pytest.raises(ValidationError, match="只能选一种"):
        make_catalogue(
            office=demo,
            output=tmp_path / "y.docx",
            authorities=["盖州市民政局"],
            everyone=True,
        )


def test_the_valid_until_column_on_request(demo, tmp_path):
    out = tmp_path / "有效期.docx"
    make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26), validity=True)
    office_table = outline(out)[5]
    assert office_table[0] == VALIDITY_HEADER
    validity = {row[2]: row[4] for row in office_table[1:]}
    assert validity["盖政办发〔2022〕6号"] == "2027年2月28日"  # 5 years from 2022-03-01
    assert validity["盖政办发〔2025〕42号"] == "2027年6月30日"  # 暂行, 2 years from 2025-07-01
    assert validity["盖政办发〔2016〕51号"] == ""  # states no period
    # Without the option the template's column is taken out, the table as wide as before.
    plain = tmp_path / "无.docx"
    make_catalogue(office=demo, output=plain, as_of=D(2026, 11, 26))
    assert outline(plain)[3][0] == CATALOGUE_HEADER
    widths = [
        sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren())
        for table in (open_docx(str(out)).tables[0], open_docx(str(plain)).tables[0])
    ]
    assert widths[0] == widths[1]


def test_the_catalogue_reports_its_progress(demo, tmp_path):
    seen: list[tuple[int, int]] = []
    make_catalogue(
        office=demo,
        output=tmp_path / "目录.docx",
        as_of=D(2026, 11, 26),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (17, 17)


def test_the_repealed_list_gives_each_end_and_its_recorded_reason(demo, tmp_path):
    out = tmp_path / "废止.docx"
    result = make_repealed_list(office=demo, output=out, since=D(2022, 1, 1))
    # Not listed: what ended before 2022, such as 盖政发〔2016〕9号 (lapsed 2021-03-01) and
    # 盖政发〔2012〕72号 (repealed 2017-09-01).
    assert outline(out) == REPEALED_SINCE_2022
    assert result.title == "盖州市废止和失效行政规范性文件目录"
    assert result.rows == 8


def test_the_repealed_list_without_a_start_covers_every_end(demo, tmp_path):
    out = tmp_path / "废止.docx"
    result = make_repealed_list(office=demo, output=out, as_of=D(2016, 12, 31))
    # By the end of 2016: 盖政发〔2010〕49号 lapsed 2015-07-01, 盖政办发〔2011〕58号 (3 years)
    # 2014-09-01, 盖政办发〔2014〕19号 (暂行, 2 years) 2016-05-01.
    assert outline(out)[:2] == [
        "盖州市废止和失效行政规范性文件目录",
        "（截至2016年12月31日，共3件）",
    ]
    assert numbers(out) == ["盖政发〔2010〕49号", "盖政办发〔2011〕58号", "盖政办发〔2014〕19号"]
    assert result.rows == 3


def test_a_reason_nobody_recorded_is_left_empty_never_invented(office, tmp_path):
    """An old register imported without reasons: the 理由 cell stays empty, as recorded."""
    import_documents(
        office=office,
        records=[
            {
                "number": "盖政发〔2019〕12号",
                "title": "盖州市城区道路照明管理办法",
                "published": D(2019, 3, 1),
                "effective": D(2019, 4, 1),
                "repealed": D(2022, 6, 30),
            },
            {
                "number": "盖政办发〔2020〕15号",
                "title": "盖州市城区环境卫生门前三包管理办法",
                "published": D(2020, 5, 6),
                "effective": D(2020, 6, 1),
                "declared_invalid": D(2024, 6, 28),
            },
        ],
    )
    out = tmp_path / "废止.docx"
    make_repealed_list(office=office, output=out, as_of=D(2026, 11, 26))
    assert outline(out)[2:] == [
        "盖州市人民政府（1件）",
        [
            REPEALED_HEADER,
            [
                "1",
                "《盖州市城区道路照明管理办法》",
                "盖政发〔2019〕12号",
                "2019年3月1日",
                "2022年6月30日\n废止",
                "",
            ],
        ],
        "盖州市人民政府办公室（1件）",
        [
            REPEALED_HEADER,
            [
                "2",
                "《盖州市城区环境卫生门前三包管理办法》",
                "盖政办发〔2020〕15号",
                "2020年5月6日",
                "2024年6月28日\n宣布失效",
                "",
            ],
        ],
    ]


def test_a_start_after_the_end_is_refused(demo, tmp_path):
    with pytest.raises(
        ValidationError, match=r"起始日期（2026年12月1日）晚于截止日期（2026年11月26日）"
    ):
        make_repealed_list(
            office=demo, output=tmp_path / "x.docx", since=D(2026, 12, 1), as_of=D(2026, 11, 26)
        )
