// The project form: add, remove and reorder indicator and goal rows, filter level-2
// choices by level-1, and show how each 指标值 is understood while typing.
(function () {
  "use strict";
  var form = document.getElementById("project-form");
  if (!form) { return; }
  var tbody = document.querySelector("#indicators tbody");
  var goals = document.getElementById("goals");

  // WTForms reads rows by the number in their names; keep numbers in page order.
  function renumber(rows, prefix) {
    var pattern = new RegExp("^" + prefix + "-(\\d+|__index__)-");
    rows.forEach(function (row, i) {
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && pattern.test(value)) {
            el.setAttribute(attr, value.replace(pattern, prefix + "-" + i + "-"));
          }
        });
      });
    });
  }
  function indicatorRows() { return Array.prototype.slice.call(tbody.querySelectorAll("tr.indicator-row")); }
  function goalRows() { return Array.prototype.slice.call(goals.querySelectorAll("li.goal-row")); }
  function renumberAll() {
    renumber(indicatorRows(), "indicators");
    renumber(goalRows(), "goals");
    markGroups();
  }

  // A row that starts a new level-1 group gets a heavier top border.
  function markGroups() {
    var previous = null;
    indicatorRows().forEach(function (row) {
      var level1 = row.querySelector("select.level1").value;
      row.classList.toggle("group-start", previous !== null && level1 !== previous);
      previous = level1;
    });
  }

  function filterLevel2(row) {
    var level1 = row.querySelector("select.level1").value;
    var select = row.querySelector("select.level2");
    var keep = false;
    Array.prototype.forEach.call(select.options, function (option) {
      var owner = option.getAttribute("data-level1");
      var visible = !owner || owner === "*" || owner === level1;
      option.hidden = !visible;
      option.disabled = !visible;
      if (option.selected && visible) { keep = true; }
    });
    if (!keep) { select.value = ""; }
  }

  var timers = new WeakMap();
  function understand(input) {
    var out = input.parentNode.querySelector(".understood");
    if (!out) { return; }
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () {
      var text = input.value;
      if (!text.trim()) { out.textContent = ""; return; }
      // The project's year reads a date written without one ("9月底前").
      var year = form.querySelector("[name=year]");
      var query = "?text=" + encodeURIComponent(text) + (year && year.value ? "&year=" + encodeURIComponent(year.value) : "");
      fetch(form.getAttribute("data-parse-url") + query, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (results) { if (input.value === text) { out.textContent = results[0].understood; } })
        .catch(function () { out.textContent = ""; });
    }, 250));
  }

  function addFromTemplate(templateId, container, focusSelector) {
    var template = document.getElementById(templateId);
    var fragment = template.content.cloneNode(true);
    var row = fragment.firstElementChild;
    container.appendChild(fragment);
    renumberAll();
    var focus = row.querySelector(focusSelector);
    if (focus) { focus.focus(); }
    return row;
  }

  document.getElementById("add-indicator").addEventListener("click", function () {
    var rows = indicatorRows();
    var row = addFromTemplate("indicator-template", tbody, "select.level1");
    var last = rows[rows.length - 1];
    if (last) {  // start the new row in the same group as the one above
      row.querySelector("select.level1").value = last.querySelector("select.level1").value;
      filterLevel2(row);
      row.querySelector("select.level2").value = last.querySelector("select.level2").value;
      row.querySelector("input[name$='-name']").focus();
    } else {
      filterLevel2(row);
    }
    markGroups();
  });
  document.getElementById("add-goal").addEventListener("click", function () {
    addFromTemplate("goal-template", goals, "textarea");
  });

  var order = Array.prototype.map.call(
    document.querySelector("#indicator-template").content.querySelector("select.level1").options,
    function (option) { return option.value; });
  document.getElementById("sort-indicators").addEventListener("click", function () {
    var rows = indicatorRows();
    var level2Order = Array.prototype.map.call(
      document.querySelector("#indicator-template").content.querySelector("select.level2").options,
      function (option) { return option.value; });
    var keyed = rows.map(function (row, i) {
      return {
        row: row, i: i,
        a: order.indexOf(row.querySelector("select.level1").value),
        b: level2Order.indexOf(row.querySelector("select.level2").value)
      };
    });
    keyed.sort(function (x, y) { return (x.a - y.a) || (x.b - y.b) || (x.i - y.i); });
    keyed.forEach(function (k) { tbody.appendChild(k.row); });
    renumberAll();
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var row = button.closest("tr.indicator-row, li.goal-row");
    if (!row) { return; }
    if (button.classList.contains("remove-row")) {
      row.parentNode.removeChild(row);
    } else if (button.classList.contains("move-up") && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("move-down") && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    renumberAll();
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("select.level1")) {
      filterLevel2(event.target.closest("tr"));
      markGroups();
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target.matches("input.target-text")) { understand(event.target); }
    checkQuality();
  });
  form.addEventListener("change", checkQuality);

  // Target quality (issue 17): the findings on what is typed, redrawn after a pause; each
  // finding marks the cell of its field (must-fix in red, advice dashed).
  var quality = document.getElementById("quality-findings");
  var qualityTimer = null;
  function markFindings(findings) {
    form.querySelectorAll(".quality-mark-must, .quality-mark-advice").forEach(function (cell) {
      cell.classList.remove("quality-mark-must", "quality-mark-advice");
    });
    findings.forEach(function (f) {
      var field = document.getElementById(f.where);
      var cell = field && field.closest("td, li, label");
      if (cell) { cell.classList.add("quality-mark-" + f.severity); cell.title = f.message; }
    });
  }
  function drawFindings(findings) {
    var must = findings.filter(function (f) { return f.severity === "must"; }).length;
    quality.querySelector(".quality-summary").textContent = findings.length
      ? "必须修改 " + must + " 项，建议 " + (findings.length - must) + " 项" + (must ? "；有必须修改的问题时不能提交审核" : "")
      : "未发现问题";
    var list = quality.querySelector(".quality-list");
    list.innerHTML = "";
    findings.forEach(function (f) {
      var item = document.createElement("li");
      item.className = "quality-" + f.severity;
      item.setAttribute("data-where", f.where);
      item.setAttribute("data-code", f.code);
      var head = document.createElement("strong");
      head.textContent = "[" + f.severity_label + "]";
      var fix = document.createElement("span");
      fix.className = "quality-fix";
      fix.textContent = "修改建议：" + f.fix;
      var source = document.createElement("small");
      source.className = "quality-source";
      source.textContent = "依据：" + f.source;
      item.appendChild(head);
      item.appendChild(document.createTextNode(" " + f.message));
      item.appendChild(document.createElement("br"));
      item.appendChild(fix);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(source);
      list.appendChild(item);
    });
    markFindings(findings);
  }
  function checkQuality() {
    if (!quality || !quality.getAttribute("data-quality-url")) { return; }
    clearTimeout(qualityTimer);
    qualityTimer = setTimeout(function () {
      renumberAll();
      fetch(quality.getAttribute("data-quality-url"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(drawFindings)
        .catch(function () { /* keep the last findings */ });
    }, 600);
  }

  // Spending-plan months follow the unit and year (issue 12): changing either reloads the
  // unit's months for that year; amounts already typed stay with their month.
  var plan = document.getElementById("plan");
  var planRows = document.getElementById("plan-rows");
  function reloadMonths() {
    var unit = document.getElementById("unit_id");
    var year = document.getElementById("year");
    if (!plan || !unit || !unit.value || !/^\d{4}$/.test(year.value.trim())) { return; }
    var url = plan.getAttribute("data-months-url").replace(/\/0\/months$/, "/" + unit.value + "/months");
    fetch(url + "?year=" + encodeURIComponent(year.value.trim()), { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var typed = {};
        planRows.querySelectorAll("label.form-row").forEach(function (row) {
          typed[row.querySelector("select.plan-month").value] = row.querySelector("input").value;
        });
        var template = planRows.querySelector("label.form-row");
        if (!template) { return; }
        template = template.cloneNode(true);
        template.classList.remove("has-error");
        template.querySelectorAll(".errors, .field-error").forEach(function (el) { el.parentNode.removeChild(el); });
        planRows.innerHTML = "";
        data.months.forEach(function (month, i) {
          var row = template.cloneNode(true);
          var select = row.querySelector("select.plan-month");
          var input = row.querySelector("input");
          select.name = select.id = "checkpoints-" + i + "-month";
          input.name = input.id = "checkpoints-" + i + "-amount";
          select.value = String(month);
          input.value = typed[String(month)] || "";
          planRows.appendChild(row);
        });
        document.getElementById("plan-hint").textContent = data.hint;
        var link = document.querySelector("#plan-unit-link a");
        if (link) { link.href = document.getElementById("plan-unit-link").getAttribute("data-url").replace(/\/0$/, "/" + unit.value); }
      })
      .catch(function () { /* keep the rows as they are */ });
  }
  ["unit_id", "year"].forEach(function (id) {
    var field = document.getElementById(id);
    if (field) { field.addEventListener("change", reloadMonths); }
  });

  // The indicator library (issue 17): while a level-3 name is typed, indicators already written
  // in the user's units are offered; choosing one fills the row's empty cells from it.
  var libraryUrl = form.getAttribute("data-suggest-url");
  var libraryList = document.createElement("datalist");
  libraryList.id = "indicator-library";
  form.appendChild(libraryList);
  var libraryEntries = {};
  var libraryTimer = null;
  function isNameField(el) { return el.matches && el.matches("tr.indicator-row input[name$='-name']"); }
  function suggest(input) {
    input.setAttribute("list", "indicator-library");
    clearTimeout(libraryTimer);
    var text = input.value.trim();
    if (!libraryUrl || !text) { return; }
    var level2 = input.closest("tr").querySelector("select.level2");
    libraryTimer = setTimeout(function () {
      var query = "?q=" + encodeURIComponent(text) + "&level2=" + encodeURIComponent(level2 ? level2.value : "");
      fetch(libraryUrl + query, { credentials: "same-origin" })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (entries) {
          libraryList.innerHTML = "";
          libraryEntries = {};
          entries.forEach(function (entry) {
            libraryEntries[entry.name] = libraryEntries[entry.name] || entry;
            var option = document.createElement("option");
            option.value = entry.name;
            option.label = (entry.recommended.length ? "【标杆" + (entry.recommended[0] ? "：" + entry.recommended.join("、") : "") + "】" : "")
              + entry.level2 + " · " + (entry.values[0] || "") + " · 用过 " + entry.uses + " 次";
            libraryList.appendChild(option);
          });
        })
        .catch(function () { /* no suggestions */ });
    }, 300);
  }
  function fillFromLibrary(input) {
    var entry = libraryEntries[input.value.trim()];
    if (!entry) { return; }
    var row = input.closest("tr");
    var level1 = row.querySelector("select.level1");
    var level2 = row.querySelector("select.level2");
    // A fresh row (nothing typed beyond the name) takes the entry's levels too.
    var fresh = ["description", "target_text", "basis"].every(function (field) {
      var el = row.querySelector("[name$='-" + field + "']");
      return !el || !el.value.trim();
    });
    if (level1 && (fresh || !level1.value) && Array.prototype.some.call(level1.options, function (o) { return o.value === entry.level1; })) {
      level1.value = entry.level1;
      filterLevel2(row);
      markGroups();
    }
    if (level2 && (fresh || !level2.value) && Array.prototype.some.call(level2.options, function (o) { return o.value === entry.level2; })) {
      level2.value = entry.level2;
    }
    var fill = { "description": entry.description, "target_text": entry.values[0] || "", "basis": entry.basis };
    Object.keys(fill).forEach(function (field) {
      var el = row.querySelector("[name$='-" + field + "']");
      if (el && !el.value && fill[field]) { el.value = fill[field]; }
    });
    var target = row.querySelector("input.target-text");
    if (target) { understand(target); }
    checkQuality();
  }
  form.addEventListener("input", function (event) { if (isNameField(event.target)) { suggest(event.target); } });
  form.addEventListener("change", function (event) { if (isNameField(event.target)) { fillFromLibrary(event.target); } });

  indicatorRows().forEach(filterLevel2);
  renumberAll();
  if (quality) {
    markFindings(Array.prototype.map.call(quality.querySelectorAll("li[data-where]"), function (item) {
      return { where: item.getAttribute("data-where"), severity: item.className.replace("quality-", ""), message: item.textContent.trim() };
    }));
  }
})();
