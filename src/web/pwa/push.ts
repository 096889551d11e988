import { api, request } from "../api";
import type { PushKey } from "../../core/push/present";

/** Push needs a service worker, the Push API and notifications; an iPhone has them only for an installed app. */
export async function pushRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return null;
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  return (await (await pushRegistration())?.pushManager.getSubscription()) ?? null;
}

/** The VAPID public key, base64url, as the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type EnableResult = "on" | "denied" | "unsupported";

/** Asks the browser for permission, subscribes it with the installation's key and tells the server (ADR 0148). */
export async function enablePush(): Promise<EnableResult> {
  const registration = await pushRegistration();
  if (!registration) return "unsupported";
  if ((await Notification.requestPermission()) !== "granted") return "denied";
  const { publicKey } = await api.get<PushKey>("/api/push/key");
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await api.put("/api/push/subscription", subscription.toJSON());
  return "on";
}

/**
 * Stops pushes to this browser: the server forgets it, then the browser drops it. On sign-out too, so the next
 * person on a shared phone does not see the last one's notices; offline, the browser's unsubscribe alone makes
 * the push service answer "gone" and the server drops it at the next send.
 */
export async function disablePush(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  try {
    await request("DELETE", "/api/push/subscription", { endpoint: subscription.endpoint });
  } finally {
    await subscription.unsubscribe();
  }
}
