"""The chat widget in real headless Chromium, against the running bot."""

import json
import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import DATE, bot_messages, browser, open_chat, say, user_messages  # noqa: F401 (fixture)
from server.stack import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser, stack, web_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{web_server}/launcher.html")
    yield page
    context.close()


def test_an_objection_is_answered_with_a_dated_proposal(page):
    open_chat(page)
    say(page, "你们的价格太贵了")
    expect(bot_messages(page).last).to_contain_text(DATE, timeout=20_000)
    expect(user_messages(page)).to_have_text(["你们的价格太贵了"])


def test_a_quick_reply_button_sends_its_payload_and_shows_its_title(page):
    open_chat(page)
    say(page, "我们没有预算")
    expect(bot_messages(page)).to_have_count(1, timeout=20_000)
    say(page, "那天不行")
    buttons = page.get_by_test_id("chat-button")
    expect(buttons).to_have_count(3, timeout=20_000)
    title = buttons.first.inner_text()
    assert DATE.search(title)
    buttons.first.click()
    expect(user_messages(page).last).to_have_text(title)
    expect(bot_messages(page).last).to_contain_text("确认", timeout=20_000)
    expect(bot_messages(page).last).to_contain_text(title)


def test_reload_keeps_the_conversation_and_new_chat_starts_fresh(page):
    open_chat(page)
    say(page, "我们已经有供应商了")
    expect(bot_messages(page)).to_have_count(1, timeout=20_000)
    sender = page.evaluate("localStorage.getItem('objection-coach:sender')")
    page.reload()
    open_chat(page)
    expect(user_messages(page)).to_have_text(["我们已经有供应商了"])
    expect(bot_messages(page)).to_have_count(1)
    assert page.evaluate("localStorage.getItem('objection-coach:sender')") == sender
    page.get_by_test_id("chat-new").click()  # asks first: nothing is lost on a slip
    expect(page.get_by_test_id("chat-new")).to_have_text("确定清空？")
    expect(user_messages(page)).to_have_count(1)
    page.get_by_test_id("chat-new").click()
    expect(page.get_by_test_id("chat-message")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('objection-coach:sender')") != sender


@pytest.mark.parametrize(
    "payload",
    [
        '<img src=x onerror="window.__xss=1;alert(1)">',
        "<script>window.__xss=2;alert(2)</script>你们太贵了",
        '<a href="javascript:alert(3)" onmouseover="alert(3)">点我</a>',
    ],
)
def test_html_is_shown_as_text_and_never_runs(page, payload):
    open_chat(page)
    say(page, payload)
    expect(bot_messages(page)).to_have_count(1, timeout=20_000)
    expect(user_messages(page).last).to_have_text(payload)
    assert page.locator(".oc-log img, .oc-log script, .oc-log a").count() == 0
    page.mouse.move(640, 400)
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_enter_while_composing_does_not_send(page):
    open_chat(page)
    box = page.get_by_test_id("chat-input")
    box.fill("价格太")
    for init in (
        "{key: 'Enter', isComposing: true, bubbles: true, cancelable: true}",
        "{key: 'Enter', keyCode: 229, bubbles: true, cancelable: true}",
    ):
        box.evaluate(f"""el => {{
            const e = new KeyboardEvent('keydown', {init});
            if (!e.isComposing) Object.defineProperty(e, 'keyCode', {{get: () => 229}});
            el.dispatchEvent(e);
        }}""")
    expect(page.get_by_test_id("chat-message")).to_have_count(0)
    expect(box).to_have_value("价格太")
    box.press("Shift+Enter")
    expect(page.get_by_test_id("chat-message")).to_have_count(0)
    box.press("Enter")
    expect(user_messages(page)).to_have_count(1)


def test_traditional_ui_and_replies(browser, stack, web_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{web_server}/tw.html")
    open_chat(page)
    expect(page.get_by_test_id("chat-send")).to_have_text("送出")
    expect(page.get_by_test_id("chat-button").filter(has_text="成交簽單")).to_have_count(1, timeout=20_000)
    say(page, "你們的價格太貴了")
    expect(bot_messages(page).last).to_contain_text("價格確實很重要", timeout=20_000)
    context.close()


def test_the_demo_portal_page_embeds_the_widget(browser, stack, web_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{web_server}/index.html")
    expect(page.get_by_role("heading", name="第3课：电话约访中的七种拒绝")).to_be_visible()
    open_chat(page)
    say(page, "你先寄份资料给我吧")
    expect(bot_messages(page).last).to_contain_text(DATE, timeout=20_000)
    context.close()


@pytest.mark.parametrize("width, height, name", [(1280, 800, "desktop"), (360, 740, "mobile")])
def test_fits_desktop_and_a_360px_phone(browser, stack, web_server, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{web_server}/index.html")
    open_chat(page)
    say(page, "我们已经有供应商了")
    say(page, "那天不行")
    expect(page.get_by_test_id("chat-button")).to_have_count(3, timeout=20_000)
    for testid in ("chat-input", "chat-send"):
        box = page.get_by_test_id(testid).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, testid
        assert box["y"] + box["height"] <= height, testid
    page.screenshot(path=str(ROOT / "runtime" / f"widget-{name}.png"))
    page.get_by_test_id("chat-close").click()
    expect(page.get_by_test_id("chat-input")).to_be_hidden()
    expect(page.get_by_test_id("chat-launcher")).to_be_visible()
    context.close()


def test_keyboard_only(page):
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("chat-launcher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("chat-input")).to_be_focused()
    page.keyboard.type("太贵了")
    page.keyboard.press("Enter")
    expect(bot_messages(page)).to_have_count(1, timeout=20_000)
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")


def user_turns(stack, sender, text):
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)).fetchall()
    return sum(1 for (data,) in rows if json.loads(data).get("text") == text)


def test_bot_down_error_shown_message_kept_then_delivered_once(page, stack):
    open_chat(page)
    sender = page.evaluate("localStorage.getItem('objection-coach:sender')")
    stack.stop_rasa()
    try:
        say(page, "你们比别家贵多了")
        expect(page.get_by_test_id("chat-error")).to_be_visible(timeout=15_000)
        expect(page.get_by_test_id("chat-retry")).to_be_visible()
        expect(user_messages(page).locator(".oc-text")).to_have_text(["你们比别家贵多了"])
    finally:
        stack.start_rasa()
    expect(bot_messages(page).last).to_contain_text(DATE, timeout=60_000)
    expect(page.get_by_test_id("chat-error")).to_be_hidden()
    assert user_turns(stack, sender, "你们比别家贵多了") == 1


def test_the_welcome_offers_the_scenarios_and_one_click_picks_one(page):
    open_chat(page)
    buttons = page.get_by_test_id("chat-button")
    expect(buttons).to_have_count(7, timeout=20_000)  # six scenarios and the drill
    expect(buttons.first).to_have_text("陌生电话约见")
    buttons.filter(has_text="售后投诉").click()
    expect(user_messages(page).last).to_have_text("售后投诉")
    expect(bot_messages(page).first).to_have_text("好，现在练“售后投诉”。", timeout=20_000)


def test_the_welcome_offers_the_drill_and_the_widget_shows_drill_mode(page):
    open_chat(page)
    box = page.get_by_test_id("chat-input")
    call_placeholder = box.get_attribute("placeholder")
    expect(page.get_by_test_id("chat-mode")).to_be_hidden()
    page.get_by_test_id("chat-button").filter(has_text="开始练习").click()
    expect(bot_messages(page).first).to_contain_text("开始练习！", timeout=20_000)
    expect(page.get_by_test_id("chat-mode")).to_be_visible()
    expect(page.get_by_test_id("chat-mode")).to_have_text("练习中")
    expect(box).to_have_attribute("placeholder", re.compile("作为销售的回答"))
    expect(box).to_be_focused()  # back in the input after a quick reply
    page.reload()  # the mode survives a reload, like the conversation
    open_chat(page)
    expect(page.get_by_test_id("chat-mode")).to_be_visible()
    say(page, "结束练习")
    expect(page.get_by_test_id("chat-mode")).to_be_hidden(timeout=20_000)
    expect(box).to_have_attribute("placeholder", call_placeholder)


def test_escape_closes_the_panel_and_returns_to_the_launcher(page):
    open_chat(page)
    page.get_by_test_id("chat-input").press("Escape")
    expect(page.get_by_test_id("chat-input")).to_be_hidden()
    expect(page.get_by_test_id("chat-launcher")).to_be_focused()


def test_on_a_desktop_the_open_panel_sits_beside_the_lesson_not_over_it(browser, stack, web_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{web_server}/index.html")
    open_chat(page)
    panel = page.locator(".oc-panel").bounding_box()
    lesson = page.locator("main").bounding_box()
    assert lesson["x"] + lesson["width"] <= panel["x"], (lesson, panel)
    launcher = page.get_by_test_id("chat-launcher").bounding_box()
    assert launcher["x"] + launcher["width"] <= panel["x"]
    assert missing == []  # the favicon too
    context.close()


@pytest.mark.parametrize("state", ["welcome", "drill"])
def test_no_serious_accessibility_violations(browser, stack, web_server, state):
    """axe-core (npm, `make test` installs it) on the demo page with the chat open."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{web_server}/index.html")
    open_chat(page)
    if state == "drill":
        page.get_by_test_id("chat-button").filter(has_text="开始练习").click()
        expect(page.get_by_test_id("chat-mode")).to_be_visible(timeout=20_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert result["passes"] and serious == []  # it ran its rules, and none failed seriously
    context.close()
