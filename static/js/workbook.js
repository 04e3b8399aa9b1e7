// Module pages: autosave through htmx, running totals, priority counts, and conflict choices.
// Every rule is also checked on the server; this file only makes the page pleasant to use.
// Nothing the person writes is kept in browser storage.
(function () {
  "use strict";

  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const status = () => document.getElementById("autosave-status");

  // --- Autosave state: dirty until the server confirms the latest edit -------------------
  let editCount = 0;
  let savedEditCount = 0;
  let sentEditCount = 0;
  let retryDelay = 0;
  let retryTimer = null;

  function setStatus(text, tone) {
    const el = status();
    if (!el) return;
    el.textContent = text;
    el.className = "small " + (tone || "text-body-secondary");
  }

  // --- Autosave sends only the sections edited since they were last saved -----------------
  // Every field of a section is named "s<section id>-…"; the server builds and checks only the
  // sections a request carries (worksheets/views.py: sections_sent).
  const lastEdit = new Map();  // section prefix → editCount at its latest edit
  function sectionOf(control) {
    const match = /^(s\d+)-/.exec((control && control.name) || "");
    return match ? match[1] : null;
  }
  function noteEdit(control) {
    editCount += 1;
    const section = sectionOf(control);
    if (section) lastEdit.set(section, editCount);
  }
  form.addEventListener("input", function (event) {
    noteEdit(event.target);
    setStatus("Unsaved changes…");
  });
  form.addEventListener("change", function (event) {
    noteEdit(event.target);
  });
  form.addEventListener("htmx:configRequest", function (event) {
    if (!isAutosave(event)) return;
    const params = event.detail.parameters;
    Array.from(params.keys()).forEach(function (name) {
      const section = /^(s\d+)-/.exec(name);
      if (section && !lastEdit.has(section[1])) params.delete(name);
    });
  });
  function forgetSavedSections() {
    lastEdit.forEach(function (edit, section) {
      if (edit <= sentEditCount) lastEdit.delete(section);
    });
  }

  let inFlight = false;
  let pendingSubmit = null;

  // Only the form's own autosave counts: other htmx requests inside it (a live board's polling)
  // bubble up here too.
  function isAutosave(event) {
    return event.detail && event.detail.elt === form;
  }

  form.addEventListener("htmx:beforeRequest", function (event) {
    if (!isAutosave(event)) return;
    inFlight = true;
    sentEditCount = editCount;
    setStatus("Saving…");
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    if (!isAutosave(event)) return;
    inFlight = false;
    const xhr = event.detail.xhr;
    const verdict = xhr ? xhr.getResponseHeader("X-Autosave") : null;
    if (verdict === "saved") {
      savedEditCount = Math.max(savedEditCount, sentEditCount);
      forgetSavedSections();
      retryDelay = 0;
      if (editCount > savedEditCount) setStatus("Unsaved changes…");
    } else if (verdict) {
      retryDelay = 0;  // the page now says what the person must do; nothing to retry
    } else {
      scheduleRetry();  // no answer from our server (network, 5xx, a proxy's page): try again
    }
    if (pendingSubmit) {
      const submitter = pendingSubmit;
      pendingSubmit = null;
      form.requestSubmit(submitter);
    }
  });

  function scheduleRetry() {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2, 30);
    setStatus("Not saved yet: retrying in " + retryDelay + " s. Your text stays on this page.", "text-danger fw-semibold");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () {
      htmx.trigger(form, "autosave-retry");
    }, retryDelay * 1000);
  }

  window.addEventListener("beforeunload", function (event) {
    if (editCount > savedEditCount) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // A normal submit saves everything: leaving the page that way is expected. While an autosave
  // is on its way, wait for it: the submit must carry the versions that autosave brings back.
  form.addEventListener("submit", function (event) {
    if (inFlight) {
      event.preventDefault();
      pendingSubmit = event.submitter || null;
      setStatus("Saving…");
      return;
    }
    savedEditCount = editCount;
  });

  // Buttons that undo something ask first (e.g. unlocking a signed agreement).
  form.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // --- Conflicts: keep mine, or take the saved text ----------------------------------------
  function moveOnTo(button) {
    document.getElementById(button.dataset.versionField).value = button.dataset.version;
    document.getElementById(button.dataset.shownField).value = button.dataset.shown;
  }
  form.addEventListener("click", function (event) {
    const keep = event.target.closest("[data-conflict-keep]");
    const useSaved = event.target.closest("[data-conflict-use-saved]");
    if (!keep && !useSaved) return;
    const button = keep || useSaved;
    moveOnTo(button);
    if (useSaved) {
      document.getElementById(button.dataset.target).value = button.dataset.text;
    }
    button.closest(".conflict").remove();
    noteEdit(document.getElementById(button.dataset.target) || document.getElementById(button.dataset.versionField));
    htmx.trigger(form, "autosave-retry");
  });

  // --- Nothing that takes focus hides under the sticky save bar ----------------------------
  const saveBar = form.querySelector(".save-bar");
  form.addEventListener("focusin", function (event) {
    if (!saveBar || saveBar.contains(event.target)) return;
    const hidden = event.target.getBoundingClientRect().bottom - saveBar.getBoundingClientRect().top;
    if (hidden > 0) window.scrollBy(0, hidden + 16);
  });

  // --- Autosave's messages describe their fields ------------------------------------------
  // Each field has a feedback box (#feedback-<field id>) that autosave fills with an error or a
  // conflict; the field points at it, so a screen reader reads the message with the field.
  function controlOf(feedback) {
    return document.getElementById(feedback.id.slice("feedback-".length));
  }
  form.querySelectorAll(".field-feedback[id^='feedback-']").forEach(function (feedback) {
    const control = controlOf(feedback);
    if (!control) return;
    const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(feedback.id) === -1) {
      ids.push(feedback.id);
      control.setAttribute("aria-describedby", ids.join(" "));
    }
  });
  form.addEventListener("htmx:afterRequest", function () {
    form.querySelectorAll(".field-feedback[id^='feedback-']").forEach(function (feedback) {
      const control = controlOf(feedback);
      if (!control) return;
      if (feedback.querySelector(".invalid-feedback")) {
        control.setAttribute("aria-invalid", "true");
      } else if (!document.getElementById("error-" + control.id)) {
        control.removeAttribute("aria-invalid");
      }
    });
  });

  // --- Four-way view: running totals of the percentage columns ----------------------------
  function updateTotals() {
    document.querySelectorAll("[data-sum-total]").forEach(function (cell) {
      const measure = cell.dataset.sumTotal;
      const inputs = form.querySelectorAll('[data-sum="' + measure + '"]');
      let total = 0;
      let filled = 0;
      inputs.forEach(function (input) {
        if (input.value !== "") {
          total += Number(input.value) || 0;
          filled += 1;
        }
      });
      if (filled === 0) {
        cell.textContent = "0% of 100%";
        cell.className = "text-body-secondary";
      } else if (total === 100 && filled === inputs.length) {
        cell.textContent = "100% ✓";
        cell.className = "text-success fw-semibold";
      } else {
        cell.textContent = total + "% of 100% (" + (total > 100 ? total - 100 + "% too much" : 100 - total + "% to go") + ")";
        cell.className = "text-danger fw-semibold";
      }
    });
  }
  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-sum]")) updateTotals();
  });
  updateTotals();

  // --- Mentor roles: how many priorities are chosen ---------------------------------------
  function updatePriorityCount() {
    document.querySelectorAll("[data-priority-count]").forEach(function (note) {
      const table = note.previousElementSibling;
      const chosen = table ? table.querySelectorAll("[data-priority]:checked").length : 0;
      const wanted = Number(note.dataset.wanted);
      note.textContent = chosen + " of " + wanted + " priorities chosen" + (chosen > wanted ? ": untick " + (chosen - wanted) + "." : ".");
      note.className = "small " + (chosen === wanted ? "text-success" : chosen > wanted ? "text-danger fw-semibold" : "text-body-secondary");
    });
  }
  form.addEventListener("change", function (event) {
    if (!event.target.matches("[data-priority]")) return;
    // A priority is a role the person needs; the server stores it so, and the page shows it.
    const needed = event.target.closest("tr").querySelector("input[type=checkbox]:not([data-priority])");
    if (event.target.checked && needed && !needed.checked) needed.checked = true;
    updatePriorityCount();
  });
  updatePriorityCount();
})();
