import { useSyncExternalStore } from "react";
import { hanoiWallClock } from "../../core/time";
import { DATA_CACHE, keptCopy } from "./rules";

/**
 * Whether the page is showing kept data because the network is gone, and since when that data is (ADR 0147).
 * api.ts reports every answer here; the banner in the layout reads it.
 */
export interface OfflineState {
  offline: boolean;
  /** The oldest kept answer shown while offline (ISO); null until one is shown. */
  savedAt: string | null;
  /** A new version of the app is installed and waits for the page to accept it. */
  update: (() => void) | null;
}

/** The state a page starts in; also what the server's drawing of the first screen shows (ADR 0191): online. */
const ONLINE: OfflineState = { offline: false, savedAt: null, update: null };
let state: OfflineState = ONLINE;
const listeners = new Set<() => void>();

function set(next: Partial<OfflineState>): void {
  const merged = { ...state, ...next };
  if (merged.offline === state.offline && merged.savedAt === state.savedAt && merged.update === state.update) return;
  state = merged;
  for (const listener of listeners) listener();
}

export function isOffline(): boolean {
  return state.offline || (typeof navigator !== "undefined" && navigator.onLine === false);
}

/** An answer arrived: from the cache (it carries the moment it was kept) or fresh from the server. */
export function noteAnswer(savedAt: string | null): void {
  if (savedAt) set({ offline: true, savedAt: olderOf(state.offline ? state.savedAt : null, savedAt) });
  else if (navigator.onLine) set({ offline: false, savedAt: null });
}

export function noteOffline(): void {
  set({ offline: true });
}

export function noteOnline(): void {
  set({ offline: false, savedAt: null });
}

export function offerUpdate(apply: () => void): void {
  set({ update: apply });
}

function olderOf(a: string | null, b: string): string {
  return a && a < b ? a : b;
}

export function useOfflineState(): OfflineState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => ONLINE,
  );
}

/**
 * How the banner names the moment of the data: the time (Hanoi) when it is from today, the time and the day
 * otherwise — "dữ liệu lúc 07:45" reads as today's to anyone.
 */
export function savedAtLabel(savedAt: string, now: Date): { time: string; date: string | null } {
  const saved = hanoiWallClock(savedAt).toISOString();
  const today = hanoiWallClock(now).toISOString().slice(0, 10);
  const time = saved.slice(11, 16);
  if (saved.slice(0, 10) === today) return { time, date: null };
  const [year, month, day] = saved.slice(0, 10).split("-");
  return { time, date: `${day}/${month}/${year}` };
}

/** Sign-out: the member's kept answers go, so the next person on this phone cannot read them offline. */
/**
 * Keeps an answer that came inside the page — the home the server drew (ADR 0191) — as the worker keeps one it
 * fetched (worker.ts), so offline the home still shows what it last showed.
 */
export async function keepAnswer(url: string, body: string): Promise<void> {
  if (typeof caches === "undefined") return;
  const cache = await caches.open(DATA_CACHE);
  await cache.put(new Request(url), keptCopy(body, { "content-type": "application/json; charset=utf-8" }, new Date()));
}

export async function clearOfflineData(): Promise<void> {
  if (typeof caches !== "undefined") await caches.delete(DATA_CACHE).catch(() => false);
  set({ offline: false, savedAt: null });
}
