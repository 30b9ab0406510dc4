/* quizapp autosave: saves the quiz form whenever an answer changes, so that nothing is lost.

   The form works without this script (its Save and Submit buttons post it normally). With it, each
   change is posted with fetch to the form's own action (only the questions changed since the last
   acknowledged save, each whole), asking for JSON; the server answers
   {saved_at, saved_text} or, once the attempt is submitted or its time is up, 409 {error, results_url},
   or, when saves come faster than the server takes them for one attempt, 429 with Retry-After: the
   same answers are sent again after that wait.
   When the network fails it keeps retrying (with backoff, and at once when the browser says it is
   online again) and shows a banner at the top of the quiz: "Not saved yet — keep this page open".
   The inputs are never touched, and a copy of each unsaved answer is kept in localStorage, one
   entry per attempt and question, so that even a reload while offline loses nothing: the copy is
   put back into the form and saved, and forgotten once the server has acknowledged it.
   It never sees an answer key: it only sends what the student chose.

   Screen readers: the page's save status is a live region (role=status) for when there is no script
   (it then changes only with a page load). This script shows its running commentary ("Not saved
   yet.", "Saving…", "Saved at …") in that element, made an ordinary paragraph, and speaks through a
   visually hidden live region of its own only what a student must hear, and only when it changes:
   a save failing, and "All answers saved" once input pauses, at most every ANNOUNCE_SAVED_GAP ms.
   While a save is failing that live region is shown as the banner, so what is seen is what is heard. */
(function () {
  "use strict";

  var TYPING_DELAY = 800; // ms after the last keystroke before a text answer is saved
  var RETRY_FIRST = 2000;
  var RETRY_LONGEST = 30000;
  var LOCAL_COPY_MAX_AGE = 12 * 60 * 60 * 1000; // a copy older than a school day is not restored
  var ANNOUNCE_SAVED_PAUSE = 2000; // ms without input before "All answers saved" is spoken
  var ANNOUNCE_SAVED_GAP = 10000; // ms at least between two times it is spoken
  var LIVE_REGION_SETTLE = 500; // ms a new live region is left empty, so that its first words are heard
  var OFFLINE_MESSAGE = "Not saved yet — keep this page open. Your answers are kept on this device and saved " +
    "when the connection is back.";
  var OFFLINE_BUTTON = "Not sent — you are offline. Keep this page open: your answers are kept on this device " +
    "and saved when the connection is back. Then press the button again.";
  var QUESTION_FIELD = /^q-(\d+)(?:-\d+)?$/; // q-<response id>, and q-<id>-<row> for match rows

  // Results pages name the attempt whose local copies can now be forgotten.
  var done = document.querySelector("[data-autosave-done]");
  if (done) {
    forgetAll(copyPrefix(done.getAttribute("data-autosave-done")));
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("save-status");
  var live = liveRegion();
  var liveSince = Date.now();
  var liveTimer = null;
  var savedTimer = null;
  var savedSpokenAt = -Infinity;
  var lastInput = -Infinity;
  var restored = false; // answers were put back from the local copy and not yet announced as saved
  var prefix = copyPrefix(form.getAttribute("action"));
  var dirty = {}; // response id -> the change count when it last changed, until a save covers it
  var timer = null;
  var inFlight = false;
  var changes = 0; // counts edits, so a save only clears "unsaved" if nothing changed meanwhile
  var savedChanges = 0;
  var retryDelay = RETRY_FIRST;
  var closed = false;
  var leaving = false;

  // The status the page shows, changing with every save; with the script on it is not a live region.
  function say(text, state) {
    if (status) {
      status.textContent = text;
      status.setAttribute("data-state", state);
    }
  }

  // Above the form, where a screen reader meets it before the questions; as the banner it is fixed at
  // the top of the screen.
  function liveRegion() {
    var region = document.createElement("p");
    region.id = "save-status-live";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    if (status) {
      status.removeAttribute("role");
      status.removeAttribute("aria-live");
    }
    form.parentNode.insertBefore(region, form);
    return region;
  }

  // The live region shown as a banner (while saving fails) or hidden from sight again.
  function banner(shown) {
    live.className = shown ? "save-banner" : "visually-hidden";
    keepFocusClearOfBanner();
  }

  // The banner is fixed over the top of the screen: while it shows, the page's scroll padding is its
  // height (as its words change, or a turned phone rewraps them), so a field reached with Tab scrolls
  // clear of it instead of staying under it.
  function keepFocusClearOfBanner() {
    var shown = live.className === "save-banner";
    document.documentElement.style.scrollPaddingTop = shown ? live.offsetHeight + "px" : "";
  }
  if (window.ResizeObserver) {
    new window.ResizeObserver(keepFocusClearOfBanner).observe(live);
  }

  // Speak ``text`` through the live region, unless it already says it; true when it was (or will be) written.
  function announce(text) {
    window.clearTimeout(savedTimer);
    savedTimer = null;
    window.clearTimeout(liveTimer);
    liveTimer = null;
    var settling = liveSince + LIVE_REGION_SETTLE - Date.now();
    if (settling > 0) {
      liveTimer = window.setTimeout(function () {
        announce(text);
      }, settling);
      return true;
    }
    if (live.textContent === text) {
      return false;
    }
    live.textContent = text;
    return true;
  }

  // After a save leaves nothing unsaved: "All answers saved", once input has paused and not too often.
  function announceSavedLater() {
    window.clearTimeout(savedTimer);
    var now = Date.now();
    var at = Math.max(now, lastInput + ANNOUNCE_SAVED_PAUSE, savedSpokenAt + ANNOUNCE_SAVED_GAP);
    savedTimer = window.setTimeout(function () {
      savedTimer = null;
      if (closed || inFlight || unsaved()) {
        return; // the save still to come plans it again
      }
      var text = restored ? "Answers not saved last time were put back and saved." : "All answers saved.";
      restored = false;
      if (announce(text)) {
        savedSpokenAt = Date.now();
      }
    }, at - now);
  }

  function localTime(iso) {
    var when = new Date(iso);
    return isNaN(when.getTime()) ? "" : when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function questionOf(name) {
    var match = QUESTION_FIELD.exec(name || "");
    return match ? match[1] : null;
  }

  // The fields of one question as the form would send them: [name, value] pairs.
  function answerFields(id) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && questionOf(name) === id) {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  // The form as the server needs it for this save: its own fields (the CSRF token, the page) and only
  // the questions changed since the last save the server acknowledged. Each question is sent whole (its
  // "shown" id and every field of it), so an answer cleared is cleared; the others are not sent, so
  // the server reads and compares one or two questions, not the whole quiz, for each keystroke's save.
  function changedFields() {
    var body = new FormData();
    new FormData(form).forEach(function (value, name) {
      var id = name === "shown" ? value : questionOf(name);
      if (id === null || Object.prototype.hasOwnProperty.call(dirty, id)) {
        body.append(name, value);
      }
    });
    return body;
  }

  function shownOnThisPage() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=shown]"), function (input) {
      return input.value;
    });
  }

  function keepLocally(id) {
    try {
      localStorage.setItem(prefix + id, JSON.stringify({ at: Date.now(), fields: answerFields(id) }));
    } catch (error) {
      // Storage may be full or switched off; the answers are still in the page and in the retries.
    }
  }

  // Forget the local copies of the answers a save up to change ``sent`` has covered.
  function forgetSaved(sent) {
    Object.keys(dirty).forEach(function (id) {
      if (dirty[id] <= sent) {
        forget(prefix + id);
        delete dirty[id];
      }
    });
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  // The wait a 429 asks for, in ms: its Retry-After seconds, or one second if it names none.
  function retryAfter(response) {
    var seconds = parseInt(response.headers.get("Retry-After"), 10);
    return (seconds > 0 ? seconds : 1) * 1000;
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
      body: changedFields(),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 409) {
          return response.json().then(function (data) {
            closed = true;
            forgetAll(prefix);
            banner(false);
            var message = data.error || "These answers have already been submitted.";
            say(message, "closed");
            announce(message);
            if (data.results_url) {
              window.location.assign(data.results_url);
            }
          });
        }
        if (response.status === 429) {
          // More saves of this attempt than the server takes in a moment: nothing was stored. The
          // answers stay unsaved (and in the local copy) and go again once Retry-After has passed.
          schedule(retryAfter(response));
          return;
        }
        if (!response.ok) {
          var failure = new Error("HTTP " + response.status);
          failure.status = response.status;
          throw failure;
        }
        return response.json().then(function (data) {
          savedChanges = Math.max(savedChanges, sending);
          retryDelay = RETRY_FIRST;
          forgetSaved(sending);
          banner(false);
          say("Saved at " + (data.saved_text || localTime(data.saved_at)) + ".", "saved");
          if (!unsaved()) {
            announceSavedLater();
          }
        });
      })
      .catch(function (error) {
        if (error.status && error.status < 500) {
          // The page has expired (e.g. a new session): retrying cannot help, a reload can, and
          // the local copy puts the answers back after it.
          var expired = "Not saved yet: reload this page to carry on. Your answers are kept on this device.";
          say(expired, "error");
          announce(expired);
          banner(true);
          return;
        }
        // The countdown to the next try is shown, not spoken: the spoken message stays the same.
        say("Not saved yet — check your connection. Your answers stay on this page; saving again in " +
          Math.round(retryDelay / 1000) + " seconds.", "error");
        announce(OFFLINE_MESSAGE);
        banner(true);
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
    var id = questionOf(event.target.name);
    if (closed || id === null) {
      return;
    }
    changes += 1;
    dirty[id] = changes;
    lastInput = Date.now();
    window.clearTimeout(savedTimer); // input resumed: the save that follows plans the announcement again
    savedTimer = null;
    keepLocally(id);
    say("Not saved yet.", "pending");
    var typing = event.type === "input" && (event.target.type === "text" || event.target.type === "textarea");
    if (event.type === "input" && !typing) {
      return; // radios, boxes and selects also fire "change", which saves them
    }
    schedule(typing ? TYPING_DELAY : 0);
  }

  // The local copy of one question's unsaved answer: {at, fields}, or null when there is none (or too old).
  function localCopy(id) {
    var copy;
    try {
      copy = JSON.parse(localStorage.getItem(prefix + id) || "null");
    } catch (error) {
      copy = null;
    }
    if (!copy || !Array.isArray(copy.fields) || typeof copy.at !== "number" || Date.now() - copy.at > LOCAL_COPY_MAX_AGE) {
      return null;
    }
    return copy;
  }

  function restoreLocalCopies() {
    var any = false;
    shownOnThisPage().forEach(function (id) {
      var copy = localCopy(id);
      if (!copy) {
        return;
      }
      var values = {};
      copy.fields.forEach(function (pair) {
        (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
      });
      Array.prototype.forEach.call(form.elements, function (element) {
        if (questionOf(element.name) !== id) {
          return;
        }
        var wanted = values[element.name] || [];
        if (element.type === "radio" || element.type === "checkbox") {
          element.checked = wanted.indexOf(element.value) !== -1;
        } else if (element.tagName === "SELECT" || element.type === "text" || element.type === "textarea") {
          element.value = wanted.length ? wanted[0] : "";
        }
      });
      any = true;
      dirty[id] = changes + 1;
    });
    if (!any) {
      return;
    }
    changes += 1;
    restored = true;
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
  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {
      // The post would only bring the browser's "no connection" page: stay, keep the answers, say so.
      event.preventDefault(); // the unsaved answers are in localStorage already, kept as they changed
      say(OFFLINE_BUTTON, "error");
      announce(OFFLINE_BUTTON);
      banner(true);
      return;
    }
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
  restoreLocalCopies();
  countdown();

  // Local copies of an attempt's answers are stored under this prefix and the response id.
  function copyPrefix(action) {
    return "quizapp-unsaved:" + action + ":";
  }

  function forget(key) {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing to forget where storage is switched off.
    }
  }

  function forgetAll(keyPrefix) {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf(keyPrefix) === 0) {
          localStorage.removeItem(key);
        }
      });
    } catch (error) {
      // Nothing to forget where storage is switched off.
    }
  }
})();
