/* Draws the book's charts (unionstate.book.report.render calls usDraw) in the page's colour mode:
   in dark mode the theme colours become their lighter variants (unionstate.css: one hue per theme),
   black marks and text become the theme's text colour, grey scales run the other way, and the
   background is the page's. A chart is drawn again when the reader switches mode. */
(function () {
  var charts = [], LIGHTER = null;

  function lighterColours() {  /* light → dark, from the variables of unionstate.css */
    var style = getComputedStyle(document.documentElement), map = { black: "#e6e6e6" };
    ["economic", "military", "political", "none"].forEach(function (theme) {
      var light = style.getPropertyValue("--us-" + theme).trim().toLowerCase();
      if (light) { map[light] = style.getPropertyValue("--us-" + theme + "-dark").trim(); }
    });
    return map;
  }

  function dark() {  /* "auto" until the theme's script has read the reader's preference */
    var theme = document.documentElement.dataset.theme;
    return theme === "dark" || (theme !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function lighter(value) {
    LIGHTER = LIGHTER || lighterColours();
    if (Array.isArray(value)) { return value.map(lighter); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {  /* the data rows are drawn, not styled */
        out[key] = key === "datasets" || key === "values" ? value[key] : lighter(value[key]);
      });
      if (out.scheme === "greys") { out.reverse = !out.reverse; }
      return out;
    }
    return typeof value === "string" && LIGHTER[value.toLowerCase()] ? LIGHTER[value.toLowerCase()] : value;
  }

  function options() {
    if (!dark()) { return { actions: false, renderer: "svg" }; }
    var text = "#e6e6e6", faint = "#8a8a8a";
    return {
      actions: false,
      renderer: "svg",
      config: {
        background: "transparent",
        axis: { labelColor: text, titleColor: text, domainColor: faint, tickColor: faint, gridColor: "#3a3a3a" },
        legend: { labelColor: text, titleColor: text },
        title: { color: text, subtitleColor: text },
        text: { color: text },
        view: { stroke: null }
      }
    };
  }

  function draw(chart) {
    var element = document.getElementById(chart.id);
    if (!element || !window.vegaEmbed) { return; }
    if (element.usView) { element.usView.finalize(); }
    window.vegaEmbed(element, dark() ? lighter(chart.spec) : chart.spec, options()).then(function (result) {
      element.usView = result.view;
      element.dataset.mode = dark() ? "dark" : "light";
    });
  }

  window.usDraw = function (id, spec) {
    var chart = { id: id, spec: spec };
    charts.push(chart);
    draw(chart);
  };

  var mode = dark();
  new MutationObserver(function () {
    if (dark() !== mode) { mode = dark(); charts.forEach(draw); }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
})();
