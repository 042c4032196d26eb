/* Draws every chart whose options a page passed with json_script: <div id="X"> + <script id="X-options">;
   data-height on the div sets its height in pixels. */
(function () {
  "use strict";
  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("div.chart[id]").forEach(function (el) {
      var data = document.getElementById(el.id + "-options");
      if (!data || el.dataset.drawn) { return; }
      // a height the page computed (a bar per row): set from script, as the CSP refuses style attributes
      if (el.dataset.height) { el.style.height = parseInt(el.dataset.height, 10) + "px"; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(data.textContent));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
