// Unit pickers (templates/_unit_picker.html): suggest up to 20 units while the user types.
// Without JavaScript the box still works: the typed code is looked up when the form is sent.
(function () {
  "use strict";
  document.querySelectorAll("input[data-unit-search]").forEach(function (input) {
    if (input.dataset.unitPickerReady) return;
    input.dataset.unitPickerReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = input.value.trim();
        if (query === asked) return;
        asked = query;
        if (!query) { list.replaceChildren(); return; }
        fetch(input.dataset.unitSearch + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" }, credentials: "same-origin"
        })
          .then(function (response) { return response.ok ? response.json() : { units: [] }; })
          .then(function (data) {
            if (query !== asked) return; // a later answer is on its way
            list.replaceChildren.apply(list, (data.units || []).map(function (unit) {
              var option = document.createElement("option");
              option.value = unit.code;
              option.label = unit.name;
              option.textContent = unit.name;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a help only: the typed code still works */ });
      }, 200);
    });
  });
})();
