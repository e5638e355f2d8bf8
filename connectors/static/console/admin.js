// Admin screen of the staff console: staff accounts (create, change role and name, disable/enable, reset the
// password) and canned replies (add, edit, delete). Uses console.js's helpers ($, el, api, banner, time); user
// data is written with textContent only.
"use strict";

const ROLES = {agent: "坐席", editor: "知识库编辑", admin: "管理员"};

function roleSelect(value) {
  const select = el("select");
  for (const [role, label] of Object.entries(ROLES)) {
    const option = el("option", label);
    option.value = role;
    option.selected = role === value;
    select.append(option);
  }
  return select;
}

function smallButton(text, onClick, className) {
  const button = el("button", text, "small" + (className ? " " + className : ""));
  button.type = "button";
  button.addEventListener("click", onClick);
  return button;
}

async function adminAct(work, success) {
  try {
    await work();
    if (success) banner(success, "ok");
  } catch (e) { banner(e.message); }
}

async function loadAccounts() {
  const body = $("accounts");
  body.replaceChildren();
  for (const account of await api("GET", "/staff")) {
    const tr = el("tr", null, account.active ? "" : "inactive");
    tr.dataset.username = account.username;
    const name = el("input");
    name.value = account.name;
    name.setAttribute("aria-label", "姓名");
    const role = roleSelect(account.role);
    role.setAttribute("aria-label", "角色");
    const save = () => adminAct(async () => {
      await api("PUT", "/staff/" + account.id, {role: role.value, display_name: name.value.trim()});
      await loadAccounts();
    }, "已保存");
    role.addEventListener("change", save);
    name.addEventListener("change", save);
    const nameCell = el("td");
    nameCell.append(name);
    const roleCell = el("td");
    roleCell.append(role);
    const actions = el("td", null, "row-actions");
    actions.append(
      smallButton(account.active ? "停用" : "启用", () => adminAct(async () => {
        await api("PUT", "/staff/" + account.id, {active: !account.active});
        await loadAccounts();
      }, account.active ? "已停用，该账号已退出登录" : "已启用"), account.active ? "danger" : ""),
      smallButton("重置密码", () => showPasswordForm(actions, account)),
    );
    tr.append(el("td", account.username), nameCell, roleCell, el("td", account.active ? "启用" : "已停用"),
              el("td", account.last_login_at ? time(account.last_login_at) : "从未登录"), actions);
    body.append(tr);
  }
}

function showPasswordForm(cell, account) {
  if (cell.querySelector("form")) return;
  const form = el("form", null, "password-form");
  const input = el("input");
  input.type = "password";
  input.autocomplete = "new-password";
  input.placeholder = "新密码（至少 10 位，含字母和数字）";
  input.required = true;
  const submit = el("button", "确定", "small");
  submit.type = "submit";
  form.append(input, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    adminAct(async () => {
      await api("POST", "/staff/" + account.id + "/password", {password: input.value});
      form.remove();
    }, "密码已重置，" + account.name + " 需用新密码重新登录");
  });
  cell.append(form);
  input.focus();
}

async function loadCannedAdmin() {
  const list = $("canned-list");
  list.replaceChildren();
  for (const reply of await api("GET", "/canned")) {
    const li = el("li", null, "canned-item");
    const title = el("input");
    title.value = reply.title;
    title.setAttribute("aria-label", "标题");
    const text = el("textarea");
    text.rows = 2;
    text.value = reply.text;
    text.setAttribute("aria-label", "内容");
    const row = el("div", null, "row-actions");
    row.append(
      smallButton("保存", () => adminAct(async () => {
        await api("PUT", "/canned/" + reply.id, {title: title.value.trim(), text: text.value.trim()});
        await loadCannedAdmin();
      }, "已保存")),
      smallButton("删除", () => adminAct(async () => {
        await api("DELETE", "/canned/" + reply.id);
        await loadCannedAdmin();
      }, "已删除"), "danger"),
    );
    li.append(title, text, row);
    list.append(li);
  }
}

function showAdmin() {
  for (const main of document.querySelectorAll("body > main")) main.hidden = main.id !== "admin-view";
  for (const tab of document.querySelectorAll("header .tab")) tab.classList.toggle("active", tab.id === "show-admin");
  Promise.all([loadAccounts(), loadCannedAdmin()]).catch((e) => banner(e.message));
}

function startAdmin() {
  const roles = $("new-role");
  for (const [role, label] of Object.entries(ROLES)) {
    const option = el("option", label);
    option.value = role;
    roles.append(option);
  }
  $("show-admin").addEventListener("click", showAdmin);
  for (const tab of document.querySelectorAll("header .tab")) {
    if (tab.id !== "show-admin") tab.addEventListener("click", () => { $("admin-view").hidden = true; });
  }
  $("account-form").addEventListener("submit", (event) => {
    event.preventDefault();
    adminAct(async () => {
      await api("POST", "/staff", {username: $("new-username").value.trim(), display_name: $("new-name").value.trim(),
                                   role: roles.value, password: $("new-password").value});
      $("account-form").reset();
      await loadAccounts();
    }, "账号已创建");
  });
  $("canned-form").addEventListener("submit", (event) => {
    event.preventDefault();
    adminAct(async () => {
      await api("POST", "/canned", {title: $("canned-title").value.trim(), text: $("canned-text").value.trim()});
      $("canned-form").reset();
      await loadCannedAdmin();
    }, "已添加");
  });
}

startAdmin();
