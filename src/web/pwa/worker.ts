/**
 * The service worker (ADR 0147): the app shell from the cache, the member's last API answers when the network is
 * gone, push notifications (ADR 0148). Built by vite.config.ts into /sw.js with the shell's file list and a version.
 */
import {
  ASSET_CACHE,
  DATA_CACHE,
  DATA_CACHE_LIMIT,
  endsSession,
  mayKeep,
  keptCopy,
  shellCache,
  SKIP_WAITING,
  strategyFor,
} from "./rules";

declare const __SHELL__: string[];
declare const __VERSION__: string;

// The DOM library describes a page; these are the few parts of a worker's world this file uses.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification & { data: unknown };
}
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface Worker {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: "window"; includeUncontrolled?: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  registration: { showNotification(title: string, options: NotificationOptions): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "push", listener: (event: PushEvent) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationEvent) => void): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}
const worker = self as unknown as Worker;
const SHELL = shellCache(__VERSION__);

worker.addEventListener("install", (event) => {
  // The new version waits until the page accepts it (register.ts), so a page is never served a mix of versions.
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(__SHELL__)));
});

worker.addEventListener("message", (event) => {
  if (event.data === SKIP_WAITING) void worker.skipWaiting();
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith("chibo-shell-") && name !== SHELL) await caches.delete(name);
      // The first visit's page is served from here on, so what it reads next is kept for offline.
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener("fetch", (event) => {
  const strategy = strategyFor(event.request, worker.location.origin);
  if (strategy === "page") event.respondWith(page(event.request));
  else if (strategy === "asset") event.respondWith(asset(event.request));
  else if (strategy === "data") event.respondWith(data(event.request));
});

async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    // Every app path is the same single page; the router reads the address.
    return (await caches.match("/", { cacheName: SHELL })) ?? Response.error();
  }
}

async function asset(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(ASSET_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function data(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    const kept = await caches.match(request, { cacheName: DATA_CACHE });
    return kept ?? Response.error();
  }
  if (endsSession(response.status)) await caches.delete(DATA_CACHE);
  else if (mayKeep(response.status, response.headers.get("content-type"))) await keep(request, response.clone());
  return response;
}

/** Keeps an answer with the moment it arrived, which the page shows as "dữ liệu lúc HH:MM" when offline. */
async function keep(request: Request, response: Response): Promise<void> {
  const body = await response.blob();
  const cache = await caches.open(DATA_CACHE);
  await cache.delete(request);
  await cache.put(request, keptCopy(body, response.headers, new Date()));
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - DATA_CACHE_LIMIT))) await cache.delete(old);
}

interface PushMessage {
  title: string;
  body: string;
  link: string | null;
  tag: string;
}

worker.addEventListener("push", (event) => {
  const message = event.data?.json() as PushMessage | undefined;
  if (!message) return;
  event.waitUntil(
    worker.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag,
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { link: message.link ?? "/thong-bao" },
    }),
  );
});

worker.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = (event.notification.data as { link?: string } | null)?.link ?? "/thong-bao";
  event.waitUntil(
    (async () => {
      const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows[0];
      if (open) {
        await open.focus();
        await open.navigate(link);
      } else await worker.clients.openWindow(link);
    })(),
  );
});
