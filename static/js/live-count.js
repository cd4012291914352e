// Keeps a survey's response count up to date on its page while it is open, without a reload.
// Without JavaScript the page shows the count as it was when loaded.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-count]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live-count");
  var count = box.querySelector("[data-count]");
  var rate = box.querySelector("[data-rate]");
  var every = 10000; // ms

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
})();
