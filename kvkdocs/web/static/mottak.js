// The intake page: each file's verdict shown as soon as it is ready.
// Asks the page's status address for changes (the answer waits up to 10 s for one),
// puts the new rows in the table and the progress in the live region, and stops when
// every file is checked. Without JavaScript the «Oppdater» link does the same by hand.
(function () {
  "use strict";
  var table = document.getElementById("mottak-filer");
  if (!table || !window.fetch) { return; }
  var address = table.getAttribute("data-status");
  var state = table.getAttribute("data-tilstand");
  var body = table.querySelector("tbody");
  var progress = document.getElementById("framdrift");
  var meter = document.getElementById("framdrift-maaler");
  var refresh = document.getElementById("oppdater-rad");
  var failures = 0;

  function show(answer) {
    body.innerHTML = answer.rader;
    if (meter) { meter.value = answer.kontrollert; meter.max = answer.antall; }
    if (progress && progress.textContent !== answer.framdrift) { progress.textContent = answer.framdrift; }
    state = answer.tilstand;
  }

  function ask() {
    fetch(address + "?kjent=" + encodeURIComponent(state), {
      credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (answer) {
      failures = 0;
      if (answer.tilstand !== state) { show(answer); }
      if (answer.ferdig) {
        if (refresh) { refresh.hidden = true; }
        return;
      }
      window.setTimeout(ask, 500);
    }).catch(function () {
      failures += 1;  // the server restarting or the network gone: try again, less often
      window.setTimeout(ask, Math.min(30000, 1000 * failures));
    });
  }

  window.setTimeout(ask, 300);
}());
