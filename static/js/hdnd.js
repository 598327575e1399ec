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
})();
