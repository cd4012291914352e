// Keeps the response counts of open surveys up to date without a reload: on a survey's page and
// in the cohort page's Evaluations table. Each [data-live-count] element names its survey's count
// URL and holds a [data-count], and a [data-rate] where participants are expected.
// Without JavaScript the page shows the counts as they were when it loaded.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var every = 10000; // ms

  function watch(box) {
    var url = box.getAttribute("data-live-count");
    var count = box.querySelector("[data-count]");
    var rate = box.querySelector("[data-rate]");

    function refresh() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (count.textContent !== String(data.responses)) { count.textContent = data.responses; }
          if (rate && data.rate !== null) { rate.textContent = data.rate; }
          if (data.state !== "open") { window.clearInterval(timer); }
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    }

    var timer = window.setInterval(refresh, every);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-live-count]"), watch);
})();
