// Small enhancements; every page works without them.
(function () {
  "use strict";

  // "/" focuses the search box, unless the user is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.getElementById("q") || document.querySelector("[data-search-box]");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  // A search's growth chart comes apart from its results (counting takes longer than the
  // search): fetched into its place; without script, the link opens it.
  document.querySelectorAll("[data-growth-chart]").forEach(function (slot) {
    fetch(slot.dataset.growthChart, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      slot.outerHTML = html;
    }).catch(function () {});
  });

  // Bookmark toggles without a reload; on any failure the form is sent the ordinary way
  // (which also sends anonymous users to the login page).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-bookmark]") || form.dataset.plain) return;
    event.preventDefault();
    var action = form.querySelector("input[name=action]");
    var button = form.querySelector("button");
    button.disabled = true;
    // getAttribute: the form has an input named "action", which shadows form.action.
    fetch(form.getAttribute("action"), {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      var on = data.bookmarked;
      action.value = on ? "remove" : "add";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      var title = button.getAttribute("aria-label").replace(/^(Bookmarked \(press to remove\)|Bookmark): /, "");
      button.setAttribute("aria-label", (on ? "Bookmarked (press to remove): " : "Bookmark: ") + title);
      button.textContent = on ? "★ Bookmarked" : "☆ Bookmark";
      button.disabled = false;
    }).catch(function () {
      form.dataset.plain = "1";
      form.submit();
    });
  });

  // Copy buttons (BibTeX, API token).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.dataset.copy);
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });
})();
