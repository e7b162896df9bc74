// Text fields of the draft page: saved as the user types (one JSON POST per field, after a pause),
// with the CSRF token header and the submission's version; 409 means another tab or person saved first.
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
    status(area, "保存中…");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({key: area.dataset.key, text: area.value, version: box.dataset.version})
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (res) {
      if (res.status === 200) {
        box.dataset.version = res.body.version;
        document.querySelectorAll('input[name="version"]').forEach(function (i) { i.value = res.body.version; });
        var c = res.body.counts;
        status(area, "已保存（严重 " + c.fatal + "，错误 " + c.error + "，警告 " + c.warning + "）");
      } else if (res.status === 409) {
        status(area, "未保存：" + res.body.error + "（请刷新页面）", true);
        box.querySelectorAll("textarea").forEach(function (t) { t.disabled = true; });
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
