/* quizapp autosave: saves the quiz form whenever an answer changes, so that nothing is lost.

   The form works without this script (its Save and Submit buttons post it normally). With it, each
   change is posted with fetch to the form's own action, asking for JSON; the server answers
   {saved_at} or, once the attempt is submitted or its time is up, 409 {error, results_url}.
   When the network fails it keeps retrying and says so; the inputs are never touched, and a copy
   of unsaved answers is kept in localStorage so that even a reload while offline loses nothing.
   It never sees an answer key: it only sends what the student chose. */
(function () {
  "use strict";

  var TYPING_DELAY = 800; // ms after the last keystroke before a text answer is saved
  var RETRY_FIRST = 2000;
  var RETRY_LONGEST = 30000;
  var LOCAL_COPY_MAX_AGE = 12 * 60 * 60 * 1000; // a copy older than a school day is not restored

  // Results pages name the attempt whose local copy can now be forgotten.
  var done = document.querySelector("[data-autosave-done]");
  if (done) {
    forget("quizapp-unsaved:" + done.getAttribute("data-autosave-done"));
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("save-status");
  var storageKey = "quizapp-unsaved:" + form.getAttribute("action");
  var timer = null;
  var inFlight = false;
  var changes = 0; // counts edits, so a save only clears "unsaved" if nothing changed meanwhile
  var savedChanges = 0;
  var retryDelay = RETRY_FIRST;
  var closed = false;
  var leaving = false;

  function say(text, state) {
    if (status) {
      status.textContent = text;
      status.setAttribute("data-state", state);
    }
  }

  function localTime(iso) {
    var when = new Date(iso);
    return isNaN(when.getTime()) ? "" : when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function answerFields() {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  function shownOnThisPage() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=shown]"), function (input) {
      return input.value;
    }).join(",");
  }

  function keepLocally() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), shown: shownOnThisPage(), fields: answerFields() }));
    } catch (error) {
      // Storage may be full or switched off; the answers are still in the page and in the retries.
    }
  }

  function forget(key) {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing to forget where storage is switched off.
    }
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function unsaved() {
    return changes !== savedChanges;
  }

  function save() {
    timer = null;
    if (inFlight || closed || !unsaved()) {
      return;
    }
    inFlight = true;
    var sending = changes;
    say("Saving…", "saving");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 409) {
          return response.json().then(function (data) {
            closed = true;
            forget(storageKey);
            say(data.error || "These answers have already been submitted.", "closed");
            if (data.results_url) {
              window.location.assign(data.results_url);
            }
          });
        }
        if (!response.ok) {
          var failure = new Error("HTTP " + response.status);
          failure.status = response.status;
          throw failure;
        }
        return response.json().then(function (data) {
          savedChanges = Math.max(savedChanges, sending);
          retryDelay = RETRY_FIRST;
          if (!unsaved()) {
            forget(storageKey);
          }
          say("Saved at " + localTime(data.saved_at) + ".", "saved");
        });
      })
      .catch(function (error) {
        if (error.status && error.status < 500) {
          // The page has expired (e.g. a new session): retrying cannot help, a reload can, and
          // the local copy puts the answers back after it.
          say("Not saved yet: reload this page to carry on. Your answers are kept on this device.", "error");
          return;
        }
        say("Not saved yet — check your connection. Your answers stay on this page; saving again in " +
          Math.round(retryDelay / 1000) + " seconds.", "error");
        schedule(retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_LONGEST);
      })
      .then(function () {
        inFlight = false;
        if (unsaved() && !closed && timer === null) {
          schedule(0);
        }
      });
  }

  function changed(event) {
    if (closed || !event.target.name || event.target.name === "csrf_token") {
      return;
    }
    changes += 1;
    keepLocally();
    say("Not saved yet.", "pending");
    var typing = event.type === "input" && event.target.type === "text";
    if (event.type === "input" && !typing) {
      return; // radios, boxes and selects also fire "change", which saves them
    }
    schedule(typing ? TYPING_DELAY : 0);
  }

  function restoreLocalCopy() {
    var copy;
    try {
      copy = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      copy = null;
    }
    if (!copy || !Array.isArray(copy.fields) || copy.shown !== shownOnThisPage() ||
        Date.now() - copy.at > LOCAL_COPY_MAX_AGE) {
      return;
    }
    var values = {};
    copy.fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrf_token" || name === "shown" || name === "page" || element.type === "submit") {
        return;
      }
      var wanted = values[name] || [];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = wanted.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" || element.type === "text") {
        element.value = wanted.length ? wanted[0] : "";
      }
    });
    changes += 1;
    say("Answers not saved last time were put back; saving them now.", "pending");
    schedule(0);
  }

  function countdown() {
    var holder = document.querySelector("[data-deadline]");
    if (!holder) {
      return;
    }
    var deadline = new Date(holder.getAttribute("data-deadline")).getTime();
    var left = holder.querySelector(".time-left");
    var alert = document.createElement("p");
    alert.className = "visually-hidden";
    alert.setAttribute("role", "status");
    holder.parentNode.insertBefore(alert, holder.nextSibling);
    var warned = {};
    function tick() {
      var minutes = Math.ceil((deadline - Date.now()) / 60000);
      if (minutes <= 0) {
        left.textContent = "Time is up.";
        // Keep saving until the server, past its short grace for saves in flight, submits the
        // attempt and answers 409 with the results page to go to.
        changes += 1;
        save();
        if (!closed) {
          window.setTimeout(tick, 5000);
        }
        return;
      }
      left.textContent = minutes === 1 ? "Less than a minute left." : "About " + minutes + " minutes left.";
      [5, 1].forEach(function (mark) {
        if (minutes <= mark && !warned[mark]) {
          warned[mark] = true;
          alert.textContent = left.textContent + " Your saved answers are submitted when the time is up.";
        }
      });
      window.setTimeout(tick, 15000);
    }
    left.removeAttribute("aria-live");
    tick();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    leaving = true; // the Save, Previous, Next and Submit buttons post the form themselves
    window.clearTimeout(timer);
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved() && !leaving && !closed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("online", function () {
    if (unsaved()) {
      retryDelay = RETRY_FIRST;
      schedule(0);
    }
  });
  restoreLocalCopy();
  countdown();
})();
