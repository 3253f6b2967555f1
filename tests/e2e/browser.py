"""Headless Debian Chromium driven by Playwright, and the widget's moves,
for the widget tests against `make run`'s stack and against the cluster."""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

DATE = re.compile(r"\d{1,2}月\d{1,2}日（星期[一二三四五六日]）")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


# Module scope: Playwright's sync API keeps an event loop running while it is
# open, which would break the async tests that run after this module.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def open_chat(page):
    page.get_by_test_id("chat-launcher").click()
    expect(page.get_by_test_id("chat-input")).to_be_visible()


def say(page, text):
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-input").press("Enter")


def bot_messages(page):
    return page.locator('[data-testid="chat-message"][data-author="bot"]')


def user_messages(page):
    return page.locator('[data-testid="chat-message"][data-author="user"]')
