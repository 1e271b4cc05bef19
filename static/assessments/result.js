// The results page's print button (no inline handlers: the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // The details are folded on small screens (and without JavaScript); opened where there is room.
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
