// The board's drag and drop, with SortableJS: a card dropped on another stage's column is moved by
// its own "Move to" form, the keyboard's way that every card keeps, so both take the same path and
// a refusal (a stage the person may not move to, a deal changed meanwhile) shows the same message.
(function () {
  "use strict";

  function bind() {
    if (typeof Sortable === "undefined") {
      return;
    }
    document.querySelectorAll(".board .cards").forEach(function (cards) {
      if (cards.dataset.bound) {
        return;
      }
      cards.dataset.bound = "yes";
      Sortable.create(cards, {
        group: "board",
        // Cards the person may not change have no form, and stay where they are.
        draggable: ".card:not(.locked)",
        sort: false,
        // Mouse and touch events instead of the browser's own drag and drop: the same in every
        // browser, and what a test's pointer drives.
        forceFallback: true,
        onAdd: function (event) {
          var form = event.item.querySelector("form");
          var select = form && form.querySelector("select[name=stageId]");
          if (!select) {
            return;
          }
          select.value = event.to.dataset.stage;
          form.requestSubmit();
        }
      });
    });
  }

  // The board is swapped in again after each move (htmx), and this script with it: bind once per column.
  if (!window.custodiaBoardBound) {
    window.custodiaBoardBound = true;
    document.addEventListener("htmx:afterSettle", bind);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
