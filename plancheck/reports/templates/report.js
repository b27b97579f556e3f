/* plancheck report: filters and in-page jumps. Plain DOM, no dependencies, no network. */
(function () {
  "use strict";
  var onlyChanged = document.getElementById("f-changed");
  var onlyIssues = document.getElementById("f-issues");
  var ruleSelect = document.getElementById("f-rule");
  var resetButton = document.getElementById("f-reset");
  var status = document.getElementById("f-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".frow"));

  function rulesOf(el) {
    var value = el.getAttribute("data-rules") || "";
    return value ? value.split(" ") : [];
  }

  function isHidden(el, changed, issues, rule) {
    var rules = rulesOf(el);
    if (changed && el.getAttribute("data-changed") === "0") return true;
    if (issues && rules.length === 0) return true;
    if (rule && rules.indexOf(rule) < 0) return true;
    return false;
  }

  function apply() {
    var changed = !!(onlyChanged && onlyChanged.checked);
    var issues = !!(onlyIssues && onlyIssues.checked);
    var rule = ruleSelect ? ruleSelect.value : "";
    var shown = 0;
    rows.forEach(function (el) {
      var hide = isHidden(el, changed, issues, rule);
      el.classList.toggle("is-hidden", hide);
      if (!hide) shown += 1;
    });
    var active = changed || issues || rule;
    document.body.classList.toggle("filtered", !!active);
    if (status) status.textContent = active ? "显示 " + shown + " / " + rows.length + " 项" : "";
  }

  function reset() {
    if (onlyChanged) onlyChanged.checked = false;
    if (onlyIssues) onlyIssues.checked = false;
    if (ruleSelect) ruleSelect.value = "";
    apply();
  }

  function hiddenByFilter(el) {
    return el.closest(".is-hidden") !== null;
  }

  function reveal(target) {
    if (hiddenByFilter(target)) reset();
    for (var p = target.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    target.scrollIntoView({ block: "center" });
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
  }

  function targetOf(href) {
    if (!href || href.charAt(0) !== "#" || href.length < 2) return null;
    return document.getElementById(decodeURIComponent(href.slice(1)));
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) return;
    var target = targetOf(link.getAttribute("href"));
    if (!target) return;
    event.preventDefault();
    reveal(target);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });

  [onlyChanged, onlyIssues, ruleSelect].forEach(function (control) {
    if (control) control.addEventListener("change", apply);
  });
  if (resetButton) resetButton.addEventListener("click", reset);
  apply();
  var initial = targetOf(window.location.hash);
  if (initial) reveal(initial);
})();
