// The editor's menu names its buttons in English, in code that does not ask for a
// translation ("bold", "unordered list"). Each title, screen-reader label and block type
// is looked up in the admin's JavaScript catalogue (the portal's djangojs.po), again
// whenever the menu redraws a button, so archivists read them in the admin's language.
(function () {
  "use strict";
  // Looked up when used: the admin's catalogue may load after this script.
  function translate(text) {
    return window.gettext ? window.gettext(text) : text;
  }

  function relabel(editor) {
    editor.querySelectorAll(".prose-menubar__button[title]").forEach(function (button) {
      var title = translate(button.getAttribute("title"));
      if (button.getAttribute("title") !== title) {
        button.setAttribute("title", title);
      }
      if (button.getAttribute("aria-label") !== title) {
        button.setAttribute("aria-label", title);
      }
    });
    editor.querySelectorAll(".prose-menubar__option > *").forEach(function (option) {
      var text = translate(option.textContent);
      if (option.textContent !== text) {
        option.textContent = text;
      }
    });
  }

  function inMenu(mutation) {
    var target = mutation.target;
    return target.closest(".prose-menubar") || !target.closest(".ProseMirror");
  }

  // The menu is drawn after the editor reports ready, and redrawn as the text changes.
  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.target.closest(".prose-editor");
    if (!editor) {
      return;
    }
    relabel(editor);
    new MutationObserver(function (mutations) {
      if (mutations.some(inMenu)) {
        relabel(editor);
      }
    }).observe(editor, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["title"],
    });
  });
})();
