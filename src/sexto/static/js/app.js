// Progressive enhancement only: every page works without this file.
"use strict";
document.documentElement.classList.add("js");

function setUpStepper(form) {
  // One section of the grid at a time on screen; without JavaScript all sections show.
  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var links = Array.prototype.slice.call(form.querySelectorAll("[data-step-link]"));
  var prev = form.querySelector("[data-step-prev]");
  var next = form.querySelector("[data-step-next]");
  if (!sections.length) { return; }
  var firstWithError = sections.findIndex(function (s) { return s.querySelector(".field--error"); });
  var current = firstWithError >= 0 ? firstWithError : 0;
  function show(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, i) { section.hidden = i !== current; });
    links.forEach(function (link, i) {
      if (i === current) { link.setAttribute("aria-current", "step"); } else { link.removeAttribute("aria-current"); }
    });
    if (prev) { prev.disabled = current === 0; }
    if (next) { next.disabled = current === sections.length - 1; }
    if (focus) { sections[current].querySelector("legend").scrollIntoView({block: "start"}); }
  }
  links.forEach(function (link, i) {
    link.addEventListener("click", function (event) { event.preventDefault(); show(i, true); });
  });
  if (prev) { prev.addEventListener("click", function () { show(current - 1, true); }); }
  if (next) { next.addEventListener("click", function () { show(current + 1, true); }); }
  show(current, false);
}

function setUpCounter(area) {
  // A live character count under an answer that has a minimum (the server checks it too).
  var template = area.getAttribute("data-count-text");
  var min = parseInt(area.getAttribute("data-min-length"), 10);
  if (!template || !min) { return; }
  var out = document.createElement("p");
  out.className = "help counter";
  out.id = area.id + "_count";
  out.setAttribute("data-testid", "count-" + area.name);
  area.insertAdjacentElement("afterend", out);
  var described = area.getAttribute("aria-describedby");
  area.setAttribute("aria-describedby", (described ? described + " " : "") + out.id);
  function update() {
    var count = area.value.length;
    out.textContent = template.replace("%(count)s", count).replace("%(min)s", min);
    out.classList.toggle("counter--short", count < min);
  }
  area.addEventListener("input", update);
  update();
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea[data-count-text]").forEach(setUpCounter);
  // Move focus to an error summary so screen-reader and keyboard users land on what to fix.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  document.querySelectorAll("[data-stepper]").forEach(setUpStepper);
});

// Sections loaded after the page (htmx): once there, honour the address's #anchor.
document.addEventListener("htmx:afterSettle", function () {
  if (window.location.hash) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) { target.scrollIntoView({block: "start"}); }
  }
});
