/* thesis-site: copy buttons for citations (progressive enhancement, no external code). */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button.ts-copy") : null;
  if (!button) return;
  var source = document.querySelector(button.getAttribute("data-copy"));
  if (!source) return;
  var text = source.innerText.trim();
  var done = function () {
    var label = button.textContent;
    button.textContent = button.dataset.copied;
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

/* Antecedents table: filter by scope and approach, sort by column (the table works without it). */
(function () {
  var table = document.getElementById("tabla-antecedentes");
  var form = document.getElementById("filtro-antecedentes");
  if (!table || !form) return;
  form.hidden = false;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function filter() {
    var scope = form.elements.scope.value, approach = form.elements.approach.value, shown = 0;
    rows.forEach(function (row) {
      var ok = (!scope || row.getAttribute("data-scope") === scope) && (!approach || row.getAttribute("data-approach") === approach);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    form.elements.count.value = shown + " de " + rows.length + " estudios";
  }
  form.addEventListener("change", filter);
  filter();
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
    var kind = cell.getAttribute("data-sort");
    if (!kind) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ts-sort";
    button.textContent = cell.textContent;
    cell.textContent = "";
    cell.appendChild(button);
    cell.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = cell.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { if (c.hasAttribute("aria-sort")) c.setAttribute("aria-sort", "none"); });
      cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
        var order = kind === "number" ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "es");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
