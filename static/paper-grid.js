/* quizapp paper grid: moving between the cells of the "Type the answers" grid from the keyboard.

   The grid is a plain form and works without this script (Tab moves from cell to cell, the button
   imports). With it, as in a spreadsheet:
     ArrowUp / ArrowDown     the same column in the row above or below (text cells; a version menu
                             keeps its own arrows for choosing the letter)
     ArrowLeft / ArrowRight  the cell before or after, when the caret is already at the start or end
     Enter / Shift+Enter     the same column in the row below or above, instead of sending the form
   Moving selects the cell's text, so typing replaces it. Nothing is sent or stored by the script. */
(function () {
  "use strict";

  var table = document.querySelector("table[data-paper-grid]");
  if (!table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);

  function controls(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input[data-col], select[data-col]"));
  }

  function focus(control) {
    if (!control) {
      return false;
    }
    control.focus();
    if (control.select && control.tagName === "INPUT") {
      control.select();
    }
    return true;
  }

  // The control in ``column`` of the nearest row ``step`` rows away that has one.
  function vertical(row, column, step) {
    var index = rows.indexOf(row) + step;
    while (index >= 0 && index < rows.length) {
      var found = rows[index].querySelector('[data-col="' + column + '"]');
      if (found) {
        return found;
      }
      index += step;
    }
    return null;
  }

  function atStart(input) {
    return input.selectionStart === 0 && input.selectionEnd === 0;
  }

  function atEnd(input) {
    var length = input.value.length;
    return input.selectionStart === length && input.selectionEnd === length;
  }

  table.addEventListener("keydown", function (event) {
    var control = event.target;
    if (!control.hasAttribute || !control.hasAttribute("data-col") || event.altKey || event.ctrlKey ||
        event.metaKey) {
      return;
    }
    var row = control.closest("tr");
    var column = control.getAttribute("data-col");
    var isText = control.tagName === "INPUT";
    var moved = false;
    if (event.key === "Enter") {
      // At the last row Enter stays put rather than sending a half-typed grid.
      focus(vertical(row, column, event.shiftKey ? -1 : 1));
      event.preventDefault();
      return;
    }
    if (event.shiftKey) {
      return;
    }
    if (isText && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      moved = focus(vertical(row, column, event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "ArrowLeft" && (!isText || atStart(control))) {
      var before = controls(row);
      moved = focus(before[before.indexOf(control) - 1]);
    } else if (event.key === "ArrowRight" && (!isText || atEnd(control))) {
      var after = controls(row);
      moved = focus(after[after.indexOf(control) + 1]);
    }
    if (moved) {
      event.preventDefault();
    }
  });
}());
