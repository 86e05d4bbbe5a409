// Junheng — surveys: charts of the results page, small conveniences of the bureau's pages,
// and focus on the public form's error summary. No inline script (CSP): the charts' data come
// from a JSON script tag; every page works without this file.
(function () {
  "use strict";

  function barChart(element, names, values, target, title, tooltips) {
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        formatter: function (params) {
          var p = params[0];
          var label = tooltips ? tooltips[p.dataIndex] : p.name;
          return label + "\n" + (p.value === null ? "—" : p.value.toFixed(1) + "%");
        }
      },
      grid: { left: 50, right: 44, top: 56, bottom: 96 },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{
        type: "bar",
        barMaxWidth: 48,
        data: values.map(function (v) {
          return { value: v, itemStyle: { color: v !== null && v >= target ? "#1e7b34" : "#b3261e" } };
        }),
        label: { show: values.length <= 10, position: "top", formatter: function (p) { return p.value === null ? "" : p.value.toFixed(1); } },
        markLine: { symbol: "none", data: [{ yAxis: target, name: target + "%" }], lineStyle: { color: "#0b5cad", type: "dashed" },
                    label: { formatter: target + "%" } }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function charts() {
    var source = document.getElementById("survey-charts");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var schools = document.getElementById("chart-schools");
    if (schools && data.schools.names.length) {
      barChart(schools, data.schools.names, data.schools.values, data.target, (data.titles || {}).schools || "各校满意率（由低到高）");
    }
    var questions = document.getElementById("chart-questions");
    if (questions && data.questions.names.length) {
      barChart(questions, data.questions.names, data.questions.values, data.target, (data.titles || {}).questions || "各题满意率", data.questions.texts);
    }
  }

  function init() {
    charts();
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-confirm]");
      if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
      var print = event.target.closest("[data-print]");
      if (print) { window.print(); }
      var all = event.target.closest("[data-check-all], [data-check-none]");
      if (all) {
        var name = all.getAttribute("data-check-all") || all.getAttribute("data-check-none");
        var on = all.hasAttribute("data-check-all");
        all.closest("form").querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) { box.checked = on; });
      }
    });
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
