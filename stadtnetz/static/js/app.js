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
  // Language switch: submit on change; the button stays for people without JavaScript.
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
