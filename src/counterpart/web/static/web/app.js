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

/* The region picker (geo/forms.py RegionPicker): typing lists matching regions with their parent chain
   (the search page's `pick=1` answer); choosing one keeps its code in the hidden field and its chain in the
   box. Typing again forgets the choice, so what is posted is always what the box shows. */
(function () {
  "use strict";
  var timers = new WeakMap();

  function parts(el) {
    var root = el.closest("[data-region-picker]");
    if (!root) return null;
    return {
      root: root,
      code: root.querySelector("[data-region-code]"),
      text: root.querySelector("[data-region-text]"),
      list: root.querySelector("[role=listbox]")
    };
  }

  function close(p) {
    p.list.hidden = true;
    p.text.setAttribute("aria-expanded", "false");
  }

  function search(p) {
    var q = p.text.value.trim();
    if (!q) { p.list.innerHTML = ""; close(p); return; }
    var url = p.root.getAttribute("data-search-url") + "?pick=1&q=" + encodeURIComponent(q);
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (p.text.value.trim() !== q) return; // an older answer
        p.list.innerHTML = html;
        p.list.hidden = !html.trim();
        p.text.setAttribute("aria-expanded", p.list.hidden ? "false" : "true");
      });
  }

  document.addEventListener("input", function (event) {
    var p = event.target instanceof HTMLInputElement && event.target.hasAttribute("data-region-text") && parts(event.target);
    if (!p) return;
    p.code.value = "";
    clearTimeout(timers.get(p.root));
    timers.set(p.root, setTimeout(function () { search(p); }, 250));
  });

  document.addEventListener("click", function (event) {
    var option = event.target instanceof Element && event.target.closest(".region-picker__option");
    var p = option && parts(option);
    if (!p) return;
    p.code.value = option.getAttribute("data-code");
    p.text.value = option.getAttribute("data-label");
    close(p);
    p.text.focus();
  });

  document.addEventListener("keydown", function (event) {
    var p = event.target instanceof Element && parts(event.target);
    if (!p || p.list.hidden) return;
    var options = Array.prototype.slice.call(p.list.querySelectorAll(".region-picker__option"));
    var at = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      options[Math.min(at + 1, options.length - 1)].focus();
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      if (at <= 0) p.text.focus(); else options[at - 1].focus();
    } else if (event.key === "Escape") {
      close(p);
      p.text.focus();
    }
  });
})();

// A "Print" button (data-print): the page's print layout (app.css, @media print) without the site's frame.
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element && event.target.closest("[data-print]");
  if (button) window.print();
});
