/* Draws every chart whose options a page passed with json_script: <div id="X"> + <script id="X-options">. */
(function () {
  "use strict";
  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("div.chart[id]").forEach(function (el) {
      var data = document.getElementById(el.id + "-options");
      if (!data || el.dataset.drawn) { return; }
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
