// SPDX-FileCopyrightText: 2026 Stadtnetz contributors
// SPDX-License-Identifier: EUPL-1.2
// Live character counter of the section editor. Counts characters as the server does (code
// points, line breaks as one) and announces the count politely; works across htmx swaps.
(function () {
  "use strict";
  function update(field) {
    var counter = document.getElementById(field.dataset.counter);
    if (!counter) return;
    var limit = parseInt(field.dataset.limit, 10);
    var count = Array.from(field.value.replace(/\r\n?/g, "\n")).length;
    var over = count - limit;
    var template = over > 0 ? field.dataset.counterOver : field.dataset.counterText;
    counter.textContent = template
      .replace("{count}", count.toLocaleString(document.documentElement.lang))
      .replace("{over}", over.toLocaleString(document.documentElement.lang));
    counter.classList.toggle("sn-counter--over", over > 0);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-counter]")) update(event.target);
  });
})();
