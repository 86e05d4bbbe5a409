// Dashboard charts and switchers. No inline script: the page's data comes in JSON script tags.
(function () {
  "use strict";

  function cvChart(element, data) {
    var chart = echarts.init(element, null, { renderer: "canvas" });
    var series = [
      { name: data.series.cv, type: "bar", data: data.cv, itemStyle: { color: "#0b5cad" },
        label: { show: true, position: "top", formatter: function (p) { return p.value.toFixed(3); } } },
      { name: data.series.limit, type: "line", step: "middle", data: data.limit, symbol: "none",
        lineStyle: { color: "#b3261e", type: "dashed" } }
    ];
    if (data.previous.some(function (v) { return v !== null; })) {
      series.splice(1, 0, { name: data.series.previous, type: "bar", data: data.previous, itemStyle: { color: "#9db7d5" } });
    }
    chart.setOption({
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 90 },
      xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: 20, fontSize: 11 } },
      yAxis: { type: "value", name: "CV" },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var source = document.getElementById("cv-charts");
    if (source && window.echarts) {
      JSON.parse(source.textContent).forEach(function (data) {
        var element = document.getElementById(data.id);
        if (element) { cvChart(element, data); }
      });
    }
    document.querySelectorAll("select[data-year-url]").forEach(function (select) {
      select.addEventListener("change", function () {
        var url = select.getAttribute("data-year-url").replace(/\/0\/(?!.*\/0\/)/, "/" + select.value + "/");
        var standard = document.querySelector("select[name=standard]");
        window.location = url + (standard ? "?standard=" + encodeURIComponent(standard.value) : "");
      });
    });
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
