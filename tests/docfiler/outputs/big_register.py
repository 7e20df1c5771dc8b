"""A register that fills pages: 130 documents with long titles, 3-digit 序号 and numbers such as
盖政办发〔2026〕73号, some repealed or declared invalid, all still to be filed with 营口市人民政府,
and a finished cleanup. For the LibreOffice render test (test_render.py)."""

from __future__ import annotations

import datetime as dt

from docfiler.services import cleanup
from docfiler.services.imports import import_documents
from docfiler.services.relations import add_relation

D = dt.date
COUNT = 130
BODY = "营口市人民政府"
CAMPAIGN = "2026年盖州市行政规范性文件全面清理"
TOPICS = (
    "城乡居民最低生活保障对象认定和动态管理",
    "国有土地上房屋征收与补偿",
    "城区户外广告设施设置和招牌管理",
    "农村集体经济组织成员身份确认",
    "义务教育阶段学校招生入学",
    "住宅专项维修资金归集使用和监督",
    "重大行政决策程序和合法性审查",
    "餐饮服务业油烟污染防治",
)


def number(index: int) -> str:
    """Every other one a general-office number; serials of two and three digits."""
    code = "盖政办发" if index % 2 else "盖政发"
    year = 2016 + index % 11
    return f"{code}〔{year}〕{index + 60 if index % 3 else index % 90 + 10}号"


def title(index: int) -> str:
    topic = TOPICS[index % len(TOPICS)]
    issuer = "盖州市人民政府办公室" if index % 2 else "盖州市人民政府"
    return f"{issuer}关于印发盖州市{topic}实施办法（第{index}次修订稿）的通知"


def published(index: int) -> dt.date:
    year = 2016 + index % 11
    day = D(year, 1 + index % 11, 1 + index % 28)
    return min(day, D(2026, 10, 30))


AWAITING = "盖政发〔2026〕200号"
"""Published 2026-11-10, in force from 2027-01-01: in the catalogue, marked (issue 10, item 1)."""
AMENDMENT = "盖政发〔2026〕201号"
"""A 修改决定 of number(2), published 2026-11-12: not listed on its own (item 5)."""


def in_catalogue() -> set[str]:
    """The catalogue after the cleanup, by the rules above: not repealed (13) or declared invalid
    (17) before it, not repealed (11) or declared invalid (19) by it, plus AWAITING."""
    kept = [i for i in range(1, COUNT + 1) if all(i % n for n in (11, 13, 17, 19))]
    return {number(i) for i in kept} | {AWAITING}


def records() -> list[dict]:
    out = []
    for index in range(1, COUNT + 1):
        record = {
            "number": number(index),
            "title": title(index),
            "published": published(index),
            "filings": [{"body": BODY}],
        }
        if index % 13 == 0:
            record["repealed"] = D(2026, 10, 31)  # after every publication (≤ 2026-10-30)
            record["repeal_reason"] = "已被新制定的实施办法替代，调整对象已经发生变化"
        elif index % 17 == 0:
            record["declared_invalid"] = D(2025, 12, 31)
            record["invalid_reason"] = "上位法已经废止"
        out.append(record)
    out.append(
        {
            "number": AWAITING,
            "title": "盖州市人民政府关于印发盖州市城市生活垃圾分类管理办法的通知",
            "published": D(2026, 11, 10),
            "effective": D(2027, 1, 1),
        }
    )
    out.append(
        {
            "number": AMENDMENT,
            "title": f"盖州市人民政府关于修改《{title(2)}》的决定",
            "published": D(2026, 11, 12),
        }
    )
    return out


def fill(office) -> None:
    """Import the register and run a cleanup over it, finished on 2026-11-20."""
    import_documents(office=office, records=records())
    add_relation(
        office=office, source=AMENDMENT, target=number(2), kind="amends", on=D(2026, 11, 12)
    )
    cleanup.start_campaign(office=office, name=CAMPAIGN, as_of=D(2026, 11, 1))
    for index in range(1, COUNT + 1):
        if index % 13 == 0 or index % 17 == 0:
            continue
        decision, reason = "继续有效", None
        if index % 11 == 0:
            decision, reason = "废止", "所依据的《辽宁省城市供热条例》已经修改，本办法不再适用"
        elif index % 19 == 0:
            decision, reason = "宣布失效", "适用期已满"
        elif index % 23 == 0:
            decision, reason = "修改", "部分条款与上位法不一致，需要修改"
        cleanup.decide(
            office=office, campaign=CAMPAIGN, number=number(index), decision=decision, reason=reason
        )
    cleanup.finish_campaign(office=office, campaign=CAMPAIGN, on=D(2026, 11, 20))
