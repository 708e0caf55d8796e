// Tiptap, under the admin's rich-text editor, writes its base styles into an inline
// <style> unless the page already has one marked data-tiptap-style. The portal's
// Content-Security-Policy refuses inline styles without the page's nonce, so the marked
// element is put here, empty and with the nonce this script was given; the base styles
// themselves come from tiptap.css beside this file.
(function () {
  "use strict";
  if (document.querySelector("style[data-tiptap-style]")) {
    return;
  }
  var style = document.createElement("style");
  var script = document.currentScript;
  if (script && script.nonce) {
    style.nonce = script.nonce;
  }
  style.setAttribute("data-tiptap-style", "");
  document.head.appendChild(style);
})();
