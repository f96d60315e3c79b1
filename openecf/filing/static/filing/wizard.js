// The filing wizard's behaviour with htmx (a script file: the site's policy allows no inline script).
// Without JavaScript every step still works: its forms post and its links load whole pages.
(() => {
  "use strict";

  const progressBox = (element) => {
    const form = element && element.closest ? element.closest("form") : null;
    return form ? form.querySelector("#upload-progress-box") : null;
  };

  // The upload's progress bar: htmx reports the bytes sent on the form that sends them.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const box = progressBox(event.target);
    if (!box) return;
    box.querySelector("progress").value = 0;
    box.querySelector("#upload-progress-text").textContent = "0%";
    box.hidden = false;
  });
  document.addEventListener("htmx:xhr:progress", (event) => {
    const box = progressBox(event.target);
    if (!box || !event.detail.lengthComputable || !event.detail.total) return;
    const bar = box.querySelector("progress");
    // Upload and download both report progress: the bar only moves forward.
    const percent = Math.max(bar.value, Math.round((100 * event.detail.loaded) / event.detail.total));
    bar.value = percent;
    box.querySelector("#upload-progress-text").textContent = `${percent}%`;
  });

  // A new step: its heading takes the focus, so a screen reader reads the step that came in.
  document.addEventListener("htmx:afterSwap", (event) => {
    const heading = document.getElementById("wizard-heading");
    if (heading && event.detail.target && event.detail.target.id === "wizard-step") heading.focus();
  });

  // A failed request (the server's error, or no network): say so where the step is.
  const showError = (text) => {
    const box = document.getElementById("wizard-error");
    if (!box) return;
    document.getElementById("wizard-error-text").textContent = text;
    box.hidden = false;
    const progress = document.getElementById("upload-progress-box");
    if (progress) progress.hidden = true;
  };
  document.addEventListener("htmx:responseError", () =>
    showError("The court's system could not complete your request. Try again; if it fails again, contact the CM/ECF Help Desk."),
  );
  document.addEventListener("htmx:sendError", () =>
    showError("Your request did not reach the court. Check your connection and try again."),
  );
})();
