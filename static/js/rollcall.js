/* Keyboard-fast roll entry (attendance, ballots): one table row per delegate.
 *
 * <table data-rollcall data-keys="c:present,p:excused,k:absent"> with rows <tr data-roll-row
 * tabindex="0"> holding radio buttons. ↑/↓ move between rows; a letter key checks that row's
 * radio with the mapped value and moves on to the next row. Buttons [data-roll-all="value"]
 * check that value on every row but those marked [data-roll-skip]; with [data-clearable],
 * Delete or Backspace clears a row's choice. Elements [data-roll-count="value"] show live counts
 * ("" counts the rows still without a choice). No dependencies.
 */
(function () {
  "use strict";

  function setup(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-roll-row]"));
    var keys = {};
    (table.getAttribute("data-keys") || "").split(",").forEach(function (pair) {
      var kv = pair.split(":");
      if (kv.length === 2) keys[kv[0].trim().toLowerCase()] = kv[1].trim();
    });

    function chosen(row) {
      var checked = row.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }

    function refresh() {
      var counts = { "": 0 };
      rows.forEach(function (row) {
        var value = chosen(row);
        row.setAttribute("data-state", value);
        counts[value] = (counts[value] || 0) + 1;
      });
      document.querySelectorAll("[data-roll-count]").forEach(function (el) {
        el.textContent = counts[el.getAttribute("data-roll-count")] || 0;
      });
    }

    function rowOf(el) {
      while (el && el !== table) {
        if (el.hasAttribute && el.hasAttribute("data-roll-row")) return el;
        el = el.parentNode;
      }
      return null;
    }

    function focusRow(index) {
      if (index < 0 || index >= rows.length) return;
      rows[index].focus();
      rows[index].scrollIntoView({ block: "nearest" });
    }

    function choose(row, value) {
      var radio = row.querySelector('input[type=radio][value="' + value + '"]');
      if (!radio) return false;
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }

    table.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var row = rowOf(event.target);
      if (!row) return;
      var index = rows.indexOf(row);
      var typing = event.target.tagName === "INPUT" && event.target.type === "text";
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault(); // also stops the browser moving between radios of a group
        focusRow(index + (event.key === "ArrowDown" ? 1 : -1));
        return;
      }
      if (typing) return;
      if (table.hasAttribute("data-clearable") && (event.key === "Delete" || event.key === "Backspace")) {
        event.preventDefault();
        row.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
        refresh();
        focusRow(Math.min(index + 1, rows.length - 1));
        return;
      }
      var value = keys[(event.key || "").toLowerCase()];
      if (value && choose(row, value)) {
        event.preventDefault();
        focusRow(Math.min(index + 1, rows.length - 1));
      }
    });

    table.addEventListener("change", refresh);
    rows.forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target === row || event.target.tagName === "TD") row.focus();
      });
    });
    document.querySelectorAll("[data-roll-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var value = button.getAttribute("data-roll-all");
        rows.forEach(function (row) {
          if (!row.hasAttribute("data-roll-skip")) choose(row, value);
        });
        refresh();
        focusRow(0);
      });
    });
    refresh();
    var first = rows.filter(function (row) { return !chosen(row); })[0] || rows[0];
    if (first) first.focus({ preventScroll: true });
  }

  document.querySelectorAll("table[data-rollcall]").forEach(setup);
})();
