/* pydata-sphinx-theme gives a few buttons an aria-label that differs from their visible text
   (axe rule label-content-name-mismatch, WCAG 2.5.3): name them by the text a reader sees. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".search-button-field[aria-label], .theme-switch-button[aria-label], .nav-link[aria-label]")
    .forEach(function (element) {
      var text = element.textContent.replace(/\s+/g, " ").trim();
      if (text) { element.setAttribute("aria-label", text); } else { element.removeAttribute("aria-label"); }
    });
});

/* Sphinx marks the bibliography role="list" but its entries role="doc-biblioentry", so the list
   has no list items (axe rule aria-required-children): make each entry a list item. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".citation-list[role='list'] > .citation").forEach(function (entry) {
    entry.setAttribute("role", "listitem");
  });
});
