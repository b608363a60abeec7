"use strict";
// The page of balance-check serve. Every text that comes from a file or a report is set with
// textContent (never as HTML), so school and file names are always shown as written.

const $ = (id) => document.getElementById(id);
let chosen = [];
let catalogue = null;

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "className") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function size(n) {
  return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
}

async function loadStandards() {
  const r = await fetch("/api/standards");
  catalogue = await r.json();
  const sel = $("standard");
  for (const s of catalogue.standards) sel.append(el("option", { value: s.id, text: `${s.title}（${s.id}）` }));
  sel.addEventListener("change", showCases);
  showCases();
  const l = catalogue.limits;
  $("limits").textContent =
    `每次最多 ${l.max_upload_files} 个文件、合计 ${l.max_upload_mb} MB；结果保留 ${l.result_ttl_minutes} 分钟。`;
  if (catalogue.problems.length) {
    const p = $("standard-problems");
    p.hidden = false;
    p.textContent = "以下标准文件无法使用：" + catalogue.problems.join("；");
  }
}

function showCases() {
  const id = $("standard").value;
  $("template-link").href = "/api/template?standard=" + encodeURIComponent(id);
  const box = $("cases");
  box.replaceChildren();
  const std = catalogue.standards.find((s) => s.id === id);
  if (!std || !std.cases.length) return;
  box.append(el("p", { className: "hint", text: "特殊情形（本县适用时勾选）：" }));
  for (const c of std.cases) {
    const input = el("input", { type: "checkbox", name: "cases", value: c.id });
    box.append(el("label", {}, input, " " + c.title));
  }
}

function choose(files) {
  for (const f of files) {
    if (!chosen.some((c) => c.name === f.name && c.size === f.size)) chosen.push(f);
  }
  const list = $("chosen");
  list.replaceChildren();
  for (const f of chosen) list.append(el("li", {}, el("span", { text: f.name }), el("span", { className: "hint", text: size(f.size) })));
  const county = $("county");
  county.replaceChildren(el("option", { value: "", text: "自动：合并各文件的县域表（空白项不冲突）" }));
  for (const f of chosen) {
    if (!f.name.toLowerCase().endsWith(".zip")) county.append(el("option", { value: f.name, text: "以此文件为准：" + f.name }));
  }
  $("county-row").hidden = chosen.length < 2 && !chosen.some((f) => f.name.toLowerCase().endsWith(".zip"));
  $("start").disabled = chosen.length === 0;
}

function setupDrop() {
  const drop = $("drop");
  const input = $("files");
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") input.click(); });
  input.addEventListener("change", () => { choose(input.files); input.value = ""; });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); choose(e.dataTransfer.files); });
}

function start() {
  const form = new FormData();
  for (const f of chosen) form.append("files", f, f.name);
  const stdFile = $("standard-file").files[0];
  if (stdFile) form.append("standard_file", stdFile, stdFile.name);
  else form.append("standard", $("standard").value);
  for (const c of document.querySelectorAll("input[name=cases]:checked")) form.append("cases", c.value);
  form.append("county", $("county").value || "");
  $("start").disabled = true;
  $("result").hidden = true;
  $("report-frame").removeAttribute("src");
  const bar = $("upload-bar");
  bar.hidden = false;
  bar.value = 0;
  $("upload-state").textContent = "正在上传…";
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/checks");
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total; };
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (err) { body = { detail: xhr.responseText }; }
    if (xhr.status !== 200) {
      $("upload-state").textContent = "";
      showFailure(typeof body.detail === "string" ? body.detail : "上传失败（" + xhr.status + "）");
      $("start").disabled = false;
      return;
    }
    $("upload-state").textContent = "已上传，正在核验…";
    bar.value = 100;
    showJob(body);
    poll(body.id);
  };
  xhr.onerror = () => { showFailure("无法连接本机服务：请确认 balance-check serve 仍在运行"); $("start").disabled = false; };
  xhr.send(form);
}

function showFailure(message) {
  $("progress").hidden = false;
  const m = $("job-message");
  m.hidden = false;
  m.textContent = message;
}

const STATE = { queued: "排队等待核验…", reading: "正在读取文件…", evaluating: "正在评估…", writing: "正在生成报告…",
                done: "核验完成", failed: "无法核验" };
const FILE_STATE = { waiting: ["等待读取", "wait"], read: ["已读入", "ok"], no_schools: ["没有学校数据行", "warn"],
                     unusable: ["无法使用", "bad"] };

function showJob(job) {
  $("progress").hidden = false;
  $("job-state").textContent = STATE[job.state] || job.state;
  const body = $("file-states");
  body.replaceChildren();
  for (const f of job.files) {
    const [label, cls] = FILE_STATE[f.status] || [f.status, "wait"];
    let text = label;
    if (f.status === "read") text += ` ${f.rows} 行`;
    if (f.message) text += "：" + f.message;
    body.append(el("tr", {}, el("td", { text: f.file }), el("td", { className: cls, text })));
  }
  for (const f of job.refused) {
    body.append(el("tr", {}, el("td", { text: f.file }), el("td", { className: "bad", text: "未核验：" + f.message })));
  }
  const counts = {};
  for (const f of job.files) counts[f.status] = (counts[f.status] || 0) + 1;
  const parts = Object.entries(counts).map(([k, n]) => `${(FILE_STATE[k] || [k])[0]} ${n} 个`);
  if (job.refused.length) parts.push(`未核验 ${job.refused.length} 个`);
  $("file-summary").textContent = `文件 ${job.files.length + job.refused.length} 个：` + parts.join("，");
  const m = $("job-message");
  m.hidden = !job.message;
  m.textContent = [job.message || "", ...(job.details || [])].join("\n");
  if (job.result) showResult(job);
}

async function poll(id) {
  for (;;) {
    const r = await fetch("/api/checks/" + encodeURIComponent(id));
    const job = await r.json();
    if (r.status !== 200) { showFailure(job.detail || "查询失败"); break; }
    showJob(job);
    if (job.state === "done" || job.state === "failed") break;
    await new Promise((ok) => setTimeout(ok, 400));
  }
  $("start").disabled = chosen.length === 0;
  $("upload-state").textContent = "";
  $("upload-bar").hidden = true;
}

function showResult(job) {
  const r = job.result;
  const first = $("result").hidden;
  $("result").hidden = false;
  if (first) {
    $("file-list").open = job.files.length + job.refused.length <= 8 || job.files.some((f) => f.status === "unusable") || job.refused.length > 0;
    $("result").scrollIntoView();
  }
  const v = $("verdict");
  v.className = "verdict " + (r.passed ? "pass" : "fail");
  v.textContent = r.verdict;
  v.dataset.passed = String(r.passed);
  const sections = $("sections");
  sections.replaceChildren();
  for (const s of r.sections) {
    const cls = s.status === "达标" ? "ok" : s.status === "未达标" ? "bad" : "warn";
    sections.append(el("tr", {}, el("td", { text: s.label }), el("td", { className: cls, text: s.status }), el("td", { text: s.detail })));
  }
  const reasons = $("reasons");
  reasons.replaceChildren(...r.reasons.map((t) => el("li", { text: t })));
  const c = r.counts;
  $("counts").textContent = `学校 ${c.input_rows} 行：参评 ${c.evaluated_schools} 所（${c.school_parts} 个学段），排除 ${c.excluded} 所，` +
    `无法评估 ${c.not_evaluable} 所` + (c.skipped ? `，重复未计 ${c.skipped} 行` : "") + `；数据错误 ${c.errors} 个，提示 ${c.warnings} 个`;
  const names = { zip: "全部报告（.zip）", docx: "自评报告初稿（Word）", xlsx: "差距工作簿（Excel）", html: "一页式报告（网页）",
                  md: "报告（Markdown）", json: "report.json（数据）" };
  const d = $("downloads");
  d.replaceChildren();
  for (const k of ["zip", "docx", "xlsx", "html", "md", "json"]) {
    if (r.downloads[k]) d.append(el("a", { href: r.downloads[k], id: "download-" + k, download: "", text: names[k] }));
  }
  const tbody = $("problems").querySelector("tbody");
  tbody.replaceChildren();
  for (const p of r.problems) {
    tbody.append(el("tr", {},
      el("td", { text: p.file || "" }), el("td", { text: p.sheet || "" }), el("td", { text: p.row == null ? "" : String(p.row) }),
      el("td", { text: p.column || "" }), el("td", { className: p.severity === "error" ? "bad" : "warn", text: p.severity === "error" ? "错误" : "提示" }),
      el("td", { text: p.message })));
  }
  $("problems").hidden = r.problems_total === 0;
  $("problems-note").textContent = r.problems_total === 0 ? "未发现数据问题。" :
    r.problems_total > r.problems.length ? `共 ${r.problems_total} 个，此处列出前 ${r.problems.length} 个；全部见差距工作簿。` : `共 ${r.problems_total} 个。`;
  const frame = $("report-frame");
  const src = "/api/checks/" + encodeURIComponent(job.id) + "/report";
  if (frame.getAttribute("src") !== src) frame.setAttribute("src", src);
}

// 年度比较 and 多县汇总: the same upload, job and download machinery as a check, shown in their own cards.
function standardFields(form) {
  const stdFile = $("standard-file").files[0];
  if (stdFile) form.append("standard_file", stdFile, stdFile.name);
  else form.append("standard", $("standard").value);
  for (const c of document.querySelectorAll("input[name=cases]:checked")) form.append("cases", c.value);
}

async function runTask(kind, form, show) {
  const state = $(kind + "-state");
  $(kind + "-start").disabled = true;
  $(kind + "-result").hidden = true;
  state.textContent = "正在上传…";
  try {
    const r = await fetch("/api/" + kind, { method: "POST", body: form });
    let job = await r.json();
    if (r.status !== 200) { state.textContent = typeof job.detail === "string" ? job.detail : "上传失败（" + r.status + "）"; return; }
    while (job.state !== "done" && job.state !== "failed") {
      state.textContent = STATE[job.state] || job.state;
      await new Promise((ok) => setTimeout(ok, 400));
      const p = await fetch("/api/checks/" + encodeURIComponent(job.id));
      job = await p.json();
      if (p.status !== 200) { state.textContent = job.detail || "查询失败"; return; }
    }
    if (job.state === "failed") { state.textContent = [job.message || "无法完成", ...(job.details || [])].join("\n"); return; }
    state.textContent = job.refused.length ? "未处理：" + job.refused.map((f) => f.file + "（" + f.message + "）").join("；") : "";
    show(job);
    $(kind + "-result").hidden = false;
    $(kind + "-frame").setAttribute("src", "/api/checks/" + encodeURIComponent(job.id) + "/report");
  } catch (err) {
    state.textContent = "无法连接本机服务：请确认 balance-check serve 仍在运行";
  } finally {
    $(kind + "-start").disabled = false;
  }
}

function links(box, downloads, names) {
  box.replaceChildren();
  for (const [k, label] of Object.entries(names)) {
    if (downloads[k]) box.append(el("a", { href: downloads[k], download: "", text: label }));
  }
}

function showCompare(job) {
  const c = job.compare;
  const v = $("compare-verdict");
  v.className = "verdict " + (c.worsened ? "fail" : "pass");
  v.textContent = c.headline;
  $("compare-years").textContent = c.years + `；学校（学段）新达标 ${c.counts.newly_passing}，新不达标 ${c.counts.newly_failing}，` +
    `新增 ${c.counts.appeared}，不再参评 ${c.counts.disappeared}`;
  $("compare-regressions").replaceChildren(...c.regressions.map((t) => el("li", { text: t })));
  links($("compare-downloads"), c.downloads, { xlsx: "比较工作簿（Excel）", html: "比较报告（网页）", json: "compare.json（数据）" });
}

function showRollup(job) {
  const r = job.rollup;
  const v = $("rollup-verdict");
  v.className = "verdict " + (r.all_passed ? "pass" : "fail");
  v.textContent = r.headline;
  const table = $("rollup-unusable");
  table.hidden = r.unusable.length === 0;
  table.querySelector("tbody").replaceChildren(...r.unusable.map((u) =>
    el("tr", {}, el("td", { text: u.file }), el("td", { className: "bad", text: u.message }))));
  links($("rollup-downloads"), r.downloads, { xlsx: "汇总工作簿（Excel）", html: "汇总报告（网页）", json: "rollup.json（数据）" });
}

function setupTasks() {
  const ready = () => { $("compare-start").disabled = !($("compare-before").files.length && $("compare-after").files.length); };
  $("compare-before").addEventListener("change", ready);
  $("compare-after").addEventListener("change", ready);
  $("compare-start").addEventListener("click", () => {
    const form = new FormData();
    form.append("before", $("compare-before").files[0]);
    form.append("after", $("compare-after").files[0]);
    standardFields(form);
    runTask("compare", form, showCompare);
  });
  $("rollup-files").addEventListener("change", () => { $("rollup-start").disabled = $("rollup-files").files.length === 0; });
  $("rollup-start").addEventListener("click", () => {
    const form = new FormData();
    for (const f of $("rollup-files").files) form.append("files", f, f.name);
    standardFields(form);
    runTask("rollup", form, showRollup);
  });
}

$("start").addEventListener("click", start);
setupTasks();
setupDrop();
loadStandards();

// The browser words its own file button in the system language ("Choose Files"): the pickers are
// Chinese labels around hidden inputs, and the names chosen are shown beside them.
for (const input of document.querySelectorAll("label.picker input[type=file]")) {
  const shown = input.closest("label").nextElementSibling;
  input.addEventListener("change", () => {
    const names = Array.from(input.files).map((f) => f.name);
    shown.textContent = names.length ? names.join("、") : "未选择文件";
  });
}
