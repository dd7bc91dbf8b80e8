// citeproc-js (npm "citeproc", the engine inside Zotero and Mendeley) as a second CSL engine for tests.
// stdin: {"style": CSL XML, "locales": {"es-ES": XML, ...}, "lang": "es-ES", "items": [CSL-JSON], "cites": [[ids]]}
// stdout: {"entries": {id: html}, "cites": [html]}   (offline: everything comes on stdin)
"use strict";
const CSL = require("citeproc");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const data = JSON.parse(input);
  const items = Object.fromEntries(data.items.map((item) => [String(item.id), item]));
  const sys = {
    retrieveLocale: (lang) => data.locales[lang] || data.locales[Object.keys(data.locales).find((l) => l.startsWith(lang))] || false,
    retrieveItem: (id) => items[id],
  };
  const engine = new CSL.Engine(sys, data.style, data.lang, true);
  engine.updateItems(Object.keys(items));
  const cites = (data.cites || []).map((ids) =>
    engine.makeCitationCluster(ids.map((id) => ({ id: String(id) })))
  );
  const [meta, entries] = engine.makeBibliography();
  const out = {};
  meta.entry_ids.forEach((ids, n) => (out[ids[0]] = entries[n]));
  process.stdout.write(JSON.stringify({ entries: out, order: meta.entry_ids.map((ids) => ids[0]), cites }));
});
