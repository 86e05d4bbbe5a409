/* Junheng — small enhancements of the checklist pages. Every page works without this file;
   it is a static file because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  // <button data-confirm="…">: ask before a weighty action.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // The assignment form: show the office, township or school field the unit kind needs.
  document.querySelectorAll("form[data-assign]").forEach(function (form) {
    var kind = form.querySelector("select[name=unit_kind]");
    if (!kind) { return; }
    var fields = { office: "office", township: "township", school: "school" };
    function show() {
      Object.keys(fields).forEach(function (name) {
        var field = form.querySelector('.field[data-field="' + name + '"]');
        if (field) { field.classList.toggle("off", kind.value !== fields[name]); }
      });
    }
    kind.addEventListener("change", show);
    show();
  });

  // An upload larger than the limit is refused by the server too; say so before sending it.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var warning = form.querySelector(".upload-warning");
    if (!input || !warning) { return; }
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (limit && file && file.size > limit) {
        event.preventDefault();
        warning.textContent = warning.getAttribute("data-too-large") +
          "（" + (limit / 1048576).toFixed(0) + " MB）";
        warning.hidden = false;
      }
    });
  });
})();
