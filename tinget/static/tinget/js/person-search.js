// Search-as-you-type for known people on the "Add a speaker" form. Without this file the
// form still works: "Find a known person" submits and the page lists matches as radios.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-person-search]");
  if (!form) return;
  var name = form.querySelector("input[name=name]");
  var hidden = form.querySelector("input[type=hidden][name=person]");
  var results = form.querySelector(".tinget-person-results");
  if (!name || !hidden || !results) return;
  var timer = null;
  var last = "";

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function choose(person) {
    hidden.value = String(person.id);
    name.value = person.name;
    ["role", "organisation"].forEach(function (field) {
      var input = form.querySelector("input[name=" + field + "]");
      if (input && !input.value) input.value = person[field] || "";
    });
    clear(results);
    var line = text("p", form.dataset.textChosen + " " + person.name);
    var undo = text("button", form.dataset.textUnchoose, "button button-secondary");
    undo.type = "button";
    undo.addEventListener("click", function () {
      hidden.value = "";
      clear(results);
      name.focus();
    });
    results.appendChild(line);
    results.appendChild(undo);
    undo.focus();
  }

  function show(people) {
    clear(results);
    if (!people.length) {
      results.appendChild(text("p", form.dataset.textNone));
      return;
    }
    results.appendChild(text("p", form.dataset.textFound));
    var list = document.createElement("ul");
    list.className = "nobullet-list tinget-person-choices";
    people.forEach(function (person) {
      var item = document.createElement("li");
      var details = [person.role, person.organisation].filter(Boolean).join(", ");
      var button = text("button", person.name + (details ? " (" + details + ")" : ""), "button button-secondary");
      button.type = "button";
      button.addEventListener("click", function () { choose(person); });
      item.appendChild(button);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  function search() {
    var query = name.value.trim();
    if (query === last) return;
    last = query;
    hidden.value = "";
    if (query.length < 2) {
      clear(results);
      return;
    }
    fetch(form.dataset.personSearch + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (name.value.trim() === query) show(data.results); })
      .catch(function () {});
  }

  name.setAttribute("autocomplete", "off");
  name.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
});
