/* Back-Safe Leg Day: lesson quizzes in a static page, marked in the browser.
 *
 * Reads the question bank that backsafe/delivery/static_quiz.py embeds as JSON
 * (<script type="application/json" class="bsld-quiz-data">) and mirrors
 * backsafe/models/grading.py: per-option feedback, partial credit for "tick every
 * answer", numeric answers with a tolerance and accepted units. Texts in the
 * JSON are HTML already escaped by the converter. Nothing is stored anywhere.
 */
(function (root) {
  "use strict";

  var MAX_ANSWER_CHARS = 200;
  var NUMBER = /^([-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([\s\S]*)$/;
  var INFINITE = /^[-+]?(inf|infinity)$/i;
  var THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/;

  function TooLarge() {}

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function preview(text, limit) {
    limit = limit || 40;
    var chars = Array.from(String(text).trim().split(/\s+/).join(" "));
    return chars.length <= limit ? chars.join("") : chars.slice(0, limit - 1).join("") + "\u2026";
  }

  function parseNumber(text) {
    text = String(text).trim().replace(/[\u2212\u2013\u2012]/g, "-");
    if (INFINITE.test(text)) throw new TooLarge();
    var match = NUMBER.exec(text);
    if (!match) return null;
    var number = match[1], unit = match[2];
    if (THOUSANDS.test(number)) {
      number = number.replace(/,/g, "");
    } else if ((number.match(/,/g) || []).length === 1 && number.indexOf(".") < 0) {
      number = number.replace(",", ".");
    }
    if (number.indexOf(",") >= 0) return null;
    var value = Number(number);
    if (isNaN(value)) return null;
    if (!isFinite(value)) throw new TooLarge();
    return [value, unit];
  }

  function normUnit(text) {
    return text.replace(/[\s\u00b7\u22c5*.\-]/g, "").toLowerCase();
  }

  function unanswered(message) {
    return {answered: false, correct: false, score: 0, feedback: [], message: message};
  }

  function gradeNumeric(q, response) {
    if (response === null || response === undefined || String(response).trim() === "") {
      return unanswered("No answer given yet.");
    }
    var unit = q.unit || "the unit asked for";
    response = String(response);
    if (response.length > MAX_ANSWER_CHARS) {
      return unanswered("That answer is " + response.length.toLocaleString("en-US") +
        " characters long; type just a number and its unit, such as 12.5 (in " + unit + ").");
    }
    var parsed;
    try {
      parsed = parseNumber(response);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      return unanswered("'" + preview(response) + "' is too large to be an answer: type a " +
        "number such as 12.5 (in " + unit + ").");
    }
    if (parsed === null) {
      return unanswered("'" + preview(response) + "' is not a number: type a number such " +
        "as 12.5 (in " + unit + ").");
    }
    var value = parsed[0], written = parsed[1];
    if (written) {
      var allowed = [q.unit || ""].concat(q.units_accepted).filter(Boolean).map(normUnit);
      if (allowed.indexOf(normUnit(written)) < 0) {
        return {answered: true, correct: false, score: 0, feedback: [],
          message: "The answer should be in " + unit + ", not '" + preview(written) + "'."};
      }
    }
    // A hair of slack so that a value exactly on the boundary counts as inside.
    var slack = q.tolerance + 1e-9 * Math.max(1, Math.abs(q.answer));
    var outcome = Math.abs(value - q.answer) <= slack ? "correct"
      : (value < q.answer ? "too_low" : "too_high");
    var ok = outcome === "correct";
    return {answered: true, correct: ok, score: ok ? 1 : 0, feedback: [q.feedback[outcome]],
      message: null};
  }

  function gradeChoice(q, chosen) {
    chosen = chosen.filter(function (id, i) { return chosen.indexOf(id) === i; });
    if (!chosen.length) return unanswered("No answer given yet.");
    var byId = {};
    q.options.forEach(function (o) { byId[o.id] = o; });
    var picked = chosen.map(function (id) { return byId[id]; });
    if (q.type !== "multiple") {
      var opt = picked[0];
      return {answered: true, correct: opt.correct, score: opt.correct ? 1 : 0,
        feedback: [opt.feedback], message: null};
    }
    var nCorrect = q.options.filter(function (o) { return o.correct; }).length;
    var hits = picked.filter(function (o) { return o.correct; }).length;
    var score = Math.max(0, (hits - (picked.length - hits)) / nCorrect);
    var lines = picked.map(function (o) {
      return (o.correct ? "\u2713 " : "\u2717 ") + o.text + ": " + o.feedback;
    });
    q.options.forEach(function (o) {
      if (o.correct && chosen.indexOf(o.id) < 0) lines.push("Missed: " + o.text + ": " + o.feedback);
    });
    return {answered: true, correct: score === 1, score: score, feedback: lines, message: null};
  }

  /* Grade one response: an option id, a list of ids (multiple) or typed text
   * (numeric); null means not answered. Feedback lines are HTML. */
  function gradeQuestion(q, response) {
    if (q.type === "numeric") return gradeNumeric(q, response);
    if (response === null || response === undefined) return gradeChoice(q, []);
    if (!Array.isArray(response)) response = [response];
    return gradeChoice(q, response);
  }

  function percent(x) { return Math.round(x * 100) + "%"; }

  function box(kind, html) {
    return '<div role="status" class="bsld-msg bsld-msg-' + kind + '">' + html + "</div>";
  }

  function feedbackHtml(q, g) {
    if (!g.answered) return box("warn", esc(g.message || "No answer given yet."));
    var verdict, kind;
    if (g.correct) { verdict = "Correct."; kind = "ok"; }
    else if (g.score > 0) { verdict = "Partly right (" + percent(g.score) + " of the marks)."; kind = "warn"; }
    else { verdict = "Not quite."; kind = "error"; }
    var lines = ["<strong>" + verdict + "</strong>"];
    if (g.message) lines.push(esc(g.message));
    lines = lines.concat(g.feedback, [q.explanation, "<small>Source: " + q.sources + "</small>"]);
    return box(kind, lines.join("<br>"));
  }

  function responseOf(form, q) {
    var name = form.dataset.quizId + "-" + q.id;
    if (q.type === "numeric") {
      var text = form.querySelector('input[name="' + name + '"]').value;
      return text === "" ? null : text;
    }
    var ticked = Array.prototype.slice.call(
      form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
    if (q.type === "multiple") return ticked;
    return ticked.length ? ticked[0] : null;
  }

  function check(form, bank) {
    var total = 0, answered = 0;
    bank.questions.forEach(function (q) {
      var g = gradeQuestion(q, responseOf(form, q));
      total += g.score;
      answered += g.answered ? 1 : 0;
      form.querySelector('[data-feedback-for="' + q.id + '"]').innerHTML = feedbackHtml(q, g);
    });
    var n = bank.questions.length, missing = n - answered;
    var text = "Score: " + String(Math.round(total * 100) / 100) + " out of " + n +
      " (" + percent(total / n) + ").";
    if (missing) text += " " + missing + " question" + (missing > 1 ? "s" : "") + " not answered yet.";
    form.querySelector(".bsld-score").innerHTML = box(total / n >= 0.8 ? "ok" : "info", esc(text));
  }

  function reset(form, bank) {
    form.reset();
    bank.questions.forEach(function (q) {
      form.querySelector('[data-feedback-for="' + q.id + '"]').innerHTML = "";
    });
    form.querySelector(".bsld-score").innerHTML = "";
  }

  function start(doc) {
    var scripts = doc.querySelectorAll("script.bsld-quiz-data");
    Array.prototype.forEach.call(scripts, function (script) {
      var bank = JSON.parse(script.textContent);
      var form = doc.getElementById(script.dataset.form);
      if (!form || form.dataset.ready) return;
      form.dataset.ready = "1";
      form.addEventListener("submit", function (event) { event.preventDefault(); check(form, bank); });
      form.querySelector(".bsld-retry").addEventListener("click", function () { reset(form, bank); });
    });
  }

  var api = {gradeQuestion: gradeQuestion, parseNumber: parseNumber, start: start};
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.bsldQuiz = api;
    if (root.document.readyState === "loading") {
      root.document.addEventListener("DOMContentLoaded", function () { start(root.document); });
    } else {
      start(root.document);
    }
  }
}(typeof window !== "undefined" ? window : this));
