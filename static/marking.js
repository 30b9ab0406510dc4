/* quizapp marking: keyboard shortcuts on the marking page. 1, 2, 3... press the rubric level with that number
   (which saves the mark and opens the next answer to mark), N opens the next answer and P the previous one.

   The page works without this script: the levels are submit buttons and Next and Previous are links. Keys typed
   into the comment box (or any other field) are left alone, as are keys pressed with Ctrl, Alt or Meta. */
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    var target = null;
    if (/^[1-9]$/.test(key)) {
      target = document.querySelector('button[data-mark-key="' + key + '"]');
    } else if (key === "n" || key === "N") {
      target = document.querySelector('a[rel="next"]');
    } else if (key === "p" || key === "P") {
      target = document.querySelector('a[rel="prev"]');
    }
    if (target) {
      event.preventDefault();
      target.click();
    }
  });
})();
