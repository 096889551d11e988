// Starts a worker task written in TypeScript (when chibo runs from its sources): tsx first, then the task.
// The built server starts its bundled .mjs tasks directly and never loads this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
