"""Bulk import of an existing register, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import random

import chinese_calendar
import pytest
from sqlmodel import func, select

from docfiler import services
from docfiler.domain.gates import parse_number
from docfiler.errors import ValidationError
from docfiler.services.imports import import_documents
from docfiler.store.lookups import load_document
from docfiler.store.tables import AuditEntry, Authority, Document, Filing

D = dt.date
DAY = dt.timedelta(days=1)
CITY = "营口市人民政府"  # 15 days
CONGRESS = "盖州市人大常委会"  # 30 days
AUTHORITY_OF = {"盖政发": "盖州市人民政府", "盖政办发": "盖州市人民政府办公室"}
DAYS_OF = {CITY: 15, CONGRESS: 30}
# The ways clerks and old files write a number; {code}, {year}, {serial}.
FORMS = (
    "{code}[{year}]{serial:02d}号",
    "{code}【{year}】{serial}号",
    "{code}（{year}）第{serial}号",
    "{code}〔{year}〕{serial}号",
    "{code} ({year}) {serial} 号",
    "{code}〔{year}〕第{serial:03d}号",
)


def count(office, model, *where) -> int:
    with office.reading() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def imports_audited(office) -> list[AuditEntry]:
    with office.reading() as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == "bulk_import")))


def expected_end(effective: dt.date, years: int) -> dt.date:
    """N years of validity from E end on E + N years − 1 day; from 29 February they end on
    28 February (domain.md, "Counting days")."""
    try:
        return effective.replace(year=effective.year + years) - DAY
    except ValueError:
        return effective.replace(year=effective.year + years, day=28)


def expected_due(published: dt.date, days: int) -> dt.date:
    """民法典 arts. 201, 203 counted here, not by docfiler's calendar: day N after publication,
    moved to the next working day of the State Council's schedule (as packaged)."""
    due = published + days * DAY
    while not chinese_calendar.is_workday(due):
        due += DAY
    return due


def generate(count: int, *, seed: int = 2016, first_serial: int = 1) -> list[dict]:
    """`count` historic records with numbers in variant forms, dates in several spellings."""
    rng = random.Random(seed)
    records = []
    for index in range(count):
        code = ("盖政发", "盖政办发")[index % 2]
        year = 2016 + index % 8
        serial = first_serial + index // 8  # (code, year) repeats every 8 rows
        number = FORMS[index % len(FORMS)].format(code=code, year=year, serial=serial)
        title = f"盖州市第{index}号管理办法"
        if index % 7 == 3:
            title = f"盖州市第{index}号管理暂行办法"
        elif index % 11 == 5:
            title = f"《盖州市第{index}号管理办法（试行）》"
        record: dict = {"number": number, "title": title}
        if index % 25 != 24:  # a few never published
            published = D(year, 1, 1) + rng.randint(0, 330) * DAY
            record["published"] = (
                published
                if index % 3 == 0
                else published.isoformat()
                if index % 3 == 1
                else f"{published.year}年{published.month}月{published.day}日"
            )
            if index % 4 == 1:
                record["effective"] = published + rng.randint(1, 40) * DAY
            if index % 5 == 2:
                record["filings"] = [
                    {
                        "body": CITY,
                        "submitted": published + 5 * DAY,
                        "receipt": f"营备〔{year}〕{index}号",
                        "result": "准予备案",
                        "result_date": (published + 20 * DAY).isoformat(),
                    }
                ]
        records.append(record)
    return records


def canonical(record: dict) -> str:
    return str(parse_number(record["number"]))


def as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    from docfiler.domain.dates import parse_date

    return parse_date(value)


def test_import_creates_documents_filings_validity_and_one_audit_entry(office):
    records = generate(320)
    progress: list[tuple[int, int]] = []
    before = count(office, AuditEntry)

    imported = import_documents(
        office=office,
        records=records,
        batch_size=100,
        progress=lambda done, total: progress.append((done, total)),
    )

    assert imported == 320

    assert progress == [(100, 320), (200, 320), (300, 320), (320, 320)]
    with office.reading() as session:
        authorities = dict(session.exec(select(Authority.id, Authority.name)).all())
        documents = {d.doc_number: d for d in session.exec(select(Document))}
        filings: dict[int, dict[str, Filing]] = {}
        for filing in session.exec(select(Filing)):
            filings.setdefault(filing.document_id, {})[filing.body] = filing

    assert set(documents) == {canonical(r) for r in records}
    assert len({d.id for d in documents.values()}) == 320
    for record in records:
        document = documents[canonical(record)]
        parsed = parse_number(record["number"])
        assert (document.agency_code, document.year, document.serial) == (
            parsed.agency_code,
            parsed.year,
            parsed.serial,
        )
        assert authorities[document.authority_id] == AUTHORITY_OF[parsed.agency_code]
        assert document.title == record["title"].strip("《》")
        assert not document.title.startswith("《")
        assert document.version == 1
        assert document.is_sample is False
        published = as_date(record.get("published"))
        effective = as_date(record.get("effective")) or published
        assert document.published_on == published
        assert document.effective_on == effective
        interim = "暂行" in document.title or "试行" in document.title
        assert document.kind == (
            "interim" if "暂行" in document.title else "trial" if interim else "regular"
        )
        # No stated period in these rows: no validity (domain.md; the shipped rulebook has no
        # default). Stated periods are checked in test_known_dates_and_deadlines.
        assert document.valid_until is None

        owed = filings.get(document.id, {})
        if published is None:
            assert owed == {}
            continue
        assert set(owed) == {CITY, CONGRESS}
        for body, filing in owed.items():
            assert filing.due_on == expected_due(published, DAYS_OF[body])
            assert filing.due_provisional is False  # 2016-2024: schedules are known
            assert filing.version == 1
        given = {f["body"]: f for f in record.get("filings", [])}
        city = owed[CITY]
        if CITY in given:
            assert city.submitted_on == as_date(given[CITY]["submitted"])
            assert city.receipt_number == given[CITY]["receipt"]
            assert city.result == "予以备案登记"  # imported old word, stored in the 789号 word
            assert city.result_on == as_date(given[CITY]["result_date"])
        else:
            assert (city.submitted_on, city.receipt_number, city.result) == (None, None, None)
        congress = owed[CONGRESS]
        assert (congress.submitted_on, congress.result, congress.result_on) == (None, None, None)

    # The generated batch really covers what is checked above.
    kinds = {d.kind for d in documents.values()}
    assert kinds == {"regular", "interim", "trial"}
    assert any(d.published_on is None for d in documents.values())
    assert sum(1 for r in records if "filings" in r) > 20

    entries = imports_audited(office)
    assert len(entries) == 1
    assert entries[0].entity == "document"
    assert entries[0].operator == "测试员"
    assert "导入文件 320 件" in entries[0].summary
    assert entries[0].summary.startswith("批量导入")
    assert json.loads(entries[0].details) == {"count": 320}
    assert count(office, AuditEntry) == before + 1


def test_known_dates_and_deadlines(office):
    records = [
        {
            "number": "盖政发[2016]09号",
            "title": "盖州市城乡居民临时救助实施办法",
            "published": "2016-03-01",
        },
        {
            "number": "盖政办发【2016】51号",
            "title": "盖州市某某管理暂行办法",
            "published": D(2016, 3, 1),
        },
        # Published 2016-09-16: the 15-day term ends on National Day and moves to the make-up
        # working Saturday 2016-10-08; the 30-day term ends on Sunday 10-16 and moves to Monday.
        {"number": "盖政发（2016）第20号", "title": "某办法", "published": "2016年9月16日"},
        {
            "number": "盖政发〔2016〕21号",
            "title": "另一办法",
            "published": "2016-03-01",
            "effective": "2016-04-01",
            "valid_years": 3,
        },
        {
            "number": "盖政发〔2016〕22号",
            "title": "第三办法",
            "published": "2016-03-01",
            "valid_until": "2019-12-31",
        },
    ]
    assert import_documents(office=office, records=records, source="旧台账") == 5
    with office.reading() as session:
        rows = {d.doc_number: d for d in session.exec(select(Document).order_by(Document.id))}
        due = {
            (number, body): on
            for number, body, on in session.exec(
                select(Document.doc_number, Filing.body, Filing.due_on).join(
                    Document, Document.id == Filing.document_id
                )
            )
        }
    assert list(rows) == [
        "盖政发〔2016〕9号",
        "盖政办发〔2016〕51号",
        "盖政发〔2016〕20号",
        "盖政发〔2016〕21号",
        "盖政发〔2016〕22号",
    ]
    assert rows["盖政发〔2016〕9号"].valid_until is None  # states no period
    assert rows["盖政办发〔2016〕51号"].valid_until is None  # 暂行, but no period stated
    assert rows["盖政办发〔2016〕51号"].kind == "interim"
    assert rows["盖政发〔2016〕21号"].valid_until == D(2019, 3, 31)
    assert rows["盖政发〔2016〕21号"].valid_years == 3
    assert rows["盖政发〔2016〕22号"].valid_until == D(2019, 12, 31)
    assert due[("盖政发〔2016〕9号", CITY)] == D(2016, 3, 16)
    assert due[("盖政发〔2016〕9号", CONGRESS)] == D(2016, 3, 31)
    assert due[("盖政发〔2016〕20号", CITY)] == D(2016, 10, 8)
    assert due[("盖政发〔2016〕20号", CONGRESS)] == D(2016, 10, 17)
    assert imports_audited(office)[0].summary.startswith("旧台账")


# ---------------------------------------------------------------------------- all or nothing

GOOD = generate(10, seed=7, first_serial=500)
BAD_ROWS = {
    "malformed number": ({"number": "盖政发〔16〕9号", "title": "某办法"}, "年份只有两位"),
    "number without year": ({"number": "盖政发9号", "title": "某办法"}, "缺少年份"),
    "duplicate within the batch": ({"number": GOOD[1]["number"], "title": "某办法"}, "重复"),
    "duplicate of a registered document": (
        {"number": "盖政发[2016]1号", "title": "某办法"},
        "文号“盖政发〔2016〕1号”重复",
    ),
    "unknown agency code": (
        {"number": "盖民发〔2016〕3号", "title": "某办法"},
        "机关代字“盖民发”不属于任何已登记的制定机关",
    ),
    "unknown authority": (
        {"number": "盖政发〔2016〕777号", "title": "某办法", "authority": "盖州市民政局"},
        "制定机关“盖州市民政局”未登记",
    ),
    "missing title": ({"number": "盖政发〔2016〕778号", "title": "  "}, "标题不能为空"),
    "no title field": ({"number": "盖政发〔2016〕779号"}, "标题不能为空"),
    "no number field": ({"title": "某办法"}, "缺少字段 'number'"),
    "effective before published": (
        {
            "number": "盖政发〔2016〕780号",
            "title": "某办法",
            "published": "2016-05-01",
            "effective": "2016-04-30",
        },
        "施行日期（2016年4月30日）早于公布日期（2016年5月1日）",
    ),
    "published before the number's year": (
        {"number": "盖政发〔2017〕781号", "title": "某办法", "published": "2016-12-31"},
        "公布日期（2016年12月31日）早于文号“盖政发〔2017〕781号”的年份 2017 年",
    ),
    "unreadable date": (
        {"number": "盖政发〔2016〕782号", "title": "某办法", "published": "2016-02-30"},
        "不是有效日期",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_one_bad_row_refuses_the_whole_batch(office, kind):
    import_documents(office=office, records=generate(5))
    documents, filings = count(office, Document), count(office, Filing)
    audits = count(office, AuditEntry)
    bad, reason = BAD_ROWS[kind]
    batch = [*GOOD[:6], bad, *GOOD[6:]]

    with pytest.raises(ValidationError) as refused:
        import_documents(office=office, records=batch)

    message = str(refused.value)
    assert message.startswith("导入未执行：1 行有误")
    assert "未写入任何数据" in message
    assert "第 7 行：" in message
    assert reason in message
    assert count(office, Document) == documents
    assert count(office, Filing) == filings
    assert count(office, AuditEntry) == audits
    assert len(imports_audited(office)) == 1
    # Every good row of the refused batch is still absent.
    with office.reading() as session:
        numbers = set(session.exec(select(Document.doc_number)))
    assert not numbers & {canonical(r) for r in GOOD}


def test_every_bad_row_is_listed_up_to_twenty(office):
    records = generate(30)
    for index in range(0, 30, 2):
        records[index] = {**records[index], "title": ""}
    for index in (1, 3, 5, 7, 9, 11, 13, 15, 17, 19):
        records[index] = {**records[index], "number": "盖政发〔2016〕"}

    with pytest.raises(ValidationError) as refused:
        import_documents(office=office, records=records)

    message = str(refused.value)
    assert "25 行有误" in message
    lines = message.splitlines()
    listed = [line for line in lines if line.startswith("第 ")]
    assert len(listed) == 20
    assert listed[0].startswith("第 1 行：") and "标题不能为空" in listed[0]
    assert listed[1].startswith("第 2 行：") and "序号" in listed[1]
    assert listed[-1].startswith("第 20 行：")
    assert lines[-1] == "……另有 5 行有误"
    assert count(office, Document) == 0
    assert imports_audited(office) == []


# ---------------------------------------------------------------------------- ids


def ids_of(office) -> list[int]:
    with office.reading() as session:
        return list(session.exec(select(Document.id).order_by(Document.id)))


def test_later_imports_and_registrations_get_fresh_ids(office):
    assert import_documents(office=office, records=generate(120), batch_size=50) == 120
    first = ids_of(office)
    assert len(first) == 120

    assert import_documents(office=office, records=generate(80, first_serial=200)) == 80
    second = sorted(set(ids_of(office)) - set(first))
    assert len(second) == 80
    assert min(second) > max(first)

    # A document registered the ordinary way must not collide with the imported ids: on
    # PostgreSQL this needs the id sequence to have been advanced by the import.
    added = services.register_document(
        office=office, number="盖政发〔2016〕900号", title="登记的办法"
    )
    assert added.id > max(second)
    with office.reading() as session:
        assert load_document(session, "盖政发〔2016〕900号").id == added.id

    # And an import after an ordinary registration continues after it.
    assert import_documents(office=office, records=generate(3, first_serial=300)) == 3
    third = sorted(set(ids_of(office)) - set(first) - set(second) - {added.id})
    assert len(third) == 3
    assert min(third) > added.id
    assert count(office, Document) == 204
    assert len(imports_audited(office)) == 3


def test_a_refused_import_does_not_burn_the_next_registration(office):
    with pytest.raises(ValidationError):
        import_documents(office=office, records=[{"number": "盖政发〔2016〕1号", "title": ""}])
    added = services.register_document(office=office, number="盖政发〔2016〕1号", title="某办法")
    assert count(office, Document) == 1
    assert import_documents(office=office, records=generate(4, first_serial=2)) == 4
    assert min(ids_of(office)[1:]) > added.id


# ---------------------------------------------------------------------------- rows refused like register_document refuses them


def test_duplicate_registration_number_is_reported_with_its_row(office):
    records = generate(3)
    records[0]["registration_number"] = "GZ-2016-001"
    records[2]["registration_number"] = "GZ-2016-001"
    with pytest.raises(ValidationError, match="第 3 行"):
        import_documents(office=office, records=records)


def test_valid_until_before_effective_is_refused(office):
    record = {
        "number": "盖政发〔2016〕3号",
        "title": "某办法",
        "published": "2016-03-01",
        "valid_until": "2015-01-01",
    }
    with pytest.raises(ValidationError, match="第 1 行"):
        import_documents(office=office, records=[record])


@pytest.mark.parametrize("years", [0, -1])
def test_non_positive_valid_years_is_refused(office, years):
    record = {
        "number": "盖政发〔2016〕5号",
        "title": "某办法",
        "published": "2016-03-01",
        "valid_years": years,
    }
    with pytest.raises(ValidationError, match="第 1 行"):
        import_documents(office=office, records=[record])


def test_a_filing_to_a_body_that_is_not_owed_is_reported(office):
    record = {
        "number": "盖政发〔2016〕6号",
        "title": "某办法",
        "published": "2016-03-01",
        "filings": [{"body": "营口市人大常委会", "submitted": "2016-03-05", "receipt": "X1"}],
    }
    with pytest.raises(ValidationError, match="第 1 行"):
        import_documents(office=office, records=[record])


def test_effective_before_the_numbers_year_is_refused(office):
    record = {"number": "盖政发〔2016〕4号", "title": "某办法", "effective": "2015-03-01"}
    with pytest.raises(ValidationError, match="第 1 行"):
        import_documents(office=office, records=[record])


def test_publication_in_the_future_is_refused(office):
    record = {"number": "盖政发〔2026〕7号", "title": "某办法", "published": "2026-12-31"}
    with pytest.raises(ValidationError, match="晚于今天"):
        import_documents(office=office, records=[record])
