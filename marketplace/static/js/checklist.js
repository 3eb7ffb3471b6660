// Long checkbox lists (core/widgets/checklist.html): a filter box that ignores Vietnamese accents,
// and a line saying what is selected. Without this script the list still works as plain checkboxes.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function setup(box) {
    var filter = box.querySelector("[data-checklist-filter]");
    var status = box.querySelector("[data-checklist-status]");
    var labels = Array.prototype.slice.call(box.querySelectorAll(".checklist-options label"));
    function update() {
      var chosen = labels.filter(function (label) {
        var input = label.querySelector("input");
        return input && input.checked;
      }).map(function (label) { return label.textContent.trim(); });
      status.textContent = chosen.length
        ? box.dataset.selectedLabel + " (" + chosen.length + "): " + chosen.join("; ")
        : box.dataset.noneLabel;
    }
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var query = fold(filter.value.trim());
      labels.forEach(function (label) {
        var row = label.closest(".checklist-options > div > div") || label;
        row.hidden = query !== "" && fold(label.textContent).indexOf(query) === -1;
      });
    });
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering, not submitting the form
    });
    box.addEventListener("change", update);
    update();
  }
  document.querySelectorAll("[data-checklist]").forEach(setup);
})();
