// Bulk actions. On the dashboard: the “select all” box ticks every unit of the page. On the confirmation
// page of publishing: the confirmed units are published one request each, in turn, and each row shows its
// progress (待公开 → 正在公开… → 已公开第N版 / 未公开：reason); one refused does not stop the others.
(function () {
  "use strict";
  var all = document.getElementById("bulk-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="unit"][form="bulk"]').forEach(function (box) {
        if (!box.disabled) box.checked = all.checked;
      });
    });
  }

  var form = document.getElementById("bulk-publish");
  if (!form || !window.fetch) return;
  var button = document.getElementById("bulk-confirm");

  function cell(row, text, cls, href) {
    var status = row.querySelector(".status");
    status.textContent = "";
    var el = document.createElement(href ? "a" : "span");
    if (href) el.href = href;
    if (cls) el.className = cls;
    el.textContent = text;
    status.appendChild(el);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button) button.disabled = true;
    form.querySelectorAll("textarea").forEach(function (t) { t.readOnly = true; });
    var rows = Array.prototype.filter.call(form.querySelectorAll("tr.candidate"), function (row) {
      return row.querySelector('input[name="unit"]');
    });
    var line = document.getElementById("bulk-progress-line");
    var bar = document.getElementById("bulk-progress");
    var count = document.getElementById("bulk-count");
    var failedCount = document.getElementById("bulk-failed");
    if (line) line.hidden = false;
    var done = 0, failed = 0;
    var token = form.querySelector('input[name="csrf_token"]').value;
    var year = form.querySelector('input[name="year"]').value;

    function next(i) {
      if (i >= rows.length) {
        var summary = document.createElement("div");
        summary.className = "box" + (failed ? " error" : " flash");
        summary.id = "bulk-summary";
        summary.setAttribute("role", "status");
        summary.textContent = "已完成：公开 " + (done - failed) + " 个" + (failed ? "，未公开 " + failed + " 个（原因见表中）" : "") + "。";
        form.parentNode.insertBefore(summary, form);
        if (button) button.hidden = true;
        return;
      }
      var row = rows[i];
      var unit = row.dataset.unit;
      var body = { csrf_token: token, year: year, unit: unit };
      var note = row.querySelector("textarea");
      if (note) body["note-" + unit] = note.value;
      cell(row, "正在公开…", "muted");
      fetch("/review/publish", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().catch(function () { return { ok: false, error: "服务器错误（" + r.status + "）" }; });
      }).then(function (data) {
        var result = data.results && data.results[0];
        if (result && result.ok) {
          cell(row, result.message, "state state-published", "/public/" + result.version_id);
          var state = row.cells[2].querySelector(".state");
          if (state) { state.textContent = result.state_label; state.className = "state state-published"; }
        } else {
          failed += 1;
          cell(row, "未公开：" + ((result && result.message) || data.error || "未知错误"), "sev-error");
        }
      }).catch(function () {
        failed += 1;
        cell(row, "未公开：网络错误", "sev-error");
      }).then(function () {
        done += 1;
        if (bar) bar.value = done;
        if (count) count.textContent = done;
        if (failedCount) failedCount.textContent = failed;
        next(i + 1);
      });
    }
    next(0);
  });
})();
