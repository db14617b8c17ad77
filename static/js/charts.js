// Draws every chart on a page with the vendored Apache ECharts.
//
// A chart is an element with data-chart="<id>", where <id> is a
// <script type="application/json"> written by Django's json_script. The JSON
// says which kind of chart it is and carries every label (already translated),
// colour and the URL each slice, bar or point leads to, so nothing here knows
// a word of Chinese or a route. Charts are drawn as SVG: crisp on paper and
// resized when the window, the layout or the print medium changes.
(function () {
  "use strict";
  if (!window.echarts) {
    return;
  }
  var FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  function payloadOf(el) {
    var script = document.getElementById(el.getAttribute("data-chart"));
    if (!script) {
      return null;
    }
    try {
      return JSON.parse(script.textContent);
    } catch (e) {
      return null;
    }
  }

  function narrow(el) {
    return el.clientWidth < 520;
  }

  function go(url) {
    if (url) {
      window.location.href = url;
    }
  }

  function shorten(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  // Goals by state: a donut with the total in the middle; a slice opens its goals.
  function donut(data, el) {
    var items = data.items.filter(function (item) {
      return item.value > 0;
    });
    var small = narrow(el);
    return {
      option: {
        textStyle: { fontFamily: FONT },
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        legend: { bottom: 0, left: "center", itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
        title: {
          text: String(data.total),
          subtext: data.centre,
          left: "center",
          top: small ? "31%" : "33%",
          textStyle: { fontSize: 28, fontWeight: "bold", color: "#212529" },
          subtextStyle: { fontSize: 13, color: "#6c757d" },
          itemGap: 2,
        },
        series: [
          {
            type: "pie",
            radius: ["44%", "68%"],
            center: ["50%", "42%"],
            avoidLabelOverlap: true,
            minAngle: 4,
            label: { formatter: small ? "{c}" : "{b}\n{c}", fontSize: 12, lineHeight: 15 },
            labelLine: { length: 6, length2: 6 },
            data: items.map(function (item) {
              return { name: item.name, value: item.value, url: item.url, itemStyle: { color: item.colour } };
            }),
          },
        ],
      },
      click: function (params) {
        go(params.data && params.data.url);
      },
    };
  }

  // Sections: one bar per chapter and sub-section, stacked by state, with the
  // average progress at its end; a bar opens the section's goals.
  function bars(data, el) {
    var small = narrow(el);
    var labelLength = small ? 9 : 18;
    var series = data.series.map(function (s) {
      return {
        type: "bar",
        stack: "goals",
        name: s.name,
        data: s.data,
        barMaxWidth: 16,
        itemStyle: { color: s.colour },
        emphasis: { focus: "series" },
      };
    });
    // A bar of nothing at the end of each stack, to carry the average as its label.
    series.push({
      type: "bar",
      stack: "goals",
      name: "",
      data: data.averages.map(function () {
        return 0;
      }),
      tooltip: { show: false },
      label: {
        show: true,
        position: "right",
        fontSize: 11,
        color: "#495057",
        formatter: function (params) {
          var average = data.averages[params.dataIndex];
          return average === null ? "" : data.average_label + " " + average + "%";
        },
      },
    });
    return {
      option: {
        textStyle: { fontFamily: FONT },
        animation: false,
        legend: {
          top: 0,
          itemWidth: 12,
          itemHeight: 12,
          textStyle: { fontSize: 12 },
          data: data.series.map(function (s) {
            return s.name;
          }),
        },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 4, right: 64, top: small ? 60 : 36, bottom: 4, containLabel: true },
        xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eee" } } },
        yAxis: {
          type: "category",
          inverse: true,
          data: data.categories,
          axisTick: { show: false },
          axisLabel: {
            fontSize: 12,
            formatter: function (value, index) {
              var depth = data.depths[index] || 0;
              var text = shorten(value, labelLength - depth);
              return depth ? "{theme|" + text + "}" : "{chapter|" + text + "}";
            },
            rich: {
              chapter: { fontWeight: "bold", fontSize: 12, color: "#212529" },
              theme: { fontSize: 12, color: "#495057" },
            },
          },
        },
        series: series,
      },
      click: function (params) {
        go(data.urls[params.dataIndex]);
      },
    };
  }

  // The year's quarters, in two panels sharing the quarters: above, the
  // headline shares as lines (0–100 %); below, goals by state as stacked bars,
  // a bar opening those goals for that quarter.
  function trend(data, el) {
    var small = narrow(el);
    var height = el.clientHeight || 320;
    var legendRoom = small ? 52 : 36;
    // The shares (lines) get two fifths of the height, the counts (bars) the
    // rest; the gap between the two grids leaves room for the bars' axis name.
    var lineHeight = Math.max(60, Math.round((height - legendRoom - 60) * 0.4));
    var barsTop = legendRoom + lineHeight + 38;
    var series = data.series.map(function (s) {
      return {
        type: "bar",
        stack: "goals",
        name: s.name,
        data: s.data,
        xAxisIndex: 1,
        yAxisIndex: 1,
        barMaxWidth: 56,
        itemStyle: { color: s.colour },
        emphasis: { focus: "series" },
      };
    });
    data.lines.forEach(function (line, index) {
      series.push({
        type: "line",
        name: line.name,
        data: line.data,
        xAxisIndex: 0,
        yAxisIndex: 0,
        symbolSize: 7,
        lineStyle: { width: 2.5, color: line.colour },
        itemStyle: { color: line.colour },
        // The first line's figures above its points, the second's below, so they do not collide.
        label: {
          show: true,
          position: index ? "bottom" : "top",
          formatter: "{c}%",
          color: line.colour,
          fontWeight: "bold",
          fontSize: 11,
        },
      });
    });
    var categoryAxis = { type: "category", data: data.categories, axisTick: { show: false } };
    return {
      option: {
        textStyle: { fontFamily: FONT },
        // The states' colours are the donut's and the cards'; the legend names the lines.
        legend: {
          top: 0,
          itemWidth: 14,
          itemHeight: 10,
          textStyle: { fontSize: 12 },
          data: data.lines.map(function (line) {
            return line.name;
          }),
        },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        axisPointer: { link: [{ xAxisIndex: "all" }] },
        grid: [
          { left: 40, right: 16, top: legendRoom, height: lineHeight },
          { left: 40, right: 16, top: barsTop, bottom: 24 },
        ],
        xAxis: [
          Object.assign({ gridIndex: 0, axisLabel: { show: false }, axisLine: { show: false } }, categoryAxis),
          Object.assign({ gridIndex: 1 }, categoryAxis),
        ],
        yAxis: [
          {
            gridIndex: 0, type: "value", min: 0, max: 100, interval: 50,
            axisLabel: { formatter: "{value}%", fontSize: 11 }, splitLine: { lineStyle: { color: "#eee" } },
          },
          {
            gridIndex: 1, type: "value", minInterval: 1, name: data.count_axis,
            nameGap: 10, nameTextStyle: { align: "left", fontSize: 11 }, splitLine: { lineStyle: { color: "#eee" } },
          },
        ],
        series: series,
      },
      click: function (params) {
        var s = data.series[params.seriesIndex];
        if (params.componentSubType === "bar" && s) {
          go(s.urls[params.dataIndex]);
        }
      },
    };
  }

  // An indicator: its actual values per quarter against the expected line and the target.
  function indicator(data, el) {
    var unit = data.unit || "";
    var series = data.series.map(function (s) {
      var item = {
        type: s.type || "line",
        name: s.name,
        data: s.data,
        connectNulls: true,
        symbolSize: s.type === "scatter" ? 12 : 8,
        itemStyle: { color: s.colour },
        lineStyle: { color: s.colour, width: s.dashed ? 2 : 3, type: s.dashed ? "dashed" : "solid" },
        label: { show: !s.dashed, position: "top", formatter: function (p) {
          return p.value === null || p.value === undefined ? "" : p.value + unit;
        } },
      };
      if (s.type === "scatter") {
        // A hollow ring: ECharts fills an emptyCircle white and strokes it in itemStyle's
        // colour, which the legend's swatch takes too (a white colour drew nothing).
        item.symbol = "emptyCircle";
        item.itemStyle = { color: s.colour, borderWidth: 2.5 };
      }
      return item;
    });
    if (data.target !== null && data.target !== undefined && series.length) {
      series[0].markLine = {
        symbol: "none",
        silent: true,
        lineStyle: { color: "#7f1d1d", type: "dotted", width: 2 },
        label: { formatter: data.target_label, position: "insideEndTop", color: "#7f1d1d" },
        data: [{ yAxis: data.target }],
      };
    }
    return {
      option: {
        textStyle: { fontFamily: FONT },
        legend: { top: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
        tooltip: {
          trigger: "axis",
          valueFormatter: function (value) {
            return value === null || value === undefined ? "—" : value + unit;
          },
        },
        grid: { left: 4, right: 16, top: narrow(el) ? 56 : 40, bottom: 4, containLabel: true },
        xAxis: { type: "category", data: data.categories, axisTick: { show: false } },
        yAxis: { type: "value", name: unit, min: 0, max: data.max, splitLine: { lineStyle: { color: "#eee" } } },
        series: series,
      },
    };
  }

  var KINDS = { donut: donut, bars: bars, trend: trend, indicator: indicator };

  function draw(el) {
    var data = payloadOf(el);
    if (!data || !KINDS[data.kind]) {
      return;
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    var built = KINDS[data.kind](data, el);
    chart.setOption(built.option);
    if (built.click) {
      chart.on("click", built.click);
      el.classList.add("chart-clickable");
    }
    charts.push({ chart: chart, el: el, data: data });
  }

  // Redraw at the element's current size; options that depend on the width
  // (label lengths, legend room) are rebuilt so a phone and A4 both fit.
  function resizeAll() {
    charts.forEach(function (entry) {
      var built = KINDS[entry.data.kind](entry.data, entry.el);
      entry.chart.setOption(built.option, { notMerge: true, lazyUpdate: false });
      entry.chart.resize({ animation: { duration: 0 } });
    });
  }

  var pending = null;
  function resizeSoon() {
    if (pending) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(resizeAll, 120);
  }

  // Printing: html.printing gives the page the printable width of A4
  // landscape (static/css/luoshi.css), so the charts can be measured and
  // redrawn at their paper size before the browser lays out the pages.
  function printing(on) {
    document.documentElement.classList.toggle("printing", on);
    resizeAll();
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
  window.addEventListener("resize", resizeSoon);
  window.addEventListener("beforeprint", function () {
    printing(true);
  });
  window.addEventListener("afterprint", function () {
    printing(false);
  });
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) {
      print.addEventListener("change", function (event) {
        printing(event.matches);
      });
    }
  }

  // A table row with data-href (the department ranking) opens like its link.
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("tr[data-href]");
    if (!row || event.target.closest("a, button, input, select")) {
      return;
    }
    go(row.getAttribute("data-href"));
  });
})();
