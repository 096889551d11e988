import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/**
 * CPU-heavy work (rendering a document, parsing an upload) off the event loop: each task runs in a fresh
 * worker thread with a time limit and a heap limit, so the server keeps answering while it runs, a runaway
 * task is stopped, and its memory goes back when the thread ends.
 *
 * A task is a module that calls `serveWorker(fn)`; the caller names it with `workerEntry(import.meta.url,
 * "name")` and runs it with `runInWorker(entry, input, limits)`. Under the TypeScript sources the entry is
 * `name.ts` beside the caller, loaded through tsx; in the built server it is `dist/server/name.mjs`
 * (scripts/build.mjs bundles each entry listed there).
 */

export interface WorkerLimits {
  /** Wall-clock time the task may run once started; the thread is terminated after it. */
  timeoutMs: number;
  /** V8 old-generation heap of the thread; past it the thread dies and the task fails. */
  maxHeapMb?: number;
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
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_THREADS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

interface Reply {
  ok: boolean;
  value?: unknown;
  message?: string;
}

/** Runs the entry's task on `input` (structured-cloned) in a new thread and resolves with what it returns. */
export async function runInWorker<O>(entry: URL, input: unknown, limits: WorkerLimits): Promise<O> {
  const release = await slot();
  try {
    return await new Promise<O>((resolve, reject) => {
      const viaTsx = entry.pathname.endsWith(".ts");
      const worker = new Worker(viaTsx ? new URL("./worker-boot.mjs", import.meta.url) : entry, {
        workerData: { entry: entry.href, input },
        resourceLimits: limits.maxHeapMb ? { maxOldGenerationSizeMb: limits.maxHeapMb } : undefined,
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      const timer = setTimeout(() => settle(() => reject(new WorkerTimeoutError(limits.timeoutMs))), limits.timeoutMs);
      worker.once("message", (reply: Reply) =>
        settle(() => (reply.ok ? resolve(reply.value as O) : reject(new WorkerFailedError(reply.message ?? "worker task failed")))),
      );
      worker.once("error", (error: Error & { code?: string }) => settle(() => reject(new WorkerFailedError(error.message, error.code ?? null))));
      worker.once("exit", (code) => settle(() => reject(new WorkerFailedError(`worker exited with code ${code} before answering`))));
    });
  } finally {
    release();
  }
}

/** In a task's entry module: runs `fn` on the input the caller sent and posts the result back. */
export function serveWorker<I, O>(fn: (input: I) => O | Promise<O>): void {
  if (isMainThread || !parentPort) throw new Error("serveWorker runs only inside a worker thread");
  const port = parentPort;
  const { input } = workerData as { input: I };
  Promise.resolve()
    .then(() => fn(input))
    .then(
      (value) => port.postMessage({ ok: true, value } satisfies Reply),
      (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
}
