// The owners table of a plan import's preview (templates/targets/plan_import/_owners.html):
// a department picker that searches names, short names and aliases, "fill down", a lead for
// a whole section, and names not in the directory flagged as they are typed. Without this
// script the table still works: the inputs offer the directory as a <datalist>, and a
// section's lead is set by the server when the table is saved.
(function () {
  "use strict";
  var form = document.getElementById("owners-form");
  var data = document.getElementById("department-directory-data");
  if (!form || !data) {
    return;
  }
  var directory = JSON.parse(data.textContent);
  var SEPARATORS = /[、,，;；\n]+/;
  var LAST_SEPARATOR = /^(.*[、,，;；\n])?\s*([^、,，;；\n]*)$/;

  // Names compared as targets/selectors/departments.py compares them.
  function key(name) {
    return name.normalize("NFKC").replace(/\s+/g, "").replace(/\((?:牵头|配合|主责|协办)\)$/, "");
  }
  function variants(name) {
    var base = key(name);
    var forms = [base];
    var short = base.replace(/^(?:[\u4e00-\u9fff]{2,3}[市州])?[\u4e00-\u9fff]{2,3}[区县](?=[\u4e00-\u9fff]{2})/, "区");
    if (short !== base) {
      forms.push(short);
    }
    forms.slice().forEach(function (form) {
      if (form.charAt(0) === "区" && form.length > 2) {
        forms.push(form.slice(1));
      } else if (form.charAt(0) !== "区") {
        forms.push("区" + form);
      }
    });
    return forms;
  }
  var known = new Set(directory.keys);
  function isKnown(name) {
    return variants(name).some(function (form) { return known.has(form); });
  }
  function names(value) {
    return value.split(SEPARATORS).map(function (n) { return n.trim(); }).filter(Boolean);
  }
  var entries = directory.departments.map(function (d) {
    return { name: d.name, full: d.full, aliases: d.aliases, hay: [d.name, d.full].concat(d.aliases).map(key).join("|") };
  });

  // -- a row's state: the "no lead" mark, unknown names, changed since loaded --------------
  function rowOf(input) {
    return input.closest("tr.owners-row");
  }
  // ``typing``: the input whose last name is still being typed, not yet judged.
  function refresh(row, typing) {
    var lead = row.querySelector("input[name^='lead-']");
    var co = row.querySelector("input[name^='co-']");
    row.querySelector("[data-no-lead]").classList.toggle("d-none", names(lead.value).length > 0);
    var written = [lead, co].map(function (input) {
      var all = names(input.value);
      return input === typing && !SEPARATORS.test(input.value.slice(-1)) ? all.slice(0, -1) : all;
    });
    var unknown = written[0].concat(written[1]).filter(function (n) { return !isKnown(n); });
    var notes = form.querySelector("[data-notes-for='" + row.dataset.goal + "']");
    var box = notes.querySelector("[data-unknown]");
    box.textContent = "";
    if (unknown.length) {
      var badge = document.createElement("span");
      badge.className = "badge text-bg-secondary";
      badge.textContent = form.dataset.newLabel;
      box.appendChild(badge);
      box.appendChild(document.createTextNode(" " + form.dataset.unknownLabel + " " + unknown.join("、")));
    }
    notes.classList.toggle("d-none", !unknown.length && !notes.querySelector(".text-danger"));
    var changed = lead.value !== lead.dataset.initial || co.value !== co.dataset.initial;
    row.classList.toggle("owners-changed", changed);
  }
  function setOwners(row, lead, co) {
    row.querySelector("input[name^='lead-']").value = lead;
    row.querySelector("input[name^='co-']").value = co;
    refresh(row);
  }
  function say(count) {
    document.getElementById("owners-status").textContent = form.dataset.filled.replace("%(count)s", count);
  }

  // -- the picker: suggestions for the name being typed after the last 、 ------------------
  var menu = document.createElement("div");
  menu.className = "list-group shadow-sm department-menu d-none";
  menu.setAttribute("role", "listbox");
  document.body.appendChild(menu);
  var active = null;
  var choice = -1;

  function close() {
    menu.classList.add("d-none");
    menu.textContent = "";
    choice = -1;
  }
  function pick(name) {
    var parts = LAST_SEPARATOR.exec(active.value);
    active.value = (parts[1] || "") + name + "、";
    active.dispatchEvent(new Event("input", { bubbles: true }));
    active.focus();
    close();
  }
  function suggest(input) {
    active = input;
    var typed = key(LAST_SEPARATOR.exec(input.value)[2] || "");
    menu.textContent = "";
    if (!typed) {
      close();
      return;
    }
    var found = entries.filter(function (e) { return e.hay.indexOf(typed) >= 0; });
    found.sort(function (a, b) { return (key(b.name).indexOf(typed) === 0) - (key(a.name).indexOf(typed) === 0); });
    if (!found.length) {
      var none = document.createElement("div");
      none.className = "list-group-item small text-body-secondary";
      none.textContent = form.dataset.noMatch;
      menu.appendChild(none);
    }
    found.slice(0, 8).forEach(function (e) {
      var item = document.createElement("button");
      item.type = "button";
      item.className = "list-group-item list-group-item-action py-1";
      item.setAttribute("role", "option");
      item.dataset.name = e.name;
      var strong = document.createElement("span");
      strong.textContent = e.name;
      item.appendChild(strong);
      var rest = [e.full].concat(e.aliases).filter(function (n) { return n !== e.name; });
      if (rest.length) {
        var small = document.createElement("small");
        small.className = "text-body-secondary ms-2";
        small.textContent = rest.join("、");
        item.appendChild(small);
      }
      menu.appendChild(item);
    });
    var box = input.getBoundingClientRect();
    menu.style.left = window.scrollX + box.left + "px";
    menu.style.top = window.scrollY + box.bottom + "px";
    menu.style.minWidth = box.width + "px";
    menu.classList.remove("d-none");
  }
  function highlight(step) {
    var items = menu.querySelectorAll("[data-name]");
    if (!items.length) {
      return;
    }
    choice = (choice + step + items.length) % items.length;
    items.forEach(function (item, i) { item.classList.toggle("active", i === choice); });
  }

  menu.addEventListener("mousedown", function (event) {
    event.preventDefault(); // keep the focus in the input
    var item = event.target.closest("[data-name]");
    if (item) {
      pick(item.dataset.name);
    }
  });
  form.querySelectorAll("[data-department-picker]").forEach(function (input) {
    input.removeAttribute("list"); // the suggestions below replace the browser's datalist
    input.setAttribute("aria-autocomplete", "list");
  });
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches("[data-department-picker]")) {
      suggest(input);
      var row = rowOf(input);
      if (row) {
        refresh(row, input);
      }
    }
  });
  form.addEventListener("change", function (event) {
    var row = event.target.matches("[data-department-picker]") && rowOf(event.target);
    if (row) {
      refresh(row);
    }
  });
  form.addEventListener("keydown", function (event) {
    if (!event.target.matches("[data-department-picker]") || menu.classList.contains("d-none")) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && choice >= 0) {
      event.preventDefault();
      pick(menu.querySelectorAll("[data-name]")[choice].dataset.name);
    } else if (event.key === "Escape") {
      close();
    }
  });
  form.addEventListener("focusout", function () {
    window.setTimeout(function () {
      if (document.activeElement !== active) {
        close();
      }
    }, 150);
  });

  // -- fill down: this task's owners on the tasks below it in its section ------------------
  form.querySelectorAll("[data-fill-down]").forEach(function (button) {
    button.classList.remove("d-none");
  });
  form.addEventListener("click", function (event) {
    var fill = event.target.closest("[data-fill-down]");
    if (fill) {
      var row = fill.closest("tr.owners-row");
      var lead = row.querySelector("input[name^='lead-']").value;
      var co = row.querySelector("input[name^='co-']").value;
      var count = 0;
      for (var next = row.nextElementSibling; next; next = next.nextElementSibling) {
        if (next.classList.contains("owners-section")) {
          break;
        }
        if (next.classList.contains("owners-row") && next.dataset.group === row.dataset.group) {
          setOwners(next, lead, co);
          count += 1;
        }
      }
      say(count);
      return;
    }
    var apply = event.target.closest("[data-apply-section]");
    if (apply) {
      event.preventDefault(); // done here; the server does it when there is no script
      var number = apply.dataset.applySection;
      var input = document.getElementById("section-lead-" + number);
      var all = document.getElementById("section-scope-" + number).value === "all";
      var chosen = names(input.value);
      if (!chosen.length) {
        input.focus();
        return;
      }
      var filled = 0;
      form.querySelectorAll("tr.owners-row").forEach(function (row) {
        if (row.dataset.within.split(" ").indexOf(number) < 0) {
          return;
        }
        var lead = row.querySelector("input[name^='lead-']");
        var co = row.querySelector("input[name^='co-']");
        if (all || !names(lead.value).length) {
          var rest = names(co.value).filter(function (n) { return chosen.indexOf(n) < 0; });
          setOwners(row, chosen.join("、"), rest.join("、"));
          filled += 1;
        }
      });
      input.value = "";
      say(filled);
    }
  });

  // -- saving: only the rows changed go (a plan may have thousands of tasks) ---------------
  function dirty() {
    return form.querySelector("tr.owners-changed") !== null;
  }
  var leaving = false; // the page is being left on purpose: saved, or confirmed knowingly
  window.addEventListener("beforeunload", function (event) {
    if (dirty() && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  form.addEventListener("submit", function () {
    leaving = true;
    form.querySelectorAll("tr.owners-row").forEach(function (row) {
      if (!row.classList.contains("owners-changed")) {
        row.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
      }
    });
    form.querySelectorAll(".section-lead").forEach(function (input) {
      if (!input.value.trim()) {
        input.disabled = true;
        document.getElementById(input.id.replace("lead", "scope")).disabled = true;
      }
    });
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
    form.querySelectorAll("input:disabled, select:disabled").forEach(function (el) { el.disabled = false; });
  });
  var confirmForm = document.getElementById("confirm-form");
  if (confirmForm) {
    confirmForm.addEventListener("submit", function (event) {
      if (dirty() && !window.confirm(confirmForm.dataset.unsaved)) {
        event.preventDefault();
      } else {
        leaving = true;
      }
    });
  }
})();
