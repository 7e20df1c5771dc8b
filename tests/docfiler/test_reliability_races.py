"""Issue 14, item 2: a finished cleanup campaign cannot change, and only one campaign is open.

Two worker processes, each with its own connection, are told to act at the same instant
(`cleanup decide` against `cleanup finish`; two `cleanup start`), round after round, on SQLite
and PostgreSQL. Every round is bounded in time.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time

import pytest
from sqlalchemy import text
from sqlmodel import select

from docfiler.queries.campaigns import campaign_items
from docfiler.services.cleanup import decide, start_campaign
from docfiler.store.tables import CleanupCampaign, CleanupItem, Document

TODAY = dt.date(2026, 11, 26)
ROUNDS = 8
ROUND_TIMEOUT = 30  # seconds for one command in a worker

WORKER = r"""
import datetime as dt, json, sys, time
from docfiler.errors import DocfilerError
from docfiler.office import Office
from docfiler.services.cleanup import decide, finish_campaign, start_campaign

office = Office.open(sys.argv[1])
office.today = lambda: dt.date(2026, 11, 26)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    pause = command["at"] - time.time()
    if pause > 0.003:
        time.sleep(pause - 0.003)
    while time.time() < command["at"]:
        pass
    try:
        if command["op"] == "finish":
            finish_campaign(office=office, campaign=command["campaign"], on=office.today())
        elif command["op"] == "decide":
            decide(office=office, campaign=command["campaign"], number=command["number"],
                   decision="继续有效")
        else:
            start_campaign(office=office, name=command["name"], as_of=office.today())
        answer = {"ok": True}
    except DocfilerError as error:
        answer = {"ok": False, "error": type(error).__name__, "message": str(error)}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
"""


class Worker:
    """A python process holding an open office, acting on the commands sent to it."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        import selectors

        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(ROUND_TIMEOUT):
                raise AssertionError("worker did not answer in time")
        line = self.process.stdout.readline()
        assert line, "worker died"
        return line

    def send(self, **command) -> None:
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict:
        return json.loads(self._line())

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def workers(sample_office):
    url = sample_office.engine.url.render_as_string(hide_password=False)
    pair = [Worker(url), Worker(url)]
    yield pair
    for worker in pair:
        worker.close()


def _prepare_round(office, round_no: int) -> tuple[str, str]:
    """A new campaign, every item decided, one document to be repealed: (campaign, number)."""
    started = start_campaign(office=office, name=f"竞争清理{round_no}", as_of=TODAY)
    items = campaign_items(office=office, campaign=started.id, limit=1000)["items"]
    target = sorted(item["doc_number"] for item in items)[0]
    for item in items:
        repeal = item["doc_number"] == target
        decide(
            office=office,
            campaign=started.id,
            number=item["doc_number"],
            decision="废止" if repeal else "继续有效",
            reason="竞争测试" if repeal else None,
        )
    return str(started.id), target


def test_a_decision_racing_the_finish_never_lands_after_it(sample_office, workers):
    finisher, decider = workers
    for round_no in range(ROUNDS):
        campaign, number = _prepare_round(sample_office, round_no)
        at = time.time() + 0.3
        finisher.send(op="finish", campaign=campaign, at=at)
        decider.send(op="decide", campaign=campaign, number=number, at=at + random.uniform(0, 0.01))
        finished, decided = finisher.answer(), decider.answer()
        assert finished["ok"], finished
        assert decided["ok"] or decided["error"] == "GateError", decided
        if not decided["ok"]:
            assert "已于" in decided["message"] and "完成，不能再修改" in decided["message"]
        with sample_office.reading() as session:
            item, document = session.exec(
                select(CleanupItem, Document)
                .join(Document, Document.id == CleanupItem.document_id)
                .where(CleanupItem.campaign_id == int(campaign), Document.doc_number == number)
            ).one()
        repealed_now = document.repealed_on == TODAY
        # What the finished campaign says is what happened to the document, in every round.
        assert (item.decision == "废止") == repealed_now, (round_no, item.decision, decided)
        assert decided["ok"] != repealed_now, (round_no, decided)


def test_two_clerks_starting_a_campaign_at_once_open_only_one(sample_office, workers):
    first, second = workers
    for round_no in range(ROUNDS):
        at = time.time() + 0.3
        first.send(op="start", name=f"甲{round_no}", at=at)
        second.send(op="start", name=f"乙{round_no}", at=at + random.uniform(0, 0.005))
        answers = [first.answer(), second.answer()]
        assert sorted(a["ok"] for a in answers) == [False, True], answers
        refused = next(a for a in answers if not a["ok"])
        assert refused["error"] == "GateError" and "尚未完成" in refused["message"]
        with sample_office.transaction() as session:
            open_ids = session.exec(
                select(CleanupCampaign.id).where(CleanupCampaign.finished_on.is_(None))
            ).all()
            assert len(open_ids) == 1, (round_no, answers)
            for table in ("cleanupitem", "cleanupcampaign"):
                column = "campaign_id" if table == "cleanupitem" else "id"
                session.execute(
                    text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": open_ids[0]}
                )
