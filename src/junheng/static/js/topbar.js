/* The header on a phone: the menu and the user's facts fold behind the 菜单 button. Without
   this script (or on a wide screen) everything stays in the bar, so nothing is ever out of
   reach; sign-out and the language switch are never folded. */
(function () {
  "use strict";
  var bar = document.querySelector("header.topbar");
  var button = bar && bar.querySelector(".menu-button");
  if (!button) return;
  bar.classList.add("foldable");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = bar.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
