// Small progressive enhancements; every page works without them.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit], input[data-autosubmit]") && el.form) {
    el.form.submit();
  }
});

// Print buttons (data-print): no inline onclick, which the Content-Security-Policy forbids.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

// The review queue: "select the unchanged" ticks them in place (without a script the
// link reloads the page with them ticked), and the approve button counts the ticks.
(function () {
  var form = document.getElementById("batch-form");
  if (!form) {
    return;
  }
  var boxes = function () {
    return document.querySelectorAll("input.select-update[form='batch-form']");
  };
  var count = function () {
    var ticked = 0;
    boxes().forEach(function (box) {
      if (box.checked) {
        ticked += 1;
      }
    });
    var badge = form.querySelector("[data-selected-count]");
    if (badge) {
      badge.textContent = ticked ? String(ticked) : "";
    }
  };
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-select-unchanged]");
    if (!link) {
      return;
    }
    event.preventDefault();
    boxes().forEach(function (box) {
      if (box.hasAttribute("data-unchanged")) {
        box.checked = true;
      }
    });
    count();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input.select-update")) {
      count();
    }
  });
  count();
})();
