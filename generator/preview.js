/* thesis-site live preview (served pages only, never the built site): asks the preview for its state every
   few hundred milliseconds; reloads the page after a good rebuild, and after a failed one shows the build's
   `path:line: message` lines over the page, which stays the last good site. Texts are set with textContent. */
(function () {
  var seen = null;
  function overlay(state) {
    var box = document.getElementById("ts-preview-errors");
    if (!state.errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "ts-preview-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:10000;" +
        "margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5a0000;border-top:4px solid #b00020;" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
      document.body.appendChild(box);
    }
    var head = document.createElement("p");
    head.style.cssText = "margin:0 0 .5rem;font-weight:bold";
    head.textContent = state.title;
    var list = document.createElement("pre");
    list.style.cssText = "margin:0;white-space:pre-wrap;font:inherit";
    list.textContent = state.errors.join("\n");
    var note = document.createElement("p");
    note.style.cssText = "margin:.5rem 0 0";
    note.textContent = state.note;
    box.replaceChildren(head, list, note);
  }
  function poll() {
    fetch("__STATE_URL__", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (seen !== null && state.version !== seen) {
          location.reload();
          return;
        }
        seen = state.version;
        overlay(state);
      })
      .catch(function () {});
  }
  poll();
  setInterval(poll, __POLL_MS__);
})();
