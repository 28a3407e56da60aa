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
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
