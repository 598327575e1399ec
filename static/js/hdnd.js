/* Small behaviours of every page, kept out of the HTML so a strict Content-Security-Policy holds.
 *
 * [data-submit-on-change]: a select that submits its form when changed (the language switch);
 * without JavaScript the form shows its own submit button (<noscript>).
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-submit-on-change]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // [data-print]: a button that opens the browser's print dialog.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) {
      window.print();
    }
  });

  // [data-confirm="question"]: a submit button or link that asks before going on.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // [data-unread-url]: the bell's unread count, asked for after the page loaded and every five
  // minutes, so that no page pays a query for it (a 204 means signed out: nothing to show).
  function refreshBells() {
    var bells = document.querySelectorAll("[data-unread-url]");
    Array.prototype.forEach.call(bells, function (el) {
      fetch(el.getAttribute("data-unread-url"), { credentials: "same-origin" })
        .then(function (response) {
          return response.status === 200 ? response.text() : "";
        })
        .then(function (html) {
          el.innerHTML = html;
        })
        .catch(function () {});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refreshBells);
  } else {
    refreshBells();
  }
  window.setInterval(refreshBells, 5 * 60 * 1000);
})();
