// The audit job page: asks the page's JSON twin every second for the progress and updates the counts and
// each document's row, until every document is audited (then the file names become links to the findings).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.url;
  var SEVS = ["fatal", "error", "warning", "info"];

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  function updateRow(d) {
    var row = document.getElementById("doc-" + d.id);
    if (!row) return;
    var state = row.querySelector(".state");
    state.textContent = d.status_label;
    state.className = "state state-" + d.status;
    row.querySelector(".progress").textContent = d.progress + "%";
    SEVS.forEach(function (s) { row.querySelector('[data-sev="' + s + '"]').textContent = d.counts[s]; });
    var note = row.querySelector(".note");
    if (d.error) {
      note.textContent = "";
      var span = document.createElement("span");
      span.className = "sev-error";
      span.textContent = d.error;
      note.appendChild(span);
    } else if (d.department) {
      note.textContent = d.department + (d.year ? " " + d.year + "年度" : "");
    }
    var name = row.querySelector(".name");
    if (d.finished && !name.querySelector("a")) {
      var link = document.createElement("a");
      link.href = d.url;
      link.textContent = d.filename;
      name.replaceChild(link, name.firstChild);
    }
  }

  function update(body) {
    var job = body.job;
    text("job-done", job.finished_documents);
    text("job-total", job.total);
    text("job-failed", job.failed);
    var bar = document.getElementById("job-bar");
    if (bar) { bar.max = job.total; bar.value = job.finished_documents; }
    var status = document.getElementById("job-status");
    status.textContent = job.status_label;
    status.className = "state state-" + job.status;
    SEVS.forEach(function (s) {
      var el = document.querySelector('#job-counts [data-sev="' + s + '"]');
      if (el) el.textContent = job.counts[s];
    });
    body.documents.forEach(updateRow);
    if (job.finished) {
      box.dataset.finished = "1";
      text("job-finished-at", "（审查已全部完成）");
      return;
    }
    setTimeout(poll, 1000);
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(update)
      .catch(function () { setTimeout(poll, 5000); });
  }

  setTimeout(poll, 1000);
})();
