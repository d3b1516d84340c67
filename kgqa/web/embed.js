// Embed the kgqa chat in any page:
//   <script src="https://YOUR-KGQA-HOST/static/embed.js" defer></script>
// Adds a "Ask about kickbacks" button that opens the chat page in an iframe served by kgqa itself,
// so the host page needs no CORS set-up. Optional: data-kgqa-open="true" to start open.
(function () {
  "use strict";
  var me = document.currentScript;
  var origin = new URL(me.src).origin;
  var frame = document.createElement("iframe");
  frame.src = origin + "/";
  frame.title = "kgqa chat";
  frame.style.cssText = "position:fixed;right:16px;bottom:72px;width:380px;height:560px;max-width:calc(100vw - 32px);" +
    "border:1px solid #dde1ea;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.15);background:#fff;z-index:2147483000;";
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Ask about kickbacks";
  button.style.cssText = "position:fixed;right:16px;bottom:16px;padding:10px 16px;border:0;border-radius:999px;" +
    "background:#2f6fde;color:#fff;font:15px system-ui,sans-serif;cursor:pointer;z-index:2147483001;";
  var open = me.getAttribute("data-kgqa-open") === "true";
  frame.style.display = open ? "block" : "none";
  button.addEventListener("click", function () {
    open = !open;
    frame.style.display = open ? "block" : "none";
  });
  function mount() { document.body.appendChild(frame); document.body.appendChild(button); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
