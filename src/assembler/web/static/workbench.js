// The term-sheet form's guard against lost work: a saved/unsaved indicator, a warning on leaving
// with unsaved edits, and Enter in a field never submitting. (The edits themselves are kept on the
// server as a draft with each preview, so a restart or a closed tab loses nothing.)
(function () {
  "use strict";
  function start() {
    var form = document.getElementById("termsheet-form");
    if (!form) { return; }
    var dirty = document.getElementById("dirty");
    var status = document.getElementById("save-status");
    var submitting = false;
    function mark(unsaved) {
      dirty.value = unsaved ? "1" : "";
      status.textContent = unsaved ? "Unsaved changes (kept as a draft)" : "No unsaved changes";
      status.className = unsaved ? "unsaved" : "saved";
    }
    function edited(event) {
      // Choosing which document to preview changes nothing in the term sheet.
      if (event.target && event.target.name && event.target.name.charAt(0) !== "_") { mark(true); }
    }
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    form.addEventListener("submit", function () { submitting = true; });
    form.addEventListener("keydown", function (event) {
      var t = event.target;
      if (event.key === "Enter" && t.tagName === "INPUT" && t.type !== "submit" && t.type !== "button") {
        event.preventDefault();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty.value === "1" && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
  // After each preview: every problem the server found is put at its field (message and
  // aria-invalid), and every field without one is cleared.
  function showProblems() {
    var form = document.getElementById("termsheet-form");
    var list = document.getElementById("live-problems");
    if (!form || !list) { return; }
    var found = {};
    Array.prototype.forEach.call(list.querySelectorAll("li"), function (li) {
      var field = li.getAttribute("data-field");
      if (field && !(field in found)) { found[field] = li.textContent; }
    });
    Array.prototype.forEach.call(form.querySelectorAll("p.error[id^='err-']"), function (slot) {
      var field = slot.id.slice(4);
      var message = found[field] || "";
      if (slot.textContent !== message) { slot.textContent = message; }
      var holder = slot.closest(".field, fieldset") || slot.parentNode;
      Array.prototype.forEach.call(holder.querySelectorAll("input, select, textarea"), function (control) {
        if (control.getAttribute("aria-describedby") && control.getAttribute("aria-describedby").indexOf(slot.id) >= 0) {
          if (message) { control.setAttribute("aria-invalid", "true"); } else { control.removeAttribute("aria-invalid"); }
        }
      });
    });
    var summary = document.getElementById("error-summary");
    if (summary && !list.querySelector("li")) { summary.hidden = true; }
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "preview-pane") { showProblems(); }
  });
  // A link in an error summary puts the focus in its field, not only the field in view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a, .out-of-date a");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (field) {
      event.preventDefault();
      field.scrollIntoView({block: "center"});
      field.focus();
    }
  });
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", focusSummary); } else { focusSummary(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
