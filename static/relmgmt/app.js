// Small behaviours for every page. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  function focusFirstError(root) {
    var invalid = (root || document).querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
    }
  }

  function confirmDangerousSubmits(event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError(document);
    document.addEventListener("submit", confirmDangerousSubmits, true);
    document.querySelectorAll("select[data-navigate]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.value) {
          window.location = select.value;
        }
      });
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.detail.target);
  });
})();
