/* quizapp word count: keeps each written answer's "N words of at most M" line up to date while the student types.

   The server writes the same line on every page load, so without this script the count is right after each
   Save; with it, the count follows the typing. The line is not a live region (it would speak on every key);
   the textarea names it with aria-describedby, so a screen reader reads it when the student returns to the field. */
(function () {
  "use strict";

  function plural(count, noun) {
    return count + " " + noun + (count === 1 ? "" : "s");
  }

  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function update(area, line) {
    var count = words(area.value);
    var limit = parseInt(area.getAttribute("data-max-words") || "0", 10);
    var maxLength = parseInt(area.getAttribute("maxlength") || "0", 10);
    var text;
    if (limit > 0) {
      text = plural(count, "word") + " of at most " + limit + ".";
      if (count > limit) {
        text += " Over the limit by " + plural(count - limit, "word") + ": shorten your answer before you submit.";
      }
    } else {
      text = plural(count, "word") + ".";
    }
    if (maxLength > 0) {
      text += " " + plural(area.value.length, "character") + " of at most " + maxLength + ".";
    }
    line.textContent = text;
    line.classList.toggle("over-limit", limit > 0 && count > limit);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-count-for]"), function (line) {
    var area = document.getElementById(line.getAttribute("data-count-for"));
    if (!area) {
      return;
    }
    area.addEventListener("input", function () {
      update(area, line);
    });
  });
})();
