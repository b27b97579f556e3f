/* plancheck batch dashboard: sorting, filtering and folding the localities table. Plain DOM, no network. */
(function () {
  "use strict";
  var table = document.getElementById("locality-table");
  if (!table) return;
  var tbody = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.loc"));
  var groupRows = Array.prototype.slice.call(tbody.querySelectorAll("tr.group-row"));
  var verdict = document.getElementById("f-verdict");
  var rule = document.getElementById("f-rule");
  var coverage = document.getElementById("f-coverage");
  var grouped = document.getElementById("f-grouped");
  var status = document.getElementById("f-status");
  var collator = new Intl.Collator("zh-CN", { numeric: true, sensitivity: "base" });
  var sortColumn = -1;
  var sortDirection = 1;

  var members = {};  /* group key -> its rows, in page order */
  rows.forEach(function (row, k) {
    var key = row.getAttribute("data-group");
    row.originalIndex = k;
    (members[key] = members[key] || []).push(row);
  });

  function membersOf(key) {
    return members[key] || [];
  }

  /* A cell's key: its data-sort when it has one, else its text; a number in a numeric column.
     null (a missing value, "" or "—") sorts last whichever the direction. */
  function keyOf(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) return null;
    var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) return text === "" ? null : text;
    var value = parseFloat(text);
    return isNaN(value) ? null : value;
  }

  function compare(a, b, numeric) {
    if (a === null || b === null) return a === b ? 0 : (a === null ? 1 : -1);  /* missing values last */
    return sortDirection * (numeric ? a - b : collator.compare(a, b));
  }

  function ordered() {
    if (sortColumn < 0) return rows.slice();
    var numeric = headers[sortColumn].getAttribute("data-type") === "num";
    var keyed = rows.map(function (row) { return { row: row, key: keyOf(row, sortColumn, numeric) }; });
    keyed.sort(function (a, b) {
      return compare(a.key, b.key, numeric) || a.row.originalIndex - b.row.originalIndex;
    });
    return keyed.map(function (item) { return item.row; });
  }

  function layout() {
    var sorted = ordered();
    var fragment = document.createDocumentFragment();
    var isGrouped = table.classList.contains("grouped");
    if (isGrouped) {
      var buckets = {};
      sorted.forEach(function (row) {
        var key = row.getAttribute("data-group");
        (buckets[key] = buckets[key] || []).push(row);
      });
      groupRows.forEach(function (groupRow) {
        fragment.appendChild(groupRow);
        (buckets[groupRow.getAttribute("data-group")] || []).forEach(function (row) { fragment.appendChild(row); });
      });
    } else {
      sorted.forEach(function (row) { fragment.appendChild(row); });
      groupRows.forEach(function (groupRow) { fragment.appendChild(groupRow); });
    }
    tbody.appendChild(fragment);
  }

  function sortBy(column) {
    sortDirection = column === sortColumn ? -sortDirection : 1;
    sortColumn = column;
    headers.forEach(function (th, k) {
      th.setAttribute("aria-sort", k !== column ? "none" : sortDirection > 0 ? "ascending" : "descending");
    });
    layout();
  }

  function hidden(row, wanted) {
    if (wanted.verdict && row.getAttribute("data-verdict") !== wanted.verdict) return true;
    if (wanted.rule && (" " + row.getAttribute("data-rules") + " ").indexOf(" " + wanted.rule + " ") < 0) return true;
    if (wanted.coverage !== null) {
      var value = row.getAttribute("data-coverage");
      if (value === "" || parseFloat(value) >= wanted.coverage) return true;
    }
    return false;
  }

  function describe(wanted) {
    var parts = [];
    if (wanted.verdict) parts.push("结论为" + wanted.verdict);
    if (wanted.rule) parts.push("有“" + rule.options[rule.selectedIndex].getAttribute("data-title") + "”问题");
    if (wanted.coverage !== null) parts.push("草案覆盖率低于 " + wanted.coverage + "%");
    return parts.join(",");
  }

  function apply() {
    var threshold = coverage && coverage.value !== "" ? parseFloat(coverage.value) : NaN;
    var wanted = {
      verdict: verdict ? verdict.value : "",
      rule: rule ? rule.value : "",
      coverage: isNaN(threshold) ? null : threshold
    };
    var shown = 0;
    rows.forEach(function (row) {
      var hide = hidden(row, wanted);
      row.classList.toggle("filtered-out", hide);
      if (!hide) shown += 1;
    });
    groupRows.forEach(function (groupRow) {
      var visible = membersOf(groupRow.getAttribute("data-group")).some(function (row) {
        return !row.classList.contains("filtered-out");
      });
      groupRow.classList.toggle("emptied", !visible);
    });
    var filter = describe(wanted);
    status.textContent = filter ? "筛选:" + filter + ";显示 " + shown + " / " + rows.length + " 个地区"
                                : "共 " + rows.length + " 个地区";
  }

  function fold(groupRow, folded) {
    var button = groupRow.querySelector("button.fold");
    button.setAttribute("aria-expanded", folded ? "false" : "true");
    membersOf(groupRow.getAttribute("data-group")).forEach(function (row) {
      row.classList.toggle("folded", folded);
    });
  }

  headers.forEach(function (th, k) {
    th.addEventListener("click", function () { sortBy(k); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sortBy(k);
      }
    });
  });
  groupRows.forEach(function (groupRow) {
    groupRow.querySelector("button.fold").addEventListener("click", function (event) {
      fold(groupRow, event.currentTarget.getAttribute("aria-expanded") === "true");
    });
  });
  [verdict, rule].forEach(function (el) { if (el) el.addEventListener("change", apply); });
  if (coverage) coverage.addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", function () {
    if (verdict) verdict.value = "";
    if (rule) rule.value = "";
    if (coverage) coverage.value = "";
    apply();
  });
  if (grouped) {
    grouped.addEventListener("change", function () {
      table.classList.toggle("grouped", grouped.checked);
      layout();
    });
    document.getElementById("fold-all").addEventListener("click", function () {
      groupRows.forEach(function (groupRow) { fold(groupRow, true); });
    });
    document.getElementById("unfold-all").addEventListener("click", function () {
      groupRows.forEach(function (groupRow) { fold(groupRow, false); });
    });
  }
  apply();
})();
