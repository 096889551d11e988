import { Worker } from "node:worker_threads";
import type { Inspection, InspectOptions } from "./inspect.js";
import type { UploadLimits } from "./limits.js";
import { unzippedTooLarge, UploadRejected, type RejectionCode, type RejectionParams } from "./rejection.js";
import type { InspectRequest } from "./worker.js";

/**
 * Runs file inspections in worker threads, never on the event loop: the server keeps answering while a file is
 * read. At most MAX_WORKERS run at once (more files wait their turn), each with a time limit; a worker that
 * passes it is terminated, which stops any work however it is stuck, and the file is refused. Idle workers
 * are kept a while for the next file, then end.
 */
const MAX_WORKERS = 2;
const IDLE_MS = 30_000;
/** Heap for a worker's strings (a document.xml within the unzipped limit, its paragraphs). */
const WORKER_HEAP_MB = 256;

interface Slot {
  worker: Worker;
  idleTimer: NodeJS.Timeout | null;
}

const idle: Slot[] = [];
const waiting: ((slot: Slot) => void)[] = [];
let alive = 0;

const fromSources = import.meta.url.endsWith(".ts");

function spawn(): Slot {
  // From the sources the worker is TypeScript, loaded through tsx; the built server has it bundled beside cli.mjs.
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  const worker = fromSources
    ? new Worker(new URL("./worker-boot.mjs", import.meta.url), {
        workerData: { entry: new URL("./worker.ts", import.meta.url).href },
        resourceLimits,
      })
    : new Worker(new URL("./upload-worker.mjs", import.meta.url), { resourceLimits });
  alive++;
  return { worker, idleTimer: null };
}

function acquire(): Promise<Slot> {
  const slot = idle.pop();
  if (slot) {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.worker.ref();
    return Promise.resolve(slot);
  }
  if (alive < MAX_WORKERS) return Promise.resolve(spawn());
  return new Promise((resolve) => waiting.push(resolve));
}

function release(slot: Slot) {
  const next = waiting.shift();
  if (next) return next(slot);
  // An idle worker must not keep a command such as `chibo import-members` from ending.
  slot.worker.unref();
  slot.idleTimer = setTimeout(() => {
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    discard(slot);
  }, IDLE_MS);
  slot.idleTimer.unref();
  idle.push(slot);
}

function discard(slot: Slot) {
  alive--;
  slot.worker.removeAllListeners();
  void slot.worker.terminate();
  // Someone waiting gets a fresh worker in place of the one that ended.
  const next = waiting.shift();
  if (next) next(spawn());
}

type Reply = { ok: true; result: Inspection } | { ok: false; code: RejectionCode; params: RejectionParams };

/** Inspects a file in a worker thread; throws UploadRejected when the file is refused or takes too long. */
export async function inspectInWorker(
  bytes: Uint8Array,
  limits: UploadLimits,
  options: InspectOptions = {},
): Promise<Inspection> {
  const slot = await acquire();
  return new Promise<Inspection>((resolve, reject) => {
    const done = (settle: () => void, keep: boolean) => {
      clearTimeout(timer);
      slot.worker.removeAllListeners("message").removeAllListeners("error").removeAllListeners("exit");
      if (keep) release(slot);
      else discard(slot);
      settle();
    };
    const tooLong = () => reject(new UploadRejected("timeout", { seconds: limits.timeoutMs / 1000 }));
    const timer = setTimeout(() => done(tooLong, false), limits.timeoutMs);
    slot.worker.on("message", (reply: Reply) =>
      done(() => (reply.ok ? resolve(reply.result) : reject(new UploadRejected(reply.code, reply.params))), true),
    );
    slot.worker.on("error", (err: Error & { code?: string }) => {
      // Out of memory is the file's doing; anything else (the worker could not start) is the server's.
      const oom = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      done(() => reject(oom ? unzippedTooLarge(limits) : err), false);
    });
    slot.worker.on("exit", (code) => done(() => reject(new Error(`upload worker exited (${code})`)), false));
    const request: InspectRequest = { bytes, limits, options };
    slot.worker.postMessage(request);
  });
}
