// The guided form, better with JavaScript: a changed field saves the step and its findings are
// shown at once (the same request a «Lagre og kontroller» sends; the page works without this file).
(function () {
  "use strict";
  var form = document.querySelector("form[data-sjekk]");
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var busy = null;

  function refresh(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var active = document.activeElement;
    var area = fresh.getElementById("funn-omrade");
    if (area) { document.getElementById("funn-omrade").innerHTML = area.innerHTML; }
    fresh.querySelectorAll(".funn-boks[data-for]").forEach(function (box) {
      var mine = document.querySelector('.funn-boks[data-for="' + box.getAttribute("data-for") + '"]');
      if (mine) { mine.innerHTML = box.innerHTML; }
    });
    form.querySelectorAll("[id]").forEach(function (element) {
      var twin = fresh.getElementById(element.id);
      if (!twin) { return; }
      ["aria-describedby", "aria-invalid"].forEach(function (name) {
        if (twin.hasAttribute(name)) { element.setAttribute(name, twin.getAttribute(name)); }
        else { element.removeAttribute(name); }
      });
    });
    // Findings that appeared above the field in use push it down: keep it in view (WCAG 2.4.11).
    if (active && active !== document.body && active.getBoundingClientRect) {
      var box = active.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { active.scrollIntoView({ block: "nearest" }); }
    }
  }

  function check() {
    var data = new URLSearchParams(new FormData(form));
    data.set("handling", "lagre");
    if (busy) { busy.abort(); }
    var mine = busy = new AbortController();
    form.setAttribute("data-kontrollerer", "ja");  // until the findings are shown (tests wait for it)
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", signal: mine.signal })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { refresh(html); } })
      .catch(function () { /* the submit buttons still work */ })
      .then(function () { if (busy === mine) { form.removeAttribute("data-kontrollerer"); } });
  }

  form.addEventListener("change", check);
  form.addEventListener("submit", function () {  // the submit saves the step itself
    form.removeEventListener("change", check);
    if (busy) { busy.abort(); }
  });
}());
