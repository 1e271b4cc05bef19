// The results page's print button (no inline handlers: the Content-Security-Policy forbids them).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
