"""The demo page and its widget through nginx, in headless Chromium: one
conversation whose messages are answered by different replicas."""

from playwright.sync_api import expect

from tests.e2e.browser import DATE, bot_messages, browser, open_chat, say  # noqa: F401 (fixture)


def test_the_widget_talks_through_nginx_across_replicas(browser, cluster):
    # The page's own origin is the one CORS allows: localhost, as a rep opens it.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    before = len(cluster.upstreams())
    try:
        page.goto(cluster.url.replace("127.0.0.1", "localhost") + "/")
        open_chat(page)
        say(page, "我们没有预算")
        expect(bot_messages(page)).to_have_count(1, timeout=30_000)
        expect(bot_messages(page).last).to_contain_text(DATE)
        say(page, "那天不行")
        buttons = page.get_by_test_id("chat-button")
        expect(buttons).to_have_count(3, timeout=30_000)  # the declined proposal was remembered
        title = buttons.first.inner_text()
        buttons.first.click()
        expect(bot_messages(page).last).to_contain_text(title, timeout=30_000)
        expect(bot_messages(page).last).to_contain_text("确认")
    finally:
        context.close()
    used = cluster.upstreams()[before:]
    assert len(used) == 3 and len(set(used)) >= 2, used  # round-robin moved the conversation
