// Every page: dates and times in the reader's own language and time zone, and whole answers
// when a page is printed. Without JavaScript the server's text (UTC) stays as it is.
(function () {
  "use strict";

  // <time datetime="2026-11-20"> is a calendar date; a value with a time carries its offset.
  const FORMATS = {
    date: { dateStyle: "medium" },
    "long-date": { dateStyle: "long" },
    time: { timeStyle: "short" },
    clock: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    datetime: { dateStyle: "medium", timeStyle: "short" },
    "full-datetime": { dateStyle: "full", timeStyle: "short" },
  };

  function parse(value) {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (day) return new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const moment = new Date(value);
    return isNaN(moment.getTime()) ? null : moment;
  }

  function localize(root) {
    if (!root || !root.querySelectorAll) return;
    const times = root.matches && root.matches("time[datetime][data-format]") ? [root] : [];
    root.querySelectorAll("time[datetime][data-format]").forEach(function (el) { times.push(el); });
    times.forEach(function (el) {
      const options = FORMATS[el.dataset.format];
      const moment = parse(el.getAttribute("datetime"));
      if (!options || !moment) return;
      try {
        el.textContent = new Intl.DateTimeFormat(undefined, options).format(moment);
      } catch (error) {
        // An old browser without dateStyle: keep the server's text.
      }
    });
  }

  localize(document);
  // Content that htmx brings in later (autosave's "Saved 14:05", new board posts).
  document.addEventListener("htmx:load", function (event) { localize(event.target); });

  // A box that scrolls sideways (a wide table or chart on a small screen) can be scrolled with
  // the arrow keys only when it can take focus; give it focus and a name while it scrolls.
  const TABBABLE = "a[href], button, input, select, textarea, [tabindex]";
  function markScrollers() {
    document.querySelectorAll(".table-responsive, .chart-box").forEach(function (box) {
      if (box.dataset.scrollFocus === "static") return;
      if (!box.dataset.scrollFocus) {
        if (box.hasAttribute("tabindex") || box.querySelector(TABBABLE)) {
          box.dataset.scrollFocus = "static";
          return;
        }
        box.dataset.scrollFocus = "auto";
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (box.dataset.scrollLabel || "Table") + " (scrolls sideways)");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  markScrollers();
  let resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollers, 200);
  });

  // Text boxes grow with their text. Browsers with CSS field-sizing do it themselves (app.css);
  // elsewhere the box takes the height of its text as it is typed and when the page opens.
  if (!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"))) {
    const fit = function (box) {
      box.style.height = "auto";
      box.style.height = box.scrollHeight + (box.offsetHeight - box.clientHeight) + "px";
    };
    document.querySelectorAll("textarea.form-control").forEach(fit);
    document.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches("textarea.form-control")) fit(event.target);
    });
  }

  // Printing: a text box shows only a window onto its text, so the printout gets a plain copy of
  // everything written in it (app.css shows the copy and hides the box in print).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("main textarea").forEach(function (box) {
      let copy = box.nextElementSibling;
      if (!copy || !copy.classList.contains("print-copy")) {
        copy = document.createElement("div");
        copy.className = "print-copy";
        copy.setAttribute("aria-hidden", "true");
        box.insertAdjacentElement("afterend", copy);
      }
      copy.textContent = box.value;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll(".print-copy").forEach(function (copy) { copy.remove(); });
  });
})();
