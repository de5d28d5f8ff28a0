// SPDX-FileCopyrightText: 2026 Stadtnetz contributors
// SPDX-License-Identifier: EUPL-1.2
// Progressive enhancement only: every flow works without this file.
(function () {
  "use strict";
  // Messages sent by the server to htmx requests (HX-Trigger "stadtnetz:messages").
  document.body.addEventListener("stadtnetz:messages", function (event) {
    var region = document.getElementById("messages");
    if (!region || !event.detail || !event.detail.value) { return; }
    region.textContent = "";
    event.detail.value.forEach(function (message) {
      var level = message.level === "error" ? "danger" : message.level;
      var box = document.createElement("div");
      box.className = "kern-alert kern-alert--" + level;
      box.setAttribute("role", level === "danger" ? "alert" : "status");
      var body = document.createElement("div");
      body.className = "kern-alert__body";
      var text = document.createElement("p");
      text.className = "kern-body";
      text.textContent = message.text;
      body.appendChild(text);
      box.appendChild(body);
      region.appendChild(box);
    });
  });
  // Small screens: the main navigation collapses behind a "Menu" button (disclosure pattern).
  // Without JavaScript the button stays hidden and the navigation is always shown.
  var menuButton = document.querySelector(".sn-menu-button");
  var navigation = document.getElementById("main-navigation");
  if (menuButton && navigation) {
    document.documentElement.classList.add("sn-js");
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      navigation.classList.toggle("sn-nav--open", open);
    });
  }
  // Wide tables scroll inside a focusable region of their own, so that the page itself never
  // scrolls sideways (WCAG 1.4.10) and keyboard users can scroll them (WCAG 2.1.1).
  var tableCount = 0;
  function wrapTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("sn-scroll") || parent.classList.contains("kern-table-responsive")) {
        if (!parent.hasAttribute("tabindex")) { parent.setAttribute("tabindex", "0"); }
        if (!parent.hasAttribute("role")) { parent.setAttribute("role", "region"); }
        labelRegion(parent, table);
        return;
      }
      var region = document.createElement("div");
      region.className = "sn-scroll";
      region.setAttribute("role", "region");
      region.setAttribute("tabindex", "0");
      labelRegion(region, table);
      parent.insertBefore(region, table);
      region.appendChild(table);
    });
  }
  function labelRegion(region, table) {
    if (region.hasAttribute("aria-label") || region.hasAttribute("aria-labelledby")) { return; }
    var caption = table.querySelector("caption");
    if (caption) {
      if (!caption.id) { tableCount += 1; caption.id = "sn-table-caption-" + tableCount; }
      region.setAttribute("aria-labelledby", caption.id);
    } else {
      region.setAttribute("aria-label", document.documentElement.lang === "de" ? "Tabelle" : "Table");
    }
  }
  wrapTables(document);
  document.body.addEventListener("htmx:afterSettle", function (event) { wrapTables(event.target); });
})();
