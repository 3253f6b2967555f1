// Unit tests of the widget's logic (no browser): node --test tests/widget/
const test = require("node:test");
const assert = require("node:assert/strict");
const widget = require("../../web/widget.js");
const { createCore, backoffDelay, isSendKey, parseReplies, modeOf } = widget;

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)),
           removeItem: (k) => data.delete(k), data };
}

// A fake server: fails `failures` times (network error), then answers.
function fakeServer({ failures = 0, status = 200, body = null } = {}) {
  const received = [];
  let left = failures;
  const fetch = async (url, options) => {
    if (left > 0) { left -= 1; throw new TypeError("Failed to fetch"); }
    const request = JSON.parse(options.body);
    received.push(request);
    const answer = body || [{ recipient_id: request.sender, text: "回复：" + request.message,
                              buttons: [{ title: "好的", payload: "/affirm" }] }];
    return { ok: status < 400, status, json: async () => answer };
  };
  return { fetch, received };
}

// Timers we run by hand, so back-off is tested without waiting.
function manualTimers() {
  const pending = [];
  return { setTimeout: (fn, ms) => { const t = { fn, ms }; pending.push(t); return t; },
           clearTimeout: (t) => { const i = pending.indexOf(t); if (i >= 0) pending.splice(i, 1); },
           pending, fire: () => { const t = pending.shift(); t.fn(); return t.ms; } };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function core(server, timers, storage = memoryStorage(), extra = {}) {
  return createCore({ fetch: server.fetch, storage, setTimeout: timers.setTimeout,
                      clearTimeout: timers.clearTimeout, serverUrl: "http://bot:5005/", ...extra });
}

test("back-off doubles from 1 s and stops at 15 s", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map(backoffDelay), [1000, 2000, 4000, 8000, 15000, 15000, 15000]);
});

test("Enter sends; Shift+Enter and IME composition do not", () => {
  assert.equal(isSendKey({ key: "Enter" }), true);
  assert.equal(isSendKey({ key: "Enter", shiftKey: true }), false);
  assert.equal(isSendKey({ key: "Enter", isComposing: true }), false);
  assert.equal(isSendKey({ key: "Enter", keyCode: 229 }), false);
  assert.equal(isSendKey({ key: "a" }), false);
});

test("replies keep text and well-formed buttons only", () => {
  assert.deepEqual(parseReplies([{ text: "a\nb" }, { buttons: [{ title: "x", payload: "/y" }, { title: 1 }] }, null, {}]),
                   [{ text: "a\nb", buttons: [] }, { text: "", buttons: [{ title: "x", payload: "/y" }] }]);
  assert.deepEqual(parseReplies({ error: "bad" }), []);
});

test("a message is delivered once the server is back, exactly once, in order", async () => {
  const server = fakeServer({ failures: 3 });
  const timers = manualTimers();
  const c = core(server, timers);
  c.send("你们太贵了");
  c.send("第二句");
  await flush();
  assert.equal(c.state.offline, true);
  assert.equal(c.state.messages[0].status, "failed");
  assert.deepEqual([timers.fire(), await flush(), timers.fire(), await flush(), timers.fire()].filter(Boolean),
                   [1000, 2000, 4000]);
  await flush(); await flush();
  assert.deepEqual(server.received.map((r) => r.message), ["你们太贵了", "第二句"]);
  assert.equal(c.state.offline, false);
  assert.deepEqual(c.state.messages.map((m) => [m.author, m.text]),
                   [["user", "你们太贵了"], ["bot", "回复：你们太贵了"], ["user", "第二句"], ["bot", "回复：第二句"]]);
  assert.equal(timers.pending.length, 0);
});

test("a manual retry cancels the timer and sends once", async () => {
  const server = fakeServer({ failures: 1 });
  const timers = manualTimers();
  const c = core(server, timers);
  c.send("你好");
  await flush();
  assert.equal(timers.pending.length, 1);
  c.retry();
  await flush(); await flush();
  assert.equal(timers.pending.length, 0);
  assert.equal(server.received.length, 1);
});

test("a 4xx answer is shown and not retried", async () => {
  const server = fakeServer({ status: 400, body: { error: "message 必须是字符串" } });
  const timers = manualTimers();
  const c = core(server, timers);
  c.send("x");
  await flush(); await flush();
  assert.equal(c.state.messages[0].status, "rejected");
  assert.equal(c.state.messages[0].error, "message 必须是字符串");
  assert.equal(timers.pending.length, 0);
});

test("a 429 is sent again after Retry-After, not shown as rejected", async () => {
  let calls = 0;
  const received = [];
  const fetch = async (url, options) => {
    calls += 1;
    if (calls === 1) {
      return { ok: false, status: 429, headers: { get: (h) => (h === "Retry-After" ? "3" : null) },
               json: async () => ({ error: "发得太快了" }) };
    }
    received.push(JSON.parse(options.body));
    return { ok: true, status: 200, json: async () => [{ text: "回复" }] };
  };
  const timers = manualTimers();
  const c = core({ fetch }, timers);
  c.send("太贵了");
  await flush(); await flush();
  assert.equal(c.state.messages[0].status, "queued");
  assert.equal(c.state.offline, false);
  assert.equal(timers.fire(), 3000);
  await flush(); await flush();
  assert.equal(c.state.messages[0].status, "sent");
  assert.deepEqual(received.map((r) => r.message), ["太贵了"]);
  assert.equal(c.state.messages[1].text, "回复");
});

test("history and sender survive a reload; a new conversation gets a new sender", async () => {
  const storage = memoryStorage();
  const server = fakeServer();
  const first = core(server, manualTimers(), storage);
  first.send("我们没有预算");
  await flush(); await flush();
  const reloaded = core(server, manualTimers(), storage);
  assert.equal(reloaded.sender, first.sender);
  assert.match(reloaded.sender, /^[0-9a-f-]{36}$/);
  assert.deepEqual(reloaded.state.messages.map((m) => m.text), ["我们没有预算", "回复：我们没有预算"]);
  reloaded.reset();
  assert.notEqual(reloaded.sender, first.sender);
  assert.deepEqual(core(server, manualTimers(), storage).state.messages, []);
});

test("a message interrupted by a reload is sent after it", async () => {
  const storage = memoryStorage();
  const never = { fetch: () => new Promise(() => {}), received: [] };
  core(never, manualTimers(), storage).send("没发出去的话");
  const server = fakeServer();
  const reloaded = core(server, manualTimers(), storage);
  reloaded.start();
  await flush(); await flush();
  assert.deepEqual(server.received.map((r) => r.message), ["没发出去的话"]);
});

test("a portal user id is the sender, and new conversations stay that user's", () => {
  const storage = memoryStorage();
  const c = core(fakeServer(), manualTimers(), storage, { userId: "rep-42" });
  assert.equal(c.sender, "rep-42");
  c.reset();
  assert.match(c.sender, /^rep-42:/);
  assert.equal(core(fakeServer(), manualTimers(), storage, { userId: "rep-42" }).sender, c.sender);
});

test("a button sends its payload and shows its title", async () => {
  const server = fakeServer();
  const c = core(server, manualTimers());
  c.send('/propose_time{"time":"2026-11-26T10:00"}', "11月26日（星期四）上午10点");
  await flush(); await flush();
  assert.equal(server.received[0].message, '/propose_time{"time":"2026-11-26T10:00"}');
  assert.equal(c.state.messages[0].text, "11月26日（星期四）上午10点");
});

// The portal: hands out tokens (numbered), and a bot that accepts only the
// current one, as the portal channel does once a token has expired.
function portalServer() {
  const calls = [];
  let issued = 0;
  const fetch = async (url, options = {}) => {
    if (url === "/portal/chat-token") {
      issued += 1;
      calls.push(["token", options.credentials]);
      return { ok: true, status: 200, json: async () => ({ token: "t" + issued }) };
    }
    const auth = options.headers.Authorization;
    calls.push([url, auth, JSON.parse(options.body)]);
    if (auth !== "Bearer t" + issued || issued < 2) {
      return { ok: false, status: 401, json: async () => ({ error: "The token has expired." }) };
    }
    return { ok: true, status: 200, json: async () => [{ text: "回复" }] };
  };
  return { fetch, calls };
}

test("with a token URL it sends to the portal channel and renews an expired token once", async () => {
  const server = portalServer();
  const c = core(server, manualTimers(), memoryStorage(), { tokenUrl: "/portal/chat-token" });
  c.send("太贵了");
  await flush(); await flush(); await flush(); await flush();
  assert.deepEqual(server.calls, [
    ["token", "include"],
    ["http://bot:5005/webhooks/portal/webhook", "Bearer t1", { message: "太贵了" }],
    ["token", "include"],
    ["http://bot:5005/webhooks/portal/webhook", "Bearer t2", { message: "太贵了" }],
  ]);
  assert.deepEqual(c.state.messages.map((m) => [m.author, m.text, m.status]),
                   [["user", "太贵了", "sent"], ["bot", "回复", undefined]]);
});

test("a token the bot refuses twice is shown as refused, not retried forever", async () => {
  const fetch = async (url) => (url === "/t"
    ? { ok: true, status: 200, json: async () => ({ token: "stale" }) }
    : { ok: false, status: 401, json: async () => ({ error: "登录凭证无效。" }) });
  const timers = manualTimers();
  const c = core({ fetch }, timers, memoryStorage(), { tokenUrl: "/t" });
  c.send("太贵了");
  for (let i = 0; i < 6; i++) await flush();
  assert.equal(c.state.messages[0].status, "rejected");
  assert.equal(c.state.messages[0].error, "登录凭证无效。");
  assert.equal(timers.pending.length, 0);
});

test("a drill reply switches the mode; it survives a reload and a new conversation resets it", async () => {
  const storage = memoryStorage();
  const timers = manualTimers();
  const answers = [[{ text: "好，开始练习！" }, { custom: { mode: "drill" } }],
                   [{ text: "练习结束！" }, { custom: { mode: "call" } }]];
  const server = { fetch: async () => ({ ok: true, status: 200, json: async () => answers.shift() }) };
  const first = core(server, timers, storage);
  assert.equal(first.state.mode, "call");
  first.send("开始练习");
  await flush(); await flush();
  assert.equal(first.state.mode, "drill");
  assert.equal(first.state.messages.filter((m) => m.author === "bot").length, 1);  // the switch is not a bubble
  const reloaded = core(server, timers, storage);
  assert.equal(reloaded.state.mode, "drill");
  reloaded.send("结束练习");
  await flush(); await flush();
  assert.equal(reloaded.state.mode, "call");
  assert.equal(modeOf([{ custom: { mode: "drill" } }, { text: "x" }]), "drill");
  assert.equal(modeOf([{ custom: { mode: "nonsense" } }, null]), null);
  reloaded.state.mode = "drill";
  reloaded.reset();
  assert.equal(reloaded.state.mode, "call");
});

test("a reply that arrives after a new conversation started is dropped, with its mode", async () => {
  const storage = memoryStorage();
  const timers = manualTimers();
  let answer;
  const server = { fetch: () => new Promise((resolve) => { answer = resolve; }) };
  const chat = core(server, timers, storage);
  chat.send("开始练习");
  chat.reset();  // "新对话" while the bot is still answering
  answer({ ok: true, status: 200, json: async () => [{ text: "好，开始练习！" }, { custom: { mode: "drill" } }] });
  await flush(); await flush();
  assert.deepEqual(chat.state.messages, []);
  assert.equal(chat.state.mode, "call");
  chat.send("太贵了");  // and the new conversation sends normally
  answer({ ok: true, status: 200, json: async () => [{ text: "您说得对" }] });
  await flush(); await flush();
  assert.deepEqual(chat.state.messages.map((m) => m.text), ["太贵了", "您说得对"]);
});

test("the bot's address: the tag's attribute, else config.js, else the page's own", () => {
  const win = { location: { origin: "https://portal.example" } };
  assert.equal(widget.serverUrlFor({ serverUrl: "http://bot:5005" }, { ...win, ObjectionCoachConfig: { serverUrl: "x" } }),
               "http://bot:5005");
  assert.equal(widget.serverUrlFor({}, { ...win, ObjectionCoachConfig: { serverUrl: "http://localhost:5105" } }),
               "http://localhost:5105");
  assert.equal(widget.serverUrlFor({}, { ...win, ObjectionCoachConfig: { serverUrl: "" } }), "https://portal.example");
  assert.equal(widget.serverUrlFor({}, win), "https://portal.example");
});

test("the welcome's scenarios come from the bot, in the script asked for, through the channel in use", async () => {
  const asked = [];
  const list = [{ title: "成交签单", payload: '/scenario{"name": "closing"}' }, { title: 42 }];
  const fetch = async (url) => { asked.push(url); return { ok: true, status: 200, json: async () => list }; };
  const chat = core({ fetch }, manualTimers());
  assert.deepEqual(await chat.loadScenarios("hant"), [list[0]]);
  assert.deepEqual(chat.state.scenarios, [list[0]]);
  const portal = core({ fetch }, manualTimers(), memoryStorage(), { tokenUrl: "/token", userId: "u1" });
  await portal.loadScenarios("hans");
  assert.deepEqual(asked, ["http://bot:5005/webhooks/rest/scenarios?script=hant",
                           "http://bot:5005/webhooks/portal/scenarios?script=hans"]);
});

test("without the scenario list the welcome keeps its menu button", async () => {
  const down = core({ fetch: async () => { throw new TypeError("Failed to fetch"); } }, manualTimers());
  assert.deepEqual(await down.loadScenarios("hans"), []);
  const broken = core({ fetch: async () => ({ ok: false, status: 500, json: async () => ({}) }) }, manualTimers());
  assert.deepEqual(await broken.loadScenarios("hans"), []);
});
