import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker } from "node:worker_threads";

/**
 * CPU-heavy work (rendering a document, parsing an upload) off the event loop: tasks run in worker threads
 * with a time limit and a heap limit, so the server keeps answering while they run and a runaway task is
 * stopped (its thread is terminated).
 *
 * A task is a module that calls `serveWorker(fn)`; the caller names it with `workerEntry(import.meta.url,
 * "name")` and runs it with `runInWorker(entry, input, limits)`. Under the TypeScript sources the entry is
 * `name.ts` beside the caller, loaded through tsx; in the built server it is `dist/server/name.mjs`
 * (scripts/build.mjs bundles each entry listed there).
 *
 * Starting a thread and loading its libraries costs about a second, so a thread stays for the next task of
 * the same entry and ends after a short idle time, which also hands its memory back.
 */

export interface WorkerLimits {
  /** Wall-clock time the task may run once started; the thread is terminated after it. */
  timeoutMs: number;
  /** V8 old-generation heap of the thread; past it the thread dies and the task fails. */
  maxHeapMb?: number;
  /**
   * V8 young generation of the thread (Node's default grows to 48 MB). Smaller keeps the thread's memory near what
   * its task holds, for more frequent scavenges (ADR 0194).
   */
  youngGenerationMb?: number;
}

/** The task ran past its time limit and was stopped. */
export class WorkerTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`worker task stopped after ${timeoutMs} ms`);
  }
}

/** The task threw, or its thread died; `code` is Node's (ERR_WORKER_OUT_OF_MEMORY past the heap limit). */
export class WorkerFailedError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** The entry module `name` beside the calling module, in the sources or in the built bundle. */
export function workerEntry(callerUrl: string, name: string): URL {
  return callerUrl.endsWith(".ts") ? new URL(`./${name}.ts`, callerUrl) : new URL(`./${name}.mjs`, callerUrl);
}

// Threads run a few at a time: on a two-core office PC one task leaves a core for the event loop, and
// many downloads at once queue instead of each taking a thread and its memory.
const MAX_THREADS = Math.max(1, Math.min(4, Number(process.env.CHIBO_WORKER_THREADS) || availableParallelism() - 1));
/** An idle thread ends after this long. */
const IDLE_MS = 20_000;

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  message?: string;
}

interface Thread {
  worker: Worker;
  key: string;
  idleTimer: NodeJS.Timeout | null;
  /** The running task's answer handler; null when idle. */
  current: ((reply: Reply | Error) => void) | null;
}

let threads = 0;
const idle = new Map<string, Thread[]>();
const waiting: (() => void)[] = [];
let nextId = 1;

function release(thread: Thread | null) {
  if (thread) {
    thread.current = null;
    thread.worker.unref();
    const list = idle.get(thread.key) ?? [];
    list.push(thread);
    idle.set(thread.key, list);
    thread.idleTimer = setTimeout(() => end(thread), IDLE_MS);
    thread.idleTimer.unref();
  }
  waiting.shift()?.();
}

function end(thread: Thread) {
  if (thread.idleTimer) clearTimeout(thread.idleTimer);
  const list = idle.get(thread.key);
  if (list?.includes(thread))
    idle.set(
      thread.key,
      list.filter((t) => t !== thread),
    );
  void thread.worker.terminate();
}

function spawn(entry: URL, key: string, limits: WorkerLimits): Thread {
  const viaTsx = entry.pathname.endsWith(".ts");
  const worker = new Worker(viaTsx ? new URL("./worker-boot.mjs", import.meta.url) : entry, {
    workerData: { entry: entry.href },
    resourceLimits: {
      ...(limits.maxHeapMb ? { maxOldGenerationSizeMb: limits.maxHeapMb } : {}),
      ...(limits.youngGenerationMb ? { maxYoungGenerationSizeMb: limits.youngGenerationMb } : {}),
    },
  });
  threads++;
  const thread: Thread = { worker, key, idleTimer: null, current: null };
  worker.on("message", (reply: Reply) => thread.current?.(reply));
  worker.on("error", (error) => thread.current?.(error));
  worker.on("exit", (code) => {
    threads--;
    end(thread);
    thread.current?.(Object.assign(new Error(`worker exited with code ${code}`), { code: "ERR_WORKER_EXITED" }));
    // A thread that died idle frees its place for whoever waits.
    if (!thread.current) waiting.shift()?.();
  });
  return thread;
}

/** An idle thread of this entry, a new one if there is room, or the next free place after waiting. */
async function acquire(entry: URL, limits: WorkerLimits): Promise<Thread> {
  const key = `${entry.href}|${limits.maxHeapMb ?? ""}|${limits.youngGenerationMb ?? ""}`;
  for (;;) {
    const ready = idle.get(key)?.pop();
    if (ready) {
      if (ready.idleTimer) clearTimeout(ready.idleTimer);
      ready.idleTimer = null;
      return ready;
    }
    if (threads < MAX_THREADS) return spawn(entry, key, limits);
    // Full: an idle thread of another entry gives way; otherwise wait for a task to finish.
    const other = [...idle.values()].flat()[0];
    if (other) {
      end(other);
      await new Promise<void>((resolve) => other.worker.once("exit", () => resolve()));
      continue;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

/** Runs the entry's task on `input` (structured-cloned) in a worker thread and resolves with what it returns. */
export async function runInWorker<O>(entry: URL, input: unknown, limits: WorkerLimits): Promise<O> {
  const thread = await acquire(entry, limits);
  thread.worker.ref();
  const id = nextId++;
  return new Promise<O>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Stopped mid-task: the thread is gone, and its place is free once it has exited.
      thread.current = null;
      end(thread);
      reject(new WorkerTimeoutError(limits.timeoutMs));
    }, limits.timeoutMs);
    thread.current = (reply) => {
      clearTimeout(timer);
      if (reply instanceof Error) {
        thread.current = null;
        end(thread);
        reject(new WorkerFailedError(reply.message, (reply as Error & { code?: string }).code ?? null));
        return;
      }
      if (reply.id !== id) return;
      release(thread);
      if (reply.ok) resolve(reply.value as O);
      else reject(new WorkerFailedError(reply.message ?? "worker task failed"));
    };
    thread.worker.postMessage({ id, input });
  });
}

/** In a task's entry module: answers each task the pool sends with `fn`'s result (or its error). */
export function serveWorker<I, O>(fn: (input: I) => O | Promise<O>): void {
  if (isMainThread || !parentPort) throw new Error("serveWorker runs only inside a worker thread");
  const port = parentPort;
  port.on("message", ({ id, input }: { id: number; input: I }) => {
    Promise.resolve()
      .then(() => fn(input))
      .then(
        (value) => port.postMessage({ id, ok: true, value } satisfies Reply),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          port.postMessage({ id, ok: false, message } satisfies Reply);
        },
      );
  });
}
