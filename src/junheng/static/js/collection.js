/* Junheng — small enhancements of the data pages. Every page works without this file;
   it is loaded as a static file because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  // <button data-confirm="…">: ask before a weighty action (lock, unlock, import).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // <form data-autosubmit>: a filter applies as soon as a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // 退回 needs a comment: say so before the round trip.
  document.querySelectorAll("[data-needs-comment]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var comment = button.form.querySelector("textarea[name=comment]");
      if (comment && !comment.value.trim()) {
        event.preventDefault();
        window.alert(button.getAttribute("data-needs-comment"));
        comment.focus();
      }
    });
  });

  // The year overview's batch: a header checkbox selects every record of the list, and the
  // batch form says how many are selected.
  var batch = document.querySelector("form[data-batch]");
  if (batch) {
    var boxes = document.querySelectorAll("input[type=checkbox][name=records][form=" + batch.id + "]");
    var all = document.querySelector("input[data-select-all]");
    var count = batch.querySelector("[data-selected-count]");
    var showCount = function () {
      var selected = Array.prototype.filter.call(boxes, function (box) { return box.checked; });
      if (count) {
        count.textContent = selected.length ? count.getAttribute("data-selected-count").replace("{n}", selected.length) : "";
      }
      if (all) {
        all.checked = boxes.length > 0 && selected.length === boxes.length;
        all.indeterminate = selected.length > 0 && selected.length < boxes.length;
      }
    };
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
        showCount();
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", showCount); });
    showCount();
  }

  var entry = document.querySelector("form[data-entry]");
  if (!entry) { return; }

  // Grey out the fields of levels the chosen school type does not teach.
  var levels = {};
  try { levels = JSON.parse(entry.getAttribute("data-levels") || "{}"); } catch (e) { levels = {}; }
  var typeSelect = entry.querySelector("select[name=school_type]");
  function markLevels() {
    if (!typeSelect) { return; }
    var taught = levels[typeSelect.value];
    entry.querySelectorAll(".field[data-level]").forEach(function (field) {
      var off = Array.isArray(taught) && taught.indexOf(field.getAttribute("data-level")) < 0;
      field.classList.toggle("not-taught", off);
    });
  }
  if (typeSelect) {
    typeSelect.addEventListener("change", markLevels);
    markLevels();
  }

  // Warn before leaving (or submitting up) with unsaved changes.
  var dirty = false;
  var warning = entry.getAttribute("data-dirty-warning");
  entry.addEventListener("input", function () { dirty = true; });
  entry.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = warning; }
  });
  document.querySelectorAll("form[data-action-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (dirty && !window.confirm(warning)) {
        event.preventDefault();
      } else {
        dirty = false;
      }
    });
  });
})();
