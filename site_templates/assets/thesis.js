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
