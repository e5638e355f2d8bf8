/*
 * policybot web chat widget. Embed with one tag:
 *   <script src="https://gateway.example/static/widget.js" defer
 *           data-title="政策咨询助手" data-color="#b71c1c" data-greeting="您好！" data-position="right"></script>
 * Optional: data-server (gateway address; default: where this script came from), data-open="true".
 * Messages go out with POST /web/messages; every message (bot answers, staff replies, reminders) comes in over
 * Server-Sent Events /web/events, which replays what was missed after a reconnect (Last-Event-ID). History is
 * cached in localStorage and refreshed from /web/history, so a reload shows the conversation again; messages
 * typed while offline wait in an outbox and are sent when the connection is back.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__policybotWidget) return;
  window.__policybotWidget = true;

  var cfg = {
    server: (script.dataset.server || new URL(script.src, location.href).origin).replace(/\/$/, ""),
    title: script.dataset.title || "政策咨询助手",
    color: script.dataset.color || "#b71c1c",
    greeting: script.dataset.greeting || "您好！我是政策咨询助手，可以帮您查询申报截止时间、条件、材料和联系方式。",
    position: script.dataset.position === "left" ? "left" : "right",
    open: script.dataset.open === "true"
  };

  var store = {
    get: function (key, fallback) {
      try { var v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); }
      catch (e) { return fallback; }
    },
    set: function (key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ } }
  };

  function newSession() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var session = store.get("policybot.session", null);
  if (!session) { session = newSession(); store.set("policybot.session", session); }
  var historyKey = "policybot.history." + session;
  var outboxKey = "policybot.outbox." + session;
  var messages = store.get(historyKey, []);   // [{id, from, text, buttons}]
  var outbox = store.get(outboxKey, []);      // [{local, text}]
  var known = {};
  messages.forEach(function (m) { if (m.id) known[m.id] = true; });

  // ---- DOM (shadow root keeps the host page's CSS out) ----
  var host = document.createElement("div");
  host.id = "policybot-widget";
  document.body.appendChild(host);
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var side = cfg.position;
  root.innerHTML =
    "<style>" +
    ":host{all:initial}*{box-sizing:border-box;font-family:'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif}" +
    ".fab{position:fixed;bottom:20px;" + side + ":20px;width:58px;height:58px;border-radius:50%;border:0;cursor:pointer;" +
    "background:" + cfg.color + ";color:#fff;font-size:15px;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000}" +
    ".panel{position:fixed;bottom:90px;" + side + ":20px;width:370px;height:560px;max-height:calc(100vh - 110px);background:#fff;" +
    "border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:none;flex-direction:column;overflow:hidden;z-index:2147483001}" +
    ".panel.open{display:flex}" +
    ".head{background:" + cfg.color + ";color:#fff;padding:12px 14px;display:flex;align-items:center;justify-content:space-between}" +
    ".head b{font-size:16px}.head button{background:none;border:0;color:#fff;font-size:20px;cursor:pointer}" +
    ".status{font-size:12px;background:#fff3cd;color:#8a6d3b;padding:4px 10px;display:none}.status.show{display:block}" +
    ".log{flex:1;overflow-y:auto;padding:12px;background:#f5f6f8}" +
    ".msg{max-width:85%;margin:6px 0;padding:9px 12px;border-radius:10px;line-height:1.55;font-size:14px;white-space:pre-wrap;word-break:break-word}" +
    ".msg a{color:" + cfg.color + "}" +
    ".bot,.staff,.system{background:#fff;border:1px solid #e3e5e8;color:#222;margin-right:auto}" +
    ".staff{border-color:" + cfg.color + "}.who{display:block;font-size:11px;color:#888;margin-bottom:2px}" +
    ".user{background:" + cfg.color + ";color:#fff;margin-left:auto}.user a{color:#fff}" +
    ".refused{opacity:.6}.refused::after{content:' （未发送）';font-size:11px}" +
    ".failed{opacity:.6;cursor:pointer}.failed::after{content:' （未发送，点击重试）';font-size:11px}" +
    ".chips{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}" +
    ".chips button{border:1px solid " + cfg.color + ";background:#fff;color:" + cfg.color + ";border-radius:14px;padding:5px 10px;font-size:13px;cursor:pointer}" +
    ".rate{display:flex;gap:4px;margin:-2px 0 6px}.rate button{border:1px solid #ddd;background:#fff;border-radius:12px;padding:1px 8px;font-size:13px;cursor:pointer}" +
    ".rate button.chosen{border-color:" + cfg.color + ";background:#fff5f5}" +
    ".typing{display:none;margin:6px 0;padding:9px 12px;background:#fff;border:1px solid #e3e5e8;border-radius:10px;width:60px}" +
    ".typing.show{display:block}.typing span{display:inline-block;width:6px;height:6px;margin:0 2px;border-radius:50%;background:#999;animation:b 1s infinite}" +
    ".typing span:nth-child(2){animation-delay:.2s}.typing span:nth-child(3){animation-delay:.4s}" +
    "@keyframes b{0%,80%,100%{opacity:.3}40%{opacity:1}}" +
    "form{display:flex;border-top:1px solid #e3e5e8;padding:8px;gap:6px;background:#fff}" +
    "textarea{flex:1;resize:none;border:1px solid #d0d3d8;border-radius:8px;padding:8px;font-size:14px;height:40px}" +
    "form button{background:" + cfg.color + ";color:#fff;border:0;border-radius:8px;padding:0 14px;font-size:14px;cursor:pointer}" +
    "@media (max-width:600px){.panel{width:100vw;height:100%;max-height:100%;bottom:0;" + side + ":0;border-radius:0}}" +
    "</style>" +
    "<button class='fab' part='launcher' aria-label='打开在线咨询'>咨询</button>" +
    "<section class='panel' role='dialog' aria-label='" + escapeHtml(cfg.title) + "'>" +
    "<div class='head'><b></b><button class='close' aria-label='关闭'>×</button></div>" +
    "<div class='status' role='status'></div>" +
    "<div class='log' aria-live='polite'></div>" +
    "<form><textarea placeholder='请输入您的问题，Enter 发送' aria-label='输入问题'></textarea><button type='submit'>发送</button></form>" +
    "</section>";

  var fab = root.querySelector(".fab"), panel = root.querySelector(".panel"), log = root.querySelector(".log");
  var statusBar = root.querySelector(".status"), form = root.querySelector("form"), input = root.querySelector("textarea");
  root.querySelector(".head b").textContent = cfg.title;
  var typing = document.createElement("div");
  typing.className = "typing";
  typing.innerHTML = "<span></span><span></span><span></span>";

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function linkify(text) {
    return escapeHtml(text).replace(/(https?:\/\/[^\s<>"'，。；）)]+)/g, function (url) {
      return "<a href='" + url + "' target='_blank' rel='noopener noreferrer'>" + url + "</a>";
    });
  }
  var WHO = { staff: "工作人员", system: "系统通知" };

  function render() {
    log.innerHTML = "";
    var shown = messages.length ? messages : [{ from: "bot", text: cfg.greeting }];
    shown.forEach(function (m, i) {
      var el = document.createElement("div");
      el.className = "msg " + (m.from === "user" ? "user" : (m.from || "bot")) + (m.failed ? " failed" : "") + (m.refused ? " refused" : "");
      el.innerHTML = (WHO[m.from] ? "<span class='who'>" + WHO[m.from] + "</span>" : "") + linkify(m.text || "");
      if (m.failed) el.addEventListener("click", flushOutbox);
      log.appendChild(el);
      if (m.buttons && m.buttons.length && i === shown.length - 1) {
        var chips = document.createElement("div");
        chips.className = "chips";
        m.buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.textContent = b.title;
          btn.addEventListener("click", function () { send(b.title); });  // the gateway maps titles to payloads
          chips.appendChild(btn);
        });
        log.appendChild(chips);
      }
      if (m.from === "bot" && m.id && i === shown.length - 1) log.appendChild(rating(m));
    });
    log.appendChild(typing);
    log.scrollTop = log.scrollHeight;
  }

  // 👍/👎 under the latest answer: kept with that reply in the gateway's log for the console's analytics.
  function rating(m) {
    var box = document.createElement("div");
    box.className = "rate";
    [["good", "👍", "有帮助"], ["bad", "👎", "没帮助"]].forEach(function (r) {
      var btn = document.createElement("button");
      btn.textContent = r[1] + " " + r[2];  // the words too: not every system has an emoji font
      btn.setAttribute("aria-label", r[2]);
      if (m.rated === r[0]) btn.className = "chosen";
      btn.addEventListener("click", function () {
        fetch(cfg.server + "/web/feedback", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ session: session, message_id: m.id, rating: r[0] })
        }).then(function (res) {
          if (!res.ok) throw new Error("HTTP " + res.status);
          m.rated = r[0]; save(); render(); setStatus("感谢您的反馈");
          setTimeout(function () { setStatus(""); }, 2000);
        }).catch(function () { setStatus("反馈未能提交，请稍后再试"); });
      });
      box.appendChild(btn);
    });
    return box;
  }

  function save() {
    store.set(historyKey, messages.slice(-200));
    store.set(outboxKey, outbox);
  }

  function add(m) {
    if (m.id && known[m.id]) return;
    if (m.id && m.from === "user") {  // our own message echoed by the server: it arrived, attach its id
      for (var i = 0; i < messages.length; i++) {
        var mine = messages[i];
        if (!mine.id && mine.local && mine.text === m.text) {
          outbox = outbox.filter(function (o) { return o.local !== mine.local; });
          mine.id = m.id; known[m.id] = true; delete mine.failed; delete mine.local;
          save(); render(); return;
        }
      }
    }
    if (m.id) known[m.id] = true;
    messages.push({ id: m.id, from: m.from, text: m.text, buttons: m.buttons || [] });
    messages.sort(function (a, b) { return (a.id || 1e15) - (b.id || 1e15); });
    save(); render();
  }

  function lastId() {
    var max = 0;
    messages.forEach(function (m) { if (m.id && m.id > max) max = m.id; });
    return max;
  }

  function setStatus(text) { statusBar.textContent = text || ""; statusBar.classList.toggle("show", !!text); }

  var busy = 0;
  function setTyping(on) { busy += on ? 1 : -1; typing.classList.toggle("show", busy > 0); log.scrollTop = log.scrollHeight; }

  function post(item) {
    setTyping(true);
    return fetch(cfg.server + "/web/messages", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: session, text: item.text, client_id: item.client_id })
    }).then(function (r) {
      if (r.status === 429 || r.status === 400 || r.status === 413 || r.status === 422) return refusal(r);
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var local = messages.filter(function (m) { return m.local === item.local; })[0];
      if (local) {
        delete local.local; delete local.failed;
        if (data.inbound_id && known[data.inbound_id]) {  // the live stream already showed it
          messages = messages.filter(function (m) { return m !== local; });
        } else if (data.inbound_id) { local.id = data.inbound_id; known[local.id] = true; }
      }
      outbox = outbox.filter(function (o) { return o.local !== item.local; });
      (data.messages || []).forEach(add);
      save(); render();
    }).finally(function () { setTyping(false); });
  }

  // The gateway refused the message itself: 429 = too fast (try again after Retry-After), 400/413/422 = it can
  // never be sent as it is (shown, not resent forever).
  function refusal(r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
      var err = new Error("HTTP " + r.status);
      err.detail = typeof body.detail === "string" ? body.detail : "消息无法发送";
      if (r.status === 429) err.retryAfter = parseInt(r.headers.get("Retry-After"), 10) || 5;
      else err.refused = true;
      throw err;
    });
  }

  function refuse(item, detail) {
    outbox = outbox.filter(function (o) { return o.local !== item.local; });
    messages.forEach(function (m) { if (m.local === item.local) { delete m.local; delete m.failed; m.refused = true; } });
    setStatus(detail);
    save(); render();
  }

  function clientId() { return newSession().slice(0, 24); }

  // Every message goes through the outbox, one POST at a time and in order: sending and resending share one
  // path, so a message is never posted twice at once; its client_id makes a resend after a lost response
  // return the original turn instead of a second one.
  function send(text) {
    text = (text || "").trim();
    if (!text) return;
    var item = { local: Date.now() + Math.random(), text: text, client_id: clientId() };
    outbox.push(item);
    messages.push({ from: "user", text: text, local: item.local });
    save(); render();
    flushOutbox();
  }

  function markFailed(item) {
    messages.forEach(function (m) { if (m.local === item.local) m.failed = true; });
    setStatus("网络连接中断，恢复后将自动重发");
    save(); render();
  }

  var flushing = false;
  function flushOutbox() {
    if (flushing || !outbox.length) return;
    flushing = true;
    (function next() {
      var item = outbox[0];
      if (!item) { flushing = false; return; }
      if (!item.client_id) { item.client_id = clientId(); save(); }  // queued by an older widget version
      post(item).then(next).catch(function (err) {
        flushing = false;
        if (err && err.retryAfter) {
          setStatus(err.detail + "（届时自动发送）");
          setTimeout(function () { setStatus(""); flushOutbox(); }, err.retryAfter * 1000);
        } else if (err && err.refused) { refuse(item, err.detail); flushOutbox(); }
        else markFailed(item);
      });
    })();
  }

  function syncHistory() {
    // The session id goes in a header, never in a URL (URLs end up in access and proxy logs).
    return fetch(cfg.server + "/web/history?after=" + lastId(), { headers: { "X-Policybot-Session": session } })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) { (data.messages || []).forEach(add); })
      .catch(function () { /* offline: the cached history is shown */ });
  }

  var source = null;
  function connect() {
    if (!window.EventSource) return;
    // EventSource cannot send headers: the stream URL carries a short-lived opaque token instead of the session
    // id; when it expires the server refuses the browser's reconnect, the source closes and a new token is fetched.
    fetch(cfg.server + "/web/stream-token", { method: "POST", headers: { "X-Policybot-Session": session } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        source = new EventSource(cfg.server + "/web/events?token=" + encodeURIComponent(data.token) + "&after=" + lastId());
        source.addEventListener("message", function (e) { try { add(JSON.parse(e.data)); } catch (err) { /* ignore */ } });
        source.onopen = function () { setStatus(""); flushOutbox(); };
        source.onerror = function () {
          setStatus("连接中断，正在重新连接…");
          if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 3000); }
        };
      })
      .catch(function () { setStatus("连接中断，正在重新连接…"); setTimeout(connect, 3000); });
  }

  function toggle(open) {
    panel.classList.toggle("open", open);
    store.set("policybot.open", open);
    if (open) { render(); input.focus(); }
  }

  fab.addEventListener("click", function () { toggle(!panel.classList.contains("open")); });
  root.querySelector(".close").addEventListener("click", function () { toggle(false); });
  form.addEventListener("submit", function (e) { e.preventDefault(); send(input.value); input.value = ""; });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(input.value); input.value = ""; }
  });
  window.addEventListener("online", function () { setStatus(""); flushOutbox(); });
  window.addEventListener("offline", function () { setStatus("网络连接中断，恢复后将自动重发"); });

  messages.forEach(function (m) { if (m.local && !outbox.some(function (o) { return o.local === m.local; })) delete m.local; });
  render();
  if (cfg.open || store.get("policybot.open", false)) toggle(true);
  syncHistory().then(function () { connect(); flushOutbox(); });
})();
