import functools
import http.server
import shutil
import threading

import pytest

from tests.e2e.secured import API_TOKEN, SECRET
from server.stack import MODEL, ROOT, Stack, free_port

EMBED = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>portal</title></head>
<body><h1>培训门户</h1><div id="slot"></div>
<script src="widget.js" data-server-url="{server}" data-title="销售陪练" data-lang="{lang}"
        data-mode="{mode}" {extra} defer></script></body></html>"""


@pytest.fixture(scope="session")
def web_root(tmp_path_factory):
    """The widget as a portal serves it: web/ copied, plus host pages that
    embed it with one tag (the stack's URL is filled in later)."""
    root = tmp_path_factory.mktemp("web")
    shutil.copytree(ROOT / "web", root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="session")
def web_server(web_root):
    port = free_port()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(web_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, web_server, web_root):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test` trains it before running pytest")
    # CORS allows the portal's origin only, as `make run` does for the demo page.
    running = Stack(tmp_path_factory.mktemp("stack"), cors=web_server).start()
    for name, lang, mode, extra in [
        ("launcher", "zh-CN", "launcher", ""),
        ("tw", "zh-TW", "launcher", ""),
        ("inline", "zh-CN", "inline", 'data-target="#slot"'),
    ]:
        (web_root / f"{name}.html").write_text(
            EMBED.format(server=running.url, lang=lang, mode=mode, extra=extra), encoding="utf-8"
        )
    # the demo page finds the bot as under make run: its own config.js
    (web_root / "config.js").write_text(f'window.ObjectionCoachConfig = {{ serverUrl: "{running.url}" }};\n')
    yield running
    running.stop()


@pytest.fixture(scope="session")
def secured(tmp_path_factory):
    """The stack as production runs it: the portal's secret and the HTTP API
    token set (`make run` without them has neither)."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test` trains it before running pytest")
    running = Stack(tmp_path_factory.mktemp("secured"))
    # the API token through the environment, as `make run` passes it
    running.env.update(PORTAL_JWT_SECRET=SECRET, RASA_TOKEN=API_TOKEN)
    yield running.start()
    running.stop()
