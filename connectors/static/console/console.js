// Staff console: queue, transcript, reply, notes, hand back, close; live updates over Server-Sent Events.
// All user data is written with textContent, never innerHTML.
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const CHANNELS = {web: "网页", wechat: "公众号", wecom: "企业微信", wecomkf: "微信客服", api: "接口"};
const STATES = {waiting: "排队中", owned: "接待中", released: "已交还机器人", closed: "已结束"};
const REASONS = {user_request: "用户要求人工", fallback: "机器人多次未理解", feedback_bad: "用户不满意",
                 unanswerable: "机器人无法回答", staff: "工作人员接管"};
const AUTHORS = {user: "用户", bot: "机器人", staff: "工作人员", system: "系统通知"};
const PROFILE_LABELS = {company_name: "企业名称", region: "所在区域", industry: "行业", employees: "员工人数",
                        revenue: "年营收", company_type: "企业类型", qualifications: "已有资质"};
const state = {me: null, queue: [], current: null, conversation: null};

function $(id) { return document.getElementById(id); }

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function api(method, path, body) {
  const options = {method, credentials: "same-origin", headers: {}};
  if (method !== "GET") options.headers["X-CSRF-Token"] = CSRF;
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch("/console/api" + path, options);
  if (response.status === 401) { window.location.href = "/console/login"; throw new Error("请先登录"); }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && typeof data.detail === "string") ? data.detail : "操作失败");
  return data;
}

function banner(text, kind) {
  const node = $("banner");
  node.textContent = text;
  node.className = "banner " + (kind || "error");
  node.hidden = !text;
  if (text) setTimeout(() => { if (node.textContent === text) node.hidden = true; }, 6000);
}

function waited(seconds) {
  if (seconds < 60) return seconds + " 秒";
  if (seconds < 3600) return Math.floor(seconds / 60) + " 分钟";
  return Math.floor(seconds / 3600) + " 小时 " + Math.floor((seconds % 3600) / 60) + " 分";
}

function time(iso) {
  return new Date(iso).toLocaleString("zh-CN", {hour12: false});
}

// ---- queue ---------------------------------------------------------------------------------------------------
function renderQueue(items) {
  state.queue = items.map((item) => ({...item, loadedAt: Date.now()}));
  const list = $("queue");
  list.replaceChildren();
  $("queue-count").textContent = "（" + items.length + "）";
  for (const item of state.queue) {
    const li = el("li", null, "queue-item " + item.state + (item.id === state.current ? " selected" : ""));
    li.dataset.id = item.id;
    const head = el("div", null, "queue-head");
    head.append(el("span", CHANNELS[item.channel] || item.channel, "channel"),
                el("strong", item.name),
                el("span", STATES[item.state] || item.state, "state"));
    const wait = el("div", "", "wait");
    wait.dataset.base = item.waiting_seconds;
    wait.dataset.ticking = item.state === "waiting" ? "1" : "";
    li.append(head, el("div", item.question || REASONS[item.reason] || "", "question"), wait);
    if (item.owner) li.append(el("div", "接待人：" + item.owner, "owner"));
    if (item.after_hours) li.append(el("div", "进入时无人接待，已告知用户" + (item.contact ? "；联系方式：" + item.contact : ""), "note"));
    li.addEventListener("click", () => openConversation(item.id));
    list.append(li);
  }
  tickWaiting();
  if (state.current !== null) loadConversation(state.current);
}

function tickWaiting() {
  for (const node of document.querySelectorAll("#queue .wait")) {
    const item = state.queue.find((q) => String(q.id) === node.parentElement.dataset.id);
    const extra = node.dataset.ticking ? Math.floor((Date.now() - item.loadedAt) / 1000) : 0;
    const seconds = Number(node.dataset.base) + extra;
    node.textContent = (item.state === "waiting" ? "已等待 " : "等待了 ") + waited(seconds);
  }
}

async function loadQueue() {
  const data = await api("GET", "/queue");
  renderAvailability(data.availability);
  renderQueue(data.items);
}

function renderAvailability(a) {
  const text = !a.open_now ? "非服务时间" : (a.staff_online > 0 ? "服务中 · 在线 " + a.staff_online + " 人" : "无人在线");
  $("availability").textContent = text;
  $("availability").className = "availability " + (a.open_now && a.staff_online > 0 ? "on" : "off");
}

// ---- inbox: every recent conversation, readable (company or visitor name), filtered and searched --------------
let inboxTicket = 0;  // only the newest request's answer is drawn (typing fires several)

async function loadLive() {
  const ticket = ++inboxTicket;
  const params = new URLSearchParams();
  for (const [key, id] of [["q", "inbox-q"], ["channel", "inbox-channel"], ["state", "inbox-state"]]) {
    if ($(id).value.trim()) params.set(key, $(id).value.trim());
  }
  const rows = await api("GET", "/inbox" + (params.size ? "?" + params : ""));
  if (ticket !== inboxTicket) return;
  const list = $("live");
  list.replaceChildren();
  if (!rows.length) list.append(el("li", "没有符合条件的会话", "muted"));
  for (const row of rows) {
    const li = el("li", null, "inbox-item " + row.state);
    const head = el("div", null, "line");
    head.append(el("span", CHANNELS[row.channel] || row.channel, "channel"), el("strong", row.name));
    if (row.unread) head.append(el("span", String(row.unread), "unread"));
    const meta = el("div", null, "line");
    const stateText = row.state === "bot" ? "机器人接待" : (STATES[row.state] || row.state) + (row.owner ? " · " + row.owner : "");
    meta.append(el("span", stateText, "state"), el("span", time(row.last_message_at), "who"));
    if (row.waiting_seconds) meta.append(el("span", "已等待 " + waited(row.waiting_seconds), "wait"));
    const button = el("button", row.handoff_id ? "查看" : "接管", "small");
    button.type = "button";
    button.addEventListener("click", async () => {
      try {
        if (row.handoff_id) return openConversation(row.handoff_id);
        const item = await api("POST", "/takeover", {sender_id: row.sender_id});
        await openConversation(item.id);
      } catch (e) { banner(e.message); }
    });
    meta.append(button);
    li.append(head, el("div", (AUTHORS[row.last_author] ? AUTHORS[row.last_author] + "：" : "") + row.last_message, "last"), meta);
    li.title = row.sender_id;
    list.append(li);
  }
}

// ---- one conversation ------------------------------------------------------------------------------------------
async function openConversation(id) {
  state.current = id;
  for (const li of document.querySelectorAll("#queue li")) li.classList.toggle("selected", li.dataset.id === String(id));
  await loadConversation(id);
}

async function loadConversation(id) {
  let conv;
  try { conv = await api("GET", "/conversations/" + id); } catch (e) { banner(e.message); return; }
  if (state.current !== id) return;
  state.conversation = conv;
  $("empty").hidden = true;
  $("conversation").hidden = false;
  $("side").hidden = false;
  $("conv-title").textContent = conv.name;
  $("conv-title").title = conv.sender_id;
  $("conv-state").textContent = STATES[conv.state] + (conv.owner ? " · " + conv.owner : "");
  $("conv-meta").textContent = [CHANNELS[conv.channel] || conv.channel, REASONS[conv.reason] || conv.reason,
    conv.question ? "问题：" + conv.question : "", conv.contact ? "联系方式：" + conv.contact : ""]
    .filter(Boolean).join(" · ");
  renderTranscript(conv.transcript, conv.handoff_after_message_id);
  renderProfile(conv.profile);
  renderNotes(conv.notes);
  const mine = conv.state === "owned" && conv.owner_id === state.me.id;
  const open = conv.state === "waiting" || conv.state === "owned";
  $("claim").hidden = conv.state !== "waiting";
  $("release").disabled = !open;
  $("close").disabled = !open;
  $("send").disabled = !mine;
  $("reply-text").disabled = !mine;
  $("reply-text").placeholder = mine ? "输入回复，Ctrl+Enter 发送" : (open ? "接入后才能回复" : "会话已结束");
}

function statusText(m) {
  if (m.direction !== "out") return "";
  if (m.status === "sent") return "已送达";
  if (m.status === "pending") return "发送中…";
  if (m.status === "failed") return "发送失败，将自动重试（已尝试 " + m.attempts + " 次）";
  if (m.status === "undeliverable") return "无法送达：" + (m.last_error || "");
  return m.status;
}

function renderTranscript(messages, handoffAfter) {
  const list = $("transcript");
  list.replaceChildren();
  let marked = false;
  for (const m of messages) {
    if (!marked && m.id > handoffAfter) {
      list.append(el("li", "—— 以下为转人工后的消息 ——", "divider"));
      marked = true;
    }
    list.append(messageNode(m));
  }
  list.scrollTop = list.scrollHeight;
}

function messageNode(m) {
  const li = el("li", null, "msg " + m.author + " " + m.direction);
  li.dataset.id = m.id;
  li.append(el("div", AUTHORS[m.author] + " · " + time(m.created_at), "who"), el("div", m.text, "text"));
  if (m.buttons && m.buttons.length) {
    const row = el("div", null, "buttons");
    for (const b of m.buttons) row.append(el("span", b.title, "chip"));
    li.append(row);
  }
  const status = statusText(m);
  if (status) {
    const line = el("div", status, "status " + m.status);
    if ((m.status === "failed" || m.status === "undeliverable") && m.author === "staff") {
      const retry = el("button", "重发", "small retry");
      retry.type = "button";
      retry.addEventListener("click", async () => {
        try { await api("POST", "/conversations/" + state.current + "/messages/" + m.id + "/retry"); }
        catch (e) { banner(e.message); }
        loadConversation(state.current);
      });
      line.append(retry);
    }
    li.append(line);
  }
  return li;
}

function renderProfile(profile) {
  const dl = $("profile");
  dl.replaceChildren();
  const keys = Object.keys(profile || {});
  if (!keys.length) { dl.append(el("dd", "机器人尚未收集到企业信息", "muted")); return; }
  for (const key of keys) {
    const value = profile[key];
    dl.append(el("dt", PROFILE_LABELS[key] || key), el("dd", Array.isArray(value) ? value.join("、") : String(value)));
  }
}

function renderNotes(notes) {
  const list = $("notes");
  list.replaceChildren();
  for (const n of notes) {
    const li = el("li");
    li.append(el("div", n.author + " · " + time(n.created_at), "who"), el("div", n.text));
    list.append(li);
  }
}

async function act(path, body, success) {
  try {
    await api("POST", "/conversations/" + state.current + path, body);
    if (success) banner(success, "ok");
  } catch (e) { banner(e.message); }
  await loadQueue();
}

// ---- reports ---------------------------------------------------------------------------------------------------
async function loadUnanswered() {
  const rows = await api("GET", "/unanswered");
  const body = $("unanswered");
  body.replaceChildren();
  for (const r of rows) {
    const tr = el("tr");
    tr.append(el("td", r.question), el("td", r.count), el("td", r.senders),
              el("td", r.kinds.map((k) => REASONS[k] || k).join("、")), el("td", r.last_asked_at ? time(r.last_asked_at) : ""));
    body.append(tr);
  }
}

// ---- live stream -----------------------------------------------------------------------------------------------
function connect() {
  const source = new EventSource("/console/api/events");
  source.addEventListener("queue", (e) => renderQueue(JSON.parse(e.data)));
  source.addEventListener("message", (e) => {
    const m = JSON.parse(e.data);
    if (state.conversation && m.sender_id === state.conversation.sender_id) {
      if (!document.querySelector('#transcript li[data-id="' + m.id + '"]')) {
        $("transcript").append(messageNode(m));
        $("transcript").scrollTop = $("transcript").scrollHeight;
      }
    }
  });
  source.addEventListener("status", (e) => {
    const m = JSON.parse(e.data);
    if (state.conversation && m.sender_id === state.conversation.sender_id) loadConversation(state.current);
  });
  source.addEventListener("logout", () => { window.location.href = "/console/login"; });
  source.onerror = () => { $("availability").textContent = "连接中断，正在重连…"; };
  source.onopen = () => { loadQueue().catch(() => {}); };
}

// ---- wiring ----------------------------------------------------------------------------------------------------
async function start() {
  state.me = (await api("GET", "/me")).staff;
  $("claim").addEventListener("click", () => act("/claim", undefined, "已接入，机器人已暂停"));
  $("release").addEventListener("click", () => act("/release", undefined, "已交还机器人"));
  $("close").addEventListener("click", () => act("/close", {resolution: $("resolution").value}, "会话已结束"));
  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) return;
    try {
      await api("POST", "/conversations/" + state.current + "/messages", {text});
      $("reply-text").value = "";
    } catch (e) { banner(e.message); }
    loadConversation(state.current);
  });
  $("reply-text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("reply-form").requestSubmit();
  });
  $("note-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("note-text").value.trim();
    if (!text) return;
    try {
      await api("POST", "/conversations/" + state.current + "/notes", {text});
      $("note-text").value = "";
    } catch (e) { banner(e.message); }
    loadConversation(state.current);
  });
  $("canned").addEventListener("change", () => {
    const option = $("canned").selectedOptions[0];
    if (option && option.value) $("reply-text").value += option.dataset.text;
    $("canned").value = "";
  });
  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/logout"); } finally { window.location.href = "/console/login"; }
  });
  $("refresh-live").addEventListener("click", () => loadLive().catch((e) => banner(e.message)));
  for (const [value, label] of Object.entries(CHANNELS)) {
    const option = el("option", label);
    option.value = value;
    $("inbox-channel").append(option);
  }
  let searchTimer = null;
  $("inbox-q").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadLive().catch((e) => banner(e.message)), 300);
  });
  for (const id of ["inbox-channel", "inbox-state"]) $(id).addEventListener("change", () => loadLive().catch((e) => banner(e.message)));
  $("show-desk").addEventListener("click", () => showView(false));
  $("show-unanswered").addEventListener("click", () => showView(true));
  for (const reply of await api("GET", "/canned")) {
    const option = el("option", reply.title);
    option.value = String(reply.id);
    option.dataset.text = reply.text;
    $("canned").append(option);
  }
  await loadQueue();
  await loadLive();
  connect();
  setInterval(tickWaiting, 1000);
}

function showView(unanswered) {
  $("desk").hidden = unanswered;
  $("unanswered-view").hidden = !unanswered;
  $("show-desk").classList.toggle("active", !unanswered);
  $("show-unanswered").classList.toggle("active", unanswered);
  if (unanswered) loadUnanswered().catch((e) => banner(e.message));
}

start().catch((e) => banner(e.message));
