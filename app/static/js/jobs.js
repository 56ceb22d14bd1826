// A job's page: poll /jobs/<id>.json once a second and move the bar until the job ends (no library).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || box.dataset.finished) { return; }
  var bar = document.getElementById("job-bar");
  var count = document.getElementById("job-count");
  var status = document.getElementById("job-status");
  var message = document.getElementById("job-message");

  function show(job) {
    status.textContent = job.status_label;
    status.className = "status status-" + job.status;
    message.textContent = job.message || "";
    if (job.total) {
      bar.max = job.total;
      bar.value = job.status === "done" ? job.total : job.done;
      count.textContent = (job.status === "done" ? job.total : job.done) + " / " + job.total + "（" + job.percent + "%）";
    } else if (job.status === "done") {
      bar.max = 1; bar.value = 1;
    }
    if (!job.finished) { return false; }
    box.dataset.finished = "1";
    if (job.error) {
      document.getElementById("job-error-text").textContent = job.error;
      document.getElementById("job-error").hidden = false;
    }
    if (job.download) {
      document.getElementById("job-download").href = job.download;
      document.getElementById("job-result").hidden = false;
    }
    var again = document.getElementById("job-reload");
    if (again && job.status === "done") { window.location.reload(); }
    return true;
  }

  function poll() {
    fetch(box.dataset.status, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) { if (!job || !show(job)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
