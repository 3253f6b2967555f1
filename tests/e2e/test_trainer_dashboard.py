"""Drill records and the trainer dashboard against the real stack: a rep
drills in the widget, the trainer's page shows it, the CSV has the row, an
assignment starts the rep's next drill; "我的成绩" through the REST channel."""

import re
import sqlite3
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import bot_messages, browser, open_chat, say  # noqa: F401 (fixture)
from tests.e2e.test_drill import STRONG

TOKEN = "e2e-trainer-token-0123456789"


@pytest.fixture(scope="module")
def dashboard(stack):
    """The dashboard on the stack's own database, as `make run` starts it."""
    stack.env["TRAINER_TOKEN"] = TOKEN
    url = stack.start_dashboard()
    yield url
    from server.stack import stop_process

    stop_process(stack.dashboard)


def rows_of(stack, sender):
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        return db.execute(
            "SELECT scenario, objection, score, answer, model_answer FROM coach_drill_records WHERE rep = ?", (sender,)
        ).fetchall()


def test_a_drill_through_the_rest_channel_is_recorded_and_survives_a_restart_of_the_conversation(stack):
    sender = f"rep-{uuid.uuid4()}"
    stack.texts(sender, '/start_drill{"objection":"too_expensive"}')
    stack.texts(sender, STRONG)
    stack.texts(sender, "/restart")
    ((scenario, objection, score, answer, model),) = rows_of(stack, sender)
    assert (scenario, objection, answer) == ("cold_call", "too_expensive", STRONG)
    assert score >= 80 and "价格" in model and "{" not in model
    (reply,) = stack.texts(sender, "我的成绩")
    assert reply.startswith("你一共练习了1次，回答了1句，平均") and "价格太高" in reply


def test_my_results_in_traditional_script(stack):
    (reply,) = stack.texts(f"rep-{uuid.uuid4()}", "我的成績")
    assert "你還沒有練習記錄" in reply


def test_a_trainer_assigns_a_rep_drills_it_the_page_and_the_csv_show_it(browser, stack, web_server, dashboard):  # noqa: F811
    rep_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    trainer_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        rep = rep_context.new_page()
        rep.goto(f"{web_server}/launcher.html")
        open_chat(rep)
        sender = rep.evaluate("localStorage.getItem('objection-coach:sender')")
        assert sender

        trainer = trainer_context.new_page()
        trainer.goto(f"{dashboard}/trainer/?token={TOKEN}")
        expect(trainer).to_have_url(f"{dashboard}/trainer/")
        trainer.get_by_test_id("assign-rep").fill(sender)
        trainer.get_by_test_id("assign-objections").select_option("cold_call/too_expensive")
        trainer.get_by_test_id("assign-due").fill("2030-01-31")
        trainer.get_by_test_id("assign-submit").click()
        assigned = trainer.locator(f'[data-testid="assignment-row"][data-rep="{sender}"]')
        expect(assigned.get_by_test_id("assignment-done")).to_have_text("0/1")

        say(rep, "开始练习")
        expect(bot_messages(rep).first).to_contain_text("培训师给你布置了练习", timeout=20_000)
        expect(bot_messages(rep).first).to_contain_text("价格太高")
        say(rep, STRONG)
        expect(bot_messages(rep).last).to_contain_text("练习结束", timeout=20_000)

        trainer.reload()
        row = trainer.locator(f'[data-testid="rep-row"][data-rep="{sender}"]')
        expect(row).to_be_visible()
        expect(row.get_by_test_id("rep-average")).to_have_text(re.compile(r"^(8\d|9\d|100)$"))
        expect(assigned.get_by_test_id("assignment-done")).to_have_text("1/1")
        expect(trainer.locator('[data-testid="objection-row"][data-objection="too_expensive"]').first).to_be_visible()

        csv = trainer_context.request.get(dashboard + trainer.get_by_test_id("export-csv").get_attribute("href"))
        assert csv.ok and sender in csv.text() and STRONG in csv.text()

        row.get_by_role("link").click()
        expect(trainer.get_by_test_id("score-chart")).to_be_visible()
        expect(trainer.get_by_test_id("score-chart").locator("svg")).to_be_visible()
        expect(trainer.get_by_test_id("answer").first).to_contain_text(STRONG)
    finally:
        rep_context.close()
        trainer_context.close()
