/* Search-as-you-type council chooser (councils/widgets.py, CouncilSelect past its threshold).
 *
 * <div data-council-picker data-url="/councils/suggest/"> holds a hidden input carrying the
 * chosen council's id, the visible search box and an empty list. Typing asks the url for
 * ?q=<text> (JSON [{id, name, trail}]) after a short pause; ↑/↓ move through the matches, Enter
 * or a click chooses one, Escape closes the list. Emptying the box clears the choice, so a
 * filter bar can go back to "all". No dependencies.
 */
(function () {
  "use strict";

  function setup(root) {
    var hidden = root.querySelector("[data-picker-value]");
    var input = root.querySelector("[data-picker-input]");
    var list = root.querySelector("[data-picker-list]");
    var url = root.getAttribute("data-url");
    var timer = null;
    var active = -1;
    var chosenLabel = input.value;

    function items() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }

    function close() {
      list.classList.add("d-none");
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function highlight(index) {
      var options = items();
      options.forEach(function (el, i) {
        el.classList.toggle("active", i === index);
        el.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (options[index]) options[index].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      hidden.value = option.getAttribute("data-id");
      input.value = option.getAttribute("data-name");
      chosenLabel = input.value;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(rows) {
      list.innerHTML = "";
      if (!rows.length) {
        var none = document.createElement("li");
        none.className = "list-group-item text-muted small";
        none.textContent = root.getAttribute("data-empty") || "Không tìm thấy HĐND nào.";
        list.appendChild(none);
      }
      rows.forEach(function (row) {
        var li = document.createElement("li");
        li.className = "list-group-item list-group-item-action py-1";
        li.setAttribute("role", "option");
        li.setAttribute("data-id", row.id);
        li.setAttribute("data-name", row.name);
        var name = document.createElement("div");
        name.textContent = row.name;
        li.appendChild(name);
        if (row.trail) {
          var trail = document.createElement("div");
          trail.className = "small text-muted";
          trail.textContent = row.trail;
          li.appendChild(trail);
        }
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(li);
        });
        list.appendChild(li);
      });
      list.classList.remove("d-none");
      input.setAttribute("aria-expanded", "true");
      highlight(rows.length ? 0 : -1);
    }

    function search() {
      var text = input.value.trim();
      if (!text) {
        close();
        return;
      }
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (rows) {
          if (input.value.trim() === text) show(rows);
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      if (!input.value.trim()) hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var options = items();
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.classList.contains("d-none")) {
        if (options[active]) {
          event.preventDefault();
          choose(options[active]);
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      // Leaving the box with half-typed text keeps the council chosen before, shown by name.
      setTimeout(function () {
        close();
        if (input.value.trim()) input.value = chosenLabel;
      }, 150);
    });
  }

  function init(scope) {
    (scope || document).querySelectorAll("[data-council-picker]").forEach(function (root) {
      if (!root.hasAttribute("data-picker-ready")) {
        root.setAttribute("data-picker-ready", "");
        setup(root);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
