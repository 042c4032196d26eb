/* Behaviour every page shares, kept out of the markup (the Content-Security-Policy allows no inline script):
   a <select data-autosubmit> submits its form when changed (the language switch). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });
})();
