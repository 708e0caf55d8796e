// The editor's menu names its buttons in English, in code that does not ask for a
// translation ("bold", "unordered list"). Each title, screen-reader label and block type
// is looked up in the admin's JavaScript catalogue (the portal's djangojs.po), again
// whenever the menu redraws a button, so archivists read them in the admin's language.
(function () {
  "use strict";
  var translate = window.gettext || function (text) { return text; };

  function relabel(menubar) {
    menubar.querySelectorAll(".prose-menubar__button[title]").forEach(function (button) {
      var title = translate(button.getAttribute("title"));
      if (button.getAttribute("title") !== title) {
        button.setAttribute("title", title);
      }
      if (button.getAttribute("aria-label") !== title) {
        button.setAttribute("aria-label", title);
      }
    });
    menubar.querySelectorAll(".prose-menubar__option > *").forEach(function (option) {
      var text = translate(option.textContent);
      if (option.textContent !== text) {
        option.textContent = text;
      }
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.target.closest(".prose-editor");
    var menubar = editor && editor.querySelector(".prose-menubar");
    if (!menubar) {
      return;
    }
    relabel(menubar);
    new MutationObserver(function () { relabel(menubar); }).observe(menubar, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["title"],
    });
  });
})();
