// Knowledge desk screens of the staff console: documents (upload with progress, list, replace, re-index,
// remove), fact review beside the document text with the source span highlighted, and the FAQ editor with the
// unanswered questions grouped. Uses console.js's helpers ($, el, api, banner, time); user data is written with
// textContent only.
"use strict";

const KINDS = {notice: "申报通知", policy: "政策文件", guide: "申报指南", publicity: "公示", unknown: "其他"};
const CATEGORY_NAMES = {windows: "申报时间", conditions: "申报条件", amounts: "支持金额", materials: "申报材料",
                        submissions: "申报方式", contacts: "联系方式"};
const ACTION_NAMES = {confirm: "已核对", correct: "已修改", add: "人工添加", delete: "已删除"};
const VIEWS = ["desk", "unanswered-view", "documents-view", "faq-view"];
const kstate = {documents: [], doc: null, selected: null};

function showKnowledgeView(id) {
  for (const view of VIEWS) $(view).hidden = view !== id;
  for (const [tab, view] of [["show-documents", "documents-view"], ["show-faq", "faq-view"]]) {
    const button = $(tab);
    if (button) button.classList.toggle("active", view === id);
  }
  if (id === "documents-view" || id === "faq-view") {
    $("show-desk").classList.remove("active");
    $("show-unanswered").classList.remove("active");
  }
}

function callStatus(row) {
  if (row.status === "open") return row.days_left === 0 ? "今天截止" : `申报中 · 还剩 ${row.days_left} 天`;
  return {closed: "已截止", upcoming: "尚未开始", unknown: "未写明时间"}[row.status] || row.status;
}

// ---- documents list -------------------------------------------------------------------------------------------
async function loadDocuments() {
  const q = $("doc-search").value.trim();
  kstate.documents = await api("GET", "/documents" + (q ? "?q=" + encodeURIComponent(q) : ""));
  const body = $("documents");
  body.replaceChildren();
  for (const row of kstate.documents) {
    const tr = el("tr");
    tr.dataset.doc = row.doc_id;
    const title = el("td");
    const open = el("a", row.title, "doc-title");
    open.href = "#";
    open.addEventListener("click", (event) => { event.preventDefault(); openDocument(row.doc_id); });
    title.append(open);
    const facts = row.facts + (row.reviewed ? `（已核对 ${row.reviewed}）` : "") + (row.stale ? ` · ${row.stale} 条需复核` : "");
    tr.append(title, el("td", row.region), el("td", KINDS[row.kind] || row.kind), el("td", row.issued),
              el("td", callStatus(row), "call " + row.status), el("td", facts));
    const actions = el("td", null, "row-actions");
    const replace = el("button", "替换", "small");
    replace.type = "button";
    replace.addEventListener("click", () => { kstate.replacing = row.doc_id; $("replace-file").click(); });
    const reindex = el("button", "重新索引", "small");
    reindex.type = "button";
    reindex.addEventListener("click", () => reindexDocument(row.doc_id));
    const remove = el("button", "删除", "small danger");
    remove.type = "button";
    remove.addEventListener("click", () => removeDocument(row));
    actions.append(replace, reindex, remove);
    tr.append(actions);
    body.append(tr);
  }
  $("doc-count").textContent = `（${kstate.documents.length}）`;
}

function uploadOne(file, fields, onProgress) {
  // XMLHttpRequest, because fetch reports no upload progress.
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("file", file);
    for (const [key, value] of Object.entries(fields)) if (value) form.append(key, value);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/console/api/documents");
    xhr.setRequestHeader("X-CSRF-Token", CSRF);
    xhr.upload.addEventListener("progress", (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); });
    xhr.addEventListener("load", () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status === 401) { window.location.href = "/console/login"; return; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new Error((data && typeof data.detail === "string") ? data.detail : `上传失败（${xhr.status}）`));
    });
    xhr.addEventListener("error", () => reject(new Error("网络错误，上传失败")));
    xhr.send(form);
  });
}

function reportLine(file, report) {
  const found = Object.entries(report.facts).filter(([, n]) => n).map(([k, n]) => `${CATEGORY_NAMES[k]} ${n}`).join("、");
  const result = {added: "已入库", updated: "已更新", unchanged: "内容未变"}[report.result] || report.result;
  let text = `${file.name}：${result}《${report.title}》— ${report.sections} 个章节，${report.chunks} 个片段，` +
             `找到 ${report.facts_found} 条事实${found ? "（" + found + "）" : ""}`;
  if (report.warnings.length) text += "；提示：" + report.warnings.join("；");
  return text;
}

async function uploadFiles(files, replacing) {
  if (!files.length) return;
  const fields = {region: $("up-region").value.trim(), kind: $("up-kind").value, issued: $("up-issued").value,
                  source: $("up-source").value.trim(), doc_id: replacing || ""};
  const progress = $("upload-progress");
  const log = $("upload-log");
  progress.hidden = false;
  log.replaceChildren();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    $("upload-label").textContent = `正在上传并入库 ${i + 1}/${files.length}：${file.name}`;
    try {
      const report = await uploadOne(file, fields, (share) => { progress.value = (i + share * 0.5) / files.length; });
      log.append(el("li", reportLine(file, report), "ok"));
    } catch (error) {
      log.append(el("li", `${file.name}：${error.message}`, "error"));
    }
    progress.value = (i + 1) / files.length;
  }
  $("upload-label").textContent = `完成 ${files.length} 个文件`;
  await loadDocuments();
}

async function reindexDocument(docId) {
  try {
    const report = await api("POST", `/documents/${encodeURIComponent(docId)}/reindex`);
    banner(`已重新索引《${report.title}》：找到 ${report.facts_found} 条事实`, "ok");
    await loadDocuments();
  } catch (error) { banner(error.message); }
}

async function removeDocument(row) {
  if (!window.confirm(`确定删除《${row.title}》？删除后机器人将不再引用它。`)) return;
  try {
    await api("DELETE", `/documents/${encodeURIComponent(row.doc_id)}`);
    banner(`已删除《${row.title}》`, "ok");
    if (kstate.doc && kstate.doc.doc_id === row.doc_id) closeDocument();
    await loadDocuments();
  } catch (error) { banner(error.message); }
}

// ---- fact review ----------------------------------------------------------------------------------------------
function closeDocument() {
  kstate.doc = null;
  $("review").hidden = true;
  $("documents-list").hidden = false;
}

async function openDocument(docId) {
  try {
    kstate.doc = await api("GET", `/documents/${encodeURIComponent(docId)}`);
  } catch (error) { banner(error.message); return; }
  kstate.selected = null;
  $("documents-list").hidden = true;
  $("review").hidden = false;
  const doc = kstate.doc;
  $("review-title").textContent = doc.title;
  $("review-meta").textContent = [doc.region, KINDS[doc.kind] || doc.kind, doc.issued && "发文 " + doc.issued,
                                  callStatus(doc)].filter(Boolean).join(" · ");
  renderText();
  renderFacts();
}

function renderText(span) {
  const text = kstate.doc.text;
  const box = $("doc-text");
  box.replaceChildren();
  if (!span || span.end <= span.start) { box.textContent = text; return; }
  const mark = el("mark", text.slice(span.start, span.end));
  box.append(document.createTextNode(text.slice(0, span.start)), mark, document.createTextNode(text.slice(span.end)));
  mark.scrollIntoView({block: "center"});
}

function factSummary(category, fact) {
  if (category === "windows") {
    const day = (iso) => iso ? iso.slice(0, 10) : "";
    const range = fact.start ? `${day(fact.start)} 至 ${day(fact.end)}` : `截至 ${day(fact.end)}`;
    return (fact.label ? fact.label + "：" : "") + range + (fact.hard ? "（逾期不受理）" : "");
  }
  if (category === "contacts") {
    return [fact.department, fact.person, (fact.phones || []).join("、"), fact.email, fact.address].filter(Boolean).join(" · ");
  }
  return fact.text || "";
}

function reviewOf(factId) {
  return kstate.doc.reviews.find((r) => r.fact_id === factId);
}

function renderFacts() {
  const box = $("facts");
  box.replaceChildren();
  for (const [category, name] of Object.entries(CATEGORY_NAMES)) {
    const items = kstate.doc.fact_items[category] || [];
    const group = el("div", null, "fact-group");
    group.append(el("h3", `${name}（${items.length}）`));
    for (const fact of items) group.append(factRow(category, fact));
    box.append(group);
  }
  const deleted = kstate.doc.reviews.filter((r) => r.action === "delete");
  if (deleted.length) box.append(el("p", `已删除 ${deleted.length} 条提取结果：` + deleted.map((r) => r.fact_id).join("、"), "muted"));
}

function factRow(category, fact) {
  const review = reviewOf(fact.fact_id);
  const row = el("div", null, "fact" + (kstate.selected === fact.fact_id ? " selected" : ""));
  row.dataset.fact = fact.fact_id;
  const head = el("div", null, "fact-head");
  head.append(el("span", factSummary(category, fact), "fact-text"));
  if (review) {
    const badge = el("span", review.stale ? "原文已变，需复核" : ACTION_NAMES[review.action], "badge " + (review.stale ? "stale" : "reviewed"));
    badge.title = `${review.who} · ${time(review.at)}${review.why ? " · " + review.why : ""}`;
    head.append(badge);
  }
  row.append(head);
  if (fact.span && fact.span.text) row.append(el("div", "原文：" + fact.span.text.replace(/\s+/g, " ").slice(0, 120), "muted"));
  const buttons = el("div", null, "fact-actions");
  for (const [label, handler] of [["确认无误", () => confirmFact(category, fact)], ["修改", () => editFact(row, category, fact)],
                                  ["删除", () => deleteFact(fact)]]) {
    const button = el("button", label, "small");
    button.type = "button";
    button.addEventListener("click", (event) => { event.stopPropagation(); handler(); });
    buttons.append(button);
  }
  row.append(buttons);
  row.addEventListener("click", () => {
    kstate.selected = fact.fact_id;
    for (const node of document.querySelectorAll(".fact.selected")) node.classList.remove("selected");
    row.classList.add("selected");
    renderText(fact.span);
  });
  return row;
}

function factFields(category, fact) {
  // The editable fields of a fact: dates for application windows, the text (or contact details) otherwise.
  if (category === "windows") return [["start", "开始日期", "date", (fact.start || "").slice(0, 10)],
                                      ["end", "截止日期", "date", (fact.end || "").slice(0, 10)],
                                      ["label", "环节或批次", "text", fact.label || ""]];
  if (category === "contacts") return [["department", "部门", "text", fact.department || ""], ["person", "联系人", "text", fact.person || ""],
                                       ["phones", "电话（多个用、分隔）", "text", (fact.phones || []).join("、")],
                                       ["email", "邮箱", "text", fact.email || ""], ["address", "地址", "text", fact.address || ""]];
  return [["text", "内容", "textarea", fact.text || ""]];
}

function readFields(form, category) {
  const body = {};
  for (const input of form.querySelectorAll("[data-field]")) {
    let value = input.value.trim();
    if (input.type === "date" && !value) value = null;
    body[input.dataset.field] = input.dataset.field === "phones" ? value.split(/[、,，\s]+/).filter(Boolean) : value;
  }
  if (category === "windows" && !body.start) body.start = null;
  return body;
}

function factForm(category, fact, submitLabel, onSubmit) {
  const form = el("form", null, "fact-form");
  for (const [field, label, type, value] of factFields(category, fact)) {
    const wrap = el("label", label);
    const input = type === "textarea" ? el("textarea") : el("input");
    if (type !== "textarea") input.type = type;
    input.value = value;
    input.dataset.field = field;
    wrap.append(input);
    form.append(wrap);
  }
  const why = el("label", "原因（可选）");
  const whyInput = el("input");
  whyInput.name = "why";
  why.append(whyInput);
  const submit = el("button", submitLabel);
  submit.type = "submit";
  form.append(why, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try { await onSubmit({...readFields(form, category), why: whyInput.value.trim()}); } catch (error) { banner(error.message); }
    submit.disabled = false;
  });
  return form;
}

async function saveReview(method, path, body, message) {
  const result = await api(method, path, body);
  kstate.doc = result.document;
  banner(message, "ok");
  renderFacts();
}

function factPath(fact) {
  return `/documents/${encodeURIComponent(kstate.doc.doc_id)}/facts/${encodeURIComponent(fact.fact_id)}`;
}

async function confirmFact(category, fact) {
  const body = Object.fromEntries(Object.entries(fact).filter(([k]) => !["fact_id", "span", "status", "days_left"].includes(k)));
  try { await saveReview("PUT", factPath(fact), body, "已确认，机器人回答时会注明“已人工核对”"); } catch (error) { banner(error.message); }
}

function editFact(row, category, fact) {
  if (row.querySelector("form")) return;
  row.append(factForm(category, fact, "保存修改", (body) => saveReview("PUT", factPath(fact), body, "已保存，机器人下一次回答即使用修改后的内容")));
}

async function deleteFact(fact) {
  const why = window.prompt("删除原因（可选）", "");
  if (why === null) return;
  try { await api("DELETE", factPath(fact) + "?why=" + encodeURIComponent(why)); } catch (error) { banner(error.message); return; }
  await openDocument(kstate.doc.doc_id);
  banner("已删除该事实，机器人不再使用它", "ok");
}

function addFactForm() {
  const category = $("add-category").value;
  const holder = $("add-fact-form");
  holder.replaceChildren(factForm(category, {}, "添加", (body) =>
    saveReview("POST", `/documents/${encodeURIComponent(kstate.doc.doc_id)}/facts`, {...body, category}, "已添加").then(() => holder.replaceChildren())));
}

// ---- FAQ and grouped unanswered questions ----------------------------------------------------------------------
function bigrams(text) {
  const units = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "")];
  return units.concat(units.slice(1).map((c, i) => units[i] + c));
}

function similar(a, b) {
  // Dice overlap of characters and character pairs: the same measure the bot uses to match FAQ questions.
  const left = bigrams(a), right = bigrams(b);
  const counts = new Map();
  for (const gram of left) counts.set(gram, (counts.get(gram) || 0) + 1);
  let shared = 0;
  for (const gram of right) if (counts.get(gram)) { shared++; counts.set(gram, counts.get(gram) - 1); }
  return left.length + right.length ? 2 * shared / (left.length + right.length) : 0;
}

function groupQuestions(rows) {
  const groups = [];
  for (const row of rows) {
    const group = groups.find((g) => similar(g.question, row.question) >= 0.6);
    if (group) { group.count += row.count; group.variants.push(row.question); }
    else groups.push({question: row.question, count: row.count, variants: [row.question], kinds: row.kinds});
  }
  return groups.sort((a, b) => b.count - a.count);
}

async function loadFaq() {
  const [entries, unanswered] = await Promise.all([api("GET", "/faq"), api("GET", "/unanswered")]);
  const list = $("faq-list");
  list.replaceChildren();
  for (const entry of entries) {
    const li = el("li", null, "faq-item");
    li.append(el("strong", entry.question), el("div", entry.answer, "faq-answer"),
              el("div", `${entry.who} · ${time(entry.at)}${entry.doc_id ? " · 关联文档 " + entry.doc_id : ""}`, "muted"));
    const remove = el("button", "删除", "small danger");
    remove.type = "button";
    remove.addEventListener("click", async () => {
      if (!window.confirm("确定删除这条问答？")) return;
      try { await api("DELETE", `/faq/${entry.id}`); await loadFaq(); } catch (error) { banner(error.message); }
    });
    li.append(remove);
    list.append(li);
  }
  const groups = $("faq-unanswered");
  groups.replaceChildren();
  for (const group of groupQuestions(unanswered)) {
    const li = el("li", null, "group");
    li.append(el("strong", `${group.question}（${group.count} 次）`));
    if (group.variants.length > 1) li.append(el("div", "相似问法：" + group.variants.slice(1).join(" / "), "muted"));
    const answer = el("button", "添加答案", "small");
    answer.type = "button";
    answer.addEventListener("click", () => { $("faq-question").value = group.question; $("faq-answer").focus(); });
    const upload = el("button", "添加文件", "small");
    upload.type = "button";
    upload.addEventListener("click", () => { showKnowledgeView("documents-view"); loadDocuments(); $("upload-files").click(); });
    li.append(answer, upload);
    groups.append(li);
  }
}

async function saveFaq(event) {
  event.preventDefault();
  const body = {question: $("faq-question").value.trim(), answer: $("faq-answer").value.trim(), doc_id: $("faq-doc").value.trim() || null};
  try {
    await api("POST", "/faq", body);
    $("faq-form").reset();
    banner("已保存，机器人遇到同样的问题会直接用这条答案（注明来源：常见问题）", "ok");
    await loadFaq();
  } catch (error) { banner(error.message); }
}

// ---- wiring -------------------------------------------------------------------------------------------------
function initKnowledge() {
  if (!$("documents-view")) return;
  $("show-documents").addEventListener("click", () => { showKnowledgeView("documents-view"); loadDocuments().catch((e) => banner(e.message)); });
  $("show-faq").addEventListener("click", () => { showKnowledgeView("faq-view"); loadFaq().catch((e) => banner(e.message)); });
  for (const tab of ["show-desk", "show-unanswered"]) {
    $(tab).addEventListener("click", () => { $("documents-view").hidden = true; $("faq-view").hidden = true;
      $("show-documents").classList.remove("active"); $("show-faq").classList.remove("active"); });
  }
  let searchTimer = null;
  $("doc-search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => loadDocuments().catch((e) => banner(e.message)), 250); });
  $("upload-files").addEventListener("change", (event) => { uploadFiles([...event.target.files]); event.target.value = ""; });
  $("replace-file").addEventListener("change", (event) => { uploadFiles([...event.target.files], kstate.replacing); event.target.value = ""; });
  $("review-back").addEventListener("click", () => { closeDocument(); loadDocuments().catch((e) => banner(e.message)); });
  $("add-fact").addEventListener("click", addFactForm);
  $("faq-form").addEventListener("submit", saveFaq);
}

initKnowledge();
