/* The commitments wall: ask the feed for changes every few seconds and redraw the cards.
 *
 * The page is complete without this file (it refreshes itself inside <noscript>). The feed
 * answers 304 Not Modified while nothing has changed, so an idle wall costs almost nothing.
 * All text goes in through textContent: a post-it can never inject markup.
 */
(function () {
  "use strict";

  var board = document.querySelector("[data-wall-feed]");
  var template = document.getElementById("wall-card-template");
  if (!board || !template || !window.fetch) {
    return;
  }
  var feedUrl = board.getAttribute("data-wall-feed");
  var delay = (Number(board.getAttribute("data-poll-seconds")) || 5) * 1000;
  var list = board.querySelector("[data-wall-cards]");
  var count = board.querySelector("[data-wall-count]");
  var empty = board.querySelector("[data-wall-empty]");
  var closed = board.querySelector("[data-wall-closed]");
  var status = board.querySelector("[data-wall-status]");
  var etag = null;
  var known = {};
  Array.prototype.forEach.call(list.children, function (card) {
    known[card.getAttribute("data-id")] = true;
  });

  function makeCard(data) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.className = "wall-card wall-card--" + data.colour;
    card.setAttribute("data-id", String(data.id));
    card.querySelector(".wall-card__text").textContent = data.text;
    card.querySelector(".wall-card__name").textContent = data.name;
    card.querySelector(".wall-card__kind").hidden = !data.project_idea;
    if (!known[data.id]) {
      card.classList.add("wall-card--new");
    }
    return card;
  }

  function render(feed) {
    var cards = feed.cards.map(makeCard);
    list.replaceChildren.apply(list, cards);
    known = {};
    feed.cards.forEach(function (data) {
      known[data.id] = true;
    });
    count.textContent = String(feed.count);
    empty.hidden = feed.count > 0;
    closed.hidden = feed.open;
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
          throw new Error("The wall's feed answered " + response.status);
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (feed) {
        if (feed) {
          render(feed);
        }
        status.textContent = "";
      })
      .catch(function () {
        status.textContent = "Reconnecting…";
      })
      .then(function () {
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
