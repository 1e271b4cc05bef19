// Progressive enhancements for the assessment wizard; every step works without this file.
(function () {
  "use strict";

  var wizardForm = document.getElementById("wizard-form");
  var endpoint = wizardForm && wizardForm.dataset.occupationsUrl;

  // Occupation search: a list of matches under each NOC input; Enter or a click picks one.
  function attachSearch(input) {
    if (input.dataset.searchReady) return;
    input.dataset.searchReady = "1";
    input.removeAttribute("maxlength");
    var list = document.createElement("ul");
    list.className = "occupation-results";
    list.id = input.id + "_results";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);
    var timer = null;
    var active = -1;

    function titleInput() {
      var name = input.name.replace(/(noc|canadian_work_noc)$/, "title");
      return name !== input.name ? input.form.elements[name] : null;
    }
    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }
    function pick(item) {
      input.value = item.dataset.code;
      var title = titleInput();
      if (title && !title.value) title.value = item.dataset.title;
      close();
    }
    function show(results) {
      list.innerHTML = "";
      results.forEach(function (r, index) {
        var li = document.createElement("li");
        li.id = list.id + "_" + index;
        li.setAttribute("role", "option");
        li.dataset.code = r.code;
        li.dataset.title = r.title;
        li.textContent = r.code + " – " + r.title;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(li);
        });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", String(results.length > 0));
    }
    function move(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      if (active >= 0) items[active].setAttribute("aria-selected", "false");
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) return close();
      timer = setTimeout(function () {
        fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { show(data.results || []); })
          .catch(close);
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(list.querySelectorAll("li")[active]);
      }
    });
    input.addEventListener("blur", close);
  }

  function attachAll(root) {
    root.querySelectorAll("input[data-occupation-search]").forEach(attachSearch);
  }

  // Work history: "Add another job" copies the empty row instead of reloading the page.
  function setupRows() {
    var rows = document.getElementById("job-rows");
    var template = document.getElementById("job-template");
    var button = document.getElementById("add-job");
    if (!rows || !template || !button) return;
    var prefix = rows.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    button.addEventListener("click", function (event) {
      var count = parseInt(total.value, 10);
      if (count >= 30) return;
      event.preventDefault();
      var html = template.innerHTML.replace(/__prefix__/g, String(count));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(count + 1);
      var added = rows.lastElementChild;
      if (endpoint) attachAll(added);
      setupCurrentToggles(added);
      var first = added.querySelector("input, select");
      if (first) first.focus();
    });
  }

  // "I still work there" hides the end date it makes unnecessary.
  function setupCurrentToggles(root) {
    root.querySelectorAll('input[type="checkbox"][name$="-current"]').forEach(function (box) {
      var end = document.getElementById(box.id.replace(/current$/, "end"));
      var wrapper = end && end.closest(".mb-3");
      if (!wrapper) return;
      function sync() {
        wrapper.hidden = box.checked;
        if (box.checked) end.value = "";
      }
      box.addEventListener("change", sync);
      sync();
    });
  }

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  if (endpoint) attachAll(document);
  setupCurrentToggles(document);
  setupRows();
})();
