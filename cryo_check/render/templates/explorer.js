// The explorer's only behaviour: read the chosen answers, find the engine's result for them
// in the data, write it into the page (with textContent only). No rule, threshold or verdict
// is decided here.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cryo-check-data").textContent);
  var types = {};
  data.types.forEach(function (t) { types[t.id] = t; });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function quoted(evidence) {
    var block = el("blockquote");
    block.appendChild(el("p", null, "\u201c" + evidence.quote + "\u201d"));
    block.appendChild(el("footer", null, "\u2014 " + evidence.source));
    return block;
  }
  function part(box, name) { return box.querySelector("[data-part='" + name + "']"); }
  // A section listing items: its holder emptied, one add() per item, hidden when there are none.
  function fill(box, name, holder, items, add) {
    var section = part(box, name);
    var into = section.querySelector(holder);
    into.textContent = "";
    items.forEach(function (item) { add(into, item); });
    section.hidden = items.length === 0;
  }
  function selects(box) { return box.querySelectorAll("select[data-question]"); }

  function show(box) {
    var type = types[box.getAttribute("data-type")];
    var key = Array.prototype.map.call(selects(box), function (s) { return s.value; })
      .join(data.key_separator);
    var result = type.results[key];
    box.setAttribute("data-verdict", result.verdict);

    var verdict = part(box, "verdict");
    verdict.className = "verdict v-" + result.verdict;
    verdict.textContent = "";
    verdict.appendChild(el("strong", null, "Verdict: "));
    verdict.appendChild(document.createTextNode(result.verdict_text));

    var rows = box.querySelectorAll("tbody tr[data-criterion]");
    result.criteria.forEach(function (c, i) {
      var answer = rows[i].querySelector("[data-cell='answer']");
      var status = rows[i].querySelector("[data-cell='status']");
      answer.textContent = c.answer === null ? "unknown" : c.answer;
      status.textContent = data.status_words[c.status];
      status.className = "s-" + c.status;
      rows[i].setAttribute("data-status", c.status);
    });

    fill(box, "missing", "ul", result.missing, function (list, q) {
      var item = el("li", null, data.questions[q]);
      item.setAttribute("data-question", q);
      list.appendChild(item);
    });

    fill(box, "what-if", "ul", result.what_if, function (list, w) {
      var item = el("li");
      item.setAttribute("data-question", w.question);
      item.setAttribute("data-answer", w.answer);
      item.setAttribute("data-verdict", w.verdict);
      item.appendChild(el("span", "what-if-text", w.text));
      var button = el("button", null, "Try this");
      button.type = "button";
      button.setAttribute("aria-label", "Try this: " + w.text);
      button.addEventListener("click", function () { choose(box, w.question, w.answer); });
      item.appendChild(button);
      list.appendChild(item);
    });

    fill(box, "why", "div", result.reasons, function (reasons, index) {
      var reason = type.reasons[index];
      reasons.appendChild(el("p", null, reason.reason));
      reason.evidence.forEach(function (e) { reasons.appendChild(quoted(e)); });
    });
  }

  function choose(box, question, label) {
    var select = box.querySelector("select[data-question='" + question + "']");
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.text === label) { select.value = option.value; }
    });
    show(box);
    select.focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-without-script]"), function (p) {
    p.hidden = true;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-explorer]"), function (box) {
    Array.prototype.forEach.call(selects(box), function (select) {
      select.addEventListener("change", function () { show(box); });
    });
    show(box);
    box.hidden = false;
  });
  document.documentElement.setAttribute("data-ready", "true");
})();
