/* The moderation page keeps itself up to date, so it can stay on the facilitator's own screen
 * while the wall is on the projector.
 *
 * It asks the cohort's small moderation feed every few seconds (304 while nothing changed); when
 * a card comes, goes or changes, it fetches this page again and swaps in its list of cards. The
 * page works without this file: reloading it shows the same.
 */
(function () {
  "use strict";

  var section = document.querySelector("[data-moderation-feed]");
  if (!section || !window.fetch || !window.DOMParser) {
    return;
  }
  var feedUrl = section.getAttribute("data-moderation-feed");
  var delay = (Number(section.getAttribute("data-poll-seconds")) || 5) * 1000;
  var etag = null;

  function refreshCards() {
    return fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("The moderation page answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-moderation-feed]");
        if (!fresh || section.contains(document.activeElement)) {
          return false; // never pull a button from under someone about to press it: try again later
        }
        section.replaceChildren.apply(section, Array.prototype.slice.call(fresh.childNodes));
        var status = section.querySelector("[data-moderation-status]");
        if (status) {
          status.textContent = "The cards are up to date.";
        }
        return true;
      });
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(feedUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok || response.redirected) {
          throw new Error("The moderation feed answered " + response.status);
        }
        var seen = response.headers.get("ETag");
        if (etag === null) {
          etag = seen; // the page was drawn from this state
          return null;
        }
        return refreshCards().then(function (refreshed) {
          if (refreshed) {
            etag = seen;
          }
        });
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(poll, delay);
      });
  }

  poll();
})();
