// Running from the TypeScript sources (tsx, tests): a worker thread does not inherit the parent's loader, so it
// registers tsx itself before loading the worker. The built server starts dist/server/upload-worker.mjs instead.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
