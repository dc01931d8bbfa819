// Typesets the TeX math of titles and abstracts (elements marked `.tex`) with the vendored
// KaTeX. Only $…$ and \(…\) spans ($$…$$ inline too); a span KaTeX cannot parse stays as
// the author wrote it (auto-render keeps its text when KaTeX throws), with no error shown.
(function () {
  "use strict";
  if (!window.renderMathInElement) return;
  var options = {
    delimiters: [
      { left: "$$", right: "$$", display: false },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false }
    ],
    throwOnError: true,
    errorCallback: function () {},
    ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "option", "mark"]
  };
  document.querySelectorAll(".tex").forEach(function (element) {
    window.renderMathInElement(element, options);
  });
})();
