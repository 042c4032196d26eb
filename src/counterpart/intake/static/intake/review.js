/* The review page: pointing at an item highlights its source sentence. */
(function () {
  "use strict";
  // pointing at an item highlights its source sentence, scrolling only the source panel (never the page,
  // which would move the item away from the pointer)
  var source = document.querySelector("[data-testid=source]");
  function show(mark) {
    mark.classList.add("is-active");
    if (!source) return;
    var top = mark.getBoundingClientRect().top - source.getBoundingClientRect().top + source.scrollTop;
    var bottom = top + mark.offsetHeight;
    if (top < source.scrollTop || bottom > source.scrollTop + source.clientHeight) {
      source.scrollTop = Math.max(0, top - source.clientHeight / 3);
    }
  }
  document.querySelectorAll("#intake-form [data-span]").forEach(function (el) {
    var mark = document.getElementById(el.dataset.span);
    if (!mark) return;
    el.addEventListener("mouseenter", function () { show(mark); });
    el.addEventListener("mouseleave", function () { mark.classList.remove("is-active"); });
    el.addEventListener("focusin", function () { show(mark); });
    el.addEventListener("focusout", function () { mark.classList.remove("is-active"); });
  });
})();
