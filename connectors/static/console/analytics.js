// Analytics screen of the staff console: a date range, summary figures and ECharts charts of
// GET /console/api/analytics, each with a CSV export of its data. ECharts is served by the gateway from the
// npm install of scripts/setup.sh (/console/vendor/echarts/); without it the same data is shown as tables.
// Uses console.js's helpers ($, el, api, banner, CHANNELS, REASONS); user data goes through textContent only.
"use strict";

const OUTCOME_NAMES = {answered: "已回答", unanswerable: "文件中未找到", not_understood: "未理解", handed_off: "转人工",
                       not_stated: "文件未写明", no_document: "无相关文件", ambiguous: "需选择文件", out_of_scope: "超出范围"};
const AUTHOR_SERIES = {user: "用户消息", bot: "机器人回复", staff: "人工回复"};
const astate = {charts: {}};

function shiftDay(day, days) {
  const d = new Date(day + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Quick ranges end on the shown end date (the server's "today" in the service time zone after the first load).
function setRange(days) {
  const end = $("an-to").value;
  if (!end) return;
  $("an-from").value = shiftDay(end, 1 - days);
}

function daysBetween(from, to) {
  const days = [];
  for (const d = new Date(from + "T00:00:00Z"); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

function seconds(value) {
  if (value === null || value === undefined) return "—";
  return value < 60 ? Math.round(value) + " 秒" : (value / 60).toFixed(1) + " 分钟";
}

function percent(value) {
  return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
}

function renderCards(data) {
  const o = data.outcomes, h = data.handoffs;
  const cards = [
    ["会话数", h.conversations], ["用户消息", o.questions],
    ["回答率", o.questions ? percent(o.answered / o.questions) : "—"], ["转人工率", percent(h.rate)],
    ["接入用时（中位数）", seconds(h.time_to_claim.median_s)], ["人工首次回复（中位数）", seconds(h.staff_reply.median_s)],
  ];
  const f = data.feedback;
  cards.push(["有帮助（点赞）", f.good], ["没帮助（点踩）", f.bad], ["好评率", percent(f.rate)]);
  const box = $("an-cards");
  box.replaceChildren();
  for (const [label, value] of cards) {
    const card = el("div", null, "card");
    card.append(el("div", String(value), "value"), el("div", label, "label"));
    box.append(card);
  }
}

// Chart data as {categories, series: [{name, data}]} — the same shape feeds ECharts or the fallback table.
function chartData(data, range) {
  const days = daysBetween(range.from, range.to);
  const channels = [...new Set(data.daily.map((r) => r.channel))].sort();
  const cell = (day, channel, key) => data.daily.filter((r) => r.day === day && (!channel || r.channel === channel))
    .reduce((sum, r) => sum + (r[key] || 0), 0);
  // The outcome the bot recorded with each answer when there are any; else what the offers of a person tell.
  const recorded = Object.entries(data.answers || {});
  const outcomes = recorded.length ? [...recorded, ["handed_off", data.outcomes.handed_off]]
    : Object.entries(data.outcomes).filter(([k]) => k !== "questions");
  const programmes = (data.programmes || []).slice().reverse();
  const reasons = Object.entries(data.handoffs.by_reason || {});
  return {
    conversations: {kind: "bar", categories: days, stacked: true,
      series: channels.map((c) => ({name: CHANNELS[c] || c, data: days.map((d) => cell(d, c, "conversations"))}))},
    messages: {kind: "line", categories: days,
      series: Object.entries(AUTHOR_SERIES).map(([k, name]) => ({name, data: days.map((d) => cell(d, null, k))}))},
    outcomes: {kind: "pie", categories: outcomes.map(([k]) => OUTCOME_NAMES[k] || k),
      series: [{name: "回答结果", data: outcomes.map(([, v]) => v)}]},
    handoffs: {kind: "bar", categories: reasons.map(([k]) => REASONS[k] || k),
      series: [{name: "转人工次数", data: reasons.map(([, v]) => v)}]},
    programmes: {kind: "bar", horizontal: true, categories: programmes.map((p) => p.title),
      series: [{name: "被问次数", data: programmes.map((p) => p.count)}]},
  };
}

function chartOption(spec) {
  if (spec.kind === "pie") {
    return {tooltip: {trigger: "item"}, legend: {bottom: 0, type: "scroll"},
      series: [{type: "pie", radius: ["35%", "65%"], data: spec.categories.map((name, i) => ({name, value: spec.series[0].data[i]})),
                label: {formatter: "{b}\n{c}（{d}%）"}}]};
  }
  const categories = {type: "category", data: spec.categories, axisLabel: {hideOverlap: true}};
  const values = {type: "value", minInterval: 1};
  if (spec.horizontal) categories.axisLabel = {width: 160, overflow: "truncate"};
  return {
    tooltip: {trigger: "axis"}, legend: {top: 0, type: "scroll"},
    grid: {left: 40, right: 16, top: 32, bottom: 40, containLabel: true},
    xAxis: spec.horizontal ? values : categories,
    yAxis: spec.horizontal ? categories : values,
    series: spec.series.map((s) => ({name: s.name, type: spec.kind, data: s.data, stack: spec.stacked ? "total" : undefined})),
  };
}

function fallbackTable(node, spec) {
  const table = el("table", null, "chart-table");
  const head = el("tr");
  head.append(el("th", ""), ...spec.series.map((s) => el("th", s.name)));
  table.append(head);
  spec.categories.forEach((category, i) => {
    const tr = el("tr");
    tr.append(el("td", category), ...spec.series.map((s) => el("td", String(s.data[i]))));
    table.append(tr);
  });
  node.replaceChildren(table);
}

function renderCharts(data, range) {
  const specs = chartData(data, range);
  const ids = {conversations: "chart-conversations", messages: "chart-messages", outcomes: "chart-outcomes",
               handoffs: "chart-handoffs", programmes: "chart-programmes"};
  $("an-nochart").hidden = Boolean(window.echarts);
  for (const [key, id] of Object.entries(ids)) {
    const node = $(id);
    if (!window.echarts) { fallbackTable(node, specs[key]); continue; }
    astate.charts[key] = astate.charts[key] || window.echarts.init(node, null, {renderer: "canvas"});
    astate.charts[key].setOption(chartOption(specs[key]), true);
  }
}

async function loadAnalytics() {
  // The first load asks for the server's default range (the last 30 days in the service time zone).
  const asked = $("an-from").value && $("an-to").value;
  const data = await api("GET", "/analytics" + (asked ? "?from=" + $("an-from").value + "&to=" + $("an-to").value : ""));
  const range = {from: data.from.slice(0, 10), to: shiftDay(data.to.slice(0, 10), -1)};
  $("an-from").value = range.from;
  $("an-to").value = range.to;
  const query = "?from=" + range.from + "&to=" + range.to;
  const recorded = Object.keys(data.answers || {}).length > 0;
  for (const link of document.querySelectorAll("#analytics-view a.csv")) {
    const chart = recorded || !link.dataset.fallback ? link.dataset.chart : link.dataset.fallback;
    link.href = "/console/api/analytics.csv" + query + "&chart=" + chart;
  }
  renderCards(data);
  renderCharts(data, range);
}

function showAnalytics() {
  for (const main of document.querySelectorAll("body > main")) main.hidden = main.id !== "analytics-view";
  for (const tab of document.querySelectorAll("header .tab")) tab.classList.toggle("active", tab.id === "show-analytics");
  loadAnalytics().catch((e) => banner(e.message));
}

function startAnalytics() {
  $("show-analytics").addEventListener("click", showAnalytics);
  for (const tab of document.querySelectorAll("header .tab")) {
    if (tab.id !== "show-analytics") tab.addEventListener("click", () => { $("analytics-view").hidden = true; });
  }
  $("analytics-range").addEventListener("submit", (event) => {
    event.preventDefault();
    loadAnalytics().catch((e) => banner(e.message));
  });
  for (const button of document.querySelectorAll("#analytics-range [data-days]")) {
    button.addEventListener("click", () => { setRange(Number(button.dataset.days)); loadAnalytics().catch((e) => banner(e.message)); });
  }
  window.addEventListener("resize", () => { for (const chart of Object.values(astate.charts)) chart.resize(); });
}

startAnalytics();
