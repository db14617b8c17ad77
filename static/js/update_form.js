// The quarterly update form: preview the status the figures suggest while the
// department types. The server computes it again on submit (targets/progress.py);
// this mirrors those rules and only changes what is shown.
(function () {
  var box = document.getElementById("suggestion");
  var form = document.getElementById("update-form");
  var labelsEl = document.getElementById("status-labels");
  if (!box || !form || !labelsEl) return;
  var labels = JSON.parse(labelsEl.textContent);
  var expected = Number(box.dataset.expected);
  var yellow = Number(box.dataset.yellow);
  var red = Number(box.dataset.red);
  var APPROX = 0.05; // APPROX_TOLERANCE in targets/progress.py

  function number(text) {
    text = (text || "").trim();
    if (text === "") return null;
    var value = Number(text);
    return isNaN(value) ? null : value;
  }

  function met(input, actual) {
    if (actual === null) return false;
    var target = Number(input.dataset.target);
    switch (input.dataset.comparator) {
      case "lte": return actual <= target;
      case "approx": return Math.abs(actual - target) <= Math.abs(target) * APPROX;
      case "range": return actual >= target && actual <= Number(input.dataset.targetMax || target);
      default: return actual >= target;
    }
  }

  function suggest() {
    var percentEl = form.querySelector("[name=percent_complete]");
    var percent = number(percentEl && percentEl.value);
    if (percent === null) return null;
    var inputs = form.querySelectorAll("input[data-comparator]");
    var values = Array.prototype.map.call(inputs, function (i) { return number(i.value); });
    if (inputs.length) {
      var all = Array.prototype.every.call(inputs, function (input, k) { return met(input, values[k]); });
      if (all) return "completed";
    } else if (percent >= 100) {
      return "completed";
    }
    var anything = values.some(function (v) { return v !== null && v > 0; });
    if (percent === 0 && !anything) return "not_started";
    var gap = expected - percent;
    if (gap < yellow) return "on_track";
    if (gap <= red) return "at_risk";
    return "behind";
  }

  function refresh() {
    var value = suggest();
    var strong = box.querySelector("[data-suggested]");
    if (!value || !strong) return;
    strong.dataset.suggested = value;
    strong.textContent = labels[value];
    var chosen = form.querySelector("[name=status]:checked");
    var group = document.getElementById("override-reason-group");
    if (group) group.classList.toggle("border-start", !!chosen && chosen.value !== value);
    if (group) group.classList.toggle("border-warning", !!chosen && chosen.value !== value);
    if (group) group.classList.toggle("ps-2", !!chosen && chosen.value !== value);
  }

  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
})();
