// kgqa chat page. Everything from the server is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var log = document.getElementById("kgqa-log");
  var form = document.getElementById("kgqa-form");
  var input = document.getElementById("kgqa-q");
  var send = document.getElementById("kgqa-send");
  var previous = null; // the last answered turn: {question, intent, entities}
  var base = (document.currentScript && document.currentScript.dataset.endpoint) || "";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function chip(label, question) {
    var b = el("button", "kgqa-chip", label);
    b.type = "button";
    b.addEventListener("click", function () { ask(question, true); });
    return b;
  }

  function renderAnswer(box, a) {
    if (!a.answered) box.classList.add("kgqa-unknown");
    box.appendChild(el("p", "kgqa-text", a.text));
    if (a.answers && a.answers.length && a.boolean === null) {
      var ul = el("ul", "kgqa-items");
      a.answers.slice(0, 12).forEach(function (item) {
        var li = el("li", null, item.label);
        var extra = [];
        if (item.role) extra.push(item.role);
        if (item.sources) extra.push(item.sources + (item.sources === 1 ? " article" : " articles"));
        if (extra.length) li.appendChild(el("span", "kgqa-role", " (" + extra.join(", ") + ")"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (a.evidence && a.evidence.length) {
      var details = el("details", "kgqa-sources");
      details.appendChild(el("summary", null, "Sources (" + a.evidence.length + " cited sentence" +
        (a.evidence.length === 1 ? "" : "s") + ")"));
      a.evidence.forEach(function (q) {
        var block = el("blockquote", "kgqa-quote");
        block.appendChild(el("span", "kgqa-quote-text", "\u201c" + q.quote + "\u201d"));
        block.appendChild(el("span", "kgqa-cite", "\u2014 " + (q.title || q.document) +
          (q.section ? " \u00b7 " + q.section : "")));
        details.appendChild(block);
      });
      box.appendChild(details);
    }
    var chips = el("div", "kgqa-chips");
    (a.alternatives || []).forEach(function (alt) {
      chips.appendChild(chip("Did you mean the " + alt.label + "?", alt.question || alt.label));
    });
    if (!a.answered) {
      (a.suggestions || []).forEach(function (s) { chips.appendChild(chip(s, s)); });
    } else {
      followUps(a).forEach(function (f) { chips.appendChild(chip(f, f)); });
    }
    if (chips.childNodes.length) box.appendChild(chips);
  }

  function followUps(a) {
    var out = [];
    var hasExercise = (a.entities || []).some(function (e) { return e.type === "Exercise"; });
    if (!hasExercise) return out;
    if (a.intent !== "mistakes") out.push("What mistakes should I avoid?");
    if (a.intent !== "muscles") out.push("What muscles does it work?");
    if (a.intent !== "progression") out.push("How do I make it harder?");
    return out.slice(0, 2);
  }

  function ask(question, followUp) {
    question = (question || "").trim();
    if (!question) return;
    var turn = el("li", "kgqa-turn");
    turn.appendChild(el("div", "kgqa-q", question));
    var box = el("div", "kgqa-a", "\u2026");
    turn.appendChild(box);
    log.appendChild(turn);
    send.disabled = true;
    var body = { question: question };
    if (previous && followUp !== false) body.context = previous;
    fetch(base + "/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      box.textContent = "";
      if (!res.ok || res.data.error) {
        box.classList.add("kgqa-error");
        box.appendChild(el("p", "kgqa-text", (res.data.error && res.data.error.message) || "Something went wrong."));
        return;
      }
      renderAnswer(box, res.data);
      if (res.data.answered) {
        previous = { question: res.data.question, intent: res.data.intent, entities: res.data.entities };
      }
    }).catch(function () {
      box.textContent = "";
      box.classList.add("kgqa-error");
      box.appendChild(el("p", "kgqa-text", "The server could not be reached."));
    }).then(function () {
      send.disabled = false;
      turn.scrollIntoView({ block: "end" });
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value;
    input.value = "";
    ask(q, true);
  });
  document.getElementById("kgqa-new").addEventListener("click", function () {
    previous = null;
    log.textContent = "";
    input.focus();
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) ask(initial, false);
})();
