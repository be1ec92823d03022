// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen-reader and keyboard users land on what to fix.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
});
