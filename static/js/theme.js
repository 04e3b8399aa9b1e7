// The colour theme follows the system setting (Bootstrap 5.3 colour modes). Loaded in <head>,
// before the page is drawn, so a dark system never sees a light flash first.
(function () {
  "use strict";
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", dark && dark.matches ? "dark" : "light");
  }
  apply();
  if (dark && dark.addEventListener) dark.addEventListener("change", apply);
})();
