import { isOffline, noteOffline, noteOnline, offerUpdate } from "./offline";
import { SKIP_WAITING } from "./rules";

const HOUR = 60 * 60_000;
const RETRY = 10_000;

/**
 * Installs the service worker (ADR 0147). A new version installs in the background and waits; the page offers a
 * reload, and accepting it activates the new worker and reloads once. Back online, `onOnline` refreshes the data.
 */
export function startOfflineSupport(onOnline: () => void): void {
  window.addEventListener("offline", noteOffline);
  window.addEventListener("online", () => {
    noteOnline();
    onOnline();
  });
  if (!navigator.onLine) noteOffline();
  // The phone says it is online but the server still does not answer (a weak signal, the network coming back
  // slowly): ask again now and then, so the banner goes as soon as fresh data arrives.
  setInterval(() => {
    if (navigator.onLine && isOffline()) onOnline();
  }, RETRY);
  if (!("serviceWorker" in navigator)) return;

  // The first install takes over the page without a reload; only a replacement of a running version reloads.
  const hadWorker = !!navigator.serviceWorker.controller;
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!hadWorker || reloading) return;
    reloading = true;
    window.location.reload();
  });

  void navigator.serviceWorker.register("/sw.js").then(
    (registration) => {
      const offer = (waiting: ServiceWorker) => offerUpdate(() => waiting.postMessage(SKIP_WAITING));
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const installing = registration.installing;
        installing?.addEventListener("statechange", () => {
          if (installing.state === "installed" && navigator.serviceWorker.controller) offer(installing);
        });
      });
      // An app kept open for days (a phone rarely closes it) still learns of a new version.
      setInterval(() => void registration.update().catch(() => {}), HOUR);
    },
    () => {
      // No worker (the development server has none): the app works online as before.
    },
  );
}
