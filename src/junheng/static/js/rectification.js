/* Junheng — small enhancements of the problem, visit and bulletin pages. Every page works
   without this file; it is a static file because the Content-Security-Policy allows no
   inline script. */
(function () {
  "use strict";

  // <button data-confirm="…">: ask before a weighty action (close, publish).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // <button data-needs-field="comment" data-message="…">: the field must not be empty.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-needs-field]");
    if (!button || !button.form) { return; }
    var field = button.form.querySelector("[name=" + button.getAttribute("data-needs-field") + "]");
    if (field && !field.value.trim()) {
      event.preventDefault();
      window.alert(button.getAttribute("data-message"));
      field.focus();
    }
  });

  // <form data-autosubmit>: a filter applies as soon as a select or checkbox changes.
  document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=checkbox]")
    .forEach(function (input) {
      input.addEventListener("change", function () { input.form.submit(); });
    });
})();
