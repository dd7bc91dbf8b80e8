/* thesis-site: draw the reconstructed code networks with the Mermaid copy served by this site. */
(function () {
  if (typeof mermaid === "undefined") return;
  var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
  mermaid.initialize({ startOnLoad: false, securityLevel: "antiscript", theme: dark ? "dark" : "default", flowchart: { htmlLabels: false } });
  mermaid.run({ querySelector: "pre.ts-mermaid" }).then(function () {
    document.querySelectorAll("pre.ts-mermaid").forEach(function (el) { el.removeAttribute("aria-hidden"); });
  });
})();
