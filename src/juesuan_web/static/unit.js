// Text fields of the draft page: saved as the user types (one JSON POST per field, after a pause),
// with the CSRF token header, the upload and the field's text as this page last had it (``base``): only a
// change to the same field by another tab or person is a conflict (409), said once at the top of the
// fields, and only that field stops saving; other fields go on saving.
(function () {
  "use strict";
  var box = document.getElementById("texts");
  if (!box) return;
  var url = box.dataset.url, csrf = box.dataset.csrf;
  var timers = {}, busy = false, queue = [];

  function status(area, text, bad) {
    var s = area.parentNode.querySelector(".save-status");
    s.textContent = text;
    s.className = "save-status " + (bad ? "sev-error" : "muted");
  }

  function save(area) {
    if (busy) { if (queue.indexOf(area) < 0) queue.push(area); return; }
    busy = true;
    var sent = area.value;
    status(area, "保存中…");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({key: area.dataset.key, text: sent, base: area.dataset.base,
                            upload: box.dataset.upload, version: box.dataset.version})
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (res) {
      if (res.status === 200) {
        area.dataset.base = sent;
        box.dataset.version = res.body.version;
        document.querySelectorAll('input[name="version"]').forEach(function (i) { i.value = res.body.version; });
        var c = res.body.counts;
        status(area, "已保存（严重 " + c.fatal + "，错误 " + c.error + "，警告 " + c.warning + "）");
      } else if (res.status === 409) {
        var conflict = document.getElementById("texts-conflict");
        conflict.textContent = res.body.error;
        conflict.hidden = false;
        status(area, "未保存", true);
        area.disabled = true;
      } else {
        status(area, "未保存：" + (res.body.error || res.status), true);
      }
    }).catch(function () {
      status(area, "未保存：网络错误", true);
    }).then(function () {
      busy = false;
      if (queue.length) save(queue.shift());
    });
  }

  box.querySelectorAll("textarea[data-key]").forEach(function (area) {
    area.addEventListener("input", function () {
      status(area, "正在输入…");
      clearTimeout(timers[area.dataset.key]);
      timers[area.dataset.key] = setTimeout(function () { save(area); }, 600);
    });
  });
  box.querySelectorAll("button.reuse").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById("field-" + button.dataset.key);
      var area = field.querySelector("textarea");
      area.value = field.querySelector(".previous-text").textContent;
      save(area);
    });
  });
})();
