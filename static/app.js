// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content;
const liveStatus = () => document.getElementById("live-status");

// Flask-WTF checks the token on every POST; htmx sends it as a header.
document.addEventListener("htmx:configRequest", (event) => {
  const token = csrfToken();
  if (token) event.detail.headers["X-CSRFToken"] = token;
});

// A filter form's GET leaves out empty fields, so the address bar holds a short link to share.
// A request for exactly what the page already shows is not sent: the search box's change event
// (when it loses focus) follows its own debounced search, and would push a duplicate history
// entry, so "back" seemed to do nothing.
document.addEventListener("htmx:configRequest", (event) => {
  const { verb, elt, formData } = event.detail;
  if (verb !== "get" || !(elt instanceof HTMLFormElement) || !formData) return;
  for (const name of new Set(formData.keys())) {
    if (formData.getAll(name).every((value) => value === "")) formData.delete(name);
  }
  const wanted = new URLSearchParams(formData);
  const shown = new URLSearchParams(window.location.search);
  for (const name of new Set(shown.keys())) {
    if (shown.getAll(name).every((value) => value === "")) shown.delete(name);
  }
  wanted.sort();
  shown.sort();
  const samePath = new URL(event.detail.path, window.location.href).pathname === window.location.pathname;
  if (samePath && elt.hasAttribute("hx-push-url") && wanted.toString() === shown.toString()) {
    event.preventDefault();
  }
});

// GOV.UK components (details, error summaries) in swapped content need starting too.
document.addEventListener("htmx:afterSettle", (event) => {
  const scope = event.detail.elt;
  if (scope && scope.querySelector && scope.querySelector("[data-module]")) {
    initAll({ scope });
  }
  // An error summary that arrives in a fragment takes focus, as it does on a full page.
  const summary = scope && scope.querySelector && scope.querySelector(".govuk-error-summary");
  if (summary) summary.focus();
});

// Server or network trouble: say so, where a screen reader hears it, instead of failing silently.
function announceFailure(text) {
  const region = liveStatus();
  if (region) region.textContent = text;
  let banner = document.getElementById("app-request-error");
  if (!banner) {
    banner = document.createElement("div");
    banner.id = "app-request-error";
    banner.className = "govuk-error-summary";
    banner.setAttribute("role", "alert");
    banner.setAttribute("tabindex", "-1");
    const main = document.getElementById("main-content");
    main?.prepend(banner);
  }
  banner.innerHTML = '<div role="alert"><h2 class="govuk-error-summary__title"></h2></div>';
  banner.querySelector("h2").textContent = text;
  banner.focus();
}

document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  announceFailure(
    status === 503
      ? "The service is unavailable just now. Nothing was lost: try again in a minute."
      : "Sorry, something went wrong and your change was not saved. Try again.",
  );
});
document.addEventListener("htmx:sendError", () => {
  // The request may have been saved before the connection broke (a server restarting):
  // say what to check rather than claim it was not.
  announceFailure("Could not reach the server. Check your connection, then reload the page to see whether your change was saved.");
});
