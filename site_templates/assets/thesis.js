/* thesis-site: copy buttons for citations (progressive enhancement, no external code). */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button.ts-copy") : null;
  if (!button) return;
  var source = document.querySelector(button.getAttribute("data-copy"));
  if (!source) return;
  var text = source.innerText.trim();
  var done = function () {
    var label = button.textContent;
    button.textContent = "Copiado";
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, function () {});
  }
});

/* Quote browser filter: shown only when JavaScript runs; without it the page is plain grouped lists. */
(function () {
  var form = document.getElementById("filtro-citas");
  if (!form) return;
  form.hidden = false;
  var cards = Array.prototype.slice.call(document.querySelectorAll("figure.ts-quote[data-informant]"));
  function matches(card, name, value) {
    if (!value) return true;
    var attr = card.getAttribute("data-" + name) || "";
    return name === "informant" ? attr === value : attr.split(" ").indexOf(value) >= 0;
  }
  function apply() {
    var informant = form.elements.informant.value;
    var category = form.elements.categories.value;
    var finding = form.elements.findings.value;
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, "informant", informant) && matches(card, "categories", category) && matches(card, "findings", finding);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("section.ts-group").forEach(function (group) {
      var visible = group.querySelector("figure.ts-quote:not([hidden])") !== null;
      group.hidden = !visible;
      var heading = group.previousElementSibling;
      if (heading && /^H2$/.test(heading.tagName)) heading.hidden = !visible;
    });
    form.elements.count.value = shown + " de " + cards.length + " citas";
  }
  form.addEventListener("change", apply);
  apply();
})();
