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

  // One key press in a search box fires several of the events a filter form listens to
  // (change, submit, search), each asking for the same results; a second swap would fold
  // again what the reader has just unfolded. A filter form does not ask again for the
  // results it last asked for (or, before its first, for those the page was loaded with).
  function sortedQuery(params) {
    var entries = Array.from(params.entries()).sort(function (a, b) {
      var left = a[0] + "=" + a[1];
      var right = b[0] + "=" + b[1];
      return left < right ? -1 : left > right ? 1 : 0;
    });
    return new URLSearchParams(entries).toString();
  }

  function skipResultsAlreadyAskedFor(event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form.filters") || !event.detail.formData) {
      return;
    }
    var asked = event.detail.path + "?" + sortedQuery(new URLSearchParams(event.detail.formData));
    var last =
      form.dataset.lastAsked ||
      window.location.pathname + "?" + sortedQuery(new URLSearchParams(window.location.search));
    if (asked === last) {
      event.preventDefault();
      return;
    }
    form.dataset.lastAsked = asked;
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
    document.body.addEventListener("htmx:configRequest", skipResultsAlreadyAskedFor);
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
