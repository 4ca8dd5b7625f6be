// Counts down to the attempt's deadline. The server enforces the deadline; this
// only shows it, and reloads the page when time is up so the result appears.
(function () {
  for (const timer of document.querySelectorAll(".countdown[data-deadline]")) {
    if (timer.dataset.started) continue;
    timer.dataset.started = "1";
    const deadline = new Date(timer.dataset.deadline).getTime();
    const out = timer.querySelector("[data-remaining]");
    const tick = () => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      const m = Math.floor(left / 60), s = left % 60;
      out.textContent = `${m}분 ${String(s).padStart(2, "0")}초`;
      timer.classList.toggle("urgent", left <= 60);
      if (left === 0) { clearInterval(handle); window.location.reload(); }
    };
    const handle = setInterval(tick, 1000);
    tick();
  }
})();
