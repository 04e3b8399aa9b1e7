// Cohort boards on a module page. The board sits inside the module's autosave form (forms cannot
// nest), so without this file its typing and its polling would look like workbook edits:
// autosave would fire, "Unsaved changes…" would show, and a poll's success would count as a save.
// htmx attributes alone cannot stop an event from bubbling, hence this small file.
(function () {
  "use strict";

  const KEEP_INSIDE = ["input", "change", "focusout", "htmx:beforeRequest", "htmx:afterRequest"];

  function wire(board) {
    if (board.dataset.boardWired) return;
    board.dataset.boardWired = "1";
    KEEP_INSIDE.forEach(function (type) {
      board.addEventListener(type, function (event) {
        event.stopPropagation();
      });
    });
    // The module page swaps no 4xx answer; a closed board should still say why.
    const message = board.querySelector("[data-board-message]");
    board.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.xhr.status !== 403 || !message) return;
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      event.detail.target = message;
      event.detail.swapOverride = "innerHTML";
    });
  }

  document.querySelectorAll("[data-board]").forEach(wire);

  // The polls send If-None-Match; "304 Not Modified" has no body and the page keeps what it
  // shows (htmx would otherwise swap the empty answer in). Once per page, however many boards.
  if (window.boardPollsWired) return;
  window.boardPollsWired = true;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 304) event.detail.shouldSwap = false;
  });
  // No poll while the tab is hidden, or while a post in the list is being edited. Captured on
  // the document: the module page's boards stop htmx events from bubbling (see wire above).
  document.addEventListener(
    "htmx:beforeRequest",
    function (event) {
      const poll = event.detail.elt;
      if (!poll.matches || !poll.matches("[data-board-poll]")) return;
      if (document.visibilityState !== "visible" || poll.querySelector(".board-editing")) {
        event.preventDefault();
      }
    },
    true
  );
})();
