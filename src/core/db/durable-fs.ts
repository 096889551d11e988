import { fsyncSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * PGlite's Node file layer (emscripten's NODEFS) has no fsync: PostgreSQL's fsync() of a WAL segment or a data
 * file returns at once and the write waits in the operating system's cache, so a power cut can lose acknowledged
 * commits and tear the data directory. This layer is NODEFS with the one missing operation: fsync of a stream
 * calls fsync(2) on the real file descriptor. PostgreSQL then runs with fsync on and wal_sync_method=fsync
 * (its fdatasync() maps to a call that never reaches the file layer), so each commit is on the disk before it
 * is acknowledged, and checkpoints sync the data files before old WAL goes. ADR 0093 has the measured cost.
 */
/** How many fsync calls reached the disk in this process (what a test or a diagnosis can check). */
export const durableSyncs = { count: 0 };

export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun as ((mod: unknown) => void)[];
    preRun.push((mod) => {
      const nodefs = (mod as { NODEFS: NodeFsModule }).NODEFS;
      // Errors go through NODEFS's own conversion, so PostgreSQL sees an errno (and stops) rather than success.
      nodefs.stream_ops.fsync = (stream) => {
        nodefs.tryFSOperation(() => fsyncSync(stream.nfd));
        durableSyncs.count++;
        return 0;
      };
    });
    return result;
  }
}

interface NodeFsModule {
  tryFSOperation<T>(f: () => T): T;
  stream_ops: { fsync?: (stream: { nfd: number }) => number };
}

/** Start parameters for a durable PGlite: PGlite's defaults without "-F" (fsync off), and WAL synced by fsync(). */
export function durableStartParams(defaults: string[]): string[] {
  return [...defaults.filter((p) => p !== "-F"), "-c", "wal_sync_method=fsync"];
}
