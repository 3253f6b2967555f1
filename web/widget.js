/*
 * Objection Coach chat widget: one <script> tag, no framework, no build.
 *
 *   <script src="widget.js" data-server-url="https://coach.example.com"
 *           data-title="销售陪练" data-lang="zh-CN" data-mode="launcher" defer></script>
 *
 * The bot's address: data-server-url, else window.ObjectionCoachConfig.serverUrl
 * (web/config.js), else this page's own address (a proxy in front of both).
 *
 * Talks to Rasa's REST channel (stateless, so it works behind a load
 * balancer). Every message text is rendered with textContent, never as HTML.
 * The logic (queue, back-off, storage, parsing) is in createCore() and runs
 * under Node for the unit tests; the DOM code is in mount().
 */
(function (root) {
  "use strict";

  var STRINGS = {
    "zh-CN": {
      title: "销售陪练", placeholder: "输入客户在电话里说的话…（Enter 发送，Shift+Enter 换行）",
      send: "发送", open: "打开销售陪练对话", close: "关闭对话", newChat: "新对话",
      typing: "对方正在输入…", offline: "暂时连不上服务器，消息会自动重发。",
      failed: "发送失败", retry: "重试", rejected: "消息未被接受：",
      log: "对话记录", input: "你的消息", greeting: "你好！选一个场景，再把客户说的话发给我，我来示范怎么回应；不选就是陌生电话约见。想换你来回答，点“开始练习”。",
      menu: "选择场景", drill: "开始练习", drillBadge: "练习中", drillPlaceholder: "输入你作为销售的回答…（输入“提示”看要点）",
      confirmNew: "确定清空？"
    },
    "zh-TW": {
      title: "銷售陪練", placeholder: "輸入客戶在電話裡說的話…（Enter 送出，Shift+Enter 換行）",
      send: "送出", open: "開啟銷售陪練對話", close: "關閉對話", newChat: "新對話",
      typing: "對方正在輸入…", offline: "暫時連不上伺服器，訊息會自動重送。",
      failed: "傳送失敗", retry: "重試", rejected: "訊息未被接受：",
      log: "對話紀錄", input: "你的訊息", greeting: "你好！選一個場景，再把客戶說的話傳給我，我來示範怎麼回應；不選就是陌生電話約見。想換你來回答，點「開始練習」。",
      menu: "選擇場景", drill: "開始練習", drillBadge: "練習中", drillPlaceholder: "輸入你作為銷售的回答…（輸入「提示」看要點）",
      confirmNew: "確定清空？"
    }
  };

  var MAX_BACKOFF_MS = 15000;

  /** Delay before retry number `attempt` (0-based): 1 s, 2 s, 4 s … capped at 15 s. */
  function backoffDelay(attempt) {
    return Math.min(1000 * Math.pow(2, Math.max(0, attempt)), MAX_BACKOFF_MS);
  }

  /** Enter sends; Shift+Enter is a new line; nothing sends while an IME is composing. */
  function isSendKey(event) {
    if (event.key !== "Enter" || event.shiftKey) return false;
    if (event.isComposing || event.keyCode === 229) return false;
    return true;
  }

  /** The mode the bot's replies switch to ("drill" or "call"), or null: a
   *  response's `custom: {mode: …}` arrives as a message of its own. */
  function modeOf(json) {
    var mode = null;
    (Array.isArray(json) ? json : []).forEach(function (item) {
      var custom = item && item.custom;
      if (custom && (custom.mode === "drill" || custom.mode === "call")) mode = custom.mode;
    });
    return mode;
  }

  /** Quick replies: [{title, payload}], whatever else the list holds dropped. */
  function parseButtons(list) {
    return Array.isArray(list) ? list.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; }) : [];
  }

  /** The bot's replies from a REST channel answer: [{text, buttons:[{title, payload}]}]. */
  function parseReplies(json) {
    if (!Array.isArray(json)) return [];
    var replies = [];
    json.forEach(function (item) {
      if (!item || typeof item !== "object") return;
      var text = typeof item.text === "string" ? item.text : "";
      var buttons = parseButtons(item.buttons);
      if (text || buttons.length) replies.push({ text: text, buttons: buttons });
    });
    return replies;
  }

  function randomId() {
    if (root.crypto && typeof root.crypto.randomUUID === "function") return root.crypto.randomUUID();
    // Fallback for old browsers: still 122 random bits from getRandomValues.
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  /**
   * The conversation: history, sender id, and an outbox that sends one
   * message at a time, in order, retrying with back-off until the server
   * answers, so each message is delivered exactly once.
   *
   * deps: { fetch, storage, setTimeout, clearTimeout, serverUrl, userId, tokenUrl, onChange }
   */
  function createCore(deps) {
    var storage = deps.storage;
    // With a portal user id the conversation is that user's; a "new
    // conversation" adds a random suffix, kept so a reload stays in it.
    var senderKey = "objection-coach:sender" + (deps.userId ? ":" + deps.userId : "");
    var sender = storage.getItem(senderKey) || deps.userId;
    if (!sender) { sender = randomId(); storage.setItem(senderKey, sender); }
    var state = { messages: [], waiting: false, offline: false, mode: "call", scenarios: [] };
    var timer = null, inFlight = false, attempt = 0;
    // A new conversation while a reply is on its way: that reply belongs to
    // the old one and is dropped when it arrives.
    var generation = 0;

    function historyKey() { return "objection-coach:history:" + sender; }
    function modeKey() { return "objection-coach:mode:" + sender; }
    function save() {
      storage.setItem(historyKey(), JSON.stringify(state.messages));
      storage.setItem(modeKey(), state.mode);
    }
    function load() {
      try { state.messages = JSON.parse(storage.getItem(historyKey()) || "[]"); }
      catch (e) { state.messages = []; }
      state.mode = storage.getItem(modeKey()) === "drill" ? "drill" : "call";
      // A message cut off by a reload is sent again, not lost.
      state.messages.forEach(function (m) { if (m.status === "sending") m.status = "queued"; });
    }
    function changed() { save(); if (deps.onChange) deps.onChange(state); }
    function nextQueued() {
      for (var i = 0; i < state.messages.length; i++) {
        var m = state.messages[i];
        if (m.author === "user" && (m.status === "queued" || m.status === "failed")) return m;
      }
      return null;
    }

    // With a token URL the widget talks to the portal channel: the portal
    // signs who is logged in, the bot takes the sender from that token.
    var token = null;
    function fetchToken() {
      return deps.fetch(deps.tokenUrl, { credentials: "include" }).then(function (response) {
        if (!response.ok) throw new Error("token HTTP " + response.status);
        return response.json();
      }).then(function (json) { token = json && json.token; return token; });
    }
    function post(payload, renewed) {
      var base = deps.serverUrl.replace(/\/$/, "");
      if (!deps.tokenUrl) {
        return deps.fetch(base + "/webhooks/rest/webhook", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ sender: sender, message: payload })
        });
      }
      return (token ? Promise.resolve(token) : fetchToken()).then(function (current) {
        return deps.fetch(base + "/webhooks/portal/webhook", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Authorization": "Bearer " + current },
          body: JSON.stringify({ message: payload })
        });
      }).then(function (response) {
        // An expired token: get a fresh one once, then send again.
        if (response.status === 401 && !renewed) { token = null; return post(payload, true); }
        return response;
      });
    }

    function pump() {
      if (inFlight) return;
      var message = nextQueued();
      if (!message) { state.waiting = false; changed(); return; }
      if (timer) { deps.clearTimeout(timer); timer = null; }
      inFlight = true;
      message.status = "sending";
      state.waiting = true;
      changed();
      var sentIn = generation;
      post(message.payload, false).then(function (response) {
        if (response.status === 429) {
          // Too fast for the server's per-rep limit: send again when it says.
          var seconds = parseInt(response.headers && response.headers.get ? response.headers.get("Retry-After") : "", 10);
          throw { throttled: true, delay: Math.min(Math.max(seconds || 1, 1), 60) * 1000 };
        }
        if (response.status >= 400 && response.status < 500) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            throw { rejected: true, reason: (body && body.error) || ("HTTP " + response.status) };
          });
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (json) {
        if (sentIn !== generation) return;
        inFlight = false; attempt = 0;
        message.status = "sent";
        state.offline = false;
        // Replies go right after the message they answer, even when the
        // user typed more while waiting.
        var at = state.messages.indexOf(message) + 1;
        parseReplies(json).forEach(function (reply, i) {
          state.messages.splice(at + i, 0, { author: "bot", text: reply.text, buttons: reply.buttons });
        });
        state.mode = modeOf(json) || state.mode;
        changed();
        pump();
      }, function (error) {
        if (sentIn !== generation) return;
        inFlight = false;
        if (error && error.throttled) {
          message.status = "queued";
          changed();
          timer = deps.setTimeout(function () { timer = null; pump(); }, error.delay);
          return;
        }
        if (error && error.rejected) {
          // The server said no (4xx): retrying would get the same answer.
          message.status = "rejected";
          message.error = error.reason;
          state.waiting = false;
          changed();
          pump();
          return;
        }
        message.status = "failed";
        state.offline = true;
        state.waiting = false;
        changed();
        timer = deps.setTimeout(function () { timer = null; pump(); }, backoffDelay(attempt++));
      });
    }

    load();
    return {
      get sender() { return sender; },
      state: state,
      /** Queue a message; `shown` is what the log shows (a button's title). */
      send: function (payload, shown) {
        if (typeof payload !== "string" || !payload.trim()) return;
        state.messages.push({ author: "user", text: shown || payload, payload: payload, status: "queued" });
        changed();
        pump();
      },
      /** Retry now instead of waiting for the back-off timer. */
      retry: function () {
        if (timer) { deps.clearTimeout(timer); timer = null; }
        attempt = 0;
        pump();
      },
      /** Forget this conversation and start a fresh one with a new sender id. */
      reset: function () {
        if (timer) { deps.clearTimeout(timer); timer = null; }
        storage.removeItem(historyKey());
        storage.removeItem(modeKey());
        generation += 1; inFlight = false;
        sender = deps.userId ? deps.userId + ":" + randomId() : randomId();
        storage.setItem(senderKey, sender);
        state.messages = []; state.offline = false; state.waiting = false; state.mode = "call"; attempt = 0;
        changed();
      },
      /** Resume sending what a reload interrupted. */
      start: function () { if (nextQueued()) pump(); else changed(); },
      /** The welcome's quick replies: the bot's scenarios (coach.yml), in
       *  `script` ("hans" or "hant"). On any failure the list stays empty and
       *  the welcome offers the menu button instead. */
      loadScenarios: function (script) {
        var base = deps.serverUrl.replace(/\/$/, "");
        var channel = deps.tokenUrl ? "portal" : "rest";
        return deps.fetch(base + "/webhooks/" + channel + "/scenarios?script=" + script).then(function (response) {
          return response.ok ? response.json() : [];
        }).then(function (json) {
          state.scenarios = parseButtons(json);
          if (deps.onChange) deps.onChange(state);
          return state.scenarios;
        }).catch(function () { return state.scenarios; });
      }
    };
  }

  // ---------------------------------------------------------------- DOM
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A speech-bubble icon drawn as SVG (an emoji may have no font). */
  function chatIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "28"); svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z");
    svg.appendChild(path);
    return svg;
  }

  function serverUrlFor(data, win) {
    var config = win.ObjectionCoachConfig || {};
    return data.serverUrl || config.serverUrl || win.location.origin;
  }

  function mount(script) {
    var data = script.dataset;
    var lang = STRINGS[data.lang] ? data.lang : "zh-CN";
    var t = STRINGS[lang];
    var mode = data.mode === "inline" ? "inline" : "launcher";
    var base = script.src ? script.src.replace(/[^/]*$/, "") : "";

    if (!document.querySelector("link[data-objection-coach]")) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: base + "widget.css", "data-objection-coach": "" }));
    }

    var host = el("div", { class: "oc-widget oc-mode-" + mode, lang: lang === "zh-TW" ? "zh-Hant-TW" : "zh-Hans-CN" });
    var panel = el("section", { class: "oc-panel", "aria-label": data.title || t.title });
    var header = el("header", { class: "oc-header" });
    header.appendChild(el("h2", { class: "oc-title" }, data.title || t.title));
    var badge = el("span", { class: "oc-badge", "data-testid": "chat-mode", hidden: "" }, t.drillBadge);
    header.appendChild(badge);
    var newChat = el("button", { type: "button", class: "oc-new", "data-testid": "chat-new" }, t.newChat);
    header.appendChild(newChat);
    var log = el("div", { class: "oc-log", role: "log", "aria-live": "polite", "aria-label": t.log, tabindex: "0" });
    var typing = el("div", { class: "oc-typing", "aria-hidden": "true", hidden: "" }, t.typing);
    var notice = el("div", { class: "oc-error", role: "alert", "data-testid": "chat-error", hidden: "" }, t.offline);
    var form = el("form", { class: "oc-form" });
    var inputId = "oc-input-" + Math.random().toString(36).slice(2);
    form.appendChild(el("label", { for: inputId, class: "oc-visually-hidden" }, t.input));
    var input = el("textarea", { id: inputId, rows: "2", placeholder: t.placeholder, "data-testid": "chat-input" });
    var sendButton = el("button", { type: "submit", class: "oc-send", "data-testid": "chat-send" }, t.send);
    form.appendChild(input); form.appendChild(sendButton);
    panel.appendChild(header); panel.appendChild(log); panel.appendChild(typing);
    panel.appendChild(notice); panel.appendChild(form);

    var launcher = null;
    if (mode === "launcher") {
      launcher = el("button", { type: "button", class: "oc-launcher", "data-testid": "chat-launcher",
        "aria-expanded": "false", "aria-label": t.open });
      launcher.appendChild(chatIcon());
      // On a phone the open panel covers the launcher: it needs its own close button.
      var close = el("button", { type: "button", class: "oc-close", "data-testid": "chat-close",
        "aria-label": t.close }, "×");
      header.appendChild(close);
      panel.hidden = true;
      var toggle = function (open) {
        panel.hidden = !open;
        launcher.setAttribute("aria-expanded", String(open));
        launcher.setAttribute("aria-label", open ? t.close : t.open);
        // On a wide screen the open panel docks beside the page instead of covering it.
        document.documentElement.classList.toggle("oc-docked", open);
        if (open) input.focus(); else launcher.focus();
      };
      launcher.addEventListener("click", function () { toggle(panel.hidden); });
      close.addEventListener("click", function () { toggle(false); });
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !event.isComposing) { event.preventDefault(); toggle(false); }
      });
      host.appendChild(panel); host.appendChild(launcher);
      document.body.appendChild(host);
    } else {
      host.appendChild(panel);
      var target = data.target && document.querySelector(data.target);
      (target || script.parentNode).insertBefore(host, target ? null : script.nextSibling);
    }

    function render(state) {
      log.textContent = "";
      if (!state.messages.length) {
        log.appendChild(el("p", { class: "oc-hint" }, t.greeting));
        // the scenarios as quick replies (the menu button until they arrive), then the drill
        var choices = (state.scenarios.length ? state.scenarios : [{ title: t.menu, payload: "/menu" }])
          .concat([{ title: t.drill, payload: "/start_drill" }]);
        var welcome = el("div", { class: "oc-buttons" });
        choices.forEach(function (choice) {
          var button = el("button", { type: "button", class: "oc-button", "data-testid": "chat-button" }, choice.title);
          button.addEventListener("click", function () { core.send(choice.payload, choice.title); input.focus(); });
          welcome.appendChild(button);
        });
        log.appendChild(welcome);
      }
      var drilling = state.mode === "drill";
      badge.hidden = !drilling;
      input.setAttribute("placeholder", drilling ? t.drillPlaceholder : t.placeholder);
      panel.classList.toggle("oc-drilling", drilling);
      state.messages.forEach(function (m, index) {
        var bubble = el("div", { class: "oc-msg oc-" + m.author + (m.status ? " oc-" + m.status : ""),
          "data-testid": "chat-message", "data-author": m.author });
        bubble.appendChild(el("span", { class: "oc-text" }, m.text));
        if (m.author === "user" && (m.status === "failed" || m.status === "rejected")) {
          var status = el("span", { class: "oc-status" },
            m.status === "rejected" ? t.rejected + (m.error || "") : t.failed);
          bubble.appendChild(status);
          if (m.status === "failed") {
            var retry = el("button", { type: "button", class: "oc-retry", "data-testid": "chat-retry" }, t.retry);
            retry.addEventListener("click", function () { core.retry(); });
            bubble.appendChild(retry);
          }
        }
        log.appendChild(bubble);
        // Quick replies only on the latest bot message: old choices are history.
        if (m.buttons && m.buttons.length && index === state.messages.length - 1) {
          var row = el("div", { class: "oc-buttons" });
          m.buttons.forEach(function (b) {
            var button = el("button", { type: "button", class: "oc-button", "data-testid": "chat-button" }, b.title);
            button.addEventListener("click", function () { core.send(b.payload, b.title); input.focus(); });
            row.appendChild(button);
          });
          log.appendChild(row);
        }
      });
      typing.hidden = !state.waiting;
      notice.hidden = !state.offline;
      log.scrollTop = log.scrollHeight;
    }

    var core = createCore({
      fetch: root.fetch.bind(root), storage: root.localStorage,
      setTimeout: root.setTimeout.bind(root), clearTimeout: root.clearTimeout.bind(root),
      serverUrl: serverUrlFor(data, root), userId: data.userId || null,
      tokenUrl: data.tokenUrl || null,
      onChange: render
    });

    function submit() {
      var text = input.value;
      if (!text.trim()) return;
      input.value = "";
      core.send(text);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
    input.addEventListener("keydown", function (event) {
      if (isSendKey(event)) { event.preventDefault(); submit(); }
    });
    // "新对话" clears the conversation: the first click asks, a second one within 4 s confirms.
    var confirming = null;
    function endConfirm() {
      if (confirming) root.clearTimeout(confirming);
      confirming = null;
      newChat.textContent = t.newChat;
      newChat.classList.remove("oc-confirm");
    }
    newChat.addEventListener("click", function () {
      if (!confirming) {
        newChat.textContent = t.confirmNew;
        newChat.classList.add("oc-confirm");
        confirming = root.setTimeout(endConfirm, 4000);
        return;
      }
      endConfirm();
      core.reset();
      input.focus();
    });
    core.start();
    core.loadScenarios(lang === "zh-TW" ? "hant" : "hans");
    return core;
  }

  var api = { createCore: createCore, backoffDelay: backoffDelay, isSendKey: isSendKey,
              parseReplies: parseReplies, parseButtons: parseButtons, modeOf: modeOf, serverUrlFor: serverUrlFor, STRINGS: STRINGS };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document !== "undefined" && document.currentScript) {
    var script = document.currentScript;
    api.instance = null;
    var boot = function () { api.instance = mount(script); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
    else boot();
  }
  if (typeof window !== "undefined") window.ObjectionCoachWidget = api;
})(typeof window !== "undefined" ? window : globalThis);
