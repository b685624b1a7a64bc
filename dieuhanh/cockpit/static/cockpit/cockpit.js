/* The cockpit's charts (Chart.js, vendored) drawn from data in json_script tags, and filters
   that apply as soon as they change. Without JavaScript the tables and the "Xem" button do the
   same job. */
(function () {
  "use strict";

  var number = new Intl.NumberFormat(document.documentElement.lang || "vi", {
    maximumFractionDigits: 2,
  });

  function read(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function ranking(canvas, data) {
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar",
            label: data.value_label,
            data: data.values,
            backgroundColor: "rgba(139, 26, 26, 0.75)",
          },
          {
            type: "line",
            label: data.target_label,
            data: data.targets,
            borderColor: "#0a3622",
            backgroundColor: "#0a3622",
            borderDash: [6, 4],
            pointRadius: 3,
            fill: false,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 90 } },
          y: {
            beginAtZero: true,
            ticks: {
              callback: function (value) {
                return number.format(value) + data.suffix;
              },
            },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = context.parsed.y;
                return context.dataset.label + ": " +
                  (value === null ? "—" : number.format(value) + data.suffix);
              },
            },
          },
        },
      },
    });
  }

  var GROUP_COLOURS = {
    done_on_time: "#198754",
    done_late: "#ffc107",
    open_within: "#6ea8fe",
    open_overdue: "#dc3545",
  };

  function timeliness(canvas, data) {
    // One bar per unit, every unit named: the box grows with the number of units.
    canvas.parentElement.style.height = Math.max(256, 80 + 24 * data.labels.length) + "px";
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return {
            label: series.label,
            data: series.values,
            backgroundColor: GROUP_COLOURS[series.key],
          };
        }),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        indexAxis: "y",
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true, ticks: { autoSkip: false } },
        },
      },
    });
  }

  var BUILDERS = { ranking: ranking, timeliness: timeliness };

  function drawCharts() {
    if (typeof window.Chart === "undefined") {
      return; // the tables next to each chart carry the same figures
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = BUILDERS[canvas.dataset.chart];
      var data = read(canvas.dataset.source);
      if (build && data) {
        build(canvas, data);
        canvas.dataset.drawn = "true";
      }
    });
  }

  function applyFiltersOnChange() {
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", function () {
          form.requestSubmit();
        });
      });
    });
  }

  drawCharts();
  applyFiltersOnChange();
})();
