// The year-end entry: while the officer types, ask the server's checker for every row's
// verdict (the same domain code that scores the saved entry) and show it beside the row.
(function () {
  "use strict";
  var form = document.getElementById("selfeval-form");
  if (!form) { return; }
  var url = form.getAttribute("data-check-url");
  var timer = null;
  var sequence = 0;

  function text(element, value) { if (element) { element.textContent = value || ""; } }

  function showRow(row, verdict, fieldErrors) {
    var cell = row.querySelector("td.verdict");
    cell.className = "verdict status-" + verdict.status + (verdict.reason_missing ? " reason-missing" : "");
    text(cell.querySelector(".verdict-status"), verdict.status);
    text(cell.querySelector(".verdict-score"), verdict.score ? verdict.score + " / " + verdict.weight + " 分" : "");
    var messages = [];
    row.querySelectorAll("[name]").forEach(function (input) {
      (fieldErrors[input.name] || []).forEach(function (m) { messages.push(m); });
    });
    text(cell.querySelector(".verdict-explanation"), messages.length ? messages.join("；") : verdict.explanation);
    text(cell.querySelector(".verdict-reason"), verdict.reason_missing ? "需填写偏差原因" : "");
    var weight = row.querySelector("input.weight");
    if (weight) { weight.placeholder = verdict.weight; }
  }

  function show(result) {
    var rows = {};
    form.querySelectorAll("tr.selfeval-row").forEach(function (row) {
      rows[row.getAttribute("data-indicator-id")] = row;
    });
    result.rows.forEach(function (verdict) {
      var row = rows[String(verdict.indicator_id)];
      if (row) { showRow(row, verdict, result.fields); }
    });
    var execution = result.execution;
    var budgetErrors = [];
    ["budget_adjusted", "spent_fiscal", "spent_carryover", "spent_other"].forEach(function (name) {
      (result.fields[name] || []).forEach(function (m) { budgetErrors.push(m); });
    });
    var line = document.getElementById("execution-verdict");
    line.classList.toggle("wrong", budgetErrors.length > 0 || (!!execution.error && !execution.missing));
    text(line, budgetErrors.length ? budgetErrors.join("；") : (execution.error || execution.explanation));
    text(document.getElementById("spent-total"), result.spent);
    var total = document.getElementById("selfeval-total");
    if (result.complete) {
      total.textContent = "";
      total.append("总分 ");
      total.appendChild(document.createElement("strong")).textContent = result.total;
      total.append("，自评等级：");
      total.appendChild(document.createElement("strong")).textContent = result.grade;
    } else {
      total.textContent = result.problems.length ? result.problems.join("；") : "尚未填写完整，暂无总分";
    }
  }

  function check() {
    var mine = ++sequence;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                 headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result && mine === sequence) { show(result); } })
      .catch(function () { /* the verdict on the page stays as it was */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);

  // The budget and spending recorded on the progress pages, copied into the fields (nothing is saved).
  var use = document.getElementById("use-recorded");
  if (use) {
    use.addEventListener("click", function () {
      [["budget_adjusted", "budget"], ["spent_fiscal", "fiscal"], ["spent_other", "other"]].forEach(function (pair) {
        var value = use.getAttribute("data-" + pair[1]);
        var input = document.getElementById(pair[0]);
        if (value && input) { input.value = value; }
      });
      check();
    });
  }
})();
