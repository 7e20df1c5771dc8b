"""The Word materials of a finished cleanup, read back from the .docx. Expected rows are written
out by hand from sample_docs/register.toml: its 2016 and 2024 cleanups decided nothing item by
item, and one cleanup is run here with four decisions."""

import datetime as dt

import pytest

from docfiler.errors import GateError, ValidationError
from docfiler.outputs.catalogue import make_repealed_list
from docfiler.outputs.cleanup_report import make_cleanup_report
from docfiler.queries.campaigns import campaign_items
from docfiler.services.cleanup import decide, finish_campaign, start_campaign
from docfiler.services.demo import load_register_file, sample_register_path
from tests.docfiler.outputs.read_back import numbers, outline

D = dt.date
CHANGES_HEADER = ["序号", "变化情况", "文件名称", "文号", "日期", "说明"]
FILES = [
    "废止的行政规范性文件目录.docx",
    "宣布失效的行政规范性文件目录.docx",
    "修改的行政规范性文件目录.docx",
    "清理结果的决定.docx",
    "清理情况的报告.docx",
    "现行有效行政规范性文件目录.docx",
    "目录变化情况.docx",
]
CAMPAIGN_2024 = "2024年盖州市行政规范性文件全面清理"

CHANGES_SINCE_2016 = [
    "盖州市现行有效行政规范性文件目录变化情况",
    "（与2016年5月20日公布的目录相比，共13项）",
    [
        CHANGES_HEADER,
        [
            "1",
            "新增",
            "《盖州市行政机关制定行政执法自由裁量基本标准规定》",
            "盖政办发〔2016〕67号",
            "2016年7月6日",
            "新制定",
        ],
        [
            "2",
            "新增",
            "《盖州市重大行政处罚决定备案审查办法》",
            "盖政办发〔2016〕85号",
            "2016年9月1日",
            "新制定",
        ],
        [
            "3",
            "新增",
            "《关于公布市政府取消行政审批等事项后续监管措施清单的通知》",
            "盖政办发〔2016〕88号",
            "2016年9月14日",
            "新制定",
        ],
        [
            "4",
            "新增",
            "《关于公布新一轮自主清理调整行政审批事项及最终保留行政许可事项的决定》",
            "盖政发〔2016〕117号",
            "2016年11月16日",
            "新制定",
        ],
        [
            "5",
            "新增",
            "《盖州市农业产业化发展专项资金管理办法》",
            "盖财发〔2020〕46号",
            "2020年11月11日",
            "新制定",
        ],
        [
            "6",
            "新增",
            "《盖州市政府投资项目管理办法》",
            "盖政办发〔2022〕6号",
            "2022年2月8日",
            "新制定",
        ],
        [
            "7",
            "新增",
            "《盖州市城市供热管理办法》",
            "盖政发〔2022〕38号",
            "2022年5月18日",
            "新制定",
        ],
        [
            "8",
            "新增",
            "《盖州市财政专项资金管理办法》",
            "盖财发〔2023〕27号",
            "2023年7月10日",
            "新制定",
        ],
        [
            "9",
            "新增",
            "《盖州市城乡居民最低生活保障实施办法》",
            "盖政发〔2023〕29号",
            "2023年4月12日",
            "新制定",
        ],
        [
            "10",
            "新增",
            "《盖州市特困人员救助供养实施细则》",
            "盖民发〔2024〕3号",
            "2024年2月19日",
            "新制定",
        ],
        [
            "11",
            "新增",
            "《盖州市国有土地上房屋征收与补偿实施办法》",
            "盖政发〔2024〕33号",
            "2024年4月17日",
            "新制定",
        ],
        [
            "12",
            "废止",
            "《盖州市城市供热管理办法》",
            "盖政发〔2012〕72号",
            "2017年9月1日",
            "被盖政发〔2017〕58号废止",
        ],
        [
            "13",
            "失效",
            "《盖州市城市绿化管理办法》",
            "盖政发〔2015〕31号",
            "2020年5月1日",
            "有效期届满",
        ],
    ],
]
"""The 2024 cleanup's appendix, against the catalogue of the 2016 cleanup (2016-05-20)."""

CHANGES_SINCE_2024 = [
    [
        "新增",
        "《盖州市农村村民住宅用地审批管理办法》",
        "盖自然资发〔2024〕23号",
        "2024年7月31日",
        "新制定",
    ],
    # Not 盖政发〔2025〕27号: a 修改决定 is a 修改 of the document it amends, never 新增.
    [
        "新增",
        "《盖州市城区共享电动自行车停放管理暂行办法》",
        "盖政办发〔2025〕42号",
        "2025年6月11日",
        "新制定",
    ],
    [
        "新增",
        "《盖州市国有建设用地使用权网上交易管理办法》",
        "盖自然资发〔2026〕19号",
        "2026年7月1日",
        "新制定",
    ],
    ["新增", "《盖州市优化营商环境若干规定》", "盖政发〔2026〕21号", "2026年3月18日", "新制定"],
    [
        "新增",
        "《盖州市校外培训机构监督管理办法》",
        "盖教发〔2026〕41号",
        "2026年11月20日",
        "新制定\n2026年12月1日起施行",  # published, not yet in force: valid all the same
    ],
    [
        "新增",
        "《盖州市城区公共停车场建设和管理办法》",
        "盖政办发〔2026〕66号",
        "2026年9月9日",
        "新制定",
    ],
    [
        "新增",
        "《盖州市城区临时占道经营管理办法》",
        "盖政办发〔2026〕73号",
        "2026年10月15日",
        "新制定",
    ],
    [
        "新增",
        "《盖州市城区餐饮服务业油烟污染防治管理办法》",
        "盖政办发〔2026〕81号",
        "2026年11月18日",
        "新制定",
    ],
    [
        "新增",
        "《盖州市城市生活垃圾分类管理办法》",
        "盖政发〔2026〕96号",
        "2026年11月6日",
        "新制定\n2027年1月1日起施行",
    ],
    [
        "修改",
        "《盖州市城乡居民最低生活保障实施办法》",
        "盖政发〔2023〕29号",
        "2025年4月16日",  # the 修改决定's publication, not its 施行 (2025-06-01)
        "根据盖政发〔2025〕27号修改",
    ],
    [
        "废止",
        "《盖州市城市供热管理办法》",
        "盖政发〔2022〕38号",
        "2026年11月20日",
        "已被新规定替代",
    ],
    [
        "失效",
        "《盖州市农业产业化发展专项资金管理办法》",
        "盖财发〔2020〕46号",
        "2026年1月1日",
        "有效期届满",
    ],
]
"""The 2026 cleanup below, against the 2024 catalogue: (变化情况, 文件名称, 文号, 日期, 说明)."""


def test_the_changes_since_the_previous_cleanup(demo, tmp_path):
    folder = tmp_path / "2024"
    result = make_cleanup_report(office=demo, campaign=CAMPAIGN_2024, folder=folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    # In force on 2016-05-20 (the 2016 cleanup): 盖政发〔2012〕72号, 〔2015〕31号, 〔2016〕9号,
    # 盖政办发〔2016〕14号, 51号. On 2024-06-28 the 2016 documents, which state no validity
    # period, are still in force, and the later 2016 ones and seven more are 新增; 盖政办发〔2019〕61号
    # and 〔2020〕9号 were declared invalid that very day, so they are in neither catalogue.
    assert outline(folder / "目录变化情况.docx") == CHANGES_SINCE_2016
    assert numbers(folder / "现行有效行政规范性文件目录.docx") == [
        "盖政发〔2016〕9号",
        "盖政发〔2016〕117号",
        "盖政发〔2022〕38号",
        "盖政发〔2023〕29号",
        "盖政发〔2024〕33号",
        "盖政办发〔2016〕14号",
        "盖政办发〔2016〕51号",
        "盖政办发〔2016〕67号",
        "盖政办发〔2016〕85号",
        "盖政办发〔2016〕88号",
        "盖政办发〔2022〕6号",
        "盖民发〔2024〕3号",
        "盖财发〔2020〕46号",
        "盖财发〔2023〕27号",
    ]
    # Nothing was decided item by item: each list is an empty table under its title.
    assert outline(folder / "废止的行政规范性文件目录.docx") == [
        "附件3",
        "决定废止的行政规范性文件目录",
        "（2024年盖州市行政规范性文件全面清理，2024年6月28日，共0件）",
        [["序号", "文件名称", "文号", "发布日期", "废止日期", "理由"]],
    ]
    assert result.campaign == CAMPAIGN_2024
    assert result.folder == folder
    assert [(o.path.name, o.title, o.rows) for o in result.outputs] == [
        ("废止的行政规范性文件目录.docx", "决定废止的行政规范性文件目录", 0),
        ("宣布失效的行政规范性文件目录.docx", "宣布失效的行政规范性文件目录", 0),
        ("修改的行政规范性文件目录.docx", "决定修改的行政规范性文件目录", 0),
        ("清理结果的决定.docx", "盖州市人民政府关于公布行政规范性文件清理结果的决定", 0),
        # No 修改决定: the 2024 cleanup amended nothing.
        ("清理情况的报告.docx", "盖州市人民政府关于行政规范性文件清理情况的报告", 0),
        ("现行有效行政规范性文件目录.docx", "盖州市现行有效行政规范性文件目录", 14),
        ("目录变化情况.docx", "盖州市现行有效行政规范性文件目录变化情况", 13),
    ]


def test_the_first_cleanup_counts_everything_as_new(demo, tmp_path):
    folder = tmp_path / "2016"
    make_cleanup_report(office=demo, campaign="2016年盖州市规范性文件清理", folder=folder)
    changes = outline(folder / "目录变化情况.docx")
    assert changes[1] == "（本次为首次清理，共5项）"
    assert [row[1:4] for row in changes[2][1:]] == [
        ["新增", "《盖州市城市供热管理办法》", "盖政发〔2012〕72号"],
        ["新增", "《盖州市城市绿化管理办法》", "盖政发〔2015〕31号"],
        ["新增", "《盖州市城乡居民临时救助实施办法》", "盖政发〔2016〕9号"],
        ["新增", "《关于公布市政府部门行政审批中介服务事项清单的通知》", "盖政办发〔2016〕14号"],
        ["新增", "《关于公布盖州市人民政府现行有效规范性文件目录的通知》", "盖政办发〔2016〕51号"],
    ]


def test_a_file_is_not_a_folder(demo, tmp_path):
    taken = tmp_path / "taken.docx"
    taken.write_bytes(b"")
    with pytest.raises(ValidationError, match="不是文件夹"):
        make_cleanup_report(office=demo, campaign=CAMPAIGN_2024, folder=taken)


@pytest.fixture
def decided(office):
    """A 2026 cleanup of the sample register, finished on 2026-11-20, with four decisions."""
    load_register_file(office=office, path=sample_register_path())
    start_campaign(office=office, name="2026年清理", as_of=D(2026, 11, 1))
    plan = {
        "盖政发〔2022〕38号": ("废止", "已被新规定替代"),
        "盖教发〔2025〕15号": ("宣布失效", "调整对象已消失"),
        "盖财发〔2020〕46号": ("宣布失效", "有效期届满"),
        "盖政办发〔2025〕42号": ("修改", "与上位法不一致"),
    }
    for item in campaign_items(office=office, campaign="2026年清理", limit=1000)["items"]:
        decision, reason = plan.get(item["doc_number"], ("继续有效", None))
        decide(
            office=office,
            campaign="2026年清理",
            number=item["doc_number"],
            decision=decision,
            reason=reason,
        )
    return office


def test_the_lists_of_a_cleanup_give_its_decisions_and_reasons(decided, tmp_path):
    folder = tmp_path / "2026"
    with pytest.raises(GateError, match="尚未完成"):
        make_cleanup_report(office=decided, campaign="2026年清理", folder=folder)
    assert not folder.exists()  # a refused report leaves nothing behind
    finish_campaign(office=decided, campaign="2026年清理", on=D(2026, 11, 20))
    make_cleanup_report(office=decided, campaign="2026年清理", folder=folder)

    assert outline(folder / "废止的行政规范性文件目录.docx") == [
        "附件3",
        "决定废止的行政规范性文件目录",
        "（2026年清理，2026年11月20日，共1件）",
        "盖州市人民政府（1件）",
        [
            ["序号", "文件名称", "文号", "发布日期", "废止日期", "理由"],
            [
                "1",
                "《盖州市城市供热管理办法》",
                "盖政发〔2022〕38号",
                "2022年5月18日",
                "2026年11月20日\n废止",
                "已被新规定替代",
            ],
        ],
    ]
    header = ["序号", "文件名称", "文号", "发布日期", "失效日期", "理由"]
    assert outline(folder / "宣布失效的行政规范性文件目录.docx")[:2] == [
        "附件4",
        "宣布失效的行政规范性文件目录",
    ]
    assert outline(folder / "宣布失效的行政规范性文件目录.docx")[3:] == [
        "盖州市财政局（1件）",
        [
            header,
            [
                "1",
                "《盖州市农业产业化发展专项资金管理办法》",
                "盖财发〔2020〕46号",
                "2020年11月11日",
                # Its one end, as in the appendix and `repealed-list`: it had lapsed already.
                "2026年1月1日\n失效",
                "有效期届满",
            ],
        ],
        "盖州市教育局（1件）",
        [
            header,
            [
                "2",  # 序号 runs on through the list
                "《盖州市义务教育学校招生入学管理办法》",
                "盖教发〔2025〕15号",
                "2025年5月9日",
                "2026年11月20日\n宣布失效",
                "调整对象已消失",
            ],
        ],
    ]
    assert outline(folder / "修改的行政规范性文件目录.docx")[:2] == [
        "附件2",
        "决定修改的行政规范性文件目录",
    ]
    assert outline(folder / "修改的行政规范性文件目录.docx")[3:] == [
        "盖州市人民政府办公室（1件）",
        [
            ["序号", "文件名称", "文号", "发布日期", "修改文件", "理由"],
            # No amending document named yet.
            [
                "1",
                "《盖州市城区共享电动自行车停放管理暂行办法》",
                "盖政办发〔2025〕42号",
                "2025年6月11日",
                "待制发",
                "与上位法不一致",
            ],
        ],
    ]
    # Against the 2024 catalogue: nine documents since (two of them awaiting effect), one
    # amendment, one repeal, one lapse (盖财发〔2020〕46号 lapsed on 2026-01-01, before the
    # cleanup declared it invalid).
    changes = outline(folder / "目录变化情况.docx")
    assert changes[1] == "（与2024年6月28日公布的目录相比，共12项）"
    assert [row[1:] for row in changes[2][1:]] == CHANGES_SINCE_2024


def test_the_cleanup_catalogue_keeps_what_awaits_effect_and_no_amendment(decided, tmp_path):
    """Issue 10, items 1 and 5: published with "未列入目录的…不再作为行政管理的依据", a catalogue
    that left out 盖政发〔2026〕96号 (in force 2027-01-01) would void it."""
    finish_campaign(office=decided, campaign="2026年清理", on=D(2026, 11, 20))
    folder = tmp_path / "2026"
    make_cleanup_report(office=decided, campaign="2026年清理", folder=folder)
    catalogue = outline(folder / "现行有效行政规范性文件目录.docx")
    assert catalogue[:3] == [
        "附件1",
        "盖州市现行有效行政规范性文件目录",
        "（截至2026年11月20日，共21件）",
    ]
    assert numbers(folder / "现行有效行政规范性文件目录.docx") == [
        "盖政发〔2016〕9号",
        "盖政发〔2016〕117号",
        # 盖政发〔2022〕38号: repealed by this cleanup
        "盖政发〔2023〕29号",
        "盖政发〔2024〕33号",
        # 盖政发〔2025〕27号: the 修改决定, no document in force of its own
        "盖政发〔2026〕21号",
        "盖政发〔2026〕96号",
        "盖政办发〔2016〕14号",
        "盖政办发〔2016〕51号",
        "盖政办发〔2016〕67号",
        "盖政办发〔2016〕85号",
        "盖政办发〔2016〕88号",
        "盖政办发〔2022〕6号",
        "盖政办发〔2025〕42号",
        "盖政办发〔2026〕66号",
        "盖政办发〔2026〕73号",
        "盖政办发〔2026〕81号",
        "盖民发〔2024〕3号",
        "盖财发〔2023〕27号",
        "盖自然资发〔2024〕23号",
        "盖自然资发〔2026〕19号",
        # 盖教发〔2025〕15号: declared invalid by this cleanup
        "盖教发〔2026〕41号",
    ]
    rows = {row[2]: row for table in catalogue if isinstance(table, list) for row in table}
    assert rows["盖政发〔2026〕96号"][3:] == ["2026年11月6日", "2027年1月1日起施行"]
    assert rows["盖教发〔2026〕41号"][3:] == ["2026年11月20日", "2026年12月1日起施行"]
    assert rows["盖政发〔2023〕29号"][3:] == [
        "2023年4月12日\n2025年4月16日修改",
        "根据盖政发〔2025〕27号修改",
    ]
    assert rows["盖教发〔2026〕41号"][0] == "21"  # 序号 runs on through the whole list


def test_one_document_one_end_in_every_output(decided, tmp_path):
    """Issue 10, item 6: 盖财发〔2020〕46号 (valid until 2025-12-31) was declared invalid by a
    cleanup finished on 2026-11-26; it had lapsed on 2026-01-01, and every output says so."""
    finish_campaign(office=decided, campaign="2026年清理", on=D(2026, 11, 26))
    folder = tmp_path / "2026"
    make_cleanup_report(office=decided, campaign="2026年清理", folder=folder)
    end = ["2026年1月1日\n失效", "有效期届满"]
    invalid = outline(folder / "宣布失效的行政规范性文件目录.docx")
    assert [row[4:] for row in invalid[4][1:]] == [end]
    change = next(
        r for r in outline(folder / "目录变化情况.docx")[2] if r[3] == "盖财发〔2020〕46号"
    )
    assert change[1:] == [
        "失效",
        "《盖州市农业产业化发展专项资金管理办法》",
        "盖财发〔2020〕46号",
        "2026年1月1日",
        "有效期届满",
    ]
    make_repealed_list(
        office=decided, output=tmp_path / "废止.docx", since=D(2026, 1, 1), as_of=D(2026, 11, 26)
    )
    repealed = outline(tmp_path / "废止.docx")
    row = next(
        r for t in repealed if isinstance(t, list) for r in t if r[2] == "盖财发〔2020〕46号"
    )
    assert row[4:] == end
