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

  function menuToggles() {
    document.querySelectorAll(".menu-toggle").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      button.addEventListener("click", function () {
        var open = menu.classList.toggle("open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError(document);
    menuToggles();
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
